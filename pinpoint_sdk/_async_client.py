"""``AsyncPinpointClient``: the typed facade over an aiobotocore ``pinpoint`` client.

The twin of ``PinpointClient`` for asyncio: the methods are generated from the same templates
(``pinpoint_sdk/_generated/async_client.py``), and every step that is not I/O is the sync
client's own: the request model becomes wire parameters and the answer a payload through the same
functions (``to_boto3``; ``_answers.split_metadata`` / ``read_answer``, which read a successful
answer's body once, in the same ``before-parse`` handler the sync client registers),
retries follow the same ``RetryPolicy`` decisions (``_async_retry``), malformed answers are caught
by the same ``before-parse`` check, errors are the same typed ``PinpointError`` subclasses.

aiobotocore is imported only when a client is built (the ``[async]`` extra); its objects are typed
``Any`` here, so this module type-checks without aiobotocore or its stubs.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import importlib
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar, cast

from botocore.exceptions import BotoCoreError, ClientError

from pinpoint_sdk import _answers, _bulk, models
from pinpoint_sdk._answers import read_answer, split_metadata, watch_answers
from pinpoint_sdk._async_ratelimit import AsyncRateLimits
from pinpoint_sdk._async_retry import AsyncSleep, call_async
from pinpoint_sdk._async_waiters import poll_async

# The sync client's private helpers, imported rather than copied so that both clients convert and
# check alike (hence the pyright ignores: private by name, shared by design).
from pinpoint_sdk._client import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_READ_TIMEOUT,
    _checked_timeout,  # pyright: ignore[reportPrivateUsage]
    _is_loopback,  # pyright: ignore[reportPrivateUsage]
    _none,  # pyright: ignore[reportPrivateUsage]
    _Operation,  # pyright: ignore[reportPrivateUsage]
)
from pinpoint_sdk._converter import to_boto3
from pinpoint_sdk._generated.async_client import (
    AsyncPinpointOperations,
    AsyncPinpointRawResponseOperations,
)
from pinpoint_sdk._limits import MAX_BATCH_ITEMS
from pinpoint_sdk._response import RawResponse, claim_raw_slot
from pinpoint_sdk._retired_calls import warn_if_retired
from pinpoint_sdk._retry import RetryBudget, RetryPolicy, is_safe_to_repeat
from pinpoint_sdk._waiters import endpoint_wait, import_job_wait
from pinpoint_sdk.errors import (
    PinpointError,
    from_botocore,
)

__all__ = ["AsyncPinpointClient", "AsyncPinpointClientWithRawResponse"]

_Output = TypeVar("_Output")
_Payload = TypeVar("_Payload")
_Client = TypeVar("_Client", bound="AsyncPinpointClient")

_MISSING_EXTRA = (
    "AsyncPinpointClient needs aiobotocore: install it with pip install 'pinpoint-sdk[async]'"
)


class AsyncPinpointClient(AsyncPinpointOperations):
    """``PinpointClient`` for asyncio: the same methods, arguments, models and errors, awaited.

    ``AsyncPinpointClient(region_name=..., endpoint_url=...)`` builds an aiobotocore client itself
    (from an aiobotocore ``session``, if given) on first use or on entering ``async with``, with
    botocore's own retries off and the same timeouts as ``PinpointClient`` (5 s to connect, 15 s
    to read); pointed at a loopback endpoint (the emulator) it signs with placeholder
    credentials. Leave ``async with`` (or ``await client.close()``) to close it.
    ``AsyncPinpointClient(aio_client)`` wraps an aiobotocore client you made and entered
    yourself; it stays yours to close.

    ``retry`` is the same ``RetryPolicy`` as the sync client's (its ``clock`` is used; ``sleep``,
    an awaitable, replaces its blocking ``sleep``: ``asyncio.sleep`` by default). ``rate_limits``
    caps requests per second by operation. One client serves many concurrent tasks of one event
    loop.
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
        rate_limits: Mapping[str, float] | None = None,
        sleep: AsyncSleep | None = None,
    ) -> None:
        building = (session, region_name, endpoint_url, connect_timeout, read_timeout, config)
        if client is not None and any(option is not None for option in building):
            raise TypeError(
                "AsyncPinpointClient: pass an aiobotocore client, or the options to build one "
                "(session, region_name, endpoint_url, connect_timeout, read_timeout, config), "
                "not both; an aiobotocore client you made keeps its own Config"
            )
        # Shared with every with_options() copy: one aiobotocore client, opened once.
        self._connection = _Connection(
            client,
            {
                "session": session,
                "region_name": region_name,
                "endpoint_url": endpoint_url,
                "config": config,
                "connect_timeout": _checked_timeout("connect_timeout", connect_timeout),
                "read_timeout": _checked_timeout("read_timeout", read_timeout),
            },
        )
        self._retry = retry
        self._async_sleep: AsyncSleep = sleep or asyncio.sleep
        self._rate_limits = AsyncRateLimits(rate_limits, clock=self._clock, sleep=self._sleep)
        self._budget = RetryBudget()
        # Shared with the with_options() copies, as the sync client's.
        self._operations: dict[str, _Operation] = {}

    @property
    def raw(self) -> Any:
        """The aiobotocore client underneath (``None`` until this client has opened it)."""
        return self._connection.raw

    @property
    def retry(self) -> RetryPolicy | None:
        """The retry policy of this client (``None``: no retries)."""
        return self._retry

    @property
    def retry_budget(self) -> RetryBudget:
        """The retry budget of this client (shared with its ``with_options`` copies)."""
        return self._budget

    @property
    def with_raw_response(self) -> AsyncPinpointClientWithRawResponse:
        """Every operation again, answering a ``RawResponse`` with the HTTP status, headers and
        request id of the answer; ``.parse()`` gives what the plain method returns::

            response = await client.with_raw_response.get_campaign(application_id=a, campaign_id=c)
            response.request_id, response.status_code
            campaign = response.parse()  # models.CampaignResponse
        """
        return AsyncPinpointClientWithRawResponse(self)

    def with_options(self: _Client, *, retry: RetryPolicy | None) -> _Client:
        """A copy of this client with another retry policy, sharing its connections, budget and
        rate limits (``await client.with_options(retry=None).create_campaign(...)``)."""
        clone = type(self).__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone._retry = retry
        return clone

    async def open(self: _Client) -> _Client:
        """Build the aiobotocore client now (otherwise: on the first call). Returns ``self``."""
        await self._client()
        return self

    async def close(self) -> None:
        """Close the aiobotocore client this client built (not one you passed in); copies made
        by ``with_options`` share it. A closed client opens a new one if used again."""
        await self._connection.close()

    async def __aenter__(self: _Client) -> _Client:
        await self._client()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def __repr__(self) -> str:
        raw = self._connection.raw
        if raw is None:
            options = self._connection.options
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
        body, metadata = split_metadata(await self._invoke(operation, request, read_once=True))
        if slot is None:
            # The payload is a required member: an answer without it reads as its zero value.
            return payload(read_answer(output, body))
        slot.response = RawResponse(
            operation_name=operation,
            metadata=metadata,
            parse=lambda: payload(read_answer(output, body)),
        )
        # The raw method's wrapper answers the slot's RawResponse and drops this placeholder.
        return cast("_Payload", None)

    async def _send(self, operation: str, request: Any) -> None:
        slot = claim_raw_slot()
        answer = await self._invoke(operation, request)
        if slot is not None:
            _body, metadata = split_metadata(answer)
            slot.response = RawResponse(operation_name=operation, metadata=metadata, parse=_none)

    async def _invoke(
        self, operation: str, request: Any, *, read_once: bool = False
    ) -> dict[str, Any]:
        # ConversionError here, before anything is sent.
        return await self._invoke_wire(operation, to_boto3(request), read_once=read_once)

    async def _invoke_wire(
        self, operation: str, params: dict[str, Any], *, read_once: bool = False
    ) -> dict[str, Any]:
        """Send ``params``; with ``read_once`` the answer may come back as JSON for
        ``read_answer`` (``_answers.ANSWER_KEY``) instead of botocore's parse."""
        raw = await self._client()
        warn_if_retired(operation, raw.meta.endpoint_url)
        watch_answers(raw)  # the sync client's before-parse handler: aiobotocore emits it too
        # A context variable: this task's own calls are marked, other tasks' are not.
        token = _answers.expecting(operation if read_once else None)
        try:
            return await self._invoke_checked(raw, operation, params)
        finally:
            _answers.done(token)

    async def _invoke_checked(
        self, raw: Any, operation: str, params: dict[str, Any]
    ) -> dict[str, Any]:
        # What the call needs of its operation, looked up once per client as the sync client does
        # (the same service model whichever aiobotocore client this client has open).
        known = self._operations.get(operation)
        if known is None:
            known = self._operations[operation] = _Operation.of(raw, operation)
        method = getattr(raw, known.method)

        async def attempt() -> dict[str, Any]:
            await self._rate_limits.acquire(operation)
            try:
                response: dict[str, Any] = await method(**params)
            except ClientError as error:
                raise PinpointError.from_client_error(error, operation) from error
            except BotoCoreError as error:  # could not reach Pinpoint, or nothing was sent
                raise from_botocore(error, operation) from error
            return response

        if self._retry is None:
            return await attempt()
        return await call_async(
            self._retry,
            attempt,
            operation=operation,
            safe_to_repeat=is_safe_to_repeat(known.model, params),
            budget=self._budget,
            if_unclear=known.if_unclear,
            sleep=self._async_sleep,
        )

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
        await self._client()
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

    @property
    def _clock(self) -> Callable[[], float]:
        return self._retry.clock if self._retry is not None else time.monotonic

    async def _sleep(self, seconds: float) -> None:
        await self._async_sleep(seconds)


class AsyncPinpointClientWithRawResponse(AsyncPinpointRawResponseOperations):
    """``client.with_raw_response`` of an ``AsyncPinpointClient``: each operation answering a
    ``RawResponse``, through the client's retries and rate limits (the plain methods, wrapped)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<AsyncPinpointClientWithRawResponse of {self._client!r}>"


class _Connection:
    """The aiobotocore client of an ``AsyncPinpointClient`` and its ``with_options`` copies:
    the one passed in, or one built on first use (in the caller's event loop) and closed by
    ``close()``."""

    def __init__(self, raw: Any, options: dict[str, Any]) -> None:
        self.raw = raw
        self.options = options
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
                self.raw = await stack.enter_async_context(_create_client(**self.options))
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
    AioConfig = aio_config.AioConfig
    get_session = aio_session.get_session
    if config is not None and getattr(config, "retries", None) is not None:
        raise ValueError(
            "config.retries: AsyncPinpointClient turns botocore's retries off so that attempts "
            "never multiply; pass retry=RetryPolicy(...) instead"
        )
    placeholder: str | None = None
    if session is None and endpoint_url is not None and _is_loopback(endpoint_url):
        # A local endpoint (the emulator) checks no signature, but botocore signs every request.
        placeholder = "local"
        region_name = region_name or "us-east-1"
    session = session or get_session()
    merged = AioConfig(
        connect_timeout=DEFAULT_CONNECT_TIMEOUT, read_timeout=DEFAULT_READ_TIMEOUT
    ).merge(config or AioConfig())
    if connect_timeout is not None:
        merged = merged.merge(AioConfig(connect_timeout=connect_timeout))
    if read_timeout is not None:
        merged = merged.merge(AioConfig(read_timeout=read_timeout))
    # Our RetryPolicy is the only retry layer: one attempt per botocore call.
    merged = merged.merge(AioConfig(retries={"total_max_attempts": 1, "mode": "standard"}))
    return session.create_client(
        "pinpoint",
        region_name=region_name,
        endpoint_url=endpoint_url,
        config=merged,
        aws_access_key_id=placeholder,
        aws_secret_access_key=placeholder,
    )
