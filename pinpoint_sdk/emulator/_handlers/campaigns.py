"""Campaigns: a versioned resource, scheduled after every write (and run on the next look, never
inside the write), and their activities. The scheduling itself is in ``.._campaigns``."""

from __future__ import annotations

import copy
from typing import Any

from .._campaigns import settle_app_campaigns, settle_campaign, start_time
from .._errors import bad_request
from .._state import App, Campaign, Json
from ._common import Context, Handler, HandlerTable, find_app, page
from ._versioned import VersionedResource

__all__ = ["CAMPAIGNS", "HANDLERS"]

_CAMPAIGN_MEMBERS = (
    "CustomDeliveryConfiguration",
    "Description",
    "HoldoutPercent",
    "Hook",
    "IsPaused",
    "Limits",
    "MessageConfiguration",
    "Name",
    "Priority",
    "Schedule",
    "SegmentId",
    "SegmentVersion",
    "tags",
    "TemplateConfiguration",
    "TreatmentDescription",
    "TreatmentName",
)


def _campaign_fields(app: App, request: Json, record: Json) -> None:
    """Apply a WriteCampaignRequest to a campaign record, checking what the model cannot."""
    for name in _CAMPAIGN_MEMBERS:
        if request.get(name) is not None:
            record[name] = copy.deepcopy(request[name])
    segment_id = record.get("SegmentId")
    if not segment_id:
        raise bad_request("SegmentId is required: a campaign is sent to a segment.")
    segment = app.segments.get(segment_id)
    if segment is None:
        raise bad_request(f"Segment {segment_id[:64]!r} does not exist in application {app.id}.")
    if request.get("SegmentId") is not None and request.get("SegmentVersion") is None:
        record["SegmentVersion"] = len(segment.versions)
    if not 1 <= record["SegmentVersion"] <= len(segment.versions):
        raise bad_request(
            f"Segment {segment_id} has no version {record['SegmentVersion']} "
            f"(it has {len(segment.versions)})."
        )
    holdout = record.get("HoldoutPercent")
    if holdout is not None and not 0 <= holdout <= 100:
        raise bad_request("HoldoutPercent must be between 0 and 100.")
    if request.get("AdditionalTreatments") is not None:
        record["AdditionalTreatments"] = [
            {**copy.deepcopy(treatment), "Id": str(index)}
            for index, treatment in enumerate(request["AdditionalTreatments"], start=1)
        ]
    sizes = [int(t.get("SizePercent") or 0) for t in record.get("AdditionalTreatments") or []]
    if int(record.get("HoldoutPercent") or 0) + sum(sizes) > 100:
        raise bad_request(
            "HoldoutPercent plus the AdditionalTreatments' SizePercent add up to "
            f"{int(record.get('HoldoutPercent') or 0) + sum(sizes)}; at most 100."
        )
    schedule = record.get("Schedule")
    if schedule is not None:
        schedule.setdefault("IsLocalTime", False)
        start_time(schedule)


def _settle(ctx: Context, app: App, campaign: Campaign) -> None:
    # A write answers the campaign's status without running it: Pinpoint runs a campaign after
    # the request that writes it (asynchronously, within seconds), never inside it.
    settle_campaign(ctx.state, app, campaign, run=False)


CAMPAIGNS: VersionedResource[Campaign] = VersionedResource(
    noun="Campaign",
    collection=lambda app: app.campaigns,
    factory=Campaign,
    write=_campaign_fields,
    arn_part="campaigns",
    # Members Pinpoint's answers always carry, set or not (its documented outputs).
    create_fields={
        "AdditionalTreatments": [],
        "HoldoutPercent": 0,
        "IsPaused": False,
        "Limits": {},
        "tags": {},
        "TemplateConfiguration": {},
    },
    modified_on_create=True,
    settle=_settle,
)


def _settled(read: Handler) -> Handler:
    def settled(ctx: Context, params: dict[str, Any]) -> Json | None:
        settle_app_campaigns(ctx.state, find_app(ctx, params))
        return read(ctx, params)

    return settled


_handlers = CAMPAIGNS.handlers()
for _name in ("GetCampaign", "GetCampaigns", "GetCampaignVersion", "GetCampaignVersions"):
    _handlers[_name] = _settled(_handlers[_name])
HANDLERS = HandlerTable(_handlers)
handler = HANDLERS.register


@handler("GetCampaignActivities")
def get_campaign_activities(ctx: Context, params: dict[str, Any]) -> Json:
    app = find_app(ctx, params)
    campaign = CAMPAIGNS.find(app, params["CampaignId"])
    settle_campaign(ctx.state, app, campaign)
    return page(params, list(enumerate(campaign.activities)))
