"""Client options on both clients: timeouts and Config, with_options copies, closing.

Moved from tests/client/test_options.py (issue 19, parity by construction); what only the sync
client has (threads sharing one client, closing a boto3 client passed in) stays there.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.config import Config

from pinpoint_sdk import RetryPolicy
from pinpoint_sdk.emulator import Emulator
from tests.parity.conftest import Either

LOCAL = "http://127.0.0.1:4700"


def _build(either: Either, **options: Any) -> Any:
    return either.make(session=either.session(), endpoint_url=LOCAL, **options)


def test_timeout_arguments_set_the_raw_clients_timeouts(either: Either) -> None:
    client = _build(either, connect_timeout=2.0, read_timeout=30)
    assert (client.connect_timeout, client.read_timeout) == (2.0, 30)
    assert either.open(client).meta.config.connect_timeout == 2.0


def test_a_config_is_used_and_its_timeouts_replace_the_defaults(either: Either) -> None:
    client = _build(either, config=Config(read_timeout=45, user_agent_extra="my-app/1.0"))
    assert (client.connect_timeout, client.read_timeout) == (5.0, 45)
    assert either.open(client).meta.config.user_agent_extra == "my-app/1.0"


def test_timeout_arguments_win_over_the_config(either: Either) -> None:
    client = _build(either, read_timeout=3.0, config=Config(read_timeout=45))
    assert client.read_timeout == 3.0


def test_a_config_cannot_turn_botocore_retries_back_on(either: Either) -> None:
    with pytest.raises(ValueError, match=r"config\.retries: .*retry=RetryPolicy"):
        _build(either, config=Config(retries={"max_attempts": 3}))


@pytest.mark.parametrize("bad", [0, -1.0, True, "10"])
def test_a_timeout_must_be_a_positive_number(either: Either, bad: Any) -> None:
    with pytest.raises(ValueError, match=r"^read_timeout: expected a positive number of seconds$"):
        _build(either, read_timeout=bad)


def test_a_supplied_client_refuses_timeouts(either: Either) -> None:
    raw = either.plain(LOCAL)
    with pytest.raises(TypeError, match="keeps its own Config"):
        either.make(client=raw, read_timeout=5.0)
    with pytest.raises(TypeError, match="keeps its own Config"):
        either.make(client=raw, config=Config())


def test_a_supplied_client_reports_its_own_timeouts(either: Either) -> None:
    # A client made without a Config keeps botocore's defaults: 60 s each.
    raw = either.plain(LOCAL)
    client = either.make(client=raw)
    assert (client.connect_timeout, client.read_timeout) == (60, 60)


def test_with_options_timeouts_on_a_supplied_client_says_where_to_set_them(
    either: Either,
) -> None:
    client = either.make(client=either.plain(LOCAL))
    with pytest.raises(TypeError, match=r"Config\(connect_timeout=\.\.\., read_timeout=\.\.\.\)"):
        client.with_options(read_timeout=1.0)


def test_with_options_timeouts_is_a_copy_sharing_budget_rate_limits_and_config(
    either: Either,
) -> None:
    client = _build(
        either, config=Config(user_agent_extra="my-app/1.0"), rate_limits={"get_apps": 5}
    )
    copy = client.with_options(read_timeout=60.0)

    assert (copy.connect_timeout, copy.read_timeout) == (5.0, 60.0)
    assert client.read_timeout == 15.0  # the original is unchanged
    raw, copy_raw = either.open(client), either.open(copy)
    assert copy_raw is not raw
    assert copy.retry_budget is client.retry_budget
    assert copy._rate_limits is client._rate_limits
    assert copy_raw.meta.config.user_agent_extra == "my-app/1.0"
    assert copy_raw.meta.config.retries == {"total_max_attempts": 1, "mode": "standard"}
    assert copy_raw.meta.endpoint_url == LOCAL
    assert copy_raw._request_signer._credentials.access_key == "testing"  # the same session's


def test_copies_with_the_same_timeouts_share_one_raw_client(either: Either) -> None:
    client = _build(either)
    first = either.open(client.with_options(read_timeout=60.0))
    assert either.open(client.with_options(read_timeout=60.0)) is first
    back = client.with_options(read_timeout=60.0).with_options(read_timeout=15.0)
    assert either.open(back) is either.open(client)  # back to the original pair
    assert either.open(client.with_options(retry=None)) is either.open(client)


def test_with_options_can_change_retry_and_timeouts_together(either: Either) -> None:
    client = _build(either, retry=RetryPolicy())
    copy = client.with_options(retry=None, connect_timeout=1.0)
    assert copy.retry is None
    assert (copy.connect_timeout, copy.read_timeout) == (1.0, 15.0)
    assert client.retry == RetryPolicy()


def test_close_closes_the_copies_raw_clients_too(
    either: Either, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = _build(either)
    copy = client.with_options(read_timeout=60.0)
    raws = [either.open(client), either.open(copy)]
    closed: list[Any] = []
    for raw in raws:
        if either.is_async:
            # aiobotocore's client closes on leaving its context, through its HTTP session's.
            http = raw._endpoint.http_session
            leave = http.__aexit__

            async def record(*exc_info: Any, raw: Any = raw, leave: Any = leave) -> None:
                closed.append(raw)
                await leave(*exc_info)

            monkeypatch.setattr(http, "__aexit__", record)
        else:
            monkeypatch.setattr(raw, "close", lambda raw=raw: closed.append(raw))

    either.used_in_with(client)

    assert closed == raws


def test_a_closed_client_still_works(either: Either, emu: Emulator) -> None:
    client = either.make(session=either.session(), endpoint_url=emu.endpoint_url)
    either.run(client.close())
    assert either.run(client.get_apps()).item is not None
