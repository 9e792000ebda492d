"""Answers shaped like Pinpoint's: what its answers always carry, set or not (issue 11 item 5).

The defaults asserted here are those of the service's documented outputs (the AWS CLI's
``get-campaign``, ``get-campaigns``, ``get-endpoint`` and ``create-app`` examples, shipped with
awscli under ``awscli/examples/pinpoint``); the required members are the model's.
"""

from __future__ import annotations

from typing import Any

import botocore.session
import pytest
from botocore.model import ListShape, MapShape, Shape, StructureShape

from pinpoint_sdk.emulator import Emulator

from .conftest import error_of

ROLE = "arn:aws:iam::123456789012:role/pinpoint-import"
MODEL = botocore.session.get_session().get_service_model("pinpoint")


def missing_required(shape: Shape, value: Any, path: str = "$") -> list[str]:
    """Paths of members ``shape`` requires that ``value`` lacks, at any depth."""
    missing: list[str] = []
    if isinstance(shape, StructureShape) and isinstance(value, dict):
        missing += [f"{path}.{name}" for name in shape.required_members if name not in value]
        for name, member in shape.members.items():
            if name in value:
                missing += missing_required(member, value[name], f"{path}.{name}")
    elif isinstance(shape, ListShape) and isinstance(value, list):
        for index, item in enumerate(value):
            missing += missing_required(shape.member, item, f"{path}[{index}]")
    elif isinstance(shape, MapShape) and isinstance(value, dict):
        for key, item in value.items():
            missing += missing_required(shape.value, item, f"{path}.{key}")
    return missing


def answer(raw: Any, operation: str, **params: Any) -> Any:
    """Call ``operation`` (model name) and check its answer against the output shape."""
    method = getattr(raw, botocore.xform_name(operation))
    response = method(**params)
    output = MODEL.operation_model(operation).output_shape
    assert output is not None
    payload_name = output.serialization["payload"]
    payload = response[payload_name]
    assert missing_required(output.members[payload_name], payload) == []
    return payload


def test_every_answer_carries_the_members_the_model_requires(
    emu: Emulator, raw: Any, app: str
) -> None:
    emu.put_object("shapes", "e.csv", b"ChannelType,Address,Id\nGCM,t,e1\n")
    answer(raw, "GetApp", ApplicationId=app)
    answer(raw, "GetApplicationSettings", ApplicationId=app)
    segment = answer(raw, "CreateSegment", ApplicationId=app, WriteSegmentRequest={"Name": "s"})
    campaign = answer(
        raw,
        "CreateCampaign",
        ApplicationId=app,
        WriteCampaignRequest={"Name": "c", "SegmentId": segment["Id"]},
    )
    answer(raw, "GetCampaigns", ApplicationId=app)
    answer(raw, "GetCampaignActivities", ApplicationId=app, CampaignId=campaign["Id"])
    request = {"Format": "CSV", "S3Url": "s3://shapes/e.csv", "RoleArn": ROLE}
    job = answer(
        raw,
        "CreateImportJob",
        ApplicationId=app,
        ImportJobRequest={**request, "DefineSegment": True, "SegmentName": "imported"},
    )
    emu.run_import_jobs()
    answer(raw, "GetImportJobs", ApplicationId=app)
    imported = answer(
        raw, "GetSegment", ApplicationId=app, SegmentId=job["Definition"]["SegmentId"]
    )
    assert imported["ImportDefinition"]["Size"] == 1
    answer(raw, "GetEndpoint", ApplicationId=app, EndpointId="e1")


def test_a_campaign_carries_pinpoints_defaults(raw: Any, app: str) -> None:
    segment_id = raw.create_segment(ApplicationId=app, WriteSegmentRequest={"Name": "s"})[
        "SegmentResponse"
    ]["Id"]
    campaign = raw.create_campaign(
        ApplicationId=app,
        WriteCampaignRequest={
            "Name": "c",
            "SegmentId": segment_id,
            "Schedule": {"StartTime": "IMMEDIATE"},
        },
    )["CampaignResponse"]
    assert campaign["AdditionalTreatments"] == []
    assert campaign["HoldoutPercent"] == 0
    assert campaign["IsPaused"] is False
    assert campaign["Limits"] == {}
    assert campaign["tags"] == {}
    assert campaign["TemplateConfiguration"] == {}
    assert campaign["Schedule"]["IsLocalTime"] is False


def test_campaign_defaults_are_not_shared_between_campaigns(raw: Any, app: str) -> None:
    segment_id = raw.create_segment(ApplicationId=app, WriteSegmentRequest={"Name": "s"})[
        "SegmentResponse"
    ]["Id"]
    arns = [
        raw.create_campaign(
            ApplicationId=app,
            WriteCampaignRequest={"Name": name, "SegmentId": segment_id, "IsPaused": True},
        )["CampaignResponse"]["Arn"]
        for name in ("a", "b")
    ]
    raw.tag_resource(ResourceArn=arns[0], TagsModel={"tags": {"only": "a"}})
    assert raw.list_tags_for_resource(ResourceArn=arns[1])["TagsModel"]["tags"] == {}


def test_values_a_request_sets_replace_the_defaults(raw: Any, app: str) -> None:
    segment_id = raw.create_segment(ApplicationId=app, WriteSegmentRequest={"Name": "s"})[
        "SegmentResponse"
    ]["Id"]
    campaign = raw.create_campaign(
        ApplicationId=app,
        WriteCampaignRequest={
            "Name": "c",
            "SegmentId": segment_id,
            "HoldoutPercent": 10,
            "IsPaused": True,
            "Limits": {"Daily": 5},
        },
    )["CampaignResponse"]
    assert (campaign["HoldoutPercent"], campaign["IsPaused"]) == (10, True)
    assert campaign["Limits"] == {"Daily": 5}


def test_an_endpoint_always_has_attributes(raw: Any, app: str) -> None:
    raw.update_endpoint(
        ApplicationId=app,
        EndpointId="plain",
        EndpointRequest={"ChannelType": "SMS", "Address": "+15555550100"},
    )
    endpoint = raw.get_endpoint(ApplicationId=app, EndpointId="plain")["EndpointResponse"]
    assert endpoint["Attributes"] == {}


def test_apps_and_segments_always_have_tags(raw: Any, app: str) -> None:
    assert raw.get_app(ApplicationId=app)["ApplicationResponse"]["tags"] == {}
    segment = raw.create_segment(ApplicationId=app, WriteSegmentRequest={"Name": "s"})
    assert segment["SegmentResponse"]["tags"] == {}


def test_an_import_jobs_definition_is_filled_in(raw: Any, app: str) -> None:
    request = {"Format": "CSV", "S3Url": "s3://shapes/none.csv", "RoleArn": ROLE}
    job = raw.create_import_job(ApplicationId=app, ImportJobRequest=request)["ImportJobResponse"]
    assert job["Definition"]["DefineSegment"] is False
    assert job["Definition"]["RegisterEndpoints"] is True
    assert "ExternalId" not in job["Definition"]  # echoed only when given


def test_a_defined_segments_import_definition_has_an_external_id(
    emu: Emulator, raw: Any, app: str
) -> None:
    request = {"Format": "CSV", "S3Url": "s3://shapes/x.csv", "RoleArn": ROLE}
    job = raw.create_import_job(
        ApplicationId=app, ImportJobRequest={**request, "DefineSegment": True}
    )["ImportJobResponse"]
    segment = raw.get_segment(ApplicationId=app, SegmentId=job["Definition"]["SegmentId"])
    assert segment["SegmentResponse"]["ImportDefinition"]["ExternalId"] == emu.state.account_id
    given = raw.create_import_job(
        ApplicationId=app,
        ImportJobRequest={**request, "DefineSegment": True, "ExternalId": "mine"},
    )["ImportJobResponse"]
    mine = raw.get_segment(ApplicationId=app, SegmentId=given["Definition"]["SegmentId"])
    assert mine["SegmentResponse"]["ImportDefinition"]["ExternalId"] == "mine"
    assert mine["SegmentResponse"]["tags"] == {}


@pytest.mark.parametrize(
    ("method", "arguments", "message"),
    [
        ("get_app", {"ApplicationId": "0" * 32}, "Application not found"),
        ("get_segment", {"SegmentId": "nope"}, "Resource not found"),
        ("get_campaign", {"CampaignId": "nope"}, "Resource not found"),
        ("get_endpoint", {"EndpointId": "nope"}, "Resource not found"),
        ("get_user_endpoints", {"UserId": "nope"}, "Resource not found"),
        ("get_import_job", {"JobId": "nope"}, "Resource not found"),
    ],
    ids=["app", "segment", "campaign", "endpoint", "user", "import-job"],
)
def test_not_found_is_said_in_pinpoints_words(
    raw: Any, app: str, method: str, arguments: dict[str, Any], message: str
) -> None:
    with pytest.raises(raw.exceptions.NotFoundException) as excinfo:
        getattr(raw, method)(**{"ApplicationId": app, **arguments})
    assert error_of(excinfo) == ("NotFoundException", 404, message)
