"""Channels: one table of channel kinds, and one update/get/delete implementation for all of them.

A channel is stored in ``app.channels[PLATFORM]`` (Pinpoint's platform names: ``"APNS"``,
``"EMAIL"``, ...) as the ``<Kind>ChannelResponse`` it answers with. Credentials (APNs
certificates, private keys and token keys, the FCM/GCM API key and service JSON, ADM client
secrets, Baidu keys) are checked and dropped: never stored, answered, logged or put in an error
message. A channel that has credentials answers ``HasCredential: true``; one that has none (SMS,
email, voice) leaves ``HasCredential`` out, as Pinpoint does.

The email and SMS channels' members are not checked for form: the API reference documents none
(a ``SenderId`` of ``"1234"`` is terraform's own test value), and what Pinpoint checks when it
writes (that the SES identity is verified and covers ``FromAddress``, that the roles exist) needs
AWS, which the emulator does not have.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from botocore.model import StructureShape

from .._errors import bad_request, not_found
from .._state import App, Json
from ._common import Context, HandlerTable, find_app

__all__ = ["CHANNEL_KINDS", "HANDLERS", "ChannelKind", "Credentials"]

HANDLERS = HandlerTable()
handler = HANDLERS.register


@dataclass(frozen=True)
class Credentials:
    """What a request's credentials come to, once checked: whether it carries usable ones, the
    public flags they set (``HasTokenKey``...), and the authentication method they imply."""

    present: bool
    flags: Json = field(default_factory=dict)
    implied_method: str | None = None


@dataclass(frozen=True)
class ChannelKind:
    """One channel: its operations (``Update<noun>Channel``...), its stored platform, the
    request members kept as given, how its credentials are read, and what the service fills."""

    noun: str
    platform: str
    request_member: str
    #: Request members stored and answered as given (never a credential).
    public: tuple[str, ...] = ()
    #: Reads the request's credentials; None for a channel without credentials.
    credentials: Callable[[Json], Credentials] | None = None
    #: ``DefaultAuthenticationMethod`` values the channel accepts (empty: it has no such member).
    auth_methods: tuple[str, ...] = ()
    #: Checks of the public members beyond the model's (raise BadRequestException).
    check: Callable[[Json], None] | None = None
    #: Members Pinpoint fills in every answer, set on creation.
    filled: Json = field(default_factory=dict)


def _apns_credentials(request: Json) -> Credentials:
    """A certificate with its private key, or a token key with its key id, bundle and team."""
    certificate = bool(request.get("Certificate")) and bool(request.get("PrivateKey"))
    token_fields = ("TokenKey", "TokenKeyId", "BundleId", "TeamId")
    token = all(request.get(name) for name in token_fields)
    if request.get("Certificate") and not request.get("PrivateKey"):
        raise bad_request("An APNs Certificate needs its PrivateKey.")
    if request.get("TokenKey") and not token:
        raise bad_request("An APNs TokenKey needs TokenKeyId, BundleId and TeamId.")
    flags: Json = {"HasTokenKey": True} if token else {"HasTokenKey": False} if certificate else {}
    implied = "CERTIFICATE" if certificate else "TOKEN" if token else None
    return Credentials(certificate or token, flags, implied)


def _gcm_credentials(request: Json) -> Credentials:
    """A legacy server ``ApiKey`` or an FCM ``ServiceJson`` (token authentication)."""
    api_key = bool(request.get("ApiKey"))
    service_json = bool(request.get("ServiceJson"))
    flags: Json = {"HasFcmServiceCredentials": True} if service_json else {}
    implied = "TOKEN" if service_json else "KEY" if api_key else None
    return Credentials(api_key or service_json, flags, implied)


def _pair(first: str, second: str) -> Callable[[Json], Credentials]:
    """Credentials that are two members, both needed (ADM, Baidu)."""

    def read(request: Json) -> Credentials:
        return Credentials(bool(request.get(first)) and bool(request.get(second)))

    return read


_APNS_PUBLIC = ("DefaultAuthenticationMethod",)
_APNS_METHODS = ("CERTIFICATE", "TOKEN")


def _apns(noun: str, platform: str, request_member: str) -> ChannelKind:
    return ChannelKind(
        noun,
        platform,
        request_member,
        public=_APNS_PUBLIC,
        credentials=_apns_credentials,
        auth_methods=_APNS_METHODS,
    )


#: Every channel Pinpoint has, keyed by its platform name.
CHANNEL_KINDS: dict[str, ChannelKind] = {
    kind.platform: kind
    for kind in (
        _apns("Apns", "APNS", "APNSChannelRequest"),
        _apns("ApnsSandbox", "APNS_SANDBOX", "APNSSandboxChannelRequest"),
        _apns("ApnsVoip", "APNS_VOIP", "APNSVoipChannelRequest"),
        _apns("ApnsVoipSandbox", "APNS_VOIP_SANDBOX", "APNSVoipSandboxChannelRequest"),
        ChannelKind(
            "Gcm",
            "GCM",
            "GCMChannelRequest",
            public=("DefaultAuthenticationMethod",),
            credentials=_gcm_credentials,
            auth_methods=("KEY", "TOKEN"),
        ),
        ChannelKind(
            "Adm", "ADM", "ADMChannelRequest", credentials=_pair("ClientId", "ClientSecret")
        ),
        ChannelKind(
            "Baidu", "BAIDU", "BaiduChannelRequest", credentials=_pair("ApiKey", "SecretKey")
        ),
        ChannelKind(
            "Email",
            "EMAIL",
            "EmailChannelRequest",
            public=(
                "ConfigurationSet",
                "FromAddress",
                "Identity",
                "OrchestrationSendingRoleArn",
                "RoleArn",
            ),
            # The SES sending rate of a new account (its sandbox).
            filled={"MessagesPerSecond": 1},
        ),
        ChannelKind(
            "Sms",
            "SMS",
            "SMSChannelRequest",
            public=("SenderId", "ShortCode"),
            filled={"PromotionalMessagesPerSecond": 20, "TransactionalMessagesPerSecond": 20},
        ),
        ChannelKind("Voice", "VOICE", "VoiceChannelRequest"),
    )
}

#: What GetChannels always lists for the in-app channel, which needs no configuring.
_IN_APP: Json = {"Enabled": True, "IsArchived": False, "Version": 0}


def _channel(app: App, platform: str) -> Json:
    channel = app.channels.get(platform)
    if channel is None:
        raise not_found(f"The {platform} channel of application {app.id} is not configured.")
    return channel


def _members(kind: ChannelKind, request: Json, existing: Json | None) -> Json:
    """The members an update sets: ``Enabled``, the public ones, and what credentials imply."""
    members: Json = {}
    if request.get("Enabled") is not None:
        members["Enabled"] = request["Enabled"]
    for name in kind.public:
        if request.get(name) is not None:
            members[name] = request[name]
    method = request.get("DefaultAuthenticationMethod")
    if method is not None and method not in kind.auth_methods:
        raise bad_request(
            f"{kind.request_member}.DefaultAuthenticationMethod must be one of "
            f"{', '.join(kind.auth_methods)}, not {str(method)[:40]!r}."
        )
    if kind.check is not None:
        kind.check(request)
    if kind.credentials is not None:
        credentials = kind.credentials(request)
        if not credentials.present and not (existing or {}).get("HasCredential"):
            raise bad_request(
                f"The {kind.platform} channel needs credentials; none were given in "
                f"{kind.request_member}."
            )
        members.update(credentials.flags)
        if method is None and credentials.implied_method is not None:
            members["DefaultAuthenticationMethod"] = credentials.implied_method
        members["HasCredential"] = True
    return members


def update_channel(ctx: Context, app: App, kind: ChannelKind, request: Json) -> Json:
    """Create or update ``kind``'s channel from ``request``; returns the stored response."""
    existing = app.channels.get(kind.platform)
    members = _members(kind, request, existing)
    now = ctx.state.now()
    record: Json = (
        dict(existing)
        if existing
        else {
            "ApplicationId": app.id,
            "CreationDate": now,
            "Enabled": True,
            "Id": kind.platform.lower(),
            "IsArchived": False,
            "Platform": kind.platform,
            "Version": 0,
            **kind.filled,
        }
    )
    record.update(members)
    record.update(LastModifiedDate=now, Version=record["Version"] + 1)
    app.channels[kind.platform] = record
    return record


def _register(kind: ChannelKind) -> None:
    """``Update<noun>Channel``, ``Get<noun>Channel`` and ``Delete<noun>Channel`` for ``kind``."""

    def update(ctx: Context, params: dict[str, Any]) -> Json:
        return update_channel(ctx, find_app(ctx, params), kind, params[kind.request_member])

    def get(ctx: Context, params: dict[str, Any]) -> Json:
        return _channel(find_app(ctx, params), kind.platform)

    def delete(ctx: Context, params: dict[str, Any]) -> Json:
        app = find_app(ctx, params)
        channel = _channel(app, kind.platform)
        del app.channels[kind.platform]
        return channel

    handler(f"Update{kind.noun}Channel")(update)
    handler(f"Get{kind.noun}Channel")(get)
    handler(f"Delete{kind.noun}Channel")(delete)


for _kind in CHANNEL_KINDS.values():
    _register(_kind)


@handler("GetChannels")
def get_channels(ctx: Context, params: dict[str, Any]) -> Json:
    """Every configured channel (and the in-app one), with the members every channel has."""
    app = find_app(ctx, params)
    shape = ctx.service.model.shape_for("ChannelResponse")
    common = shape.members if isinstance(shape, StructureShape) else {}
    channels: Json = {
        platform: {name: value for name, value in record.items() if name in common}
        for platform, record in sorted(app.channels.items())
    }
    channels["IN_APP"] = dict(_IN_APP)
    return {"Channels": channels}
