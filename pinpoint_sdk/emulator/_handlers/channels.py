"""Push channels (APNs, GCM): only the public side is stored, never a credential."""

from __future__ import annotations

from typing import Any

from .._errors import bad_request, not_found
from .._state import App, Json
from ._common import Context, HandlerTable, find_app

__all__ = ["HANDLERS"]

HANDLERS = HandlerTable()
handler = HANDLERS.register


def _channel(app: App, platform: str) -> Json:
    channel = app.channels.get(platform)
    if channel is None:
        raise not_found(f"The {platform} channel of application {app.id} is not configured.")
    return channel


def _update_channel(
    ctx: Context, app: App, platform: str, has_credential: bool, extra: Json
) -> Json:
    """Store the public side of a channel. Credentials are never stored, only that they exist."""
    existing = app.channels.get(platform)
    if not has_credential and (existing is None or not existing.get("HasCredential")):
        raise bad_request(f"The {platform} channel needs credentials; none were given.")
    now = ctx.state.now()
    record: Json = (
        dict(existing)
        if existing
        else {
            "ApplicationId": app.id,
            "CreationDate": now,
            "Enabled": True,
            "Id": platform.lower(),
            "IsArchived": False,
            "Platform": platform,
            "Version": 0,
        }
    )
    record.update(extra)
    record.update(
        HasCredential=True,
        LastModifiedBy="pinpoint-sdk-emulator",
        LastModifiedDate=now,
        Version=record["Version"] + 1,
    )
    app.channels[platform] = record
    return record


def _channel_members(request: Json, flags: Json, implied_method: str | None) -> Json:
    """The public members a channel request sets: ``Enabled``, the credential ``flags``, and
    ``DefaultAuthenticationMethod`` (as given, else the one the credentials imply)."""
    extra: Json = {}
    if request.get("Enabled") is not None:
        extra["Enabled"] = request["Enabled"]
    extra.update(flags)
    method = request.get("DefaultAuthenticationMethod")
    if method is not None:
        extra["DefaultAuthenticationMethod"] = method
    elif implied_method is not None:
        extra["DefaultAuthenticationMethod"] = implied_method
    return extra


def _register_get_and_delete(noun: str, platform: str) -> None:
    """``Get<noun>Channel`` and ``Delete<noun>Channel`` for the channel stored as ``platform``."""

    def get(ctx: Context, params: dict[str, Any]) -> Json:
        return _channel(find_app(ctx, params), platform)

    def delete(ctx: Context, params: dict[str, Any]) -> Json:
        app = find_app(ctx, params)
        channel = _channel(app, platform)
        del app.channels[platform]
        return channel

    handler(f"Get{noun}Channel")(get)
    handler(f"Delete{noun}Channel")(delete)


@handler("UpdateApnsChannel")
def update_apns_channel(ctx: Context, params: dict[str, Any]) -> Json:
    app = find_app(ctx, params)
    request = params["APNSChannelRequest"]
    certificate = bool(request.get("Certificate")) and bool(request.get("PrivateKey"))
    token_fields = ("TokenKey", "TokenKeyId", "BundleId", "TeamId")
    token = all(request.get(name) for name in token_fields)
    if request.get("Certificate") and not request.get("PrivateKey"):
        raise bad_request("An APNs Certificate needs its PrivateKey.")
    if request.get("TokenKey") and not token:
        raise bad_request("An APNs TokenKey needs TokenKeyId, BundleId and TeamId.")
    flags: Json = {"HasTokenKey": True} if token else {"HasTokenKey": False} if certificate else {}
    implied = "CERTIFICATE" if certificate else "TOKEN" if token else None
    extra = _channel_members(request, flags, implied)
    return _update_channel(ctx, app, "APNS", certificate or token, extra)


@handler("UpdateGcmChannel")
def update_gcm_channel(ctx: Context, params: dict[str, Any]) -> Json:
    app = find_app(ctx, params)
    request = params["GCMChannelRequest"]
    api_key = bool(request.get("ApiKey"))
    service_json = bool(request.get("ServiceJson"))
    flags: Json = {"HasFcmServiceCredentials": True} if service_json else {}
    implied = "TOKEN" if service_json else "KEY" if api_key else None
    extra = _channel_members(request, flags, implied)
    return _update_channel(ctx, app, "GCM", api_key or service_json, extra)


_register_get_and_delete("Apns", "APNS")
_register_get_and_delete("Gcm", "GCM")
