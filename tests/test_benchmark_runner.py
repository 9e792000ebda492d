"""The benchmark runner's logic (``python -m benchmarks``): reading callgrind's counts, skipping
what cannot run here, and the verdict list. Nothing is timed here."""

from __future__ import annotations

import pytest

from benchmarks._cli import Benchmark, main, verdict_lines
from benchmarks._report import Section, Verdict
from benchmarks._timing import Machine
from benchmarks._valgrind import MISSING, parse_totals

MACHINE = Machine(date="d", cpus=2, cpu_model="cpu", python="3.11", packages={})

# The head of a callgrind dump as valgrind 3.19 writes it (one dump per --dump-before hit).
DUMP = """\
# callgrind format
version: 1
creator: callgrind-3.19.0
pid: 7860
cmd:  python -c import os
part: 2

desc: Timerange: Basic block 1570563 - 1585821
desc: Trigger: --dump-before=getppid

positions: line
events: Ir
summary: 154643


totals: 154643
"""


def section(*verdicts: Verdict, notes: tuple[str, ...] = ()) -> Section:
    return Section("k", "A benchmark", "", MACHINE, tables=(), verdicts=verdicts, notes=notes)


def test_a_dump_gives_its_instruction_total() -> None:
    assert parse_totals(DUMP) == 154_643


def test_a_file_that_is_not_a_dump_is_refused() -> None:
    with pytest.raises(ValueError, match="not a callgrind dump"):
        parse_totals("events: Ir\n")


def test_each_verdict_prints_outcome_figure_and_goal() -> None:
    lines = verdict_lines([section(Verdict("a ÷ b", 0.95, 1.0), Verdict("c ÷ d", 1.2, 1.1))])
    assert lines == ["met     a ÷ b: 0.95 (goal ≤ 1)", "MISSED  c ÷ d: 1.2 (goal ≤ 1.1)"]


def test_a_section_without_verdicts_prints_why() -> None:
    assert verdict_lines([section(notes=(MISSING,))]) == [f"skip    A benchmark: {MISSING}"]


def test_a_benchmark_that_cannot_run_here_is_skipped_with_its_reason(
    capsys: pytest.CaptureFixture[str],
) -> None:
    ran: list[dict[str, object]] = []

    def run(**kwargs: object) -> Section:
        ran.append(kwargs)
        return section(Verdict("x ÷ y", 0.5, 1.0))

    main(
        [Benchmark(run, {"repeats": 3}), Benchmark(run, skip=lambda: "no tool here")],
        ["--quick"],
    )
    out = capsys.readouterr().out
    assert ran == [{"repeats": 3}]  # the quick arguments, and the skipped one never ran
    assert "met     x ÷ y: 0.5 (goal ≤ 1)" in out
    assert "skip    tests.test_benchmark_runner: no tool here" in out


def test_without_quick_a_benchmark_runs_with_its_own_defaults() -> None:
    ran: list[dict[str, object]] = []

    def run(**kwargs: object) -> Section:
        ran.append(kwargs)
        return section()

    main([Benchmark(run, {"repeats": 3})], [])
    assert ran == [{}]


def test_a_benchmark_too_slow_for_quick_is_skipped_there_and_says_how_to_run_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    ran: list[dict[str, object]] = []

    def run(**kwargs: object) -> Section:
        ran.append(kwargs)
        return section()

    main([Benchmark(run, in_quick=False)], ["--quick"])
    assert ran == []
    assert "not in --quick; run python -m tests.test_benchmark_runner" in capsys.readouterr().out


def test_paired_calls_each_side_once_per_round_in_an_order_that_varies() -> None:
    from benchmarks._paired import paired

    calls: list[str] = []
    sides = {name: (lambda name=name: calls.append(name)) for name in ("a", "b")}
    samples = paired(sides, rounds=90, blocks=9, warmup=2)
    rounds = [calls[i : i + 2] for i in range(4, len(calls), 2)]  # after 2 warm-up rounds
    assert len(rounds) == 90
    assert all(sorted(r) == ["a", "b"] for r in rounds)
    assert 10 < sum(r[0] == "a" for r in rounds) < 80  # shuffled, not alternated or fixed
    assert {len(v) for v in (*samples.wall.values(), *samples.cpu.values())} == {9}
    assert samples.calls_per_sample == {"a": 10, "b": 10}


def test_paired_refuses_too_few_blocks_or_rounds() -> None:
    from benchmarks._paired import paired

    with pytest.raises(ValueError, match="at least 3 blocks"):
        paired({"a": lambda: None}, rounds=2, blocks=3)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([7], 7.0),
        ([1, 9], 5.0),
        ([1, 5, 100], 5.0),  # a hiccup in a small block is left out
        ([100, 2, 3, 4, 0], 3.0),
        ([*range(20), 1000], 10.0),  # 21 values: 2 cut at each end
    ],
)
def test_a_blocks_figure_leaves_out_its_extremes(values: list[int], expected: float) -> None:
    from benchmarks._paired import _trimmed_mean  # pyright: ignore[reportPrivateUsage]

    assert _trimmed_mean(values) == expected


def test_runs_of_other_processes_join_block_after_block() -> None:
    from benchmarks._paired import from_json, joined, to_json
    from benchmarks._timing import Samples

    def run(a: list[float], b: list[float]) -> Samples:
        # Through JSON, as a worker process prints its run and the parent reads it.
        return from_json(
            to_json(
                Samples(
                    wall={"a": a, "b": b}, cpu={"a": a, "b": b}, calls_per_sample={"a": 3, "b": 3}
                )
            )
        )

    both = joined(run([1.0, 2.0], [2.0, 2.0]), run([3.0], [1.0]))
    assert both.wall == {"a": [1.0, 2.0, 3.0], "b": [2.0, 2.0, 1.0]}
    assert both.ratios("a", "b") == [0.5, 1.0, 3.0]  # each block against its own run's
    assert both.calls_per_sample == {"a": 6, "b": 6}
    with pytest.raises(ValueError, match="the same sides"):
        joined(run([1.0], [1.0]), from_json(to_json(Samples({"a": [1.0]}, {"a": [1.0]}, {"a": 1}))))
