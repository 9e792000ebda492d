"""Each of the 30 seed operations, called through the facade with models, on a stubbed boto3 client:
the seed's params go out exactly, and the typed payload comes back."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from botocore.client import BaseClient

from pinpoint_sdk import from_boto3, models, to_boto3
from pinpoint_sdk._client import PinpointClient
from tests.client.conftest import SeedStubber
from tests.seed import SeedOperation, seed_operations
from tests.strategies import as_read

OPERATIONS = sorted(seed_operations(), key=lambda op: op.method)


def test_the_seed_has_30_operations() -> None:
    assert len(OPERATIONS) == 30


def wire_params(seed: SeedOperation) -> dict[str, Any]:
    """The seed's request; ``PageSize``, a number to callers, is ``'string'`` there: use ``'10'``."""
    params = dict(seed.request)
    if "PageSize" in params:
        params["PageSize"] = "10"
    return params


def facade_arguments(raw: BaseClient, seed: SeedOperation) -> dict[str, Any]:
    """The keyword arguments of the facade method, built as models from the seed's params."""
    shape = raw.meta.service_model.operation_model(seed.name).input_shape
    request = from_boto3(getattr(models, shape.name), wire_params(seed))
    kwargs = {field.name: getattr(request, field.name) for field in attrs.fields(type(request))}
    if kwargs.get("page_size") is not None:
        kwargs["page_size"] = int(kwargs["page_size"])  # a number to callers, a string on the wire
    return kwargs


@pytest.mark.parametrize("seed", OPERATIONS, ids=lambda op: op.method)
def test_seed_operation_sends_the_seed_params_and_returns_the_payload(
    seed: SeedOperation, raw: BaseClient, seed_stubber: SeedStubber, client: PinpointClient
) -> None:
    seed_stubber.add_response(seed.method, seed.response, expected_params=wire_params(seed))
    result = getattr(client, seed.method)(**facade_arguments(raw, seed))
    output = raw.meta.service_model.operation_model(seed.name).output_shape
    assert output is not None
    payload = output.serialization["payload"]
    payload_shape = output.members[payload]
    assert isinstance(result, getattr(models, payload_shape.name))
    assert to_boto3(result) == as_read(payload_shape, seed.response[payload])
    seed_stubber.assert_no_pending_responses()
