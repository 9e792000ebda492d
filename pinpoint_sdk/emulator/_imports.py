"""Import jobs: the stand-in for S3, Pinpoint's CSV and JSON endpoint files, and job progress.

A job moves one state each time it is read (GetImportJob, or listed by GetImportJobs or
GetSegmentImportJobs)::

    CREATED -> INITIALIZING -> PROCESSING -> COMPLETING -> COMPLETED
                            \\-> FAILING -> FAILED        (no object at S3Url)
                                          PROCESSING -> FAILING -> FAILED   (a piece failed)

``Emulator.run_import_jobs()`` moves every job to its final state at once. The objects are read
on the step out of INITIALIZING and imported on the step out of PROCESSING, so an object placed
any time before that is seen.
"""

from __future__ import annotations

import csv
import io
import json
import re
import threading
from pathlib import Path

from botocore.model import Shape

from ._endpoints import upsert_endpoints
from ._errors import ServiceError
from ._model import validate
from ._state import App, ImportJob, Json, Segment, new_id

__all__ = ["ROLE_ARN", "ObjectStore", "advance", "is_final", "parse_s3_url"]

FINAL_STATES = frozenset({"COMPLETED", "FAILED"})
MAX_FAILURES_LISTED = 100

_S3_URL = re.compile(r"^s3://([a-z0-9][a-z0-9.\-]{1,61}[a-z0-9])(?:/(.*))?$")
ROLE_ARN = re.compile(r"^arn:aws[a-z\-]*:iam::\d{12}:role/[\w+=,.@/\-]{1,512}$")

_TOP_LEVEL = (
    "Address",
    "ChannelType",
    "EffectiveDate",
    "EndpointStatus",
    "Id",
    "OptOut",
    "RequestId",
)
_DEMOGRAPHIC = (
    "AppVersion",
    "Locale",
    "Make",
    "Model",
    "ModelVersion",
    "Platform",
    "PlatformVersion",
    "Timezone",
)
_LOCATION_TEXT = ("City", "Country", "PostalCode", "Region")
_LOCATION_NUMBER = ("Latitude", "Longitude")


def parse_s3_url(url: str) -> tuple[str, str] | None:
    """``s3://bucket/key`` -> (bucket, key); None when it is not an S3 URL."""
    match = _S3_URL.match(url)
    if match is None:
        return None
    return match.group(1), match.group(2) or ""


class ObjectStore:
    """Objects an import job can read: put in memory with ``put``, or files under ``root``.

    ``root/bucket/key`` stands for ``s3://bucket/key``. A URL names one object, or every object
    under it as a folder (``s3://bucket/folder/``), like Pinpoint's S3Url.
    """

    def __init__(self, root: Path | None = None) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._objects: dict[tuple[str, str], bytes] = {}

    def put(self, bucket: str, key: str, data: bytes) -> None:
        with self._lock:
            self._objects[(bucket, key)] = bytes(data)

    def clear(self) -> None:
        with self._lock:
            self._objects.clear()

    def write(self, bucket: str, key: str, data: bytes) -> None:
        """Store an object as a job writes it: a file under ``root`` when there is one (its
        bucket must be a folder there, as an S3 bucket must exist), else in memory.

        Raises ``OSError`` when it cannot be written (no such bucket, a key reaching outside it).
        """
        if self.root is None:
            self.put(bucket, key, data)
            return
        root = self.root.resolve()
        bucket_root = (root / bucket).resolve()
        if not bucket_root.is_dir() or not bucket_root.is_relative_to(root):
            raise FileNotFoundError(f"The bucket {bucket!r} does not exist.")
        target = (bucket_root / key).resolve()
        # The same guard as reading: a key like "../x" must not write outside the bucket.
        if not key or key.endswith("/") or not target.is_relative_to(bucket_root):
            raise PermissionError(f"The key {key[:200]!r} is not an object key in {bucket!r}.")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def get(self, bucket: str, key: str) -> bytes | None:
        """The object ``s3://bucket/key`` itself (never a folder's contents), or None."""
        if not key or key.endswith("/"):
            return None
        found = dict(self.find(bucket, key))
        return found.get(key)

    def keys(self, bucket: str, prefix: str = "") -> list[str]:
        """The keys of every object in ``bucket`` that start with ``prefix``, sorted."""
        folder = prefix.rpartition("/")[0]
        found = self.find(bucket, folder + "/" if folder else "")
        return [name for name, _ in found if name.startswith(prefix)]

    def find(self, bucket: str, key: str) -> list[tuple[str, bytes]]:
        """The objects ``s3://bucket/key`` names, in key order."""
        with self._lock:
            found = dict(self._find_in_memory(bucket, key))
        for name, data in self._find_on_disk(bucket, key):
            found.setdefault(name, data)
        return sorted(found.items())

    def _find_in_memory(self, bucket: str, key: str) -> list[tuple[str, bytes]]:
        exact = self._objects.get((bucket, key))
        if exact is not None and key:
            return [(key, exact)]
        prefix = key if key.endswith("/") or not key else key + "/"
        return [
            (k, v) for (b, k), v in self._objects.items() if b == bucket and k.startswith(prefix)
        ]

    def _find_on_disk(self, bucket: str, key: str) -> list[tuple[str, bytes]]:
        if self.root is None:
            return []
        root = self.root.resolve()
        target = (root / bucket / key).resolve()
        # A key like "../../etc/passwd" must not read outside the folder standing in for S3.
        if not target.is_relative_to(root / bucket):
            return []
        if target.is_file():
            return [(key, target.read_bytes())]
        if not target.is_dir():
            return []
        bucket_root = (root / bucket).resolve()
        return [
            (path.relative_to(bucket_root).as_posix(), path.read_bytes())
            for path in sorted(target.rglob("*"))
            if path.is_file() and path.resolve().is_relative_to(bucket_root)
        ]


def is_final(job: ImportJob) -> bool:
    return job.record["JobStatus"] in FINAL_STATES


def advance(
    app: App, job: ImportJob, store: ObjectStore, item_shape: Shape, *, now: str, request_id: str
) -> None:
    """Move ``job`` one state on; a job in a final state stays there."""
    record = job.record
    status = record["JobStatus"]
    if status == "CREATED":
        record["JobStatus"] = "INITIALIZING"
    elif status == "INITIALIZING":
        bucket, key = parse_s3_url(record["Definition"]["S3Url"]) or ("", "")
        objects = store.find(bucket, key)
        record["TotalPieces"] = len(objects)
        if not objects:
            _fail(record, f"No object found at {record['Definition']['S3Url']}.")
            record["FailedPieces"] = 0
            record["JobStatus"] = "FAILING"
        else:
            record["JobStatus"] = "PROCESSING"
    elif status == "PROCESSING":
        bucket, key = parse_s3_url(record["Definition"]["S3Url"]) or ("", "")
        pieces = store.find(bucket, key)
        record["TotalPieces"] = len(pieces)  # objects may have come or gone since INITIALIZING
        for name, data in pieces:
            _import_piece(app, job, name, data, item_shape, now=now, request_id=request_id)
        record["JobStatus"] = "FAILING" if record.get("FailedPieces") else "COMPLETING"
    elif status in ("COMPLETING", "FAILING"):
        record["JobStatus"] = "COMPLETED" if status == "COMPLETING" else "FAILED"
        record["CompletionDate"] = now
        _fill_segment(app, job)


def _fail(record: Json, message: str) -> None:
    failures: list[str] = record.setdefault("Failures", [])
    if len(failures) < MAX_FAILURES_LISTED:
        failures.append(message)


def _import_piece(
    app: App,
    job: ImportJob,
    name: str,
    data: bytes,
    item_shape: Shape,
    *,
    now: str,
    request_id: str,
) -> None:
    """Import one object; a bad row is a failure, a piece fails when none of it could be read."""
    record = job.record
    try:
        text = data.decode("utf-8-sig")
        rows = _csv_rows(text) if record["Definition"]["Format"] == "CSV" else _json_rows(text)
    except ValueError as error:
        _fail(record, f"{name}: {error}")
        record["FailedPieces"] = record.get("FailedPieces", 0) + 1
        return
    imported = 0
    for line, row in rows:
        record["TotalProcessed"] = record.get("TotalProcessed", 0) + 1
        try:
            if isinstance(row, str):
                raise ValueError(row)
            item = row
            validate(item_shape, item, "$")
            for required in ("ChannelType", "Address"):
                if not item.get(required):
                    raise ValueError(f"{required} is required")
            endpoint_id = item.pop("Id", None) or new_id()
            if job.record["Definition"].get("RegisterEndpoints", True) is not False:
                upsert_endpoints(app, [(endpoint_id, item)], now=now, request_id=request_id)
                job.endpoint_ids.add(endpoint_id)
            imported += 1
        except (ValueError, ServiceError) as error:
            reason = error.message if isinstance(error, ServiceError) else str(error)
            record["TotalFailures"] = record.get("TotalFailures", 0) + 1
            _fail(record, f"{name} line {line}: {reason}")
    if imported == 0 and rows:
        record["FailedPieces"] = record.get("FailedPieces", 0) + 1
    else:
        record["CompletedPieces"] = record.get("CompletedPieces", 0) + 1


def _csv_rows(text: str) -> list[tuple[int, Json | str]]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        return []
    except csv.Error as error:
        raise ValueError(f"not a CSV file ({error})") from None
    for column in header:
        if not _known_column(column):
            raise ValueError(f"unknown column {column[:60]!r} in the header row")
    rows: list[tuple[int, Json | str]] = []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                rows.append(
                    (reader.line_num, f"{len(cells)} cells where the header has {len(header)}")
                )
                continue
            rows.append((reader.line_num, _csv_item(header, cells)))
    except csv.Error as error:
        rows.append((reader.line_num, f"not valid CSV ({error})"))
    return rows


def _known_column(column: str) -> bool:
    head, _, rest = column.partition(".")
    if column in _TOP_LEVEL or column == "User.UserId":
        return True
    if head in ("Attributes", "Metrics"):
        return bool(rest)
    if head == "Demographic":
        return rest in _DEMOGRAPHIC
    if head == "Location":
        return rest in _LOCATION_TEXT or rest in _LOCATION_NUMBER
    return column.startswith("User.UserAttributes.") and len(column) > len("User.UserAttributes.")


def _csv_item(header: list[str], cells: list[str]) -> Json | str:
    item: Json = {}
    for column, cell in zip(header, cells, strict=True):
        if cell == "":
            continue
        head, _, rest = column.partition(".")
        if column in _TOP_LEVEL:
            item[column] = cell
        elif column == "User.UserId":
            item.setdefault("User", {})["UserId"] = cell
        elif column.startswith("User.UserAttributes."):
            name = column[len("User.UserAttributes.") :]
            item.setdefault("User", {}).setdefault("UserAttributes", {})[name] = [cell]
        elif head == "Attributes":
            item.setdefault("Attributes", {})[rest] = [cell]
        elif head == "Demographic":
            item.setdefault("Demographic", {})[rest] = cell
        elif head == "Metrics" or rest in _LOCATION_NUMBER:
            try:
                number = float(cell)
            except ValueError:
                return f"{column} must be a number, not {cell[:40]!r}"
            target = "Metrics" if head == "Metrics" else "Location"
            item.setdefault(target, {})[rest] = number
        else:
            item.setdefault("Location", {})[rest] = cell
    return item


def _json_rows(text: str) -> list[tuple[int, Json | str]]:
    rows: list[tuple[int, Json | str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except (ValueError, RecursionError):
            rows.append((number, "not a JSON object"))
            continue
        rows.append((number, value if isinstance(value, dict) else "not a JSON object"))
    return rows


def _fill_segment(app: App, job: ImportJob) -> None:
    segment_id = job.record["Definition"].get("SegmentId")
    segment: Segment | None = app.segments.get(segment_id) if segment_id else None
    if segment is None:
        return
    segment.endpoint_ids |= job.endpoint_ids
    definition = segment.current.get("ImportDefinition")
    if definition is not None:
        counts: dict[str, int] = {}
        for endpoint_id in segment.endpoint_ids:
            channel = app.endpoints.get(endpoint_id, {}).get("ChannelType")
            if channel:
                counts[channel] = counts.get(channel, 0) + 1
        definition["Size"] = len(segment.endpoint_ids)
        definition["ChannelCounts"] = counts
