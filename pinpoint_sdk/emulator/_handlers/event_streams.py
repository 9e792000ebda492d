"""Event streams: an app's one Kinesis data stream or Firehose delivery stream (put, get,
delete). Nothing is sent to it; the ARNs are checked as Pinpoint checks them."""

from __future__ import annotations

import re
from typing import Any

from .._errors import bad_request, not_found
from .._imports import ROLE_ARN
from .._state import App, Json
from ._common import Context, HandlerTable, find_app

__all__ = ["HANDLERS"]

HANDLERS = HandlerTable()
handler = HANDLERS.register

# arn:aws:kinesis:us-east-1:123456789012:stream/name (names: 1-128 of [a-zA-Z0-9_.-])
# arn:aws:firehose:us-east-1:123456789012:deliverystream/name (names: 1-64 of the same)
_DESTINATION = re.compile(
    r"^arn:aws[a-z\-]*:(?:kinesis:[a-z0-9\-]+:\d{12}:stream/[\w.\-]{1,128}"
    r"|firehose:[a-z0-9\-]+:\d{12}:deliverystream/[\w.\-]{1,64})$",
    re.ASCII,
)


def _stream(app: App) -> Json:
    if app.event_stream is None:
        raise not_found(f"Application {app.id} has no event stream.")
    return app.event_stream


@handler("PutEventStream")
def put_event_stream(ctx: Context, params: dict[str, Any]) -> Json:
    app = find_app(ctx, params)
    request = params["WriteEventStream"]
    destination = request["DestinationStreamArn"]
    if not _DESTINATION.match(destination):
        raise bad_request(
            "WriteEventStream.DestinationStreamArn must be the ARN of a Kinesis data stream "
            "(arn:aws:kinesis:us-east-1:123456789012:stream/name) or of a Firehose delivery "
            "stream (arn:aws:firehose:us-east-1:123456789012:deliverystream/name), "
            f"not {destination[:120]!r}."
        )
    if not ROLE_ARN.match(request["RoleArn"]):
        raise bad_request(
            "WriteEventStream.RoleArn must be an IAM role ARN "
            f"(arn:aws:iam::123456789012:role/name), not {request['RoleArn'][:120]!r}."
        )
    app.event_stream = {
        "ApplicationId": app.id,
        "DestinationStreamArn": destination,
        "LastModifiedDate": ctx.state.now(),
        "RoleArn": request["RoleArn"],
    }
    return app.event_stream


@handler("GetEventStream")
def get_event_stream(ctx: Context, params: dict[str, Any]) -> Json:
    return _stream(find_app(ctx, params))


@handler("DeleteEventStream")
def delete_event_stream(ctx: Context, params: dict[str, Any]) -> Json:
    app = find_app(ctx, params)
    stream = _stream(app)
    app.event_stream = None
    return stream
