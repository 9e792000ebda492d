"""examples/quickstart.py, which ``make demo`` runs."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from types import ModuleType

import pytest

from pinpoint_sdk import PinpointClient
from pinpoint_sdk.emulator import Emulator
from tests.examples.conftest import EXAMPLES


def test_tours_an_app_on_its_own_emulator(
    example: Callable[[str], ModuleType], capsys: pytest.CaptureFixture[str]
) -> None:
    assert example("quickstart").main([]) == 0
    out, err = capsys.readouterr()
    assert "Upserted 30 endpoints in 1 batch(es)" in out
    assert "endpoint-0 reads back: user0@example.com, attributes {'plan': ['pro']}" in out
    assert "Updated campaign 'welcome': version 2, 'Welcome mail for pro users'" in out
    # The campaign ran once, on its segment: the 10 "pro" endpoints of 30.
    assert "COMPLETED, 10 endpoint(s) targeted" in out
    assert "Offline Pinpoint emulator at http://127.0.0.1:" in err
    assert "Deleted app" in err


def test_runs_on_a_running_emulator_and_leaves_no_app_behind(
    example: Callable[[str], ModuleType],
    emu: Emulator,
    client: PinpointClient,
    capsys: pytest.CaptureFixture[str],
) -> None:
    apps_before = {a.id for a in client.iter_apps()}
    campaigns_created = emu.call_count("CreateCampaign")
    assert example("quickstart").main(["--endpoint-url", emu.endpoint_url]) == 0
    assert "Updated campaign 'welcome': version 2" in capsys.readouterr().out
    assert emu.call_count("CreateCampaign") == campaigns_created + 1
    assert {a.id for a in client.iter_apps()} == apps_before


def test_make_demo_runs_it_as_a_script() -> None:
    # As `make demo` does: a fresh interpreter, the script's folder on sys.path for _common.
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "quickstart.py")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Updated campaign 'welcome': version 2" in done.stdout
