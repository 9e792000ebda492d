from __future__ import annotations

from typing import Any

import pytest

from .conftest import error_of

# The seed's CreateSegment example dimensions, trimmed to what a test needs.
DIMENSIONS = {
    "Attributes": {"Interests": {"AttributeType": "INCLUSIVE", "Values": ["Music"]}},
    "Demographic": {"Platform": {"DimensionType": "INCLUSIVE", "Values": ["ios"]}},
}


def create(raw: Any, app: str, **request: Any) -> dict[str, Any]:
    request.setdefault("Name", "music-lovers")
    response = raw.create_segment(ApplicationId=app, WriteSegmentRequest=request)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 201
    return dict(response["SegmentResponse"])


def test_create_segment_is_version_1_and_dimensional(raw: Any, app: str) -> None:
    segment = create(raw, app, Dimensions=DIMENSIONS)
    assert segment["Version"] == 1
    assert segment["SegmentType"] == "DIMENSIONAL"
    assert segment["Dimensions"] == DIMENSIONS
    assert segment["ApplicationId"] == app
    assert segment["Arn"].endswith(f":apps/{app}/segments/{segment['Id']}")


def test_each_update_adds_a_version_and_keeps_the_history(raw: Any, app: str) -> None:
    segment = create(raw, app, Dimensions=DIMENSIONS)
    for name in ("second", "third"):
        raw.update_segment(
            ApplicationId=app, SegmentId=segment["Id"], WriteSegmentRequest={"Name": name}
        )
    current = raw.get_segment(ApplicationId=app, SegmentId=segment["Id"])["SegmentResponse"]
    assert (current["Version"], current["Name"]) == (3, "third")
    assert current["Dimensions"] == DIMENSIONS
    versions = raw.get_segment_versions(ApplicationId=app, SegmentId=segment["Id"])
    items = versions["SegmentsResponse"]["Item"]
    assert [(v["Version"], v["Name"]) for v in items] == [
        (1, "music-lovers"),
        (2, "second"),
        (3, "third"),
    ]
    first = raw.get_segment_version(ApplicationId=app, SegmentId=segment["Id"], Version="1")
    assert first["SegmentResponse"]["Name"] == "music-lovers"


def test_an_unknown_version_is_not_found(raw: Any, app: str) -> None:
    segment = create(raw, app)
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.get_segment_version(ApplicationId=app, SegmentId=segment["Id"], Version="2")


def test_a_version_that_is_not_a_number_is_a_bad_request(raw: Any, app: str) -> None:
    segment = create(raw, app)
    with pytest.raises(raw.exceptions.BadRequestException):
        raw.get_segment_version(ApplicationId=app, SegmentId=segment["Id"], Version="one")


def test_get_segments_lists_current_versions(raw: Any, app: str) -> None:
    first = create(raw, app, Name="a")
    second = create(raw, app, Name="b")
    raw.update_segment(ApplicationId=app, SegmentId=first["Id"], WriteSegmentRequest={})
    items = raw.get_segments(ApplicationId=app)["SegmentsResponse"]["Item"]
    assert [(s["Id"], s["Version"]) for s in items] == [(first["Id"], 2), (second["Id"], 1)]


def test_delete_segment_returns_it_then_it_is_gone(raw: Any, app: str) -> None:
    segment = create(raw, app)
    deleted = raw.delete_segment(ApplicationId=app, SegmentId=segment["Id"])
    assert deleted["SegmentResponse"]["Id"] == segment["Id"]
    with pytest.raises(raw.exceptions.NotFoundException) as excinfo:
        raw.get_segment(ApplicationId=app, SegmentId=segment["Id"])
    assert error_of(excinfo)[:2] == ("NotFoundException", 404)
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.delete_segment(ApplicationId=app, SegmentId=segment["Id"])


def test_update_of_an_unknown_segment_is_not_found(raw: Any, app: str) -> None:
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.update_segment(ApplicationId=app, SegmentId="nope", WriteSegmentRequest={})


def test_a_dimension_of_the_wrong_type_is_a_bad_request(loose: Any, app: str) -> None:
    with pytest.raises(loose.exceptions.BadRequestException) as excinfo:
        loose.create_segment(
            ApplicationId=app,
            WriteSegmentRequest={"Dimensions": {"Attributes": {"x": {"Values": [1]}}}},
        )
    assert "Dimensions.Attributes.x.Values[0]" in error_of(excinfo)[2]
