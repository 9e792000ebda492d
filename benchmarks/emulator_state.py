"""What a state file costs: one write in a small app against the same write in a large one, and
loading 100,000 endpoints into a file.

Run: ``python -m benchmarks.emulator_state [--repeats N] [--write-docs]``.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from itertools import count
from pathlib import Path
from typing import Any

from benchmarks._report import Section, Table, Verdict, comparison
from benchmarks._timing import format_ms, interleave, machine

__all__ = ["KEY", "LOAD_BUDGET_S", "RATIO_BUDGET", "run"]

KEY = "emulator_state"
SMALL, LARGE = 1_000, 20_000
#: One update_endpoint in an app of LARGE endpoints may cost at most this multiple of the same
#: write in an app of SMALL (issue 20's goal).
RATIO_BUDGET = 1.5
#: Endpoints loaded into a fresh state file through update_endpoints_batch, 100 a call.
LOADED = 100_000
BATCH = 100
#: "Minutes, not hours" (issue 20): the load may take at most this long.
LOAD_BUDGET_S = 600.0
#: The last tenth of the load's batches may cost at most this multiple of the first tenth.
GROWTH_BUDGET = 1.5

ABOUT = f"""
What is measured: the cost of one `update_endpoint` call made through boto3 against an emulator
whose state lives in a state file (`Emulator(state_file=...)`), in an app of {SMALL:,} and of
{LARGE:,} endpoints (each app also has a segment and 20 campaigns; both emulators run in this
process, side by side, and every repeat times each side once). The same call against an
emulator in memory is shown for reference, and so is `StateFile.flush` alone (the lock held as a
request holds it, one endpoint changed in place), which is the part of a request the state file
adds. The write changes one endpoint's address; the rows it wrote are counted from the state
file, not timed.

Then {LOADED:,} endpoints are loaded into an empty state file through `update_endpoints_batch`,
{BATCH} a call, one call after another: the total time, and the cost of the last tenth of the
calls against the first tenth (a state file whose writes grew with the app would make the load
quadratic). Finally how long a new emulator takes to open that file and to stop (`stop()`
compares every record, for changes made through references kept from before), and its size.

Goals (issue 20, item 7): one write at {LARGE:,} endpoints costs at most {RATIO_BUDGET}x the same
write at {SMALL:,}; the {LOADED:,} endpoints load in minutes (budget: {LOAD_BUDGET_S / 60:.0f}).

Run: `python -m benchmarks.emulator_state [--repeats N] [--write-docs]`.
"""


def _items(start: int, stop: int) -> list[dict[str, Any]]:
    return [
        {
            "Id": f"e{i}",
            "ChannelType": "EMAIL",
            "Address": f"user{i}@example.com",
            "Attributes": {"Interests": ["music", "films"]},
            "Demographic": {"Platform": "ios", "Locale": "en_US"},
            "Location": {"Country": "US", "City": "Seattle"},
            "Metrics": {"score": 1.5},
            "User": {"UserId": f"u{i}", "UserAttributes": {"Name": [f"n{i}"]}},
        }
        for i in range(start, stop)
    ]


def _batches(raw: Any, app: str, endpoints: int) -> Iterator[tuple[float, float]]:
    """Load ``endpoints`` endpoints, ``BATCH`` a call; yields each call's seconds, wall-clock
    and CPU (this process's: the client and the emulator's thread)."""
    for start in range(0, endpoints, BATCH):
        items = _items(start, min(start + BATCH, endpoints))
        wall, cpu = time.perf_counter(), time.process_time()
        raw.update_endpoints_batch(ApplicationId=app, EndpointBatchRequest={"Item": items})
        yield time.perf_counter() - wall, time.process_time() - cpu


def _populate(raw: Any, endpoints: int) -> str:
    app: str = raw.create_app(CreateApplicationRequest={"Name": "bench"})["ApplicationResponse"][
        "Id"
    ]
    for _ in _batches(raw, app, endpoints):
        pass
    segment = raw.create_segment(
        ApplicationId=app, WriteSegmentRequest={"Name": "all", "Dimensions": {}}
    )["SegmentResponse"]["Id"]
    for number in range(20):
        raw.create_campaign(
            ApplicationId=app,
            WriteCampaignRequest={
                "Name": f"c{number}",
                "SegmentId": segment,
                "Schedule": {"StartTime": "2099-01-01T00:00:00Z"},
                "MessageConfiguration": {"EmailMessage": {"Title": "t", "Body": "b"}},
            },
        )
    return app


class _Side:
    """An emulator with one app of ``endpoints`` endpoints, and the calls timed against it."""

    def __init__(self, emu: Any, endpoints: int) -> None:
        from pinpoint_sdk.emulator.pytest_plugin import boto3_client_for

        self.emu = emu
        self.raw = boto3_client_for(emu)
        self.app = _populate(self.raw, endpoints)
        self._numbers = count()

    def update_endpoint(self) -> None:
        self.raw.update_endpoint(
            ApplicationId=self.app,
            EndpointId="e1",
            EndpointRequest={"ChannelType": "EMAIL", "Address": f"x{next(self._numbers)}@ex.com"},
        )

    def flush_one_endpoint(self) -> None:
        persistence = self.emu._persistence  # the flush alone, without HTTP around it
        with self.emu.state.lock:
            found = self.emu.state.find_app_anywhere(self.app)
            found[1].endpoints["e2"]["Metrics"]["score"] += 1
            persistence.flush(self.app)

    def rows_per(self, call: Callable[[], None], calls: int = 20) -> float:
        """Rows the state file wrote per call (inserted, updated, moved or deleted)."""
        before: int = self.emu._persistence.rows_written
        for _ in range(calls):
            call()
        after: int = self.emu._persistence.rows_written
        return (after - before) / calls


def _load(folder: Path, loaded: int) -> tuple[list[tuple[float, float]], float, float, float]:
    """Load ``loaded`` endpoints into a new state file: each call's seconds (wall, CPU), then how
    long a new emulator takes to open the file and to stop (comparing every record), and the
    file's size in MB."""
    from pinpoint_sdk.emulator import Emulator
    from pinpoint_sdk.emulator.pytest_plugin import boto3_client_for

    path = folder / "load.db"
    with Emulator(state_file=path) as emu:
        raw = boto3_client_for(emu)
        app = raw.create_app(CreateApplicationRequest={"Name": "load"})["ApplicationResponse"]
        calls = list(_batches(raw, app["Id"], loaded))
    started = time.perf_counter()
    again = Emulator(state_file=path)
    opened = time.perf_counter() - started
    started = time.perf_counter()
    again.stop()
    stopped = time.perf_counter() - started
    size = sum(p.stat().st_size for p in folder.glob("load.db*")) / 1e6
    return calls, opened, stopped, size


def run(repeats: int = 7, *, loaded: int = LOADED) -> Section:
    """``loaded``: endpoints to load into a new state file (``--quick`` loads fewer, and gives the
    load a budget in proportion: a linear load takes minutes at any size)."""
    from pinpoint_sdk.emulator import Emulator

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        with (
            Emulator() as memory,
            Emulator(state_file=folder / "small.db") as small_emu,
            Emulator(state_file=folder / "large.db") as large_emu,
        ):
            reference = _Side(memory, SMALL)
            small, large = _Side(small_emu, SMALL), _Side(large_emu, LARGE)
            s_write, l_write = f"update_endpoint, {SMALL:,}", f"update_endpoint, {LARGE:,}"
            s_flush, l_flush = f"flush alone, {SMALL:,}", f"flush alone, {LARGE:,}"
            m_write = f"update_endpoint, {SMALL:,}, in memory"
            samples = interleave(
                {
                    s_write: small.update_endpoint,
                    l_write: large.update_endpoint,
                    m_write: reference.update_endpoint,
                    s_flush: small.flush_one_endpoint,
                    l_flush: large.flush_one_endpoint,
                },
                repeats=repeats,
                sample_s=0.3,
            )
            rows = Table(
                header=("call", f"{SMALL:,} endpoints", f"{LARGE:,} endpoints"),
                rows=[
                    (
                        "update_endpoint (one address)",
                        f"{small.rows_per(small.update_endpoint):.1f}",
                        f"{large.rows_per(large.update_endpoint):.1f}",
                    )
                ],
            )
        calls, opened, stopped, size = _load(folder, loaded)
    budget_s = LOAD_BUDGET_S * loaded / LOADED
    walls, cpus = [wall for wall, _ in calls], [cpu for _, cpu in calls]
    total = sum(walls)
    tenth = len(calls) // 10

    def tenths(series: list[float]) -> tuple[float, float]:
        # Medians: a collector pass or a WAL checkpoint lands on one call, not on the trend.
        return statistics.median(series[:tenth]), statistics.median(series[-tenth:])

    (first, last), (cpu_first, cpu_last) = tenths(walls), tenths(cpus)
    load = Table(
        header=("figure", "wall-clock", "CPU time"),
        rows=[
            (
                f"{loaded:,} endpoints, {len(calls):,} calls: total",
                f"{total:.1f} s",
                f"{sum(cpus):.1f} s",
            ),
            ("per call, first tenth (median)", format_ms(first * 1e9), format_ms(cpu_first * 1e9)),
            ("per call, last tenth (median)", format_ms(last * 1e9), format_ms(cpu_last * 1e9)),
            ("per call, slowest", format_ms(max(walls) * 1e9), format_ms(max(cpus) * 1e9)),
            ("a new emulator opens the file", f"{opened:.1f} s", ""),
            ("...and stops (every record compared)", f"{stopped:.1f} s", ""),
            ("file size (with its WAL)", f"{size:.0f} MB", ""),
        ],
    )
    return Section(
        key=KEY,
        title="Emulator state file: cost of a write as the app grows",
        about=ABOUT,
        machine=machine(),
        tables=[
            (
                f"{repeats} interleaved repeats, per call; ratios to one update_endpoint at "
                f"{SMALL:,} endpoints on a state file",
                comparison(samples, s_write),
            ),
            ("Rows the state file wrote per call (counted, untimed)", rows),
            (f"Loading {loaded:,} endpoints into a new state file (one run)", load),
        ],
        verdicts=[
            Verdict.of(
                f"update_endpoint, {LARGE:,} ÷ {SMALL:,} endpoints",
                samples,
                l_write,
                s_write,
                RATIO_BUDGET,
            ),
            Verdict(
                f"loading {loaded:,} endpoints, per call, last tenth ÷ first tenth",
                last / first,
                GROWTH_BUDGET,
                cpu_last / cpu_first,
            ),
            Verdict(
                f"loading {loaded:,} endpoints: total ÷ {budget_s / 60:g} minutes",
                total / budget_s,
                1.0,
            ),
        ],
        notes=[
            f"Load average (1 minute) as the run began and ended: {load_before:.1f} and "
            f"{os.getloadavg()[0]:.1f}."
        ],
    )


if __name__ == "__main__":
    from benchmarks._cli import main

    main([run])
