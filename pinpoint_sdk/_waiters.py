"""Polling until a resource reaches a state: import jobs, endpoints read back after a write."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from pinpoint_sdk.errors import TooManyRequestsException, WaitTimeoutError

__all__ = ["contains", "poll"]

T = TypeVar("T")

#: Each wait is this much longer than the one before, up to ``max_interval``.
BACKOFF = 1.5


def poll(
    fetch: Callable[[], T],
    done: Callable[[T], bool],
    *,
    what: str,
    not_yet: tuple[type[BaseException], ...] = (TooManyRequestsException,),
    timeout: float,
    poll_interval: float,
    max_interval: float,
    clock: Callable[[], float],
    sleep: Callable[[float], None],
) -> T:
    """Call ``fetch`` until ``done`` says yes; raise ``WaitTimeoutError`` after ``timeout`` s.

    The errors in ``not_yet`` only mean "not yet": by default a throttled read (beyond what the
    client's retry policy absorbed); any other error is raised at once.
    """
    if timeout < 0 or poll_interval <= 0:
        raise ValueError("timeout must be >= 0 and poll_interval > 0")
    deadline = clock() + timeout
    interval = poll_interval
    last: T | None = None
    while True:
        try:
            value = fetch()
        except not_yet:
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


def contains(stored: object, written: object) -> bool:
    """Whether ``stored`` reads back everything in ``written`` (wire values).

    Maps and structures are compared key by key, because Pinpoint merges an update's
    ``Attributes``, ``Metrics`` and ``User.UserAttributes`` into what the endpoint already has;
    lists and plain values must be equal.
    """
    if isinstance(written, dict):
        return isinstance(stored, dict) and all(
            key in stored and contains(stored[key], value) for key, value in written.items()
        )
    return stored == written
