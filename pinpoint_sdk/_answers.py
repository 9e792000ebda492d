"""A 2xx answer is read only when its body is the JSON object the operation answers with.

botocore's rest-json parser reads a body that is not JSON as ``{"message": <the body>}`` and a body
of another JSON kind as nothing, so a truncated or garbled 2xx answer would come back as a model
full of zero values, and some bodies (a JSON list, bytes that are not UTF-8) crash the parser with
an ``AttributeError`` or ``UnicodeDecodeError``. A ``before-parse`` handler on the boto3 client
sees the raw body first and raises ``errors.MalformedResponseError`` instead, never quoting the
body: it may hold credentials. (``before-parse`` arrived in botocore 1.35.16, hence the floor.)

The same handler reads each successful answer once. botocore's rest-json parser walks the JSON
body into dicts at 7 to 8 times the cost of ``json.loads``, and ``from_boto3`` then walks those
dicts again. For a call the SDK makes (:func:`expecting` marks it, in a context variable, so calls
a user makes on ``client.raw`` keep botocore's behaviour) whose answer the generator found to be
plain JSON (``_generated/answers.py``), the handler parses the body with ``json`` (which is also
the malformed-answer check), moves renamed members as botocore does (the models'
``__json_fixes__``, :func:`~pinpoint_sdk._converter.fix_json`), hands the result back through
botocore's public ``customized_response_dict`` under :data:`ANSWER_KEY`, and leaves botocore
only the answer's timestamps to parse, so that they are read by the client's own timestamp
parser (a session may set its own), or nothing at all. From :data:`STREAM_FROM` bytes on, a
body's lists and maps of models are read item by item as they are decoded
(``_json_items.decode_object``). :func:`read_answer` is the one boundary from a wire answer to
the output model, for the sync client and any other client whose botocore emits the same events
(aiobotocore does).
"""

from __future__ import annotations

import contextvars
import json
import weakref
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from pinpoint_sdk._converter import (
    NotAsModelled,
    Read,
    fix_json,
    from_boto3,
    holds_timestamps,
    item_readers,
    needs_fixing,
    put_timestamps,
    take_boto3,
)
from pinpoint_sdk._generated.answers import JSON_ANSWERS
from pinpoint_sdk.errors import MalformedResponseError

if TYPE_CHECKING:
    from botocore.client import BaseClient
    from botocore.model import OperationModel, Shape

    from pinpoint_sdk._json_items import Items

__all__ = [
    "ANSWER_KEY",
    "before_parse",
    "check_untyped_calls",
    "done",
    "expecting",
    "payload_shape",
    "read_answer",
    "split_metadata",
    "STREAM_FROM",
    "watch_answers",
]

T = TypeVar("T")

#: Where the handler leaves ``(payload member, body class, the JSON it parsed, the body, whether
#: botocore parses its timestamps)`` in the dict the boto3 method returns: the JSON is taken
#: apart as it is read; the body is kept to read it again if the fast read refuses it.
ANSWER_KEY = "pinpoint_sdk:json-answer"

#: The operation this context (thread or task) is calling from a typed request, set only around the
#: SDK's own calls: its answer may be read once and its parameters were checked by the converter.
#: Any other call's answer is botocore's to parse, and its parameters botocore's to check.
_EXPECTED: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "pinpoint_sdk_expected_answer", default=None
)


#: ``expecting(operation)`` marks this context's call of ``operation`` as the SDK's typed call (its
#: answer read once, its parameters not checked again) and returns the token that ``done(token)``
#: takes to undo it: the context variable's own methods, so that marking a call costs no Python
#: frame.
expecting: Callable[[str | None], contextvars.Token[str | None]] = _EXPECTED.set
done: Callable[[contextvars.Token[str | None]], None] = _EXPECTED.reset


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
    if answer is None:
        return from_boto3(output, body)
    member, cls, parsed, raw, timed = answer
    stamps: Mapping[str, Any] = (body.get(member) if member else body) or {}
    if timed:
        put_timestamps(cls, parsed, stamps)
    try:
        # The JSON is the handler's own: the read may drop it as it goes (take_boto3).
        return take_boto3(output, {member: parsed} if member else parsed)
    except Exception:  # corrected or explained by from_boto3, on the body read again
        parsed = json.loads(raw)
        fix_json(cls, parsed)  # as the first time, which went through
        if timed:
            put_timestamps(cls, parsed, stamps)
        return from_boto3(output, {member: parsed} if member else parsed)


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
    client.meta.events.register(f"before-parse.{service_id}", before_parse, unique_id=_HANDLER_ID)
    _WATCHED.add(client)


_CHECK_ID = "pinpoint_sdk.check-untyped-parameters"


def check_untyped_calls(client: BaseClient) -> None:
    """Check the parameters of every call of ``client`` but the SDK's typed ones, as botocore does.

    A client the SDK builds has botocore's own check off (``parameter_validation=False``): for a
    typed request the converter has made it already (what ``to_boto3`` writes passes botocore's
    check, and it refuses, naming the field path, what the check would refuse: both
    property-tested over every input shape). Any other call of the client (one on
    ``client.raw``, ``put_endpoints``' batches of wire dicts) is checked here with botocore's own
    ``validate_parameters``: the same ``ParamValidationError``, before anything is sent, after
    every other ``before-parameter-build`` handler (registered last, on the event's least
    specific name), as botocore checks them just before it serialises the request.
    """
    # Imported with a client, not with this module: botocore.validate brings botocore.utils (and
    # urllib3), ~70 million instructions that ``import pinpoint_sdk`` and the models do not need.
    from botocore.validate import validate_parameters

    def check_parameters(params: Mapping[str, Any], model: OperationModel, **_: Any) -> None:
        shape = model.input_shape
        if shape is not None and _EXPECTED.get() != model.name:  # botocore checks only an input
            validate_parameters(params, shape)

    client.meta.events.register_last(
        "before-parameter-build", check_parameters, unique_id=_CHECK_ID
    )


#: The answers' body classes by name, looked up once each.
_ANSWER_CLASSES: dict[str, type] = {}


def _answer_class(name: str) -> type:
    from pinpoint_sdk import models

    cls: type = getattr(models, name)
    _ANSWER_CLASSES[name] = cls
    return cls


def before_parse(
    operation_model: OperationModel,
    response_dict: dict[str, Any],
    customized_response_dict: dict[str, Any] | None = None,
    **_: Any,
) -> None:
    """The ``before-parse`` handler: check a 2xx body, and read it once when the SDK awaits it."""
    status = response_dict.get("status_code", 0)
    body = response_dict.get("body")
    if not 200 <= status < 300 or not body or operation_model.has_streaming_output:
        return  # error answers are botocore's to parse; an empty body is an empty answer
    answer = JSON_ANSWERS.get(operation_model.name)
    if answer is None:
        return  # not a plain JSON object: botocore's to parse
    if customized_response_dict is not None and _EXPECTED.get() == operation_model.name:
        member, class_name = answer
        cls = _ANSWER_CLASSES.get(class_name) or _answer_class(class_name)
        parsed = _streamed(cls, body) if len(body) >= STREAM_FROM else None
        if parsed is None:  # not streamed, or the streaming read declined: the plain parse
            parsed = _parse_object(operation_model, response_dict, body)
            read = None
        else:
            read = {k: v for k, v in parsed.items() if type(v) is Read}  # their items are fixed
            for k in read:
                del parsed[k]
        try:
            stamps = fix_json(cls, parsed)
        except NotAsModelled:
            return  # botocore parses the body itself and does whatever it does with it
        if read:
            parsed.update(read)
        customized_response_dict[ANSWER_KEY] = (member, cls, parsed, body, stamps is not None)
        if stamps is not None:  # the client's timestamp parser reads them, and nothing else
            response_dict["body"] = json.dumps(stamps).encode()
        else:
            # Botocore's parse of nothing, at next to no cost: for a payload member, ``null``
            # (read as None at once; an empty body would still walk each member of the
            # payload's shape, ~15% of botocore's parse of a campaign); else an empty body.
            response_dict["body"] = b"null" if member else b""
        return  # a body parsed as a JSON object: complete
    if _looks_whole(body):
        return
    _parse_object(operation_model, response_dict, body)


#: The body size from which its lists and maps of models are read as they are decoded. Below it
#: the whole parse is as fast or faster (a 600-byte campaign took 2.8 times as long member by
#: member; a 62 kB page of 100 small campaigns 1.12 times; 620 kB of 1,000 the same; 1.6 MB of
#: 100 populated campaigns 0.89 times) and the JSON held whole is small.
STREAM_FROM = 256 * 1024

_STREAMS: dict[type, dict[str, Items]] = {}


def _streams(cls: type) -> dict[str, Items]:
    """The members of model ``cls`` read item by item: lists and maps of models whose JSON holds
    no timestamp (botocore's parser reads those after this handler) and is not renamed."""
    found = _STREAMS.get(cls)
    if found is None:
        from pinpoint_sdk._json_items import Items

        found = {}
        renamed = {m for k, (m, _f, _i) in getattr(cls, "__json_fixes__", {}).items() if k != m}
        for wire in cls.__wire_names__.values():  # type: ignore[attr-defined]
            try:
                key, item, item_cls = item_readers(cls, wire)
            except KeyError:
                continue
            if wire in renamed or holds_timestamps(item_cls):
                continue
            found[wire] = Items(
                is_map=key is not None,
                read=_item_reader(item, item_cls),
                key=None if key is None else (lambda k, key=key: key(k, None)),  # type: ignore[misc]
                done=Read,
            )
        _STREAMS[cls] = found
    return found


def _item_reader(read: Any, cls: type) -> Any:
    if not needs_fixing(cls):
        return read  # the model's own reader (its second argument defaults to None)

    def read_item(item: dict[str, Any]) -> Any:
        fix_json(cls, item)  # renamed members only: the stream holds no timestamps
        return read(item, None)

    return read_item


def _streamed(cls: type, body: bytes) -> dict[str, Any] | None:
    """``json.loads(body)`` with the lists and maps of models of :func:`_streams` already read
    (``Read``), each item read as soon as it is decoded; ``None`` when anything differs from what
    the models read (the caller then parses and reads as usual, which explains or corrects)."""
    streams = _streams(cls)
    if not streams:
        return None
    from pinpoint_sdk._json_items import decode_object

    try:
        return decode_object(body.decode(json.detect_encoding(body), "surrogatepass"), streams)
    except Exception:  # Decline, a decoding error, an item the fast read refuses
        return None


_DECODER = json.JSONDecoder()


def _parse_object(
    operation_model: OperationModel, response_dict: dict[str, Any], body: bytes
) -> dict[str, Any]:
    """The body as a JSON object, or ``MalformedResponseError``."""
    try:
        # Decoded first: json.loads of bytes works out their encoding in Python on every call
        # (a sixth of its time on a campaign); JSON from AWS is UTF-8 (botocore reads it so).
        try:
            text = body.decode("utf-8")
            parsed, end = _DECODER.raw_decode(text)  # json.loads' own parse, two frames less
            if end != len(text):  # whitespace after the value, or more: json.loads says which
                parsed = json.loads(text)
        except ValueError:  # whitespace before it, or not UTF-8: json works out UTF-16 or UTF-32
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
