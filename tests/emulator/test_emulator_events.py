from __future__ import annotations

from typing import Any

import pytest

from pinpoint_sdk.emulator import Emulator, _events

from .conftest import error_of

WHEN = "2026-03-01T12:00:00.000Z"


def event(event_type: str = "purchase", **members: Any) -> dict[str, Any]:
    return {"EventType": event_type, "Timestamp": WHEN, **members}


def put(raw: Any, app: str, batch: dict[str, Any]) -> dict[str, Any]:
    answer = raw.put_events(ApplicationId=app, EventsRequest={"BatchItem": batch})
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 202
    return dict(answer["EventsResponse"]["Results"])


ACCEPTED = {"Message": "Accepted", "StatusCode": 202}


def test_events_are_accepted_recorded_and_upsert_their_endpoint(
    raw: Any, app: str, emu: Emulator
) -> None:
    endpoint = {
        "ChannelType": "GCM",
        "Address": "token-1",
        "Attributes": {"plan": ["free"]},
        "User": {"UserId": "u1"},
    }
    session = {"Id": "s1", "StartTimestamp": WHEN}
    results = put(
        raw,
        app,
        {
            "e1": {
                "Endpoint": endpoint,
                "Events": {
                    "ev-1": event(Attributes={"item": "book"}, Metrics={"price": 9.5}),
                    "ev-2": event("_session.start", Session=session),
                },
            }
        },
    )
    assert results == {
        "e1": {
            "EndpointItemResponse": ACCEPTED,
            "EventsItemResponse": {"ev-1": ACCEPTED, "ev-2": ACCEPTED},
        }
    }
    stored = raw.get_endpoint(ApplicationId=app, EndpointId="e1")["EndpointResponse"]
    assert (stored["Address"], stored["Attributes"], stored["User"]) == (
        "token-1",
        {"plan": ["free"]},
        {"UserId": "u1"},
    )
    recorded = emu.events(app)
    assert [(e["EndpointId"], e["EventId"], e["EventType"]) for e in recorded] == [
        ("e1", "ev-1", "purchase"),
        ("e1", "ev-2", "_session.start"),
    ]
    assert recorded[0]["Attributes"] == {"item": "book"}
    assert recorded[0]["Metrics"] == {"price": 9.5}
    assert recorded[1]["Session"] == session
    assert all(e["ReceivedDate"] for e in recorded)
    with emu.state.lock:
        assert emu.state.apps[app].event_counts == {"purchase": 1, "_session.start": 1}


def test_a_later_batch_updates_the_endpoint_and_keeps_its_other_members(raw: Any, app: str) -> None:
    put(
        raw,
        app,
        {"e1": {"Endpoint": {"ChannelType": "SMS", "Address": "+15555550100"}, "Events": {}}},
    )
    put(raw, app, {"e1": {"Endpoint": {"Attributes": {"plan": ["paid"]}}, "Events": {}}})
    stored = raw.get_endpoint(ApplicationId=app, EndpointId="e1")["EndpointResponse"]
    assert (stored["ChannelType"], stored["Attributes"]) == ("SMS", {"plan": ["paid"]})


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        (event(Timestamp="yesterday"), "Timestamp must be an ISO 8601 date and time"),
        (event(Timestamp="2026-02-30T12:00:00Z"), "Timestamp must be an ISO 8601 date and time"),
        (event(""), "EventType must not be empty"),
        (event(Attributes={"a": "x" * 201}), "Attributes.a is longer than 200 characters"),
        (event(Attributes={"a" * 51: "x"}), "is longer than 50 characters"),
        (event(Metrics={"m" * 51: 1.0}), "is longer than 50 characters"),
        (
            event(
                Attributes={f"a{n}": "x" for n in range(21)},
                Metrics={f"m{n}": 1.0 for n in range(20)},
            ),
            "at most 40 attributes and metrics together, not 41",
        ),
        (event(Session={"Id": "s", "StartTimestamp": "soon"}), "Session.StartTimestamp"),
        (
            event(Session={"Id": "s", "StartTimestamp": WHEN, "StopTimestamp": "later"}),
            "Session.StopTimestamp",
        ),
        (event(Session={"Id": "", "StartTimestamp": WHEN}), "Session.Id must not be empty"),
    ],
    ids=[
        "timestamp",
        "impossible-date",
        "type",
        "value-length",
        "attribute-name",
        "metric-name",
        "too-many-keys",
        "session-start",
        "session-stop",
        "session-id",
    ],
)
def test_a_bad_event_is_refused_alone(
    raw: Any, app: str, emu: Emulator, bad: dict[str, Any], expected: str
) -> None:
    results = put(raw, app, {"e1": {"Endpoint": {}, "Events": {"bad": bad, "good": event()}}})
    answers = results["e1"]["EventsItemResponse"]
    assert answers["good"] == ACCEPTED
    assert answers["bad"]["StatusCode"] == 400
    assert expected in answers["bad"]["Message"]
    assert [e["EventId"] for e in emu.events(app)] == ["good"]


def test_forty_attributes_and_metrics_are_allowed(raw: Any, app: str) -> None:
    ok = event(
        Attributes={f"a{n}": "x" * 200 for n in range(20)},
        Metrics={f"m{n}": 1.0 for n in range(20)},
    )
    results = put(raw, app, {"e1": {"Endpoint": {}, "Events": {"ok": ok}}})
    assert results["e1"]["EventsItemResponse"]["ok"] == ACCEPTED


def test_an_endpoint_breaking_a_quota_is_refused_while_its_events_are_taken(
    raw: Any, app: str, emu: Emulator
) -> None:
    too_long = {"ChannelType": "GCM", "Address": "t", "Attributes": {"a": ["x" * 101]}}
    results = put(
        raw,
        app,
        {
            "bad": {"Endpoint": too_long, "Events": {"ev": event()}},
            "good": {"Endpoint": {"ChannelType": "GCM", "Address": "t2"}, "Events": {}},
        },
    )
    refused = results["bad"]["EndpointItemResponse"]
    assert refused["StatusCode"] == 400
    assert "at most 100" in refused["Message"]
    assert results["bad"]["EventsItemResponse"] == {"ev": ACCEPTED}
    assert results["good"] == {"EndpointItemResponse": ACCEPTED, "EventsItemResponse": {}}
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.get_endpoint(ApplicationId=app, EndpointId="bad")
    assert [e["EndpointId"] for e in emu.events(app)] == ["bad"]


def test_more_than_a_hundred_events_is_a_bad_request(raw: Any, app: str, emu: Emulator) -> None:
    batch = {
        "e1": {"Endpoint": {}, "Events": {f"a{n}": event() for n in range(60)}},
        "e2": {"Endpoint": {}, "Events": {f"b{n}": event() for n in range(41)}},
    }
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        raw.put_events(ApplicationId=app, EventsRequest={"BatchItem": batch})
    assert "at most 100 events, not 101" in error_of(excinfo)[2]
    assert emu.events(app) == []
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.get_endpoint(ApplicationId=app, EndpointId="e1")


def test_a_hundred_events_are_taken(raw: Any, app: str, emu: Emulator) -> None:
    batch = {"e1": {"Endpoint": {}, "Events": {f"a{n}": event() for n in range(100)}}}
    put(raw, app, batch)
    assert len(emu.events(app)) == 100


@pytest.mark.parametrize(
    ("limit_name", "make", "what"),
    [
        ("MAX_EVENT_TYPES_PER_APP", lambda n: event(f"type-{n}"), "event types"),
        (
            "MAX_EVENT_ATTRIBUTE_NAMES_PER_APP",
            lambda n: event(Attributes={f"a{n}": "x"}),
            "event attribute names",
        ),
        (
            "MAX_EVENT_METRIC_NAMES_PER_APP",
            lambda n: event(Metrics={f"m{n}": 1.0}),
            "event metric names",
        ),
    ],
)
def test_an_app_has_a_quota_of_event_types_and_names(
    raw: Any, app: str, monkeypatch: pytest.MonkeyPatch, limit_name: str, make: Any, what: str
) -> None:
    # The real quotas are 1,500 and 500; the rule is the same at 2.
    monkeypatch.setattr(_events, limit_name, 2)
    events = {f"ev{n}": make(n) for n in range(3)}
    results = put(raw, app, {"e1": {"Endpoint": {}, "Events": events}})
    answers = results["e1"]["EventsItemResponse"]
    assert (answers["ev0"], answers["ev1"]) == (ACCEPTED, ACCEPTED)
    assert answers["ev2"] == {
        "Message": f"Event 'ev2': an application can have at most 2 {what}.",
        "StatusCode": 400,
    }
    # One already known is still fine.
    again = put(raw, app, {"e1": {"Endpoint": {}, "Events": {"ev3": make(0)}}})
    assert again["e1"]["EventsItemResponse"]["ev3"] == ACCEPTED


def test_only_the_latest_events_are_kept_but_all_are_counted(
    raw: Any, app: str, emu: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_events, "MAX_EVENTS_KEPT", 3)
    put(raw, app, {"e1": {"Endpoint": {}, "Events": {f"ev{n}": event() for n in range(5)}}})
    assert [e["EventId"] for e in emu.events(app)] == ["ev2", "ev3", "ev4"]
    with emu.state.lock:
        assert emu.state.apps[app].event_counts == {"purchase": 5}


def test_events_of_an_unknown_app_are_not_found(raw: Any, emu: Emulator) -> None:
    with pytest.raises(raw.exceptions.NotFoundException):
        put(raw, "f" * 32, {"e1": {"Endpoint": {}, "Events": {"ev": event()}}})
    with pytest.raises(KeyError):
        emu.events("f" * 32)


def test_a_batch_without_events_is_named(loose: Any, app: str) -> None:
    with pytest.raises(loose.exceptions.BadRequestException) as excinfo:
        loose.put_events(ApplicationId=app, EventsRequest={"BatchItem": {"e1": {"Endpoint": {}}}})
    assert "Events" in error_of(excinfo)[2]


def test_a_throttled_put_events_records_nothing(raw: Any, app: str, emu: Emulator) -> None:
    emu.faults.fail_next("PutEvents", status=429)
    batch = {
        "e1": {"Endpoint": {"ChannelType": "SMS", "Address": "+1555"}, "Events": {"ev": event()}}
    }
    with pytest.raises(raw.exceptions.TooManyRequestsException):
        raw.put_events(ApplicationId=app, EventsRequest={"BatchItem": batch})
    assert emu.events(app) == []
    put(raw, app, batch)
    assert [e["EventId"] for e in emu.events(app)] == ["ev"]
