"""The models' ``__json_fixes__``, checked against botocore's own shapes: every member of an
answer that ``json.loads`` would read differently from botocore's parser is listed, nothing else."""

from __future__ import annotations

from typing import Any

from botocore.model import Shape

from codegen.reader import shape_class_name
from pinpoint_sdk import models
from tests.helpers import needs_the_generators_botocore
from tests.strategies import service_model


def _needs(shape: Shape, seen: frozenset[str] = frozenset()) -> bool:
    if shape.name in seen:
        return False
    seen |= {shape.name}
    if shape.type_name == "timestamp":
        return True
    members: dict[str, Shape] = getattr(shape, "members", {})
    if any(m.serialization.get("name", n) != n for n, m in members.items()):
        return True
    inner = [*members.values(), getattr(shape, "member", None), getattr(shape, "value", None)]
    return any(_needs(s, seen) for s in inner if s is not None)


def _returned_structures() -> list[Shape]:
    service = service_model()
    out: dict[str, Shape] = {}
    stack = [
        op.output_shape
        for op in map(service.operation_model, service.operation_names)
        if op.output_shape is not None
    ]
    while stack:
        shape = stack.pop()
        if shape.name in out:
            continue
        if shape.type_name == "structure":
            out[shape.name] = shape
        stack.extend(getattr(shape, "members", {}).values())
        stack.extend(
            s for s in (getattr(shape, "member", None), getattr(shape, "value", None)) if s
        )
    return list(out.values())


@needs_the_generators_botocore
def test_every_answer_member_json_reads_differently_is_in_its_models_fixes() -> None:
    checked = 0
    for shape in _returned_structures():
        cls: Any = getattr(models, shape_class_name(shape.name))
        expected = {}
        for name, member in shape.members.items():
            key = member.serialization.get("name", name)
            if member.serialization.get("location") or not (key != name or _needs(member)):
                continue
            kind = member.type_name
            if kind == "timestamp":
                fmt = member.serialization.get("timestampFormat", "unixTimestamp")
                expected[key] = (name, "timestamp", fmt)
                continue
            item = member.member if kind == "list" else member.value if kind == "map" else member  # type: ignore[attr-defined]
            inner = shape_class_name(item.name) if _needs(item) else None
            expected[key] = (name, kind, inner)
        assert cls.__dict__.get("__json_fixes__", {}) == expected, shape.name
        checked += bool(expected)
    assert checked >= 10  # journeys, their activities and conditions, the KPI ranges
