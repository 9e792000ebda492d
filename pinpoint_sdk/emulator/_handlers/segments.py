"""Segments: a versioned resource; import jobs also create them (``new_segment``)."""

from __future__ import annotations

import copy

from .._state import App, Json, Segment
from ._common import Context, HandlerTable
from ._versioned import VersionedResource

__all__ = ["HANDLERS", "SEGMENTS", "new_segment"]

_SEGMENT_MEMBERS = ("Dimensions", "Name", "SegmentGroups", "tags")


def _write_segment(app: App, request: Json, record: Json) -> None:
    for name in _SEGMENT_MEMBERS:
        if request.get(name) is not None:
            record[name] = copy.deepcopy(request[name])


def _put_fields(app: App, fields: Json, record: Json) -> None:
    record.update(copy.deepcopy(fields))


SEGMENTS: VersionedResource[Segment] = VersionedResource(
    noun="Segment",
    collection=lambda app: app.segments,
    factory=Segment,
    write=_write_segment,
    arn_part="segments",
    # tags: always in Pinpoint's answers, as for apps and campaigns.
    create_fields={"SegmentType": "DIMENSIONAL", "tags": {}},
)


def new_segment(ctx: Context, app: App, fields: Json, segment_type: str) -> Segment:
    """A new segment whose first version is ``fields`` as given (no request members checked)."""
    base = {"SegmentType": segment_type, "tags": {}}
    return SEGMENTS.create(ctx, app, fields, base, write=_put_fields)


HANDLERS = HandlerTable(SEGMENTS.handlers())
