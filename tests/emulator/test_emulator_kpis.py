"""Application and campaign metrics through plain boto3: ranges, names, rows counted from what the
emulator recorded (campaign runs, put_events, the KPI ledger), pages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from pinpoint_sdk.emulator import Emulator
from pinpoint_sdk.emulator._errors import ServiceError
from pinpoint_sdk.emulator._kpis import Delivery, Outcome, date_range
from pinpoint_sdk.emulator.pytest_plugin import boto3_client_for

from .conftest import error_of

NOW = datetime(2026, 11, 20, 15, 30, tzinfo=timezone.utc)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="module")
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="module")
def emu(clock: Clock) -> Iterator[Emulator]:
    with Emulator(clock=clock) as emulator:
        yield emulator


@pytest.fixture(autouse=True)
def _reset_clock(clock: Clock) -> None:
    clock.now = NOW


def push_endpoints(raw: Any, app: str, *ids: str) -> None:
    # Campaigns deliver only through a channel the app has.
    raw.update_gcm_channel(ApplicationId=app, GCMChannelRequest={"ApiKey": "key"})
    raw.update_endpoints_batch(
        ApplicationId=app,
        EndpointBatchRequest={
            "Item": [{"Id": eid, "ChannelType": "GCM", "Address": f"token-{eid}"} for eid in ids]
        },
    )


def run_campaign(raw: Any, app: str) -> tuple[str, str]:
    """A campaign sent now to every endpoint; (campaign id, activity id)."""
    segment = raw.create_segment(ApplicationId=app, WriteSegmentRequest={"Name": "all"})
    campaign = raw.create_campaign(
        ApplicationId=app,
        WriteCampaignRequest={
            "Name": "hello",
            "SegmentId": segment["SegmentResponse"]["Id"],
            "MessageConfiguration": {"GCMMessage": {"Body": "Hi"}},
            "Schedule": {"StartTime": "IMMEDIATE", "Frequency": "ONCE"},
        },
    )["CampaignResponse"]
    activities = raw.get_campaign_activities(ApplicationId=app, CampaignId=campaign["Id"])
    return str(campaign["Id"]), str(activities["ActivitiesResponse"]["Item"][0]["Id"])


def app_kpi(raw: Any, app: str, name: str, **extra: Any) -> dict[str, Any]:
    response = raw.get_application_date_range_kpi(ApplicationId=app, KpiName=name, **extra)
    return dict(response["ApplicationDateRangeKpiResponse"])


def value(row: dict[str, Any]) -> str:
    return str(row["Values"][0]["Value"])


def test_without_dates_the_range_is_the_preceding_31_calendar_days(raw: Any, app: str) -> None:
    answer = app_kpi(raw, app, "unique-deliveries")
    assert answer["KpiResult"] == {"Rows": []}
    assert answer["StartTime"] == datetime(2026, 10, 21, tzinfo=timezone.utc)
    assert answer["EndTime"] == NOW
    assert (answer["ApplicationId"], answer["KpiName"]) == (app, "unique-deliveries")


def test_a_campaign_run_counts_as_deliveries_to_its_endpoints(raw: Any, app: str) -> None:
    push_endpoints(raw, app, "a", "b")
    campaign_id, activity_id = run_campaign(raw, app)
    rows = app_kpi(raw, app, "unique-deliveries")["KpiResult"]["Rows"]
    assert rows == [{"Values": [{"Key": "UniqueDeliveries", "Type": "Double", "Value": "2.0"}]}]
    grouped = app_kpi(raw, app, "unique-deliveries-grouped-by-campaign")["KpiResult"]["Rows"]
    assert grouped == [
        {
            "GroupedBys": [{"Key": "CampaignId", "Type": "String", "Value": campaign_id}],
            "Values": [{"Key": "UniqueDeliveries", "Type": "Double", "Value": "2.0"}],
        }
    ]
    by_run = raw.get_campaign_date_range_kpi(
        ApplicationId=app,
        CampaignId=campaign_id,
        KpiName="successful-deliveries-grouped-by-campaign-activity",
    )["CampaignDateRangeKpiResponse"]
    assert by_run["CampaignId"] == campaign_id
    assert [(r["GroupedBys"][0]["Value"], value(r)) for r in by_run["KpiResult"]["Rows"]] == [
        (activity_id, "2.0")
    ]


def test_push_opens_from_put_events_make_the_open_rate(raw: Any, app: str) -> None:
    push_endpoints(raw, app, "a", "b")
    campaign_id, activity_id = run_campaign(raw, app)
    raw.put_events(
        ApplicationId=app,
        EventsRequest={
            "BatchItem": {
                "a": {
                    "Endpoint": {},
                    "Events": {
                        "e1": {
                            "EventType": "_campaign.opened_notification",
                            "Timestamp": "2026-11-20T15:00:00Z",
                            "Attributes": {
                                "campaign_id": campaign_id,
                                "campaign_activity_id": activity_id,
                            },
                        }
                    },
                }
            }
        },
    )
    rate = raw.get_campaign_date_range_kpi(
        ApplicationId=app, CampaignId=campaign_id, KpiName="push-open-rate"
    )["CampaignDateRangeKpiResponse"]["KpiResult"]["Rows"]
    assert [value(r) for r in rate] == ["0.5"]
    opens = raw.get_campaign_date_range_kpi(
        ApplicationId=app,
        CampaignId=campaign_id,
        KpiName="direct-push-opens-grouped-by-campaign-activity",
    )["CampaignDateRangeKpiResponse"]["KpiResult"]["Rows"]
    assert [value(r) for r in opens] == ["1.0"]


def test_transactional_metrics_count_direct_messages_per_day(
    raw: Any, app: str, emu: Emulator
) -> None:
    with emu.state.lock:
        ledger = emu.state.apps[app].kpis
        recorded: list[tuple[int, Outcome]] = [
            (18, "DELIVERED"),
            (18, "HARD_BOUNCE"),
            (19, "DELIVERED"),
        ]
        for day, outcome in recorded:
            ledger.record_delivery(
                Delivery(
                    at=datetime(2026, 11, day, 9, tzinfo=timezone.utc),
                    channel="EMAIL",
                    endpoint_id=f"e{day}",
                    outcome=outcome,
                )
            )
    sent = app_kpi(raw, app, "txn-emails-sent-grouped-by-date")["KpiResult"]["Rows"]
    assert [(r["GroupedBys"][0]["Value"], value(r)) for r in sent] == [
        ("2026-11-18", "2.0"),
        ("2026-11-19", "1.0"),
    ]
    assert sent[0]["Values"][0]["Key"] == "TxnEmailsSent"
    assert [
        value(r) for r in app_kpi(raw, app, "txn-emails-hard-bounced")["KpiResult"]["Rows"]
    ] == ["1.0"]
    only_19th = app_kpi(
        raw,
        app,
        "txn-emails-delivery-rate",
        StartTime=datetime(2026, 11, 19, tzinfo=timezone.utc),
    )
    assert [value(r) for r in only_19th["KpiResult"]["Rows"]] == ["1.0"]
    # Campaign metrics leave transactional messages out.
    assert app_kpi(raw, app, "successful-delivery-rate")["KpiResult"]["Rows"] == []


def test_send_messages_counts_in_the_transactional_metrics(raw: Any, app: str) -> None:
    """The Developer Guide's analytics examples: direct sends are what txn-* metrics count."""
    raw.update_sms_channel(ApplicationId=app, SMSChannelRequest={"Enabled": True})
    raw.update_endpoint(
        ApplicationId=app,
        EndpointId="ana",
        EndpointRequest={"ChannelType": "SMS", "Address": "+447400123456"},
    )
    raw.send_messages(
        ApplicationId=app,
        MessageRequest={
            "Addresses": {"+12066844000": {"ChannelType": "SMS"}},
            "Endpoints": {"ana": {}, "nobody": {}},
            "MessageConfiguration": {"SMSMessage": {"Body": "Your order shipped"}},
        },
    )
    sent = app_kpi(raw, app, "txn-sms-sent-grouped-by-date")["KpiResult"]["Rows"]
    assert [(r["GroupedBys"][0]["Value"], value(r)) for r in sent] == [("2026-11-20", "2.0")]
    by_country = app_kpi(raw, app, "txn-sms-delivered-grouped-by-country")["KpiResult"]["Rows"]
    assert sorted((r["GroupedBys"][0]["Value"], value(r)) for r in by_country) == [
        ("GB", "1.0"),
        ("US", "1.0"),
    ]
    # Not a campaign's: the campaign metrics leave them out.
    assert app_kpi(raw, app, "successful-delivery-rate")["KpiResult"]["Rows"] == []


def test_send_users_messages_counts_in_the_transactional_metrics(raw: Any, app: str) -> None:
    raw.update_email_channel(
        ApplicationId=app,
        EmailChannelRequest={
            "FromAddress": "shop@example.com",
            "Identity": "arn:aws:ses:us-east-1:123456789012:identity/example.com",
        },
    )
    raw.update_endpoint(
        ApplicationId=app,
        EndpointId="mail",
        EndpointRequest={
            "ChannelType": "EMAIL",
            "Address": "ana@example.com",
            "User": {"UserId": "ana"},
        },
    )
    raw.send_users_messages(
        ApplicationId=app,
        SendUsersMessageRequest={
            "Users": {"ana": {}},
            "MessageConfiguration": {
                "EmailMessage": {
                    "SimpleEmail": {"Subject": {"Data": "Hi"}, "TextPart": {"Data": "x"}}
                }
            },
        },
    )
    rows = app_kpi(raw, app, "txn-emails-sent")["KpiResult"]["Rows"]
    assert [value(r) for r in rows] == ["1.0"]


def test_only_attempted_direct_messages_count(raw: Any, app: str) -> None:
    """A refused channel is an attempt that failed; an inactive or opted-out endpoint is never
    attempted (the app has no email channel here)."""
    raw.update_endpoints_batch(
        ApplicationId=app,
        EndpointBatchRequest={
            "Item": [
                {
                    "Id": "gone",
                    "ChannelType": "EMAIL",
                    "Address": "gone@example.com",
                    "EndpointStatus": "INACTIVE",
                },
                {
                    "Id": "out",
                    "ChannelType": "EMAIL",
                    "Address": "out@example.com",
                    "OptOut": "ALL",
                },
            ]
        },
    )
    raw.send_messages(
        ApplicationId=app,
        MessageRequest={
            "Addresses": {"ana@example.com": {"ChannelType": "EMAIL"}},
            "Endpoints": {"gone": {}, "out": {}},
            "MessageConfiguration": {"DefaultMessage": {"Body": "Hi"}},
        },
    )
    assert [value(r) for r in app_kpi(raw, app, "txn-emails-sent")["KpiResult"]["Rows"]] == ["1.0"]
    assert app_kpi(raw, app, "txn-emails-delivered")["KpiResult"]["Rows"] == []


def test_grouped_rows_come_in_pages(raw: Any, app: str, emu: Emulator) -> None:
    with emu.state.lock:
        for day in (10, 11, 12):
            emu.state.apps[app].kpis.record_delivery(
                Delivery(
                    at=datetime(2026, 11, day, tzinfo=timezone.utc), channel="SMS", endpoint_id="p"
                )
            )
    first = app_kpi(raw, app, "txn-sms-sent-grouped-by-date", PageSize="2")
    assert len(first["KpiResult"]["Rows"]) == 2
    second = app_kpi(
        raw, app, "txn-sms-sent-grouped-by-date", PageSize="2", NextToken=first["NextToken"]
    )
    assert [r["GroupedBys"][0]["Value"] for r in second["KpiResult"]["Rows"]] == ["2026-11-12"]
    assert "NextToken" not in second


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (datetime(2026, 10, 1), datetime(2026, 11, 1), "32 calendar days"),
        (datetime(2026, 11, 10), datetime(2026, 11, 9), "not be later than end-time"),
        (datetime(2026, 8, 1), datetime(2026, 8, 2), "fewer than 90 days"),
    ],
)
def test_a_range_pinpoint_refuses_is_a_bad_request(
    raw: Any, app: str, start: datetime, end: datetime, message: str
) -> None:
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        app_kpi(raw, app, "unique-deliveries", StartTime=start, EndTime=end)
    assert message in error_of(excinfo)[2]


@pytest.mark.parametrize("name", ["unique-deliveries-typo", "hard-bounce-rate", "Sessions"])
def test_a_name_that_is_not_an_application_metric_is_a_bad_request(
    raw: Any, app: str, name: str
) -> None:
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        app_kpi(raw, app, name)
    assert "is not one of Pinpoint's application metrics" in error_of(excinfo)[2]


def test_a_campaign_metric_of_an_unknown_campaign_or_app_is_not_found(raw: Any, app: str) -> None:
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.get_campaign_date_range_kpi(
            ApplicationId=app, CampaignId="nope", KpiName="unique-deliveries"
        )
    with pytest.raises(raw.exceptions.NotFoundException):
        app_kpi(raw, "nope", "unique-deliveries")


def test_a_transactional_name_is_not_a_campaign_metric(raw: Any, app: str) -> None:
    push_endpoints(raw, app, "a")
    campaign_id, _ = run_campaign(raw, app)
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        raw.get_campaign_date_range_kpi(
            ApplicationId=app, CampaignId=campaign_id, KpiName="txn-sms-sent"
        )
    assert "campaign metrics" in error_of(excinfo)[2]


# -- the date range rules, without HTTP ----------------------------------------------------------


def test_only_an_end_gives_the_31_days_that_end_on_it() -> None:
    start, end = date_range(None, "2026-11-15T12:00:00Z", NOW)
    assert (start, end) == (
        datetime(2026, 10, 16, tzinfo=timezone.utc),
        datetime(2026, 11, 15, 12, tzinfo=timezone.utc),
    )


def test_only_a_start_runs_to_now() -> None:
    assert date_range("2026-11-01T00:00:00Z", None, NOW)[1] == NOW


def test_a_malformed_time_names_the_parameter() -> None:
    with pytest.raises(ServiceError, match="start-time must be an ISO 8601"):
        date_range("yesterday", None, NOW)


def test_exactly_31_calendar_days_is_accepted() -> None:
    start, end = date_range("2026-10-21T00:00:00Z", "2026-11-20T23:59:59Z", NOW)
    assert (end - start) < timedelta(days=31)


def test_a_fresh_emulator_answers_the_same_rows_twice() -> None:
    with Emulator(clock=lambda: NOW) as emulator:
        raw = boto3_client_for(emulator)
        app = raw.create_app(CreateApplicationRequest={"Name": "k"})["ApplicationResponse"]["Id"]
        push_endpoints(raw, app, "a")
        run_campaign(raw, app)
        name = "successful-delivery-rate-grouped-by-date"
        assert app_kpi(raw, app, name)["KpiResult"] == app_kpi(raw, app, name)["KpiResult"]
        assert [value(r) for r in app_kpi(raw, app, name)["KpiResult"]["Rows"]] == ["1.0"]
