from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import error_of

ID = re.compile(r"^[0-9a-f]{32}$")


def test_create_app_answers_201_with_an_id_and_arn_as_pinpoint_makes_them(raw: Any) -> None:
    response = raw.create_app(CreateApplicationRequest={"Name": "MyApp", "tags": {"team": "a"}})
    app = response["ApplicationResponse"]
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert ID.match(app["Id"])
    assert app["Arn"] == f"arn:aws:mobiletargeting:us-east-1:123456789012:apps/{app['Id']}"
    assert app["Name"] == "MyApp"
    assert app["tags"] == {"team": "a"}
    assert app["CreationDate"].endswith("Z")


def test_get_app_returns_what_create_app_returned(raw: Any, app: str) -> None:
    got = raw.get_app(ApplicationId=app)["ApplicationResponse"]
    assert got["Id"] == app
    assert got["Name"] == "test"


def test_get_apps_lists_created_apps(raw: Any, app: str) -> None:
    listed = raw.get_apps(PageSize="1000")["ApplicationsResponse"]["Item"]
    assert app in [item["Id"] for item in listed]


def test_delete_app_returns_the_app_then_it_is_gone(raw: Any, app: str) -> None:
    deleted = raw.delete_app(ApplicationId=app)["ApplicationResponse"]
    assert deleted["Id"] == app
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.get_app(ApplicationId=app)


def test_create_app_without_a_name_is_refused_by_the_server(loose: Any) -> None:
    with pytest.raises(loose.exceptions.BadRequestException) as excinfo:
        loose.create_app(CreateApplicationRequest={"tags": {}})
    code, status, message = error_of(excinfo)
    assert (code, status) == ("BadRequestException", 400)
    assert "$.CreateApplicationRequest.Name" in message or "Name" in message


#: Every implemented app-scoped operation with the least arguments botocore accepts.
APP_SCOPED: list[tuple[str, dict[str, Any]]] = [
    ("get_app", {}),
    ("delete_app", {}),
    ("get_application_settings", {}),
    ("update_application_settings", {"WriteApplicationSettingsRequest": {}}),
    ("create_segment", {"WriteSegmentRequest": {"Name": "s"}}),
    ("update_segment", {"SegmentId": "s", "WriteSegmentRequest": {}}),
    ("get_segment", {"SegmentId": "s"}),
    ("get_segments", {}),
    ("delete_segment", {"SegmentId": "s"}),
    ("get_segment_version", {"SegmentId": "s", "Version": "1"}),
    ("get_segment_versions", {"SegmentId": "s"}),
    ("get_segment_import_jobs", {"SegmentId": "s"}),
    ("create_campaign", {"WriteCampaignRequest": {"SegmentId": "s"}}),
    ("update_campaign", {"CampaignId": "c", "WriteCampaignRequest": {}}),
    ("get_campaign", {"CampaignId": "c"}),
    ("get_campaigns", {}),
    ("delete_campaign", {"CampaignId": "c"}),
    ("get_campaign_version", {"CampaignId": "c", "Version": "1"}),
    ("get_campaign_versions", {"CampaignId": "c"}),
    ("get_campaign_activities", {"CampaignId": "c"}),
    ("update_endpoint", {"EndpointId": "e", "EndpointRequest": {}}),
    ("update_endpoints_batch", {"EndpointBatchRequest": {"Item": []}}),
    ("get_endpoint", {"EndpointId": "e"}),
    ("delete_endpoint", {"EndpointId": "e"}),
    ("get_user_endpoints", {"UserId": "u"}),
    ("delete_user_endpoints", {"UserId": "u"}),
    (
        "remove_attributes",
        {"AttributeType": "endpoint-custom-attributes", "UpdateAttributesRequest": {}},
    ),
    (
        "create_import_job",
        {
            "ImportJobRequest": {
                "Format": "CSV",
                "S3Url": "s3://bucket/key",
                "RoleArn": "arn:aws:iam::123456789012:role/import",
            }
        },
    ),
    ("get_import_job", {"JobId": "j"}),
    ("get_import_jobs", {}),
    ("update_apns_channel", {"APNSChannelRequest": {}}),
    ("get_apns_channel", {}),
    ("delete_apns_channel", {}),
    ("update_gcm_channel", {"GCMChannelRequest": {}}),
    ("get_gcm_channel", {}),
    ("delete_gcm_channel", {}),
]


@pytest.mark.parametrize(("method", "arguments"), APP_SCOPED, ids=[m for m, _ in APP_SCOPED])
def test_every_app_scoped_call_on_an_unknown_app_is_not_found(
    raw: Any, method: str, arguments: dict[str, Any]
) -> None:
    with pytest.raises(raw.exceptions.NotFoundException) as excinfo:
        getattr(raw, method)(ApplicationId="0" * 32, **arguments)
    code, status, message = error_of(excinfo)
    assert (code, status) == ("NotFoundException", 404)
    assert message == "Application not found"  # Pinpoint's wording
    assert excinfo.value.response["ResponseMetadata"]["RequestId"]
