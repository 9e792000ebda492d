"""Async retries: ``RetryPolicy`` run on tenacity's ``AsyncRetrying``.

Every decision is the policy's own, as ``_retry`` makes it for the sync client: which failures are
retried (``RetryPolicy.should_retry``), when to give up (``_Stop``: attempts, deadline, the shared
``RetryBudget``), how long to wait (``_WaitRetryAfterOr``: the service's ``Retry-After`` or the
backoff), the hint on an unclear failure. Only the sleeping is awaited, with an injectable
``sleep`` (``asyncio.sleep`` by default). Cancelling the task stops at once: ``CancelledError`` is
not an ``Exception``, so no retry rule matches it, and a cancelled sleep ends the call.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

# RetryPolicy's own stop, wait and explanation objects, so that both clients decide alike (hence
# the pyright ignores: private by name, shared by design).
from pinpoint_sdk._retry import (
    NO_RETRY_INCREMENT,
    RetryBudget,
    RetryPolicy,
    _explain,  # pyright: ignore[reportPrivateUsage]
    _Stop,  # pyright: ignore[reportPrivateUsage]
)

if TYPE_CHECKING:
    # Imported when a call first fails in a way worth retrying, as in ``_retry``.
    import tenacity

__all__ = ["AsyncSleep", "call_async"]

T = TypeVar("T")

#: An awaitable sleep: ``asyncio.sleep``, or a fake in tests.
AsyncSleep = Callable[[float], Awaitable[None]]


async def call_async(
    policy: RetryPolicy,
    fn: Callable[[], Awaitable[T]],
    *,
    operation: str,
    safe_to_repeat: bool,
    budget: RetryBudget,
    if_unclear: str | None = None,
    sleep: AsyncSleep = asyncio.sleep,
) -> T:
    """``RetryPolicy.call`` for a coroutine function: the same rules, budget and hints."""
    started = policy.clock()
    failures: list[BaseException] = []

    async def counted() -> T:
        try:
            return await fn()
        except Exception as error:
            failures.append(error)
            raise

    stop: _Stop | None = None
    try:
        try:
            # Most calls succeed at once: the retrying machinery is only built after a failure.
            result = await counted()
        except Exception as first:
            if policy.max_attempts <= 1 or not policy.should_retry(
                first, safe_to_repeat=safe_to_repeat
            ):
                raise
            failed_once: list[BaseException] = [first]

            async def attempt() -> T:
                if failed_once:  # tenacity's attempt 1 is the call that already failed
                    raise failed_once.pop()
                return await counted()

            stop = _Stop(policy, budget, started=started)
            retrying = _async_retrying(policy, operation, safe_to_repeat, stop, sleep)
            result = await retrying(attempt)
    except Exception as error:
        hint = policy._hint(  # pyright: ignore[reportPrivateUsage]
            error, failures, operation, safe_to_repeat, if_unclear
        )
        _explain(error, hint, attempts=len(failures))
        raise
    # As botocore does: a call that succeeded after retries gives back its last retry's cost.
    budget.release(stop.last_cost if stop is not None and stop.last_cost else NO_RETRY_INCREMENT)
    return result


def _async_retrying(
    policy: RetryPolicy, operation: str, safe_to_repeat: bool, stop: _Stop, sleep: AsyncSleep
) -> tenacity.AsyncRetrying:
    import tenacity

    # The same stop, wait, retry and log objects RetryPolicy._retrying gives tenacity.Retrying.
    options = policy._tenacity_options(  # pyright: ignore[reportPrivateUsage]
        operation, safe_to_repeat, stop
    )
    return tenacity.AsyncRetrying(sleep=sleep, **options)
