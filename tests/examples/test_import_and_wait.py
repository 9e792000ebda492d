"""examples/import_and_wait.py: an import job into a new segment, waited for, and its failure path."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest

from pinpoint_sdk import PinpointClient
from pinpoint_sdk.emulator import Emulator


@pytest.fixture
def import_and_wait(example: Callable[[str], ModuleType]) -> ModuleType:
    return example("import_and_wait")


def test_imports_into_a_new_segment_and_lists_the_bad_rows(
    import_and_wait: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert import_and_wait.main(["--rows", "8", "--bad-rows", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("COMPLETED: 9 rows processed, 1 failed, 1 of 1 piece(s)")
    assert lines[1].startswith("  imports/endpoints.csv line 10: Invalid value at $.ChannelType")
    assert lines[2].startswith("Segment 'imported' (")
    assert lines[2].endswith("IMPORT: 8 endpoints")
    # Every fourth row is an SMS endpoint: rows 0 and 4.
    assert lines[3] == "  by channel: {'EMAIL': 6, 'SMS': 2}"


def test_a_job_without_its_object_fails_with_the_reason(
    import_and_wait: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert import_and_wait.main(["--missing"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("FAILED: 1 failure(s)")
    assert lines[1:] == ["  No object found at s3://pinpoint-sdk-examples/imports/missing.csv."]


def test_imports_a_file_under_a_running_emulators_s3_root(
    import_and_wait: ModuleType,
    emu: Emulator,
    client: PinpointClient,
    app: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    emu.put_object(
        "my-bucket",
        "endpoints.csv",
        b"Id,ChannelType,Address\nsms-1,SMS,+15555550100\nmail-1,EMAIL,a@example.com\n",
    )
    argv = ["--endpoint-url", emu.endpoint_url, "--app-id", app]
    assert import_and_wait.main([*argv, "--s3-url", "s3://my-bucket/endpoints.csv"]) == 0
    out = capsys.readouterr().out
    assert "COMPLETED: 2 rows processed, 0 failed" in out
    assert "by channel: {'EMAIL': 1, 'SMS': 1}" in out
    assert client.get_endpoint(application_id=app, endpoint_id="sms-1").address == "+15555550100"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--aws", "--role-arn", "arn:aws:iam::123456789012:role/r"], "--s3-url is required"),
        (["--aws", "--s3-url", "s3://b/k.csv"], "--role-arn is required with --aws"),
        (["--endpoint-url", "http://127.0.0.1:1"], "--s3-url is required"),
        (["--missing", "--s3-url", "s3://b/k.csv"], "--missing is for the in-process emulator"),
    ],
)
def test_arguments_that_cannot_work_are_refused_before_connecting(
    import_and_wait: ModuleType,
    argv: list[str],
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        import_and_wait.main(argv)
    assert exited.value.code == 2
    assert message in capsys.readouterr().err
