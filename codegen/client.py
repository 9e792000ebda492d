"""Writes the client layer: ``PinpointOperations``, one typed method per operation of the model.

Each method builds the operation's input model (or, where every input member is a required string,
its wire dict: ``_wire_of_strings``) and hands it to ``self._call`` (hand-written, in
``pinpoint_sdk/_client.py``), then returns the output's payload. Each paginated operation also gets an
``iter_*`` method returning a ``Paginator``. ``PinpointRawResponseOperations``, for
``client.with_raw_response``, is one line per method: the plain method wrapped by
``pinpoint_sdk._response.RawMethod``, which answers a ``RawResponse`` instead of the payload; the
line is there only so that type checkers see each method's own ``RawResponse[...]``.

The async twins (``AsyncPinpointOperations``, ``AsyncPinpointRawResponseOperations``, run by
``AsyncPinpointClient`` in ``pinpoint_sdk/_async_client.py``) come from the same templates: a
``Flavour`` holds only what differs (``async def``, ``await``, ``AsyncPaginator``, class names).
All naming decisions are made here; all behaviour lives in the hand-written modules.
"""

from __future__ import annotations

import re
import textwrap

import attrs

from codegen.models import docstring, is_required_argument
from codegen.reader import PAGE_SIZE_MEMBERS, Member, Operation, ServiceModel

CLIENT_MODULE = "pinpoint_sdk/_generated/client.py"
ASYNC_CLIENT_MODULE = "pinpoint_sdk/_generated/async_client.py"

_CLASS_NAME = re.compile(r"\b([A-Z]\w*)\b")


def iterator_name(op: Operation) -> str:
    """``get_campaigns`` -> ``iter_campaigns``: the verb replaced by ``iter``."""
    _verb, _, rest = op.method_name.partition("_")
    return f"iter_{rest}"


def _annotation(model: ServiceModel, shape_name: str) -> str:
    """The type of a value of ``shape_name`` as the client module spells it (``models.X``)."""
    return _CLASS_NAME.sub(r"models.\1", model.python_type(shape_name))


def _required(model: ServiceModel, op: Operation, member: Member) -> bool:
    # The models' rule, so the method and the input model agree on what is required.
    assert op.input is not None
    return is_required_argument(model.shapes[op.input], member)


def _parameter(model: ServiceModel, op: Operation, member: Member) -> str:
    if member.int_as_string and member.name in PAGE_SIZE_MEMBERS:
        annotation = "int"  # a count, never an identifier: callers only ever have the number
    else:
        annotation = _CLASS_NAME.sub(r"models.\1", model.member_type(member))
    if _required(model, op, member):
        return f"{member.attr}: {annotation}"
    return f"{member.attr}: {annotation} | None = None"


def _argument(member: Member) -> str:
    # The input model takes every argument as it is (an integer sent as a string included).
    return f"{member.attr}={member.attr}"


def _ordered(model: ServiceModel, op: Operation) -> list[Member]:
    """The input members, required first, then in the model's order."""
    assert op.input is not None
    members = model.shapes[op.input].members
    required = [m for m in members if _required(model, op, m)]
    return required + [m for m in members if m not in required]


def _payload(model: ServiceModel, op: Operation) -> tuple[str, str]:
    """(return annotation, expression picking it from ``response``) of an operation with output."""
    assert op.output is not None
    output = model.shapes[op.output]
    if output.payload is None:
        return f"models.{output.class_name}", "lambda response: response"
    member = output.member(output.payload)
    return _annotation(model, member.shape), f"lambda response: response.{member.attr}"


# Google style, as mkdocstrings is configured to read it (mkdocs.yml): an ``Args:`` section with one
# item per argument, its text wrapped under it, paragraphs and bullets kept.
_ARGS_TEMPLATE = """\
Args:
{items}"""
_WIDTH = 92  # the model's text is wrapped at this width too (codegen/html.py)


def _argument_text(model: ServiceModel, op: Operation, member: Member) -> str:
    """What a caller passes as ``member``: its own text, else what its model says it is."""
    text = member.doc
    if not text:
        # Payload members carry no text of their own in the model: the body's model describes them.
        assert op.input is not None
        target = model.shapes[member.shape]
        if model.shapes[op.input].payload == member.name:
            lead = f"The request body (``models.{target.class_name}``)."
        elif target.is_structure or target.is_enum:
            lead = f"A ``models.{target.class_name}``."
        else:
            lead = f"The request's ``{member.name}``."
        text = " ".join(part for part in (lead, target.doc.split("\n\n")[0]) if part)
    if member.int_as_string:
        text += "\n\nSent as a string."
    return text


def _arg_item(name: str, text: str) -> str:
    """One ``Args:`` item: ``name: text``, continuation lines and later paragraphs indented."""
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    lines: list[str] = []
    for i, para in enumerate(paragraphs):
        first = f"    {name}: " if i == 0 else "        "
        bullet = para.startswith("- ")
        wrapped = textwrap.fill(
            para,
            width=_WIDTH,
            initial_indent=first,
            subsequent_indent="          " if bullet else "        ",
            break_long_words=False,
            break_on_hyphens=False,
        )
        if i > 0 and not (bullet and paragraphs[i - 1].startswith("- ")):
            lines.append("")
        lines.append(wrapped)
    return "\n".join(lines)


def _args_section(items: list[tuple[str, str]]) -> str:
    return _ARGS_TEMPLATE.format(items="\n".join(_arg_item(name, text) for name, text in items))


def _method_doc(model: ServiceModel, op: Operation, members: list[Member]) -> str:
    parts = [op.doc or f"The ``{op.name}`` operation."]
    if members:
        parts.append(_args_section([(m.attr, _argument_text(model, op, m)) for m in members]))
    parts.append(
        f"Calls ``{op.method_name}`` of the boto3 client ({op.http_method} {op.request_uri})."
    )
    return "\n\n".join(parts)


def _iterator_doc(model: ServiceModel, op: Operation, members: list[Member], yields: str) -> str:
    arguments = [(m.attr, _argument_text(model, op, m)) for m in members]
    arguments.append(("starting_token", "Resume from a page's ``next_token``."))
    arguments.append(("max_items", "Stop after that many items."))
    summary = (
        f"Iterate over ``{op.method_name}`` lazily: yields {yields}, one page request at a time, "
        "following the token."
    )
    notes = (
        "``.pages()`` gives the pages themselves. Each page request is retried on its own. "
        "Raises ``errors.PaginationError`` if the service repeats a token."
    )
    paragraphs = [
        textwrap.fill(summary, _WIDTH),
        _args_section(arguments),
        textwrap.fill(notes, _WIDTH),
    ]
    return "\n\n".join(paragraphs)


@attrs.frozen
class Flavour:
    """What a sync and an async client layer differ in; everything else is shared."""

    #: ``"async "`` before ``def``, or nothing.
    define: str
    #: ``"await "`` before a call to the hand-written layer, or nothing.
    wait: str
    #: The class the ``iter_*`` methods return, and the module it lives in.
    paginator: str
    paginator_module: str
    #: The generated classes of plain methods and of raw-response methods, and the wrapper of the
    #: latter (``pinpoint_sdk._response``).
    operations: str
    raw_operations: str
    raw_method: str
    #: The hand-written client, as the docstrings name it.
    client: str


SYNC = Flavour(
    define="",
    wait="",
    paginator="Paginator",
    paginator_module="pinpoint_sdk._pagination",
    operations="PinpointOperations",
    raw_operations="PinpointRawResponseOperations",
    raw_method="RawMethod",
    client="PinpointClient",
)
ASYNC = Flavour(
    define="async ",
    wait="await ",
    paginator="AsyncPaginator",
    paginator_module="pinpoint_sdk._async_pagination",
    operations="AsyncPinpointOperations",
    raw_operations="AsyncPinpointRawResponseOperations",
    raw_method="AsyncRawMethod",
    client="AsyncPinpointClient",
)


# One template for both layers: the sync and async methods differ only in ``async`` / ``await``.
_METHOD = """\
    {define}def {name}(
        self,
{params}    ) -> {returns}:
{doc}        {result}{wait}self.{send}(
            "{operation}",
{request}{output}        )

"""


def _wire_of_strings(model: ServiceModel, op: Operation, members: list[Member]) -> str | None:
    """For an operation whose input members are all required strings (``get_campaign``, the
    deletes, 42 of them): its wire dict, written from string arguments without the input model,
    guarded by their check; ``None`` for any other operation.

    The dict is what ``to_boto3`` writes of the input model for ``str`` arguments (it passes a
    ``str`` as it is: ``_converter._LEAVES``), which ``tests/codegen/test_wire_of_strings.py``
    checks for each of them. Anything else (a ``str`` subclass, ``None``, another type) goes
    through the model and ``to_boto3``, which converts it or says what was expected. The point is
    speed: no model built and taken apart again on the most frequent calls.
    """
    if not members or not all(
        _required(model, op, m) and model.member_type(m) == "str" and not m.int_as_string
        for m in members
    ):
        return None
    wire = ", ".join(f'"{m.name}": {m.attr}' for m in members)
    check = " and ".join(f"type({m.attr}) is str" for m in members)
    return f"{{{wire}}} if {check} else "


def _request(model: ServiceModel, op: Operation, members: list[Member]) -> str:
    """The request argument of ``_call`` / ``_send``: the input model, or its wire dict."""
    assert op.input is not None
    args = "".join(f"                {_argument(m)},\n" for m in members)
    built = f"models.{model.shapes[op.input].class_name}(\n{args}            )"
    return f"            {_wire_of_strings(model, op, members) or ''}{built},\n"


def _render(model: ServiceModel, op: Operation, *, returns: str, doc: str, flavour: Flavour) -> str:
    assert op.input is not None
    members = _ordered(model, op)
    params = "".join(f"        {_parameter(model, op, m)},\n" for m in members)
    output = ""
    if op.output is not None:
        _returns, pick = _payload(model, op)
        output_class = model.shapes[op.output].class_name
        output = f"            models.{output_class},\n            {pick},\n"
    return _METHOD.format(
        define=flavour.define,
        wait=flavour.wait,
        name=op.method_name,
        params=f"        *,\n{params}" if members else "",
        returns=returns,
        doc=doc,
        # Nothing comes back (HTTP 204): the method returns None (with_raw_response, the answer).
        result="return " if op.output is not None else "",
        send="_call" if op.output is not None else "_send",
        operation=op.name,
        request=_request(model, op, members),
        output=output,
    )


def _returns(model: ServiceModel, op: Operation) -> str:
    return "None" if op.output is None else _payload(model, op)[0]


def render_method(model: ServiceModel, op: Operation, flavour: Flavour = SYNC) -> str:
    members = _ordered(model, op)
    doc = docstring(_method_doc(model, op, members), "        ")
    return _render(model, op, returns=_returns(model, op), doc=doc, flavour=flavour)


# An iterator is a plain method in both layers: it only builds the paginator, which fetches
# lazily (the async one awaits each page request).
_ITERATOR = """\
    def {name}(
        self,
        *,
{params}        starting_token: str | None = None,
        max_items: int | None = None,
    ) -> {paginator}[{item_type}, {page_type}]:
{doc}        return {paginator}(
            lambda token: self.{method}({call_args}),
            items={items},
            next_token={next_token},
            operation="{operation}",
            starting_token=starting_token,
            max_items=max_items,
        )

"""


def render_iterator(model: ServiceModel, op: Operation, flavour: Flavour = SYNC) -> str:
    assert op.input is not None
    assert op.output is not None
    assert op.token_member is not None
    assert op.next_token_member is not None
    members = [m for m in _ordered(model, op) if m.name != op.token_member]
    token_attr = model.shapes[op.input].member(op.token_member).attr
    output = model.shapes[op.output]
    payload_member = output.member(output.payload) if output.payload else None
    page_type = (
        _annotation(model, payload_member.shape)
        if payload_member
        else f"models.{output.class_name}"
    )
    page_shape = model.shapes[payload_member.shape] if payload_member else output
    if op.item_member is not None:
        item_member = page_shape.member(op.item_member)
        item_list = model.shapes[item_member.shape]
        assert item_list.member_shape is not None
        item_type = _annotation(model, item_list.member_shape)
        items = f"lambda page: page.{item_member.attr}"
        yields = "every item of every page"
    else:
        item_type = page_type
        items = "lambda page: [page]"
        yields = "every page (the payload has no item list)"
    call_args = [f"{m.attr}={m.attr}" for m in members] + [f"{token_attr}=token"]
    return _ITERATOR.format(
        name=iterator_name(op),
        params="".join(f"        {_parameter(model, op, m)},\n" for m in members),
        paginator=flavour.paginator,
        item_type=item_type,
        page_type=page_type,
        doc=docstring(_iterator_doc(model, op, members, yields), "        "),
        method=op.method_name,
        call_args=", ".join(call_args),
        items=items,
        next_token=f"lambda page: page.{page_shape.member(op.next_token_member).attr}",
        operation=op.name,
    )


_IMPORTS = """\
from __future__ import annotations

import abc
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from pinpoint_sdk import models
from pinpoint_sdk._response import {raw_method}
from {module} import {name}

__all__ = ["{cls}", "{raw_cls}"]

_Output = TypeVar("_Output")
_Payload = TypeVar("_Payload")


"""

_OPERATIONS_CLASS = '''\
class {cls}(abc.ABC):
    """One method per operation of the Pinpoint service model; ``{client}`` runs them."""

    @abc.abstractmethod
    {define}def _call(
        self,
        operation: str,
        request: Any,
        output: type[_Output],
        payload: Callable[[_Output], _Payload],
    ) -> _Payload:
        """Send ``request`` (the input model, or the wire dict ``to_boto3`` writes of it) for
        ``operation``, read the answer as ``output``, return its payload."""

    @abc.abstractmethod
    {define}def _send(self, operation: str, request: Any) -> None:
        """Send ``request`` (as ``_call``'s) for ``operation``, which answers with no content."""

'''

_RAW_OPERATIONS_CLASS = '''\
class {cls}:
    """``client.with_raw_response``: every operation of ``{operations}`` with the same
    arguments, answering a ``RawResponse`` (status, headers, request id, and ``parse()``).

    Each attribute is the client's method, wrapped: one line per operation, for the types.
    """

    __slots__ = ("_client",)

    def __init__(self, client: {operations}) -> None:
        self._client = client

'''


def render_client(model: ServiceModel, header: str, flavour: Flavour = SYNC) -> str:
    out = [
        header,
        _IMPORTS.format(
            module=flavour.paginator_module,
            name=flavour.paginator,
            cls=flavour.operations,
            raw_cls=flavour.raw_operations,
            raw_method=flavour.raw_method,
        ),
        _OPERATIONS_CLASS.format(
            cls=flavour.operations, client=flavour.client, define=flavour.define
        ),
    ]
    operations = sorted(model.operations.values(), key=lambda o: o.method_name)
    for op in operations:
        out.append(render_method(model, op, flavour))
    for op in sorted(model.operations.values(), key=iterator_name):
        if op.token_member is not None:
            out.append(render_iterator(model, op, flavour))
    out.append("\n")
    out.append(
        _RAW_OPERATIONS_CLASS.format(cls=flavour.raw_operations, operations=flavour.operations)
    )
    # Iterators have no raw form: they make many calls.
    for op in operations:
        name = op.method_name
        out.append(f"    {name} = {flavour.raw_method}({flavour.operations}.{name})\n")
    return "".join(out)


def write(model: ServiceModel, header: str) -> dict[str, str]:
    """Relative path -> source of the client layer (formatted later, with the other writers)."""
    return {
        CLIENT_MODULE: render_client(model, header, SYNC),
        ASYNC_CLIENT_MODULE: render_client(model, header, ASYNC),
    }
