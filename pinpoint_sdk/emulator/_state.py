"""The emulator's in-memory store: apps and everything scoped to them, guarded by one lock.

Records are kept as the wire JSON (plain dicts shaped like the service's responses), so a
handler answers with a deep copy of what is stored.

The containers of records (an app's endpoints, users, segments, campaigns...) are
``TrackedDict``s: they note which records a request reached, so that a state file writes only
those (``.._persist``). So reach a record through its container while holding the lock; a record
kept from an earlier request and changed later is written only at ``Emulator.stop()`` (a request
that lets the lock go mid-way, ``unlocked``, is counted and may carry on with what it read).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import re
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from ._errors import bad_request
from ._kpis import KpiLedger
from ._model import dump_json, load_json
from ._outbox import Outbox
from ._tracked import TrackedDict

if TYPE_CHECKING:
    from ._journeys import Journey

__all__ = [
    "App",
    "Campaign",
    "ExportJob",
    "ImportJob",
    "Json",
    "MessageTemplate",
    "Otp",
    "Recommender",
    "Segment",
    "State",
    "iso",
    "new_id",
    "paginate",
    "RegionState",
    "region_of",
]

Json = dict[str, Any]

#: Items on a page when the request names no ``page-size``.
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


def new_id() -> str:
    """An id as Pinpoint makes them: 32 lowercase hex characters."""
    return uuid.uuid4().hex


def iso(moment: datetime) -> str:
    """ISO 8601 in UTC with milliseconds, as Pinpoint writes its dates."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + (
        f"{moment.microsecond // 1000:03d}Z"
    )


def _set_event() -> threading.Event:
    event = threading.Event()
    event.set()
    return event


@dataclass
class Segment:
    id: str
    seq: int
    #: Every version's SegmentResponse, oldest first; the last is the current one.
    versions: list[Json] = field(default_factory=list)
    #: Endpoints an import job put in this segment (IMPORT segments).
    endpoint_ids: set[str] = field(default_factory=set)

    @property
    def current(self) -> Json:
        return self.versions[-1]


@dataclass
class Campaign:
    id: str
    seq: int
    versions: list[Json] = field(default_factory=list)
    activities: list[Json] = field(default_factory=list)
    #: The version last settled into a status the clock cannot change (``PAUSED``, ``COMPLETED``,
    #: an event campaign's ``SCHEDULED``): settling it again changes nothing until a new version
    #: is written or it is run by hand, so reads of a large app skip it (``settle_app_campaigns``).
    #: Not data (``compare=False``): a state file does not keep it, and a loaded campaign is
    #: settled once more.
    steady: Json | None = field(default=None, compare=False, repr=False)

    @property
    def current(self) -> Json:
        return self.versions[-1]


@dataclass
class ImportJob:
    id: str
    seq: int
    record: Json
    #: Endpoints this job registered, for the segment it defines or updates.
    endpoint_ids: set[str] = field(default_factory=set)
    #: Clear while a request is importing this job's objects (with the state's lock let go):
    #: other reads leave the job as it is until the import is done. Not data (``compare=False``):
    #: a state file does not keep it, and a loaded job is idle.
    idle: threading.Event = field(default_factory=_set_event, compare=False)


@dataclass
class ExportJob:
    id: str
    seq: int
    record: Json


@dataclass
class MessageTemplate:
    """A message template (account-wide, not per app) and its versions."""

    name: str
    #: ``"EMAIL"``, ``"SMS"``, ``"VOICE"``, ``"PUSH"`` or ``"INAPP"``.
    template_type: str
    seq: int
    #: Every version's template response, oldest first; ``Version`` is "1", "2"... (a deleted
    #: version leaves a gap: numbers are never reused).
    versions: list[Json] = field(default_factory=list)
    #: The version messages use when they name no version.
    active_version: str = "1"

    @property
    def active(self) -> Json:
        return next(v for v in self.versions if v["Version"] == self.active_version)


@dataclass
class Otp:
    """A one-time password sent by SendOTPMessage, waiting for VerifyOTPMessage."""

    code: str
    expires_at: datetime
    attempts_left: int


@dataclass
class App:
    id: str
    seq: int
    record: Json
    settings: Json
    segments: dict[str, Segment] = field(default_factory=TrackedDict)
    campaigns: dict[str, Campaign] = field(default_factory=TrackedDict)
    import_jobs: dict[str, ImportJob] = field(default_factory=TrackedDict)
    #: Endpoint id -> the stored EndpointResponse.
    endpoints: dict[str, Json] = field(default_factory=TrackedDict)
    #: UserId -> ids of its endpoints (Pinpoint allows 15 per user).
    users: dict[str, set[str]] = field(default_factory=TrackedDict)
    #: ("Attributes" | "Metrics" | "User.UserAttributes", name) pairs used in this app, as
    #: ``pinpoint_sdk._limits.attribute_names`` spells them; RemoveAttributes takes them out.
    attribute_names: set[tuple[str, str]] = field(default_factory=set)
    #: Channel type ("APNS", "GCM") -> the ChannelResponse. Credentials are never stored.
    channels: dict[str, Json] = field(default_factory=dict)
    #: The app's EventStream (PutEventStream), None when it has none.
    event_stream: Json | None = None
    export_jobs: dict[str, ExportJob] = field(default_factory=TrackedDict)
    #: Events PutEvents accepted, oldest first (the most recent ``MAX_EVENTS_KEPT``), each the
    #: Event as sent plus ``EndpointId``, ``EventId`` and ``ReceivedDate``.
    events: list[Json] = field(default_factory=list)
    #: EventType -> how many events of that type PutEvents ever accepted (never trimmed).
    event_counts: dict[str, int] = field(default_factory=dict)
    #: Names of event attributes and metrics used in this app (Pinpoint caps each at 500).
    event_attribute_names: set[str] = field(default_factory=set)
    event_metric_names: set[str] = field(default_factory=set)
    #: (ReferenceId, DestinationIdentity) -> the OTP last sent for them.
    otps: dict[tuple[str, str], Otp] = field(default_factory=TrackedDict)
    #: Deliveries and engagement counted for the KPI operations (``.._kpis``).
    kpis: KpiLedger = field(default_factory=KpiLedger)
    #: Journey id -> the journey (its JourneyResponse, runs and execution metrics).
    journeys: dict[str, Journey] = field(default_factory=TrackedDict)


# A region as AWS spells them (us-east-1, eu-central-2, us-gov-west-1, cn-north-1...).
_REGION = re.compile(r"^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$")
# SigV4: "AWS4-HMAC-SHA256 Credential=AKID/20261127/eu-west-1/mobiletargeting/aws4_request, ..."
_CREDENTIAL_SCOPE = re.compile(r"Credential=[^/,\s]*/\d{8}/([^/,\s]{1,64})/")


def region_of(authorization: str | None, query_credential: str | None = None) -> str | None:
    """The region a request was signed for: from the SigV4 ``Authorization`` header's credential
    scope, or a presigned URL's ``X-Amz-Credential``; None when it is unsigned or unreadable."""
    if authorization:
        match = _CREDENTIAL_SCOPE.search(authorization[:2048])
        candidate = match.group(1) if match else None
    elif query_credential:
        parts = query_credential[:512].split("/")
        candidate = parts[2] if len(parts) >= 3 else None
    else:
        candidate = None
    return candidate if candidate is not None and _REGION.match(candidate) else None


@dataclass
class Recommender:
    """A recommender model configuration: account-wide in a Region, not scoped to an app."""

    id: str
    seq: int
    record: Json


@dataclass
class RegionState:
    """What one region holds: its apps, and what belongs to the account there."""

    apps: dict[str, App] = field(default_factory=dict)
    templates: dict[tuple[str, str], MessageTemplate] = field(default_factory=TrackedDict)

    #: Recommender configurations (id -> record): account-wide in a region, not per app.
    recommenders: dict[str, Recommender] = field(default_factory=TrackedDict)

    def is_empty(self) -> bool:
        return not (self.apps or self.templates or self.recommenders)


class State:
    """Everything the emulator knows. Hold ``lock`` while reading or changing anything.

    One state serves every region, as Pinpoint's regions are separate services: apps live in the
    region they were created in. ``region`` (and so ``apps`` and ``arn``) is the region of the
    request being served (``in_region``), else ``default_region``.
    """

    def __init__(
        self,
        *,
        region: str,
        account_id: str,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.lock = threading.RLock()
        self.default_region = region
        self.account_id = account_id
        self._regions: dict[str, RegionState] = {}
        # Per thread (each request has its own): the region of the request being served.
        self._current_region: ContextVar[str | None] = ContextVar(
            "pinpoint_emulator_region", default=None
        )
        #: Every message delivered, in every region (see ``_outbox``).
        self.outbox = Outbox()
        self._clock = clock or (lambda: datetime.now(timezone.utc))
        self._seq_lock = threading.Lock()
        self._last_seq = 0
        self._paused = 0

    @property
    def region(self) -> str:
        """The region being served: the request's, else the default."""
        return self._current_region.get() or self.default_region

    @property
    def here(self) -> RegionState:
        """What the region being served holds."""
        return self._regions.setdefault(self.region, RegionState())

    @property
    def apps(self) -> dict[str, App]:
        """The apps of the region being served (app id -> App)."""
        return self.here.apps

    @property
    def recommenders(self) -> dict[str, Recommender]:
        """The recommender configurations of the region being served (id -> configuration)."""
        return self.here.recommenders

    @property
    def templates(self) -> dict[tuple[str, str], MessageTemplate]:
        """The message templates of the region being served ((TemplateType, TemplateName) ->
        template): templates belong to the account, per region, not to an app."""
        return self.here.templates

    @contextlib.contextmanager
    def in_region(self, region: str | None) -> Iterator[None]:
        """Serve ``region`` (None: the default) in this thread until the block ends. Hold
        ``lock`` around the block."""
        token = self._current_region.set(region)
        try:
            yield
        finally:
            self._current_region.reset(token)
            # A region only read from keeps no entry: requests signed for made-up regions must
            # not grow the state.
            kept = self._regions.get(region) if region is not None else None
            if kept is not None and kept.is_empty():
                del self._regions[region]  # type: ignore[arg-type]

    def every_app(self) -> list[tuple[str, App]]:
        """(region, app) for every app of every region, in creation order."""
        pairs = [
            (region, app) for region, held in self._regions.items() for app in held.apps.values()
        ]
        return sorted(pairs, key=lambda pair: pair[1].seq)

    def find_app_anywhere(self, app_id: str) -> tuple[str, App] | None:
        """(region, app) for an app id in any region; for test hooks, which name no region."""
        for region, held in self._regions.items():
            if app_id in held.apps:
                return region, held.apps[app_id]
        return None

    @contextlib.contextmanager
    def unlocked(self) -> Iterator[None]:
        """Let other requests in while this thread does long work that holds no record (an
        import streaming its object); the caller should look its records up again afterwards
        (one it keeps is still written by a state file: ``paused_requests``)."""
        # Counted under the lock, both ways: a state file's flush meanwhile sees it.
        self._paused += 1
        self.lock.release()
        try:
            yield
        finally:
            self.lock.acquire()
            self._paused -= 1

    @property
    def paused_requests(self) -> int:
        """How many requests let the lock go mid-way (``unlocked``) and have not taken it back:
        they carry on afterwards with records they read before. Hold ``lock``."""
        return self._paused

    def now(self) -> str:
        return iso(self._clock())

    def now_datetime(self) -> datetime:
        return self._clock()

    def next_seq(self) -> int:
        """A number never handed out before by this state (nor by the state file it was loaded
        from): records sort by it and paging tokens carry it."""
        with self._seq_lock:
            self._last_seq += 1
            return self._last_seq

    @property
    def last_seq(self) -> int:
        """The last number ``next_seq`` handed out (0 before the first)."""
        with self._seq_lock:
            return self._last_seq

    @property
    def regions(self) -> dict[str, RegionState]:
        """Region -> what it holds, for every region that holds something (or is being served).
        For persistence and test hooks; requests use ``here``."""
        return self._regions

    def restore(self, regions: dict[str, RegionState], last_seq: int) -> None:
        """Replace everything with what a state file held (see ``.._persist``). Hold ``lock``."""
        self._regions = regions
        with self._seq_lock:
            self._last_seq = last_seq

    def arn(self, *parts: str) -> str:
        return f"arn:aws:mobiletargeting:{self.region}:{self.account_id}:" + "/".join(parts)

    def reset(self) -> None:
        with self.lock:
            self._regions.clear()
            self.outbox.clear()


def _encode_token(after: int) -> str:
    raw = dump_json({"after": after}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_token(token: str) -> int:
    try:
        padded = token + "=" * (-len(token) % 4)
        data = load_json(base64.urlsafe_b64decode(padded.encode("ascii")))
        after = data["after"]
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeError):
        raise bad_request(
            "The token is not valid: pass a NextToken this operation returned."
        ) from None
    if not isinstance(after, int) or isinstance(after, bool):
        raise bad_request("The token is not valid: pass a NextToken this operation returned.")
    return after


def page_size(text: str | None) -> int:
    if text is None or text == "":
        return DEFAULT_PAGE_SIZE
    try:
        size = int(text)
    except ValueError:
        raise bad_request(f"page-size must be an integer, not {text[:20]!r}.") from None
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise bad_request(f"page-size must be between 1 and {MAX_PAGE_SIZE}.")
    return size


def paginate(items: Iterable[tuple[int, Json]], size_text: str | None, token: str | None) -> Json:
    """One page of ``items`` (sort key, record) in key order, after the key the token names.

    The token carries the last key served, not an offset, so items added or removed between
    pages never make another item appear twice or be skipped.
    """
    size = page_size(size_text)
    after = _decode_token(token) if token else None
    ordered = sorted((pair for pair in items if after is None or pair[0] > after), key=_key)
    page = ordered[:size]
    result: Json = {"Item": [record for _, record in page]}
    if len(ordered) > size:
        result["NextToken"] = _encode_token(page[-1][0])
    return result


def _key(pair: tuple[int, Json]) -> int:
    return pair[0]
