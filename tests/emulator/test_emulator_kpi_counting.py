"""The KPI counting itself (``_kpis.kpi_rows``), fed directly: no HTTP."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from pinpoint_sdk.emulator._errors import ServiceError
from pinpoint_sdk.emulator._kpis import (
    APPLICATION_KPIS,
    CAMPAIGN_KPIS,
    Delivery,
    Engagement,
    KpiLedger,
    Outcome,
    kpi_rows,
)

START = datetime(2026, 11, 1, tzinfo=timezone.utc)
END = datetime(2026, 11, 30, tzinfo=timezone.utc)
AT = datetime(2026, 11, 5, 10, tzinfo=timezone.utc)


def rows(ledger: KpiLedger, name: str, events: Any = (), **scope: Any) -> list[dict[str, Any]]:
    where = scope.pop("scope", "application")
    return kpi_rows(name, scope=where, ledger=ledger, events=events, start=START, end=END, **scope)


def flat(found: list[dict[str, Any]]) -> list[tuple[str | None, str]]:
    return [
        (row["GroupedBys"][0]["Value"] if "GroupedBys" in row else None, row["Values"][0]["Value"])
        for row in found
    ]


def sms(country: str, price: float, error: str | None = None) -> Delivery:
    outcome: Outcome = "FAILED" if error else "DELIVERED"
    return Delivery(
        at=AT,
        channel="SMS",
        endpoint_id=country,
        outcome=outcome,
        country=country,
        price=price,
        error=error,
    )


def test_sms_prices_group_by_country() -> None:
    ledger = KpiLedger([sms("US", 0.01), sms("US", 0.03), sms("FR", 0.07)])
    assert flat(rows(ledger, "txn-sms-total-price-grouped-by-country")) == [
        ("FR", "0.07"),
        ("US", "0.04"),
    ]
    assert flat(rows(ledger, "txn-sms-average-price-grouped-by-country")) == [
        ("FR", "0.07"),
        ("US", "0.02"),
    ]


def test_sms_errors_group_by_error_code() -> None:
    ledger = KpiLedger([sms("US", 0.01), sms("US", 0.0, "BLOCKED"), sms("FR", 0.0, "BLOCKED")])
    found = rows(ledger, "txn-sms-error-distribution")
    assert flat(found) == [("BLOCKED", "2.0")]
    assert found[0]["GroupedBys"][0]["Key"] == "ErrorCode"
    assert flat(rows(ledger, "txn-sms-delivery-rate")) == [(None, "0.3333333333333333")]


def test_email_open_rate_counts_one_open_per_message() -> None:
    deliveries = [
        Delivery(at=AT, channel="EMAIL", endpoint_id=e, campaign_id="c", activity_id="r1")
        for e in ("a", "b", "c", "d")
    ]
    opens = [
        Engagement(at=AT, kind="OPEN", channel="EMAIL", endpoint_id=e, campaign_id="c")
        for e in ("a", "a", "b")
    ]
    ledger = KpiLedger(deliveries, opens)
    assert flat(rows(ledger, "email-open-rate")) == [(None, "0.5")]
    assert flat(rows(ledger, "email-open-rate-grouped-by-campaign")) == [("c", "0.5")]


def test_email_events_from_put_events_count_as_transactional_opens_and_clicks() -> None:
    events = [
        {"EventType": "_email.open", "Timestamp": "2026-11-05T10:00:00Z", "EndpointId": "a"},
        {"EventType": "_email.click", "Timestamp": "2026-11-05T10:01:00Z", "EndpointId": "a"},
        {"EventType": "_email.click", "Timestamp": "2026-11-06T10:01:00Z", "EndpointId": "a"},
        {"EventType": "purchase", "Timestamp": "2026-11-05T10:02:00Z", "EndpointId": "a"},
    ]
    ledger = KpiLedger()
    assert flat(rows(ledger, "txn-emails-opened", events)) == [(None, "1.0")]
    assert flat(rows(ledger, "txn-emails-clicked-grouped-by-date", events)) == [
        ("2026-11-05", "1.0"),
        ("2026-11-06", "1.0"),
    ]
    assert flat(rows(ledger, "txn-emails-unique-clicks", events)) == [(None, "1.0")]


def test_facts_outside_the_range_are_left_out() -> None:
    before = Delivery(at=datetime(2026, 10, 31, 23, tzinfo=timezone.utc), channel="EMAIL",
                      endpoint_id="a")  # fmt: skip
    assert rows(KpiLedger([before]), "txn-emails-sent") == []


def test_a_campaign_counts_only_its_own_messages() -> None:
    ledger = KpiLedger(
        [
            Delivery(at=AT, channel="GCM", endpoint_id="a", campaign_id="mine", activity_id="r"),
            Delivery(at=AT, channel="GCM", endpoint_id="b", campaign_id="other", activity_id="s"),
            Delivery(at=AT, channel="GCM", endpoint_id="c"),
        ]
    )
    found = rows(
        ledger,
        "attempted-deliveries-grouped-by-campaign-activity",
        scope="campaign",
        campaign_id="mine",
    )
    assert flat(found) == [("r", "1.0")]


def test_every_listed_name_has_a_metric_and_a_grouping() -> None:
    ledger = KpiLedger([sms("US", 0.01), Delivery(at=AT, channel="EMAIL", endpoint_id="e")])
    for name in sorted(APPLICATION_KPIS):
        rows(ledger, name)  # a base metric or grouping missing from the tables raises KeyError
    for name in sorted(CAMPAIGN_KPIS):
        rows(ledger, name, scope="campaign", campaign_id="c")


def test_an_unlisted_name_is_refused() -> None:
    with pytest.raises(ServiceError, match="not one of Pinpoint's campaign metrics"):
        rows(KpiLedger(), "txn-emails-sent", scope="campaign", campaign_id="c")
