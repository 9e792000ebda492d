"""Tags of the resources an ARN can name: apps, segments, campaigns, journeys and message
templates (``arn:aws:mobiletargeting:REGION:ACCOUNT:templates/NAME/TYPE``)."""

from __future__ import annotations

from typing import Any

from .._errors import not_found
from .._state import Json
from ._common import Context, HandlerTable

__all__ = ["HANDLERS"]

HANDLERS = HandlerTable()
handler = HANDLERS.register


def _tagged_records(ctx: Context, arn: str) -> list[Json]:
    """The records holding the ``tags`` an ARN names: a template's are on each of its versions
    (every version answers them), anything else's on its one record."""
    prefix = ctx.state.arn("templates", "")
    parts = arn[len(prefix) :].split("/") if arn.startswith(prefix) else []
    if len(parts) == 2:
        template = ctx.state.templates.get((parts[1], parts[0]))
        if template is None:
            raise not_found(f"Resource {arn[:200]!r} not found.")
        return template.versions
    return [_tagged(ctx, arn)]


def _tagged(ctx: Context, arn: str) -> Json:
    """The record whose ``tags`` an ARN names: an app, a segment, a campaign or a journey."""
    prefix = ctx.state.arn("apps", "")
    parts = arn[len(prefix) :].split("/") if arn.startswith(prefix) else []
    app = ctx.state.apps.get(parts[0]) if parts else None
    record: Json | None = None
    if app is not None and len(parts) == 1:
        record = app.record
    elif app is not None and len(parts) == 3 and parts[1] == "segments":
        segment = app.segments.get(parts[2])
        record = segment.current if segment is not None else None
    elif app is not None and len(parts) == 3 and parts[1] == "campaigns":
        campaign = app.campaigns.get(parts[2])
        record = campaign.current if campaign is not None else None
    elif app is not None and len(parts) == 3 and parts[1] == "journeys":
        journey = app.journeys.get(parts[2])
        record = journey.record if journey is not None else None
    if record is None:
        raise not_found(f"Resource {arn[:200]!r} not found.")
    return record


@handler("ListTagsForResource")
def list_tags_for_resource(ctx: Context, params: dict[str, Any]) -> Json:
    return {"tags": dict(_tagged_records(ctx, params["ResourceArn"])[-1].get("tags") or {})}


@handler("TagResource")
def tag_resource(ctx: Context, params: dict[str, Any]) -> None:
    for record in _tagged_records(ctx, params["ResourceArn"]):
        record["tags"] = {**(record.get("tags") or {}), **params["TagsModel"]["tags"]}


@handler("UntagResource")
def untag_resource(ctx: Context, params: dict[str, Any]) -> None:
    for record in _tagged_records(ctx, params["ResourceArn"]):
        tags = dict(record.get("tags") or {})
        for key in params["TagKeys"]:
            tags.pop(key, None)
        record["tags"] = tags
