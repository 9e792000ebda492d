"""Polling until a resource reaches a state: import jobs, endpoints read back after a write."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from pinpoint_sdk.errors import NotFoundException, TooManyRequestsException, WaitTimeoutError

__all__ = ["poll"]

T = TypeVar("T")

#: Each wait is this much longer than the one before, up to ``max_interval``.
BACKOFF = 1.5


def poll(
    fetch: Callable[[], T],
    done: Callable[[T], bool],
    *,
    what: str,
    timeout: float,
    poll_interval: float,
    max_interval: float,
    clock: Callable[[], float],
    sleep: Callable[[float], None],
) -> T:
    """Call ``fetch`` until ``done`` says yes; raise ``WaitTimeoutError`` after ``timeout`` s.

    A throttled read (beyond what the client's retry policy absorbed) or a resource that is not
    there yet (``NotFoundException``: Pinpoint applies writes asynchronously) only means "not yet".
    """
    if timeout < 0 or poll_interval <= 0:
        raise ValueError("timeout must be >= 0 and poll_interval > 0")
    deadline = clock() + timeout
    interval = poll_interval
    last: T | None = None
    while True:
        try:
            value = fetch()
        except (TooManyRequestsException, NotFoundException):
            pass
        else:
            if done(value):
                return value
            last = value
        remaining = deadline - clock()
        if remaining <= 0:
            raise WaitTimeoutError(f"{what} did not happen within {timeout:g} s", last)
        sleep(min(interval, remaining))
        interval = min(interval * BACKOFF, max_interval)
