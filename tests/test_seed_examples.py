"""Every request and response example of the seed's 30 operations converts."""

from __future__ import annotations

import pytest

from pinpoint_sdk import from_boto3, models, to_boto3
from tests.seed import SeedOperation, seed_operations
from tests.strategies import as_read, service_model

SEED = seed_operations()


def test_the_seed_has_thirty_operations() -> None:
    assert len(SEED) == 30
    assert all(op.name in service_model().operation_names for op in SEED)


@pytest.mark.parametrize("op", SEED, ids=lambda op: op.name)
def test_request_round_trips_exactly(op: SeedOperation) -> None:
    cls = getattr(models, f"{op.name}Request")
    assert to_boto3(from_boto3(cls, op.request)) == op.request


@pytest.mark.parametrize("op", SEED, ids=lambda op: op.name)
def test_response_keeps_every_member_the_model_knows(op: SeedOperation) -> None:
    cls = getattr(models, f"{op.name}Response")
    shape = service_model().operation_model(op.name).output_shape
    assert to_boto3(from_boto3(cls, op.response)) == as_read(shape, op.response)


def test_2016_endpoint_shard_id_is_ignored() -> None:
    op = next(op for op in SEED if op.name == "GetEndpoint")
    assert "ShardId" in op.response["EndpointResponse"]
    endpoint = from_boto3(models.EndpointResponse, op.response["EndpointResponse"])
    assert "ShardId" not in to_boto3(endpoint)
    assert endpoint.id == op.response["EndpointResponse"]["Id"]


def test_2016_campaign_without_arn_reads_arn_as_the_empty_string() -> None:
    op = next(op for op in SEED if op.name == "GetCampaign")
    assert "Arn" not in op.response["CampaignResponse"]
    campaign = from_boto3(models.CampaignResponse, op.response["CampaignResponse"])
    assert campaign.arn == ""
    assert campaign.id == op.response["CampaignResponse"]["Id"]
