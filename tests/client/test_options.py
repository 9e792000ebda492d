"""Client options: timeouts and Config, with_options copies, closing, and sharing between threads."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from botocore.client import BaseClient
from botocore.config import Config

from pinpoint_sdk import PinpointClient, RetryPolicy, models
from pinpoint_sdk.emulator import Emulator
from tests.client.conftest import SESSION
from tests.helpers import create_app

LOCAL = "http://127.0.0.1:4700"


def _build(**options: Any) -> PinpointClient:
    return PinpointClient(session=SESSION, endpoint_url=LOCAL, **options)


def test_timeout_arguments_set_the_boto3_clients_timeouts() -> None:
    client = _build(connect_timeout=2.0, read_timeout=30)
    assert (client.connect_timeout, client.read_timeout) == (2.0, 30)
    assert client.raw.meta.config.connect_timeout == 2.0  # type: ignore[attr-defined]


def test_a_config_is_used_and_its_timeouts_replace_the_defaults() -> None:
    client = _build(config=Config(read_timeout=45, user_agent_extra="my-app/1.0"))
    assert (client.connect_timeout, client.read_timeout) == (5.0, 45)
    assert client.raw.meta.config.user_agent_extra == "my-app/1.0"  # type: ignore[attr-defined]


def test_timeout_arguments_win_over_the_config() -> None:
    client = _build(read_timeout=3.0, config=Config(read_timeout=45))
    assert client.read_timeout == 3.0


def test_a_config_cannot_turn_botocore_retries_back_on() -> None:
    with pytest.raises(ValueError, match=r"config\.retries: .*retry=RetryPolicy"):
        _build(config=Config(retries={"max_attempts": 3}))


@pytest.mark.parametrize("bad", [0, -1.0, True, "10"])
def test_a_timeout_must_be_a_positive_number(bad: Any) -> None:
    with pytest.raises(ValueError, match=r"^read_timeout: expected a positive number of seconds$"):
        _build(read_timeout=bad)


def test_a_supplied_client_refuses_timeouts(raw: BaseClient) -> None:
    with pytest.raises(TypeError, match="keeps its own Config"):
        PinpointClient(raw, read_timeout=5.0)
    with pytest.raises(TypeError, match="keeps its own Config"):
        PinpointClient(raw, config=Config())


def test_a_supplied_client_reports_its_own_timeouts(raw: BaseClient) -> None:
    # A plain boto3 client keeps botocore's defaults: 60 s each.
    assert (PinpointClient(raw).connect_timeout, PinpointClient(raw).read_timeout) == (60, 60)


def test_with_options_timeouts_on_a_supplied_client_says_where_to_set_them(
    raw: BaseClient,
) -> None:
    with pytest.raises(TypeError, match=r"Config\(connect_timeout=\.\.\., read_timeout=\.\.\.\)"):
        PinpointClient(raw).with_options(read_timeout=1.0)


def test_with_options_timeouts_is_a_copy_sharing_budget_rate_limits_and_config() -> None:
    client = _build(config=Config(user_agent_extra="my-app/1.0"), rate_limits={"get_apps": 5})
    copy = client.with_options(read_timeout=60.0)

    assert (copy.connect_timeout, copy.read_timeout) == (5.0, 60.0)
    assert client.read_timeout == 15.0  # the original is unchanged
    assert copy.raw is not client.raw
    assert copy.retry_budget is client.retry_budget
    assert copy._rate_limits is client._rate_limits
    assert copy.raw.meta.config.user_agent_extra == "my-app/1.0"  # type: ignore[attr-defined]
    assert copy.raw.meta.config.retries == {"total_max_attempts": 1, "mode": "standard"}  # type: ignore[attr-defined]
    assert copy.raw.meta.endpoint_url == LOCAL
    assert copy.raw._request_signer._credentials.access_key == "testing"  # the same session's


def test_copies_with_the_same_timeouts_share_one_boto3_client() -> None:
    client = _build()
    first = client.with_options(read_timeout=60.0)
    assert client.with_options(read_timeout=60.0).raw is first.raw
    assert first.with_options(read_timeout=15.0).raw is client.raw  # back to the original pair
    assert client.with_options(retry=None).raw is client.raw


def test_with_options_can_change_retry_and_timeouts_together() -> None:
    client = _build()
    copy = client.with_options(retry=None, connect_timeout=1.0)
    assert copy.retry is None
    assert (copy.connect_timeout, copy.read_timeout) == (1.0, 15.0)
    assert client.retry == RetryPolicy()


def test_close_closes_the_copies_boto3_clients_too(monkeypatch: pytest.MonkeyPatch) -> None:
    client = _build()
    copy = client.with_options(read_timeout=60.0)
    closed: list[BaseClient] = []
    for raw in (client.raw, copy.raw):
        monkeypatch.setattr(raw, "close", lambda raw=raw: closed.append(raw))

    with client:
        pass

    assert closed == [client.raw, copy.raw]


def test_close_of_a_supplied_client_closes_it(
    raw: BaseClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed: list[bool] = []
    monkeypatch.setattr(raw, "close", lambda: closed.append(True))
    PinpointClient(raw).close()
    assert closed == [True]


def test_a_closed_client_still_works(emu: Emulator) -> None:
    client = PinpointClient(session=SESSION, endpoint_url=emu.endpoint_url)
    client.close()
    assert client.get_apps().item is not None


def test_one_client_shared_by_16_threads(emu: Emulator) -> None:
    client = PinpointClient(session=SESSION, endpoint_url=emu.endpoint_url)
    app = create_app(client, "threads")
    barrier = threading.Barrier(16)

    def work(n: int) -> tuple[str, str, str]:
        # Half the threads use with_options copies built concurrently from the same client.
        mine = client.with_options(read_timeout=30.0) if n % 2 else client
        barrier.wait()
        created = mine.create_segment(
            application_id=app,
            write_segment_request=models.WriteSegmentRequest(name=f"segment-{n}"),
        )
        mine.update_segment(
            application_id=app,
            segment_id=created.id,
            write_segment_request=models.WriteSegmentRequest(name=f"segment-{n}-renamed"),
        )
        read = mine.get_segment(application_id=app, segment_id=created.id)
        return created.id, read.name or "", str(read.version)

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(work, range(16)))

    assert [name for _id, name, _version in results] == [f"segment-{n}-renamed" for n in range(16)]
    assert all(version == "2" for _id, _name, version in results)
    ids = {segment_id for segment_id, _name, _version in results}
    assert len(ids) == 16
    assert {s.id for s in client.iter_segments(application_id=app)} == ids
    # All copies asked for the same timeouts: one extra boto3 client, not eight.
    assert client._clients is not None
    assert len(client._clients._built) == 2
