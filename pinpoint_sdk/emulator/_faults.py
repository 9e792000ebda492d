"""Fault injection: make chosen calls fail, slow down, lose their connection or lose their answer.

Rules are matched by operation name as the service model spells it (``"GetCampaign"``) or
``"*"`` for every operation. Counted rules are used up in the order they were added.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Fault", "Faults"]

ANY_OPERATION = "*"


@dataclass(frozen=True)
class Fault:
    """What happens to one call: wait ``latency`` seconds, then fail, drop, or go on normally."""

    latency: float = 0.0
    #: Answer this HTTP status instead of serving the call (with ``code`` as the error type).
    status: int | None = None
    code: str | None = None
    message: str | None = None
    #: Close the connection without answering.
    drop: bool = False
    #: Serve the call (its effects are kept), then close the connection without answering.
    lose_answer: bool = False


@dataclass
class _Rule:
    operation: str
    remaining: int | None  # None: for ever
    latency: float = 0.0
    status: int | None = None
    code: str | None = None
    message: str | None = None
    drop: bool = False
    lose_answer: bool = False

    def matches(self, operation: str) -> bool:
        return self.operation in (ANY_OPERATION, operation) and self.remaining != 0


class Faults:
    """The fault rules of one emulator; every method is thread safe.

    >>> emu.faults.fail_next("GetCampaign", status=429, count=2)   # throttle twice
    >>> emu.faults.drop_next("CreateSegment")                      # close the socket once
    >>> emu.faults.lose_answer_next("UpdateCampaign")              # apply it, then close
    >>> emu.faults.add_latency("GetSegments", seconds=0.2)         # slow, for every call
    >>> emu.faults.reset()
    """

    def __init__(self, sleep: Callable[[float], None] = time.sleep) -> None:
        self._lock = threading.Lock()
        self._failures: list[_Rule] = []
        self._latencies: list[_Rule] = []
        self._sleep = sleep

    def fail_next(
        self,
        operation: str,
        *,
        status: int = 500,
        count: int = 1,
        code: str | None = None,
        message: str | None = None,
    ) -> None:
        """Answer the next ``count`` calls of ``operation`` with ``status`` instead of serving them.

        ``code`` is the error type sent (by default the model's error shape for that status:
        429 ``TooManyRequestsException``, 500 ``InternalServerErrorException``, ...).
        """
        if not 400 <= status <= 599:
            raise ValueError(f"status must be an HTTP error status (400-599), not {status}")
        _check_count(count)
        with self._lock:
            self._failures.append(
                _Rule(operation, count, status=status, code=code, message=message)
            )

    def drop_next(self, operation: str, *, count: int = 1) -> None:
        """Close the connection of the next ``count`` calls of ``operation`` without answering.

        The call is not served: nothing changes in the emulator's state.
        """
        _check_count(count)
        with self._lock:
            self._failures.append(_Rule(operation, count, drop=True))

    def lose_answer_next(self, operation: str, *, count: int = 1) -> None:
        """Serve the next ``count`` calls of ``operation``, then close the connection unanswered.

        The call is applied (a campaign updated, a segment created): the client sees a dropped
        connection and cannot tell whether it was. The case a retry policy must get right.
        """
        _check_count(count)
        with self._lock:
            self._failures.append(_Rule(operation, count, lose_answer=True))

    def add_latency(
        self, operation: str = ANY_OPERATION, *, seconds: float, count: int | None = None
    ) -> None:
        """Delay calls of ``operation`` by ``seconds`` before serving them (all, or ``count``)."""
        if seconds < 0:
            raise ValueError("seconds must not be negative")
        if count is not None:
            _check_count(count)
        with self._lock:
            self._latencies.append(_Rule(operation, count, latency=seconds))

    def reset(self) -> None:
        """Forget every rule."""
        with self._lock:
            self._failures.clear()
            self._latencies.clear()

    def pending(self) -> int:
        """How many counted failures and drops are still waiting to happen."""
        with self._lock:
            return sum(rule.remaining or 0 for rule in self._failures)

    def take(self, operation: str) -> Fault:
        """Use up the rules that apply to one call of ``operation`` and say what to do."""
        with self._lock:
            latency = 0.0
            for rule in self._latencies:
                if rule.matches(operation):
                    latency += rule.latency
                    _use(rule)
            for rule in self._failures:
                if rule.matches(operation):
                    _use(rule)
                    return Fault(
                        latency=latency,
                        status=rule.status,
                        code=rule.code,
                        message=rule.message,
                        drop=rule.drop,
                        lose_answer=rule.lose_answer,
                    )
            return Fault(latency=latency)

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            self._sleep(seconds)


def _use(rule: _Rule) -> None:
    if rule.remaining is not None:
        rule.remaining -= 1


def _check_count(count: int) -> None:
    if count < 1:
        raise ValueError(f"count must be at least 1, not {count}")
