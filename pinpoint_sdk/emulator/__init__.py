"""An offline Amazon Pinpoint: a local server a plain boto3 client talks to over HTTP.

AWS ended support for Pinpoint's engagement features (endpoints, segments, campaigns, journeys) on
2026-10-30; code built on this API keeps being tested against this emulator. See
``docs/emulator.md``.
"""

from pinpoint_sdk.errors import StateFileError

from ._clock import ManualClock
from ._emulator import Emulator
from ._faults import Faults
from ._outbox import Outbox, OutboxMessage

__all__ = ["Emulator", "Faults", "ManualClock", "Outbox", "OutboxMessage", "StateFileError"]
