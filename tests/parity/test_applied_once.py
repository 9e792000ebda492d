"""Against the emulator: a call whose answer is lost after it was applied is not applied twice.

``emu.faults.lose_answer_next`` serves the call, then drops the connection: the client cannot tell
whether it was applied. A PUT that makes a new version must then not be repeated; one that
overwrites the same state may be. Each test runs on both clients (the ``either`` fixture).
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ConnectionClosedError

from pinpoint_sdk import errors, models
from pinpoint_sdk.emulator import Emulator
from tests.parity.conftest import Either


def write_campaign(segment: str, description: str) -> models.WriteCampaignRequest:
    return models.WriteCampaignRequest(
        name="spring",
        segment_id=segment,
        description=description,
        schedule=models.Schedule(start_time="IMMEDIATE", frequency=models.Frequency.ONCE),
    )


def test_an_update_campaign_whose_answer_is_lost_makes_one_version(
    emu: Emulator,
    either: Either,
    client: Any,
    app: str,
    segment: str,
) -> None:
    created = either.run(
        client.create_campaign(
            application_id=app, write_campaign_request=write_campaign(segment, "first")
        )
    )
    assert created.id is not None
    emu.faults.lose_answer_next("UpdateCampaign")

    with pytest.raises(ConnectionClosedError) as raised:
        either.run(
            client.update_campaign(
                application_id=app,
                campaign_id=created.id,
                write_campaign_request=write_campaign(segment, "second"),
            )
        )

    assert emu.faults.pending() == 0
    versions = either.collect(
        client.iter_campaign_versions(application_id=app, campaign_id=created.id)
    )
    assert len(versions) == 2  # the create, and one update: one call, one version
    campaign = either.run(client.get_campaign(application_id=app, campaign_id=created.id))
    assert (campaign.version, campaign.description) == (2, "second")
    assert isinstance(raised.value, errors.TransportError)
    assert raised.value.may_have_been_applied
    assert raised.value.hint is not None
    assert raised.value.hint.startswith("UpdateCampaign may have been applied")
    assert "read the campaign's version before retrying" in str(raised.value)


def test_an_update_segment_whose_answer_is_lost_makes_one_version(
    emu: Emulator,
    either: Either,
    client: Any,
    app: str,
    segment: str,
) -> None:
    emu.faults.lose_answer_next("UpdateSegment")
    with pytest.raises(ConnectionClosedError):
        either.run(
            client.update_segment(
                application_id=app,
                segment_id=segment,
                write_segment_request=models.WriteSegmentRequest(
                    name="renamed", dimensions=models.SegmentDimensions()
                ),
            )
        )
    assert emu.faults.pending() == 0
    versions = either.collect(client.iter_segment_versions(application_id=app, segment_id=segment))
    assert len(versions) == 2
    assert either.run(client.get_segment(application_id=app, segment_id=segment)).version == 2


def test_a_500_on_update_campaign_is_not_retried_and_says_what_to_check(
    emu: Emulator, either: Either, client: Any, app: str, segment: str
) -> None:
    created = either.run(
        client.create_campaign(
            application_id=app, write_campaign_request=write_campaign(segment, "first")
        )
    )
    assert created.id is not None
    emu.faults.fail_next("UpdateCampaign", status=500)
    with pytest.raises(errors.InternalServerErrorException) as raised:
        either.run(
            client.update_campaign(
                application_id=app,
                campaign_id=created.id,
                write_campaign_request=write_campaign(segment, "second"),
            )
        )
    assert raised.value.attempts == 1
    assert raised.value.may_have_been_applied
    assert "read the campaign's version before retrying" in str(raised.value)


def test_a_put_that_overwrites_the_same_state_is_retried(
    emu: Emulator, either: Either, client: Any, app: str
) -> None:
    emu.faults.lose_answer_next("UpdateApplicationSettings")
    settings = either.run(
        client.update_application_settings(
            application_id=app,
            write_application_settings_request=models.WriteApplicationSettingsRequest(
                cloud_watch_metrics_enabled=True
            ),
        )
    )
    assert settings.application_id == app
    assert emu.faults.pending() == 0


def test_a_delete_whose_answer_is_lost_raises_not_found_marked_maybe_applied(
    emu: Emulator,
    either: Either,
    client: Any,
    app: str,
    segment: str,
) -> None:
    created = either.run(
        client.create_campaign(
            application_id=app, write_campaign_request=write_campaign(segment, "first")
        )
    )
    assert created.id is not None
    emu.faults.lose_answer_next("DeleteCampaign")
    with pytest.raises(errors.NotFoundException) as raised:
        either.run(client.delete_campaign(application_id=app, campaign_id=created.id))
    assert raised.value.attempts == 2
    assert raised.value.may_have_been_applied
    assert "may be what deleted it" in str(raised.value)
    with pytest.raises(errors.NotFoundException):
        either.run(client.get_campaign(application_id=app, campaign_id=created.id))
