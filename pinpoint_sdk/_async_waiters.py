"""Async polling: ``_waiters.poll`` with an awaited fetch and sleep (same ``Wait``, same
``Schedule``: the same backoff and errors)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from pinpoint_sdk._waiters import Schedule, Wait

__all__ = ["poll_async"]

T = TypeVar("T")


async def poll_async(
    fetch: Callable[[], Awaitable[T]],
    wait: Wait[T],
    *,
    clock: Callable[[], float],
    sleep: Callable[[float], Awaitable[None]],
) -> T:
    """Await ``fetch`` until ``wait`` is done (see ``_waiters.Wait``)."""
    schedule = Schedule(wait, clock)
    while True:
        try:
            value = await fetch()
        except wait.not_yet:
            pass
        else:
            if schedule.read(value):
                return wait.finish(value)
        await sleep(schedule.next_sleep())
