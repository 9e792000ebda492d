"""Both clients over real HTTP against the offline emulator: retries, pagination and
read-modify-write end to end (moved from tests/client, issue 19)."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from botocore.exceptions import ConnectionClosedError

from pinpoint_sdk import errors, models
from pinpoint_sdk._client import to_write_request
from tests.client.fakes import FakeTime
from tests.parity.conftest import Either


def write_campaign(segment: str, name: str) -> models.WriteCampaignRequest:
    return models.WriteCampaignRequest(
        name=name,
        segment_id=segment,
        description="spring",
        holdout_percent=10,
        schedule=models.Schedule(start_time="IMMEDIATE", frequency=models.Frequency.ONCE),
    )


def create_campaign(either: Either, client: Any, app: str, segment: str, name: str) -> str:
    created: models.CampaignResponse = either.run(
        client.create_campaign(
            application_id=app, write_campaign_request=write_campaign(segment, name)
        )
    )
    assert created.id is not None
    return created.id


def campaign_names(either: Either, client: Any, app: str) -> list[str | None]:
    return sorted(c.name for c in either.collect(client.iter_campaigns(application_id=app)))


def test_iterates_every_campaign_page_by_page(
    either: Either, client: Any, app: str, segment: str
) -> None:
    for i in range(5):
        create_campaign(either, client, app, segment, f"c{i}")
    pages = either.collect(client.iter_campaigns(application_id=app, page_size=2).pages())
    assert [len(p.items) for p in pages] == [2, 2, 1]
    assert campaign_names(either, client, app) == ["c0", "c1", "c2", "c3", "c4"]


def test_a_throttled_page_is_retried_alone(
    either: Either, emu: Any, client: Any, app: str, segment: str, fake_time: FakeTime
) -> None:
    for i in range(3):
        create_campaign(either, client, app, segment, f"c{i}")
    items = client.iter_campaigns(application_id=app, page_size=1)
    first = either.run(items.__anext__()) if either.is_async else next(items)
    emu.faults.fail_next("GetCampaigns", status=429, count=2)
    rest = either.collect(items)
    assert sorted(c.name for c in [first, *rest]) == ["c0", "c1", "c2"]
    assert len(fake_time.sleeps) == 2


def test_a_500_on_create_is_not_retried_and_creates_nothing_twice(
    either: Either, emu: Any, client: Any, app: str, segment: str
) -> None:
    emu.faults.fail_next("CreateCampaign", status=500)
    with pytest.raises(errors.InternalServerErrorException) as raised:
        create_campaign(either, client, app, segment, "once")
    assert raised.value.status_code == 500
    assert raised.value.request_id
    assert campaign_names(either, client, app) == []


def test_a_dropped_connection_on_a_get_is_retried(
    either: Either, emu: Any, client: Any, app: str, segment: str
) -> None:
    campaign_id = create_campaign(either, client, app, segment, "c")
    emu.faults.drop_next("GetCampaign")
    got = either.run(client.get_campaign(application_id=app, campaign_id=campaign_id))
    assert got.name == "c"
    assert emu.faults.pending() == 0


def test_a_dropped_connection_on_a_create_is_not_retried(
    either: Either, emu: Any, client: Any, app: str, segment: str
) -> None:
    emu.faults.drop_next("CreateCampaign")
    with pytest.raises(ConnectionClosedError):
        create_campaign(either, client, app, segment, "once")
    assert campaign_names(either, client, app) == []


def test_not_found_is_a_typed_error(either: Either, client: Any, app: str) -> None:
    with pytest.raises(errors.NotFoundException) as raised:
        either.run(client.get_campaign(application_id=app, campaign_id="missing"))
    assert raised.value.operation_name == "GetCampaign"
    assert raised.value.status_code == 404


def test_read_modify_write_keeps_the_other_fields(
    either: Either, client: Any, app: str, segment: str
) -> None:
    campaign_id = create_campaign(either, client, app, segment, "c")
    campaign = either.run(client.get_campaign(application_id=app, campaign_id=campaign_id))
    write = attrs.evolve(to_write_request(campaign), description="summer")
    updated = either.run(
        client.update_campaign(
            application_id=app, campaign_id=campaign_id, write_campaign_request=write
        )
    )
    assert updated.description == "summer"
    assert updated.holdout_percent == 10
    assert updated.schedule is not None
    assert updated.schedule.frequency == models.Frequency.ONCE
    assert updated.name == "c"
