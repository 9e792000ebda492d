from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from pinpoint_sdk.emulator import Emulator
from pinpoint_sdk.emulator.pytest_plugin import boto3_client_for

from .conftest import error_of

# From the seed's CreateCampaign example: a GCM message sent once, now.
MESSAGE = {"GCMMessage": {"Action": "OPEN_APP", "Body": "Hello", "Title": "Hi"}}


def segment(raw: Any, app: str, **dimensions: Any) -> str:
    request: dict[str, Any] = {"Name": "everyone"}
    if dimensions:
        request["Dimensions"] = dimensions
    response = raw.create_segment(ApplicationId=app, WriteSegmentRequest=request)
    return str(response["SegmentResponse"]["Id"])


def campaign_request(segment_id: str, **extra: Any) -> dict[str, Any]:
    request = {
        "Name": "welcome",
        "SegmentId": segment_id,
        "MessageConfiguration": MESSAGE,
        "Schedule": {"StartTime": "IMMEDIATE", "Frequency": "ONCE"},
    }
    request.update(extra)
    return request


def test_create_campaign_answers_201_version_1(raw: Any, app: str) -> None:
    segment_id = segment(raw, app)
    response = raw.create_campaign(
        ApplicationId=app, WriteCampaignRequest=campaign_request(segment_id)
    )
    campaign = response["CampaignResponse"]
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert campaign["Version"] == 1
    assert (campaign["SegmentId"], campaign["SegmentVersion"]) == (segment_id, 1)
    assert campaign["Arn"].endswith(f":apps/{app}/campaigns/{campaign['Id']}")
    assert campaign["MessageConfiguration"] == MESSAGE


def test_a_campaign_needs_an_existing_segment(raw: Any, app: str) -> None:
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        raw.create_campaign(ApplicationId=app, WriteCampaignRequest=campaign_request("nope"))
    assert error_of(excinfo)[:2] == ("BadRequestException", 400)


def test_a_campaign_without_a_segment_is_a_bad_request(raw: Any, app: str) -> None:
    with pytest.raises(raw.exceptions.BadRequestException):
        raw.create_campaign(ApplicationId=app, WriteCampaignRequest={"Name": "x"})


def test_a_campaign_on_a_missing_segment_version_is_a_bad_request(raw: Any, app: str) -> None:
    request = campaign_request(segment(raw, app), SegmentVersion=7)
    with pytest.raises(raw.exceptions.BadRequestException):
        raw.create_campaign(ApplicationId=app, WriteCampaignRequest=request)


def test_updates_add_versions_and_keep_the_history(raw: Any, app: str) -> None:
    segment_id = segment(raw, app)
    created = raw.create_campaign(
        ApplicationId=app, WriteCampaignRequest=campaign_request(segment_id, IsPaused=True)
    )["CampaignResponse"]
    updated = raw.update_campaign(
        ApplicationId=app,
        CampaignId=created["Id"],
        WriteCampaignRequest={"Name": "renamed", "Description": "v2"},
    )
    assert updated["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert updated["CampaignResponse"]["Version"] == 2
    got = raw.get_campaign(ApplicationId=app, CampaignId=created["Id"])["CampaignResponse"]
    assert (got["Version"], got["Name"], got["SegmentId"]) == (2, "renamed", segment_id)
    versions = raw.get_campaign_versions(ApplicationId=app, CampaignId=created["Id"])
    assert [v["Name"] for v in versions["CampaignsResponse"]["Item"]] == ["welcome", "renamed"]
    first = raw.get_campaign_version(ApplicationId=app, CampaignId=created["Id"], Version="1")
    assert first["CampaignResponse"]["Version"] == 1
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.get_campaign_version(ApplicationId=app, CampaignId=created["Id"], Version="3")


def test_get_campaigns_lists_them_in_creation_order(raw: Any, app: str) -> None:
    segment_id = segment(raw, app)
    ids = [
        raw.create_campaign(
            ApplicationId=app, WriteCampaignRequest=campaign_request(segment_id, Name=name)
        )["CampaignResponse"]["Id"]
        for name in ("a", "b", "c")
    ]
    items = raw.get_campaigns(ApplicationId=app)["CampaignsResponse"]["Item"]
    assert [c["Id"] for c in items] == ids


def test_delete_campaign_returns_it_then_it_is_gone(raw: Any, app: str) -> None:
    created = raw.create_campaign(
        ApplicationId=app, WriteCampaignRequest=campaign_request(segment(raw, app))
    )["CampaignResponse"]
    deleted = raw.delete_campaign(ApplicationId=app, CampaignId=created["Id"])
    assert deleted["CampaignResponse"]["Id"] == created["Id"]
    for call in (raw.get_campaign, raw.delete_campaign, raw.get_campaign_activities):
        with pytest.raises(raw.exceptions.NotFoundException):
            call(ApplicationId=app, CampaignId=created["Id"])


def put_endpoints(raw: Any, app: str) -> None:
    items = [
        {"Id": "music-1", "ChannelType": "GCM", "Address": "t1", "Attributes": {"I": ["Music"]}},
        {"Id": "music-2", "ChannelType": "GCM", "Address": "t2", "Attributes": {"I": ["Music"]}},
        {
            "Id": "music-out",
            "ChannelType": "GCM",
            "Address": "t3",
            "OptOut": "ALL",
            "Attributes": {"I": ["Music"]},
        },
        {"Id": "books", "ChannelType": "GCM", "Address": "t4", "Attributes": {"I": ["Books"]}},
    ]
    raw.update_endpoints_batch(ApplicationId=app, EndpointBatchRequest={"Item": items})
    # A campaign delivers only through a channel the app has (docs/emulator.md, Campaigns).
    raw.update_gcm_channel(ApplicationId=app, GCMChannelRequest={"ApiKey": "key"})


def test_an_immediate_campaign_runs_and_counts_its_segments_endpoints(raw: Any, app: str) -> None:
    put_endpoints(raw, app)
    segment_id = segment(
        raw, app, Attributes={"I": {"AttributeType": "INCLUSIVE", "Values": ["Music"]}}
    )
    campaign = raw.create_campaign(
        ApplicationId=app, WriteCampaignRequest=campaign_request(segment_id)
    )["CampaignResponse"]
    # A read after the create runs what is due (the ticker would, within a second).
    activities = raw.get_campaign_activities(ApplicationId=app, CampaignId=campaign["Id"])
    (activity,) = activities["ActivitiesResponse"]["Item"]
    assert activity["CampaignId"] == campaign["Id"]
    assert activity["TotalEndpointCount"] == 3
    assert activity["SuccessfulEndpointCount"] == 2  # music-out opted out
    assert activity["Result"] == "SUCCESS"


def test_a_future_campaign_is_scheduled_until_run(raw: Any, app: str, emu: Emulator) -> None:
    put_endpoints(raw, app)
    later = (datetime.now(timezone.utc) + timedelta(days=1)).isoformat()
    campaign = raw.create_campaign(
        ApplicationId=app,
        WriteCampaignRequest=campaign_request(segment(raw, app), Schedule={"StartTime": later}),
    )["CampaignResponse"]
    assert campaign["State"]["CampaignStatus"] == "SCHEDULED"
    empty = raw.get_campaign_activities(ApplicationId=app, CampaignId=campaign["Id"])
    assert empty["ActivitiesResponse"]["Item"] == []
    activity = emu.run_campaign(app, campaign["Id"])
    assert activity["TotalEndpointCount"] == 4
    after = raw.get_campaign(ApplicationId=app, CampaignId=campaign["Id"])["CampaignResponse"]
    assert after["State"]["CampaignStatus"] == "COMPLETED"


def test_a_paused_campaign_does_not_run(raw: Any, app: str) -> None:
    campaign = raw.create_campaign(
        ApplicationId=app, WriteCampaignRequest=campaign_request(segment(raw, app), IsPaused=True)
    )["CampaignResponse"]
    assert campaign["State"]["CampaignStatus"] == "PAUSED"
    activities = raw.get_campaign_activities(ApplicationId=app, CampaignId=campaign["Id"])
    assert activities["ActivitiesResponse"]["Item"] == []


def test_a_start_time_that_is_not_a_date_is_a_bad_request(raw: Any, app: str) -> None:
    request = campaign_request(segment(raw, app), Schedule={"StartTime": "tomorrow"})
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        raw.create_campaign(ApplicationId=app, WriteCampaignRequest=request)
    assert "StartTime" in error_of(excinfo)[2]


def test_update_of_an_unknown_campaign_is_not_found(raw: Any, app: str) -> None:
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.update_campaign(ApplicationId=app, CampaignId="nope", WriteCampaignRequest={})


def test_update_to_a_missing_segment_is_a_bad_request(raw: Any, app: str) -> None:
    created = raw.create_campaign(
        ApplicationId=app, WriteCampaignRequest=campaign_request(segment(raw, app), IsPaused=True)
    )["CampaignResponse"]
    with pytest.raises(raw.exceptions.BadRequestException):
        raw.update_campaign(
            ApplicationId=app, CampaignId=created["Id"], WriteCampaignRequest={"SegmentId": "gone"}
        )
    assert (
        raw.get_campaign(ApplicationId=app, CampaignId=created["Id"])["CampaignResponse"]["Version"]
        == 1
    )


def test_a_holdout_over_100_percent_is_a_bad_request(raw: Any, app: str) -> None:
    request = campaign_request(segment(raw, app), HoldoutPercent=101)
    with pytest.raises(raw.exceptions.BadRequestException):
        raw.create_campaign(ApplicationId=app, WriteCampaignRequest=request)


def test_a_campaign_due_by_the_emulators_clock_runs() -> None:
    now = datetime(2030, 1, 1, tzinfo=timezone.utc)
    with Emulator(clock=lambda: now) as emulator:
        raw = boto3_client_for(emulator)
        app_id = raw.create_app(CreateApplicationRequest={"Name": "clock"})["ApplicationResponse"][
            "Id"
        ]
        past = campaign_request(
            segment(raw, app_id), Schedule={"StartTime": "2029-12-31T00:00:00Z"}
        )
        campaign = raw.create_campaign(ApplicationId=app_id, WriteCampaignRequest=past)
        assert campaign["CampaignResponse"]["CreationDate"] == "2030-01-01T00:00:00.000Z"
        read = raw.get_campaign(ApplicationId=app_id, CampaignId=campaign["CampaignResponse"]["Id"])
        assert read["CampaignResponse"]["State"]["CampaignStatus"] == "COMPLETED"
