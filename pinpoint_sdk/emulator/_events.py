"""PutEvents: record an app's events and apply the endpoint upserts they carry.

Each ``EventsBatch`` is answered on its own, as Pinpoint answers them: the endpoint upsert gets an
``EndpointItemResponse`` and each event an entry in ``EventsItemResponse``, ``202 Accepted`` or
``400`` with the reason. Only a request over ``MAX_EVENTS_PER_REQUEST`` events is refused whole.

Event quotas (``pinpoint_sdk._limits``; developer guide, "Event ingestion quotas"): attribute and
metric names at most 50 characters, attribute values at most 200, at most 40 attribute and metric
names on one event, and per app at most 1,500 event types, 500 attribute names and 500 metric
names. An event breaking one is answered 400 and not recorded.
"""

from __future__ import annotations

import copy
import re
from datetime import datetime

from pinpoint_sdk._limits import (
    MAX_EVENT_ATTRIBUTE_NAME_LENGTH,
    MAX_EVENT_ATTRIBUTE_NAMES_PER_APP,
    MAX_EVENT_ATTRIBUTE_VALUE_LENGTH,
    MAX_EVENT_KEYS,
    MAX_EVENT_METRIC_NAMES_PER_APP,
    MAX_EVENT_TYPES_PER_APP,
    MAX_EVENTS_PER_REQUEST,
)

from ._endpoints import upsert_endpoints
from ._errors import ServiceError, bad_request
from ._state import App, Json

__all__ = ["MAX_EVENTS_KEPT", "put_events"]

#: Events kept per app for reading back (the oldest give way); ``App.event_counts`` counts all.
MAX_EVENTS_KEPT = 10_000

_ISO_8601 = re.compile(
    r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})$", re.ASCII
)


def _accepted() -> Json:
    return {"Message": "Accepted", "StatusCode": 202}


def _refused(message: str) -> Json:
    return {"Message": message, "StatusCode": 400}


def _is_timestamp(text: object) -> bool:
    if not isinstance(text, str):
        return False
    match = _ISO_8601.match(text)
    if match is None:
        return False
    try:
        datetime.strptime(f"{match.group(1)} {match.group(2)}", "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return False
    return True


def put_events(app: App, batch: dict[str, Json], *, now: str, request_id: str) -> Json:
    """Apply an ``EventsRequest.BatchItem``; returns ``EventsResponse.Results``."""
    total = sum(len(item.get("Events") or {}) for item in batch.values())
    if total > MAX_EVENTS_PER_REQUEST:
        raise bad_request(
            f"A PutEvents request can carry at most {MAX_EVENTS_PER_REQUEST} events, not {total}."
        )
    results: Json = {}
    for endpoint_id, item in batch.items():
        try:
            endpoint = copy.deepcopy(item.get("Endpoint") or {})
            upsert_endpoints(app, [(endpoint_id, endpoint)], now=now, request_id=request_id)
            endpoint_result = _accepted()
        except ServiceError as error:
            endpoint_result = _refused(error.message)
        events: Json = {}
        for event_id, event in (item.get("Events") or {}).items():
            problem = _event_problem(app, event)
            if problem is None:
                _record(app, endpoint_id, event_id, event, now)
                events[event_id] = _accepted()
            else:
                events[event_id] = _refused(f"Event {event_id[:64]!r}: {problem}")
        results[endpoint_id] = {
            "EndpointItemResponse": endpoint_result,
            "EventsItemResponse": events,
        }
    return results


def _event_problem(app: App, event: Json) -> str | None:
    """Why Pinpoint would not take ``event``, or None."""
    event_type = event.get("EventType")
    if not event_type:
        return "EventType must not be empty."
    if not _is_timestamp(event.get("Timestamp")):
        return (
            "Timestamp must be an ISO 8601 date and time (2026-01-31T12:00:00.000Z), "
            f"not {str(event.get('Timestamp'))[:40]!r}."
        )
    session = event.get("Session")
    if session is not None:
        if not session.get("Id"):
            return "Session.Id must not be empty."
        for name in ("StartTimestamp", "StopTimestamp"):
            if (name == "StartTimestamp" or session.get(name) is not None) and not _is_timestamp(
                session.get(name)
            ):
                return f"Session.{name} must be an ISO 8601 date and time."
    attributes: dict[str, str] = event.get("Attributes") or {}
    metrics: dict[str, float] = event.get("Metrics") or {}
    if len(attributes) + len(metrics) > MAX_EVENT_KEYS:
        return (
            f"an event can have at most {MAX_EVENT_KEYS} attributes and metrics together, "
            f"not {len(attributes) + len(metrics)}."
        )
    for kind, names in (("Attributes", attributes), ("Metrics", metrics)):
        for name in names:
            if len(name) > MAX_EVENT_ATTRIBUTE_NAME_LENGTH:
                return (
                    f"{kind} name {name[:60]!r}... is longer than "
                    f"{MAX_EVENT_ATTRIBUTE_NAME_LENGTH} characters."
                )
    for name, value in attributes.items():
        if len(value) > MAX_EVENT_ATTRIBUTE_VALUE_LENGTH:
            return (
                f"Attributes.{name} is longer than {MAX_EVENT_ATTRIBUTE_VALUE_LENGTH} characters."
            )
    quotas = (
        ("event types", {event_type}, set(app.event_counts), MAX_EVENT_TYPES_PER_APP),
        (
            "event attribute names",
            set(attributes),
            app.event_attribute_names,
            MAX_EVENT_ATTRIBUTE_NAMES_PER_APP,
        ),
        (
            "event metric names",
            set(metrics),
            app.event_metric_names,
            MAX_EVENT_METRIC_NAMES_PER_APP,
        ),
    )
    for what, used, known, limit in quotas:
        if len(known | used) > limit:
            return f"an application can have at most {limit} {what}."
    return None


def _record(app: App, endpoint_id: str, event_id: str, event: Json, now: str) -> None:
    stored = copy.deepcopy(event)
    stored.update(EndpointId=endpoint_id, EventId=event_id, ReceivedDate=now)
    app.events.append(stored)
    if len(app.events) > MAX_EVENTS_KEPT:
        del app.events[: len(app.events) - MAX_EVENTS_KEPT]
    event_type = event["EventType"]
    app.event_counts[event_type] = app.event_counts.get(event_type, 0) + 1
    app.event_attribute_names |= set(event.get("Attributes") or {})
    app.event_metric_names |= set(event.get("Metrics") or {})
