"""Every request and response example of the seed's 30 operations converts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from botocore.model import Shape

from pinpoint_sdk import from_boto3, models, to_boto3
from tests.seed import SeedOperation, seed_operations
from tests.strategies import service_model

SEED = seed_operations()


_ZEROS: dict[str, Any] = {
    "string": "",
    "integer": 0,
    "long": 0,
    "double": 0.0,
    "boolean": False,
    "timestamp": dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc),
    "list": [],
    "map": {},
}


def _zero(shape: Shape) -> Any:
    if shape.type_name == "structure":
        return {n: _zero(shape.members[n]) for n in shape.required_members}
    return _ZEROS[shape.type_name]


def _known(value: Any, shape: Shape) -> Any:
    """``value`` as the model reads it: members it does not know dropped, required ones it lacks
    corrected to their zero value (the 2016 API's answers lack members today's model requires)."""
    if shape.type_name == "structure":
        known = {k: _known(v, shape.members[k]) for k, v in value.items() if k in shape.members}
        missing = {n: _zero(shape.members[n]) for n in shape.required_members if n not in value}
        return {**known, **missing}
    if shape.type_name == "list":
        return [_known(v, shape.member) for v in value]
    if shape.type_name == "map":
        return {k: _known(v, shape.value) for k, v in value.items()}
    return value


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
    assert to_boto3(from_boto3(cls, op.response)) == _known(op.response, shape)


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
