from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

from pinpoint_sdk.emulator import Emulator
from tests.client.fakes import FakeTime

_BASE = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", _BASE, max_examples=30)
# CI: fewer examples per shape (there are 459 shapes), and a fixed seed so a red run reproduces.
settings.register_profile("ci", _BASE, max_examples=12, derandomize=True)
settings.register_profile("fast", _BASE, max_examples=3)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture
def fake_time() -> FakeTime:
    """A clock that only moves when slept on: inject into ``RetryPolicy(sleep=, clock=)``."""
    return FakeTime()


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    """One emulator per test module; tests stay apart by creating their own apps."""
    with Emulator() as running:
        yield running
