"""examples/update_campaign.py: read-modify-write keeps every other member and adds a version."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest

from pinpoint_sdk import PinpointClient, models
from pinpoint_sdk.emulator import Emulator


@pytest.fixture
def update(example: Callable[[str], ModuleType]) -> ModuleType:
    return example("update_campaign")


def test_changes_the_description_and_keeps_every_other_member(
    update: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert update.main(["--description", "Second wave: 25% off"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1:] == [
        "Updated: version 1 -> 2",
        "  changed: description: 'Spring sale, first wave' -> 'Second wave: 25% off'",
        # The emulator's campaigns carry what Pinpoint's always do (additional_treatments,
        # is_paused, template_configuration...), and the example keeps those too.
        "  kept:    additional_treatments, holdout_percent, is_paused, limits, "
        "message_configuration, name, schedule, segment_id, segment_version, tags, "
        "template_configuration, treatment_name",
    ]


def test_updates_an_existing_campaign_on_a_running_emulator(
    update: ModuleType,
    emu: Emulator,
    client: PinpointClient,
    app: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    segment = client.create_segment(
        application_id=app, write_segment_request=models.WriteSegmentRequest(name="all")
    )
    created = client.create_campaign(
        application_id=app,
        write_campaign_request=models.WriteCampaignRequest(
            name="c", segment_id=segment.id, holdout_percent=5, priority=3
        ),
    )
    assert created.id is not None
    argv = ["--endpoint-url", emu.endpoint_url, "--app-id", app, "--campaign-id", created.id]
    assert update.main([*argv, "--description", "new"]) == 0
    assert (
        "kept:    additional_treatments, holdout_percent, is_paused, limits, name, segment_id, "
        "segment_version, tags, template_configuration, priority"
    ) in capsys.readouterr().out

    stored = client.get_campaign(application_id=app, campaign_id=created.id)
    assert (stored.version, stored.description, stored.holdout_percent) == (2, "new", 5)
    versions = client.iter_campaign_versions(application_id=app, campaign_id=created.id)
    assert [v.description for v in versions] == [None, "new"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--campaign-id", "c"], "--campaign-id and --app-id go together"),
        (["--aws"], "--app-id and --campaign-id are required with --aws"),
    ],
)
def test_arguments_that_cannot_work_are_refused(
    update: ModuleType, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        update.main(argv)
    assert message in capsys.readouterr().err
