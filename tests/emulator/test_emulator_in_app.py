"""GetInAppMessages through plain boto3: the app's active in-app campaigns whose segment holds the
endpoint, in priority order."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import pytest

from pinpoint_sdk.emulator import Emulator

from .conftest import error_of

NOW = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)

IN_APP = {
    "Layout": "TOP_BANNER",
    "Content": [
        {
            "BackgroundColor": "#ffffff",
            "BodyConfig": {"Alignment": "LEFT", "Body": "Sale today", "TextColor": "#000000"},
        }
    ],
    "CustomConfig": {"screen": "home"},
}


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator(clock=lambda: NOW) as emulator:
        yield emulator


def endpoint(raw: Any, app: str, eid: str, channel: str = "IN_APP", **extra: Any) -> None:
    request = {"ChannelType": channel, "Address": f"device-{eid}", **extra}
    raw.update_endpoint(ApplicationId=app, EndpointId=eid, EndpointRequest=request)


def segment(raw: Any, app: str, **dimensions: Any) -> str:
    request: dict[str, Any] = {"Name": "s"}
    if dimensions:
        request["Dimensions"] = dimensions
    return str(
        raw.create_segment(ApplicationId=app, WriteSegmentRequest=request)["SegmentResponse"]["Id"]
    )


def in_app_campaign(raw: Any, app: str, segment_id: str, **extra: Any) -> str:
    request = {
        "Name": "banner",
        "SegmentId": segment_id,
        "MessageConfiguration": {"InAppMessage": IN_APP},
        "Schedule": {"StartTime": "IMMEDIATE", "Frequency": "IN_APP_EVENT"},
        **extra,
    }
    response = raw.create_campaign(ApplicationId=app, WriteCampaignRequest=request)
    return str(response["CampaignResponse"]["Id"])


def messages(raw: Any, app: str, eid: str) -> list[dict[str, Any]]:
    response = raw.get_in_app_messages(ApplicationId=app, EndpointId=eid)
    return list(response["InAppMessagesResponse"]["InAppMessageCampaigns"])


def test_an_in_app_campaign_is_answered_for_an_endpoint_of_its_segment(raw: Any, app: str) -> None:
    endpoint(raw, app, "phone")
    campaign_id = in_app_campaign(
        raw,
        app,
        segment(raw, app),
        Priority=2,
        Limits={"Daily": 3, "Session": 1, "Total": 10},
        Schedule={
            "StartTime": "IMMEDIATE",
            "EndTime": "2026-12-31T00:00:00Z",
            "Frequency": "IN_APP_EVENT",
            "EventFilter": {
                "FilterType": "ENDPOINT",
                "Dimensions": {"EventType": {"DimensionType": "INCLUSIVE", "Values": ["open"]}},
            },
        },
    )
    assert messages(raw, app, "phone") == [
        {
            "CampaignId": campaign_id,
            "DailyCap": 3,
            "SessionCap": 1,
            "TotalCap": 10,
            "InAppMessage": IN_APP,
            "Priority": 2,
            "Schedule": {
                "EndDate": "2026-12-31T00:00:00Z",
                "EventFilter": {
                    "FilterType": "ENDPOINT",
                    "Dimensions": {"EventType": {"DimensionType": "INCLUSIVE", "Values": ["open"]}},
                },
            },
            "TreatmentId": "0",
        }
    ]


def test_campaigns_come_in_priority_order(raw: Any, app: str) -> None:
    endpoint(raw, app, "phone")
    everyone = segment(raw, app)
    low = in_app_campaign(raw, app, everyone, Priority=5)
    unset = in_app_campaign(raw, app, everyone)
    high = in_app_campaign(raw, app, everyone, Priority=1)
    assert [m["CampaignId"] for m in messages(raw, app, "phone")] == [high, low, unset]


def test_only_active_in_app_campaigns_reaching_the_endpoint_are_answered(
    raw: Any, app: str
) -> None:
    endpoint(raw, app, "phone", Attributes={"tier": ["gold"]})
    gold = segment(raw, app, Attributes={"tier": {"Values": ["gold"]}})
    silver = segment(raw, app, Attributes={"tier": {"Values": ["silver"]}})
    shown = in_app_campaign(raw, app, gold)
    in_app_campaign(raw, app, silver)  # another segment
    in_app_campaign(raw, app, gold, IsPaused=True)
    in_app_campaign(
        raw,
        app,
        gold,
        Schedule={"StartTime": "2026-12-01T00:00:00Z", "Frequency": "IN_APP_EVENT"},
    )
    in_app_campaign(
        raw,
        app,
        gold,
        Schedule={
            "StartTime": "2026-11-01T00:00:00Z",
            "EndTime": "2026-11-10T00:00:00Z",
            "Frequency": "IN_APP_EVENT",
        },
    )
    raw.create_campaign(  # not an in-app campaign
        ApplicationId=app,
        WriteCampaignRequest={
            "Name": "push",
            "SegmentId": gold,
            "MessageConfiguration": {"GCMMessage": {"Body": "hi"}},
            "Schedule": {"StartTime": "2026-12-01T00:00:00Z", "Frequency": "ONCE"},
        },
    )
    assert [m["CampaignId"] for m in messages(raw, app, "phone")] == [shown]


@pytest.mark.parametrize(
    ("channel", "extra"),
    [("GCM", {}), ("IN_APP", {"OptOut": "ALL"}), ("IN_APP", {"EndpointStatus": "INACTIVE"})],
)
def test_an_endpoint_that_cannot_show_in_app_messages_gets_none(
    raw: Any, app: str, channel: str, extra: dict[str, Any]
) -> None:
    endpoint(raw, app, "e", channel, **extra)
    in_app_campaign(raw, app, segment(raw, app))
    assert messages(raw, app, "e") == []


def test_an_unknown_endpoint_or_app_is_not_found(raw: Any, app: str) -> None:
    with pytest.raises(raw.exceptions.NotFoundException) as excinfo:
        messages(raw, app, "nobody")
    assert error_of(excinfo)[:2] == ("NotFoundException", 404)
    with pytest.raises(raw.exceptions.NotFoundException):
        messages(raw, "nope", "nobody")


def test_an_end_time_that_is_not_a_date_ends_nothing(raw: Any, app: str) -> None:
    endpoint(raw, app, "phone")
    campaign_id = in_app_campaign(
        raw,
        app,
        segment(raw, app),
        Schedule={"StartTime": "IMMEDIATE", "EndTime": "someday", "Frequency": "IN_APP_EVENT"},
    )
    assert [m["CampaignId"] for m in messages(raw, app, "phone")] == [campaign_id]
