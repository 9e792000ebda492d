"""What the emulator learns from botocore's service model: routes, request members, checks.

Nothing here is written by hand per operation: every route, status code and request member comes
from ``botocore.session.get_session().get_service_model("pinpoint")`` at run time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import botocore.session
from botocore.model import (
    ListShape,
    MapShape,
    OperationModel,
    ServiceModel,
    Shape,
    StringShape,
    StructureShape,
)
from werkzeug.datastructures import MultiDict

from ._errors import bad_request

__all__ = [
    "MAX_JSON_DEPTH",
    "JsonError",
    "JsonTooDeep",
    "OperationSpec",
    "ServiceSpec",
    "dump_json",
    "load_json",
    "load_service_spec",
    "parse_input",
    "validate",
]

_LABEL = re.compile(r"\{([^}]+)\}")

#: How deep arrays and objects may nest in any JSON the emulator reads (request bodies, page
#: tokens, import rows). Pinpoint's deepest input (a segment group's dimensions) is about 10
#: levels; the cap keeps every later walk (checks, copies, answers) far from Python's recursion
#: limit, whatever the interpreter.
MAX_JSON_DEPTH = 64


class JsonError(ValueError):
    """JSON the emulator will not take: malformed, nested too deeply, or NaN/Infinity."""


class JsonTooDeep(JsonError):
    """JSON nested more than ``MAX_JSON_DEPTH`` levels."""

    def __init__(self) -> None:
        super().__init__(f"nested more than {MAX_JSON_DEPTH} levels deep")


def load_json(data: bytes | str) -> Any:
    """Parse JSON strictly: at most ``MAX_JSON_DEPTH`` levels, no ``NaN``/``Infinity`` (not
    JSON, and an answer echoing them would not be JSON either). Raises ``JsonError`` (and
    ``UnicodeDecodeError`` for bytes that are not UTF-8)."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise JsonTooDeep from None
    except JsonError:
        raise
    except ValueError as error:
        raise JsonError(str(error.args[0]) if error.args else "not valid JSON") from None
    _check_depth(value)
    return value


def dump_json(value: Any) -> str:
    """JSON text for an answer; never ``NaN`` (which would not be JSON)."""
    return json.dumps(value, allow_nan=False)


def _refuse_constant(name: str) -> Any:
    raise JsonError(f"{name} is not a JSON value (send a number, or the string {name!r})")


def _check_depth(value: Any) -> None:
    # Iterative: a recursive walk is what the cap protects against.
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        if depth > MAX_JSON_DEPTH:
            raise JsonTooDeep
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))


@dataclass(frozen=True)
class OperationSpec:
    """One operation as the wire sees it."""

    name: str
    method: str
    request_uri: str
    #: The werkzeug rule string, with labels renamed to identifiers (``p0``, ``p1``...).
    rule: str
    #: Rule variable -> the uri label it stands for (``p0`` -> ``application-id``).
    rule_labels: Mapping[str, str]
    response_code: int
    model: OperationModel
    #: Wire name -> member name, per location.
    uri_members: Mapping[str, str] = field(default_factory=dict)
    query_members: Mapping[str, str] = field(default_factory=dict)
    header_members: Mapping[str, str] = field(default_factory=dict)
    payload_member: str | None = None


@dataclass(frozen=True)
class ServiceSpec:
    model: ServiceModel
    operations: Mapping[str, OperationSpec]
    #: Error shape name -> HTTP status, from the model's ``httpStatusCode``.
    error_statuses: Mapping[str, int]


def load_service_spec() -> ServiceSpec:
    """Read the ``pinpoint`` model of the installed botocore into routes and error statuses."""
    model = botocore.session.get_session().get_service_model("pinpoint")
    operations = {
        name: _operation_spec(model.operation_model(name)) for name in model.operation_names
    }
    statuses = {
        shape.name: int(shape.metadata.get("error", {}).get("httpStatusCode", 400))
        for shape in model.error_shapes
    }
    return ServiceSpec(model=model, operations=operations, error_statuses=statuses)


def _operation_spec(op: OperationModel) -> OperationSpec:
    http = op.http
    request_uri = str(http["requestUri"])
    path = request_uri.split("?", 1)[0]
    labels: dict[str, str] = {}

    def to_variable(match: re.Match[str]) -> str:
        label = match.group(1)
        variable = f"p{len(labels)}"
        greedy = label.endswith("+")
        labels[variable] = label.rstrip("+")
        # A greedy label spans slashes; a plain one is one path segment.
        return f"<path:{variable}>" if greedy else f"<{variable}>"

    rule = _LABEL.sub(to_variable, path)
    uri: dict[str, str] = {}
    query: dict[str, str] = {}
    headers: dict[str, str] = {}
    payload: str | None = None
    shape = op.input_shape
    if shape is not None:
        payload = shape.serialization.get("payload")
        for member_name, member in shape.members.items():
            location = member.serialization.get("location")
            wire_name = str(member.serialization.get("name", member_name))
            if location == "uri":
                uri[wire_name] = member_name
            elif location == "querystring":
                query[wire_name] = member_name
            elif location == "header":
                headers[wire_name] = member_name
    return OperationSpec(
        name=op.name,
        method=str(http["method"]).upper(),
        request_uri=request_uri,
        rule=rule,
        rule_labels=labels,
        response_code=int(http.get("responseCode", 200)),
        model=op,
        uri_members=uri,
        query_members=query,
        header_members=headers,
        payload_member=payload,
    )


def parse_input(
    spec: OperationSpec,
    rule_values: Mapping[str, str],
    query: MultiDict[str, str],
    headers: Mapping[str, str],
    body: bytes,
) -> dict[str, Any]:
    """Build the operation's input (member name -> value, as boto3 takes it) from a request.

    Raises ``BadRequestException`` for malformed JSON, wrong types and missing required members.
    """
    shape = spec.model.input_shape
    params: dict[str, Any] = {}
    if shape is None:
        return params
    for variable, label in spec.rule_labels.items():
        member = spec.uri_members.get(label)
        if member is not None:
            params[member] = unquote(rule_values[variable])
    for wire_name, member in spec.query_members.items():
        member_shape = shape.members[member]
        if isinstance(member_shape, ListShape) and wire_name in query:
            # A list travels as a repeated parameter: ?tagKeys=a&tagKeys=b
            params[member] = [
                _scalar_from_text(member_shape.member, text, wire_name)
                for text in query.getlist(wire_name)
            ]
        elif wire_name in query:
            params[member] = _scalar_from_text(member_shape, query[wire_name], wire_name)
    lowered = {key.lower(): value for key, value in headers.items()}
    for wire_name, member in spec.header_members.items():
        if wire_name.lower() in lowered:
            params[member] = _scalar_from_text(
                shape.members[member], lowered[wire_name.lower()], wire_name
            )
    located = set(spec.uri_members.values()) | set(spec.query_members.values())
    located |= set(spec.header_members.values())
    takes_body = spec.payload_member is not None or any(m not in located for m in shape.members)
    if takes_body and body.strip():
        document = _parse_body(body)
        if spec.payload_member is not None:
            params[spec.payload_member] = document
        elif isinstance(document, dict):
            params.update({k: v for k, v in document.items() if k not in located})
        else:
            raise bad_request("The request body must be a JSON object.")
    validate(shape, params, "$")
    return params


def _parse_body(body: bytes) -> Any:
    try:
        return load_json(body)
    except UnicodeDecodeError:
        raise bad_request("The request body is not valid UTF-8.") from None
    except JsonTooDeep:
        raise bad_request(
            f"The request body is nested more than {MAX_JSON_DEPTH} levels deep."
        ) from None
    except JsonError as error:
        raise bad_request(f"The request body is not valid JSON: {error}.") from None


def _scalar_from_text(shape: Shape, text: str, wire_name: str) -> Any:
    if shape.type_name in ("integer", "long"):
        try:
            return int(text)
        except ValueError:
            raise bad_request(f"{wire_name} must be an integer.") from None
    if shape.type_name == "boolean":
        if text not in ("true", "false"):
            raise bad_request(f"{wire_name} must be true or false.")
        return text == "true"
    return text


_JSON_TYPES: Mapping[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "long": (int,),
    "double": (int, float),
    "float": (int, float),
    "boolean": (bool,),
    "timestamp": (str, int, float),
    "blob": (str,),
    "list": (list,),
    "map": (dict,),
    "structure": (dict,),
}

_SPECIAL_FLOATS = frozenset({"Infinity", "-Infinity", "NaN"})

_TYPE_WORDS: Mapping[str, str] = {
    "string": "a string",
    "integer": "an integer",
    "long": "an integer",
    "double": "a number",
    "float": "a number",
    "boolean": "true or false",
    "timestamp": "a timestamp",
    "blob": "a base64 string",
    "list": "a list",
    "map": "an object",
    "structure": "an object",
}


def validate(shape: Shape, value: Any, path: str) -> None:
    """Check a JSON value against a model shape; members the model does not know are ignored."""
    kind = shape.type_name
    expected = _JSON_TYPES.get(kind)
    wrong_bool = isinstance(value, bool) and kind not in ("boolean",)
    if kind in ("double", "float") and isinstance(value, str) and value in _SPECIAL_FLOATS:
        return  # botocore sends infinities and NaN as these strings
    if expected is not None and (not isinstance(value, expected) or wrong_bool):
        raise bad_request(f"Invalid value at {path}: expected {_TYPE_WORDS[kind]}.")
    if isinstance(shape, StringShape) and shape.enum and value not in shape.enum:
        raise bad_request(f"Invalid value at {path}: expected one of {', '.join(shape.enum)}.")
    if isinstance(shape, StructureShape):
        members = shape.members
        for required in shape.required_members:
            if value.get(required) is None:
                raise bad_request(f"Missing required member {path}.{required}.")
        for name, member_value in value.items():
            if name in members and member_value is not None:
                validate(members[name], member_value, f"{path}.{name}")
    elif isinstance(shape, ListShape):
        for index, item in enumerate(value):
            validate(shape.member, item, f"{path}[{index}]")
    elif isinstance(shape, MapShape):
        for key, item in value.items():
            validate(shape.value, item, f"{path}.{key}")
