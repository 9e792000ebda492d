"""The command line every benchmark shares: print the table, optionally refresh the docs."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

from benchmarks._docs import DOC, write
from benchmarks._report import Section

__all__ = ["main"]


def _repeats(text: str) -> int:
    # Quartiles of the per-repeat ratios need a few repeats to mean anything.
    value = int(text)
    if value < 3:
        raise argparse.ArgumentTypeError("need at least 3 repeats")
    return value


def main(runs: Sequence[Callable[..., Section]], argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run benchmarks and print their tables.")
    parser.add_argument(
        "--repeats",
        type=_repeats,
        help="interleaved repeats per benchmark, at least 3 (default: each one's own)",
    )
    parser.add_argument(
        "--write-docs", action="store_true", help=f"write the results into {DOC.name}"
    )
    args = parser.parse_args(argv)
    sections = []
    for run in runs:
        section = run() if args.repeats is None else run(repeats=args.repeats)
        print(section.text(), end="\n\n", flush=True)
        sections.append(section)
    if args.write_docs:
        print(f"wrote {write(sections)}")
