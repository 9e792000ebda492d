"""The generated methods that write their wire dict themselves (``codegen.client._wire_of_strings``).

For the operations whose input members are all required strings (``get_campaign``, the deletes), a
generated method hands ``_call`` the wire dict of its string arguments instead of the input model:
it must be exactly what ``to_boto3`` writes of that model, and anything that is not a ``str`` must
still go through the model, so that ``to_boto3`` converts it or refuses it. Checked on the sync and
the async methods alike.
"""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import pytest

from codegen.client import _ordered, _wire_of_strings
from codegen.reader import Operation, load_botocore
from pinpoint_sdk import models, to_boto3
from pinpoint_sdk._generated.async_client import AsyncPinpointOperations
from pinpoint_sdk._generated.client import PinpointOperations
from pinpoint_sdk.errors import ConversionError
from tests.helpers import needs_the_generators_botocore

pytestmark = needs_the_generators_botocore

_MODEL = load_botocore()
_WIRED = [
    op for op in _MODEL.operations.values() if _wire_of_strings(_MODEL, op, _ordered(_MODEL, op))
]


class _Sync(PinpointOperations):
    """Keeps what a generated method hands to ``_call`` / ``_send``."""

    def _call(self, operation: str, request: Any, output: Any, payload: Any) -> Any:
        return request

    def _send(self, operation: str, request: Any) -> Any:
        return request


class _Async(AsyncPinpointOperations):
    async def _call(self, operation: str, request: Any, output: Any, payload: Any) -> Any:
        return request

    async def _send(self, operation: str, request: Any) -> Any:
        return request


def _sent(op: Operation, flavour: str, **arguments: Any) -> Any:
    """What ``op``'s generated method (sync or async) hands to ``_call`` for ``arguments``."""
    if flavour == "sync":
        return getattr(_Sync(), op.method_name)(**arguments)
    called = getattr(_Async(), op.method_name)(**arguments)
    assert inspect.iscoroutine(called)
    return asyncio.run(called)


def _input_model(op: Operation) -> Any:
    assert op.input is not None
    return getattr(models, _MODEL.shapes[op.input].class_name)


def test_the_operations_written_as_wire_dicts_are_the_all_string_ones() -> None:
    names = {op.name for op in _WIRED}
    assert {"GetCampaign", "GetApp", "DeleteSegment", "GetEndpoint"} <= names
    # Not one with a member that is optional, an integer sent as a string or a structure.
    assert names.isdisjoint({"GetCampaigns", "GetSegmentVersion", "CreateCampaign", "TagResource"})


@pytest.mark.parametrize("flavour", ["sync", "async"])
@pytest.mark.parametrize("op", _WIRED, ids=lambda op: op.name)
def test_the_wire_dict_is_what_to_boto3_writes_of_the_model(op: Operation, flavour: str) -> None:
    arguments = {m.attr: f"{m.name}-value" for m in _ordered(_MODEL, op)}
    sent = _sent(op, flavour, **arguments)
    assert type(sent) is dict
    assert sent == to_boto3(_input_model(op)(**arguments))


class _Text(str):
    """A ``str`` subclass: to_boto3 writes its plain text."""


@pytest.mark.parametrize("flavour", ["sync", "async"])
@pytest.mark.parametrize("bad", [7, None, b"bytes", _Text("text")], ids=repr)
def test_anything_but_a_str_goes_through_the_model(flavour: str, bad: Any) -> None:
    op = _MODEL.operations["GetCampaign"]
    sent = _sent(op, flavour, application_id="app", campaign_id=bad)
    assert type(sent) is models.GetCampaignRequest
    if isinstance(bad, str):
        wire = to_boto3(sent)
        assert wire == {"ApplicationId": "app", "CampaignId": "text"}
        assert type(wire["CampaignId"]) is str
    else:
        with pytest.raises(ConversionError, match=r"^\$\.CampaignId: expected a string"):
            to_boto3(sent)


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_an_operation_with_other_members_hands_over_its_model(flavour: str) -> None:
    sent = _sent(_MODEL.operations["GetCampaigns"], flavour, application_id="app", page_size=5)
    assert type(sent) is models.GetCampaignsRequest
    assert to_boto3(sent) == {"ApplicationId": "app", "PageSize": "5"}
