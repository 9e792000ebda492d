"""What only the sync client does with its options: closing a boto3 client passed in (an
aiobotocore client passed in stays its owner's to close), and sharing one client between threads.

The options both clients share are tests/parity/test_options.py's.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from botocore.client import BaseClient

from pinpoint_sdk import PinpointClient, models
from pinpoint_sdk.emulator import Emulator
from tests.client.conftest import SESSION
from tests.helpers import create_app


def test_close_of_a_supplied_client_closes_it(
    raw: BaseClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed: list[bool] = []
    monkeypatch.setattr(raw, "close", lambda: closed.append(True))
    PinpointClient(raw).close()
    assert closed == [True]


def test_one_client_shared_by_16_threads(emu: Emulator) -> None:
    client = PinpointClient(session=SESSION, endpoint_url=emu.endpoint_url)
    app = create_app(client, "threads")
    barrier = threading.Barrier(16)

    def work(n: int) -> tuple[str, str, str]:
        # Half the threads use with_options copies built concurrently from the same client.
        mine = client.with_options(read_timeout=30.0) if n % 2 else client
        barrier.wait()
        created = mine.create_segment(
            application_id=app,
            write_segment_request=models.WriteSegmentRequest(name=f"segment-{n}"),
        )
        mine.update_segment(
            application_id=app,
            segment_id=created.id,
            write_segment_request=models.WriteSegmentRequest(name=f"segment-{n}-renamed"),
        )
        read = mine.get_segment(application_id=app, segment_id=created.id)
        return created.id, read.name or "", str(read.version)

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(work, range(16)))

    assert [name for _id, name, _version in results] == [f"segment-{n}-renamed" for n in range(16)]
    assert all(version == "2" for _id, _name, version in results)
    ids = {segment_id for segment_id, _name, _version in results}
    assert len(ids) == 16
    assert {s.id for s in client.iter_segments(application_id=app)} == ids
    # All copies asked for the same timeouts: one extra boto3 client, not eight.
    assert client._clients is not None
    assert len(client._clients._built) == 2
