"""Bulk-load endpoints with ``put_endpoints``: batches, a progress callback, per-endpoint failures
with their reasons, and ``wait_for_endpoint`` to read one back.

By default it generates ``--count`` endpoints plus ``--bad`` (1) endpoint that breaks Pinpoint's
100-character attribute value quota, to show how a failure is reported: the bad endpoint is
refused before sending and does not sink its batch. Or it reads them from a CSV file whose header
names Pinpoint columns (``Id``, ``ChannelType``, ``Address``, ``User.UserId``,
``Attributes.<name>``, ``User.UserAttributes.<name>``, ``Metrics.<name>``):

    python examples/bulk_load_endpoints.py                       # on an in-process emulator
    python examples/bulk_load_endpoints.py --count 10000 --workers 8
    python examples/bulk_load_endpoints.py --csv endpoints.csv

Against a running emulator (python -m pinpoint_sdk.emulator --port 4700), or AWS with boto3's
usual credentials (``--app-id`` loads into an existing app; without it a new app is created and
deleted at the end):

    python examples/bulk_load_endpoints.py --endpoint-url http://127.0.0.1:4700
    python examples/bulk_load_endpoints.py --aws --region us-east-1 --app-id APP --csv FILE

Accepted and failed counts and each failure's reason go to stdout, progress to stderr.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from _common import argument_parser, connect, scratch_app, status

from pinpoint_sdk import BulkProgress, PinpointClient, PutEndpointsInterrupted, models


def generated(count: int, bad: int) -> Iterator[models.EndpointBatchItem]:
    """``count`` email endpoints, then ``bad`` ones whose attribute value is too long."""
    for i in range(count):
        yield models.EndpointBatchItem(
            id=f"endpoint-{i:06d}",
            channel_type=models.ChannelType.EMAIL,
            address=f"user{i}@example.com",
            attributes={"plan": ["pro" if i % 3 == 0 else "free"]},
            user=models.EndpointUser(user_id=f"user-{i}"),
        )
    for i in range(bad):
        yield models.EndpointBatchItem(
            id=f"endpoint-bad-{i}",
            channel_type=models.ChannelType.EMAIL,
            address=f"bad{i}@example.com",
            attributes={"note": ["x" * 120]},  # Pinpoint allows at most 100 characters
        )


class BadRow(ValueError):
    """A CSV row that cannot become an endpoint at all."""


def from_csv(path: Path) -> Iterator[models.EndpointBatchItem]:
    """The endpoints of a CSV file, one per row, read lazily.

    Raises ``BadRow`` naming the line for a row that cannot become an endpoint at all (no Id, an
    unknown column or channel, a metric that is not a number); quotas are ``put_endpoints``' job.
    """
    with path.open(newline="", encoding="utf-8-sig") as file:
        reader = csv.DictReader(file)
        for row in reader:
            yield _endpoint(row, f"{path.name} line {reader.line_num}")


def _endpoint(row: dict[str, str], where: str) -> models.EndpointBatchItem:
    if not row.get("Id"):
        raise BadRow(f"{where}: Id is required (UpdateEndpointsBatch names every endpoint)")
    attributes: dict[str, list[str]] = {}
    user_attributes: dict[str, list[str]] = {}
    metrics: dict[str, float] = {}
    for column, cell in row.items():
        if column in ("Id", "ChannelType", "Address", "User.UserId") or not cell:
            continue
        kind, _, name = column.rpartition(".")
        if kind == "Attributes":
            attributes[name] = [cell]
        elif kind == "User.UserAttributes":
            user_attributes[name] = [cell]
        elif kind == "Metrics":
            try:
                metrics[name] = float(cell)
            except ValueError:
                raise BadRow(f"{where}: {column} must be a number, not {cell!r}") from None
        else:
            raise BadRow(f"{where}: unknown column {column!r}")
    channel = models.ChannelType(row.get("ChannelType") or "")
    # Unknown enum values are kept and sent as they are (a newer service may know them); a CSV
    # typo would then sink its whole batch at the service, so it is stopped here instead.
    if channel.is_unknown:
        raise BadRow(f"{where}: unknown ChannelType {row.get('ChannelType')!r}")
    user_id = row.get("User.UserId")
    return models.EndpointBatchItem(
        id=row["Id"],
        channel_type=channel,
        address=row.get("Address") or None,
        attributes=attributes or None,
        metrics=metrics or None,
        user=models.EndpointUser(user_id=user_id or None, user_attributes=user_attributes or None)
        if user_id or user_attributes
        else None,
    )


class _Remember:
    """Passes items through, keeping the first one: the endpoint to read back afterwards."""

    def __init__(self, items: Iterable[models.EndpointBatchItem]) -> None:
        self._items = items
        self.first: models.EndpointBatchItem | None = None

    def __iter__(self) -> Iterator[models.EndpointBatchItem]:
        for item in self._items:
            if self.first is None:
                self.first = item
            yield item


def show_progress(progress: BulkProgress) -> None:
    # Called on the calling thread after each batch; one status line, rewritten in place.
    sys.stderr.write(
        f"\r  {progress.accepted} accepted, {progress.failed} failed, "
        f"{progress.batches_sent} batches"
    )
    sys.stderr.flush()


def load(
    client: PinpointClient,
    app_id: str,
    endpoints: Iterable[models.EndpointBatchItem],
    *,
    workers: int,
) -> None:
    items = _Remember(endpoints)
    result = client.put_endpoints(app_id, items, max_workers=workers, progress=show_progress)
    sys.stderr.write("\n")
    print(
        f"Accepted {result.accepted} of {result.total} endpoints in {result.batches_sent} batch(es)"
    )
    if result.failed:
        print(f"Failed {len(result.failed)}:")
    for failure in result.failed:
        print(f"  #{failure.index} {failure.endpoint_id}: {failure.reason}")

    first = items.first
    if first is None or first.id is None or any(f.index == 0 for f in result.failed):
        return
    # Pinpoint applies endpoint writes after answering 202: read our own write back.
    endpoint = client.wait_for_endpoint(app_id, first.id, expected=first, timeout=30)
    print(
        f"{endpoint.id} reads back: {endpoint.channel_type} {endpoint.address}, "
        f"attributes {endpoint.attributes}, cohort {endpoint.cohort_id}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argument_parser(__doc__)
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--csv", type=Path, help="read the endpoints from this CSV file")
    source.add_argument("--count", type=int, default=1000, help="endpoints to generate (1000)")
    parser.add_argument(
        "--bad", type=int, default=1, help="generated endpoints that break a quota (1)"
    )
    parser.add_argument("--workers", type=int, default=4, help="concurrent batches (4)")
    args = parser.parse_args(argv)

    endpoints = from_csv(args.csv) if args.csv else generated(args.count, args.bad)
    with connect(args) as target, scratch_app(target.client, args.app_id, "bulk-load") as app_id:
        try:
            load(target.client, app_id, endpoints, workers=args.workers)
        except PutEndpointsInterrupted as stopped:
            # What was read before the bad row was still loaded: stopped.result accounts for it.
            if not isinstance(stopped.__cause__, BadRow):
                raise
            sys.stderr.write("\n")
            status(f"error: {stopped.__cause__} ({stopped.result.accepted} loaded before it)")
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
