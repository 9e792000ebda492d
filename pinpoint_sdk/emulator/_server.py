"""The HTTP side: a werkzeug WSGI app routed from the service model, and the server thread.

Every answer carries ``x-amzn-RequestId``. Errors are answered as Pinpoint does: the error
shape's status, ``X-Amzn-ErrorType``, and a JSON body ``{"Message": ..., "RequestID": ...}``, so
botocore raises the modeled exception (``client.exceptions.NotFoundException``).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import socket
import threading
import time
import traceback
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

from werkzeug.exceptions import ClientDisconnected, HTTPException, MethodNotAllowed
from werkzeug.routing import Map, Rule
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from pinpoint_sdk._limits import MAX_REQUEST_BYTES

from ._errors import ServiceError, bad_request
from ._faults import Faults
from ._handlers import HANDLERS, Context, Handler
from ._imports import ObjectStore
from ._model import OperationSpec, ServiceSpec, dump_json, parse_input
from ._state import State, region_of

__all__ = [
    "DEFAULT_TIMEOUT",
    "EMULATOR_PREFIX",
    "MAX_BODY_BYTES",
    "PinpointApp",
    "build_url_map",
    "serve",
]

logger = logging.getLogger("pinpoint_sdk.emulator")

#: Pinpoint's request payload limit (7 MB); a larger body is answered 413 unread.
MAX_BODY_BYTES = MAX_REQUEST_BYTES
_READ_CHUNK = 64 * 1024
#: Paths of the emulator's own routes; no Pinpoint route starts with it (they all start /v1/).
EMULATOR_PREFIX = "/_emulator/"
#: Seconds a connection may sit silent (no request, or a body stalled), and the most a request's
#: body may take to arrive in all: a slow or incomplete client cannot hold a thread forever.
DEFAULT_TIMEOUT = 30.0

#: Set in a request's WSGI environ once its whole body has been read.
BODY_READ = "pinpoint_sdk.body_read"


def build_url_map(service: ServiceSpec) -> Map:
    """A werkzeug ``Map`` with one rule per operation, from each ``http.requestUri``."""
    rules = [
        Rule(spec.rule, endpoint=spec.name, methods=[spec.method])
        for spec in service.operations.values()
    ]
    # The raw (still percent-encoded) path is matched, so no slash merging or redirects.
    return Map(rules, strict_slashes=False, merge_slashes=False)


class PinpointApp:
    """The WSGI application: route, inject faults, parse, call the handler, answer."""

    def __init__(
        self,
        service: ServiceSpec,
        state: State,
        store: ObjectStore,
        faults: Faults,
        handlers: dict[str, Handler] | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.service = service
        self.timeout = timeout
        self.deadlines = _Deadlines()
        self.state = state
        self.store = store
        self.faults = faults
        self.handlers = HANDLERS if handlers is None else handlers
        self.url_map = build_url_map(service)
        self._calls: Counter[str] = Counter()
        self._calls_lock = threading.Lock()
        #: Called with the state's lock held after every request (the app id it named, if any):
        #: a state file's flush (``.._persist``). None keeps state in memory only.
        self.after_request: Callable[[str | None], None] | None = None

    def call_count(self, operation: str) -> int:
        with self._calls_lock:
            return self._calls[operation]

    def reset_calls(self) -> None:
        with self._calls_lock:
            self._calls.clear()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        request_id = str(uuid.uuid4())
        try:
            response = self._dispatch(request, request_id)
        except ServiceError as error:
            response = self._error(error, request_id)
        except Exception as error:
            # Where it failed, never the exception's text or the request: either may hold a
            # credential from the body.
            frame = traceback.extract_tb(error.__traceback__)[-1]
            logger.error(
                "emulator error on %s %s: %s at %s:%s",
                request.method,
                request.path,
                type(error).__name__,
                frame.filename,
                frame.lineno,
            )
            response = self._error(
                ServiceError("InternalServerErrorException", "Internal server error."), request_id
            )
        response.headers["x-amzn-RequestId"] = request_id
        return response(environ, start_response)

    def context(self, request_id: str) -> Context:
        return Context(self.state, self.store, self.service, request_id)

    def _dispatch(self, request: Request, request_id: str) -> Response:
        raw_uri = str(request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI") or "")
        path = urlsplit(raw_uri).path if raw_uri else request.path
        if path.startswith(EMULATOR_PREFIX):
            return self._emulator_route(request, path)
        adapter = self.url_map.bind("pinpoint.emulator")
        try:
            name, values = adapter.match(path, method=request.method)
        except MethodNotAllowed:
            raise ServiceError(
                "MethodNotAllowedException",
                f"Method {request.method[:20]} is not allowed on {path[:200]}.",
            ) from None
        except HTTPException:  # NotFound, and anything else that is not a route
            raise ServiceError("NotFoundException", f"No operation at {path[:200]}.") from None
        spec = self.service.operations[str(name)]
        with self._calls_lock:
            self._calls[spec.name] += 1
        fault = self.faults.take(spec.name)
        self.faults.sleep(fault.latency)
        if fault.drop:
            return _drop(request)
        if fault.status is not None:
            code = fault.code or self._code_for(fault.status)
            message = fault.message or f"Injected fault: {spec.name} answered {fault.status}."
            raise ServiceError(code, message, status=fault.status)
        deadline = time.monotonic() + self.timeout
        connection = request.environ.get("werkzeug.socket")
        with self.deadlines.watch(connection, deadline):
            body = _read_body(request, lambda: time.monotonic() >= deadline)
        request.environ[BODY_READ] = True  # the connection may carry the next request
        handler = self.handlers.get(spec.name)
        if handler is None:
            raise bad_request(
                f"The pinpoint-sdk emulator does not implement {spec.name} "
                f"({spec.method} {spec.request_uri})."
            )
        params = parse_input(
            spec,
            {k: str(v) for k, v in values.items()},
            request.args,
            dict(request.headers.items()),
            body,
        )
        region = region_of(
            request.headers.get("Authorization"), request.args.get("X-Amz-Credential")
        )
        with self.state.lock, self.state.in_region(region):
            try:
                payload = handler(self.context(request_id), params)
                # Serialised under the lock: the payload is the stored record itself.
                data = b"" if payload is None else dump_json(payload).encode()
            finally:
                # Before the answer: what a client saw acknowledged is on disk. Reads too, as a
                # read may move a job or a journey on; one that changed nothing writes nothing.
                if self.after_request is not None:
                    app_id = params.get("ApplicationId")
                    self.after_request(app_id if isinstance(app_id, str) else None)
        if fault.lose_answer:
            return _drop(request)
        return _json_response(data, spec)

    def _emulator_route(self, request: Request, path: str) -> Response:
        """The emulator's own routes, for processes that cannot reach ``Emulator`` itself:
        ``GET /_emulator/outbox`` (``{"Messages": [...]}``, oldest first) and
        ``DELETE /_emulator/outbox`` (clears it; 204)."""
        if path.rstrip("/") != f"{EMULATOR_PREFIX}outbox":
            raise ServiceError("NotFoundException", f"No emulator route at {path[:200]}.")
        if request.method == "GET":
            data = json.dumps({"Messages": self.state.outbox.to_json()}).encode()
            return Response(data, status=200, content_type="application/json")
        if request.method == "DELETE":
            with self.state.lock:
                self.state.outbox.clear()
                if self.after_request is not None:
                    self.after_request("")  # no app's records changed
            return Response(b"", status=204)
        raise ServiceError(
            "MethodNotAllowedException", f"Method {request.method[:20]} is not allowed on {path}."
        )

    def _code_for(self, status: int) -> str:
        for code, code_status in self.service.error_statuses.items():
            if code_status == status:
                return code
        return "InternalServerErrorException" if status >= 500 else "BadRequestException"

    def _error(self, error: ServiceError, request_id: str) -> Response:
        status = error.status or self.service.error_statuses.get(error.code, 400)
        body = json.dumps({"Message": error.message, "RequestID": request_id})
        response = Response(body, status=status, content_type="application/json")
        response.headers["X-Amzn-ErrorType"] = error.code
        return response


def _json_response(data: bytes, spec: OperationSpec) -> Response:
    return Response(data, status=spec.response_code, content_type="application/json")


def _read_body(request: Request, expired: Callable[[], bool]) -> bytes:
    """The body, at most MAX_BODY_BYTES, arrived before its deadline (``expired``); a larger one
    is refused without being kept, a late or stalled one answered 408."""
    length = request.content_length
    if length is not None and length > MAX_BODY_BYTES:
        raise _too_large(length)
    chunks: list[bytes] = []
    total = 0
    stream = request.stream
    while True:
        try:
            chunk = stream.read(_READ_CHUNK)
        except ClientDisconnected as error:
            # werkzeug reports the socket's timeout as a disconnect, raised while handling it;
            # a body cut off by its deadline (_Deadlines) ends early.
            if isinstance(error.__context__, TimeoutError) or expired():
                raise _timed_out() from None
            raise bad_request("The request body ended before its Content-Length.") from None
        except TimeoutError:
            # The socket's own timeout: the client stopped sending.
            raise _timed_out() from None
        except (OSError, ValueError):
            # werkzeug's de-chunking refuses a malformed chunked body this way.
            raise bad_request("The request body is not valid chunked encoding.") from None
        if expired():
            raise _timed_out()
        if not chunk:
            break
        total += len(chunk)
        if total > MAX_BODY_BYTES:
            raise _too_large(None)
        chunks.append(chunk)
    return b"".join(chunks)


class _Deadlines:
    """Cuts off request heads and bodies still arriving at their deadline.

    A socket timeout bounds one read, not a request: a client sending a byte just before each
    timeout would hold its thread for as long as it likes. One watchdog thread (started when a
    request is first watched, gone after a minute without any) shuts the reading side of a socket
    whose deadline has passed; the blocked read returns, and a body is answered 408 while a head
    cut short closes the connection.
    """

    _IDLE_SECONDS = 60.0

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._watched: dict[int, tuple[float, socket.socket]] = {}
        self._keys = itertools.count()
        self._running = False

    @contextlib.contextmanager
    def watch(self, connection: object, deadline: float) -> Iterator[None]:
        if not isinstance(connection, socket.socket):
            yield
            return
        key = next(self._keys)
        with self._changed:
            self._watched[key] = (deadline, connection)
            if not self._running:
                self._running = True
                threading.Thread(
                    target=self._run, name="pinpoint-emulator-deadlines", daemon=True
                ).start()
            self._changed.notify()
        try:
            yield
        finally:
            with self._changed:
                self._watched.pop(key, None)

    def _run(self) -> None:
        with self._changed:
            idle_since = time.monotonic()
            while True:
                now = time.monotonic()
                for key, (deadline, connection) in list(self._watched.items()):
                    if deadline <= now:
                        del self._watched[key]
                        with contextlib.suppress(OSError):
                            connection.shutdown(socket.SHUT_RD)
                if self._watched:
                    idle_since = now
                    self._changed.wait(min(d for d, _ in self._watched.values()) - now)
                elif now - idle_since >= self._IDLE_SECONDS:
                    self._running = False
                    return
                else:
                    self._changed.wait(self._IDLE_SECONDS - (now - idle_since))


def _timed_out() -> ServiceError:
    # Not one of Pinpoint's modelled errors: a 408 is what its front end answers a stalled body.
    return ServiceError(
        "RequestTimeoutException",
        "The request body did not arrive in time; the connection is closed.",
        status=408,
    )


def _too_large(length: int | None) -> ServiceError:
    size = f"{length} bytes" if length is not None else "more than the limit"
    return ServiceError(
        "PayloadTooLargeException",
        f"The request body is {size}; Pinpoint accepts at most {MAX_BODY_BYTES} bytes (7 MB).",
    )


def _drop(request: Request) -> Response:
    """Close the connection without an answer (fault injection)."""
    connection = request.environ.get("werkzeug.socket")
    if isinstance(connection, socket.socket):
        with contextlib.suppress(OSError):
            connection.shutdown(socket.SHUT_RDWR)
    # werkzeug's write now fails with a broken pipe, which it treats as a dropped connection.
    return Response(b"", status=500)


class _Drained:
    """What werkzeug's drain after an answer reads from a connection kept alive: nothing."""

    def read(self, size: int = -1) -> bytes:
        return b""

    def close(self) -> None:
        pass


class _RequestHandler(WSGIRequestHandler):
    """Sends werkzeug's request lines to the ``pinpoint_sdk.emulator`` logger, times out silent
    connections, answers what it cannot parse with a full HTTP/1.1 error, and keeps connections
    alive as AWS does.

    werkzeug's server closes every connection after its answer, since http.server cannot tell
    where an unread body ends; it then drains the socket for 10 ms. Every boto3 call against
    the emulator paid a new connection and a new thread (an in-process ``get_app`` took 2.7 to
    3.1 ms instead of 2.1 to 2.4). A connection stays open here when the client speaks HTTP/1.1
    without ``Connection: close``, the answer has a ``Content-Length`` and the request's body was
    read to its end (or it had none): werkzeug's ``Connection: close`` is then not sent, and its
    drain reads nothing (``_Drained``), leaving the next request for the next turn.
    """

    _head: contextlib.ExitStack | None = None
    _sized = False
    _kept_rfile: Any = None

    def setup(self) -> None:
        super().setup()
        # Every read of the socket waits at most this long, so a silent keep-alive connection or
        # a stalled body frees its thread (http.server closes a connection whose read timed out).
        app = getattr(self.server, "app", None)
        self.connection.settimeout(app.timeout if isinstance(app, PinpointApp) else DEFAULT_TIMEOUT)
        # An answer's head and body are written apart: without this, Nagle's algorithm holds the
        # body until the client acknowledges the head, 40 ms later on a kept connection.
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        _open_connections(self.server).add(self.connection)

    def finish(self) -> None:
        self._restore_rfile()
        try:
            super().finish()
        finally:
            _open_connections(self.server).discard(self.connection)

    def _restore_rfile(self) -> None:
        if self._kept_rfile is not None:
            self.rfile, self._kept_rfile = self._kept_rfile, None

    def send_header(self, keyword: str, value: str) -> None:
        if keyword.lower() == "content-length":
            self._sized = True
        if keyword.lower() == "connection" and value.lower() == "close" and self._keep_alive():
            # The whole request is read and the answer's length is known: the next request
            # starts right after it. werkzeug's drain then reads nothing.
            if self._kept_rfile is None:
                self._kept_rfile, self.rfile = self.rfile, _Drained()  # type: ignore[assignment]
            return
        super().send_header(keyword, value)

    def _keep_alive(self) -> bool:
        if self.close_connection or self.request_version != "HTTP/1.1" or not self._sized:
            return False  # the client asked to close, an older HTTP, or an answer of no length
        if self.connection not in _open_connections(self.server):
            return False  # the server is shutting down
        environ = getattr(self, "environ", None) or {}
        headers = self.headers
        has_body = bool(headers.get("Transfer-Encoding")) or (
            headers.get("Content-Length", "0").strip() not in ("", "0")
        )
        return bool(environ.get(BODY_READ)) or not has_body

    def handle_one_request(self) -> None:
        self._restore_rfile()
        self._sized = False
        if self.connection not in _open_connections(self.server):
            self.close_connection = True  # the server stopped while the connection was kept
            return
        # The request line and headers must arrive within the timeout of their first byte, as a
        # body must: a head dripped a byte at a time would otherwise hold the thread.
        app = getattr(self.server, "app", None)
        if isinstance(app, PinpointApp):
            try:
                started = bool(self.rfile.peek(1))  # type: ignore[attr-defined]
            except OSError:  # a silent connection timed out
                self.close_connection = True
                return
            if started:
                self._head = contextlib.ExitStack()
                deadline = time.monotonic() + app.timeout
                self._head.enter_context(app.deadlines.watch(self.connection, deadline))
        try:
            super().handle_one_request()
        finally:
            self._end_head()

    def _end_head(self) -> None:
        if self._head is not None:
            self._head.close()
            self._head = None

    def parse_request(self) -> bool:
        parsed = super().parse_request()
        self._end_head()  # the head is in; the body has its own deadline
        if not parsed:
            return False
        if self.request_version == "HTTP/0.9":
            # http.server takes "GET /path" as HTTP/0.9 and would answer with a bare body; no
            # AWS client speaks it.
            self.send_error(HTTPStatus.BAD_REQUEST, "HTTP/0.9 is not supported")
            return False
        return True

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        # Plain text: werkzeug's own line carries terminal colour codes.
        status = getattr(code, "value", code)
        logger.info('%s "%s" %s', self.address_string(), self.requestline, status)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Answer a request werkzeug could not even parse in the service's error shape.

        http.server's own page is HTML; this is JSON with ``X-Amzn-ErrorType``. Only the status
        phrase is sent back, never the bytes the client sent. http.server only calls this for a
        request it cannot take, the client's fault: its 505 (an HTTP version it does not speak)
        is answered 400, so no client retries it as a server error.
        """
        self.log_error("code %d, message %s", code, message)
        # A request line too garbled to name a version leaves http.server at HTTP/0.9, which
        # writes no status line or headers: answer in HTTP/1.1 whatever the client sent.
        self.request_version = "HTTP/1.1"
        self.close_connection = True
        request_id = str(uuid.uuid4())
        try:
            phrase = HTTPStatus(code).phrase
        except ValueError:
            phrase = "Error"
        if code >= 500:
            code, phrase = HTTPStatus.BAD_REQUEST, f"Bad Request ({phrase})"
        body = json.dumps({"Message": f"{phrase}.", "RequestID": request_id}).encode()
        self.send_response(code, phrase)
        for name, value in (
            ("Content-Type", "application/json"),
            ("X-Amzn-ErrorType", "BadRequestException"),
            ("x-amzn-RequestId", request_id),
            ("Content-Length", str(len(body))),
            ("Connection", "close"),
        ):
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log(self, type: str, message: str, *args: Any) -> None:
        level = logging.INFO if type == "info" else logging.WARNING
        logger.log(level, "%s %s", self.address_string(), message % args if args else message)


def serve(app: PinpointApp, host: str, port: int) -> BaseWSGIServer:
    """A threaded werkzeug server for ``app`` (its sockets time out after ``app.timeout``
    seconds of silence); call ``serve_forever()`` on it, and :func:`close_connections` before
    ``server_close()``."""
    return make_server(host, port, app, threaded=True, request_handler=_RequestHandler)


class _Connections:
    """The connections a server has open (kept alive between requests, or in one)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()

    def add(self, connection: socket.socket) -> None:
        with self._lock:
            self._open.add(connection)

    def discard(self, connection: socket.socket) -> None:
        with self._lock:
            self._open.discard(connection)

    def __contains__(self, connection: object) -> bool:
        with self._lock:
            return connection in self._open

    def close_all(self) -> None:
        with self._lock:
            connections, self._open = list(self._open), set()
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


_CONNECTIONS_LOCK = threading.Lock()


def _open_connections(server: Any) -> _Connections:
    with _CONNECTIONS_LOCK:
        found: _Connections | None = getattr(server, "_pinpoint_connections", None)
        if found is None:
            found = server._pinpoint_connections = _Connections()
        return found


def close_connections(server: BaseWSGIServer) -> None:
    """End every connection the server has open, as a stopped server does: a connection kept
    alive between requests would otherwise go on being served by its thread until its timeout.
    Call after ``shutdown()``."""
    _open_connections(server).close_all()
