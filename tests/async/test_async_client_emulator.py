"""AsyncPinpointClient end to end: aiobotocore, real HTTP, the offline emulator as the service.

Needs the ``pinpoint-sdk[async]`` extra (``make test-async`` builds that environment); skipped
without it. Each test runs its own event loop with ``asyncio.run``; retries wait on a fake clock.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import pytest

pytest.importorskip(
    "aiobotocore", reason="the async client needs pinpoint-sdk[async] (aiobotocore)"
)

from pinpoint_sdk import (
    AsyncPinpointClient,
    PinpointClient,
    RetryPolicy,
    errors,
    from_boto3,
    models,
)
from pinpoint_sdk.emulator import Emulator
from tests.client.fakes import FakeTime

T = TypeVar("T")


class AsyncFakeTime(FakeTime):
    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


def client_on(emu: Emulator, clock: AsyncFakeTime, **policy: int) -> AsyncPinpointClient:
    return AsyncPinpointClient(
        endpoint_url=emu.endpoint_url,
        retry=RetryPolicy(**policy, clock=clock.clock),  # type: ignore[arg-type]  # the policy's fields by name, from the test's keywords
        sleep=clock.async_sleep,
    )


def run(emu: Emulator, body: Callable[[AsyncPinpointClient], Awaitable[T]], **policy: int) -> T:
    async def main() -> T:
        async with client_on(emu, AsyncFakeTime(), **policy) as client:
            return await body(client)

    return asyncio.run(main())


@pytest.fixture(autouse=True)
def _no_faults_left(emu: Emulator) -> None:
    emu.faults.reset()


async def new_app(client: AsyncPinpointClient, name: str = "async") -> str:
    app = await client.create_app(
        create_application_request=models.CreateApplicationRequest(name=name)
    )
    return app.id


async def app_and_segment(client: AsyncPinpointClient) -> tuple[str, str]:
    app = await new_app(client)
    segment = await client.create_segment(
        application_id=app,
        write_segment_request=models.WriteSegmentRequest(
            name="everyone", dimensions=models.SegmentDimensions()
        ),
    )
    return app, segment.id


def write_campaign(segment: str, name: str) -> models.WriteCampaignRequest:
    return models.WriteCampaignRequest(
        name=name,
        segment_id=segment,
        schedule=models.Schedule(start_time="IMMEDIATE", frequency=models.Frequency.ONCE),
    )


def test_a_campaign_reads_back_the_same_as_through_the_sync_client(emu: Emulator) -> None:
    async def body(client: AsyncPinpointClient) -> tuple[str, models.CampaignResponse]:
        app, segment = await app_and_segment(client)
        created = await client.create_campaign(
            application_id=app, write_campaign_request=write_campaign(segment, "spring")
        )
        got = await client.get_campaign(application_id=app, campaign_id=created.id)
        assert got.name == "spring"
        return app, got

    app, got = run(emu, body)
    with PinpointClient(endpoint_url=emu.endpoint_url) as sync:
        assert sync.get_campaign(application_id=app, campaign_id=got.id) == got


def test_a_successful_answer_is_read_once_as_in_the_sync_client(emu: Emulator) -> None:
    async def body(client: AsyncPinpointClient) -> list[bytes]:
        app = await new_app(client)  # opens the aiobotocore client and registers the handler
        seen: list[bytes] = []

        def record(response_dict: dict[str, Any], **_: Any) -> None:
            seen.append(response_dict["body"])

        # After the SDK's handler: what aiobotocore's parser is given.
        client.raw.meta.events.register_last("before-parse.pinpoint", record)
        assert (await client.get_app(application_id=app)).id == app
        answer = await client.raw.get_app(ApplicationId=app)  # not the SDK's: botocore's parse
        assert answer["ApplicationResponse"]["Id"] == app
        return seen

    seen = run(emu, body)
    assert seen[0] == b"null"  # the SDK's call: read from the JSON, botocore parsed nothing
    assert seen[1] not in (b"", b"null")


def test_a_journey_is_read_once_with_aiobotocores_timestamp_parser(emu: Emulator) -> None:
    start = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)

    async def body(client: AsyncPinpointClient) -> tuple[models.JourneyResponse, Any, list[bytes]]:
        app, segment = await app_and_segment(client)
        created = await client.create_journey(
            application_id=app,
            write_journey_request=models.WriteJourneyRequest(
                name="timed",
                start_condition=models.StartCondition(
                    segment_start_condition=models.SegmentCondition(segment_id=segment)
                ),
                schedule=models.JourneySchedule(start_time=start),
            ),
        )
        seen: list[bytes] = []

        def record(response_dict: dict[str, Any], **_: Any) -> None:
            seen.append(response_dict["body"])

        client.raw.meta.events.register_last("before-parse.pinpoint", record)
        got = await client.get_journey(application_id=app, journey_id=created.id)
        raw = await client.raw.get_journey(ApplicationId=app, JourneyId=created.id)
        return got, raw["JourneyResponse"], seen

    got, raw, seen = run(emu, body)
    # read once: botocore's parser (aiobotocore's) is left only the journey's timestamps
    assert seen[0] == b'{"Schedule": {"StartTime": "2026-01-02T03:04:05Z"}}'
    assert got == from_boto3(models.JourneyResponse, raw)
    assert got.schedule is not None
    assert got.schedule.start_time == start


def test_not_found_is_the_typed_error_with_its_fields(emu: Emulator) -> None:
    async def body(client: AsyncPinpointClient) -> None:
        await client.get_app(application_id="no-such-app")

    with pytest.raises(errors.NotFoundException) as raised:
        run(emu, body)
    assert raised.value.status_code == 404
    assert raised.value.operation_name == "GetApp"
    assert raised.value.request_id


def test_a_throttled_call_is_retried_until_it_succeeds(emu: Emulator) -> None:
    clock = AsyncFakeTime()

    async def main() -> models.ApplicationResponse:
        async with client_on(emu, clock) as client:
            app = await new_app(client)
            emu.faults.fail_next("GetApp", status=429, count=2)
            return await client.get_app(application_id=app)

    assert asyncio.run(main()).name == "async"
    assert len(clock.sleeps) == 2
    assert emu.faults.pending() == 0


def test_a_500_on_create_is_not_retried(emu: Emulator) -> None:
    async def body(client: AsyncPinpointClient) -> None:
        app, segment = await app_and_segment(client)
        emu.faults.fail_next("CreateCampaign", status=500)
        with pytest.raises(errors.InternalServerErrorException) as raised:
            await client.create_campaign(
                application_id=app, write_campaign_request=write_campaign(segment, "once")
            )
        assert raised.value.attempts == 1
        campaigns = await client.get_campaigns(application_id=app)
        assert campaigns.item == []

    run(emu, body)


def test_a_lost_answer_to_a_create_is_a_transport_error_that_may_have_applied(
    emu: Emulator,
) -> None:
    async def body(client: AsyncPinpointClient) -> None:
        app, segment = await app_and_segment(client)
        emu.faults.lose_answer_next("CreateCampaign")
        with pytest.raises(errors.TransportError) as raised:
            await client.create_campaign(
                application_id=app, write_campaign_request=write_campaign(segment, "once")
            )
        assert (raised.value.attempts, raised.value.may_have_been_applied) == (1, True)
        assert [c.name for c in (await client.get_campaigns(application_id=app)).item] == ["once"]

    run(emu, body)


def test_fifty_calls_at_once_with_gather(emu: Emulator) -> None:
    async def body(client: AsyncPinpointClient) -> list[str]:
        app, segment = await app_and_segment(client)
        created = await asyncio.gather(
            *(
                client.create_campaign(
                    application_id=app, write_campaign_request=write_campaign(segment, f"c{i}")
                )
                for i in range(50)
            )
        )
        read = await asyncio.gather(
            *(client.get_campaign(application_id=app, campaign_id=c.id) for c in created)
        )
        return [c.name or "" for c in read]

    assert run(emu, body) == [f"c{i}" for i in range(50)]


def test_async_for_walks_every_page_and_pages_resume(emu: Emulator) -> None:
    async def body(client: AsyncPinpointClient) -> None:
        app, segment = await app_and_segment(client)
        for i in range(7):
            await client.create_campaign(
                application_id=app, write_campaign_request=write_campaign(segment, f"p{i}")
            )
        names = [c.name async for c in client.iter_campaigns(application_id=app, page_size=3)]
        assert sorted(names) == [f"p{i}" for i in range(7)]
        pages = [p async for p in client.iter_campaigns(application_id=app, page_size=3).pages()]
        assert [len(p.items) for p in pages] == [3, 3, 1]
        rest = client.iter_campaigns(
            application_id=app, page_size=3, starting_token=pages[0].next_token
        )
        assert len(await rest.to_list()) == 4
        first_two = client.iter_campaigns(application_id=app, page_size=3, max_items=2)
        assert len(await first_two.to_list()) == 2

    run(emu, body)


def test_thousands_of_endpoints_are_loaded_and_every_one_reads_back(emu: Emulator) -> None:
    total = 2_000

    def endpoints() -> list[models.EndpointBatchItem]:
        return [
            models.EndpointBatchItem(
                id=f"ep-{i:05d}",
                channel_type=models.ChannelType.EMAIL,
                address=f"user{i}@example.com",
                attributes={"n": [str(i)]},
            )
            for i in range(total)
        ]

    async def body(client: AsyncPinpointClient) -> None:
        app = await new_app(client)
        result = await client.put_endpoints(app, endpoints(), max_workers=8)
        assert result.ok
        assert result.accepted == total
        assert result.batches_sent == total // 100
        semaphore = asyncio.Semaphore(50)

        async def read(i: int) -> models.EndpointResponse:
            async with semaphore:
                return await client.get_endpoint(application_id=app, endpoint_id=f"ep-{i:05d}")

        stored = await asyncio.gather(*(read(i) for i in range(total)))
        assert [e.attributes for e in stored] == [{"n": [str(i)]} for i in range(total)]
        assert {e.address for e in stored} == {f"user{i}@example.com" for i in range(total)}

    run(emu, body)


def test_wait_for_endpoint_reads_back_what_was_written(emu: Emulator) -> None:
    async def body(client: AsyncPinpointClient) -> models.EndpointResponse:
        app = await new_app(client)
        item = models.EndpointBatchItem(
            id="e1", channel_type=models.ChannelType.EMAIL, address="a@example.com"
        )
        await client.put_endpoints(app, [item])
        return await client.wait_for_endpoint(app, "e1", expected=item, timeout=5)

    assert run(emu, body).address == "a@example.com"


def test_the_plugin_fixture_opens_in_the_tests_own_loop(
    pinpoint_async_client: AsyncPinpointClient,
) -> None:
    async def main() -> str:
        async with pinpoint_async_client as client:
            return await new_app(client, "fixture")

    assert asyncio.run(main())


def test_an_unopened_client_opens_on_first_call_and_closes(emu: Emulator) -> None:
    async def main() -> None:
        client = AsyncPinpointClient(endpoint_url=emu.endpoint_url)
        assert client.raw is None
        await new_app(client)
        assert client.raw is not None
        await client.close()
        assert client.raw is None

    asyncio.run(main())


def test_wrapping_an_aiobotocore_client_you_made(emu: Emulator) -> None:
    from aiobotocore.session import get_session

    async def main() -> str:
        async with get_session().create_client(
            "pinpoint",
            region_name="us-east-1",
            endpoint_url=emu.endpoint_url,
            aws_access_key_id="x",
            aws_secret_access_key="x",
        ) as raw:
            client = AsyncPinpointClient(raw)
            app = await new_app(client, "wrapped")
            await client.close()  # yours to close: it stays open
            return (await client.get_app(application_id=app)).name

    assert asyncio.run(main()) == "wrapped"


def test_an_http_session_class_you_choose_is_the_one_that_sends(emu: Emulator) -> None:
    # The client swaps in its own session class only for aiobotocore's default one (to stop
    # aiohttp resending a PUT or DELETE by itself); a class given in the AioConfig is kept.
    from aiobotocore.config import AioConfig
    from aiobotocore.httpsession import AIOHTTPSession

    sent: list[str] = []

    class Counting(AIOHTTPSession):
        async def send(self, request: Any) -> Any:
            sent.append(request.method)
            return await super().send(request)

    async def main() -> None:
        config = AioConfig(http_session_cls=Counting, connector_args={"keepalive_timeout": 5})
        async with AsyncPinpointClient(endpoint_url=emu.endpoint_url, config=config) as client:
            await new_app(client, "counted")

    asyncio.run(main())
    assert sent == ["POST"]


def test_a_rate_limit_spaces_the_calls_on_the_clock(emu: Emulator) -> None:
    clock = AsyncFakeTime()

    async def main() -> None:
        client = AsyncPinpointClient(
            endpoint_url=emu.endpoint_url,
            retry=RetryPolicy(clock=clock.clock),
            sleep=clock.async_sleep,
            rate_limits={"get_apps": 2},
        )
        async with client:
            for _ in range(6):
                await client.get_apps()

    asyncio.run(main())
    # A burst of 2, then one call every half second on the fake clock.
    assert clock.now == pytest.approx(2.0)


def test_cancelling_a_bulk_load_sends_no_further_batch(emu: Emulator) -> None:
    waiting = asyncio.Event()

    async def blocked(_seconds: float) -> None:
        waiting.set()  # the second batch waits for the rate limit: cancel it there
        await asyncio.Event().wait()

    items = [
        models.EndpointBatchItem(
            id=f"c-{i:03d}", channel_type=models.ChannelType.EMAIL, address=f"u{i}@example.com"
        )
        for i in range(300)
    ]

    async def main() -> tuple[str, list[str]]:
        client = AsyncPinpointClient(
            endpoint_url=emu.endpoint_url,
            sleep=blocked,
            rate_limits={"update_endpoints_batch": 1},
        )
        async with client:
            app = await new_app(client)
            load = asyncio.create_task(client.put_endpoints(app, items, max_workers=1))
            await waiting.wait()
            load.cancel()
            with pytest.raises(asyncio.CancelledError):
                await load
            found = []
            for endpoint_id in ("c-000", "c-100", "c-200"):
                try:
                    await client.get_endpoint(application_id=app, endpoint_id=endpoint_id)
                    found.append(endpoint_id)
                except errors.NotFoundException:
                    pass
            return app, found

    _app, found = asyncio.run(main())
    assert found == ["c-000"]  # the first batch only


def test_a_with_options_copy_shares_the_connection_and_the_budget(emu: Emulator) -> None:
    async def main() -> None:
        client = AsyncPinpointClient(endpoint_url=emu.endpoint_url)
        copy = client.with_options(retry=None)
        assert copy.retry is None
        assert client.retry is not None
        await new_app(copy)
        assert client.raw is copy.raw
        assert client.raw is not None
        assert client.retry_budget is copy.retry_budget
        await client.close()
        assert copy.raw is None

    asyncio.run(main())
