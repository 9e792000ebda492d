"""Retries: which failures are retried, how long to wait, and when to give up.

All retry rules live here; the client only says which operation it calls, and asks
``is_safe_to_repeat`` (a rule over the service model, below) whether it may be repeated.

What is retried:

- Throttling (HTTP 429, ``TooManyRequestsException``): for every operation, the service did not
  process the request.
- A connection that never opened (``EndpointConnectionError``, ``ConnectTimeoutError``): for every
  operation, nothing reached the service.
- Server errors (HTTP 5xx), read timeouts, dropped connections and malformed 2xx answers (the
  unclear failures: the request may have been applied): only for operations safe to repeat.
- Nothing else: other 4xx answers, conversion errors and parameter validation fail at once.

Safe to repeat (``is_safe_to_repeat``), from the operation's HTTP method and shapes:

- GET and DELETE: yes. POST (and PATCH): no, a repeat could create a second campaign, segment, job.
- PUT: yes, unless repeating it makes something new each time:

  1. its input has ``CreateNewVersion`` and the call sets it (the template updates);
  2. it answers with a versioned resource: a shape that some operation reads back by a
     ``Version`` in its path (``GetCampaignVersion``, ``GetSegmentVersion``), so each write is a
     new version (``UpdateCampaign``, ``UpdateSegment``);
  3. the body it writes has a ``Schedule``: the write (re)schedules a run (``UpdateCampaign``,
     ``UpdateJourney``).

  ``tests/client/test_retry.py`` pins the list this gives for the current model.

An unclear failure that is not retried, because the operation is not safe to repeat, is raised
with a hint of what to check before trying again (``hint`` and ``may_have_been_applied`` on the
``PinpointError`` or ``TransportError``). A ``Delete…`` call whose earlier attempt failed unclearly and whose retry gets
404 raises that ``NotFoundException`` (the deleted resource the first answer carried is lost), with
``may_have_been_applied`` set: the earlier attempt may be what deleted it.

Every retry also needs tokens from the client's shared ``RetryBudget`` (see there), so a failing
service does not turn each caller into a retry storm.
"""

from __future__ import annotations

import email.utils
import functools
import logging
import re
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
from botocore.exceptions import (
    ConnectTimeoutError,
    EndpointConnectionError,
    HTTPClientError,
)
from botocore.retries.quota import RetryQuota

from pinpoint_sdk._answers import payload_shape
from pinpoint_sdk.errors import (
    MalformedResponseError,
    NotFoundException,
    PinpointError,
    RequestNotSentError,
    TooManyRequestsException,
    TransportError,
)

if TYPE_CHECKING:
    # tenacity is imported when a call first fails in a way worth retrying (``_tenacity_options``):
    # importing it costs about 7 ms (``-X importtime``), and most programs' calls never retry.
    import tenacity
    from botocore.model import OperationModel

__all__ = [
    "RetryBudget",
    "RetryPolicy",
    "RetryRun",
    "is_safe_to_repeat",
    "makes_new_state",
    "unclear_failure_hint",
]

logger = logging.getLogger("pinpoint_sdk")

T = TypeVar("T")

# HTTP methods whose repetition cannot create a second resource. POST (and PATCH) are not here:
# the first attempt may have been processed even when its answer was lost. PUT is, but see
# makes_new_state.
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


def is_safe_to_repeat(operation: OperationModel, params: Mapping[str, Any] | None = None) -> bool:
    """Whether a call of ``operation`` with ``params`` (the wire parameters; ``None``: any call)
    may be repeated after an unclear failure. See the module docstring for the rule."""
    method = operation.http["method"].upper()
    if method not in _SAFE_METHODS:
        return False
    # Reading or deleting twice makes nothing new; only a PUT can (a version, a run).
    return method != "PUT" or not makes_new_state(operation, params)


def makes_new_state(operation: OperationModel, params: Mapping[str, Any] | None = None) -> bool:
    """Whether a call makes something new each time it is applied: a version, or a run."""
    input_shape = operation.input_shape
    if (
        input_shape is not None
        and "CreateNewVersion" in input_shape.members
        and (params is None or bool(params.get("CreateNewVersion")))
    ):
        return True
    return _answers_with_a_version(operation) or _writes_a_schedule(operation)


# Bounded caches keyed by botocore's model objects: each boto3 client has its own, and a process
# may build many clients.
@functools.lru_cache(maxsize=256)
def unclear_failure_hint(operation: OperationModel) -> str:
    """What to check before trying again when a call of ``operation`` that is not safe to repeat
    failed without a clear answer."""
    return _hint_may_have_applied(operation.name, versioned=_answers_with_a_version(operation))


@functools.lru_cache(maxsize=256)
def _answers_with_a_version(operation: OperationModel) -> bool:
    answer = payload_shape(operation.output_shape)
    return answer is not None and answer.name in _versioned_shapes(operation.service_model)


@functools.lru_cache(maxsize=256)
def _writes_a_schedule(operation: OperationModel) -> bool:
    body = payload_shape(operation.input_shape)
    return body is not None and "Schedule" in getattr(body, "members", {})


@functools.lru_cache(maxsize=8)
def _versioned_shapes(service: Any) -> frozenset[str]:
    """Shapes some operation reads back by a ``Version`` in its path: each write is a version."""
    shapes: set[str] = set()
    for name in service.operation_names:
        operation = service.operation_model(name)
        input_shape = operation.input_shape
        version = input_shape.members.get("Version") if input_shape is not None else None
        answer = payload_shape(operation.output_shape)
        if version is not None and version.serialization.get("location") == "uri" and answer:
            shapes.add(answer.name)
    return frozenset(shapes)


def _is_throttle(error: BaseException) -> bool:
    return isinstance(error, TooManyRequestsException) or (
        isinstance(error, PinpointError) and error.status_code == 429
    )


def _never_opened(error: BaseException) -> bool:
    # The TCP connection was never made, so the request cannot have reached the service.
    return isinstance(error, (EndpointConnectionError, ConnectTimeoutError))


def _is_unclear(error: BaseException) -> bool:
    """A failure after which the request may have been applied: 5xx, a read timeout, a dropped
    connection, a malformed 2xx answer."""
    if isinstance(error, PinpointError):
        return error.status_code is not None and error.status_code >= 500
    if _never_opened(error):
        return False
    # Read timeouts and dropped connections (ConnectionClosedError): the request may have arrived.
    return isinstance(error, (HTTPClientError, MalformedResponseError))


def _resource_words(operation: str) -> str:
    # "UpdateEmailTemplate" -> "email template": the thing the operation acts on.
    noun = re.sub(r"^(Create|Update|Put|Send|Delete|Remove)", "", operation) or operation
    return re.sub(r"(?<!^)(?=[A-Z][a-z])", " ", noun).lower()


def _hint_may_have_applied(operation: str, *, versioned: bool) -> str:
    what = _resource_words(operation)
    if versioned:
        check = f"read the {what}'s version before retrying"
    elif operation.startswith(("Update", "Put", "Remove")):
        check = f"read the {what} back before retrying"
    elif operation.startswith("Create"):
        check = f"check whether the {what} exists before retrying, or a retry may make a second one"
    else:
        check = "check whether it took effect before retrying"
    return (
        f"{operation} may have been applied (the attempt failed without a clear answer, so it "
        f"was not retried): {check}"
    )


def _explain(error: BaseException, hint: str | None, attempts: int) -> None:
    """Put the SDK's attempts, and the hint, on the error that ends a call."""
    if isinstance(error, (PinpointError, TransportError, RequestNotSentError)):
        error._after_attempts(attempts, hint)  # pyright: ignore[reportPrivateUsage]
    elif hint is not None:
        # Any other error keeps its message: the hint goes in a note, which tracebacks print on
        # Python 3.11+.
        notes: list[str] = getattr(error, "__notes__", [])
        error.__notes__ = [*notes, hint]  # type: ignore[attr-defined]


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


#: botocore's standard retry mode, as botocore 1.44 has it (``botocore/retries/standard.py``,
#: ``RetryQuotaChecker``): a retry costs 14 tokens, a retry after a throttle 5; a call that
#: succeeds at once gives 1 back, a call that succeeds after retries gives back what its last retry
#: took. ``tests/client/test_retry.py`` pins these to the installed botocore's.
RETRY_COST = 14
THROTTLING_RETRY_COST = 5
NO_RETRY_INCREMENT = 1


class RetryBudget:
    """A token bucket shared by one client and its ``with_options`` copies: botocore's own
    ``RetryQuota`` with botocore's standard-mode prices.

    It starts with ``capacity`` tokens (500, ``RetryQuota.INITIAL_CAPACITY``). A retry takes 14
    tokens (``RETRY_COST``), a retry after a throttle 5 (``THROTTLING_RETRY_COST``); a call that
    succeeds at once gives 1 back, a call that succeeds after retries gives back what its last retry
    took; the bucket never holds more than its capacity. When a retry cannot be paid for, the error
    is raised instead: a failing service empties it after 35 retries (100 throttled ones), after
    which each caller fails fast until calls succeed again. Thread-safe.
    """

    def __init__(self, capacity: int = RetryQuota.INITIAL_CAPACITY) -> None:
        self.capacity = capacity
        self._quota = RetryQuota(capacity)

    @property
    def available(self) -> int:
        available: int = self._quota.available_capacity
        return available

    def cost_of(self, error: BaseException) -> int:
        """What a retry after ``error`` costs."""
        return THROTTLING_RETRY_COST if _is_throttle(error) else RETRY_COST

    def try_acquire(self, cost: int) -> bool:
        """Take ``cost`` tokens if there are that many; whether they were taken."""
        taken: bool = self._quota.acquire(cost)
        return taken

    def release(self, amount: int) -> None:
        """Give ``amount`` tokens back, up to the capacity."""
        self._quota.release(amount)

    def __repr__(self) -> str:
        return f"RetryBudget(available={self.available}, capacity={self.capacity})"


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
        return safe_to_repeat and _is_unclear(error)

    def call(
        self,
        fn: Callable[[], T],
        *,
        operation: str,
        safe_to_repeat: bool | Callable[[], bool],
        budget: RetryBudget,
        if_unclear: str | None = None,
        started: float | None = None,
        failed: Exception | None = None,
    ) -> T:
        """Run ``fn`` with retries; when they run out, the last error is raised as it was.

        ``safe_to_repeat`` may be a function, asked on the first failure only. ``if_unclear`` is
        what the caller should check when a call that is not safe to repeat fails unclearly
        (``unclear_failure_hint``); it is put on the error raised. ``failed``: the error of a first
        attempt the caller made itself (begun at ``started``, by ``clock``), taken as the loop's
        own first attempt's. Every decision is ``RetryRun``'s; this loop (and ``_async_retry``'s,
        its awaited twin) only calls and sleeps. A first attempt that answers builds no
        ``RetryRun`` (most calls: nothing to decide).
        """
        if started is None:
            started = self.clock()
        run: RetryRun | None = None
        while True:
            if failed is None:
                try:
                    result = fn()
                except Exception as error:
                    failed = error
                else:
                    RetryRun.answered(run, budget)
                    return result
            if run is None:
                run = RetryRun(
                    self,
                    operation=operation,
                    safe_to_repeat=safe_to_repeat,
                    budget=budget,
                    if_unclear=if_unclear,
                    started=started,
                )
            wait = run.failed(failed)
            if wait is None:
                raise failed
            failed = None
            self.sleep(wait)

    @staticmethod
    def _hint(
        error: BaseException,
        failures: list[BaseException],
        operation: str,
        safe_to_repeat: bool,
        if_unclear: str | None,
    ) -> str | None:
        if not safe_to_repeat and _is_unclear(error):
            return if_unclear or _hint_may_have_applied(operation, versioned=False)
        earlier_unclear = any(_is_unclear(e) for e in failures[:-1])
        if (
            earlier_unclear
            and operation.startswith("Delete")
            and isinstance(error, NotFoundException)
        ):
            return (
                f"an earlier attempt of {operation} failed without an answer and may be what "
                "deleted it"
            )
        return None


class RetryRun:
    """The retry decisions of one call, as a state machine with no I/O of its own.

    The caller makes an attempt and reports how it ended: ``succeeded()``, or ``failed(error)``,
    which answers how many seconds to wait before the next attempt, or ``None`` when the error is
    to be raised (the SDK's attempts and hint already put on it). Which failures are retried is
    ``RetryPolicy.should_retry``; when to give up is ``_Stop`` (attempts, deadline, the shared
    ``RetryBudget``); how long to wait is ``_WaitRetryAfterOr`` (``Retry-After`` or the backoff).
    tenacity's wait and call state are built on the first failure worth retrying: a call that
    succeeds at once never imports it. The loops build a run on a call's first failure only
    (``started``: when its first attempt began); a first attempt that answers is
    ``RetryRun.answered(None, budget)``.
    """

    def __init__(
        self,
        policy: RetryPolicy,
        *,
        operation: str,
        safe_to_repeat: bool | Callable[[], bool],
        budget: RetryBudget,
        if_unclear: str | None = None,
        started: float | None = None,
    ) -> None:
        self.policy = policy
        self.operation = operation
        self.safe_to_repeat = (
            safe_to_repeat if isinstance(safe_to_repeat, bool) else safe_to_repeat()
        )
        self.budget = budget
        self.if_unclear = if_unclear
        self.started = policy.clock() if started is None else started
        #: Every failed attempt's error, in order.
        self.failures: list[BaseException] = []
        self._retrying: _Retrying | None = None

    def failed(self, error: Exception) -> float | None:
        """An attempt raised ``error``: seconds to wait before the next, or ``None``: give up."""
        self.failures.append(error)
        policy = self.policy
        if policy.max_attempts > 1 and policy.should_retry(
            error, safe_to_repeat=self.safe_to_repeat
        ):
            if self._retrying is None:
                self._retrying = _Retrying(policy, self.budget, self.operation, self.started)
            wait = self._retrying.next_wait(error)
            if wait is not None:
                return wait
        _explain(
            error,
            policy._hint(  # pyright: ignore[reportPrivateUsage]
                error, self.failures, self.operation, self.safe_to_repeat, self.if_unclear
            ),
            attempts=len(self.failures),
        )
        return None

    def succeeded(self) -> None:
        """The attempt answered: the budget gets its refund."""
        # As botocore does: a call that succeeded after retries gives back its last retry's cost.
        last_cost = self._retrying.stop.last_cost if self._retrying is not None else 0
        self.budget.release(last_cost or NO_RETRY_INCREMENT)

    @staticmethod
    def answered(run: RetryRun | None, budget: RetryBudget) -> None:
        """An attempt answered: ``run.succeeded()``, or, with no run (the first attempt answered,
        nothing failed), the refund of a call that succeeds at once."""
        if run is None:
            budget.release(NO_RETRY_INCREMENT)
        else:
            run.succeeded()


class _Retrying:
    """tenacity's objects for the retries of one call: its call state, our wait and stop."""

    def __init__(
        self, policy: RetryPolicy, budget: RetryBudget, operation: str, started: float
    ) -> None:
        import tenacity

        self.policy = policy
        self.operation = operation
        # No Retrying object drives this state: RetryRun does (hence retry_object=None).
        self.state = tenacity.RetryCallState(None, None, (), {})  # type: ignore[arg-type]
        self.wait = _WaitRetryAfterOr(
            tenacity.wait_random_exponential(multiplier=policy.initial_delay, max=policy.max_delay),
            cap=policy.max_delay,
        )
        self.stop = _Stop(policy, budget, started=started)

    def next_wait(self, error: Exception) -> float | None:
        """The wait before the attempt after ``error``, or ``None``: stop."""
        state = self.state
        if state.outcome is not None:  # the second failure on: tenacity's next attempt
            state.prepare_for_next_attempt()
        state.set_exception((type(error), error, error.__traceback__))
        # tenacity's order: the wait first, so that the deadline can see it, then the stop.
        state.upcoming_sleep = wait = self.wait(state)
        if self.stop(state):
            return None
        # One line, no request body: these land in application logs.
        logger.info(
            "pinpoint %s: attempt %d of %d failed (%s); retrying in %.2fs",
            self.operation,
            state.attempt_number,
            self.policy.max_attempts,
            _error_code(error),
            wait,
        )
        return wait


# The wait and stop below are plain callables, which tenacity takes as well as its own
# ``wait_base``/``stop_base`` (they only add ``+``/``|`` composition, unused here): subclassing
# those would import tenacity with this module.
class _WaitRetryAfterOr:
    """The service's ``Retry-After`` (capped) when it sent one, the backoff otherwise."""

    def __init__(self, backoff: Callable[[tenacity.RetryCallState], float], *, cap: float) -> None:
        self.backoff = backoff
        self.cap = cap

    def __call__(self, retry_state: tenacity.RetryCallState) -> float:
        outcome = retry_state.outcome
        error = outcome.exception() if outcome is not None else None
        hinted = retry_after(error) if error is not None else None
        if hinted is not None:
            return min(hinted, self.cap)
        return self.backoff(retry_state)


class _Stop:
    """Give up after ``max_attempts``, before a wait that would pass the deadline, or when the
    budget cannot pay for the retry. The budget is asked last, so tokens are only taken for a
    retry that will happen."""

    def __init__(self, policy: RetryPolicy, budget: RetryBudget, *, started: float) -> None:
        self.policy = policy
        self.budget = budget
        self.started = started
        #: What the last retry took from the budget (given back if the call then succeeds).
        self.last_cost = 0

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
        cost = self.budget.cost_of(error) if error is not None else RETRY_COST
        if not self.budget.try_acquire(cost):
            logger.info(
                "pinpoint: retry budget exhausted (%d of %d tokens left); not retrying",
                self.budget.available,
                self.budget.capacity,
            )
            return True
        self.last_cost = cost
        return False
