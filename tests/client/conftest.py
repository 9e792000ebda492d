from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.client import BaseClient
from botocore.stub import Stubber

from pinpoint_sdk._client import PinpointClient
from pinpoint_sdk._retry import RetryPolicy
from tests.client.fakes import FakeTime

# One session for the whole run: it caches the loaded service model, so each client is cheap.
SESSION = boto3.session.Session(
    aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
)


@pytest.fixture
def raw() -> BaseClient:
    """A plain boto3 client, as a user would make it; Stubber answers in place of the service."""
    return SESSION.client("pinpoint")


@pytest.fixture
def stubber(raw: BaseClient) -> Iterator[Stubber]:
    with Stubber(raw) as stub:
        yield stub
        stub.assert_no_pending_responses()


@pytest.fixture
def client(raw: BaseClient, stubber: Stubber, fake_time: FakeTime) -> PinpointClient:
    return PinpointClient(raw, retry=RetryPolicy(sleep=fake_time.sleep, clock=fake_time.clock))


class SeedStubber(Stubber):
    """Answers with the 2016 responses as they were.

    Today's model marks members required that the 2016 API did not send (``CampaignResponse.Arn``),
    so botocore's check of a stubbed answer against today's model would refuse them; the facade must
    read such answers leniently, which is part of what these tests pin.
    """

    def _validate_operation_response(self, operation_name: str, service_response: Any) -> None:
        pass


@pytest.fixture
def seed_stubber(raw: BaseClient, stubber: Stubber) -> SeedStubber:
    stubber.deactivate()
    seed_stub = SeedStubber(raw)
    seed_stub.activate()
    return seed_stub
