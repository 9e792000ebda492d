"""Async retries: the sync RetryPolicy's decisions, budget and Retry-After, awaited sleeps.

Runs without aiobotocore (only tenacity's AsyncRetrying is involved), so the main dev environment
runs it too. Nothing really sleeps: the injected sleep moves a fake clock.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

import pytest
from botocore.exceptions import (
    ConnectionClosedError,
    EndpointConnectionError,
    ReadTimeoutError,
)

from pinpoint_sdk import errors
from pinpoint_sdk._async_retry import call_async
from pinpoint_sdk._retry import RetryBudget, RetryPolicy
from tests.client.fakes import FakeTime, bad_request, server_error, throttled


class AsyncFakeTime(FakeTime):
    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


@pytest.fixture
def clock() -> AsyncFakeTime:
    return AsyncFakeTime()


def flaky(failures: list[BaseException]) -> tuple[Callable[[], Awaitable[str]], list[int]]:
    pending = list(failures)
    calls: list[int] = []

    async def call() -> str:
        calls.append(len(calls) + 1)
        if pending:
            raise pending.pop(0)
        return "ok"

    return call, calls


def run(
    clock: AsyncFakeTime,
    fn: Callable[[], Awaitable[str]],
    *,
    safe: bool,
    budget: RetryBudget | None = None,
    **policy: int | float,
) -> str:
    retry = RetryPolicy(**policy, clock=clock.clock)  # type: ignore[arg-type]  # the policy's fields by name, from the test's keywords
    return asyncio.run(
        call_async(
            retry,
            fn,
            operation="CreateCampaign" if not safe else "GetCampaign",
            safe_to_repeat=safe,
            budget=budget or RetryBudget(),
            sleep=clock.async_sleep,
        )
    )


def test_throttled_twice_then_success_sleeps_twice(clock: AsyncFakeTime) -> None:
    call, calls = flaky([throttled(), throttled()])
    assert run(clock, call, safe=False) == "ok"
    assert len(calls) == 3
    assert len(clock.sleeps) == 2


def test_retry_after_is_honoured(clock: AsyncFakeTime) -> None:
    call, _ = flaky([throttled(headers={"Retry-After": "3"})])
    run(clock, call, safe=True)
    assert clock.sleeps == [3.0]


def test_attempts_run_out_with_the_last_typed_error_and_its_count(clock: AsyncFakeTime) -> None:
    call, calls = flaky([throttled() for _ in range(5)])
    with pytest.raises(errors.TooManyRequestsException) as raised:
        run(clock, call, safe=True, max_attempts=3)
    assert len(calls) == 3
    assert raised.value.attempts == 3


def test_a_server_error_on_a_create_is_not_retried_and_says_what_to_check(
    clock: AsyncFakeTime,
) -> None:
    call, calls = flaky([server_error()])
    with pytest.raises(errors.InternalServerErrorException) as raised:
        run(clock, call, safe=False)
    assert calls == [1]
    assert raised.value.may_have_been_applied
    assert raised.value.hint is not None
    assert "CreateCampaign" in raised.value.hint


def test_the_budget_is_shared_and_stops_retries_when_empty(clock: AsyncFakeTime) -> None:
    budget = RetryBudget(capacity=4)  # less than a throttled retry costs (5)
    call, calls = flaky([throttled()])
    with pytest.raises(errors.TooManyRequestsException):
        run(clock, call, safe=True, budget=budget)
    assert calls == [1]


def _sync_attempts(error: BaseException, safe: bool) -> int:
    fake = FakeTime()
    pending = [error]
    calls: list[int] = []

    def call() -> str:
        calls.append(1)
        if pending:
            raise pending.pop()
        return "ok"

    policy = RetryPolicy(sleep=fake.sleep, clock=fake.clock)
    with contextlib.suppress(Exception):
        policy.call(call, operation="GetCampaign", safe_to_repeat=safe, budget=RetryBudget())
    return len(calls)


@pytest.mark.parametrize(
    "make_error",
    [
        throttled,
        server_error,
        bad_request,
        lambda: EndpointConnectionError(endpoint_url="https://x"),
        lambda: ReadTimeoutError(endpoint_url="https://x"),
        lambda: ConnectionClosedError(endpoint_url="https://x"),
    ],
)
@pytest.mark.parametrize("safe", [True, False])
def test_every_decision_is_the_sync_policys(
    clock: AsyncFakeTime, make_error: Callable[[], BaseException], safe: bool
) -> None:
    call, calls = flaky([make_error()])
    with contextlib.suppress(Exception):
        run(clock, call, safe=safe)
    assert len(calls) == _sync_attempts(make_error(), safe)


def test_cancelling_the_task_during_a_wait_stops_retrying_at_once() -> None:
    calls: list[int] = []
    sleeping = asyncio.Event()

    async def always_throttled() -> str:
        calls.append(1)
        raise throttled()

    async def forever(_seconds: float) -> None:
        sleeping.set()
        await asyncio.Event().wait()

    async def main() -> None:
        task = asyncio.create_task(
            call_async(
                RetryPolicy(),
                always_throttled,
                operation="GetCampaign",
                safe_to_repeat=True,
                budget=RetryBudget(),
                sleep=forever,
            )
        )
        await sleeping.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())
    assert calls == [1]


def test_a_cancelled_attempt_is_not_retried() -> None:
    calls: list[int] = []

    async def cancelled() -> str:
        calls.append(1)
        raise asyncio.CancelledError

    async def never(_seconds: float) -> None:
        raise AssertionError("a cancelled call must not wait for a retry")

    with pytest.raises(asyncio.CancelledError):
        asyncio.run(
            call_async(
                RetryPolicy(),
                cancelled,
                operation="GetCampaign",
                safe_to_repeat=True,
                budget=RetryBudget(),
                sleep=never,
            )
        )
    assert calls == [1]
