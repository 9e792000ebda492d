"""Journeys through plain boto3: create/get/update/delete/list, what a WriteJourneyRequest may
say, the state machine, runs on the emulator's clock, execution metrics, the KPI and quotas."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from pinpoint_sdk.emulator import Emulator
from pinpoint_sdk.emulator._journeys import (
    MAX_ACTIVE_JOURNEYS,
    MAX_ACTIVITIES_PER_JOURNEY,
    MAX_CATCH_UP_RUNS,
    count_activity,
    journey_audience,
    parse_duration,
)
from pinpoint_sdk.emulator.pytest_plugin import boto3_client_for

from .conftest import error_of

START = datetime(2030, 1, 1, tzinfo=timezone.utc)


class Clock:
    """The emulator's clock, moved by the tests."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(scope="module")
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="module")
def emu(clock: Clock) -> Iterator[Emulator]:
    """This module's emulator runs on ``clock`` (overrides conftest's ``emu``)."""
    with Emulator(clock=clock) as emulator:
        yield emulator


@pytest.fixture(autouse=True)
def _clock_at_start(clock: Clock) -> None:
    clock.now = START


def segment(raw: Any, app: str, **request: Any) -> str:
    created = raw.create_segment(ApplicationId=app, WriteSegmentRequest={"Name": "s", **request})
    return str(created["SegmentResponse"]["Id"])


def activities() -> dict[str, Any]:
    return {
        "send": {
            "EMAIL": {"MessageConfig": {"FromAddress": "a@example.com"}, "NextActivity": "pause"}
        },
        "pause": {"Wait": {"WaitTime": {"WaitFor": "PT1H"}, "NextActivity": "split"}},
        "split": {
            "ConditionalSplit": {
                "Condition": {"Conditions": [], "Operator": "ALL"},
                "TrueActivity": "sms",
                "FalseActivity": "hold",
            }
        },
        "sms": {"SMS": {"MessageConfig": {"MessageType": "PROMOTIONAL"}}},
        "hold": {"Holdout": {"Percentage": 10}},
    }


def journey_request(segment_id: str, **overrides: Any) -> dict[str, Any]:
    request: dict[str, Any] = {
        "Name": "welcome-journey",
        "Activities": activities(),
        "StartActivity": "send",
        "StartCondition": {"SegmentStartCondition": {"SegmentId": segment_id}},
        "RefreshFrequency": "PT1H",
    }
    request.update(overrides)
    # An override of None leaves the member out.
    return {name: value for name, value in request.items() if value is not None}


def create(raw: Any, app: str, **overrides: Any) -> dict[str, Any]:
    request = journey_request(segment(raw, app), **overrides)
    response = raw.create_journey(ApplicationId=app, WriteJourneyRequest=request)
    return dict(response["JourneyResponse"])


def state_of(raw: Any, app: str, journey_id: str) -> str:
    return str(raw.get_journey(ApplicationId=app, JourneyId=journey_id)["JourneyResponse"]["State"])


def runs(raw: Any, app: str, journey_id: str) -> list[dict[str, Any]]:
    response = raw.get_journey_runs(ApplicationId=app, JourneyId=journey_id)
    return list(response["JourneyRunsResponse"]["Item"])


# -- create, get, list, update, delete ---------------------------------------------------------


def test_create_answers_the_journey_as_pinpoint_fills_it(raw: Any, app: str) -> None:
    journey = create(raw, app)
    assert len(journey["Id"]) == 32
    assert journey["ApplicationId"] == app
    assert journey["CreationDate"] == journey["LastModifiedDate"] == "2030-01-01T00:00:00.000Z"
    assert journey["State"] == "DRAFT"
    assert journey["Name"] == "welcome-journey"
    assert journey["Activities"] == activities()
    assert journey["StartActivity"] == "send"
    assert journey["tags"] == {}


def test_get_answers_what_create_stored(raw: Any, app: str) -> None:
    journey = create(raw, app)
    got = raw.get_journey(ApplicationId=app, JourneyId=journey["Id"])["JourneyResponse"]
    assert got == journey


def test_update_changes_the_members_it_names_and_the_modified_date(
    raw: Any, app: str, clock: Clock
) -> None:
    journey = create(raw, app)
    clock.advance(minutes=5)
    request = {
        "Name": "renamed",
        "Activities": {"only": {"Wait": {"WaitTime": {"WaitFor": "P1D"}}}},
    }
    updated = raw.update_journey(
        ApplicationId=app,
        JourneyId=journey["Id"],
        WriteJourneyRequest={**request, "StartActivity": "only"},
    )["JourneyResponse"]
    assert updated["Name"] == "renamed"
    assert list(updated["Activities"]) == ["only"]
    assert updated["StartCondition"] == journey["StartCondition"]
    assert updated["CreationDate"] == journey["CreationDate"]
    assert updated["LastModifiedDate"] == "2030-01-01T00:05:00.000Z"


def test_list_pages_journeys_in_creation_order(raw: Any, app: str) -> None:
    ids = [create(raw, app, Name=f"j{i}")["Id"] for i in range(3)]
    first = raw.list_journeys(ApplicationId=app, PageSize="2")["JourneysResponse"]
    second = raw.list_journeys(ApplicationId=app, PageSize="2", Token=first["NextToken"])[
        "JourneysResponse"
    ]
    assert [j["Id"] for j in first["Item"] + second["Item"]] == ids
    assert "NextToken" not in second


def test_delete_answers_the_journey_and_forgets_it(raw: Any, app: str) -> None:
    journey = create(raw, app)
    deleted = raw.delete_journey(ApplicationId=app, JourneyId=journey["Id"])["JourneyResponse"]
    assert deleted["Id"] == journey["Id"]
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.get_journey(ApplicationId=app, JourneyId=journey["Id"])
    assert raw.list_journeys(ApplicationId=app)["JourneysResponse"]["Item"] == []


JOURNEY_OPERATIONS: list[tuple[str, dict[str, Any]]] = [
    ("get_journey", {}),
    ("update_journey", {"WriteJourneyRequest": {"Name": "x"}}),
    ("delete_journey", {}),
    ("update_journey_state", {"JourneyStateRequest": {"State": "CANCELLED"}}),
    ("get_journey_runs", {}),
    ("get_journey_execution_metrics", {}),
    ("get_journey_execution_activity_metrics", {"JourneyActivityId": "send"}),
    ("get_journey_run_execution_metrics", {"RunId": "r"}),
    ("get_journey_run_execution_activity_metrics", {"RunId": "r", "JourneyActivityId": "send"}),
    ("get_journey_date_range_kpi", {"KpiName": "email-open-rate"}),
]


@pytest.mark.parametrize(("operation", "extra"), JOURNEY_OPERATIONS)
def test_an_unknown_journey_is_not_found(
    raw: Any, app: str, operation: str, extra: dict[str, Any]
) -> None:
    with pytest.raises(raw.exceptions.NotFoundException) as caught:
        getattr(raw, operation)(ApplicationId=app, JourneyId="0" * 32, **extra)
    assert error_of(caught)[:2] == ("NotFoundException", 404)
    assert "Journey" in error_of(caught)[2]


@pytest.mark.parametrize("operation", ["create_journey", "list_journeys"])
def test_an_unknown_app_is_not_found(raw: Any, operation: str) -> None:
    extra = {"WriteJourneyRequest": {"Name": "x"}} if operation == "create_journey" else {}
    with pytest.raises(raw.exceptions.NotFoundException):
        getattr(raw, operation)(ApplicationId="0" * 32, **extra)


# -- what a WriteJourneyRequest may say --------------------------------------------------------


def _many_activities(count: int) -> dict[str, Any]:
    chain: dict[str, Any] = {}
    for index in range(count):
        wait: dict[str, Any] = {"WaitTime": {"WaitFor": "PT1H"}}
        if index + 1 < count:
            wait["NextActivity"] = f"a{index + 1}"
        chain[f"a{index}"] = {"Wait": wait}
    return chain


INVALID: list[tuple[str, dict[str, Any], str]] = [
    ("space in name", {"Name": "my journey"}, "WriteJourneyRequest.Name cannot contain spaces"),
    ("long name", {"Name": "n" * 151}, "WriteJourneyRequest.Name is 151 characters; at most 150"),
    (
        "missing next activity",
        {"Activities": {"a": {"Wait": {"NextActivity": "nowhere"}}}, "StartActivity": "a"},
        "WriteJourneyRequest.Activities.a.Wait.NextActivity names activity 'nowhere'",
    ),
    (
        "missing branch target",
        {
            "Activities": {
                "a": {"RandomSplit": {"Branches": [{"Percentage": 100, "NextActivity": "gone"}]}}
            },
            "StartActivity": "a",
        },
        "WriteJourneyRequest.Activities.a.RandomSplit.Branches[0].NextActivity names activity",
    ),
    (
        "missing start activity",
        {"StartActivity": "absent"},
        "WriteJourneyRequest.StartActivity names activity 'absent'",
    ),
    (
        "two activity types",
        {"Activities": {"a": {"Wait": {}, "SMS": {}}}, "StartActivity": "a"},
        "WriteJourneyRequest.Activities.a must set exactly one activity type",
    ),
    (
        "no activity type",
        {"Activities": {"a": {"Description": "nothing"}}, "StartActivity": "a"},
        "it sets none",
    ),
    (
        "activity id not alphanumeric",
        {"Activities": {"a-b": {"Wait": {}}}, "StartActivity": "a"},
        "Activity id 'a-b' must be 1 to 100 alphanumeric characters",
    ),
    (
        "too many activities",
        {"Activities": _many_activities(MAX_ACTIVITIES_PER_JOURNEY + 1), "StartActivity": "a0"},
        f"has {MAX_ACTIVITIES_PER_JOURNEY + 1} activities; a journey has at most "
        f"{MAX_ACTIVITIES_PER_JOURNEY}",
    ),
    (
        "a loop",
        {
            "Activities": {
                "a": {"Wait": {"NextActivity": "b"}},
                "b": {"Wait": {"NextActivity": "a"}},
            },
            "StartActivity": "a",
        },
        "loop back (a -> b -> a)",
    ),
    (
        "five multivariate branches",
        {
            "Activities": {
                "m": {"MultiCondition": {"Branches": [{"NextActivity": "w"}] * 5}},
                "w": {"Wait": {}},
            },
            "StartActivity": "m",
        },
        "a multivariate split has at most 4 plus its DefaultActivity",
    ),
    (
        "random split not 100",
        {
            "Activities": {
                "r": {"RandomSplit": {"Branches": [{"Percentage": 40, "NextActivity": "w"}]}},
                "w": {"Wait": {}},
            },
            "StartActivity": "r",
        },
        "Branches percentages must add up to 100",
    ),
    (
        "holdout over 100",
        {"Activities": {"h": {"Holdout": {"Percentage": 101}}}, "StartActivity": "h"},
        "WriteJourneyRequest.Activities.h.Holdout.Percentage must be between 0 and 100",
    ),
    ("daily cap", {"Limits": {"DailyCap": 101}}, "Limits.DailyCap must be between 0 and 100"),
    (
        "timeframe days",
        {"Limits": {"TimeframeCap": {"Cap": 1, "Days": 31}}},
        "Limits.TimeframeCap.Days must be between 0 and 30",
    ),
    (
        "reentry interval",
        {"Limits": {"EndpointReentryInterval": "an hour"}},
        "WriteJourneyRequest.Limits.EndpointReentryInterval must be an ISO 8601 duration",
    ),
    (
        "unknown segment",
        {"StartCondition": {"SegmentStartCondition": {"SegmentId": "f" * 32}}},
        "WriteJourneyRequest.StartCondition names segment",
    ),
    (
        "paused in a write",
        {"State": "PAUSED"},
        "WriteJourneyRequest.State must be DRAFT or ACTIVE, not PAUSED",
    ),
    (
        "end before start",
        {"Schedule": {"StartTime": "2030-02-01T00:00:00Z", "EndTime": "2030-01-15T00:00:00Z"}},
        "Schedule.EndTime must be after its StartTime",
    ),
    ("bad timezone", {"Schedule": {"Timezone": "UTC+14"}}, "Schedule.Timezone 'UTC+14'"),
    ("quiet time", {"QuietTime": {"Start": "25:00"}}, "QuietTime.Start must be HH:MM"),
    ("refresh frequency", {"RefreshFrequency": "hourly"}, "RefreshFrequency must be an ISO 8601"),
]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [pytest.param(o, m, id=name) for name, o, m in INVALID],
)
def test_an_invalid_write_request_is_refused_naming_the_member(
    raw: Any, app: str, overrides: dict[str, Any], message: str
) -> None:
    request = journey_request(segment(raw, app), **overrides)
    with pytest.raises(raw.exceptions.BadRequestException) as caught:
        raw.create_journey(ApplicationId=app, WriteJourneyRequest=request)
    code, status, text = error_of(caught)
    assert (code, status) == ("BadRequestException", 400)
    assert message in text
    assert raw.list_journeys(ApplicationId=app)["JourneysResponse"]["Item"] == []


def test_the_most_activities_a_journey_may_have_are_accepted(raw: Any, app: str) -> None:
    journey = create(
        raw, app, Activities=_many_activities(MAX_ACTIVITIES_PER_JOURNEY), StartActivity="a0"
    )
    assert len(journey["Activities"]) == MAX_ACTIVITIES_PER_JOURNEY


def test_an_active_journey_needs_activities_a_start_and_a_segment(raw: Any, app: str) -> None:
    with pytest.raises(raw.exceptions.BadRequestException) as caught:
        raw.create_journey(ApplicationId=app, WriteJourneyRequest={"Name": "j", "State": "ACTIVE"})
    assert "An ACTIVE journey needs WriteJourneyRequest.Activities" in error_of(caught)[2]


def test_a_draft_may_be_incomplete(raw: Any, app: str) -> None:
    journey = raw.create_journey(ApplicationId=app, WriteJourneyRequest={"Name": "draft"})
    assert journey["JourneyResponse"]["State"] == "DRAFT"


# -- the state machine -------------------------------------------------------------------------


def in_state(raw: Any, app: str, clock: Clock, state: str) -> str:
    """A journey put in ``state`` the way a user would get it there."""
    if state == "DRAFT":
        return str(create(raw, app)["Id"])
    if state == "CLOSED":  # published, started, no refresh frequency
        journey_id = str(create(raw, app, State="ACTIVE", RefreshFrequency=None)["Id"])
    elif state == "COMPLETED":
        end = (START + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
        journey_id = str(create(raw, app, State="ACTIVE", Schedule={"EndTime": end})["Id"])
        clock.advance(hours=3)
    else:
        journey_id = str(create(raw, app, State="ACTIVE")["Id"])
        if state in ("PAUSED", "CANCELLED"):
            raw.update_journey_state(
                ApplicationId=app, JourneyId=journey_id, JourneyStateRequest={"State": state}
            )
    assert state_of(raw, app, journey_id) == state
    return journey_id


#: (state now, state asked for) -> the state after, or the error code. Written out by hand from
#: the API reference (JourneyStateRequest, JourneyResponse.State): what the emulator must do.
TRANSITIONS: dict[tuple[str, str], str] = {
    ("DRAFT", "ACTIVE"): "ACTIVE",
    ("DRAFT", "PAUSED"): "ConflictException",
    ("DRAFT", "CANCELLED"): "ConflictException",
    ("ACTIVE", "ACTIVE"): "ConflictException",
    ("ACTIVE", "PAUSED"): "PAUSED",
    ("ACTIVE", "CANCELLED"): "CANCELLED",
    ("PAUSED", "ACTIVE"): "ACTIVE",
    ("PAUSED", "PAUSED"): "ConflictException",
    ("PAUSED", "CANCELLED"): "CANCELLED",
    ("CLOSED", "ACTIVE"): "ConflictException",
    ("CLOSED", "PAUSED"): "ConflictException",
    ("CLOSED", "CANCELLED"): "CANCELLED",
    ("CANCELLED", "ACTIVE"): "ConflictException",
    ("CANCELLED", "PAUSED"): "ConflictException",
    ("CANCELLED", "CANCELLED"): "ConflictException",
    ("COMPLETED", "ACTIVE"): "ConflictException",
    ("COMPLETED", "PAUSED"): "ConflictException",
    ("COMPLETED", "CANCELLED"): "ConflictException",
}
STATES = ["DRAFT", "ACTIVE", "PAUSED", "CLOSED", "CANCELLED", "COMPLETED"]
for _state in STATES:
    # UpdateJourneyState takes ACTIVE, PAUSED and CANCELLED only.
    for _asked in ("DRAFT", "COMPLETED", "CLOSED"):
        TRANSITIONS[(_state, _asked)] = "BadRequestException"


@pytest.mark.parametrize(("now", "asked"), sorted(TRANSITIONS))
def test_update_journey_state_follows_the_transition_table(
    raw: Any, app: str, clock: Clock, now: str, asked: str
) -> None:
    journey_id = in_state(raw, app, clock, now)
    expected = TRANSITIONS[(now, asked)]
    call = {"ApplicationId": app, "JourneyId": journey_id, "JourneyStateRequest": {"State": asked}}
    if expected.endswith("Exception"):
        with pytest.raises(raw.exceptions.ClientError) as caught:
            raw.update_journey_state(**call)
        code, status, _ = error_of(caught)
        assert (code, status) == (expected, 409 if expected == "ConflictException" else 400)
        assert state_of(raw, app, journey_id) == now
    else:
        answer = raw.update_journey_state(**call)["JourneyResponse"]
        assert answer["State"] == expected
        assert state_of(raw, app, journey_id) == expected


def test_the_conflict_names_the_journey_and_its_state(raw: Any, app: str, clock: Clock) -> None:
    journey_id = in_state(raw, app, clock, "CANCELLED")
    with pytest.raises(raw.exceptions.ConflictException) as caught:
        raw.update_journey_state(
            ApplicationId=app, JourneyId=journey_id, JourneyStateRequest={"State": "ACTIVE"}
        )
    assert error_of(caught)[2] == f"Journey {journey_id} is CANCELLED; it cannot be made ACTIVE."


def test_only_a_journey_with_a_refresh_frequency_can_be_paused(raw: Any, app: str) -> None:
    later = (START + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    journey = create(raw, app, State="ACTIVE", RefreshFrequency=None, Schedule={"StartTime": later})
    assert journey["State"] == "ACTIVE"  # not started yet, so not CLOSED
    with pytest.raises(raw.exceptions.BadRequestException) as caught:
        raw.update_journey_state(
            ApplicationId=app, JourneyId=journey["Id"], JourneyStateRequest={"State": "PAUSED"}
        )
    assert "only journeys with a RefreshFrequency" in error_of(caught)[2]


#: (state, what the update changes) -> None when allowed, else the error code.
UPDATES: list[tuple[str, dict[str, Any], str | None]] = [
    ("DRAFT", {"Activities": {"w": {"Wait": {}}}, "StartActivity": "w"}, None),
    ("DRAFT", {"Name": "new-name"}, None),
    ("ACTIVE", {"Name": "new-name"}, None),
    ("ACTIVE", {"Activities": {"w": {"Wait": {}}}, "StartActivity": "w"}, "ConflictException"),
    ("ACTIVE", {"State": "DRAFT"}, "ConflictException"),
    ("PAUSED", {"StartActivity": "pause"}, "ConflictException"),
    ("PAUSED", {"Name": "new-name"}, None),
    ("CLOSED", {"Name": "new-name"}, "ConflictException"),
    ("CANCELLED", {"Name": "new-name"}, "ConflictException"),
    ("COMPLETED", {"Name": "new-name"}, "ConflictException"),
]


@pytest.mark.parametrize(("state", "change", "error"), UPDATES)
def test_which_states_update_journey_may_change(
    raw: Any, app: str, clock: Clock, state: str, change: dict[str, Any], error: str | None
) -> None:
    journey_id = in_state(raw, app, clock, state)
    call = {"ApplicationId": app, "JourneyId": journey_id, "WriteJourneyRequest": {"Name": "x"}}
    call["WriteJourneyRequest"] = {"Name": "new-name", **change}
    if error is None:
        answer = raw.update_journey(**call)["JourneyResponse"]
        assert answer["State"] == state
        for member, value in change.items():
            assert answer[member] == value
    else:
        with pytest.raises(raw.exceptions.ClientError) as caught:
            raw.update_journey(**call)
        assert error_of(caught)[:2] == (error, 409)
        assert state_of(raw, app, journey_id) == state


def test_update_journey_publishes_a_draft(raw: Any, app: str) -> None:
    journey = create(raw, app)
    answer = raw.update_journey(
        ApplicationId=app,
        JourneyId=journey["Id"],
        WriteJourneyRequest={"Name": journey["Name"], "State": "ACTIVE"},
    )["JourneyResponse"]
    assert answer["State"] == "ACTIVE"
    assert len(runs(raw, app, journey["Id"])) == 1


# -- runs on the emulator's clock --------------------------------------------------------------


def test_a_run_starts_when_the_journey_becomes_active(raw: Any, app: str) -> None:
    journey = create(raw, app)
    assert runs(raw, app, journey["Id"]) == []
    raw.update_journey_state(
        ApplicationId=app, JourneyId=journey["Id"], JourneyStateRequest={"State": "ACTIVE"}
    )
    [run] = runs(raw, app, journey["Id"])
    assert run["Status"] == "RUNNING"
    assert run["CreationTime"] == run["LastUpdateTime"] == "2030-01-01T00:00:00.000Z"
    assert len(run["RunId"]) == 32


def test_the_refresh_frequency_starts_a_run_each_period(raw: Any, app: str, clock: Clock) -> None:
    journey = create(raw, app, State="ACTIVE", RefreshFrequency="PT1H")
    clock.advance(hours=2, minutes=30)
    found = runs(raw, app, journey["Id"])
    assert [run["CreationTime"] for run in found] == [
        "2030-01-01T00:00:00.000Z",
        "2030-01-01T01:00:00.000Z",
        "2030-01-01T02:00:00.000Z",
    ]
    assert [run["Status"] for run in found] == ["COMPLETED", "COMPLETED", "RUNNING"]
    assert found[0]["LastUpdateTime"] == "2030-01-01T01:00:00.000Z"


def test_a_scheduled_journey_waits_for_its_start_time(raw: Any, app: str, clock: Clock) -> None:
    later = (START + timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    journey = create(raw, app, State="ACTIVE", Schedule={"StartTime": later})
    clock.advance(hours=4)
    assert runs(raw, app, journey["Id"]) == []
    clock.advance(hours=1)
    assert [run["CreationTime"] for run in runs(raw, app, journey["Id"])] == [
        "2030-01-01T05:00:00.000Z"
    ]


def test_a_paused_journey_starts_no_runs_until_resumed(raw: Any, app: str, clock: Clock) -> None:
    journey_id = create(raw, app, State="ACTIVE")["Id"]
    state = {"ApplicationId": app, "JourneyId": journey_id}
    raw.update_journey_state(**state, JourneyStateRequest={"State": "PAUSED"})
    clock.advance(hours=3, minutes=10)
    assert len(runs(raw, app, journey_id)) == 1
    raw.update_journey_state(**state, JourneyStateRequest={"State": "ACTIVE"})
    found = runs(raw, app, journey_id)
    assert [run["CreationTime"] for run in found][-1] == "2030-01-01T03:10:00.000Z"
    assert len(found) == 2


def test_cancelling_cancels_the_running_run(raw: Any, app: str, clock: Clock) -> None:
    journey_id = create(raw, app, State="ACTIVE")["Id"]
    clock.advance(hours=1)
    raw.update_journey_state(
        ApplicationId=app, JourneyId=journey_id, JourneyStateRequest={"State": "CANCELLED"}
    )
    clock.advance(hours=5)
    assert [run["Status"] for run in runs(raw, app, journey_id)] == ["COMPLETED", "CANCELLED"]


def test_a_journey_past_its_end_time_is_completed(raw: Any, app: str, clock: Clock) -> None:
    end = (START + timedelta(hours=1, minutes=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    journey_id = create(raw, app, State="ACTIVE", Schedule={"EndTime": end})["Id"]
    clock.advance(days=1)
    assert state_of(raw, app, journey_id) == "COMPLETED"
    found = runs(raw, app, journey_id)
    assert [run["CreationTime"] for run in found] == [
        "2030-01-01T00:00:00.000Z",
        "2030-01-01T01:00:00.000Z",
    ]
    assert {run["Status"] for run in found} == {"COMPLETED"}


def test_runs_are_paged(raw: Any, app: str, clock: Clock) -> None:
    journey_id = create(raw, app, State="ACTIVE")["Id"]
    clock.advance(hours=2)
    first = raw.get_journey_runs(ApplicationId=app, JourneyId=journey_id, PageSize="2")[
        "JourneyRunsResponse"
    ]
    rest = raw.get_journey_runs(
        ApplicationId=app, JourneyId=journey_id, PageSize="2", Token=first["NextToken"]
    )["JourneyRunsResponse"]
    assert len(first["Item"]) == 2
    assert len(rest["Item"]) == 1


# -- execution metrics -------------------------------------------------------------------------


def _audience_app(raw: Any, app: str) -> str:
    """Four endpoints, three in the ``vip`` segment: one active, one opted out, one inactive."""
    vip = {"Attributes": {"tier": ["vip"]}}
    batch = [
        {"Id": "active", "ChannelType": "EMAIL", "Address": "a@example.com", **vip},
        {
            "Id": "optout",
            "ChannelType": "EMAIL",
            "Address": "o@example.com",
            "OptOut": "ALL",
            **vip,
        },
        {
            "Id": "gone",
            "ChannelType": "EMAIL",
            "Address": "g@example.com",
            "EndpointStatus": "INACTIVE",
            **vip,
        },
        {"Id": "other", "ChannelType": "EMAIL", "Address": "x@example.com"},
    ]
    raw.update_endpoints_batch(ApplicationId=app, EndpointBatchRequest={"Item": batch})
    dimensions = {"Attributes": {"tier": {"AttributeType": "INCLUSIVE", "Values": ["vip"]}}}
    return segment(raw, app, Dimensions=dimensions)


def test_a_run_counts_its_segment_as_pinpoint_splits_it(raw: Any, app: str) -> None:
    segment_id = _audience_app(raw, app)
    request = journey_request(segment_id, State="ACTIVE")
    journey_id = raw.create_journey(ApplicationId=app, WriteJourneyRequest=request)[
        "JourneyResponse"
    ]["Id"]
    [run] = runs(raw, app, journey_id)
    metrics = raw.get_journey_run_execution_metrics(
        ApplicationId=app, JourneyId=journey_id, RunId=run["RunId"]
    )["JourneyRunExecutionMetricsResponse"]
    assert metrics["Metrics"] == {
        "ENDPOINT_ENTERED": "1",
        "ENDPOINT_INACTIVE": "1",
        "ENDPOINT_OPT_OUT": "1",
        "ENDPOINT_PRODUCED": "3",
    }
    assert metrics["RunId"] == run["RunId"]
    assert metrics["JourneyId"] == journey_id
    assert metrics["ApplicationId"] == app
    assert metrics["LastEvaluatedTime"] == "2030-01-01T00:00:00.000Z"


def test_journey_metrics_add_up_over_runs_and_count_cancellations(
    raw: Any, app: str, clock: Clock
) -> None:
    segment_id = _audience_app(raw, app)
    request = journey_request(segment_id, State="ACTIVE")
    journey_id = raw.create_journey(ApplicationId=app, WriteJourneyRequest=request)[
        "JourneyResponse"
    ]["Id"]
    clock.advance(hours=1)
    ids = {"ApplicationId": app, "JourneyId": journey_id}
    metrics = raw.get_journey_execution_metrics(**ids)["JourneyExecutionMetricsResponse"]
    # The first run's participant waited its hour and left (split, then an SMS activity an
    # email endpoint passes); the second run's waits at "pause".
    assert metrics["Metrics"] == {"ENDPOINT_ACTIVE": "1", "ENDPOINT_ENTERED": "2"}
    assert metrics["LastEvaluatedTime"] == "2030-01-01T01:00:00.000Z"
    raw.update_journey_state(**ids, JourneyStateRequest={"State": "CANCELLED"})
    metrics = raw.get_journey_execution_metrics(**ids)["JourneyExecutionMetricsResponse"]
    assert metrics["Metrics"] == {"CANCELLED": "1", "ENDPOINT_ENTERED": "2"}


def test_a_draft_has_empty_metrics(raw: Any, app: str) -> None:
    journey = create(raw, app)
    metrics = raw.get_journey_execution_metrics(ApplicationId=app, JourneyId=journey["Id"])[
        "JourneyExecutionMetricsResponse"
    ]
    assert metrics["Metrics"] == {}
    assert metrics["LastEvaluatedTime"] == journey["CreationDate"]


def test_activity_metrics_carry_the_activity_type(raw: Any, app: str) -> None:
    segment_id = _audience_app(raw, app)
    request = journey_request(segment_id, State="ACTIVE")
    journey_id = raw.create_journey(ApplicationId=app, WriteJourneyRequest=request)[
        "JourneyResponse"
    ]["Id"]
    found = {}
    for activity in ("send", "pause", "split", "hold", "sms"):
        answer = raw.get_journey_execution_activity_metrics(
            ApplicationId=app, JourneyId=journey_id, JourneyActivityId=activity
        )["JourneyExecutionActivityMetricsResponse"]
        found[activity] = (answer["ActivityType"], answer["Metrics"])
    assert found == {
        # The app has no email channel: the message fails, the participant moves on and waits.
        "send": ("MESSAGE", {"ENDPOINT_ENTERED": "1", "FAILURE": "1"}),
        "pause": ("WAIT", {"ENDPOINT_ENTERED": "1"}),
        "split": ("CONDITIONAL_SPLIT", {}),
        "hold": ("HOLDOUT", {}),
        "sms": ("MESSAGE", {}),
    }


def test_an_unknown_activity_or_run_is_not_found(raw: Any, app: str) -> None:
    journey_id = create(raw, app, State="ACTIVE")["Id"]
    [run] = runs(raw, app, journey_id)
    ids = {"ApplicationId": app, "JourneyId": journey_id}
    with pytest.raises(raw.exceptions.NotFoundException) as caught:
        raw.get_journey_execution_activity_metrics(**ids, JourneyActivityId="nope")
    assert "Activity 'nope' not found" in error_of(caught)[2]
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.get_journey_run_execution_activity_metrics(
            **ids, RunId=run["RunId"], JourneyActivityId="nope"
        )
    with pytest.raises(raw.exceptions.NotFoundException) as caught:
        raw.get_journey_run_execution_metrics(**ids, RunId="f" * 32)
    assert "Run " in error_of(caught)[2]


def test_delivery_code_counts_activity_metrics_in_one_place(
    raw: Any, app: str, emu: Emulator
) -> None:
    segment_id = _audience_app(raw, app)
    request = journey_request(segment_id, State="ACTIVE")
    journey_id = raw.create_journey(ApplicationId=app, WriteJourneyRequest=request)[
        "JourneyResponse"
    ]["Id"]
    [run] = runs(raw, app, journey_id)
    with emu.state.lock:
        stored_app = emu.state.apps[app]
        journey = stored_app.journeys[journey_id]
        assert journey_audience(emu.state, stored_app, journey).entered == ["active"]
        count_activity(journey, run["RunId"], "send", "SUCCESS", 1)
    ids = {"ApplicationId": app, "JourneyId": journey_id, "JourneyActivityId": "send"}
    in_run = raw.get_journey_run_execution_activity_metrics(**ids, RunId=run["RunId"])[
        "JourneyRunExecutionActivityMetricsResponse"
    ]
    overall = raw.get_journey_execution_activity_metrics(**ids)[
        "JourneyExecutionActivityMetricsResponse"
    ]
    assert (
        in_run["Metrics"]
        == overall["Metrics"]
        == {
            "ENDPOINT_ENTERED": "1",
            "FAILURE": "1",  # the run's own attempt: the app has no email channel
            "SUCCESS": "1",
        }
    )
    assert in_run["ActivityType"] == "MESSAGE"
    assert in_run["RunId"] == run["RunId"]


# -- the date-range KPI ------------------------------------------------------------------------


def test_the_kpi_answers_a_well_formed_empty_result(raw: Any, app: str) -> None:
    journey_id = create(raw, app)["Id"]
    answer = raw.get_journey_date_range_kpi(
        ApplicationId=app, JourneyId=journey_id, KpiName="email-open-rate"
    )["JourneyDateRangeKpiResponse"]
    assert answer["KpiName"] == "email-open-rate"
    assert answer["KpiResult"] == {"Rows": []}
    assert answer["EndTime"] == START
    assert answer["StartTime"] == START - timedelta(days=7)
    assert (answer["ApplicationId"], answer["JourneyId"]) == (app, journey_id)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"KpiName": "Open Rate"}, "is not a KPI name"),
        ({"KpiName": "opens"}, "is not a KPI name"),
        (
            {"KpiName": "email-open-rate", "StartTime": START, "EndTime": START - timedelta(1)},
            "StartTime must not be after EndTime",
        ),
        (
            {"KpiName": "email-open-rate", "StartTime": START - timedelta(days=91)},
            "fewer than 90 days",
        ),
    ],
)
def test_a_bad_kpi_query_is_refused(
    raw: Any, app: str, extra: dict[str, Any], message: str
) -> None:
    journey_id = create(raw, app)["Id"]
    with pytest.raises(raw.exceptions.BadRequestException) as caught:
        raw.get_journey_date_range_kpi(ApplicationId=app, JourneyId=journey_id, **extra)
    assert message in error_of(caught)[2]


# -- tags and quotas ---------------------------------------------------------------------------


def test_tags_on_a_journey_arn(raw: Any, app: str) -> None:
    journey_id = create(raw, app)["Id"]
    arn = f"arn:aws:mobiletargeting:us-east-1:123456789012:apps/{app}/journeys/{journey_id}"
    raw.tag_resource(ResourceArn=arn, TagsModel={"tags": {"team": "growth", "tier": "gold"}})
    raw.untag_resource(ResourceArn=arn, TagKeys=["tier"])
    assert raw.list_tags_for_resource(ResourceArn=arn)["TagsModel"]["tags"] == {"team": "growth"}
    got = raw.get_journey(ApplicationId=app, JourneyId=journey_id)["JourneyResponse"]
    assert got["tags"] == {"team": "growth"}
    raw.delete_journey(ApplicationId=app, JourneyId=journey_id)
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.list_tags_for_resource(ResourceArn=arn)


def test_the_account_has_at_most_fifty_active_journeys() -> None:
    with Emulator(clock=Clock()) as emulator:
        raw = boto3_client_for(emulator)
        app = raw.create_app(CreateApplicationRequest={"Name": "quota"})["ApplicationResponse"][
            "Id"
        ]
        other = raw.create_app(CreateApplicationRequest={"Name": "other"})["ApplicationResponse"][
            "Id"
        ]
        segment_id = segment(raw, app)
        live = [
            raw.create_journey(
                ApplicationId=app, WriteJourneyRequest=journey_request(segment_id, State="ACTIVE")
            )["JourneyResponse"]["Id"]
            for _ in range(MAX_ACTIVE_JOURNEYS)
        ]
        other_request = journey_request(segment(raw, other), State="ACTIVE")
        with pytest.raises(raw.exceptions.BadRequestException) as caught:
            raw.create_journey(ApplicationId=other, WriteJourneyRequest=other_request)
        assert "50 active journeys, the most it can have (50)" in error_of(caught)[2]
        draft = raw.create_journey(
            ApplicationId=other, WriteJourneyRequest={**other_request, "State": "DRAFT"}
        )["JourneyResponse"]["Id"]
        with pytest.raises(raw.exceptions.BadRequestException):
            raw.update_journey_state(
                ApplicationId=other, JourneyId=draft, JourneyStateRequest={"State": "ACTIVE"}
            )
        raw.update_journey_state(
            ApplicationId=app, JourneyId=live[0], JourneyStateRequest={"State": "CANCELLED"}
        )
        answer = raw.update_journey_state(
            ApplicationId=other, JourneyId=draft, JourneyStateRequest={"State": "ACTIVE"}
        )
        assert answer["JourneyResponse"]["State"] == "ACTIVE"


def test_a_clock_moved_far_starts_only_the_latest_runs(raw: Any, app: str, clock: Clock) -> None:
    journey_id = create(raw, app, State="ACTIVE", RefreshFrequency="PT1M")["Id"]
    clock.advance(days=365)
    found: list[dict[str, Any]] = []
    token: dict[str, str] = {}
    while True:
        answer = raw.get_journey_runs(
            ApplicationId=app, JourneyId=journey_id, PageSize="1000", **token
        )["JourneyRunsResponse"]
        found += answer["Item"]
        if "NextToken" not in answer:
            break
        token = {"Token": answer["NextToken"]}
    # The create only schedules the first run; a year of one-minute runs came due before anything
    # looked, and only the latest MAX_CATCH_UP_RUNS of them are started.
    assert len(found) == MAX_CATCH_UP_RUNS
    assert found[-1]["CreationTime"] == "2031-01-01T00:00:00.000Z"
    assert found[-2]["CreationTime"] == "2030-12-31T23:59:00.000Z"


@pytest.mark.parametrize(
    "overrides",
    [
        {"RefreshFrequency": "P99999999999999999999D"},
        {"Limits": {"EndpointReentryInterval": "PT99999999999999999999H"}},
    ],
)
def test_out_of_range_times_are_refused_not_a_server_error(
    loose: Any, raw: Any, app: str, overrides: dict[str, Any]
) -> None:
    request = journey_request(segment(raw, app), **overrides)
    with pytest.raises(loose.exceptions.BadRequestException):
        loose.create_journey(ApplicationId=app, WriteJourneyRequest=request)


@pytest.mark.parametrize("refresh", ["P1M", "P1Y", "PT0.5H", "P1Y2M3DT4H5M6S"])
def test_every_iso_8601_duration_is_a_refresh_frequency(raw: Any, app: str, refresh: str) -> None:
    """The API reference asks for "a duration in ISO 8601 format": months, years and decimal
    parts are ISO 8601 too (a month counts 30 days, a year 365)."""
    assert create(raw, app, RefreshFrequency=refresh)["RefreshFrequency"] == refresh


def test_the_emulators_month_is_30_days() -> None:
    assert parse_duration("P1M", "RefreshFrequency") == timedelta(days=30)
    assert parse_duration("P1,5D", "RefreshFrequency") == timedelta(days=1, hours=12)


def test_an_epoch_time_out_of_range_is_refused_not_a_server_error(
    raw: Any, app: str, emu: Emulator
) -> None:
    # botocore cannot even serialise such a timestamp: sent as raw JSON.
    body = json.dumps(journey_request(segment(raw, app), Schedule={"StartTime": 1e20})).encode()
    request = urllib.request.Request(
        f"{emu.endpoint_url}/v1/apps/{app}/journeys", data=body, method="POST"
    )
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=10)
    assert caught.value.code == 400
    assert (
        "WriteJourneyRequest.Schedule.StartTime must be an ISO 8601 date"
        in json.loads(caught.value.read())["Message"]
    )


def test_a_refresh_that_would_pass_the_year_9999_stops_the_runs(
    raw: Any, app: str, clock: Clock
) -> None:
    clock.now = datetime(9999, 12, 31, tzinfo=timezone.utc)
    journey_id = create(raw, app, State="ACTIVE", RefreshFrequency="P7D")["Id"]
    assert len(runs(raw, app, journey_id)) == 1
