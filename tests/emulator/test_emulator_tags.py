"""Tags on apps, segments and campaigns, addressed by ARN (which travels percent-encoded)."""

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
