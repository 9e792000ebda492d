"""200 concurrent ``get_campaign`` calls: ``AsyncPinpointClient`` with ``asyncio.gather`` against
``PinpointClient`` on a thread pool, the emulator in its own process answering after 50 ms.

Run in the async environment (``make test-async`` builds it)::

    .venv-async/bin/python -m benchmarks.async_concurrency [--calls 200] [--repeats 5]

Each side is measured with botocore's default connection pool (10 connections) and with one
large enough for every call (``max_pool_connections=calls``); the thread pool has as many threads
as the pool has connections. Reported: the median wall time of ``--repeats`` rounds per side and
the ratio sync / async.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from benchmarks._timing import ROOT
from pinpoint_sdk import AsyncPinpointClient, PinpointClient, models

__all__ = ["main"]

LATENCY = 0.05
_READY = "serving on "


@contextmanager
def slow_emulator(latency: float) -> Iterator[str]:
    """``python -m pinpoint_sdk.emulator --latency`` in its own process; its endpoint URL."""
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pinpoint_sdk.emulator",
            "--port",
            "0",
            "--quiet",
            "--latency",
            str(latency),
        ],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stderr is not None
        line = server.stderr.readline()
        if _READY not in line:
            raise RuntimeError(f"the emulator did not start: {line!r}")
        yield line.split(_READY, 1)[1].strip()
    finally:
        server.terminate()
        server.wait(timeout=10)


def _config(pool: int) -> object:
    from aiobotocore.config import AioConfig

    return AioConfig(max_pool_connections=pool)


def campaign(url: str) -> tuple[str, str]:
    """An app with one campaign on the emulator at ``url``: (application id, campaign id)."""
    with PinpointClient(endpoint_url=url) as client:
        app = client.create_app(
            create_application_request=models.CreateApplicationRequest(name="bench")
        ).id
        segment = client.create_segment(
            application_id=app,
            write_segment_request=models.WriteSegmentRequest(
                name="all", dimensions=models.SegmentDimensions()
            ),
        ).id
        created = client.create_campaign(
            application_id=app,
            write_campaign_request=models.WriteCampaignRequest(
                name="bench", segment_id=segment, schedule=models.Schedule(start_time="IMMEDIATE")
            ),
        )
        return app, created.id


def time_sync(url: str, app: str, cid: str, calls: int, pool: int, repeats: int) -> list[float]:
    from botocore.config import Config

    times = []
    with PinpointClient(endpoint_url=url, config=Config(max_pool_connections=pool)) as client:
        client.get_campaign(application_id=app, campaign_id=cid)  # connections and models warm
        with ThreadPoolExecutor(max_workers=pool) as threads:
            for _ in range(repeats):
                started = time.perf_counter()
                got = list(
                    threads.map(
                        lambda _: client.get_campaign(application_id=app, campaign_id=cid),
                        range(calls),
                    )
                )
                times.append(time.perf_counter() - started)
                assert len(got) == calls
                assert all(c.id == cid for c in got)
    return times


def time_async(url: str, app: str, cid: str, calls: int, pool: int, repeats: int) -> list[float]:
    async def main() -> list[float]:
        times = []
        async with AsyncPinpointClient(endpoint_url=url, config=_config(pool)) as client:
            await client.get_campaign(application_id=app, campaign_id=cid)
            for _ in range(repeats):
                started = time.perf_counter()
                got = await asyncio.gather(
                    *(
                        client.get_campaign(application_id=app, campaign_id=cid)
                        for _ in range(calls)
                    )
                )
                times.append(time.perf_counter() - started)
                assert len(got) == calls
                assert all(c.id == cid for c in got)
        return times

    return asyncio.run(main())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    rows: list[tuple[int, float, float]] = []
    with slow_emulator(LATENCY) as url:
        app, cid = campaign(url)
        for pool in (10, args.calls):
            measure: Callable[..., list[float]]
            medians = []
            for measure in (time_sync, time_async):
                medians.append(
                    statistics.median(measure(url, app, cid, args.calls, pool, args.repeats))
                )
            rows.append((pool, medians[0], medians[1]))
    print(
        f"{args.calls} concurrent get_campaign, emulator latency {LATENCY * 1000:.0f} ms, "
        f"median of {args.repeats}"
    )
    print("| connections (threads) | sync, thread pool | async, gather | sync / async |")
    print("|---:|---:|---:|---:|")
    for pool, sync, aio in rows:
        print(f"| {pool} | {sync:.2f} s | {aio:.2f} s | {sync / aio:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
