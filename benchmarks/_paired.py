"""Paired single calls: for one call of a few hundred microseconds, where a 1% verdict is wanted.

``interleave`` (``_timing``) times samples of about 0.2 s per side, one side after the other: on a
shared machine the load changes between two samples, and the per-repeat ratios of a call whose
two sides differ by 1% scatter by 10% or more. Here each round makes *one* call per side, in an
order shuffled by a seeded generator (no side always runs first, on caches the other warmed), so
the two calls of a round are microseconds apart. The rounds are cut into consecutive blocks; a
block's figure for a side is the trimmed mean of its calls (the slowest and fastest tenth left
out: a collection, a context switch), and a comparison is, as in ``interleave``, the median of
the per-block ratios with their quartiles as the spread. Two identical clients compared this way
(an A/A control) show what the method itself can tell apart.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Mapping, Sequence

from benchmarks._timing import Samples

__all__ = ["from_json", "joined", "merged", "paired", "to_json"]

#: The share of each block's calls left out at each end before averaging.
TRIM = 0.1


def _trimmed_mean(values: Sequence[int]) -> float:
    """The mean without the slowest and fastest tenth, and never with both extremes of 3 or more
    values (a block of 5 walks keeps the middle 3)."""
    ordered = sorted(values)
    cut = max(int(len(ordered) * TRIM), 1 if len(ordered) >= 3 else 0)
    kept = ordered[cut : len(ordered) - cut]
    return sum(kept) / len(kept)


def paired(
    sides: Mapping[str, Callable[[], object]],
    *,
    rounds: int,
    blocks: int = 9,
    warmup: int = 50,
    seed: int = 21,
) -> Samples:
    """Time ``rounds`` rounds of one call per side, in shuffled order, as ``blocks`` repeats.

    The result reads as ``interleave``'s does: one figure per block and side (nanoseconds per
    call), in wall-clock and in this process's CPU time.
    """
    if blocks < 3 or rounds < blocks:
        raise ValueError(f"need at least 3 blocks and a round per block, got {blocks}, {rounds}")
    names = list(sides)
    for _ in range(warmup):
        for name in names:
            sides[name]()
    shuffle = random.Random(seed).shuffle
    per_block = rounds // blocks
    wall: dict[str, list[float]] = {n: [] for n in names}
    cpu: dict[str, list[float]] = {n: [] for n in names}
    clock, cpu_clock = time.perf_counter_ns, time.process_time_ns
    order = names[:]
    for _ in range(blocks):
        block_wall: dict[str, list[int]] = {n: [] for n in names}
        block_cpu: dict[str, list[int]] = {n: [] for n in names}
        for _ in range(per_block):
            shuffle(order)
            for name in order:
                func = sides[name]
                cpu_start = cpu_clock()
                start = clock()
                func()
                elapsed = clock() - start
                block_cpu[name].append(cpu_clock() - cpu_start)
                block_wall[name].append(elapsed)
        for name in names:
            wall[name].append(_trimmed_mean(block_wall[name]))
            cpu[name].append(_trimmed_mean(block_cpu[name]))
    return Samples(wall=wall, cpu=cpu, calls_per_sample=dict.fromkeys(names, per_block))


def merged(*runs: Samples) -> Samples:
    """Several paired runs read as one ``Samples``: compare sides of the same run only (each run's
    blocks are its own; sides of different runs were not timed together)."""
    wall: dict[str, Sequence[float]] = {}
    cpu: dict[str, Sequence[float]] = {}
    calls: dict[str, int] = {}
    for run in runs:
        if wall.keys() & run.wall.keys():
            raise ValueError(f"a side in two runs: {sorted(wall.keys() & run.wall.keys())}")
        wall.update(run.wall)
        cpu.update(run.cpu)
        calls.update(run.calls_per_sample)
    return Samples(wall=wall, cpu=cpu, calls_per_sample=calls)


def joined(*runs: Samples) -> Samples:
    """Several paired runs of the same sides (in separate processes, say) read as one: each side's
    blocks one run after another, so that block ``i`` of one side is still timed with block ``i``
    of every other. One process lays out its objects and code once, and that layout can make one
    client of two identical ones about 0.5% faster for the whole run (the A/A controls of one
    process read 0.99 to 1.01): blocks from several processes average it out."""
    sides = list(runs[0].wall)
    if any(list(run.wall) != sides for run in runs):
        raise ValueError("joined runs must time the same sides")
    return Samples(
        wall={s: [x for run in runs for x in run.wall[s]] for s in sides},
        cpu={s: [x for run in runs for x in run.cpu[s]] for s in sides},
        calls_per_sample={s: sum(run.calls_per_sample[s] for run in runs) for s in sides},
    )


def to_json(samples: Samples) -> str:
    """``samples`` as one line of JSON, for a worker process to print (``from_json`` reads it)."""
    return json.dumps({"wall": samples.wall, "cpu": samples.cpu, "calls": samples.calls_per_sample})


def from_json(line: str) -> Samples:
    data = json.loads(line)
    return Samples(wall=data["wall"], cpu=data["cpu"], calls_per_sample=data["calls"])
