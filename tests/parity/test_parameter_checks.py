"""botocore's check of the parameters on a client the SDK builds, on both clients.

The SDK builds its boto3 / aiobotocore client with ``parameter_validation=False`` and checks
every call that is not one of its typed ones with botocore's own check (``_base_client.check_built``):
a typed request was checked by the converter (tests/test_converter_properties.py shows that what
it writes passes botocore's check and that it refuses what the check refuses), so it is not
checked twice; a call on ``client.raw`` is refused as a raw client refuses it, before sending.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import EndpointConnectionError, ParamValidationError
from botocore.validate import ParamValidator

from pinpoint_sdk import models
from pinpoint_sdk.emulator import Emulator
from tests.parity.conftest import Either

#: Nothing listens here: a call that reaches the network fails to connect.
NOWHERE = "http://127.0.0.1:4700"


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The input shapes botocore's ``ParamValidator`` checks, in order (the check still runs)."""
    seen: list[str] = []
    validate = ParamValidator.validate

    def spy(self: ParamValidator, params: Any, shape: Any) -> Any:
        seen.append(shape.name)
        return validate(self, params, shape)

    monkeypatch.setattr(ParamValidator, "validate", spy)
    return seen


def test_a_typed_call_is_not_checked_again_and_a_raw_call_is(
    either: Either, client: Any, app: str, checked: list[str]
) -> None:
    campaigns = either.run(client.get_campaigns(application_id=app))
    assert campaigns.item == []
    assert checked == []  # the converter checked it
    raw = either.open(client)
    either.run(raw.get_campaigns(ApplicationId=app))
    assert checked == ["GetCampaignsRequest"]


def test_a_raw_call_with_bad_parameters_is_refused_before_anything_is_sent(
    either: Either,
) -> None:
    client = either.make(session=either.session(), endpoint_url=NOWHERE)
    raw = either.open(client)
    # Sent, it would fail to connect: botocore's own error and report show it never was.
    with pytest.raises(ParamValidationError, match=r"Invalid type for parameter ApplicationId"):
        either.run(raw.get_campaigns(ApplicationId=7))
    with pytest.raises(ParamValidationError, match=r"Missing required parameter.*CampaignId"):
        either.run(raw.get_campaign(ApplicationId="app"))


def test_a_config_that_turns_the_check_off_turns_it_off_for_raw_calls(
    either: Either, checked: list[str]
) -> None:
    client = either.make(
        session=either.session(),
        endpoint_url=NOWHERE,
        config=Config(parameter_validation=False),
    )
    raw = either.open(client)
    with pytest.raises(EndpointConnectionError):  # sent unchecked, as the caller asked
        either.run(raw.get_campaigns(ApplicationId=7))
    assert checked == []


def test_copies_with_other_timeouts_check_raw_calls_too(either: Either) -> None:
    client = either.make(session=either.session(), endpoint_url=NOWHERE)
    copy = client.with_options(read_timeout=3.0)
    raw = either.open(copy)
    assert raw is not either.open(client)  # another boto3 / aiobotocore client
    with pytest.raises(ParamValidationError, match=r"Invalid type for parameter ApplicationId"):
        either.run(raw.get_campaigns(ApplicationId=7))


def test_a_client_passed_in_keeps_its_own_check(
    either: Either, emu: Emulator, app: str, checked: list[str]
) -> None:
    client = either.make(client=either.plain(emu.endpoint_url))
    either.run(client.get_campaigns(application_id=app))
    assert checked == ["GetCampaignsRequest"]  # its Config's parameter_validation (True)


def test_put_endpoints_batches_are_checked_by_botocore(
    either: Either, client: Any, app: str, checked: list[str]
) -> None:
    endpoints = [
        models.EndpointBatchItem(id=f"e{i}", channel_type=models.ChannelType.SMS, address="+1")
        for i in range(3)
    ]
    result = either.run(client.put_endpoints(app, endpoints))
    assert result.accepted == 3
    assert checked == ["UpdateEndpointsBatchRequest"]  # its batches are wire dicts
