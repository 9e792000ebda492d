"""Error answers as botocore sees them, and requests no well-behaved client would send."""

from __future__ import annotations

import http.client
import json
import logging
import re
import socket
from collections.abc import Iterator
from typing import Any

import pytest

from pinpoint_sdk.emulator import Emulator
from pinpoint_sdk.emulator._handlers import HANDLERS
from pinpoint_sdk.emulator._model import load_service_spec

from .conftest import error_of

SEVEN_MB = 7 * 1024 * 1024


def test_an_error_has_the_services_status_type_header_and_body(emu: Emulator) -> None:
    status, headers, body = request(emu, "GET", "/v1/apps/" + "0" * 32)
    assert status == 404
    assert headers["x-amzn-errortype"] == "NotFoundException"
    assert headers["content-type"] == "application/json"
    assert set(body) == {"Message", "RequestID"}
    assert body["RequestID"] == headers["x-amzn-requestid"]


def test_every_answer_carries_a_request_id(emu: Emulator) -> None:
    status, headers, _ = request(emu, "GET", "/v1/apps")
    assert status == 200
    assert headers["x-amzn-requestid"]


def test_botocore_reads_code_message_and_status(raw: Any) -> None:
    with pytest.raises(raw.exceptions.NotFoundException) as excinfo:
        raw.get_segment(ApplicationId="0" * 32, SegmentId="s")
    code, status, message = error_of(excinfo)
    assert (code, status) == ("NotFoundException", 404)
    assert message == "Application not found"
    metadata = excinfo.value.response["ResponseMetadata"]
    assert metadata["RequestId"] == metadata["HTTPHeaders"]["x-amzn-requestid"]


def test_an_operation_the_emulator_does_not_implement_says_so(
    emu: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every operation of today's model has a handler; one a newer botocore adds would not.
    spec = load_service_spec().operations["GetRecommenderConfigurations"]
    handlers = {name: h for name, h in HANDLERS.items() if name != spec.name}
    monkeypatch.setattr(emu._app, "handlers", handlers)
    path = re.sub(r"\{[^}]+\}", "x", spec.request_uri.split("?")[0])
    status, headers, body = request(emu, spec.method, path)
    assert (status, headers["x-amzn-errortype"]) == (400, "BadRequestException")
    assert f"does not implement {spec.name}" in body["Message"]


def test_a_body_over_7_mb_is_payload_too_large(raw: Any, app: str) -> None:
    value = "v" * 100
    items = [
        {"Id": f"e{i}", "Attributes": {f"a{j}": [value] * 50 for j in range(15)}}
        for i in range(100)
    ]
    with pytest.raises(raw.exceptions.PayloadTooLargeException) as excinfo:
        raw.update_endpoints_batch(ApplicationId=app, EndpointBatchRequest={"Item": items})
    assert error_of(excinfo)[:2] == ("PayloadTooLargeException", 413)


# -- raw HTTP --------------------------------------------------------------------------------


def request(
    emu: Emulator,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], Any]:
    host, port = emu.endpoint_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        answer = {k.lower(): v for k, v in response.getheaders()}
        return response.status, answer, json.loads(data) if data else None
    finally:
        connection.close()


@pytest.fixture
def app_path(raw: Any, app: str) -> str:
    return f"/v1/apps/{app}"


HOSTILE: list[tuple[str, str, str, bytes | None, dict[str, str], int, str]] = [
    ("unknown-route", "GET", "/v2/nothing", None, {}, 404, "NotFoundException"),
    ("root", "GET", "/", None, {}, 404, "NotFoundException"),
    ("wrong-method", "PATCH", "/v1/apps", None, {}, 405, "MethodNotAllowedException"),
    ("malformed-json", "POST", "/v1/apps", b'{"Name": ', {}, 400, "BadRequestException"),
    ("not-utf8", "POST", "/v1/apps", b"\xff\xfe{}", {}, 400, "BadRequestException"),
    ("json-array", "POST", "/v1/apps", b"[1, 2]", {}, 400, "BadRequestException"),
    ("json-string", "POST", "/v1/apps", b'"app"', {}, 400, "BadRequestException"),
    ("wrong-type", "POST", "/v1/apps", b'{"Name": 7}', {}, 400, "BadRequestException"),
    ("null-name", "POST", "/v1/apps", b'{"Name": null}', {}, 400, "BadRequestException"),
    ("empty-body", "POST", "/v1/apps", b"", {}, 400, "BadRequestException"),
    ("deep-json", "POST", "/v1/apps", b"[" * 100_000, {}, 400, "BadRequestException"),
    (
        "deep-valid-json",
        "POST",
        "/v1/apps",
        b'{"Name": "x", "tags": ' + b'{"a": ' * 5000 + b"1" + b"}" * 5000 + b"}",
        {},
        400,
        "BadRequestException",
    ),
    (
        "huge-int",
        "POST",
        "/v1/apps",
        b'{"Name": ' + b"9" * 5000 + b"}",
        {},
        400,
        "BadRequestException",
    ),
    (
        "declared-too-large",
        "POST",
        "/v1/apps",
        b"{}",
        {"Content-Length": str(SEVEN_MB + 1)},
        413,
        "PayloadTooLargeException",
    ),
    (
        "encoded-slash-in-id",
        "GET",
        "/v1/apps/a%2Fb/segments",
        None,
        {},
        404,
        "NotFoundException",
    ),
    (
        "content-length-not-a-number",
        "POST",
        "/v1/apps",
        b"",
        {"Content-Length": "abc"},
        400,
        "BadRequestException",
    ),
    (
        "negative-content-length",
        "POST",
        "/v1/apps",
        b"",
        {"Content-Length": "-1"},
        400,
        "BadRequestException",
    ),
    (
        "broken-chunks",
        "POST",
        "/v1/apps",
        b"zz\r\n{}\r\n0\r\n\r\n",
        {"Transfer-Encoding": "chunked"},
        400,
        "BadRequestException",
    ),
    (
        "chunk-without-terminator",
        "POST",
        "/v1/apps",
        b"2\r\n{}XX0\r\n\r\n",
        {"Transfer-Encoding": "chunked"},
        400,
        "BadRequestException",
    ),
    ("bad-page-size", "GET", "/v1/apps?page-size=lots", None, {}, 400, "BadRequestException"),
    ("bad-token", "GET", "/v1/apps?token=%00%01", None, {}, 400, "BadRequestException"),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "headers", "status", "code"),
    [case[1:] for case in HOSTILE],
    ids=[case[0] for case in HOSTILE],
)
def test_hostile_requests_get_the_services_answer(
    caplog: pytest.LogCaptureFixture,
    emu: Emulator,
    method: str,
    path: str,
    body: bytes | None,
    headers: dict[str, str],
    status: int,
    code: str,
) -> None:
    if "Content-Length" in headers or "Transfer-Encoding" in headers:
        answer_status, answer_headers, answer = send_raw(emu, method, path, body or b"", headers)
    else:
        answer_status, answer_headers, answer = request(emu, method, path, body, headers)
    assert answer_status == status
    assert answer_headers["x-amzn-errortype"] == code
    assert answer["Message"]
    assert_still_serving(emu)
    # Answered on purpose, not by the catch-all for unexpected errors.
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def send_raw(
    emu: Emulator, method: str, path: str, body: bytes, headers: dict[str, str]
) -> tuple[int, dict[str, str], Any]:
    """Send headers as given (a lying Content-Length), then read the answer."""
    host, port = emu.endpoint_url.removeprefix("http://").split(":")
    head = f"{method} {path} HTTP/1.1\r\nHost: {host}\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(head.encode() + body)
        response = http.client.HTTPResponse(sock)
        response.begin()
        data = response.read()
        answer = {k.lower(): v for k, v in response.getheaders()}
        return response.status, answer, json.loads(data)


def test_a_chunked_body_over_7_mb_is_refused_without_keeping_it(emu: Emulator) -> None:
    def chunks() -> Iterator[bytes]:
        block = b" " * (1024 * 1024)
        for _ in range(8):
            yield block

    host, port = emu.endpoint_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("POST", "/v1/apps", body=chunks(), encode_chunked=True)
        response = connection.getresponse()
        assert response.status == 413
        assert response.getheader("X-Amzn-ErrorType") == "PayloadTooLargeException"
    finally:
        connection.close()
    assert_still_serving(emu)


@pytest.mark.parametrize(
    "garbage",
    [
        b"\x00\x01\x02\r\n\r\n",
        b"GET\r\n\r\n",
        b"HELLO / HTTP/9.9\r\n\r\n",
        b"GET /v1/apps\r\n\r\n",
        b"GET /v1/apps HTTP/1.1 extra\r\n\r\n",
    ],
    ids=["binary", "no-path", "bad-version", "http-0.9", "four-words"],
)
def test_a_request_line_that_cannot_be_parsed_gets_a_full_http_400(
    emu: Emulator, garbage: bytes
) -> None:
    host, port = emu.endpoint_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(garbage)
        response = http.client.HTTPResponse(sock)
        response.begin()  # fails unless the answer opens with a status line
        body = json.loads(response.read())
    assert response.version == 11
    assert response.status == 400
    assert response.getheader("X-Amzn-ErrorType") == "BadRequestException"
    assert set(body) == {"Message", "RequestID"}
    assert "\\x00" not in body["Message"]
    assert_still_serving(emu)


@pytest.mark.parametrize(
    ("garbage", "status"),
    [
        (b"GET /v1/apps HTTP/1.1\r\n" + b"X-A: b\r\n" * 200 + b"\r\n", 431),
        (b"GET /v1/apps HTTP/1.1\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n", 431),
        (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n", 414),
    ],
    ids=["many-headers", "long-header", "long-uri"],
)
def test_a_request_http_server_refuses_gets_a_json_error(
    emu: Emulator, garbage: bytes, status: int
) -> None:
    host, port = emu.endpoint_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(garbage)
        response = http.client.HTTPResponse(sock)
        response.begin()
        body = json.loads(response.read())
    assert response.status == status
    assert response.getheader("X-Amzn-ErrorType") == "BadRequestException"
    assert body["RequestID"] == response.getheader("x-amzn-RequestId")
    assert_still_serving(emu)


def test_a_connection_closed_without_a_request_does_not_stop_the_server(emu: Emulator) -> None:
    host, port = emu.endpoint_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.shutdown(socket.SHUT_WR)
        sock.recv(65536)
    assert_still_serving(emu)


def test_a_client_that_hangs_up_mid_body_does_not_stop_the_server(emu: Emulator) -> None:
    host, port = emu.endpoint_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"POST /v1/apps HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{")
    assert_still_serving(emu)


def assert_still_serving(emu: Emulator) -> None:
    status, _, body = request(emu, "POST", "/v1/apps", b'{"Name": "still-here"}')
    assert status == 201
    assert body["Name"] == "still-here"
