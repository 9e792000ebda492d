"""The waiters end to end: real botocore and HTTP against the emulator, on the client's fake clock.

The emulator moves an import job one state each time it is read (CREATED -> INITIALIZING ->
PROCESSING -> COMPLETING -> COMPLETED), so how many polls a wait takes is known, and the
``RetryPolicy``'s injected sleep and clock, which the waiters use, mean no test really waits.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pinpoint_sdk import PinpointClient, RetryPolicy, errors, models
from pinpoint_sdk.emulator import Emulator
from tests.client.fakes import FakeTime
from tests.helpers import create_app

ROLE = "arn:aws:iam::123456789012:role/PinpointImport"


@pytest.fixture
def client(emu: Emulator, fake_time: FakeTime) -> Iterator[PinpointClient]:
    policy = RetryPolicy(sleep=fake_time.sleep, clock=fake_time.clock)
    with PinpointClient(endpoint_url=emu.endpoint_url, retry=policy) as pinpoint:
        yield pinpoint


@pytest.fixture
def app(client: PinpointClient) -> str:
    return create_app(client, "waiters")


def start_import(client: PinpointClient, app: str, s3_url: str) -> str:
    job = client.create_import_job(
        application_id=app,
        import_job_request=models.ImportJobRequest(
            format=models.Format.CSV,
            s3_url=s3_url,
            role_arn=ROLE,
            define_segment=True,
            segment_name="imported",
        ),
    )
    assert job.id is not None
    assert job.job_status == models.JobStatus.CREATED
    return job.id


# -- wait_for_import_job ---------------------------------------------------------------------


def test_wait_for_import_job_returns_the_completed_job_after_one_poll_per_state(
    client: PinpointClient, emu: Emulator, app: str, fake_time: FakeTime
) -> None:
    emu.put_object(
        "waiters",
        "ok.csv",
        b"Id,ChannelType,Address\ne1,EMAIL,a@example.com\ne2,EMAIL,b@example.com\ne3,SMS,+15555550100\n",
    )
    job_id = start_import(client, app, "s3://waiters/ok.csv")
    reads = emu.call_count("GetImportJob")

    done = client.wait_for_import_job(app, job_id, poll_interval=1.0)

    assert done.job_status == models.JobStatus.COMPLETED
    assert (done.total_processed, done.total_failures, done.completed_pieces) == (3, 0, 1)
    # INITIALIZING, PROCESSING, COMPLETING, COMPLETED; the waits back off by 1.5x.
    assert emu.call_count("GetImportJob") - reads == 4
    assert fake_time.sleeps == [1.0, 1.5, 2.25]
    assert done.definition is not None
    assert done.definition.segment_id is not None
    segment = client.get_segment(application_id=app, segment_id=done.definition.segment_id)
    assert segment.import_definition is not None
    assert segment.import_definition.size == 3
    assert segment.import_definition.channel_counts == {"EMAIL": 2, "SMS": 1}


def test_wait_for_import_job_returns_a_job_that_completed_with_bad_rows(
    client: PinpointClient, emu: Emulator, app: str
) -> None:
    emu.put_object(
        "waiters", "some-bad.csv", b"Id,ChannelType,Address\ne1,EMAIL,a@example.com\ne2,FAX,555\n"
    )
    job_id = start_import(client, app, "s3://waiters/some-bad.csv")

    done = client.wait_for_import_job(app, job_id)

    assert done.job_status == models.JobStatus.COMPLETED
    assert (done.total_processed, done.total_failures) == (2, 1)
    assert done.failures is not None
    assert [f.split(":")[0] for f in done.failures] == ["some-bad.csv line 3"]


def test_wait_for_import_job_raises_with_the_reason_when_the_object_is_missing(
    client: PinpointClient, app: str
) -> None:
    job_id = start_import(client, app, "s3://waiters/missing.csv")

    with pytest.raises(errors.ImportJobFailedError, match="No object found") as info:
        client.wait_for_import_job(app, job_id)

    assert info.value.failures == ["No object found at s3://waiters/missing.csv."]
    assert info.value.job.job_status == models.JobStatus.FAILED
    assert info.value.job.id == job_id


def test_wait_for_import_job_raises_naming_each_bad_row_when_none_is_good(
    client: PinpointClient, emu: Emulator, app: str
) -> None:
    emu.put_object("waiters", "all-bad.csv", b"Id,ChannelType,Address\ne1,FAX,1\ne2,,2\n")
    job_id = start_import(client, app, "s3://waiters/all-bad.csv")

    with pytest.raises(errors.ImportJobFailedError) as info:
        client.wait_for_import_job(app, job_id)

    assert [f.split(":")[0] for f in info.value.failures] == [
        "all-bad.csv line 2",
        "all-bad.csv line 3",
    ]
    assert "ChannelType" in info.value.failures[0]
    job = info.value.job
    assert (job.total_processed, job.total_failures, job.failed_pieces) == (2, 2, 1)


def test_wait_for_import_job_times_out_and_leaves_the_job_running(
    client: PinpointClient, emu: Emulator, app: str, fake_time: FakeTime
) -> None:
    emu.put_object("waiters", "slow.csv", b"Id,ChannelType,Address\ne1,EMAIL,a@example.com\n")
    job_id = start_import(client, app, "s3://waiters/slow.csv")
    reads = emu.call_count("GetImportJob")

    with pytest.raises(errors.WaitTimeoutError, match="within 2 s") as info:
        client.wait_for_import_job(app, job_id, timeout=2.0, poll_interval=1.0)

    # Reads at 0 s, 1 s and 2 s (the last wait cut short to the deadline), then it gave up.
    assert emu.call_count("GetImportJob") - reads == 3
    assert fake_time.now == pytest.approx(2.0)
    assert isinstance(info.value.last, models.ImportJobResponse)
    assert info.value.last.job_status == models.JobStatus.COMPLETING
    # Giving up did not disturb the job: the next read finds it done.
    assert client.wait_for_import_job(app, job_id).job_status == models.JobStatus.COMPLETED


def test_wait_for_import_job_raises_not_found_at_once_for_an_unknown_job(
    client: PinpointClient, app: str, fake_time: FakeTime
) -> None:
    with pytest.raises(errors.NotFoundException):
        client.wait_for_import_job(app, "no-such-job", timeout=60.0)
    assert fake_time.sleeps == []


# -- wait_for_endpoint -----------------------------------------------------------------------


def test_wait_for_endpoint_reads_back_what_update_endpoint_wrote(
    client: PinpointClient, app: str, fake_time: FakeTime
) -> None:
    request = models.EndpointRequest(
        channel_type=models.ChannelType.EMAIL,
        address="a@example.com",
        attributes={"plan": ["pro"]},
        metrics={"visits": 3.0},
        user=models.EndpointUser(user_id="u1", user_attributes={"tier": ["gold"]}),
    )
    client.update_endpoint(application_id=app, endpoint_id="ep-1", endpoint_request=request)

    endpoint = client.wait_for_endpoint(app, "ep-1", expected=request)

    assert (endpoint.id, endpoint.address, endpoint.attributes) == (
        "ep-1",
        "a@example.com",
        {"plan": ["pro"]},
    )
    assert endpoint.metrics == {"visits": 3.0}
    assert endpoint.user == request.user
    assert endpoint.endpoint_status == "ACTIVE"  # a member the server fills in
    assert fake_time.sleeps == []  # the emulator applies a write before it answers


def test_wait_for_endpoint_without_expected_waits_until_it_exists(
    client: PinpointClient, app: str
) -> None:
    request = models.EndpointRequest(channel_type=models.ChannelType.SMS, address="+15555550100")
    client.update_endpoint(application_id=app, endpoint_id="ep-2", endpoint_request=request)

    assert client.wait_for_endpoint(app, "ep-2").address == "+15555550100"


def test_wait_for_endpoint_times_out_on_an_endpoint_never_written(
    client: PinpointClient, emu: Emulator, app: str, fake_time: FakeTime
) -> None:
    reads = emu.call_count("GetEndpoint")

    with pytest.raises(errors.WaitTimeoutError, match="within 1 s") as info:
        client.wait_for_endpoint(app, "nobody", timeout=1.0, poll_interval=0.2)

    assert info.value.last is None  # every read was a 404: "not yet"
    assert fake_time.now == pytest.approx(1.0)
    assert emu.call_count("GetEndpoint") - reads == len(fake_time.sleeps) + 1


def test_wait_for_endpoint_times_out_while_it_reads_back_otherwise(
    client: PinpointClient, app: str
) -> None:
    written = models.EndpointRequest(channel_type=models.ChannelType.EMAIL, address="old@x.com")
    client.update_endpoint(application_id=app, endpoint_id="ep-3", endpoint_request=written)

    with pytest.raises(errors.WaitTimeoutError) as info:
        client.wait_for_endpoint(
            app, "ep-3", expected=models.EndpointRequest(address="new@x.com"), timeout=1.0
        )

    assert isinstance(info.value.last, models.EndpointResponse)
    assert info.value.last.address == "old@x.com"


@pytest.mark.parametrize(
    ("first", "update"),
    [
        (
            models.EndpointRequest(attributes={"city": ["Paris"]}),
            models.EndpointRequest(attributes={"plan": ["pro"]}),
        ),
        (
            models.EndpointRequest(metrics={"visits": 1.0}),
            models.EndpointRequest(metrics={"orders": 2.0}),
        ),
        (
            models.EndpointRequest(user=models.EndpointUser(user_attributes={"tier": ["gold"]})),
            models.EndpointRequest(user=models.EndpointUser(user_id="u9")),
        ),
    ],
    ids=["Attributes", "Metrics", "User"],
)
def test_wait_for_endpoint_reads_back_an_update_merged_into_earlier_members(
    client: PinpointClient,
    app: str,
    first: models.EndpointRequest,
    update: models.EndpointRequest,
) -> None:
    base = models.EndpointRequest(channel_type=models.ChannelType.EMAIL, address="a@x.com")
    client.update_endpoint(application_id=app, endpoint_id="ep-4", endpoint_request=base)
    client.update_endpoint(application_id=app, endpoint_id="ep-4", endpoint_request=first)
    client.update_endpoint(application_id=app, endpoint_id="ep-4", endpoint_request=update)

    endpoint = client.wait_for_endpoint(app, "ep-4", expected=update, timeout=5.0)

    assert endpoint.address == "a@x.com"
