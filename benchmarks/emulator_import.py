"""The emulator's import jobs: memory against object size, and other requests while one runs.

Run: ``python -m benchmarks.emulator_import [MB ...]`` (default 1 5 20). Each size runs in a fresh
interpreter, with the object on disk under ``s3_root`` and ``RegisterEndpoints: false`` (so what
grows is the import's own memory, not the endpoints it stores). It prints, per size, the growth of
the process's peak RSS during the import, how long the import took, and the slowest of the
``get_apps`` calls made meanwhile from another thread. Timing is never a test assertion.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

__all__ = ["main", "measure"]

ROLE = "arn:aws:iam::123456789012:role/pinpoint-import"
ROW = b"GCM,token-%d,id-%d,user-%d,Music\n"
HEADER = b"ChannelType,Address,Id,User.UserId,Attributes.Interests\n"


def write_object(folder: Path, megabytes: float) -> int:
    """A CSV of about ``megabytes`` MB at ``folder/imports/big.csv``; returns its row count."""
    (folder / "imports").mkdir(parents=True)
    rows = 0
    with (folder / "imports" / "big.csv").open("wb") as out:
        out.write(HEADER)
        size = len(HEADER)
        while size < megabytes * 1_000_000:
            line = ROW % (rows, rows, rows)
            out.write(line)
            size += len(line)
            rows += 1
    return rows


def measure(megabytes: float) -> dict[str, Any]:
    """One import of ``megabytes`` MB in this process; the figures."""
    import resource

    from pinpoint_sdk.emulator import Emulator
    from pinpoint_sdk.emulator.pytest_plugin import boto3_client_for

    with tempfile.TemporaryDirectory() as folder:
        rows = write_object(Path(folder), megabytes)
        with Emulator(s3_root=folder) as emu:
            raw = boto3_client_for(emu)
            app = raw.create_app(CreateApplicationRequest={"Name": "bench"})
            app_id = app["ApplicationResponse"]["Id"]
            request = {
                "Format": "CSV",
                "S3Url": "s3://imports/big.csv",
                "RoleArn": ROLE,
                "RegisterEndpoints": False,
            }
            job = raw.create_import_job(ApplicationId=app_id, ImportJobRequest=request)
            job_id = job["ImportJobResponse"]["Id"]
            for _ in range(2):  # CREATED -> INITIALIZING -> PROCESSING
                raw.get_import_job(ApplicationId=app_id, JobId=job_id)
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            importer = threading.Thread(
                target=raw.get_import_job, kwargs={"ApplicationId": app_id, "JobId": job_id}
            )
            started = time.perf_counter()
            importer.start()
            slowest, calls = 0.0, 0
            while importer.is_alive():
                call = time.perf_counter()
                raw.get_apps()
                slowest = max(slowest, time.perf_counter() - call)
                calls += 1
            importer.join()
            seconds = time.perf_counter() - started
            rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            done = raw.get_import_job(ApplicationId=app_id, JobId=job_id)["ImportJobResponse"]
    return {
        "megabytes": megabytes,
        "rows": rows,
        "processed": done["TotalProcessed"],
        "import_seconds": round(seconds, 2),
        "peak_rss_growth_mb": round((rss_after - rss_before) / 1024, 1),  # ru_maxrss is KiB
        "get_apps_calls": calls,
        "slowest_get_apps_seconds": round(slowest, 3),
    }


def main(argv: list[str]) -> None:
    if argv[:1] == ["--child"]:
        print(json.dumps(measure(float(argv[1]))))
        return
    for size in argv or ["1", "5", "20"]:
        child = subprocess.run(
            [sys.executable, "-m", "benchmarks.emulator_import", "--child", size],
            capture_output=True,
            text=True,
            check=True,
        )
        print(child.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main(sys.argv[1:])
