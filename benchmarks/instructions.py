"""Instructions executed, counted by valgrind: the verdicts a shared machine's wall clock cannot settle.

Run: ``python -m benchmarks.instructions [--write-docs]`` (needs ``valgrind`` on PATH; the async
rows need aiobotocore: run it with ``.venv-async/bin/python``).
"""

from __future__ import annotations

import importlib.util
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks._canned import WARMUP, save_answer
from benchmarks._emulator import emulator_url
from benchmarks._report import Section, Table, Verdict
from benchmarks._timing import machine
from benchmarks._valgrind import MISSING, available, count_marked, count_process

__all__ = ["CALL_BUDGET", "IMPORT_BUDGET", "KEY", "run"]

KEY = "instructions"
#: The goals (issue 21): one typed call executes no more instructions than the raw one; the SDK's
#: import, first model and first conversion at most 10% more than ``import boto3``.
CALL_BUDGET = 1.00
IMPORT_BUDGET = 1.10
#: Calls counted per run, after ``_canned.WARMUP`` uncounted ones.
CALLS = 20

#: A context side: the raw client without botocore's parameter validation.
UNVALIDATED = "boto3, parameter_validation=False"

_MODEL = "pinpoint_sdk.models.WriteCampaignRequest(name='n')"
IMPORTS = {
    "python -c pass": "pass",
    "import boto3": "import boto3",
    "sdk, first model and to_boto3": (
        f"import pinpoint_sdk; {_MODEL}; pinpoint_sdk.to_boto3({_MODEL})"
    ),
    "boto3, then sdk, first model and to_boto3": (
        f"import boto3; import pinpoint_sdk; {_MODEL}; pinpoint_sdk.to_boto3({_MODEL})"
    ),
}

ABOUT = f"""
What is measured: instructions executed (valgrind's callgrind, `Ir`), which on one machine and
Python repeat to well under 1% whatever else the machine runs (the child runs with
`PYTHONHASHSEED=0`), where a wall clock on this shared 2-CPU machine swings by several percent.

- **One `get_campaign`, no socket**: a fresh interpreter builds the client, answers every request
  from the emulator's own bytes for the quickstart's campaign (status, headers and the 876-byte
  body, saved once) through a `before-send` handler returning an `AWSResponse`, makes {WARMUP}
  uncounted calls, then {CALLS} counted ones between two marks (`os.getppid()`, on which callgrind
  dumps its counters: `--dump-before=getppid`); the figure is instructions per call. Sides:
  `PinpointClient(endpoint_url=...)` (the client it builds: botocore's parameter validation on)
  against the raw boto3 client configured alike (`benchmarks/_canned.py`); with aiobotocore
  installed, `AsyncPinpointClient` against a raw aiobotocore client the same way.
- **Import**: every instruction of a fresh `python -c ...`, start-up included, for `import boto3`
  against `import pinpoint_sdk`, the first model and the first `to_boto3` (and the same after
  `import boto3`, what the SDK adds to a boto3 program), the SDK's bytecode compiled first.

Each figure is counted twice in separate processes (`--quick`: once) to show it repeats.

Run: `python -m benchmarks.instructions` (add `--write-docs` to refresh this section); the async
rows appear when run with `.venv-async/bin/python`.

Goals: one `get_campaign` ≤ {CALL_BUDGET:.2f} x the raw call's instructions, sync and async; the
SDK's import with its first model and `to_boto3` ≤ {IMPORT_BUDGET:.2f} x `import boto3`.
"""


def _async_available() -> bool:
    return importlib.util.find_spec("aiobotocore") is not None


def _counts(jobs: dict[str, Callable[[], int]], runs: int) -> dict[str, list[int]]:
    """Every job ``runs`` times, two valgrind processes at a time (counts do not mind the load)."""
    keys = [(name, i) for i in range(runs) for name in jobs]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda key: jobs[key[0]](), keys))
    out: dict[str, list[int]] = {name: [] for name in jobs}
    for (name, _i), value in zip(keys, results, strict=True):
        out[name].append(value)
    return out


def _spread(values: list[int]) -> str:
    low, high = min(values), max(values)
    return f"{(high - low) / low * 100:.2f}%" if len(values) > 1 else "(one run)"


def _ratio_row(
    label: str, counts: dict[str, list[int]], side: str, base: str, per: float
) -> tuple[str, ...]:
    ratios = [s / b for s, b in zip(counts[side], counts[base], strict=True)]
    return (
        label,
        ", ".join(f"{v / per / 1e6:.3f} M" for v in counts[base]),
        ", ".join(f"{v / per / 1e6:.3f} M" for v in counts[side]),
        ", ".join(f"{r:.3f}" for r in ratios),
        _spread(counts[side] + counts[base]) if len(counts[side]) > 1 else "(one run)",
    )


def run(repeats: int = 2, *, runs: int | None = None) -> Section:
    """``runs`` (default: 2) processes per figure; ``repeats`` is taken as ``runs`` by the CLI."""
    runs = runs if runs is not None else min(repeats, 2)
    if not available():
        return Section(KEY, "Instructions", ABOUT, machine(), tables=(), notes=(MISSING,))
    with tempfile.TemporaryDirectory() as tmp:
        answer = Path(tmp) / "answer.json"
        with emulator_url("in-process") as url:
            save_answer(url, answer)
        sides = ["boto3", "sdk"] + (["aiobotocore", "async sdk"] if _async_available() else [])
        if runs > 1:  # context, not a goal: what botocore's check of the parameters costs
            sides.append(UNVALIDATED)
        jobs: dict[str, Callable[[], int]] = {
            side: (
                lambda side=side: count_marked(  # type: ignore[misc]
                    ["-m", "benchmarks._canned", side, str(answer), str(CALLS)]
                )
            )
            for side in sides
        }
        jobs |= {
            name: (lambda code=code: count_process(code))  # type: ignore[misc]
            for name, code in IMPORTS.items()
        }
        counts = _counts(jobs, runs)

    def ratio(side: str, base: str) -> float:
        return max(s / b for s, b in zip(counts[side], counts[base], strict=True))

    calls = [("get_campaign, sync: sdk ÷ boto3", "sdk", "boto3")]
    if "aiobotocore" in counts:
        calls.append(("get_campaign, async: sdk ÷ aiobotocore", "async sdk", "aiobotocore"))
    verdicts = [Verdict(what, ratio(side, base), CALL_BUDGET) for what, side, base in calls]
    verdicts.append(
        Verdict(
            "import: (sdk, first model and to_boto3) ÷ import boto3",
            ratio("sdk, first model and to_boto3", "import boto3"),
            IMPORT_BUDGET,
        )
    )
    header = ("instructions", "baseline", "SDK", "÷ baseline", "spread of counts")
    rows = [_ratio_row(what, counts, side, base, CALLS) for what, side, base in calls]
    if UNVALIDATED in counts:
        rows.append(_ratio_row(f"{UNVALIDATED} ÷ boto3", counts, UNVALIDATED, "boto3", CALLS))
    call_table = Table(header=header, rows=rows)
    import_rows = [
        _ratio_row(f"{name} ÷ import boto3", counts, name, "import boto3", 1)
        for name in IMPORTS
        if name != "import boto3"
    ]
    notes = [] if "aiobotocore" in counts else ["async rows: aiobotocore is not installed here"]
    return Section(
        key=KEY,
        title="Instructions: one get_campaign and the import, counted by callgrind",
        about=ABOUT,
        machine=machine(),
        tables=[
            (
                f"Per get_campaign call (millions of instructions; {runs} process(es) per side, "
                "each figure the mean of "
                f"{CALLS} calls after {WARMUP} warm-up calls)",
                call_table,
            ),
            (
                "Import, whole process (millions of instructions, start-up included)",
                Table(header=header, rows=import_rows),
            ),
        ],
        # Judged on the higher of the runs' ratios.
        verdicts=verdicts,
        notes=notes,
    )


if __name__ == "__main__":
    from benchmarks._cli import main

    main([run])
