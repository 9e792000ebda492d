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

from benchmarks._canned import save_answer
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
#: Calls counted per side and run, after ``WARMUP`` uncounted ones (``--quick``: fewer; the
#: count per call is the same to a few hundredths of a percent).
WARMUP = 50
CALLS = 20
QUICK_WARMUP = 10
QUICK_CALLS = 5

#: A context side: the raw client without botocore's parameter validation.
UNVALIDATED = "boto3, parameter_validation=False"

_MODEL = "pinpoint_sdk.models.WriteCampaignRequest(name='n')"
#: The two imports the goal compares (``--quick`` counts only these).
JUDGED_IMPORTS = ("import boto3", "sdk, first model and to_boto3")
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

- **One `get_campaign`, no socket**: a fresh interpreter builds the clients, answers every request
  from the emulator's own bytes for the quickstart's campaign (status, headers and the 876-byte
  body, saved once) through a `before-send` handler returning an `AWSResponse`, makes {WARMUP}
  uncounted calls on each side, then {CALLS} counted ones of each side in turn, each run between two
  marks (`os.getppid()`, on which callgrind dumps its counters: `--dump-before=getppid`); the
  figure is instructions per call. The sides of one comparison share a process. Sides:
  `PinpointClient(endpoint_url=...)` (the client it builds, which leaves botocore's check of a
  typed request's parameters to the converter and checks every other call) against the raw boto3
  client configured alike, botocore's check on (`benchmarks/_canned.py`); with aiobotocore
  installed, `AsyncPinpointClient` against a raw aiobotocore client the same way. The raw client
  without its check (`parameter_validation=False`) is counted for context.
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


def _counts(
    jobs: dict[tuple[str, ...], Callable[[], list[int]]], runs: int, workers: int
) -> dict[str, list[int]]:
    """Every job ``runs`` times, ``workers`` valgrind processes at a time (counts do not mind the
    load); a job counts the sides its key names, in one process."""
    keys = [(names, i) for i in range(runs) for names in jobs]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(lambda key: jobs[key[0]](), keys))
    out: dict[str, list[int]] = {name: [] for names in jobs for name in names}
    for (names, _i), values in zip(keys, results, strict=True):
        for name, value in zip(names, values, strict=True):
            out[name].append(value)
    return out


def _spread(*series: list[int]) -> str:
    """The largest difference between runs of one side, relative to its smallest count."""
    if min(len(values) for values in series) < 2:
        return "(one run)"
    worst = max((max(values) - min(values)) / min(values) for values in series)
    return f"{worst * 100:.3f}%"


def _ratio_row(
    label: str, counts: dict[str, list[int]], side: str, base: str, per: float
) -> tuple[str, ...]:
    ratios = [s / b for s, b in zip(counts[side], counts[base], strict=True)]
    return (
        label,
        ", ".join(f"{v / per / 1e6:.3f} M" for v in counts[base]),
        ", ".join(f"{v / per / 1e6:.3f} M" for v in counts[side]),
        ", ".join(f"{r:.3f}" for r in ratios),
        _spread(counts[side], counts[base]),
    )


def run(
    repeats: int = 2, *, runs: int | None = None, workers: int = 2, quick: bool = False
) -> Section:
    """``runs`` (default: 2) processes per figure (``repeats`` stands for it on the command line),
    ``workers`` valgrind processes at a time; ``quick``: ``QUICK_WARMUP`` warm-up and
    ``QUICK_CALLS`` counted calls per side instead of ``WARMUP`` and ``CALLS``."""
    runs = runs if runs is not None else min(repeats, 2)
    warmup, calls = (QUICK_WARMUP, QUICK_CALLS) if quick else (WARMUP, CALLS)
    if not available():
        return Section(KEY, "Instructions", ABOUT, machine(), tables=(), notes=(MISSING,))
    with tempfile.TemporaryDirectory() as tmp:
        answer = Path(tmp) / "answer.json"
        with emulator_url("in-process") as url:
            save_answer(url, answer)
        groups = [("boto3", "sdk") + ((UNVALIDATED,) if runs > 1 else ())]
        if _async_available():
            groups.append(("aiobotocore", "async sdk"))
        jobs: dict[tuple[str, ...], Callable[[], list[int]]] = {
            group: (
                lambda group=group: count_marked(  # type: ignore[misc]
                    ["-m", "benchmarks._canned", str(answer), str(warmup), str(calls), *group],
                    len(group),
                )
            )
            for group in groups
        }
        imports = IMPORTS if runs > 1 else {k: IMPORTS[k] for k in JUDGED_IMPORTS}
        jobs |= {
            (name,): (lambda code=code: [count_process(code)])  # type: ignore[misc]
            for name, code in imports.items()
        }
        counts = _counts(jobs, runs, workers)

    def ratio(side: str, base: str) -> float:
        return max(s / b for s, b in zip(counts[side], counts[base], strict=True))

    compared = [("get_campaign, sync: sdk ÷ boto3", "sdk", "boto3")]
    if "aiobotocore" in counts:
        compared.append(("get_campaign, async: sdk ÷ aiobotocore", "async sdk", "aiobotocore"))
    verdicts = [Verdict(what, ratio(side, base), CALL_BUDGET) for what, side, base in compared]
    verdicts.append(
        Verdict(
            "import: (sdk, first model and to_boto3) ÷ import boto3",
            ratio("sdk, first model and to_boto3", "import boto3"),
            IMPORT_BUDGET,
        )
    )
    header = ("instructions", "baseline", "SDK", "÷ baseline", "spread between runs")
    rows = [_ratio_row(what, counts, side, base, calls) for what, side, base in compared]
    if UNVALIDATED in counts:
        rows.append(_ratio_row(f"{UNVALIDATED} ÷ boto3", counts, UNVALIDATED, "boto3", calls))
    call_table = Table(header=header, rows=rows)
    import_rows = [
        _ratio_row(f"{name} ÷ import boto3", counts, name, "import boto3", 1)
        for name in IMPORTS
        if name != "import boto3" and name in counts
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
                f"{calls} calls after {warmup} warm-up calls)",
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
