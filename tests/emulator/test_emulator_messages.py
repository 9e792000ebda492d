"""send_messages and send_users_messages: per-recipient results as Pinpoint shapes them, and every
delivered message in the outbox."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest

from pinpoint_sdk.emulator import Emulator, OutboxMessage
from pinpoint_sdk.emulator._messaging import deliver_to_endpoint

from .conftest import AwsCli, error_of

PHONE = "+12065550142"


def configure_channel(emu: Emulator, app: str, platform: str, *, enabled: bool = True) -> None:
    """Give the app a channel record as the channel operations store it.

    Written into the state directly: this branch does not implement Update{Sms,Email,...}Channel
    (issue 11 item 3); messaging reads ``app.channels`` whoever wrote it.
    """
    with emu.state.lock:
        emu.state.apps[app].channels[platform] = {
            "ApplicationId": app,
            "Enabled": enabled,
            "Id": platform.lower(),
            "Platform": platform,
            "Version": 1,
        }


def put_endpoint(raw: Any, app: str, endpoint_id: str, **request: Any) -> None:
    raw.update_endpoint(ApplicationId=app, EndpointId=endpoint_id, EndpointRequest=request)


@pytest.fixture(autouse=True)
def empty_outbox(emu: Emulator) -> None:
    emu.outbox.clear()


def test_an_sms_to_an_address_is_delivered_and_recorded(raw: Any, emu: Emulator, app: str) -> None:
    configure_channel(emu, app, "SMS")
    response = raw.send_messages(
        ApplicationId=app,
        MessageRequest={
            "Addresses": {PHONE: {"ChannelType": "SMS"}},
            "MessageConfiguration": {"SMSMessage": {"Body": "Your table is ready"}},
        },
    )
    answer = response["MessageResponse"]
    result = answer["Result"][PHONE]
    assert answer["ApplicationId"] == app
    assert answer["RequestId"] == response["ResponseMetadata"]["RequestId"]
    assert "EndpointResult" not in answer
    assert (result["DeliveryStatus"], result["StatusCode"]) == ("SUCCESSFUL", 200)
    assert result["StatusMessage"] == f"MessageId: {result['MessageId']}"
    assert len(result["MessageId"]) == 40
    [message] = emu.outbox
    assert isinstance(message, OutboxMessage)
    assert (message.channel, message.address, message.body) == ("SMS", PHONE, "Your table is ready")
    assert (message.endpoint_id, message.user_id, message.campaign_id) == (None, None, None)
    assert (message.message_id, message.application_id) == (result["MessageId"], app)


CHANNEL_MESSAGES = {
    "SMS": ("SMSMessage", {"Body": "sms body"}),
    "VOICE": ("VoiceMessage", {"Body": "voice body"}),
    "EMAIL": ("EmailMessage", {"SimpleEmail": {"TextPart": {"Data": "email body"}}}),
    "GCM": ("GCMMessage", {"Title": "t", "Body": "gcm body"}),
    "APNS": ("APNSMessage", {"Title": "t", "Body": "apns body"}),
    "APNS_SANDBOX": ("APNSMessage", {"Title": "t", "Body": "apns body"}),
    "APNS_VOIP": ("APNSMessage", {"Title": "t", "Body": "apns body"}),
    "APNS_VOIP_SANDBOX": ("APNSMessage", {"Title": "t", "Body": "apns body"}),
    "ADM": ("ADMMessage", {"Title": "t", "Body": "adm body"}),
    "BAIDU": ("BaiduMessage", {"Title": "t", "Body": "baidu body"}),
}


@pytest.mark.parametrize("channel", sorted(CHANNEL_MESSAGES))
def test_each_channel_receives_its_own_message_over_the_default(
    raw: Any, emu: Emulator, app: str, channel: str
) -> None:
    configure_channel(emu, app, channel)
    member, message = CHANNEL_MESSAGES[channel]
    raw.send_messages(
        ApplicationId=app,
        MessageRequest={
            "Addresses": {"recipient-1": {"ChannelType": channel}},
            "MessageConfiguration": {member: message, "DefaultMessage": {"Body": "default"}},
        },
    )
    [delivered] = emu.outbox
    assert delivered.channel == channel
    assert delivered.body == f"{channel.split('_')[0].lower()} body"


def test_a_custom_channel_needs_no_channel_and_takes_the_default_message(
    raw: Any, emu: Emulator, app: str
) -> None:
    answer = raw.send_messages(
        ApplicationId=app,
        MessageRequest={
            "Addresses": {"https://hooks.example/1": {"ChannelType": "CUSTOM"}},
            "MessageConfiguration": {"DefaultMessage": {"Body": "hello hook"}},
        },
    )["MessageResponse"]
    assert answer["Result"]["https://hooks.example/1"]["DeliveryStatus"] == "SUCCESSFUL"
    assert [m.body for m in emu.outbox] == ["hello hook"]


def test_push_falls_back_to_the_default_push_message(raw: Any, emu: Emulator, app: str) -> None:
    raw.update_gcm_channel(ApplicationId=app, GCMChannelRequest={"ApiKey": "key"})
    raw.send_messages(
        ApplicationId=app,
        MessageRequest={
            "Addresses": {"device-token": {"ChannelType": "GCM"}},
            "MessageConfiguration": {
                "DefaultPushNotificationMessage": {"Title": "Sale", "Body": "50% off"}
            },
        },
    )
    [message] = emu.outbox
    assert (message.title, message.body) == ("Sale", "50% off")


def test_an_email_carries_subject_text_and_html(raw: Any, emu: Emulator, app: str) -> None:
    configure_channel(emu, app, "EMAIL")
    simple = {
        "Subject": {"Data": "Hi {{Name}}"},
        "TextPart": {"Data": "Hello {{Name}}"},
        "HtmlPart": {"Data": "<p>Hello {{Name}}</p>"},
    }
    raw.send_messages(
        ApplicationId=app,
        MessageRequest={
            "Addresses": {"ana@example.com": {"ChannelType": "EMAIL"}},
            "MessageConfiguration": {
                "EmailMessage": {"SimpleEmail": simple, "Substitutions": {"Name": ["<Ana>"]}}
            },
        },
    )
    [message] = emu.outbox
    assert message.title == "Hi <Ana>"
    assert message.body == "Hello <Ana>"
    assert message.html_body == "<p>Hello &lt;Ana&gt;</p>"


def test_overrides_and_substitutions_per_address_win(raw: Any, emu: Emulator, app: str) -> None:
    configure_channel(emu, app, "SMS")
    raw.send_messages(
        ApplicationId=app,
        MessageRequest={
            "Addresses": {
                "+12065550100": {"ChannelType": "SMS", "BodyOverride": "just for you"},
                "+12065550101": {"ChannelType": "SMS", "Substitutions": {"Name": ["Bo"]}},
                "+12065550102": {"ChannelType": "SMS"},
            },
            "MessageConfiguration": {
                "SMSMessage": {"Body": "Hi {{Name}}", "Substitutions": {"Name": ["all"]}}
            },
        },
    )
    assert [m.body for m in emu.outbox] == ["just for you", "Hi Bo", "Hi all"]


def test_endpoints_get_endpoint_results_with_their_address(
    raw: Any, emu: Emulator, app: str
) -> None:
    configure_channel(emu, app, "SMS")
    put_endpoint(
        raw, app, "e1", ChannelType="SMS", Address=PHONE, User={"UserId": "u1"},
        Attributes={"FirstName": ["Ana"]},
    )  # fmt: skip
    answer = raw.send_messages(
        ApplicationId=app,
        MessageRequest={
            "Endpoints": {"e1": {}},
            "MessageConfiguration": {"SMSMessage": {"Body": "Hi {{Attributes.FirstName}}"}},
        },
    )["MessageResponse"]
    result = answer["EndpointResult"]["e1"]
    assert "Result" not in answer
    assert (result["Address"], result["DeliveryStatus"], result["StatusCode"]) == (
        PHONE,
        "SUCCESSFUL",
        200,
    )
    [message] = emu.outbox
    assert (message.endpoint_id, message.user_id, message.body) == ("e1", "u1", "Hi Ana")


def test_each_undeliverable_endpoint_is_answered_in_its_result(
    raw: Any, emu: Emulator, app: str
) -> None:
    configure_channel(emu, app, "SMS")
    configure_channel(emu, app, "VOICE", enabled=False)
    put_endpoint(raw, app, "opted-out", ChannelType="SMS", Address="+12065550110", OptOut="ALL")
    put_endpoint(
        raw, app, "inactive", ChannelType="SMS", Address="+12065550111", EndpointStatus="INACTIVE"
    )
    put_endpoint(raw, app, "no-channel", ChannelType="EMAIL", Address="a@example.com")
    put_endpoint(raw, app, "disabled", ChannelType="VOICE", Address="+12065550112")
    put_endpoint(raw, app, "first", ChannelType="SMS", Address="+12065550113")
    put_endpoint(raw, app, "same-address", ChannelType="SMS", Address="+12065550113")
    ids = ["missing", "opted-out", "inactive", "no-channel", "disabled", "first", "same-address"]
    results = raw.send_messages(
        ApplicationId=app,
        MessageRequest={
            "Endpoints": {endpoint_id: {} for endpoint_id in ids},
            "MessageConfiguration": {"DefaultMessage": {"Body": "hello"}},
        },
    )["MessageResponse"]["EndpointResult"]
    statuses = {eid: (r["DeliveryStatus"], r["StatusCode"]) for eid, r in results.items()}
    assert statuses == {
        "missing": ("PERMANENT_FAILURE", 404),
        "opted-out": ("OPT_OUT", 400),
        "inactive": ("PERMANENT_FAILURE", 400),
        "no-channel": ("PERMANENT_FAILURE", 400),
        "disabled": ("PERMANENT_FAILURE", 400),
        "first": ("SUCCESSFUL", 200),
        "same-address": ("DUPLICATE", 400),
    }
    assert "not configured" in results["no-channel"]["StatusMessage"]
    assert "disabled" in results["disabled"]["StatusMessage"]
    assert [m.endpoint_id for m in emu.outbox] == ["first"]


def test_a_channel_with_no_content_fails_that_recipient(raw: Any, emu: Emulator, app: str) -> None:
    configure_channel(emu, app, "SMS")
    result = raw.send_messages(
        ApplicationId=app,
        MessageRequest={
            "Addresses": {PHONE: {"ChannelType": "SMS"}},
            "MessageConfiguration": {"GCMMessage": {"Body": "push only"}},
        },
    )["MessageResponse"]["Result"][PHONE]
    assert (result["DeliveryStatus"], result["StatusCode"]) == ("PERMANENT_FAILURE", 400)
    assert len(emu.outbox) == 0


def test_send_users_messages_answers_per_user_then_endpoint(
    raw: Any, emu: Emulator, app: str
) -> None:
    configure_channel(emu, app, "SMS")
    configure_channel(emu, app, "EMAIL")
    user = {"UserId": "ana", "UserAttributes": {"FirstName": ["Ana"]}}
    put_endpoint(raw, app, "ana-sms", ChannelType="SMS", Address=PHONE, User=user)
    put_endpoint(raw, app, "ana-mail", ChannelType="EMAIL", Address="ana@example.com", User=user)
    answer = raw.send_users_messages(
        ApplicationId=app,
        SendUsersMessageRequest={
            "Users": {"ana": {}, "nobody": {}},
            "MessageConfiguration": {
                "DefaultMessage": {"Body": "Hi {{User.UserAttributes.FirstName}}"}
            },
        },
    )["SendUsersMessageResponse"]
    assert answer["ApplicationId"] == app
    assert set(answer["Result"]) == {"ana", "nobody"}
    assert answer["Result"]["nobody"] == {
        "": {
            "Address": "",
            "DeliveryStatus": "PERMANENT_FAILURE",
            "StatusCode": 400,
            "StatusMessage": "No endpoints found for userId.",
        }
    }
    ana = answer["Result"]["ana"]
    assert {eid: r["DeliveryStatus"] for eid, r in ana.items()} == {
        "ana-mail": "SUCCESSFUL",
        "ana-sms": "SUCCESSFUL",
    }
    assert ana["ana-sms"]["Address"] == PHONE
    assert sorted((m.endpoint_id, m.user_id, m.body) for m in emu.outbox) == [
        ("ana-mail", "ana", "Hi Ana"),
        ("ana-sms", "ana", "Hi Ana"),
    ]


def test_a_request_without_recipients_is_a_bad_request(raw: Any, app: str) -> None:
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        raw.send_messages(
            ApplicationId=app,
            MessageRequest={"MessageConfiguration": {"DefaultMessage": {"Body": "x"}}},
        )
    assert "Addresses or Endpoints" in error_of(excinfo)[2]


def test_at_most_100_recipients_per_request(raw: Any, emu: Emulator, app: str) -> None:
    configure_channel(emu, app, "SMS")
    addresses = {f"+1206555{n:04d}": {"ChannelType": "SMS"} for n in range(60)}
    endpoints = {f"e{n}": {} for n in range(41)}
    message = {"DefaultMessage": {"Body": "x"}}
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        raw.send_messages(
            ApplicationId=app,
            MessageRequest={
                "Addresses": addresses,
                "Endpoints": endpoints,
                "MessageConfiguration": message,
            },
        )
    assert "at most 100" in error_of(excinfo)[2]
    assert len(emu.outbox) == 0
    endpoints.popitem()
    answer = raw.send_messages(
        ApplicationId=app,
        MessageRequest={
            "Addresses": addresses,
            "Endpoints": endpoints,
            "MessageConfiguration": message,
        },
    )["MessageResponse"]
    assert (len(answer["Result"]), len(answer["EndpointResult"])) == (60, 40)


def test_at_most_100_users_per_request(raw: Any, app: str) -> None:
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        raw.send_users_messages(
            ApplicationId=app,
            SendUsersMessageRequest={
                "Users": {f"user-{n}": {} for n in range(101)},
                "MessageConfiguration": {"DefaultMessage": {"Body": "x"}},
            },
        )
    assert "at most 100 users" in error_of(excinfo)[2]


def test_an_address_needs_a_channel_type(raw: Any, app: str) -> None:
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        raw.send_messages(
            ApplicationId=app,
            MessageRequest={
                "Addresses": {PHONE: {}},
                "MessageConfiguration": {"DefaultMessage": {"Body": "x"}},
            },
        )
    assert "$.MessageRequest.Addresses[0].ChannelType" in error_of(excinfo)[2]


def test_an_unknown_app_is_not_found(raw: Any) -> None:
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.send_messages(
            ApplicationId="0" * 32,
            MessageRequest={
                "Addresses": {PHONE: {"ChannelType": "SMS"}},
                "MessageConfiguration": {"DefaultMessage": {"Body": "x"}},
            },
        )
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.send_users_messages(
            ApplicationId="0" * 32,
            SendUsersMessageRequest={
                "Users": {"u": {}},
                "MessageConfiguration": {"DefaultMessage": {"Body": "x"}},
            },
        )


def test_an_unknown_channel_type_is_refused_by_the_model(loose: Any, app: str) -> None:
    with pytest.raises(loose.exceptions.BadRequestException) as excinfo:
        loose.send_messages(
            ApplicationId=app,
            MessageRequest={
                "Addresses": {PHONE: {"ChannelType": "PIGEON"}},
                "MessageConfiguration": {"DefaultMessage": {"Body": "x"}},
            },
        )
    assert "ChannelType" in error_of(excinfo)[2]


def test_the_outbox_clears(raw: Any, emu: Emulator, app: str) -> None:
    configure_channel(emu, app, "SMS")
    raw.send_messages(
        ApplicationId=app,
        MessageRequest={
            "Addresses": {PHONE: {"ChannelType": "SMS"}},
            "MessageConfiguration": {"DefaultMessage": {"Body": "x"}},
        },
    )
    assert len(emu.outbox) == 1
    assert emu.outbox.for_address(PHONE)[0].body == "x"
    emu.outbox.clear()
    assert list(emu.outbox) == []


def test_the_outbox_over_http(raw: Any, emu: Emulator, app: str) -> None:
    configure_channel(emu, app, "SMS")
    raw.send_messages(
        ApplicationId=app,
        MessageRequest={
            "Addresses": {PHONE: {"ChannelType": "SMS"}},
            "MessageConfiguration": {"DefaultMessage": {"Body": "over http"}},
        },
    )
    url = f"{emu.endpoint_url}/_emulator/outbox"
    with urllib.request.urlopen(url) as answer:
        listed = json.load(answer)["Messages"]
    assert [(m["channel"], m["address"], m["body"]) for m in listed] == [
        ("SMS", PHONE, "over http")
    ]
    with urllib.request.urlopen(urllib.request.Request(url, method="DELETE")) as answer:
        assert answer.status == 204
    assert len(emu.outbox) == 0


def test_campaign_code_delivers_through_the_same_outbox(raw: Any, emu: Emulator, app: str) -> None:
    configure_channel(emu, app, "SMS")
    put_endpoint(raw, app, "e1", ChannelType="SMS", Address=PHONE)
    with emu.state.lock:
        result = deliver_to_endpoint(
            emu.state,
            emu.state.apps[app],
            "e1",
            {"DefaultMessage": {"Body": "from a campaign"}},
            {},
            request_id="run-1",
            campaign_id="c1",
        )
    assert result["DeliveryStatus"] == "SUCCESSFUL"
    [message] = emu.outbox
    assert (message.campaign_id, message.journey_id, message.request_id) == ("c1", None, "run-1")


def test_the_cli_sends_messages(aws: AwsCli, raw: Any, emu: Emulator, app: str) -> None:
    configure_channel(emu, app, "SMS")
    put_endpoint(raw, app, "e1", ChannelType="SMS", Address=PHONE, User={"UserId": "u1"})
    request = {
        "Addresses": {"+12065550199": {"ChannelType": "SMS"}},
        "MessageConfiguration": {"SMSMessage": {"Body": "cli"}},
    }
    sent = aws("send-messages", "--application-id", app, "--message-request", json.dumps(request))[
        "MessageResponse"
    ]
    assert sent["Result"]["+12065550199"]["DeliveryStatus"] == "SUCCESSFUL"
    users = {"Users": {"u1": {}}, "MessageConfiguration": {"SMSMessage": {"Body": "cli user"}}}
    answer = aws(
        "send-users-messages",
        "--application-id",
        app,
        "--send-users-message-request",
        json.dumps(users),
    )["SendUsersMessageResponse"]
    assert answer["Result"]["u1"]["e1"]["DeliveryStatus"] == "SUCCESSFUL"
    assert [m.body for m in emu.outbox] == ["cli", "cli user"]


def test_the_outbox_example_in_the_docs_runs() -> None:
    from .test_emulator_docs import python_blocks

    block = next(b for b in python_blocks() if "emu.outbox" in b)
    namespace: dict[str, Any] = {}
    exec(block, namespace)  # its own assertions check what the outbox holds
    assert namespace["message"].body == "Hi Ana!"


def test_raw_content_is_sent_as_is(raw: Any, emu: Emulator, app: str) -> None:
    raw.update_gcm_channel(ApplicationId=app, GCMChannelRequest={"ApiKey": "key"})
    payload = '{"data": {"message": "{{NotRendered}}"}}'
    raw.send_messages(
        ApplicationId=app,
        MessageRequest={
            "Addresses": {"device-token": {"ChannelType": "GCM", "RawContent": payload}},
            "MessageConfiguration": {},
        },
    )
    [message] = emu.outbox
    assert (message.title, message.body) == (None, payload)


@pytest.mark.parametrize("channel", ["PUSH", "IN_APP"])
def test_channels_without_direct_messages_fail_the_recipient(
    raw: Any, emu: Emulator, app: str, channel: str
) -> None:
    result = raw.send_messages(
        ApplicationId=app,
        MessageRequest={
            "Addresses": {"somewhere": {"ChannelType": channel}},
            "MessageConfiguration": {"DefaultMessage": {"Body": "x"}},
        },
    )["MessageResponse"]["Result"]["somewhere"]
    assert (result["DeliveryStatus"], result["StatusCode"]) == ("PERMANENT_FAILURE", 400)
    assert "cannot send direct messages" in result["StatusMessage"]
    assert len(emu.outbox) == 0


def test_other_emulator_routes_and_methods_are_refused(emu: Emulator) -> None:
    for path, method, status in (
        ("/_emulator/nothing", "GET", 404),
        ("/_emulator/outbox", "POST", 405),
    ):
        request = urllib.request.Request(f"{emu.endpoint_url}{path}", method=method, data=b"")
        with pytest.raises(urllib.error.HTTPError) as excinfo:
            urllib.request.urlopen(request)
        assert excinfo.value.code == status
