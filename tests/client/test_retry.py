"""RetryPolicy on its own: which failures are retried, waits, deadline, budget, logging.

Every test of a retried call runs twice, through ``RetryPolicy.call`` (the sync client's) and
``call_async`` (the async client's), on the ``driver`` fixture: one policy, two loops that must
decide alike (issue 19, parity by construction). Neither needs aiobotocore.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import botocore.session
import pytest
from botocore.exceptions import (
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    ParamValidationError,
    ReadTimeoutError,
)
from botocore.model import OperationModel, ServiceModel
from botocore.retries.quota import RetryQuota
from botocore.retries.standard import RetryQuotaChecker

from pinpoint_sdk import errors
from pinpoint_sdk._async_retry import call_async
from pinpoint_sdk._retry import (
    NO_RETRY_INCREMENT,
    RETRY_COST,
    THROTTLING_RETRY_COST,
    RetryBudget,
    RetryPolicy,
    is_safe_to_repeat,
    makes_new_state,
    retry_after,
)
from tests.client.fakes import FakeTime, bad_request, server_error, service_error, throttled

PINPOINT: ServiceModel = botocore.session.get_session().get_service_model("pinpoint")


def operation(name: str) -> OperationModel:
    return PINPOINT.operation_model(name)


class Driver:
    """Runs a retried call through the sync loop or the async one, with the policy's fake sleep."""

    def __init__(self, kind: str) -> None:
        self.is_async = kind == "async"

    def flaky(self, failures: Iterable[BaseException], result: str = "ok") -> tuple[Any, list[int]]:
        """A call that raises each of ``failures`` in turn, then returns ``result``; counts calls."""
        pending = list(failures)
        calls: list[int] = []

        def call() -> str:
            calls.append(len(calls) + 1)
            if pending:
                raise pending.pop(0)
            return result

        if not self.is_async:
            return call, calls

        async def awaited() -> str:
            return call()

        return awaited, calls

    def call(
        self,
        p: RetryPolicy,
        fn: Any,
        *,
        operation: str,
        safe_to_repeat: bool | Callable[[], bool],
        budget: RetryBudget,
        if_unclear: str | None = None,
        **first: Any,
    ) -> str:
        options: dict[str, Any] = {
            "operation": operation,
            "safe_to_repeat": safe_to_repeat,
            "budget": budget,
            "if_unclear": if_unclear,
            **first,  # started, failed: a first attempt the caller made
        }
        if not self.is_async:
            answer: str = p.call(fn, **options)
            return answer

        async def sleep(seconds: float) -> None:
            p.sleep(seconds)

        async def main(fn: Callable[[], Awaitable[str]]) -> str:
            return await call_async(p, fn, sleep=sleep, **options)

        return asyncio.run(main(fn))


@pytest.fixture(params=["sync", "async"])
def driver(request: pytest.FixtureRequest) -> Driver:
    return Driver(request.param)


def policy(fake_time: FakeTime, **kwargs: float | int | None) -> RetryPolicy:
    return RetryPolicy(**kwargs, sleep=fake_time.sleep, clock=fake_time.clock)  # type: ignore[arg-type]


def run(
    driver: Driver,
    p: RetryPolicy,
    fn: Any,
    *,
    safe: bool,
    budget: RetryBudget | None = None,
) -> str:
    return driver.call(
        p, fn, operation="GetCampaign", safe_to_repeat=safe, budget=budget or RetryBudget()
    )


def test_defaults_match_the_contract() -> None:
    assert RetryPolicy() == RetryPolicy(
        max_attempts=5, initial_delay=0.1, max_delay=20.0, deadline=None
    )


def test_policy_is_frozen() -> None:
    with pytest.raises(AttributeError):
        RetryPolicy().max_attempts = 2  # type: ignore[misc]


def test_max_attempts_must_allow_the_first_call() -> None:
    with pytest.raises(ValueError, match="max_attempts"):
        RetryPolicy(max_attempts=0)


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("GetCampaign", True),  # GET
        ("DeleteCampaign", True),  # DELETE
        ("UpdateEndpoint", True),  # PUT that overwrites the same state
        ("UpdateApplicationSettings", True),
        ("CreateCampaign", False),  # POST
        ("SendMessages", False),
        ("UpdateCampaign", False),  # PUT that makes a new version and reschedules
    ],
)
def test_safe_to_repeat_follows_the_service_model(name: str, safe: bool) -> None:
    assert is_safe_to_repeat(operation(name)) is safe


def test_the_puts_that_make_something_new_each_time() -> None:
    # Derived from the model by the rule in _retry's docstring; a change here is a decision.
    puts = [operation(n) for n in PINPOINT.operation_names if operation(n).http["method"] == "PUT"]
    assert [op.name for op in puts if makes_new_state(op)] == [
        "UpdateCampaign",  # answers with a versioned resource, writes a schedule
        "UpdateEmailTemplate",  # CreateNewVersion
        "UpdateInAppTemplate",
        "UpdateJourney",  # writes a schedule
        "UpdatePushTemplate",
        "UpdateSegment",  # answers with a versioned resource
        "UpdateSmsTemplate",
        "UpdateVoiceTemplate",
    ]


@pytest.mark.parametrize(
    ("params", "safe"),
    [({"CreateNewVersion": True}, False), ({"CreateNewVersion": False}, True), ({}, True)],
)
def test_a_template_update_is_safe_unless_it_creates_a_version(
    params: dict[str, bool], safe: bool
) -> None:
    update = operation("UpdateEmailTemplate")
    assert is_safe_to_repeat(update, {"TemplateName": "t", **params}) is safe


def test_throttled_twice_then_success(driver: Driver, fake_time: FakeTime) -> None:
    call, calls = driver.flaky([throttled(), throttled()])
    assert run(driver, policy(fake_time), call, safe=False) == "ok"
    assert len(calls) == 3
    assert len(fake_time.sleeps) == 2


def test_throttled_until_attempts_run_out_raises_the_typed_error(
    driver: Driver, fake_time: FakeTime
) -> None:
    call, calls = driver.flaky([throttled() for _ in range(10)])
    with pytest.raises(errors.TooManyRequestsException):
        run(driver, policy(fake_time, max_attempts=3), call, safe=True)
    assert len(calls) == 3


def test_server_error_is_not_retried_when_not_safe_to_repeat(
    driver: Driver, fake_time: FakeTime
) -> None:
    call, calls = driver.flaky([server_error()])
    with pytest.raises(errors.InternalServerErrorException):
        run(driver, policy(fake_time), call, safe=False)
    assert calls == [1]


def test_server_error_is_retried_when_safe_to_repeat(driver: Driver, fake_time: FakeTime) -> None:
    call, calls = driver.flaky([server_error()])
    assert run(driver, policy(fake_time), call, safe=True) == "ok"
    assert len(calls) == 2


@pytest.mark.parametrize("safe", [True, False])
def test_client_errors_are_never_retried(driver: Driver, fake_time: FakeTime, safe: bool) -> None:
    call, calls = driver.flaky([bad_request()])
    with pytest.raises(errors.BadRequestException):
        run(driver, policy(fake_time), call, safe=safe)
    assert calls == [1]


@pytest.mark.parametrize(
    "error",
    [
        EndpointConnectionError(endpoint_url="https://x"),
        ConnectTimeoutError(endpoint_url="https://x"),
    ],
)
@pytest.mark.parametrize("safe", [True, False])
def test_connection_that_never_opened_is_retried_for_every_operation(
    driver: Driver, fake_time: FakeTime, error: BaseException, safe: bool
) -> None:
    call, calls = driver.flaky([error])
    assert run(driver, policy(fake_time), call, safe=safe) == "ok"
    assert len(calls) == 2


@pytest.mark.parametrize(
    "error",
    [ReadTimeoutError(endpoint_url="https://x"), ConnectionClosedError(endpoint_url="https://x")],
)
def test_dropped_connection_is_retried_only_when_safe(
    driver: Driver, fake_time: FakeTime, error: BaseException
) -> None:
    call, calls = driver.flaky([error])
    assert run(driver, policy(fake_time), call, safe=True) == "ok"
    call, calls = driver.flaky([error])
    with pytest.raises(type(error)):
        run(driver, policy(fake_time), call, safe=False)
    assert calls == [1]


@pytest.mark.parametrize("error", [NoCredentialsError(), ParamValidationError(report="bad")])
def test_local_errors_are_not_retried(
    driver: Driver, fake_time: FakeTime, error: BaseException
) -> None:
    call, calls = driver.flaky([error])
    with pytest.raises(type(error)):
        run(driver, policy(fake_time), call, safe=True)
    assert calls == [1]


def test_waits_grow_exponentially_with_full_jitter_and_a_cap(
    driver: Driver, fake_time: FakeTime
) -> None:
    call, _ = driver.flaky([throttled() for _ in range(9)])
    run(
        driver,
        policy(fake_time, max_attempts=10, initial_delay=0.5, max_delay=3.0),
        call,
        safe=True,
    )
    for attempt, slept in enumerate(fake_time.sleeps, start=1):
        assert 0 <= slept <= min(3.0, 0.5 * 2 ** (attempt - 1))


def test_deadline_stops_before_a_wait_that_would_pass_it(
    driver: Driver, fake_time: FakeTime
) -> None:
    # Every answer asks for 4 s; with a 10 s deadline, two waits fit and the third does not.
    call, calls = driver.flaky([throttled({"retry-after": "4"}) for _ in range(10)])
    with pytest.raises(errors.TooManyRequestsException):
        run(driver, policy(fake_time, max_attempts=10, deadline=10.0), call, safe=True)
    assert fake_time.sleeps == [4.0, 4.0]
    assert len(calls) == 3
    assert fake_time.now <= 10.0


def test_a_first_attempt_the_caller_made_is_taken_as_the_loops_own(
    driver: Driver, fake_time: FakeTime
) -> None:
    # The clients make a call's first attempt themselves and hand its error to the loop: it is
    # counted as an attempt, and the deadline runs from when it began (``started``), not from
    # when the loop was entered. Here it began at 100 and failed at 106 asking for 4 s: the wait
    # ends at the deadline (110) and is made; the next would pass it.
    fake_time.now = 106.0
    call, calls = driver.flaky([throttled({"retry-after": "4"}) for _ in range(10)])
    with pytest.raises(errors.TooManyRequestsException) as caught:
        driver.call(
            policy(fake_time, max_attempts=10, deadline=10.0),
            call,
            operation="GetCampaign",
            safe_to_repeat=True,
            budget=RetryBudget(),
            started=100.0,
            failed=throttled({"retry-after": "4"}),
        )
    assert fake_time.sleeps == [4.0]
    assert len(calls) == 1
    assert caught.value.attempts == 2


def test_retry_after_header_is_honoured(driver: Driver, fake_time: FakeTime) -> None:
    call, _ = driver.flaky([throttled({"Retry-After": "2"})])
    run(driver, policy(fake_time), call, safe=False)
    assert fake_time.sleeps == [2.0]


def test_amz_retry_after_header_is_in_milliseconds(driver: Driver, fake_time: FakeTime) -> None:
    call, _ = driver.flaky([throttled({"x-amz-retry-after": "1500"})])
    run(driver, policy(fake_time), call, safe=False)
    assert fake_time.sleeps == [1.5]


def test_retry_after_is_capped_by_max_delay(driver: Driver, fake_time: FakeTime) -> None:
    call, _ = driver.flaky([throttled({"retry-after": "3600"})])
    run(driver, policy(fake_time, max_delay=5.0), call, safe=False)
    assert fake_time.sleeps == [5.0]


def test_retry_after_ignores_garbage() -> None:
    assert retry_after(throttled({"retry-after": "soon"})) is None


@pytest.mark.skipif(
    not hasattr(RetryQuotaChecker, "_THROTTLING_RETRY_COST"),
    reason="this botocore predates the standard-mode prices the budget follows (botocore 1.44)",
)
def test_budget_prices_are_botocores() -> None:
    assert RETRY_COST == RetryQuotaChecker._RETRY_COST
    assert THROTTLING_RETRY_COST == RetryQuotaChecker._THROTTLING_RETRY_COST
    assert NO_RETRY_INCREMENT == RetryQuotaChecker._NO_RETRY_INCREMENT
    assert RetryBudget().capacity == RetryQuota.INITIAL_CAPACITY == 500


def test_a_call_that_succeeds_at_once_gives_one_token_back(driver: Driver) -> None:
    budget = RetryBudget()
    assert budget.try_acquire(100)
    call, _ = driver.flaky([])
    run(driver, RetryPolicy(), call, safe=True, budget=budget)
    assert budget.available == 500 - 100 + 1


@pytest.mark.parametrize("safe", [True, False])
def test_safe_to_repeat_as_a_function_is_asked_on_the_first_failure_only(
    driver: Driver, fake_time: FakeTime, safe: bool
) -> None:
    # The clients pass it so: working out whether a PUT is safe costs a call that answers nothing.
    asked: list[bool] = []

    def safe_to_repeat() -> bool:
        asked.append(safe)
        return safe

    def call(fn: Any) -> str:
        p, budget = policy(fake_time), RetryBudget()
        return driver.call(
            p, fn, operation="GetCampaign", safe_to_repeat=safe_to_repeat, budget=budget
        )

    answering, _ = driver.flaky([])
    call(answering)
    assert asked == []
    unclear = [service_error("InternalServerErrorException", 500)] * 2
    failing, calls = driver.flaky(unclear)
    outcome = _outcome(lambda: call(failing))
    assert asked == [safe]  # once, however many attempts follow
    expected = ("ok", 3) if safe else ("InternalServerErrorException", 1)
    assert (outcome, len(calls)) == expected


def _outcome(call: Callable[[], str]) -> str:
    try:
        return call()
    except errors.PinpointError as error:
        return type(error).__name__


def test_each_retry_costs_fourteen_and_success_gives_back_the_last_one(
    driver: Driver, fake_time: FakeTime
) -> None:
    budget = RetryBudget()
    call, _ = driver.flaky([server_error(), server_error()])
    run(driver, policy(fake_time), call, safe=True, budget=budget)
    assert budget.available == 500 - 14 - 14 + 14


def test_a_retry_after_a_throttle_costs_five(driver: Driver, fake_time: FakeTime) -> None:
    budget = RetryBudget()
    call, _ = driver.flaky([throttled(), server_error()])
    run(driver, policy(fake_time), call, safe=True, budget=budget)
    assert budget.available == 500 - 5 - 14 + 14


def test_a_retry_after_a_timeout_costs_fourteen(driver: Driver, fake_time: FakeTime) -> None:
    budget = RetryBudget()
    call, _ = driver.flaky([ReadTimeoutError(endpoint_url="https://x")] * 2)
    with pytest.raises(ReadTimeoutError):
        run(driver, policy(fake_time, max_attempts=2), call, safe=True, budget=budget)
    assert budget.available == 500 - 14  # failed: nothing given back


def test_exhausted_budget_stops_retries(driver: Driver, fake_time: FakeTime) -> None:
    budget = RetryBudget(capacity=12)  # room for two throttled retries of 5
    call, calls = driver.flaky([throttled() for _ in range(10)])
    with pytest.raises(errors.TooManyRequestsException):
        run(driver, policy(fake_time, max_attempts=10), call, safe=True, budget=budget)
    assert len(calls) == 3
    assert budget.available == 2


def test_budget_never_exceeds_capacity() -> None:
    budget = RetryBudget()
    budget.release(14)
    assert budget.available == 500


def test_the_error_states_the_sdks_attempts(driver: Driver, fake_time: FakeTime) -> None:
    call, _ = driver.flaky([throttled() for _ in range(3)])
    with pytest.raises(errors.TooManyRequestsException) as caught:
        run(driver, policy(fake_time, max_attempts=3), call, safe=True)
    assert caught.value.attempts == 3
    assert "(3 attempts)" in str(caught.value)
    assert "reached max retries" not in str(caught.value)


def test_an_unclear_failure_not_retried_says_what_to_check(
    driver: Driver, fake_time: FakeTime
) -> None:
    call, calls = driver.flaky([service_error("InternalServerErrorException", 500)])
    with pytest.raises(errors.InternalServerErrorException) as caught:
        driver.call(
            RetryPolicy(sleep=fake_time.sleep, clock=fake_time.clock),
            call,
            operation="UpdateCampaign",
            safe_to_repeat=False,
            budget=RetryBudget(),
            if_unclear="read the campaign's version",
        )
    assert calls == [1]
    assert caught.value.may_have_been_applied
    assert caught.value.hint == "read the campaign's version"
    assert str(caught.value).endswith("read the campaign's version")


def test_a_refused_call_is_not_marked_as_maybe_applied(driver: Driver, fake_time: FakeTime) -> None:
    call, _ = driver.flaky([bad_request()])
    with pytest.raises(errors.BadRequestException) as caught:
        run(driver, policy(fake_time), call, safe=False)
    assert not caught.value.may_have_been_applied
    assert caught.value.hint is None


def test_a_dropped_connection_not_retried_carries_the_hint(
    driver: Driver, fake_time: FakeTime
) -> None:
    dropped = errors.from_botocore(ConnectionClosedError(endpoint_url="https://x"), "GetCampaign")
    call, _ = driver.flaky([dropped])
    with pytest.raises(ConnectionClosedError) as caught:
        run(driver, policy(fake_time), call, safe=False)
    assert caught.value is dropped
    assert dropped.may_have_been_applied
    assert dropped.hint is not None
    assert dropped.hint.startswith("GetCampaign may have been applied")
    assert str(dropped).endswith(dropped.hint)


def test_a_delete_whose_retry_finds_nothing_says_it_may_have_deleted_it(
    driver: Driver, fake_time: FakeTime
) -> None:
    not_found = service_error("NotFoundException", 404, operation="DeleteCampaign")
    call, calls = driver.flaky([ReadTimeoutError(endpoint_url="https://x"), not_found])
    with pytest.raises(errors.NotFoundException) as caught:
        driver.call(
            policy(fake_time),
            call,
            operation="DeleteCampaign",
            safe_to_repeat=True,
            budget=RetryBudget(),
        )
    assert len(calls) == 2
    assert caught.value.may_have_been_applied
    assert "may be what deleted it" in str(caught.value)


def test_a_plain_not_found_on_delete_is_not_marked(driver: Driver, fake_time: FakeTime) -> None:
    not_found = service_error("NotFoundException", 404, operation="DeleteCampaign")
    call, _ = driver.flaky([not_found])
    with pytest.raises(errors.NotFoundException) as caught:
        driver.call(
            policy(fake_time),
            call,
            operation="DeleteCampaign",
            safe_to_repeat=True,
            budget=RetryBudget(),
        )
    assert not caught.value.may_have_been_applied


def test_each_retry_logs_one_line_without_the_body(
    driver: Driver, fake_time: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="pinpoint_sdk")
    call, _ = driver.flaky([throttled({"retry-after": "1"})])
    run(driver, policy(fake_time), call, safe=True)
    (record,) = caplog.records
    assert record.name == "pinpoint_sdk"
    message = record.getMessage()
    assert "GetCampaign" in message
    assert "attempt 1 of 5" in message
    assert "TooManyRequestsException" in message
    assert "1.00s" in message


def test_should_retry_can_be_overridden(driver: Driver, fake_time: FakeTime) -> None:
    class NeverRetry(RetryPolicy):
        def should_retry(self, error: BaseException, *, safe_to_repeat: bool) -> bool:
            return False

    call, calls = driver.flaky([throttled()])
    with pytest.raises(errors.TooManyRequestsException):
        run(driver, NeverRetry(sleep=fake_time.sleep, clock=fake_time.clock), call, safe=True)
    assert calls == [1]


def test_the_default_sleep_can_be_patched(monkeypatch: pytest.MonkeyPatch) -> None:
    # The sync client's default sleep (the async client's is asyncio.sleep).
    driver = Driver("sync")
    slept: list[float] = []
    monkeypatch.setattr("time.sleep", slept.append)
    call, _ = driver.flaky([throttled({"retry-after": "1"})])
    run(driver, RetryPolicy(), call, safe=True)
    assert slept == [1.0]
