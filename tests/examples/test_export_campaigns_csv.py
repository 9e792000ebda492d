"""examples/export_campaigns_csv.py: every campaign of an app, page by page, as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import attrs
import pytest

from pinpoint_sdk import PinpointClient, models, to_write_request
from pinpoint_sdk.emulator import Emulator


@pytest.fixture
def export(example: Callable[[str], ModuleType]) -> ModuleType:
    return example("export_campaigns_csv")


def test_exports_the_demo_campaigns_to_stdout_as_csv_alone(
    export: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert export.main(["--page-size", "2", "--demo-campaigns", "6"]) == 0
    out, err = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out)))  # stdout is the CSV and nothing else
    assert out.splitlines()[0] == ",".join(export.COLUMNS)
    summary = [(r["name"], r["state"], r["schedule_frequency"], r["version"]) for r in rows]
    assert summary == [
        ("welcome", "COMPLETED", "ONCE", "1"),
        ("daily digest", "PENDING_NEXT_RUN", "DAILY", "1"),
        ("spring sale", "SCHEDULED", "ONCE", "1"),
        ("win-back", "PAUSED", "WEEKLY", "1"),
        ("cart reminder", "SCHEDULED", "EVENT", "1"),
        ("welcome 2", "COMPLETED", "ONCE", "1"),
    ]
    spring = rows[2]
    assert spring["schedule_timezone"] == "UTC+01"
    assert spring["schedule_start"] < spring["schedule_end"]
    assert len({r["segment_id"] for r in rows}) == 1
    assert {r["segment_version"] for r in rows} == {"1"}
    assert "Exported 6 campaign(s) to stdout" in err


def test_exports_an_existing_app_to_a_file_one_page_request_at_a_time(
    export: ModuleType,
    emu: Emulator,
    client: PinpointClient,
    app: str,
    tmp_path: Path,
) -> None:
    segment = client.create_segment(
        application_id=app, write_segment_request=models.WriteSegmentRequest(name="all")
    )
    ids: list[str] = []
    for name in ("a", "b", "c", "d", "e"):
        created = client.create_campaign(
            application_id=app,
            write_campaign_request=models.WriteCampaignRequest(
                name=name,
                segment_id=segment.id,
                schedule=models.Schedule(start_time="IMMEDIATE", frequency=models.Frequency.ONCE),
            ),
        )
        assert created.id is not None
        ids.append(created.id)
    renamed = attrs.evolve(to_write_request(created), name="e, renamed")
    client.update_campaign(application_id=app, campaign_id=ids[-1], write_campaign_request=renamed)
    pages_before = emu.call_count("GetCampaigns")

    out = tmp_path / "campaigns.csv"
    argv = ["--endpoint-url", emu.endpoint_url, "--app-id", app, "--page-size", "2"]
    assert export.main([*argv, "--out", str(out)]) == 0

    with out.open(newline="") as file:
        rows = list(csv.DictReader(file))
    assert [(r["id"], r["name"], r["version"]) for r in rows] == [
        (ids[0], "a", "1"),
        (ids[1], "b", "1"),
        (ids[2], "c", "1"),
        (ids[3], "d", "1"),
        (ids[4], "e, renamed", "2"),
    ]
    assert emu.call_count("GetCampaigns") - pages_before == 3  # pages of 2, 2 and 1


def test_aws_needs_an_app_id(export: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        export.main(["--aws"])
    assert "--app-id is required with --aws" in capsys.readouterr().err
