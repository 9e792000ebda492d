"""Import jobs: the stand-in for S3, Pinpoint's CSV and JSON endpoint files, and job progress.

A job moves one state each time it is read (GetImportJob, or listed by GetImportJobs or
GetSegmentImportJobs)::

    CREATED -> INITIALIZING -> PROCESSING -> COMPLETING -> COMPLETED
                            \\-> FAILING -> FAILED        (no object at S3Url)
                                          PROCESSING -> FAILING -> FAILED   (a piece failed)

``Emulator.run_import_jobs()`` moves every job to its final state at once. The objects are read
on the step out of INITIALIZING and imported on the step out of PROCESSING, so an object placed
any time before that is seen.

An import streams its objects: rows are read and checked without the state's lock, and stored
in batches of ``BATCH_ROWS`` under it, so other requests are served while a large import runs and
memory holds a batch, not the object. Whatever goes wrong inside a job (an object that cannot be
opened, a row nested too deeply, a bug) fails that job, never the request that read it.
"""

from __future__ import annotations

import codecs
import csv
import io
import ipaddress
import logging
import re
import threading
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from botocore.model import Shape

from ._endpoints import upsert_endpoints
from ._errors import ServiceError
from ._model import JsonError, JsonTooDeep, load_json, validate
from ._state import App, ImportJob, Json, Segment, State, new_id

__all__ = [
    "BATCH_ROWS",
    "MAX_LINE_CHARS",
    "ObjectStore",
    "advance",
    "bucket_problem",
    "is_final",
    "key_problem",
    "parse_s3_url",
]

logger = logging.getLogger("pinpoint_sdk.emulator")

FINAL_STATES = frozenset({"COMPLETED", "FAILED"})
MAX_FAILURES_LISTED = 100
#: Rows stored per hold of the state's lock.
BATCH_ROWS = 200
#: The longest line (CSV row or JSON endpoint) an import reads; an endpoint is at most 15 KB, so
#: a longer line is refused unread rather than held in memory.
MAX_LINE_CHARS = 1024 * 1024
#: S3's longest key, in UTF-8 bytes.
MAX_KEY_BYTES = 1024
_READ_BYTES = 64 * 1024

_S3_URL = re.compile(r"^s3://([^/]*)(?:/(.*))?$", re.DOTALL)
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]$")

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
    """``s3://bucket/key`` -> (bucket, key); None when it is not an S3 URL with a valid bucket
    name and key (``bucket_problem``, ``key_problem`` say why)."""
    match = _S3_URL.match(url)
    if match is None:
        return None
    bucket, key = match.group(1), match.group(2) or ""
    if bucket_problem(bucket) or key_problem(key):
        return None
    return bucket, key


def bucket_problem(bucket: str) -> str | None:
    """Why S3 would refuse ``bucket`` as a bucket name; None when it is valid."""
    if not _BUCKET.match(bucket) or ".." in bucket:
        return (
            f"The bucket name {bucket[:80]!r} is not valid: a bucket name is 3 to 63 lowercase "
            "letters, digits, dots and hyphens, beginning and ending with a letter or digit."
        )
    try:
        ipaddress.IPv4Address(bucket)
    except ValueError:
        return None
    return f"The bucket name {bucket!r} is not valid: it must not be formatted as an IP address."


def key_problem(key: str) -> str | None:
    """Why ``key`` cannot be an object key here; None when it can."""
    if len(key.encode("utf-8", "surrogatepass")) > MAX_KEY_BYTES:
        return f"The object key is longer than {MAX_KEY_BYTES} bytes, the most S3 allows."
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in key):
        return "The object key contains a control character (such as NUL)."
    return None


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
        """Store an object; ``ValueError`` for a bucket name or key S3 would refuse."""
        problem = bucket_problem(bucket) or key_problem(key)
        if problem:
            raise ValueError(problem)
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

    def names(self, bucket: str, key: str) -> list[str]:
        """The keys of the objects ``s3://bucket/key`` names, in order, without reading them."""
        with self._lock:
            found = {name for name, _ in self._find_in_memory(bucket, key)}
        found.update(name for name, _ in self._on_disk(bucket, key))
        return sorted(found)

    def open(self, bucket: str, key: str) -> IO[bytes] | None:
        """One object to read as a stream; None when it is gone (or cannot be opened)."""
        with self._lock:
            data = self._objects.get((bucket, key))
        if data is not None:
            return io.BytesIO(data)  # shares the bytes until written: no copy
        for name, path in self._on_disk(bucket, key):
            if name == key:
                try:
                    return path.open("rb")
                except (OSError, ValueError):
                    return None
        return None

    def _on_disk(self, bucket: str, key: str) -> list[tuple[str, Path]]:
        """(key, file) under ``root`` for ``s3://bucket/key``; a key the file system cannot
        take (a NUL byte, a name too long) names nothing."""
        if self.root is None:
            return []
        try:
            root = self.root.resolve()
            bucket_root = (root / bucket).resolve()
            target = (root / bucket / key).resolve()
            # A key like "../../etc/passwd" must not read outside the folder standing in for S3.
            if not target.is_relative_to(bucket_root):
                return []
            if target.is_file():
                return [(key, target)]
            if not target.is_dir():
                return []
            return [
                (path.relative_to(bucket_root).as_posix(), path)
                for path in sorted(target.rglob("*"))
                if path.is_file() and path.resolve().is_relative_to(bucket_root)
            ]
        except (OSError, ValueError):
            return []

    def _find_in_memory(self, bucket: str, key: str) -> list[tuple[str, bytes]]:
        exact = self._objects.get((bucket, key))
        if exact is not None and key:
            return [(key, exact)]
        prefix = key if key.endswith("/") or not key else key + "/"
        return [
            (k, v) for (b, k), v in self._objects.items() if b == bucket and k.startswith(prefix)
        ]

    def _find_on_disk(self, bucket: str, key: str) -> list[tuple[str, bytes]]:
        found: list[tuple[str, bytes]] = []
        for name, path in self._on_disk(bucket, key):
            try:
                found.append((name, path.read_bytes()))
            except OSError:
                continue
        return found


def is_final(job: ImportJob) -> bool:
    return job.record["JobStatus"] in FINAL_STATES


def advance(
    state: State,
    app: App,
    job: ImportJob,
    store: ObjectStore,
    item_shape: Shape,
    *,
    request_id: str,
) -> None:
    """Move ``job`` one state on; a job in a final state stays there, and so does a job another
    request is importing. Call with ``state.lock`` held: the import itself lets it go."""
    if not job.idle.is_set():
        return
    try:
        _advance(state, app, job, store, item_shape, request_id=request_id)
    except Exception as error:  # a job must end, never poison every read of its app
        frame = traceback.extract_tb(error.__traceback__)[-1]
        logger.error(
            "import job %s failed: %s at %s:%s",
            job.id,
            type(error).__name__,
            frame.filename,
            frame.lineno,
        )
        _fail(job.record, "The import job failed: its data could not be processed.")
        job.record["JobStatus"] = "FAILED"
        job.record["CompletionDate"] = state.now()


def _advance(
    state: State,
    app: App,
    job: ImportJob,
    store: ObjectStore,
    item_shape: Shape,
    *,
    request_id: str,
) -> None:
    record = job.record
    status = record["JobStatus"]
    if status == "CREATED":
        record["JobStatus"] = "INITIALIZING"
    elif status == "INITIALIZING":
        bucket, key = parse_s3_url(record["Definition"]["S3Url"]) or ("", "")
        names = store.names(bucket, key) if bucket else []
        record["TotalPieces"] = len(names)
        if not names:
            _fail(record, f"No object found at {record['Definition']['S3Url'][:300]}.")
            record["FailedPieces"] = 0
            record["JobStatus"] = "FAILING"
        else:
            record["JobStatus"] = "PROCESSING"
    elif status == "PROCESSING":
        bucket, key = parse_s3_url(record["Definition"]["S3Url"]) or ("", "")
        names = store.names(bucket, key) if bucket else []
        record["TotalPieces"] = len(names)  # objects may have come or gone since INITIALIZING
        job.idle.clear()
        try:
            for name in names:
                _import_piece(state, app, job, store, bucket, name, item_shape, request_id)
        finally:
            job.idle.set()
        record["JobStatus"] = "FAILING" if record.get("FailedPieces") else "COMPLETING"
    elif status in ("COMPLETING", "FAILING"):
        record["JobStatus"] = "COMPLETED" if status == "COMPLETING" else "FAILED"
        record["CompletionDate"] = state.now()
        _fill_segment(app, job)


def _fail(record: Json, message: str) -> None:
    failures: list[str] = record.setdefault("Failures", [])
    if len(failures) < MAX_FAILURES_LISTED:
        failures.append(message)


def _add(record: Json, member: str, count: int = 1) -> None:
    record[member] = record.get(member, 0) + count


class _LineTooLong(ValueError):
    pass


def _import_piece(
    state: State,
    app: App,
    job: ImportJob,
    store: ObjectStore,
    bucket: str,
    name: str,
    item_shape: Shape,
    request_id: str,
) -> None:
    """Import one object, streamed: read and check rows without the lock, store each batch
    under it. A bad row is a failure; a piece fails when none of it could be read."""
    record = job.record
    is_csv = record["Definition"]["Format"] == "CSV"
    register = record["Definition"].get("RegisterEndpoints", True) is not False
    with state.unlocked():
        problem = _unreadable(store, bucket, name)
        stream = None if problem else store.open(bucket, name)
    if stream is None:
        _fail(record, f"{name}: {problem or 'the object is gone'}")
        _add(record, "FailedPieces")
        return
    imported = rows_seen = 0
    batch: list[tuple[int, Json | str]] = []

    def store_batch() -> None:
        nonlocal imported
        # Under the lock: counts and endpoints change where other requests read them.
        with state.lock:
            for line, row in batch:
                _add(record, "TotalProcessed")
                reason = _store_row(app, job, row, register, state.now(), request_id)
                if reason is None:
                    imported += 1
                else:
                    _add(record, "TotalFailures")
                    _fail(record, f"{name} line {line}: {reason}")
        batch.clear()

    with state.unlocked(), stream:
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        try:
            rows = _csv_rows(text) if is_csv else _json_rows(text)
            for line, row in rows:
                rows_seen += 1
                batch.append((line, _checked(row, item_shape)))
                if len(batch) >= BATCH_ROWS:
                    store_batch()
        except ValueError as error:  # the header, or a line too long to read: the piece stops
            if batch:
                store_batch()
            with state.lock:
                _fail(record, f"{name}: {error}")
                if rows_seen:
                    _add(record, "TotalFailures")
                else:
                    _add(record, "FailedPieces")
            if not rows_seen:
                return
        if batch:
            store_batch()
    if imported == 0 and rows_seen:
        _add(record, "FailedPieces")
    else:
        _add(record, "CompletedPieces")


def _unreadable(store: ObjectStore, bucket: str, name: str) -> str | None:
    """Why an object cannot be read as text at all (gone, or not UTF-8); None when it can.

    Checked in a first pass, chunk by chunk, so a piece that is not text imports nothing."""
    stream = store.open(bucket, name)
    if stream is None:
        return "the object is gone"
    decoder = codecs.getincrementaldecoder("utf-8")()
    with stream:
        try:
            while chunk := stream.read(_READ_BYTES):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as error:
            return f"not UTF-8 text ({error.reason})"
    return None


def _checked(row: Json | str, item_shape: Shape) -> Json | str:
    """The row when the model takes it as an endpoint, else the reason it does not (no state
    read: done without the lock)."""
    if isinstance(row, str):
        return row
    try:
        validate(item_shape, row, "$")
    except ServiceError as error:
        return error.message
    for required in ("ChannelType", "Address"):
        if not row.get(required):
            return f"{required} is required"
    return row


def _store_row(
    app: App, job: ImportJob, row: Json | str, register: bool, now: str, request_id: str
) -> str | None:
    """Store one checked row (``_checked``); the reason it failed, or None."""
    try:
        if isinstance(row, str):
            return row
        endpoint_id = row.pop("Id", None) or new_id()
        if register:
            upsert_endpoints(app, [(endpoint_id, row)], now=now, request_id=request_id)
            job.endpoint_ids.add(endpoint_id)
    except ServiceError as error:
        return error.message
    return None


def _lines(text: IO[str]) -> Iterator[str]:
    """The lines of ``text``, each at most ``MAX_LINE_CHARS``; a longer one stops the piece."""
    number = 0
    while line := text.readline(MAX_LINE_CHARS + 1):
        number += 1
        if len(line) > MAX_LINE_CHARS:
            raise _LineTooLong(f"line {number} is longer than {MAX_LINE_CHARS} characters")
        yield line


def _csv_rows(text: IO[str]) -> Iterator[tuple[int, Json | str]]:
    """(line, item or the reason the row is bad) for each row; ``ValueError`` for a header that
    cannot be read."""
    reader = csv.reader(_lines(text))
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as error:
        raise ValueError(f"not a CSV file ({error})") from None
    for column in header:
        if not _known_column(column):
            raise ValueError(f"unknown column {column[:60]!r} in the header row")
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                yield reader.line_num, f"{len(cells)} cells where the header has {len(header)}"
                continue
            yield reader.line_num, _csv_item(header, cells)
    except csv.Error as error:
        yield reader.line_num, f"not valid CSV ({error})"


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


def _json_rows(text: IO[str]) -> Iterator[tuple[int, Json | str]]:
    for number, line in enumerate(_lines(text), start=1):
        if not line.strip():
            continue
        try:
            value = load_json(line)
        except JsonTooDeep as error:
            yield number, f"not a JSON object: {error}"
            continue
        except JsonError:
            yield number, "not a JSON object"
            continue
        yield number, value if isinstance(value, dict) else "not a JSON object"


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
