from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pinpoint_sdk.emulator import Emulator
from pinpoint_sdk.emulator.pytest_plugin import boto3_client_for

from .conftest import error_of

ROLE = "arn:aws:iam::123456789012:role/pinpoint-import"

CSV = (
    b"ChannelType,Address,Id,User.UserId,Attributes.Interests,Demographic.Platform,"
    b"Location.Country,Metrics.visits,User.UserAttributes.plan\n"
    b"GCM,token-1,csv-1,user-1,Music,android,US,3,free\n"
    b"APNS,token-2,csv-2,user-2,Books,ios,FR,1.5,paid\n"
)
JSON_LINES = b"\n".join(
    json.dumps(item).encode()
    for item in (
        {"ChannelType": "GCM", "Address": "j1", "Id": "json-1", "Attributes": {"a": ["x", "y"]}},
        {"ChannelType": "EMAIL", "Address": "a@example.com", "Id": "json-2"},
    )
)


def job_request(url: str, fmt: str = "CSV", **extra: Any) -> dict[str, Any]:
    return {"Format": fmt, "S3Url": url, "RoleArn": ROLE, **extra}


def create_job(raw: Any, app: str, request: dict[str, Any]) -> dict[str, Any]:
    response = raw.create_import_job(ApplicationId=app, ImportJobRequest=request)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 201
    return dict(response["ImportJobResponse"])


def read_until_final(raw: Any, app: str, job_id: str) -> list[str]:
    """Poll as a user would; returns every status seen."""
    seen = []
    for _ in range(10):
        job = raw.get_import_job(ApplicationId=app, JobId=job_id)["ImportJobResponse"]
        seen.append(job["JobStatus"])
        if job["JobStatus"] in ("COMPLETED", "FAILED"):
            break
    return seen


def get_job(raw: Any, app: str, job_id: str) -> dict[str, Any]:
    return dict(raw.get_import_job(ApplicationId=app, JobId=job_id)["ImportJobResponse"])


def test_a_csv_import_moves_through_its_states_and_registers_endpoints(
    raw: Any, app: str, emu: Emulator
) -> None:
    emu.put_object("imports", "csv/endpoints.csv", CSV)
    job = create_job(raw, app, job_request("s3://imports/csv/endpoints.csv"))
    assert job["JobStatus"] == "CREATED"
    assert job["Type"] == "IMPORT"
    assert read_until_final(raw, app, job["Id"]) == [
        "INITIALIZING",
        "PROCESSING",
        "COMPLETING",
        "COMPLETED",
    ]
    final = get_job(raw, app, job["Id"])
    assert (final["TotalPieces"], final["CompletedPieces"], final["FailedPieces"]) == (1, 1, 0)
    assert (final["TotalProcessed"], final["TotalFailures"]) == (2, 0)
    assert final["CompletionDate"]
    endpoint = raw.get_endpoint(ApplicationId=app, EndpointId="csv-1")["EndpointResponse"]
    assert endpoint["Address"] == "token-1"
    assert endpoint["ChannelType"] == "GCM"
    assert endpoint["User"] == {"UserId": "user-1", "UserAttributes": {"plan": ["free"]}}
    assert endpoint["Attributes"] == {"Interests": ["Music"]}
    assert endpoint["Demographic"] == {"Platform": "android"}
    assert endpoint["Location"] == {"Country": "US"}
    assert endpoint["Metrics"] == {"visits": 3.0}


def test_a_json_import_reads_one_endpoint_per_line(raw: Any, app: str, emu: Emulator) -> None:
    emu.put_object("imports", "endpoints.json", JSON_LINES)
    job = create_job(raw, app, job_request("s3://imports/endpoints.json", "JSON"))
    emu.run_import_jobs()
    assert get_job(raw, app, job["Id"])["JobStatus"] == "COMPLETED"
    endpoint = raw.get_endpoint(ApplicationId=app, EndpointId="json-1")["EndpointResponse"]
    assert endpoint["Attributes"] == {"a": ["x", "y"]}
    assert raw.get_endpoint(ApplicationId=app, EndpointId="json-2")["EndpointResponse"]


def test_a_folder_of_objects_is_imported_piece_by_piece(raw: Any, app: str, emu: Emulator) -> None:
    emu.put_object("imports", "folder/a.csv", b"ChannelType,Address,Id\nGCM,t,fa\n")
    emu.put_object("imports", "folder/b.csv", b"ChannelType,Address,Id\nGCM,t,fb\n")
    job = create_job(raw, app, job_request("s3://imports/folder/"))
    emu.run_import_jobs()
    final = get_job(raw, app, job["Id"])
    assert (final["TotalPieces"], final["CompletedPieces"], final["TotalProcessed"]) == (2, 2, 2)


def test_objects_can_come_from_a_folder_standing_in_for_s3(tmp_path: Path) -> None:
    (tmp_path / "bucket" / "in").mkdir(parents=True)
    (tmp_path / "bucket" / "in" / "endpoints.csv").write_bytes(CSV)
    with Emulator(s3_root=tmp_path) as emulator:
        raw = boto3_client_for(emulator)
        app = raw.create_app(CreateApplicationRequest={"Name": "a"})["ApplicationResponse"]["Id"]
        job = create_job(raw, app, job_request("s3://bucket/in/endpoints.csv"))
        emulator.run_import_jobs()
        assert get_job(raw, app, job["Id"])["JobStatus"] == "COMPLETED"
        assert raw.get_endpoint(ApplicationId=app, EndpointId="csv-2")["EndpointResponse"]


def test_a_key_cannot_reach_outside_the_s3_folder(tmp_path: Path) -> None:
    (tmp_path / "root" / "bucket").mkdir(parents=True)
    (tmp_path / "secret.csv").write_bytes(CSV)
    with Emulator(s3_root=tmp_path / "root") as emulator:
        raw = boto3_client_for(emulator)
        app = raw.create_app(CreateApplicationRequest={"Name": "a"})["ApplicationResponse"]["Id"]
        job = create_job(raw, app, job_request("s3://bucket/../../secret.csv"))
        emulator.run_import_jobs()
        assert get_job(raw, app, job["Id"])["JobStatus"] == "FAILED"


def test_a_missing_object_fails_the_job_with_a_failure(raw: Any, app: str) -> None:
    job = create_job(raw, app, job_request("s3://imports/nothing-here.csv"))
    assert read_until_final(raw, app, job["Id"]) == ["INITIALIZING", "FAILING", "FAILED"]
    final = get_job(raw, app, job["Id"])
    assert final["TotalPieces"] == 0
    assert "s3://imports/nothing-here.csv" in final["Failures"][0]


def test_bad_rows_are_counted_and_listed_while_good_rows_import(
    raw: Any, app: str, emu: Emulator
) -> None:
    emu.put_object(
        "imports",
        "mixed.csv",
        b"ChannelType,Address,Id,Metrics.visits\n"
        b"GCM,t1,good,1\n"
        b"PIGEON,t2,bad-channel,1\n"
        b"GCM,t3,bad-metric,lots\n"
        b"GCM,,no-address,1\n",
    )
    job = create_job(raw, app, job_request("s3://imports/mixed.csv"))
    emu.run_import_jobs()
    final = get_job(raw, app, job["Id"])
    assert final["JobStatus"] == "COMPLETED"
    assert (final["TotalProcessed"], final["TotalFailures"]) == (4, 3)
    assert len(final["Failures"]) == 3
    assert "line 3" in final["Failures"][0]
    assert raw.get_endpoint(ApplicationId=app, EndpointId="good")["EndpointResponse"]
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.get_endpoint(ApplicationId=app, EndpointId="bad-metric")


def test_a_piece_that_cannot_be_read_fails_the_job(raw: Any, app: str, emu: Emulator) -> None:
    emu.put_object("imports", "unknown-column.csv", b"ChannelType,Address,Shoe\nGCM,t,42\n")
    job = create_job(raw, app, job_request("s3://imports/unknown-column.csv"))
    emu.run_import_jobs()
    final = get_job(raw, app, job["Id"])
    assert (final["JobStatus"], final["FailedPieces"]) == ("FAILED", 1)
    assert "Shoe" in final["Failures"][0]


def test_json_lines_that_are_not_endpoints_are_failures(raw: Any, app: str, emu: Emulator) -> None:
    emu.put_object(
        "imports", "bad.json", b'{"ChannelType": "GCM", "Address": "t"}\nnot json\n[1]\n'
    )
    job = create_job(raw, app, job_request("s3://imports/bad.json", "JSON"))
    emu.run_import_jobs()
    final = get_job(raw, app, job["Id"])
    assert (final["TotalProcessed"], final["TotalFailures"]) == (3, 2)


def test_define_segment_creates_an_import_segment_with_the_endpoints(
    raw: Any, app: str, emu: Emulator
) -> None:
    emu.put_object("imports", "seg.csv", CSV)
    request = job_request("s3://imports/seg.csv", DefineSegment=True, SegmentName="imported")
    job = create_job(raw, app, request)
    segment_id = job["Definition"]["SegmentId"]
    emu.run_import_jobs()
    segment = raw.get_segment(ApplicationId=app, SegmentId=segment_id)["SegmentResponse"]
    assert (segment["SegmentType"], segment["Name"]) == ("IMPORT", "imported")
    definition = segment["ImportDefinition"]
    assert (definition["Size"], definition["Format"]) == (2, "CSV")
    assert definition["ChannelCounts"] == {"GCM": 1, "APNS": 1}
    listed = raw.get_segment_import_jobs(ApplicationId=app, SegmentId=segment_id)
    assert [j["Id"] for j in listed["ImportJobsResponse"]["Item"]] == [job["Id"]]
    # A campaign on the imported segment reaches exactly its endpoints.
    campaign = raw.create_campaign(
        ApplicationId=app,
        WriteCampaignRequest={"SegmentId": segment_id, "Schedule": {"StartTime": "IMMEDIATE"}},
    )["CampaignResponse"]
    activity = raw.get_campaign_activities(ApplicationId=app, CampaignId=campaign["Id"])
    assert activity["ActivitiesResponse"]["Item"][0]["TotalEndpointCount"] == 2


def test_get_import_jobs_lists_the_apps_jobs(raw: Any, app: str) -> None:
    ids = [create_job(raw, app, job_request(f"s3://imports/{i}.csv"))["Id"] for i in range(3)]
    listed = raw.get_import_jobs(ApplicationId=app)["ImportJobsResponse"]["Item"]
    assert [job["Id"] for job in listed] == ids


def test_get_segment_import_jobs_of_an_unknown_segment_is_not_found(raw: Any, app: str) -> None:
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.get_segment_import_jobs(ApplicationId=app, SegmentId="nope")


def test_the_definition_echoes_every_member_written(raw: Any, app: str, emu: Emulator) -> None:
    emu.put_object("bucket", "k.csv", CSV)
    written = job_request(
        "s3://bucket/k.csv", ExternalId="ext-42", RegisterEndpoints=True, DefineSegment=False
    )
    created = create_job(raw, app, written)
    assert get_job(raw, app, created["Id"])["Definition"] == written
    assert created["Definition"] == written


def test_an_unknown_job_is_not_found(raw: Any, app: str) -> None:
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.get_import_job(ApplicationId=app, JobId="nope")


def test_a_role_arn_is_kept_as_given(raw: Any, app: str) -> None:
    """Pinpoint checks the role by assuming it, which the emulator cannot do: any value is kept
    (the same for export jobs, event streams and channels: docs/emulator.md)."""
    job = create_job(raw, app, job_request("s3://bucket/k.csv", RoleArn="not-an-arn"))
    assert job["Definition"]["RoleArn"] == "not-an-arn"


@pytest.mark.parametrize(
    ("request_", "expected"),
    [
        (job_request("https://bucket/key"), "S3Url"),
        (job_request("s3://"), "S3Url"),
        (job_request("s3://bucket/k", SegmentId="nope"), "nope"),
        ({"S3Url": "s3://bucket/k", "RoleArn": ROLE}, "Format"),
        ({"Format": "CSV", "RoleArn": ROLE}, "S3Url"),
        ({"Format": "CSV", "S3Url": "s3://bucket/k"}, "RoleArn"),
        (job_request("s3://bucket/k", fmt="XML"), "Format"),
    ],
    ids=[
        "not-s3",
        "no-bucket",
        "unknown-segment",
        "no-format",
        "no-url",
        "no-role",
        "bad-format",
    ],
)
def test_create_import_job_validates_its_request(
    loose: Any, app: str, request_: dict[str, Any], expected: str
) -> None:
    with pytest.raises(loose.exceptions.BadRequestException) as excinfo:
        loose.create_import_job(ApplicationId=app, ImportJobRequest=request_)
    code, status, message = error_of(excinfo)
    assert (code, status) == ("BadRequestException", 400)
    assert expected in message
