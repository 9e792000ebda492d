"""Behaviours both clients must have, written once and run on each (the ``either`` fixture)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from urllib3.exceptions import ProtocolError

from pinpoint_sdk import RawResponse, errors, models
from pinpoint_sdk._ratelimit import RateLimits
from pinpoint_sdk.emulator import Emulator
from tests.parity.conftest import Either


def _new_app(either: Either, client: Any, name: str) -> str:
    request = models.CreateApplicationRequest(name=name)
    app: models.ApplicationResponse = either.run(
        client.create_app(create_application_request=request)
    )
    return app.id


def test_a_call_answers_the_model(either: Either, client: Any) -> None:
    app = _new_app(either, client, "parity")
    got = either.run(client.get_app(application_id=app))
    assert isinstance(got, models.ApplicationResponse)
    assert got.name == "parity"


def test_a_service_error_is_its_typed_error(either: Either, client: Any) -> None:
    with pytest.raises(errors.NotFoundException):
        either.run(client.get_app(application_id="missing"))


def test_with_raw_response_answers_status_headers_and_the_payload(
    either: Either, client: Any
) -> None:
    app = _new_app(either, client, "parity-raw")
    response = either.run(client.with_raw_response.get_app(application_id=app))
    assert isinstance(response, RawResponse)
    assert response.status_code == 200
    assert response.request_id == response.headers["x-amzn-requestid"]
    assert response.parse().name == "parity-raw"
    # The plain method, called after, answers plainly: the raw request served one call.
    assert isinstance(either.run(client.get_app(application_id=app)), models.ApplicationResponse)


def test_a_throttled_call_is_retried_with_the_injected_sleep(
    either: Either, client: Any, emu: Emulator
) -> None:
    emu.faults.fail_next("GetApps", status=429, count=2)
    either.run(client.get_apps())
    assert len(either.fake_time.sleeps) == 2


def test_with_options_retry_none_does_not_retry(either: Either, client: Any, emu: Emulator) -> None:
    emu.faults.fail_next("GetApps", status=429, count=1)
    copy = client.with_options(retry=None)
    with pytest.raises(errors.TooManyRequestsException):
        either.run(copy.get_apps())
    assert copy.retry_budget is client.retry_budget


def test_with_options_sets_the_timeouts_of_a_copy(either: Either, client: Any) -> None:
    assert (client.connect_timeout, client.read_timeout) == (5.0, 15.0)
    copy = client.with_options(connect_timeout=1.5, read_timeout=60)
    assert (copy.connect_timeout, copy.read_timeout) == (1.5, 60)
    assert (client.connect_timeout, client.read_timeout) == (5.0, 15.0)
    raw = either.open(copy)
    assert (raw.meta.config.connect_timeout, raw.meta.config.read_timeout) == (1.5, 60)


def test_a_client_and_building_options_are_refused_together(either: Either, emu: Emulator) -> None:
    raw = either.open(either.make(endpoint_url=emu.endpoint_url))
    with pytest.raises(TypeError, match="not both"):
        either.make(client=raw, region_name="us-east-1")


def test_rate_limits_take_a_rate_limits_object(either: Either, emu: Emulator) -> None:
    limits = RateLimits({"get_apps": 1}, clock=either.fake_time.clock, sleep=either.fake_time.sleep)
    client = either.make(endpoint_url=emu.endpoint_url, rate_limits=limits)
    either.run(client.get_apps())
    either.run(client.get_apps())
    assert either.fake_time.sleeps == [pytest.approx(1.0)]  # the second waited for a token


def test_a_local_endpoint_falls_back_to_the_sessions_region(
    either: Either, emu: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-2")
    raw = either.open(either.make(endpoint_url=emu.endpoint_url))
    assert raw.meta.region_name == "eu-west-2"


def test_an_answer_cut_short_on_the_wire_is_a_dropped_connection(
    either: Either, client: Any
) -> None:
    def cut_short(**params: Any) -> Any:
        raise ProtocolError("Connection broken: IncompleteRead")

    either.replace(client, "get_apps", cut_short)
    with pytest.raises(errors.TransportError) as caught:
        either.run(client.with_options(retry=None).get_apps())
    assert isinstance(caught.value.__cause__, ProtocolError)


def test_raw_and_plain_calls_in_flight_together_each_answer_their_own(
    either: Either, client: Any
) -> None:
    app = _new_app(either, client, "parity-together")
    calls = [client.with_raw_response.get_app, client.get_app] * 4
    if either.is_async:

        async def together() -> list[Any]:
            return list(await asyncio.gather(*(call(application_id=app) for call in calls)))

        answers = either.run(together())
    else:
        with ThreadPoolExecutor(len(calls)) as pool:
            answers = list(pool.map(lambda call: call(application_id=app), calls))
    assert [type(answer) for answer in answers] == [RawResponse, models.ApplicationResponse] * 4


def test_an_iterator_walks_every_page(either: Either, client: Any) -> None:
    names = {f"parity-walk-{i}" for i in range(3)}
    for name in names:
        _new_app(either, client, name)
    apps = either.run(client.iter_apps(page_size=1).to_list())
    assert names <= {app.name for app in apps}


def test_put_endpoints_then_wait_for_one(either: Either, client: Any) -> None:
    app = _new_app(either, client, "parity-bulk")
    items = [
        models.EndpointBatchItem(id=f"e{i}", channel_type=models.ChannelType.EMAIL, address="a@b.c")
        for i in range(3)
    ]
    result = either.run(client.put_endpoints(app, items, batch_size=2))
    assert result.accepted == 3
    endpoint = either.run(client.wait_for_endpoint(app, "e2", expected=items[2], timeout=5))
    assert endpoint.address == "a@b.c"
