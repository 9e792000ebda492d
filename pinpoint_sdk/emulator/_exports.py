"""Export jobs: an app's (or a segment's) endpoints written to the object store, as Pinpoint does.

Pinpoint writes gzip-compressed, newline-delimited JSON under the job's ``S3UrlPrefix``, one
``EndpointResponse`` (as ``GetEndpoint`` answers it) per line. Here each job writes its objects
at ``<prefix>/<job id>/part-00000.gz``, ``part-00001.gz``, ... (``ENDPOINTS_PER_PIECE`` endpoints
each; no object when there is no endpoint).

A job moves one state each time it is read (GetExportJob, or listed by GetExportJobs or
GetSegmentExportJobs), as import jobs do::

    CREATED -> INITIALIZING -> PROCESSING -> COMPLETING -> COMPLETED
                                          \\-> FAILING -> FAILED   (an object could not be written,
                                                                   or the segment is gone)

The endpoints are chosen and written on the step out of PROCESSING, so the export holds the
endpoints as they are then.
"""

from __future__ import annotations

import gzip
import json

from ._endpoints import segment_endpoint_ids
from ._imports import ObjectStore, parse_s3_url
from ._state import App, ExportJob, Json

__all__ = [
    "ENDPOINTS_PER_PIECE",
    "advance",
    "exported_endpoints",
    "is_final",
    "piece_key",
    "split_prefix",
]

FINAL_STATES = frozenset({"COMPLETED", "FAILED"})
ENDPOINTS_PER_PIECE = 1000
MAX_FAILURES_LISTED = 100


def split_prefix(url: str) -> tuple[str, str] | None:
    """``s3://bucket/prefix`` -> (bucket, key prefix ending in ``/`` or empty); None when it
    is not an S3 URL (the rule import jobs apply to ``S3Url``)."""
    parsed = parse_s3_url(url)
    if parsed is None:
        return None
    bucket, prefix = parsed
    if prefix and not prefix.endswith("/"):
        prefix += "/"
    return bucket, prefix


def piece_key(prefix: str, job_id: str, piece: int) -> str:
    return f"{prefix}{job_id}/part-{piece:05d}.gz"


def is_final(job: ExportJob) -> bool:
    return job.record["JobStatus"] in FINAL_STATES


def exported_endpoints(app: App, definition: Json) -> list[Json] | str:
    """The endpoints a job's definition selects, in id order, or why it cannot select any.

    No ``SegmentId``: every endpoint of the app. With one, the endpoints of ``SegmentVersion``
    (default: the current version) of that segment, as a campaign would select them.
    """
    segment_id = definition.get("SegmentId")
    if not segment_id:
        return [app.endpoints[endpoint_id] for endpoint_id in sorted(app.endpoints)]
    segment = app.segments.get(segment_id)
    if segment is None:
        return f"Segment {segment_id} no longer exists."
    number = definition.get("SegmentVersion") or len(segment.versions)
    if not 1 <= number <= len(segment.versions):
        return f"Version {number} of segment {segment_id} no longer exists."
    version = segment.versions[number - 1]
    ids = segment_endpoint_ids(app, version, segment.endpoint_ids)
    return [app.endpoints[endpoint_id] for endpoint_id in ids]


def advance(app: App, job: ExportJob, store: ObjectStore, *, now: str) -> None:
    """Move ``job`` one state on; a job in a final state stays there."""
    record = job.record
    status = record["JobStatus"]
    if status == "CREATED":
        record["JobStatus"] = "INITIALIZING"
    elif status == "INITIALIZING":
        record["JobStatus"] = "PROCESSING"
    elif status == "PROCESSING":
        _write_pieces(app, job, store)
        failed = record["FailedPieces"] or record["Failures"]
        record["JobStatus"] = "FAILING" if failed else "COMPLETING"
    elif status in ("COMPLETING", "FAILING"):
        record["JobStatus"] = "COMPLETED" if status == "COMPLETING" else "FAILED"
        record["CompletionDate"] = now


def _write_pieces(app: App, job: ExportJob, store: ObjectStore) -> None:
    record = job.record
    definition = record["Definition"]
    endpoints = exported_endpoints(app, definition)
    if isinstance(endpoints, str):
        _fail(record, endpoints)
        return
    bucket, prefix = split_prefix(definition["S3UrlPrefix"]) or ("", "")
    pieces = [
        endpoints[start : start + ENDPOINTS_PER_PIECE]
        for start in range(0, len(endpoints), ENDPOINTS_PER_PIECE)
    ]
    record["TotalPieces"] = len(pieces)
    for number, piece in enumerate(pieces):
        lines = "".join(json.dumps(endpoint, sort_keys=True) + "\n" for endpoint in piece)
        # mtime=0: the same endpoints give the same bytes, so a test can compare objects.
        data = gzip.compress(lines.encode(), mtime=0)
        key = piece_key(prefix, job.id, number)
        record["TotalProcessed"] += len(piece)
        try:
            store.write(bucket, key, data)
        except OSError as error:
            record["FailedPieces"] += 1
            record["TotalFailures"] += len(piece)
            _fail(record, f"s3://{bucket}/{key}: {error}")
        else:
            record["CompletedPieces"] += 1


def _fail(record: Json, message: str) -> None:
    failures: list[str] = record["Failures"]
    if len(failures) < MAX_FAILURES_LISTED:
        failures.append(message)
