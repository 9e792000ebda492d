"""Hostile input never gets a 500 and never stalls the server (issue 11 item 6).

Raw sockets and http.client against the emulator on loopback; each case is bounded in size and
time (socket timeouts), and every test ends by checking the server still serves.
"""

from __future__ import annotations

import base64
import http.client
import io
import json
import logging
import select
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from pinpoint_sdk.emulator import Emulator
from pinpoint_sdk.emulator._imports import BATCH_ROWS, ObjectStore
from pinpoint_sdk.emulator._model import MAX_JSON_DEPTH

from .conftest import error_of

ROLE = "arn:aws:iam::123456789012:role/pinpoint-import"


def address(emu: Emulator) -> tuple[str, int]:
    host, port = emu.endpoint_url.removeprefix("http://").split(":")
    return host, int(port)


def strict_json(data: bytes) -> Any:
    """Parse as JSON and nothing more: NaN and Infinity are not JSON."""

    def refuse(name: str) -> Any:
        raise AssertionError(f"{name} in an answer")

    return json.loads(data, parse_constant=refuse)


def send(
    emu: Emulator, method: str, path: str, body: bytes | None = None
) -> tuple[int, dict[str, str], Any]:
    connection = http.client.HTTPConnection(*address(emu), timeout=10)
    try:
        connection.request(method, path, body=body)
        response = connection.getresponse()
        data = response.read()
        headers = {k.lower(): v for k, v in response.getheaders()}
        return response.status, headers, strict_json(data) if data else None
    finally:
        connection.close()


def assert_still_serving(emu: Emulator) -> None:
    status, _, body = send(emu, "POST", "/v1/apps", b'{"Name": "still-here"}')
    assert (status, body["Name"]) == (201, "still-here")


@pytest.fixture(autouse=True)
def no_unexpected_errors(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Every case is answered on purpose, never by the catch-all for unexpected errors."""
    yield
    assert not [r for r in caplog.records if "emulator error" in r.getMessage()]


def nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


# -- JSON ------------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [300, 900, 5000])
def test_json_nested_deep_in_an_unknown_member_is_a_400(emu: Emulator, depth: int) -> None:
    body = b'{"Name": "x", "Unknown": ' + nested(depth) + b"}"
    status, headers, answer = send(emu, "POST", "/v1/apps", body)
    assert (status, headers["x-amzn-errortype"]) == (400, "BadRequestException")
    assert f"nested more than {MAX_JSON_DEPTH} levels" in answer["Message"]
    assert_still_serving(emu)


def test_json_nested_up_to_the_cap_is_accepted(emu: Emulator) -> None:
    body = b'{"Name": "x", "Unknown": ' + nested(MAX_JSON_DEPTH - 1) + b"}"
    status, _, answer = send(emu, "POST", "/v1/apps", body)
    assert (status, answer["Name"]) == (201, "x")


def test_json_nested_deep_in_an_endpoint_is_a_400(emu: Emulator, app: str) -> None:
    body = b'{"ChannelType": "GCM", "Address": "a", "Demographic": {"X": ' + nested(300) + b"}}"
    status, _, answer = send(emu, "PUT", f"/v1/apps/{app}/endpoints/e1", body)
    assert status == 400
    assert "nested" in answer["Message"]


@pytest.mark.parametrize(
    "token",
    [
        nested(300),
        b'{"after": ' + nested(900) + b"}",
        b'{"after": NaN}',
        b'{"after": 1e999}',
        b"\xff\xfe",
    ],
    ids=["deep", "deep-value", "nan", "huge-float", "not-utf8"],
)
def test_a_hostile_page_token_is_a_400(emu: Emulator, token: bytes) -> None:
    encoded = base64.urlsafe_b64encode(token).decode().rstrip("=")
    status, headers, answer = send(emu, "GET", f"/v1/apps?token={encoded}")
    assert (status, headers["x-amzn-errortype"]) == (400, "BadRequestException")
    assert "token is not valid" in answer["Message"]


@pytest.mark.parametrize("constant", [b"NaN", b"Infinity", b"-Infinity"])
def test_nan_and_infinity_are_refused_not_echoed(emu: Emulator, app: str, constant: bytes) -> None:
    body = b'{"ChannelType": "GCM", "Address": "a", "Metrics": {"m": ' + constant + b"}}"
    status, _, answer = send(emu, "PUT", f"/v1/apps/{app}/endpoints/nan", body)
    assert status == 400
    assert constant.decode().lstrip("-") in answer["Message"]
    assert send(emu, "GET", f"/v1/apps/{app}/endpoints/nan")[0] == 404


def test_a_nan_from_botocore_is_a_string_or_refused(raw: Any, app: str) -> None:
    # Recent botocore sends float("nan") as the string "NaN", valid JSON both ways, which
    # is stored as sent; older ones (1.35, our floor) send a bare NaN, not JSON: refused.
    request = {"ChannelType": "GCM", "Address": "a", "Metrics": {"m": float("nan")}}
    body = raw._serializer.serialize_to_request(
        {"ApplicationId": app, "EndpointId": "nan", "EndpointRequest": request},
        raw.meta.service_model.operation_model("UpdateEndpoint"),
    )["body"]
    if b'"NaN"' not in body:
        with pytest.raises(raw.exceptions.BadRequestException):
            raw.update_endpoint(ApplicationId=app, EndpointId="nan", EndpointRequest=request)
        return
    raw.update_endpoint(ApplicationId=app, EndpointId="nan", EndpointRequest=request)
    status, _, answer = send(raw_emu_of(raw), "GET", f"/v1/apps/{app}/endpoints/nan")
    assert (status, answer["Metrics"]) == (200, {"m": "NaN"})


def raw_emu_of(raw: Any) -> Emulator:
    class _Target:
        endpoint_url = raw.meta.endpoint_url

    return _Target()  # type: ignore[return-value]  # only endpoint_url is read


# -- HTTP ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def impatient() -> Iterator[Emulator]:
    """An emulator whose connections time out after a fifth of a second of silence."""
    with Emulator(timeout=0.2) as emu:
        yield emu


def read_answer(sock: socket.socket) -> http.client.HTTPResponse:
    response = http.client.HTTPResponse(sock)
    response.begin()
    return response


def test_an_incomplete_body_is_answered_408_and_frees_the_thread(impatient: Emulator) -> None:
    with socket.create_connection(address(impatient), timeout=10) as sock:
        sock.sendall(b"POST /v1/apps HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
        response = read_answer(sock)
        body = strict_json(response.read())
    assert response.status == 408
    assert response.getheader("X-Amzn-ErrorType") == "RequestTimeoutException"
    assert "did not arrive in time" in body["Message"]
    assert_still_serving(impatient)


def test_a_body_sent_a_byte_at_a_time_is_cut_off(impatient: Emulator) -> None:
    body = b'{"Name": "' + b"a" * 200 + b'"}'
    head = f"POST /v1/apps HTTP/1.1\r\nHost: x\r\nContent-Length: {len(body)}\r\n\r\n"
    with socket.create_connection(address(impatient), timeout=10) as sock:
        sock.sendall(head.encode())
        answered = False
        for byte in body:
            sock.sendall(bytes([byte]))
            # Pace the drip by waiting for the server's answer (never a sleep).
            readable, _, _ = select.select([sock], [], [], 0.05)
            if readable:
                answered = True
                break
        assert answered, "the whole body was taken, however slowly it came"
        response = read_answer(sock)
    assert response.status == 408
    assert_still_serving(impatient)


def test_a_head_sent_a_byte_at_a_time_is_cut_off(impatient: Emulator) -> None:
    head = b"GET /v1/apps HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 400
    with socket.create_connection(address(impatient), timeout=10) as sock:
        answer = None
        for byte in head:
            sock.sendall(bytes([byte]))
            # Pace the drip by waiting for the server to give up (never a sleep).
            readable, _, _ = select.select([sock], [], [], 0.05)
            if readable:
                answer = sock.recv(1024)
                break
        assert answer is not None, "the whole head was taken, however slowly it came"
        # What arrived by the deadline is answered as the garbled request it is, and closed.
        assert answer.startswith(b"HTTP/1.1 400 ")
        assert b"Connection: close" in answer
    assert_still_serving(impatient)


def test_a_silent_connection_is_closed(impatient: Emulator) -> None:
    with socket.create_connection(address(impatient), timeout=10) as sock:
        assert sock.recv(1024) == b""  # closed by the server, with nothing said
    assert_still_serving(impatient)


def test_a_silent_keep_alive_connection_is_closed_after_an_answer(impatient: Emulator) -> None:
    with socket.create_connection(address(impatient), timeout=10) as sock:
        sock.sendall(b"GET /v1/apps HTTP/1.1\r\nHost: x\r\n\r\n")
        response = read_answer(sock)
        assert response.status == 200
        response.read()
        assert sock.recv(1024) == b""


# -- import jobs -----------------------------------------------------------------------------


def create_job(raw: Any, app: str, url: str, fmt: str = "CSV", **extra: Any) -> str:
    request = {"Format": fmt, "S3Url": url, "RoleArn": ROLE, **extra}
    response = raw.create_import_job(ApplicationId=app, ImportJobRequest=request)
    return str(response["ImportJobResponse"]["Id"])


def job_of(raw: Any, app: str, job_id: str) -> dict[str, Any]:
    return dict(raw.get_import_job(ApplicationId=app, JobId=job_id)["ImportJobResponse"])


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("s3://bucket/a\x00b.csv", "control character"),
        ("s3://bucket/" + "k" * 1025, "longer than 1024 bytes"),
        ("s3://Bad_Bucket/k.csv", "bucket name 'Bad_Bucket' is not valid"),
        ("s3://192.168.1.1/k.csv", "IP address"),
        ("s3://a..b/k.csv", "bucket name 'a..b' is not valid"),
    ],
    ids=["nul-in-key", "long-key", "bad-bucket", "ip-bucket", "double-dot"],
)
def test_an_import_source_s3_would_refuse_is_a_400(
    raw: Any, app: str, url: str, expected: str
) -> None:
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        create_job(raw, app, url)
    assert expected in error_of(excinfo)[2]
    assert raw.get_import_jobs(ApplicationId=app)["ImportJobsResponse"]["Item"] == []


def test_put_object_applies_the_same_bucket_rule(emu: Emulator, raw: Any, app: str) -> None:
    with pytest.raises(ValueError, match="bucket name 'Bad_Bucket' is not valid") as refused:
        emu.put_object("Bad_Bucket", "k", b"")
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        create_job(raw, app, "s3://Bad_Bucket/k")
    assert str(refused.value) in error_of(excinfo)[2]
    with pytest.raises(ValueError, match="control character"):
        emu.put_object("bucket", "a\x00b", b"")


def test_a_key_the_file_system_cannot_take_fails_its_job_not_the_listing(tmp_path: Path) -> None:
    with Emulator(s3_root=tmp_path) as emu:
        from pinpoint_sdk.emulator.pytest_plugin import boto3_client_for

        raw = boto3_client_for(emu)
        app = raw.create_app(CreateApplicationRequest={"Name": "t"})["ApplicationResponse"]["Id"]
        # Under S3's 1024 bytes, over the file system's 255 per name.
        job_id = create_job(raw, app, "s3://bucket/" + "n" * 600 + ".csv")
        for _ in range(5):
            listed = raw.get_import_jobs(ApplicationId=app)["ImportJobsResponse"]["Item"]
        assert [job["JobStatus"] for job in listed] == ["FAILED"]
        assert "No object found" in job_of(raw, app, job_id)["Failures"][0]


def test_an_import_that_breaks_fails_its_job_once(
    emu: Emulator,
    raw: Any,
    app: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    emu.put_object("breaking", "e.csv", b"ChannelType,Address\nGCM,a\n")
    job_id = create_job(raw, app, "s3://breaking/e.csv")
    job_of(raw, app, job_id)  # INITIALIZING
    job_of(raw, app, job_id)  # PROCESSING

    def broken(bucket: str, key: str) -> IO[bytes] | None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(emu.store, "open", broken)
    failed = job_of(raw, app, job_id)
    assert failed["JobStatus"] == "FAILED"
    assert failed["Failures"] == ["The import job failed: its data could not be processed."]
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert [r.getMessage().split(" at ")[0] for r in errors] == [
        f"import job {job_id} failed: RuntimeError"
    ]
    assert "disk on fire" not in caplog.text  # where it failed, never what the error said
    assert raw.get_import_jobs(ApplicationId=app)["ImportJobsResponse"]["Item"][0] == failed


def test_a_row_nested_700_deep_is_a_failed_row_imported_once(
    emu: Emulator, raw: Any, app: str
) -> None:
    deep = b'{"ChannelType": "GCM", "Address": "a", "Attributes": {"x": ' + nested(700) + b"}}"
    good = b'{"ChannelType": "GCM", "Address": "b", "Id": "good"}'
    emu.put_object("deep-rows", "e.json", deep + b"\n" + good + b"\n")
    job_id = create_job(raw, app, "s3://deep-rows/e.json", "JSON")
    statuses = [job_of(raw, app, job_id)["JobStatus"] for _ in range(6)]
    assert statuses[-1] == "COMPLETED"
    job = job_of(raw, app, job_id)
    assert (job["TotalProcessed"], job["TotalFailures"]) == (2, 1)
    assert "nested more than" in job["Failures"][0]


def test_an_over_long_line_stops_its_piece_without_being_read(
    emu: Emulator, raw: Any, app: str
) -> None:
    from pinpoint_sdk.emulator._imports import MAX_LINE_CHARS

    long_line = b"GCM," + b"a" * (MAX_LINE_CHARS + 10) + b"\n"
    emu.put_object("long-lines", "e.csv", b"ChannelType,Address\nGCM,ok\n" + long_line)
    job_id = create_job(raw, app, "s3://long-lines/e.csv")
    emu.run_import_jobs()
    job = job_of(raw, app, job_id)
    assert job["JobStatus"] == "COMPLETED"  # the row before it imported
    assert f"longer than {MAX_LINE_CHARS} characters" in job["Failures"][0]


class GatedStream(io.RawIOBase):
    """An object that serves ``head`` then waits for ``gate`` before the rest: an import caught
    in the middle of its object."""

    def __init__(self, head: bytes, tail: bytes, reached: threading.Event, gate: threading.Event):
        self._parts = [head, tail]
        self._reached, self._gate = reached, gate

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self._parts:
            return 0
        if len(self._parts) == 1:
            self._reached.set()
            assert self._gate.wait(timeout=30)
        part = self._parts.pop(0)
        buffer[: len(part)] = part
        return len(part)


def test_other_requests_are_served_while_a_large_import_runs(
    emu: Emulator, raw: Any, app: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [b"GCM,token-%d,e%d\n" % (i, i) for i in range(3 * BATCH_ROWS)]
    head = b"ChannelType,Address,Id\n" + b"".join(rows[: 2 * BATCH_ROWS])
    tail = b"".join(rows[2 * BATCH_ROWS :])
    emu.put_object("gated", "big.csv", head + tail)
    job_id = create_job(raw, app, "s3://gated/big.csv")
    job_of(raw, app, job_id)
    assert job_of(raw, app, job_id)["JobStatus"] == "PROCESSING"

    reached, gate = threading.Event(), threading.Event()
    real_open = emu.store.open
    opened: list[str] = []

    def gated_open(bucket: str, key: str) -> IO[bytes] | None:
        opened.append(key)
        if len(opened) == 1:  # the first pass only checks the text
            return real_open(bucket, key)
        return io.BufferedReader(GatedStream(head, tail, reached, gate))

    monkeypatch.setattr(emu.store, "open", gated_open)
    importer = threading.Thread(target=job_of, args=(raw, app, job_id))
    importer.start()
    try:
        assert reached.wait(timeout=30)
        # The import is stopped half-way through its object: nothing waits for it.
        assert raw.get_apps()["ApplicationsResponse"]["Item"]
        during = job_of(raw, app, job_id)
        assert during["JobStatus"] == "PROCESSING"  # not moved on by this read
        assert during["TotalProcessed"] >= BATCH_ROWS  # stored batch by batch
        endpoint = raw.get_endpoint(ApplicationId=app, EndpointId="e0")["EndpointResponse"]
        assert endpoint["Address"] == "token-0"
    finally:
        gate.set()
        importer.join(timeout=60)
    assert not importer.is_alive()
    after = job_of(raw, app, job_id)
    assert (after["JobStatus"], after["TotalProcessed"]) == ("COMPLETED", 3 * BATCH_ROWS)


def test_object_store_names_do_not_read_the_objects(tmp_path: Path) -> None:
    store = ObjectStore(tmp_path)
    (tmp_path / "bucket" / "folder").mkdir(parents=True)
    (tmp_path / "bucket" / "folder" / "a.csv").write_bytes(b"x")
    store.put("bucket", "folder/b.csv", b"y")
    assert store.names("bucket", "folder/") == ["folder/a.csv", "folder/b.csv"]
    assert store.names("bucket", "a\x00b") == []
    opened = store.open("bucket", "folder/a.csv")
    assert opened is not None
    with opened:
        assert opened.read() == b"x"
