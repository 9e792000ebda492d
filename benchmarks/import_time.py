"""Start-up cost: importing the SDK and first using a model, against ``import boto3``.

Run: ``python -m benchmarks.import_time [--repeats N] [--write-docs]``.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable

from benchmarks._report import Section, Table, Verdict, comparison
from benchmarks._timing import compile_sdk, format_ms, interleave, machine

__all__ = ["BUDGET", "KEY", "SNIPPETS", "importtime", "run"]

KEY = "import"
#: The goals (issue 10): what the SDK and its first model add to a program that imports boto3,
#: and the same with the first ``to_boto3`` (which loads cattrs and builds its functions).
BUDGET = 1.15
TO_BOTO3_BUDGET = 1.25

SDK = "import pinpoint_sdk; pinpoint_sdk.models.WriteCampaignRequest(name='n')"
TO_BOTO3 = "pinpoint_sdk.to_boto3(pinpoint_sdk.models.WriteCampaignRequest(name='n'))"
#: What each side runs in a fresh interpreter.
SNIPPETS = {
    "python -c pass": "pass",
    "import boto3": "import boto3",
    "sdk": SDK,
    "boto3, then sdk": f"import boto3; {SDK}",
    "boto3, then sdk and to_boto3": f"import boto3; {SDK}; {TO_BOTO3}",
}

ABOUT = f"""
What is measured: the wall time of a fresh `python -c ...` (the benchmark's own interpreter, so the
same virtual environment), for each of

- `python -c pass`: interpreter start-up alone, for scale;
- `import boto3`;
- **sdk**: whatever `import pinpoint_sdk` imports at the time, plus the lazy load of one model
  class: `{SDK}`;
- **boto3, then sdk**: what the SDK adds to a program that already uses boto3:
  `import boto3; {SDK}`;
- **boto3, then sdk and to_boto3**: the same and the first conversion:
  `import boto3; {SDK}; {TO_BOTO3}`.

The SDK's bytecode is compiled first, as `pip install` does (an editable install run with
`PYTHONDONTWRITEBYTECODE=1` would otherwise compile the SDK from source on every import, while
boto3 loads its installed bytecode). Every side runs once per repeat, in rotating order, after one
warm-up run each; the figures are medians and the ratios medians of per-repeat ratios.
The `-X importtime` tables come from separate runs (that flag slows imports down); they show where
the SDK's import time goes, as the median of several runs.

Run: `python -m benchmarks.import_time` (add `--write-docs` to refresh this section).

Goals: what the SDK import plus a first model add to a program that imports boto3, (boto3, then
sdk) ÷ import boto3 ≤ {BUDGET:.2f}, and with the first `to_boto3` ≤ {TO_BOTO3_BUDGET:.2f}. The SDK
alone (sdk ÷ import boto3) is shown for scale.
"""


def _runner(code: str) -> Callable[[], object]:
    def run_once() -> object:
        return subprocess.run([sys.executable, "-c", code], check=True)

    return run_once


def importtime(code: str = SDK, runs: int = 5) -> dict[str, tuple[float, float]]:
    """Module -> median (self, cumulative) import time in microseconds under ``-X importtime``."""
    seen: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for _ in range(runs):
        stderr = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", code],
            check=True,
            capture_output=True,
            text=True,
        ).stderr
        for line in stderr.splitlines():
            if not line.startswith("import time:") or "self [us]" in line:
                continue
            own, cumulative, name = line.removeprefix("import time:").split("|")
            seen[name.strip()].append((int(own), int(cumulative)))
    return {
        name: (statistics.median(t[0] for t in times), statistics.median(t[1] for t in times))
        for name, times in seen.items()
    }


def _by_package(times: dict[str, tuple[float, float]]) -> dict[str, float]:
    by_package: dict[str, float] = defaultdict(float)
    for name, (own, _) in times.items():
        by_package[name.split(".")[0]] += own
    return by_package


def _importtime_tables(top: int = 12) -> list[tuple[str, Table]]:
    sdk_alone = importtime(SDK)
    boto3_alone = importtime("import boto3")
    # Modules boto3 has already loaded cost nothing more; these are what the SDK adds for a
    # program that imports boto3 anyway.
    added = importtime(f"import boto3; {SDK}")
    added = {name: t for name, t in added.items() if name not in boto3_alone}
    tables = []
    for what, times in (
        (f"`{SDK}` in a fresh interpreter", sdk_alone),
        (
            "the same after `import boto3` (only the modules boto3 had not loaded; "
            f"`import boto3` alone sums to {format_ms(sum(_by_package(boto3_alone).values()) * 1000)})",
            added,
        ),
    ):
        by_package = _by_package(times)
        total = sum(by_package.values())
        packages = sorted(by_package.items(), key=lambda item: -item[1])[:top]
        tables.append(
            (
                f"`-X importtime`, {what}: self time per top-level package "
                f"(top {top} of {format_ms(total * 1000)} in all)",
                Table(
                    header=("package", "self", "share"),
                    rows=[
                        (f"`{p}`", format_ms(us * 1000), f"{us / total:.0%}") for p, us in packages
                    ],
                ),
            )
        )
    modules = sorted(sdk_alone.items(), key=lambda item: -item[1][0])[:top]
    tables.append(
        (
            f"`-X importtime`, `{SDK}` in a fresh interpreter: the {top} modules with the most "
            "self time",
            Table(
                header=("module", "self", "cumulative"),
                rows=[
                    (f"`{name}`", format_ms(own * 1000), format_ms(cumulative * 1000))
                    for name, (own, cumulative) in modules
                ],
            ),
        )
    )
    return tables


def run(repeats: int = 30, *, details: bool = True) -> Section:
    """``details=False`` (``--quick``): the timed comparison only, no ``-X importtime`` tables."""
    compile_sdk()
    samples = interleave(
        {side: _runner(code) for side, code in SNIPPETS.items()},
        repeats=repeats,
        calls=dict.fromkeys(SNIPPETS, 1),
    )
    base = "import boto3"
    return Section(
        key=KEY,
        title="Import: `import pinpoint_sdk` and first use of a model",
        about=ABOUT,
        machine=machine(),
        tables=[
            (
                f"{repeats} interleaved repeats, one fresh interpreter per side per repeat",
                comparison(samples, base),
            ),
            *(_importtime_tables() if details else []),
        ],
        verdicts=[
            Verdict.of(
                "(boto3, then sdk) ÷ import boto3", samples, "boto3, then sdk", base, BUDGET
            ),
            Verdict.of(
                "(boto3, then sdk and to_boto3) ÷ import boto3",
                samples,
                "boto3, then sdk and to_boto3",
                base,
                TO_BOTO3_BUDGET,
            ),
        ],
    )


if __name__ == "__main__":
    from benchmarks._cli import main

    main([run])
