"""pytest fixtures for code that talks to Pinpoint: enable with
``pytest_plugins = ["pinpoint_sdk.emulator.pytest_plugin"]`` in your top-level conftest.py.

- ``pinpoint_emulator``: a fresh ``Emulator`` for each test;
- ``pinpoint_emulator_module``: one ``Emulator`` shared by a test module;
- ``pinpoint_boto3``: a plain boto3 ``pinpoint`` client on ``pinpoint_emulator``, with botocore's
  own retries off so each call is exactly one request (injected faults reach your code);
- ``pinpoint_client``: a ``pinpoint_sdk.PinpointClient`` on ``pinpoint_emulator``;
- ``pinpoint_async_client``: a ``pinpoint_sdk.AsyncPinpointClient`` on ``pinpoint_emulator``, not
  yet opened: open it in the test's own event loop (``async with pinpoint_async_client as c:``),
  so it works under ``asyncio.run``, pytest-asyncio or anyio alike. Skipped without the
  ``pinpoint-sdk[async]`` extra.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import boto3
import pytest
from botocore.client import BaseClient
from botocore.config import Config

from ._emulator import Emulator

if TYPE_CHECKING:
    from pinpoint_sdk import AsyncPinpointClient, PinpointClient

__all__ = [
    "boto3_client_for",
    "pinpoint_async_client",
    "pinpoint_boto3",
    "pinpoint_client",
    "pinpoint_emulator",
    "pinpoint_emulator_module",
]

REGION = "us-east-1"


def boto3_client_for(emulator: Emulator, **config: Any) -> Any:
    """A plain boto3 ``pinpoint`` client on ``emulator``, botocore's retries off by default.

    Typed ``Any``, as boto3 types it; with ``boto3-stubs[pinpoint]`` installed, annotate it as
    ``mypy_boto3_pinpoint.PinpointClient`` to have calls checked.
    """
    options: dict[str, Any] = {"retries": {"total_max_attempts": 1}}
    options.update(config)
    client: BaseClient = boto3.client(
        "pinpoint",
        endpoint_url=emulator.endpoint_url,
        region_name=REGION,
        aws_access_key_id="emulator",
        aws_secret_access_key="emulator",
        config=Config(**options),
    )
    return client


@pytest.fixture
def pinpoint_emulator() -> Iterator[Emulator]:
    """A fresh emulator, running for this test only."""
    with Emulator(region=REGION) as emulator:
        yield emulator


@pytest.fixture(scope="module")
def pinpoint_emulator_module() -> Iterator[Emulator]:
    """One emulator for the whole test module (state is shared between its tests)."""
    with Emulator(region=REGION) as emulator:
        yield emulator


@pytest.fixture
def pinpoint_boto3(pinpoint_emulator: Emulator) -> Any:
    """A plain boto3 client on this test's emulator."""
    return boto3_client_for(pinpoint_emulator)


@pytest.fixture
def pinpoint_client(pinpoint_emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> PinpointClient:
    """A ``pinpoint_sdk.PinpointClient`` on this test's emulator."""
    # Imported here: the emulator itself never depends on the client.
    from pinpoint_sdk import PinpointClient

    # The client builds its boto3 client from the environment; the emulator accepts any
    # credentials, and dummy ones keep real ones out of the test (and make CI need none).
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "emulator")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "emulator")
    for name in ("AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    return PinpointClient(region_name=REGION, endpoint_url=pinpoint_emulator.endpoint_url)


@pytest.fixture
def pinpoint_async_client(pinpoint_emulator: Emulator) -> AsyncPinpointClient:
    """A ``pinpoint_sdk.AsyncPinpointClient`` on this test's emulator, opened on first use."""
    pytest.importorskip("aiobotocore", reason="AsyncPinpointClient needs pinpoint-sdk[async]")
    from pinpoint_sdk import AsyncPinpointClient

    # A loopback endpoint without a session: the client signs with placeholder credentials, so
    # real ones in the environment are never used.
    return AsyncPinpointClient(region_name=REGION, endpoint_url=pinpoint_emulator.endpoint_url)
