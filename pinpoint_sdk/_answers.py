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
read as plain JSON (:func:`json_payload`), the handler parses the body with ``json`` (which is
also the malformed-answer check), hands the result back through botocore's public
``customized_response_dict`` under :data:`ANSWER_KEY`, and leaves botocore an empty body to
parse. :func:`read_answer` is the one boundary from a wire answer to the output model, for the
sync client and any other client whose botocore emits the same events (aiobotocore does).
"""

from __future__ import annotations

import contextvars
import json
import weakref
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from pinpoint_sdk._converter import from_boto3, take_boto3
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
    "read_answer",
    "split_metadata",
    "watch_answers",
]

T = TypeVar("T")

#: Where the handler leaves ``(payload member, the JSON it parsed, the body)`` in the dict the boto3
#: method returns: the JSON is taken apart as it is read, the body is kept to read it again if the
#: fast read refuses it.
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
        member, parsed, raw = answer
        try:
            # The JSON is the handler's own: the read may drop it as it goes (take_boto3).
            return take_boto3(output, {member: parsed} if member else parsed)
        except Exception:  # corrected or explained by from_boto3, on the body read again
            parsed = json.loads(raw)
            return from_boto3(output, {member: parsed} if member else parsed)
    return from_boto3(output, body)


_PLANS: dict[str, str | bool | None] = {}


def json_payload(operation_model: OperationModel) -> str | bool | None:
    """How an operation's answer reads as plain JSON, or ``False`` if it needs botocore's parser.

    The payload member's name (the body is that member), ``None`` (the body is the output shape
    itself), or ``False``: members bound to headers or the status code, timestamps and blobs
    (botocore converts them), renamed members, documents, unions, ``jsonvalue`` strings.
    """
    output = operation_model.output_shape
    if output is None:
        return False
    plan = _PLANS.get(output.name)
    if plan is None and output.name not in _PLANS:
        plan = _PLANS[output.name] = _plan(output)
    return plan


def _plan(output: Shape) -> str | bool | None:
    payload = output.serialization.get("payload")
    members: dict[str, Shape] = getattr(output, "members", {})
    for name, member in members.items():
        if name != payload and member.serialization.get("location"):
            return False
    if payload is None:
        return None if _plain(output, set(), top=True) else False
    body = members[payload]
    if body.type_name != "structure" or body.serialization.get("eventstream"):
        return False
    return payload if _plain(body, set()) else False


_PLAIN_LEAVES = frozenset({"string", "integer", "long", "double", "float", "boolean"})


def _plain(shape: Shape, seen: set[str], *, top: bool = False) -> bool:
    """True when botocore's parse of ``shape`` is ``json.loads`` as the models read it."""
    if shape.name in seen:
        return True
    seen.add(shape.name)
    kind = shape.type_name
    if kind in _PLAIN_LEAVES:
        return not shape.serialization.get("jsonvalue")
    if kind == "list":
        return _plain(shape.member, seen)  # type: ignore[attr-defined]
    if kind == "map":
        return _plain(shape.key, seen) and _plain(shape.value, seen)  # type: ignore[attr-defined]
    if kind != "structure" or shape.is_document_type or shape.is_tagged_union:  # type: ignore[attr-defined]
        return False
    for name, member in shape.members.items():  # type: ignore[attr-defined]
        if member.serialization.get("name", name) != name:
            return False
        if top and member.serialization.get("location"):
            return False
        if not _plain(member, seen):
            return False
    return True


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
    if customized_response_dict is not None and _EXPECTED.get() == operation_model.name:
        plan = json_payload(operation_model)
        if plan is not False:
            parsed = _parse_object(operation_model, response_dict, body)
            customized_response_dict[ANSWER_KEY] = (plan, parsed, body)
            # Botocore's parse of nothing, at next to no cost: for a payload member, ``null``
            # (read as None at once; an empty body would still walk each member of the payload's
            # shape, ~15% of botocore's parse of a campaign); else an empty body.
            response_dict["body"] = b"null" if plan else b""
            return
    payload = payload_shape(operation_model.output_shape)
    if payload is not None and payload.type_name != "structure":
        return  # a blob or string payload is not JSON
    if _looks_whole(body):
        return
    _parse_object(operation_model, response_dict, body)


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
