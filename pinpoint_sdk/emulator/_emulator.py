"""``Emulator``: an offline Pinpoint on a loopback port, for tests and local runs."""

from __future__ import annotations

import copy
import functools
import threading
from collections.abc import Callable
from datetime import datetime
from os import PathLike
from pathlib import Path
from types import TracebackType

from werkzeug.serving import BaseWSGIServer

from ._campaigns import run_campaign, settle_app_campaigns
from ._clock import ManualClock, Ticker, system_clock
from ._faults import Faults
from ._handlers import run_export_jobs, run_import_jobs
from ._imports import ObjectStore
from ._journeys import advance
from ._model import ServiceSpec, load_service_spec
from ._outbox import Outbox
from ._persist import StateFile
from ._server import DEFAULT_TIMEOUT, PinpointApp, close_connections, serve
from ._state import Json, State

__all__ = ["Emulator"]


@functools.cache
def _service_spec() -> ServiceSpec:
    # Reading botocore's model takes a while; every emulator in a process shares one reading.
    return load_service_spec()


class Emulator:
    """A local Pinpoint that a plain boto3 client talks to over HTTP on loopback.

    ::

        with Emulator() as emu:
            raw = boto3.client("pinpoint", endpoint_url=emu.endpoint_url, region_name="us-east-1",
                               aws_access_key_id="x", aws_secret_access_key="x")

    ``port=0`` picks a free port. ``region`` is the region of unsigned requests: a signed one is
    served in the region of its signature, as Pinpoint's regions are (apps in one region are not
    seen from another). ``s3_root`` is a folder standing in for S3 for import and export jobs
    (``s3://bucket/key`` is ``s3_root/bucket/key``); without it export jobs write in memory
    (``get_object``), and ``put_object`` places objects in memory either way.
    ``clock`` returns the current time (UTC), for campaign and journey schedules and dates; a
    ``ManualClock`` also runs what came due (``run_due``) each time a test moves it. ``timeout``
    is how long (seconds) a connection may stay silent, and the most a request body may take to
    arrive.

    ``state_file`` keeps the state in that SQLite file: what it holds is loaded now, every request
    that changes something is written before it is answered, and a later emulator on the same file
    carries on from there (``StateFileError`` if the file cannot be used). The file is held from
    here until ``stop()``. Without it, state lives in memory only.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        region: str = "us-east-1",
        account_id: str = "123456789012",
        s3_root: str | PathLike[str] | None = None,
        clock: Callable[[], datetime] | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        state_file: str | PathLike[str] | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout
        #: The emulator's clock (``ManualClock`` to move it by hand).
        self.clock: Callable[[], datetime] = clock or system_clock
        self.state = State(region=region, account_id=account_id, clock=self.clock)
        if isinstance(clock, ManualClock):
            clock.subscribe(self.run_due)
        self.store = ObjectStore(Path(s3_root) if s3_root is not None else None)
        self.faults = Faults()
        self._app = PinpointApp(
            _service_spec(), self.state, self.store, self.faults, timeout=timeout
        )
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None
        # On the system clock time passes by itself: a ticker runs what comes due. A clock the
        # caller gave is moved by the caller (a ManualClock runs what is due as it moves).
        self._ticker = Ticker(self.run_due) if clock is None else None
        self.state_file = Path(state_file) if state_file is not None else None
        self._persistence: StateFile | None = None
        self._open_state_file()

    def _open_state_file(self) -> None:
        if self.state_file is None or self._persistence is not None:
            return
        self._persistence = StateFile(self.state_file, self.state)
        self._app.after_request = self._persistence.flush

    def _close_state_file(self) -> None:
        persistence, self._persistence = self._persistence, None
        if persistence is not None:
            self._app.after_request = None
            with self.state.lock:
                try:
                    # Every record compared: a test may have changed one directly in
                    # emu.state, through a reference kept from before the last request.
                    persistence.flush(everything=True)
                finally:
                    persistence.close()

    def _flush(self) -> None:
        """Write what a test hook changed (every app is compared). Hold the state's lock."""
        if self._persistence is not None:
            self._persistence.flush()

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> Emulator:
        """Start serving in a background thread; returns self."""
        if self._server is not None:
            raise RuntimeError("the emulator is already running")
        # After a stop(), the file is read again: another emulator may have used it meanwhile.
        self._open_state_file()
        self._server = serve(self._app, self.host, self.port)
        server = self._server
        self._thread = threading.Thread(
            # A short poll makes stop() quick; an idle emulator costs next to nothing anyway.
            target=lambda: server.serve_forever(poll_interval=0.05),
            name="pinpoint-emulator",
            daemon=True,
        )
        self._thread.start()
        if self._ticker is not None:
            self._ticker.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port (and the state file, written up to date)."""
        if self._ticker is not None:
            self._ticker.stop()
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is not None:
            server.shutdown()
            close_connections(server)
            server.server_close()
        if thread is not None:
            thread.join()
        self._close_state_file()

    def serve_forever(self, on_ready: Callable[[str], None] | None = None) -> None:
        """Serve in this thread until interrupted (what ``python -m`` does).

        ``on_ready`` is called with ``endpoint_url`` once the port is bound.
        """
        self._open_state_file()
        self._server = serve(self._app, self.host, self.port)
        if on_ready is not None:
            on_ready(self.endpoint_url)
        if self._ticker is not None:
            self._ticker.start()
        try:
            self._server.serve_forever()
        finally:
            if self._ticker is not None:
                self._ticker.stop()
            close_connections(self._server)
            self._server.server_close()
            self._server = None
            self._close_state_file()

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def endpoint_url(self) -> str:
        """``http://127.0.0.1:PORT``, for ``boto3.client(..., endpoint_url=...)``."""
        if self._server is None:
            raise RuntimeError("the emulator is not running; use `with Emulator() as emu:`")
        host = self.host if ":" not in self.host else f"[{self.host}]"
        return f"http://{host}:{self._server.server_port}"

    # -- test hooks ----------------------------------------------------------------------------

    @property
    def outbox(self) -> Outbox:
        """Every message delivered so far (``OutboxMessage`` records, oldest first);
        ``emu.outbox.clear()`` forgets them. Over HTTP: ``GET``/``DELETE /_emulator/outbox``."""
        return self.state.outbox

    def put_object(self, bucket: str, key: str, data: bytes) -> None:
        """Place an object an import job's ``S3Url`` (``s3://bucket/key``) can name."""
        self.store.put(bucket, key, data)

    def run_import_jobs(self) -> None:
        """Move every import job to its final state (COMPLETED or FAILED) now."""
        with self.state.lock:
            try:
                run_import_jobs(self._app.context("emulator"))
            finally:
                self._flush()

    def get_object(self, bucket: str, key: str) -> bytes:
        """An object an export job wrote (or ``put_object`` placed) at ``s3://bucket/key``."""
        data = self.store.get(bucket, key)
        if data is None:
            raise KeyError(f"no object s3://{bucket}/{key}")
        return data

    def object_keys(self, bucket: str, prefix: str = "") -> list[str]:
        """The keys of the objects in ``bucket`` starting with ``prefix``, sorted."""
        return self.store.keys(bucket, prefix)

    def run_export_jobs(self) -> None:
        """Move every export job to its final state (COMPLETED or FAILED) now."""
        with self.state.lock:
            try:
                run_export_jobs(self._app.context("emulator"))
            finally:
                self._flush()

    def events(self, application_id: str) -> list[Json]:
        """The events ``put_events`` recorded for an app, oldest first: each ``Event`` as sent,
        plus ``EndpointId``, ``EventId`` and ``ReceivedDate``."""
        with self.state.lock:
            found = self.state.find_app_anywhere(application_id)
            if found is None:
                raise KeyError(f"no application {application_id}")
            return copy.deepcopy(found[1].events)

    def run_campaign(self, application_id: str, campaign_id: str) -> Json:
        """Run a campaign once now, whatever its schedule: deliver to its segment as a due run
        does, and return the activity of its own treatment (``"0"``). The app may be in any
        region."""
        with self.state.lock:
            found = self.state.find_app_anywhere(application_id)
            campaign = found[1].campaigns.get(campaign_id) if found is not None else None
            if found is None or campaign is None:
                raise KeyError(f"no campaign {campaign_id} in application {application_id}")
            region, app = found
            try:
                with self.state.in_region(region):
                    return dict(run_campaign(self.state, app, campaign))
            finally:
                self._flush()

    def run_due(self) -> None:
        """Run every campaign and journey run that is due by the emulator's clock, in every
        region: deliveries land in the outbox before this returns. A ``ManualClock`` calls it
        each time it moves; campaign and journey operations do the same for their app."""
        with self.state.lock:
            for region, app in self.state.every_app():
                with self.state.in_region(region):
                    settle_app_campaigns(self.state, app)
                    for journey in list(app.journeys.values()):
                        advance(self.state, app, journey)
            self._flush()  # what ran is written to the state file, as a request's changes are

    def call_count(self, operation: str) -> int:
        """How many calls of ``operation`` (model name, ``"GetCampaign"``) reached the emulator,
        faulted ones included."""
        return self._app.call_count(operation)

    def reset(self) -> None:
        """Forget every app, template, outbox message, object, fault rule and call count (in the
        state file too)."""
        self.state.reset()
        with self.state.lock:
            self._flush()
        self.store.clear()
        self.faults.reset()
        self._app.reset_calls()
