"""GetInAppMessages: the in-app campaigns an endpoint is due to show, from the app's campaigns.

A campaign is answered for an endpoint when all of these hold:

- its current version has ``MessageConfiguration.InAppMessage``;
- it is active: not paused, not ``COMPLETED``, its ``Schedule.StartTime`` reached (or
  ``IMMEDIATE``) and its ``Schedule.EndTime`` not passed, on the emulator's clock;
- the endpoint is in the campaign's segment version, has ``ChannelType`` ``IN_APP``, is
  ``ACTIVE`` and has not opted out (``OptOut`` ``ALL``).

They come in priority order (``Priority`` 1 first; a campaign without one last), then oldest
campaign first, each as an ``InAppMessageCampaign``: the message, the campaign's ``Limits``
(``Daily``, ``Session``, ``Total``, 0 when unset) as caps, and its schedule's end, event filter
and quiet time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .._campaigns import start_time
from .._endpoints import segment_endpoint_ids
from .._errors import ServiceError, not_found
from .._state import App, Campaign, Json
from ._common import Context, HandlerTable, find_app

__all__ = ["HANDLERS", "in_app_campaigns"]

HANDLERS = HandlerTable()
handler = HANDLERS.register

_INACTIVE = frozenset({"COMPLETED", "PAUSED", "DELETED", "INVALID"})
_LOWEST_PRIORITY = 1_000_000


def _active(record: Json, now: datetime) -> bool:
    status = (record.get("State") or {}).get("CampaignStatus")
    if record.get("IsPaused") or status in _INACTIVE:
        return False
    schedule = record.get("Schedule") or {}
    if schedule.get("StartTime") is not None:
        start = start_time(schedule)
        if start is not None and start > now:
            return False
    end = schedule.get("EndTime")
    if end:
        try:
            finish = start_time({"StartTime": end})
        except ServiceError:
            # Campaign writes do not check EndTime; one that is not a date ends nothing.
            return True
        if finish is not None and finish < now:
            return False
    return True


def _reaches(app: App, record: Json, endpoint_id: str) -> bool:
    segment = app.segments.get(record.get("SegmentId") or "")
    version = record.get("SegmentVersion") or 0
    if segment is None or not 1 <= version <= len(segment.versions):
        return False
    selected = segment_endpoint_ids(app, segment.versions[version - 1], segment.endpoint_ids)
    return endpoint_id in selected


def _message(campaign: Campaign) -> Json:
    record = campaign.current
    in_app: Json = record["MessageConfiguration"]["InAppMessage"]
    limits = record.get("Limits") or {}
    schedule = record.get("Schedule") or {}
    message = {
        name: in_app[name] for name in ("Content", "CustomConfig", "Layout") if name in in_app
    }
    answer_schedule = {
        name: value
        for name, value in (
            ("EndDate", schedule.get("EndTime")),
            ("EventFilter", schedule.get("EventFilter")),
            ("QuietTime", schedule.get("QuietTime")),
        )
        if value is not None
    }
    answer: Json = {
        "CampaignId": campaign.id,
        "DailyCap": limits.get("Daily", 0),
        "InAppMessage": message,
        "Schedule": answer_schedule,
        "SessionCap": limits.get("Session", 0),
        "TotalCap": limits.get("Total", 0),
        "TreatmentId": "0",
    }
    if record.get("Priority") is not None:
        answer["Priority"] = record["Priority"]
    return answer


def _order(campaign: Campaign) -> tuple[int, int]:
    priority = campaign.current.get("Priority")
    return (_LOWEST_PRIORITY if priority is None else priority, campaign.seq)


def in_app_campaigns(app: App, endpoint_id: str, now: datetime) -> list[Json]:
    """The ``InAppMessageCampaign`` list for one endpoint (see the module docstring)."""
    endpoint = app.endpoints.get(endpoint_id)
    if endpoint is None:
        raise not_found(f"Endpoint {endpoint_id[:64]!r} not found in application {app.id}.")
    if (
        endpoint.get("ChannelType") != "IN_APP"
        or endpoint.get("EndpointStatus") != "ACTIVE"
        or endpoint.get("OptOut") == "ALL"
    ):
        return []
    due = [
        campaign
        for campaign in app.campaigns.values()
        if (campaign.current.get("MessageConfiguration") or {}).get("InAppMessage") is not None
        and _active(campaign.current, now)
        and _reaches(app, campaign.current, endpoint_id)
    ]
    due.sort(key=_order)
    return [_message(campaign) for campaign in due]


@handler("GetInAppMessages")
def get_in_app_messages(ctx: Context, params: dict[str, Any]) -> Json:
    app = find_app(ctx, params)
    now = ctx.state.now_datetime()
    return {"InAppMessageCampaigns": in_app_campaigns(app, params["EndpointId"], now)}
