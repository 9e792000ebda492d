"""Client-side rate limits per operation, so bulk work does not spend its retries on throttling.

Pinpoint's published request rates differ by operation and have changed over time, so none is
built in: the user sets requests per second for the operations they care about.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping

from botocore import xform_name

__all__ = ["RateLimiter", "RateLimits"]


class RateLimiter:
    """A token bucket: ``rate`` requests per second on average, bursts of up to ``burst``.

    ``acquire()`` blocks until a request may go. Thread-safe; ``clock`` and ``sleep`` are
    injectable so tests never really wait.
    """

    def __init__(
        self,
        rate: float,
        *,
        burst: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError(f"rate must be > 0 requests per second, got {rate!r}")
        self.rate = float(rate)
        self.burst = float(burst if burst is not None else max(1.0, rate))
        self._clock = clock
        self._sleep = sleep
        self._tokens = self.burst
        self._updated = clock()
        self._lock = threading.Lock()

    def acquire(self) -> None:
        """Block (sleep) until a request may go."""
        while (wait := self.take()) > 0:
            self._sleep(wait)

    def take(self) -> float:
        """Take a token and return 0, or return how long to wait before asking again."""
        with self._lock:
            now = self._clock()
            self._tokens = min(self.burst, self._tokens + (now - self._updated) * self.rate)
            self._updated = now
            if self._tokens >= 1.0:
                self._tokens -= 1.0
                return 0.0
            return (1.0 - self._tokens) / self.rate

    def __repr__(self) -> str:
        return f"RateLimiter(rate={self.rate}, burst={self.burst})"


class RateLimits:
    """Requests per second by operation, as token buckets: ``RateLimits({"update_endpoints_batch":
    20})`` (``"UpdateEndpointsBatch"`` names the same operation).

    Give one instance to several clients (``PinpointClient(rate_limits=limits)``,
    ``AsyncPinpointClient(rate_limits=limits)``) and their calls draw on the same buckets; a
    mapping given to a client makes buckets of its own. ``clock`` and ``sleep`` are injectable so
    tests never really wait (an async client awaits its own ``sleep`` instead).
    """

    def __init__(
        self,
        limits: Mapping[str, float] | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._by_method = {
            xform_name(name): RateLimiter(rate, clock=clock, sleep=sleep)
            for name, rate in (limits or {}).items()
        }

    def acquire(self, operation: str) -> None:
        limiter = self.limiter_for(operation)
        if limiter is not None:
            limiter.acquire()

    def limiter_for(self, operation: str) -> RateLimiter | None:
        """The operation's limiter; ``None`` when it has no limit."""
        if not self._by_method:
            return None  # the usual case: no limits, and no name to work out on every call
        return self._by_method.get(xform_name(operation))

    def __bool__(self) -> bool:
        return bool(self._by_method)

    def __repr__(self) -> str:
        return f"RateLimits({self._by_method!r})"
