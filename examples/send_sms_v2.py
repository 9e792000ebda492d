"""Send an SMS through AWS End User Messaging SMS (``pinpoint-sms-voice-v2``) with boto3.

Pinpoint's ``SendMessages`` still sends SMS on AWS, but AWS End User Messaging's own API,
``pinpoint-sms-voice-v2``, is where SMS goes on (pools, registrations, Notify). This example turns
the SMS part of a ``send_messages`` request you already build into ``SendTextMessage`` calls, one
per phone number:

- ``SMSMessage.Body`` (or an address's ``BodyOverride``) -> ``MessageBody``; ``MessageType``
  -> ``MessageType``; ``OriginationNumber`` or ``SenderId`` -> ``OriginationIdentity``;
  ``Keyword`` -> ``Keyword``;
- ``EntityId`` / ``TemplateId`` (India's DLT registration) -> ``DestinationCountryParameters``
  (``IN_ENTITY_ID`` / ``IN_TEMPLATE_ID``); the request's and the address's ``Context`` ->
  ``Context``.

What ``SendTextMessage`` has no place for (``Substitutions``: render the body first;
``MediaUrl``: ``SendMediaMessage``; an address on another channel) is refused with the reason,
never dropped.

Without ``--aws`` it prints the requests it would send, one JSON object per line; with ``--aws`` it
sends them with boto3's usual credentials and prints each ``MessageId``:

    python examples/send_sms_v2.py --to +15555550100 --body "Your code is 123456"
    python examples/send_sms_v2.py --aws --region us-east-1 --to +15555550100 \\
        --body "Your code is 123456" --origination-number +15555550199
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from _common import aws_client

from pinpoint_sdk import models, to_boto3


def send_text_requests(request: models.MessageRequest) -> list[dict[str, Any]]:
    """One ``SendTextMessage`` request per address of ``request`` (its SMS message)."""
    sms = request.message_configuration.sms_message
    if sms is None:
        raise ValueError("$.MessageConfiguration.SMSMessage: expected the SMS message to send")
    if sms.substitutions:
        raise ValueError(
            "$.MessageConfiguration.SMSMessage.Substitutions: SendTextMessage takes the final "
            "text; render the substitutions into Body first"
        )
    if sms.media_url:
        raise ValueError(
            "$.MessageConfiguration.SMSMessage.MediaUrl: a media message is SendMediaMessage"
        )
    wire = to_boto3(sms)  # the wire names and values, enums as their strings
    common: dict[str, Any] = {
        "MessageType": wire.get("MessageType"),
        "OriginationIdentity": wire.get("OriginationNumber") or wire.get("SenderId"),
        "Keyword": wire.get("Keyword"),
        "DestinationCountryParameters": {
            name: wire[member]
            for name, member in (("IN_ENTITY_ID", "EntityId"), ("IN_TEMPLATE_ID", "TemplateId"))
            if wire.get(member)
        },
    }
    common = {name: value for name, value in common.items() if value}

    calls: list[dict[str, Any]] = []
    for number, address in (request.addresses or {}).items():
        where = f"$.Addresses[{number!r}]"
        if address.channel_type not in (None, models.ChannelType.SMS):
            raise ValueError(f"{where}.ChannelType: expected SMS, got {address.channel_type}")
        if address.substitutions or address.raw_content or address.title_override:
            raise ValueError(f"{where}: SendTextMessage has no Substitutions, RawContent or title")
        body = address.body_override or sms.body
        if not body:
            raise ValueError(f"{where}: expected a Body (or BodyOverride) to send")
        call = {"DestinationPhoneNumber": number, "MessageBody": body, **common}
        context = _merged(request.context, address.context)
        if context:
            call["Context"] = context
        calls.append(call)
    if request.endpoints:
        raise ValueError(
            "$.Endpoints: endpoints ended with Pinpoint's engagement features; send to the "
            "phone numbers (Addresses) instead"
        )
    return calls


def _merged(*maps: Mapping[str, str] | None) -> dict[str, str]:
    merged: dict[str, str] = {}
    for extra in maps:
        merged.update(extra or {})
    return merged


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--aws", action="store_true", help="send (boto3's usual credentials)")
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--to", action="append", required=True, help="a phone number (E.164)")
    parser.add_argument("--body", required=True)
    parser.add_argument("--origination-number", help="a phone number, pool or sender id")
    parser.add_argument("--message-type", choices=("TRANSACTIONAL", "PROMOTIONAL"))
    args = parser.parse_args(argv)

    # The request as code written for Pinpoint's SendMessages builds it.
    request = models.MessageRequest(
        addresses={
            number: models.AddressConfiguration(channel_type=models.ChannelType.SMS)
            for number in args.to
        },
        message_configuration=models.DirectMessageConfiguration(
            sms_message=models.SMSMessage(
                body=args.body,
                origination_number=args.origination_number,
                message_type=models.MessageType(args.message_type) if args.message_type else None,
            )
        ),
    )
    calls = send_text_requests(request)
    if not args.aws:
        for call in calls:
            print(json.dumps(call, sort_keys=True))
        return 0

    sms_voice = aws_client("pinpoint-sms-voice-v2", args.region)
    for call in calls:
        answer: dict[str, Any] = sms_voice.send_text_message(**call)
        print(f"{call['DestinationPhoneNumber']}: {answer['MessageId']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
