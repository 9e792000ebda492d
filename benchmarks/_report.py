"""What a benchmark hands back: tables, budget verdicts and notes, as terminal text or Markdown."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from benchmarks._timing import Machine

__all__ = ["Section", "Table", "Verdict"]


@dataclass(frozen=True)
class Verdict:
    """One budget: a measured ratio against the most it may be."""

    what: str
    ratio: float
    budget: float

    @property
    def passed(self) -> bool:
        return self.ratio <= self.budget

    def text(self) -> str:
        outcome = "PASS" if self.passed else "MISS"
        return f"{self.what} = {self.ratio:.2f} (budget ≤ {self.budget:.2f}): {outcome}"


@dataclass(frozen=True)
class Table:
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


@dataclass(frozen=True)
class Section:
    """One benchmark's results; ``about`` is Markdown saying what is measured and how to run it."""

    key: str
    title: str
    about: str
    machine: Machine
    tables: Sequence[tuple[str, Table]]
    verdicts: Sequence[Verdict] = ()
    notes: Sequence[str] = field(default_factory=tuple)

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
