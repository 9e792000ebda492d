"""Fully populated wire dicts for shapes of botocore's Pinpoint model, and the JSON the service sends.

"Fully populated" means every member of every structure is set, all the way down; lists hold
``LIST_LENGTH`` items and maps ``LIST_LENGTH`` entries. A structure may appear at most
``MAX_RECURSION`` times more below itself; deeper optional members that would recurse are left out
(Pinpoint's model has no recursive shapes today; the bound keeps the generator total).
"""

from __future__ import annotations

import base64
import datetime as _dt
import json
from typing import Any

import botocore.session
from botocore.model import ListShape, MapShape, ServiceModel, Shape, StringShape, StructureShape

__all__ = ["LIST_LENGTH", "MAX_RECURSION", "populated", "service_model", "to_body"]

LIST_LENGTH = 2
MAX_RECURSION = 1

_EPOCH = _dt.datetime(2026, 1, 1, tzinfo=_dt.timezone.utc)


def service_model() -> ServiceModel:
    """The installed botocore's Pinpoint model (the one the models were generated from)."""
    return botocore.session.get_session().get_service_model("pinpoint")


def populated(shape: Shape, salt: int = 0, name: str = "value") -> Any:
    """A value of ``shape`` as boto3 takes and gives it, with every member set.

    ``salt`` varies strings, numbers and enum choices so that items of one list differ.
    """
    value = _populated(shape, salt, name, ())
    if value is None:
        raise ValueError(f"{shape.name} recurses into itself through required members only")
    return value


def _populated(shape: Shape, salt: int, name: str, path: tuple[str, ...]) -> Any:
    kind = shape.type_name
    if isinstance(shape, StructureShape):
        if path.count(shape.name) > MAX_RECURSION:
            return None
        inner_path = (*path, shape.name)
        out: dict[str, Any] = {}
        for member_name, member in shape.members.items():
            value = _populated(member, salt, member_name, inner_path)
            if value is not None:
                out[member_name] = value
        missing = set(shape.required_members) - set(out)
        return None if missing else out
    if isinstance(shape, ListShape):
        items = [_populated(shape.member, salt + i, name, path) for i in range(LIST_LENGTH)]
        return None if None in items else items
    if isinstance(shape, MapShape):
        entries = {
            _populated(shape.key, salt + i, f"{name}Key", path): _populated(
                shape.value, salt + i, name, path
            )
            for i in range(LIST_LENGTH)
        }
        return None if None in entries.values() else entries
    if isinstance(shape, StringShape):
        if shape.enum:
            return shape.enum[salt % len(shape.enum)]
        return f"{name}-{salt}"
    if kind in ("integer", "long"):
        return 1 + salt % 100
    if kind in ("double", "float"):
        return 0.5 + salt % 100
    if kind == "boolean":
        return True
    if kind == "timestamp":
        return _EPOCH + _dt.timedelta(seconds=salt)
    if kind == "blob":
        return f"{name}-{salt}".encode()
    raise TypeError(f"no wire value for {kind} shape {shape.name}")


def to_body(shape: Shape, value: Any) -> bytes:
    """The JSON body a rest-json service sends for ``value`` of ``shape`` (a response payload)."""
    return json.dumps(_encode(shape, value), separators=(",", ":")).encode()


def _encode(shape: Shape, value: Any) -> Any:
    if isinstance(shape, StructureShape):
        return {
            shape.members[k].serialization.get("name", k): _encode(shape.members[k], v)
            for k, v in value.items()
        }
    if isinstance(shape, ListShape):
        return [_encode(shape.member, v) for v in value]
    if isinstance(shape, MapShape):
        return {k: _encode(shape.value, v) for k, v in value.items()}
    if shape.type_name == "timestamp":
        # rest-json bodies default to epoch seconds unless the shape names another format.
        if shape.serialization.get("timestampFormat") == "iso8601":
            return value.isoformat().replace("+00:00", "Z")
        return value.timestamp()
    if shape.type_name == "blob":
        return base64.b64encode(value).decode()
    return value
