"""Campaigns deliver on the emulator's clock: who receives what, and when (docs/emulator.md,
Campaigns). Every test drives the emulator through plain boto3 and moves a ``ManualClock``."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from pinpoint_sdk.emulator import Emulator, ManualClock, _campaigns
from pinpoint_sdk.emulator._campaigns import MAX_CATCH_UP_RUNS
from pinpoint_sdk.emulator._clock import Ticker
from pinpoint_sdk.emulator.pytest_plugin import boto3_client_for

START = datetime(2030, 1, 1, 9, 0, tzinfo=timezone.utc)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


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


def bucket(campaign_id: str, endpoint_id: str) -> int:
    """The documented assignment: sha256("<campaign>:<endpoint>"), first 8 bytes, modulo 100."""
    digest = hashlib.sha256(f"{campaign_id}:{endpoint_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 100


def at(delta: timedelta) -> str:
    return (START + delta).strftime("%Y-%m-%dT%H:%M:%SZ")


def fans(raw: Any, app: str, count: int = 4, **extra: Any) -> list[str]:
    """``count`` SMS endpoints in team red, one in team blue, one red that opted out; the app
    has an SMS channel. Returns the ids of the red ones that may receive messages."""
    raw.update_sms_channel(ApplicationId=app, SMSChannelRequest={"Enabled": True})
    red = [f"fan-{i:02d}" for i in range(count)]
    items = [
        {
            "Id": eid,
            "ChannelType": "SMS",
            "Address": f"+1206555{i:04d}",
            "Attributes": {"team": ["red"], "name": [f"Fan{i}"]},
            **extra,
        }
        for i, eid in enumerate(red)
    ]
    items.append(
        {
            "Id": "blue",
            "ChannelType": "SMS",
            "Address": "+12065559998",
            "Attributes": {"team": ["blue"]},
        }
    )
    items.append(
        {
            "Id": "quitter",
            "ChannelType": "SMS",
            "Address": "+12065559999",
            "OptOut": "ALL",
            "Attributes": {"team": ["red"]},
        }
    )
    for start in range(0, len(items), 100):
        raw.update_endpoints_batch(
            ApplicationId=app, EndpointBatchRequest={"Item": items[start : start + 100]}
        )
    return red


def red_segment(raw: Any, app: str) -> str:
    dimensions = {"Attributes": {"team": {"AttributeType": "INCLUSIVE", "Values": ["red"]}}}
    response = raw.create_segment(
        ApplicationId=app, WriteSegmentRequest={"Name": "red", "Dimensions": dimensions}
    )
    return str(response["SegmentResponse"]["Id"])


def campaign(raw: Any, app: str, segment_id: str, **request: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "Name": "match-day",
        "SegmentId": segment_id,
        "MessageConfiguration": {"SMSMessage": {"Body": "Go {{Attributes.name}}!"}},
        "Schedule": {"StartTime": at(HOUR), "Frequency": "ONCE"},
        **request,
    }
    return dict(
        raw.create_campaign(ApplicationId=app, WriteCampaignRequest=body)["CampaignResponse"]
    )


def received(emu: Emulator) -> list[tuple[str | None, str | None]]:
    """(endpoint id, body) of every message in the outbox, sorted."""
    return sorted(((m.endpoint_id, m.body) for m in emu.outbox), key=str)


def activities(raw: Any, app: str, campaign_id: str) -> list[dict[str, Any]]:
    answer = raw.get_campaign_activities(ApplicationId=app, CampaignId=campaign_id)
    return list(answer["ActivitiesResponse"]["Item"])


def status(raw: Any, app: str, campaign_id: str) -> str:
    answer = raw.get_campaign(ApplicationId=app, CampaignId=campaign_id)["CampaignResponse"]
    return str(answer["State"]["CampaignStatus"])


def test_a_campaign_delivers_to_its_segment_when_the_clock_reaches_its_start(
    raw: Any, app: str, emu: Emulator, clock: ManualClock
) -> None:
    red = fans(raw, app)
    created = campaign(raw, app, red_segment(raw, app))
    assert created["State"]["CampaignStatus"] == "SCHEDULED"
    clock.advance(timedelta(minutes=59))
    assert list(emu.outbox) == []
    clock.advance(timedelta(minutes=1))
    # Blue is not in the segment; the quitter opted out: neither receives anything.
    assert received(emu) == [(eid, f"Go Fan{i}!") for i, eid in enumerate(red)]
    assert {m.campaign_id for m in emu.outbox} == {created["Id"]}
    assert {m.sent_at for m in emu.outbox} == {"2030-01-01T10:00:00.000Z"}
    [activity] = activities(raw, app, created["Id"])
    assert (activity["TotalEndpointCount"], activity["SuccessfulEndpointCount"]) == (5, 4)
    assert (activity["ScheduledStart"], activity["TreatmentId"]) == (
        "2030-01-01T10:00:00.000Z",
        "0",
    )
    assert status(raw, app, created["Id"]) == "COMPLETED"
    clock.advance(DAY)
    assert len(emu.outbox) == len(red)  # ONCE: never again


def test_an_immediate_campaign_is_scheduled_by_its_create_and_runs_after_it(
    raw: Any, app: str, emu: Emulator
) -> None:
    """Pinpoint answers the create with the campaign scheduled and runs it afterwards (AWS's
    own example stubs expect SCHEDULED); nothing is delivered inside the create."""
    red = fans(raw, app)
    schedule = {"StartTime": "IMMEDIATE", "Frequency": "ONCE"}
    created = campaign(raw, app, red_segment(raw, app), Schedule=schedule)
    assert (created["State"], created["DefaultState"]) == (
        {"CampaignStatus": "SCHEDULED"},
        {"CampaignStatus": "SCHEDULED"},
    )
    assert list(emu.outbox) == []
    emu.run_due()  # the ticker's work, on the system clock
    assert sorted(m.endpoint_id or "" for m in emu.outbox) == red
    assert status(raw, app, created["Id"]) == "COMPLETED"


def test_an_update_to_an_immediate_start_answers_scheduled_and_sends_nothing_yet(
    raw: Any, app: str, emu: Emulator
) -> None:
    fans(raw, app, count=1)
    created = campaign(raw, app, red_segment(raw, app))
    updated = raw.update_campaign(
        ApplicationId=app,
        CampaignId=created["Id"],
        WriteCampaignRequest={"Schedule": {"StartTime": "IMMEDIATE", "Frequency": "ONCE"}},
    )["CampaignResponse"]
    assert updated["State"]["CampaignStatus"] == "SCHEDULED"
    assert list(emu.outbox) == []


def test_kpis_count_each_delivered_message_once(
    raw: Any, app: str, emu: Emulator, clock: ManualClock
) -> None:
    red = fans(raw, app)
    created = campaign(raw, app, red_segment(raw, app))
    clock.advance(HOUR)
    [activity] = activities(raw, app, created["Id"])
    rows = raw.get_campaign_date_range_kpi(
        ApplicationId=app,
        CampaignId=created["Id"],
        KpiName="successful-deliveries-grouped-by-campaign-activity",
    )["CampaignDateRangeKpiResponse"]["KpiResult"]["Rows"]
    assert [(r["GroupedBys"][0]["Value"], r["Values"][0]["Value"]) for r in rows] == [
        (activity["Id"], f"{float(len(red))}")
    ]


def test_a_recurring_campaign_delivers_each_period_until_its_end_time(
    raw: Any, app: str, emu: Emulator, clock: ManualClock
) -> None:
    red = fans(raw, app, count=2)
    schedule = {"StartTime": at(HOUR), "Frequency": "DAILY", "EndTime": at(2 * DAY + 2 * HOUR)}
    created = campaign(raw, app, red_segment(raw, app), Schedule=schedule)
    clock.advance(HOUR)
    assert len(emu.outbox) == 2
    assert status(raw, app, created["Id"]) == "PENDING_NEXT_RUN"
    clock.advance(DAY - timedelta(minutes=1))
    assert len(emu.outbox) == 2
    clock.advance(timedelta(minutes=1))
    assert len(emu.outbox) == 4
    clock.advance(5 * DAY)  # one more run (day 2, 10:00) before EndTime (day 2, 11:00)
    assert sorted(m.endpoint_id or "" for m in emu.outbox) == sorted(red * 3)
    assert [a["ScheduledStart"] for a in activities(raw, app, created["Id"])] == [
        "2030-01-01T10:00:00.000Z",
        "2030-01-02T10:00:00.000Z",
        "2030-01-03T10:00:00.000Z",
    ]
    assert status(raw, app, created["Id"]) == "COMPLETED"


def test_a_moved_clock_runs_every_hourly_run_that_came_due(
    raw: Any, app: str, emu: Emulator, clock: ManualClock
) -> None:
    fans(raw, app, count=1)
    campaign(
        raw, app, red_segment(raw, app), Schedule={"StartTime": at(HOUR), "Frequency": "HOURLY"}
    )
    clock.advance(4 * HOUR)  # 10:00, 11:00, 12:00, 13:00
    assert [m.endpoint_id for m in emu.outbox] == ["fan-00"] * 4


def test_a_holdout_receives_nothing_on_any_run(
    raw: Any, app: str, emu: Emulator, clock: ManualClock
) -> None:
    red = fans(raw, app, count=20)
    schedule = {"StartTime": at(HOUR), "Frequency": "HOURLY"}
    created = campaign(raw, app, red_segment(raw, app), HoldoutPercent=50, Schedule=schedule)
    expected = sorted(eid for eid in red if bucket(created["Id"], eid) >= 50)
    clock.advance(HOUR)
    assert sorted(m.endpoint_id or "" for m in emu.outbox) == expected
    emu.outbox.clear()
    clock.advance(HOUR)
    assert sorted(m.endpoint_id or "" for m in emu.outbox) == expected
    [first, _] = activities(raw, app, created["Id"])
    assert first["SuccessfulEndpointCount"] == len(expected)


def test_treatments_split_the_segment_by_size_percent(
    raw: Any, app: str, emu: Emulator, clock: ManualClock
) -> None:
    red = fans(raw, app, count=20)
    treatment = {"SizePercent": 30, "MessageConfiguration": {"SMSMessage": {"Body": "B"}}}
    created = campaign(
        raw,
        app,
        red_segment(raw, app),
        MessageConfiguration={"SMSMessage": {"Body": "A"}},
        HoldoutPercent=20,
        AdditionalTreatments=[treatment],
    )
    clock.advance(HOUR)

    def expected_body(eid: str) -> str | None:
        place = bucket(created["Id"], eid)
        return None if place < 20 else "B" if place < 50 else "A"

    expected = sorted(
        ((eid, expected_body(eid)) for eid in red if expected_body(eid) is not None), key=str
    )
    assert received(emu) == expected
    counts = {
        a["TreatmentId"]: a["SuccessfulEndpointCount"] for a in activities(raw, app, created["Id"])
    }
    assert counts == {
        "0": sum(1 for _, body in expected if body == "A"),
        "1": sum(1 for _, body in expected if body == "B"),
    }


def test_treatments_and_holdout_over_100_percent_are_a_bad_request(raw: Any, app: str) -> None:
    segment_id = red_segment(raw, app)
    with pytest.raises(raw.exceptions.BadRequestException) as caught:
        campaign(
            raw, app, segment_id, HoldoutPercent=80, AdditionalTreatments=[{"SizePercent": 30}]
        )
    assert "add up to 110" in caught.value.response["Error"]["Message"]


def test_the_campaigns_quiet_time_is_read_in_each_endpoints_time_zone(
    raw: Any, app: str, emu: Emulator, clock: ManualClock
) -> None:
    fans(raw, app, count=0)
    items = [
        ("new-york", "America/New_York", "+12065550100"),  # 13:00 UTC is 08:00 there
        ("tokyo", "Asia/Tokyo", "+12065550101"),  # and 22:00 there: quiet
    ]
    raw.update_endpoints_batch(
        ApplicationId=app,
        EndpointBatchRequest={
            "Item": [
                {
                    "Id": eid,
                    "ChannelType": "SMS",
                    "Address": address,
                    "Attributes": {"team": ["red"]},
                    "Demographic": {"Timezone": zone},
                }
                for eid, zone, address in items
            ]
        },
    )
    schedule = {
        "StartTime": at(4 * HOUR),
        "Frequency": "ONCE",
        "IsLocalTime": True,
        "QuietTime": {"Start": "21:00", "End": "07:30"},
    }
    created = campaign(raw, app, red_segment(raw, app), Schedule=schedule)
    clock.advance(4 * HOUR)
    assert [m.endpoint_id for m in emu.outbox] == ["new-york"]
    [activity] = activities(raw, app, created["Id"])
    assert (activity["TotalEndpointCount"], activity["SuccessfulEndpointCount"]) == (3, 1)


def test_the_apps_quiet_time_spares_endpoints_without_a_time_zone(
    raw: Any, app: str, emu: Emulator, clock: ManualClock
) -> None:
    # The model's QuietTime: it applies only when the endpoint's Demographic.Timezone is valid.
    fans(raw, app, count=2)
    raw.update_endpoint(
        ApplicationId=app,
        EndpointId="fan-00",
        EndpointRequest={"Demographic": {"Timezone": "Europe/London"}},  # UTC+0 in January
    )
    raw.update_application_settings(
        ApplicationId=app,
        WriteApplicationSettingsRequest={"QuietTime": {"Start": "09:30", "End": "10:30"}},
    )
    campaign(
        raw, app, red_segment(raw, app), Schedule={"StartTime": at(HOUR), "Frequency": "HOURLY"}
    )
    clock.advance(HOUR)  # 10:00 in London: quiet for fan-00 only
    assert [m.endpoint_id for m in emu.outbox] == ["fan-01"]
    clock.advance(HOUR)  # 11:00
    assert sorted(m.endpoint_id or "" for m in emu.outbox) == ["fan-00", "fan-01", "fan-01"]


def test_daily_and_total_limits_cap_what_one_endpoint_receives(
    raw: Any, app: str, emu: Emulator, clock: ManualClock
) -> None:
    fans(raw, app, count=1)
    segment_id = red_segment(raw, app)
    hourly = {"StartTime": at(HOUR), "Frequency": "HOURLY"}
    daily_cap = campaign(raw, app, segment_id, Schedule=hourly, Limits={"Daily": 2})
    total_cap = campaign(raw, app, segment_id, Schedule=hourly, Limits={"Total": 3})
    clock.advance(5 * HOUR)
    sent = [m.campaign_id for m in emu.outbox]
    assert (sent.count(daily_cap["Id"]), sent.count(total_cap["Id"])) == (2, 3)
    clock.advance(DAY)  # a new 24 hours: two more of the daily-capped, none of the other
    sent = [m.campaign_id for m in emu.outbox]
    assert (sent.count(daily_cap["Id"]), sent.count(total_cap["Id"])) == (4, 3)


def test_messages_per_second_times_maximum_duration_caps_a_run(
    raw: Any, app: str, emu: Emulator, clock: ManualClock
) -> None:
    fans(raw, app, count=65)
    limits = {"MessagesPerSecond": 1, "MaximumDuration": 60}
    created = campaign(raw, app, red_segment(raw, app), Limits=limits)
    clock.advance(HOUR)
    assert len(emu.outbox) == 60
    [activity] = activities(raw, app, created["Id"])
    assert (activity["TotalEndpointCount"], activity["SuccessfulEndpointCount"]) == (66, 60)


def test_a_paused_campaign_delivers_once_resumed(
    raw: Any, app: str, emu: Emulator, clock: ManualClock
) -> None:
    fans(raw, app, count=1)
    created = campaign(raw, app, red_segment(raw, app), IsPaused=True)
    clock.advance(2 * HOUR)
    assert list(emu.outbox) == []
    assert status(raw, app, created["Id"]) == "PAUSED"
    raw.update_campaign(
        ApplicationId=app, CampaignId=created["Id"], WriteCampaignRequest={"IsPaused": False}
    )
    emu.run_due()  # the update schedules it; it runs after the request, as Pinpoint's do
    assert [m.endpoint_id for m in emu.outbox] == ["fan-00"]


def test_a_template_and_an_email_message_are_rendered_per_channel(
    raw: Any, app: str, emu: Emulator, clock: ManualClock
) -> None:
    fans(raw, app, count=1)
    raw.update_email_channel(
        ApplicationId=app,
        EmailChannelRequest={
            "FromAddress": "club@example.com",
            "Identity": "arn:aws:ses:us-east-1:123456789012:identity/example.com",
        },
    )
    raw.update_endpoint(
        ApplicationId=app,
        EndpointId="mail",
        EndpointRequest={
            "ChannelType": "EMAIL",
            "Address": "ana@example.com",
            "Attributes": {"team": ["red"], "name": ["Ana"]},
        },
    )
    template = f"match-{app}"
    raw.create_sms_template(
        TemplateName=template, SMSTemplateRequest={"Body": "Kick-off, {{Attributes.name}}"}
    )
    try:
        created = campaign(
            raw,
            app,
            red_segment(raw, app),
            MessageConfiguration={
                "EmailMessage": {"Title": "Match day", "HtmlBody": "<b>{{Attributes.name}}</b>"}
            },
            TemplateConfiguration={"SMSTemplate": {"Name": template}},
        )
        clock.advance(HOUR)
    finally:
        raw.delete_sms_template(TemplateName=template)
    by_endpoint = {m.endpoint_id: m for m in emu.outbox}
    assert (by_endpoint["fan-00"].body, by_endpoint["fan-00"].template_name) == (
        "Kick-off, Fan0",
        template,
    )
    assert (by_endpoint["mail"].title, by_endpoint["mail"].html_body) == (
        "Match day",
        "<b>Ana</b>",
    )
    assert {m.campaign_id for m in emu.outbox} == {created["Id"]}


def test_reading_a_campaign_runs_it_when_the_clock_is_not_a_manual_one() -> None:
    now = [START]
    with Emulator(clock=lambda: now[0]) as emulator:
        raw = boto3_client_for(emulator)
        app = raw.create_app(CreateApplicationRequest={"Name": "c"})["ApplicationResponse"]["Id"]
        fans(raw, app, count=1)
        created = campaign(raw, app, red_segment(raw, app))
        now[0] = START + HOUR
        assert list(emulator.outbox) == []  # nobody looked yet
        assert status(raw, app, created["Id"]) == "COMPLETED"
        assert [m.endpoint_id for m in emulator.outbox] == ["fan-00"]
        now[0] = START + DAY
        emulator.run_due()
        assert len(emulator.outbox) == 1


def test_on_the_system_clock_a_ticker_runs_what_came_due() -> None:
    ran = threading.Event()
    ticker = Ticker(ran.set, interval=0.01)
    ticker.start()
    try:
        assert ran.wait(timeout=10)
    finally:
        ticker.stop()


@pytest.mark.parametrize(
    ("move", "problem"),
    [
        (lambda c: c.advance(-HOUR), "must not be negative"),
        (lambda c: c.set(datetime(2030, 1, 1)), "timezone-aware"),
    ],
)
def test_a_manual_clock_refuses_to_go_back_by_advance_or_lose_its_zone(
    move: Any, problem: str
) -> None:
    manual = ManualClock(START)
    with pytest.raises(ValueError, match=problem):
        move(manual)
    assert manual() == START


def test_a_monthly_campaign_keeps_its_day_or_the_months_last(
    raw: Any, app: str, emu: Emulator, clock: ManualClock
) -> None:
    fans(raw, app, count=1)
    schedule = {"StartTime": "2030-01-31T10:00:00Z", "Frequency": "MONTHLY"}
    created = campaign(raw, app, red_segment(raw, app), Schedule=schedule)
    clock.set(datetime(2030, 3, 31, 10, 0, tzinfo=timezone.utc))
    assert [a["ScheduledStart"] for a in activities(raw, app, created["Id"])] == [
        "2030-01-31T10:00:00.000Z",
        "2030-02-28T10:00:00.000Z",
        "2030-03-31T10:00:00.000Z",
    ]
    assert len(emu.outbox) == 3


def test_an_immediate_recurring_campaign_recurs_from_its_first_run(
    raw: Any, app: str, emu: Emulator, clock: ManualClock
) -> None:
    fans(raw, app, count=1)
    clock.advance(timedelta(minutes=10))
    schedule = {"StartTime": "IMMEDIATE", "Frequency": "HOURLY"}
    created = campaign(raw, app, red_segment(raw, app), Schedule=schedule)
    emu.run_due()  # what the ticker does on the system clock, a second at most after the create
    assert len(emu.outbox) == 1
    clock.advance(timedelta(minutes=59))
    assert len(emu.outbox) == 1
    clock.advance(timedelta(minutes=1))
    assert [a["ScheduledStart"] for a in activities(raw, app, created["Id"])] == [
        "2030-01-01T09:10:00.000Z",
        "2030-01-01T10:10:00.000Z",
    ]


def test_a_clock_moved_to_the_end_of_time_runs_only_the_latest_runs(
    raw: Any, app: str, emu: Emulator, clock: ManualClock
) -> None:
    fans(raw, app, count=1)
    for frequency in ("HOURLY", "MONTHLY"):
        campaign(
            raw,
            app,
            red_segment(raw, app),
            Schedule={"StartTime": at(HOUR), "Frequency": frequency},
        )
    clock.set(datetime(9999, 12, 31, 23, 0, tzinfo=timezone.utc))
    sent = [m.campaign_id for m in emu.outbox]
    assert sorted(sent.count(c) for c in set(sent)) == [MAX_CATCH_UP_RUNS, MAX_CATCH_UP_RUNS]


def test_a_paused_campaign_run_by_hand_reads_paused_again(
    raw: Any, app: str, emu: Emulator
) -> None:
    fans(raw, app, count=1)
    created = campaign(raw, app, red_segment(raw, app), IsPaused=True)
    assert status(raw, app, created["Id"]) == "PAUSED"
    emu.run_campaign(app, created["Id"])
    assert [m.endpoint_id for m in emu.outbox] == ["fan-00"]
    assert status(raw, app, created["Id"]) == "PAUSED"  # the run did not unpause it


def test_a_read_settles_again_only_campaigns_the_clock_or_a_write_can_change(
    raw: Any, app: str, emu: Emulator, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Campaigns that are COMPLETED, PAUSED or waiting for an event stay as they are until they
    are written: a read of an app of thousands passes them over (docs/emulator.md, Campaigns)."""
    fans(raw, app, count=1)
    segment = red_segment(raw, app)
    ids = {
        name: campaign(raw, app, segment, **request)["Id"]
        for name, request in {
            "done": {"Schedule": {"StartTime": "IMMEDIATE", "Frequency": "ONCE"}},
            "paused": {"IsPaused": True},
            "event": {
                "Schedule": {
                    "StartTime": "IMMEDIATE",
                    "Frequency": "EVENT",
                    "EventFilter": {"Dimensions": {}, "FilterType": "ENDPOINT"},
                }
            },
            "hourly": {"Schedule": {"StartTime": "IMMEDIATE", "Frequency": "HOURLY"}},
        }.items()
    }
    emu.run_due()  # the first runs of "done" and "hourly"
    settled: list[str] = []
    real = _campaigns.settle_campaign

    def counting(state: Any, owner: Any, found: Any) -> None:
        if owner.id == app:
            settled.append(found.id)
        real(state, owner, found)

    monkeypatch.setattr(_campaigns, "settle_campaign", counting)
    page = raw.get_campaigns(ApplicationId=app)["CampaignsResponse"]["Item"]
    statuses = {c["Id"]: c["State"]["CampaignStatus"] for c in page}
    assert [statuses[ids[n]] for n in ("done", "paused", "event", "hourly")] == [
        "COMPLETED",
        "PAUSED",
        "SCHEDULED",
        "PENDING_NEXT_RUN",
    ]
    assert settled == [ids["hourly"]]  # its next run comes with the clock
    settled.clear()
    clock.advance(HOUR)
    assert settled == [ids["hourly"]]
    assert len(activities(raw, app, ids["hourly"])) == 2
    raw.update_campaign(  # a new version is settled anew: resumed, it runs
        ApplicationId=app, CampaignId=ids["paused"], WriteCampaignRequest={"IsPaused": False}
    )
    assert status(raw, app, ids["paused"]) == "COMPLETED"
    assert [m.campaign_id for m in emu.outbox].count(ids["paused"]) == 1
