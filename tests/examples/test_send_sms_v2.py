"""examples/send_sms_v2.py: a SendMessages SMS request as pinpoint-sms-voice-v2 SendTextMessage
calls, checked against botocore's model of that service (AWS is never reached: Stubber answers)."""

from __future__ import annotations

import json
from collections.abc import Callable
from types import ModuleType
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from pinpoint_sdk import models


@pytest.fixture
def sms(example: Callable[[str], ModuleType]) -> ModuleType:
    return example("send_sms_v2")


def message(**sms_message: Any) -> models.MessageRequest:
    return models.MessageRequest(
        addresses={
            "+15555550100": models.AddressConfiguration(channel_type=models.ChannelType.SMS),
            "+15555550101": models.AddressConfiguration(
                body_override="Hola", context={"lang": "es"}
            ),
        },
        context={"campaign": "otp"},
        message_configuration=models.DirectMessageConfiguration(
            sms_message=models.SMSMessage(**sms_message)
        ),
    )


def test_each_address_becomes_one_send_text_message_request(sms: ModuleType) -> None:
    request = message(
        body="Your code is 123456",
        message_type=models.MessageType.TRANSACTIONAL,
        origination_number="+15555550199",
        keyword="CODE",
        entity_id="e-1",
        template_id="t-1",
    )
    common = {
        "MessageType": "TRANSACTIONAL",
        "OriginationIdentity": "+15555550199",
        "Keyword": "CODE",
        "DestinationCountryParameters": {"IN_ENTITY_ID": "e-1", "IN_TEMPLATE_ID": "t-1"},
    }
    assert sms.send_text_requests(request) == [
        {
            "DestinationPhoneNumber": "+15555550100",
            "MessageBody": "Your code is 123456",
            "Context": {"campaign": "otp"},
            **common,
        },
        {
            "DestinationPhoneNumber": "+15555550101",
            "MessageBody": "Hola",
            "Context": {"campaign": "otp", "lang": "es"},
            **common,
        },
    ]


def test_the_requests_are_what_botocores_model_of_send_text_message_accepts(
    sms: ModuleType,
) -> None:
    requests = sms.send_text_requests(
        message(body="Hi", sender_id="ACME", entity_id="e-1", message_type="PROMOTIONAL")
    )
    client = boto3.client(
        "pinpoint-sms-voice-v2",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    with Stubber(client) as stubber:  # validates each request against the service model
        for request in requests:
            stubber.add_response("send_text_message", {"MessageId": "m"}, request)
            assert client.send_text_message(**request) == {"MessageId": "m"}


@pytest.mark.parametrize(
    ("sms_message", "refusal"),
    [
        ({"body": "Hi {{Name}}", "substitutions": {"Name": ["A"]}}, "render the substitutions"),
        ({"body": "Hi", "media_url": "https://example.com/a.png"}, "SendMediaMessage"),
        ({}, "expected a Body"),
    ],
)
def test_what_send_text_message_cannot_carry_is_refused_not_dropped(
    sms: ModuleType, sms_message: dict[str, Any], refusal: str
) -> None:
    with pytest.raises(ValueError, match=refusal):
        sms.send_text_requests(message(**sms_message))


def test_prints_the_requests_without_aws(
    sms: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert sms.main(["--to", "+15555550100", "--body", "Code 1"]) == 0
    assert [json.loads(line) for line in capsys.readouterr().out.splitlines()] == [
        {"DestinationPhoneNumber": "+15555550100", "MessageBody": "Code 1"}
    ]


def test_sends_each_request_with_aws(
    sms: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    client = boto3.client(
        "pinpoint-sms-voice-v2",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    stubber = Stubber(client)
    stubber.add_response(
        "send_text_message",
        {"MessageId": "msg-1"},
        {
            "DestinationPhoneNumber": "+15555550100",
            "MessageBody": "Code 1",
            "OriginationIdentity": "+15555550199",
            "MessageType": "TRANSACTIONAL",
        },
    )
    monkeypatch.setattr(sms, "aws_client", lambda service, region: client)
    argv = ["--aws", "--to", "+15555550100", "--body", "Code 1"]
    with stubber:
        sms.main([*argv, "--origination-number", "+15555550199", "--message-type", "TRANSACTIONAL"])
    stubber.assert_no_pending_responses()
    assert capsys.readouterr().out == "+15555550100: msg-1\n"
