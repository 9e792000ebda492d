"""The outbox: every message the emulator delivered, in delivery order, for tests to read.

``emu.outbox`` is the ``Outbox`` of a running emulator; the CLI process serves the same records at
``GET /_emulator/outbox`` and clears them with ``DELETE /_emulator/outbox``. Nothing here knows
HTTP or the state: ``.._messaging.deliver`` is the one place that records a delivery.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["Outbox", "OutboxMessage"]


@dataclass(frozen=True)
class OutboxMessage:
    """One message as the recipient received it, after templates and variables were applied."""

    #: The platform it went through: ``"SMS"``, ``"EMAIL"``, ``"VOICE"``, ``"GCM"``, ``"APNS"``,
    #: ``"APNS_SANDBOX"``, ``"APNS_VOIP"``, ``"APNS_VOIP_SANDBOX"``, ``"ADM"``, ``"BAIDU"``,
    #: ``"CUSTOM"``.
    channel: str
    #: Phone number, email address, device token or custom address it was sent to.
    address: str
    application_id: str
    #: The endpoint it was sent to; None for a message sent to an address.
    endpoint_id: str | None
    #: The endpoint's ``User.UserId``, if it has one.
    user_id: str | None
    #: Push title or email subject (rendered); None when the channel has none.
    title: str | None
    #: The rendered body: SMS/voice text, push body, email text part (or ``Body``).
    body: str | None
    #: The rendered HTML part of an email; None otherwise.
    html_body: str | None
    #: The campaign or journey the message came from; None for a direct message.
    campaign_id: str | None
    journey_id: str | None
    #: The template it was rendered from (``TemplateConfiguration``), and the version used.
    template_name: str | None
    template_version: str | None
    #: The ``MessageId`` reported in the send's result.
    message_id: str
    #: When it was delivered (ISO 8601, UTC, by the emulator's clock).
    sent_at: str
    #: The ``RequestId`` of the call that sent it (for a campaign run, the run's id).
    request_id: str

    def to_json(self) -> dict[str, Any]:
        """The record as a JSON object, snake_case keys as the attributes are named."""
        return asdict(self)


class Outbox:
    """The messages delivered so far, oldest first; safe to read from any thread.

    Iterate it, index it, ``len()`` it; ``clear()`` forgets every message. ``for_address`` and
    ``for_endpoint`` pick the messages one recipient received.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._messages: list[OutboxMessage] = []

    def record(self, message: OutboxMessage) -> None:
        with self._lock:
            self._messages.append(message)

    @property
    def messages(self) -> list[OutboxMessage]:
        """A copy of the messages, oldest first."""
        with self._lock:
            return list(self._messages)

    def for_address(self, address: str) -> list[OutboxMessage]:
        return [message for message in self.messages if message.address == address]

    def for_endpoint(self, endpoint_id: str) -> list[OutboxMessage]:
        return [message for message in self.messages if message.endpoint_id == endpoint_id]

    def clear(self) -> None:
        """Forget every message."""
        with self._lock:
            self._messages.clear()

    def to_json(self) -> list[dict[str, Any]]:
        return [message.to_json() for message in self.messages]

    def __iter__(self) -> Iterator[OutboxMessage]:
        return iter(self.messages)

    def __len__(self) -> int:
        with self._lock:
            return len(self._messages)

    def __getitem__(self, index: int) -> OutboxMessage:
        with self._lock:
            return self._messages[index]

    def __repr__(self) -> str:
        return f"<Outbox of {len(self)} messages>"
