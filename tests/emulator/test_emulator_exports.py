from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

import pytest

from pinpoint_sdk.emulator import Emulator, _exports
from pinpoint_sdk.emulator.pytest_plugin import boto3_client_for

from .conftest import error_of

ROLE = "arn:aws:iam::123456789012:role/pinpoint-export"


def add_endpoints(raw: Any, app: str, items: dict[str, dict[str, Any]]) -> None:
    batch = [{"Id": endpoint_id, **item} for endpoint_id, item in items.items()]
    raw.update_endpoints_batch(ApplicationId=app, EndpointBatchRequest={"Item": batch})


ENDPOINTS = {
    "e-gcm": {"ChannelType": "GCM", "Address": "token-1", "Attributes": {"plan": ["free"]}},
    "e-sms": {"ChannelType": "SMS", "Address": "+15555550100", "Attributes": {"plan": ["paid"]}},
    "e-mail": {"ChannelType": "EMAIL", "Address": "a@example.com", "User": {"UserId": "u1"}},
}


def create(raw: Any, app: str, **request: Any) -> dict[str, Any]:
    answer = raw.create_export_job(ApplicationId=app, ExportJobRequest={"RoleArn": ROLE, **request})
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 202
    return dict(answer["ExportJobResponse"])


def poll(raw: Any, app: str, job_id: str) -> list[str]:
    seen = []
    for _ in range(10):
        job = raw.get_export_job(ApplicationId=app, JobId=job_id)["ExportJobResponse"]
        seen.append(job["JobStatus"])
        if job["JobStatus"] in ("COMPLETED", "FAILED"):
            break
    return seen


def get_job(raw: Any, app: str, job_id: str) -> dict[str, Any]:
    return dict(raw.get_export_job(ApplicationId=app, JobId=job_id)["ExportJobResponse"])


def exported(emu: Emulator, bucket: str, prefix: str) -> list[dict[str, Any]]:
    """Every endpoint the objects under ``prefix`` hold, in key then line order."""
    lines: list[dict[str, Any]] = []
    for key in emu.object_keys(bucket, prefix):
        assert key.endswith(".gz")
        text = gzip.decompress(emu.get_object(bucket, key)).decode()
        lines.extend(json.loads(line) for line in text.splitlines())
    return lines


def test_an_export_writes_every_endpoint_as_get_endpoint_answers_it(
    raw: Any, app: str, emu: Emulator
) -> None:
    add_endpoints(raw, app, ENDPOINTS)
    job = create(raw, app, S3UrlPrefix=f"s3://exports/{app}/all/")
    assert (job["JobStatus"], job["Type"], job["ApplicationId"]) == ("CREATED", "EXPORT", app)
    assert job["Definition"] == {"RoleArn": ROLE, "S3UrlPrefix": f"s3://exports/{app}/all/"}
    assert emu.object_keys("exports", f"{app}/all/") == []  # nothing before it runs
    assert poll(raw, app, job["Id"]) == ["INITIALIZING", "PROCESSING", "COMPLETING", "COMPLETED"]
    final = get_job(raw, app, job["Id"])
    assert (final["TotalPieces"], final["CompletedPieces"], final["FailedPieces"]) == (1, 1, 0)
    assert (final["TotalProcessed"], final["TotalFailures"], final["Failures"]) == (3, 0, [])
    assert final["CompletionDate"]
    assert emu.object_keys("exports", f"{app}/all/") == [f"{app}/all/{job['Id']}/part-00000.gz"]
    expected = [
        raw.get_endpoint(ApplicationId=app, EndpointId=endpoint_id)["EndpointResponse"]
        for endpoint_id in sorted(ENDPOINTS)
    ]
    assert exported(emu, "exports", f"{app}/all/") == expected


def test_a_prefix_without_a_slash_is_a_folder(raw: Any, app: str, emu: Emulator) -> None:
    add_endpoints(raw, app, ENDPOINTS)
    job = create(raw, app, S3UrlPrefix=f"s3://exports/{app}-noslash")
    emu.run_export_jobs()
    assert get_job(raw, app, job["Id"])["JobStatus"] == "COMPLETED"
    assert emu.object_keys("exports", f"{app}-noslash/") == [
        f"{app}-noslash/{job['Id']}/part-00000.gz"
    ]


def test_a_segment_export_holds_that_segments_endpoints(raw: Any, app: str, emu: Emulator) -> None:
    add_endpoints(raw, app, ENDPOINTS)
    dimensions = {"Attributes": {"plan": {"AttributeType": "INCLUSIVE", "Values": ["paid"]}}}
    segment = raw.create_segment(
        ApplicationId=app, WriteSegmentRequest={"Name": "paid", "Dimensions": dimensions}
    )["SegmentResponse"]
    job = create(raw, app, S3UrlPrefix=f"s3://exports/{app}/paid/", SegmentId=segment["Id"])
    emu.run_export_jobs()
    assert get_job(raw, app, job["Id"])["TotalProcessed"] == 1
    assert [e["Id"] for e in exported(emu, "exports", f"{app}/paid/")] == ["e-sms"]


def test_a_segment_version_exports_as_that_version_selects(
    raw: Any, app: str, emu: Emulator
) -> None:
    add_endpoints(raw, app, ENDPOINTS)
    first = {"Attributes": {"plan": {"AttributeType": "INCLUSIVE", "Values": ["free"]}}}
    segment = raw.create_segment(
        ApplicationId=app, WriteSegmentRequest={"Name": "s", "Dimensions": first}
    )["SegmentResponse"]
    second = {"Attributes": {"plan": {"AttributeType": "INCLUSIVE", "Values": ["paid"]}}}
    raw.update_segment(
        ApplicationId=app, SegmentId=segment["Id"], WriteSegmentRequest={"Dimensions": second}
    )
    old = create(
        raw, app, S3UrlPrefix=f"s3://exports/{app}/v1/", SegmentId=segment["Id"], SegmentVersion=1
    )
    current = create(raw, app, S3UrlPrefix=f"s3://exports/{app}/v2/", SegmentId=segment["Id"])
    emu.run_export_jobs()
    assert [e["Id"] for e in exported(emu, "exports", f"{app}/v1/")] == ["e-gcm"]
    assert [e["Id"] for e in exported(emu, "exports", f"{app}/v2/")] == ["e-sms"]
    listed = raw.get_segment_export_jobs(ApplicationId=app, SegmentId=segment["Id"])
    assert {job["Id"] for job in listed["ExportJobsResponse"]["Item"]} == {
        old["Id"],
        current["Id"],
    }


def test_segment_export_jobs_list_only_that_segments_jobs(raw: Any, app: str) -> None:
    segment = raw.create_segment(ApplicationId=app, WriteSegmentRequest={"Name": "s"})
    segment_id = segment["SegmentResponse"]["Id"]
    create(raw, app, S3UrlPrefix="s3://exports/everything/")
    mine = create(raw, app, S3UrlPrefix="s3://exports/segment/", SegmentId=segment_id)
    listed = raw.get_segment_export_jobs(ApplicationId=app, SegmentId=segment_id)
    assert [job["Id"] for job in listed["ExportJobsResponse"]["Item"]] == [mine["Id"]]
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.get_segment_export_jobs(ApplicationId=app, SegmentId="f" * 32)


def test_an_app_without_endpoints_exports_no_object(raw: Any, app: str, emu: Emulator) -> None:
    job = create(raw, app, S3UrlPrefix=f"s3://exports/{app}/empty/")
    emu.run_export_jobs()
    final = get_job(raw, app, job["Id"])
    assert (final["JobStatus"], final["TotalPieces"], final["TotalProcessed"]) == (
        "COMPLETED",
        0,
        0,
    )
    assert emu.object_keys("exports", f"{app}/empty/") == []


def test_many_endpoints_are_split_into_pieces(
    raw: Any, app: str, emu: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_exports, "ENDPOINTS_PER_PIECE", 2)
    add_endpoints(raw, app, ENDPOINTS)
    job = create(raw, app, S3UrlPrefix=f"s3://exports/{app}/pieces/")
    emu.run_export_jobs()
    final = get_job(raw, app, job["Id"])
    assert (final["TotalPieces"], final["CompletedPieces"], final["TotalProcessed"]) == (2, 2, 3)
    keys = emu.object_keys("exports", f"{app}/pieces/")
    assert [key.rsplit("/", 1)[1] for key in keys] == ["part-00000.gz", "part-00001.gz"]
    assert [e["Id"] for e in exported(emu, "exports", f"{app}/pieces/")] == sorted(ENDPOINTS)


def test_export_jobs_are_listed_in_pages_and_advance_when_listed(raw: Any, app: str) -> None:
    jobs = [create(raw, app, S3UrlPrefix=f"s3://exports/p{n}/") for n in range(3)]
    first = raw.get_export_jobs(ApplicationId=app, PageSize="2")["ExportJobsResponse"]
    assert [job["Id"] for job in first["Item"]] == [jobs[0]["Id"], jobs[1]["Id"]]
    assert {job["JobStatus"] for job in first["Item"]} == {"INITIALIZING"}
    second = raw.get_export_jobs(ApplicationId=app, PageSize="2", Token=first["NextToken"])
    assert [job["Id"] for job in second["ExportJobsResponse"]["Item"]] == [jobs[2]["Id"]]
    assert "NextToken" not in second["ExportJobsResponse"]


def test_a_segment_deleted_before_the_export_runs_fails_the_job(
    raw: Any, app: str, emu: Emulator
) -> None:
    segment = raw.create_segment(ApplicationId=app, WriteSegmentRequest={"Name": "s"})
    segment_id = segment["SegmentResponse"]["Id"]
    job = create(raw, app, S3UrlPrefix="s3://exports/gone/", SegmentId=segment_id)
    raw.delete_segment(ApplicationId=app, SegmentId=segment_id)
    assert poll(raw, app, job["Id"]) == ["INITIALIZING", "PROCESSING", "FAILING", "FAILED"]
    assert get_job(raw, app, job["Id"])["Failures"] == [f"Segment {segment_id} no longer exists."]


def test_exports_are_files_under_s3_root(tmp_path: Path) -> None:
    (tmp_path / "exports").mkdir()
    with Emulator(s3_root=tmp_path) as emulator:
        raw = boto3_client_for(emulator)
        app = raw.create_app(CreateApplicationRequest={"Name": "t"})["ApplicationResponse"]["Id"]
        add_endpoints(raw, app, ENDPOINTS)
        job = create(raw, app, S3UrlPrefix="s3://exports/out/")
        emulator.run_export_jobs()
        assert get_job(raw, app, job["Id"])["JobStatus"] == "COMPLETED"
    written = tmp_path / "exports" / "out" / job["Id"] / "part-00000.gz"
    lines = gzip.decompress(written.read_bytes()).decode().splitlines()
    assert [json.loads(line)["Id"] for line in lines] == sorted(ENDPOINTS)


def test_an_export_to_a_bucket_missing_from_s3_root_fails(tmp_path: Path) -> None:
    with Emulator(s3_root=tmp_path) as emulator:
        raw = boto3_client_for(emulator)
        app = raw.create_app(CreateApplicationRequest={"Name": "t"})["ApplicationResponse"]["Id"]
        add_endpoints(raw, app, ENDPOINTS)
        job = create(raw, app, S3UrlPrefix="s3://no-such-bucket/out/")
        emulator.run_export_jobs()
        final = get_job(raw, app, job["Id"])
    assert (final["JobStatus"], final["FailedPieces"], final["TotalFailures"]) == ("FAILED", 1, 3)
    assert "The bucket 'no-such-bucket' does not exist." in final["Failures"][0]
    assert not (tmp_path / "no-such-bucket").exists()


@pytest.mark.parametrize(
    ("request_", "expected"),
    [
        ({"S3UrlPrefix": "exports/"}, "S3UrlPrefix must look like s3://bucket-name/folder-name/"),
        ({"S3UrlPrefix": "s3://A/"}, "S3UrlPrefix must look like"),
        (
            {"S3UrlPrefix": "s3://ok-bucket/", "SegmentVersion": 1},
            "SegmentVersion needs a SegmentId",
        ),
        ({"S3UrlPrefix": "s3://ok-bucket/", "SegmentId": "f" * 32}, "does not exist"),
    ],
    ids=["not-s3", "bucket-name", "version-alone", "no-segment"],
)
def test_a_bad_export_request_is_refused(
    raw: Any, app: str, request_: dict[str, Any], expected: str
) -> None:
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        raw.create_export_job(ApplicationId=app, ExportJobRequest={"RoleArn": ROLE, **request_})
    assert expected in error_of(excinfo)[2]
    assert raw.get_export_jobs(ApplicationId=app)["ExportJobsResponse"]["Item"] == []


@pytest.mark.parametrize("version", [0, 2])
def test_a_segment_version_that_does_not_exist_is_refused(raw: Any, app: str, version: int) -> None:
    segment = raw.create_segment(ApplicationId=app, WriteSegmentRequest={"Name": "s"})
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        create(
            raw,
            app,
            S3UrlPrefix="s3://ok-bucket/",
            SegmentId=segment["SegmentResponse"]["Id"],
            SegmentVersion=version,
        )
    assert f"SegmentVersion {version} does not exist" in error_of(excinfo)[2]


def test_unknown_jobs_and_apps_are_not_found(raw: Any, app: str) -> None:
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.get_export_job(ApplicationId=app, JobId="f" * 32)
    for call in (
        lambda: raw.get_export_jobs(ApplicationId="f" * 32),
        lambda: create(raw, "f" * 32, S3UrlPrefix="s3://ok-bucket/"),
    ):
        with pytest.raises(raw.exceptions.NotFoundException):
            call()


def test_a_missing_member_is_named(loose: Any, app: str) -> None:
    with pytest.raises(loose.exceptions.BadRequestException) as excinfo:
        loose.create_export_job(ApplicationId=app, ExportJobRequest={"RoleArn": ROLE})
    assert "ExportJobRequest.S3UrlPrefix" in error_of(excinfo)[2]


def test_get_object_of_a_missing_key_is_a_key_error(emu: Emulator) -> None:
    with pytest.raises(KeyError, match="no object s3://exports/missing"):
        emu.get_object("exports", "missing")


def test_the_docs_example_reads_an_export_back(raw: Any, app: str, emu: Emulator) -> None:
    doc = Path(__file__).resolve().parents[2] / "docs" / "emulator.md"
    blocks = re.findall(r"```python\n(.*?)```", doc.read_text(), flags=re.DOTALL)
    block = next(b for b in blocks if "emu.object_keys" in b)
    other = raw.create_app(CreateApplicationRequest={"Name": "docs"})["ApplicationResponse"]["Id"]
    add_endpoints(raw, other, ENDPOINTS)
    create(raw, other, S3UrlPrefix="s3://my-bucket/exports/")
    emu.run_export_jobs()
    namespace: dict[str, Any] = {"emu": emu}
    exec(block, namespace)
    assert [endpoint["Id"] for endpoint in namespace["endpoints"]] == sorted(ENDPOINTS)


def test_an_export_cannot_write_outside_its_bucket(tmp_path: Path) -> None:
    (tmp_path / "root" / "exports").mkdir(parents=True)
    with Emulator(s3_root=tmp_path / "root") as emulator:
        raw = boto3_client_for(emulator)
        app = raw.create_app(CreateApplicationRequest={"Name": "t"})["ApplicationResponse"]["Id"]
        add_endpoints(raw, app, ENDPOINTS)
        job = create(raw, app, S3UrlPrefix="s3://exports/../../escaped/")
        emulator.run_export_jobs()
        final = get_job(raw, app, job["Id"])
    assert final["JobStatus"] == "FAILED"
    assert "is not an object key in 'exports'" in final["Failures"][0]
    assert not (tmp_path / "escaped").exists()
    assert [path.name for path in (tmp_path / "root").rglob("*")] == ["exports"]
