"""One ``get_campaign`` answered in-process from canned bytes: no socket, nothing but the client.

``python -m benchmarks._canned SIDE ANSWER CALLS`` builds the client of ``SIDE`` (one of
:data:`SIDES`), answers every request with the status, headers and body saved in the JSON file
``ANSWER`` (what the emulator sent, :func:`save_answer`) through a ``before-send`` handler, warms
the client up with :data:`WARMUP` calls and then makes ``CALLS`` calls between two
``benchmarks._valgrind.mark()`` calls, for callgrind to count. The same warm-up on every side.

The async sides need aiobotocore (``.venv-async``).
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

from benchmarks._valgrind import mark

__all__ = ["APP", "CAMPAIGN", "SIDES", "WARMUP", "save_answer"]

#: Calls made before counting: every lazy import, cache and first-call path is behind us.
WARMUP = 50
#: Nothing listens here: every request is answered by the before-send handler.
NOWHERE = "http://127.0.0.1:9"
APP = "app"
CAMPAIGN = "campaign"
SIDES = ("boto3", "sdk", "boto3, parameter_validation=False", "aiobotocore", "async sdk")


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


def _answer(path: str) -> tuple[int, dict[str, str], bytes]:
    saved = json.loads(Path(path).read_text())
    return saved["status"], saved["headers"], saved["body"].encode("utf-8")


def _sync_side(side: str, path: str) -> Callable[[], object]:
    from botocore.awsrequest import AWSResponse

    from benchmarks._emulator import boto3_client
    from pinpoint_sdk import PinpointClient

    status, headers, body = _answer(path)

    def send(request: Any, **_: Any) -> AWSResponse:
        return AWSResponse(request.url, status, headers, _Body(body))

    if side.startswith("boto3"):
        raw = boto3_client(NOWHERE)
        if side != "boto3":  # what botocore's check of the parameters costs, for context
            from botocore.config import Config

            raw = boto3_client(NOWHERE, config=Config(parameter_validation=False))
        raw.meta.events.register("before-send", send)
        return lambda: raw.get_campaign(ApplicationId=APP, CampaignId=CAMPAIGN)
    client = PinpointClient(endpoint_url=NOWHERE, region_name="us-east-1")
    client.raw.meta.events.register("before-send", send)
    return lambda: client.get_campaign(application_id=APP, campaign_id=CAMPAIGN)


def _async_side(side: str, path: str) -> tuple[Callable[[], Awaitable[object]], Any]:
    """The call, and the context (client) to enter around it."""
    from aiobotocore.awsrequest import AioAWSResponse
    from aiobotocore.session import get_session

    from pinpoint_sdk import AsyncPinpointClient

    status, headers, body = _answer(path)

    class _AioBody(_Body):
        async def read(self) -> bytes:
            return self.data

    def send(request: Any, **_: Any) -> AioAWSResponse:
        return AioAWSResponse(request.url, status, headers, _AioBody(body))

    if side == "aiobotocore":
        from aiobotocore.config import AioConfig

        context = get_session().create_client(
            "pinpoint",
            region_name="us-east-1",
            endpoint_url=NOWHERE,
            config=AioConfig(retries={"total_max_attempts": 1, "mode": "standard"}),
            aws_access_key_id="local",
            aws_secret_access_key="local",
        )

        async def enter() -> Callable[[], Awaitable[object]]:
            raw = await context.__aenter__()
            raw.meta.events.register("before-send", send)
            return lambda: raw.get_campaign(ApplicationId=APP, CampaignId=CAMPAIGN)

        return enter, context
    client = AsyncPinpointClient(endpoint_url=NOWHERE, region_name="us-east-1")

    async def enter_sdk() -> Callable[[], Awaitable[object]]:
        entered = await client.__aenter__()
        entered.raw.meta.events.register("before-send", send)
        return lambda: entered.get_campaign(application_id=APP, campaign_id=CAMPAIGN)

    return enter_sdk, client


def main(argv: list[str]) -> None:
    side, path, calls = argv[0], argv[1], int(argv[2])
    if side not in SIDES:
        raise SystemExit(f"side must be one of {SIDES}")
    if side in SIDES[:3]:
        call = _sync_side(side, path)
        for _ in range(WARMUP):
            call()
        mark()
        for _ in range(calls):
            call()
        mark()
        return

    async def run() -> None:
        enter, context = _async_side(side, path)
        acall = await enter()  # type: ignore[operator]
        try:
            for _ in range(WARMUP):
                await acall()
            mark()
            for _ in range(calls):
                await acall()
            mark()
        finally:
            await context.__aexit__(None, None, None)

    asyncio.run(run())


if __name__ == "__main__":
    main(sys.argv[1:])
