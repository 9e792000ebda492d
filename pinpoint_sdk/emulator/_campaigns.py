"""Campaign scheduling: when a campaign is due, its state, and what one run records.

No HTTP here: the campaign handlers (``_handlers/campaigns.py``) and ``Emulator.run_campaign``
call these with the state's lock held.
"""

from __future__ import annotations

from datetime import datetime, timezone

from ._endpoints import segment_endpoint_ids
from ._errors import bad_request
from ._kpis import Delivery
from ._state import App, Campaign, Json, State, new_id

__all__ = ["run_campaign", "settle_campaign", "start_time"]


def start_time(schedule: Json) -> datetime | None:
    """When a schedule starts; None for ``IMMEDIATE``."""
    start = schedule["StartTime"]
    if start == "IMMEDIATE":
        return None
    try:
        moment = datetime.fromisoformat(start.replace("Z", "+00:00"))
    except ValueError:
        raise bad_request(
            f"Schedule.StartTime must be IMMEDIATE or an ISO 8601 date, not {start[:40]!r}."
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def settle_campaign(state: State, app: App, campaign: Campaign) -> None:
    """Set the campaign's state and run it when it is due (see docs/emulator.md)."""
    record = campaign.current
    status = (record.get("State") or {}).get("CampaignStatus")
    schedule = record.get("Schedule")
    if record.get("IsPaused"):
        status = "PAUSED"
    elif status == "COMPLETED":
        pass
    elif schedule is None or schedule.get("Frequency") in ("EVENT", "IN_APP_EVENT"):
        status = "SCHEDULED"
    else:
        start = start_time(schedule)
        if start is None or start <= state.now_datetime():
            run_campaign(state, app, campaign)
            return
        status = "SCHEDULED"
    record["State"] = {"CampaignStatus": status}
    record["DefaultState"] = {"CampaignStatus": status}


def run_campaign(state: State, app: App, campaign: Campaign) -> Json:
    """Run a campaign once: record an activity counting its segment's endpoints."""
    record = campaign.current
    segment = app.segments.get(record["SegmentId"])
    endpoint_ids: list[str] = []
    if segment is not None and record["SegmentVersion"] <= len(segment.versions):
        version = segment.versions[record["SegmentVersion"] - 1]
        endpoint_ids = segment_endpoint_ids(app, version, segment.endpoint_ids)
    reachable = [
        eid
        for eid in endpoint_ids
        if app.endpoints[eid].get("EndpointStatus") == "ACTIVE"
        and app.endpoints[eid].get("OptOut") != "ALL"
    ]
    now = state.now()
    schedule = record.get("Schedule") or {}
    start = schedule.get("StartTime")
    activity: Json = {
        "ApplicationId": app.id,
        "CampaignId": campaign.id,
        "Id": new_id(),
        "Start": now,
        "End": now,
        "Result": "SUCCESS",
        "ScheduledStart": now if start in (None, "IMMEDIATE") else start,
        "State": "COMPLETED",
        "SuccessfulEndpointCount": len(reachable),
        "TotalEndpointCount": len(endpoint_ids),
        "TimezonesCompletedCount": 1,
        "TimezonesTotalCount": 1,
        "TreatmentId": "0",
    }
    campaign.activities.append(activity)
    # What the KPI operations count; message delivery, when it lands, records its own outcomes.
    for eid in reachable:
        app.kpis.record_delivery(
            Delivery(
                at=state.now_datetime(),
                channel=str(app.endpoints[eid].get("ChannelType", "")),
                endpoint_id=eid,
                campaign_id=campaign.id,
                activity_id=activity["Id"],
            )
        )
    recurring = schedule.get("Frequency", "ONCE") != "ONCE"
    status = "PENDING_NEXT_RUN" if recurring else "COMPLETED"
    record["State"] = {"CampaignStatus": status}
    record["DefaultState"] = {"CampaignStatus": status}
    return activity
