"""Recommenders, KPIs and in-app messages through the AWS CLI, once each, in one CLI process."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

from pinpoint_sdk.emulator import Emulator

from .cli_batch import run_cli

PERSONALIZE = "arn:aws:personalize:us-east-1:123456789012:campaign/recs"
ROLE = "arn:aws:iam::123456789012:role/pinpoint"
RECOMMENDER = {
    "RecommendationProviderUri": PERSONALIZE,
    "RecommendationProviderRoleArn": ROLE,
    "RecommendationsDisplayName": "Picks",
}


def test_the_cli_drives_recommenders_kpis_and_in_app_messages(
    raw: Any, app: str, emu: Emulator
) -> None:
    raw.update_endpoint(
        ApplicationId=app,
        EndpointId="phone",
        EndpointRequest={"ChannelType": "IN_APP", "Address": "device"},
    )
    segment = raw.create_segment(ApplicationId=app, WriteSegmentRequest={"Name": "all"})
    campaign = raw.create_campaign(
        ApplicationId=app,
        WriteCampaignRequest={
            "Name": "banner",
            "SegmentId": segment["SegmentResponse"]["Id"],
            "MessageConfiguration": {"InAppMessage": {"Layout": "TOP_BANNER", "Content": []}},
            "Schedule": {"StartTime": "IMMEDIATE", "Frequency": "IN_APP_EVENT"},
        },
    )["CampaignResponse"]
    existing = raw.create_recommender_configuration(CreateRecommenderConfiguration=RECOMMENDER)
    rid = existing["RecommenderConfigurationResponse"]["Id"]
    target = ["--application-id", app]
    # The module's emulator runs on the real clock: a range ending today.
    today = datetime.now(timezone.utc).date()
    start, end = f"{today - timedelta(days=7)}T00:00:00Z", f"{today}T00:00:00Z"
    results = run_cli(
        emu,
        [
            ["create-recommender-configuration", "--create-recommender-configuration",
             json.dumps({**RECOMMENDER, "Name": "cli"})],
            ["get-recommender-configuration", "--recommender-id", rid],
            ["get-recommender-configurations", "--page-size", "100"],
            ["update-recommender-configuration", "--recommender-id", rid,
             "--update-recommender-configuration",
             json.dumps({**RECOMMENDER, "RecommendationsPerMessage": 2})],
            ["delete-recommender-configuration", "--recommender-id", rid],
            ["get-application-date-range-kpi", *target, "--kpi-name", "unique-deliveries",
             "--start-time", start, "--end-time", end],
            ["get-campaign-date-range-kpi", *target, "--campaign-id", campaign["Id"],
             "--kpi-name", "successful-delivery-rate"],
            ["get-in-app-messages", *target, "--endpoint-id", "phone"],
        ],
    )  # fmt: skip
    created, got, listed, updated, deleted, app_kpi, campaign_kpi, in_app = [
        result.json() for result in results
    ]
    assert created["RecommenderConfigurationResponse"]["Name"] == "cli"
    assert got["RecommenderConfigurationResponse"]["Id"] == rid
    assert rid in [item["Id"] for item in listed["ListRecommenderConfigurationsResponse"]["Item"]]
    assert updated["RecommenderConfigurationResponse"]["RecommendationsPerMessage"] == 2
    assert deleted["RecommenderConfigurationResponse"]["Id"] == rid
    assert app_kpi["ApplicationDateRangeKpiResponse"]["KpiResult"] == {"Rows": []}
    assert app_kpi["ApplicationDateRangeKpiResponse"]["StartTime"] == start
    assert campaign_kpi["CampaignDateRangeKpiResponse"]["CampaignId"] == campaign["Id"]
    assert [c["CampaignId"] for c in in_app["InAppMessagesResponse"]["InAppMessageCampaigns"]] == [
        campaign["Id"]
    ]
