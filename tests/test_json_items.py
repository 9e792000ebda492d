"""``pinpoint_sdk._json_items``: a JSON object decoded as ``json.loads`` decodes it, with chosen
lists and maps of objects read item by item as they are decoded."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pinpoint_sdk._json_items import Decline, Items, decode_object


def _items(is_map: bool, seen: list[Any] | None = None) -> Items:
    def read(item: dict[str, Any]) -> Any:
        if seen is not None:
            seen.append(item)
        return ("read", item)

    key = (lambda k: k.upper()) if is_map else None
    return Items(is_map=is_map, read=read, key=key, done=dict if is_map else tuple)


_READERS = {"Item": _items(False), "Map": _items(True)}

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=10,
)


@given(st.dictionaries(st.text().filter(lambda k: k not in _READERS), _json, max_size=4))
def test_an_object_without_the_read_members_decodes_as_json_loads_does(value: Any) -> None:
    text = json.dumps(value, indent=1)
    assert decode_object(text, _READERS) == json.loads(text)


def test_a_list_of_objects_is_read_item_by_item_in_order() -> None:
    seen: list[Any] = []
    text = ' { "Item" : [ {"a": 1} , {"b": [2]} ] , "Next": "t" } '
    out = decode_object(text, {"Item": _items(False, seen)})
    assert out == {"Item": (("read", {"a": 1}), ("read", {"b": [2]})), "Next": "t"}
    assert seen == [{"a": 1}, {"b": [2]}]


def test_a_map_of_objects_is_read_with_its_keys_read_too() -> None:
    out = decode_object('{"Map": {"x": {}, "y": {"v": null}}}', _READERS)
    assert out == {"Map": {"X": ("read", {}), "Y": ("read", {"v": None})}}


def test_empty_lists_maps_and_objects_decode() -> None:
    assert decode_object('{"Item": [], "Map": {}}', _READERS) == {"Item": (), "Map": {}}
    assert decode_object(" {} ", _READERS) == {}


def test_a_member_of_another_kind_is_decoded_as_it_is() -> None:
    # A null (or any other JSON value) where the items were expected: the reader decides later.
    assert decode_object('{"Item": null, "Map": [1]}', _READERS) == {"Item": None, "Map": [1]}


def test_the_last_of_duplicate_keys_wins_as_in_json_loads() -> None:
    text = '{"Item": [{"a": 1}], "Item": [{"a": 2}]}'
    assert decode_object(text, _READERS) == {"Item": (("read", {"a": 2}),)}


@pytest.mark.parametrize(
    "text",
    [
        '{"Item": [{"a": 1}, 7]}',  # an item that is not an object
        '{"Item": [{"a": 1}',  # cut short
        '{"Item": [{"a": 1}] "x": 1}',  # a missing comma
        '{"Item": [{"a": 1}]} trailing',
        '[{"a": 1}]',  # not an object
        "",
        '{"Map": {"x" {}}}',  # a missing colon
    ],
)
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises((Decline, json.JSONDecodeError)):
        decode_object(text, _READERS)
