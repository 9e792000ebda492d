"""Reads a botocore service model into plain records the writers render.

Everything the writers need to know about the model is decided here (names, which shapes are sent or
returned, which operations paginate), so that the writers only format.
"""

from __future__ import annotations

import keyword
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from botocore import xform_name

from codegen.html import html_to_text

# Shapes whose model name is not a clean public identifier.
_SHAPE_RENAMES = {
    "__EndpointTypesElement": "EndpointTypesElement",
    "__TimezoneEstimationMethodsElement": "TimezoneEstimationMethodsElement",
}

# Members holding a secret: redacted from repr/str, never logged, never returned by the emulator.
SECRET_MEMBERS = frozenset(
    {
        "ApiKey",
        "Certificate",
        "ClientSecret",
        "Credential",
        "PrivateKey",
        "SecretKey",
        "ServiceJson",
        "TokenKey",
    }
)

_PRIMITIVES = {
    "string": "str",
    "boolean": "bool",
    "integer": "int",
    "long": "int",
    "double": "float",
    "float": "float",
    "timestamp": "datetime",
    "blob": "bytes",
}


def attribute_name(member_name: str) -> str:
    """The snake_case attribute for a member: botocore's ``xform_name``, cleaned up where needed."""
    name = xform_name(member_name).lstrip("_")
    if keyword.iskeyword(name):  # soft keywords (`type`, `match`) are fine identifiers
        name += "_"
    return name


def shape_class_name(shape_name: str) -> str:
    return _SHAPE_RENAMES.get(shape_name, shape_name)


def module_name(class_name: str) -> str:
    """Module (file) name of a generated shape: ``WriteCampaignRequest`` -> ``write_campaign_request``."""
    return xform_name(class_name)


@dataclass(frozen=True)
class Member:
    name: str  # wire name, as the model spells it
    attr: str  # python attribute name
    shape: str  # target shape name (model spelling)
    required: bool
    doc: str
    location: str | None  # None (body), "uri", "querystring", "header"
    location_name: str | None
    secret: bool
    # A string on the wire that carries an integer: callers may pass the integer (see
    # ``_integer_sources``); the model types it ``str | int`` and the converter writes the string.
    int_as_string: bool = False
    # The member's ``timestampFormat`` (a timestamp); a string member marked ``jsonvalue``.
    timestamp_format: str | None = None
    json_value: bool = False


@dataclass(frozen=True)
class Shape:
    name: str  # model spelling
    class_name: str
    type: str
    doc: str = ""
    members: tuple[Member, ...] = ()
    enum: tuple[str, ...] = ()
    member_shape: str | None = None  # list element
    key_shape: str | None = None  # map key
    value_shape: str | None = None  # map value
    payload: str | None = None
    exception: bool = False
    status_code: int | None = None  # an error shape's HTTP status (``error.httpStatusCode``)
    sent: bool = False  # reachable from an operation's input
    returned: bool = False  # reachable from an operation's output or an error
    # A document, union, event stream or streaming blob: not read from plain JSON.
    special: bool = False
    timestamp_format: str | None = None

    def member(self, name: str) -> Member:
        return next(m for m in self.members if m.name == name)

    @property
    def is_enum(self) -> bool:
        return self.type == "string" and bool(self.enum)

    @property
    def is_structure(self) -> bool:
        return self.type == "structure"


@dataclass(frozen=True)
class Operation:
    name: str
    method_name: str
    http_method: str
    request_uri: str
    response_code: int
    input: str | None
    output: str | None
    errors: tuple[str, ...]
    doc: str
    # Pagination: the input member carrying the token, the output payload's token and item members.
    token_member: str | None = None
    next_token_member: str | None = None
    item_member: str | None = None


@dataclass
class ServiceModel:
    api_version: str
    botocore_version: str
    metadata: Mapping[str, Any]
    shapes: dict[str, Shape] = field(default_factory=dict)
    operations: dict[str, Operation] = field(default_factory=dict)

    def structures(self) -> list[Shape]:
        return [s for s in self.shapes.values() if s.is_structure]

    def enums(self) -> list[Shape]:
        return [s for s in self.shapes.values() if s.is_enum]

    def error_shapes(self) -> list[Shape]:
        """The error shapes (``"exception": true``), by HTTP status, then name."""
        errors = [s for s in self.shapes.values() if s.exception]
        return sorted(errors, key=lambda s: (s.status_code or 0, s.name))

    def member_type(self, member: Member) -> str:
        """The annotation of a member's value (without ``| None``)."""
        if member.int_as_string:
            return "str | int"
        return self.python_type(member.shape)

    def python_type(self, shape_name: str) -> str:
        """The annotation for a value of ``shape_name`` (classes as bare names, resolved lazily)."""
        shape = self.shapes[shape_name]
        if shape.is_structure or shape.is_enum:
            return shape.class_name
        if shape.type == "list":
            assert shape.member_shape is not None
            return f"list[{self.python_type(shape.member_shape)}]"
        if shape.type == "map":
            assert shape.key_shape is not None
            assert shape.value_shape is not None
            return (
                f"dict[{self.python_type(shape.key_shape)}, {self.python_type(shape.value_shape)}]"
            )
        return _PRIMITIVES[shape.type]

    def referenced_classes(self, shape_name: str) -> set[str]:
        """Class names (structures and enums) a value of ``shape_name`` mentions directly."""
        shape = self.shapes[shape_name]
        if shape.is_structure or shape.is_enum:
            return {shape.class_name}
        out: set[str] = set()
        for inner in (shape.member_shape, shape.key_shape, shape.value_shape):
            if inner is not None:
                out |= self.referenced_classes(inner)
        return out


def _closure(raw_shapes: Mapping[str, Any], roots: Iterable[str]) -> set[str]:
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        spec = raw_shapes[name]
        for member in spec.get("members", {}).values():
            stack.append(member["shape"])
        for key in ("member", "key", "value"):
            if key in spec:
                stack.append(spec[key]["shape"])
    return seen


def read(raw: Mapping[str, Any], botocore_version: str) -> ServiceModel:
    """Turn botocore's raw ``service-2`` JSON into records."""
    raw_shapes: Mapping[str, Any] = raw["shapes"]
    raw_ops: Mapping[str, Any] = raw["operations"]
    sent = _closure(raw_shapes, [op["input"]["shape"] for op in raw_ops.values() if "input" in op])
    returned = _closure(
        raw_shapes,
        [op["output"]["shape"] for op in raw_ops.values() if "output" in op]
        + [err["shape"] for op in raw_ops.values() for err in op.get("errors", [])],
    )
    model = ServiceModel(
        api_version=raw["metadata"]["apiVersion"],
        botocore_version=botocore_version,
        metadata=raw["metadata"],
    )
    for name in sorted(raw_shapes):
        spec = raw_shapes[name]
        required = set(spec.get("required", ()))
        members = tuple(
            Member(
                name=member_name,
                attr=attribute_name(member_name),
                shape=m["shape"],
                required=member_name in required,
                doc=html_to_text(m.get("documentation", "")),
                location=m.get("location"),
                location_name=m.get("locationName"),
                secret=member_name in SECRET_MEMBERS,
                timestamp_format=m.get("timestampFormat"),
                json_value=bool(m.get("jsonvalue")),
            )
            for member_name, m in spec.get("members", {}).items()
        )
        model.shapes[name] = Shape(
            name=name,
            class_name=shape_class_name(name),
            type=spec["type"],
            doc=html_to_text(spec.get("documentation", "")),
            members=members,
            enum=tuple(spec.get("enum", ())),
            member_shape=spec.get("member", {}).get("shape"),
            key_shape=spec.get("key", {}).get("shape"),
            value_shape=spec.get("value", {}).get("shape"),
            payload=spec.get("payload"),
            exception=bool(spec.get("exception")),
            status_code=spec.get("error", {}).get("httpStatusCode"),
            sent=name in sent,
            returned=name in returned,
            special=any(
                spec.get(k) for k in ("document", "union", "eventstream", "streaming", "jsonvalue")
            ),
            timestamp_format=spec.get("timestampFormat"),
        )
    for name in sorted(raw_ops):
        op = raw_ops[name]
        model.operations[name] = _operation(model, op)
    _mark_int_as_string(model)
    return model


#: Input members that are page sizes: numbers to a caller (the client takes an ``int``), strings on
#: the wire. The model says nothing that tells them apart from other query strings.
PAGE_SIZE_MEMBERS = frozenset({"PageSize"})


def _integer_sources(model: ServiceModel, op: Operation, member: Member) -> list[tuple[str, str]]:
    """The integer members of an operation's answer that a string input member is named after.

    ``GetSegmentVersion`` takes ``Version`` as a string in its URI, and answers a ``SegmentResponse``
    whose ``Version`` is an integer: the caller holds that integer, so the input takes it. The answer
    searched is the output's payload and the structures its lists hold (a page's items). Returns
    (shape name, member name) pairs.
    """
    if model.shapes[member.shape].type != "string" or model.shapes[member.shape].is_enum:
        return []
    if op.output is None:
        return []
    output = model.shapes[op.output]
    answer = model.shapes[output.member(output.payload).shape] if output.payload else output
    shapes = [answer]
    for inner in answer.members:
        element = model.shapes[inner.shape].member_shape
        if element is not None and model.shapes[element].is_structure:
            shapes.append(model.shapes[element])
    return [
        (shape.name, m.name)
        for shape in shapes
        for m in shape.members
        if m.name == member.name and model.shapes[m.shape].type in ("integer", "long")
    ]


def _mark_int_as_string(model: ServiceModel) -> None:
    """Mark input members that take integers, and make the answers' integers they take present.

    A caller passes the integer an answer gave (``version=segment.version``): that answer member
    is typed as present (read as 0 when an answer lacks it, like any required member), so the call
    type-checks without a None check. Only shapes the service returns are changed this way; the
    model marks nothing required in them that a caller would have to send.
    """
    sources: set[tuple[str, str]] = set()
    for op in model.operations.values():
        if op.input is None:
            continue
        shape = model.shapes[op.input]
        members = []
        for m in shape.members:
            found = _integer_sources(model, op, m)
            sources.update(found)
            takes_integer = m.name in PAGE_SIZE_MEMBERS and model.shapes[m.shape].type == "string"
            members.append(replace(m, int_as_string=True) if takes_integer or found else m)
        model.shapes[op.input] = replace(shape, members=tuple(members))
    for shape_name, member_name in sorted(sources):
        shape = model.shapes[shape_name]
        if shape.sent:
            continue
        required = tuple(
            replace(m, required=True) if m.name == member_name else m for m in shape.members
        )
        model.shapes[shape_name] = replace(shape, members=required)


def _operation(model: ServiceModel, op: Mapping[str, Any]) -> Operation:
    input_name = op.get("input", {}).get("shape")
    output_name = op.get("output", {}).get("shape")
    token_member = next_token = item_member = None
    if input_name and output_name:
        in_members = {m.name for m in model.shapes[input_name].members}
        token_member = next((t for t in ("Token", "NextToken") if t in in_members), None)
        out = model.shapes[output_name]
        payload = model.shapes[out.member(out.payload).shape] if out.payload else out
        payload_members = {m.name: m for m in payload.members}
        if token_member and "NextToken" in payload_members:
            next_token = "NextToken"
            item = payload_members.get("Item")
            if item is not None and model.shapes[item.shape].type == "list":
                item_member = "Item"
        else:
            token_member = None
    return Operation(
        name=op["name"],
        method_name=xform_name(op["name"]),
        http_method=op["http"]["method"],
        request_uri=op["http"]["requestUri"],
        response_code=int(op["http"].get("responseCode", 200)),
        input=input_name,
        output=output_name,
        errors=tuple(e["shape"] for e in op.get("errors", ())),
        doc=html_to_text(op.get("documentation", "")),
        token_member=token_member,
        next_token_member=next_token,
        item_member=item_member,
    )


def load_botocore(service: str = "pinpoint") -> ServiceModel:
    """Read the installed botocore's model of ``service``."""
    import botocore
    import botocore.session

    session = botocore.session.get_session()
    raw = session.get_component("data_loader").load_service_model(service, "service-2")
    return read(raw, botocore.__version__)
