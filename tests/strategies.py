"""Hypothesis strategies derived from the service model: valid wire dicts for any shape, and
hostile ones (any JSON value in any slot) for the converter's error paths."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

import botocore.session
from botocore.model import ServiceModel, Shape
from hypothesis import strategies as st

#: How deep optional members are generated; below that only required members (recursive shapes).
MAX_DEPTH = 3

#: An enum value no version of the model knows: it must survive a round trip unchanged.
UNKNOWN_ENUM_VALUE = "FUTURE_VALUE_2030"


@cache
def service_model() -> ServiceModel:
    return botocore.session.get_session().get_service_model("pinpoint")


@cache
def required_members(shape_name: str) -> frozenset[str]:
    """Wire names of a structure's members the SDK types as present: the model's required ones,
    and the answer integers inputs take (``SegmentResponse.Version``; codegen's integer rule)."""
    from codegen.reader import shape_class_name
    from pinpoint_sdk import models
    from pinpoint_sdk._converter import model_fields

    cls = getattr(models, shape_class_name(shape_name))
    return frozenset(f.wire for f in model_fields(cls) if f.required)


def structure_names() -> list[str]:
    model = service_model()
    return sorted(n for n in model.shape_names if model.shape_for(n).type_name == "structure")


#: Part of every string ``json_values`` makes up: an error message must never show it.
LEAK_MARKER = "LEAK-ME"

#: Any value a JSON document can hold, numbers beyond a double's range included (``10**400``).
json_values: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([10**400, -(10**400)])
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=4).map(lambda text: LEAK_MARKER + text),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(alphabet="abcXYZ", max_size=3), inner, max_size=3)
    ),
    max_leaves=6,
)


def wire(shape_name: str) -> st.SearchStrategy[dict[str, Any]]:
    """Valid wire dicts (as boto3 takes and gives them) for a structure shape."""
    return _strategy(shape_name, 0, hostile=False)


def hostile(shape_name: str) -> st.SearchStrategy[Any]:
    """Wire dicts for a structure shape where any slot, at any depth, may hold any JSON value."""
    return _strategy(shape_name, 0, hostile=True)


@cache
def _strategy(shape_name: str, depth: int, *, hostile: bool) -> st.SearchStrategy[Any]:
    valid = _for_shape(service_model().shape_for(shape_name), depth, hostile=hostile)
    return valid | json_values if hostile else valid


def _member(shape: Shape, depth: int, hostile: bool) -> st.SearchStrategy[Any]:
    return st.deferred(lambda: _strategy(shape.name, depth, hostile=hostile))


def _for_shape(shape: Shape, depth: int, *, hostile: bool = False) -> st.SearchStrategy[Any]:
    kind = shape.type_name
    if kind == "structure":
        required = required_members(shape.name)
        members = {n: _member(m, depth + 1, hostile) for n, m in shape.members.items()}
        fixed = {n: s for n, s in members.items() if n in required}
        optional = (
            {n: s for n, s in members.items() if n not in required} if depth < MAX_DEPTH else {}
        )
        return st.fixed_dictionaries(fixed, optional=optional)
    if kind == "list":
        return st.lists(_member(shape.member, depth + 1, hostile), max_size=2)
    if kind == "map":
        return st.dictionaries(
            _member(shape.key, depth + 1, False),  # a JSON object's keys are strings
            _member(shape.value, depth + 1, hostile),
            max_size=2,
        )
    if kind == "string":
        if shape.enum:
            return st.sampled_from([*shape.enum, UNKNOWN_ENUM_VALUE])
        return st.text(max_size=6)
    if kind in ("integer", "long"):
        return st.integers(-(2**31), 2**31 - 1)
    if kind in ("double", "float"):
        # JSON numbers may come as ints for a double member (``"Latitude": 47``).
        return st.floats(allow_nan=False, allow_infinity=False) | st.integers(-1000, 1000)
    if kind == "boolean":
        return st.booleans()
    if kind == "timestamp":
        return st.datetimes(timezones=st.just(dt.timezone.utc))
    if kind == "blob":
        return st.binary(max_size=8)
    raise NotImplementedError(kind)


_ZEROS: dict[str, Any] = {
    "string": "",
    "integer": 0,
    "long": 0,
    "double": 0.0,
    "boolean": False,
    "timestamp": dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc),
    "blob": b"",
    "list": [],
    "map": {},
}


def _zero(shape: Shape) -> Any:
    if shape.type_name == "structure":
        return {n: _zero(shape.members[n]) for n in required_members(shape.name)}
    return _ZEROS[shape.type_name]


def as_read(shape: Shape, value: Any) -> Any:
    """The wire form of ``value`` as the models read it: members the model does not know dropped,
    required ones it lacks corrected to their zero value (the 2016 API's answers lack some)."""
    if shape.type_name == "structure":
        known = {k: as_read(shape.members[k], v) for k, v in value.items() if k in shape.members}
        missing = {
            n: _zero(shape.members[n]) for n in required_members(shape.name) if n not in value
        }
        return {**known, **missing}
    if shape.type_name == "list":
        return [as_read(shape.member, v) for v in value]
    if shape.type_name == "map":
        return {k: as_read(shape.value, v) for k, v in value.items()}
    return value
