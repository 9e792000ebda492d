"""Journeys deliver on the emulator's clock: each run walks its participants through the
activities (messages, waits, splits, holdouts) into the outbox (docs/emulator.md, Journeys)."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from pinpoint_sdk.emulator import Emulator, ManualClock

START = datetime(2030, 1, 1, 9, 0, tzinfo=timezone.utc)
HOUR = timedelta(hours=1)
MINUTE = timedelta(minutes=1)


@pytest.fixture(scope="module")
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture(scope="module")
def emu(clock: ManualClock) -> Iterator[Emulator]:
    """This module's emulator runs on ``clock`` (overrides conftest's ``emu``)."""
    with Emulator(clock=clock) as emulator:
        yield emulator


@pytest.fixture(autouse=True)
def _fresh(clock: ManualClock, emu: Emulator) -> None:
    clock.set(START)
    emu.outbox.clear()


@pytest.fixture
def templates(raw: Any, app: str) -> Iterator[dict[str, str]]:
    """SMS templates for this test: short name -> template name (templates are account-wide)."""
    bodies = {
        "hello": "Hello {{Attributes.name}}",
        "gold": "Gold offer",
        "rest": "Standard offer",
        "a": "Variant A",
        "b": "Variant B",
    }
    names = {short: f"{short}-{app}" for short in bodies}
    for short, body in bodies.items():
        raw.create_sms_template(TemplateName=names[short], SMSTemplateRequest={"Body": body})
    yield names
    for name in names.values():
        raw.delete_sms_template(TemplateName=name)


def split_bucket(journey_id: str, activity_id: str, endpoint_id: str) -> int:
    """The documented assignment: sha256("<journey>:<activity>:<endpoint>"), 8 bytes, mod 100."""
    digest = hashlib.sha256(f"{journey_id}:{activity_id}:{endpoint_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 100


def members(raw: Any, app: str) -> dict[str, str]:
    """Ten members (two of them gold) and one that opted out, all SMS; the app has an SMS
    channel. Returns the members' endpoint id -> plan."""
    raw.update_sms_channel(ApplicationId=app, SMSChannelRequest={"Enabled": True})
    plans = {f"m{i}": "gold" if i < 2 else "basic" for i in range(10)}
    items: list[dict[str, Any]] = [
        {
            "Id": eid,
            "ChannelType": "SMS",
            "Address": f"+1206555{i:04d}",
            "Attributes": {"club": ["yes"], "plan": [plan], "name": [eid.upper()]},
        }
        for i, (eid, plan) in enumerate(plans.items())
    ]
    items.append(
        {
            "Id": "quitter",
            "ChannelType": "SMS",
            "Address": "+12065559999",
            "OptOut": "ALL",
            "Attributes": {"club": ["yes"], "plan": ["gold"]},
        }
    )
    raw.update_endpoints_batch(ApplicationId=app, EndpointBatchRequest={"Item": items})
    return plans


def club_segment(raw: Any, app: str) -> str:
    dimensions = {"Attributes": {"club": {"AttributeType": "INCLUSIVE", "Values": ["yes"]}}}
    response = raw.create_segment(
        ApplicationId=app, WriteSegmentRequest={"Name": "club", "Dimensions": dimensions}
    )
    return str(response["SegmentResponse"]["Id"])


def start_journey(raw: Any, app: str, activities: dict[str, Any], start: str, **extra: Any) -> str:
    """An ACTIVE journey on the club segment, starting at 10:00 UTC; ``extra`` members added."""
    request = {
        "Name": "welcome",
        "Activities": activities,
        "StartActivity": start,
        "StartCondition": {"SegmentStartCondition": {"SegmentId": club_segment(raw, app)}},
        "Schedule": {"StartTime": (START + HOUR).isoformat()},
        "State": "ACTIVE",
        **extra,
    }
    journey = raw.create_journey(ApplicationId=app, WriteJourneyRequest=request)
    return str(journey["JourneyResponse"]["Id"])


def sms(template: str, following: str | None = None) -> dict[str, Any]:
    activity: dict[str, Any] = {"SMS": {"TemplateName": template}}
    if following is not None:
        activity["SMS"]["NextActivity"] = following
    return activity


def received(emu: Emulator) -> list[tuple[str, str]]:
    return sorted((m.endpoint_id or "", m.body or "") for m in emu.outbox)


def activity_metrics(raw: Any, app: str, journey_id: str, activity_id: str) -> dict[str, str]:
    answer = raw.get_journey_execution_activity_metrics(
        ApplicationId=app, JourneyId=journey_id, JourneyActivityId=activity_id
    )
    return dict(answer["JourneyExecutionActivityMetricsResponse"]["Metrics"])


def test_a_journey_published_to_start_now_runs_after_the_create_not_inside_it(
    raw: Any, app: str, emu: Emulator, templates: dict[str, str]
) -> None:
    plans = members(raw, app)
    request = {
        "Name": "now",
        "Activities": {"hello": sms(templates["hello"])},
        "StartActivity": "hello",
        "StartCondition": {"SegmentStartCondition": {"SegmentId": club_segment(raw, app)}},
        "State": "ACTIVE",
    }
    created = raw.create_journey(ApplicationId=app, WriteJourneyRequest=request)["JourneyResponse"]
    # Pinpoint publishes the journey and starts it afterwards: the create's answer is ACTIVE
    # (not CLOSED after a run) and nothing was sent inside the request.
    assert created["State"] == "ACTIVE"
    assert list(emu.outbox) == []
    emu.run_due()
    assert received(emu) == sorted((eid, f"Hello {eid.upper()}") for eid in plans)
    read = raw.get_journey(ApplicationId=app, JourneyId=created["Id"])["JourneyResponse"]
    assert read["State"] == "CLOSED"  # no RefreshFrequency: past its start, it takes no one new


def test_a_journey_sends_waits_and_splits_on_the_clock(
    raw: Any, app: str, emu: Emulator, clock: ManualClock, templates: dict[str, str]
) -> None:
    plans = members(raw, app)
    gold = {"Attributes": {"plan": {"AttributeType": "INCLUSIVE", "Values": ["gold"]}}}
    journey_id = start_journey(
        raw,
        app,
        {
            "hello": sms(templates["hello"], "pause"),
            "pause": {"Wait": {"WaitTime": {"WaitFor": "PT2H"}, "NextActivity": "split"}},
            "split": {
                "ConditionalSplit": {
                    "Condition": {"Conditions": [{"SegmentDimensions": gold}], "Operator": "ALL"},
                    "TrueActivity": "gold",
                    "FalseActivity": "hold",
                }
            },
            "gold": sms(templates["gold"]),
            "hold": {"Holdout": {"Percentage": 50, "NextActivity": "rest"}},
            "rest": sms(templates["rest"]),
        },
        "hello",
    )
    clock.advance(timedelta(minutes=59))
    assert list(emu.outbox) == []
    clock.advance(timedelta(minutes=1))
    # The member who opted out enters nothing and receives nothing.
    assert received(emu) == sorted((eid, f"Hello {eid.upper()}") for eid in plans)
    assert {m.journey_id for m in emu.outbox} == {journey_id}
    emu.outbox.clear()
    clock.advance(HOUR)
    assert list(emu.outbox) == []  # still waiting
    clock.advance(HOUR)
    kept = [
        eid
        for eid, plan in plans.items()
        if plan == "basic" and split_bucket(journey_id, "hold", eid) >= 50
    ]
    expected = [(eid, "Gold offer") for eid, plan in plans.items() if plan == "gold"]
    expected += [(eid, "Standard offer") for eid in kept]
    assert received(emu) == sorted(expected)
    assert activity_metrics(raw, app, journey_id, "hello") == {
        "ENDPOINT_ENTERED": "10",
        "SUCCESS": "10",
    }
    assert activity_metrics(raw, app, journey_id, "split") == {
        "ENDPOINT_ENTERED": "10",
        "FALSE": "8",
        "TRUE": "2",
    }
    held = 8 - len(kept)
    assert activity_metrics(raw, app, journey_id, "hold") == {
        "ENDPOINT_ENTERED": "8",
        **({"HOLDOUT": str(held)} if held else {}),
    }
    metrics = raw.get_journey_execution_metrics(ApplicationId=app, JourneyId=journey_id)
    # Everyone has left the journey: none is active any more.
    assert metrics["JourneyExecutionMetricsResponse"]["Metrics"] == {"ENDPOINT_ENTERED": "10"}


def test_a_random_split_and_a_segment_condition_choose_deterministically(
    raw: Any, app: str, emu: Emulator, clock: ManualClock, templates: dict[str, str]
) -> None:
    plans = members(raw, app)
    gold_segment = raw.create_segment(
        ApplicationId=app,
        WriteSegmentRequest={
            "Name": "gold",
            "Dimensions": {
                "Attributes": {"plan": {"AttributeType": "INCLUSIVE", "Values": ["gold"]}}
            },
        },
    )["SegmentResponse"]["Id"]
    journey_id = start_journey(
        raw,
        app,
        {
            "route": {
                "MultiCondition": {
                    "Branches": [
                        {
                            "Condition": {"SegmentCondition": {"SegmentId": gold_segment}},
                            "NextActivity": "gold",
                        }
                    ],
                    "DefaultActivity": "coin",
                }
            },
            "gold": sms(templates["gold"]),
            "coin": {
                "RandomSplit": {
                    "Branches": [
                        {"Percentage": 30, "NextActivity": "a"},
                        {"Percentage": 70, "NextActivity": "b"},
                    ]
                }
            },
            "a": sms(templates["a"]),
            "b": sms(templates["b"]),
        },
        "route",
    )
    clock.advance(HOUR)
    expected = []
    for eid, plan in plans.items():
        if plan == "gold":
            expected.append((eid, "Gold offer"))
        else:
            variant = "A" if split_bucket(journey_id, "coin", eid) < 30 else "B"
            expected.append((eid, f"Variant {variant}"))
    assert received(emu) == sorted(expected)
    assert activity_metrics(raw, app, journey_id, "route") == {
        "BRANCH_1": "2",
        "DEFAULT": "8",
        "ENDPOINT_ENTERED": "10",
    }


def test_a_cancelled_journey_sends_nothing_more(
    raw: Any, app: str, emu: Emulator, clock: ManualClock, templates: dict[str, str]
) -> None:
    members(raw, app)
    journey_id = start_journey(
        raw,
        app,
        {
            "pause": {"Wait": {"WaitTime": {"WaitFor": "PT1H"}, "NextActivity": "hello"}},
            "hello": sms(templates["hello"]),
        },
        "pause",
    )
    clock.advance(HOUR)
    raw.update_journey_state(
        ApplicationId=app, JourneyId=journey_id, JourneyStateRequest={"State": "CANCELLED"}
    )
    clock.advance(3 * HOUR)
    assert list(emu.outbox) == []


def test_a_missing_template_counts_a_failure_and_sends_nothing(
    raw: Any, app: str, emu: Emulator, clock: ManualClock
) -> None:
    members(raw, app)
    journey_id = start_journey(raw, app, {"hello": sms(f"gone-{app}")}, "hello")
    clock.advance(HOUR)
    assert list(emu.outbox) == []
    assert activity_metrics(raw, app, journey_id, "hello") == {
        "ENDPOINT_ENTERED": "10",
        "FAILURE": "10",
    }


def test_a_wait_until_a_date_holds_everyone_until_then(
    raw: Any, app: str, emu: Emulator, clock: ManualClock, templates: dict[str, str]
) -> None:
    plans = members(raw, app)
    until = (START + 3 * HOUR).strftime("%Y-%m-%dT%H:%M:%SZ")
    start_journey(
        raw,
        app,
        {
            "pause": {"Wait": {"WaitTime": {"WaitUntil": until}, "NextActivity": "hello"}},
            "hello": sms(templates["hello"]),
        },
        "pause",
    )
    clock.advance(3 * HOUR - timedelta(seconds=1))
    assert list(emu.outbox) == []
    clock.advance(timedelta(seconds=1))
    assert sorted(m.endpoint_id or "" for m in emu.outbox) == sorted(plans)
    assert {m.sent_at for m in emu.outbox} == {"2030-01-01T12:00:00.000Z"}


# -- quiet time and limits ------------------------------------------------------------------------


def in_zones(raw: Any, app: str, zones: dict[str, str]) -> None:
    for endpoint_id, zone in zones.items():
        raw.update_endpoint(
            ApplicationId=app,
            EndpointId=endpoint_id,
            EndpointRequest={"Demographic": {"Timezone": zone}},
        )


def test_quiet_time_skips_participants_in_it_by_their_time_zone(
    raw: Any, app: str, emu: Emulator, clock: ManualClock, templates: dict[str, str]
) -> None:
    plans = members(raw, app)
    # At the run, 10:00 UTC: 10:00 in London (quiet), 19:00 in Tokyo; no time zone: never quiet.
    in_zones(raw, app, {"m0": "Europe/London", "m1": "Asia/Tokyo"})
    quiet = {"Start": "09:00", "End": "10:30"}
    start_journey(raw, app, {"hello": sms(templates["hello"])}, "hello", QuietTime=quiet)
    clock.advance(3 * HOUR)
    assert sorted(m.endpoint_id or "" for m in emu.outbox) == sorted(set(plans) - {"m0"})


def test_wait_for_quiet_time_holds_the_message_until_quiet_time_ends(
    raw: Any, app: str, emu: Emulator, clock: ManualClock, templates: dict[str, str]
) -> None:
    members(raw, app)
    in_zones(raw, app, {"m0": "Europe/London"})
    quiet = {"Start": "09:00", "End": "10:30"}
    start_journey(
        raw,
        app,
        {"hello": sms(templates["hello"])},
        "hello",
        QuietTime=quiet,
        WaitForQuietTime=True,
    )
    clock.advance(HOUR + 30 * MINUTE)  # 10:30 London: still quiet (inclusive to the minute)
    assert "m0" not in {m.endpoint_id for m in emu.outbox}
    clock.advance(MINUTE)
    [held] = [m for m in emu.outbox if m.endpoint_id == "m0"]
    assert held.sent_at == "2030-01-01T10:31:00.000Z"
    assert held.body == "Hello M0"


def test_the_apps_quiet_time_applies_when_the_journey_has_none(
    raw: Any, app: str, emu: Emulator, clock: ManualClock, templates: dict[str, str]
) -> None:
    members(raw, app)
    in_zones(raw, app, {"m0": "Europe/London"})
    raw.update_application_settings(
        ApplicationId=app,
        WriteApplicationSettingsRequest={"QuietTime": {"Start": "09:00", "End": "10:30"}},
    )
    start_journey(raw, app, {"hello": sms(templates["hello"])}, "hello")
    clock.advance(2 * HOUR)
    assert "m0" not in {m.endpoint_id for m in emu.outbox}
    assert len(emu.outbox) == 9


def test_a_daily_cap_stops_a_second_message_the_same_day(
    raw: Any, app: str, emu: Emulator, clock: ManualClock, templates: dict[str, str]
) -> None:
    plans = members(raw, app)
    start_journey(
        raw,
        app,
        {"hello": sms(templates["hello"], "gold"), "gold": sms(templates["gold"])},
        "hello",
        Limits={"DailyCap": 1},
    )
    clock.advance(2 * HOUR)
    assert received(emu) == sorted((eid, f"Hello {eid.upper()}") for eid in plans)


def test_the_reentry_cap_and_interval_limit_how_often_a_participant_enters(
    raw: Any, app: str, emu: Emulator, clock: ManualClock, templates: dict[str, str]
) -> None:
    members(raw, app)
    hourly = {"RefreshFrequency": "PT1H"}
    capped = start_journey(
        raw, app, {"hello": sms(templates["hello"])}, "hello", **hourly,
        Limits={"EndpointReentryCap": 2},
    )  # fmt: skip
    spaced = start_journey(
        raw, app, {"hello": sms(templates["gold"])}, "hello", **hourly,
        Limits={"EndpointReentryInterval": "PT2H"},
    )  # fmt: skip
    clock.advance(4 * HOUR)  # runs at 10:00, 11:00, 12:00 and 13:00
    by_journey = Counter(m.journey_id for m in emu.outbox if m.endpoint_id == "m0")
    assert by_journey == {capped: 2, spaced: 2}  # capped: 10 and 11; spaced: 10 and 12
