"""Client-side rate limits for ``AsyncPinpointClient``: ``_ratelimit``'s token buckets, awaited.

The same limits as the sync client's (``{"update_endpoints_batch": 20}``, either spelling of the
operation), the same buckets (``RateLimiter``: rate, burst and refill); waiting for a token is an
awaited sleep, so the event loop keeps running other calls meanwhile.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping

from pinpoint_sdk._ratelimit import RateLimits

__all__ = ["AsyncRateLimits"]


class AsyncRateLimits:
    """The limiters of one async client, by operation: from a mapping, or a ``RateLimits``
    whose buckets are then shared (with a sync client, say), only the waiting awaited."""

    def __init__(
        self,
        limits: Mapping[str, float] | RateLimits | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._limits = limits if isinstance(limits, RateLimits) else RateLimits(limits, clock=clock)
        self._sleep = sleep

    async def acquire(self, operation: str) -> None:
        limiter = self._limits.limiter_for(operation)
        if limiter is None:
            return
        # Taking a token never blocks (its lock is held for arithmetic only): the wait is awaited.
        while (wait := limiter.take()) > 0:
            await self._sleep(wait)

    def __bool__(self) -> bool:
        return bool(self._limits)

    def __repr__(self) -> str:
        return f"Async{self._limits!r}"
