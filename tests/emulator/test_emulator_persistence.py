"""The state file (``_persist``) without HTTP: every field of every state dataclass survives a
write and a load, changes are found without handlers saying so, and unusable files are refused
with a message naming them."""

from __future__ import annotations

import contextlib
import dataclasses
import sqlite3
import threading
import typing
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

import pytest

from pinpoint_sdk.emulator import StateFileError
from pinpoint_sdk.emulator._journeys import Journey, Run
from pinpoint_sdk.emulator._kpis import Delivery, Engagement, KpiLedger
from pinpoint_sdk.emulator._outbox import OutboxMessage
from pinpoint_sdk.emulator._persist import SCHEMA_VERSION, StateFile
from pinpoint_sdk.emulator._state import (
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

#: Every dataclass the emulator's state is made of. A new one belongs here.
STATE_CLASSES = (
    App,
    Campaign,
    Delivery,
    Engagement,
    ExportJob,
    ImportJob,
    Journey,
    KpiLedger,
    MessageTemplate,
    Otp,
    OutboxMessage,
    Recommender,
    RegionState,
    Run,
    Segment,
)


class Sample:
    """A value of any state type with every field set to something other than its default, so a
    field the state file forgets comes back different."""

    def __init__(self) -> None:
        self.count = 0

    def text(self) -> str:
        self.count += 1
        return f"v{self.count}"

    def of(self, type_: Any) -> Any:
        origin, args = typing.get_origin(type_), typing.get_args(type_)
        if type_ == Json:
            return {"Name": self.text(), "Nested": {"List": [1, 2.5, True, None, "x"]}}
        if type_ is str:
            return self.text()
        if type_ is bool:
            return True
        if type_ is int:
            self.count += 1
            return self.count
        if type_ is float:
            return self.count + 0.25
        if type_ is datetime:
            self.count += 1
            return datetime(2026, 3, 4, 5, 6, 7, 123456 + self.count, tzinfo=timezone.utc)
        if origin is Literal:
            return args[-1]
        if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            return self.of(next(arg for arg in args if arg is not type(None)))
        if origin is list:
            return [self.of(args[0]), self.of(args[0])]
        if origin is set:
            return {self.of(args[0]), self.of(args[0])}
        if origin is tuple:
            return tuple(self.of(arg) for arg in args)
        if origin is Counter:
            return Counter({self.text(): 3, self.text(): 1})
        if origin is dict:
            return {self.of(args[0]): self.of(args[1]) for _ in range(2)}
        if dataclasses.is_dataclass(type_) and isinstance(type_, type):
            hints = typing.get_type_hints(type_, localns={"Journey": Journey})
            return type_(
                **{f.name: self.of(hints[f.name]) for f in dataclasses.fields(type_) if f.compare}
            )
        raise AssertionError(f"no sample for {type_!r}: teach Sample (and the state file) it")


def sample_state(path: Path) -> tuple[State, StateFile]:
    """A state with two regions of sampled records, all written to ``path``."""
    state = State(region="us-east-1", account_id="123456789012")
    persistence = StateFile(path, state)
    sample = Sample()
    regions: dict[str, RegionState] = {}
    for region in ("us-east-1", "eu-west-1"):
        held = sample.of(RegionState)
        held.apps = {app.id: app for app in held.apps.values()}
        regions[region] = held
    with state.lock:
        state.restore(regions, last_seq=41)
        for _ in range(3):
            state.outbox.record(sample.of(OutboxMessage))
        persistence.flush()
    return state, persistence


def reload(path: Path) -> State:
    state = State(region="us-east-1", account_id="123456789012")
    StateFile(path, state).close()
    return state


@pytest.mark.parametrize("cls", STATE_CLASSES, ids=lambda cls: cls.__name__)
def test_samples_set_every_field_away_from_its_default(cls: type) -> None:
    sampled = Sample().of(cls)
    for member in dataclasses.fields(cls):
        if member.compare and member.default is not dataclasses.MISSING:
            assert getattr(sampled, member.name) != member.default, member.name
        if member.compare and member.default_factory is not dataclasses.MISSING:
            assert getattr(sampled, member.name) != member.default_factory(), member.name


def test_every_field_of_every_state_dataclass_survives_a_restart(tmp_path: Path) -> None:
    state, persistence = sample_state(tmp_path / "state.db")
    persistence.close()
    loaded = reload(tmp_path / "state.db")
    assert loaded.regions == state.regions
    assert list(loaded.regions) == list(state.regions)
    for region, held in state.regions.items():
        assert list(loaded.regions[region].apps) == list(held.apps)
        for app_id, app in held.apps.items():
            assert list(loaded.regions[region].apps[app_id].endpoints) == list(app.endpoints)
    assert loaded.outbox.messages == state.outbox.messages
    assert loaded.last_seq == 41


def test_what_is_not_data_is_rebuilt_on_load(tmp_path: Path) -> None:
    state = State(region="us-east-1", account_id="123456789012")
    persistence = StateFile(tmp_path / "state.db", state)
    app = Sample().of(App)
    job = Sample().of(ImportJob)
    job.idle.clear()  # an import was running when the emulator stopped
    app.import_jobs = {job.id: job}
    with state.lock:
        state.restore({"us-east-1": RegionState(apps={app.id: app})}, last_seq=1)
        persistence.flush()
    persistence.close()
    [loaded_job] = (
        reload(tmp_path / "state.db").regions["us-east-1"].apps[app.id].import_jobs.values()
    )
    assert isinstance(loaded_job.idle, type(threading.Event()))
    assert loaded_job.idle.is_set()


def test_changes_made_in_place_are_found_and_written(tmp_path: Path) -> None:
    state, persistence = sample_state(tmp_path / "state.db")
    held = state.regions["eu-west-1"]
    app = next(iter(held.apps.values()))
    endpoint_id = next(iter(app.endpoints))
    with state.lock:
        app.endpoints[endpoint_id]["Nested"]["List"].append("changed")
        next(iter(app.campaigns.values())).versions[-1]["State"] = {"CampaignStatus": "PAUSED"}
        app.users.setdefault("new-user", set()).add(endpoint_id)
        del held.templates[next(iter(held.templates))]
        persistence.flush()
    persistence.close()
    assert reload(tmp_path / "state.db").regions == state.regions


def test_a_key_set_again_goes_last_as_in_a_dict(tmp_path: Path) -> None:
    state, persistence = sample_state(tmp_path / "state.db")
    app = next(iter(state.regions["us-east-1"].apps.values()))
    first = next(iter(app.endpoints))
    with state.lock:
        app.endpoints[first] = app.endpoints.pop(first)
        persistence.flush()
    persistence.close()
    loaded = reload(tmp_path / "state.db").regions["us-east-1"].apps[app.id]
    assert list(loaded.endpoints) == list(app.endpoints)
    assert list(loaded.endpoints)[-1] == first


def test_logs_keep_their_new_items_and_lose_those_trimmed_from_the_front(tmp_path: Path) -> None:
    state, persistence = sample_state(tmp_path / "state.db")
    app = next(iter(state.regions["us-east-1"].apps.values()))
    with state.lock:
        app.events.append({"EventType": "late"})
        del app.events[:1]
        app.kpis.deliveries.clear()
        persistence.flush()
        state.outbox.clear()
        persistence.flush()
    persistence.close()
    loaded = reload(tmp_path / "state.db")
    assert loaded.regions["us-east-1"].apps[app.id].events == app.events
    assert loaded.regions["us-east-1"].apps[app.id].kpis.deliveries == []
    assert loaded.outbox.messages == []


def test_deleted_apps_and_emptied_regions_leave_the_file(tmp_path: Path) -> None:
    state, persistence = sample_state(tmp_path / "state.db")
    with state.lock:
        state.regions["us-east-1"].apps.popitem()
        del state.regions["eu-west-1"]
        persistence.flush()
    persistence.close()
    loaded = reload(tmp_path / "state.db")
    assert list(loaded.regions) == ["us-east-1"]
    assert loaded.regions == state.regions
    with contextlib.closing(sqlite3.connect(tmp_path / "state.db")) as db:
        regions = {row[0] for row in db.execute("SELECT region FROM records")}
    assert regions == {"", "us-east-1"}


def test_a_flush_scoped_to_one_app_leaves_the_others_unread(tmp_path: Path) -> None:
    state, persistence = sample_state(tmp_path / "state.db")
    first, second = state.regions["us-east-1"].apps.values()
    with state.lock:
        first.settings["Changed"] = 1
        second.settings["Changed"] = 2
        persistence.flush(first.id)
    persistence.close()
    loaded = reload(tmp_path / "state.db").regions["us-east-1"].apps
    assert loaded[first.id].settings["Changed"] == 1
    assert "Changed" not in loaded[second.id].settings


def test_a_file_of_another_schema_version_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    sample_state(path)[1].close()
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    with pytest.raises(StateFileError) as excinfo:
        reload(path)
    message = str(excinfo.value)
    assert str(path) in message
    assert f"schema version {SCHEMA_VERSION + 1}" in message
    assert "move it away" in message


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database, just some notes that happen to be long enough " * 20)
    with pytest.raises(StateFileError, match="not an emulator state file"):
        reload(path)
    assert path.read_text().startswith("not a database")


def test_another_applications_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE things (x)")
    with pytest.raises(StateFileError, match="not a pinpoint-sdk emulator state file"):
        reload(path)


def test_a_file_in_use_by_another_emulator_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    holder = StateFile(path, State(region="us-east-1", account_id="123456789012"))
    try:
        with pytest.raises(StateFileError, match="in use by another emulator"):
            reload(path)
    finally:
        holder.close()
    assert reload(path).regions == {}
