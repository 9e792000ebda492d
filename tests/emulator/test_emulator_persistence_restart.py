"""``Emulator(state_file=...)`` and ``--state-file``, through plain boto3: what was written before
``stop()`` reads back the same after a new start on the file, ids and order carry on, and a killed
emulator's file holds exactly the writes it acknowledged."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from pinpoint_sdk.emulator import Emulator, ManualClock, StateFileError
from pinpoint_sdk.emulator.__main__ import build_parser, emulator_from_args, main
from pinpoint_sdk.emulator.pytest_plugin import boto3_client_for

ROLE = "arn:aws:iam::123456789012:role/pinpoint"
SECRET_CERTIFICATE = "-----BEGIN CERTIFICATE-----SECRET-CERT-----END CERTIFICATE-----"
SECRET_KEY = "-----BEGIN PRIVATE KEY-----SECRET-KEY-----END PRIVATE KEY-----"
PHONE = "+12065550142"


def answer(response: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in response.items() if key != "ResponseMetadata"}


def build_everything(raw: Any, emu: Emulator) -> tuple[str, dict[str, str]]:
    """An app with a record of every kind, written through boto3; (app id, ids by kind)."""
    app = raw.create_app(CreateApplicationRequest={"Name": "kept", "tags": {"team": "a"}})
    app_id = app["ApplicationResponse"]["Id"]
    raw.update_application_settings(
        ApplicationId=app_id, WriteApplicationSettingsRequest={"CloudWatchMetricsEnabled": True}
    )
    raw.update_sms_channel(ApplicationId=app_id, SMSChannelRequest={"Enabled": True})
    raw.update_apns_channel(
        ApplicationId=app_id,
        APNSChannelRequest={"Certificate": SECRET_CERTIFICATE, "PrivateKey": SECRET_KEY},
    )
    raw.update_endpoints_batch(
        ApplicationId=app_id,
        EndpointBatchRequest={
            "Item": [
                {"Id": f"e{i}", "ChannelType": "SMS", "Address": PHONE, "User": {"UserId": "u1"}}
                for i in range(3)
            ]
        },
    )
    segment = raw.create_segment(
        ApplicationId=app_id, WriteSegmentRequest={"Name": "first", "Dimensions": {}}
    )["SegmentResponse"]["Id"]
    raw.update_segment(
        ApplicationId=app_id,
        SegmentId=segment,
        WriteSegmentRequest={"Name": "second", "Dimensions": {}},
    )
    campaign_request = {
        "Name": "later",
        "SegmentId": segment,
        "Schedule": {"StartTime": "2099-01-01T00:00:00Z"},
        "MessageConfiguration": {"SMSMessage": {"Body": "hello"}},
    }
    campaign = raw.create_campaign(ApplicationId=app_id, WriteCampaignRequest=campaign_request)
    campaign_id = campaign["CampaignResponse"]["Id"]
    raw.update_campaign(
        ApplicationId=app_id,
        CampaignId=campaign_id,
        WriteCampaignRequest={**campaign_request, "Name": "later-2"},
    )
    journey = raw.create_journey(
        ApplicationId=app_id,
        WriteJourneyRequest={
            "Name": "welcome",
            "StartActivity": "wait",
            "Activities": {"wait": {"Wait": {"WaitTime": {"WaitFor": "PT1H"}}}},
            "StartCondition": {"SegmentStartCondition": {"SegmentId": segment}},
        },
    )
    raw.create_sms_template(TemplateName="greeting", SMSTemplateRequest={"Body": "Hi {{Name}}"})
    raw.update_sms_template(
        TemplateName="greeting",
        SMSTemplateRequest={"Body": "Hello {{Name}}"},
        CreateNewVersion=True,
    )
    recommender = raw.create_recommender_configuration(
        CreateRecommenderConfiguration={
            "RecommendationProviderRoleArn": ROLE,
            "RecommendationProviderUri": "arn:aws:personalize:us-east-1:123456789012:campaign/x",
            "RecommendationsDisplayName": "Picks",
        }
    )
    emu.put_object("imports", "people.csv", b"ChannelType,Address,Id\nSMS,+12065550199,imported\n")
    raw.create_import_job(
        ApplicationId=app_id,
        ImportJobRequest={"Format": "CSV", "S3Url": "s3://imports/people.csv", "RoleArn": ROLE},
    )
    raw.create_export_job(
        ApplicationId=app_id, ExportJobRequest={"RoleArn": ROLE, "S3UrlPrefix": "s3://out/x/"}
    )
    emu.run_import_jobs()
    emu.run_export_jobs()
    raw.send_messages(
        ApplicationId=app_id,
        MessageRequest={
            "Endpoints": {"e0": {}},
            "MessageConfiguration": {"SMSMessage": {"Body": "sent before the restart"}},
        },
    )
    raw.put_events(
        ApplicationId=app_id,
        EventsRequest={
            "BatchItem": {
                "e0": {
                    "Endpoint": {},
                    "Events": {
                        "ev": {"EventType": "_email.open", "Timestamp": "2026-01-01T00:00:00Z"}
                    },
                }
            }
        },
    )
    ids = {
        "segment": segment,
        "campaign": campaign_id,
        "journey": journey["JourneyResponse"]["Id"],
        "recommender": recommender["RecommenderConfigurationResponse"]["Id"],
    }
    return app_id, ids


def reads(raw: Any, app: str, ids: dict[str, str]) -> dict[str, Callable[[], dict[str, Any]]]:
    """What a user reads back, by name."""
    arn = f"arn:aws:mobiletargeting:us-east-1:123456789012:apps/{app}"
    return {
        "app": lambda: raw.get_app(ApplicationId=app),
        "apps": lambda: raw.get_apps(),
        "settings": lambda: raw.get_application_settings(ApplicationId=app),
        "tags": lambda: raw.list_tags_for_resource(ResourceArn=arn),
        "channels": lambda: raw.get_channels(ApplicationId=app),
        "apns": lambda: raw.get_apns_channel(ApplicationId=app),
        "endpoint": lambda: raw.get_endpoint(ApplicationId=app, EndpointId="imported"),
        "user": lambda: raw.get_user_endpoints(ApplicationId=app, UserId="u1"),
        "segment versions": lambda: raw.get_segment_versions(
            ApplicationId=app, SegmentId=ids["segment"]
        ),
        "campaign versions": lambda: raw.get_campaign_versions(
            ApplicationId=app, CampaignId=ids["campaign"]
        ),
        "journey": lambda: raw.get_journey(ApplicationId=app, JourneyId=ids["journey"]),
        "template": lambda: raw.get_sms_template(TemplateName="greeting"),
        "template versions": lambda: raw.list_template_versions(
            TemplateName="greeting", TemplateType="SMS"
        ),
        "recommender": lambda: raw.get_recommender_configuration(RecommenderId=ids["recommender"]),
        "import jobs": lambda: raw.get_import_jobs(ApplicationId=app),
        "export jobs": lambda: raw.get_export_jobs(ApplicationId=app),
    }


def test_everything_written_reads_back_the_same_after_a_restart(tmp_path: Path) -> None:
    state_file = tmp_path / "state.db"
    with Emulator(state_file=state_file) as emu:
        raw = boto3_client_for(emu)
        app, ids = build_everything(raw, emu)
        before = {name: answer(read()) for name, read in reads(raw, app, ids).items()}
        outbox = emu.outbox.messages
        events = emu.events(app)
    assert [message.body for message in outbox] == ["sent before the restart"]

    with Emulator(state_file=state_file) as emu:
        raw = boto3_client_for(emu)
        after = {name: answer(read()) for name, read in reads(raw, app, ids).items()}
        assert after == before
        assert emu.outbox.messages == outbox
        assert emu.events(app) == events


def test_credentials_never_reach_the_file(tmp_path: Path) -> None:
    state_file = tmp_path / "state.db"
    with Emulator(state_file=state_file) as emu:
        build_everything(boto3_client_for(emu), emu)
    stored = b"".join(path.read_bytes() for path in tmp_path.iterdir())
    assert b"SECRET" not in stored
    assert b"greeting" in stored  # the file was read: it holds the rest


def test_ids_order_and_paging_tokens_carry_on_after_a_restart(tmp_path: Path) -> None:
    state_file = tmp_path / "state.db"
    with Emulator(state_file=state_file) as emu:
        raw = boto3_client_for(emu)
        old = [
            raw.create_app(CreateApplicationRequest={"Name": f"old-{i}"})["ApplicationResponse"]
            for i in range(3)
        ]
        first_page = raw.get_apps(PageSize="2")["ApplicationsResponse"]
        last_seq = emu.state.last_seq

    with Emulator(state_file=state_file) as emu:
        raw = boto3_client_for(emu)
        new = raw.create_app(CreateApplicationRequest={"Name": "new"})["ApplicationResponse"]
        assert emu.state.last_seq > last_seq
        rest = raw.get_apps(PageSize="2", Token=first_page["NextToken"])["ApplicationsResponse"]
        names = [item["Name"] for item in first_page["Item"] + rest["Item"]]
        assert names == ["old-0", "old-1", "old-2", "new"]
        assert new["Id"] not in {app["Id"] for app in old}


def test_a_deleted_app_stays_deleted(tmp_path: Path) -> None:
    state_file = tmp_path / "state.db"
    with Emulator(state_file=state_file) as emu:
        raw = boto3_client_for(emu)
        kept = raw.create_app(CreateApplicationRequest={"Name": "kept"})["ApplicationResponse"]
        gone = raw.create_app(CreateApplicationRequest={"Name": "gone"})["ApplicationResponse"]
        raw.delete_app(ApplicationId=gone["Id"])
    with Emulator(state_file=state_file) as emu:
        items = boto3_client_for(emu).get_apps()["ApplicationsResponse"]["Item"]
        assert [item["Id"] for item in items] == [kept["Id"]]


def test_concurrent_writes_all_survive(tmp_path: Path) -> None:
    state_file = tmp_path / "state.db"
    with Emulator(state_file=state_file) as emu:
        app = boto3_client_for(emu).create_app(CreateApplicationRequest={"Name": "busy"})
        app_id = app["ApplicationResponse"]["Id"]

        def write(worker: int) -> None:
            raw = boto3_client_for(emu)  # one client per thread, as boto3 asks
            for i in range(10):
                raw.update_endpoint(
                    ApplicationId=app_id,
                    EndpointId=f"w{worker}-{i}",
                    EndpointRequest={"ChannelType": "SMS", "Address": PHONE},
                )

        threads = [threading.Thread(target=write, args=(worker,)) for worker in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        written = set(emu.state.find_app_anywhere(app_id)[1].endpoints)  # type: ignore[index]
    with Emulator(state_file=state_file) as emu:
        found = emu.state.find_app_anywhere(app_id)
        assert found is not None
        assert set(found[1].endpoints) == written
        assert len(written) == 60


def test_stop_then_start_reads_the_file_again(tmp_path: Path) -> None:
    state_file = tmp_path / "state.db"
    emu = Emulator(state_file=state_file)
    emu.start()
    boto3_client_for(emu).create_app(CreateApplicationRequest={"Name": "one"})
    emu.stop()
    with Emulator(state_file=state_file) as other:
        boto3_client_for(other).create_app(CreateApplicationRequest={"Name": "two"})
    emu.start()
    try:
        items = boto3_client_for(emu).get_apps()["ApplicationsResponse"]["Item"]
        assert [item["Name"] for item in items] == ["one", "two"]
    finally:
        emu.stop()


def test_a_second_emulator_on_a_file_in_use_is_refused(tmp_path: Path) -> None:
    state_file = tmp_path / "state.db"
    with (
        Emulator(state_file=state_file),
        pytest.raises(StateFileError, match="in use by another emulator"),
    ):
        Emulator(state_file=state_file)


def test_the_state_file_option_makes_an_emulator_on_that_file(tmp_path: Path) -> None:
    emulator = emulator_from_args(
        build_parser().parse_args(["--state-file", str(tmp_path / "s.db"), "--port", "0"])
    )
    try:
        assert emulator.state_file == tmp_path / "s.db"
    finally:
        emulator.stop()
    assert emulator_from_args(build_parser().parse_args([])).state_file is None


def test_the_command_refuses_an_unusable_state_file_and_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("these are notes, not an emulator's state " * 20)
    assert main(["--state-file", str(path), "--port", "0", "--quiet"]) == 2
    error = capsys.readouterr().err
    assert str(path) in error
    assert "not an emulator state file" in error


@contextlib.contextmanager
def killed_afterwards(state_file: Path, *options: str) -> Iterator[Any]:
    """``python -m pinpoint_sdk.emulator --state-file`` in a subprocess, killed with SIGKILL when
    the block ends (no stop(), no final write); yields a boto3 client on it."""
    command = [sys.executable, "-m", "pinpoint_sdk.emulator", "--port", "0", "--quiet"]
    server = subprocess.Popen(
        [*command, "--state-file", str(state_file), *options], stderr=subprocess.PIPE, text=True
    )
    try:
        assert server.stderr is not None
        url = server.stderr.readline().rsplit(" ", 1)[1].strip()

        class Remote:
            endpoint_url = url

        yield boto3_client_for(Remote)  # type: ignore[arg-type]
    finally:
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=30)
        if server.stderr is not None:
            server.stderr.close()


def test_a_killed_emulator_keeps_exactly_the_writes_it_acknowledged(tmp_path: Path) -> None:
    state_file = tmp_path / "state.db"
    acknowledged: list[str] = []
    enough = threading.Event()
    with killed_afterwards(state_file) as raw:
        app = raw.create_app(CreateApplicationRequest={"Name": "crash"})["ApplicationResponse"]

        def write() -> None:
            # Writes until the server dies under it; the kill lands between or inside requests.
            for i in range(10_000):
                try:
                    raw.update_endpoint(
                        ApplicationId=app["Id"],
                        EndpointId=f"e{i}",
                        EndpointRequest={"ChannelType": "SMS", "Address": PHONE},
                    )
                except Exception:
                    return
                acknowledged.append(f"e{i}")
                if len(acknowledged) == 25:
                    enough.set()

        writer = threading.Thread(target=write)
        writer.start()
        assert enough.wait(timeout=120)
    writer.join()
    with Emulator(state_file=state_file) as emu:
        found = emu.state.find_app_anywhere(app["Id"])
        assert found is not None
        stored = list(found[1].endpoints)
    # The write in flight when the process died may have been committed without its answer
    # arriving; nothing acknowledged is missing, nothing else is there.
    in_flight = f"e{len(acknowledged)}"
    assert stored in (acknowledged, [*acknowledged, in_flight])
    assert len(acknowledged) >= 25


def test_the_docs_example_keeps_state_across_two_emulators(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = Path(__file__).resolve().parents[2] / "docs" / "emulator.md"
    section = doc.read_text().split("## State that survives a restart", 1)[1]
    block = section.split("```python\n", 1)[1].split("```", 1)[0]
    # The example's two `...` stand for the user's code: write in the first, read in the second.
    write = "    boto3_client_for(emu).create_app(CreateApplicationRequest={'Name': 'kept'})"
    read = "    names.extend(a['Name'] for a in boto3_client_for(emu).get_apps()['ApplicationsResponse']"
    read += "['Item'])"
    parts = block.split("    ...")
    assert len(parts) == 3, "the example has a write and a read placeholder"
    code = parts[0] + write + parts[1] + read + parts[2]
    monkeypatch.chdir(tmp_path)
    names: list[str] = []
    exec(code, {"boto3_client_for": boto3_client_for, "names": names})
    assert names == ["kept"]
    assert (tmp_path / "pinpoint-state.db").exists()


def test_what_a_read_moved_on_is_written_before_the_answer(tmp_path: Path) -> None:
    """Reading an import job moves it on (as Pinpoint's jobs move while polled): the file holds
    what the client saw, though the request was a GET and the emulator never stopped."""
    (tmp_path / "s3" / "imports").mkdir(parents=True)
    (tmp_path / "s3" / "imports" / "a.csv").write_bytes(b"ChannelType,Address,Id\nSMS,+1,x\n")
    state_file = tmp_path / "state.db"
    with killed_afterwards(state_file, "--s3-root", str(tmp_path / "s3")) as raw:
        app = raw.create_app(CreateApplicationRequest={"Name": "polled"})["ApplicationResponse"]
        job = raw.create_import_job(
            ApplicationId=app["Id"],
            ImportJobRequest={"Format": "CSV", "S3Url": "s3://imports/a.csv", "RoleArn": ROLE},
        )["ImportJobResponse"]
        seen = raw.get_import_job(ApplicationId=app["Id"], JobId=job["Id"])["ImportJobResponse"]
        assert seen["JobStatus"] != job["JobStatus"]
    with Emulator(state_file=state_file) as emu:
        found = emu.state.find_app_anywhere(app["Id"])
        assert found is not None
        assert found[1].import_jobs[job["Id"]].record == seen


def snapshot(emu: Emulator, path: Path, copy: Path) -> None:
    """Copy the state file as it is now, the lock held: what the file holds before ``stop()``,
    whose final flush may not help."""
    with emu.state.lock:
        shutil.copy(path, copy)
        for suffix in ("-wal", "-shm"):
            if path.with_name(path.name + suffix).exists():
                shutil.copy(path.with_name(path.name + suffix), copy.with_name(copy.name + suffix))


def test_what_a_moved_clock_delivered_is_in_the_file(tmp_path: Path) -> None:
    start = datetime(2030, 1, 1, 9, 0, tzinfo=timezone.utc)
    clock = ManualClock(start)
    path = tmp_path / "state.db"
    with Emulator(state_file=path, clock=clock) as emu:
        raw = boto3_client_for(emu)
        app = raw.create_app(CreateApplicationRequest={"Name": "due"})["ApplicationResponse"]["Id"]
        raw.update_sms_channel(ApplicationId=app, SMSChannelRequest={"Enabled": True})
        raw.update_endpoint(
            ApplicationId=app,
            EndpointId="e1",
            EndpointRequest={"ChannelType": "SMS", "Address": PHONE},
        )
        segment = raw.create_segment(
            ApplicationId=app, WriteSegmentRequest={"Name": "all", "Dimensions": {}}
        )["SegmentResponse"]["Id"]
        later = (start + timedelta(hours=1)).isoformat().replace("+00:00", "Z")
        campaign = raw.create_campaign(
            ApplicationId=app,
            WriteCampaignRequest={
                "Name": "later",
                "SegmentId": segment,
                "MessageConfiguration": {"SMSMessage": {"Body": "hello"}},
                "Schedule": {"StartTime": later, "Frequency": "ONCE"},
            },
        )["CampaignResponse"]["Id"]
        clock.advance(timedelta(hours=2))  # delivered by run_due, outside any request
        assert [m.body for m in emu.outbox] == ["hello"]
        snapshot(emu, path, tmp_path / "snapshot.db")
    with Emulator(state_file=tmp_path / "snapshot.db", clock=ManualClock(clock())) as again:
        assert [m.body for m in again.outbox] == ["hello"]
        raw = boto3_client_for(again)
        items = raw.get_campaign_activities(ApplicationId=app, CampaignId=campaign)
        assert items["ActivitiesResponse"]["Item"][0]["SuccessfulEndpointCount"] == 1


def test_what_an_import_run_by_the_test_hook_stored_is_in_the_file(tmp_path: Path) -> None:
    """``run_import_jobs`` is no request, and an import lets the lock go mid-way: the job's last
    state and its endpoints are in the file as soon as it returns."""
    path = tmp_path / "state.db"
    with Emulator(state_file=path) as emu:
        raw = boto3_client_for(emu)
        app = raw.create_app(CreateApplicationRequest={"Name": "hook"})["ApplicationResponse"]["Id"]
        rows = "".join(f"SMS,{PHONE},imported{n}\n" for n in range(3))
        emu.put_object("imports", "people.csv", ("ChannelType,Address,Id\n" + rows).encode())
        job = raw.create_import_job(
            ApplicationId=app,
            ImportJobRequest={"Format": "CSV", "S3Url": "s3://imports/people.csv", "RoleArn": ROLE},
        )["ImportJobResponse"]["Id"]
        emu.run_import_jobs()
        snapshot(emu, path, tmp_path / "snapshot.db")
    with Emulator(state_file=tmp_path / "snapshot.db") as again:
        raw = boto3_client_for(again)
        answer = raw.get_import_job(ApplicationId=app, JobId=job)["ImportJobResponse"]
        assert answer["JobStatus"] == "COMPLETED"
        assert answer["TotalProcessed"] == 3
        endpoint = raw.get_endpoint(ApplicationId=app, EndpointId="imported2")
        assert endpoint["EndpointResponse"]["Address"] == PHONE


def test_one_write_in_a_big_app_compares_and_writes_its_own_records_only(
    tmp_path: Path,
) -> None:
    with Emulator(state_file=tmp_path / "state.db") as emu:
        raw = boto3_client_for(emu)
        app = raw.create_app(CreateApplicationRequest={"Name": "big"})["ApplicationResponse"]["Id"]
        for start in range(0, 1_000, 100):
            items = [
                {"Id": f"e{n}", "ChannelType": "SMS", "Address": PHONE, "User": {"UserId": f"u{n}"}}
                for n in range(start, start + 100)
            ]
            raw.update_endpoints_batch(ApplicationId=app, EndpointBatchRequest={"Item": items})
        persistence = emu._persistence
        assert persistence is not None
        written, compared = persistence.rows_written, persistence.records_compared
        raw.update_endpoint(
            ApplicationId=app, EndpointId="e500", EndpointRequest={"Address": "+12065550100"}
        )
        raw.get_endpoint(ApplicationId=app, EndpointId="e501")
        assert persistence.rows_written - written == 1
        # The endpoint and its user, then the endpoint read (3 today): a handful, not the app's
        # 1,000 endpoints and 1,000 users.
        assert persistence.records_compared - compared <= 10


def test_a_killed_emulator_keeps_the_last_acknowledged_update_of_a_record(tmp_path: Path) -> None:
    """The same endpoint written again and again (an update, not a new row each time): after a
    SIGKILL the file holds the last address acknowledged, or the one in flight."""
    state_file = tmp_path / "state.db"
    acknowledged: list[str] = []
    enough = threading.Event()
    with killed_afterwards(state_file) as raw:
        app = raw.create_app(CreateApplicationRequest={"Name": "crash"})["ApplicationResponse"]

        def write() -> None:
            for i in range(10_000):
                address = f"+1206555{i:04d}"
                try:
                    raw.update_endpoint(
                        ApplicationId=app["Id"],
                        EndpointId="same",
                        EndpointRequest={"ChannelType": "SMS", "Address": address},
                    )
                except Exception:
                    return
                acknowledged.append(address)
                if len(acknowledged) == 25:
                    enough.set()

        writer = threading.Thread(target=write)
        writer.start()
        assert enough.wait(timeout=120)
    writer.join()
    with Emulator(state_file=state_file) as emu:
        found = emu.state.find_app_anywhere(app["Id"])
        assert found is not None
        stored = found[1].endpoints["same"]["Address"]
    in_flight = f"+1206555{len(acknowledged):04d}"
    assert stored in (acknowledged[-1], in_flight)
