"""Every operation of botocore's Pinpoint model has a handler: none answers "does not implement"."""

from __future__ import annotations

import http.client
import json
import re
from urllib.parse import urlsplit

import pytest

from pinpoint_sdk.emulator import Emulator
from pinpoint_sdk.emulator._model import load_service_spec

SERVICE = load_service_spec()

_LABEL = re.compile(r"\{[^}]+\}")


def _answer(emu: Emulator, operation: str) -> tuple[int, str]:
    """(status, message) of a bare request for ``operation``: placeholder ids, an empty body."""
    spec = SERVICE.operations[operation]
    path = _LABEL.sub("x", spec.request_uri.split("?", 1)[0])
    url = urlsplit(emu.endpoint_url)
    connection = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port, timeout=10)
    try:
        connection.request(
            spec.method, path, body=b"{}", headers={"Content-Type": "application/json"}
        )
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    message = json.loads(body).get("Message", "") if body.strip().startswith(b"{") else ""
    return response.status, str(message)


def test_the_model_has_122_operations() -> None:
    assert len(SERVICE.operations) == 122


@pytest.mark.parametrize("operation", sorted(SERVICE.operations))
def test_every_operation_answers_without_does_not_implement(emu: Emulator, operation: str) -> None:
    status, message = _answer(emu, operation)
    assert "does not implement" not in message, f"{operation}: {status} {message}"
