"""Delivering messages: what a channel receives from a message and its template, the per-recipient
checks Pinpoint makes, and the outbox record. No HTTP here: the messaging handlers call it, and so
can campaigns and journeys (``deliver_to_endpoint``), with the state's lock held.

Per-recipient results (``EndpointMessageResult`` / ``MessageResult``), in the order checked
(docs/emulator.md has the same table):

- endpoint id not in the app: PERMANENT_FAILURE, 404;
- endpoint ``EndpointStatus: INACTIVE``: PERMANENT_FAILURE, 400;
- endpoint ``OptOut: ALL``: OPT_OUT, 400;
- channel ``PUSH`` or ``IN_APP`` (no direct messages), channel not configured for the app, or
  configured with ``Enabled: false``: PERMANENT_FAILURE, 400;
- no content for the recipient's channel: PERMANENT_FAILURE, 400;
- channel and address already sent by the same request: DUPLICATE, 400;
- otherwise delivered and recorded in the outbox: SUCCESSFUL, 200, ``MessageId: <id>``.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ._errors import bad_request, not_found
from ._outbox import OutboxMessage
from ._render import Variables, parse_default_substitutions, render
from ._state import App, Json, MessageTemplate, State, new_id

__all__ = [
    "CHANNELS",
    "Draft",
    "Recipient",
    "compose",
    "deliver",
    "deliver_to_endpoint",
    "find_template_version",
    "over_cap",
    "quiet_until",
    "resolve_templates",
]

#: Push platform -> (its member of DirectMessageConfiguration, its part of a push template).
_PUSH = {
    "GCM": ("GCMMessage", "GCM"),
    "APNS": ("APNSMessage", "APNS"),
    "APNS_SANDBOX": ("APNSMessage", "APNS"),
    "APNS_VOIP": ("APNSMessage", "APNS"),
    "APNS_VOIP_SANDBOX": ("APNSMessage", "APNS"),
    "ADM": ("ADMMessage", "ADM"),
    "BAIDU": ("BaiduMessage", "Baidu"),
}

#: Channels a direct message can go through (``CUSTOM`` needs no channel configured).
CHANNELS = frozenset({*_PUSH, "SMS", "VOICE", "EMAIL", "CUSTOM"})

#: TemplateConfiguration member -> the template type it names.
_TEMPLATE_MEMBERS = {
    "EmailTemplate": "EMAIL",
    "SMSTemplate": "SMS",
    "VoiceTemplate": "VOICE",
    "PushTemplate": "PUSH",
    "InAppTemplate": "INAPP",
}


@dataclass(frozen=True)
class ChosenTemplate:
    name: str
    version: str
    record: Json
    defaults: Mapping[str, str]


def find_template_version(template: MessageTemplate, version: str | None) -> Json:
    """The version ``version`` names ("1", "2"...), or the active one; NotFound otherwise."""
    if version is None:
        return template.active
    for record in template.versions:
        if record["Version"] == version:
            return record
    raise not_found(
        f"Version {version[:20]!r} of {template.template_type} template "
        f"{template.name!r} not found."
    )


def resolve_templates(
    state: State, configuration: Json | None, path: str
) -> dict[str, ChosenTemplate]:
    """Template type -> the template version a ``TemplateConfiguration`` names.

    Checked before anything is sent, so that a missing template fails the whole request
    (NotFoundException) rather than some recipients.
    """
    chosen: dict[str, ChosenTemplate] = {}
    for member, template_type in _TEMPLATE_MEMBERS.items():
        reference = (configuration or {}).get(member)
        if not reference:
            continue
        name = reference.get("Name")
        if not name:
            raise bad_request(f"Missing required member {path}.{member}.Name.")
        template = state.templates.get((template_type, name))
        if template is None:
            raise not_found(f"Template {name[:128]!r} of type {template_type} not found.")
        record = find_template_version(template, reference.get("Version"))
        defaults = parse_default_substitutions(
            record.get("DefaultSubstitutions"), f"{member}.DefaultSubstitutions"
        )
        chosen[template_type] = ChosenTemplate(name, record["Version"], record, defaults)
    return chosen


@dataclass(frozen=True)
class Draft:
    """What a channel receives before per-recipient overrides and variables."""

    title: str | None = None
    body: str | None = None
    html_body: str | None = None
    #: A raw payload: sent as is, nothing rendered.
    raw_content: str | None = None
    #: The message's Substitutions, most specific first.
    substitutions: tuple[Mapping[str, Sequence[str]], ...] = ()
    template: ChosenTemplate | None = None

    @property
    def empty(self) -> bool:
        return (
            self.title is None
            and self.body is None
            and self.html_body is None
            and (self.raw_content is None)
        )


def _part(config: Json, name: str) -> Json:
    value = config.get(name)
    return value if isinstance(value, dict) else {}


def compose(channel: str, config: Json, templates: Mapping[str, ChosenTemplate]) -> Draft:
    """The content ``channel`` receives from a DirectMessageConfiguration and the templates named.

    A member the message sets wins over the template's; a channel's own message wins over
    ``DefaultPushNotificationMessage`` (push), which wins over ``DefaultMessage``.
    """
    default = _part(config, "DefaultMessage")
    substitutions: list[Mapping[str, Sequence[str]]] = []
    title: str | None = None
    body: str | None = None
    html_body: str | None = None
    raw: str | None = None
    template: ChosenTemplate | None = None
    if channel in _PUSH:
        member, platform_part = _PUSH[channel]
        own = _part(config, member)
        generic = _part(config, "DefaultPushNotificationMessage")
        parts = [own, generic, default]
        title = own.get("Title") or generic.get("Title")
        body = own.get("Body") or generic.get("Body") or default.get("Body")
        raw = own.get("RawContent")
        template = templates.get("PUSH")
        if template is not None:
            # The platform's part overrides the Default part member by member.
            template_part = {
                **_part(template.record, "Default"),
                **{k: v for k, v in _part(template.record, platform_part).items() if v},
            }
            title = title or template_part.get("Title")
            body = body or template_part.get("Body")
            raw = raw or template_part.get("RawContent")
    elif channel == "EMAIL":
        own = _part(config, "EmailMessage")
        parts = [own, default]
        simple = _part(own, "SimpleEmail")
        title = _part(simple, "Subject").get("Data")
        body = _part(simple, "TextPart").get("Data") or own.get("Body") or default.get("Body")
        html_body = _part(simple, "HtmlPart").get("Data")
        raw_email = _part(own, "RawEmail").get("Data")
        if raw_email:
            raw = _decode_raw_email(raw_email)
        template = templates.get("EMAIL")
        if template is not None:
            title = title or template.record.get("Subject")
            body = body or template.record.get("TextPart")
            html_body = html_body or template.record.get("HtmlPart")
    elif channel in ("SMS", "VOICE"):
        own = _part(config, "SMSMessage" if channel == "SMS" else "VoiceMessage")
        parts = [own, default]
        body = own.get("Body") or default.get("Body")
        template = templates.get(channel)
        if template is not None:
            body = body or template.record.get("Body")
    else:  # CUSTOM
        parts = [default]
        body = default.get("Body")
    for part in parts:
        if part.get("Substitutions"):
            substitutions.append(part["Substitutions"])
    return Draft(title, body, html_body, raw, tuple(substitutions), template)


def _decode_raw_email(data: str) -> str:
    try:
        return base64.b64decode(data, validate=True).decode("utf-8", errors="replace")
    except (binascii.Error, ValueError):
        raise bad_request(
            "Invalid value at MessageConfiguration.EmailMessage.RawEmail.Data: expected base64."
        ) from None


@dataclass(frozen=True)
class Recipient:
    """Who a message goes to: an address, or an endpoint (and so its address)."""

    channel: str
    address: str
    endpoint: Json | None = None
    #: The AddressConfiguration / EndpointSendConfiguration for this recipient.
    overrides: Json = field(default_factory=dict)


def _failure(status: str, code: int, message: str, address: str | None) -> Json:
    result: Json = {"DeliveryStatus": status, "StatusCode": code, "StatusMessage": message}
    if address is not None:
        result["Address"] = address
    return result


def _channel_problem(app: App, channel: str) -> str | None:
    if channel not in CHANNELS:
        return f"Channel {channel} cannot send direct messages."
    if channel == "CUSTOM":
        return None
    record = app.channels.get(channel)
    if record is None:
        return f"The {channel} channel is not configured for application {app.id}."
    if record.get("Enabled") is False:
        return f"The {channel} channel is disabled for application {app.id}."
    return None


def deliver(
    state: State,
    app: App,
    recipient: Recipient,
    draft: Draft,
    *,
    request_id: str,
    seen: set[tuple[str, str]] | None = None,
    campaign_id: str | None = None,
    journey_id: str | None = None,
) -> Json:
    """Deliver ``draft`` to ``recipient``, recording it in the outbox when it is sent.

    Returns the EndpointMessageResult (with ``Address``); the checks and their answers are in
    this module's docstring. ``seen`` collects (channel, address) pairs already sent by the same
    request, to answer DUPLICATE.
    """
    endpoint = recipient.endpoint
    address = recipient.address
    if endpoint is not None:
        if endpoint.get("EndpointStatus") == "INACTIVE":
            return _failure(
                "PERMANENT_FAILURE", 400, f"Endpoint {endpoint['Id']} is inactive.", address
            )
        if endpoint.get("OptOut") == "ALL":
            return _failure("OPT_OUT", 400, f"Endpoint {endpoint['Id']} has opted out.", address)
    problem = _channel_problem(app, recipient.channel)
    if problem is not None:
        return _failure("PERMANENT_FAILURE", 400, problem, address)
    overrides = recipient.overrides
    if draft.empty and not (overrides.get("BodyOverride") or overrides.get("RawContent")):
        return _failure(
            "PERMANENT_FAILURE",
            400,
            f"The message has no content for the {recipient.channel} channel.",
            address,
        )
    if seen is not None:
        key = (recipient.channel, address)
        if key in seen:
            return _failure("DUPLICATE", 400, f"Address {address} is a duplicate.", address)
        seen.add(key)
    raw = overrides.get("RawContent") or draft.raw_content
    variables = Variables(
        substitutions=(
            *([overrides["Substitutions"]] if overrides.get("Substitutions") else []),
            *draft.substitutions,
        ),
        endpoint=endpoint,
        address=address,
        defaults=draft.template.defaults if draft.template is not None else {},
    )
    if raw is not None:
        title, body, html_body = None, raw, None
    else:
        title = render(overrides.get("TitleOverride") or draft.title, variables)
        body = render(overrides.get("BodyOverride") or draft.body, variables)
        html_body = render(draft.html_body, variables, html_part=True)
    message_id = _message_id(recipient.channel)
    user_id = ((endpoint or {}).get("User") or {}).get("UserId")
    state.outbox.record(
        OutboxMessage(
            channel=recipient.channel,
            address=address,
            application_id=app.id,
            endpoint_id=endpoint["Id"] if endpoint is not None else None,
            user_id=user_id if isinstance(user_id, str) and user_id else None,
            title=title,
            body=body,
            html_body=html_body,
            campaign_id=campaign_id,
            journey_id=journey_id,
            template_name=draft.template.name if draft.template is not None else None,
            template_version=draft.template.version if draft.template is not None else None,
            message_id=message_id,
            sent_at=state.now(),
            request_id=request_id,
        )
    )
    return {
        "Address": address,
        "DeliveryStatus": "SUCCESSFUL",
        "MessageId": message_id,
        "StatusCode": 200,
        "StatusMessage": f"MessageId: {message_id}",
    }


def _message_id(channel: str) -> str:
    # SMS and voice ids are 40 lowercase characters, as the SMS service writes them.
    return (new_id() + new_id())[:40] if channel in ("SMS", "VOICE") else new_id()


def deliver_to_endpoint(
    state: State,
    app: App,
    endpoint_id: str,
    config: Json,
    templates: Mapping[str, ChosenTemplate],
    *,
    request_id: str,
    overrides: Json | None = None,
    seen: set[tuple[str, str]] | None = None,
    campaign_id: str | None = None,
    journey_id: str | None = None,
) -> Json:
    """Send a message (DirectMessageConfiguration ``config`` plus ``templates``, from
    ``resolve_templates``) to one endpoint of ``app``; returns its EndpointMessageResult."""
    endpoint = app.endpoints.get(endpoint_id)
    if endpoint is None:
        return _failure("PERMANENT_FAILURE", 404, f"Endpoint {endpoint_id[:64]} not found.", None)
    channel = str(endpoint.get("ChannelType", ""))
    recipient = Recipient(channel, str(endpoint.get("Address", "")), endpoint, overrides or {})
    return deliver(
        state,
        app,
        recipient,
        compose(channel, config, templates),
        request_id=request_id,
        seen=seen,
        campaign_id=campaign_id,
        journey_id=journey_id,
    )


def over_cap(
    sent: Sequence[datetime], at: datetime, cap: int, within: timedelta | None = None
) -> bool:
    """Whether one more message at ``at`` would pass ``cap`` (0: no cap), counting the moments in
    ``sent`` (messages already sent) ever, or only those ``within`` the time up to ``at``."""
    if not cap:
        return False
    if within is None:
        return len(sent) >= cap
    since = at - within
    return sum(1 for moment in sent if since < moment <= at) >= cap


def quiet_until(
    start: str | None, end: str | None, endpoint: Json, moment: datetime
) -> datetime | None:
    """When the endpoint's quiet time ends, if ``moment`` falls in it; else ``None``.

    As the model documents quiet time (``QuietTime`` of a campaign's schedule, a journey or the
    app): ``Start`` to ``End`` inclusive to the minute (it may cross midnight), read in the
    endpoint's ``Demographic.Timezone``; an endpoint without a valid time zone is never in quiet
    time. It ends at the first minute after ``End``.
    """
    if start is None or end is None:
        return None
    name = (endpoint.get("Demographic") or {}).get("Timezone")
    try:
        zone = ZoneInfo(name) if isinstance(name, str) and name else None
    except (ZoneInfoNotFoundError, ValueError):
        zone = None
    if zone is None:
        return None
    local = moment.astimezone(zone)
    now = local.strftime("%H:%M")
    if not (start <= now <= end if start <= end else now >= start or now <= end):
        return None
    hour, minute = (int(part) for part in end.split(":"))
    ends = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if start > end and now >= start:  # the evening part of a night: it ends tomorrow
        ends += timedelta(days=1)
    return (ends + timedelta(minutes=1)).astimezone(timezone.utc)
