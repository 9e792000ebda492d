"""What ``AsyncPinpointClient`` adds to an aiobotocore call, against the emulator in its own process.

Run in the async environment (``make test-async`` builds it):
``.venv-async/bin/python -m benchmarks.async_overhead [--repeats N] [--write-docs]``.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from benchmarks._emulator import emulator_url
from benchmarks._paired import from_json, joined, merged, paired
from benchmarks._report import Section, Table, Verdict, comparison
from benchmarks._timing import ROOT, Samples, machine
from benchmarks.client_overhead import CAMPAIGNS, PAGE_SIZE, _setup
from pinpoint_sdk import AsyncPinpointClient, PinpointClient
from pinpoint_sdk._client import DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT

__all__ = ["BUDGET", "CONCURRENT_BUDGET", "KEY", "ROUNDS", "WALK_BUDGET", "run"]

KEY = "async_overhead"
#: The goals (issue 21): one call no slower than raw aiobotocore, a walk of 1,000 campaigns well
#: below the hand-written page loop, 200 concurrent calls within 10% of raw aiobotocore's.
BUDGET = 1.00
WALK_BUDGET = 0.85
CONCURRENT_BUDGET = 1.10
#: Concurrent calls, and the emulator's delay before each answer (a round trip to AWS).
CONCURRENT = 200
LATENCY = 0.05
#: Rounds of one call per side for get_campaign (``_paired``), in 9 blocks; rounds of one walk,
#: and of one gather, per side, for each of ``repeats``.
ROUNDS = 9000
#: The fresh processes the get_campaign rounds are split between (``_paired.joined``).
PROCESSES = 5
WALK_ROUNDS = 15
CONCURRENT_ROUNDS = 5

ABOUT = f"""
What is measured: `AsyncPinpointClient` against a raw aiobotocore client configured as the SDK
configures the one it builds (same endpoint, placeholder credentials, 5 s / 15 s timeouts,
`retries={{"total_max_attempts": 1, "mode": "standard"}}`), each with its own connection pool,
both on one event loop, against the emulator in its own process. Each timed call is one
`loop.run_until_complete(...)` on both sides. Timed side by side (as `client_overhead`):

- **get_campaign**: `await client.get_campaign(...)` against `await raw.get_campaign(...)` for the
  quickstart's campaign, in paired single calls (`benchmarks/_paired.py`): {ROUNDS:,} rounds of one
  call per side in shuffled order, split between {PROCESSES} fresh processes
  (`benchmarks/_async_call.py`), each cutting its rounds into 9 blocks whose trimmed means are
  compared; with, as a control of what the method can tell apart, a second raw aiobotocore client
  made the same way, timed in the same rounds (an A/A comparison: 1.00 if the method had no
  bias). One process would not do: how it lays out its objects and code makes one of two
  identical clients up to 1% faster for the whole run (A/A controls of single processes read 0.99
  to 1.01), and blocks from several processes average that out;
- **iterating {CAMPAIGNS:,} campaigns**: `[c async for c in client.iter_campaigns(...)]` against an
  `await raw.get_campaigns(...)` loop following `NextToken` by hand, at the emulator's default page
  size (100) and at `page_size={PAGE_SIZE}`, paired as the single call: {WALK_ROUNDS} x `--repeats`
  rounds of one walk per side;
- **{CONCURRENT} concurrent get_campaign**: `asyncio.gather` of {CONCURRENT} calls against an
  emulator that answers each after {LATENCY * 1000:.0f} ms (`--latency {LATENCY}`), both clients with
  `max_pool_connections={CONCURRENT}` (one connection per call), paired: {CONCURRENT_ROUNDS} x
  `--repeats` rounds of one gather per side.

The instruction counts of one `get_campaign` with a canned answer are in the "Instructions"
section (`benchmarks/instructions.py`).

Run: `.venv-async/bin/python -m benchmarks.async_overhead` (add `--write-docs` to refresh this
section); `python -m benchmarks` runs it when aiobotocore is installed and says so when it is not.

Goals: `get_campaign` ≤ {BUDGET:.2f} x raw aiobotocore; iterating {CAMPAIGNS:,} campaigns ≤
{WALK_BUDGET:.2f} x the hand-written loop at both page sizes; {CONCURRENT} concurrent calls ≤
{CONCURRENT_BUDGET:.2f} x raw aiobotocore (medians of the 9 blocks' wall-clock ratios).
"""


def _raw_client(url: str, pool: int | None = None) -> Any:
    """The aiobotocore client ``AsyncPinpointClient(endpoint_url=url)`` would build, unopened."""
    from aiobotocore.config import AioConfig
    from aiobotocore.session import get_session

    options: dict[str, Any] = {
        "connect_timeout": DEFAULT_CONNECT_TIMEOUT,
        "read_timeout": DEFAULT_READ_TIMEOUT,
        "retries": {"total_max_attempts": 1, "mode": "standard"},
    }
    if pool is not None:
        options["max_pool_connections"] = pool
    return get_session().create_client(
        "pinpoint",
        region_name="us-east-1",
        endpoint_url=url,
        config=AioConfig(**options),
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )


async def _raw_campaigns(raw: Any, app: str, page_size: int | None) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {"ApplicationId": app}
    if page_size is not None:
        kwargs["PageSize"] = str(page_size)
    while True:
        page = (await raw.get_campaigns(**kwargs))["CampaignsResponse"]
        items.extend(page["Item"])
        token = page.get("NextToken")
        if not token:
            return items
        kwargs["Token"] = token


class _Loop:
    """One event loop for both sides; ``side(factory)`` times one awaited call per call."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._contexts: list[Any] = []

    def enter(self, context: Any) -> Any:
        self._contexts.append(context)
        return self.loop.run_until_complete(context.__aenter__())

    def side(self, factory: Callable[[], Coroutine[Any, Any, object]]) -> Callable[[], object]:
        return lambda: self.loop.run_until_complete(factory())

    def close(self) -> None:
        for context in reversed(self._contexts):
            self.loop.run_until_complete(context.__aexit__(None, None, None))
        self.loop.close()


#: The A/A control's second side: a raw aiobotocore client made as the first.
CONTROL = "aiobotocore, a second client"


def _measure(repeats: int, campaigns: int, rounds: int, processes: int) -> tuple[Samples, Samples]:
    loop = _Loop()
    try:
        with emulator_url("subprocess") as url:
            with PinpointClient(endpoint_url=url) as setup:
                app, cid, many = _setup(setup, campaigns)
            raw = loop.enter(_raw_client(url))
            client = loop.enter(AsyncPinpointClient(endpoint_url=url))

            async def sdk_walk(size: int | None) -> list[Any]:
                return [c async for c in client.iter_campaigns(application_id=many, page_size=size)]

            one = _single_calls(url, app, cid, rounds, processes)
            walks = []
            for size, label in ((None, "default page size"), (PAGE_SIZE, f"page_size={PAGE_SIZE}")):
                ids = [c.id for c in loop.loop.run_until_complete(sdk_walk(size))]
                raw_ids = loop.loop.run_until_complete(_raw_campaigns(raw, many, size))
                if ids != [c["Id"] for c in raw_ids] or len(ids) != campaigns:
                    raise AssertionError(f"iter_campaigns ({label}) and the page loop disagree")
                sides = {
                    f"aiobotocore pages, {label}": loop.side(
                        lambda size=size: _raw_campaigns(raw, many, size)  # type: ignore[misc]
                    ),
                    f"sdk iter_campaigns, {label}": loop.side(
                        lambda size=size: sdk_walk(size)  # type: ignore[misc]
                    ),
                }
                walks.append(paired(sides, rounds=WALK_ROUNDS * repeats, warmup=2))
            return one, merged(*walks)
    finally:
        loop.close()


def _single_calls(url: str, app: str, campaign: str, rounds: int, processes: int) -> Samples:
    """``rounds`` rounds of paired get_campaign calls (raw, a second raw client, sdk), split
    between ``processes`` fresh processes (``benchmarks/_async_call.py``), their blocks joined."""
    runs = []
    for _ in range(processes):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks._async_call",
                url,
                app,
                campaign,
                str(rounds // processes),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(from_json(done.stdout.splitlines()[-1]))
    return joined(*runs)


def _concurrent(repeats: int) -> Samples:
    from aiobotocore.config import AioConfig

    loop = _Loop()
    try:
        with emulator_url("subprocess", latency=LATENCY) as url:
            with PinpointClient(endpoint_url=url) as setup:
                app, cid, _many = _setup(setup, 0)
            raw = loop.enter(_raw_client(url, CONCURRENT))
            client = loop.enter(
                AsyncPinpointClient(
                    endpoint_url=url, config=AioConfig(max_pool_connections=CONCURRENT)
                )
            )

            async def raw_all() -> list[Any]:
                got = await asyncio.gather(
                    *(
                        raw.get_campaign(ApplicationId=app, CampaignId=cid)
                        for _ in range(CONCURRENT)
                    )
                )
                assert all(g["CampaignResponse"]["Id"] == cid for g in got)
                return got

            async def sdk_all() -> list[Any]:
                got = await asyncio.gather(
                    *(
                        client.get_campaign(application_id=app, campaign_id=cid)
                        for _ in range(CONCURRENT)
                    )
                )
                assert all(g.id == cid for g in got)
                return got

            sides = {"aiobotocore": loop.side(raw_all), "sdk": loop.side(sdk_all)}
            # The first round opens the connections: warm-up rounds first.
            return paired(sides, rounds=CONCURRENT_ROUNDS * repeats, warmup=2)
    finally:
        loop.close()


def _walk_table(walks: Samples) -> Table:
    rows = []
    for sdk in [s for s in walks.wall if s.startswith("sdk")]:
        raw = sdk.replace("sdk iter_campaigns", "aiobotocore pages")
        low, high = walks.spread(sdk, raw)
        rows.append(
            (
                sdk.removeprefix("sdk iter_campaigns, "),
                f"{walks.median(raw) / 1e6:.1f} ms",
                f"{walks.median(sdk) / 1e6:.1f} ms",
                f"{walks.ratio(sdk, raw):.2f}",
                f"{low:.2f}..{high:.2f}",
                f"{walks.ratio(sdk, raw, cpu=True):.2f}",
            )
        )
    return Table(
        header=("page size", "aiobotocore loop", "sdk", "÷ aiobotocore", "quartiles", "CPU ÷"),
        rows=rows,
    )


def run(
    repeats: int = 9,
    *,
    campaigns: int = CAMPAIGNS,
    rounds: int = ROUNDS,
    processes: int = PROCESSES,
) -> Section:
    one, walks = _measure(repeats, campaigns, rounds, processes)
    together = _concurrent(repeats)
    verdicts = [
        Verdict.of(
            "get_campaign, paired calls: async sdk ÷ aiobotocore",
            one,
            "sdk",
            "aiobotocore",
            BUDGET,
            digits=3,
        ),
        Verdict.of(
            "get_campaign, paired calls, A/A control: aiobotocore ÷ aiobotocore",
            one,
            CONTROL,
            "aiobotocore",
            BUDGET,
            judged=False,
            digits=3,
        ),
        *(
            Verdict.of(
                f"iter_campaigns ({sdk.removeprefix('sdk iter_campaigns, ')}): async sdk ÷ "
                "aiobotocore",
                walks,
                sdk,
                sdk.replace("sdk iter_campaigns", "aiobotocore pages"),
                WALK_BUDGET,
            )
            for sdk in walks.wall
            if sdk.startswith("sdk")
        ),
        Verdict.of(
            f"{CONCURRENT} concurrent get_campaign, {LATENCY * 1000:.0f} ms latency: async sdk ÷ "
            "aiobotocore",
            together,
            "sdk",
            "aiobotocore",
            CONCURRENT_BUDGET,
        ),
    ]
    return Section(
        key=KEY,
        title="Async client call overhead",
        about=ABOUT,
        machine=machine(),
        tables=[
            (
                f"get_campaign, emulator in a subprocess: {rounds:,} rounds of paired calls, "
                f"in {processes} processes of 9 blocks (figures: medians of the blocks' trimmed "
                "means; quartiles of the blocks' ratios); the second aiobotocore client is the "
                "A/A control",
                comparison(one, "aiobotocore", unit="median per call", digits=3),
            ),
            (
                f"Iterating {campaigns:,} campaigns: per full walk, {WALK_ROUNDS * repeats} rounds "
                "of paired walks in 9 blocks",
                _walk_table(walks),
            ),
            (
                f"{CONCURRENT} concurrent get_campaign, {LATENCY * 1000:.0f} ms latency: medians "
                f"per round of {CONCURRENT}, {CONCURRENT_ROUNDS * repeats} paired rounds in 9 blocks",
                comparison(together, "aiobotocore", unit="median per round"),
            ),
        ],
        verdicts=verdicts,
    )


if __name__ == "__main__":
    from benchmarks._cli import main

    main([run])
