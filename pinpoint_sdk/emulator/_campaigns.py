"""Campaigns on the emulator's clock: when a campaign is due, who receives it, and what one run
records. No HTTP here: the campaign handlers (``_handlers/campaigns.py``), ``Emulator.run_due``
and ``Emulator.run_campaign`` call these with the state's lock held.

A run (one scheduled moment of the campaign's ``Schedule``):

1. evaluates the campaign's segment, at the version the campaign names, on the stored endpoints;
2. splits them deterministically with ``bucket(campaign_id, endpoint_id)`` (0-99, from SHA-256):
   buckets below ``HoldoutPercent`` are held out (receive nothing), the next ones go to each
   ``AdditionalTreatments`` entry in order (``SizePercent`` buckets each), the rest to the
   campaign's own message (treatment ``"0"``); an endpoint stays in its group on every run;
3. for each treatment, skips the endpoints in quiet time or over the limits (see ``_Rules``)
   and delivers one message to each of the others through ``deliver_to_endpoint``, rendered
   from the treatment's message configuration for the endpoint's channel, or its templates;
4. records one activity per treatment (``get_campaign_activities``) and one KPI delivery per
   message sent.
"""

from __future__ import annotations

import calendar
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from ._endpoints import segment_endpoint_ids
from ._errors import ServiceError, bad_request
from ._kpis import Delivery
from ._messaging import (
    ChosenTemplate,
    deliver_to_endpoint,
    over_cap,
    quiet_until,
    resolve_templates,
)
from ._state import App, Campaign, Json, State, iso, new_id

__all__ = [
    "MAX_CATCH_UP_RUNS",
    "bucket",
    "direct_configuration",
    "end_time",
    "due_runs",
    "run_campaign",
    "settle_app_campaigns",
    "settle_campaign",
    "start_time",
]

#: Runs one look at a campaign starts at most, however far the clock moved: a clock moved years
#: past an HOURLY campaign runs only the latest ones that came due.
MAX_CATCH_UP_RUNS = 1000
_STEPS = {
    "HOURLY": timedelta(hours=1),
    "DAILY": timedelta(days=1),
    "WEEKLY": timedelta(weeks=1),
}
_RECURRING = frozenset({*_STEPS, "MONTHLY"})
#: Push platforms: their member of a campaign's MessageConfiguration.
_PUSH_MEMBERS = {
    "GCM": "GCMMessage",
    "APNS": "APNSMessage",
    "APNS_SANDBOX": "APNSMessage",
    "APNS_VOIP": "APNSMessage",
    "APNS_VOIP_SANDBOX": "APNSMessage",
    "ADM": "ADMMessage",
    "BAIDU": "BaiduMessage",
}


def start_time(schedule: Json) -> datetime | None:
    """When a schedule starts; None for ``IMMEDIATE``."""
    return _time(schedule["StartTime"], "Schedule.StartTime", immediate=True)


def end_time(schedule: Json) -> datetime | None:
    """When a schedule ends; None when it names no ``EndTime``, or one that is not a date
    (campaign writes do not check it, as ``get_in_app_messages`` reads it too: it ends nothing)."""
    if schedule.get("EndTime") is None:
        return None
    try:
        return _time(schedule["EndTime"], "Schedule.EndTime")
    except ServiceError:
        return None


def _time(value: Any, member: str, *, immediate: bool = False) -> datetime | None:
    if immediate and value == "IMMEDIATE":
        return None
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        expected = "IMMEDIATE or an ISO 8601 date" if immediate else "an ISO 8601 date"
        raise bad_request(f"{member} must be {expected}, not {str(value)[:40]!r}.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def bucket(campaign_id: str, endpoint_id: str) -> int:
    """The endpoint's bucket (0-99) in a campaign: the first 8 bytes of
    ``sha256(f"{campaign_id}:{endpoint_id}")`` as a big-endian integer, modulo 100."""
    digest = hashlib.sha256(f"{campaign_id}:{endpoint_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 100


# -- the schedule ----------------------------------------------------------------------------


#: A moment no clock reaches: an occurrence past the year 9999.
_NEVER = datetime.max.replace(tzinfo=timezone.utc)


def _occurrence(anchor: datetime, frequency: str, index: int) -> datetime:
    if frequency == "MONTHLY":
        months = anchor.month - 1 + index
        year, month = anchor.year + months // 12, months % 12 + 1
        if year > datetime.max.year:
            return _NEVER
        # The 31st of a shorter month is its last day.
        day = min(anchor.day, calendar.monthrange(year, month)[1])
        return anchor.replace(year=year, month=month, day=day)
    try:
        return anchor + _STEPS[frequency] * index
    except OverflowError:
        return _NEVER


def _first_after(anchor: datetime, frequency: str, moment: datetime) -> int:
    """The index of the first occurrence later than ``moment``."""
    if moment < anchor:
        return 0
    if frequency == "MONTHLY":
        index = max((moment.year - anchor.year) * 12 + moment.month - anchor.month - 1, 0)
    else:
        index = int((moment - anchor) / _STEPS[frequency])
    while _occurrence(anchor, frequency, index) <= moment < _NEVER:
        index += 1
    return index


def _last_run(campaign: Campaign) -> datetime | None:
    moments = [_time(a["ScheduledStart"], "ScheduledStart") for a in campaign.activities]
    return max((m for m in moments if m is not None), default=None)


def _first_run(campaign: Campaign) -> datetime | None:
    moments = [_time(a["ScheduledStart"], "ScheduledStart") for a in campaign.activities]
    return min((m for m in moments if m is not None), default=None)


def due_runs(state: State, campaign: Campaign) -> list[datetime]:
    """The scheduled moments of the runs a campaign owes by the emulator's clock, oldest first
    (at most ``MAX_CATCH_UP_RUNS``, the latest ones)."""
    record = campaign.current
    schedule = record.get("Schedule") or {}
    frequency = schedule.get("Frequency", "ONCE")
    now = state.now_datetime()
    start = start_time(schedule) if schedule.get("StartTime") else None
    end = end_time(schedule)
    # IMMEDIATE: the first run is when the campaign was first settled, the next ones follow it.
    anchor = start or _first_run(campaign) or now
    last = _last_run(campaign)
    if frequency not in _RECURRING:
        return [anchor] if last is None and anchor <= now else []
    first = 0 if last is None else _first_after(anchor, frequency, last)
    after_now = _first_after(anchor, frequency, now)
    first = max(first, after_now - MAX_CATCH_UP_RUNS)
    moments = [_occurrence(anchor, frequency, i) for i in range(first, after_now)]
    return [m for m in moments if m < _NEVER and (end is None or m < end)]


def _finished(state: State, campaign: Campaign) -> bool:
    record = campaign.current
    schedule = record.get("Schedule") or {}
    frequency = schedule.get("Frequency", "ONCE")
    if frequency not in _RECURRING:
        return bool(campaign.activities)
    end = end_time(schedule)
    if end is None:
        return False
    start = start_time(schedule) if schedule.get("StartTime") else None
    anchor = start or _first_run(campaign) or state.now_datetime()
    upcoming = _first_after(anchor, frequency, state.now_datetime())
    return _occurrence(anchor, frequency, upcoming) >= end


def settle_app_campaigns(state: State, app: App) -> None:
    """Bring every campaign of the app up to the emulator's clock (``settle_campaign``), in the
    order they were created, so that what a read answers is what the clock says."""
    for campaign in list(app.campaigns.values()):
        # A steady one would be settled into what it is (``Campaign.steady``): passed over. In
        # an app of thousands most are (a page of 100 of 1,000 campaigns: 5.8 -> 2.2 ms).
        if campaign.steady is not campaign.versions[-1]:
            settle_campaign(state, app, campaign)


def settle_campaign(state: State, app: App, campaign: Campaign, *, run: bool = True) -> None:
    """Run every run the campaign owes by the emulator's clock, then set its state: ``PAUSED``,
    ``SCHEDULED`` (nothing run yet, or an ``EVENT`` campaign), ``PENDING_NEXT_RUN`` (a recurring
    campaign between runs) or ``COMPLETED`` (``ONCE`` after its run, or past ``EndTime``).

    ``run=False`` sets the state without running anything: what a create or update answers, as
    Pinpoint answers a write with the campaign scheduled and runs it afterwards (its own
    examples show ``SCHEDULED`` in the answer to an ``IMMEDIATE`` create). The runs owed then
    run on the next look: the ticker, a ``ManualClock`` move, ``run_due`` or a campaign read."""
    record = campaign.current
    status = (record.get("State") or {}).get("CampaignStatus")
    schedule = record.get("Schedule")
    steady = True
    if record.get("IsPaused"):
        status = "PAUSED"
    elif status == "COMPLETED":
        pass
    elif schedule is None or schedule.get("Frequency") in ("EVENT", "IN_APP_EVENT"):
        status = "SCHEDULED"
    elif not run:
        status = "PENDING_NEXT_RUN" if campaign.activities else "SCHEDULED"
        steady = False  # its runs are owed: the next look runs them
    else:
        for moment in due_runs(state, campaign):
            run_campaign(state, app, campaign, scheduled=moment)
        if _finished(state, campaign):
            status = "COMPLETED"
        else:
            status = "PENDING_NEXT_RUN" if campaign.activities else "SCHEDULED"
            steady = False  # the clock brings its next run
    _set_status(record, status)
    campaign.steady = record if steady else None


def _set_status(record: Json, status: str | None) -> None:
    record["State"] = {"CampaignStatus": status}
    record["DefaultState"] = {"CampaignStatus": status}


# -- one run ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Treatment:
    id: str
    message: Json
    templates: Json


def _treatments(record: Json) -> tuple[list[tuple[_Treatment, int]], _Treatment]:
    """(treatment, SizePercent) of every additional treatment, and the campaign's own."""
    own = _Treatment(
        "0", record.get("MessageConfiguration") or {}, record.get("TemplateConfiguration") or {}
    )
    extra = [
        (
            _Treatment(
                str(t["Id"]),
                t.get("MessageConfiguration") or own.message,
                t.get("TemplateConfiguration") or own.templates,
            ),
            int(t.get("SizePercent") or 0),
        )
        for t in record.get("AdditionalTreatments") or []
    ]
    return extra, own


def assign(campaign_id: str, record: Json, endpoint_ids: list[str]) -> dict[str, list[str]]:
    """Treatment id -> its endpoints (held-out endpoints are in none), in id order."""
    extra, own = _treatments(record)
    holdout = int(record.get("HoldoutPercent") or 0)
    groups: dict[str, list[str]] = {treatment.id: [] for treatment, _ in extra}
    groups[own.id] = []
    for endpoint_id in endpoint_ids:
        place = bucket(campaign_id, endpoint_id)
        if place < holdout:
            continue
        edge = holdout
        chosen = own.id
        for treatment, size in extra:
            edge += size
            if place < edge:
                chosen = treatment.id
                break
        groups[chosen].append(endpoint_id)
    return groups


def direct_configuration(message: Json, channel: str) -> Json:
    """What a campaign's MessageConfiguration says to one channel, as the
    DirectMessageConfiguration ``deliver_to_endpoint`` composes from."""
    default = message.get("DefaultMessage") or {}
    config: Json = {}
    if default:
        config["DefaultMessage"] = {"Body": default.get("Body")}
    if channel in _PUSH_MEMBERS:
        member = _PUSH_MEMBERS[channel]
        if default:
            config["DefaultPushNotificationMessage"] = {
                "Title": default.get("Title"),
                "Body": default.get("Body"),
            }
        own = message.get(member) or {}
        if own:
            config[member] = {
                name: own[name] for name in ("Title", "Body", "RawContent") if own.get(name)
            }
    elif channel == "EMAIL":
        own = message.get("EmailMessage") or {}
        simple: Json = {}
        subject = own.get("Title") or default.get("Title")
        if subject:
            simple["Subject"] = {"Data": subject}
        if own.get("Body"):
            simple["TextPart"] = {"Data": own["Body"]}
        if own.get("HtmlBody"):
            simple["HtmlPart"] = {"Data": own["HtmlBody"]}
        if simple:
            config["EmailMessage"] = {"SimpleEmail": simple}
    elif channel == "SMS":
        own = message.get("SMSMessage") or {}
        if own.get("Body"):
            config["SMSMessage"] = {"Body": own["Body"]}
    elif channel == "CUSTOM":
        data = (message.get("CustomMessage") or {}).get("Data")
        if data:
            config["DefaultMessage"] = {"Body": data}
    return config


@dataclass(frozen=True)
class _Rules:
    """Quiet time and limits that apply to a run (the campaign's, else the app's)."""

    quiet_start: str | None
    quiet_end: str | None
    daily: int
    total: int
    #: Messages one run may send: MessagesPerSecond x MaximumDuration (0: no cap).
    per_run: int

    @classmethod
    def of(cls, record: Json, settings: Json) -> _Rules:
        schedule = record.get("Schedule") or {}
        quiet = schedule.get("QuietTime") or {}
        if not (quiet.get("Start") and quiet.get("End")):
            quiet = settings.get("QuietTime") or {}
        limits: Mapping[str, Any] = {
            **(settings.get("Limits") or {}),
            **{k: v for k, v in (record.get("Limits") or {}).items() if v},
        }
        rate, duration = limits.get("MessagesPerSecond"), limits.get("MaximumDuration")
        return cls(
            quiet_start=quiet.get("Start") or None,
            quiet_end=quiet.get("End") or None,
            daily=int(limits.get("Daily") or 0),
            total=int(limits.get("Total") or 0),
            per_run=int(rate) * int(duration) if rate and duration else 0,
        )

    def quiet(self, endpoint: Json, moment: datetime) -> bool:
        """Whether ``moment`` falls in quiet time for the endpoint (see ``quiet_until``)."""
        return quiet_until(self.quiet_start, self.quiet_end, endpoint, moment) is not None


def _history(app: App, campaign_id: str, rules: _Rules) -> dict[str, list[datetime]]:
    """Endpoint id -> when this campaign delivered to it (what its limits count), read once per
    run from the KPI ledger (which ``emu.outbox.clear()`` does not touch)."""
    sent: dict[str, list[datetime]] = {}
    if rules.daily or rules.total:
        for d in app.kpis.deliveries:
            if d.campaign_id == campaign_id and d.outcome == "DELIVERED":
                sent.setdefault(d.endpoint_id, []).append(d.at)
    return sent


def _over_limits(sent: list[datetime], rules: _Rules, at: datetime) -> bool:
    return over_cap(sent, at, rules.total) or over_cap(sent, at, rules.daily, timedelta(hours=24))


def run_campaign(
    state: State, app: App, campaign: Campaign, *, scheduled: datetime | None = None
) -> Json:
    """Run a campaign once for its run at ``scheduled`` (default: now), delivering to its
    segment; returns the activity of its own treatment (``"0"``)."""
    record = campaign.current
    campaign.steady = None  # a run by hand sets the status itself: the next settle looks again
    now = state.now_datetime()
    moment = scheduled or now
    segment = app.segments.get(record["SegmentId"])
    endpoint_ids: list[str] = []
    if segment is not None and record["SegmentVersion"] <= len(segment.versions):
        version = segment.versions[record["SegmentVersion"] - 1]
        endpoint_ids = segment_endpoint_ids(app, version, segment.endpoint_ids)
    groups = assign(campaign.id, record, endpoint_ids)
    extra, own = _treatments(record)
    rules = _Rules.of(record, app.settings)
    # An endpoint is in one treatment and gets one message per run: the history read before
    # the run is the one its limits count.
    history = _history(app, campaign.id, rules)
    activities: dict[str, Json] = {}
    for treatment in [own, *(t for t, _ in extra)]:
        activities[treatment.id] = _run_treatment(
            state, app, campaign, treatment, groups[treatment.id], rules, history, moment
        )
    if scheduled is None:  # run by hand (Emulator.run_campaign), whatever the schedule says
        frequency = (record.get("Schedule") or {}).get("Frequency", "ONCE")
        _set_status(record, "PENDING_NEXT_RUN" if frequency in _RECURRING else "COMPLETED")
    return activities[own.id]


def _run_treatment(
    state: State,
    app: App,
    campaign: Campaign,
    treatment: _Treatment,
    endpoint_ids: list[str],
    rules: _Rules,
    history: Mapping[str, list[datetime]],
    moment: datetime,
) -> Json:
    activity_id = new_id()
    started = state.now()
    result = "SUCCESS"
    successful = 0
    templates: Mapping[str, ChosenTemplate] = {}
    try:
        templates = resolve_templates(state, treatment.templates, "TemplateConfiguration")
    except ServiceError:
        result = "FAIL"  # a template the campaign names is gone: nothing can be rendered
    attempted = 0
    for endpoint_id in endpoint_ids if result == "SUCCESS" else []:
        endpoint = app.endpoints[endpoint_id]
        if rules.quiet(endpoint, moment) or _over_limits(
            history.get(endpoint_id, []), rules, moment
        ):
            continue
        if rules.per_run and attempted >= rules.per_run:
            continue  # MaximumDuration ran out at MessagesPerSecond
        channel = str(endpoint.get("ChannelType", ""))
        answer = deliver_to_endpoint(
            state,
            app,
            endpoint_id,
            direct_configuration(treatment.message, channel),
            templates,
            request_id=activity_id,
            campaign_id=campaign.id,
        )
        status = answer["DeliveryStatus"]
        if status in ("OPT_OUT",) or endpoint.get("EndpointStatus") == "INACTIVE":
            continue
        attempted += 1
        successful += status == "SUCCESSFUL"
        app.kpis.record_delivery(
            Delivery(
                at=moment,
                channel=channel,
                endpoint_id=endpoint_id,
                outcome="DELIVERED" if status == "SUCCESSFUL" else "FAILED",
                campaign_id=campaign.id,
                activity_id=activity_id,
            )
        )
    activity: Json = {
        "ApplicationId": app.id,
        "CampaignId": campaign.id,
        "Id": activity_id,
        "Start": started,
        "End": state.now(),
        "Result": result,
        "ScheduledStart": iso(moment),
        "State": "COMPLETED",
        "SuccessfulEndpointCount": successful,
        "TotalEndpointCount": len(endpoint_ids),
        "TimezonesCompletedCount": 1,
        "TimezonesTotalCount": 1,
        "TreatmentId": treatment.id,
    }
    campaign.activities.append(activity)
    return activity
