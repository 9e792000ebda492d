"""A 2xx answer is read only when its body is the JSON object the operation answers with.

botocore's rest-json parser reads a body that is not JSON as ``{"message": <the body>}`` and a body
of another JSON kind as nothing, so a truncated or garbled 2xx answer would come back as a model
full of zero values, and some bodies (a JSON list, bytes that are not UTF-8) crash the parser with
an ``AttributeError`` or ``UnicodeDecodeError``. A ``before-parse`` handler on the boto3 client
sees the raw body first and raises ``errors.MalformedResponseError`` instead, never quoting the
body: it may hold credentials. (``before-parse`` arrived in botocore 1.35.16, hence the floor.)

The same handler reads each successful answer once. botocore's rest-json parser walks the JSON
body into dicts at 7 to 8 times the cost of ``json.loads``, and ``from_boto3`` then walks those
dicts again. For a call the SDK makes (:func:`expecting` marks it, in a context variable, so
calls a user makes on ``client.raw`` keep botocore's behaviour) whose output shape botocore would
read as plain JSON give or take its timestamps and renamed members (:func:`plan`), the handler
parses the body with ``json`` (which is also the malformed-answer check), converts those as
botocore does (with the timestamp parser the client's botocore uses, :func:`timestamp_parser_of`),
hands the result back through botocore's public ``customized_response_dict`` under
:data:`ANSWER_KEY`, and leaves botocore an empty body to parse. Every Pinpoint answer with a body
reads once today; members bound to headers, blobs, documents and unions would not. From
:data:`STREAM_FROM` bytes on, a body's lists and maps of models are read item by item as they are
decoded (:func:`_streamed`). :func:`read_answer` is the one boundary from a wire answer to the
output model, for the sync client and any other client whose botocore emits the same events
(aiobotocore does).
"""

from __future__ import annotations

import contextvars
import functools
import json
import re
import weakref
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from botocore.parsers import DEFAULT_TIMESTAMP_PARSER

from pinpoint_sdk._converter import Read, Reader, from_boto3, item_readers, take_boto3
from pinpoint_sdk.errors import MalformedResponseError

if TYPE_CHECKING:
    from botocore.client import BaseClient
    from botocore.model import OperationModel, Shape

__all__ = [
    "ANSWER_KEY",
    "before_parse",
    "done",
    "expecting",
    "json_payload",
    "payload_shape",
    "plan",
    "read_answer",
    "split_metadata",
    "STREAM_FROM",
    "timestamp_parser_of",
    "watch_answers",
]

T = TypeVar("T")

#: Where the handler leaves ``(payload member, the JSON it parsed, the body, its fix)`` in the dict
#: the boto3 method returns: the JSON is taken apart as it is read, the body is kept to read it
#: again if the fast read refuses it; the fix is ``None`` or ``(function, timestamp parser)``
#: (:func:`_fix`), applied to the JSON already, and again to a body read again.
ANSWER_KEY = "pinpoint_sdk:json-answer"

#: The operation whose answer this context (thread or task) is waiting for, set only around the
#: SDK's own calls: an answer of any other call is botocore's to parse.
_EXPECTED: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "pinpoint_sdk_expected_answer", default=None
)


def expecting(operation: str | None) -> contextvars.Token[str | None]:
    """Mark ``operation``'s answer in this context as read once; undo with ``done(token)``."""
    return _EXPECTED.set(operation)


def done(token: contextvars.Token[str | None]) -> None:
    """Undo :func:`expecting`."""
    _EXPECTED.reset(token)


def split_metadata(response: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the answer as the models read it, botocore's ``ResponseMetadata``)."""
    body = {k: v for k, v in response.items() if k != "ResponseMetadata"}
    return body, response.get("ResponseMetadata", {})


def read_answer(output: type[T], body: Mapping[str, Any]) -> T:
    """The output model of an answer: ``body`` is what the boto3 method returned, with or without
    its ``ResponseMetadata`` (ignored, as any member the model does not know).

    When the handler read the body (``ANSWER_KEY``), the model is read from that JSON, equal to
    ``from_boto3(output, <botocore's parse>)`` (property-tested over every output shape); else
    from botocore's parse.
    """
    answer = body.get(ANSWER_KEY)
    if answer is not None:
        member, parsed, raw, fix = answer
        try:
            # The JSON is the handler's own: the read may drop it as it goes (take_boto3).
            return take_boto3(output, {member: parsed} if member else parsed)
        except Exception:  # corrected or explained by from_boto3, on the body read again
            parsed = json.loads(raw)
            if fix is not None:
                fix[0](parsed, fix[1])  # as the first time, which went through
            return from_boto3(output, {member: parsed} if member else parsed)
    return from_boto3(output, body)


#: How botocore turns a timestamp of the wire into a value: its parser's ``timestamp_parser``.
TimestampParser = Callable[[Any], Any]


class _Decline(Exception):
    """A value not where the model puts it: botocore parses the answer, as if never seen."""


#: Makes a JSON value of one shape what botocore's parser makes of it, in place, and returns it:
#: ``fix(value, timestamp_parser)`` (:func:`_fix`).
Fix = Callable[[Any, TimestampParser], Any]


class _Stream(NamedTuple):
    """A member of the body that is a list or map of models, read item by item as it is decoded."""

    #: A map (``{...}`` of items) rather than a list (``[...]``).
    is_map: bool
    #: The model class of its items (a structure shape's name is its class's name).
    item_class: str
    #: Converts an item's timestamps and renamed members as botocore does (``None``: nothing to).
    fix: Fix | None


class _Plan(NamedTuple):
    """How an operation's answer reads as plain JSON."""

    #: The payload member's name (the body is that member), or ``None`` (the output shape itself).
    member: str | None
    #: Converts the body's timestamps and renamed members as botocore does (``None``: nothing to).
    fix: Fix | None
    #: The body's members read as they are decoded (:func:`_decode_streaming`), by name.
    streams: Mapping[str, _Stream]
    #: The body's model class (named as its shape).
    body_class: str


_PLANS: dict[str, _Plan | None] = {}


def json_payload(operation_model: OperationModel) -> str | bool | None:
    """How an operation's answer reads as plain JSON, or ``False`` if it needs botocore's parser.

    The payload member's name (the body is that member), ``None`` (the body is the output shape
    itself), or ``False``: members bound to headers or the status code, blobs (botocore decodes
    them), documents, unions, ``jsonvalue`` strings. Timestamps and renamed members read once:
    :func:`plan` converts them as botocore does, with the client's own timestamp parser.
    """
    found = plan(operation_model)
    return False if found is None else found.member


def plan(operation_model: OperationModel) -> _Plan | None:
    """:func:`json_payload`, with the body's fix; ``None`` for ``False``."""
    output = operation_model.output_shape
    if output is None:
        return None
    try:
        return _PLANS[output.name]
    except KeyError:
        found = _PLANS[output.name] = _plan(output)
        return found


def _plan(output: Shape) -> _Plan | None:
    payload = output.serialization.get("payload")
    members: dict[str, Shape] = getattr(output, "members", {})
    for name, member in members.items():
        if name != payload and member.serialization.get("location"):
            return None
    if payload is None:
        return _plan_body(None, output) if _plain(output, set(), top=True) else None
    body = members[payload]
    if body.type_name != "structure" or body.serialization.get("eventstream"):
        return None
    return _plan_body(payload, body) if _plain(body, set()) else None


def _plan_body(member: str | None, body: Shape) -> _Plan:
    built: dict[str, Fix] = {}
    fix = _fix(body, built)
    streams: dict[str, _Stream] = {}
    for name, shape in body.members.items():  # type: ignore[attr-defined]
        if shape.serialization.get("location") or shape.serialization.get("name", name) != name:
            continue
        item: Shape | None = getattr(shape, "member", None) or getattr(shape, "value", None)
        if item is not None and item.type_name == "structure":
            streams[name] = _Stream(shape.type_name == "map", item.name, built.get(item.name))
    return _Plan(member, fix, streams, body.name)


_PLAIN_LEAVES = frozenset({"string", "integer", "long", "double", "float", "boolean", "timestamp"})


def _plain(shape: Shape, seen: set[str], *, top: bool = False) -> bool:
    """True when botocore's parse of ``shape`` is ``json.loads`` as the models read it, once
    :func:`_fix` has converted timestamps and renamed members as botocore does."""
    if shape.name in seen:
        return True
    seen.add(shape.name)
    kind = shape.type_name
    if kind in _PLAIN_LEAVES:
        return not shape.serialization.get("jsonvalue")
    if kind == "list":
        return _plain(shape.member, seen)  # type: ignore[attr-defined]
    if kind == "map":
        key: Shape = shape.key  # type: ignore[attr-defined]
        return key.type_name == "string" and _plain(key, seen) and _plain(shape.value, seen)  # type: ignore[attr-defined]
    if kind != "structure" or shape.is_document_type or shape.is_tagged_union:  # type: ignore[attr-defined]
        return False
    for _name, member in shape.members.items():  # type: ignore[attr-defined]
        if top and member.serialization.get("location"):
            return False
        if not _plain(member, seen):
            return False
    return True


def _needs_fixing(shape: Shape, seen: set[str]) -> bool:
    """Whether a JSON value of ``shape`` holds a timestamp or a renamed member anywhere."""
    if shape.name in seen:
        return False  # already being looked at, higher up
    seen.add(shape.name)
    if shape.type_name == "timestamp":
        return True
    members: dict[str, Shape] = getattr(shape, "members", {})
    if any(m.serialization.get("name", n) != n for n, m in members.items()):
        return True
    inner = [*members.values(), getattr(shape, "member", None), getattr(shape, "value", None)]
    return any(_needs_fixing(s, seen) for s in inner if s is not None)


def _fix(shape: Shape, built: dict[str, Fix]) -> Fix | None:
    """What botocore's parser does to a JSON value of ``shape`` that the models would read
    differently (``None`` when nothing): it calls its timestamp parser on each timestamp that is
    not ``null`` in a structure and on every item of a list or map, reads a renamed member from
    its wire name under its model name (and ignores a key of its model name), and leaves a
    ``null`` structure as it is. A value of another JSON kind than the shape's raises
    ``_Decline``. ``built`` holds the functions made so far, by shape name: shapes may nest
    recursively, so an inner shape's function is looked up when first called."""
    if not _needs_fixing(shape, set()):
        return None
    name = shape.name
    if name in built:
        return built[name]
    kind = shape.type_name
    if kind == "timestamp":

        def fix_timestamp(v: Any, parse: TimestampParser) -> Any:
            return parse(v)

        built[name] = fix_timestamp
        return fix_timestamp
    if kind in ("list", "map"):
        item_shape: Shape = shape.member if kind == "list" else shape.value  # type: ignore[attr-defined]
        container = list if kind == "list" else dict

        def fix_items(v: Any, parse: TimestampParser) -> Any:
            if type(v) is not container:
                raise _Decline
            item = built[item_shape.name]
            # Each value replaced in place: a map's iteration stays valid (no key added or removed).
            for k in range(len(v)) if container is list else v:
                v[k] = item(v[k], parse)
            return v

        built[name] = fix_items
        _fix(item_shape, built)
        return fix_items
    # (member name, wire name, its shape's name if its value needs fixing too)
    members = [
        (n, m.serialization.get("name", n), m.name if _needs_fixing(m, set()) else None)
        for n, m in shape.members.items()  # type: ignore[attr-defined]
        if m.serialization.get("name", n) != n or _needs_fixing(m, set())
    ]

    def fix_structure(v: Any, parse: TimestampParser) -> Any:
        if v is None:
            return None
        if type(v) is not dict:
            raise _Decline
        for member, wire, inner in members:
            if wire == member:
                x = v.get(wire)
            else:
                x = v.pop(wire, None)
                v.pop(member, None)
            if x is not None:
                v[member] = x if inner is None else built[inner](x, parse)
        return v

    built[name] = fix_structure
    for _member, _wire, inner in members:
        if inner is not None:
            _fix(shape.members[_member], built)  # type: ignore[attr-defined]
    return fix_structure


_HANDLER_ID = "pinpoint_sdk.check-answer-body"


def payload_shape(shape: Shape | None) -> Shape | None:
    """The member of ``shape`` that is the HTTP body (its ``payload``), if it has one."""
    if shape is None:
        return None
    name = shape.serialization.get("payload")
    members: dict[str, Shape] = getattr(shape, "members", {})
    return members[name] if name else None


#: The boto3 clients already watched: registering is cheap, this is cheaper (once per call).
_WATCHED: weakref.WeakSet[BaseClient] = weakref.WeakSet()


def watch_answers(client: BaseClient) -> None:
    """Check every 2xx body of ``client`` before botocore parses it (once per client)."""
    if client in _WATCHED:
        return
    service_id = client.meta.service_model.service_id.hyphenize()
    handler = functools.partial(before_parse, timestamp_parser=timestamp_parser_of(client))
    client.meta.events.register(f"before-parse.{service_id}", handler, unique_id=_HANDLER_ID)
    _WATCHED.add(client)


def timestamp_parser_of(client: BaseClient) -> TimestampParser | None:
    """The timestamp parser ``client``'s botocore parses answers with, or ``None`` if unknown.

    The one place the SDK reads botocore's private attributes: a session may set its own parser
    (``set_parser_defaults(timestamp_parser=...)`` on its ``response_parser_factory``), which only
    the endpoint's parser factory knows. botocore makes a parser per answer from that factory;
    this makes one too and asks it. If an upgrade moves these, answers with timestamps go back to
    botocore's parse (``tests/test_answers_read_once.py`` fails loudly on it). It is asked once,
    when the client is watched: a parser set on the session's factory after that is not seen.
    """
    try:
        factory = client._endpoint._response_parser_factory  # type: ignore[attr-defined]
        parser = factory.create_parser(client.meta.service_model.protocol)
        found = parser._timestamp_parser
    except Exception:
        return None
    return found if callable(found) else None


def before_parse(
    operation_model: OperationModel,
    response_dict: dict[str, Any],
    customized_response_dict: dict[str, Any] | None = None,
    timestamp_parser: TimestampParser | None = DEFAULT_TIMESTAMP_PARSER,
    **_: Any,
) -> None:
    """The ``before-parse`` handler: check a 2xx body, and read it once when the SDK awaits it.

    ``timestamp_parser`` is the one botocore parses this client's answers with (``None``: not
    known, so answers with timestamps stay botocore's to parse).
    """
    status = response_dict.get("status_code", 0)
    body = response_dict.get("body")
    if not 200 <= status < 300 or not body or operation_model.has_streaming_output:
        return  # error answers are botocore's to parse; an empty body is an empty answer
    if customized_response_dict is not None and _EXPECTED.get() == operation_model.name:
        found = plan(operation_model)
        if found is not None and (found.fix is None or timestamp_parser is not None):
            fix = None
            if found.fix is not None and timestamp_parser is not None:
                fix = (found.fix, timestamp_parser)
            parsed = None
            if found.streams and len(body) >= STREAM_FROM:
                parsed = _streamed(found, body, timestamp_parser)
            if parsed is None:  # not streamed, or the streaming read declined: the plain parse
                parsed = _parse_object(operation_model, response_dict, body)
            if fix is None or _fixed(parsed, fix):
                customized_response_dict[ANSWER_KEY] = (found.member, parsed, body, fix)
                # Botocore's parse of nothing, at next to no cost: for a payload member, ``null``
                # (read as None at once; an empty body would still walk each member of the
                # payload's shape, ~15% of botocore's parse of a campaign); else an empty body.
                response_dict["body"] = b"null" if found.member else b""
            return  # a body parsed as a JSON object: complete
    payload = payload_shape(operation_model.output_shape)
    if payload is not None and payload.type_name != "structure":
        return  # a blob or string payload is not JSON
    if _looks_whole(body):
        return
    _parse_object(operation_model, response_dict, body)


def _streamed(
    found: _Plan, body: bytes, timestamp_parser: TimestampParser | None
) -> dict[str, Any] | None:
    """``json.loads(body)`` with the members of ``found.streams`` already read (``Read``), each
    item read as soon as it is decoded; ``None`` when anything differs from what the models read
    (the caller then parses and reads as usual, which explains or corrects).

    Why: ``json.loads`` builds the whole tree before the read starts, so a large answer's JSON
    and its models were in memory at once (a 1,000-campaign page peaked at 89 MB for 41 MB of
    models; read this way, 57 MB), and on CPython 3.10 and 3.11 the cyclic collector runs inside
    ``json.loads``, walking the tree as it grows: a journey's activities hold about twice as
    many tracked containers as the models read from them.
    """
    from pinpoint_sdk import models

    parse = timestamp_parser or DEFAULT_TIMESTAMP_PARSER  # only called if found.fix needs it
    readers: dict[str, tuple[Reader | None, Reader, _Stream]] = {}
    body_class = getattr(models, found.body_class)
    for name, stream in found.streams.items():
        key, item = item_readers(body_class, name)
        readers[name] = (key, item, stream)
    try:
        text = body.decode(json.detect_encoding(body), "surrogatepass")
        return _decode_streaming(text, readers, parse)
    except Exception:  # _Decline, a decoding error, an item the fast read refuses
        return None


#: The body size from which its lists and maps of models are read as they are decoded. Below it
#: the whole parse is as fast or faster (a 600-byte campaign took 2.8 times as long member by
#: member; a 62 kB page of 100 small campaigns 1.12 times; 620 kB of 1,000 the same; 1.6 MB of
#: 100 populated campaigns 0.89 times) and the JSON held whole is small.
STREAM_FROM = 256 * 1024

_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def _decode_streaming(
    text: str,
    readers: Mapping[str, tuple[Reader | None, Reader, _Stream]],
    parse: TimestampParser,
) -> dict[str, Any]:
    """The JSON object ``text`` as ``json.loads`` decodes it (the same values, the last of
    duplicate keys, nothing after it), except the members in ``readers``: a list or map of
    objects, each decoded, fixed and read into its model before the next is decoded."""
    ws, decode = _WS.match, _DECODER.raw_decode
    i = ws(text).end()  # type: ignore[union-attr]
    if text[i] != "{":
        raise _Decline
    i = ws(text, i + 1).end()  # type: ignore[union-attr]
    out: dict[str, Any] = {}
    while text[i] != "}" or out:  # (an empty object; else a member's own brace ends the loop)
        key, i = decode(text, i)
        if type(key) is not str:
            raise _Decline
        i = ws(text, i).end()  # type: ignore[union-attr]
        if text[i] != ":":
            raise _Decline
        i = ws(text, i + 1).end()  # type: ignore[union-attr]
        reader = readers.get(key)
        if reader is not None and text[i] == ("{" if reader[2].is_map else "["):
            value, i = _read_items(text, i, reader, parse)
        else:
            value, i = decode(text, i)
        out[key] = value
        i = ws(text, i).end()  # type: ignore[union-attr]
        if text[i] == "}":
            break
        if text[i] != ",":
            raise _Decline
        i = ws(text, i + 1).end()  # type: ignore[union-attr]
    if ws(text, i + 1).end() != len(text):  # type: ignore[union-attr]
        raise _Decline  # something after the object
    return out


def _read_items(
    text: str,
    i: int,
    reader: tuple[Reader | None, Reader, _Stream],
    parse: TimestampParser,
) -> tuple[Read, int]:
    """The list or map of models starting at ``text[i]``, and where it ends."""
    ws, decode = _WS.match, _DECODER.raw_decode
    key_reader, read, stream = reader
    fix, close = stream.fix, "}" if stream.is_map else "]"
    items: Any = {} if stream.is_map else []
    i = ws(text, i + 1).end()  # type: ignore[union-attr]
    if text[i] == close:
        return Read(items), i + 1
    while True:
        if stream.is_map:
            key, i = decode(text, i)
            if type(key) is not str or key_reader is None:
                raise _Decline
            i = ws(text, i).end()  # type: ignore[union-attr]
            if text[i] != ":":
                raise _Decline
            i = ws(text, i + 1).end()  # type: ignore[union-attr]
        item, i = decode(text, i)
        if fix is not None:
            item = fix(item, parse)
        if type(item) is not dict:
            raise _Decline
        if stream.is_map:
            items[key_reader(key, None)] = read(item, None)  # type: ignore[misc]
        else:
            items.append(read(item, None))
        del item  # its JSON dies here, before the next item's is decoded
        i = ws(text, i).end()  # type: ignore[union-attr]
        if text[i] == close:
            return Read(items), i + 1
        if text[i] != ",":
            raise _Decline
        i = ws(text, i + 1).end()  # type: ignore[union-attr]


def _fixed(parsed: dict[str, Any], fix: tuple[Fix, TimestampParser]) -> bool:
    """Make ``parsed`` what botocore's parse would (:func:`_fix`), in place; ``False`` when
    something is not where the model puts it or the parser refuses a value: botocore then parses
    the body itself and does whatever it does with it."""
    function, parse = fix
    read = {k: v for k, v in parsed.items() if type(v) is Read}  # their items are fixed already
    try:
        for k in read:
            del parsed[k]
        function(parsed, parse)
        parsed.update(read)
    except Exception:
        return False
    return True


def _parse_object(
    operation_model: OperationModel, response_dict: dict[str, Any], body: bytes
) -> dict[str, Any]:
    """The body as a JSON object, or ``MalformedResponseError``."""
    try:
        parsed = json.loads(body)
    except ValueError:  # UnicodeDecodeError included
        got = "a body that is not JSON (cut short, or not JSON at all)"
    else:
        if type(parsed) is dict:
            return parsed
        got = f"a JSON {_json_kind(parsed)}"
    status = response_dict.get("status_code", 0)
    headers = response_dict.get("headers") or {}
    raise MalformedResponseError(
        operation_model.name,
        got,
        status_code=status,
        request_id=headers.get("x-amzn-requestid") or headers.get("x-amz-request-id"),
    )


def _looks_whole(body: bytes) -> bool:
    """An object whose braces and brackets balance: complete, without parsing it.

    A tenth of the cost of ``json.loads`` on a 1,000-campaign page (which botocore parses anyway).
    A body cut short ends inside an unclosed object or list, so it is never taken for whole; a
    body that fails this (a string holding an odd brace, say) is parsed to decide. A body braced
    and balanced but otherwise not JSON passes: botocore then reads it as empty, as before.
    """
    stripped = body.strip()
    return (
        stripped[:1] == b"{"
        and stripped[-1:] == b"}"
        and body.count(b"{") == body.count(b"}")
        and body.count(b"[") == body.count(b"]")
    )


def _json_kind(value: object) -> str:
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if value is None:
        return "null"
    return "number"
