"""Event streams: an app's one Kinesis data stream or Firehose delivery stream (put, get,
delete). Nothing is sent to it.

The ARNs are stored as given, not checked for form: Pinpoint checks the stream and the role when
it writes, by using them (that needs AWS, which the emulator does not have), and other people's
tests rely on that (moto's use ``"kinesis:arn"``). The emulator answers as Pinpoint does when the
stream and role work.
"""

from __future__ import annotations

from typing import Any

from .._errors import not_found
from .._state import App, Json
from ._common import Context, HandlerTable, find_app

__all__ = ["HANDLERS"]

HANDLERS = HandlerTable()
handler = HANDLERS.register


def _stream(app: App) -> Json:
    if app.event_stream is None:
        raise not_found(f"Application {app.id} has no event stream.")
    return app.event_stream


@handler("PutEventStream")
def put_event_stream(ctx: Context, params: dict[str, Any]) -> Json:
    app = find_app(ctx, params)
    request = params["WriteEventStream"]
    destination = request["DestinationStreamArn"]
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
