"""Writes the API reference pages that list the model: every model, every operation method.

Each entry is a mkdocstrings directive naming a public path (``pinpoint_sdk.models.WriteCampaignRequest``,
``pinpoint_sdk.PinpointClient.create_campaign``); mkdocstrings renders it from the generated code
itself (signature, attributes, types and docstrings). Models get one page per initial letter, so that
no page is huge, and an index page with each model's first sentence.
"""

from __future__ import annotations

import re
from itertools import groupby

from codegen.client import iterator_name
from codegen.models import _class_doc  # the classes' own docstring, so both say the same
from codegen.reader import ServiceModel, Shape

MODELS_DIR = "docs/reference/models"
OPERATIONS_PAGE = "docs/reference/operations.md"
PUBLIC_MODULE = "pinpoint_sdk.models"
CLIENT = "pinpoint_sdk.PinpointClient"


_INDEX = """\
{header}
# `pinpoint_sdk.models`

Every structure and enum of the service model, as `pinpoint_sdk.models` exports it: {structures}
structures and {enums} enums. Each entry shows the constructor (keyword-only arguments) and every
attribute with its type and the service's documentation; see
[Models and conversion](../../models.md) for the rules all of them follow.

{sections}
"""

_SECTION = """\
## {letter}

| Model | What it is |
| --- | --- |
{rows}
"""

_PAGE = """\
{header}
# Models: {letter}

{entries}
"""

_ENTRY = "::: {module}.{name}\n"

_OPERATIONS = """\
{header}
# Operations of `PinpointClient`

One method per operation of the service model, generated from botocore's model: each takes
keyword-only arguments (a structure argument takes its model, see the
[models reference](models/index.md)) and returns the answer's payload model. Each paginated
operation also has an `iter_*` method, listed after the operations, that yields every item of every
page.

{entries}
"""

_METHOD_ENTRY = """\
::: {client}.{method}
    options:
      show_root_full_path: false
"""

_SENTENCE_END = re.compile(r"(?<=[a-z0-9)`])\.\s")


def page_name(class_name: str) -> str:
    """The page (relative to ``MODELS_DIR``) holding the entry of ``class_name``."""
    return f"{class_name[0].lower()}.md"


def _summary(model: ServiceModel, shape: Shape) -> str:
    """The first sentence of a class's docstring, on one line, safe inside a table cell."""
    if shape.is_enum and not shape.doc:
        return f"Values of ``{shape.name}`` in the service model."
    text = " ".join(_class_doc(model, shape).split())
    first = _SENTENCE_END.split(text, maxsplit=1)[0].rstrip(".") + "."
    return first.replace("|", "\\|")


def public_shapes(model: ServiceModel) -> list[Shape]:
    """Every shape ``pinpoint_sdk.models`` exports (structures and enums), by class name."""
    return sorted(model.structures() + model.enums(), key=lambda s: s.class_name)


def _operations_page(model: ServiceModel, header: str) -> str:
    operations = sorted(model.operations.values(), key=lambda o: o.method_name)
    methods = [op.method_name for op in operations]
    methods += sorted(iterator_name(op) for op in operations if op.token_member is not None)
    entries = "\n".join(_METHOD_ENTRY.format(client=CLIENT, method=m) for m in methods)
    return _OPERATIONS.format(header=header, entries=entries)


def markdown_header(header: str) -> str:
    """The generated files' header (Python comments) as a Markdown (HTML) comment."""
    lines = [line.removeprefix("# ") for line in header.splitlines()]
    return "<!-- " + "\n     ".join(lines) + " -->\n"


def write(model: ServiceModel, python_header: str) -> dict[str, str]:
    """Relative path -> text of every reference page."""
    header = markdown_header(python_header)
    shapes = public_shapes(model)
    files: dict[str, str] = {}
    sections: list[str] = []
    for letter, group in groupby(shapes, key=lambda s: s.class_name[0].upper()):
        members = list(group)
        page = page_name(members[0].class_name)
        rows = "".join(
            f"| [`{s.class_name}`][{PUBLIC_MODULE}.{s.class_name}] | {_summary(model, s)} |\n"
            for s in members
        )
        sections.append(_SECTION.format(letter=letter, rows=rows.rstrip("\n")))
        entries = "\n".join(_ENTRY.format(module=PUBLIC_MODULE, name=s.class_name) for s in members)
        files[f"{MODELS_DIR}/{page}"] = _PAGE.format(header=header, letter=letter, entries=entries)
    files[OPERATIONS_PAGE] = _operations_page(model, header)
    files[f"{MODELS_DIR}/index.md"] = _INDEX.format(
        header=header,
        structures=len(model.structures()),
        enums=len(model.enums()),
        sections="\n".join(sections).rstrip("\n"),
    )
    return files
