"""Client-side rate limits for ``AsyncPinpointClient``: ``_ratelimit``'s token buckets, awaited.

The same limits as the sync client's (``{"update_endpoints_batch": 20}``, either spelling of the
operation), the same bucket (``RateLimiter``'s rate, burst and refill); waiting for a token is an
awaited sleep, so the event loop keeps running other calls meanwhile.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping

from botocore import xform_name

from pinpoint_sdk._ratelimit import RateLimiter

__all__ = ["AsyncRateLimits"]


class _AsyncBucket:
    def __init__(self, limiter: RateLimiter, clock: Callable[[], float]) -> None:
        self.rate = limiter.rate
        self.burst = limiter.burst
        self._clock = clock
        self._tokens = self.burst
        self._updated = clock()

    def wait_for_token(self) -> float:
        """Take a token and return 0, or return how long to wait before asking again."""
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._updated) * self.rate)
        self._updated = now
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return 0.0
        return (1.0 - self._tokens) / self.rate


class AsyncRateLimits:
    """The limiters of one async client, by operation."""

    def __init__(
        self,
        limits: Mapping[str, float] | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        # RateLimiter checks the rate and works out the burst, as for the sync client.
        self._by_method = {
            xform_name(name): _AsyncBucket(RateLimiter(rate, clock=clock), clock)
            for name, rate in (limits or {}).items()
        }
        self._sleep = sleep

    async def acquire(self, operation: str) -> None:
        bucket = self._by_method.get(xform_name(operation))
        if bucket is None:
            return
        # One event loop thread: taking a token needs no lock, only no await in between.
        while (wait := bucket.wait_for_token()) > 0:
            await self._sleep(wait)

    def __bool__(self) -> bool:
        return bool(self._by_method)

    def __repr__(self) -> str:
        rates = {name: b.rate for name, b in self._by_method.items()}
        return f"AsyncRateLimits({rates!r})"
