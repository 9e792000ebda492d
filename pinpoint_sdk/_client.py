"""``PinpointClient``: a typed facade over a boto3 ``pinpoint`` client.

The methods are generated (``pinpoint_sdk/_generated/client.py``); each builds its input model and
hands it to ``PinpointClient._call`` here, which converts it and sends it through the boto3 client
with the retry policy. Everything that is not I/O (options, ``Config``, errors, reading answers)
is ``PinpointCore``'s (``_base_client``), shared with ``AsyncPinpointClient``.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, overload

from pinpoint_sdk import models
from pinpoint_sdk._base_client import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_READ_TIMEOUT,
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
from pinpoint_sdk._converter import from_boto3, to_boto3
from pinpoint_sdk._generated.client import PinpointOperations
from pinpoint_sdk._limits import MAX_BATCH_ITEMS
from pinpoint_sdk._ratelimit import RateLimits
from pinpoint_sdk._response import claim_raw_slot
from pinpoint_sdk._retry import RetryPolicy, RetryRun, is_safe_to_repeat
from pinpoint_sdk._waiters import endpoint_wait, import_job_wait, poll

if TYPE_CHECKING:
    # boto3 (with s3transfer) costs a few hundred ms to import: only when a client is built.
    import boto3
    from botocore.client import BaseClient
    from botocore.config import Config

    from pinpoint_sdk import _bulk
    from pinpoint_sdk._raw_client import PinpointClientWithRawResponse

__all__ = [
    "DEFAULT_CONNECT_TIMEOUT",
    "DEFAULT_READ_TIMEOUT",
    "PinpointClient",
    "to_write_request",
]

_Output = TypeVar("_Output")
_Payload = TypeVar("_Payload")
_Client = TypeVar("_Client", bound="PinpointClient")


class PinpointClient(PinpointCore, PinpointOperations):
    """A typed Amazon Pinpoint client: models in, models out, typed errors, retries, iterators.

    ``PinpointClient()`` builds a boto3 client itself (from ``session``, ``region_name``,
    ``endpoint_url``) with botocore's own retries turned off and bounded timeouts
    (``connect_timeout``, 5 s, and ``read_timeout``, 15 s, by default; ``config`` takes any other
    botocore ``Config`` option). Pointed at a loopback endpoint (the emulator) without a
    ``session``, it signs with placeholder credentials.
    ``PinpointClient(boto3_client)`` wraps a client you made, as it is: its timeouts and its
    botocore retries, if any, apply, the latter inside each of our attempts. ``retry=None`` turns
    our retries off.

    ``rate_limits`` caps requests per second by operation (``{"update_endpoints_batch": 20}``),
    attempts and retries alike, shared by every thread using this client.

    A client is safe to share between threads. ``close()`` (or leaving a ``with`` block) closes
    its connections and those of its ``with_options`` copies.

    Args:
        client: A boto3 ``pinpoint`` client to wrap as it is; leave it out to have one built
            from the options below (not both).
        session: The boto3 session to build the client from (its credentials and region).
        region_name: The region; the session's (or ``AWS_DEFAULT_REGION``) when left out.
        endpoint_url: Where to send requests: the emulator's ``endpoint_url``, or AWS's own
            endpoint when left out.
        connect_timeout: Seconds to wait for a connection (default 5).
        read_timeout: Seconds to wait for an answer once connected (default 15).
        config: A ``botocore.config.Config`` for any other option (not ``retries``: this
            client's ``retry`` policy is the only retry layer).
        retry: The ``RetryPolicy`` for every call; ``None`` turns retries off.
        rate_limits: Requests per second by operation name (``{"update_endpoints_batch": 20}``).
    """

    def __init__(
        self,
        client: BaseClient | None = None,
        *,
        session: boto3.session.Session | None = None,
        region_name: str | None = None,
        endpoint_url: str | None = None,
        connect_timeout: float | None = None,
        read_timeout: float | None = None,
        config: Config | None = None,
        retry: RetryPolicy | None = RetryPolicy(),  # noqa: B008  (frozen: one shared default is safe)
        rate_limits: Mapping[str, float] | RateLimits | None = None,
    ) -> None:
        building = (session, region_name, endpoint_url, connect_timeout, read_timeout, config)
        check_building("PinpointClient", client, building)
        self._clients: _Boto3Clients | None = None
        if client is None:
            self._clients = _Boto3Clients(
                session,
                region_name,
                endpoint_url,
                config,
                connect_timeout=checked_timeout("connect_timeout", connect_timeout),
                read_timeout=checked_timeout("read_timeout", read_timeout),
            )
            client = self._clients.get(*timeouts(self._clients.config))
        self._raw = client
        # A truncated or garbled 2xx body raises MalformedResponseError instead of reading as zero
        # values; the same handler reads each answer once (one handler per boto3 client).
        self._watch(client)
        self._init_core(retry)
        if not isinstance(rate_limits, RateLimits):
            # The retry policy's clock and sleep, so that one injection serves tests of both.
            rate_limits = RateLimits(rate_limits, clock=self._clock, sleep=self._sleep)
        self._rate_limits = rate_limits
        self._acquire = rate_limits.acquire if rate_limits else None

    @property
    def raw(self) -> BaseClient:
        """The boto3 client underneath, for anything the facade does not cover."""
        return self._raw

    @property
    def connect_timeout(self) -> float | None:
        """Seconds each attempt waits for a connection to open (``None``: no limit)."""
        return timeouts(self._raw.meta.config)[0]

    @property
    def read_timeout(self) -> float | None:
        """Seconds each attempt waits for the next bytes of the answer (``None``: no limit)."""
        return timeouts(self._raw.meta.config)[1]

    @property
    def with_raw_response(self) -> PinpointClientWithRawResponse:
        """Every operation again, answering a ``RawResponse`` with the HTTP status, headers and
        request id of the answer; ``.parse()`` gives what the plain method returns::

            response = client.with_raw_response.get_campaign(application_id=app, campaign_id=cid)
            response.request_id, response.status_code, response.headers["content-type"]
            campaign = response.parse()  # models.CampaignResponse
        """
        from pinpoint_sdk._raw_client import PinpointClientWithRawResponse

        return PinpointClientWithRawResponse(self)

    def with_options(
        self: _Client,
        *,
        retry: RetryPolicy | NotGiven | None = NOT_GIVEN,
        connect_timeout: float | NotGiven = NOT_GIVEN,
        read_timeout: float | NotGiven = NOT_GIVEN,
    ) -> _Client:
        """A copy of this client with other options, sharing its retry budget and rate limits.

        ``client.with_options(retry=None).create_campaign(...)`` changes one call; keep the copy to
        change a block of calls. botocore fixes timeouts when it builds a client, so a copy with
        other timeouts uses another boto3 client, built once per pair of timeouts from the same
        session, credentials, region, endpoint and ``Config`` and kept for later copies;
        ``close()`` closes them all. Timeouts of a boto3 client you passed in are its own: set them
        in the ``botocore.config.Config`` you build it with.

        Args:
            retry: The copy's ``RetryPolicy`` (``None``: no retries); this client's when left out.
            connect_timeout: The copy's connect timeout in seconds; this client's when left out.
            read_timeout: The copy's read timeout in seconds; this client's when left out.
        """
        clone = self._copy_with(retry)
        if isinstance(connect_timeout, NotGiven) and isinstance(read_timeout, NotGiven):
            return clone
        if self._clients is None:
            raise TypeError(
                "with_options: the timeouts of a boto3 client you passed in are its own; build it "
                "with botocore.config.Config(connect_timeout=..., read_timeout=...) instead"
            )
        current = timeouts(self._raw.meta.config)
        clone._raw = raw = self._clients.get(
            current[0]
            if isinstance(connect_timeout, NotGiven)
            else checked_timeout("connect_timeout", connect_timeout),
            current[1]
            if isinstance(read_timeout, NotGiven)
            else checked_timeout("read_timeout", read_timeout),
        )
        self._watch(raw)
        return clone

    def close(self) -> None:
        """Close the connections of the boto3 client (and of every ``with_options`` copy's).

        Safe to call more than once; a closed client opens new connections if used again.
        """
        if self._clients is not None:
            self._clients.close()
        else:
            self._raw.close()

    def __enter__(self: _Client) -> _Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        region = self._raw.meta.region_name
        return f"<PinpointClient region={region!r} endpoint={self._raw.meta.endpoint_url!r}>"

    # The one path every generated method takes.

    def _call(
        self,
        operation: str,
        request: Any,
        output: type[_Output],
        payload: Callable[[_Output], _Payload],
    ) -> _Payload:
        slot = claim_raw_slot()  # before any I/O: with_raw_response's, if this call is one
        # ConversionError here, before anything is sent. A dict is the wire dict the generated
        # method wrote of string arguments, as to_boto3 writes them (codegen's _wire_of_strings).
        params = request if type(request) is dict else to_boto3(request)
        answer = self._invoke_wire(operation, params, typed=True)
        return self._read(operation, answer, output, payload, slot)

    def _send(self, operation: str, request: Any) -> None:
        slot = claim_raw_slot()
        params = request if type(request) is dict else to_boto3(request)  # as in _call
        answer = self._invoke_wire(operation, params, typed=True)
        self._read_nothing(operation, answer, slot)

    def _invoke_wire(
        self, operation: str, params: dict[str, Any], *, typed: bool = False, once: bool = False
    ) -> dict[str, Any]:
        """Send ``params``; ``typed``: they are ``to_boto3``'s of a typed request, so the answer may
        come back as JSON for ``_read`` instead of botocore's parse, and botocore does not check
        them again (``_base_client.check_built``). ``once``: one attempt, no retries.

        The first attempt is made here (as ``AsyncPinpointClient._invoke_wire`` does, where it
        spares a coroutine the call passes through on every resume); a failed one goes to the
        retry loop, whose later attempts are this method again with ``once``.
        """
        raw = self._raw
        known = self._operations.get(operation) or self._prepare(raw, operation)
        retry = None if once else self._retry
        started = retry.clock() if retry is not None else 0.0
        token = self._expect(operation if typed else None)
        try:
            try:
                if self._acquire is not None:  # the usual case has no rate limit
                    self._acquire(operation)
                response: dict[str, Any] = getattr(raw, known.method)(**params)
            except Exception as error:
                failed = failure_of(error, operation, raw.meta.endpoint_url)
                if retry is None:
                    raise failed  # noqa: B904  (failure_of chains the SDK's error to botocore's)
            else:
                if retry is not None:
                    RetryRun.answered(None, self._budget)
                return response
            return retry.call(
                functools.partial(self._invoke_wire, operation, params, typed=typed, once=True),
                operation=operation,
                safe_to_repeat=is_safe_to_repeat(known.model, params),
                budget=self._budget,
                if_unclear=known.if_unclear,
                started=started,
                failed=failed,
            )
        finally:
            self._expected(token)

    # Bulk loading and waiting: hand-written on top of the generated operations.

    def put_endpoints(
        self,
        application_id: str,
        endpoints: Iterable[models.EndpointBatchItem],
        *,
        batch_size: int = MAX_BATCH_ITEMS,
        max_workers: int = 4,
        progress: _bulk.ProgressCallback | bool | None = None,
    ) -> _bulk.PutEndpointsResult:
        """Upsert any number of endpoints with concurrent ``update_endpoints_batch`` calls.

        ``endpoints`` may be any iterable, a generator of millions included: it is read lazily and
        at most ``2 * max_workers`` batches (of at most ``batch_size`` <= 100 items and 7 MB) are
        held at once. Each endpoint is first checked against Pinpoint's quotas, as
        ``pinpoint_sdk._limits`` defines them for the emulator too (an ``Id``; attribute names
        <= 50 characters, values <= 100, <= 50 values per attribute; <= 15 KB as stored; <= 250
        distinct attribute names and <= 15 endpoints per ``User.UserId`` in the load), so a bad
        one fails alone, before sending. Each batch is retried under this client's policy and rate
        limits; writes of one ``Id`` land in input order, whatever is retried.

        The result counts the accepted endpoints and lists every one that was not, with its input
        position, the reason and whether it ``may_be_applied`` (its answer was lost): nothing is
        silently lost. If the iterable raises, what was read is still sent and
        ``PutEndpointsInterrupted`` is raised with the ``result``. ``progress`` is a callback
        taking a ``BulkProgress`` after each batch, or ``True`` for a tqdm bar
        (``pinpoint-sdk[progress]``) with a total when ``len(endpoints)`` works. Pinpoint applies
        accepted writes asynchronously: see ``wait_for_endpoint``.

        Args:
            application_id: The app (project) to write the endpoints to.
            endpoints: The endpoints to upsert, each an ``EndpointBatchItem`` with its ``Id``; any
                iterable, read once and lazily.
            batch_size: Endpoints per ``update_endpoints_batch`` request (1 to 100).
            max_workers: Batches in flight at once.
            progress: A callback taking a ``BulkProgress`` after each batch, ``True`` for a tqdm
                bar, or ``None`` for neither.
        """
        # Warned here, if ever (against AWS), so the warning points at the caller's line: the
        # batches are sent from worker threads, where the first frame outside the SDK is not theirs.
        self._prepare(self._raw, "UpdateEndpointsBatch")

        def send(items: list[dict[str, Any]]) -> None:
            # The items are already checked wire dicts: sent as they are, not converted again.
            params = {"ApplicationId": application_id, "EndpointBatchRequest": {"Item": items}}
            self._invoke_wire("UpdateEndpointsBatch", params)

        from pinpoint_sdk import _bulk  # here: only programs that bulk-load pay for its classes

        return _bulk.put_endpoints(
            send, endpoints, batch_size=batch_size, max_workers=max_workers, progress=progress
        )

    def wait_for_endpoint(
        self,
        application_id: str,
        endpoint_id: str,
        *,
        expected: models.EndpointRequest | models.EndpointBatchItem | None = None,
        timeout: float = 30.0,
        poll_interval: float = 0.2,
    ) -> models.EndpointResponse:
        """Wait until an endpoint reads back, and reads back as written when ``expected`` is given.

        Pinpoint answers endpoint writes with 202 Accepted before applying them; this polls
        ``get_endpoint`` (with backoff, a not-found or throttled read meaning "not yet") until
        every member of ``expected`` reads back: maps (``Attributes``, ``Metrics``,
        ``User.UserAttributes``) key by key, since Pinpoint merges them into what the endpoint
        had. Raises ``errors.WaitTimeoutError`` after ``timeout`` seconds.

        Args:
            application_id: The app (project) the endpoint belongs to.
            endpoint_id: The endpoint to wait for.
            expected: What was written (the request or batch item); every member of it must read
                back. ``None``: wait until the endpoint exists.
            timeout: Seconds to wait in all.
            poll_interval: Seconds before the second read; later reads back off up to 5 s apart.
        """
        return poll(
            lambda: self.get_endpoint(application_id=application_id, endpoint_id=endpoint_id),
            endpoint_wait(endpoint_id, expected, timeout=timeout, poll_interval=poll_interval),
            clock=self._clock,
            sleep=self._sleep,
        )

    def wait_for_import_job(
        self,
        application_id: str,
        job_id: str,
        *,
        timeout: float = 900.0,
        poll_interval: float = 1.0,
    ) -> models.ImportJobResponse:
        """Wait for an import job to finish: its final ``ImportJobResponse`` when ``COMPLETED``.

        Polls ``get_import_job`` with backoff (up to 30 s apart), throttled reads only meaning
        "not yet"; any other error, such as ``NotFoundException`` for a wrong id, is raised at
        once. Raises ``errors.ImportJobFailedError`` (with the job and its ``failures``) when it
        ends ``FAILED``, and ``errors.WaitTimeoutError`` after ``timeout`` seconds.

        Args:
            application_id: The app (project) the import job belongs to.
            job_id: The import job's ``Id`` (``create_import_job`` answers it).
            timeout: Seconds to wait in all.
            poll_interval: Seconds before the second read; later reads back off up to 30 s apart.
        """
        return poll(
            lambda: self.get_import_job(application_id=application_id, job_id=job_id),
            import_job_wait(job_id, timeout=timeout, poll_interval=poll_interval),
            clock=self._clock,
            sleep=self._sleep,
        )

    @property
    def _sleep(self) -> Callable[[float], None]:
        return self._retry.sleep if self._retry is not None else time.sleep


class _Boto3Clients:
    """The boto3 clients of one ``PinpointClient`` and its ``with_options`` copies: one per pair of
    timeouts, all built from the same session, credentials, region, endpoint and ``Config``.

    botocore fixes a client's timeouts when it builds it, so other timeouts need another client;
    keeping it means a copy made for each call does not build (and leak) a client each time.
    """

    def __init__(
        self,
        session: boto3.session.Session | None,
        region_name: str | None,
        endpoint_url: str | None,
        config: Config | None,
        *,
        connect_timeout: float | None,
        read_timeout: float | None,
    ) -> None:
        import boto3
        from botocore.config import Config

        session_given = session is not None
        # One session for every client of the family, so copies sign with the same credentials.
        self._session = the_session = session or boto3.session.Session()
        self._placeholder, self._region_name = local_signing(
            session_given=session_given,
            endpoint_url=endpoint_url,
            region_name=region_name,
            session_region=lambda: the_session.region_name,
        )
        self._endpoint_url = endpoint_url
        self._given_config = config
        self.config: Config = build_config(
            Config,
            config,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            who="PinpointClient",
        )
        self._built: dict[tuple[float | None, float | None], BaseClient] = {}
        # boto3 sessions are not thread-safe: clients are built one at a time.
        self._lock = threading.Lock()

    def get(self, connect_timeout: float | None, read_timeout: float | None) -> BaseClient:
        """The client with these timeouts, built on first use."""
        from botocore.config import Config

        key = (connect_timeout, read_timeout)
        with self._lock:
            if key not in self._built:
                config = self.config.merge(
                    Config(connect_timeout=connect_timeout, read_timeout=read_timeout)
                )
                # Typed as BaseClient: the boto3 stubs know the pinpoint client only with an extra.
                raw: BaseClient = self._session.client(
                    "pinpoint",
                    region_name=self._region_name,
                    endpoint_url=self._endpoint_url,
                    config=config,
                    aws_access_key_id=self._placeholder,
                    aws_secret_access_key=self._placeholder,
                )
                check_built(raw, self._given_config)
                self._built[key] = raw
            return self._built[key]

    def close(self) -> None:
        with self._lock:
            clients = list(self._built.values())
        for raw in clients:
            raw.close()


@overload
def to_write_request(resource: models.CampaignResponse) -> models.WriteCampaignRequest: ...
@overload
def to_write_request(resource: models.SegmentResponse) -> models.WriteSegmentRequest: ...
@overload
def to_write_request(resource: models.JourneyResponse) -> models.WriteJourneyRequest: ...
def to_write_request(resource: Any) -> Any:
    """The ``Write…Request`` that recreates ``resource`` (a ``CampaignResponse``, ``SegmentResponse``
    or ``JourneyResponse``), for read-modify-write::

        campaign = client.get_campaign(application_id=app, campaign_id=cid)
        write = attrs.evolve(pinpoint_sdk.to_write_request(campaign), description="new")
        client.update_campaign(application_id=app, campaign_id=cid, write_campaign_request=write)

    Every member both shapes share is kept, nested values converted where their types differ
    (``TreatmentResource`` -> ``WriteTreatmentResource``); members only the answer has (``Id``,
    ``Arn``, ``CreationDate``, ``Version`` ...) are left out.
    """
    name = type(resource).__name__
    if not name.endswith("Response"):
        raise TypeError(f"to_write_request: no Write…Request for a {name}")
    try:
        write_cls = getattr(models, f"Write{name.removesuffix('Response')}Request")
    except AttributeError:
        raise TypeError(f"to_write_request: no Write…Request for a {name}") from None
    # Through the wire form: the converter already matches members by name at every depth and
    # ignores the ones the target does not have.
    return from_boto3(write_cls, to_boto3(resource))
