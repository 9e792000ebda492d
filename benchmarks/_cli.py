"""The command line every benchmark shares: print the tables and a verdict list, optionally
refresh the docs; ``--quick`` runs each benchmark small enough for all of them to take under two
minutes."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from benchmarks._docs import DOC, write
from benchmarks._report import Section, Verdict

__all__ = ["Benchmark", "main", "verdict_lines"]


@dataclass(frozen=True)
class Benchmark:
    """A benchmark's ``run``, the keyword arguments that make it quick, and what it needs.

    ``skip`` returns why it cannot run here (a tool or package missing), or ``None``.
    """

    run: Callable[..., Section]
    quick: Mapping[str, Any] = field(default_factory=dict)
    skip: Callable[[], str | None] = lambda: None
    #: With ``--quick``, run alongside the others from the start (instruction counts: the load
    #: does not change them; it makes the others' timings less steady, which --quick accepts).
    background: bool = False
    #: False: left out of ``--quick`` (too slow for it), with this said in the verdict list.
    in_quick: bool = True


def _repeats(text: str) -> int:
    # Quartiles of the per-repeat ratios need a few repeats to mean anything.
    value = int(text)
    if value < 3:
        raise argparse.ArgumentTypeError("need at least 3 repeats")
    return value


def verdict_lines(sections: Sequence[Section]) -> list[str]:
    """One line per verdict: goal, figure, met or missed; and one per skipped benchmark."""
    lines = []
    for section in sections:
        verdicts: Sequence[Verdict] = section.verdicts
        for verdict in verdicts:
            outcome = "report" if not verdict.judged else "met" if verdict.passed else "MISSED"
            lines.append(
                f"{outcome:6}  {verdict.what}: {verdict.ratio:.{verdict.digits + 1}g} "
                f"(goal ≤ {verdict.budget:g})"
            )
        if not verdicts:
            reason = "; ".join(section.notes) or "no verdict"
            lines.append(f"skip    {section.title}: {reason}")
    return lines


def main(
    runs: Sequence[Callable[..., Section] | Benchmark], argv: Sequence[str] | None = None
) -> None:
    parser = argparse.ArgumentParser(description="Run benchmarks and print their tables.")
    parser.add_argument(
        "--repeats",
        type=_repeats,
        help="interleaved repeats per benchmark, at least 3 (default: each one's own)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="fewer repeats and smaller sizes: every verdict in under two minutes, less steady",
    )
    parser.add_argument(
        "--write-docs", action="store_true", help=f"write the results into {DOC.name}"
    )
    args = parser.parse_args(argv)
    sections = []
    skipped = []
    started = time.monotonic()
    benches = [entry if isinstance(entry, Benchmark) else Benchmark(entry) for entry in runs]
    with ThreadPoolExecutor(max_workers=1) as pool:
        behind: list[Future[Section]] = []
        for bench in sorted(benches, key=lambda b: not (args.quick and b.background)):
            reason = bench.skip()
            if args.quick and not bench.in_quick:
                reason = f"not in --quick; run python -m {bench.run.__module__}"
            if reason is not None:
                print(f"== {bench.run.__module__} ==\nskipped: {reason}\n", flush=True)
                skipped.append(f"skip    {bench.run.__module__}: {reason}")
                continue
            kwargs = dict(bench.quick) if args.quick else {}
            if args.repeats is not None:
                kwargs["repeats"] = args.repeats
            if args.quick and bench.background:
                behind.append(pool.submit(bench.run, **kwargs))
                continue
            began = time.monotonic()
            section = bench.run(**kwargs)
            print(section.text(), end="\n", flush=True)
            print(f"({time.monotonic() - began:.0f} s)\n", flush=True)
            sections.append(section)
        for future in behind:
            section = future.result()
            print(section.text(), end="\n\n", flush=True)
            sections.append(section)
    if len(runs) > 1:
        print(f"== Verdicts ({time.monotonic() - started:.0f} s in all) ==")
        print("\n".join([*verdict_lines(sections), *skipped]))
    if args.write_docs:
        print(f"wrote {write(sections)}")
