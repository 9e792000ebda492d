"""``TrackedDict``: every way to set, delete or reach a value is noted, keys alone are not, and
keys set anew are listed in the order the dict now has them."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from pinpoint_sdk.emulator._tracked import TrackedDict

Records = TrackedDict[str, dict[str, int]]


def fresh() -> Records:
    tracked: Records = TrackedDict({"a": {"n": 1}, "b": {"n": 2}, "c": {"n": 3}})
    tracked.forget_changes()
    return tracked


ONE_KEY: dict[str, Callable[[Records], object]] = {
    "d[k]": lambda d: d["b"],
    "get": lambda d: d.get("b"),
    "d[k] = v": lambda d: d.__setitem__("b", {"n": 9}),
    "setdefault": lambda d: d.setdefault("b", {}),
    "del": lambda d: d.__delitem__("b"),
    "pop": lambda d: d.pop("b"),
    "update": lambda d: d.update({"b": {"n": 9}}),
    "|=": lambda d: d.__ior__({"b": {"n": 9}}),
}


@pytest.mark.parametrize("operation", ONE_KEY.values(), ids=list(ONE_KEY))
def test_reaching_one_value_notes_its_key_only(operation: Callable[[Records], object]) -> None:
    tracked = fresh()
    operation(tracked)
    noted = tracked.changes()
    assert noted is not None
    touched, _, everything = noted
    assert touched == {"b"}
    assert not everything


EVERY_VALUE: dict[str, Callable[[Records], object]] = {
    "values": lambda d: list(d.values()),
    "items": lambda d: list(d.items()),
    "copy": lambda d: d.copy(),
    "dict(d)": dict,
    "{**d}": lambda d: {**d},
    "copy.copy": copy.copy,
    "d | {}": lambda d: d | {},
    "clear": lambda d: d.clear(),
}


@pytest.mark.parametrize("operation", EVERY_VALUE.values(), ids=list(EVERY_VALUE))
def test_handing_out_every_value_notes_everything(operation: Callable[[Records], Any]) -> None:
    tracked = fresh()
    operation(tracked)
    noted = tracked.changes()
    assert noted is not None
    assert noted[2] or noted[0] == {"a", "b", "c"}


def test_keys_alone_note_nothing() -> None:
    tracked = fresh()
    assert "a" in tracked
    assert len(tracked) == 3
    assert sorted(tracked) == ["a", "b", "c"]
    assert list(tracked.keys()) == ["a", "b", "c"]
    assert tracked == {"a": {"n": 1}, "b": {"n": 2}, "c": {"n": 3}}
    assert tracked.changes() is None


def test_keys_set_anew_are_listed_in_the_order_the_dict_has_them() -> None:
    tracked = fresh()
    tracked["new"] = {"n": 4}
    tracked["a"] = tracked.pop("a")  # deleted and set again: goes last
    tracked["b"] = {"n": 5}  # replaced in place: keeps its place
    noted = tracked.changes()
    assert noted is not None
    assert list(noted[1]) == ["new", "a"]
    assert list(tracked)[-2:] == ["new", "a"]


def test_a_key_set_then_deleted_is_not_listed_as_set() -> None:
    tracked = fresh()
    tracked["new"] = {"n": 4}
    del tracked["new"]
    noted = tracked.changes()
    assert noted is not None
    assert list(noted[1]) == []
    assert "new" in noted[0]


def test_forgetting_starts_afresh() -> None:
    tracked = fresh()
    tracked["a"]["n"] = 7
    tracked.forget_changes()
    assert tracked.changes() is None


def test_a_deep_copy_is_a_tracked_dict_of_copies() -> None:
    tracked = fresh()
    copied = copy.deepcopy(tracked)
    assert isinstance(copied, TrackedDict)
    assert copied == tracked
    assert copied["a"] is not tracked["a"]


def test_noting_more_keys_than_the_dict_holds_notes_everything_instead() -> None:
    """Without a state file nothing is ever forgotten: what is noted stays smaller than the
    dict, however many keys come and go."""
    tracked: Records = TrackedDict()
    for number in range(1_000):
        tracked[f"k{number}"] = {"n": number}
        del tracked[f"k{number}"]
    noted = tracked.changes()
    assert noted is not None
    touched, inserted, everything = noted
    assert everything
    assert len(touched) + len(inserted) <= 100
