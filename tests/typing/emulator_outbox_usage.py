"""Type-checked by mypy --strict and pyright, never run: the emulator's outbox."""

from __future__ import annotations

from typing import Any

from typing_extensions import assert_type

from pinpoint_sdk.emulator import Emulator, Outbox, OutboxMessage

with Emulator() as emu:
    assert_type(emu.outbox, Outbox)
    assert_type(len(emu.outbox), int)
    for message in emu.outbox:
        assert_type(message, OutboxMessage)
        assert_type(message.channel, str)
        assert_type(message.address, str)
        assert_type(message.endpoint_id, str | None)
        assert_type(message.user_id, str | None)
        assert_type(message.title, str | None)
        assert_type(message.body, str | None)
        assert_type(message.html_body, str | None)
        assert_type(message.campaign_id, str | None)
        assert_type(message.journey_id, str | None)
        assert_type(message.message_id, str)
        assert_type(message.sent_at, str)
        assert_type(message.to_json(), dict[str, Any])
    assert_type(emu.outbox[0], OutboxMessage)
    assert_type(emu.outbox.messages, list[OutboxMessage])
    assert_type(emu.outbox.for_endpoint("ep-1"), list[OutboxMessage])
    assert_type(emu.outbox.for_address("+12065550142"), list[OutboxMessage])
    emu.outbox.clear()
