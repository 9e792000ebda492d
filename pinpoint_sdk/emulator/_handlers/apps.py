"""Apps and their settings."""

from __future__ import annotations

import copy
from typing import Any

from pinpoint_sdk._limits import MAX_APPS_PER_REGION

from .._errors import bad_request
from .._state import App, Json, new_id
from ._common import Context, HandlerTable, find_app, page

__all__ = ["HANDLERS"]

HANDLERS = HandlerTable()
handler = HANDLERS.register


# -- apps ------------------------------------------------------------------------------------


@handler("CreateApp")
def create_app(ctx: Context, params: dict[str, Any]) -> Json:
    request = params["CreateApplicationRequest"]
    if len(ctx.state.apps) >= MAX_APPS_PER_REGION:
        raise bad_request(
            f"An account can have at most {MAX_APPS_PER_REGION} projects (apps) in a Region; "
            "delete one first."
        )
    app_id = new_id()
    record: Json = {
        "Arn": ctx.state.arn("apps", app_id),
        "Id": app_id,
        "Name": request["Name"],
        "tags": dict(request.get("tags") or {}),
        "CreationDate": ctx.state.now(),
    }
    settings: Json = {
        "ApplicationId": app_id,
        "CampaignHook": {},
        "LastModifiedDate": record["CreationDate"],
        "Limits": {},
        "QuietTime": {},
    }
    ctx.state.apps[app_id] = App(app_id, ctx.state.next_seq(), record, settings)
    return record


@handler("GetApp")
def get_app(ctx: Context, params: dict[str, Any]) -> Json:
    return find_app(ctx, params).record


@handler("GetApps")
def get_apps(ctx: Context, params: dict[str, Any]) -> Json:
    return page(params, [(app.seq, app.record) for app in ctx.state.apps.values()])


@handler("DeleteApp")
def delete_app(ctx: Context, params: dict[str, Any]) -> Json:
    app = find_app(ctx, params)
    del ctx.state.apps[app.id]
    return app.record


# -- application settings --------------------------------------------------------------------

_SETTINGS_MEMBERS = ("CampaignHook", "Limits", "QuietTime", "JourneyLimits")


@handler("GetApplicationSettings")
def get_application_settings(ctx: Context, params: dict[str, Any]) -> Json:
    return find_app(ctx, params).settings


@handler("UpdateApplicationSettings")
def update_application_settings(ctx: Context, params: dict[str, Any]) -> Json:
    app = find_app(ctx, params)
    request = params["WriteApplicationSettingsRequest"]
    for name in _SETTINGS_MEMBERS:
        if request.get(name) is not None:
            app.settings[name] = copy.deepcopy(request[name])
    app.settings["LastModifiedDate"] = ctx.state.now()
    return app.settings
