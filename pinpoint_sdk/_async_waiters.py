"""Async polling: ``_waiters.poll`` with an awaited fetch and sleep (same backoff, same errors)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from pinpoint_sdk._waiters import BACKOFF
from pinpoint_sdk.errors import TooManyRequestsException, WaitTimeoutError

__all__ = ["poll_async"]

T = TypeVar("T")


async def poll_async(
    fetch: Callable[[], Awaitable[T]],
    done: Callable[[T], bool],
    *,
    what: str,
    not_yet: tuple[type[BaseException], ...] = (TooManyRequestsException,),
    timeout: float,
    poll_interval: float,
    max_interval: float,
    clock: Callable[[], float],
    sleep: Callable[[float], Awaitable[None]],
) -> T:
    """Await ``fetch`` until ``done`` says yes; raise ``WaitTimeoutError`` after ``timeout`` s."""
    if timeout < 0 or poll_interval <= 0:
        raise ValueError("timeout must be >= 0 and poll_interval > 0")
    deadline = clock() + timeout
    interval = poll_interval
    last: T | None = None
    while True:
        try:
            value = await fetch()
        except not_yet:
            pass
        else:
            if done(value):
                return value
            last = value
        remaining = deadline - clock()
        if remaining <= 0:
            raise WaitTimeoutError(f"{what} did not happen within {timeout:g} s", last)
        await sleep(min(interval, remaining))
        interval = min(interval * BACKOFF, max_interval)
