"""Writes the model layer: one module per structure or enum shape, and the name index.

Every class gets its own module so that ``pinpoint_sdk.models`` can create each on first use (its
``__getattr__`` looks the module up in the index): importing the SDK builds none of them.
"""

from __future__ import annotations

from codegen.reader import Member, ServiceModel, Shape, module_name

SHAPES_PACKAGE = "pinpoint_sdk/_generated/shapes"


def docstring(text: str, indent: str) -> str:
    if not text:
        return ""
    lines = text.splitlines()
    if len(lines) == 1:
        return f'{indent}"""{lines[0]}"""\n'
    body = "\n".join(f"{indent}{line}" if line else "" for line in lines)
    return f'{indent}"""\n{body}\n{indent}"""\n'


def _class_doc(model: ServiceModel, shape: Shape) -> str:
    if shape.doc:
        return shape.doc
    for op in model.operations.values():
        if op.input == shape.name:
            return f"The input of the ``{op.method_name}`` operation."
        if op.output == shape.name:
            return f"The output of the ``{op.method_name}`` operation."
    return f"The ``{shape.name}`` structure of the service model."


def is_required_argument(shape: Shape, member: Member) -> bool:
    """Members the model marks required are required constructor arguments, in every shape.

    Answers always carry them (a lacking answer is corrected to the zero value when read), so the
    attribute is typed as present; a model built by hand (a request, a Stubber's answer) names them.
    """
    return member.required


def _zero_text(model: ServiceModel, member: Member) -> str:
    """What a required member holds when an answer lacked it (Smithy's client error correction)."""
    if member.int_as_string:
        return '``""``'
    shape = model.shapes[member.shape]
    if shape.is_structure:
        return f"an empty ``{shape.class_name}`` (its own required members zero)"
    if shape.is_enum:
        return f'``{shape.class_name}("")`` (an unknown value)'
    return {
        "string": '``""``',
        "boolean": "``False``",
        "integer": "``0``",
        "long": "``0``",
        "double": "``0.0``",
        "float": "``0.0``",
        "timestamp": "the epoch (1970-01-01T00:00:00Z)",
        "blob": '``b""``',
        "list": "``[]``",
        "map": "``{}``",
    }[shape.type]


def _field(model: ServiceModel, shape: Shape, member: Member) -> str:
    annotation = model.member_type(member)
    required = is_required_argument(shape, member)
    if not required:
        annotation += " | None"
    if member.secret:
        default = "" if required else "default=None, "
        value = f" = attrs.field({default}repr=redact)"
    else:
        value = "" if required else " = None"
    doc = member.doc
    if member.secret:
        doc = (doc + "\n\n" if doc else "") + "A credential: redacted from ``repr`` and ``str``."
    if member.int_as_string:
        doc = (doc + "\n\n" if doc else "") + "An integer is sent as its decimal string."
    if required and shape.returned:
        doc = (doc + "\n\n" if doc else "") + (
            "Always present in the service's answers; an answer that lacked it reads as "
            f"{_zero_text(model, member)}."
        )
    return f"    {member.attr}: {annotation}{value}\n" + docstring(doc, "    ")


#: How botocore's rest-json parser formats a timestamp it is not told the format of.
DEFAULT_TIMESTAMP_FORMAT = "unixTimestamp"


def json_key(member: Member) -> str:
    """The key of a body member in the JSON of the wire (its ``locationName``, else its name)."""
    return member.location_name or member.name


def needs_fixing(model: ServiceModel, shape_name: str, seen: frozenset[str] = frozenset()) -> bool:
    """Whether ``json.loads`` of a value of ``shape_name`` differs from botocore's parse of it
    anywhere inside: a timestamp (botocore parses it) or a member renamed on the wire. (A shape
    already being looked at, higher up, adds nothing: shapes may nest recursively.)"""
    if shape_name in seen:
        return False
    seen |= {shape_name}
    shape = model.shapes[shape_name]
    if shape.type == "timestamp":
        return True
    inner = [m.shape for m in shape.members if shape.is_structure]
    inner += [s for s in (shape.member_shape, shape.value_shape) if s is not None]
    renamed = any(m.location is None and json_key(m) != m.name for m in shape.members)
    return renamed or any(needs_fixing(model, s, seen) for s in inner)


def json_fixes(model: ServiceModel, shape: Shape) -> list[tuple[str, str, str, str | None]]:
    """What makes a JSON object of ``shape`` what botocore's parser makes of it, member by member:
    ``(JSON key, member name, form, inner)``. ``form`` is ``"timestamp"`` (``inner``: its format)
    or the member's kind, ``"structure"``, ``"list"`` or ``"map"`` (``inner``: the class of the
    structure or of the items, when it needs fixing too, else ``None``: renamed only)."""
    out: list[tuple[str, str, str, str | None]] = []
    for m in shape.members:
        if m.location is not None or not (json_key(m) != m.name or needs_fixing(model, m.shape)):
            continue
        target = model.shapes[m.shape]
        if target.type == "timestamp":
            fmt = m.timestamp_format or target.timestamp_format or DEFAULT_TIMESTAMP_FORMAT
            out.append((json_key(m), m.name, "timestamp", fmt))
            continue
        item = target.name
        if target.type in ("list", "map"):
            inner = target.member_shape if target.type == "list" else target.value_shape
            assert inner is not None
            item = inner
        if not needs_fixing(model, item):
            out.append((json_key(m), m.name, target.type, None))
        elif model.shapes[item].is_structure:
            out.append((json_key(m), m.name, target.type, model.shapes[item].class_name))
        else:  # a list of timestamps, of lists: no Pinpoint answer holds one
            raise NotImplementedError(f"{shape.name}.{m.name}: no JSON read for {item}")
    return out


def _plain(model: ServiceModel, shape_name: str, seen: set[str]) -> bool:
    """True when botocore's parse of ``shape_name`` is ``json.loads`` of it, once the models'
    ``__json_fixes__`` are applied: no blob (botocore decodes it), document, union, event
    stream or ``jsonvalue`` string, no member bound to a header or the status code."""
    if shape_name in seen:
        return True
    seen.add(shape_name)
    shape = model.shapes[shape_name]
    if shape.special or shape.type == "blob":
        return False
    if shape.type == "list":
        assert shape.member_shape is not None
        return _plain(model, shape.member_shape, seen)
    if shape.type == "map":
        assert shape.key_shape is not None
        assert shape.value_shape is not None
        return model.shapes[shape.key_shape].type == "string" and all(
            _plain(model, s, seen) for s in (shape.key_shape, shape.value_shape)
        )
    return all(
        m.location is None and not m.json_value and _plain(model, m.shape, seen)
        for m in shape.members
    )


def json_answers(model: ServiceModel) -> dict[str, tuple[str | None, str]]:
    """Operation -> (the output's payload member or ``None`` for the output itself, the class of
    the body), for every operation whose answer botocore would read as plain JSON (``_plain``)."""
    out: dict[str, tuple[str | None, str]] = {}
    for name, op in sorted(model.operations.items()):
        if op.output is None:
            continue
        output = model.shapes[op.output]
        if any(m.location is not None for m in output.members if m.name != output.payload):
            continue
        body = model.shapes[output.member(output.payload).shape] if output.payload else output
        if body.is_structure and _plain(model, body.name, set()):
            out[name] = (output.payload, body.class_name)
    return out


def render_answers(model: ServiceModel, header: str) -> str:
    out = [
        header,
        '"""How each operation\'s answer reads as plain JSON (``pinpoint_sdk._answers``)."""\n\n',
    ]
    out.append(
        "#: Operation -> (its output's payload member, or None: the output itself; the body's\n"
        "#: class). An operation not here has an answer botocore's parser must read.\n"
    )
    out.append("JSON_ANSWERS: dict[str, tuple[str | None, str]] = {\n")
    for name, (member, cls) in json_answers(model).items():
        key = "None" if member is None else f'"{member}"'
        out.append(f'    "{name}": ({key}, "{cls}"),\n')
    out.append("}\n")
    return "".join(out)


def render_shape(model: ServiceModel, shape: Shape, header: str) -> str:
    referenced: set[str] = set()
    for member in shape.members:
        referenced |= model.referenced_classes(member.shape)
    referenced.discard(shape.class_name)
    uses_datetime = any(model.shapes[m.shape].type == "timestamp" for m in shape.members)
    uses_secret = any(m.secret for m in shape.members)
    out = [header, "from __future__ import annotations\n\n"]
    if uses_datetime:
        out.append("from datetime import datetime\n")
    out.append("from typing import TYPE_CHECKING, ClassVar\n\nimport attrs\n\n")
    base = "model_repr, redact" if uses_secret else "model_repr"
    out.append(f"from pinpoint_sdk._base import {base}\n\n")
    if referenced:
        out.append("if TYPE_CHECKING:\n")
        names = ", ".join(sorted(referenced))
        out.append(f"    from pinpoint_sdk.models import {names}\n\n")
    out.append(f'__all__ = ["{shape.class_name}"]\n\n\n')
    out.append("@attrs.frozen(kw_only=True)\n")
    out.append(f"class {shape.class_name}:\n")
    out.append(docstring(_class_doc(model, shape), "    "))
    out.append("\n")
    wire = ", ".join(f'"{m.attr}": "{m.name}"' for m in shape.members)
    out.append(f"    __wire_names__: ClassVar[dict[str, str]] = {{{wire}}}\n")
    out.append(f'    __shape_name__: ClassVar[str] = "{shape.name}"\n')
    fixes = json_fixes(model, shape) if shape.returned else []
    if fixes:
        out.append(
            "    #: What makes this model's JSON botocore's parse: {JSON key: (member name, form,\n"
            "    #: inner)}, form a timestamp (inner its format) or the member's kind (inner the\n"
            "    #: class to fix inside, or None).\n"
        )
        out.append(
            "    __json_fixes__: ClassVar[dict[str, tuple[str, str, str | None]]] = "
            + repr({k: (n, f, i) for k, n, f, i in fixes}).replace("'", '"')
            + "\n"
        )
    out.append("    __repr__ = model_repr\n\n")
    for member in shape.members:
        out.append(_field(model, shape, member))
    return "".join(out)


def render_enum(shape: Shape, header: str) -> str:
    out = [header, "from pinpoint_sdk._base import PinpointEnum\n\n"]
    out.append(f'__all__ = ["{shape.class_name}"]\n\n\n')
    out.append(f"class {shape.class_name}(PinpointEnum):\n")
    doc = shape.doc or f"Values of ``{shape.name}`` in the service model."
    out.append(docstring(doc, "    "))
    out.append("\n")
    for value in shape.enum:
        out.append(f'    {value} = "{value}"\n')
    return "".join(out)


def public_classes(model: ServiceModel) -> list[Shape]:
    """Every class ``pinpoint_sdk.models`` exports, structures and enums, by class name; each has
    its own module under ``shapes``, so no two may share a module name."""
    shapes = sorted(model.structures() + model.enums(), key=lambda s: s.class_name)
    modules: dict[str, str] = {}
    for shape in shapes:
        mod = module_name(shape.class_name)
        if mod in modules:
            raise ValueError(
                f"{shape.class_name} and {modules[mod]} would both be written to shapes/{mod}.py"
            )
        modules[mod] = shape.class_name
    return shapes


def render_index(model: ServiceModel, header: str) -> str:
    """Name -> module index, which ``pinpoint_sdk.models.__getattr__`` loads classes by."""
    shapes = public_classes(model)
    out = [header]
    out.append(
        "# __all__ names the classes pinpoint_sdk.models creates on first use, not this module's.\n"
        "# ruff: noqa: F822\n"
    )
    out.append('BOTOCORE_VERSION = "' + model.botocore_version + '"\n\n')
    out.append(
        "#: Class name (structure or enum) -> module under ``pinpoint_sdk._generated.shapes``.\n"
    )
    out.append("SHAPE_MODULES: dict[str, str] = {\n")
    for shape in shapes:
        out.append(f'    "{shape.class_name}": "{module_name(shape.class_name)}",\n')
    out.append("}\n\n")
    out.append("#: Every public name of ``pinpoint_sdk.models``.\n")
    out.append("__all__ = [\n")
    for shape in shapes:
        out.append(f'    "{shape.class_name}",\n')
    out.append("]\n")
    return "".join(out)


def render_exports(model: ServiceModel, header: str) -> str:
    """The static re-exports type checkers and IDEs read (``pinpoint_sdk.models`` imports this
    module under ``TYPE_CHECKING`` only): kept apart from the index, which every import of the SDK
    loads, because 500 import statements are half the index's bytecode."""
    out = [
        header,
        '"""Every class of ``pinpoint_sdk.models``, for type checkers only: importing this\n',
    ]
    out.append('module creates all of them."""\n\n')
    for shape in public_classes(model):
        mod = module_name(shape.class_name)
        out.append(
            f"from pinpoint_sdk._generated.shapes.{mod} import "
            f"{shape.class_name} as {shape.class_name}\n"
        )
    return "".join(out)


def write(model: ServiceModel, header: str) -> dict[str, str]:
    """Relative path -> source for every file of the model layer."""
    files = {
        "pinpoint_sdk/_generated/__init__.py": header
        + '"""Code generated from botocore\'s pinpoint model."""\n',
        "pinpoint_sdk/_generated/index.py": render_index(model, header),
        "pinpoint_sdk/_generated/exports.py": render_exports(model, header),
        "pinpoint_sdk/_generated/answers.py": render_answers(model, header),
        f"{SHAPES_PACKAGE}/__init__.py": header
        + '"""One module per structure or enum shape, each loaded on first use."""\n',
    }
    for shape in public_classes(model):
        render = render_enum(shape, header) if shape.is_enum else render_shape(model, shape, header)
        files[f"{SHAPES_PACKAGE}/{module_name(shape.class_name)}.py"] = render
    return files
