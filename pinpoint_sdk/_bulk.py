"""Bulk endpoint upserts: any iterable of endpoints, streamed into concurrent batch calls.

Pure logic with the sending injected, so the client wires in its retrying
``UpdateEndpointsBatch`` call and tests can count calls. Each endpoint is converted and encoded
once: the wire dicts the checks were made on are the ones sent. Memory stays bounded: items are read
lazily, and at most ``2 * max_workers`` batches are in flight at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import TYPE_CHECKING, Any

import attrs

from pinpoint_sdk._converter import to_boto3
from pinpoint_sdk._limits import (
    MAX_ATTRIBUTE_NAMES_PER_APP,
    MAX_BATCH_ITEMS,
    MAX_REQUEST_BYTES,
    attribute_names,
    endpoint_problems,
    wire_size,
)
from pinpoint_sdk.errors import ConversionError

if TYPE_CHECKING:
    from pinpoint_sdk.models import EndpointBatchItem

__all__ = ["BulkProgress", "FailedEndpoint", "PutEndpointsResult", "put_endpoints"]

# Room for the request envelope ({"Item": [...]}) and separators around the items.
_ENVELOPE_BYTES = 1024


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


@attrs.frozen
class PutEndpointsResult:
    """What a bulk load did: every endpoint given is either accepted or listed in ``failed``."""

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
        return self.accepted + len(self.failed)


@attrs.frozen
class BulkProgress:
    """Progress of a bulk load, given to the ``progress`` callback after each batch."""

    accepted: int
    failed: int
    batches_sent: int


ProgressCallback = Callable[[BulkProgress], object]


@attrs.define
class _Batch:
    items: list[tuple[int, EndpointBatchItem]] = attrs.Factory(list)
    wire: list[dict[str, Any]] = attrs.Factory(list)
    size: int = _ENVELOPE_BYTES


def _tqdm_callback() -> tuple[ProgressCallback, Callable[[], None]]:
    try:
        from tqdm import tqdm  # type: ignore[import-untyped]  # optional: the [progress] extra
    except ImportError:
        raise ImportError(
            "progress=True shows a tqdm bar: install it with pip install 'pinpoint-sdk[progress]'"
        ) from None
    bar = tqdm(unit="endpoint")

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
    close: Callable[[], None] | None = None
    callback: ProgressCallback | None
    if progress is True:
        callback, close = _tqdm_callback()
    else:
        callback = progress or None

    failed: list[FailedEndpoint] = []
    counts = {"accepted": 0, "batches": 0}
    seen_names: set[tuple[str, str]] = set()

    def refuse(index: int, item: Any, reason: str, error: BaseException | None = None) -> None:
        endpoint_id = getattr(item, "id", None)
        failed.append(
            FailedEndpoint(
                index, endpoint_id if isinstance(endpoint_id, str) else None, reason, error
            )
        )

    def batches() -> Iterator[_Batch]:
        batch = _Batch()
        for index, item in enumerate(endpoints):
            if not isinstance(item, EndpointBatchItem):
                refuse(index, item, f"expected an EndpointBatchItem, got {type(item).__name__}")
                continue
            try:
                wire = to_boto3(item)
            except ConversionError as error:
                refuse(index, item, str(error), error)
                continue
            size = wire_size(wire)
            problems = endpoint_problems(wire, size)
            names = attribute_names(wire) - seen_names
            if len(seen_names) + len(names) > MAX_ATTRIBUTE_NAMES_PER_APP:
                problems.append(
                    f"this load uses more than {MAX_ATTRIBUTE_NAMES_PER_APP} distinct attribute "
                    "names (Attributes, Metrics and UserAttributes together)"
                )
            if problems:
                refuse(index, item, "; ".join(problems))
                continue
            seen_names.update(names)
            if batch.items and (
                len(batch.items) >= batch_size or batch.size + size + 1 > MAX_REQUEST_BYTES
            ):
                yield batch
                batch = _Batch()
            batch.items.append((index, item))
            batch.wire.append(wire)
            batch.size += size + 1  # and a comma
        if batch.items:
            yield batch

    def run(batch: _Batch) -> tuple[_Batch, BaseException | None]:
        try:
            send(batch.wire)
        except Exception as error:  # recorded per item below: nothing is silently lost
            return batch, error
        return batch, None

    def collect(future: Future[tuple[_Batch, BaseException | None]]) -> None:
        # Runs on the calling thread only, so the counters need no lock.
        batch, error = future.result()
        counts["batches"] += 1
        if error is None:
            counts["accepted"] += len(batch.items)
        else:
            reason = f"{type(error).__name__}: {getattr(error, 'message', None) or error}"
            for index, item in batch.items:
                refuse(index, item, reason, error)
        if callback is not None:
            callback(BulkProgress(counts["accepted"], len(failed), counts["batches"]))

    try:
        with ThreadPoolExecutor(
            max_workers=max_workers, thread_name_prefix="put_endpoints"
        ) as pool:
            pending: set[Future[tuple[_Batch, BaseException | None]]] = set()
            for batch in batches():
                if len(pending) >= 2 * max_workers:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        collect(future)
                pending.add(pool.submit(run, batch))
            for future in wait(pending).done:
                collect(future)
    finally:
        if close is not None:
            close()
    failed.sort(key=lambda f: f.index)
    return PutEndpointsResult(counts["accepted"], tuple(failed), counts["batches"])
