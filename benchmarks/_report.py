"""What a benchmark hands back: tables, budget verdicts and notes, as terminal text or Markdown."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from benchmarks._timing import Machine, Samples, format_ms

__all__ = ["Section", "Table", "Verdict", "comparison"]


def _ratio(value: float, digits: int = 2) -> str:
    # Two decimals, or two significant digits below 0.1 (a goal of 0.01 would read 0.00).
    return f"{value:.{digits}f}" if value >= 0.1 else f"{value:.2g}"


@dataclass(frozen=True)
class Verdict:
    """One budget: a measured ratio against the most it may be."""

    what: str
    ratio: float
    budget: float
    cpu_ratio: float | None = None
    #: False where the goal is not judged (a figure reported for context): REPORTED.
    judged: bool = True
    #: Decimals shown: 3 where the method resolves a 1% difference (paired calls).
    digits: int = 2

    @property
    def passed(self) -> bool:
        return self.ratio <= self.budget

    @property
    def outcome(self) -> str:
        if not self.judged:
            return "REPORTED"
        return "PASS" if self.passed else "MISS"

    def text(self) -> str:
        outcome = self.outcome
        cpu = (
            ""
            if self.cpu_ratio is None
            else f" (in CPU time {_ratio(self.cpu_ratio, self.digits)})"
        )
        figure = _ratio(self.ratio, self.digits)
        return f"{self.what} = {figure}{cpu}, budget ≤ {_ratio(self.budget)}: {outcome}"

    @classmethod
    def of(
        cls,
        what: str,
        samples: Samples,
        side: str,
        baseline: str,
        budget: float,
        judged: bool = True,
        digits: int = 2,
    ) -> Verdict:
        """Judged on wall-clock time; the CPU-time ratio is shown alongside as a cross-check."""
        return cls(
            what,
            samples.ratio(side, baseline),
            budget,
            samples.ratio(side, baseline, cpu=True),
            judged,
            digits,
        )


@dataclass(frozen=True)
class Table:
    """Rows of already formatted cells; the first column is a label, the others figures."""

    header: Sequence[str]
    rows: Sequence[Sequence[str]]

    def text(self) -> str:
        lines = [self.header, *self.rows]
        widths = [max(len(line[i]) for line in lines) for i in range(len(self.header))]

        def fmt(line: Sequence[str]) -> str:
            first, *rest = line
            cells = [first.ljust(widths[0])] + [
                c.rjust(w) for c, w in zip(rest, widths[1:], strict=True)
            ]
            return "  ".join(cells).rstrip()

        rule = "  ".join("-" * w for w in widths)
        return "\n".join([fmt(self.header), rule, *(fmt(row) for row in self.rows)])

    def markdown(self) -> str:
        align = ["---"] + ["---:"] * (len(self.header) - 1)
        lines = [self.header, align, *self.rows]
        return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def comparison(
    samples: Samples,
    baseline: str,
    *,
    unit: str = "median",
    extra: Sequence[tuple[str, float]] = (),
    digits: int = 2,
) -> Table:
    """Every side's median and its ratio to ``baseline``, in wall-clock and in CPU time.

    ``extra`` rows (label, nanoseconds) are one-off figures shown below, without ratios.
    """
    rows: list[tuple[str, ...]] = []
    for side in samples.wall:
        low, high = samples.spread(side, baseline)
        rows.append(
            (
                side,
                format_ms(samples.median(side)),
                f"{samples.ratio(side, baseline):.{digits}f}",
                "" if side == baseline else f"{low:.{digits}f}..{high:.{digits}f}",
                format_ms(samples.median(side, cpu=True)),
                f"{samples.ratio(side, baseline, cpu=True):.{digits}f}",
            )
        )
    rows += [(label, format_ms(ns), *[""] * 4) for label, ns in extra]
    return Table(
        header=(
            "side",
            unit,
            f"÷ {baseline}",
            "quartiles of ÷",
            "CPU time",
            f"CPU ÷ {baseline}",
        ),
        rows=rows,
    )


@dataclass(frozen=True)
class Section:
    """One benchmark's results; ``about`` is Markdown saying what is measured and how to run it."""

    key: str
    title: str
    about: str
    machine: Machine
    tables: Sequence[tuple[str, Table]]
    verdicts: Sequence[Verdict] = ()
    notes: Sequence[str] = ()

    def text(self) -> str:
        out = [f"== {self.title} =="]
        for caption, table in self.tables:
            out += ["", caption, table.text()]
        if self.verdicts:
            out += ["", *(v.text() for v in self.verdicts)]
        out += [*("note: " + n for n in self.notes)]
        return "\n".join(out)

    def markdown(self) -> str:
        out = [f"## {self.title}", "", self.about.strip(), ""]
        if self.verdicts:
            out += ["**Result**", ""]
            out += [f"- {v.text()}" for v in self.verdicts]
            out.append("")
        for caption, table in self.tables:
            out += [caption, "", table.markdown(), ""]
        out += [f"{n}\n" for n in self.notes]
        out += [f"_Measured {self.machine.describe()}._"]
        return "\n".join(out)
