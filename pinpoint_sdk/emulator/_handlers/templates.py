"""Message templates (email, SMS, voice, push, in-app) and their versions. Templates belong to the
account, not to an app: ``state.templates`` keyed by (type, name).

Versions follow the API reference: create makes version "1", the active one; an update overwrites
the latest version, or with ``create-new-version`` appends the next one (the active version does
not change); ``version`` on an update must name the latest version; get without ``version``
answers the active version; delete without ``version`` deletes every version.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from .._errors import bad_request, not_found
from .._messaging import find_template_version
from .._render import parse_default_substitutions
from .._state import Json, MessageTemplate
from ._common import Context, HandlerTable, page

__all__ = ["HANDLERS", "TEMPLATE_TYPES"]

HANDLERS = HandlerTable()
handler = HANDLERS.register

#: Operation noun -> (TemplateType, the request's payload member).
_KINDS = {
    "Email": ("EMAIL", "EmailTemplateRequest"),
    "Sms": ("SMS", "SMSTemplateRequest"),
    "Voice": ("VOICE", "VoiceTemplateRequest"),
    "Push": ("PUSH", "PushNotificationTemplateRequest"),
    "InApp": ("INAPP", "InAppTemplateRequest"),
}
TEMPLATE_TYPES = tuple(template_type for template_type, _ in _KINDS.values())

# API reference: starts with an alphanumeric character, at most 128 of [A-Za-z0-9_-].
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}")
_VERSION_FIELDS = (
    "CreationDate",
    "DefaultSubstitutions",
    "LastModifiedDate",
    "TemplateDescription",
    "TemplateName",
    "TemplateType",
    "Version",
)


def _check_name(name: str) -> None:
    if not _NAME.fullmatch(name):
        raise bad_request(
            "template-name must start with a letter or digit and have at most 128 letters, "
            "digits, underscores or hyphens."
        )


def _template_type(text: str) -> str:
    template_type = text.upper()
    if template_type not in TEMPLATE_TYPES:
        raise bad_request(f"template-type must be one of {', '.join(TEMPLATE_TYPES)}.")
    return template_type


def _find(ctx: Context, template_type: str, name: str) -> MessageTemplate:
    template = ctx.state.templates.get((template_type, name))
    if template is None:
        raise not_found(f"Template {name[:128]!r} of type {template_type} not found.")
    return template


def _content(request: Json, member: str) -> Json:
    parse_default_substitutions(
        request.get("DefaultSubstitutions"), f"$.{member}.DefaultSubstitutions"
    )
    return {key: copy.deepcopy(value) for key, value in request.items() if key != "tags"}


def _accepted(ctx: Context, message: str = "Accepted") -> Json:
    return {"Message": message, "RequestID": ctx.request_id}


def _register(noun: str, template_type: str, member: str) -> None:
    def create(ctx: Context, params: dict[str, Any]) -> Json:
        name = params["TemplateName"]
        _check_name(name)
        if (template_type, name) in ctx.state.templates:
            raise bad_request(f"Template {name!r} of type {template_type} already exists.")
        request = params[member]
        now = ctx.state.now()
        arn = ctx.state.arn("templates", name, template_type)
        record: Json = {
            **_content(request, member),
            "Arn": arn,
            "CreationDate": now,
            "LastModifiedDate": now,
            "TemplateName": name,
            "TemplateType": template_type,
            "Version": "1",
            "tags": dict(request.get("tags") or {}),
        }
        ctx.state.templates[(template_type, name)] = MessageTemplate(
            name, template_type, ctx.state.next_seq(), [record]
        )
        return {"Arn": arn, "Message": "Created", "RequestID": ctx.request_id}

    def get(ctx: Context, params: dict[str, Any]) -> Json:
        template = _find(ctx, template_type, params["TemplateName"])
        return find_template_version(template, params.get("Version"))

    def update(ctx: Context, params: dict[str, Any]) -> Json:
        template = _find(ctx, template_type, params["TemplateName"])
        version = params.get("Version")
        new_version = bool(params.get("CreateNewVersion"))
        if new_version and version is not None:
            raise bad_request("Give either create-new-version or version, not both.")
        latest = template.versions[-1]
        if version is not None:
            find_template_version(template, version)
            if version != latest["Version"]:
                raise bad_request(
                    f"version must name the latest version of the template "
                    f"({latest['Version']}), not {version[:20]!r}."
                )
        request = params[member]
        now = ctx.state.now()
        record: Json = {
            **_content(request, member),
            "Arn": latest["Arn"],
            "CreationDate": now if new_version else latest["CreationDate"],
            "LastModifiedDate": now,
            "TemplateName": template.name,
            "TemplateType": template_type,
            "Version": str(int(latest["Version"]) + 1) if new_version else latest["Version"],
            # The API reference: since 2023-05-22 an update's tags are not processed (and not
            # refused); the template's tags are managed with TagResource/UntagResource.
            "tags": dict(latest.get("tags") or {}),
        }
        if new_version:
            template.versions.append(record)
        else:
            template.versions[-1] = record
        return _accepted(ctx)

    def delete(ctx: Context, params: dict[str, Any]) -> Json:
        template = _find(ctx, template_type, params["TemplateName"])
        version = params.get("Version")
        if version is None or len(template.versions) == 1:
            if version is not None:
                find_template_version(template, version)
            del ctx.state.templates[(template_type, template.name)]
            return _accepted(ctx)
        record = find_template_version(template, version)
        if version == template.active_version:
            raise bad_request(
                f"Version {version} is the active version; make another version active "
                "before deleting it."
            )
        template.versions.remove(record)
        return _accepted(ctx)

    handler(f"Create{noun}Template")(create)
    handler(f"Get{noun}Template")(get)
    handler(f"Update{noun}Template")(update)
    handler(f"Delete{noun}Template")(delete)


for _noun, (_type, _member) in _KINDS.items():
    _register(_noun, _type, _member)


@handler("ListTemplates")
def list_templates(ctx: Context, params: dict[str, Any]) -> Json:
    wanted = params.get("TemplateType")
    wanted_type = _template_type(wanted) if wanted else None
    prefix = params.get("Prefix") or ""
    items: list[tuple[int, Json]] = []
    for template in ctx.state.templates.values():
        if wanted_type not in (None, template.template_type):
            continue
        if not template.name.startswith(prefix):
            continue
        active = template.active
        item: Json = {
            key: active[key]
            for key in (*_VERSION_FIELDS, "Arn", "tags")
            if active.get(key) is not None
        }
        item["CreationDate"] = template.versions[0]["CreationDate"]
        items.append((template.seq, item))
    return _page(params, items)


@handler("ListTemplateVersions")
def list_template_versions(ctx: Context, params: dict[str, Any]) -> Json:
    template = _find(ctx, _template_type(params["TemplateType"]), params["TemplateName"])
    items = [
        (int(record["Version"]), {k: record[k] for k in _VERSION_FIELDS if k in record})
        for record in template.versions
    ]
    return _page(params, items)


@handler("UpdateTemplateActiveVersion")
def update_template_active_version(ctx: Context, params: dict[str, Any]) -> Json:
    template = _find(ctx, _template_type(params["TemplateType"]), params["TemplateName"])
    version = params["TemplateActiveVersionRequest"].get("Version")
    if not version:
        raise bad_request("Missing required member $.TemplateActiveVersionRequest.Version.")
    find_template_version(template, version)
    template.active_version = version
    return _accepted(ctx)


def _page(params: dict[str, Any], items: list[tuple[int, Json]]) -> Json:
    # These two operations name their token next-token (NextToken), not token.
    return page({"PageSize": params.get("PageSize"), "Token": params.get("NextToken")}, items)
