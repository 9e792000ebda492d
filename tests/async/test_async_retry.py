"""Async retries: what only an awaited loop has (cancelling), and its default hint.

Every decision, wait, budget price and hint of a retried call is tests/client/test_retry.py's,
which runs each test through both ``RetryPolicy.call`` and ``call_async``.

Runs without aiobotocore (only tenacity's AsyncRetrying is involved), so the main dev environment
runs it too. Nothing really sleeps: the injected sleep moves a fake clock.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from pinpoint_sdk import errors
from pinpoint_sdk._async_retry import call_async
from pinpoint_sdk._retry import RetryBudget, RetryPolicy
from tests.client.fakes import FakeTime, server_error, throttled


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
