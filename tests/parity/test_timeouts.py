"""Bounded calls: the default timeouts and RetryPolicy bound a call's total time (docs/client.md,
"Timeouts and the longest a call can take").

The arithmetic tests run the real stack (our botocore client, botocore's retries off, our retry
policy) with a botocore ``before-send`` hook standing in for the network: it moves the fake clock
by what an attempt can cost at most (connect + read timeout) and then fails the way a hung server
makes it fail. Nothing sleeps. Each test runs on both clients (the ``either`` fixture): aiobotocore
emits the same hook, so the bounds are the async client's too.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ConnectTimeoutError, ReadTimeoutError

from pinpoint_sdk import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_READ_TIMEOUT,
    RetryPolicy,
    errors,
    models,
)
from pinpoint_sdk.emulator import Emulator
from tests.client.fakes import FakeTime
from tests.parity.conftest import Either

# Nothing listens here: every request is answered (or failed) by the before-send hook.
NOWHERE = "http://127.0.0.1:9"

# The documented figures (docs/client.md), from the defaults: 5 attempts, waits capped at 20 s.
PER_ATTEMPT = DEFAULT_CONNECT_TIMEOUT + DEFAULT_READ_TIMEOUT  # 5 + 15 = 20 s
HUNG_SERVER_BOUND = 5 * PER_ATTEMPT + (0.1 + 0.2 + 0.4 + 0.8)  # 101.5 s
WORST_CASE = 5 * PER_ATTEMPT + 4 * 20.0  # 180 s


class _Body:
    """The raw body botocore reads an ``AWSResponse`` from."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.data

    async def read(self) -> bytes:  # aiobotocore's
        return self.data


class Network:
    """A before-send hook: each attempt costs ``seconds`` of fake time, then ``answer`` runs."""

    def __init__(self, time: FakeTime, seconds: float, *, is_async: bool = False) -> None:
        self.time = time
        self.is_async = is_async
        self.seconds = seconds
        self.attempts = 0

    def hang(self, request: Any, **_: Any) -> None:
        self._attempt()
        raise ReadTimeoutError(endpoint_url=request.url)

    def refuse_to_connect(self, request: Any, **_: Any) -> None:
        self._attempt()
        raise ConnectTimeoutError(endpoint_url=request.url)

    def throttle(self, request: Any, **_: Any) -> AWSResponse:
        """429 asking for an hour's wait: the policy caps each wait at max_delay."""
        self._attempt()
        body = json.dumps({"Message": "slow down"}).encode()
        headers = {"x-amzn-ErrorType": "TooManyRequestsException", "Retry-After": "3600"}
        if self.is_async:
            aio: Any = importlib.import_module("aiobotocore.awsrequest")
            return aio.AioAWSResponse(request.url, 429, headers, _Body(body))  # type: ignore[no-any-return]
        return AWSResponse(request.url, 429, headers, _Body(body))

    def _attempt(self) -> None:
        self.attempts += 1
        self.time.now += self.seconds


def _client(either: Either, retry: RetryPolicy | None = None, **options: Any) -> Any:
    policy = retry or RetryPolicy(sleep=either.fake_time.sleep, clock=either.fake_time.clock)
    return either.make(session=either.session(), endpoint_url=NOWHERE, retry=policy, **options)


def _network(either: Either, seconds: float) -> Network:
    return Network(either.fake_time, seconds, is_async=either.is_async)


def _hook(either: Either, client: Any, handler: Any) -> None:
    either.open(client).meta.events.register("before-send.pinpoint", handler)


def test_a_client_we_build_has_bounded_timeouts_by_default(either: Either) -> None:
    client = either.make(session=either.session(), endpoint_url=NOWHERE)
    assert (client.connect_timeout, client.read_timeout) == (5.0, 15.0)
    raw = either.open(client)
    assert raw.meta.config.retries == {"total_max_attempts": 1, "mode": "standard"}


def test_a_hung_server_holds_a_get_at_most_five_attempts_of_connect_plus_read(
    either: Either, fake_time: FakeTime
) -> None:
    client = _client(either)
    network = _network(either, PER_ATTEMPT)
    _hook(either, client, network.hang)

    with pytest.raises(ReadTimeoutError):
        either.run(client.get_campaign(application_id="a", campaign_id="c"))

    assert network.attempts == 5
    assert 5 * PER_ATTEMPT <= fake_time.now <= HUNG_SERVER_BOUND


def test_a_hung_server_holds_a_create_for_one_attempt(either: Either, fake_time: FakeTime) -> None:
    # A read timeout on a POST is not retried (it may have been applied): one attempt.
    client = _client(either)
    network = _network(either, PER_ATTEMPT)
    _hook(either, client, network.hang)

    with pytest.raises(ReadTimeoutError):
        either.run(
            client.create_app(create_application_request=models.CreateApplicationRequest(name="x"))
        )

    assert network.attempts == 1
    assert fake_time.now == PER_ATTEMPT


def test_an_unreachable_host_costs_five_connect_timeouts(
    either: Either, fake_time: FakeTime
) -> None:
    client = _client(either)
    network = _network(either, DEFAULT_CONNECT_TIMEOUT)
    _hook(either, client, network.refuse_to_connect)

    with pytest.raises(ConnectTimeoutError):
        either.run(
            client.create_app(create_application_request=models.CreateApplicationRequest(name="x"))
        )

    assert network.attempts == 5
    assert fake_time.now <= 5 * DEFAULT_CONNECT_TIMEOUT + 1.5


def test_the_worst_case_is_attempts_times_timeouts_plus_capped_waits(
    either: Either, fake_time: FakeTime
) -> None:
    # Every attempt takes the longest it can and is then throttled with a long Retry-After:
    # 5 x (5 + 15) s of attempts and 4 waits capped at max_delay (20 s) = 180 s.
    client = _client(either)
    network = _network(either, PER_ATTEMPT)
    _hook(either, client, network.throttle)

    with pytest.raises(errors.TooManyRequestsException):
        either.run(client.get_campaign(application_id="a", campaign_id="c"))

    assert network.attempts == 5
    assert fake_time.sleeps == [20.0, 20.0, 20.0, 20.0]
    assert fake_time.now == WORST_CASE == 180.0


def test_a_deadline_bounds_a_call_to_deadline_plus_one_attempt(
    either: Either, fake_time: FakeTime
) -> None:
    policy = RetryPolicy(deadline=30.0, sleep=fake_time.sleep, clock=fake_time.clock)
    client = _client(either, policy)
    network = _network(either, PER_ATTEMPT)
    _hook(either, client, network.hang)

    with pytest.raises(ReadTimeoutError):
        either.run(client.get_campaign(application_id="a", campaign_id="c"))

    # Attempt 2 starts before 30 s, attempt 3 would start after: the call ends by 30 + 20 s.
    assert network.attempts == 2
    assert fake_time.now <= 30.0 + PER_ATTEMPT


def test_smaller_timeouts_shrink_the_bound(either: Either, fake_time: FakeTime) -> None:
    policy = RetryPolicy(max_attempts=3, sleep=fake_time.sleep, clock=fake_time.clock)
    client = _client(either, policy, connect_timeout=1.0, read_timeout=2.0)
    network = _network(either, 1.0 + 2.0)
    _hook(either, client, network.hang)

    with pytest.raises(ReadTimeoutError):
        either.run(client.get_campaign(application_id="a", campaign_id="c"))

    assert fake_time.now <= 3 * (1.0 + 2.0) + (0.1 + 0.2)


def test_a_slow_emulator_fails_the_call_with_a_read_timeout(
    either: Either, emu: Emulator, fake_time: FakeTime
) -> None:
    # Real HTTP: the emulator holds two answers for 3 s, the client waits 0.2 s for each.
    policy = RetryPolicy(max_attempts=2, sleep=fake_time.sleep, clock=fake_time.clock)
    client = either.make(
        session=either.session(), endpoint_url=emu.endpoint_url, read_timeout=0.2, retry=policy
    )
    emu.faults.add_latency("GetApps", seconds=3.0, count=2)

    with pytest.raises(ReadTimeoutError):
        either.run(client.get_apps())

    assert len(fake_time.sleeps) == 1  # both attempts timed out: one wait between them
    # The slow answers are used up; the next call is answered in time.
    assert either.run(client.get_apps()).item is not None
