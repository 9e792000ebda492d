"""A 2xx answer is read only when its body is the JSON object the operation answers with.

botocore's rest-json parser reads a body that is not JSON as ``{"message": <the body>}`` and a body
of another JSON kind as nothing, so a truncated or garbled 2xx answer would come back as a model
full of zero values, and some bodies (a JSON list, bytes that are not UTF-8) crash the parser with
an ``AttributeError`` or ``UnicodeDecodeError``. A ``before-parse`` handler on the boto3 client
sees the raw body first and raises ``errors.MalformedResponseError`` instead, never quoting the
body: it may hold credentials. (``before-parse`` arrived in botocore 1.35.16, hence the floor.)
"""

from __future__ import annotations

import json
import weakref
from typing import TYPE_CHECKING, Any

from pinpoint_sdk.errors import MalformedResponseError

if TYPE_CHECKING:
    from botocore.client import BaseClient
    from botocore.model import OperationModel, Shape

__all__ = ["payload_shape", "watch_answers"]

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
    client.meta.events.register(f"before-parse.{service_id}", _check_body, unique_id=_HANDLER_ID)
    _WATCHED.add(client)


def _check_body(operation_model: OperationModel, response_dict: dict[str, Any], **_: Any) -> None:
    status = response_dict.get("status_code", 0)
    body = response_dict.get("body")
    if not 200 <= status < 300 or not body or operation_model.has_streaming_output:
        return  # error answers are botocore's to parse; an empty body is an empty answer
    payload = payload_shape(operation_model.output_shape)
    if payload is not None and payload.type_name != "structure":
        return  # a blob or string payload is not JSON
    if _looks_whole(body):
        return
    try:
        parsed = json.loads(body)
    except ValueError:  # UnicodeDecodeError included
        got = "a body that is not JSON (cut short, or not JSON at all)"
    else:
        if isinstance(parsed, dict):
            return
        got = f"a JSON {_json_kind(parsed)}"
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
