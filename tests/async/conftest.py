"""The async client's fixtures: the plugin's ``pinpoint_async_client``, and the module emulator."""

from __future__ import annotations

from pinpoint_sdk.emulator.pytest_plugin import pinpoint_async_client, pinpoint_emulator

__all__ = ["pinpoint_async_client", "pinpoint_emulator"]
