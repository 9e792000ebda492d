from __future__ import annotations

import threading
from typing import Any

from pinpoint_sdk.emulator import Emulator
from pinpoint_sdk.emulator.pytest_plugin import boto3_client_for

THREADS = 6
BATCHES = 5
SHARED = [f"shared-{i}" for i in range(20)]


def test_concurrent_batches_lose_nothing(emu: Emulator, app: str) -> None:
    errors: list[BaseException] = []
    barrier = threading.Barrier(THREADS)

    def work(thread: int) -> None:
        try:
            client = boto3_client_for(emu)
            barrier.wait()
            for batch in range(BATCHES):
                own = [
                    {"Id": f"t{thread}-b{batch}-{i}", "ChannelType": "GCM", "Address": "x"}
                    for i in range(80)
                ]
                # Every thread also adds its own attribute to the same 20 endpoints.
                shared = [{"Id": eid, "Attributes": {f"t{thread}": [str(batch)]}} for eid in SHARED]
                client.update_endpoints_batch(
                    ApplicationId=app, EndpointBatchRequest={"Item": own + shared}
                )
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    endpoints = emu.state.apps[app].endpoints
    assert len(endpoints) == THREADS * BATCHES * 80 + len(SHARED)
    client: Any = boto3_client_for(emu)
    for eid in SHARED:
        attributes = client.get_endpoint(ApplicationId=app, EndpointId=eid)["EndpointResponse"][
            "Attributes"
        ]
        assert attributes == {f"t{n}": [str(BATCHES - 1)] for n in range(THREADS)}
    last = client.get_endpoint(ApplicationId=app, EndpointId=f"t{THREADS - 1}-b{BATCHES - 1}-79")
    assert last["EndpointResponse"]["Address"] == "x"
