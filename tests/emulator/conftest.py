"""Shared fixtures: one emulator and one plain boto3 client per test module, a fresh app per test."""

from __future__ import annotations

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
def app(raw: Any) -> str:
    """A new app's id; apps isolate tests that share the module's emulator."""
    response = raw.create_app(CreateApplicationRequest={"Name": "test"})
    return str(response["ApplicationResponse"]["Id"])


def error_of(excinfo: pytest.ExceptionInfo[Any]) -> tuple[str, int, str]:
    """(code, HTTP status, message) of a botocore ClientError."""
    response = excinfo.value.response
    return (
        response["Error"]["Code"],
        response["ResponseMetadata"]["HTTPStatusCode"],
        response["Error"]["Message"],
    )
