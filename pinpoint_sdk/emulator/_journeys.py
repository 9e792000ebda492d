"""Journeys: what a WriteJourneyRequest may say, the state machine, runs and execution counters.

No HTTP here: the journey handlers (``_handlers/journeys.py``) call these with the state's lock
held, and so can delivery code (a journey activity delivering messages into the outbox) without
a request: ``journey_audience`` says which endpoints a run lets in, ``count_activity`` adds to an
activity's execution metrics.

Time moves only when someone looks: ``advance`` (called by every journey handler before it reads
or changes a journey) starts the runs a journey's schedule has made due on the emulator's clock,
and completes a journey whose ``Schedule.EndTime`` has passed.

Quotas and rules (Amazon Pinpoint developer guide, "Journey quotas", and the API reference's
WriteJourneyRequest, Activity, JourneyLimits and JourneyStateRequest), each answered with
BadRequestException naming the member:

- at most ``MAX_ACTIVITIES_PER_JOURNEY`` activities; an activity id at most 100 alphanumeric
  characters, ``StartActivity`` at most 128;
- at most ``MAX_ACTIVE_JOURNEYS`` journeys ACTIVE or PAUSED at once in the account (one emulator
  is one account);
- a name at most 150 characters, without spaces;
- a multivariate split has at most 4 branches plus its default path, a random split at most 5
  branches whose percentages add up to 100; a holdout percentage is 0-100;
- ``JourneyLimits``: ``DailyCap``, ``EndpointReentryCap``, ``TotalCap`` and ``TimeframeCap.Cap``
  0-100, ``TimeframeCap.Days`` 0-30.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Any

from ._endpoints import segment_endpoint_ids, segment_selects
from ._errors import ServiceError, bad_request
from ._kpis import Delivery
from ._messaging import (
    ChosenTemplate,
    Recipient,
    compose,
    deliver,
    deliver_to_endpoint,
    over_cap,
    quiet_until,
    resolve_templates,
)
from ._state import App, Json, State, iso, new_id

__all__ = [
    "ACTIVITY_TYPES",
    "MAX_ACTIVE_JOURNEYS",
    "MAX_ACTIVITIES_PER_JOURNEY",
    "STATE_TRANSITIONS",
    "Audience",
    "Journey",
    "Run",
    "activity_type",
    "advance",
    "change_state",
    "conflict",
    "count_activity",
    "journey_audience",
    "parse_duration",
    "parse_time",
    "resume_waiting",
    "split_bucket",
    "walk",
    "write_journey",
]

#: Activities in one journey (developer guide, "Journey quotas").
MAX_ACTIVITIES_PER_JOURNEY = 40
#: Journeys ACTIVE or PAUSED at once in an account (developer guide, "Journey quotas").
MAX_ACTIVE_JOURNEYS = 50
MAX_NAME_LENGTH = 150
MAX_ACTIVITY_ID_LENGTH = 100
MAX_START_ACTIVITY_LENGTH = 128
MAX_MULTI_CONDITION_BRANCHES = 4
MAX_RANDOM_SPLIT_BRANCHES = 5
MAX_CAP = 100
#: Runs one look at a journey starts at most, however far the clock moved (see ``advance``).
MAX_CATCH_UP_RUNS = 1000
MAX_TIMEFRAME_DAYS = 30

#: Activity member -> the ``ActivityType`` its execution metrics carry.
ACTIVITY_TYPES: dict[str, str] = {
    "EMAIL": "MESSAGE",
    "SMS": "MESSAGE",
    "PUSH": "MESSAGE",
    "CUSTOM": "MESSAGE",
    "ContactCenter": "CONTACT_CENTER",
    "ConditionalSplit": "CONDITIONAL_SPLIT",
    "MultiCondition": "MULTI_CONDITIONAL_SPLIT",
    "RandomSplit": "RANDOM_SPLIT",
    "Holdout": "HOLDOUT",
    "Wait": "WAIT",
}

#: (state now, state asked for with UpdateJourneyState) -> the state it moves to. A pair not here
#: is refused: with ConflictException when the journey is past changing, BadRequestException
#: when the state asked for is not one UpdateJourneyState takes (see ``change_state``).
STATE_TRANSITIONS: dict[tuple[str, str], str] = {
    ("DRAFT", "ACTIVE"): "ACTIVE",
    ("ACTIVE", "PAUSED"): "PAUSED",
    ("ACTIVE", "CANCELLED"): "CANCELLED",
    ("PAUSED", "ACTIVE"): "ACTIVE",
    ("PAUSED", "CANCELLED"): "CANCELLED",
    ("CLOSED", "CANCELLED"): "CANCELLED",
}
#: What UpdateJourneyState takes (its documentation: "Supported values are ACTIVE, PAUSED, and
#: CANCELLED").
STATE_REQUESTS = frozenset({"ACTIVE", "PAUSED", "CANCELLED"})
#: States a journey never leaves.
FINAL_STATES = frozenset({"CANCELLED", "COMPLETED"})

_WRITE_MEMBERS = (
    "Activities",
    "ClosedDays",
    "JourneyChannelSettings",
    "Limits",
    "LocalTime",
    "Name",
    "OpenHours",
    "QuietTime",
    "RefreshFrequency",
    "RefreshOnSegmentUpdate",
    "Schedule",
    "SendingSchedule",
    "StartActivity",
    "StartCondition",
    "TimezoneEstimationMethods",
    "WaitForQuietTime",
)
_ALNUM = re.compile(r"[A-Za-z0-9]+")
_HH_MM = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
_NUMBER = r"\d+(?:[.,]\d+)?"
_DURATION = re.compile(
    rf"P(?!$)(?:(?P<years>{_NUMBER})Y)?(?:(?P<months>{_NUMBER})M)?(?:(?P<weeks>{_NUMBER})W)?"
    rf"(?:(?P<days>{_NUMBER})D)?"
    rf"(?:T(?=\d)(?:(?P<hours>{_NUMBER})H)?(?:(?P<minutes>{_NUMBER})M)?"
    rf"(?:(?P<seconds>{_NUMBER})S)?)?"
)
#: A duration's years and months as days: they have no fixed length (docs/emulator.md).
_DAYS_PER = {"years": 365, "months": 30}
#: JourneySchedule.Timezone's documented values.
_TIMEZONES = frozenset(
    {"UTC"}
    | {f"UTC+{offset}" for offset in ("01", "02", "03", "03:30", "04", "04:30", "05", "05:30")}
    | {f"UTC+{offset}" for offset in ("05:45", "06", "06:30", "07", "08", "08:45", "09", "09:30")}
    | {f"UTC+{offset}" for offset in ("10", "10:30", "11", "12", "12:45", "13", "13:45")}
    | {f"UTC-{offset}" for offset in ("02", "02:30", "03", "03:30", "04", "05", "06", "07")}
    | {f"UTC-{offset}" for offset in ("08", "09", "09:30", "10", "11")}
)


@dataclass
class Run:
    """One run of a journey: its JourneyRunResponse and what it counted."""

    record: Json
    #: Journey-level execution metrics of this run (``ENDPOINT_ENTERED``...).
    metrics: Counter[str] = field(default_factory=Counter)
    #: Activity id -> that activity's execution metrics in this run.
    activity_metrics: dict[str, Counter[str]] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return str(self.record["RunId"])


@dataclass
class Journey:
    id: str
    seq: int
    #: The JourneyResponse as stored.
    record: Json
    #: Runs, oldest first.
    runs: list[Run] = field(default_factory=list)
    #: Journey-level execution metrics across all runs.
    metrics: Counter[str] = field(default_factory=Counter)
    #: Activity id -> its execution metrics across all runs.
    activity_metrics: dict[str, Counter[str]] = field(default_factory=dict)
    #: When the journey last evaluated its segment; LastEvaluatedTime of the metrics.
    last_evaluated: str | None = None
    #: When the next scheduled run is due (None: no run is due by the schedule).
    next_run: datetime | None = None
    #: Participants parked at a wait, until the emulator's clock reaches their time.
    waiting: list[Waiting] = field(default_factory=list)
    #: Endpoint id -> when it entered the journey (what ``EndpointReentryCap`` and
    #: ``EndpointReentryInterval`` count).
    entries: dict[str, list[datetime]] = field(default_factory=dict)

    @property
    def state(self) -> str:
        return str(self.record.get("State", "DRAFT"))


def conflict(message: str) -> ServiceError:
    return ServiceError("ConflictException", message)


# -- parsing ---------------------------------------------------------------------------------


def parse_time(value: Any, member: str) -> datetime:
    """A timestamp member (ISO 8601 text, or epoch seconds) as an aware UTC datetime."""
    try:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return datetime.fromtimestamp(value, timezone.utc)
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except (ValueError, OverflowError, OSError):
        raise bad_request(f"{member} must be an ISO 8601 date, not {str(value)[:40]!r}.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def parse_duration(text: Any, member: str) -> timedelta:
    """An ISO 8601 duration (``PT1H``, ``P1D``, ``P2W``, ``P1M``, ``PT0.5H``); a year counts 365
    days and a month 30."""
    match = _DURATION.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise bad_request(
            f"{member} must be an ISO 8601 duration such as PT1H or P1D, not {str(text)[:40]!r}."
        )
    parts = {
        name: float(value.replace(",", ".")) for name, value in match.groupdict().items() if value
    }
    days = parts.pop("days", 0.0) + sum(
        parts.pop(name, 0.0) * length for name, length in _DAYS_PER.items()
    )
    try:
        return timedelta(days=days, **parts)
    except OverflowError:
        raise bad_request(f"{member} is longer than the emulator can count.") from None


# -- writing ---------------------------------------------------------------------------------


def write_journey(app: App, request: Json, record: Json, *, created: bool) -> None:
    """Apply a WriteJourneyRequest to a journey record (a new one, or the stored one's copy).

    Checks everything the model cannot (see the module docstring); raises BadRequestException,
    or ConflictException for a change the journey's state forbids. ``State`` is not applied here:
    the caller moves the journey with ``set_state`` so that runs and quotas follow.
    """
    current = str(record.get("State", "DRAFT"))
    asked = request.get("State")
    if asked is not None and asked not in ("DRAFT", "ACTIVE"):
        raise bad_request(
            f"WriteJourneyRequest.State must be DRAFT or ACTIVE, not {asked}: use "
            "UpdateJourneyState to pause, resume or cancel a journey."
        )
    if not created:
        if current in FINAL_STATES or current == "CLOSED":
            raise conflict(f"Journey {record['Id']} is {current} and can no longer be updated.")
        if current in ("ACTIVE", "PAUSED"):
            for name in ("Activities", "StartActivity"):
                if name in request and request[name] != record.get(name):
                    raise conflict(
                        f"Journey {record['Id']} is {current}: its activities cannot be added, "
                        "changed or removed."
                    )
            if asked == "DRAFT":
                raise conflict(f"Journey {record['Id']} is {current}; it cannot go back to DRAFT.")
    for name in _WRITE_MEMBERS:
        if name in request and request[name] is not None:
            record[name] = request[name]
    _check_name(record.get("Name"))
    _check_activities(record)
    _check_limits(record.get("Limits"))
    _check_schedule(record)
    _check_start_condition(app, record)
    quiet = record.get("QuietTime") or {}
    for end in ("Start", "End"):
        if end in quiet and not _HH_MM.fullmatch(str(quiet[end])):
            raise bad_request(f"WriteJourneyRequest.QuietTime.{end} must be HH:MM (24-hour).")
    refresh = record.get("RefreshFrequency")
    if refresh is not None and parse_duration(refresh, "WriteJourneyRequest.RefreshFrequency") <= (
        timedelta(0)
    ):
        raise bad_request("WriteJourneyRequest.RefreshFrequency must be longer than zero.")
    if asked == "ACTIVE":
        ready_to_publish(record)


def ready_to_publish(record: Json) -> None:
    """Refuse to publish a journey that cannot run: no activities, start or segment."""
    if not record.get("Activities"):
        raise bad_request("An ACTIVE journey needs WriteJourneyRequest.Activities.")
    if not record.get("StartActivity"):
        raise bad_request("An ACTIVE journey needs WriteJourneyRequest.StartActivity.")
    if _start_segment_id(record) is None:
        raise bad_request(
            "An ACTIVE journey needs WriteJourneyRequest.StartCondition with a "
            "SegmentStartCondition or an EventStartCondition."
        )


def _check_name(name: Any) -> None:
    if not isinstance(name, str) or not name:
        raise bad_request("WriteJourneyRequest.Name must not be empty.")
    if len(name) > MAX_NAME_LENGTH:
        raise bad_request(
            f"WriteJourneyRequest.Name is {len(name)} characters; at most {MAX_NAME_LENGTH}."
        )
    if any(char.isspace() for char in name):
        raise bad_request("WriteJourneyRequest.Name cannot contain spaces.")


def activity_type(activity: Json, path: str) -> str:
    """The one type member an Activity sets (``EMAIL``, ``Wait``...)."""
    kinds = [name for name in ACTIVITY_TYPES if activity.get(name) is not None]
    if len(kinds) != 1:
        found = ", ".join(kinds) if kinds else "none"
        raise bad_request(
            f"{path} must set exactly one activity type ({', '.join(ACTIVITY_TYPES)}); "
            f"it sets {found}."
        )
    return kinds[0]


def _targets(kind: str, settings: Json, path: str) -> list[tuple[str, str]]:
    """(member path, activity id) of every activity an activity leads to."""
    found: list[tuple[str, str]] = []

    def add(member: str, value: Any) -> None:
        if value is not None:
            found.append((f"{path}.{member}", str(value)))

    if kind in ("ConditionalSplit",):
        add("TrueActivity", settings.get("TrueActivity"))
        add("FalseActivity", settings.get("FalseActivity"))
    elif kind == "MultiCondition":
        branches = settings.get("Branches") or []
        if len(branches) > MAX_MULTI_CONDITION_BRANCHES:
            raise bad_request(
                f"{path}.Branches has {len(branches)} branches; a multivariate split has at "
                f"most {MAX_MULTI_CONDITION_BRANCHES} plus its DefaultActivity."
            )
        for index, branch in enumerate(branches):
            add(f"Branches[{index}].NextActivity", branch.get("NextActivity"))
        add("DefaultActivity", settings.get("DefaultActivity"))
    elif kind == "RandomSplit":
        branches = settings.get("Branches") or []
        if len(branches) > MAX_RANDOM_SPLIT_BRANCHES:
            raise bad_request(
                f"{path}.Branches has {len(branches)} branches; a random split has at most "
                f"{MAX_RANDOM_SPLIT_BRANCHES}."
            )
        if branches and sum(int(b.get("Percentage") or 0) for b in branches) != 100:
            raise bad_request(f"{path}.Branches percentages must add up to 100.")
        for index, branch in enumerate(branches):
            add(f"Branches[{index}].NextActivity", branch.get("NextActivity"))
    else:
        if kind == "Holdout" and not 0 <= int(settings.get("Percentage", 0)) <= 100:
            raise bad_request(f"{path}.Percentage must be between 0 and 100.")
        add("NextActivity", settings.get("NextActivity"))
    return found


def _check_activities(record: Json) -> None:
    activities: dict[str, Json] = record.get("Activities") or {}
    if len(activities) > MAX_ACTIVITIES_PER_JOURNEY:
        raise bad_request(
            f"WriteJourneyRequest.Activities has {len(activities)} activities; a journey has at "
            f"most {MAX_ACTIVITIES_PER_JOURNEY}."
        )
    edges: dict[str, list[str]] = {}
    for activity_id, activity in activities.items():
        path = f"WriteJourneyRequest.Activities.{activity_id[:MAX_ACTIVITY_ID_LENGTH]}"
        if not _ALNUM.fullmatch(activity_id) or len(activity_id) > MAX_ACTIVITY_ID_LENGTH:
            raise bad_request(
                f"Activity id {activity_id[:MAX_ACTIVITY_ID_LENGTH]!r} must be 1 to "
                f"{MAX_ACTIVITY_ID_LENGTH} alphanumeric characters."
            )
        kind = activity_type(activity, path)
        edges[activity_id] = []
        for member, target in _targets(kind, activity[kind], f"{path}.{kind}"):
            if target not in activities:
                raise bad_request(f"{member} names activity {target[:100]!r}, which is not in it.")
            if target == activity_id:
                raise bad_request(f"{member} names its own activity: a journey has no loops.")
            edges[activity_id].append(target)
    start = record.get("StartActivity")
    if start is not None:
        if not _ALNUM.fullmatch(str(start)) or len(str(start)) > MAX_START_ACTIVITY_LENGTH:
            raise bad_request(
                f"WriteJourneyRequest.StartActivity must be 1 to {MAX_START_ACTIVITY_LENGTH} "
                "alphanumeric characters."
            )
        if start not in activities:
            raise bad_request(
                f"WriteJourneyRequest.StartActivity names activity {str(start)[:128]!r}, which "
                "is not in WriteJourneyRequest.Activities."
            )
    loop = _find_loop(edges)
    if loop is not None:
        raise bad_request(
            f"WriteJourneyRequest.Activities loop back ({' -> '.join(loop)}): a journey's "
            "activities form a tree without cycles."
        )


def _find_loop(edges: dict[str, list[str]]) -> list[str] | None:
    """A path that returns to where it started, or None (iterative depth-first search)."""
    done: set[str] = set()
    for root in sorted(edges):
        if root in done:
            continue
        path: list[str] = [root]
        stack = [iter(edges[root])]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                done.add(path.pop())
            elif nxt in path:
                return [*path[path.index(nxt) :], nxt]
            elif nxt not in done:
                path.append(nxt)
                stack.append(iter(edges[nxt]))
    return None


def _check_limits(limits: Json | None) -> None:
    if not limits:
        return
    for name in ("DailyCap", "EndpointReentryCap", "TotalCap"):
        value = limits.get(name)
        if value is not None and not 0 <= value <= MAX_CAP:
            raise bad_request(f"WriteJourneyRequest.Limits.{name} must be between 0 and {MAX_CAP}.")
    if limits.get("MessagesPerSecond") is not None and limits["MessagesPerSecond"] < 1:
        raise bad_request("WriteJourneyRequest.Limits.MessagesPerSecond must be at least 1.")
    frame = limits.get("TimeframeCap") or {}
    if frame.get("Cap") is not None and not 0 <= frame["Cap"] <= MAX_CAP:
        raise bad_request(
            f"WriteJourneyRequest.Limits.TimeframeCap.Cap must be between 0 and {MAX_CAP}."
        )
    if frame.get("Days") is not None and not 0 <= frame["Days"] <= MAX_TIMEFRAME_DAYS:
        raise bad_request(
            "WriteJourneyRequest.Limits.TimeframeCap.Days must be between 0 and "
            f"{MAX_TIMEFRAME_DAYS}."
        )
    if limits.get("EndpointReentryInterval") is not None:
        parse_duration(
            limits["EndpointReentryInterval"], "WriteJourneyRequest.Limits.EndpointReentryInterval"
        )


def _check_schedule(record: Json) -> None:
    schedule = record.get("Schedule")
    if not schedule:
        return
    start, end = (
        parse_time(schedule[name], f"WriteJourneyRequest.Schedule.{name}")
        if schedule.get(name) is not None
        else None
        for name in ("StartTime", "EndTime")
    )
    if start is not None and end is not None and end <= start:
        raise bad_request("WriteJourneyRequest.Schedule.EndTime must be after its StartTime.")
    zone = schedule.get("Timezone")
    if zone is not None and zone not in _TIMEZONES:
        raise bad_request(
            f"WriteJourneyRequest.Schedule.Timezone {str(zone)[:20]!r} is not one Pinpoint "
            "takes (UTC, UTC+01, ..., UTC-11)."
        )


def _start_segment_id(record: Json) -> str | None:
    condition = record.get("StartCondition") or {}
    for member in ("SegmentStartCondition", "EventStartCondition"):
        segment_id = (condition.get(member) or {}).get("SegmentId")
        if segment_id:
            return str(segment_id)
    return None


def _check_start_condition(app: App, record: Json) -> None:
    segment_id = _start_segment_id(record)
    if segment_id is not None and segment_id not in app.segments:
        raise bad_request(
            f"WriteJourneyRequest.StartCondition names segment {segment_id[:64]!r}, which does "
            f"not exist in application {app.id}."
        )


# -- state machine ---------------------------------------------------------------------------


def change_state(state: State, app: App, journey: Journey, asked: str) -> None:
    """Move a journey to ``asked`` as UpdateJourneyState does (``STATE_TRANSITIONS``)."""
    advance(state, app, journey)
    current = journey.state
    if asked not in STATE_REQUESTS:
        raise bad_request(
            f"JourneyStateRequest.State must be ACTIVE, PAUSED or CANCELLED, not {asked}."
        )
    target = STATE_TRANSITIONS.get((current, asked))
    if target is None:
        raise conflict(f"Journey {journey.id} is {current}; it cannot be made {asked}.")
    if asked == "PAUSED" and journey.record.get("RefreshFrequency") is None:
        raise bad_request(
            f"Journey {journey.id} cannot be paused: only journeys with a RefreshFrequency "
            "(a segment refresh interval) can be."
        )
    set_state(state, app, journey, target)


def set_state(state: State, app: App, journey: Journey, target: str) -> None:
    """Put a journey in ``target`` and do what entering it does (quotas, cancellations; the runs of
    an ``ACTIVE`` journey are only scheduled, and start on the next look)."""
    current = journey.state
    if target == current:
        return
    if target == "ACTIVE":
        ready_to_publish(journey.record)
        if current == "DRAFT":
            _check_active_quota(state)
    now = state.now_datetime()
    journey.record["State"] = target
    if target == "ACTIVE":
        # Only scheduled here: Pinpoint starts a published (or resumed) journey after the request
        # that publishes it, never inside it. The next look runs what is due: the ticker, a
        # ManualClock move, run_due, or a read of the journey.
        journey.next_run = _first_run(journey, now) if current == "DRAFT" else now
    elif target == "PAUSED":
        journey.next_run = None
    elif target == "CANCELLED":
        journey.next_run = None
        journey.waiting.clear()
        for run in journey.runs:
            if run.record["Status"] in ("SCHEDULED", "RUNNING"):
                run.record["Status"] = "CANCELLED"
                run.record["LastUpdateTime"] = iso(now)
        active = journey.metrics["ENDPOINT_ACTIVE"]
        if active:
            journey.metrics["CANCELLED"] += active
            journey.metrics["ENDPOINT_ACTIVE"] = 0


def _check_active_quota(state: State) -> None:
    live = sum(
        1
        for app in state.apps.values()
        for journey in app.journeys.values()
        if journey.state in ("ACTIVE", "PAUSED")
    )
    if live >= MAX_ACTIVE_JOURNEYS:
        raise bad_request(
            f"The account already has {live} active journeys, the most it can have "
            f"({MAX_ACTIVE_JOURNEYS}); cancel one before publishing another."
        )


def _first_run(journey: Journey, now: datetime) -> datetime:
    start = (journey.record.get("Schedule") or {}).get("StartTime")
    return parse_time(start, "Schedule.StartTime") if start is not None else now


def advance(state: State, app: App, journey: Journey) -> None:
    """Bring a journey up to the emulator's clock: start the runs that are due, close or complete
    it when its schedule says so."""
    now = state.now_datetime()
    schedule = journey.record.get("Schedule") or {}
    end = parse_time(schedule["EndTime"], "Schedule.EndTime") if schedule.get("EndTime") else None
    refresh = journey.record.get("RefreshFrequency")
    every = parse_duration(refresh, "RefreshFrequency") if refresh is not None else None
    if every is not None and journey.next_run is not None and journey.next_run <= now:
        # A clock moved years past a short RefreshFrequency must not start millions of runs
        # under the state's lock: only the latest MAX_CATCH_UP_RUNS that came due are started.
        backlog = (min(now, end or now) - journey.next_run) // every
        if backlog >= MAX_CATCH_UP_RUNS:
            journey.next_run += every * (backlog - MAX_CATCH_UP_RUNS + 1)
    while journey.state == "ACTIVE" and journey.next_run is not None and journey.next_run <= now:
        due = journey.next_run
        if end is not None and due >= end:
            break
        resume_waiting(state, app, journey, due)
        _start_run(state, app, journey, due)
        try:
            journey.next_run = due + every if every is not None else None
        except OverflowError:  # past the year 9999: no run will ever be due
            journey.next_run = None
    if journey.state in ("ACTIVE", "CLOSED"):
        resume_waiting(state, app, journey, min(now, end) if end is not None else now)
    if journey.state in ("ACTIVE", "CLOSED") and end is not None and end <= now:
        _finish(journey, "COMPLETED", iso(end))
    elif journey.state == "ACTIVE" and every is None and journey.runs:
        # Pinpoint: a journey past its start with no refresh frequency takes no new participants.
        journey.record["State"] = "CLOSED"


def _finish(journey: Journey, status: str, when: str) -> None:
    journey.record["State"] = status
    journey.next_run = None
    journey.waiting.clear()
    for run in journey.runs:
        if run.record["Status"] in ("SCHEDULED", "RUNNING"):
            run.record["Status"] = "COMPLETED"
            run.record["LastUpdateTime"] = when
    left = journey.metrics["ENDPOINT_ACTIVE"]
    if left:
        journey.metrics["ENDPOINT_LEFT"] += left
        journey.metrics["ENDPOINT_ACTIVE"] = 0


def _start_run(state: State, app: App, journey: Journey, due: datetime) -> Run:
    when = iso(due)
    for previous in journey.runs:
        if previous.record["Status"] == "RUNNING":
            previous.record["Status"] = "COMPLETED"
            previous.record["LastUpdateTime"] = when
    run = Run(
        {"CreationTime": when, "LastUpdateTime": when, "RunId": new_id(), "Status": "RUNNING"}
    )
    journey.runs.append(run)
    audience = journey_audience(state, app, journey)
    rules = JourneyRules.of(journey.record, app.settings)
    audience = replace(
        audience, entered=[e for e in audience.entered if rules.may_enter(journey, e, due)]
    )
    run.metrics["ENDPOINT_PRODUCED"] += audience.produced
    for metric, ids in (
        ("ENDPOINT_OPT_OUT", audience.opted_out),
        ("ENDPOINT_INACTIVE", audience.inactive),
        ("ENDPOINT_ENTERED", audience.entered),
    ):
        if ids:
            run.metrics[metric] += len(ids)
    if audience.entered:
        journey.metrics["ENDPOINT_ENTERED"] += len(audience.entered)
        journey.metrics["ENDPOINT_ACTIVE"] += len(audience.entered)
        start = journey.record.get("StartActivity")
        for endpoint_id in audience.entered:
            journey.entries.setdefault(endpoint_id, []).append(due)
            walk(state, app, journey, run.id, endpoint_id, start, due)
    journey.last_evaluated = iso(state.now_datetime())
    return run


# -- audience and counters -------------------------------------------------------------------


@dataclass(frozen=True)
class Audience:
    """What a journey's starting segment selects now, split as Pinpoint's run metrics split it."""

    #: Endpoints the segment selects, before any filtering.
    produced: int
    #: Ids of selected endpoints that opted out (``OptOut: ALL``), that are not ACTIVE, and that
    #: enter the journey, each sorted.
    opted_out: list[str]
    inactive: list[str]
    entered: list[str]


def journey_audience(state: State, app: App, journey: Journey) -> Audience:
    """Evaluate the journey's starting segment (its latest version) against stored endpoints.

    Delivery code uses ``entered``: the endpoints a run lets into the journey's first activity.
    """
    segment_id = _start_segment_id(journey.record)
    segment = app.segments.get(segment_id) if segment_id is not None else None
    if segment is None:
        return Audience(0, [], [], [])
    selected = segment_endpoint_ids(app, segment.current, segment.endpoint_ids)
    opted_out = [eid for eid in selected if app.endpoints[eid].get("OptOut") == "ALL"]
    inactive = [
        eid
        for eid in selected
        if eid not in opted_out and app.endpoints[eid].get("EndpointStatus") != "ACTIVE"
    ]
    skipped = set(opted_out) | set(inactive)
    return Audience(len(selected), opted_out, inactive, [e for e in selected if e not in skipped])


def count_activity(
    journey: Journey, run_id: str | None, activity_id: str, metric: str, count: int = 1
) -> None:
    """Add ``count`` to an activity's execution metric (``SUCCESS``, ``ENDPOINT_ENTERED``...), in
    the journey's totals and, when ``run_id`` names one of its runs, in that run's."""
    journey.activity_metrics.setdefault(activity_id, Counter())[metric] += count
    for run in journey.runs:
        if run.id == run_id:
            run.activity_metrics.setdefault(activity_id, Counter())[metric] += count


# -- participants: walking the activities --------------------------------------------------------

#: Journey message activity -> the TemplateConfiguration member naming its template.
_MESSAGE_TEMPLATES = {"EMAIL": "EmailTemplate", "SMS": "SMSTemplate", "PUSH": "PushTemplate"}
_PUSH_PLATFORMS = frozenset(
    {"GCM", "APNS", "APNS_SANDBOX", "APNS_VOIP", "APNS_VOIP_SANDBOX", "ADM", "BAIDU"}
)


@dataclass(frozen=True)
class Waiting:
    """A participant parked at a ``Wait`` activity (or a split's ``EvaluationWaitTime``)."""

    run_id: str
    endpoint_id: str
    activity_id: str
    until: datetime


@dataclass(frozen=True)
class JourneyRules:
    """When a journey may message a participant, and let it in again: its ``QuietTime`` (else the
    app's) and ``Limits`` (a cap that is unset or 0 takes the app's ``JourneyLimits``)."""

    quiet_start: str | None
    quiet_end: str | None
    #: ``WaitForQuietTime``: a participant in quiet time waits for its end instead of skipping.
    wait_for_quiet: bool
    daily: int
    total: int
    #: ``TimeframeCap``: messages from all of the app's journeys in ``timeframe_days`` days.
    timeframe_cap: int
    timeframe_days: int
    reentry_cap: int
    reentry_interval: timedelta | None

    @classmethod
    def of(cls, record: Json, settings: Json) -> JourneyRules:
        quiet = record.get("QuietTime") or {}
        if not (quiet.get("Start") and quiet.get("End")):
            quiet = settings.get("QuietTime") or {}
        own: Json = record.get("Limits") or {}
        defaults: Json = settings.get("JourneyLimits") or {}

        def cap(name: str) -> int:
            return int(own.get(name) or defaults.get(name) or 0)

        frame = own.get("TimeframeCap") or {}
        if not (frame.get("Cap") and frame.get("Days")):
            frame = defaults.get("TimeframeCap") or {}
        interval = own.get("EndpointReentryInterval")
        return cls(
            quiet_start=quiet.get("Start") or None,
            quiet_end=quiet.get("End") or None,
            wait_for_quiet=bool(record.get("WaitForQuietTime")),
            daily=cap("DailyCap"),
            total=cap("TotalCap"),
            timeframe_cap=int(frame.get("Cap") or 0),
            timeframe_days=int(frame.get("Days") or 0),
            reentry_cap=int(own.get("EndpointReentryCap") or 0),
            reentry_interval=(
                parse_duration(interval, "Limits.EndpointReentryInterval") if interval else None
            ),
        )

    def may_enter(self, journey: Journey, endpoint_id: str, at: datetime) -> bool:
        """``EndpointReentryCap`` (entries in all, 0: no cap) and ``EndpointReentryInterval``."""
        entered = journey.entries.get(endpoint_id, [])
        if self.reentry_cap and len(entered) >= self.reentry_cap:
            return False
        return not (entered and self.reentry_interval and at - entered[-1] < self.reentry_interval)

    def over_caps(self, app: App, journey_id: str, endpoint_id: str, at: datetime) -> bool:
        """Whether one more message to the endpoint at ``at`` would pass a cap: ``TotalCap``
        (this journey, ever), ``DailyCap`` (this journey, the 24 hours up to ``at``),
        ``TimeframeCap`` (every journey of the app, the ``Days`` up to ``at``)."""
        if not (self.daily or self.total or (self.timeframe_cap and self.timeframe_days)):
            return False
        sent = [
            d
            for d in app.kpis.deliveries
            if d.endpoint_id == endpoint_id
            and d.journey_id is not None
            and d.outcome == "DELIVERED"
        ]
        mine = [d.at for d in sent if d.journey_id == journey_id]
        frame = timedelta(days=self.timeframe_days)
        return (
            over_cap(mine, at, self.total)
            or over_cap(mine, at, self.daily, timedelta(hours=24))
            or (
                bool(self.timeframe_days)
                and over_cap([d.at for d in sent], at, self.timeframe_cap, frame)
            )
        )


def split_bucket(journey_id: str, activity_id: str, endpoint_id: str) -> int:
    """A participant's bucket (0-99) at a random split or holdout: the first 8 bytes of
    ``sha256(f"{journey_id}:{activity_id}:{endpoint_id}")`` as a big-endian integer, modulo 100."""
    digest = hashlib.sha256(f"{journey_id}:{activity_id}:{endpoint_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 100


def _wake(wait: Json | None, at: datetime, member: str) -> datetime:
    """When a ``WaitTime`` (``WaitFor`` a duration, or ``WaitUntil`` a date) ends for a
    participant that arrived ``at``."""
    wait = wait or {}
    if wait.get("WaitUntil") is not None:
        return max(at, parse_time(wait["WaitUntil"], f"{member}.WaitUntil"))
    if wait.get("WaitFor") is not None:
        try:
            return at + parse_duration(wait["WaitFor"], f"{member}.WaitFor")
        except OverflowError:  # past the year 9999: it waits for ever
            return datetime.max.replace(tzinfo=timezone.utc)
    return at


def _simple_condition(app: App, condition: Json, endpoint_id: str) -> bool:
    """A SimpleCondition: segment membership or segment dimensions; an ``EventCondition`` (events
    the emulator does not follow) is false."""
    segment_id = (condition.get("SegmentCondition") or {}).get("SegmentId")
    if segment_id is not None:
        segment = app.segments.get(segment_id)
        if segment is None:
            return False
        return segment_selects(app, segment.current, segment.endpoint_ids, endpoint_id)
    # Records are wire JSON, and the model spells this member "segmentDimensions" on the wire.
    dimensions = condition.get("segmentDimensions", condition.get("SegmentDimensions"))
    if dimensions is not None:
        return segment_selects(app, {"Dimensions": dimensions}, set(), endpoint_id)
    return False


def _condition(app: App, condition: Json, endpoint_id: str) -> bool:
    results = [_simple_condition(app, c, endpoint_id) for c in condition.get("Conditions") or []]
    return any(results) if condition.get("Operator") == "ANY" else all(results)


def _send(
    state: State,
    app: App,
    journey: Journey,
    run_id: str,
    activity_id: str,
    kind: str,
    settings: Json,
    endpoint_id: str,
    at: datetime,
) -> None:
    """A message activity: one message to the participant when its channel is the activity's,
    counted at ``at`` (when the participant reached it) for the journey's caps and the KPIs."""
    endpoint = app.endpoints.get(endpoint_id)
    if endpoint is None:
        return
    channel = str(endpoint.get("ChannelType", ""))
    if kind == "CUSTOM":
        wanted = settings.get("EndpointTypes")
        if wanted and channel not in wanted:
            return
    elif not (channel == kind or (kind == "PUSH" and channel in _PUSH_PLATFORMS)):
        return  # an email activity says nothing to an SMS endpoint: it just moves on
    templates: dict[str, ChosenTemplate] = {}
    config: Json = {}
    if kind == "CUSTOM":
        data = (settings.get("MessageConfig") or {}).get("Data")
        config = {"DefaultMessage": {"Body": data}} if data else {}
    elif settings.get("TemplateName"):
        member = _MESSAGE_TEMPLATES[kind]
        reference: Json = {"Name": settings["TemplateName"]}
        if settings.get("TemplateVersion"):
            reference["Version"] = settings["TemplateVersion"]
        try:
            templates = resolve_templates(state, {member: reference}, "TemplateConfiguration")
        except ServiceError:
            count_activity(journey, run_id, activity_id, "FAILURE")
            return
    if kind == "CUSTOM":
        answer = deliver(
            state,
            app,
            Recipient("CUSTOM", str(endpoint.get("Address", "")), endpoint),
            compose("CUSTOM", config, {}),
            request_id=run_id,
            journey_id=journey.id,
        )
    else:
        answer = deliver_to_endpoint(
            state, app, endpoint_id, config, templates, request_id=run_id, journey_id=journey.id
        )
    status = answer["DeliveryStatus"]
    if status == "SUCCESSFUL":
        count_activity(journey, run_id, activity_id, "SUCCESS")
        app.kpis.record_delivery(
            Delivery(
                at=at,
                channel="CUSTOM" if kind == "CUSTOM" else channel,
                endpoint_id=endpoint_id,
                journey_id=journey.id,
                activity_id=activity_id,
            )
        )
    else:
        count_activity(
            journey, run_id, activity_id, "ENDPOINT_OPT_OUT" if status == "OPT_OUT" else "FAILURE"
        )


def walk(
    state: State,
    app: App,
    journey: Journey,
    run_id: str,
    endpoint_id: str,
    activity_id: str | None,
    at: datetime,
    *,
    resumed: bool = False,
) -> None:
    """Move one participant through the journey from ``activity_id``, arriving ``at``: deliver,
    split and wait until it leaves the journey or must wait past the emulator's clock (then it is
    parked in ``journey.waiting``). ``resumed``: its wait at ``activity_id`` is over."""
    activities: dict[str, Json] = journey.record.get("Activities") or {}
    now = state.now_datetime()
    rules = JourneyRules.of(journey.record, app.settings)
    for _ in range(MAX_ACTIVITIES_PER_JOURNEY + 1):  # the activities form no cycle
        activity = activities.get(activity_id) if activity_id is not None else None
        if activity is None:
            break
        kind = activity_type(activity, f"Activities.{activity_id}")
        settings: Json = activity[kind]
        assert activity_id is not None
        if not resumed:
            count_activity(journey, run_id, activity_id, "ENDPOINT_ENTERED")
        wait_member = {"Wait": "WaitTime"}.get(kind, "EvaluationWaitTime")
        if not resumed and kind in ("Wait", "ConditionalSplit", "MultiCondition"):
            wake = _wake(settings.get(wait_member), at, f"Activities.{activity_id}.{kind}")
            if wake > now:
                journey.waiting.append(Waiting(run_id, endpoint_id, activity_id, wake))
                return
            at = wake
        resumed = False
        following: str | None = settings.get("NextActivity")
        if kind in _MESSAGE_TEMPLATES or kind == "CUSTOM":
            endpoint = app.endpoints.get(endpoint_id) or {}
            quiet_ends = quiet_until(rules.quiet_start, rules.quiet_end, endpoint, at)
            if quiet_ends is not None and rules.wait_for_quiet:
                if quiet_ends > now:  # it waits here, and is sent the message when quiet time ends
                    journey.waiting.append(Waiting(run_id, endpoint_id, activity_id, quiet_ends))
                    return
                at, quiet_ends = quiet_ends, None
            if quiet_ends is None and not rules.over_caps(app, journey.id, endpoint_id, at):
                _send(state, app, journey, run_id, activity_id, kind, settings, endpoint_id, at)
        elif kind == "ConditionalSplit":
            passed = _condition(app, settings.get("Condition") or {}, endpoint_id)
            count_activity(journey, run_id, activity_id, "TRUE" if passed else "FALSE")
            following = settings.get("TrueActivity" if passed else "FalseActivity")
        elif kind == "MultiCondition":
            following = settings.get("DefaultActivity")
            branch_name = "DEFAULT"
            for index, branch in enumerate(settings.get("Branches") or [], start=1):
                if _simple_condition(app, branch.get("Condition") or {}, endpoint_id):
                    following, branch_name = branch.get("NextActivity"), f"BRANCH_{index}"
                    break
            count_activity(journey, run_id, activity_id, branch_name)
        elif kind == "RandomSplit":
            place = split_bucket(journey.id, activity_id, endpoint_id)
            edge, following = 0, None
            for index, branch in enumerate(settings.get("Branches") or [], start=1):
                edge += int(branch.get("Percentage") or 0)
                if place < edge:
                    following = branch.get("NextActivity")
                    count_activity(journey, run_id, activity_id, f"BRANCH_{index}")
                    break
        elif kind == "Holdout":
            held = split_bucket(journey.id, activity_id, endpoint_id)
            if held < int(settings.get("Percentage") or 0):
                count_activity(journey, run_id, activity_id, "HOLDOUT")
                following = None
        activity_id = following
    journey.metrics["ENDPOINT_ACTIVE"] -= 1  # it left the journey


def resume_waiting(state: State, app: App, journey: Journey, upto: datetime) -> None:
    """Move on the participants whose wait ends by ``upto``, earliest first. One pass is enough:
    a participant parks again only until after the emulator's clock, so after ``upto``."""
    ready = sorted((w for w in journey.waiting if w.until <= upto), key=lambda w: w.until)
    if not ready:
        return
    journey.waiting = [w for w in journey.waiting if w.until > upto]
    for waiting in ready:
        walk(
            state,
            app,
            journey,
            waiting.run_id,
            waiting.endpoint_id,
            waiting.activity_id,
            waiting.until,
            resumed=True,
        )
