"""Recommender model configurations through plain boto3: account-wide, validated, paged, capped."""

from __future__ import annotations

from typing import Any

import pytest

from pinpoint_sdk._limits import MAX_RECOMMENDER_CONFIGURATIONS
from pinpoint_sdk.emulator import Emulator
from pinpoint_sdk.emulator.pytest_plugin import boto3_client_for

from .conftest import error_of

CAMPAIGN = "arn:aws:personalize:us-east-1:123456789012:campaign/shop-recs"
ROLE = "arn:aws:iam::123456789012:role/pinpoint-personalize"
LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:shape-recs"


def config(**extra: Any) -> dict[str, Any]:
    request: dict[str, Any] = {
        "RecommendationProviderUri": CAMPAIGN,
        "RecommendationProviderRoleArn": ROLE,
        "RecommendationsDisplayName": "Top picks",
    }
    request.update(extra)
    return {k: v for k, v in request.items() if v is not None}


def create(raw: Any, **extra: Any) -> dict[str, Any]:
    response = raw.create_recommender_configuration(CreateRecommenderConfiguration=config(**extra))
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 201
    return dict(response["RecommenderConfigurationResponse"])


def test_create_answers_the_configuration_with_pinpoints_defaults(raw: Any) -> None:
    created = create(raw, Name="shop", Description="Picks (daily)")
    assert created["RecommendationProviderUri"] == CAMPAIGN
    assert created["RecommendationProviderRoleArn"] == ROLE
    assert created["RecommendationProviderIdType"] == "PINPOINT_ENDPOINT_ID"
    assert created["RecommendationsPerMessage"] == 5
    assert (created["Name"], created["Description"]) == ("shop", "Picks (daily)")
    assert created["CreationDate"] == created["LastModifiedDate"]
    got = raw.get_recommender_configuration(RecommenderId=created["Id"])
    assert got["RecommenderConfigurationResponse"] == created


def test_update_replaces_the_whole_configuration(raw: Any) -> None:
    created = create(raw, Name="before", Description="old")
    updated = raw.update_recommender_configuration(
        RecommenderId=created["Id"],
        UpdateRecommenderConfiguration=config(
            RecommendationTransformerUri=LAMBDA,
            RecommendationsDisplayName=None,
            Attributes={"Recommendations.Title": "Title", "Price": "Price"},
            RecommendationsPerMessage=3,
            RecommendationProviderIdType="PINPOINT_USER_ID",
        ),
    )["RecommenderConfigurationResponse"]
    assert updated["Id"] == created["Id"]
    assert "Name" not in updated
    assert "Description" not in updated
    assert updated["Attributes"] == {"Recommendations.Title": "Title", "Price": "Price"}
    assert (updated["RecommendationsPerMessage"], updated["RecommendationProviderIdType"]) == (
        3,
        "PINPOINT_USER_ID",
    )
    assert updated["CreationDate"] == created["CreationDate"]


def test_delete_answers_the_configuration_then_it_is_gone(raw: Any) -> None:
    created = create(raw)
    deleted = raw.delete_recommender_configuration(RecommenderId=created["Id"])
    assert deleted["RecommenderConfigurationResponse"]["Id"] == created["Id"]
    with pytest.raises(raw.exceptions.NotFoundException) as excinfo:
        raw.get_recommender_configuration(RecommenderId=created["Id"])
    assert error_of(excinfo)[:2] == ("NotFoundException", 404)


@pytest.mark.parametrize(
    ("operation", "extra"),
    [
        ("get_recommender_configuration", {}),
        ("delete_recommender_configuration", {}),
        ("update_recommender_configuration", {"UpdateRecommenderConfiguration": config()}),
    ],
)
def test_an_unknown_configuration_is_not_found(
    raw: Any, operation: str, extra: dict[str, Any]
) -> None:
    call = getattr(raw, operation)
    with pytest.raises(raw.exceptions.NotFoundException):
        call(RecommenderId="nope", **extra)


def test_configurations_are_listed_in_pages_across_the_account(emu: Emulator) -> None:
    emu.reset()
    raw = boto3_client_for(emu)
    ids = [create(raw, Name=f"r{i}")["Id"] for i in range(3)]
    first = raw.get_recommender_configurations(PageSize="2")[
        "ListRecommenderConfigurationsResponse"
    ]
    second = raw.get_recommender_configurations(PageSize="2", Token=first["NextToken"])[
        "ListRecommenderConfigurationsResponse"
    ]
    assert [item["Id"] for item in first["Item"] + second["Item"]] == ids
    assert "NextToken" not in second


@pytest.mark.parametrize(
    ("extra", "where"),
    [
        ({"RecommendationProviderUri": "arn:aws:s3:::bucket"}, "RecommendationProviderUri"),
        ({"RecommendationProviderUri": CAMPAIGN + "/x"}, "RecommendationProviderUri"),
        ({"RecommendationProviderIdType": "EMAIL"}, "RecommendationProviderIdType"),
        ({"RecommendationsPerMessage": 0}, "RecommendationsPerMessage"),
        ({"RecommendationsPerMessage": 6}, "RecommendationsPerMessage"),
        ({"Name": "-starts-with-a-dash"}, "Name"),
        ({"Name": "n" * 129}, "Name"),
        ({"Description": "d" * 129}, "Description"),
        ({"Description": "no <tags>"}, "Description"),
        ({"RecommendationsDisplayName": "x" * 26}, "RecommendationsDisplayName"),
        ({"RecommendationsDisplayName": None}, "RecommendationsDisplayName"),
        ({"Attributes": {"Title": "Title"}}, "Attributes"),
        ({"RecommendationTransformerUri": LAMBDA}, "Attributes"),
        (
            {
                "RecommendationTransformerUri": LAMBDA,
                "Attributes": {f"a{i}": "A" for i in range(11)},
            },
            "Attributes",
        ),
        (
            {"RecommendationTransformerUri": LAMBDA, "Attributes": {"a" * 51: "Long"}},
            "Attributes",
        ),
        (
            {"RecommendationTransformerUri": LAMBDA, "Attributes": {"Title": "t" * 26}},
            "Attributes.Title",
        ),
    ],
)
def test_what_pinpoint_refuses_is_a_bad_request_naming_the_member(
    raw: Any, extra: dict[str, Any], where: str
) -> None:
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        raw.create_recommender_configuration(CreateRecommenderConfiguration=config(**extra))
    code, status, message = error_of(excinfo)
    assert (code, status) == ("BadRequestException", 400)
    assert f"CreateRecommenderConfiguration.{where}:" in message


@pytest.mark.parametrize(
    "extra",
    [
        {"RecommendationProviderRoleArn": "pinpoint-role"},
        {
            "RecommendationTransformerUri": "123456789012:function:my-function",  # Lambda's partial ARN
            "Attributes": {"Title": "Title"},
            "RecommendationsDisplayName": None,
        },
    ],
    ids=["role", "lambda"],
)
def test_what_only_aws_could_check_is_kept_as_given(raw: Any, extra: dict[str, Any]) -> None:
    """Pinpoint checks the role and the function by using them; the emulator cannot."""
    created = raw.create_recommender_configuration(CreateRecommenderConfiguration=config(**extra))
    answer = created["RecommenderConfigurationResponse"]
    for name, value in extra.items():
        if value is not None:
            assert answer[name] == value


def test_an_update_is_checked_as_a_create_is(raw: Any) -> None:
    created = create(raw)
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        raw.update_recommender_configuration(
            RecommenderId=created["Id"],
            UpdateRecommenderConfiguration=config(RecommendationsPerMessage=9),
        )
    assert "UpdateRecommenderConfiguration.RecommendationsPerMessage" in error_of(excinfo)[2]
    got = raw.get_recommender_configuration(RecommenderId=created["Id"])
    assert got["RecommenderConfigurationResponse"]["RecommendationsPerMessage"] == 5


def test_an_account_holds_at_most_100_configurations(pinpoint_emulator: Emulator) -> None:
    raw = boto3_client_for(pinpoint_emulator)
    for _ in range(MAX_RECOMMENDER_CONFIGURATIONS):
        create(raw)
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        create(raw)
    assert f"at most {MAX_RECOMMENDER_CONFIGURATIONS}" in error_of(excinfo)[2]
    first = raw.get_recommender_configurations(PageSize="1")
    raw.delete_recommender_configuration(
        RecommenderId=first["ListRecommenderConfigurationsResponse"]["Item"][0]["Id"]
    )
    create(raw)
