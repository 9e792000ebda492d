"""Small helpers shared by the tests that run against the emulator."""

from __future__ import annotations

from pinpoint_sdk import PinpointClient, models


def create_app(client: PinpointClient, name: str) -> str:
    """A new app on the service ``client`` talks to; its id."""
    created = client.create_app(
        create_application_request=models.CreateApplicationRequest(name=name)
    )
    assert created.id is not None
    return created.id
