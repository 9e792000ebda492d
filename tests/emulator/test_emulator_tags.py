"""Tags on apps, segments, campaigns and templates, addressed by ARN (which travels
percent-encoded)."""

from __future__ import annotations

from typing import Any

import pytest


def arns(raw: Any, app: str) -> list[str]:
    app_arn = raw.get_app(ApplicationId=app)["ApplicationResponse"]["Arn"]
    segment = raw.create_segment(ApplicationId=app, WriteSegmentRequest={"Name": "s"})
    campaign = raw.create_campaign(
        ApplicationId=app,
        WriteCampaignRequest={"SegmentId": segment["SegmentResponse"]["Id"], "IsPaused": True},
    )
    return [app_arn, segment["SegmentResponse"]["Arn"], campaign["CampaignResponse"]["Arn"]]


def test_tag_list_and_untag_each_kind_of_resource(raw: Any, app: str) -> None:
    for arn in arns(raw, app):
        tagged = raw.tag_resource(ResourceArn=arn, TagsModel={"tags": {"team": "a", "env": "t"}})
        assert tagged["ResponseMetadata"]["HTTPStatusCode"] == 204
        assert raw.list_tags_for_resource(ResourceArn=arn)["TagsModel"]["tags"] == {
            "team": "a",
            "env": "t",
        }
        raw.untag_resource(ResourceArn=arn, TagKeys=["team", "absent"])
        assert raw.list_tags_for_resource(ResourceArn=arn)["TagsModel"]["tags"] == {"env": "t"}


def test_tags_given_at_creation_are_listed(raw: Any) -> None:
    created = raw.create_app(CreateApplicationRequest={"Name": "t", "tags": {"k": "v"}})
    arn = created["ApplicationResponse"]["Arn"]
    assert raw.list_tags_for_resource(ResourceArn=arn)["TagsModel"]["tags"] == {"k": "v"}


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:mobiletargeting:us-east-1:123456789012:apps/" + "0" * 32,
        "arn:aws:mobiletargeting:us-east-1:123456789012:apps/x/journeys/y",
        "arn:aws:s3:::bucket",
    ],
    ids=["unknown-app", "unknown-kind", "other-service"],
)
def test_an_unknown_resource_is_not_found(raw: Any, arn: str) -> None:
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.list_tags_for_resource(ResourceArn=arn)


@pytest.fixture
def template_arn(raw: Any, app: str) -> Any:
    """An SMS template created with tags (terraform's aws_pinpoint_*_template sets them so)."""
    name = f"tagged-{app}"
    created = raw.create_sms_template(
        TemplateName=name, SMSTemplateRequest={"Body": "Hi", "tags": {"owner": "ops"}}
    )
    yield created["CreateTemplateMessageBody"]["Arn"]
    raw.delete_sms_template(TemplateName=name)


def test_a_templates_creation_tags_are_listed_by_its_arn(raw: Any, template_arn: str) -> None:
    assert template_arn.startswith("arn:aws:mobiletargeting:us-east-1:123456789012:templates/")
    assert template_arn.endswith("/SMS")
    listed = raw.list_tags_for_resource(ResourceArn=template_arn)["TagsModel"]["tags"]
    assert listed == {"owner": "ops"}


def test_a_template_is_tagged_and_untagged_by_its_arn(
    raw: Any, app: str, template_arn: str
) -> None:
    raw.tag_resource(ResourceArn=template_arn, TagsModel={"tags": {"env": "test"}})
    raw.untag_resource(ResourceArn=template_arn, TagKeys=["owner"])
    assert raw.list_tags_for_resource(ResourceArn=template_arn)["TagsModel"]["tags"] == {
        "env": "test"
    }
    read = raw.get_sms_template(TemplateName=f"tagged-{app}")["SMSTemplateResponse"]
    assert read["tags"] == {"env": "test"}


def test_a_template_update_leaves_its_tags_alone(raw: Any, app: str, template_arn: str) -> None:
    """The API reference: since 2023-05-22 an update's tags are not processed (nor refused)."""
    raw.update_sms_template(
        TemplateName=f"tagged-{app}",
        CreateNewVersion=True,
        SMSTemplateRequest={"Body": "Hello", "tags": {"owner": "someone-else"}},
    )
    assert raw.list_tags_for_resource(ResourceArn=template_arn)["TagsModel"]["tags"] == {
        "owner": "ops"
    }


def test_an_unknown_template_arn_is_not_found(raw: Any) -> None:
    arn = "arn:aws:mobiletargeting:us-east-1:123456789012:templates/none-such/EMAIL"
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.list_tags_for_resource(ResourceArn=arn)
