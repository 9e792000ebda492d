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


# -- what a flush compares: the records the containers noted -----------------------------------


def big_app(path: Path, endpoints: int = 2_000) -> tuple[State, StateFile, App]:
    """A state file holding one app of ``endpoints`` endpoints, loaded back as an emulator
    starts: its containers are the ones the state file follows."""
    state = State(region="us-east-1", account_id="123456789012")
    persistence = StateFile(path, state)
    app = App("app", 1, {"Id": "app"}, {})
    for number in range(endpoints):
        app.endpoints[f"e{number}"] = {"Id": f"e{number}", "Address": f"a{number}"}
        app.users[f"u{number}"] = {f"e{number}"}
    with state.lock:
        state.regions["us-east-1"] = RegionState(apps={app.id: app})
        persistence.flush()
    persistence.close()
    state = State(region="us-east-1", account_id="123456789012")
    persistence = StateFile(path, state)
    return state, persistence, state.regions["us-east-1"].apps["app"]


def test_a_change_in_a_big_app_writes_its_own_rows_only(tmp_path: Path) -> None:
    state, persistence, app = big_app(tmp_path / "state.db")
    before = persistence.rows_written
    with state.lock:
        app.endpoints["e7"]["Address"] = "changed in place"
        app.endpoints["new"] = {"Id": "new"}
        del app.endpoints["e9"]
        persistence.flush("app")
    assert persistence.rows_written - before == 3
    persistence.close()
    loaded = reload(tmp_path / "state.db").regions["us-east-1"].apps["app"].endpoints
    assert loaded == app.endpoints
    assert list(loaded) == list(app.endpoints)


def test_reading_records_writes_nothing(tmp_path: Path) -> None:
    state, persistence, app = big_app(tmp_path / "state.db")
    before = persistence.rows_written
    with state.lock:
        assert app.endpoints["e1"]["Address"] == "a1"
        assert len(list(app.endpoints.values())) == 2_000
        persistence.flush("app")
    assert persistence.rows_written == before


def test_a_key_set_again_in_a_followed_container_goes_last(tmp_path: Path) -> None:
    state, persistence, app = big_app(tmp_path / "state.db", endpoints=5)
    with state.lock:
        app.endpoints["e1"] = app.endpoints.pop("e1")
        app.endpoints["e0"] = app.endpoints.pop("e0")
        persistence.flush("app")
        app.endpoints["e3"]["Address"] = "later"  # the mirror kept the order: still right
        persistence.flush("app")
    persistence.close()
    loaded = reload(tmp_path / "state.db").regions["us-east-1"].apps["app"].endpoints
    assert list(loaded) == ["e2", "e3", "e4", "e1", "e0"]
    assert loaded == app.endpoints


def test_users_are_written_one_row_each(tmp_path: Path) -> None:
    state, persistence, app = big_app(tmp_path / "state.db")
    before = persistence.rows_written
    with state.lock:
        app.users.setdefault("u5", set()).add("e6")
        persistence.flush("app")
    assert persistence.rows_written - before == 1
    persistence.close()
    assert reload(tmp_path / "state.db").regions["us-east-1"].apps["app"].users["u5"] == {
        "e5",
        "e6",
    }


def test_a_change_through_a_reference_kept_across_flushes_is_written_by_a_full_flush(
    tmp_path: Path,
) -> None:
    state, persistence, app = big_app(tmp_path / "state.db", endpoints=5)
    with state.lock:
        kept = app.endpoints["e2"]
        persistence.flush("app")
        kept["Address"] = "changed later, the container not asked"
        persistence.flush(everything=True)  # what Emulator.stop() does
    persistence.close()
    loaded = reload(tmp_path / "state.db").regions["us-east-1"].apps["app"]
    assert loaded.endpoints["e2"]["Address"] == "changed later, the container not asked"


def test_records_a_paused_request_holds_are_compared_again_after_other_flushes(
    tmp_path: Path,
) -> None:
    """An import lets the lock go mid-way and carries on afterwards with the job it read before:
    the flushes of other requests meanwhile must not use up what the job's container noted."""
    state, persistence, app = big_app(tmp_path / "state.db", endpoints=1)
    with state.lock:
        app.import_jobs["job"] = ImportJob("job", 2, {"JobStatus": "CREATED"})
        persistence.flush("app")
        job = app.import_jobs["job"]  # the import's request reads its job...
        job.record["JobStatus"] = "PROCESSING"
        # ...lets the lock go while it reads its object, and another request is answered:
        with state.unlocked(), state.lock:
            persistence.flush("app")
        job.record["JobStatus"] = "COMPLETED"  # no new lookup: the same record
        persistence.flush("app")
    persistence.close()
    loaded = reload(tmp_path / "state.db").regions["us-east-1"].apps["app"]
    assert loaded.import_jobs["job"].record["JobStatus"] == "COMPLETED"


def test_a_container_replaced_whole_is_compared_whole(tmp_path: Path) -> None:
    state, persistence, app = big_app(tmp_path / "state.db", endpoints=3)
    with state.lock:
        app.endpoints = {"only": {"Id": "only"}}
        persistence.flush("app")
    persistence.close()
    loaded = reload(tmp_path / "state.db").regions["us-east-1"].apps["app"]
    assert loaded.endpoints == {"only": {"Id": "only"}}
