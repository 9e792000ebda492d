"""The emulator's in-memory store: apps and everything scoped to them, guarded by one lock.

Records are kept as the wire JSON (plain dicts shaped like the service's responses), so a
handler answers with a deep copy of what is stored.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import json
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from ._errors import bad_request

if TYPE_CHECKING:
    from ._journeys import Journey

__all__ = [
    "App",
    "Campaign",
    "ExportJob",
    "ImportJob",
    "Json",
    "Segment",
    "State",
    "iso",
    "new_id",
    "paginate",
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


@dataclass
class ExportJob:
    id: str
    seq: int
    record: Json


@dataclass
class App:
    id: str
    seq: int
    record: Json
    settings: Json
    segments: dict[str, Segment] = field(default_factory=dict)
    campaigns: dict[str, Campaign] = field(default_factory=dict)
    import_jobs: dict[str, ImportJob] = field(default_factory=dict)
    #: Endpoint id -> the stored EndpointResponse.
    endpoints: dict[str, Json] = field(default_factory=dict)
    #: UserId -> ids of its endpoints (Pinpoint allows 15 per user).
    users: dict[str, set[str]] = field(default_factory=dict)
    #: ("Attributes" | "Metrics" | "User.UserAttributes", name) pairs used in this app, as
    #: ``pinpoint_sdk._limits.attribute_names`` spells them; RemoveAttributes takes them out.
    attribute_names: set[tuple[str, str]] = field(default_factory=set)
    #: Channel type ("APNS", "GCM") -> the ChannelResponse. Credentials are never stored.
    channels: dict[str, Json] = field(default_factory=dict)
    #: The app's EventStream (PutEventStream), None when it has none.
    event_stream: Json | None = None
    export_jobs: dict[str, ExportJob] = field(default_factory=dict)
    #: Events PutEvents accepted, oldest first (the most recent ``MAX_EVENTS_KEPT``), each the
    #: Event as sent plus ``EndpointId``, ``EventId`` and ``ReceivedDate``.
    events: list[Json] = field(default_factory=list)
    #: EventType -> how many events of that type PutEvents ever accepted (never trimmed).
    event_counts: dict[str, int] = field(default_factory=dict)
    #: Names of event attributes and metrics used in this app (Pinpoint caps each at 500).
    event_attribute_names: set[str] = field(default_factory=set)
    event_metric_names: set[str] = field(default_factory=set)
    #: Journey id -> the journey (its JourneyResponse, runs and execution metrics).
    journeys: dict[str, Journey] = field(default_factory=dict)


class State:
    """Everything the emulator knows. Hold ``lock`` while reading or changing anything."""

    def __init__(
        self,
        *,
        region: str,
        account_id: str,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.lock = threading.RLock()
        self.region = region
        self.account_id = account_id
        self.apps: dict[str, App] = {}
        self._clock = clock or (lambda: datetime.now(timezone.utc))
        self._seq = itertools.count(1)

    def now(self) -> str:
        return iso(self._clock())

    def now_datetime(self) -> datetime:
        return self._clock()

    def next_seq(self) -> int:
        return next(self._seq)

    def arn(self, *parts: str) -> str:
        return f"arn:aws:mobiletargeting:{self.region}:{self.account_id}:" + "/".join(parts)

    def reset(self) -> None:
        with self.lock:
            self.apps.clear()


def _encode_token(after: int) -> str:
    raw = json.dumps({"after": after}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_token(token: str) -> int:
    try:
        padded = token + "=" * (-len(token) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        after = data["after"]
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeEncodeError):
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
