"""The examples in docs/emulator.md run as written."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

DOC = Path(__file__).resolve().parents[2] / "docs" / "emulator.md"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.DOTALL)


def test_the_quick_start_runs() -> None:
    namespace: dict[str, Any] = {}
    exec(python_blocks()[0], namespace)
    assert len(namespace["app"]) == 32


def test_the_fault_injection_example_runs() -> None:
    from pinpoint_sdk.emulator import Emulator

    block = next(b for b in python_blocks() if "emu.faults.fail_next" in b)
    emulator = Emulator()
    exec(block, {"emu": emulator})
    assert emulator.faults.pending() == 0  # the example ends with reset()


def test_the_campaign_clock_example_runs() -> None:
    block = next(b for b in python_blocks() if "ManualClock(" in b)
    exec(block, {})  # it asserts what the outbox holds as the clock moves
