from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from .conftest import error_of

CERTIFICATE = "-----BEGIN CERTIFICATE-----SECRET-CERT-----END CERTIFICATE-----"
PRIVATE_KEY = "-----BEGIN PRIVATE KEY-----SECRET-KEY-----END PRIVATE KEY-----"
TOKEN_KEY = "-----BEGIN PRIVATE KEY-----SECRET-TOKEN-----END PRIVATE KEY-----"
API_KEY = "AIzaSECRET-API-KEY"
SERVICE_JSON = '{"type": "service_account", "private_key": "SECRET-SERVICE-JSON"}'
SECRETS = ("SECRET-CERT", "SECRET-KEY", "SECRET-TOKEN", "SECRET-API-KEY", "SECRET-SERVICE-JSON")


def test_apns_channel_update_get_delete(raw: Any, app: str) -> None:
    request = {"Certificate": CERTIFICATE, "PrivateKey": PRIVATE_KEY, "Enabled": True}
    updated = raw.update_apns_channel(ApplicationId=app, APNSChannelRequest=request)
    channel = updated["APNSChannelResponse"]
    assert updated["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert channel["HasCredential"] is True
    assert channel["Platform"] == "APNS"
    assert channel["DefaultAuthenticationMethod"] == "CERTIFICATE"
    assert (channel["Enabled"], channel["Version"]) == (True, 1)
    got = raw.get_apns_channel(ApplicationId=app)["APNSChannelResponse"]
    assert got == channel
    deleted = raw.delete_apns_channel(ApplicationId=app)["APNSChannelResponse"]
    assert deleted["ApplicationId"] == app
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.get_apns_channel(ApplicationId=app)


def test_apns_token_credentials_and_later_updates_without_credentials(raw: Any, app: str) -> None:
    token = {"TokenKey": TOKEN_KEY, "TokenKeyId": "ABC", "BundleId": "com.x", "TeamId": "T1"}
    channel = raw.update_apns_channel(ApplicationId=app, APNSChannelRequest=token)
    assert channel["APNSChannelResponse"]["HasTokenKey"] is True
    disabled = raw.update_apns_channel(ApplicationId=app, APNSChannelRequest={"Enabled": False})
    response = disabled["APNSChannelResponse"]
    assert (response["Enabled"], response["Version"], response["HasCredential"]) == (False, 2, True)


@pytest.mark.parametrize(
    "request_",
    [{}, {"Certificate": CERTIFICATE}, {"TokenKey": TOKEN_KEY}],
    ids=["none", "certificate-without-key", "token-without-ids"],
)
def test_apns_channel_without_usable_credentials_is_a_bad_request(
    raw: Any, app: str, request_: dict[str, Any]
) -> None:
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        raw.update_apns_channel(ApplicationId=app, APNSChannelRequest=request_)
    assert not any(secret in error_of(excinfo)[2] for secret in SECRETS)


def test_gcm_channel_update_get_delete(raw: Any, app: str) -> None:
    channel = raw.update_gcm_channel(ApplicationId=app, GCMChannelRequest={"ApiKey": API_KEY})
    response = channel["GCMChannelResponse"]
    assert (response["HasCredential"], response["Platform"]) == (True, "GCM")
    assert "Credential" not in response
    assert raw.get_gcm_channel(ApplicationId=app)["GCMChannelResponse"] == response
    raw.delete_gcm_channel(ApplicationId=app)
    with pytest.raises(raw.exceptions.NotFoundException) as excinfo:
        raw.get_gcm_channel(ApplicationId=app)
    assert error_of(excinfo)[:2] == ("NotFoundException", 404)


def test_gcm_service_json_marks_fcm_credentials(raw: Any, app: str) -> None:
    channel = raw.update_gcm_channel(
        ApplicationId=app, GCMChannelRequest={"ServiceJson": SERVICE_JSON}
    )
    assert channel["GCMChannelResponse"]["HasFcmServiceCredentials"] is True


def test_unconfigured_channels_are_not_found(raw: Any, app: str) -> None:
    for call in (
        raw.get_apns_channel,
        raw.delete_apns_channel,
        raw.get_gcm_channel,
        raw.delete_gcm_channel,
    ):
        with pytest.raises(raw.exceptions.NotFoundException):
            call(ApplicationId=app)


def test_credentials_never_appear_in_answers_or_logs(
    raw: Any, app: str, caplog: pytest.LogCaptureFixture
) -> None:
    # The server's loggers only: botocore's own debug log shows what the client sent.
    for name in ("pinpoint_sdk.emulator", "werkzeug"):
        caplog.set_level(logging.DEBUG, logger=name)
    answers: list[Any] = [
        raw.update_apns_channel(
            ApplicationId=app,
            APNSChannelRequest={
                "Certificate": CERTIFICATE,
                "PrivateKey": PRIVATE_KEY,
                "TokenKey": TOKEN_KEY,
                "TokenKeyId": "K",
                "BundleId": "b",
                "TeamId": "t",
            },
        ),
        raw.get_apns_channel(ApplicationId=app),
        raw.update_gcm_channel(
            ApplicationId=app, GCMChannelRequest={"ApiKey": API_KEY, "ServiceJson": SERVICE_JSON}
        ),
        raw.get_gcm_channel(ApplicationId=app),
        raw.delete_apns_channel(ApplicationId=app),
        raw.delete_gcm_channel(ApplicationId=app),
    ]
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        raw.update_apns_channel(ApplicationId=app, APNSChannelRequest={"TokenKey": TOKEN_KEY})
    answers.append(excinfo.value.response)
    server_logs = [
        record.getMessage()
        for record in caplog.records
        if record.name.startswith(("pinpoint_sdk.emulator", "werkzeug"))
    ]
    assert server_logs  # the request lines are logged
    text = json.dumps(answers, default=str) + "\n".join(server_logs)
    for secret in SECRETS:
        assert secret not in text
