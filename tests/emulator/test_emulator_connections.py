"""Connections are kept alive between requests, as AWS keeps them, when that is safe: HTTP/1.1,
no ``Connection: close`` from the client, and the request read to its end."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator

import boto3
import pytest

from pinpoint_sdk.emulator import Emulator

#: A signature-shaped header: the emulator reads the region from it (any value is accepted).
_AUTH = {
    "Authorization": "AWS4-HMAC-SHA256 Credential=x/20261127/us-east-1/mobiletargeting/"
    "aws4_request, SignedHeaders=host, Signature=x",
}


@pytest.fixture
def connection(emu: Emulator) -> Iterator[http.client.HTTPConnection]:
    host, port = emu.endpoint_url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        yield conn
    finally:
        conn.close()


def _ask(
    conn: http.client.HTTPConnection,
    method: str,
    path: str,
    body: bytes | None = None,
    **headers: str,
) -> http.client.HTTPResponse:
    conn.request(method, path, body=body, headers={**_AUTH, **headers})
    response = conn.getresponse()
    response.read()
    return response


def test_two_requests_travel_on_one_connection(connection: http.client.HTTPConnection) -> None:
    body = json.dumps({"Name": "kept"}).encode()
    first = _ask(connection, "POST", "/v1/apps", body, **{"Content-Type": "application/json"})
    assert first.status == 201
    assert first.getheader("Connection") is None
    sock = connection.sock
    assert sock is not None
    second = _ask(connection, "GET", "/v1/apps")
    assert second.status == 200
    assert connection.sock is sock  # http.client opened no new connection


def test_a_client_that_asks_to_close_gets_its_connection_closed(
    connection: http.client.HTTPConnection,
) -> None:
    response = _ask(connection, "GET", "/v1/apps", Connection="close")
    assert response.status == 200
    assert response.getheader("Connection") == "close"
    assert response.will_close


def test_a_request_whose_body_was_not_read_closes_its_connection(
    connection: http.client.HTTPConnection,
) -> None:
    # No operation answers PATCH /v1/apps: the body is never read, so where the next request
    # would start is unknown.
    response = _ask(connection, "PATCH", "/v1/apps", b'{"unread": true}')
    assert response.status >= 400
    assert response.getheader("Connection") == "close"


def test_http_1_0_gets_its_connection_closed(connection: http.client.HTTPConnection) -> None:
    connection._http_vsn, connection._http_vsn_str = 10, "HTTP/1.0"  # type: ignore[attr-defined]
    response = _ask(connection, "GET", "/v1/apps")
    assert response.status == 200
    assert response.will_close


def test_boto3_reuses_its_connection() -> None:
    accepted: list[object] = []
    with Emulator() as emu:
        server = emu._server  # type: ignore[attr-defined]
        count = server.process_request

        def counted(request: object, address: object) -> None:
            accepted.append(address)
            count(request, address)

        server.process_request = counted
        raw = boto3.client(
            "pinpoint",
            endpoint_url=emu.endpoint_url,
            region_name="us-east-1",
            aws_access_key_id="x",
            aws_secret_access_key="x",
        )
        app = raw.create_app(CreateApplicationRequest={"Name": "reuse"})["ApplicationResponse"]
        for _ in range(5):
            raw.get_app(ApplicationId=app["Id"])
        raw.close()
    assert len(accepted) == 1


def test_a_stopped_emulator_answers_nothing_on_a_connection_it_kept() -> None:
    # The handler thread of an idle kept connection would otherwise go on serving it.
    emu = Emulator().start()
    host, port = emu.endpoint_url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        assert _ask(conn, "GET", "/v1/apps").status == 200  # the connection is now idle, kept
        emu.stop()
        with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
            _ask(conn, "GET", "/v1/apps")
    finally:
        conn.close()
