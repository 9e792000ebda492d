"""AsyncPinpointClient and retired operations: the sync client's behaviour (the same shared
function decides), awaited: a warning once per operation when pointed at AWS, nothing against the
emulator, and AWS's refusal raised as the typed error.

Needs the ``pinpoint-sdk[async]`` extra; AWS is never reached: an aiobotocore client built for a
real region is answered by aiobotocore's ``AioStubber``.
"""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

pytest.importorskip(
    "aiobotocore", reason="the async client needs pinpoint-sdk[async] (aiobotocore)"
)

from pinpoint_sdk import (
    AsyncPinpointClient,
    OperationRetiredError,
    RetiredOperationWarning,
    errors,
    models,
)
from pinpoint_sdk._retired_calls import _forget_warnings
from pinpoint_sdk.emulator import Emulator

T = TypeVar("T")
CAMPAIGNS = {"CampaignsResponse": {"Item": []}}
ENDED = "Amazon Pinpoint campaigns reached end of support on October 30, 2026."


@pytest.fixture(autouse=True)
def _fresh_process() -> Iterator[None]:
    _forget_warnings()
    yield
    _forget_warnings()


def on_aws(body: Callable[[AsyncPinpointClient, Any], Awaitable[T]]) -> T:
    """Runs ``body(client, stubber)`` with a client on AWS's own us-east-1 endpoint."""
    from aiobotocore.session import get_session
    from aiobotocore.stub import AioStubber

    async def main() -> T:
        session = get_session()
        async with session.create_client(
            "pinpoint",
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        ) as raw:
            assert raw.meta.endpoint_url == "https://pinpoint.us-east-1.amazonaws.com"
            with AioStubber(raw) as stubber:
                return await body(AsyncPinpointClient(raw, retry=None), stubber)

    return asyncio.run(main())


def test_the_first_call_of_a_retired_operation_against_aws_warns_at_the_callers_line() -> None:
    async def body(client: AsyncPinpointClient, stubber: Any) -> None:
        stubber.add_response("get_campaigns", CAMPAIGNS, {"ApplicationId": "app"})
        with pytest.warns(RetiredOperationWarning) as caught:
            await client.get_campaigns(application_id="app")  # this line
        assert len(caught) == 1
        assert str(caught[0].message).startswith("GetCampaigns: AWS ended this call")
        assert Path(caught[0].filename) == Path(__file__)
        source = Path(__file__).read_text().splitlines()
        assert source[caught[0].lineno - 1].strip().endswith("# this line")

    on_aws(body)


def test_put_endpoints_warns_at_the_callers_line_not_from_a_planner_thread() -> None:
    item = {"Id": "e1", "ChannelType": "SMS", "Address": "+12065550100"}

    async def body(client: AsyncPinpointClient, stubber: Any) -> None:
        stubber.add_response(
            "update_endpoints_batch",
            {"MessageBody": {"Message": "Accepted", "RequestID": "r"}},
            {"ApplicationId": "app", "EndpointBatchRequest": {"Item": [item]}},
        )
        endpoint = models.EndpointBatchItem(
            id="e1", channel_type=models.ChannelType.SMS, address="+12065550100"
        )
        with pytest.warns(RetiredOperationWarning, match="^UpdateEndpointsBatch: ") as caught:
            await client.put_endpoints("app", [endpoint], max_workers=1)  # this line
        assert len(caught) == 1
        assert Path(caught[0].filename) == Path(__file__)
        source = Path(__file__).read_text().splitlines()
        assert source[caught[0].lineno - 1].strip().endswith("# this line")

    on_aws(body)


def test_each_retired_operation_warns_once_per_process() -> None:
    async def body(client: AsyncPinpointClient, stubber: Any) -> list[str]:
        for _ in range(3):
            stubber.add_response("get_campaigns", CAMPAIGNS, {"ApplicationId": "app"})
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            await client.get_campaigns(application_id="app")
            await client.with_options(retry=None).get_campaigns(application_id="app")
            await client.get_campaigns(application_id="app")
        return [type(w.message).__name__ for w in caught]

    assert on_aws(body) == ["RetiredOperationWarning"]


def test_a_live_operation_against_aws_does_not_warn() -> None:
    async def body(client: AsyncPinpointClient, stubber: Any) -> None:
        stubber.add_response("get_apps", {"ApplicationsResponse": {"Item": []}}, {})
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            await client.get_apps()

    on_aws(body)


def test_nothing_warns_against_the_emulator(emu: Emulator) -> None:
    async def main() -> None:
        async with AsyncPinpointClient(endpoint_url=emu.endpoint_url) as client:
            request = models.CreateApplicationRequest(name="retired-calls")
            app = await client.create_app(create_application_request=request)
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                await client.get_campaigns(application_id=app.id)
                await client.get_segments(application_id=app.id)

    asyncio.run(main())


def test_aws_refusing_a_retired_call_raises_the_typed_refusal() -> None:
    async def body(client: AsyncPinpointClient, stubber: Any) -> None:
        stubber.add_client_error(
            "get_campaign",
            service_error_code="NotFoundException",
            service_message=ENDED,
            http_status_code=404,
            response_meta={"RequestId": "req-42"},
        )
        with pytest.warns(RetiredOperationWarning), pytest.raises(OperationRetiredError) as raised:
            await client.get_campaign(application_id="app", campaign_id="c")
        error = raised.value
        assert isinstance(error, errors.NotFoundException)
        assert (error.message, error.request_id, error.status_code) == (ENDED, "req-42", 404)

    on_aws(body)


def test_an_ordinary_not_found_of_a_retired_operation_stays_ordinary() -> None:
    async def body(client: AsyncPinpointClient, stubber: Any) -> None:
        stubber.add_client_error(
            "get_campaign",
            service_error_code="NotFoundException",
            service_message="Resource not found",
            http_status_code=404,
        )
        with (
            pytest.warns(RetiredOperationWarning),
            pytest.raises(errors.NotFoundException) as raised,
        ):
            await client.get_campaign(application_id="app", campaign_id="c")
        assert not isinstance(raised.value, OperationRetiredError)

    on_aws(body)
