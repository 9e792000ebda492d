"""Every channel, event stream, export and event operation through the AWS CLI, once each."""

from __future__ import annotations

import json
from typing import Any

from pinpoint_sdk.emulator import Emulator

from .cli_batch import run_cli

IDENTITY = "arn:aws:ses:us-east-1:123456789012:identity/example.com"
ROLE = "arn:aws:iam::123456789012:role/pinpoint"
KINESIS = "arn:aws:kinesis:us-east-1:123456789012:stream/events"
CERT = {"Certificate": "SECRET-CLI-CERT", "PrivateKey": "SECRET-CLI-KEY"}

#: (CLI noun, request option, response member, request, platform)
CHANNELS: list[tuple[str, str, str, dict[str, Any], str]] = [
    (
        "apns-sandbox",
        "--apns-sandbox-channel-request",
        "APNSSandboxChannelResponse",
        CERT,
        "APNS_SANDBOX",
    ),
    ("apns-voip", "--apns-voip-channel-request", "APNSVoipChannelResponse", CERT, "APNS_VOIP"),
    (
        "apns-voip-sandbox",
        "--apns-voip-sandbox-channel-request",
        "APNSVoipSandboxChannelResponse",
        CERT,
        "APNS_VOIP_SANDBOX",
    ),
    (
        "adm",
        "--adm-channel-request",
        "ADMChannelResponse",
        {"ClientId": "SECRET-CLI-ADM-ID", "ClientSecret": "SECRET-CLI-ADM"},
        "ADM",
    ),
    (
        "baidu",
        "--baidu-channel-request",
        "BaiduChannelResponse",
        {"ApiKey": "SECRET-CLI-BAIDU-API", "SecretKey": "SECRET-CLI-BAIDU-KEY"},
        "BAIDU",
    ),
    (
        "email",
        "--email-channel-request",
        "EmailChannelResponse",
        {"FromAddress": "news@example.com", "Identity": IDENTITY},
        "EMAIL",
    ),
    ("sms", "--sms-channel-request", "SMSChannelResponse", {"SenderId": "MyShop"}, "SMS"),
    ("voice", "--voice-channel-request", "VoiceChannelResponse", {"Enabled": True}, "VOICE"),
]


def test_the_cli_drives_channels_event_streams_exports_and_events(
    raw: Any, app: str, emu: Emulator
) -> None:
    segment = raw.create_segment(ApplicationId=app, WriteSegmentRequest={"Name": "s"})
    segment_id = segment["SegmentResponse"]["Id"]
    target = ["--application-id", app]
    commands: list[list[str]] = []
    for noun, option, _, request, _ in CHANNELS:
        commands.append([f"update-{noun}-channel", *target, option, json.dumps(request)])
        commands.append([f"get-{noun}-channel", *target])
    commands.append(["get-channels", *target])
    commands.extend([f"delete-{noun}-channel", *target] for noun, *_ in CHANNELS)
    stream = {"DestinationStreamArn": KINESIS, "RoleArn": ROLE}
    events = {
        "BatchItem": {
            "e1": {
                "Endpoint": {"ChannelType": "SMS", "Address": "+15555550100"},
                "Events": {"ev1": {"EventType": "purchase", "Timestamp": "2026-01-01T00:00:00Z"}},
            }
        }
    }
    export = {"S3UrlPrefix": f"s3://exports/cli/{app}/", "RoleArn": ROLE, "SegmentId": segment_id}
    commands += [
        ["put-event-stream", *target, "--write-event-stream", json.dumps(stream)],
        ["get-event-stream", *target],
        ["delete-event-stream", *target],
        ["put-events", *target, "--events-request", json.dumps(events)],
        ["create-export-job", *target, "--export-job-request", json.dumps(export)],
        ["get-export-jobs", *target],
        ["get-segment-export-jobs", *target, "--segment-id", segment_id],
    ]
    results = run_cli(emu, commands)
    answers = [result.json() for result in results]
    for result in results:
        assert "SECRET" not in result.stdout + result.stderr, result.command

    for index, (_, _, member, _, platform) in enumerate(CHANNELS):
        updated, got = answers[2 * index], answers[2 * index + 1]
        assert updated[member]["Platform"] == platform
        assert got[member] == updated[member]
    channels = answers[2 * len(CHANNELS)]["ChannelsResponse"]["Channels"]
    assert set(channels) == {platform for *_, platform in CHANNELS} | {"IN_APP"}
    deleted = answers[2 * len(CHANNELS) + 1 : 3 * len(CHANNELS) + 1]
    assert [
        answer[member]["Platform"]
        for answer, (_, _, member, _, _) in zip(deleted, CHANNELS, strict=True)
    ] == [platform for *_, platform in CHANNELS]
    put_stream, got_stream, deleted_stream, put_events, created, listed, segment_jobs = answers[
        3 * len(CHANNELS) + 1 :
    ]
    assert put_stream["EventStream"]["DestinationStreamArn"] == KINESIS
    assert got_stream == put_stream == deleted_stream
    assert put_events["EventsResponse"]["Results"]["e1"]["EventsItemResponse"]["ev1"] == {
        "Message": "Accepted",
        "StatusCode": 202,
    }
    job = created["ExportJobResponse"]
    assert (job["JobStatus"], job["Definition"]["SegmentId"]) == ("CREATED", segment_id)
    assert [item["Id"] for item in listed["ExportJobsResponse"]["Item"]] == [job["Id"]]
    assert [item["Id"] for item in segment_jobs["ExportJobsResponse"]["Item"]] == [job["Id"]]

    # get-export-job, once the job has been listed twice (INITIALIZING, PROCESSING): it writes.
    (final,) = run_cli(emu, [["get-export-job", *target, "--job-id", job["Id"]]])
    assert final.json()["ExportJobResponse"]["JobStatus"] == "COMPLETING"
    assert emu.object_keys("exports", f"cli/{app}/") == [f"cli/{app}/{job['Id']}/part-00000.gz"]
