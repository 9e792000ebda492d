"""Journeys: create/get/update/delete/list, state changes, runs, execution metrics and the
journey date-range KPI. The rules, the state machine and the counters are in ``.._journeys``."""

from __future__ import annotations

import copy
import re
from collections import Counter
from datetime import timedelta
from typing import Any

from .._errors import bad_request, not_found
from .._journeys import (
    ACTIVITY_TYPES,
    Journey,
    Run,
    activity_type,
    advance,
    change_state,
    parse_time,
    set_state,
)
from .._journeys import write_journey as apply_request
from .._state import App, Json, iso, new_id
from ._common import Context, HandlerTable, find_app, page

__all__ = ["HANDLERS", "find_journey"]

HANDLERS = HandlerTable()
handler = HANDLERS.register

#: A KPI name: two or more lowercase alphanumeric terms joined by hyphens (``email-open-rate``).
_KPI_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
#: How far back a date-range KPI query may start (GetJourneyDateRangeKpi's StartTime: "fewer
#: than 90 days from the current day").
_KPI_HISTORY = timedelta(days=90)
#: The range a KPI query covers when it names no StartTime.
_KPI_DEFAULT_RANGE = timedelta(days=7)


def find_journey(ctx: Context, app: App, journey_id: str) -> Journey:
    """The journey, brought up to the emulator's clock; NotFoundException when there is none."""
    journey = app.journeys.get(journey_id)
    if journey is None:
        raise not_found(f"Journey {journey_id[:64]!r} not found in application {app.id}.")
    advance(ctx.state, app, journey)
    return journey


def _lookup(ctx: Context, params: dict[str, Any]) -> tuple[App, Journey]:
    app = find_app(ctx, params)
    return app, find_journey(ctx, app, params["JourneyId"])


@handler("CreateJourney")
def create_journey(ctx: Context, params: dict[str, Any]) -> Json:
    app = find_app(ctx, params)
    request: Json = copy.deepcopy(params["WriteJourneyRequest"])
    journey_id = new_id()
    now = ctx.state.now()
    # JourneyResponse has no Arn member (botocore would drop one): clients build a journey's
    # ARN for the tag operations themselves, as ctx.state.arn("apps", app, "journeys", id).
    record: Json = {
        "ApplicationId": app.id,
        "CreationDate": now,
        "Id": journey_id,
        "LastModifiedDate": now,
        "State": "DRAFT",
        "tags": {},
    }
    apply_request(app, request, record, created=True)
    journey = Journey(journey_id, ctx.state.next_seq(), record)
    if request.get("State") == "ACTIVE":
        set_state(ctx.state, app, journey, "ACTIVE")
    app.journeys[journey_id] = journey
    return journey.record


@handler("GetJourney")
def get_journey(ctx: Context, params: dict[str, Any]) -> Json:
    return _lookup(ctx, params)[1].record


@handler("ListJourneys")
def list_journeys(ctx: Context, params: dict[str, Any]) -> Json:
    app = find_app(ctx, params)
    for journey in app.journeys.values():
        advance(ctx.state, app, journey)
    return page(params, [(journey.seq, journey.record) for journey in app.journeys.values()])


@handler("UpdateJourney")
def update_journey(ctx: Context, params: dict[str, Any]) -> Json:
    app, journey = _lookup(ctx, params)
    request: Json = copy.deepcopy(params["WriteJourneyRequest"])
    before = journey.record
    record = copy.deepcopy(before)
    apply_request(app, request, record, created=False)
    record["LastModifiedDate"] = ctx.state.now()
    journey.record = record
    if request.get("State") == "ACTIVE":
        try:
            set_state(ctx.state, app, journey, "ACTIVE")
        except Exception:
            journey.record = before
            raise
    return journey.record


@handler("DeleteJourney")
def delete_journey(ctx: Context, params: dict[str, Any]) -> Json:
    app, journey = _lookup(ctx, params)
    del app.journeys[journey.id]
    return journey.record


@handler("UpdateJourneyState")
def update_journey_state(ctx: Context, params: dict[str, Any]) -> Json:
    app, journey = _lookup(ctx, params)
    asked = params["JourneyStateRequest"].get("State")
    if asked is None:
        raise bad_request("JourneyStateRequest.State is required (ACTIVE, PAUSED or CANCELLED).")
    change_state(ctx.state, app, journey, asked)
    journey.record["LastModifiedDate"] = ctx.state.now()
    return journey.record


@handler("GetJourneyRuns")
def get_journey_runs(ctx: Context, params: dict[str, Any]) -> Json:
    _, journey = _lookup(ctx, params)
    return page(params, [(index, run.record) for index, run in enumerate(journey.runs)])


def _metrics(counter: Counter[str] | None) -> Json:
    # Pinpoint's metric maps hold strings; only what was counted appears.
    return {name: str(value) for name, value in sorted((counter or Counter()).items()) if value}


def _evaluated(journey: Journey) -> str:
    return journey.last_evaluated or str(journey.record["CreationDate"])


def _activity(journey: Journey, activity_id: str) -> str:
    """The ActivityType of one of the journey's activities; NotFoundException otherwise."""
    activity = (journey.record.get("Activities") or {}).get(activity_id)
    if activity is None:
        raise not_found(f"Activity {activity_id[:100]!r} not found in journey {journey.id}.")
    return ACTIVITY_TYPES[activity_type(activity, f"Activities.{activity_id}")]


def _run(journey: Journey, run_id: str) -> Run:
    for run in journey.runs:
        if run.id == run_id:
            return run
    raise not_found(f"Run {run_id[:64]!r} not found in journey {journey.id}.")


@handler("GetJourneyExecutionMetrics")
def get_journey_execution_metrics(ctx: Context, params: dict[str, Any]) -> Json:
    app, journey = _lookup(ctx, params)
    return {
        "ApplicationId": app.id,
        "JourneyId": journey.id,
        "LastEvaluatedTime": _evaluated(journey),
        "Metrics": _metrics(journey.metrics),
    }


@handler("GetJourneyExecutionActivityMetrics")
def get_journey_execution_activity_metrics(ctx: Context, params: dict[str, Any]) -> Json:
    app, journey = _lookup(ctx, params)
    activity_id = params["JourneyActivityId"]
    return {
        "ActivityType": _activity(journey, activity_id),
        "ApplicationId": app.id,
        "JourneyActivityId": activity_id,
        "JourneyId": journey.id,
        "LastEvaluatedTime": _evaluated(journey),
        "Metrics": _metrics(journey.activity_metrics.get(activity_id)),
    }


@handler("GetJourneyRunExecutionMetrics")
def get_journey_run_execution_metrics(ctx: Context, params: dict[str, Any]) -> Json:
    app, journey = _lookup(ctx, params)
    run = _run(journey, params["RunId"])
    return {
        "ApplicationId": app.id,
        "JourneyId": journey.id,
        "LastEvaluatedTime": run.record["LastUpdateTime"],
        "Metrics": _metrics(run.metrics),
        "RunId": run.id,
    }


@handler("GetJourneyRunExecutionActivityMetrics")
def get_journey_run_execution_activity_metrics(ctx: Context, params: dict[str, Any]) -> Json:
    app, journey = _lookup(ctx, params)
    run = _run(journey, params["RunId"])
    activity_id = params["JourneyActivityId"]
    return {
        "ActivityType": _activity(journey, activity_id),
        "ApplicationId": app.id,
        "JourneyActivityId": activity_id,
        "JourneyId": journey.id,
        "LastEvaluatedTime": run.record["LastUpdateTime"],
        "Metrics": _metrics(run.activity_metrics.get(activity_id)),
        "RunId": run.id,
    }


@handler("GetJourneyDateRangeKpi")
def get_journey_date_range_kpi(ctx: Context, params: dict[str, Any]) -> Json:
    app, journey = _lookup(ctx, params)
    name = params["KpiName"]
    if not _KPI_NAME.fullmatch(name):
        raise bad_request(
            f"KpiName {name[:64]!r} is not a KPI name: two or more lowercase alphanumeric terms "
            "joined by hyphens, such as email-open-rate."
        )
    now = ctx.state.now_datetime()
    end = parse_time(params["EndTime"], "EndTime") if params.get("EndTime") is not None else now
    start = (
        parse_time(params["StartTime"], "StartTime")
        if params.get("StartTime") is not None
        else end - _KPI_DEFAULT_RANGE
    )
    if start > end:
        raise bad_request("StartTime must not be after EndTime.")
    if start < now - _KPI_HISTORY:
        raise bad_request("StartTime must be fewer than 90 days before the current day.")
    return {
        "ApplicationId": app.id,
        "EndTime": iso(end),
        "JourneyId": journey.id,
        "KpiName": name,
        # Engagement metrics come from message events (opens, clicks...): none are recorded.
        "KpiResult": {"Rows": []},
        "StartTime": iso(start),
    }
