"""Type-checked by mypy --strict and pyright, never run: the emulator, bulk loading and waiters."""

from __future__ import annotations

from collections.abc import Iterator

from typing_extensions import assert_type

from pinpoint_sdk import (
    BulkProgress,
    FailedEndpoint,
    PinpointClient,
    PutEndpointsInterrupted,
    PutEndpointsResult,
    models,
)
from pinpoint_sdk.emulator import Emulator, Faults


def endpoints() -> Iterator[models.EndpointBatchItem]:
    yield models.EndpointBatchItem(id="ep-1", address="a@example.com")


def on_progress(progress: BulkProgress) -> None:
    assert_type(progress.accepted, int)


with Emulator() as emu:
    assert_type(emu, Emulator)
    assert_type(emu.endpoint_url, str)
    assert_type(emu.faults, Faults)
    emu.faults.fail_next("GetCampaign", status=429, count=2)
    emu.put_object("bucket", "endpoints.csv", b"ChannelType,Address\nEMAIL,a@example.com\n")

    client = PinpointClient(
        region_name="us-east-1",
        endpoint_url=emu.endpoint_url,
        rate_limits={"update_endpoints_batch": 20.0},
    )
    result = client.put_endpoints("app", endpoints(), max_workers=2, progress=on_progress)
    assert_type(result, PutEndpointsResult)
    assert_type(result.accepted, int)
    assert_type(result.failed, tuple[FailedEndpoint, ...])
    assert_type(result.ok, bool)
    assert_type(result.total, int)
    assert_type(result.uncertain, tuple[FailedEndpoint, ...])
    for failure in result.failed:
        assert_type(failure.may_be_applied, bool)
    try:
        client.put_endpoints("app", [models.EndpointBatchItem(id="ep-2")], progress=True)
    except PutEndpointsInterrupted as stopped:
        assert_type(stopped.result, PutEndpointsResult)

    assert_type(client.wait_for_endpoint("app", "ep-1"), models.EndpointResponse)
    assert_type(client.wait_for_import_job("app", "job", timeout=60), models.ImportJobResponse)
