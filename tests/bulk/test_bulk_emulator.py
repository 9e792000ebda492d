"""put_endpoints end to end: real botocore, real HTTP, the offline emulator as the service.

What the service holds afterwards is counted the way Pinpoint itself counts it: a campaign run on
a segment without dimensions (every endpoint of the app) records how many endpoints it targeted.
Retries wait on a fake clock, so throttling costs no time.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs
import pytest
from botocore.exceptions import ClientError

from pinpoint_sdk import PinpointClient, RetryPolicy, errors, models, to_boto3
from pinpoint_sdk._limits import (
    MAX_ATTRIBUTE_NAMES_PER_APP,
    MAX_ENDPOINT_BYTES,
    stored_size,
    wire_size,
)
from pinpoint_sdk.emulator import Emulator
from pinpoint_sdk.emulator._endpoints import _cohort
from pinpoint_sdk.emulator.pytest_plugin import boto3_client_for
from tests.client.fakes import FakeTime
from tests.helpers import create_app

TOTAL = 10_000
BATCHES = TOTAL // 100
THROTTLES = 8


@pytest.fixture
def client(emu: Emulator, fake_time: FakeTime) -> Iterator[PinpointClient]:
    emu.faults.reset()
    # Enough attempts that no batch can run out, however the injected throttles fall on them.
    policy = RetryPolicy(max_attempts=THROTTLES + 1, sleep=fake_time.sleep, clock=fake_time.clock)
    with PinpointClient(endpoint_url=emu.endpoint_url, retry=policy) as pinpoint:
        yield pinpoint
    emu.faults.reset()


@pytest.fixture
def app(client: PinpointClient) -> str:
    return create_app(client, "bulk")


def endpoint(i: int, **attributes: list[str]) -> models.EndpointBatchItem:
    return models.EndpointBatchItem(
        id=f"ep-{i:05d}",
        channel_type=models.ChannelType.EMAIL,
        address=f"user{i}@example.com",
        attributes=attributes or {"plan": ["pro" if i % 2 else "free"]},
        user=models.EndpointUser(user_id=f"user-{i}"),
    )


def endpoints(count: int) -> Iterator[models.EndpointBatchItem]:
    return (endpoint(i) for i in range(count))


def endpoint_count(client: PinpointClient, app: str) -> int:
    """How many endpoints ``app`` holds, as a campaign run on all of them counts them."""
    everyone = client.create_segment(
        application_id=app, write_segment_request=models.WriteSegmentRequest(name="everyone")
    )
    campaign = client.create_campaign(
        application_id=app,
        write_campaign_request=models.WriteCampaignRequest(
            name="count",
            segment_id=everyone.id,
            schedule=models.Schedule(start_time="IMMEDIATE", frequency=models.Frequency.ONCE),
        ),
    )
    assert campaign.id is not None
    [run] = client.iter_campaign_activities(application_id=app, campaign_id=campaign.id)
    assert run.total_endpoint_count is not None
    return run.total_endpoint_count


def test_ten_thousand_endpoints_are_all_stored_one_request_per_batch(
    client: PinpointClient, emu: Emulator, app: str
) -> None:
    calls = emu.call_count("UpdateEndpointsBatch")

    result = client.put_endpoints(app, endpoints(TOTAL), max_workers=4)

    assert (result.accepted, result.failed, result.batches_sent) == (TOTAL, (), BATCHES)
    assert emu.call_count("UpdateEndpointsBatch") - calls == BATCHES
    assert endpoint_count(client, app) == TOTAL
    for i in range(0, TOTAL, 997):  # a sample, first to last, read back member by member
        stored = client.get_endpoint(application_id=app, endpoint_id=f"ep-{i:05d}")
        sent = endpoint(i)
        assert (stored.channel_type, stored.address) == (sent.channel_type, sent.address)
        assert stored.attributes == sent.attributes
        assert stored.user == sent.user


def test_throttled_batches_are_retried_and_none_is_reported_failed(
    client: PinpointClient, emu: Emulator, app: str, fake_time: FakeTime
) -> None:
    emu.faults.fail_next("UpdateEndpointsBatch", status=429, count=THROTTLES)
    calls = emu.call_count("UpdateEndpointsBatch")

    result = client.put_endpoints(app, endpoints(TOTAL), max_workers=4)

    assert (result.accepted, result.failed, result.batches_sent) == (TOTAL, (), BATCHES)
    assert emu.faults.pending() == 0
    # Each throttled request was sent again once, after a wait on the fake clock.
    assert emu.call_count("UpdateEndpointsBatch") - calls == BATCHES + THROTTLES
    assert len(fake_time.sleeps) == THROTTLES
    assert endpoint_count(client, app) == TOTAL


def test_server_errors_and_dropped_connections_are_retried_since_the_batch_is_a_put(
    client: PinpointClient, emu: Emulator, app: str
) -> None:
    emu.faults.fail_next("UpdateEndpointsBatch", status=500, count=2)
    emu.faults.drop_next("UpdateEndpointsBatch")

    result = client.put_endpoints(app, endpoints(1000), max_workers=4)

    assert (result.accepted, result.failed) == (1000, ())
    assert endpoint_count(client, app) == 1000


def test_a_rate_limit_spaces_the_batches(emu: Emulator, app: str, fake_time: FakeTime) -> None:
    policy = RetryPolicy(sleep=fake_time.sleep, clock=fake_time.clock)
    limits = {"update_endpoints_batch": 2.0}  # paced on the policy's (fake) clock
    with PinpointClient(endpoint_url=emu.endpoint_url, retry=policy, rate_limits=limits) as limited:
        # One worker, so that the fake clock is only moved by one thread's waits.
        result = limited.put_endpoints(app, endpoints(1000), max_workers=1)

    assert (result.accepted, result.failed) == (1000, ())
    # A burst of 2 batches, then one every half second: 8 waits of 0.5 s.
    assert fake_time.sleeps == pytest.approx([0.5] * 8)


def test_a_batch_throttled_past_its_attempts_is_reported_item_by_item(
    client: PinpointClient, emu: Emulator, app: str
) -> None:
    attempts = THROTTLES + 1
    emu.faults.fail_next("UpdateEndpointsBatch", status=429, count=attempts)

    # One worker: the first batch takes every throttle.
    result = client.put_endpoints(app, endpoints(250), max_workers=1)

    assert result.accepted == 150
    assert [f.index for f in result.failed] == list(range(100))
    assert all(isinstance(f.error, errors.TooManyRequestsException) for f in result.failed)
    assert endpoint_count(client, app) == 150


def test_a_batch_the_service_refuses_names_exactly_its_items(
    client: PinpointClient, emu: Emulator, app: str
) -> None:
    # An earlier load gave the app every attribute name it may have.
    earlier = (endpoint(i, **{f"attr{i:03d}": ["x"]}) for i in range(MAX_ATTRIBUTE_NAMES_PER_APP))
    assert client.put_endpoints(app, earlier).ok
    # This load uses two names, well within what put_endpoints checks on its own; but the 151st
    # item's name would be the app's 251st, which only the service knows.
    items = [
        models.EndpointBatchItem(
            id=f"new-{i}",
            channel_type=models.ChannelType.SMS,
            address=f"+1555{i:07d}",
            attributes={"brand_new" if i == 150 else "attr000": ["y"]},
        )
        for i in range(300)
    ]
    calls = emu.call_count("UpdateEndpointsBatch")

    result = client.put_endpoints(app, items, max_workers=4)

    assert (result.accepted, result.batches_sent) == (200, 3)
    assert [f.index for f in result.failed] == list(range(100, 200))
    assert [f.endpoint_id for f in result.failed] == [f"new-{i}" for i in range(100, 200)]
    assert all(isinstance(f.error, errors.BadRequestException) for f in result.failed)
    assert "at most 250 attributes" in result.failed[0].reason
    assert not result.uncertain  # a 400: certainly not applied
    assert emu.call_count("UpdateEndpointsBatch") - calls == 3  # a 400 is not retried
    # The service applies a batch whole or not at all: nothing of the refused one was stored.
    client.get_endpoint(application_id=app, endpoint_id="new-99")
    for refused in ("new-100", "new-150", "new-199"):
        with pytest.raises(errors.NotFoundException):
            client.get_endpoint(application_id=app, endpoint_id=refused)
    assert endpoint_count(client, app) == MAX_ATTRIBUTE_NAMES_PER_APP + 200


# -- writes of one Id land in input order, whatever fails -----------------------------------

PAIRS = 3


def versions() -> Iterator[models.EndpointBatchItem]:
    """Each block of 100 Ids written twice in a row, ``v0`` then ``v1``: adjacent batches."""
    for block in range(PAIRS):
        for version in ("v0", "v1"):
            for i in range(block * 100, (block + 1) * 100):
                yield endpoint(i, version=[version])


def stored_versions(client: PinpointClient, app: str) -> dict[str, list[str]]:
    ids = (f"ep-{i:05d}" for i in range(PAIRS * 100))
    read = (client.get_endpoint(application_id=app, endpoint_id=i) for i in ids)
    return {e.id or "": (e.attributes or {}).get("version", []) for e in read}


@pytest.mark.parametrize("fault", ["fail", "lose_answer", "drop"])
def test_the_newest_write_of_each_id_wins_whatever_fails_and_is_retried(
    client: PinpointClient, emu: Emulator, app: str, fault: str
) -> None:
    # The first request is slow, then fails (or is applied and its answer lost): a batch sent
    # meanwhile with the same Ids would be overwritten by its late arrival or its retry.
    emu.faults.add_latency("UpdateEndpointsBatch", seconds=0.05, count=1)
    if fault == "fail":
        emu.faults.fail_next("UpdateEndpointsBatch", status=500)
    elif fault == "lose_answer":
        emu.faults.lose_answer_next("UpdateEndpointsBatch")
    else:
        emu.faults.drop_next("UpdateEndpointsBatch")
    # And more along the way.
    emu.faults.fail_next("UpdateEndpointsBatch", status=429, count=2)
    emu.faults.lose_answer_next("UpdateEndpointsBatch")

    result = client.put_endpoints(app, versions(), max_workers=4)

    assert (result.accepted, result.failed) == (PAIRS * 200, ())
    assert emu.faults.pending() == 0
    assert stored_versions(client, app) == {f"ep-{i:05d}": ["v1"] for i in range(PAIRS * 100)}


def test_a_batch_whose_answer_is_lost_for_good_is_marked_as_maybe_applied(
    client: PinpointClient, emu: Emulator, app: str
) -> None:
    # Every attempt of the first batch is applied and its answer lost; one worker, so that the
    # first batch takes them all.
    emu.faults.lose_answer_next("UpdateEndpointsBatch", count=THROTTLES + 1)

    result = client.put_endpoints(app, versions(), max_workers=1)

    assert result.accepted + len(result.failed) == PAIRS * 200
    assert [f.index for f in result.failed] == list(range(100))
    assert result.uncertain == result.failed
    # Whatever it did, the later write of the same Ids came after it.
    assert stored_versions(client, app) == {f"ep-{i:05d}": ["v1"] for i in range(PAIRS * 100)}


def test_a_refused_batch_is_marked_as_not_applied(
    client: PinpointClient, emu: Emulator, app: str
) -> None:
    emu.faults.fail_next("UpdateEndpointsBatch", status=400, code="BadRequestException")

    result = client.put_endpoints(app, endpoints(150), max_workers=1)

    assert [f.index for f in result.failed] == list(range(100))
    assert not any(f.may_be_applied for f in result.failed)
    assert endpoint_count(client, app) == 50


# -- a bad item fails alone: the client counts quotas as the service does -------------------


def test_bad_items_fail_alone_and_every_other_endpoint_is_stored(
    client: PinpointClient, emu: Emulator, app: str
) -> None:
    # Each bad item would sink its whole batch of 100 at the service.
    items = list(endpoints(300))
    items[5] = models.EndpointBatchItem(channel_type=models.ChannelType.EMAIL, address="no-id")
    items[120] = attrs.evolve(items[120], channel_type=models.ChannelType("FAX"))
    items[150] = sized("ep-00150", 15_273, user="user-150")  # as sent; stored, it is larger
    for n in range(16):  # user-200 gets a 16th email endpoint: the service refuses it
        items[200 + n] = attrs.evolve(items[200 + n], user=models.EndpointUser(user_id="user-200"))
    calls = emu.call_count("UpdateEndpointsBatch")

    result = client.put_endpoints(app, items, max_workers=4)

    assert [f.index for f in result.failed] == [5, 120, 150, 215]
    assert not any(f.may_be_applied for f in result.failed)
    assert result.accepted + len(result.failed) == len(items)
    assert emu.call_count("UpdateEndpointsBatch") - calls == result.batches_sent == 3
    assert endpoint_count(client, app) == 296
    # And the service refuses each of them, sent on its own as the wire dict it would be.
    raw = boto3_client_for(emu)
    wire = [to_boto3(items[i]) for i in (5, 120, 150, 215)]
    for item in wire:
        with pytest.raises(ClientError) as refused:
            raw.update_endpoints_batch(ApplicationId=app, EndpointBatchRequest={"Item": [item]})
        assert refused.value.response["Error"]["Code"] == "BadRequestException"


def sized(
    endpoint_id: str, wire_bytes: int, *, user: str | None = None
) -> models.EndpointBatchItem:
    """An endpoint that is ``wire_bytes`` bytes of JSON as sent."""
    values = ["v" * 100] * ((wire_bytes - 300) // 103)
    attributes = {f"pad{n}": values[n * 50 : (n + 1) * 50] for n in range(0, len(values) // 50 + 1)}

    def item(address: str) -> models.EndpointBatchItem:
        return models.EndpointBatchItem(
            id=endpoint_id,
            channel_type=models.ChannelType.EMAIL,
            address=address,
            attributes={k: v for k, v in attributes.items() if v},
            user=models.EndpointUser(user_id=user) if user else None,
        )

    address = "a" * (wire_bytes - wire_size(to_boto3(item(""))))
    assert wire_size(to_boto3(item(address))) == wire_bytes
    return item(address)


def _two_digit_cohort(prefix: str) -> str:
    # The emulator's cohort ("0" to "99") is derived from the Id: pick one it writes with two
    # digits, the longest the client allows for.
    return next(f"{prefix}-{n}" for n in range(100) if len(_cohort(f"{prefix}-{n}")) == 2)


@pytest.mark.parametrize("over", [-2, -1, 0, 1, 2])
def test_the_client_and_the_service_agree_on_the_size_quota_at_its_edge(
    client: PinpointClient, app: str, over: int
) -> None:
    endpoint_id = _two_digit_cohort(f"edge{over}")
    probe = sized(endpoint_id, 1000)
    overhead = stored_size(to_boto3(probe)) - wire_size(to_boto3(probe))
    item = sized(endpoint_id, MAX_ENDPOINT_BYTES + over - overhead)

    client_says = client.put_endpoints(app, [item], max_workers=1).ok
    stored = (
        client.get_endpoint(application_id=app, endpoint_id=endpoint_id) if client_says else None
    )
    try:
        client.update_endpoints_batch(
            application_id=app, endpoint_batch_request=models.EndpointBatchRequest(item=[item])
        )
        service_says = True
    except errors.BadRequestException:
        service_says = False

    assert client_says is service_says is (over <= 0)
    if stored is not None:
        assert wire_size(to_boto3(stored)) == MAX_ENDPOINT_BYTES + over
