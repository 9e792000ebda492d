"""Export jobs: create, read (each read advances a job one step) and run to the end. The export
itself is in ``.._exports``."""

from __future__ import annotations

import copy
from typing import Any

from .._errors import bad_request, not_found
from .._exports import advance, is_final, split_prefix
from .._state import App, ExportJob, Json
from ._common import Context, HandlerTable, find_app, new_job_record, page
from .segments import SEGMENTS

__all__ = ["HANDLERS", "run_export_jobs"]

HANDLERS = HandlerTable()
handler = HANDLERS.register


def _check_request(app: App, request: Json) -> None:
    if split_prefix(request["S3UrlPrefix"]) is None:
        raise bad_request(
            "ExportJobRequest.S3UrlPrefix must look like s3://bucket-name/folder-name/, "
            f"not {request['S3UrlPrefix'][:80]!r}."
        )
    # RoleArn is not checked for form: Pinpoint checks a role by assuming it (docs/emulator.md).
    segment_id = request.get("SegmentId")
    version = request.get("SegmentVersion")
    if version is not None and not segment_id:
        raise bad_request("ExportJobRequest.SegmentVersion needs a SegmentId.")
    if not segment_id:
        return
    segment = app.segments.get(segment_id)
    if segment is None:
        raise bad_request(f"Segment {segment_id[:64]!r} does not exist in application {app.id}.")
    if version is not None and not 1 <= version <= len(segment.versions):
        raise bad_request(
            f"ExportJobRequest.SegmentVersion {version} does not exist: segment {segment_id} "
            f"has versions 1 to {len(segment.versions)}."
        )


@handler("CreateExportJob")
def create_export_job(ctx: Context, params: dict[str, Any]) -> Json:
    app = find_app(ctx, params)
    request = copy.deepcopy(params["ExportJobRequest"])
    _check_request(app, request)
    record = new_job_record(ctx, app, request, "EXPORT")
    app.export_jobs[record["Id"]] = ExportJob(record["Id"], ctx.state.next_seq(), record)
    return record


def _step(ctx: Context, app: App, job: ExportJob) -> None:
    advance(app, job, ctx.store, now=ctx.state.now())


def run_export_jobs(ctx: Context) -> None:
    """Move every export job of every app (of every region) to its final state."""
    for region, app in ctx.state.every_app():
        with ctx.state.in_region(region):
            for job in app.export_jobs.values():
                while not is_final(job):
                    _step(ctx, app, job)


def _read_jobs(ctx: Context, app: App, params: dict[str, Any], jobs: list[ExportJob]) -> Json:
    result = page(params, [(job.seq, job.record) for job in jobs])
    listed = {record["Id"] for record in result["Item"]}
    for job in jobs:
        if job.id in listed:
            _step(ctx, app, job)
    return result


@handler("GetExportJob")
def get_export_job(ctx: Context, params: dict[str, Any]) -> Json:
    app = find_app(ctx, params)
    job = app.export_jobs.get(params["JobId"])
    if job is None:
        raise not_found(f"Export job {params['JobId'][:64]!r} not found in application {app.id}.")
    _step(ctx, app, job)
    return job.record


@handler("GetExportJobs")
def get_export_jobs(ctx: Context, params: dict[str, Any]) -> Json:
    app = find_app(ctx, params)
    return _read_jobs(ctx, app, params, list(app.export_jobs.values()))


@handler("GetSegmentExportJobs")
def get_segment_export_jobs(ctx: Context, params: dict[str, Any]) -> Json:
    app = find_app(ctx, params)
    segment = SEGMENTS.find(app, params["SegmentId"])
    jobs = [
        job
        for job in app.export_jobs.values()
        if job.record["Definition"].get("SegmentId") == segment.id
    ]
    return _read_jobs(ctx, app, params, jobs)
