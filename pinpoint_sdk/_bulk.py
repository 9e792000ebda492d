"""Bulk endpoint upserts: any iterable of endpoints, streamed into concurrent batch calls.

Pure logic with the sending injected, so the client wires in its retrying
``UpdateEndpointsBatch`` call and tests can count calls. Each endpoint is converted and encoded
once: the wire dicts the checks were made on are the ones sent. Memory stays bounded: items are read
lazily, and at most ``2 * max_workers`` batches are held at once (sent, or waiting their turn).

Writes of one endpoint ``Id`` land in input order: a batch holding an Id that an earlier batch
still in flight holds (retries included) waits until that batch is finished, while batches with
disjoint Ids go on concurrently; and an Id seen twice starts a new batch, so the order never
depends on how the service orders the items of one request.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Sized
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import TYPE_CHECKING, Any

import attrs
from botocore.exceptions import BotoCoreError, HTTPClientError

from pinpoint_sdk._converter import to_boto3
from pinpoint_sdk._limits import (
    MAX_ATTRIBUTE_NAMES_PER_APP,
    MAX_BATCH_ITEMS,
    MAX_ENDPOINTS_PER_USER,
    MAX_REQUEST_BYTES,
    PUSH_CHANNELS,
    USER_QUOTA_PROBLEM,
    attribute_names,
    batch_item_problems,
    endpoint_problems,
    replaces_a_push_endpoint,
    stored_size,
    wire_size,
)
from pinpoint_sdk.errors import ConversionError, PinpointError, PutEndpointsInterrupted

if TYPE_CHECKING:
    from pinpoint_sdk.models import EndpointBatchItem

__all__ = [
    "BulkProgress",
    "FailedEndpoint",
    "PutEndpointsInterrupted",  # defined in pinpoint_sdk.errors; still importable from here
    "PutEndpointsResult",
    "put_endpoints",
]

# Room for the request envelope ({"Item": [...]}) and separators around the items.
_ENVELOPE_BYTES = 1024

#: Users whose endpoints in the load are remembered for the 15-per-user check, the most recently
#: seen ones: memory stays bounded however many users a load has.
TRACKED_USERS = 2_000


@attrs.frozen
class FailedEndpoint:
    """An endpoint that was not accepted, and why."""

    index: int
    """Its position in the iterable given to ``put_endpoints`` (0-based)."""
    endpoint_id: str | None
    """Its ``Id``, when it had one."""
    reason: str
    """What went wrong: a quota it breaks, a bad value, or the service's error for its batch."""
    error: BaseException | None = attrs.field(default=None, eq=False, repr=False)
    """The exception behind ``reason``, when there was one (a typed ``PinpointError``, ...)."""
    may_be_applied: bool = False
    """True when its batch's outcome is unknown: the request may have reached the service and been
    applied (a lost answer: dropped connection, read timeout; or a 5xx). False when it was
    certainly not applied: refused before sending, or answered with a 4xx."""


@attrs.frozen
class PutEndpointsResult:
    """What a bulk load did: every endpoint read is either accepted or listed in ``failed``."""

    accepted: int
    """Endpoints the service accepted (answered 202 for their batch)."""
    failed: tuple[FailedEndpoint, ...]
    """Endpoints not accepted, in input order."""
    batches_sent: int
    """Batches sent, each counted once however often it was retried."""

    @property
    def ok(self) -> bool:
        """True when every endpoint was accepted."""
        return not self.failed

    @property
    def total(self) -> int:
        """Endpoints read from the input: ``accepted + len(failed)``."""
        return self.accepted + len(self.failed)

    @property
    def uncertain(self) -> tuple[FailedEndpoint, ...]:
        """The failures that may have been applied all the same (``may_be_applied``)."""
        return tuple(f for f in self.failed if f.may_be_applied)


@attrs.frozen
class BulkProgress:
    """Progress of a bulk load, given to the ``progress`` callback after each batch."""

    accepted: int
    failed: int
    batches_sent: int


ProgressCallback = Callable[[BulkProgress], object]


@attrs.define(eq=False)
class _Batch:
    items: list[tuple[int, EndpointBatchItem]] = attrs.Factory(list)
    wire: list[dict[str, Any]] = attrs.Factory(list)
    ids: set[str] = attrs.Factory(set)
    size: int = _ENVELOPE_BYTES


def _may_be_applied(error: BaseException) -> bool:
    """Whether a batch that failed with ``error`` may have been applied all the same."""
    if isinstance(error, PinpointError):
        # A 4xx is a refusal; a 5xx says the service failed, not that it did nothing.
        return error.status_code is None or error.status_code >= 500
    # A read timeout or a closed connection (HTTPClientError): the request may have arrived.
    # Any other botocore error (no connection made, no credentials, bad parameters) comes before
    # sending. Anything else is unknown, and cannot be ruled out.
    return isinstance(error, HTTPClientError) or not isinstance(error, BotoCoreError)


class _UserEndpoints:
    """The endpoint Ids each ``User.UserId`` has in the load, for the 15-per-user quota.

    Only the load is known here (not what the app already stores), and only for the
    ``TRACKED_USERS`` users seen most recently: a user forgotten and seen again starts from
    zero, so the check can miss a 16th endpoint (the service then refuses its batch) but never
    refuses one the load leaves within the quota.
    """

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._members: OrderedDict[str, dict[str, str | None]] = OrderedDict()
        self._user_of: dict[str, str] = {}

    def admit(self, endpoint_id: str, user_id: str, channel: str | None) -> str | None:
        """Record the endpoint as the user's; or say why it would break the quota."""
        members = self._members.get(user_id)
        if members is None:
            members = self._members[user_id] = {}
            if len(self._members) > self._limit:
                _, forgotten = self._members.popitem(last=False)
                for eid in forgotten:
                    self._user_of.pop(eid, None)
        else:
            self._members.move_to_end(user_id)
        if channel is None:  # the service keeps the channel the endpoint had
            channel = members.get(endpoint_id)
        if endpoint_id not in members and len(members) >= MAX_ENDPOINTS_PER_USER:
            if not replaces_a_push_endpoint(channel, members.values()):
                return USER_QUOTA_PROBLEM
            # The user's oldest push endpoint gives way: it loses its UserId.
            oldest = next(eid for eid, c in members.items() if c in PUSH_CHANNELS)
            del members[oldest]
            self._user_of.pop(oldest, None)
        previous = self._user_of.get(endpoint_id)
        if previous is not None and previous != user_id:
            self._members.get(previous, {}).pop(endpoint_id, None)
        members[endpoint_id] = channel
        self._user_of[endpoint_id] = user_id
        return None


def _input_length(endpoints: Iterable[object]) -> int | None:
    return len(endpoints) if isinstance(endpoints, Sized) else None


def _tqdm_callback(total: int | None) -> tuple[ProgressCallback, Callable[[], None]]:
    try:
        from tqdm import tqdm  # type: ignore[import-untyped]  # optional: the [progress] extra
    except ImportError:
        raise ImportError(
            "progress=True shows a tqdm bar: install it with pip install 'pinpoint-sdk[progress]'"
        ) from None
    bar = tqdm(total=total, unit="endpoint")

    def update(p: BulkProgress) -> None:
        bar.update(p.accepted + p.failed - bar.n)

    return update, bar.close


def put_endpoints(
    send: Callable[[list[dict[str, Any]]], object],
    endpoints: Iterable[EndpointBatchItem],
    *,
    batch_size: int = MAX_BATCH_ITEMS,
    max_workers: int = 4,
    progress: ProgressCallback | bool | None = None,
) -> PutEndpointsResult:
    """Send ``endpoints`` in batches through ``send``, which takes a batch's items as wire dicts
    (``EndpointBatchRequest.Item``); see ``PinpointClient.put_endpoints``."""
    from pinpoint_sdk.models import EndpointBatchItem

    if not 1 <= batch_size <= MAX_BATCH_ITEMS:
        raise ValueError(f"batch_size must be 1 to {MAX_BATCH_ITEMS}, got {batch_size}")
    if max_workers < 1:
        raise ValueError(f"max_workers must be at least 1, got {max_workers}")
    items_in = iter(endpoints)
    close: Callable[[], None] | None = None
    callback: ProgressCallback | None
    if progress is True:
        callback, close = _tqdm_callback(_input_length(endpoints))
    else:
        callback = progress or None

    failed: list[FailedEndpoint] = []
    counts = {"accepted": 0, "batches": 0}
    seen_names: set[tuple[str, str]] = set()
    users = _UserEndpoints(TRACKED_USERS)
    input_error: list[Exception] = []

    def refuse(index: int, item: Any, reason: str, error: BaseException | None = None) -> None:
        endpoint_id = getattr(item, "id", None)
        failed.append(
            FailedEndpoint(
                index, endpoint_id if isinstance(endpoint_id, str) else None, reason, error
            )
        )

    def check(wire: dict[str, Any], size: int) -> list[str]:
        problems = batch_item_problems(wire) + endpoint_problems(wire, stored_size(wire, size))
        names = attribute_names(wire) - seen_names
        if len(seen_names) + len(names) > MAX_ATTRIBUTE_NAMES_PER_APP:
            problems.append(
                f"this load uses more than {MAX_ATTRIBUTE_NAMES_PER_APP} distinct attribute "
                "names (Attributes, Metrics and UserAttributes together)"
            )
        user_id = (wire.get("User") or {}).get("UserId")
        if not problems and user_id:
            problem = users.admit(wire["Id"], user_id, wire.get("ChannelType"))
            if problem is not None:
                problems.append(problem)
        if not problems:
            seen_names.update(names)
        return problems

    def read() -> Iterator[tuple[int, Any]]:
        index = 0
        while True:
            try:
                item = next(items_in)
            except StopIteration:
                return
            except Exception as error:  # the caller's iterable: what was read is still sent
                input_error.append(error)
                return
            yield index, item
            index += 1

    def batches() -> Iterator[_Batch]:
        batch = _Batch()
        for index, item in read():
            if not isinstance(item, EndpointBatchItem):
                refuse(index, item, f"expected an EndpointBatchItem, got {type(item).__name__}")
                continue
            try:
                wire = to_boto3(item)
            except ConversionError as error:
                refuse(index, item, str(error), error)
                continue
            size = wire_size(wire)
            problems = check(wire, size)
            if problems:
                refuse(index, item, "; ".join(problems))
                continue
            if batch.items and (
                len(batch.items) >= batch_size
                or batch.size + size + 1 > MAX_REQUEST_BYTES
                or wire["Id"] in batch.ids
            ):
                yield batch
                batch = _Batch()
            batch.items.append((index, item))
            batch.wire.append(wire)
            batch.ids.add(wire["Id"])
            batch.size += size + 1  # and a comma
        if batch.items:
            yield batch

    def run(batch: _Batch) -> BaseException | None:
        try:
            send(batch.wire)
        except Exception as error:  # recorded per item below: nothing is silently lost
            return error
        return None

    def collect(batch: _Batch, error: BaseException | None) -> None:
        # Runs on the calling thread only, so the counters need no lock.
        counts["batches"] += 1
        if error is None:
            counts["accepted"] += len(batch.items)
        else:
            reason = f"{type(error).__name__}: {getattr(error, 'message', None) or error}"
            uncertain = _may_be_applied(error)
            for index, item in batch.items:
                failed.append(FailedEndpoint(index, item.id, reason, error, uncertain))
        if callback is not None:
            callback(BulkProgress(counts["accepted"], len(failed), counts["batches"]))

    # Scheduling, on the calling thread only. ``holders`` queues, per Id, the unfinished batches
    # holding it in input order; a batch is sent when it heads the queue of each of its Ids. The
    # earliest unfinished batch always does, so something is running while anything waits.
    holders: dict[str, deque[_Batch]] = {}
    waiting: list[_Batch] = []
    running: dict[Future[BaseException | None], _Batch] = {}

    def ready(batch: _Batch) -> bool:
        return all(holders[i][0] is batch for i in batch.ids)

    def finish(done: set[Future[BaseException | None]], pool: ThreadPoolExecutor) -> None:
        for future in done:
            batch = running.pop(future)
            collect(batch, future.result())
            for i in batch.ids:
                queue = holders[i]
                queue.popleft()
                if not queue:
                    del holders[i]
        for batch in [b for b in waiting if ready(b)]:
            waiting.remove(batch)
            running[pool.submit(run, batch)] = batch

    try:
        with ThreadPoolExecutor(
            max_workers=max_workers, thread_name_prefix="put_endpoints"
        ) as pool:
            for batch in batches():
                while len(running) + len(waiting) >= 2 * max_workers:
                    finish(wait(running, return_when=FIRST_COMPLETED).done, pool)
                for i in batch.ids:
                    holders.setdefault(i, deque()).append(batch)
                if ready(batch):
                    running[pool.submit(run, batch)] = batch
                else:
                    waiting.append(batch)
            while running:
                finish(wait(running, return_when=FIRST_COMPLETED).done, pool)
    finally:
        if close is not None:
            close()
    failed.sort(key=lambda f: f.index)
    result = PutEndpointsResult(counts["accepted"], tuple(failed), counts["batches"])
    if input_error:
        error = input_error[0]
        raise PutEndpointsInterrupted(result, type(error).__name__) from error
    return result
