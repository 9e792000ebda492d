"""Instructions counted by valgrind's callgrind: figures that do not move with the machine's load.

A wall clock on a shared 2-CPU machine swings by several percent from one minute to the next; the
number of instructions a piece of Python executes does not (with a fixed ``PYTHONHASHSEED`` it
repeats to well under 1%). Two ways to count are offered:

- :func:`count_process`: every instruction of a fresh interpreter running ``python -c CODE``
  (start-up and imports);
- :func:`count_marked`: only what a child runs between calls of :func:`mark` (``os.getppid``,
  which no library on these paths calls): callgrind dumps its counters each time ``getppid`` is
  entered (``--dump-before=getppid``), so each dump after the first holds exactly one span.

Valgrind slows the child down about 50 times: spans are kept short, and set-up is paid once.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from benchmarks._timing import ROOT, compile_sdk

__all__ = ["MISSING", "available", "count_marked", "count_process", "mark", "parse_totals"]

#: What a benchmark prints instead of its instruction-count verdicts where valgrind is not installed.
MISSING = (
    "skipped: valgrind is not on PATH (install it, e.g. `apt-get install valgrind`, to count "
    "instructions; the wall-clock benchmarks do not need it)"
)

_TOTALS = re.compile(r"^(?:summary|totals):\s+(\d+)", re.MULTILINE)


def available() -> bool:
    return shutil.which("valgrind") is not None


def mark() -> None:
    """A boundary of the span :func:`count_marked` counts (callgrind dumps its counters here)."""
    os.getppid()


def parse_totals(dump: str) -> int:
    """The instructions (``Ir``) a callgrind dump file counts in all."""
    found = _TOTALS.search(dump)
    if found is None:
        raise ValueError("not a callgrind dump: no 'summary:' or 'totals:' line")
    return int(found.group(1))


def _env() -> dict[str, str]:
    # A fixed hash seed: set and dict iteration order, and so the work, repeat from run to run.
    return {**os.environ, "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1"}


def _callgrind(args: Sequence[str], out: Path, extra: Sequence[str] = ()) -> None:
    command = [
        "valgrind",
        "--tool=callgrind",
        f"--callgrind-out-file={out}",
        *extra,
        sys.executable,
        *args,
    ]
    done = subprocess.run(command, cwd=ROOT, env=_env(), capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} under valgrind failed:\n{done.stderr[-2000:]}")


def count_process(code: str) -> int:
    """Instructions of a fresh ``python -c code``, start-up included (the SDK's bytecode compiled)."""
    compile_sdk()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        _callgrind(["-c", code], out)
        return parse_totals(out.read_text())


def count_marked(args: Sequence[str], spans: int) -> list[int]:
    """Instructions of each of the ``spans`` spans between ``spans + 1`` :func:`mark` calls of
    ``python args``."""
    compile_sdk()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        _callgrind(args, out, ["--dump-before=getppid"])
        # One dump per mark, of what ran since the last (out.1, out.2, ...); the rest at exit
        # (out). out.1 is the start-up and warm-up before the first mark.
        marks = len(list(Path(tmp).glob("callgrind.out.*")))
        if marks != spans + 1:
            raise RuntimeError(f"expected {spans + 1} marks in {' '.join(args)}, found {marks}")
        return [
            parse_totals((Path(tmp) / f"callgrind.out.{i}").read_text())
            for i in range(2, marks + 1)
        ]
