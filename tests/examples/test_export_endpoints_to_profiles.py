"""examples/export_endpoints_to_profiles.py: an export job's NDJSON as Customer Profiles."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.stub import Stubber
from botocore.validate import ParamValidator

from pinpoint_sdk import PinpointClient, models
from pinpoint_sdk.emulator import Emulator

CREATE_PROFILE = (
    botocore.session.get_session()
    .get_service_model("customer-profiles")
    .operation_model("CreateProfile")
    .input_shape
)


@pytest.fixture
def convert(example: Callable[[str], ModuleType]) -> ModuleType:
    return example("export_endpoints_to_profiles")


def printed(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines()]


def assert_valid_create_profile(profile: dict[str, Any]) -> None:
    report = ParamValidator().validate({"DomainName": "d", **profile}, CREATE_PROFILE)
    assert not report.has_errors(), report.generate_report()


def test_exports_the_demo_endpoints_and_prints_one_profile_per_user(
    convert: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert convert.main(["--poll", "0"]) == 0
    out, err = capsys.readouterr()
    assert printed(out) == [
        {"Attributes": {"EndpointId": "device-9", "GCM_device-9": "fcm-token-9"}},
        {
            "AccountNumber": "u-1",
            "Address": {"City": "Lisbon", "Country": "PT"},
            "Attributes": {"Endpoint_Plan": "gold", "FirstName": "Ana", "Metrics_Orders": "3.0"},
            "EmailAddress": "ana@example.com",
            "PhoneNumber": "+15555550100",
        },
    ]
    assert "Converted 2 profile(s)" in err


def test_converts_an_export_file_written_by_the_emulator(
    convert: ModuleType,
    emu: Emulator,
    client: PinpointClient,
    app: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    user = models.EndpointUser(user_id="u-7", user_attributes={"Tier": ["a", "b"]})
    items = [
        models.EndpointBatchItem(
            id=f"p{i}", channel_type=models.ChannelType.SMS, address=f"+1555555010{i}", user=user
        )
        for i in range(5)
    ] + [
        models.EndpointBatchItem(
            id="m",
            channel_type=models.ChannelType.EMAIL,
            address="x@example.com",
            user=user,
            opt_out="ALL",
        ),
    ]
    client.put_endpoints(app, items)
    for item in items:
        client.wait_for_endpoint(app, item.id, expected=item)
    assert emu.store.root is not None  # the module's emulator keeps S3 in a folder
    (emu.store.root / convert.BUCKET).mkdir(exist_ok=True)  # as an S3 bucket must exist
    data = convert.export_endpoints(client, emu, app, poll=0)
    export = tmp_path / "part-00000.gz"
    export.write_bytes(data)

    assert convert.main(["--from-file", str(export)]) == 0
    [profile] = printed(capsys.readouterr().out)
    assert profile["AccountNumber"] == "u-7"
    phones = [profile[field] for field in convert._PHONES]
    assert phones == [f"+1555555010{i}" for i in range(4)]
    assert profile["Attributes"]["PhoneNumber_4"] == "+15555550104"  # the fifth: not dropped
    assert profile["Attributes"]["Tier"] == "a, b"
    assert profile["Attributes"]["OptOut_m"] == "ALL"
    assert_valid_create_profile(profile)


def test_with_aws_creates_each_profile_in_the_domain(
    convert: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    export = tmp_path / "endpoints.ndjson"
    export.write_text(
        json.dumps(
            {
                "Id": "e1",
                "ChannelType": "SMS",
                "Address": "+15555550100",
                "User": {"UserId": "u-1", "UserAttributes": {"FirstName": ["Ana"]}},
            }
        )
        + "\n"
    )
    real = boto3.client(
        "customer-profiles",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    stubber = Stubber(real)  # checks each request against botocore's model of CreateProfile
    stubber.add_response(
        "create_profile",
        {"ProfileId": "p-1"},
        {
            "DomainName": "my-domain",
            "AccountNumber": "u-1",
            "PhoneNumber": "+15555550100",
            "Attributes": {"FirstName": "Ana"},
        },
    )
    monkeypatch.setattr(convert, "aws_client", lambda service, region: real)
    with stubber:
        argv = ["--aws", "--from-file", str(export), "--domain-name", "my-domain"]
        assert convert.main(argv) == 0
    stubber.assert_no_pending_responses()
    assert "Created profile p-1" in capsys.readouterr().err


def test_aws_needs_a_file_and_a_domain(
    convert: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        convert.main(["--aws"])
    assert "--aws needs --from-file and --domain-name" in capsys.readouterr().err
