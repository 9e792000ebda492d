"""Side-by-side timing: every side runs in each repeat, in rotating order, and medians are compared.

Absolute times on a shared machine drift from minute to minute; a ratio of two sides measured in
the same repeat does not. So each repeat times every side once (rotating which goes first, so that
no side always runs on a cache warmed by another), and a comparison is the median over repeats of
the per-repeat ratio.
"""

from __future__ import annotations

import compileall
import datetime as _dt
import importlib.metadata
import importlib.util
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
import timeit
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "ROOT",
    "Machine",
    "Samples",
    "calibrate",
    "compile_sdk",
    "format_ms",
    "in_fresh_process",
    "interleave",
    "machine",
]

#: The repository root: fresh interpreters run there, so that ``benchmarks`` imports.
ROOT = Path(__file__).resolve().parent.parent

#: Aim for samples of about this long, so timer resolution and one-off hiccups do not matter.
_TARGET_SAMPLE_S = 0.2


@dataclass(frozen=True)
class Samples:
    """Per-call times in nanoseconds, one per repeat, for every side of one comparison.

    ``wall`` is elapsed time (``perf_counter_ns``), what budgets are judged on. ``cpu`` is the CPU
    time this process and its children spent meanwhile: on a busy machine it leaves out the time
    the benchmark waited for a CPU, so a ratio that agrees in both clocks is not an artefact of load.
    """

    wall: Mapping[str, Sequence[float]]
    cpu: Mapping[str, Sequence[float]]
    calls_per_sample: Mapping[str, int]

    def _series(self, side: str, cpu: bool) -> Sequence[float]:
        return (self.cpu if cpu else self.wall)[side]

    def median(self, side: str, *, cpu: bool = False) -> float:
        return statistics.median(self._series(side, cpu))

    def ratios(self, side: str, baseline: str, *, cpu: bool = False) -> list[float]:
        pairs = zip(self._series(side, cpu), self._series(baseline, cpu), strict=True)
        return [a / b for a, b in pairs]

    def ratio(self, side: str, baseline: str, *, cpu: bool = False) -> float:
        """Median of the per-repeat ratios: each pair was measured moments apart."""
        return statistics.median(self.ratios(side, baseline, cpu=cpu))

    def spread(self, side: str, baseline: str) -> tuple[float, float]:
        """The quartiles of the per-repeat (wall) ratios, to show how steady the ratio was."""
        q = statistics.quantiles(self.ratios(side, baseline), n=4)
        return q[0], q[2]


def _cpu_ns() -> int:
    """CPU time of this process plus that of its finished children (fresh interpreters)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time_ns() + round((children.ru_utime + children.ru_stime) * 1e9)


def calibrate(func: Callable[[], object], target_s: float = _TARGET_SAMPLE_S) -> int:
    """Calls per sample so that one sample lasts about ``target_s`` seconds (after one warm-up)."""
    func()
    number, elapsed = timeit.Timer(func).autorange()
    per_call = elapsed / number
    return max(1, round(target_s / per_call))


def interleave(
    sides: Mapping[str, Callable[[], object]],
    *,
    repeats: int,
    calls: Mapping[str, int] | None = None,
    sample_s: float = _TARGET_SAMPLE_S,
    warmup: int = 1,
) -> Samples:
    """Time every side ``repeats`` times, interleaved, in samples of about ``sample_s`` seconds.

    ``calls`` fixes the number of calls per sample instead (one, for fresh interpreters).

    The garbage collector stays enabled (unlike ``timeit``): both sides allocate, and collections
    triggered by their allocations are part of what a caller pays.
    """
    names = list(sides)
    for name in names:
        for _ in range(warmup):
            sides[name]()
    numbers = (
        dict(calls) if calls is not None else {n: calibrate(sides[n], sample_s) for n in names}
    )
    wall: dict[str, list[float]] = {n: [] for n in names}
    cpu: dict[str, list[float]] = {n: [] for n in names}
    for r in range(repeats):
        order = names[r % len(names) :] + names[: r % len(names)]
        for name in order:
            func, number = sides[name], numbers[name]
            cpu_start = _cpu_ns()
            start = time.perf_counter_ns()
            for _ in range(number):
                func()
            wall[name].append((time.perf_counter_ns() - start) / number)
            cpu[name].append((_cpu_ns() - cpu_start) / number)
    return Samples(wall=wall, cpu=cpu, calls_per_sample=numbers)


def format_ms(ns: float) -> str:
    ms = ns / 1e6
    return f"{ms:.1f} ms" if ms >= 10 else f"{ms:.2f} ms" if ms >= 0.1 else f"{ms * 1000:.1f} µs"


@dataclass(frozen=True)
class Machine:
    """Where and when figures were measured: they only compare within one such record."""

    date: str
    cpus: int
    cpu_model: str
    python: str
    packages: Mapping[str, str]

    def describe(self) -> str:
        versions = ", ".join(f"{name} {version}" for name, version in self.packages.items())
        return f"{self.date}; {self.cpus} CPUs ({self.cpu_model}); Python {self.python}; {versions}"


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def machine() -> Machine:
    packages = {}
    for name in ("botocore", "boto3", "attrs", "cattrs"):
        try:
            packages[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            packages[name] = "not installed"
    return Machine(
        date=_dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        # What `nproc` prints: the CPUs this process may run on.
        cpus=len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else os.cpu_count() or 0,
        cpu_model=_cpu_model(),
        python=f"{platform.python_version()} ({platform.python_implementation()})",
        packages=packages,
    )


def compile_sdk() -> None:
    """Write the SDK's bytecode caches, as ``pip install`` does for a wheel.

    An editable install has none until the first import writes them, and with
    ``PYTHONDONTWRITEBYTECODE`` set none is ever written: every import would then compile the SDK
    from source while boto3 loads its installed bytecode, and the comparison would be unfair.
    """
    spec = importlib.util.find_spec("pinpoint_sdk")
    if spec is None or spec.origin is None:
        raise RuntimeError("pinpoint_sdk is not installed")
    compileall.compile_dir(Path(spec.origin).parent, quiet=1)


def in_fresh_process(target: str, runs: int = 3) -> float:
    """Median of ``module:function()`` (returning nanoseconds) run in ``runs`` new interpreters.

    For one-off costs, such as building a converter's functions, that a process pays only once.
    The SDK's bytecode is compiled first, so the figure is that of an installed SDK.
    """
    compile_sdk()
    module, function = target.split(":")
    code = f"import {module} as m; print(m.{function}())"
    results = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True
            ).stdout
        )
        for _ in range(runs)
    ]
    return statistics.median(results)
