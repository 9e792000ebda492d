"""Shared fixtures: one emulator and one plain boto3 client per test module, a fresh app per test."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from pinpoint_sdk.emulator import Emulator
from pinpoint_sdk.emulator.pytest_plugin import (
    boto3_client_for,
    pinpoint_boto3,
    pinpoint_client,
    pinpoint_emulator,
    pinpoint_emulator_module,
)

__all__ = [
    "pinpoint_boto3",
    "pinpoint_client",
    "pinpoint_emulator",
    "pinpoint_emulator_module",
]


@pytest.fixture(scope="module")
def emu(pinpoint_emulator_module: Emulator) -> Iterator[Emulator]:
    yield pinpoint_emulator_module
    pinpoint_emulator_module.faults.reset()


@pytest.fixture(scope="module")
def raw(emu: Emulator) -> Any:
    """A plain boto3 client, botocore's retries off: one call is one request."""
    return boto3_client_for(emu)


@pytest.fixture(scope="module")
def loose(emu: Emulator) -> Any:
    """A boto3 client that sends what it is given: shows the server's own validation."""
    return boto3_client_for(emu, parameter_validation=False)


@pytest.fixture
def app(raw: Any, emu: Emulator) -> Iterator[str]:
    """A new app's id; apps isolate tests that share the module's emulator. Deleted afterwards:
    a module has more tests than the 100 apps a region may hold."""
    response = raw.create_app(CreateApplicationRequest={"Name": "test"})
    app_id = str(response["ApplicationResponse"]["Id"])
    yield app_id
    emu.faults.reset()  # a test may leave a counted fault behind
    with contextlib.suppress(raw.exceptions.NotFoundException):
        raw.delete_app(ApplicationId=app_id)


def error_of(excinfo: pytest.ExceptionInfo[Any]) -> tuple[str, int, str]:
    """(code, HTTP status, message) of a botocore ClientError."""
    response = excinfo.value.response
    return (
        response["Error"]["Code"],
        response["ResponseMetadata"]["HTTPStatusCode"],
        response["Error"]["Message"],
    )


class AwsCli:
    """Runs the AWS CLI (a dev dependency) against an emulator, as a user at a shell would."""

    def __init__(self, emu: Emulator, region: str = "us-east-1") -> None:
        self.endpoint_url = emu.endpoint_url
        self.region = region

    def __call__(self, *args: str, check: bool = True) -> Any:
        """``aws pinpoint ARGS --output json``: the parsed JSON it printed (None when empty).

        With ``check=False`` a failed command returns the ``CompletedProcess`` instead.
        """
        env = {
            **os.environ,
            "AWS_ACCESS_KEY_ID": "local",
            "AWS_SECRET_ACCESS_KEY": "local",
            "AWS_DEFAULT_REGION": self.region,
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "AWS_MAX_ATTEMPTS": "1",
        }
        env.pop("AWS_PROFILE", None)
        command = [
            sys.executable,
            "-m",
            "awscli",
            "pinpoint",
            *args,
            "--endpoint-url",
            self.endpoint_url,
            "--output",
            "json",
        ]
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
        if not check:
            return done
        if done.returncode != 0:
            raise AssertionError(f"aws pinpoint {' '.join(args)} failed: {done.stderr.strip()}")
        return json.loads(done.stdout) if done.stdout.strip() else None


@pytest.fixture(scope="module")
def aws(emu: Emulator) -> AwsCli:
    """The AWS CLI pointed at the module's emulator: ``aws("get-apps")``."""
    return AwsCli(emu)
