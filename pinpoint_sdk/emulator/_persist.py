"""State that survives a restart: the emulator's state mirrored in an SQLite file.

``StateFile(path, state)`` loads what the file holds into ``state``; ``flush`` (called with the
state's lock held at the end of every request, and by the test hooks) writes what changed since
the last flush, in one transaction, before the request is answered. So a crash loses at most the
request being served, and the file never holds half of one (SQLite's WAL journal).

No handler knows about it. A flush finds the changes itself by comparing the live state with a
mirror of what the file holds, record by record: one row per record, keyed by (region, app, kind,
key), its data JSON as ``make_state_converter()`` writes it. Only changed records are encoded and
written. The mirror of a written record is the JSON written (decoded when next compared), so it is
exactly what a restart would load.

So that a write costs what it changes, not what the app holds, a flush does not compare every
record: the record containers (an app's endpoints, users, segments, campaigns...) are
``TrackedDict``s, which note the keys whose values they set, delete or hand out, and a flush
compares those records only (a container that handed out every value, or one the mirror has not
followed, such as a dict put in place of it, is compared whole). The notes are used up once
written, except while a request has let the lock go mid-way (``State.unlocked``, an import): it
carries on afterwards with records it read before, so what was noted stays noted until no such
request is left. ``flush(everything=True)`` compares every record whatever was noted, for changes
made through references kept from an earlier request (``Emulator.stop()``). Logs that only grow
at the end and shrink at the front (events, KPI facts, the outbox) are tracked by the identity of
their first and last items instead, and only their new items written.

Rows, in ``records``:

- ``(region, "", "region", "")``: ``RegionState``'s fields other than its containers;
- ``(region, "", "template" | "recommender", key)``: account-wide records of a region;
- ``(region, app_id, "app", "")``: ``App``'s fields other than its containers;
- ``(region, app_id, KIND, key)``: one record of an app's container (``_APP_CONTAINERS``),
  users (user id -> endpoint ids) and OTPs included, so the app's own row stays small;
- ``("", "", "outbox", n)``: one delivered message.

``ord`` keeps the order of dicts and logs (a re-added key goes last, as in a dict). The sequence
counter lives in ``meta``. ``PRAGMA user_version`` is the schema version (``SCHEMA_VERSION``),
``PRAGMA application_id`` marks the file as ours. Fields declared with ``compare=False`` (a
threading event) are not data: they are not written and get their defaults on load.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from os import PathLike
from pathlib import Path
from typing import Any

import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from pinpoint_sdk.errors import StateFileError

from ._journeys import Journey
from ._kpis import Delivery, Engagement
from ._outbox import OutboxMessage
from ._state import (
    App,
    Campaign,
    ExportJob,
    ImportJob,
    Json,
    MessageTemplate,
    Otp,
    Recommender,
    RegionState,
    Segment,
    State,
)
from ._tracked import TrackedDict

# StateFileError is defined in pinpoint_sdk.errors (the one error tree); still importable from here.
__all__ = ["SCHEMA_VERSION", "StateFile", "StateFileError", "make_state_converter"]

#: Bump when a record's shape changes in a way an older file cannot be read as. 2: users and OTPs
#: are rows of their own (1 kept them in their app's row).
SCHEMA_VERSION = 2
#: ``PRAGMA application_id`` of a state file: "PPEM" (Pinpoint emulator).
APPLICATION_ID = 0x5050454D

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    region TEXT NOT NULL,
    app TEXT NOT NULL,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    ord INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (region, app, kind, key)
);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


# -- the file format's converter ---------------------------------------------------------------


def _not_data(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls) if not f.compare]


def _omitted(cls: type) -> dict[str, Any]:
    # Typed Any: cattrs' signature types its ``**overrides`` as its keyword options.
    return {name: override(omit=True) for name in _not_data(cls)}


def _is_set(type_: Any) -> bool:
    return type_ in (set, frozenset) or typing.get_origin(type_) in (set, frozenset)


def _keyed_by_non_str(type_: Any) -> bool:
    args = typing.get_args(type_)
    return typing.get_origin(type_) is dict and len(args) == 2 and args[0] is not str


def make_state_converter() -> cattrs.Converter:
    """The converter of the state file's JSON: datetimes as ISO 8601, sets as sorted lists, dicts
    keyed by tuples as lists of pairs, wire JSON records as they are, not-data fields left out."""
    converter = cattrs.Converter()
    converter.register_unstructure_hook(datetime, datetime.isoformat)
    converter.register_structure_hook(datetime, lambda value, _: datetime.fromisoformat(value))
    # The stored wire JSON is already JSON: passed through untouched (fast), and its decoded
    # copy is fresh from json.loads.
    converter.register_unstructure_hook_func(lambda t: t == Json, lambda value: value)
    converter.register_structure_hook_func(lambda t: t == Json, lambda value, _: value)
    converter.register_unstructure_hook_func(_is_set, lambda value: sorted(value, key=repr))

    def pairs_unstructure(type_: Any) -> Callable[[Any], Any]:
        key_type, value_type = typing.get_args(type_)
        return lambda value: [
            [converter.unstructure(k, key_type), converter.unstructure(v, value_type)]
            for k, v in value.items()
        ]

    def pairs_structure(type_: Any) -> Callable[[Any, Any], Any]:
        key_type, value_type = typing.get_args(type_)
        return lambda value, _: {
            converter.structure(k, key_type): converter.structure(v, value_type) for k, v in value
        }

    converter.register_unstructure_hook_factory(_keyed_by_non_str, pairs_unstructure)
    converter.register_structure_hook_factory(_keyed_by_non_str, pairs_structure)

    def with_not_data(cls: Any) -> bool:
        return dataclasses.is_dataclass(cls) and isinstance(cls, type) and bool(_not_data(cls))

    converter.register_unstructure_hook_factory(
        with_not_data,
        lambda cls: make_dict_unstructure_fn(cls, converter, **_omitted(cls)),
    )
    converter.register_structure_hook_factory(
        with_not_data,
        lambda cls: make_dict_structure_fn(cls, converter, **_omitted(cls)),
    )
    return converter


# -- what is stored where ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Keyed:
    """A dict field of records: one row per entry."""

    field: str
    kind: str
    key_type: Any
    value_type: Any

    def key_text(self, key: Any) -> str:
        return key if self.key_type is str else json.dumps(_CONVERTER.unstructure(key))

    def key_of(self, text: str) -> Any:
        if self.key_type is str:
            return text
        return _CONVERTER.structure(json.loads(text), self.key_type)


@dataclass(frozen=True)
class _Log:
    """A list field (``path``: the field, or a field's field) that only grows at the end and
    loses items at the front: one row per item, items never changed once appended."""

    path: tuple[str, ...]
    kind: str
    item_type: Any

    def get(self, obj: Any) -> list[Any]:
        for name in self.path:
            obj = getattr(obj, name)
        return typing.cast("list[Any]", obj)


_REGION_CONTAINERS: tuple[_Keyed | _Log, ...] = (
    _Keyed("templates", "template", tuple[str, str], MessageTemplate),
    _Keyed("recommenders", "recommender", str, Recommender),
)
_APP_CONTAINERS: tuple[_Keyed | _Log, ...] = (
    _Keyed("endpoints", "endpoint", str, Json),
    _Keyed("segments", "segment", str, Segment),
    _Keyed("campaigns", "campaign", str, Campaign),
    _Keyed("import_jobs", "import_job", str, ImportJob),
    _Keyed("export_jobs", "export_job", str, ExportJob),
    _Keyed("journeys", "journey", str, Journey),
    _Keyed("users", "user", str, set[str]),
    _Keyed("otps", "otp", tuple[str, str], Otp),
    _Log(("events",), "event", Json),
    _Log(("kpis", "deliveries"), "delivery", Delivery),
    _Log(("kpis", "engagement"), "engagement", Engagement),
)
_OUTBOX = _Log((), "outbox", OutboxMessage)
#: ``RegionState.apps`` is stored app by app (an "app" row and the app's containers).
_REGION_APPS = "apps"

_CONVERTER = make_state_converter()


def _hints(cls: type) -> dict[str, Any]:
    # _state names Journey only for type checkers (it would be an import cycle at run time).
    return typing.get_type_hints(cls, localns={"Journey": Journey})


def _top(container: _Keyed | _Log) -> str:
    return container.field if isinstance(container, _Keyed) else container.path[0]


@dataclass(frozen=True)
class _Shape:
    """How one class (RegionState, App) is stored: its containers, and one row for the rest."""

    cls: type
    row_kind: str
    containers: tuple[_Keyed | _Log, ...]
    covered: frozenset[str]
    #: Field -> type, of the fields stored in the class's own row.
    scalars: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(
        cls, target: type, row_kind: str, containers: tuple[_Keyed | _Log, ...], *extra: str
    ) -> _Shape:
        covered = frozenset({_top(c) for c in containers} | set(extra))
        hints = _hints(target)
        scalars = {
            f.name: hints[f.name]
            for f in dataclasses.fields(target)
            if f.compare and f.name not in covered
        }
        return cls(target, row_kind, containers, covered, scalars)

    def live_scalars(self, obj: Any) -> dict[str, Any]:
        return {name: getattr(obj, name) for name in self.scalars}

    def encode_scalars(self, values: dict[str, Any]) -> str:
        return _dump(
            {
                name: _CONVERTER.unstructure(values[name], hint)
                for name, hint in self.scalars.items()
            }
        )

    def decode_scalars(self, text: str) -> dict[str, Any]:
        data = json.loads(text)
        return {
            name: _CONVERTER.structure(data[name], hint)
            for name, hint in self.scalars.items()
            if name in data
        }

    def build(self, scalars: dict[str, Any], parts: dict[str, Any]) -> Any:
        """An instance from its row's fields and its containers' contents (``parts``: container
        kind -> dict or list)."""
        hints = _hints(self.cls)
        values: dict[str, Any] = dict(scalars)
        nested: dict[str, dict[str, Any]] = {}
        for container in self.containers:
            content = parts.get(
                container.kind, TrackedDict() if isinstance(container, _Keyed) else []
            )
            if isinstance(container, _Keyed):
                values[container.field] = content
            elif len(container.path) == 1:
                values[container.path[0]] = content
            else:
                nested.setdefault(container.path[0], {})[container.path[1]] = content
        for name, members in nested.items():
            values[name] = hints[name](**members)
        return self.cls(**values)


_REGION_SHAPE = _Shape.of(RegionState, "region", _REGION_CONTAINERS, _REGION_APPS)
_APP_SHAPE = _Shape.of(App, "app", _APP_CONTAINERS)


def _dump(data: Any) -> str:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


# -- the mirror of the file, and the diff --------------------------------------------------------


class _Written:
    """A mirrored record as the JSON text in the file, decoded the first time it is compared: a
    record no request touches is never decoded twice (at load) nor kept twice in memory."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


@dataclass
class _KeyedMirror:
    #: Key -> the record the file holds (``_Written`` until it is first compared).
    values: dict[Any, Any] = field(default_factory=dict)
    ords: dict[Any, int] = field(default_factory=dict)
    #: The live container these values were last made equal to: while it is the same
    #: ``TrackedDict``, its noted changes are all that can differ.
    container: dict[Any, Any] | None = None

    def get(self, key: Any, value_type: Any) -> Any:
        """The record the file holds under ``key`` (decoded), or ``_MISSING``."""
        value = self.values.get(key, _MISSING)
        if type(value) is _Written:
            value = self.values[key] = _CONVERTER.structure(json.loads(value.text), value_type)
        return value

    def decode_all(self, value_type: Any) -> None:
        for key, value in self.values.items():
            if type(value) is _Written:
                self.values[key] = _CONVERTER.structure(json.loads(value.text), value_type)


@dataclass
class _LogMirror:
    #: The live items written (the same objects: logs are tracked by identity), and their rows.
    items: list[Any] = field(default_factory=list)
    ords: list[int] = field(default_factory=list)


_MISSING = object()
_Scope = tuple[str, str, str]  # (region, app, kind)


class _Batch:
    """What one flush writes, and the mirror changes to make once it is committed."""

    def __init__(self, *, everything: bool = False, keep_notes: bool = False) -> None:
        #: Compare every record, whatever the containers noted.
        self.everything = everything
        #: Leave the containers' notes for the next flush too (``StateFile.flush``).
        self.keep_notes = keep_notes
        self.inserts: list[tuple[str, str, str, str, int, str]] = []
        self.updates: list[tuple[str, str, str, str, str]] = []
        self.reorders: list[tuple[int, str, str, str, str]] = []
        self.deletes: list[tuple[str, str, str, str]] = []
        self.drops: list[tuple[str, ...]] = []  # (region,) or (region, app)
        self.after: list[Callable[[], None]] = []

    def __bool__(self) -> bool:
        return bool(self.inserts or self.updates or self.reorders or self.deletes or self.drops)


class StateFile:
    """An emulator state kept in an SQLite file (see the module docstring).

    Opening claims the file for this process until ``close()``: a second emulator on the same file
    is refused rather than let two writers lose each other's changes.
    """

    def __init__(self, path: str | PathLike[str], state: State) -> None:
        self.path = Path(path)
        self.state = state
        self._connection = self._open()
        self._keyed: dict[_Scope, _KeyedMirror] = {}
        self._logs: dict[_Scope, _LogMirror] = {}
        self._scalars: dict[_Scope, tuple[int, dict[str, Any]]] = {}
        self._next_ord = 1
        self._seq_written = 0
        #: Rows inserted, updated, moved or deleted since opening (drops of whole apps and
        #: regions aside): what a flush costs grows with this, not with the state's size.
        self.rows_written = 0
        #: Records of keyed containers compared with the file since opening: what a flush's cost
        #: grows with, besides the rows it writes.
        self.records_compared = 0
        try:
            with state.lock:
                self._load()
        except BaseException:
            self._connection.close()
            raise

    # -- opening -------------------------------------------------------------------------------

    def _problem(self, what: str) -> StateFileError:
        return StateFileError(f"{self.path}: {what}")

    def _open(self) -> sqlite3.Connection:
        try:
            connection = sqlite3.connect(
                self.path, timeout=1.0, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as error:
            raise self._problem(f"cannot open the state file ({error}).") from None
        try:
            self._prepare(connection)
        except BaseException:
            connection.close()
            raise
        return connection

    def _prepare(self, connection: sqlite3.Connection) -> None:
        try:
            # Exclusive: this process holds the file until it closes it, so the WAL needs no
            # shared memory and a second emulator on the file is refused below.
            connection.execute("PRAGMA locking_mode=EXCLUSIVE")
            connection.execute("BEGIN EXCLUSIVE")
            application_id = connection.execute("PRAGMA application_id").fetchone()[0]
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            connection.execute("COMMIT")
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "busy" in str(error):
                raise self._problem(
                    "the state file is in use by another emulator; one file serves one emulator "
                    "at a time (stop the other, or give this one another file)."
                ) from None
            raise self._problem(f"cannot read the state file ({error}).") from None
        except sqlite3.DatabaseError:
            raise self._problem(
                "not an emulator state file (not an SQLite database); give another path, or "
                "move this file away."
            ) from None
        if tables and application_id != APPLICATION_ID:
            raise self._problem(
                "an SQLite database, but not a pinpoint-sdk emulator state file; give another "
                "path, or move this file away."
            )
        if tables and version != SCHEMA_VERSION:
            raise self._problem(
                f"written with state schema version {version}, and this pinpoint-sdk reads "
                f"version {SCHEMA_VERSION}; open it with the pinpoint-sdk version that wrote it, "
                "or move it away to start from an empty state."
            )
        connection.execute("PRAGMA journal_mode=WAL")
        # With WAL, NORMAL never leaves a torn file and loses nothing when the process dies; only
        # a power cut may lose the last commits.
        connection.execute("PRAGMA synchronous=NORMAL")
        if not tables:
            connection.executescript(
                f"BEGIN IMMEDIATE; {_SCHEMA}; PRAGMA application_id={APPLICATION_ID};"
                f" PRAGMA user_version={SCHEMA_VERSION}; COMMIT;"
            )

    def close(self) -> None:
        """Release the file (the state stays in memory)."""
        self._connection.close()

    # -- loading -------------------------------------------------------------------------------

    def _load(self) -> None:
        rows = self._connection.execute(
            "SELECT region, app, kind, key, ord, data FROM records ORDER BY ord"
        ).fetchall()
        seq_row = self._connection.execute("SELECT value FROM meta WHERE name='seq'").fetchone()
        try:
            regions, messages = self._rebuild(rows)
        except (ValueError, TypeError, KeyError, cattrs.BaseValidationError) as error:
            raise self._problem(
                f"a record does not read as this version's state ({type(error).__name__}); the "
                "file was written by another pinpoint-sdk version or changed by hand."
            ) from None
        last_seq = int(seq_row[0]) if seq_row else 0
        self.state.restore(regions, last_seq)
        self.state.outbox.clear()
        for message in messages:
            self.state.outbox.record(message)
        self._seq_written = last_seq
        self._next_ord = max((row[4] for row in rows), default=0) + 1

    def _rebuild(
        self, rows: list[tuple[str, str, str, str, int, str]]
    ) -> tuple[dict[str, RegionState], list[OutboxMessage]]:
        kinds = {c.kind: c for c in (*_REGION_CONTAINERS, *_APP_CONTAINERS)}
        scalars: dict[tuple[str, str], dict[str, Any]] = {}
        parts: dict[tuple[str, str], dict[str, Any]] = {}
        app_order: dict[str, list[str]] = {}
        messages: list[OutboxMessage] = []
        for region, app, kind, key, ord_, data in rows:
            scope = (region, app, kind)
            if kind == _OUTBOX.kind and not region:
                message = _CONVERTER.structure(json.loads(data), OutboxMessage)
                messages.append(message)
                mirror = self._logs.setdefault(scope, _LogMirror())
                mirror.items.append(message)
                mirror.ords.append(ord_)
            elif kind in (_REGION_SHAPE.row_kind, _APP_SHAPE.row_kind) and not key:
                shape = _APP_SHAPE if app else _REGION_SHAPE
                scalars[(region, app)] = shape.decode_scalars(data)
                self._scalars[scope] = (ord_, shape.decode_scalars(data))
                if app:
                    app_order.setdefault(region, []).append(app)
            elif kind in kinds:
                container = kinds[kind]
                content = parts.setdefault((region, app), {})
                if isinstance(container, _Keyed):
                    key_value = container.key_of(key)
                    value = _CONVERTER.structure(json.loads(data), container.value_type)
                    mirror_k = self._keyed.get(scope)
                    if mirror_k is None:
                        live: TrackedDict[Any, Any] = TrackedDict()
                        content[kind] = live
                        mirror_k = self._keyed[scope] = _KeyedMirror(container=live)
                    assert mirror_k.container is not None
                    dict.__setitem__(mirror_k.container, key_value, value)  # loaded: no change
                    mirror_k.values[key_value] = _Written(data)
                    mirror_k.ords[key_value] = ord_
                else:
                    item = _CONVERTER.structure(json.loads(data), container.item_type)
                    content.setdefault(kind, []).append(item)
                    mirror_l = self._logs.setdefault(scope, _LogMirror())
                    mirror_l.items.append(item)
                    mirror_l.ords.append(ord_)
            else:
                raise ValueError(f"unknown record kind {kind!r}")
        regions: dict[str, RegionState] = {}
        for region, app in scalars:  # in the order the rows were written
            if app:
                continue
            held = _REGION_SHAPE.build(scalars[(region, "")], parts.get((region, ""), {}))
            for app_id in app_order.get(region, []):
                held.apps[app_id] = _APP_SHAPE.build(
                    scalars[(region, app_id)], parts.get((region, app_id), {})
                )
            regions[region] = held
        return regions, messages

    # -- writing -------------------------------------------------------------------------------

    def flush(self, app_id: str | None = None, *, everything: bool = False) -> None:
        """Write what changed since the last flush, in one transaction. Hold the state's lock.

        ``app_id``: the app the request named, whose records are the only app records looked at
        (every app's are when None); apps created or deleted, account-wide records and the outbox
        are looked at either way. Of a container's records, only those it noted as possibly
        changed (``TrackedDict``) are compared. ``everything=True`` compares every record of
        every app instead, to find changes made through a reference kept from an earlier request
        (``Emulator.stop()``, for what a test changed directly in ``emu.state``).
        """
        batch = _Batch(
            everything=everything,
            # A request that let the lock go mid-way (an import) carries on afterwards with
            # records it looked up before: what the containers noted stays noted until no such
            # request is left, so the flush after that request compares those records again.
            keep_notes=self.state.paused_requests > 0,
        )
        live_regions = {r: held for r, held in self.state.regions.items() if not held.is_empty()}
        for region, held in live_regions.items():
            self._diff_region(batch, region, held, None if everything else app_id)
        for scope in list(self._scalars):
            region, app, _ = scope
            if not app and region not in live_regions:
                batch.drops.append((region,))
        self._diff_log(batch, ("", "", _OUTBOX.kind), self.state.outbox.messages, OutboxMessage)
        last_seq = self.state.last_seq
        if batch or last_seq != self._seq_written:
            self._commit(batch, last_seq)
        for change in batch.after:
            change()

    def _commit(self, batch: _Batch, last_seq: int) -> None:
        db = self._connection
        db.execute("BEGIN IMMEDIATE")
        try:
            for drop in batch.drops:
                if len(drop) == 1:
                    db.execute("DELETE FROM records WHERE region=?", drop)
                else:
                    db.execute("DELETE FROM records WHERE region=? AND app=?", drop)
            db.executemany(
                "DELETE FROM records WHERE region=? AND app=? AND kind=? AND key=?", batch.deletes
            )
            db.executemany(
                "UPDATE records SET data=? WHERE region=? AND app=? AND kind=? AND key=?",
                batch.updates,
            )
            db.executemany(
                "UPDATE records SET ord=? WHERE region=? AND app=? AND kind=? AND key=?",
                batch.reorders,
            )
            db.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?)", batch.inserts)
            db.execute("INSERT OR REPLACE INTO meta VALUES ('seq', ?)", (str(last_seq),))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        self.rows_written += (
            len(batch.inserts) + len(batch.updates) + len(batch.reorders) + len(batch.deletes)
        )
        for drop in batch.drops:
            for mirrors in (self._keyed, self._logs, self._scalars):
                for scope in [s for s in mirrors if s[: len(drop)] == drop]:
                    del mirrors[scope]
        self._seq_written = last_seq

    def _ord(self) -> int:
        value = self._next_ord
        self._next_ord += 1
        return value

    def _diff_region(
        self, batch: _Batch, region: str, held: RegionState, app_id: str | None
    ) -> None:
        self._diff_scalars(batch, (region, "", _REGION_SHAPE.row_kind), _REGION_SHAPE, held)
        for container in _REGION_CONTAINERS:
            self._diff_container(batch, region, "", container, held)
        stored = {s[1] for s in self._scalars if s[0] == region and s[1]}
        for app in held.apps.values():
            if app.id in stored and app_id is not None and app.id != app_id:
                continue
            self._diff_scalars(batch, (region, app.id, _APP_SHAPE.row_kind), _APP_SHAPE, app)
            for container in _APP_CONTAINERS:
                self._diff_container(batch, region, app.id, container, app)
        for gone in stored - held.apps.keys():
            batch.drops.append((region, gone))

    def _diff_container(
        self, batch: _Batch, region: str, app: str, container: _Keyed | _Log, owner: Any
    ) -> None:
        scope = (region, app, container.kind)
        if isinstance(container, _Keyed):
            self._diff_keyed(batch, scope, container, getattr(owner, container.field))
        else:
            self._diff_log(batch, scope, container.get(owner), container.item_type)

    def _diff_scalars(self, batch: _Batch, scope: _Scope, shape: _Shape, owner: Any) -> None:
        live = shape.live_scalars(owner)
        stored = self._scalars.get(scope)
        if stored is not None and stored[1] == live:
            return
        text = shape.encode_scalars(live)
        region, app, kind = scope
        if stored is None:
            ord_ = self._ord()
            batch.inserts.append((region, app, kind, "", ord_, text))
        else:
            ord_ = stored[0]
            batch.updates.append((text, region, app, kind, ""))
        batch.after.append(
            lambda: self._scalars.__setitem__(scope, (ord_, shape.decode_scalars(text)))
        )

    def _diff_keyed(
        self, batch: _Batch, scope: _Scope, container: _Keyed, live: dict[Any, Any]
    ) -> None:
        mirror = self._keyed.get(scope)
        if mirror is None:
            mirror = self._keyed[scope] = _KeyedMirror()
        if isinstance(live, TrackedDict) and mirror.container is live and not batch.everything:
            noted = live.changes()
            if noted is None:
                return
            touched, inserted, everything = noted
            if not everything:
                self._diff_noted(batch, scope, container, live, mirror, touched, inserted)
                return
        self._diff_all(batch, scope, container, live, mirror)

    def _settled(self, batch: _Batch, live: dict[Any, Any], mirror: _KeyedMirror) -> None:
        """Once committed: the mirror stands for ``live``, whose notes are used up."""

        def settle() -> None:
            mirror.container = live
            if isinstance(live, TrackedDict) and not batch.keep_notes:
                live.forget_changes()

        batch.after.append(settle)

    def _encode(self, container: _Keyed, value: Any) -> tuple[str, _Written]:
        """The row's data, and the mirror's value: what a restart would load from it."""
        text = _dump(_CONVERTER.unstructure(value, container.value_type))
        return text, _Written(text)

    def _diff_noted(
        self,
        batch: _Batch,
        scope: _Scope,
        container: _Keyed,
        live: TrackedDict[Any, Any],
        mirror: _KeyedMirror,
        touched: set[Any],
        inserted: dict[Any, None],
    ) -> None:
        """Compare the records ``live`` noted since the mirror stood for it, and only those."""
        region, app, kind = scope
        self.records_compared += len(touched | inserted.keys())
        changed: dict[Any, Any] = {}
        gone: list[Any] = []
        # Keys set anew go last, in the order the live dict has them now.
        last = list(inserted)
        for key in touched:
            if key in inserted:
                continue
            old = mirror.get(key, container.value_type)
            if dict.__contains__(live, key):
                if old is _MISSING:
                    last.append(key)  # not noted as inserted: never expected, still written
                    continue
                value = dict.__getitem__(live, key)
                if old != value:
                    text, changed[key] = self._encode(container, value)
                    batch.updates.append((text, region, app, kind, container.key_text(key)))
            elif old is not _MISSING:
                batch.deletes.append((region, app, kind, container.key_text(key)))
                gone.append(key)
        moved: dict[Any, Any] = {}
        new_ords: dict[Any, int] = {}
        for key in last:
            value = dict.__getitem__(live, key)
            old = mirror.get(key, container.value_type)
            new_ords[key] = ord_ = self._ord()
            key_text = container.key_text(key)
            if old is _MISSING:
                text, moved[key] = self._encode(container, value)
                batch.inserts.append((region, app, kind, key_text, ord_, text))
                continue
            if old != value:
                text, moved[key] = self._encode(container, value)
                batch.updates.append((text, region, app, kind, key_text))
            else:
                moved[key] = old
            batch.reorders.append((ord_, region, app, kind, key_text))

        def apply() -> None:
            for key in gone:
                del mirror.values[key]
                del mirror.ords[key]
            mirror.values.update(changed)
            for key, value in moved.items():  # to the end, as in the live dict
                mirror.values.pop(key, None)
                mirror.ords.pop(key, None)
                mirror.values[key] = value
                mirror.ords[key] = new_ords[key]

        batch.after.append(apply)
        self._settled(batch, live, mirror)

    def _diff_all(
        self,
        batch: _Batch,
        scope: _Scope,
        container: _Keyed,
        live: dict[Any, Any],
        mirror: _KeyedMirror,
    ) -> None:
        """Compare every record of ``live`` (a container the mirror has not followed, or one that
        handed out all of its records)."""
        self._settled(batch, live, mirror)
        self.records_compared += len(live)
        # dict's own methods: reading here is not a change for a TrackedDict to note.
        live_items = dict.items(live)
        mirror.decode_all(container.value_type)
        if live == mirror.values and list(dict.keys(live)) == list(mirror.values):
            return
        region, app, kind = scope
        new_values: dict[Any, Any] = {}
        new_ords: dict[Any, int] = {}
        kept = [key for key in mirror.values if dict.__contains__(live, key)]
        added = [key for key in dict.keys(live) if key not in mirror.values]
        reorder = kept + added != list(dict.keys(live))
        for key, value in live_items:
            old = mirror.values.get(key, _MISSING)
            text = None
            if old is _MISSING or old != value:
                text, new_values[key] = self._encode(container, value)
            else:
                new_values[key] = old
            if old is _MISSING:
                new_ords[key] = self._ord()
                assert text is not None
                batch.inserts.append(
                    (region, app, kind, container.key_text(key), new_ords[key], text)
                )
            else:
                new_ords[key] = self._ord() if reorder else mirror.ords[key]
                if text is not None:
                    batch.updates.append((text, region, app, kind, container.key_text(key)))
                if reorder:
                    batch.reorders.append(
                        (new_ords[key], region, app, kind, container.key_text(key))
                    )
        for key in mirror.values.keys() - dict.keys(live):
            batch.deletes.append((region, app, kind, container.key_text(key)))

        def apply() -> None:
            mirror.values = new_values
            mirror.ords = new_ords

        batch.after.append(apply)

    def _diff_log(self, batch: _Batch, scope: _Scope, live: list[Any], item_type: Any) -> None:
        mirror = self._logs.get(scope)
        if mirror is None:
            mirror = self._logs[scope] = _LogMirror()
        items, count = mirror.items, len(mirror.items)
        if len(live) == count and (not count or (live[0] is items[0] and live[-1] is items[-1])):
            return
        # How many items left the front: the first live item's place among those written.
        dropped = count
        if live:
            dropped = next((i for i, item in enumerate(items) if item is live[0]), count)
        kept = count - dropped
        if kept and (kept > len(live) or live[kept - 1] is not items[-1]):
            dropped, kept = count, 0  # not a log that grew at the end: write it again
        region, app, kind = scope
        gone = mirror.ords[:dropped]
        batch.deletes.extend((region, app, kind, str(ord_)) for ord_ in gone)
        new_ords = mirror.ords[dropped:]
        for item in live[kept:]:
            ord_ = self._ord()
            new_ords.append(ord_)
            text = _dump(_CONVERTER.unstructure(item, item_type))
            batch.inserts.append((region, app, kind, str(ord_), ord_, text))
        snapshot = list(live)

        def apply() -> None:
            mirror.items = snapshot
            mirror.ords = new_ords

        batch.after.append(apply)
