"""Retries: which failures are retried, how long to wait, and when to give up.

All retry rules live here; the client only says which operation it calls and whether the operation
is safe to repeat (decided from its HTTP method in the service model, see ``is_safe_to_repeat``).

What is retried:

- Throttling (HTTP 429, ``TooManyRequestsException``): for every operation, the service did not
  process the request.
- A connection that never opened (``EndpointConnectionError``, ``ConnectTimeoutError``): for every
  operation, nothing reached the service.
- Server errors (HTTP 5xx), read timeouts and dropped connections: only for operations safe to
  repeat (GET, PUT, DELETE). A POST may have been processed before the failure, and repeating it
  could create a duplicate campaign, segment or job.
- Nothing else: other 4xx answers, conversion errors and parameter validation fail at once.

Every retry also needs tokens from the client's shared ``RetryBudget`` (see there), so a failing
service does not turn each caller into a retry storm.
"""

from __future__ import annotations

import email.utils
import logging
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import attrs
import tenacity
from botocore.exceptions import (
    ConnectTimeoutError,
    EndpointConnectionError,
    HTTPClientError,
    ReadTimeoutError,
)
from tenacity.stop import stop_base
from tenacity.wait import wait_base, wait_random_exponential

from pinpoint_sdk.errors import PinpointError, TooManyRequestsException

__all__ = ["RetryBudget", "RetryPolicy", "is_safe_to_repeat"]

logger = logging.getLogger("pinpoint_sdk")

T = TypeVar("T")

# HTTP methods whose repetition cannot create a second resource. POST (and PATCH) are not here:
# the first attempt may have been processed even when its answer was lost.
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


def is_safe_to_repeat(http_method: str) -> bool:
    """Whether an operation with this HTTP method may be repeated after an unclear failure."""
    return http_method.upper() in _SAFE_METHODS


def _is_throttle(error: BaseException) -> bool:
    return isinstance(error, TooManyRequestsException) or (
        isinstance(error, PinpointError) and error.status_code == 429
    )


def _never_opened(error: BaseException) -> bool:
    # The TCP connection was never made, so the request cannot have reached the service.
    return isinstance(error, (EndpointConnectionError, ConnectTimeoutError))


def _is_server_or_transport(error: BaseException) -> bool:
    if isinstance(error, PinpointError):
        return error.status_code is not None and error.status_code >= 500
    # Read timeouts and dropped connections (ConnectionClosedError): the request may have arrived.
    return isinstance(error, HTTPClientError)


def _is_timeout(error: BaseException) -> bool:
    return isinstance(error, (ReadTimeoutError, ConnectTimeoutError))


def retry_after(error: BaseException) -> float | None:
    """Seconds the service asked us to wait (``x-amz-retry-after`` in ms, ``Retry-After`` in s)."""
    if not isinstance(error, PinpointError):
        return None
    headers: Mapping[str, Any] = error.response.get("ResponseMetadata", {}).get("HTTPHeaders", {})
    headers = {str(k).lower(): v for k, v in headers.items()}
    try:
        if "x-amz-retry-after" in headers:
            return max(0.0, float(headers["x-amz-retry-after"]) / 1000.0)
        if "retry-after" in headers:
            value = str(headers["retry-after"]).strip()
            if value.replace(".", "", 1).isdigit():
                return float(value)
            # The HTTP-date form: the wait is the distance from now (wall clock).
            when = email.utils.parsedate_to_datetime(value)
            return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError, OverflowError):
        return None
    return None


def _error_code(error: BaseException | None) -> str:
    if isinstance(error, PinpointError):
        return error.error_code or type(error).__name__
    return type(error).__name__


class RetryBudget:
    """A token bucket shared by one client and its ``with_options`` copies.

    It starts with ``capacity`` tokens (500). Each retry takes ``retry_cost`` (5), or
    ``timeout_cost`` (10) after a timeout; every call that succeeds gives back ``success_refund``
    (1), up to the capacity. When a retry cannot be paid for, the error is raised instead. These
    are botocore's standard-mode numbers: a healthy service never drains the bucket, a failing one
    empties it after 100 retries, after which each caller fails fast until calls succeed again.
    Thread-safe.
    """

    def __init__(
        self,
        capacity: int = 500,
        *,
        retry_cost: int = 5,
        timeout_cost: int = 10,
        success_refund: int = 1,
    ) -> None:
        self.capacity = capacity
        self.retry_cost = retry_cost
        self.timeout_cost = timeout_cost
        self.success_refund = success_refund
        self._available = capacity
        self._lock = threading.Lock()

    @property
    def available(self) -> int:
        return self._available

    def cost_of(self, error: BaseException) -> int:
        return self.timeout_cost if _is_timeout(error) else self.retry_cost

    def try_acquire(self, cost: int) -> bool:
        """Take ``cost`` tokens if there are that many; whether they were taken."""
        with self._lock:
            if cost > self._available:
                return False
            self._available -= cost
            return True

    def refund(self, amount: int | None = None) -> None:
        with self._lock:
            refund = self.success_refund if amount is None else amount
            self._available = min(self.capacity, self._available + refund)

    def __repr__(self) -> str:
        return f"RetryBudget(available={self._available}, capacity={self.capacity})"


# Looked up at each call, not bound once, so that patching ``time.sleep`` in a test still works.
def _sleep(seconds: float) -> None:
    time.sleep(seconds)


def _monotonic() -> float:
    return time.monotonic()


def _positive(_: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if value < 0:
        raise ValueError(f"{attribute.name} must be >= 0, got {value!r}")


@attrs.frozen
class RetryPolicy:
    """How the client retries: ``max_attempts`` counts the first call; waits grow exponentially
    from ``initial_delay`` up to ``max_delay`` seconds with full jitter; ``deadline`` (seconds from
    the first attempt) stops retries whose wait would end past it.

    Subclass it and override ``should_retry`` to change which failures are retried; ``sleep`` and
    ``clock`` can be replaced (tests pass fakes so that nothing really sleeps).
    """

    max_attempts: int = attrs.field(default=5, validator=attrs.validators.ge(1))
    initial_delay: float = attrs.field(default=0.1, validator=_positive)
    max_delay: float = attrs.field(default=20.0, validator=_positive)
    deadline: float | None = attrs.field(default=None)
    sleep: Callable[[float], None] = attrs.field(default=_sleep, kw_only=True, repr=False, eq=False)
    clock: Callable[[], float] = attrs.field(default=_monotonic, kw_only=True, repr=False, eq=False)

    def should_retry(self, error: BaseException, *, safe_to_repeat: bool) -> bool:
        """Whether ``error`` is worth another attempt (before attempts, deadline and budget)."""
        if _is_throttle(error) or _never_opened(error):
            return True
        return safe_to_repeat and _is_server_or_transport(error)

    def call(
        self,
        fn: Callable[[], T],
        *,
        operation: str,
        safe_to_repeat: bool,
        budget: RetryBudget,
    ) -> T:
        """Run ``fn`` with retries; when they run out, the last error is raised as it was."""
        started = self.clock()
        try:
            # Most calls succeed at once: the retrying machinery is only built after a failure.
            result = fn()
        except Exception as first:
            if self.max_attempts <= 1 or not self.should_retry(
                first, safe_to_repeat=safe_to_repeat
            ):
                raise
            failed_once: list[BaseException] = [first]

            def attempt() -> T:
                if failed_once:  # tenacity's attempt 1 is the call that already failed
                    raise failed_once.pop()
                return fn()

            result = self._retrying(operation, safe_to_repeat, budget, started)(attempt)
        budget.refund()
        return result

    def _retrying(
        self, operation: str, safe_to_repeat: bool, budget: RetryBudget, started: float
    ) -> tenacity.Retrying:
        def retryable(error: BaseException) -> bool:
            return self.should_retry(error, safe_to_repeat=safe_to_repeat)

        def log_retry(state: tenacity.RetryCallState) -> None:
            error = state.outcome.exception() if state.outcome else None
            # One line, no request body: these land in application logs.
            logger.info(
                "pinpoint %s: attempt %d of %d failed (%s); retrying in %.2fs",
                operation,
                state.attempt_number,
                self.max_attempts,
                _error_code(error),
                state.upcoming_sleep,
            )

        return tenacity.Retrying(
            retry=tenacity.retry_if_exception(retryable),
            wait=_WaitRetryAfterOr(
                wait_random_exponential(multiplier=self.initial_delay, max=self.max_delay),
                cap=self.max_delay,
            ),
            stop=_Stop(self, budget, started=started),
            sleep=self.sleep,
            before_sleep=log_retry,
            reraise=True,
        )


class _WaitRetryAfterOr(wait_base):
    """The service's ``Retry-After`` (capped) when it sent one, the backoff otherwise."""

    def __init__(self, backoff: wait_base, *, cap: float) -> None:
        self.backoff = backoff
        self.cap = cap

    def __call__(self, retry_state: tenacity.RetryCallState) -> float:
        outcome = retry_state.outcome
        error = outcome.exception() if outcome is not None else None
        hinted = retry_after(error) if error is not None else None
        if hinted is not None:
            return min(hinted, self.cap)
        return self.backoff(retry_state)


class _Stop(stop_base):
    """Give up after ``max_attempts``, before a wait that would pass the deadline, or when the
    budget cannot pay for the retry. The budget is asked last, so tokens are only taken for a
    retry that will happen."""

    def __init__(self, policy: RetryPolicy, budget: RetryBudget, *, started: float) -> None:
        self.policy = policy
        self.budget = budget
        self.started = started

    def __call__(self, retry_state: tenacity.RetryCallState) -> bool:
        policy = self.policy
        if retry_state.attempt_number >= policy.max_attempts:
            return True
        if policy.deadline is not None:
            elapsed = policy.clock() - self.started
            if elapsed + retry_state.upcoming_sleep > policy.deadline:
                return True
        outcome = retry_state.outcome
        error = outcome.exception() if outcome is not None else None
        cost = self.budget.cost_of(error) if error is not None else self.budget.retry_cost
        if not self.budget.try_acquire(cost):
            logger.info(
                "pinpoint: retry budget exhausted (%d of %d tokens left); not retrying",
                self.budget.available,
                self.budget.capacity,
            )
            return True
        return False
