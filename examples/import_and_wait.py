"""Import endpoints from a CSV file in S3 into a new segment, and wait for the job to finish.

``create_import_job`` with ``DefineSegment`` makes an IMPORT segment; ``wait_for_import_job``
polls the job with backoff and returns it ``COMPLETED``, or raises ``ImportJobFailedError``
carrying the service's ``failures`` when it ends ``FAILED``. Then the job's counts and the new
segment (its size and channel counts) are printed.

On the in-process emulator (the default) the example writes ``--rows`` rows to the emulator's
stand-in for S3 first (``emu.put_object``); ``--bad-rows N`` adds rows with an unknown
``ChannelType``, which the job counts and lists while the good rows still import:

    python examples/import_and_wait.py
    python examples/import_and_wait.py --rows 500 --bad-rows 2

The failure path: ``--missing`` points the job at an object that does not exist, so it ends
``FAILED`` and the example prints the failures and exits with status 1:

    python examples/import_and_wait.py --missing

Against a running emulator, put the file under its ``--s3-root`` and name it with ``--s3-url``
(s3://bucket/key is S3_ROOT/bucket/key); against AWS, name the object and a role Pinpoint may
assume to read it (``--app-id`` imports into an existing app; without it a new app is created and
deleted at the end):

    python -m pinpoint_sdk.emulator --port 4700 --s3-root ./s3 &
    python examples/import_and_wait.py --endpoint-url http://127.0.0.1:4700 \\
        --s3-url s3://my-bucket/endpoints.csv
    python examples/import_and_wait.py --aws --region us-east-1 \\
        --s3-url s3://my-bucket/endpoints.csv \\
        --role-arn arn:aws:iam::123456789012:role/PinpointImport
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Sequence

from _common import argument_parser, connect, scratch_app, status

from pinpoint_sdk import PinpointClient, errors, models
from pinpoint_sdk.emulator import Emulator

BUCKET = "pinpoint-sdk-examples"
KEY = "imports/endpoints.csv"
#: Any IAM role ARN will do for the emulator, which does not assume it.
EMULATOR_ROLE_ARN = "arn:aws:iam::123456789012:role/PinpointImport"


def endpoints_csv(rows: int, bad_rows: int) -> bytes:
    """A Pinpoint import file: a header of Pinpoint column names, one endpoint per row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Id", "ChannelType", "Address", "User.UserId", "Attributes.plan"])
    for i in range(rows):
        channel, address = ("SMS", f"+1555010{i:04d}") if i % 4 == 0 else ("EMAIL", f"u{i}@x.com")
        writer.writerow([f"imported-{i}", channel, address, f"user-{i}", "pro"])
    for i in range(bad_rows):
        writer.writerow([f"bad-{i}", "CARRIER_PIGEON", f"loft {i}", "", ""])
    return out.getvalue().encode()


def stage_file(emu: Emulator, rows: int, bad_rows: int) -> str:
    """Put the example's CSV where the in-process emulator's import jobs read S3 from."""
    emu.put_object(BUCKET, KEY, endpoints_csv(rows, bad_rows))
    status(f"Wrote {rows + bad_rows} rows to s3://{BUCKET}/{KEY} (emulator)")
    return f"s3://{BUCKET}/{KEY}"


def run_import(
    client: PinpointClient, app_id: str, s3_url: str, role_arn: str, *, poll_interval: float
) -> int:
    job = client.create_import_job(
        application_id=app_id,
        import_job_request=models.ImportJobRequest(
            format=models.Format.CSV,
            s3_url=s3_url,
            role_arn=role_arn,
            define_segment=True,
            segment_name="imported",
        ),
    )
    status(f"Created import job {job.id} ({job.job_status}); waiting for it")
    try:
        done = client.wait_for_import_job(app_id, job.id, timeout=900, poll_interval=poll_interval)
    except errors.ImportJobFailedError as failed:
        print(f"Import job {job.id} FAILED: {len(failed.failures)} failure(s)")
        for failure in failed.failures:
            print(f"  {failure}")
        return 1

    print(
        f"Import job {done.id} {done.job_status}: {done.total_processed} rows processed, "
        f"{done.total_failures} failed, {done.completed_pieces} of {done.total_pieces} piece(s)"
    )
    for failure in done.failures or []:
        print(f"  {failure}")
    segment_id = done.definition.segment_id
    assert segment_id is not None  # DefineSegment: the job names the segment it made
    segment = client.get_segment(application_id=app_id, segment_id=segment_id)
    imported = segment.import_definition
    size = imported.size if imported else None
    channels = dict(sorted((imported.channel_counts or {}).items())) if imported else {}
    print(f"Segment {segment.name!r} ({segment.id}), {segment.segment_type}: {size} endpoints")
    print(f"  by channel: {channels}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argument_parser(__doc__)
    parser.add_argument(
        "--s3-url", help="the CSV object to import (needed with --endpoint-url/--aws)"
    )
    parser.add_argument(
        "--role-arn", help="an IAM role Pinpoint assumes to read it (needed with --aws)"
    )
    parser.add_argument("--rows", type=int, default=100, help="rows written on the emulator")
    parser.add_argument("--bad-rows", type=int, default=0, help="rows with an unknown channel")
    parser.add_argument(
        "--missing", action="store_true", help="import an object that does not exist (FAILED)"
    )
    parser.add_argument(
        "--poll-interval",
        type=float,
        help="seconds between first polls (1, or 0.05 on an emulator)",
    )
    args = parser.parse_args(argv)
    if (args.aws or args.endpoint_url) and not args.s3_url:
        parser.error("--s3-url is required with --endpoint-url or --aws")
    if args.missing and args.s3_url:
        parser.error("--missing is for the in-process emulator; it names its own --s3-url")
    if args.aws and not args.role_arn:
        parser.error("--role-arn is required with --aws")
    # The emulator moves a job one state per read, so it needs no patience; AWS takes minutes.
    poll_interval = args.poll_interval or (1.0 if args.aws else 0.05)

    with connect(args) as target, scratch_app(target.client, args.app_id, "import") as app_id:
        if args.s3_url:
            s3_url = args.s3_url
        elif args.missing:
            s3_url = f"s3://{BUCKET}/imports/missing.csv"  # nothing there: the job ends FAILED
        else:
            assert target.emulator is not None  # without --s3-url, only the in-process emulator
            s3_url = stage_file(target.emulator, args.rows, args.bad_rows)
        return run_import(
            target.client,
            app_id,
            s3_url,
            args.role_arn or EMULATOR_ROLE_ARN,
            poll_interval=poll_interval,
        )


if __name__ == "__main__":
    sys.exit(main())
