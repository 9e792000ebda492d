"""Cost per model from 10 to 1,000 items, in instructions: the scaling goal without the machine's load.

Run: ``python -m benchmarks.scaling_instructions [--write-docs]`` (needs ``valgrind``), under each
Python the goal is judged on, e.g. ``.venv-3.13/bin/python -m benchmarks.scaling_instructions``
(``make test-py V=3.13`` builds that environment).
"""

from __future__ import annotations

import gc
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchmarks._report import Section, Table, Verdict
from benchmarks._timing import machine
from benchmarks._valgrind import MISSING, available, count_marked, mark
from benchmarks.scaling import BUDGET, JUDGED_FROM, SIZES

__all__ = ["KEY", "run"]

KEY = "scaling_instructions"
#: Reads of the small answers per count: the collector's passes are paid every 700 (2,000 on
#: 3.13) tracked allocations, so one small read alone would miss its share of them.
SMALL_READS = 100
SIDES = ("campaigns", "journey")

ABOUT = f"""
What is measured: the instructions (valgrind's callgrind) of the whole read of a successful
answer, as `benchmarks/scaling.py` reads it, per model built: a `GetCampaigns` page of
{SIZES[0]} and of {SIZES[-1]:,} fully populated campaigns, a `GetJourney` answer with {SIZES[0]}
and {SIZES[-1]:,} activities. The small answers are read {SMALL_READS} times in a row, the large
ones once, each after one uncounted read; the collector stays enabled, so its passes are counted
as the read pays them. What instructions leave out is the memory: a 1,000-item read works
through tens of megabytes that do not stay in cache, which the wall-clock section includes and
which a busy machine's other processes make worse.

Run: `python -m benchmarks.scaling_instructions` under the Python to judge (add `--write-docs`).

Goal: instructions per model at {SIZES[-1]:,} items ≤ {BUDGET} x at {SIZES[0]}, judged on Python
3.12 and later; on 3.10 and 3.11 reported.
"""


def _bodies() -> list[tuple[str, bytes]]:
    """(operation, body) of each answer read, in order: built outside valgrind (it is slow)."""
    from benchmarks.scaling import _campaigns, _journey

    small, large = SIZES[0], SIZES[-1]
    return [
        ("GetCampaigns", _campaigns(small)),
        ("GetCampaigns", _campaigns(large)),
        ("GetJourney", _journey(small)),
        ("GetJourney", _journey(large)),
    ]


def child(folder: str, gc_freeze: bool = False) -> None:
    """Runs under valgrind: the reads of the bodies in ``folder`` between marks; prints the
    models each read builds. ``gc_freeze``: ``gc.freeze()`` once set up, as a batch job may."""
    from benchmarks.scaling import _models, _reader
    from pinpoint_sdk import models

    outputs = {"GetCampaigns": models.GetCampaignsResponse, "GetJourney": models.GetJourneyResponse}
    reads: list[tuple[Callable[[], object], int]] = []
    for i, operation in enumerate(("GetCampaigns",) * 2 + ("GetJourney",) * 2):
        body = (Path(folder) / f"{i}.json").read_bytes()
        reads.append(
            (_reader(operation, outputs[operation], body), SMALL_READS if i % 2 == 0 else 1)
        )
    built = [_models(read()) for read, _times in reads]  # also the uncounted first reads
    if gc_freeze:
        gc.collect()
        gc.freeze()
    for read, times in reads:
        mark()
        for _ in range(times):
            read()
    mark()
    print(json.dumps({"models": built, "reads": [times for _read, times in reads]}))


def run(repeats: int = 1, *, gc_freeze: bool = False) -> Section:
    """One count per side: the counts repeat to well under 1% (``repeats`` is ignored).
    ``gc_freeze``: the same with ``gc.freeze()`` after set-up (a separate docs section)."""
    del repeats
    if not available():
        return Section(
            KEY, "Scaling in instructions", ABOUT, machine(), tables=(), notes=(MISSING,)
        )
    import subprocess

    from benchmarks._timing import ROOT

    with tempfile.TemporaryDirectory() as folder:
        for i, (_operation, body) in enumerate(_bodies()):
            (Path(folder) / f"{i}.json").write_bytes(body)
        code = f"import benchmarks.scaling_instructions as s; s.child({folder!r}, {gc_freeze})"
        counts = count_marked(["-c", code], 4)
        # The child's own output (models per read), from a run without valgrind: the same.
        shape = json.loads(
            subprocess.run(
                [sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True
            ).stdout
        )
    per_model = [
        count / (models * reads)
        for count, models, reads in zip(counts, shape["models"], shape["reads"], strict=True)
    ]
    judged = sys.version_info >= JUDGED_FROM
    rows = []
    verdicts = []
    for i, side in enumerate(SIDES):
        small, large = per_model[2 * i], per_model[2 * i + 1]
        rows.append(
            (
                side,
                f"{shape['models'][2 * i]:,} / {shape['models'][2 * i + 1]:,}",
                f"{small:,.0f}",
                f"{large:,.0f}",
                f"{large / small:.3f}",
            )
        )
        verdicts.append(
            Verdict(
                f"instructions per model, {side}, {SIZES[-1]:,} ÷ {SIZES[0]} items "
                f"(Python {sys.version_info.major}.{sys.version_info.minor})",
                large / small,
                BUDGET,
                judged=judged,
            )
        )
    table = Table(
        header=(
            "answer",
            "models per read",
            f"per model, {SIZES[0]}",
            f"per model, {SIZES[-1]:,}",
            "÷",
        ),
        rows=rows,
    )
    return Section(
        key=f"{KEY}_gc_freeze" if gc_freeze else KEY,
        title="Scaling in instructions: cost per model from 10 to 1,000 items"
        + (" (gc.freeze() after set-up)" if gc_freeze else ""),
        about=ABOUT,
        machine=machine(),
        tables=[("Instructions per model built", table)],
        verdicts=verdicts,
    )


if __name__ == "__main__":
    import functools

    from benchmarks._cli import main

    # --gc-freeze: the same count with gc.freeze() after set-up.
    freeze = "--gc-freeze" in sys.argv
    argv = [a for a in sys.argv[1:] if a != "--gc-freeze"]
    main([functools.partial(run, gc_freeze=True) if freeze else run], argv)
