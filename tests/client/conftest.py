from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
from botocore.client import BaseClient
from botocore.stub import Stubber

from pinpoint_sdk._client import PinpointClient
from pinpoint_sdk._retry import RetryPolicy
from tests.client.fakes import FakeTime


@pytest.fixture
def raw() -> BaseClient:
    """A plain boto3 client, as a user would make it; Stubber answers in place of the service."""
    return boto3.client(
        "pinpoint",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


@pytest.fixture
def stubber(raw: BaseClient) -> Iterator[Stubber]:
    with Stubber(raw) as stub:
        yield stub
        stub.assert_no_pending_responses()


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def client(raw: BaseClient, stubber: Stubber, fake_time: FakeTime) -> PinpointClient:
    return PinpointClient(raw, retry=RetryPolicy(sleep=fake_time.sleep, clock=fake_time.clock))
