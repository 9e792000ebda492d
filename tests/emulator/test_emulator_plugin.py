"""The pytest fixtures users import, and the command that runs a long-lived emulator."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import boto3
import pytest

import pinpoint_sdk.emulator
from pinpoint_sdk.emulator import Emulator
from pinpoint_sdk.emulator.pytest_plugin import boto3_client_for


def test_the_package_exports_what_the_contract_names() -> None:
    # Outbox and OutboxMessage name the type of ``emu.outbox`` and its items.
    assert pinpoint_sdk.emulator.__all__ == [
        "Emulator",
        "Faults",
        "ManualClock",
        "Outbox",
        "OutboxMessage",
        "StateFileError",
    ]


def test_pinpoint_emulator_is_fresh_for_each_test(pinpoint_emulator: Emulator) -> None:
    assert pinpoint_emulator.state.apps == {}
    assert pinpoint_emulator.endpoint_url.startswith("http://127.0.0.1:")


def test_pinpoint_boto3_talks_to_the_emulator(
    pinpoint_boto3: Any, pinpoint_emulator: Emulator
) -> None:
    created = pinpoint_boto3.create_app(CreateApplicationRequest={"Name": "plugin"})
    assert created["ApplicationResponse"]["Id"] in pinpoint_emulator.state.apps


def test_pinpoint_client_is_the_sdk_client_on_the_emulator(request: pytest.FixtureRequest) -> None:
    try:
        from pinpoint_sdk import PinpointClient  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        pytest.skip("pinpoint_sdk.PinpointClient is not on this branch yet")
    client = request.getfixturevalue("pinpoint_client")
    assert isinstance(client, PinpointClient)


def test_pinpoint_client_passes_region_endpoint_and_dummy_credentials(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pinpoint_sdk

    class StubClient:
        """Stands in for PinpointClient: builds its boto3 client from the environment."""

        def __init__(self, **kwargs: Any) -> None:
            self.kwargs = kwargs
            self.raw = boto3.client("pinpoint", **kwargs)

    monkeypatch.setattr(pinpoint_sdk, "PinpointClient", StubClient, raising=False)
    monkeypatch.setenv("AWS_PROFILE", "no-such-profile")
    client = request.getfixturevalue("pinpoint_client")
    emulator = request.getfixturevalue("pinpoint_emulator")
    assert client.kwargs == {"region_name": "us-east-1", "endpoint_url": emulator.endpoint_url}
    created = client.raw.create_app(CreateApplicationRequest={"Name": "stub"})
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201


def test_an_emulator_can_be_stopped_and_its_url_is_then_refused() -> None:
    emulator = Emulator().start()
    url = emulator.endpoint_url
    emulator.stop()
    assert url.startswith("http://")
    with pytest.raises(RuntimeError):
        _ = emulator.endpoint_url


def test_reset_forgets_everything(pinpoint_emulator: Emulator, pinpoint_boto3: Any) -> None:
    pinpoint_boto3.create_app(CreateApplicationRequest={"Name": "x"})
    pinpoint_emulator.put_object("bucket", "k", b"data")
    pinpoint_emulator.faults.fail_next("GetApps", status=500)
    pinpoint_emulator.reset()
    assert pinpoint_boto3.get_apps()["ApplicationsResponse"]["Item"] == []
    assert pinpoint_emulator.store.find("bucket", "k") == []
    assert pinpoint_emulator.call_count("GetApps") == 1


def test_the_plugin_works_through_pytest_plugins(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(
        'pytest_plugins = ["pinpoint_sdk.emulator.pytest_plugin"]\n'
    )
    (tmp_path / "test_user.py").write_text(
        textwrap.dedent(
            """
            def test_fresh(pinpoint_boto3):
                app = pinpoint_boto3.create_app(CreateApplicationRequest={"Name": "u"})
                assert len(app["ApplicationResponse"]["Id"]) == 32

            def test_module(pinpoint_emulator_module):
                assert pinpoint_emulator_module.endpoint_url
            """
        )
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        # Other installed plugins (hypothesis, ...) only slow the inner run down.
        env={**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


def test_python_dash_m_serves_until_stopped() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "pinpoint_sdk.emulator", "--port", "0", "--quiet"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        assert "serving on http://127.0.0.1:" in line
        url = line.rsplit(" ", 1)[-1].strip()
        emulator = _Url(url)
        client: Any = boto3_client_for(emulator)  # type: ignore[arg-type]
        created = client.create_app(CreateApplicationRequest={"Name": "cli"})
        assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    finally:
        process.terminate()
        process.wait(timeout=10)


class _Url:
    def __init__(self, endpoint_url: str) -> None:
        self.endpoint_url = endpoint_url
