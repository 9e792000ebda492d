"""``python -m pinpoint_sdk.emulator``: its options, and the command itself once."""

from __future__ import annotations

import http.client
import json
import subprocess
import sys

import pytest

from pinpoint_sdk.emulator import Emulator
from pinpoint_sdk.emulator.__main__ import build_parser, emulator_from_args


def emulator_for(*argv: str) -> Emulator:
    return emulator_from_args(build_parser().parse_args(list(argv)))


def test_latency_delays_every_call() -> None:
    emulator = emulator_for("--latency", "0.25")
    for operation in ("GetApps", "CreateCampaign", "UpdateEndpointsBatch"):
        assert emulator.faults.take(operation).latency == 0.25
    assert emulator.faults.pending() == 0  # a latency, not a failure


def test_no_latency_by_default() -> None:
    assert emulator_for().faults.take("GetApps").latency == 0.0


@pytest.mark.parametrize("value", ["-1", "soon", "nan", "inf"])
def test_latency_must_be_a_finite_number_of_seconds(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--latency", value])
    assert "number of seconds" in capsys.readouterr().err


def test_region_is_the_default_region_and_timeout_is_passed_on() -> None:
    emulator = emulator_for("--region", "eu-west-3", "--timeout", "5")
    assert emulator.state.default_region == "eu-west-3"
    assert emulator.timeout == 5.0


def test_the_command_serves_unsigned_requests_in_its_region() -> None:
    command = [sys.executable, "-m", "pinpoint_sdk.emulator", "--port", "0", "--quiet"]
    server = subprocess.Popen(
        [*command, "--region", "ca-central-1", "--latency", "0.01"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stderr is not None
        line = server.stderr.readline()
        host_port = line.rsplit("http://", 1)[1].strip()
        connection = http.client.HTTPConnection(host_port, timeout=30)
        connection.request("POST", "/v1/apps", body=b'{"Name": "cli"}')
        created = json.loads(connection.getresponse().read())
        connection.close()
        assert created["Arn"].startswith("arn:aws:mobiletargeting:ca-central-1:")
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stderr is not None:
            server.stderr.close()
