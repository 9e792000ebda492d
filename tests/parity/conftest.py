"""One ``either`` fixture, parametrized over ``PinpointClient`` and ``AsyncPinpointClient``.

A test written once against ``either`` runs on both clients, so a behaviour added to one and not
the other fails (issue 19, parity by construction). ``either.run(x)`` is ``x`` for the sync
client and awaits ``x`` on the test's own event loop for the async one. The async half runs
where aiobotocore is installed (``make test-async``); the main suite runs the sync half.

Every client test that pins a behaviour both clients share lives here (options, timeouts, raw
responses, iter_*, applied-once, emulator end to end); tests/client keeps what only the sync
client has (threads, a boto3 client passed in, Stubber-fed answers). The retry loop and the
paginator are tested on both kinds in tests/client/test_retry.py and test_pagination.py, which
need no aiobotocore.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import importlib.util
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from pinpoint_sdk import AsyncPinpointClient, PinpointClient, RetryPolicy, models
from pinpoint_sdk.emulator import Emulator
from tests.client.conftest import SESSION
from tests.client.fakes import FakeTime

HAS_AIOBOTOCORE = importlib.util.find_spec("aiobotocore") is not None


class Either:
    """A client of either kind, and how to get a result out of its calls."""

    def __init__(self, kind: str, fake_time: FakeTime) -> None:
        self.kind = kind
        self.fake_time = fake_time
        self._loop = asyncio.new_event_loop() if kind == "async" else None
        self._made: list[Any] = []
        self._stacks: list[contextlib.AsyncExitStack] = []

    @property
    def is_async(self) -> bool:
        return self._loop is not None

    def session(self) -> Any:
        """A session with credentials ``testing`` in ``us-east-1`` (boto3's, or aiobotocore's)."""
        if not self.is_async:
            return SESSION
        session = importlib.import_module("aiobotocore.session").AioSession()
        session.set_credentials("testing", "testing")
        session.set_config_variable("region", "us-east-1")
        return session

    def plain(self, endpoint_url: str) -> Any:
        """A boto3 / aiobotocore client as a user makes it (entered, for aiobotocore), to pass in."""
        session = self.session()
        if not self.is_async:
            return session.client("pinpoint", endpoint_url=endpoint_url)
        stack = contextlib.AsyncExitStack()
        self._stacks.append(stack)
        context = session.create_client("pinpoint", endpoint_url=endpoint_url)
        return self.run(stack.enter_async_context(context))

    def collect(self, iterable: Any) -> list[Any]:
        """Everything ``iterable`` gives (``async for``, for the async client's)."""
        if not self.is_async:
            return list(iterable)

        async def gather() -> list[Any]:
            return [item async for item in iterable]

        answer: list[Any] = self.run(gather())
        return answer

    def used_in_with(self, client: Any) -> None:
        """Enter and leave ``with client`` (``async with``, for the async client)."""
        if not self.is_async:
            with client:
                return

        async def enter_and_leave() -> None:
            async with client:
                pass

        self.run(enter_and_leave())

    def make(self, **options: Any) -> Any:
        """A client of this kind with these options (a fake clock and sleep unless given)."""
        options.setdefault(
            "retry", RetryPolicy(sleep=self.fake_time.sleep, clock=self.fake_time.clock)
        )
        if self.is_async:
            options.setdefault("sleep", self._fake_async_sleep)
            client: Any = AsyncPinpointClient(**options)
        else:
            client = PinpointClient(**options)
        self._made.append(client)
        return client

    async def _fake_async_sleep(self, seconds: float) -> None:
        self.fake_time.sleep(seconds)

    def run(self, result: Any) -> Any:
        """``result`` itself, or what it gives once awaited (an async client's call)."""
        if self._loop is None:
            return result
        return self._loop.run_until_complete(result)

    def open(self, client: Any) -> Any:
        """The client's boto3 / aiobotocore client, built now."""
        if self._loop is not None:
            self.run(client.open())
        return client.raw

    def replace(self, client: Any, method: str, fake: Callable[..., Any]) -> None:
        """Make the raw client's ``method`` run ``fake`` instead (awaited, for aiobotocore)."""
        raw = self.open(client)
        if self._loop is None:
            setattr(raw, method, fake)
            return

        async def awaited(**params: Any) -> Any:
            return fake(**params)

        setattr(raw, method, awaited)

    def close(self) -> None:
        for client in self._made:
            if self._loop is None:
                client.close()
            else:
                self.run(client.close())
        for stack in self._stacks:
            self.run(stack.aclose())
        if self._loop is not None:
            self._loop.close()


def _kinds() -> list[Any]:
    needs = pytest.mark.skipif(not HAS_AIOBOTOCORE, reason="needs pinpoint-sdk[async]")
    return ["sync", pytest.param("async", marks=needs)]


@pytest.fixture(params=_kinds())
def either(request: pytest.FixtureRequest, fake_time: FakeTime) -> Iterator[Either]:
    either = Either(request.param, fake_time)
    try:
        yield either
    finally:
        either.close()


@pytest.fixture
def client(either: Either, emu: Emulator) -> Any:
    """A client of either kind on the module's emulator, with no fault left from a test before."""
    emu.faults.reset()
    return either.make(endpoint_url=emu.endpoint_url)


@pytest.fixture
def app(either: Either, client: Any) -> str:
    """A new app, created through ``client``."""
    request = models.CreateApplicationRequest(name="parity")
    created: models.ApplicationResponse = either.run(
        client.create_app(create_application_request=request)
    )
    return created.id


@pytest.fixture
def segment(either: Either, client: Any, app: str) -> str:
    """A segment of everyone in ``app``."""
    created: models.SegmentResponse = either.run(
        client.create_segment(
            application_id=app,
            write_segment_request=models.WriteSegmentRequest(
                name="everyone", dimensions=models.SegmentDimensions()
            ),
        )
    )
    assert created.id is not None
    return created.id
