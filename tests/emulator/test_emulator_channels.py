from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

import pytest

from pinpoint_sdk.emulator import Emulator

from .conftest import error_of

CERTIFICATE = "-----BEGIN CERTIFICATE-----SECRET-CERT-----END CERTIFICATE-----"
PRIVATE_KEY = "-----BEGIN PRIVATE KEY-----SECRET-KEY-----END PRIVATE KEY-----"
TOKEN_KEY = "-----BEGIN PRIVATE KEY-----SECRET-TOKEN-----END PRIVATE KEY-----"
API_KEY = "AIzaSECRET-API-KEY"
SERVICE_JSON = '{"type": "service_account", "private_key": "SECRET-SERVICE-JSON"}'
SECRETS = ("SECRET-CERT", "SECRET-KEY", "SECRET-TOKEN", "SECRET-API-KEY", "SECRET-SERVICE-JSON")

IDENTITY = "arn:aws:ses:us-east-1:123456789012:identity/example.com"
ROLE = "arn:aws:iam::123456789012:role/pinpoint-email"
EMAIL_REQUEST = {"FromAddress": "news@example.com", "Identity": IDENTITY}


@dataclass(frozen=True)
class Kind:
    """One channel as a boto3 caller sees it."""

    platform: str
    #: boto3's method suffix: update_<snake>_channel.
    snake: str
    request_member: str
    response_member: str
    #: A request that configures the channel.
    request: dict[str, Any]
    #: The secret strings ``request`` carries (never to be seen again).
    secrets: tuple[str, ...] = ()
    has_credential: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


APNS_CERT = {"Certificate": CERTIFICATE, "PrivateKey": PRIVATE_KEY}
APNS_TOKEN = {"TokenKey": TOKEN_KEY, "TokenKeyId": "ABC", "BundleId": "com.x", "TeamId": "T1"}
KINDS = [
    Kind(
        "APNS",
        "apns",
        "APNSChannelRequest",
        "APNSChannelResponse",
        APNS_CERT,
        ("SECRET-CERT", "SECRET-KEY"),
    ),
    Kind(
        "APNS_SANDBOX",
        "apns_sandbox",
        "APNSSandboxChannelRequest",
        "APNSSandboxChannelResponse",
        APNS_TOKEN,
        ("SECRET-TOKEN",),
    ),
    Kind(
        "APNS_VOIP",
        "apns_voip",
        "APNSVoipChannelRequest",
        "APNSVoipChannelResponse",
        APNS_CERT,
        ("SECRET-CERT", "SECRET-KEY"),
    ),
    Kind(
        "APNS_VOIP_SANDBOX",
        "apns_voip_sandbox",
        "APNSVoipSandboxChannelRequest",
        "APNSVoipSandboxChannelResponse",
        APNS_TOKEN,
        ("SECRET-TOKEN",),
    ),
    Kind(
        "GCM",
        "gcm",
        "GCMChannelRequest",
        "GCMChannelResponse",
        {"ApiKey": API_KEY, "ServiceJson": SERVICE_JSON},
        ("SECRET-API-KEY", "SECRET-SERVICE-JSON"),
    ),
    Kind(
        "ADM",
        "adm",
        "ADMChannelRequest",
        "ADMChannelResponse",
        {"ClientId": "amzn1.application-oa2-client.SECRET-ADM-ID", "ClientSecret": "SECRET-ADM"},
        ("SECRET-ADM",),
    ),
    Kind(
        "BAIDU",
        "baidu",
        "BaiduChannelRequest",
        "BaiduChannelResponse",
        {"ApiKey": "SECRET-BAIDU-API", "SecretKey": "SECRET-BAIDU-KEY"},
        ("SECRET-BAIDU",),
    ),
    Kind(
        "EMAIL",
        "email",
        "EmailChannelRequest",
        "EmailChannelResponse",
        EMAIL_REQUEST,
        has_credential=False,
        extra={"FromAddress": "news@example.com", "Identity": IDENTITY, "MessagesPerSecond": 1},
    ),
    Kind(
        "SMS",
        "sms",
        "SMSChannelRequest",
        "SMSChannelResponse",
        {"SenderId": "MyShop", "ShortCode": "12345"},
        has_credential=False,
        extra={
            "SenderId": "MyShop",
            "ShortCode": "12345",
            "PromotionalMessagesPerSecond": 20,
            "TransactionalMessagesPerSecond": 20,
        },
    ),
    Kind(
        "VOICE",
        "voice",
        "VoiceChannelRequest",
        "VoiceChannelResponse",
        {},
        has_credential=False,
    ),
]
KINDS_WITH_SECRETS = [kind for kind in KINDS if kind.secrets]
APNS_KINDS = [kind for kind in KINDS if kind.platform.startswith("APNS")]


def ids(kind: Kind) -> str:
    return kind.platform


def update(raw: Any, app: str, kind: Kind, request: dict[str, Any] | None = None) -> Any:
    method = getattr(raw, f"update_{kind.snake}_channel")
    chosen = kind.request if request is None else request
    return method(ApplicationId=app, **{kind.request_member: chosen})


def call(raw: Any, verb: str, app: str, kind: Kind) -> Any:
    return getattr(raw, f"{verb}_{kind.snake}_channel")(ApplicationId=app)


@pytest.mark.parametrize("kind", KINDS, ids=ids)
def test_every_channel_updates_gets_and_deletes(raw: Any, app: str, kind: Kind) -> None:
    updated = update(raw, app, kind)
    assert updated["ResponseMetadata"]["HTTPStatusCode"] == 200
    channel = updated[kind.response_member]
    assert channel["Platform"] == kind.platform
    assert channel["Id"] == kind.platform.lower()
    assert (channel["ApplicationId"], channel["Enabled"], channel["Version"]) == (app, True, 1)
    assert channel["IsArchived"] is False
    assert channel["CreationDate"] == channel["LastModifiedDate"]
    assert call(raw, "get", app, kind)[kind.response_member] == channel
    deleted = call(raw, "delete", app, kind)[kind.response_member]
    assert deleted == channel
    for verb in ("get", "delete"):
        with pytest.raises(raw.exceptions.NotFoundException) as excinfo:
            call(raw, verb, app, kind)
        assert error_of(excinfo)[:2] == ("NotFoundException", 404)


@pytest.mark.parametrize("kind", KINDS, ids=ids)
def test_each_channel_answers_the_members_pinpoint_fills(raw: Any, app: str, kind: Kind) -> None:
    channel = update(raw, app, kind)[kind.response_member]
    for name, value in kind.extra.items():
        assert channel[name] == value, name
    if kind.has_credential:
        assert channel["HasCredential"] is True
    else:
        assert "HasCredential" not in channel
    assert "Credential" not in channel
    assert "LastModifiedBy" not in channel


@pytest.mark.parametrize("kind", KINDS, ids=ids)
def test_a_later_update_keeps_what_it_does_not_name(raw: Any, app: str, kind: Kind) -> None:
    first = update(raw, app, kind)[kind.response_member]
    # ADM, Baidu and email requests need their members every time (the model says so).
    again = (
        {**kind.request, "Enabled": False}
        if kind.platform in ("ADM", "BAIDU", "EMAIL")
        else {"Enabled": False}
    )
    second = update(raw, app, kind, again)[kind.response_member]
    assert (second["Enabled"], second["Version"]) == (False, 2)
    assert second["CreationDate"] == first["CreationDate"]
    for name, value in kind.extra.items():
        assert second[name] == value, name
    assert second.get("HasCredential") == first.get("HasCredential")


@pytest.mark.parametrize("kind", KINDS, ids=ids)
def test_a_channel_of_an_unknown_app_is_not_found(raw: Any, kind: Kind) -> None:
    with pytest.raises(raw.exceptions.NotFoundException):
        update(raw, "f" * 32, kind)


@pytest.mark.parametrize("kind", APNS_KINDS, ids=ids)
def test_apns_channels_read_certificates_and_token_keys(raw: Any, app: str, kind: Kind) -> None:
    certificate = update(raw, app, kind, APNS_CERT)[kind.response_member]
    assert (certificate["HasTokenKey"], certificate["DefaultAuthenticationMethod"]) == (
        False,
        "CERTIFICATE",
    )
    token = update(raw, app, kind, APNS_TOKEN)[kind.response_member]
    assert (token["HasTokenKey"], token["DefaultAuthenticationMethod"]) == (True, "TOKEN")
    chosen = update(raw, app, kind, {"DefaultAuthenticationMethod": "CERTIFICATE"})
    assert chosen[kind.response_member]["DefaultAuthenticationMethod"] == "CERTIFICATE"


@pytest.mark.parametrize("kind", APNS_KINDS, ids=ids)
@pytest.mark.parametrize(
    "request_",
    [{}, {"Certificate": CERTIFICATE}, {"TokenKey": TOKEN_KEY}],
    ids=["none", "certificate-without-key", "token-without-ids"],
)
def test_apns_channels_without_usable_credentials_are_bad_requests(
    raw: Any, app: str, kind: Kind, request_: dict[str, Any]
) -> None:
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        update(raw, app, kind, request_)
    assert not any(secret in error_of(excinfo)[2] for secret in SECRETS)


def test_gcm_service_json_marks_fcm_credentials(raw: Any, app: str) -> None:
    channel = raw.update_gcm_channel(
        ApplicationId=app, GCMChannelRequest={"ServiceJson": SERVICE_JSON}
    )
    response = channel["GCMChannelResponse"]
    assert response["HasFcmServiceCredentials"] is True
    assert response["DefaultAuthenticationMethod"] == "TOKEN"


def test_gcm_api_key_implies_key_authentication(raw: Any, app: str) -> None:
    channel = raw.update_gcm_channel(ApplicationId=app, GCMChannelRequest={"ApiKey": API_KEY})
    assert channel["GCMChannelResponse"]["DefaultAuthenticationMethod"] == "KEY"


@pytest.mark.parametrize(
    ("snake", "member", "request_"),
    [
        ("apns", "APNSChannelRequest", {**APNS_CERT, "DefaultAuthenticationMethod": "KEY"}),
        ("gcm", "GCMChannelRequest", {"ApiKey": API_KEY, "DefaultAuthenticationMethod": "CERT"}),
    ],
)
def test_an_unknown_authentication_method_is_a_bad_request(
    raw: Any, app: str, snake: str, member: str, request_: dict[str, Any]
) -> None:
    method = getattr(raw, f"update_{snake}_channel")
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        method(ApplicationId=app, **{member: request_})
    assert "DefaultAuthenticationMethod must be one of" in error_of(excinfo)[2]


@pytest.mark.parametrize(
    ("snake", "member", "request_", "missing"),
    [
        ("adm", "ADMChannelRequest", {"ClientId": "id"}, "ClientSecret"),
        ("adm", "ADMChannelRequest", {"ClientSecret": "SECRET-ADM"}, "ClientId"),
        ("baidu", "BaiduChannelRequest", {"ApiKey": "SECRET-BAIDU-API"}, "SecretKey"),
        ("baidu", "BaiduChannelRequest", {"SecretKey": "SECRET-BAIDU-KEY"}, "ApiKey"),
        ("email", "EmailChannelRequest", {"Identity": IDENTITY}, "FromAddress"),
        ("email", "EmailChannelRequest", {"FromAddress": "a@example.com"}, "Identity"),
    ],
)
def test_a_channel_request_without_a_required_member_names_it(
    loose: Any, app: str, snake: str, member: str, request_: dict[str, Any], missing: str
) -> None:
    method = getattr(loose, f"update_{snake}_channel")
    with pytest.raises(loose.exceptions.BadRequestException) as excinfo:
        method(ApplicationId=app, **{member: request_})
    message = error_of(excinfo)[2]
    assert f"{member}.{missing}" in message
    assert "SECRET" not in message


@pytest.mark.parametrize(
    ("snake", "member", "request_"),
    [
        ("adm", "ADMChannelRequest", {"ClientId": "id", "ClientSecret": ""}),
        ("baidu", "BaiduChannelRequest", {"ApiKey": "", "SecretKey": "SECRET-BAIDU-KEY"}),
    ],
)
def test_empty_credentials_are_no_credentials(
    raw: Any, app: str, snake: str, member: str, request_: dict[str, Any]
) -> None:
    method = getattr(raw, f"update_{snake}_channel")
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        method(ApplicationId=app, **{member: request_})
    message = error_of(excinfo)[2]
    assert message.startswith(f"The {snake.upper()} channel needs credentials")
    assert "SECRET" not in message


@pytest.mark.parametrize(
    "request_",
    [
        {"FromAddress": "not an address", "Identity": IDENTITY},
        {"FromAddress": "a@example.com", "Identity": "example.com"},
        {"FromAddress": "a@other.org", "Identity": IDENTITY},
        {**EMAIL_REQUEST, "RoleArn": "arn:aws:s3:::bucket"},
        {**EMAIL_REQUEST, "OrchestrationSendingRoleArn": "role"},
    ],
    ids=["address", "identity", "other-domain", "role", "orchestration-role"],
)
def test_the_email_channel_keeps_what_only_aws_could_check(
    raw: Any, app: str, request_: dict[str, Any]
) -> None:
    """The API reference documents no form for these members; Pinpoint checks the identity and
    the roles against SES and IAM when it writes, which the emulator cannot: it accepts them."""
    raw.update_email_channel(ApplicationId=app, EmailChannelRequest=request_)
    stored = raw.get_email_channel(ApplicationId=app)["EmailChannelResponse"]
    assert {name: stored[name] for name in request_} == request_


@pytest.mark.parametrize(
    ("address", "identity"),
    [
        ("News <news@example.com>", "example.com"),
        ("news@mail.example.com", "example.com"),
        ("Sender@Example.com", "sender@example.com"),
    ],
)
def test_an_identity_verifies_its_address_or_domain(
    raw: Any, app: str, address: str, identity: str
) -> None:
    request = {
        "FromAddress": address,
        "Identity": f"arn:aws:ses:us-east-1:123456789012:identity/{identity}",
        "RoleArn": ROLE,
        "ConfigurationSet": "tracking",
    }
    channel = raw.update_email_channel(ApplicationId=app, EmailChannelRequest=request)
    response = channel["EmailChannelResponse"]
    assert (response["FromAddress"], response["RoleArn"]) == (address, ROLE)
    assert response["ConfigurationSet"] == "tracking"


@pytest.mark.parametrize("sender_id", ["1234", "123456", "TooLongSender", "has space"])
def test_an_sms_sender_id_is_kept_as_given(raw: Any, app: str, sender_id: str) -> None:
    """terraform's acceptance test sets SenderId "1234" and reads it back; the API reference
    documents no form for it."""
    raw.update_sms_channel(ApplicationId=app, SMSChannelRequest={"SenderId": sender_id})
    stored = raw.get_sms_channel(ApplicationId=app)["SMSChannelResponse"]
    assert stored["SenderId"] == sender_id


def test_an_sms_short_code_is_kept_as_given(raw: Any, app: str) -> None:
    raw.update_sms_channel(ApplicationId=app, SMSChannelRequest={"ShortCode": "12a45"})
    assert raw.get_sms_channel(ApplicationId=app)["SMSChannelResponse"]["ShortCode"] == "12a45"


def test_get_channels_lists_every_configured_channel_and_in_app(raw: Any, app: str) -> None:
    empty = raw.get_channels(ApplicationId=app)["ChannelsResponse"]["Channels"]
    assert empty == {"IN_APP": {"Enabled": True, "IsArchived": False, "Version": 0}}
    for kind in KINDS:
        update(raw, app, kind)
    call(raw, "delete", app, KINDS[0])
    channels = raw.get_channels(ApplicationId=app)["ChannelsResponse"]["Channels"]
    assert set(channels) == {kind.platform for kind in KINDS[1:]} | {"IN_APP"}
    common = {
        "ApplicationId",
        "CreationDate",
        "Enabled",
        "HasCredential",
        "Id",
        "IsArchived",
        "LastModifiedBy",
        "LastModifiedDate",
        "Version",
    }
    for platform, channel in channels.items():
        assert set(channel) <= common, platform
    email_kind = next(kind for kind in KINDS if kind.platform == "EMAIL")
    email = call(raw, "get", app, email_kind)[email_kind.response_member]
    assert channels["EMAIL"] == {name: email[name] for name in common if name in email}
    assert channels["SMS"]["Id"] == "sms"
    assert channels["ADM"]["HasCredential"] is True


def test_the_messaging_code_finds_channels_by_platform(raw: Any, app: str, emu: Emulator) -> None:
    for kind in KINDS:
        update(raw, app, kind)
    with emu.state.lock:
        stored = emu.state.apps[app].channels
        assert {platform: stored[platform]["Enabled"] for platform in stored} == {
            kind.platform: True for kind in KINDS
        }


@pytest.mark.parametrize("kind", KINDS_WITH_SECRETS, ids=ids)
def test_credentials_never_appear_in_answers_errors_state_or_logs(
    raw: Any, app: str, emu: Emulator, kind: Kind, caplog: pytest.LogCaptureFixture
) -> None:
    # The server's loggers only: botocore's own debug log shows what the client sent.
    for name in ("pinpoint_sdk.emulator", "werkzeug"):
        caplog.set_level(logging.DEBUG, logger=name)
    answers: list[Any] = [
        update(raw, app, kind),
        call(raw, "get", app, kind),
        raw.get_channels(ApplicationId=app),
    ]
    with emu.state.lock:
        stored = json.dumps(emu.state.apps[app].channels)
    answers.append(call(raw, "delete", app, kind))
    with pytest.raises(raw.exceptions.NotFoundException) as excinfo:
        update(raw, "f" * 32, kind)
    answers.append(excinfo.value.response)
    if kind.platform.startswith(("APNS", "GCM")):
        with pytest.raises(raw.exceptions.BadRequestException) as refused:
            update(raw, app, kind, {**kind.request, "DefaultAuthenticationMethod": "NOPE"})
        answers.append(refused.value.response)
    server_logs = [
        record.getMessage()
        for record in caplog.records
        if record.name.startswith(("pinpoint_sdk.emulator", "werkzeug"))
    ]
    assert server_logs  # the request lines are logged
    text = json.dumps(answers, default=str) + stored + "\n".join(server_logs)
    for secret in kind.secrets:
        assert secret not in text
