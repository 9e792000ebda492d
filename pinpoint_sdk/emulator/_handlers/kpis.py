"""Application and campaign metrics (GetApplicationDateRangeKpi, GetCampaignDateRangeKpi).

What is counted and how is in ``.._kpis``; here the request is read (date range, page) and the
answer shaped as ``ApplicationDateRangeKpiResponse`` / ``CampaignDateRangeKpiResponse``.
"""

from __future__ import annotations

from typing import Any, Literal

from .._kpis import date_range, kpi_rows, wire_time
from .._state import Json, paginate
from ._common import Context, HandlerTable, find_app
from .campaigns import CAMPAIGNS

__all__ = ["HANDLERS"]

HANDLERS = HandlerTable()
handler = HANDLERS.register


def _answer(
    ctx: Context,
    params: dict[str, Any],
    scope: Literal["application", "campaign"],
    campaign_id: str | None = None,
) -> Json:
    app = find_app(ctx, params)
    start, end = date_range(
        params.get("StartTime"), params.get("EndTime"), ctx.state.now_datetime()
    )
    rows = kpi_rows(
        params["KpiName"],
        scope=scope,
        ledger=app.kpis,
        events=app.events,
        start=start,
        end=end,
        campaign_id=campaign_id,
    )
    page = paginate(list(enumerate(rows)), params.get("PageSize"), params.get("NextToken"))
    answer: Json = {
        "ApplicationId": app.id,
        "EndTime": wire_time(end),
        "KpiName": params["KpiName"],
        "KpiResult": {"Rows": page["Item"]},
        "StartTime": wire_time(start),
    }
    if campaign_id is not None:
        answer["CampaignId"] = campaign_id
    if "NextToken" in page:
        answer["NextToken"] = page["NextToken"]
    return answer


@handler("GetApplicationDateRangeKpi")
def get_application_date_range_kpi(ctx: Context, params: dict[str, Any]) -> Json:
    return _answer(ctx, params, "application")


@handler("GetCampaignDateRangeKpi")
def get_campaign_date_range_kpi(ctx: Context, params: dict[str, Any]) -> Json:
    campaign = CAMPAIGNS.find(find_app(ctx, params), params["CampaignId"])
    return _answer(ctx, params, "campaign", campaign.id)
