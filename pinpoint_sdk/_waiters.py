"""Polling until a resource reaches a state: import jobs, endpoints read back after a write.

A wait is described once (``endpoint_wait``, ``import_job_wait``: what it waits for, which errors
only mean "not yet", how far apart the reads may grow) and its schedule (deadline, backoff, the
last value read) lives in ``Schedule``; ``poll`` and ``_async_waiters.poll_async`` only fetch and
sleep, each its own way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from pinpoint_sdk import models
from pinpoint_sdk._converter import to_boto3
from pinpoint_sdk.errors import (
    ImportJobFailedError,
    NotFoundException,
    TooManyRequestsException,
    WaitTimeoutError,
)

__all__ = ["Schedule", "Wait", "contains", "endpoint_wait", "import_job_wait", "poll"]

T = TypeVar("T")

#: Each wait is this much longer than the one before, up to ``max_interval``.
BACKOFF = 1.5


class Wait(Generic[T]):
    """What one wait waits for: ``done`` says yes, within ``timeout`` seconds.

    The errors in ``not_yet`` only mean "not yet": by default a throttled read (beyond what the
    client's retry policy absorbed); any other error is raised at once. ``finish`` turns the value
    that ended the wait into the result (or raises). (A plain class: an attrs class costs ~0.6 ms of
    the SDK's import time.)
    """

    __slots__ = ("done", "finish", "max_interval", "not_yet", "poll_interval", "timeout", "what")

    def __init__(
        self,
        *,
        what: str,
        done: Callable[[T], bool],
        timeout: float,
        poll_interval: float,
        max_interval: float,
        not_yet: tuple[type[BaseException], ...] = (TooManyRequestsException,),
        finish: Callable[[T], T] | None = None,
    ) -> None:
        if timeout < 0 or poll_interval <= 0:
            raise ValueError("timeout must be >= 0 and poll_interval > 0")
        self.what = what
        self.done = done
        self.timeout = timeout
        self.poll_interval = poll_interval
        self.max_interval = max_interval
        self.not_yet = not_yet
        self.finish: Callable[[T], T] = finish if finish is not None else _unchanged

    def __repr__(self) -> str:
        return f"Wait({self.what!r}, timeout={self.timeout:g})"


class Schedule(Generic[T]):
    """One wait under way: the deadline, the backoff between reads, the last value read."""

    def __init__(self, wait: Wait[T], clock: Callable[[], float]) -> None:
        self.wait = wait
        self._clock = clock
        self._deadline = clock() + wait.timeout
        self._interval = wait.poll_interval
        self._last: T | None = None

    def read(self, value: T) -> bool:
        """Whether ``value`` ends the wait."""
        self._last = value
        return self.wait.done(value)

    def next_sleep(self) -> float:
        """Seconds to sleep before the next read; ``WaitTimeoutError`` when time is up."""
        remaining = self._deadline - self._clock()
        if remaining <= 0:
            raise WaitTimeoutError(
                f"{self.wait.what} did not happen within {self.wait.timeout:g} s", self._last
            )
        seconds = min(self._interval, remaining)
        self._interval = min(self._interval * BACKOFF, self.wait.max_interval)
        return seconds


def _unchanged(value: T) -> T:
    return value


def poll(
    fetch: Callable[[], T],
    wait: Wait[T],
    *,
    clock: Callable[[], float],
    sleep: Callable[[float], None],
) -> T:
    """Call ``fetch`` until ``wait`` is done (see ``Wait``)."""
    schedule = Schedule(wait, clock)
    while True:
        try:
            value = fetch()
        except wait.not_yet:
            pass
        else:
            if schedule.read(value):
                return wait.finish(value)
        sleep(schedule.next_sleep())


def endpoint_wait(
    endpoint_id: str,
    expected: models.EndpointRequest | models.EndpointBatchItem | None,
    *,
    timeout: float,
    poll_interval: float,
) -> Wait[models.EndpointResponse]:
    """Until the endpoint reads back every member of ``expected`` (or exists, for ``None``)."""
    written = {} if expected is None else to_boto3(expected)
    written.pop("Id", None)  # the path names the endpoint; EndpointResponse.Id echoes it
    return Wait(
        what=f"endpoint {endpoint_id} reading back as written",
        done=lambda endpoint: contains(to_boto3(endpoint), written),
        timeout=timeout,
        poll_interval=poll_interval,
        max_interval=5.0,
        # Pinpoint applies endpoint writes after answering: not there yet is not an error.
        not_yet=(TooManyRequestsException, NotFoundException),
    )


def import_job_wait(
    job_id: str, *, timeout: float, poll_interval: float
) -> Wait[models.ImportJobResponse]:
    """Until the import job ends; its final ``ImportJobResponse`` if ``COMPLETED``, else
    ``ImportJobFailedError``."""
    return Wait(
        what=f"import job {job_id} finishing",
        done=lambda job: job.job_status in (models.JobStatus.COMPLETED, models.JobStatus.FAILED),
        timeout=timeout,
        poll_interval=poll_interval,
        max_interval=30.0,
        finish=_completed,
    )


def _completed(job: models.ImportJobResponse) -> models.ImportJobResponse:
    if job.job_status != models.JobStatus.COMPLETED:
        raise ImportJobFailedError(job)
    return job


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
