"""Import jobs: create, read (each read advances a job one step) and run to the end. The import
itself is in ``.._imports``."""

from __future__ import annotations

import copy
from typing import Any

from .._errors import bad_request, not_found
from .._imports import advance, bucket_problem, is_final, key_problem
from .._state import App, ImportJob, Json
from ._common import Context, HandlerTable, find_app, new_job_record, page
from .segments import SEGMENTS, new_segment

__all__ = ["HANDLERS", "run_import_jobs"]

HANDLERS = HandlerTable()
handler = HANDLERS.register


@handler("CreateImportJob")
def create_import_job(ctx: Context, params: dict[str, Any]) -> Json:
    app = find_app(ctx, params)
    request = copy.deepcopy(params["ImportJobRequest"])
    url = request["S3Url"]
    if not url.startswith("s3://"):
        raise bad_request(
            f"S3Url must look like s3://bucket-name/folder-name/file-name, not {url[:80]!r}."
        )
    bucket, _, key = url.removeprefix("s3://").partition("/")
    problem = bucket_problem(bucket) or key_problem(key)
    if problem:
        raise bad_request(f"S3Url: {problem}")
    # RoleArn is not checked for form: Pinpoint checks a role by assuming it (docs/emulator.md).
    # Members Pinpoint fills in the job's Definition when the request leaves them out.
    request.setdefault("DefineSegment", False)
    request.setdefault("RegisterEndpoints", True)
    segment_id = request.get("SegmentId")
    if segment_id and segment_id not in app.segments:
        raise bad_request(f"Segment {segment_id[:64]!r} does not exist in application {app.id}.")
    if request.get("DefineSegment") and not segment_id:
        definition: Json = {
            key: request[key]
            for key in ("ExternalId", "Format", "RoleArn", "S3Url")
            if request.get(key) is not None
        }
        # ExternalId is a member a segment's ImportDefinition always has (the model requires
        # it); its documented meaning is the account id, which stands in when none was given.
        definition.setdefault("ExternalId", ctx.state.account_id)
        definition.update(Size=0, ChannelCounts={})
        fields: Json = {"ImportDefinition": definition}
        if request.get("SegmentName"):
            fields["Name"] = request["SegmentName"]
        request["SegmentId"] = new_segment(ctx, app, fields, "IMPORT").id
    record = new_job_record(ctx, app, request, "IMPORT")
    app.import_jobs[record["Id"]] = ImportJob(record["Id"], ctx.state.next_seq(), record)
    return record


def _step(ctx: Context, app: App, job: ImportJob) -> None:
    item_shape = ctx.service.model.shape_for("EndpointBatchItem")
    advance(ctx.state, app, job, ctx.store, item_shape, request_id=ctx.request_id)


def run_import_jobs(ctx: Context) -> None:
    """Move every import job of every app (of every region) to its final state."""
    for region, app in ctx.state.every_app():
        with ctx.state.in_region(region):
            for job in list(app.import_jobs.values()):
                while not is_final(job):
                    if not job.idle.is_set():  # a request is importing it: wait for that
                        with ctx.state.unlocked():
                            job.idle.wait()
                    _step(ctx, app, job)


def _read_jobs(ctx: Context, app: App, params: dict[str, Any], jobs: list[ImportJob]) -> Json:
    result = page(params, [(job.seq, job.record) for job in jobs])
    listed = {record["Id"] for record in result["Item"]}
    for job in jobs:
        if job.id in listed:
            _step(ctx, app, job)
    return result


@handler("GetImportJob")
def get_import_job(ctx: Context, params: dict[str, Any]) -> Json:
    app = find_app(ctx, params)
    job = app.import_jobs.get(params["JobId"])
    if job is None:
        raise not_found("Resource not found")  # Pinpoint's wording
    _step(ctx, app, job)
    return job.record


@handler("GetImportJobs")
def get_import_jobs(ctx: Context, params: dict[str, Any]) -> Json:
    app = find_app(ctx, params)
    return _read_jobs(ctx, app, params, list(app.import_jobs.values()))


@handler("GetSegmentImportJobs")
def get_segment_import_jobs(ctx: Context, params: dict[str, Any]) -> Json:
    app = find_app(ctx, params)
    segment = SEGMENTS.find(app, params["SegmentId"])
    jobs = [
        job
        for job in app.import_jobs.values()
        if job.record["Definition"].get("SegmentId") == segment.id
    ]
    return _read_jobs(ctx, app, params, jobs)
