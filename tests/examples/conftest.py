"""Fixtures for running the examples: each is imported as the script it is and its ``main`` called
with the arguments a user would type; one emulator per module stands in for a running one."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

from pinpoint_sdk import PinpointClient
from pinpoint_sdk.emulator import Emulator
from tests.helpers import create_app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="session")
def example() -> Iterator[Callable[[str], ModuleType]]:
    """Imports ``examples/<name>.py`` by name, as ``python examples/<name>.py`` would find it (and
    its ``_common``): with the examples folder first on ``sys.path``."""
    sys.path.insert(0, str(EXAMPLES))
    try:
        yield importlib.import_module
    finally:
        sys.path.remove(str(EXAMPLES))


@pytest.fixture(scope="module")
def emu(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    """A running emulator, as ``python -m pinpoint_sdk.emulator --s3-root DIR`` would be."""
    with Emulator(s3_root=tmp_path_factory.mktemp("s3")) as running:
        yield running


@pytest.fixture
def client(emu: Emulator) -> Iterator[PinpointClient]:
    with PinpointClient(endpoint_url=emu.endpoint_url) as pinpoint:
        yield pinpoint


@pytest.fixture
def app(client: PinpointClient) -> str:
    """A new app on ``emu``, for ``--app-id``."""
    return create_app(client, "examples")
