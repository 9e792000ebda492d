"""One emulator serves every region, as Pinpoint's regions are separate services: a request is
served in the region its SigV4 signature names, and an unsigned one in the emulator's default."""

from __future__ import annotations

import http.client
import json
from typing import Any

import boto3
import pytest
from botocore.config import Config

from pinpoint_sdk.emulator import Emulator
from pinpoint_sdk.emulator._state import region_of

from .conftest import error_of

ROLE = "arn:aws:iam::123456789012:role/pinpoint-import"


def client_in(emu: Emulator, region: str) -> Any:
    return boto3.client(
        "pinpoint",
        endpoint_url=emu.endpoint_url,
        region_name=region,
        aws_access_key_id="x",
        aws_secret_access_key="x",
        config=Config(retries={"max_attempts": 1}),
    )


@pytest.fixture(scope="module")
def us(emu: Emulator) -> Any:
    return client_in(emu, "us-east-1")


@pytest.fixture(scope="module")
def eu(emu: Emulator) -> Any:
    return client_in(emu, "eu-west-1")


def create_app(client: Any, name: str = "regional") -> dict[str, Any]:
    return dict(client.create_app(CreateApplicationRequest={"Name": name})["ApplicationResponse"])


def test_an_apps_arn_names_the_region_the_request_was_signed_for(us: Any, eu: Any) -> None:
    assert create_app(eu)["Arn"].startswith("arn:aws:mobiletargeting:eu-west-1:123456789012:apps/")
    assert create_app(us)["Arn"].startswith("arn:aws:mobiletargeting:us-east-1:123456789012:apps/")


def test_an_app_created_in_one_region_is_not_found_from_another(us: Any, eu: Any) -> None:
    app_id = create_app(eu)["Id"]
    assert eu.get_app(ApplicationId=app_id)["ApplicationResponse"]["Id"] == app_id
    with pytest.raises(us.exceptions.NotFoundException) as excinfo:
        us.get_app(ApplicationId=app_id)
    assert error_of(excinfo)[:2] == ("NotFoundException", 404)


def test_each_region_lists_only_its_own_apps(emu: Emulator) -> None:
    south, north = client_in(emu, "ap-south-1"), client_in(emu, "eu-north-1")
    south_id = create_app(south)["Id"]
    north_id = create_app(north)["Id"]
    south_ids = {item["Id"] for item in south.get_apps()["ApplicationsResponse"]["Item"]}
    north_ids = {item["Id"] for item in north.get_apps()["ApplicationsResponse"]["Item"]}
    assert south_ids == {south_id}
    assert north_ids == {north_id}


def test_segment_and_campaign_arns_follow_the_region(eu: Any) -> None:
    app_id = create_app(eu)["Id"]
    segment = eu.create_segment(ApplicationId=app_id, WriteSegmentRequest={"Name": "s"})
    segment_id = segment["SegmentResponse"]["Id"]
    campaign = eu.create_campaign(
        ApplicationId=app_id,
        WriteCampaignRequest={"Name": "c", "SegmentId": segment_id, "IsPaused": True},
    )
    assert segment["SegmentResponse"]["Arn"].startswith("arn:aws:mobiletargeting:eu-west-1:")
    assert campaign["CampaignResponse"]["Arn"].startswith("arn:aws:mobiletargeting:eu-west-1:")


def test_a_resource_of_another_region_cannot_be_tagged(us: Any, eu: Any) -> None:
    arn = create_app(eu)["Arn"]
    eu.tag_resource(ResourceArn=arn, TagsModel={"tags": {"team": "a"}})
    assert eu.list_tags_for_resource(ResourceArn=arn)["TagsModel"]["tags"] == {"team": "a"}
    with pytest.raises(us.exceptions.NotFoundException):
        us.list_tags_for_resource(ResourceArn=arn)


def unsigned_create_app(emu: Emulator) -> dict[str, Any]:
    host, port = emu.endpoint_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("POST", "/v1/apps", body=b'{"Name": "unsigned"}')
        return dict(json.loads(connection.getresponse().read()))
    finally:
        connection.close()


def test_an_unsigned_request_is_served_in_the_default_region() -> None:
    with Emulator(region="ap-southeast-2") as emu:
        app = unsigned_create_app(emu)
        assert app["Arn"].startswith("arn:aws:mobiletargeting:ap-southeast-2:")
        # The same region as a client signing for it.
        listed = client_in(emu, "ap-southeast-2").get_apps()["ApplicationsResponse"]["Item"]
        assert [item["Id"] for item in listed] == [app["Id"]]


def test_test_hooks_reach_apps_in_every_region(emu: Emulator, eu: Any) -> None:
    app_id = create_app(eu)["Id"]
    emu.put_object("regional-imports", "e.csv", b"ChannelType,Address,Id\nGCM,t,e1\n")
    job = eu.create_import_job(
        ApplicationId=app_id,
        ImportJobRequest={"Format": "CSV", "S3Url": "s3://regional-imports/e.csv", "RoleArn": ROLE},
    )["ImportJobResponse"]
    emu.run_import_jobs()
    done = eu.get_import_job(ApplicationId=app_id, JobId=job["Id"])["ImportJobResponse"]
    assert done["JobStatus"] == "COMPLETED"
    assert eu.get_endpoint(ApplicationId=app_id, EndpointId="e1")["EndpointResponse"]["Address"]

    segment_id = eu.create_segment(ApplicationId=app_id, WriteSegmentRequest={"Name": "s"})[
        "SegmentResponse"
    ]["Id"]
    campaign_id = eu.create_campaign(
        ApplicationId=app_id,
        WriteCampaignRequest={"Name": "c", "SegmentId": segment_id, "IsPaused": True},
    )["CampaignResponse"]["Id"]
    assert emu.run_campaign(app_id, campaign_id)["TotalEndpointCount"] == 1


@pytest.mark.parametrize(
    ("authorization", "credential", "region"),
    [
        (
            "AWS4-HMAC-SHA256 Credential=AKID/20261127/eu-central-2/mobiletargeting/aws4_request, "
            "SignedHeaders=host, Signature=abc",
            None,
            "eu-central-2",
        ),
        (None, "AKID/20261127/us-gov-west-1/mobiletargeting/aws4_request", "us-gov-west-1"),
        (None, None, None),
        ("AWS4-HMAC-SHA256 Credential=AKID/20261127/../mobiletargeting/aws4_request", None, None),
        ("AWS4-HMAC-SHA256 Credential=AKID/2026/eu-west-1/mobiletargeting", None, None),
        ("Bearer token", None, None),
        ("Credential=" + "/" * 10_000, None, None),
    ],
    ids=["header", "presigned", "unsigned", "not-a-region", "bad-date", "not-sigv4", "hostile"],
)
def test_the_region_is_read_from_the_signatures_credential_scope(
    authorization: str | None, credential: str | None, region: str | None
) -> None:
    assert region_of(authorization, credential) == region


def test_requests_signed_for_made_up_regions_do_not_grow_the_state(emu: Emulator) -> None:
    before = set(emu.state._regions)
    for index in range(5):
        client_in(emu, f"zz-nowhere-{index}").get_apps()
    assert set(emu.state._regions) == before


def test_test_hooks_reach_export_jobs_and_events_of_every_region(emu: Emulator) -> None:
    west = client_in(emu, "eu-west-1")
    app = west.create_app(CreateApplicationRequest={"Name": "west"})["ApplicationResponse"]["Id"]
    west.put_events(
        ApplicationId=app,
        EventsRequest={
            "BatchItem": {
                "e1": {
                    "Endpoint": {"Address": "a@example.com", "ChannelType": "EMAIL"},
                    "Events": {"ev": {"EventType": "signup", "Timestamp": "2026-11-27T00:00:00Z"}},
                }
            }
        },
    )
    assert [event["EventType"] for event in emu.events(app)] == ["signup"]
    job = west.create_export_job(
        ApplicationId=app,
        ExportJobRequest={
            "RoleArn": "arn:aws:iam::123456789012:role/export",
            "S3UrlPrefix": "s3://west-bucket/out",
        },
    )["ExportJobResponse"]
    emu.run_export_jobs()
    answer = west.get_export_job(ApplicationId=app, JobId=job["Id"])["ExportJobResponse"]
    assert answer["JobStatus"] == "COMPLETED"
    assert emu.object_keys("west-bucket", "out")  # the endpoint was written


def test_templates_belong_to_the_region_they_were_made_in(emu: Emulator) -> None:
    east, west = client_in(emu, "us-east-1"), client_in(emu, "eu-west-1")
    east.create_sms_template(TemplateName="regional-sms", SMSTemplateRequest={"Body": "hi"})
    assert east.get_sms_template(TemplateName="regional-sms")["SMSTemplateResponse"]["Body"] == "hi"
    with pytest.raises(west.exceptions.NotFoundException):
        west.get_sms_template(TemplateName="regional-sms")
