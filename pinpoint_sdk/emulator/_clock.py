"""``ManualClock``: the emulator's clock, moved by a test instead of by time.

``Emulator(clock=ManualClock(start))`` runs on it; ``clock.advance(timedelta(hours=1))`` or
``clock.set(moment)`` moves it and, before returning, runs everything that came due in every
emulator on that clock (campaigns and journeys: ``Emulator.run_due``), so the outbox holds what
was delivered as soon as the clock has moved, without waiting for real time.

On the system clock (``Emulator()`` without ``clock``), a ``Ticker`` runs what came due every
``TICK_SECONDS``, so a long-running emulator (``python -m pinpoint_sdk.emulator``) sends a
scheduled campaign when its time comes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

__all__ = ["TICK_SECONDS", "ManualClock", "Ticker", "system_clock"]

#: How often an emulator on the system clock runs what came due (campaigns, journey runs).
TICK_SECONDS = 1.0


def system_clock() -> datetime:
    """The current time (UTC): the emulator's clock unless it is given another."""
    return datetime.now(timezone.utc)


class ManualClock:
    """A clock that stays where it is put: call it for the time, ``advance`` or ``set`` it.

    ``start`` must be timezone-aware (the emulator writes every date in UTC).
    """

    def __init__(self, start: datetime) -> None:
        self._now = _aware(start, "start")
        self._lock = threading.Lock()
        self._listeners: list[Callable[[], None]] = []

    def __call__(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, delta: timedelta) -> datetime:
        """Move the clock forward by ``delta`` and run what came due; returns the new time."""
        if delta < timedelta(0):
            raise ValueError(f"a clock moves forward: delta must not be negative, not {delta}")
        with self._lock:
            self._now += delta
            now = self._now
        self._notify()
        return now

    def set(self, moment: datetime) -> None:
        """Put the clock at ``moment`` (forward or back) and run what came due."""
        moment = _aware(moment, "moment")
        with self._lock:
            self._now = moment
        self._notify()

    def subscribe(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` after every move (an emulator's ``run_due``)."""
        with self._lock:
            self._listeners.append(listener)

    def _notify(self) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener()

    def __repr__(self) -> str:
        return f"ManualClock({self().isoformat()})"


def _aware(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None:
        raise ValueError(
            f"{name} must be a timezone-aware datetime (datetime(..., tzinfo=timezone.utc))"
        )
    return moment


class Ticker:
    """Calls ``work`` every ``interval`` seconds in a daemon thread, between ``start`` and
    ``stop``: how an emulator on the system clock runs what comes due with nobody looking."""

    def __init__(self, work: Callable[[], None], interval: float = TICK_SECONDS) -> None:
        self._work = work
        self._interval = interval
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stopped.clear()
        self._thread = threading.Thread(
            target=self._run, name="pinpoint-emulator-clock", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        thread, self._thread = self._thread, None
        self._stopped.set()
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        while not self._stopped.wait(self._interval):
            try:
                self._work()
            except Exception:  # a bad record must not stop the clock for every other one
                continue
