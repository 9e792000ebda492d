"""What a state file costs: per request, per flush, and at start, for a realistic app.

Run: ``python -m benchmarks.emulator_state [ENDPOINTS]`` (default 1000). The app has ENDPOINTS
endpoints, a segment and 20 campaigns. It prints, for an emulator in memory and one on a state
file, the median time of a few requests made through boto3 (a read that changes nothing, one
endpoint updated, one campaign updated); then the median of ``StateFile.flush`` alone after
nothing changed and after one endpoint changed; the file's size; and how long a new emulator
takes to load it. Timing is never a test assertion.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["main", "measure"]

REPEATS = 200


def _median_ms(call: Callable[[], object], repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _populate(raw: Any, endpoints: int) -> tuple[str, str]:
    app = raw.create_app(CreateApplicationRequest={"Name": "bench"})["ApplicationResponse"]["Id"]
    for start in range(0, endpoints, 100):
        items = [
            {
                "Id": f"e{i}",
                "ChannelType": "EMAIL",
                "Address": f"user{i}@example.com",
                "Attributes": {"Interests": ["music", "films"]},
                "Demographic": {"Platform": "ios", "Locale": "en_US"},
                "Location": {"Country": "US", "City": "Seattle"},
                "Metrics": {"score": 1.5},
                "User": {"UserId": f"u{i}", "UserAttributes": {"Name": [f"n{i}"]}},
            }
            for i in range(start, min(start + 100, endpoints))
        ]
        raw.update_endpoints_batch(ApplicationId=app, EndpointBatchRequest={"Item": items})
    segment = raw.create_segment(
        ApplicationId=app, WriteSegmentRequest={"Name": "all", "Dimensions": {}}
    )["SegmentResponse"]["Id"]
    campaign = ""
    for number in range(20):
        campaign = raw.create_campaign(
            ApplicationId=app,
            WriteCampaignRequest={
                "Name": f"c{number}",
                "SegmentId": segment,
                "Schedule": {"StartTime": "2099-01-01T00:00:00Z"},
                "MessageConfiguration": {"EmailMessage": {"Title": "t", "Body": "b"}},
            },
        )["CampaignResponse"]["Id"]
    return app, campaign


def _requests(raw: Any, app: str, campaign: str) -> dict[str, Callable[[], object]]:
    counter = iter(range(10**9))
    return {
        "get_campaign (no change)": lambda: raw.get_campaign(
            ApplicationId=app, CampaignId=campaign
        ),
        "update_endpoint (1 changed)": lambda: raw.update_endpoint(
            ApplicationId=app,
            EndpointId="e1",
            EndpointRequest={"ChannelType": "EMAIL", "Address": f"x{next(counter)}@example.com"},
        ),
        "update_campaign (1 version)": lambda: raw.update_campaign(
            ApplicationId=app,
            CampaignId=campaign,
            WriteCampaignRequest={"Name": f"n{next(counter) % 3}"},
        ),
    }


def measure(endpoints: int) -> dict[str, Any]:
    """The figures for an app of ``endpoints`` endpoints and 20 campaigns."""
    from pinpoint_sdk.emulator import Emulator
    from pinpoint_sdk.emulator.pytest_plugin import boto3_client_for

    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "state.db"
        for label, options in (("memory", {}), ("state file", {"state_file": path})):
            with Emulator(**options) as emu:  # type: ignore[arg-type]
                raw = boto3_client_for(emu)
                app, campaign = _populate(raw, endpoints)
                for name, call in _requests(raw, app, campaign).items():
                    call()  # warm
                    figures[f"{label}: {name} ms"] = _median_ms(call)
                if label == "state file":
                    figures.update(_flush_figures(emu, app))
        figures["file size KB"] = (path.stat().st_size + _wal_size(path)) / 1024
        started = time.perf_counter()
        Emulator(state_file=path).stop()
        figures["load at start ms"] = (time.perf_counter() - started) * 1000
    return figures


def _flush_figures(emu: Any, app: str) -> dict[str, float]:
    """``StateFile.flush`` alone, with the state's lock held as a request holds it."""
    persistence = emu._persistence  # the benchmark times the flush without HTTP around it
    found = emu.state.find_app_anywhere(app)
    assert persistence is not None
    assert found is not None
    endpoint = found[1].endpoints["e2"]

    def flush_unchanged() -> None:
        with emu.state.lock:
            persistence.flush(app)

    def flush_every_app() -> None:
        with emu.state.lock:
            persistence.flush()

    def flush_one_endpoint() -> None:
        with emu.state.lock:
            endpoint["Metrics"]["score"] += 1
            persistence.flush(app)

    return {
        "flush, nothing changed ms": _median_ms(flush_unchanged),
        "flush, every app compared ms": _median_ms(flush_every_app),
        "flush, 1 endpoint changed ms": _median_ms(flush_one_endpoint),
    }


def _wal_size(path: Path) -> int:
    wal = path.with_name(path.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def main(argv: list[str]) -> None:
    endpoints = int(argv[0]) if argv else 1000
    print(f"app of {endpoints} endpoints, 1 segment, 20 campaigns; medians of {REPEATS}")
    for name, value in measure(endpoints).items():
        print(f"  {name:<45} {value:10.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
