"""Application and campaign metrics (KPIs): what the emulator counts, and how a query reads it.

No HTTP here. Two kinds of facts are counted:

- deliveries, in each app's ``KpiLedger``: ``record_delivery`` (one message to one endpoint, with
  its outcome), called by campaign runs today and by message delivery code later;
- engagement, read from the events ``put_events`` recorded (``App.events``): ``_email.open``,
  ``_email.click``, ``_email.complaint`` and ``_campaign.opened_notification``, attributed to a
  campaign by their ``campaign_id`` / ``campaign_activity_id`` attributes, as Pinpoint's SDKs send
  them. ``record_engagement`` adds the same facts directly.

``kpi_rows`` answers a query: the KPI names are those the developer guide lists ("Standard Amazon
Pinpoint analytics metrics"), each a base metric with an optional ``-grouped-by-<field>`` suffix;
rows are shaped as ``BaseKpiResult.Rows`` ("Using Amazon Pinpoint analytics query results").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone
from typing import Any, Literal

from pinpoint_sdk._limits import KPI_RETENTION_DAYS, MAX_KPI_RANGE_DAYS

from ._errors import bad_request

__all__ = [
    "APPLICATION_KPIS",
    "CAMPAIGN_KPIS",
    "Delivery",
    "Engagement",
    "KpiLedger",
    "Outcome",
    "date_range",
    "kpi_rows",
    "wire_time",
]

Outcome = Literal["DELIVERED", "HARD_BOUNCE", "SOFT_BOUNCE", "REJECTED", "FAILED"]
EngagementKind = Literal["OPEN", "CLICK", "COMPLAINT"]

#: Channel types whose messages are push notifications (for push open rates). ``PUSH`` stands
#: for a push platform an event does not name (``_campaign.opened_notification``).
PUSH_CHANNELS = frozenset(
    {"APNS", "APNS_SANDBOX", "APNS_VOIP", "APNS_VOIP_SANDBOX", "GCM", "ADM", "BAIDU", "PUSH"}
)


@dataclass(frozen=True)
class Delivery:
    """One message sent to one endpoint, and what became of it."""

    at: datetime
    channel: str
    endpoint_id: str
    outcome: Outcome = "DELIVERED"
    campaign_id: str | None = None
    activity_id: str | None = None
    journey_id: str | None = None
    #: ISO 3166-1 alpha-2 country of an SMS recipient; the price of the message in USD.
    country: str | None = None
    price: float | None = None
    #: Why delivery failed (an SMS error code), for ``txn-sms-error-distribution``.
    error: str | None = None

    @property
    def transactional(self) -> bool:
        """Sent directly (SendMessages, SendUsersMessages), not by a campaign or journey."""
        return self.campaign_id is None and self.journey_id is None


@dataclass(frozen=True)
class Engagement:
    """A recipient opened, clicked or complained about a message."""

    at: datetime
    kind: EngagementKind
    channel: str
    endpoint_id: str
    campaign_id: str | None = None
    activity_id: str | None = None
    journey_id: str | None = None

    @property
    def transactional(self) -> bool:
        return self.campaign_id is None and self.journey_id is None


@dataclass
class KpiLedger:
    """The deliveries and engagement an app recorded, oldest first."""

    deliveries: list[Delivery] = field(default_factory=list)
    engagement: list[Engagement] = field(default_factory=list)

    def record_delivery(self, delivery: Delivery) -> None:
        """Count one message (the seam for campaign, journey and direct delivery code)."""
        self.deliveries.append(delivery)

    def record_engagement(self, engagement: Engagement) -> None:
        self.engagement.append(engagement)


# -- facts from events -------------------------------------------------------------------------

#: Pinpoint's standard event types that count as engagement: type -> (kind, channel).
_ENGAGEMENT_EVENTS: Mapping[str, tuple[EngagementKind, str]] = {
    "_email.open": ("OPEN", "EMAIL"),
    "_email.click": ("CLICK", "EMAIL"),
    "_email.complaint": ("COMPLAINT", "EMAIL"),
    "_campaign.opened_notification": ("OPEN", "PUSH"),
}


def _moment(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def engagement_from_events(events: Iterable[Mapping[str, Any]]) -> list[Engagement]:
    """The engagement facts among events ``put_events`` recorded (see the module docstring)."""
    facts = []
    for event in events:
        known = _ENGAGEMENT_EVENTS.get(str(event.get("EventType")))
        moment = _moment(str(event.get("Timestamp", "")))
        if known is None or moment is None:
            continue
        attributes = event.get("Attributes") or {}
        facts.append(
            Engagement(
                at=moment,
                kind=known[0],
                channel=known[1],
                endpoint_id=str(event.get("EndpointId", "")),
                campaign_id=attributes.get("campaign_id"),
                activity_id=attributes.get("campaign_activity_id"),
                journey_id=attributes.get("journey_id"),
            )
        )
    return facts


# -- date ranges --------------------------------------------------------------------------------


def _parse_time(text: str, member: str) -> datetime:
    moment = _moment(text)
    if moment is None:
        raise bad_request(
            f"{member} must be an ISO 8601 date and time (2026-01-31T00:00:00Z), not {text[:40]!r}."
        )
    return moment


def date_range(start: str | None, end: str | None, now: datetime) -> tuple[datetime, datetime]:
    """The inclusive range a KPI query covers, with Pinpoint's defaults and limits.

    Without dates, the preceding 31 calendar days (today included); with only ``start``, up to
    now; with only ``end``, the 31 calendar days that end on it. A range spans at most 31
    calendar days and starts fewer than 90 days before today.
    """
    last = _parse_time(end, "end-time") if end else now
    if start:
        first = _parse_time(start, "start-time")
    else:
        day = last.astimezone(timezone.utc).date() - timedelta(days=MAX_KPI_RANGE_DAYS - 1)
        first = datetime.combine(day, time(), tzinfo=timezone.utc)
    if first > last:
        raise bad_request("start-time must not be later than end-time.")
    days = (last.astimezone(timezone.utc).date() - first.astimezone(timezone.utc).date()).days + 1
    if days > MAX_KPI_RANGE_DAYS:
        raise bad_request(
            f"The date range spans {days} calendar days; at most {MAX_KPI_RANGE_DAYS}."
        )
    if first < now - timedelta(days=KPI_RETENTION_DAYS):
        raise bad_request(
            f"start-time must be fewer than {KPI_RETENTION_DAYS} days before the current day."
        )
    return first, last


def wire_time(moment: datetime) -> str:
    """A range bound as the answer echoes it: ``2019-09-06T00:00:00Z``."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- metrics ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Facts:
    deliveries: list[Delivery]
    engagement: list[Engagement]


Metric = Callable[[_Facts], "float | None"]


def _count(n: int) -> float | None:
    # A count of nothing is "no data": Pinpoint answers it with empty Rows.
    return float(n) if n else None


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _sent(facts: _Facts, channels: Callable[[str], bool] = lambda _: True) -> list[Delivery]:
    return [d for d in facts.deliveries if channels(d.channel)]


def _delivered(deliveries: Iterable[Delivery]) -> list[Delivery]:
    return [d for d in deliveries if d.outcome == "DELIVERED"]


def _engaged(
    facts: _Facts, kind: EngagementKind, channels: Callable[[str], bool]
) -> list[Engagement]:
    return [e for e in facts.engagement if e.kind == kind and channels(e.channel)]


def _email(channel: str) -> bool:
    return channel == "EMAIL"


def _sms(channel: str) -> bool:
    return channel == "SMS"


def _push(channel: str) -> bool:
    return channel in PUSH_CHANNELS


def _unique(items: Iterable[Engagement]) -> int:
    """Messages engaged with: one per endpoint and campaign run, however many events."""
    return len({(e.endpoint_id, e.campaign_id, e.activity_id, e.journey_id) for e in items})


def _open_rate(channels: Callable[[str], bool]) -> Metric:
    return lambda f: _ratio(
        _unique(_engaged(f, "OPEN", channels)), len(_delivered(_sent(f, channels)))
    )


def _with_outcome(outcome: Outcome, channels: Callable[[str], bool]) -> Metric:
    return lambda f: _count(sum(1 for d in _sent(f, channels) if d.outcome == outcome))


def _engagement_count(kind: EngagementKind, channels: Callable[[str], bool]) -> Metric:
    return lambda f: _count(len(_engaged(f, kind, channels)))


def _engaged_endpoints(kind: EngagementKind, channels: Callable[[str], bool]) -> Metric:
    return lambda f: _count(len({e.endpoint_id for e in _engaged(f, kind, channels)}))


def _total_price(f: _Facts) -> float | None:
    prices = [d.price for d in _sent(f, _sms) if d.price is not None]
    return sum(prices) if prices else None


def _average_price(f: _Facts) -> float | None:
    prices = [d.price for d in _sent(f, _sms) if d.price is not None]
    return sum(prices) / len(prices) if prices else None


#: Base metric name -> how it is computed from the facts in scope.
_METRICS: Mapping[str, Metric] = {
    # campaigns (application and campaign metrics)
    "attempted-deliveries": lambda f: _count(len(f.deliveries)),
    "successful-deliveries": lambda f: _count(len(_delivered(f.deliveries))),
    "successful-delivery-rate": lambda f: _ratio(len(_delivered(f.deliveries)), len(f.deliveries)),
    "unique-deliveries": lambda f: _count(len({d.endpoint_id for d in _delivered(f.deliveries)})),
    "email-open-rate": _open_rate(_email),
    "push-open-rate": _open_rate(_push),
    "direct-email-opens": _engagement_count("OPEN", _email),
    "direct-push-opens": _engagement_count("OPEN", _push),
    "clicks": _engagement_count("CLICK", _email),
    "hard-bounce-rate": lambda f: _ratio(
        sum(1 for d in _sent(f, _email) if d.outcome == "HARD_BOUNCE"), len(_sent(f, _email))
    ),
    # transactional email
    "txn-emails-sent": lambda f: _count(len(_sent(f, _email))),
    "txn-emails-delivered": lambda f: _count(len(_delivered(_sent(f, _email)))),
    "txn-emails-delivery-rate": lambda f: _ratio(
        len(_delivered(_sent(f, _email))), len(_sent(f, _email))
    ),
    "txn-emails-hard-bounced": _with_outcome("HARD_BOUNCE", _email),
    "txn-emails-soft-bounced": _with_outcome("SOFT_BOUNCE", _email),
    "txn-emails-opened": lambda f: _count(_unique(_engaged(f, "OPEN", _email))),
    "txn-emails-unique-opens": _engaged_endpoints("OPEN", _email),
    "txn-emails-clicked": _engagement_count("CLICK", _email),
    "txn-emails-unique-clicks": _engaged_endpoints("CLICK", _email),
    "txn-emails-with-complaints": lambda f: _count(_unique(_engaged(f, "COMPLAINT", _email))),
    "txn-emails-complaint-rate": lambda f: _ratio(
        _unique(_engaged(f, "COMPLAINT", _email)), len(_sent(f, _email))
    ),
    # transactional SMS
    "txn-sms-sent": lambda f: _count(len(_sent(f, _sms))),
    "txn-sms-delivered": lambda f: _count(len(_delivered(_sent(f, _sms)))),
    "txn-sms-delivery-rate": lambda f: _ratio(len(_delivered(_sent(f, _sms))), len(_sent(f, _sms))),
    "txn-sms-error-distribution": lambda f: _count(
        sum(1 for d in _sent(f, _sms) if d.outcome != "DELIVERED")
    ),
    "txn-sms-total-price": _total_price,
    "txn-sms-average-price": _average_price,
}

#: ``-grouped-by-<suffix>`` -> (GroupedBys.Key, how a fact names its group).
_GROUPS: Mapping[str, tuple[str, Callable[[Delivery | Engagement], str | None]]] = {
    "date": ("Date", lambda fact: fact.at.astimezone(timezone.utc).date().isoformat()),
    "campaign": ("CampaignId", lambda fact: fact.campaign_id),
    "campaign-activity": ("CampaignActivityId", lambda fact: fact.activity_id),
    "country": ("Country", lambda fact: fact.country if isinstance(fact, Delivery) else None),
    "error": ("ErrorCode", lambda fact: fact.error if isinstance(fact, Delivery) else None),
}

#: The application metrics the developer guide lists (campaigns, transactional email and SMS).
APPLICATION_KPIS: frozenset[str] = frozenset(
    {
        "successful-delivery-rate",
        "successful-delivery-rate-grouped-by-date",
        "email-open-rate",
        "email-open-rate-grouped-by-campaign",
        "unique-deliveries",
        "unique-deliveries-grouped-by-campaign",
        "unique-deliveries-grouped-by-date",
        "successful-deliveries-grouped-by-campaign",
        "push-open-rate",
        "push-open-rate-grouped-by-campaign",
        *(
            f"txn-emails-{base}{suffix}"
            for base in (
                "clicked",
                "complaint-rate",
                "with-complaints",
                "delivered",
                "delivery-rate",
                "hard-bounced",
                "opened",
                "sent",
                "soft-bounced",
                "unique-clicks",
                "unique-opens",
            )
            for suffix in ("", "-grouped-by-date")
        ),
        "txn-sms-average-price-grouped-by-country",
        "txn-sms-delivered",
        "txn-sms-delivered-grouped-by-country",
        "txn-sms-delivered-grouped-by-date",
        "txn-sms-error-distribution",
        "txn-sms-delivery-rate",
        "txn-sms-delivery-rate-grouped-by-date",
        "txn-sms-sent",
        "txn-sms-sent-grouped-by-country",
        "txn-sms-sent-grouped-by-date",
        "txn-sms-total-price-grouped-by-country",
    }
)

#: The campaign metrics the developer guide lists.
CAMPAIGN_KPIS: frozenset[str] = frozenset(
    {
        "hard-bounce-rate",
        "hard-bounce-rate-grouped-by-campaign-activity",
        "successful-delivery-rate",
        "successful-delivery-rate-grouped-by-campaign-activity",
        "successful-delivery-rate-grouped-by-date",
        "email-open-rate",
        "email-open-rate-grouped-by-campaign-activity",
        "direct-email-opens-grouped-by-campaign-activity",
        "unique-deliveries",
        "unique-deliveries-grouped-by-campaign-activity",
        "unique-deliveries-grouped-by-date",
        "clicks-grouped-by-campaign-activity",
        "successful-deliveries-grouped-by-campaign-activity",
        "attempted-deliveries-grouped-by-campaign-activity",
        "push-open-rate",
        "push-open-rate-grouped-by-campaign-activity",
        "direct-push-opens-grouped-by-campaign-activity",
    }
)


def _split(name: str) -> tuple[str, str | None]:
    base, _, group = name.partition("-grouped-by-")
    return base, group or None


def _value_key(base: str) -> str:
    """``txn-emails-sent`` -> ``TxnEmailsSent``: the ``Values.Key`` Pinpoint answers with."""
    return "".join(part.capitalize() for part in base.split("-"))


def _value(key: str, number: float) -> dict[str, str]:
    return {"Key": key, "Type": "Double", "Value": repr(float(number))}


def kpi_rows(
    name: str,
    *,
    scope: Literal["application", "campaign"],
    ledger: KpiLedger,
    events: Iterable[Mapping[str, Any]],
    start: datetime,
    end: datetime,
    campaign_id: str | None = None,
) -> list[dict[str, Any]]:
    """``BaseKpiResult.Rows`` for KPI ``name`` over ``[start, end]``.

    ``scope`` "application" counts campaign messages for campaign metrics and direct
    (transactional) messages for ``txn-`` metrics; "campaign" counts ``campaign_id``'s messages.
    A metric with no data answers no row (Pinpoint's "null"); grouped rows come in group order.
    """
    known = APPLICATION_KPIS if scope == "application" else CAMPAIGN_KPIS
    if name not in known:
        raise bad_request(
            f"KpiName {name[:80]!r} is not one of Pinpoint's {scope} metrics "
            "(see the developer guide, 'Standard Amazon Pinpoint analytics metrics')."
        )
    base, group = _split(name)
    metric = _METRICS[base]
    engagement = [*ledger.engagement, *engagement_from_events(events)]

    def wanted(fact: Delivery | Engagement) -> bool:
        if not start <= fact.at <= end:
            return False
        if scope == "campaign":
            return fact.campaign_id == campaign_id
        return fact.transactional if base.startswith("txn-") else fact.campaign_id is not None

    facts = _Facts(
        deliveries=[d for d in ledger.deliveries if wanted(d)],
        engagement=[e for e in engagement if wanted(e)],
    )
    key = _value_key(base)
    if base == "txn-sms-error-distribution":
        # The one grouped metric whose name does not say so: grouped by error code.
        group = "error"
    if group is None:
        number = metric(facts)
        return [] if number is None else [{"Values": [_value(key, number)]}]
    group_key, name_of = _GROUPS[group]
    every: list[Delivery | Engagement] = [*facts.deliveries, *facts.engagement]
    names = sorted({n for fact in every if (n := name_of(fact))})
    rows = []
    for value in names:
        number = metric(
            _Facts(
                deliveries=[d for d in facts.deliveries if name_of(d) == value],
                engagement=[e for e in facts.engagement if name_of(e) == value],
            )
        )
        if number is not None:
            rows.append(
                {
                    "GroupedBys": [{"Key": group_key, "Type": "String", "Value": value}],
                    "Values": [_value(key, number)],
                }
            )
    return rows
