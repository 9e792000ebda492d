"""send_otp_message / verify_otp_message (the code is read from the outbox) and
phone_number_validate's deterministic answers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from pinpoint_sdk.emulator import Emulator
from pinpoint_sdk.emulator.pytest_plugin import boto3_client_for

from .conftest import AwsCli, error_of
from .test_emulator_messages import configure_channel

PHONE = "+12065550142"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="module")
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="module")
def timed(clock: Clock) -> Iterator[Emulator]:
    with Emulator(clock=clock) as emulator:
        yield emulator


@pytest.fixture
def client(timed: Emulator) -> Any:
    return boto3_client_for(timed)


@pytest.fixture
def otp_app(client: Any, timed: Emulator) -> str:
    app = str(
        client.create_app(CreateApplicationRequest={"Name": "otp"})["ApplicationResponse"]["Id"]
    )
    configure_channel(timed, app, "SMS")
    return app


def send(client: Any, app: str, reference: str = "login-1", **extra: Any) -> dict[str, Any]:
    parameters = {
        "BrandName": "Acme",
        "Channel": "SMS",
        "DestinationIdentity": PHONE,
        "OriginationIdentity": "+12065550100",
        "ReferenceId": reference,
        **extra,
    }
    response = client.send_otp_message(
        ApplicationId=app, SendOTPMessageRequestParameters=parameters
    )
    return dict(response["MessageResponse"])


def verify(client: Any, app: str, code: str, reference: str = "login-1") -> bool:
    answer = client.verify_otp_message(
        ApplicationId=app,
        VerifyOTPMessageRequestParameters={
            "DestinationIdentity": PHONE,
            "Otp": code,
            "ReferenceId": reference,
        },
    )
    return bool(answer["VerificationResponse"]["Valid"])


def sent_code(emulator: Emulator) -> str:
    match = re.fullmatch(
        r"This is your One Time Password: (\d+) from Acme", emulator.outbox[-1].body or ""
    )
    assert match is not None
    return match.group(1)


def test_the_code_sent_is_in_the_outbox_and_verifies_once(
    client: Any, timed: Emulator, otp_app: str
) -> None:
    answer = send(client, otp_app)
    assert answer["Result"][PHONE]["DeliveryStatus"] == "SUCCESSFUL"
    message = timed.outbox[-1]
    assert (message.channel, message.address) == ("SMS", PHONE)
    code = sent_code(timed)
    assert len(code) == 6
    assert verify(client, otp_app, code) is True
    assert verify(client, otp_app, code) is False  # used up


def test_a_wrong_code_is_not_valid_and_uses_an_attempt(
    client: Any, timed: Emulator, otp_app: str
) -> None:
    send(client, otp_app, AllowedAttempts=2)
    code = sent_code(timed)
    wrong = "0" * 6 if code != "0" * 6 else "1" * 6
    assert verify(client, otp_app, wrong) is False
    assert verify(client, otp_app, wrong) is False
    assert verify(client, otp_app, code) is False  # attempts exhausted


def test_an_expired_code_is_not_valid(
    client: Any, timed: Emulator, clock: Clock, otp_app: str
) -> None:
    send(client, otp_app, ValidityPeriod=5, CodeLength=8)
    code = sent_code(timed)
    assert len(code) == 8
    clock.now += timedelta(minutes=5)
    assert verify(client, otp_app, code) is False


def test_only_the_latest_code_for_a_reference_is_valid(
    client: Any, timed: Emulator, otp_app: str
) -> None:
    send(client, otp_app, reference="r")
    first = sent_code(timed)
    send(client, otp_app, reference="r")
    second = sent_code(timed)
    assert verify(client, otp_app, second, reference="other") is False
    if first != second:
        assert verify(client, otp_app, first, reference="r") is False
    assert verify(client, otp_app, second, reference="r") is True


@pytest.mark.parametrize(
    ("extra", "member"),
    [
        ({"Channel": "EMAIL"}, "Channel"),
        ({"CodeLength": 4}, "CodeLength"),
        ({"CodeLength": 9}, "CodeLength"),
        ({"ValidityPeriod": 61}, "ValidityPeriod"),
        ({"AllowedAttempts": 0}, "AllowedAttempts"),
    ],
)
def test_out_of_range_parameters_are_bad_requests(
    client: Any, otp_app: str, extra: dict[str, Any], member: str
) -> None:
    with pytest.raises(client.exceptions.BadRequestException) as excinfo:
        send(client, otp_app, **extra)
    assert f"$.SendOTPMessageRequestParameters.{member}" in error_of(excinfo)[2]


def test_without_an_sms_channel_the_otp_is_not_delivered(client: Any, timed: Emulator) -> None:
    app = client.create_app(CreateApplicationRequest={"Name": "no-sms"})["ApplicationResponse"][
        "Id"
    ]
    before = len(timed.outbox)
    result = send(client, app)["Result"][PHONE]
    assert (result["DeliveryStatus"], result["StatusCode"]) == ("PERMANENT_FAILURE", 400)
    assert len(timed.outbox) == before


def test_otp_on_an_unknown_app_is_not_found(client: Any) -> None:
    with pytest.raises(client.exceptions.NotFoundException):
        send(client, "0" * 32)
    with pytest.raises(client.exceptions.NotFoundException):
        verify(client, "0" * 32, "123456")


def validate(raw: Any, number: str, country: str | None = None) -> dict[str, Any]:
    request = {"PhoneNumber": number, **({"IsoCountryCode": country} if country else {})}
    answer = raw.phone_number_validate(NumberValidateRequest=request)
    return dict(answer["NumberValidateResponse"])


# Behaviour that holds in every phonenumbers release the package allows (libphonenumber's
# numbering plans, not its carrier data, which changes from release to release).


def test_a_seattle_number_answers_its_city_time_zone_and_cleansed_forms(raw: Any) -> None:
    answer = validate(raw, "+1 (206) 684-4000")
    assert answer == {
        "OriginalPhoneNumber": "+1 (206) 684-4000",
        "Country": "United States",
        "CountryCodeIso2": "US",
        "CountryCodeNumeric": "1",
        "CleansedPhoneNumberE164": "+12066844000",
        "CleansedPhoneNumberNational": "2066844000",
        "PhoneType": "MOBILE",  # libphonenumber's fixed-line-or-mobile, as Pinpoint's examples
        "PhoneTypeCode": 0,
        "City": "Seattle",
        "Timezone": "America/Los_Angeles",
    }


def test_a_trunk_zero_after_the_calling_code_is_cleansed_away(raw: Any) -> None:
    answer = validate(raw, "+440163296076")
    assert answer["CleansedPhoneNumberE164"] == "+44163296076"
    assert (answer["CountryCodeIso2"], answer["CountryCodeNumeric"]) == ("GB", "44")


def test_a_national_number_is_read_in_the_country_named(raw: Any) -> None:
    answer = validate(raw, "020 7946 0958", "GB")
    assert (answer["CleansedPhoneNumberE164"], answer["CleansedPhoneNumberNational"]) == (
        "+442079460958",
        "02079460958",
    )
    assert (answer["OriginalCountryCodeIso2"], answer["Country"]) == ("GB", "United Kingdom")
    assert (answer["PhoneType"], answer["PhoneTypeCode"]) == ("LANDLINE", 1)
    assert (answer["City"], answer["Timezone"]) == ("London", "Europe/London")


def test_a_double_zero_international_prefix_reads_as_a_plus(raw: Any) -> None:
    assert validate(raw, "0049 30 123456")["CleansedPhoneNumberE164"] == "+4930123456"


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("MOBILE", ("MOBILE", 0)), ("VOIP", ("VOIP", 2)), ("TOLL_FREE", ("OTHER", 4))],
)
def test_the_phone_type_is_libphonenumbers_in_pinpoints_terms(
    raw: Any, kind: str, expected: tuple[str, int]
) -> None:
    import phonenumbers

    # The release's own example number of that type: valid in whatever release is installed.
    example = phonenumbers.example_number_for_type(
        "GB", getattr(phonenumbers.PhoneNumberType, kind)
    )
    assert example is not None
    number = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
    answer = validate(raw, number)
    assert (answer["PhoneType"], answer["PhoneTypeCode"]) == expected


@pytest.mark.parametrize("number", ["+99912345678", "+1206555", "call me", "12065550142"])
def test_an_invalid_number_is_answered_invalid(raw: Any, number: str) -> None:
    result = validate(raw, number)
    assert (result["PhoneType"], result["PhoneTypeCode"]) == ("INVALID", 3)
    assert "CleansedPhoneNumberE164" not in result
    assert "Carrier" not in result


def test_phone_number_validate_needs_a_number(raw: Any) -> None:
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        raw.phone_number_validate(NumberValidateRequest={"IsoCountryCode": "US"})
    assert "$.NumberValidateRequest.PhoneNumber" in error_of(excinfo)[2]


def test_the_cli_sends_and_verifies_an_otp_and_validates_a_number(
    aws: AwsCli, raw: Any, emu: Emulator, app: str
) -> None:
    configure_channel(emu, app, "SMS")
    parameters = (
        f"BrandName=Acme,Channel=SMS,DestinationIdentity={PHONE},"
        "OriginationIdentity=+12065550100,ReferenceId=cli"
    )
    sent = aws(
        "send-otp-message", "--application-id", app,
        "--send-otp-message-request-parameters", parameters,
    )  # fmt: skip
    assert sent["MessageResponse"]["Result"][PHONE]["DeliveryStatus"] == "SUCCESSFUL"
    code = sent_code(emu)
    verified = aws(
        "verify-otp-message", "--application-id", app,
        "--verify-otp-message-request-parameters",
        f"DestinationIdentity={PHONE},Otp={code},ReferenceId=cli",
    )  # fmt: skip
    assert verified["VerificationResponse"]["Valid"] is True
    validated = aws("phone-number-validate", "--number-validate-request", f"PhoneNumber={PHONE}")[
        "NumberValidateResponse"
    ]
    assert validated["CountryCodeIso2"] == "US"
