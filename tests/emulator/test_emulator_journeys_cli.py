"""Every journey operation through the AWS CLI, once each, in one CLI process."""

from __future__ import annotations

import json
from typing import Any

from pinpoint_sdk.emulator import Emulator

from .cli_batch import run_cli


def test_the_cli_drives_every_journey_operation(raw: Any, app: str, emu: Emulator) -> None:
    segment_id = raw.create_segment(ApplicationId=app, WriteSegmentRequest={"Name": "s"})[
        "SegmentResponse"
    ]["Id"]
    request = {
        "Name": "cli-journey",
        "Activities": {"send": {"SMS": {"NextActivity": "pause"}}, "pause": {"Wait": {}}},
        "StartActivity": "send",
        "StartCondition": {"SegmentStartCondition": {"SegmentId": segment_id}},
        "RefreshFrequency": "PT1H",
    }
    published = raw.create_journey(
        ApplicationId=app, WriteJourneyRequest={**request, "State": "ACTIVE"}
    )["JourneyResponse"]["Id"]
    [run] = raw.get_journey_runs(ApplicationId=app, JourneyId=published)["JourneyRunsResponse"][
        "Item"
    ]
    target = ["--application-id", app, "--journey-id", published]
    arn = f"arn:aws:mobiletargeting:us-east-1:123456789012:apps/{app}/journeys/{published}"
    commands: list[list[str]] = [
        ["create-journey", "--application-id", app, "--write-journey-request", json.dumps(request)],
        ["get-journey", *target],
        ["list-journeys", "--application-id", app],
        [
            "update-journey",
            *target,
            "--write-journey-request",
            json.dumps({"Name": "renamed-by-cli"}),
        ],
        ["update-journey-state", *target, "--journey-state-request", '{"State": "PAUSED"}'],
        ["get-journey-runs", *target],
        ["get-journey-execution-metrics", *target],
        ["get-journey-execution-activity-metrics", *target, "--journey-activity-id", "send"],
        ["get-journey-run-execution-metrics", *target, "--run-id", run["RunId"]],
        [
            "get-journey-run-execution-activity-metrics",
            *target,
            "--run-id",
            run["RunId"],
            "--journey-activity-id",
            "send",
        ],
        ["get-journey-date-range-kpi", *target, "--kpi-name", "email-open-rate"],
        ["tag-resource", "--resource-arn", arn, "--tags-model", '{"tags": {"team": "growth"}}'],
        ["list-tags-for-resource", "--resource-arn", arn],
        ["delete-journey", *target],
    ]
    (
        created,
        got,
        listed,
        updated,
        paused,
        found_runs,
        metrics,
        activity_metrics,
        run_metrics,
        run_activity_metrics,
        kpi,
        tagged,
        tags,
        deleted,
    ) = [result.json() for result in run_cli(emu, commands)]
    assert created["JourneyResponse"]["State"] == "DRAFT"
    assert created["JourneyResponse"]["Name"] == "cli-journey"
    assert got["JourneyResponse"]["Id"] == published
    assert [j["Id"] for j in listed["JourneysResponse"]["Item"]] == [
        published,
        created["JourneyResponse"]["Id"],
    ]
    assert updated["JourneyResponse"]["Name"] == "renamed-by-cli"
    assert paused["JourneyResponse"]["State"] == "PAUSED"
    assert found_runs["JourneyRunsResponse"]["Item"] == [run]
    assert metrics["JourneyExecutionMetricsResponse"]["Metrics"] == {}
    assert activity_metrics["JourneyExecutionActivityMetricsResponse"]["ActivityType"] == "MESSAGE"
    assert run_metrics["JourneyRunExecutionMetricsResponse"]["RunId"] == run["RunId"]
    assert (
        run_activity_metrics["JourneyRunExecutionActivityMetricsResponse"]["JourneyActivityId"]
        == "send"
    )
    assert kpi["JourneyDateRangeKpiResponse"]["KpiResult"] == {"Rows": []}
    assert tagged is None
    assert tags["TagsModel"]["tags"] == {"team": "growth"}
    assert deleted["JourneyResponse"]["Id"] == published
