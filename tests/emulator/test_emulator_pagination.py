from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


def collect(
    call: Callable[..., Any], key: str, page_size: int, token: str | None = None, **arguments: Any
) -> list[Any]:
    """Every item of a list operation, following NextToken page by page (from ``token``)."""
    items: list[Any] = []
    for _ in range(100):
        extra = {"Token": token} if token else {}
        page = call(PageSize=str(page_size), **arguments, **extra)[key]
        assert len(page["Item"]) <= page_size
        items.extend(page["Item"])
        token = page.get("NextToken")
        if not token:
            return items
    raise AssertionError("pagination did not end")


def test_segments_come_exactly_once_in_a_stable_order(raw: Any, app: str) -> None:
    ids = [
        raw.create_segment(ApplicationId=app, WriteSegmentRequest={"Name": str(i)})[
            "SegmentResponse"
        ]["Id"]
        for i in range(7)
    ]
    for size in (1, 2, 3, 7, 8):
        listed = collect(raw.get_segments, "SegmentsResponse", size, ApplicationId=app)
        assert [s["Id"] for s in listed] == ids


def test_items_added_between_pages_are_neither_repeated_nor_skipped(raw: Any, app: str) -> None:
    def create(name: str) -> str:
        response = raw.create_segment(ApplicationId=app, WriteSegmentRequest={"Name": name})
        return str(response["SegmentResponse"]["Id"])

    ids = [create(str(i)) for i in range(4)]
    first = raw.get_segments(ApplicationId=app, PageSize="2")["SegmentsResponse"]
    ids.append(create("late"))
    rest = collect(raw.get_segments, "SegmentsResponse", 2, first["NextToken"], ApplicationId=app)
    assert [s["Id"] for s in first["Item"] + rest] == ids


def test_campaign_versions_and_activities_paginate(raw: Any, app: str) -> None:
    segment = raw.create_segment(ApplicationId=app, WriteSegmentRequest={"Name": "s"})
    segment_id = segment["SegmentResponse"]["Id"]
    campaign = raw.create_campaign(
        ApplicationId=app,
        WriteCampaignRequest={"SegmentId": segment_id, "IsPaused": True},
    )["CampaignResponse"]
    for _ in range(4):
        raw.update_campaign(ApplicationId=app, CampaignId=campaign["Id"], WriteCampaignRequest={})
    versions = collect(
        raw.get_campaign_versions,
        "CampaignsResponse",
        2,
        ApplicationId=app,
        CampaignId=campaign["Id"],
    )
    assert [v["Version"] for v in versions] == [1, 2, 3, 4, 5]


def test_apps_and_import_jobs_paginate(raw: Any, app: str) -> None:
    apps = collect(raw.get_apps, "ApplicationsResponse", 2)
    assert len({a["Id"] for a in apps}) == len(apps)
    assert app in {a["Id"] for a in apps}
    for i in range(3):
        raw.create_import_job(
            ApplicationId=app,
            ImportJobRequest={
                "Format": "CSV",
                "S3Url": f"s3://bucket/{i}",
                "RoleArn": "arn:aws:iam::123456789012:role/r",
            },
        )
    jobs = collect(raw.get_import_jobs, "ImportJobsResponse", 2, ApplicationId=app)
    assert len({j["Id"] for j in jobs}) == 3


@pytest.mark.parametrize("token", ["garbage", "eyJhZnRlciI6ICJ4In0", "%%%"])
def test_a_token_the_service_did_not_give_is_a_bad_request(raw: Any, app: str, token: str) -> None:
    with pytest.raises(raw.exceptions.BadRequestException):
        raw.get_segments(ApplicationId=app, Token=token)


@pytest.mark.parametrize("size", ["0", "-1", "abc", "100000"])
def test_a_page_size_out_of_range_is_a_bad_request(raw: Any, app: str, size: str) -> None:
    with pytest.raises(raw.exceptions.BadRequestException):
        raw.get_segments(ApplicationId=app, PageSize=size)


def _five_of_each(
    raw: Any, app: str, emu: Any
) -> dict[str, tuple[Any, str, dict[str, Any], list[str]]]:
    """For each list operation: (call, payload key, arguments, the item ids in order)."""
    segments = [
        raw.create_segment(ApplicationId=app, WriteSegmentRequest={"Name": str(i)})[
            "SegmentResponse"
        ]["Id"]
        for i in range(5)
    ]
    segment_id = segments[0]
    for _ in range(4):
        raw.update_segment(ApplicationId=app, SegmentId=segment_id, WriteSegmentRequest={})
    campaigns = [
        raw.create_campaign(
            ApplicationId=app, WriteCampaignRequest={"SegmentId": segment_id, "IsPaused": True}
        )["CampaignResponse"]["Id"]
        for _ in range(5)
    ]
    campaign_id = campaigns[0]
    for _ in range(4):
        raw.update_campaign(ApplicationId=app, CampaignId=campaign_id, WriteCampaignRequest={})
    activities = [emu.run_campaign(app, campaign_id)["Id"] for _ in range(5)]
    role = "arn:aws:iam::123456789012:role/r"
    jobs = [
        raw.create_import_job(
            ApplicationId=app,
            ImportJobRequest={
                "Format": "CSV",
                "S3Url": f"s3://bucket/{i}",
                "RoleArn": role,
                "SegmentId": segment_id,
            },
        )["ImportJobResponse"]["Id"]
        for i in range(5)
    ]
    return {
        "get_segments": (raw.get_segments, "SegmentsResponse", {}, segments),
        "get_segment_versions": (
            raw.get_segment_versions,
            "SegmentsResponse",
            {"SegmentId": segment_id},
            [segment_id] * 5,
        ),
        "get_campaigns": (raw.get_campaigns, "CampaignsResponse", {}, campaigns),
        "get_campaign_versions": (
            raw.get_campaign_versions,
            "CampaignsResponse",
            {"CampaignId": campaign_id},
            [campaign_id] * 5,
        ),
        "get_campaign_activities": (
            raw.get_campaign_activities,
            "ActivitiesResponse",
            {"CampaignId": campaign_id},
            activities,
        ),
        "get_import_jobs": (raw.get_import_jobs, "ImportJobsResponse", {}, jobs),
        "get_segment_import_jobs": (
            raw.get_segment_import_jobs,
            "ImportJobsResponse",
            {"SegmentId": segment_id},
            jobs,
        ),
    }


LIST_OPERATIONS = [
    "get_segments",
    "get_segment_versions",
    "get_campaigns",
    "get_campaign_versions",
    "get_campaign_activities",
    "get_import_jobs",
    "get_segment_import_jobs",
]


@pytest.fixture(scope="module")
def listed(raw: Any, emu: Any) -> tuple[str, dict[str, tuple[Any, str, dict[str, Any], list[str]]]]:
    app = raw.create_app(CreateApplicationRequest={"Name": "lists"})["ApplicationResponse"]["Id"]
    return app, _five_of_each(raw, app, emu)


@pytest.mark.parametrize("operation", LIST_OPERATIONS)
@pytest.mark.parametrize("size", [1, 2, 5])
def test_every_list_operation_pages_each_item_exactly_once(
    listed: tuple[str, dict[str, tuple[Any, str, dict[str, Any], list[str]]]],
    operation: str,
    size: int,
) -> None:
    app, operations = listed
    call, key, arguments, ids = operations[operation]
    items = collect(call, key, size, ApplicationId=app, **arguments)
    assert [item["Id"] for item in items] == ids
    if operation.endswith("_versions"):
        assert [item["Version"] for item in items] == [1, 2, 3, 4, 5]
