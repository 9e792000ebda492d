"""Journeys deliver on the emulator's clock: each run walks its participants through the
activities (messages, waits, splits, holdouts) into the outbox (docs/emulator.md, Journeys)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from pinpoint_sdk.emulator import Emulator, ManualClock

START = datetime(2030, 1, 1, 9, 0, tzinfo=timezone.utc)
HOUR = timedelta(hours=1)


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


def start_journey(raw: Any, app: str, activities: dict[str, Any], start: str) -> str:
    request = {
        "Name": "welcome",
        "Activities": activities,
        "StartActivity": start,
        "StartCondition": {"SegmentStartCondition": {"SegmentId": club_segment(raw, app)}},
        "Schedule": {"StartTime": (START + HOUR).isoformat()},
        "State": "ACTIVE",
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
