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
        f"{SHAPES_PACKAGE}/__init__.py": header
        + '"""One module per structure or enum shape, each loaded on first use."""\n',
    }
    for shape in public_classes(model):
        render = render_enum(shape, header) if shape.is_enum else render_shape(model, shape, header)
        files[f"{SHAPES_PACKAGE}/{module_name(shape.class_name)}.py"] = render
    return files
