"""Small helpers shared by the tests that run against the emulator."""

from __future__ import annotations

import re
from pathlib import Path

import botocore
import pytest

from pinpoint_sdk import PinpointClient, models


def create_app(client: PinpointClient, name: str) -> str:
    """A new app on the service ``client`` talks to; its id."""
    created = client.create_app(
        create_application_request=models.CreateApplicationRequest(name=name)
    )
    assert created.id is not None
    return created.id


def generated_from() -> str:
    """The botocore version the committed generated code was written from (its header)."""
    client_py = Path(__file__).resolve().parents[1] / "pinpoint_sdk" / "_generated" / "client.py"
    first = client_py.read_text().splitlines()[0]
    found = re.search(r"from botocore (\S+)", first)
    assert found, first
    return found.group(1)


#: For a test comparing the committed generated code with the generator's output: it means
#: something only with the botocore it was generated from (not in `make test-lowest`).
needs_the_generators_botocore = pytest.mark.skipif(
    generated_from() != botocore.__version__,
    reason="the committed code is generated from another botocore (the lowest-versions run)",
)
