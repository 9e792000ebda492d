"""RetryPolicy on its own: which failures are retried, waits, deadline, budget, logging."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

import pytest
from botocore.exceptions import (
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    ParamValidationError,
    ReadTimeoutError,
)

from pinpoint_sdk import errors
from pinpoint_sdk._retry import RetryBudget, RetryPolicy, is_safe_to_repeat, retry_after
from tests.client.fakes import FakeTime, bad_request, server_error, throttled


def flaky(
    failures: Iterable[BaseException], result: str = "ok"
) -> tuple[Callable[[], str], list[int]]:
    """A call that raises each of ``failures`` in turn, then returns ``result``; counts calls."""
    pending = list(failures)
    calls: list[int] = []

    def call() -> str:
        calls.append(len(calls) + 1)
        if pending:
            raise pending.pop(0)
        return result

    return call, calls


def policy(fake_time: FakeTime, **kwargs: float | int | None) -> RetryPolicy:
    return RetryPolicy(**kwargs, sleep=fake_time.sleep, clock=fake_time.clock)  # type: ignore[arg-type]


def run(
    p: RetryPolicy, fn: Callable[[], str], *, safe: bool, budget: RetryBudget | None = None
) -> str:
    return p.call(fn, operation="GetCampaign", safe_to_repeat=safe, budget=budget or RetryBudget())


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
    ("method", "safe"),
    [("GET", True), ("PUT", True), ("DELETE", True), ("POST", False), ("PATCH", False)],
)
def test_safe_to_repeat_follows_the_http_method(method: str, safe: bool) -> None:
    assert is_safe_to_repeat(method) is safe


def test_throttled_twice_then_success(fake_time: FakeTime) -> None:
    call, calls = flaky([throttled(), throttled()])
    assert run(policy(fake_time), call, safe=False) == "ok"
    assert len(calls) == 3
    assert len(fake_time.sleeps) == 2


def test_throttled_until_attempts_run_out_raises_the_typed_error(fake_time: FakeTime) -> None:
    call, calls = flaky([throttled() for _ in range(10)])
    with pytest.raises(errors.TooManyRequestsException):
        run(policy(fake_time, max_attempts=3), call, safe=True)
    assert len(calls) == 3


def test_server_error_is_not_retried_when_not_safe_to_repeat(fake_time: FakeTime) -> None:
    call, calls = flaky([server_error()])
    with pytest.raises(errors.InternalServerErrorException):
        run(policy(fake_time), call, safe=False)
    assert calls == [1]


def test_server_error_is_retried_when_safe_to_repeat(fake_time: FakeTime) -> None:
    call, calls = flaky([server_error()])
    assert run(policy(fake_time), call, safe=True) == "ok"
    assert len(calls) == 2


@pytest.mark.parametrize("safe", [True, False])
def test_client_errors_are_never_retried(fake_time: FakeTime, safe: bool) -> None:
    call, calls = flaky([bad_request()])
    with pytest.raises(errors.BadRequestException):
        run(policy(fake_time), call, safe=safe)
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
    fake_time: FakeTime, error: BaseException, safe: bool
) -> None:
    call, calls = flaky([error])
    assert run(policy(fake_time), call, safe=safe) == "ok"
    assert len(calls) == 2


@pytest.mark.parametrize(
    "error",
    [ReadTimeoutError(endpoint_url="https://x"), ConnectionClosedError(endpoint_url="https://x")],
)
def test_dropped_connection_is_retried_only_when_safe(
    fake_time: FakeTime, error: BaseException
) -> None:
    call, calls = flaky([error])
    assert run(policy(fake_time), call, safe=True) == "ok"
    call, calls = flaky([error])
    with pytest.raises(type(error)):
        run(policy(fake_time), call, safe=False)
    assert calls == [1]


@pytest.mark.parametrize("error", [NoCredentialsError(), ParamValidationError(report="bad")])
def test_local_errors_are_not_retried(fake_time: FakeTime, error: BaseException) -> None:
    call, calls = flaky([error])
    with pytest.raises(type(error)):
        run(policy(fake_time), call, safe=True)
    assert calls == [1]


def test_waits_grow_exponentially_with_full_jitter_and_a_cap(fake_time: FakeTime) -> None:
    call, _ = flaky([throttled() for _ in range(9)])
    run(policy(fake_time, max_attempts=10, initial_delay=0.5, max_delay=3.0), call, safe=True)
    for attempt, slept in enumerate(fake_time.sleeps, start=1):
        assert 0 <= slept <= min(3.0, 0.5 * 2 ** (attempt - 1))


def test_deadline_stops_before_a_wait_that_would_pass_it(fake_time: FakeTime) -> None:
    # Every answer asks for 4 s; with a 10 s deadline, two waits fit and the third does not.
    call, calls = flaky([throttled({"retry-after": "4"}) for _ in range(10)])
    with pytest.raises(errors.TooManyRequestsException):
        run(policy(fake_time, max_attempts=10, deadline=10.0), call, safe=True)
    assert fake_time.sleeps == [4.0, 4.0]
    assert len(calls) == 3
    assert fake_time.now <= 10.0


def test_retry_after_header_is_honoured(fake_time: FakeTime) -> None:
    call, _ = flaky([throttled({"Retry-After": "2"})])
    run(policy(fake_time), call, safe=False)
    assert fake_time.sleeps == [2.0]


def test_amz_retry_after_header_is_in_milliseconds(fake_time: FakeTime) -> None:
    call, _ = flaky([throttled({"x-amz-retry-after": "1500"})])
    run(policy(fake_time), call, safe=False)
    assert fake_time.sleeps == [1.5]


def test_retry_after_is_capped_by_max_delay(fake_time: FakeTime) -> None:
    call, _ = flaky([throttled({"retry-after": "3600"})])
    run(policy(fake_time, max_delay=5.0), call, safe=False)
    assert fake_time.sleeps == [5.0]


def test_retry_after_ignores_garbage() -> None:
    assert retry_after(throttled({"retry-after": "soon"})) is None


def test_budget_pays_for_each_retry_and_refunds_on_success(fake_time: FakeTime) -> None:
    budget = RetryBudget()
    call, _ = flaky([throttled(), throttled()])
    run(policy(fake_time), call, safe=True, budget=budget)
    assert budget.available == 500 - 2 * 5 + 1


def test_timeouts_cost_more(fake_time: FakeTime) -> None:
    budget = RetryBudget()
    call, _ = flaky([ReadTimeoutError(endpoint_url="https://x")])
    run(policy(fake_time), call, safe=True, budget=budget)
    assert budget.available == 500 - 10 + 1


def test_exhausted_budget_stops_retries(fake_time: FakeTime) -> None:
    budget = RetryBudget(capacity=12)  # room for two retries of 5
    call, calls = flaky([throttled() for _ in range(10)])
    with pytest.raises(errors.TooManyRequestsException):
        run(policy(fake_time, max_attempts=10), call, safe=True, budget=budget)
    assert len(calls) == 3
    assert budget.available == 2


def test_budget_never_exceeds_capacity() -> None:
    budget = RetryBudget()
    budget.refund()
    assert budget.available == 500


def test_each_retry_logs_one_line_without_the_body(
    fake_time: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="pinpoint_sdk")
    call, _ = flaky([throttled({"retry-after": "1"})])
    run(policy(fake_time), call, safe=True)
    (record,) = caplog.records
    assert record.name == "pinpoint_sdk"
    message = record.getMessage()
    assert "GetCampaign" in message
    assert "attempt 1 of 5" in message
    assert "TooManyRequestsException" in message
    assert "1.00s" in message


def test_should_retry_can_be_overridden(fake_time: FakeTime) -> None:
    class NeverRetry(RetryPolicy):
        def should_retry(self, error: BaseException, *, safe_to_repeat: bool) -> bool:
            return False

    call, calls = flaky([throttled()])
    with pytest.raises(errors.TooManyRequestsException):
        run(NeverRetry(sleep=fake_time.sleep, clock=fake_time.clock), call, safe=True)
    assert calls == [1]


def test_the_default_sleep_can_be_patched(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr("time.sleep", slept.append)
    call, _ = flaky([throttled({"retry-after": "1"})])
    run(RetryPolicy(), call, safe=True)
    assert slept == [1.0]
