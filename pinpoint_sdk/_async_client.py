"""``AsyncPinpointClient``: the typed facade over an aiobotocore ``pinpoint`` client.

The twin of ``PinpointClient`` for asyncio: the methods are generated from the same templates
(``pinpoint_sdk/_generated/async_client.py``), and every step that is not I/O is ``PinpointCore``'s
(``_base_client``), the sync client's own: options and their checks, the ``Config``, the region
and credentials of a local endpoint, error translation, reading answers, the retry decisions
(``_async_retry`` only awaits the sleeps). This module keeps how a request is sent (aiobotocore)
and how to wait (an awaited sleep).

aiobotocore is imported only when a client is built (the ``[async]`` extra); its objects are typed
``Any`` here, so this module type-checks without aiobotocore or its stubs.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import functools
import importlib
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from botocore.config import Config

from pinpoint_sdk import _bulk, models
from pinpoint_sdk._async_ratelimit import AsyncRateLimits
from pinpoint_sdk._async_retry import AsyncSleep, call_async
from pinpoint_sdk._async_waiters import poll_async
from pinpoint_sdk._base_client import (
    NOT_GIVEN,
    NotGiven,
    PinpointCore,
    build_config,
    check_building,
    check_built,
    checked_timeout,
    failure_of,
    local_signing,
    timeouts,
)
from pinpoint_sdk._converter import to_boto3
from pinpoint_sdk._generated.async_client import (
    AsyncPinpointOperations,
    AsyncPinpointRawResponseOperations,
)
from pinpoint_sdk._limits import MAX_BATCH_ITEMS
from pinpoint_sdk._ratelimit import RateLimits
from pinpoint_sdk._response import claim_raw_slot
from pinpoint_sdk._retry import RetryPolicy, RetryRun, is_safe_to_repeat
from pinpoint_sdk._waiters import endpoint_wait, import_job_wait

__all__ = ["AsyncPinpointClient", "AsyncPinpointClientWithRawResponse"]

_Output = TypeVar("_Output")
_Payload = TypeVar("_Payload")
_Client = TypeVar("_Client", bound="AsyncPinpointClient")
_Timeouts = tuple[float | None, float | None]

_MISSING_EXTRA = (
    "AsyncPinpointClient needs aiobotocore: install it with pip install 'pinpoint-sdk[async]'"
)


class AsyncPinpointClient(PinpointCore, AsyncPinpointOperations):
    """``PinpointClient`` for asyncio: the same methods, arguments, models and errors, awaited.

    ``AsyncPinpointClient(region_name=..., endpoint_url=...)`` builds an aiobotocore client itself
    (from an aiobotocore ``session``, if given) on first use or on entering ``async with``, with
    botocore's own retries off and the same timeouts as ``PinpointClient`` (5 s to connect, 15 s
    to read); pointed at a loopback endpoint (the emulator) it signs with placeholder
    credentials, and aiohttp never resends a request by itself (each attempt is sent once, so
    the retry policy alone decides). Leave ``async with`` (or ``await client.close()``) to close
    it. ``AsyncPinpointClient(aio_client)`` wraps an aiobotocore client you made and entered
    yourself; it stays yours to close.

    ``retry`` is the same ``RetryPolicy`` as the sync client's (its ``clock`` is used; ``sleep``,
    an awaitable, replaces its blocking ``sleep``: ``asyncio.sleep`` by default). ``rate_limits``
    caps requests per second by operation (a mapping, or a ``RateLimits`` whose buckets it then
    shares, with a sync client too). One client serves many concurrent tasks of one event loop.

    Args:
        client: An aiobotocore ``pinpoint`` client to wrap as it is; leave it out to have one
            built from the options below (not both).
        session: The aiobotocore session to build the client from (its credentials and region).
        region_name: The region; the session's (or ``AWS_DEFAULT_REGION``) when left out.
        endpoint_url: Where to send requests: the emulator's ``endpoint_url``, or AWS's own
            endpoint when left out.
        connect_timeout: Seconds to wait for a connection (default 5).
        read_timeout: Seconds to wait for an answer once connected (default 15).
        config: An ``aiobotocore.config.AioConfig`` for any other option (not ``retries``: this
            client's ``retry`` policy is the only retry layer). An ``http_session_cls`` of your
            own is used as given, without the guard against aiohttp's own resend.
        retry: The ``RetryPolicy`` for every call; ``None`` turns retries off.
        rate_limits: Requests per second by operation name (``{"update_endpoints_batch": 20}``).
        sleep: The awaitable sleep of retries, rate limits and waits (``asyncio.sleep``).
    """

    def __init__(
        self,
        client: Any = None,
        *,
        session: Any = None,
        region_name: str | None = None,
        endpoint_url: str | None = None,
        connect_timeout: float | None = None,
        read_timeout: float | None = None,
        config: Any = None,
        retry: RetryPolicy | None = RetryPolicy(),  # noqa: B008  (frozen: one shared default is safe)
        rate_limits: Mapping[str, float] | RateLimits | None = None,
        sleep: AsyncSleep | None = None,
    ) -> None:
        building = (session, region_name, endpoint_url, connect_timeout, read_timeout, config)
        check_building("AsyncPinpointClient", client, building)
        # Shared with every with_options() copy: one aiobotocore client per pair of timeouts,
        # each opened once.
        self._connections = _Connections(
            client,
            {"session": session, "region_name": region_name, "endpoint_url": endpoint_url},
            config,
            connect_timeout=checked_timeout("connect_timeout", connect_timeout),
            read_timeout=checked_timeout("read_timeout", read_timeout),
        )
        self._connection = self._connections.get(self._connections.timeouts)
        self._init_core(retry)
        self._async_sleep: AsyncSleep = sleep or asyncio.sleep
        self._rate_limits = AsyncRateLimits(rate_limits, clock=self._clock, sleep=self._sleep)
        self._acquire = self._rate_limits.acquire if self._rate_limits else None

    @property
    def raw(self) -> Any:
        """The aiobotocore client underneath (``None`` until this client has opened it)."""
        return self._connection.raw

    @property
    def connect_timeout(self) -> float | None:
        """Seconds each attempt waits for a connection to open (``None``: no limit)."""
        return self._timeouts()[0]

    @property
    def read_timeout(self) -> float | None:
        """Seconds each attempt waits for the next bytes of the answer (``None``: no limit)."""
        return self._timeouts()[1]

    def _timeouts(self) -> _Timeouts:
        raw = self._connection.raw
        if self._connections.passed is not None and raw is not None:
            return timeouts(raw.meta.config)
        return self._connection.timeouts

    @property
    def with_raw_response(self) -> AsyncPinpointClientWithRawResponse:
        """Every operation again, answering a ``RawResponse`` with the HTTP status, headers and
        request id of the answer; ``.parse()`` gives what the plain method returns::

            response = await client.with_raw_response.get_campaign(application_id=a, campaign_id=c)
            response.request_id, response.status_code
            campaign = response.parse()  # models.CampaignResponse
        """
        return AsyncPinpointClientWithRawResponse(self)

    def with_options(
        self: _Client,
        *,
        retry: RetryPolicy | NotGiven | None = NOT_GIVEN,
        connect_timeout: float | NotGiven = NOT_GIVEN,
        read_timeout: float | NotGiven = NOT_GIVEN,
    ) -> _Client:
        """A copy of this client with other options, sharing its retry budget and rate limits
        (``await client.with_options(retry=None).create_campaign(...)``).

        A copy with other timeouts uses another aiobotocore client (aiobotocore fixes timeouts when
        it builds one), built on first use from the same session, region, endpoint and ``Config``
        and kept for later copies; ``close()`` closes them all. Timeouts of an aiobotocore client
        you passed in are its own: set them in the ``AioConfig`` you build it with.

        Args:
            retry: The copy's ``RetryPolicy`` (``None``: no retries); this client's when left out.
            connect_timeout: The copy's connect timeout in seconds; this client's when left out.
            read_timeout: The copy's read timeout in seconds; this client's when left out.
        """
        clone = self._copy_with(retry)
        if isinstance(connect_timeout, NotGiven) and isinstance(read_timeout, NotGiven):
            return clone
        if self._connections.passed is not None:
            raise TypeError(
                "with_options: the timeouts of an aiobotocore client you passed in are its own; "
                "build it with AioConfig(connect_timeout=..., read_timeout=...) instead"
            )
        current = self._connection.timeouts
        clone._connection = self._connections.get(
            (
                current[0]
                if isinstance(connect_timeout, NotGiven)
                else checked_timeout("connect_timeout", connect_timeout),
                current[1]
                if isinstance(read_timeout, NotGiven)
                else checked_timeout("read_timeout", read_timeout),
            )
        )
        return clone

    async def open(self: _Client) -> _Client:
        """Build the aiobotocore client now (otherwise: on the first call). Returns ``self``."""
        await self._client()
        return self

    async def close(self) -> None:
        """Close the aiobotocore clients this client built (not one you passed in), those of its
        ``with_options`` copies too. A closed client opens a new one if used again."""
        await self._connections.close()

    async def __aenter__(self: _Client) -> _Client:
        await self._client()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def __repr__(self) -> str:
        raw = self._connection.raw
        if raw is None:
            options = self._connections.options
            where = f"region={options['region_name']!r} endpoint={options['endpoint_url']!r}"
        else:
            where = f"region={raw.meta.region_name!r} endpoint={raw.meta.endpoint_url!r}"
        return f"<AsyncPinpointClient {where}>"

    async def _client(self) -> Any:
        return await self._connection.get()

    # The one path every generated method takes: the sync client's conversions, awaited I/O.

    async def _call(
        self,
        operation: str,
        request: Any,
        output: type[_Output],
        payload: Callable[[_Output], _Payload],
    ) -> _Payload:
        slot = claim_raw_slot()  # before any await: with_raw_response's, if this call is one
        # ConversionError here, before anything is sent. A dict is the wire dict the generated
        # method wrote of string arguments, as to_boto3 writes them (codegen's _wire_of_strings).
        params = request if type(request) is dict else to_boto3(request)
        answer = await self._invoke_wire(operation, params, typed=True)
        return self._read(operation, answer, output, payload, slot)

    async def _send(self, operation: str, request: Any) -> None:
        slot = claim_raw_slot()
        params = request if type(request) is dict else to_boto3(request)  # as in _call
        answer = await self._invoke_wire(operation, params, typed=True)
        self._read_nothing(operation, answer, slot)

    async def _invoke_wire(
        self, operation: str, params: dict[str, Any], *, typed: bool = False, once: bool = False
    ) -> dict[str, Any]:
        """Send ``params``; ``typed``: they are ``to_boto3``'s of a typed request, so the answer may
        come back as JSON for ``_read`` instead of botocore's parse, and botocore does not check
        them again (``_base_client.check_built``). ``once``: one attempt, no retries.

        The first attempt is made here, not in a coroutine the retry loop awaits: a call resumes
        a few times while aiobotocore waits for the answer, passing each time through every
        coroutine between the caller and aiobotocore's, and one fewer is about 0.3% of a call
        (issue 21). A failed first attempt goes to the retry loop, whose later attempts are this
        method again with ``once``.
        """
        raw = self._connection.raw
        if raw is None:  # opened on first use (a frame less on every later call)
            raw = await self._connection.get()
        known = self._operations.get(operation) or self._prepare(raw, operation)
        retry = None if once else self._retry
        started = retry.clock() if retry is not None else 0.0
        # A context variable: this task's own calls are marked, other tasks' are not.
        token = self._expect(operation if typed else None)
        try:
            try:
                if self._acquire is not None:  # the usual case has none: no coroutine to await
                    await self._acquire(operation)
                response: dict[str, Any] = await getattr(raw, known.method)(**params)
            except Exception as error:
                failed = failure_of(error, operation, raw.meta.endpoint_url)
                if retry is None:
                    raise failed  # noqa: B904  (failure_of chains the SDK's error to botocore's)
            else:
                if retry is not None:
                    RetryRun.answered(None, self._budget)
                return response
            return await call_async(
                retry,
                functools.partial(self._invoke_wire, operation, params, typed=typed, once=True),
                operation=operation,
                safe_to_repeat=is_safe_to_repeat(known.model, params),
                budget=self._budget,
                if_unclear=known.if_unclear,
                sleep=self._async_sleep,
                started=started,
                failed=failed,
            )
        finally:
            self._expected(token)

    # Bulk loading and waiting.

    async def put_endpoints(
        self,
        application_id: str,
        endpoints: Iterable[models.EndpointBatchItem],
        *,
        batch_size: int = MAX_BATCH_ITEMS,
        max_workers: int = 4,
        progress: _bulk.ProgressCallback | bool | None = None,
    ) -> _bulk.PutEndpointsResult:
        """``PinpointClient.put_endpoints``, awaited: the same checks, batching, ordering of
        writes to one ``Id`` and accounting (it is the same planner, ``_bulk.put_endpoints``).

        At most ``max_workers`` batches are in flight at once; each is sent on this event loop
        through this client's retries and rate limits. The planner (reading ``endpoints``,
        checking, batching, the ``progress`` callback) runs in a worker thread, so a slow
        iterable does not block the loop; ``endpoints`` is a plain iterable. Cancelling the call
        sends no further batch and cancels those in flight.
        """
        loop = asyncio.get_running_loop()
        # Warned here, if ever (against AWS), so the warning points at the caller's line: the
        # batches are sent from the loop on behalf of planner threads, not from the caller's frame.
        self._prepare(await self._client(), "UpdateEndpointsBatch")
        cancelled = threading.Event()
        in_flight: set[concurrent.futures.Future[dict[str, Any]]] = set()
        lock = threading.Lock()

        def send(items: list[dict[str, Any]]) -> None:
            # On a planner thread: the request runs on the loop, the thread waits for its end.
            params = {"ApplicationId": application_id, "EndpointBatchRequest": {"Item": items}}
            with lock:
                if cancelled.is_set():
                    raise concurrent.futures.CancelledError
                future = asyncio.run_coroutine_threadsafe(
                    self._invoke_wire("UpdateEndpointsBatch", params), loop
                )
                in_flight.add(future)
            try:
                future.result()
            finally:
                with lock:
                    in_flight.discard(future)

        try:
            return await asyncio.to_thread(
                _bulk.put_endpoints,
                send,
                endpoints,
                batch_size=batch_size,
                max_workers=max_workers,
                progress=progress,
            )
        except asyncio.CancelledError:
            # The planner thread cannot be interrupted: it sends nothing more, and the batches in
            # flight are cancelled, so it ends soon after (recording them as failed, unseen).
            with lock:
                cancelled.set()
                for future in in_flight:
                    future.cancel()
            raise

    async def wait_for_endpoint(
        self,
        application_id: str,
        endpoint_id: str,
        *,
        expected: models.EndpointRequest | models.EndpointBatchItem | None = None,
        timeout: float = 30.0,
        poll_interval: float = 0.2,
    ) -> models.EndpointResponse:
        """``PinpointClient.wait_for_endpoint``, awaited: until the endpoint reads back (as
        ``expected``, when given); ``errors.WaitTimeoutError`` after ``timeout`` seconds."""
        return await poll_async(
            lambda: self.get_endpoint(application_id=application_id, endpoint_id=endpoint_id),
            endpoint_wait(endpoint_id, expected, timeout=timeout, poll_interval=poll_interval),
            clock=self._clock,
            sleep=self._async_sleep,
        )

    async def wait_for_import_job(
        self,
        application_id: str,
        job_id: str,
        *,
        timeout: float = 900.0,
        poll_interval: float = 1.0,
    ) -> models.ImportJobResponse:
        """``PinpointClient.wait_for_import_job``, awaited: the final ``ImportJobResponse`` when
        ``COMPLETED``; ``errors.ImportJobFailedError`` when ``FAILED``, ``errors.WaitTimeoutError``
        after ``timeout`` seconds."""
        return await poll_async(
            lambda: self.get_import_job(application_id=application_id, job_id=job_id),
            import_job_wait(job_id, timeout=timeout, poll_interval=poll_interval),
            clock=self._clock,
            sleep=self._async_sleep,
        )

    async def _sleep(self, seconds: float) -> None:
        await self._async_sleep(seconds)


class AsyncPinpointClientWithRawResponse(AsyncPinpointRawResponseOperations):
    """``client.with_raw_response`` of an ``AsyncPinpointClient``: each operation answering a
    ``RawResponse``, through the client's retries and rate limits (the plain methods, wrapped)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<AsyncPinpointClientWithRawResponse of {self._client!r}>"


class _Connections:
    """The aiobotocore clients of an ``AsyncPinpointClient`` and its ``with_options`` copies: the
    one passed in, or one per pair of timeouts, each built on first use (in the caller's event
    loop) from the same session, region, endpoint and ``Config``, and closed by ``close()``."""

    def __init__(
        self,
        passed: Any,
        options: dict[str, Any],
        config: Any,
        *,
        connect_timeout: float | None,
        read_timeout: float | None,
    ) -> None:
        self.passed = passed
        if passed is not None:
            PinpointCore._watch(passed)  # the sync client's before-parse handler, as on a build
        self.options = options
        self.config = config
        # The timeouts of the first client, worked out now with the config's own class (botocore's
        # Config without one: aiobotocore is imported only when a client is built; an AioConfig's
        # own options, such as connector_args, are unknown to botocore's Config).
        if config is not None and not isinstance(config, Config):
            raise TypeError("config: expected an aiobotocore AioConfig (a botocore Config)")
        self.timeouts: _Timeouts = timeouts(
            build_config(
                Config if config is None else type(config),
                config,
                connect_timeout=connect_timeout,
                read_timeout=read_timeout,
                who="AsyncPinpointClient",
            )
        )
        self._by_timeouts: dict[_Timeouts, _Connection] = {}

    def get(self, key: _Timeouts) -> _Connection:
        """The connection with these timeouts (not opened yet)."""
        if key not in self._by_timeouts:
            self._by_timeouts[key] = _Connection(self.passed, self, key)
        return self._by_timeouts[key]

    async def close(self) -> None:
        for connection in list(self._by_timeouts.values()):
            await connection.close()


class _Connection:
    """One aiobotocore client: the one passed in, or one built on first use and closed by
    ``close()``."""

    def __init__(self, raw: Any, family: _Connections, timeouts: _Timeouts) -> None:
        self.raw = raw
        self.family = family
        self.timeouts = timeouts
        self._stack: contextlib.AsyncExitStack | None = None
        self._opening: asyncio.Lock | None = None

    async def get(self) -> Any:
        if self.raw is not None:
            return self.raw
        if self._opening is None:
            self._opening = asyncio.Lock()
        async with self._opening:  # many first calls at once build one client
            if self.raw is None:
                stack = contextlib.AsyncExitStack()
                context = _create_client(
                    **self.family.options,
                    config=self.family.config,
                    connect_timeout=self.timeouts[0],
                    read_timeout=self.timeouts[1],
                )
                raw = await stack.enter_async_context(context)
                # The sync client's handlers: aiobotocore emits the same events.
                PinpointCore._watch(raw)
                check_built(raw, self.family.config)
                self.raw = raw
                self._stack = stack
        return self.raw

    async def close(self) -> None:
        stack, self._stack = self._stack, None
        if stack is not None:  # only a client we built: one passed in stays its owner's
            self.raw = None
            await stack.aclose()


def _create_client(
    *,
    session: Any,
    region_name: str | None,
    endpoint_url: str | None,
    config: Any,
    connect_timeout: float | None,
    read_timeout: float | None,
) -> Any:
    """aiobotocore's ``create_client`` context manager, configured as ``PinpointClient`` builds."""
    try:
        # Through importlib: typed Any, so this module type-checks where aiobotocore is absent.
        aio_config: Any = importlib.import_module("aiobotocore.config")
        aio_session: Any = importlib.import_module("aiobotocore.session")
    except ImportError:
        raise ImportError(_MISSING_EXTRA) from None
    session_given = session is not None
    session = session or aio_session.get_session()
    placeholder, region_name = local_signing(
        session_given=session_given,
        endpoint_url=endpoint_url,
        region_name=region_name,
        session_region=lambda: session.get_config_variable("region"),
    )
    merged = build_config(
        aio_config.AioConfig,
        config,
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        who="AsyncPinpointClient",
    )
    if merged.http_session_cls is _aiohttp_session_cls():  # a session class you chose is kept
        merged = merged.merge(aio_config.AioConfig(http_session_cls=_single_send_session_cls()))
    return session.create_client(
        "pinpoint",
        region_name=region_name,
        endpoint_url=endpoint_url,
        config=merged,
        aws_access_key_id=placeholder,
        aws_secret_access_key=placeholder,
    )


def _aiohttp_session_cls() -> Any:
    return importlib.import_module("aiobotocore.httpsession").AIOHTTPSession


@functools.cache
def _single_send_session_cls() -> Any:
    """aiobotocore's aiohttp session, with aiohttp's own resend of a PUT or DELETE turned off.

    aiohttp sends an idempotent request (its ``IDEMPOTENT_METHODS``: PUT and DELETE among them)
    again by itself when the server drops a reused keep-alive connection before answering, below
    the SDK's ``RetryPolicy``. Pinpoint's ``UpdateCampaign`` and ``UpdateSegment`` are PUTs that
    make a new version each time: a lost answer would make two versions, where the policy repeats
    only what is safe to repeat and urllib3 (the sync client) never resends. aiohttp has no public
    switch for it; ``_retry_connection`` is the attribute its own ``test_utils.TestClient`` sets
    for the same reason. ``tests/parity/test_applied_once.py`` fails if it stops working.
    """
    base = _aiohttp_session_cls()

    class SingleSendAIOHTTPSession(base):  # type: ignore[valid-type,misc]
        async def _get_session(self, proxy_url: Any) -> Any:
            aiohttp_session = await super()._get_session(proxy_url)
            aiohttp_session._retry_connection = False
            return aiohttp_session

    return SingleSendAIOHTTPSession
