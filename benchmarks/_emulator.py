"""The emulator the client benchmarks talk to, in its own process or in this one; boto3 clients.

In its own process (``python -m pinpoint_sdk.emulator``) the server's work does not take the GIL
from the client being measured, and the CPU time of this process is the client's alone; in this
process (``Emulator()``, a server thread) it does both, which is how the test suite runs it.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

from benchmarks._timing import ROOT, compile_sdk

__all__ = ["PLACES", "boto3_client", "emulator_url"]

#: Where the emulator runs: its own process, or a thread of the benchmark's process.
PLACES = ("subprocess", "in-process")

_READY = "serving on "


@contextlib.contextmanager
def emulator_url(place: str, *, latency: float = 0.0) -> Iterator[str]:
    """Start an emulator (``place`` is one of ``PLACES``) and yield its endpoint URL.

    ``latency`` (seconds, subprocess only) delays every call, as a round trip would
    (``python -m pinpoint_sdk.emulator --latency``).
    """
    if latency and place != "subprocess":
        raise ValueError("latency is only injected into an emulator in its own process")
    if place == "in-process":
        from pinpoint_sdk.emulator import Emulator

        with Emulator() as emu:
            yield emu.endpoint_url
        return
    if place != "subprocess":
        raise ValueError(f"place must be one of {PLACES}, got {place!r}")
    compile_sdk()  # the server imports the SDK's emulator: from bytecode, as when installed
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pinpoint_sdk.emulator",
            "--port",
            "0",
            "--quiet",
            *(["--latency", str(latency)] if latency else []),
        ],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stderr is not None
        line = server.stderr.readline()
        if _READY not in line:
            raise RuntimeError(f"the emulator did not start: {line!r}")
        yield line.split(_READY, 1)[1].strip()
    finally:
        server.terminate()
        server.wait(timeout=10)
        if server.stderr is not None:
            server.stderr.close()


def boto3_client(endpoint_url: str, config: Any = None) -> Any:
    """A plain boto3 ``pinpoint`` client for the emulator, botocore's retries off.

    The same configuration the SDK gives a client it builds itself, so that the SDK's side and
    boto3's side differ only by what the SDK adds; ``config`` is merged in (for a side run).
    """
    import boto3
    from botocore.config import Config

    merged = Config(retries={"total_max_attempts": 1, "mode": "standard"})
    return boto3.session.Session().client(
        "pinpoint",
        region_name="us-east-1",
        endpoint_url=endpoint_url,
        config=merged if config is None else merged.merge(config),
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
