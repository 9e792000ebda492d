"""examples/bulk_load_endpoints.py: generated or CSV endpoints, failures with reasons, read-back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from pinpoint_sdk import PinpointClient
from pinpoint_sdk.emulator import Emulator


@pytest.fixture
def bulk_load(example: Callable[[str], ModuleType]) -> ModuleType:
    return example("bulk_load_endpoints")


def test_generated_endpoints_load_and_the_bad_one_is_reported_with_its_reason(
    bulk_load: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert bulk_load.main(["--count", "250"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[:3] == [
        "Accepted 250 of 251 endpoints in 3 batch(es)",
        "Failed 1:",
        "  #250 endpoint-bad-0: Attributes['note']: a value of 120 characters; at most 100",
    ]
    assert (
        "endpoint-000000 reads back: EMAIL user0@example.com, attributes {'plan': ['pro']}" in out
    )
    # The progress callback's last report, after the third batch.
    assert "250 accepted, 1 failed, 3 batches" in err


def test_endpoints_are_read_from_a_csv_file(
    bulk_load: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    endpoints = tmp_path / "endpoints.csv"
    endpoints.write_text(
        "Id,ChannelType,Address,User.UserId,Attributes.plan,Metrics.visits\n"
        "e1,EMAIL,a@example.com,u1,pro,3\n"
        "e2,SMS,+15555550100,u2,free,\n"
        f"e3,EMAIL,c@example.com,,{'y' * 101},\n"
    )
    assert bulk_load.main(["--csv", str(endpoints)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Accepted 2 of 3 endpoints in 1 batch(es)",
        "Failed 1:",
        "  #2 e3: Attributes['plan']: a value of 101 characters; at most 100",
        "e1 reads back: EMAIL a@example.com, attributes {'plan': ['pro']}, cohort 2",
    ]


def test_a_csv_row_that_is_no_endpoint_stops_the_load_naming_its_line(
    bulk_load: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    endpoints = tmp_path / "endpoints.csv"
    endpoints.write_text("Id,ChannelType,Address\ne1,EMAIL,a@example.com\ne2,FAX,555\n")
    assert bulk_load.main(["--csv", str(endpoints)]) == 2
    assert "error: endpoints.csv line 3: unknown ChannelType 'FAX'" in capsys.readouterr().err


def test_loads_into_an_existing_app_on_a_running_emulator(
    bulk_load: ModuleType,
    emu: Emulator,
    client: PinpointClient,
    app: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["--endpoint-url", emu.endpoint_url, "--app-id", app, "--count", "120", "--bad", "0"]
    assert bulk_load.main(argv) == 0
    assert "Accepted 120 of 120 endpoints in 2 batch(es)" in capsys.readouterr().out
    stored = client.get_endpoint(application_id=app, endpoint_id="endpoint-000119")
    assert stored.address == "user119@example.com"
    assert stored.user is not None
    assert stored.user.user_id == "user-119"
    # --app-id: the app is the caller's, and is left in place.
    assert client.get_app(application_id=app).id == app
