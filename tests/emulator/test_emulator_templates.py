"""Message templates: create/get/update/delete/list for every type, versions and the active
version, and messages rendered from templates with each recipient's attributes."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from pinpoint_sdk.emulator import Emulator

from .cli_batch import run_cli
from .conftest import error_of
from .test_emulator_messages import configure_channel, put_endpoint

#: Noun in the operation names -> (TemplateType, request member, response member, content).
KINDS: dict[str, tuple[str, str, str, dict[str, Any]]] = {
    "email": (
        "EMAIL",
        "EmailTemplateRequest",
        "EmailTemplateResponse",
        {"Subject": "Hi", "TextPart": "Hello", "HtmlPart": "<p>Hello</p>"},
    ),
    "sms": ("SMS", "SMSTemplateRequest", "SMSTemplateResponse", {"Body": "Hello"}),
    "voice": (
        "VOICE",
        "VoiceTemplateRequest",
        "VoiceTemplateResponse",
        {"Body": "Hello", "LanguageCode": "en-US", "VoiceId": "Joanna"},
    ),
    "push": (
        "PUSH",
        "PushNotificationTemplateRequest",
        "PushNotificationTemplateResponse",
        {"Default": {"Title": "Hi", "Body": "Hello"}, "GCM": {"Body": "Hello Android"}},
    ),
    "in_app": (
        "INAPP",
        "InAppTemplateRequest",
        "InAppTemplateResponse",
        {
            "Layout": "TOP_BANNER",
            "Content": [
                {"BodyConfig": {"Alignment": "LEFT", "Body": "Hello", "TextColor": "#000000"}}
            ],
        },
    ),
}


def name() -> str:
    return f"t-{uuid.uuid4().hex[:12]}"


def call(raw: Any, verb: str, kind: str, **kwargs: Any) -> Any:
    return getattr(raw, f"{verb}_{kind}_template")(**kwargs)


def create(raw: Any, kind: str, template: str, content: dict[str, Any] | None = None) -> Any:
    _, member, _, default = KINDS[kind]
    return call(raw, "create", kind, TemplateName=template, **{member: content or default})


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_create_then_get_each_kind(raw: Any, kind: str) -> None:
    template_type, _, response_member, content = KINDS[kind]
    template = name()
    created = create(raw, kind, template)
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    body = next(v for k, v in created.items() if k != "ResponseMetadata")
    assert (
        body["Arn"]
        == f"arn:aws:mobiletargeting:us-east-1:123456789012:templates/{template}/{template_type}"
    )
    got = call(raw, "get", kind, TemplateName=template)[response_member]
    assert {key: got[key] for key in content} == content
    assert (got["TemplateName"], got["TemplateType"], got["Version"]) == (
        template,
        template_type,
        "1",
    )
    assert got["CreationDate"] == got["LastModifiedDate"]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_update_and_delete_each_kind(raw: Any, kind: str) -> None:
    _, member, response_member, content = KINDS[kind]
    template = name()
    create(raw, kind, template)
    changed = {**content, "TemplateDescription": "changed"}
    updated = call(raw, "update", kind, TemplateName=template, **{member: changed})
    assert updated["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert updated["MessageBody"]["Message"] == "Accepted"
    got = call(raw, "get", kind, TemplateName=template)[response_member]
    assert (got["TemplateDescription"], got["Version"]) == ("changed", "1")
    deleted = call(raw, "delete", kind, TemplateName=template)
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 202
    with pytest.raises(raw.exceptions.NotFoundException):
        call(raw, "get", kind, TemplateName=template)


def test_templates_of_different_types_share_a_name(raw: Any) -> None:
    template = name()
    create(raw, "sms", template)
    create(raw, "email", template)
    assert raw.get_sms_template(TemplateName=template)["SMSTemplateResponse"]["Body"] == "Hello"


def test_creating_an_existing_template_is_a_bad_request(raw: Any) -> None:
    template = name()
    create(raw, "sms", template)
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        create(raw, "sms", template)
    assert "already exists" in error_of(excinfo)[2]


@pytest.mark.parametrize("bad", ["-starts-with-hyphen", "has space", "x" * 129, "dot.ted"])
def test_a_template_name_must_follow_the_rule(raw: Any, bad: str) -> None:
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        create(raw, "sms", bad)
    assert "template-name" in error_of(excinfo)[2]


def test_a_128_character_name_is_accepted(raw: Any) -> None:
    template = "a" + uuid.uuid4().hex + "b" * 95
    assert len(template) == 128
    create(raw, "sms", template)


def test_default_substitutions_must_be_a_json_object(raw: Any) -> None:
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        raw.create_sms_template(
            TemplateName=name(),
            SMSTemplateRequest={"Body": "x", "DefaultSubstitutions": "[1, 2]"},
        )
    assert "$.SMSTemplateRequest.DefaultSubstitutions" in error_of(excinfo)[2]


def test_missing_templates_are_not_found(raw: Any) -> None:
    missing = name()
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.get_email_template(TemplateName=missing)
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.update_sms_template(TemplateName=missing, SMSTemplateRequest={"Body": "x"})
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.delete_voice_template(TemplateName=missing)
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.list_template_versions(TemplateName=missing, TemplateType="SMS")


def test_new_versions_leave_the_active_version_until_it_is_changed(raw: Any) -> None:
    template = name()
    create(raw, "sms", template, {"Body": "v1"})
    raw.update_sms_template(
        TemplateName=template, CreateNewVersion=True, SMSTemplateRequest={"Body": "v2"}
    )
    assert raw.get_sms_template(TemplateName=template)["SMSTemplateResponse"]["Body"] == "v1"
    second = raw.get_sms_template(TemplateName=template, Version="2")["SMSTemplateResponse"]
    assert (second["Body"], second["Version"]) == ("v2", "2")
    answer = raw.update_template_active_version(
        TemplateName=template, TemplateType="SMS", TemplateActiveVersionRequest={"Version": "2"}
    )
    assert answer["MessageBody"]["Message"] == "Accepted"
    assert raw.get_sms_template(TemplateName=template)["SMSTemplateResponse"]["Version"] == "2"
    versions = raw.list_template_versions(TemplateName=template, TemplateType="SMS")
    items = versions["TemplateVersionsResponse"]["Item"]
    assert [(v["Version"], v["TemplateType"]) for v in items] == [("1", "SMS"), ("2", "SMS")]


def test_an_update_overwrites_the_latest_version(raw: Any) -> None:
    template = name()
    create(raw, "sms", template, {"Body": "v1"})
    raw.update_sms_template(
        TemplateName=template, CreateNewVersion=True, SMSTemplateRequest={"Body": "v2"}
    )
    raw.update_sms_template(TemplateName=template, Version="2", SMSTemplateRequest={"Body": "v2b"})
    got = raw.get_sms_template(TemplateName=template, Version="2")["SMSTemplateResponse"]
    assert got["Body"] == "v2b"
    assert raw.get_sms_template(TemplateName=template, Version="1")["SMSTemplateResponse"][
        "Body"
    ] == ("v1")


def test_update_version_rules(raw: Any) -> None:
    template = name()
    create(raw, "sms", template)
    raw.update_sms_template(
        TemplateName=template, CreateNewVersion=True, SMSTemplateRequest={"Body": "v2"}
    )
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        raw.update_sms_template(TemplateName=template, Version="1", SMSTemplateRequest={})
    assert "latest version" in error_of(excinfo)[2]
    with pytest.raises(raw.exceptions.BadRequestException):
        raw.update_sms_template(
            TemplateName=template, Version="2", CreateNewVersion=True, SMSTemplateRequest={}
        )
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.update_sms_template(TemplateName=template, Version="9", SMSTemplateRequest={})
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.get_sms_template(TemplateName=template, Version="9")


def test_active_version_rules(raw: Any) -> None:
    template = name()
    create(raw, "sms", template)
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.update_template_active_version(
            TemplateName=template, TemplateType="SMS", TemplateActiveVersionRequest={"Version": "3"}
        )
    with pytest.raises(raw.exceptions.BadRequestException):
        raw.update_template_active_version(
            TemplateName=template, TemplateType="SMS", TemplateActiveVersionRequest={}
        )
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        raw.update_template_active_version(
            TemplateName=template, TemplateType="FAX", TemplateActiveVersionRequest={"Version": "1"}
        )
    assert "template-type" in error_of(excinfo)[2]


def test_deleting_one_version(raw: Any) -> None:
    template = name()
    create(raw, "sms", template, {"Body": "v1"})
    for body in ("v2", "v3"):
        raw.update_sms_template(
            TemplateName=template, CreateNewVersion=True, SMSTemplateRequest={"Body": body}
        )
    raw.delete_sms_template(TemplateName=template, Version="2")
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.get_sms_template(TemplateName=template, Version="2")
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        raw.delete_sms_template(TemplateName=template, Version="1")  # the active one
    assert "active version" in error_of(excinfo)[2]
    raw.update_sms_template(
        TemplateName=template, CreateNewVersion=True, SMSTemplateRequest={"Body": "v4"}
    )
    items = raw.list_template_versions(TemplateName=template, TemplateType="SMS")[
        "TemplateVersionsResponse"
    ]["Item"]
    assert [v["Version"] for v in items] == ["1", "3", "4"]  # numbers are never reused


def test_list_templates_filters_and_pages(raw: Any) -> None:
    prefix = f"list-{uuid.uuid4().hex[:8]}-"
    for index in range(3):
        create(raw, "sms", f"{prefix}{index}")
    create(raw, "email", f"{prefix}mail")
    listed = raw.list_templates(Prefix=prefix)["TemplatesResponse"]["Item"]
    assert sorted(t["TemplateName"] for t in listed) == sorted(
        [f"{prefix}0", f"{prefix}1", f"{prefix}2", f"{prefix}mail"]
    )
    sms_only = raw.list_templates(Prefix=prefix, TemplateType="SMS")["TemplatesResponse"]["Item"]
    assert {t["TemplateType"] for t in sms_only} == {"SMS"}
    assert all(t["Version"] == "1" and t["Arn"].endswith("/SMS") for t in sms_only)
    first = raw.list_templates(Prefix=prefix, PageSize="2")["TemplatesResponse"]
    second = raw.list_templates(Prefix=prefix, PageSize="2", NextToken=first["NextToken"])
    names = [t["TemplateName"] for t in first["Item"] + second["TemplatesResponse"]["Item"]]
    assert sorted(names) == sorted(t["TemplateName"] for t in listed)
    assert "NextToken" not in second["TemplatesResponse"]


def test_list_templates_refuses_an_unknown_type(raw: Any) -> None:
    with pytest.raises(raw.exceptions.BadRequestException):
        raw.list_templates(TemplateType="FAX")


# -- messages rendered from templates -----------------------------------------------------------


def test_endpoints_receive_the_template_rendered_with_their_attributes(
    raw: Any, emu: Emulator, app: str
) -> None:
    emu.outbox.clear()
    configure_channel(emu, app, "SMS")
    configure_channel(emu, app, "EMAIL")
    template = name()
    raw.create_sms_template(
        TemplateName=template,
        SMSTemplateRequest={
            "Body": "Hi {{Attributes.FirstName}}, your code is {{Code}} ({{Address}})",
            "DefaultSubstitutions": json.dumps({"Attributes.FirstName": "there"}),
        },
    )
    raw.create_email_template(
        TemplateName=template,
        EmailTemplateRequest={
            "Subject": "Welcome {{User.UserAttributes.Name}}",
            "TextPart": "Plan: {{Attributes.Plan}}",
            "HtmlPart": "<b>{{User.UserAttributes.Name}}</b>",
        },
    )
    user = {"UserId": "u1", "UserAttributes": {"Name": ["Ana & Co"]}}
    put_endpoint(raw, app, "ana", ChannelType="SMS", Address="+12065550101",
                 Attributes={"FirstName": ["Ana"]})  # fmt: skip
    put_endpoint(raw, app, "anon", ChannelType="SMS", Address="+12065550102")
    put_endpoint(raw, app, "mail", ChannelType="EMAIL", Address="ana@example.com", User=user,
                 Attributes={"Plan": ["gold"]})  # fmt: skip
    answer = raw.send_messages(
        ApplicationId=app,
        MessageRequest={
            "Endpoints": {"ana": {"Substitutions": {"Code": ["111"]}}, "anon": {}, "mail": {}},
            "MessageConfiguration": {"SMSMessage": {"Substitutions": {"Code": ["000"]}}},
            "TemplateConfiguration": {
                "SMSTemplate": {"Name": template},
                "EmailTemplate": {"Name": template},
            },
        },
    )["MessageResponse"]
    assert {r["DeliveryStatus"] for r in answer["EndpointResult"].values()} == {"SUCCESSFUL"}
    received = {m.endpoint_id: m for m in emu.outbox}
    assert received["ana"].body == "Hi Ana, your code is 111 (+12065550101)"
    assert received["anon"].body == "Hi there, your code is 000 (+12065550102)"
    mail = received["mail"]
    assert (mail.title, mail.body, mail.html_body) == (
        "Welcome Ana & Co",
        "Plan: gold",
        "<b>Ana &amp; Co</b>",
    )
    assert (mail.template_name, mail.template_version) == (template, "1")


def test_a_message_uses_the_active_or_the_named_version(raw: Any, emu: Emulator, app: str) -> None:
    emu.outbox.clear()
    configure_channel(emu, app, "SMS")
    template = name()
    create(raw, "sms", template, {"Body": "one"})
    raw.update_sms_template(
        TemplateName=template, CreateNewVersion=True, SMSTemplateRequest={"Body": "two"}
    )
    for version in (None, "2"):
        reference = {"Name": template, **({"Version": version} if version else {})}
        raw.send_messages(
            ApplicationId=app,
            MessageRequest={
                "Addresses": {"+12065550103": {"ChannelType": "SMS"}},
                "MessageConfiguration": {},
                "TemplateConfiguration": {"SMSTemplate": reference},
            },
        )
    assert [(m.body, m.template_version) for m in emu.outbox] == [("one", "1"), ("two", "2")]


def test_a_push_template_gives_each_platform_its_part(raw: Any, emu: Emulator, app: str) -> None:
    emu.outbox.clear()
    raw.update_gcm_channel(ApplicationId=app, GCMChannelRequest={"ApiKey": "key"})
    configure_channel(emu, app, "APNS")
    template = name()
    create(raw, "push", template)
    raw.send_messages(
        ApplicationId=app,
        MessageRequest={
            "Addresses": {
                "gcm-token": {"ChannelType": "GCM"},
                "apns-token": {"ChannelType": "APNS"},
            },
            "MessageConfiguration": {},
            "TemplateConfiguration": {"PushTemplate": {"Name": template}},
        },
    )
    bodies = {m.address: (m.title, m.body) for m in emu.outbox}
    # The GCM part overrides the Default part member by member: its Title comes from Default.
    assert bodies == {"gcm-token": ("Hi", "Hello Android"), "apns-token": ("Hi", "Hello")}


def test_naming_a_missing_template_fails_the_whole_request(
    raw: Any, emu: Emulator, app: str
) -> None:
    emu.outbox.clear()
    configure_channel(emu, app, "SMS")
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.send_messages(
            ApplicationId=app,
            MessageRequest={
                "Addresses": {"+12065550104": {"ChannelType": "SMS"}},
                "MessageConfiguration": {"SMSMessage": {"Body": "x"}},
                "TemplateConfiguration": {"EmailTemplate": {"Name": name()}},
            },
        )
    assert len(emu.outbox) == 0


def test_the_cli_manages_templates(emu: Emulator) -> None:
    """Every template operation once through the AWS CLI (one process runs the whole list)."""
    template = name()
    commands: list[list[str]] = []
    for kind, (_, member, _, content) in KINDS.items():
        verb = kind.replace("_", "-")
        option = (
            "--"
            + {
                "EmailTemplateRequest": "email-template-request",
                "SMSTemplateRequest": "sms-template-request",
                "VoiceTemplateRequest": "voice-template-request",
                "PushNotificationTemplateRequest": "push-notification-template-request",
                "InAppTemplateRequest": "in-app-template-request",
            }[member]
        )
        changed = {**content, "TemplateDescription": "v2"}
        commands += [
            [f"create-{verb}-template", "--template-name", template, option, json.dumps(content)],
            [f"update-{verb}-template", "--template-name", template, option, json.dumps(changed),
             "--create-new-version"],
            [f"get-{verb}-template", "--template-name", template, "--template-version", "2"],
        ]  # fmt: skip
    commands += [
        ["list-templates", "--prefix", template],
        ["list-template-versions", "--template-name", template, "--template-type", "SMS"],
        ["update-template-active-version", "--template-name", template, "--template-type", "SMS",
         "--template-active-version-request", "Version=2"],
        *([f"delete-{kind.replace('_', '-')}-template", "--template-name", template] for kind in KINDS),
        ["list-templates", "--prefix", template],
    ]  # fmt: skip
    answers = [result.json() for result in run_cli(emu, commands)]

    for i, (template_type, _, response_member, _) in enumerate(KINDS.values()):
        created, _, got = answers[3 * i : 3 * i + 3]
        assert next(iter(created.values()))["Arn"].endswith(f"/{template_type}")
        assert got[response_member]["TemplateDescription"] == "v2"
    listed, versions = answers[3 * len(KINDS)], answers[3 * len(KINDS) + 1]
    assert sorted(t["TemplateType"] for t in listed["TemplatesResponse"]["Item"]) == sorted(
        t for t, *_ in KINDS.values()
    )
    assert [v["Version"] for v in versions["TemplateVersionsResponse"]["Item"]] == ["1", "2"]
    assert answers[-1]["TemplatesResponse"]["Item"] == []
