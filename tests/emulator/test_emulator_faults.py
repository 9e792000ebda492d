from __future__ import annotations

import time
from typing import Any

import pytest
from botocore.exceptions import ConnectionClosedError

from pinpoint_sdk.emulator import Emulator, Faults
from pinpoint_sdk.emulator.pytest_plugin import boto3_client_for

from .conftest import error_of


@pytest.fixture(autouse=True)
def _no_faults_left(emu: Emulator) -> Any:
    yield
    emu.faults.reset()


def test_fail_next_throttles_the_next_calls_then_serves(raw: Any, app: str, emu: Emulator) -> None:
    emu.faults.fail_next("GetApp", status=429, count=2)
    for _ in range(2):
        with pytest.raises(raw.exceptions.TooManyRequestsException) as excinfo:
            raw.get_app(ApplicationId=app)
        assert error_of(excinfo)[:2] == ("TooManyRequestsException", 429)
    assert raw.get_app(ApplicationId=app)["ApplicationResponse"]["Id"] == app
    assert emu.faults.pending() == 0


def test_a_500_is_an_internal_server_error(raw: Any, app: str, emu: Emulator) -> None:
    emu.faults.fail_next("GetSegments", status=500)
    with pytest.raises(raw.exceptions.InternalServerErrorException) as excinfo:
        raw.get_segments(ApplicationId=app)
    assert error_of(excinfo)[:2] == ("InternalServerErrorException", 500)


def test_a_fault_can_name_its_code_and_message(raw: Any, app: str, emu: Emulator) -> None:
    emu.faults.fail_next("GetApp", status=503, code="ServiceUnavailable", message="try later")
    with pytest.raises(raw.exceptions.ClientError) as excinfo:
        raw.get_app(ApplicationId=app)
    assert error_of(excinfo) == ("ServiceUnavailable", 503, "try later")


def test_a_failed_call_changes_nothing(raw: Any, app: str, emu: Emulator) -> None:
    emu.faults.fail_next("CreateSegment", status=500)
    with pytest.raises(raw.exceptions.InternalServerErrorException):
        raw.create_segment(ApplicationId=app, WriteSegmentRequest={"Name": "s"})
    assert raw.get_segments(ApplicationId=app)["SegmentsResponse"]["Item"] == []


def test_faults_apply_to_the_named_operation_only(raw: Any, app: str, emu: Emulator) -> None:
    emu.faults.fail_next("GetCampaigns", status=429)
    raw.get_segments(ApplicationId=app)
    assert emu.faults.pending() == 1


def test_star_applies_to_every_operation(raw: Any, app: str, emu: Emulator) -> None:
    emu.faults.fail_next("*", status=500, count=2)
    with pytest.raises(raw.exceptions.InternalServerErrorException):
        raw.get_app(ApplicationId=app)
    with pytest.raises(raw.exceptions.InternalServerErrorException):
        raw.get_segments(ApplicationId=app)
    raw.get_app(ApplicationId=app)


def test_drop_next_closes_the_connection_without_an_answer(
    raw: Any, app: str, emu: Emulator
) -> None:
    emu.faults.drop_next("CreateSegment")
    with pytest.raises(ConnectionClosedError):
        raw.create_segment(ApplicationId=app, WriteSegmentRequest={"Name": "s"})
    # Dropped before it was served: nothing was created, and the next call is served.
    assert raw.get_segments(ApplicationId=app)["SegmentsResponse"]["Item"] == []
    raw.create_segment(ApplicationId=app, WriteSegmentRequest={"Name": "s"})


def test_lose_answer_next_applies_the_call_then_closes_the_connection(
    raw: Any, app: str, emu: Emulator
) -> None:
    emu.faults.lose_answer_next("CreateSegment")
    with pytest.raises(ConnectionClosedError):
        raw.create_segment(ApplicationId=app, WriteSegmentRequest={"Name": "lost"})
    # Served before the connection closed: the segment exists, and the next call is answered.
    items = raw.get_segments(ApplicationId=app)["SegmentsResponse"]["Item"]
    assert [item["Name"] for item in items] == ["lost"]
    assert emu.faults.pending() == 0
    raw.get_segments(ApplicationId=app)


def test_latency_delays_the_call(raw: Any, app: str, emu: Emulator) -> None:
    emu.faults.add_latency("GetApp", seconds=0.05, count=1)
    started = time.monotonic()
    raw.get_app(ApplicationId=app)
    assert time.monotonic() - started >= 0.05


def test_latency_rules_add_up_and_are_used_up() -> None:
    slept: list[float] = []
    faults = Faults(sleep=slept.append)
    faults.add_latency("GetApp", seconds=1.0, count=1)
    faults.add_latency(seconds=0.5)
    for _ in range(2):
        faults.sleep(faults.take("GetApp").latency)
    assert slept == [1.5, 0.5]


def test_reset_forgets_every_rule(raw: Any, app: str, emu: Emulator) -> None:
    emu.faults.fail_next("GetApp", status=429, count=5)
    emu.faults.drop_next("GetApp")
    emu.faults.add_latency("GetApp", seconds=10)
    emu.faults.reset()
    assert emu.faults.pending() == 0
    raw.get_app(ApplicationId=app)


def test_botocore_retries_see_the_faults(app: str, emu: Emulator) -> None:
    retrying = boto3_client_for(emu, retries={"mode": "standard", "total_max_attempts": 2})
    emu.faults.fail_next("GetApp", status=500)
    before = emu.call_count("GetApp")
    assert retrying.get_app(ApplicationId=app)["ApplicationResponse"]["Id"] == app
    assert emu.call_count("GetApp") - before == 2


@pytest.mark.parametrize(
    ("arguments", "match"),
    [({"status": 200}, "status"), ({"status": 700}, "status"), ({"count": 0}, "count")],
    ids=["success-status", "not-a-status", "no-count"],
)
def test_fail_next_refuses_nonsense(arguments: dict[str, Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        Faults().fail_next("GetApp", **arguments)
