"""Waiters, client-side rate limits and put_endpoints through the client (Stubber answers)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.stub import Stubber

from pinpoint_sdk import PinpointClient, RetryPolicy, errors, models
from pinpoint_sdk._ratelimit import RateLimiter
from tests.client.fakes import FakeTime

APP = "a" * 32


def _job(status: str, **extra: Any) -> dict[str, Any]:
    return {
        "ImportJobResponse": {
            "ApplicationId": APP,
            "CreationDate": "2026-11-27T00:00:00Z",
            "Definition": {
                "Format": "CSV",
                "RoleArn": "arn:aws:iam::1:role/r",
                "S3Url": "s3://b/k",
            },
            "Id": "job-1",
            "JobStatus": status,
            "Type": "IMPORT",
            **extra,
        }
    }


def _expect_job(stubber: Stubber, status: str, **extra: Any) -> None:
    stubber.add_response(
        "get_import_job", _job(status, **extra), {"ApplicationId": APP, "JobId": "job-1"}
    )


def test_wait_for_import_job_returns_the_completed_job(
    client: PinpointClient, stubber: Stubber, fake_time: FakeTime
) -> None:
    for status in ("CREATED", "PROCESSING", "COMPLETED"):
        _expect_job(stubber, status)
    job = client.wait_for_import_job(APP, "job-1", poll_interval=1.0)
    assert job.job_status == models.JobStatus.COMPLETED
    assert fake_time.sleeps == [1.0, 1.5]  # backoff between polls


def test_wait_for_import_job_raises_with_the_failures(
    client: PinpointClient, stubber: Stubber
) -> None:
    _expect_job(stubber, "FAILED", Failures=["row 2: missing Address"], FailedPieces=1)
    with pytest.raises(errors.ImportJobFailedError, match="row 2: missing Address") as info:
        client.wait_for_import_job(APP, "job-1")
    assert info.value.failures == ["row 2: missing Address"]
    assert info.value.job.failed_pieces == 1


def test_wait_for_import_job_times_out(
    client: PinpointClient, stubber: Stubber, fake_time: FakeTime
) -> None:
    for _ in range(4):
        _expect_job(stubber, "PROCESSING")
    with pytest.raises(errors.WaitTimeoutError, match="within 3 s") as info:
        client.wait_for_import_job(APP, "job-1", timeout=3.0, poll_interval=1.0)
    assert isinstance(info.value.last, models.ImportJobResponse)
    assert fake_time.now == pytest.approx(3.0)


def test_wait_for_import_job_survives_throttling(
    raw: Any, stubber: Stubber, fake_time: FakeTime
) -> None:
    client = PinpointClient(
        raw, retry=RetryPolicy(max_attempts=1, sleep=fake_time.sleep, clock=fake_time.clock)
    )
    stubber.add_client_error("get_import_job", "TooManyRequestsException", http_status_code=429)
    _expect_job(stubber, "COMPLETED")
    assert client.wait_for_import_job(APP, "job-1").job_status == "COMPLETED"


def test_wait_for_endpoint_waits_until_it_reads_back_as_written(
    client: PinpointClient, stubber: Stubber
) -> None:
    params = {"ApplicationId": APP, "EndpointId": "ep-1"}
    stubber.add_client_error("get_endpoint", "NotFoundException", http_status_code=404)
    stubber.add_response(
        "get_endpoint", {"EndpointResponse": {"Id": "ep-1", "Address": "old@x.com"}}, params
    )
    stubber.add_response(
        "get_endpoint",
        {"EndpointResponse": {"Id": "ep-1", "Address": "new@x.com", "CohortId": "7"}},
        params,
    )
    written = models.EndpointRequest(address="new@x.com")
    endpoint = client.wait_for_endpoint(APP, "ep-1", expected=written)
    assert endpoint.address == "new@x.com"


def test_rate_limiter_spaces_requests(fake_time: FakeTime) -> None:
    limiter = RateLimiter(2.0, burst=1, clock=fake_time.clock, sleep=fake_time.sleep)
    for _ in range(3):
        limiter.acquire()
    assert fake_time.now == pytest.approx(1.0)  # 3 requests at 2/s with no burst: 0, 0.5, 1.0


def test_rate_limits_apply_to_the_named_operation_only(
    raw: Any, stubber: Stubber, fake_time: FakeTime
) -> None:
    # The limits take the retry policy's clock and sleep: one injection serves both.
    policy = RetryPolicy(sleep=fake_time.sleep, clock=fake_time.clock)
    client = PinpointClient(raw, rate_limits={"GetApp": 1.0}, retry=policy)
    for _ in range(3):
        stubber.add_response(
            "get_app", {"ApplicationResponse": {"Id": APP, "Arn": "a", "Name": "n"}}
        )
    for _ in range(2):
        stubber.add_response("get_apps", {"ApplicationsResponse": {}})
    for _ in range(3):
        client.get_app(application_id=APP)
    assert fake_time.now == pytest.approx(2.0)
    client.get_apps()
    client.get_apps()
    assert fake_time.now == pytest.approx(2.0)


def test_rate_limiter_refuses_a_non_positive_rate() -> None:
    with pytest.raises(ValueError, match="rate"):
        RateLimiter(0)


def test_put_endpoints_sends_batches_through_update_endpoints_batch(
    client: PinpointClient, stubber: Stubber
) -> None:
    accepted = {"MessageBody": {"Message": "Accepted", "RequestID": "r"}}
    for _ in range(2):
        stubber.add_response("update_endpoints_batch", accepted)
    endpoints = (
        models.EndpointBatchItem(
            id=f"ep-{i}", address=f"u{i}@x.com", channel_type=models.ChannelType.EMAIL
        )
        for i in range(150)
    )
    result = client.put_endpoints(APP, endpoints, max_workers=1)
    assert result.ok
    assert (result.accepted, result.batches_sent) == (150, 2)


def test_wait_for_endpoint_accepts_maps_merged_with_what_the_endpoint_had(
    client: PinpointClient, stubber: Stubber
) -> None:
    stored = {"Id": "ep-1", "Attributes": {"city": ["Paris"], "plan": ["pro"]}}
    stubber.add_response("get_endpoint", {"EndpointResponse": stored})
    written = models.EndpointRequest(attributes={"plan": ["pro"]})
    assert (
        client.wait_for_endpoint(APP, "ep-1", expected=written).attributes == stored["Attributes"]
    )


def test_wait_for_import_job_raises_not_found_at_once(
    client: PinpointClient, stubber: Stubber, fake_time: FakeTime
) -> None:
    stubber.add_client_error("get_import_job", "NotFoundException", http_status_code=404)
    with pytest.raises(errors.NotFoundException):
        client.wait_for_import_job(APP, "job-1")
    assert fake_time.sleeps == []
