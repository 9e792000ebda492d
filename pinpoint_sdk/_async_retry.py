"""Async retries: ``RetryPolicy.call``'s loop, awaited.

Every decision is ``RetryRun``'s (``_retry``), as for the sync client: which failures are
retried, when to give up (attempts, deadline, the shared ``RetryBudget``), how long to wait (the
service's ``Retry-After`` or the backoff), the hint on an unclear failure. Only the attempt and
the sleeping are awaited, with an injectable ``sleep`` (``asyncio.sleep`` by default). Cancelling
the task stops at once: ``CancelledError`` is not an ``Exception``, so no attempt records it, and a
cancelled sleep ends the call.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from pinpoint_sdk._retry import RetryBudget, RetryPolicy, RetryRun

__all__ = ["AsyncSleep", "call_async"]

T = TypeVar("T")

#: An awaitable sleep: ``asyncio.sleep``, or a fake in tests.
AsyncSleep = Callable[[float], Awaitable[None]]


async def call_async(
    policy: RetryPolicy,
    fn: Callable[[], Awaitable[T]],
    *,
    operation: str,
    safe_to_repeat: bool | Callable[[], bool],
    budget: RetryBudget,
    if_unclear: str | None = None,
    sleep: AsyncSleep = asyncio.sleep,
    started: float | None = None,
    failed: Exception | None = None,
) -> T:
    """``RetryPolicy.call`` for a coroutine function: the same rules, budget and hints.

    ``failed``: the error of a first attempt the caller made itself (begun at ``started``, by the
    policy's clock), which the loop then takes as its own first attempt's.
    """
    if started is None:
        started = policy.clock()
    run: RetryRun | None = None
    while True:
        if failed is None:
            try:
                result = await fn()
            except Exception as error:
                failed = error
            else:
                RetryRun.answered(run, budget)
                return result
        if run is None:
            run = RetryRun(
                policy,
                operation=operation,
                safe_to_repeat=safe_to_repeat,
                budget=budget,
                if_unclear=if_unclear,
                started=started,
            )
        wait = run.failed(failed)
        if wait is None:
            raise failed
        failed = None
        await sleep(wait)
