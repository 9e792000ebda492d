"""Recommender model configurations: account-wide in a Region (not scoped to an app).

What Pinpoint documents for ``CreateRecommenderConfiguration`` is checked here (API reference,
"Recommender Models"; developer guide, "Machine learning quotas"):

- ``RecommendationProviderUri`` is an Amazon Personalize campaign ARN, and
  ``RecommendationProviderRoleArn`` an IAM role ARN;
- ``RecommendationTransformerUri`` is a Lambda function name or ARN;
- ``RecommendationProviderIdType`` is ``PINPOINT_ENDPOINT_ID`` (the default) or
  ``PINPOINT_USER_ID``;
- ``RecommendationsPerMessage`` is 1 to 5 (default 5);
- ``Attributes`` (custom recommended attributes) are for a configuration with a transformer only:
  1 to 10, names of at most 50 characters, display names of at most 25;
  ``RecommendationsDisplayName`` (at most 25 characters) is required without a transformer;
- ``Name`` (at most 128 characters: letters, digits, spaces, ``_``, ``-``, starting with a letter
  or digit) and ``Description`` (at most 128 characters);
- at most 100 configurations per account.

An update replaces the whole configuration, as the request carries all of it.
"""

from __future__ import annotations

import re
from typing import Any

from pinpoint_sdk._limits import (
    MAX_RECOMMENDATIONS_PER_MESSAGE,
    MAX_RECOMMENDER_ATTRIBUTE_NAME_LENGTH,
    MAX_RECOMMENDER_ATTRIBUTES,
    MAX_RECOMMENDER_CONFIGURATIONS,
    MAX_RECOMMENDER_DISPLAY_NAME_LENGTH,
)

from .._errors import bad_request, not_found
from .._state import Json, Recommender, new_id
from ._common import Context, HandlerTable, page

__all__ = ["HANDLERS"]

HANDLERS = HandlerTable()
handler = HANDLERS.register

_PARTITION = r"arn:aws(?:-[a-z]+)*"
_PERSONALIZE_CAMPAIGN = re.compile(
    _PARTITION + r":personalize:[a-z0-9-]+:\d{12}:campaign/[A-Za-z0-9][A-Za-z0-9_-]{0,62}",
    re.ASCII,
)
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _-]{0,127}", re.ASCII)
_DESCRIPTION = re.compile(r"[A-Za-z0-9 _;(),\-\u2010]{0,128}")
_ATTRIBUTE_NAME = re.compile(
    r"(?:Recommendations\.)?[A-Za-z0-9][A-Za-z0-9_-]{0,"
    + str(MAX_RECOMMENDER_ATTRIBUTE_NAME_LENGTH - 1)
    + "}",
    re.ASCII,
)
_DISPLAY_NAME = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9 _-]{0," + str(MAX_RECOMMENDER_DISPLAY_NAME_LENGTH - 1) + "}",
    re.ASCII,
)
_ID_TYPES = ("PINPOINT_ENDPOINT_ID", "PINPOINT_USER_ID")
_MEMBERS = (
    "Attributes",
    "Description",
    "Name",
    "RecommendationProviderIdType",
    "RecommendationProviderRoleArn",
    "RecommendationProviderUri",
    "RecommendationTransformerUri",
    "RecommendationsDisplayName",
    "RecommendationsPerMessage",
)


def _check(request: Json, member: str) -> None:
    """Raise BadRequest naming ``<member>.<field>`` for what Pinpoint would refuse."""

    def refuse(name: str, expected: str) -> None:
        raise bad_request(f"Invalid value at {member}.{name}: expected {expected}.")

    def matches(pattern: re.Pattern[str], name: str) -> bool:
        value = request.get(name)
        return value is None or pattern.fullmatch(value) is not None

    if not matches(_PERSONALIZE_CAMPAIGN, "RecommendationProviderUri"):
        refuse(
            "RecommendationProviderUri",
            "the ARN of an Amazon Personalize campaign "
            "(arn:aws:personalize:<region>:<account>:campaign/<name>)",
        )
    # The role and the Lambda function are not checked for form: Pinpoint checks them by using
    # them (AWS the emulator does not have), and Lambda takes names, partial and full ARNs.
    id_type = request.get("RecommendationProviderIdType")
    if id_type is not None and id_type not in _ID_TYPES:
        refuse("RecommendationProviderIdType", " or ".join(_ID_TYPES))
    per_message = request.get("RecommendationsPerMessage")
    if per_message is not None and not 1 <= per_message <= MAX_RECOMMENDATIONS_PER_MESSAGE:
        refuse("RecommendationsPerMessage", f"1 to {MAX_RECOMMENDATIONS_PER_MESSAGE}")
    if not matches(_NAME, "Name"):
        refuse(
            "Name",
            "at most 128 letters, digits, spaces, _ or -, starting with a letter or digit",
        )
    if not matches(_DESCRIPTION, "Description"):
        refuse("Description", "at most 128 letters, digits, spaces or _ ; ( ) , -")
    transformer = request.get("RecommendationTransformerUri") is not None
    attributes: dict[str, str] | None = request.get("Attributes")
    if attributes is not None:
        if not transformer:
            refuse(
                "Attributes",
                "no Attributes without RecommendationTransformerUri (custom recommended "
                "attributes are set by the Lambda function)",
            )
        if not 1 <= len(attributes) <= MAX_RECOMMENDER_ATTRIBUTES:
            refuse("Attributes", f"1 to {MAX_RECOMMENDER_ATTRIBUTES} attributes")
        for name, display in attributes.items():
            if _ATTRIBUTE_NAME.fullmatch(name) is None:
                refuse(
                    "Attributes",
                    f"attribute names of at most {MAX_RECOMMENDER_ATTRIBUTE_NAME_LENGTH} "
                    "letters, digits, _ or -, starting with a letter or digit",
                )
            if _DISPLAY_NAME.fullmatch(display) is None:
                refuse(
                    f"Attributes.{name}",
                    f"a display name of at most {MAX_RECOMMENDER_DISPLAY_NAME_LENGTH} letters, "
                    "digits, spaces, _ or -, starting with a letter or digit",
                )
    elif transformer:
        refuse("Attributes", "1 to 10 attributes when RecommendationTransformerUri is set")
    if not matches(_DISPLAY_NAME, "RecommendationsDisplayName"):
        refuse(
            "RecommendationsDisplayName",
            f"at most {MAX_RECOMMENDER_DISPLAY_NAME_LENGTH} letters, digits, spaces, _ or -, "
            "starting with a letter or digit",
        )
    if not transformer and request.get("RecommendationsDisplayName") is None:
        refuse(
            "RecommendationsDisplayName",
            "a display name: it is required when RecommendationTransformerUri is not set",
        )


def _record(request: Json, record: Json) -> Json:
    """``record`` with every configurable member replaced by the request's."""
    for name in _MEMBERS:
        record.pop(name, None)
        if request.get(name) is not None:
            record[name] = request[name]
    record.setdefault("RecommendationProviderIdType", "PINPOINT_ENDPOINT_ID")
    record.setdefault("RecommendationsPerMessage", MAX_RECOMMENDATIONS_PER_MESSAGE)
    return record


def _find(ctx: Context, params: dict[str, Any]) -> Recommender:
    recommender_id = params["RecommenderId"]
    recommender = ctx.state.recommenders.get(recommender_id)
    if recommender is None:
        raise not_found(f"Recommender configuration {recommender_id[:64]!r} not found.")
    return recommender


@handler("CreateRecommenderConfiguration")
def create_recommender_configuration(ctx: Context, params: dict[str, Any]) -> Json:
    request = params["CreateRecommenderConfiguration"]
    _check(request, "CreateRecommenderConfiguration")
    if len(ctx.state.recommenders) >= MAX_RECOMMENDER_CONFIGURATIONS:
        raise bad_request(
            f"An account can have at most {MAX_RECOMMENDER_CONFIGURATIONS} recommender model "
            "configurations in a Region; delete one first."
        )
    recommender_id = new_id()
    now = ctx.state.now()
    record = _record(request, {"Id": recommender_id, "CreationDate": now, "LastModifiedDate": now})
    ctx.state.recommenders[recommender_id] = Recommender(
        recommender_id, ctx.state.next_seq(), record
    )
    return record


@handler("GetRecommenderConfiguration")
def get_recommender_configuration(ctx: Context, params: dict[str, Any]) -> Json:
    return _find(ctx, params).record


@handler("GetRecommenderConfigurations")
def get_recommender_configurations(ctx: Context, params: dict[str, Any]) -> Json:
    return page(params, [(r.seq, r.record) for r in ctx.state.recommenders.values()])


@handler("UpdateRecommenderConfiguration")
def update_recommender_configuration(ctx: Context, params: dict[str, Any]) -> Json:
    recommender = _find(ctx, params)
    request = params["UpdateRecommenderConfiguration"]
    _check(request, "UpdateRecommenderConfiguration")
    _record(request, recommender.record)
    recommender.record["LastModifiedDate"] = ctx.state.now()
    return recommender.record


@handler("DeleteRecommenderConfiguration")
def delete_recommender_configuration(ctx: Context, params: dict[str, Any]) -> Json:
    recommender = _find(ctx, params)
    del ctx.state.recommenders[recommender.id]
    return recommender.record
