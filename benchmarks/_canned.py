"""One ``get_campaign`` answered in-process from canned bytes: no socket, nothing but the client.

``python -m benchmarks._canned ANSWER WARMUP CALLS SIDE [SIDE ...]`` builds the client of each
``SIDE`` (of :data:`SIDES`; sync and async sides in separate processes), answers every request with the
status, headers and body saved in the JSON file ``ANSWER`` (what the emulator sent,
:func:`save_answer`) through a ``before-send`` handler, warms every client up with ``WARMUP``
calls, then makes ``CALLS`` calls of each side in turn, each run of calls between two
``benchmarks._valgrind.mark()`` calls, for callgrind to count. Counting the sides of a comparison
in one process pays the interpreter's start-up and imports under valgrind once.

The async sides need aiobotocore (``.venv-async``).
"""

from __future__ import annotations

import asyncio
import functools
import json
import sys
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

from benchmarks._valgrind import mark

__all__ = ["APP", "CAMPAIGN", "SIDES", "SYNC", "save_answer"]

#: Nothing listens here: every request is answered by the before-send handler.
NOWHERE = "http://127.0.0.1:9"
APP = "app"
CAMPAIGN = "campaign"
SYNC = ("boto3", "sdk", "boto3, parameter_validation=False")
SIDES = (*SYNC, "aiobotocore", "async sdk")


class _Body:
    """The raw body botocore reads an ``AWSResponse`` from (``stream``), and aiobotocore
    (``content``, awaited)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.data


def save_answer(url: str, path: Path) -> None:
    """Ask the emulator at ``url`` for the client_overhead benchmark's campaign; save its answer."""
    import urllib.request

    from benchmarks.client_overhead import _setup
    from pinpoint_sdk import PinpointClient

    with PinpointClient(endpoint_url=url) as client:
        app, campaign, _many = _setup(client, campaigns=0)
    # The emulator checks no signature: a plain GET is the request boto3 would sign.
    with urllib.request.urlopen(f"{url}/v1/apps/{app}/campaigns/{campaign}") as answer:
        body = answer.read()
        headers = dict(answer.headers.items())
        status = answer.status
    path.write_text(
        json.dumps({"status": status, "headers": headers, "body": body.decode("utf-8")})
    )


def _live(path: str) -> tuple[str, str, str] | None:
    """``URL#APP#CAMPAIGN`` instead of a saved answer: talk to that emulator over HTTP."""
    if not path.startswith("http"):
        return None
    url, app, campaign = path.split("#")
    return url, app, campaign


@functools.cache  # read once, before the first (uncounted) call
def _answer(path: str) -> tuple[int, dict[str, str], bytes]:
    saved = json.loads(Path(path).read_text())
    return saved["status"], saved["headers"], saved["body"].encode("utf-8")


def _sync_side(side: str, path: str) -> Callable[[], object]:
    from botocore.awsrequest import AWSResponse

    from benchmarks._emulator import boto3_client
    from pinpoint_sdk import PinpointClient

    live = _live(path)
    where, app, cid = live or (NOWHERE, APP, CAMPAIGN)

    def send(request: Any, **_: Any) -> AWSResponse:
        status, headers, body = _answer(path)
        return AWSResponse(request.url, status, headers, _Body(body))

    if side.startswith("boto3"):
        raw = boto3_client(where)
        if side != "boto3":  # what botocore's check of the parameters costs, for context
            from botocore.config import Config

            raw = boto3_client(where, config=Config(parameter_validation=False))
        if live is None:
            raw.meta.events.register("before-send", send)
        return lambda: raw.get_campaign(ApplicationId=app, CampaignId=cid)
    client = PinpointClient(endpoint_url=where, region_name="us-east-1")
    if live is None:
        client.raw.meta.events.register("before-send", send)
    return lambda: client.get_campaign(application_id=app, campaign_id=cid)


def _async_side(side: str, path: str) -> tuple[Callable[[], Awaitable[object]], Any]:
    """The call, and the context (client) to enter around it."""
    from aiobotocore.awsrequest import AioAWSResponse
    from aiobotocore.session import get_session

    from pinpoint_sdk import AsyncPinpointClient

    live = _live(path)
    where, app, cid = live or (NOWHERE, APP, CAMPAIGN)

    class _AioBody(_Body):
        async def read(self) -> bytes:
            return self.data

    def send(request: Any, **_: Any) -> AioAWSResponse:
        status, headers, body = _answer(path)
        return AioAWSResponse(request.url, status, headers, _AioBody(body))

    if side == "aiobotocore":
        from aiobotocore.config import AioConfig

        context = get_session().create_client(
            "pinpoint",
            region_name="us-east-1",
            endpoint_url=where,
            config=AioConfig(retries={"total_max_attempts": 1, "mode": "standard"}),
            aws_access_key_id="local",
            aws_secret_access_key="local",
        )

        async def enter() -> Callable[[], Awaitable[object]]:
            raw = await context.__aenter__()
            if live is None:
                raw.meta.events.register("before-send", send)
            return lambda: raw.get_campaign(ApplicationId=app, CampaignId=cid)

        return enter, context
    client = AsyncPinpointClient(endpoint_url=where, region_name="us-east-1")

    async def enter_sdk() -> Callable[[], Awaitable[object]]:
        entered = await client.__aenter__()
        if live is None:
            entered.raw.meta.events.register("before-send", send)
        return lambda: entered.get_campaign(application_id=app, campaign_id=cid)

    return enter_sdk, client


def main(argv: list[str]) -> None:
    path, warmup, calls, sides = argv[0], int(argv[1]), int(argv[2]), argv[3:]
    if not sides or any(side not in SIDES for side in sides):
        raise SystemExit(f"sides must be some of {SIDES}")
    if all(side in SYNC for side in sides):
        made = [_sync_side(side, path) for side in sides]
        for call in made:  # the same warm-up for every side, all before the first mark
            for _ in range(warmup):
                call()
        for call in made:
            mark()
            for _ in range(calls):
                call()
        mark()
        return
    if any(side in SYNC for side in sides):
        raise SystemExit("count sync and async sides in separate processes")

    async def run() -> None:
        contexts = [_async_side(side, path) for side in sides]
        made = [await enter() for enter, _context in contexts]  # type: ignore[operator]
        try:
            for acall in made:
                for _ in range(warmup):
                    await acall()
            for acall in made:
                mark()
                for _ in range(calls):
                    await acall()
            mark()
        finally:
            for _enter, context in contexts:
                await context.__aexit__(None, None, None)

    asyncio.run(run())


if __name__ == "__main__":
    main(sys.argv[1:])
