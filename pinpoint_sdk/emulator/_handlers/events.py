"""PutEvents: events and the endpoint upserts they carry. The logic is in ``.._events``."""

from __future__ import annotations

from typing import Any

from .._events import put_events
from .._state import Json
from ._common import Context, HandlerTable, find_app

__all__ = ["HANDLERS"]

HANDLERS = HandlerTable()
handler = HANDLERS.register


@handler("PutEvents")
def put_events_(ctx: Context, params: dict[str, Any]) -> Json:
    app = find_app(ctx, params)
    batch = params["EventsRequest"]["BatchItem"]
    results = put_events(app, batch, now=ctx.state.now(), request_id=ctx.request_id)
    return {"Results": results}
