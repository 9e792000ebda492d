from __future__ import annotations

from typing import Any

import pytest

from .conftest import error_of

KINESIS = "arn:aws:kinesis:us-east-1:123456789012:stream/pinpoint-events"
FIREHOSE = "arn:aws:firehose:eu-west-1:123456789012:deliverystream/pinpoint.events-1"
ROLE = "arn:aws:iam::123456789012:role/pinpoint-events"


def put(raw: Any, app: str, destination: str, role: str = ROLE) -> Any:
    return raw.put_event_stream(
        ApplicationId=app, WriteEventStream={"DestinationStreamArn": destination, "RoleArn": role}
    )


@pytest.mark.parametrize("destination", [KINESIS, FIREHOSE], ids=["kinesis", "firehose"])
def test_an_event_stream_is_put_got_and_deleted(raw: Any, app: str, destination: str) -> None:
    answer = put(raw, app, destination)
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 200
    stream = answer["EventStream"]
    assert stream["ApplicationId"] == app
    assert (stream["DestinationStreamArn"], stream["RoleArn"]) == (destination, ROLE)
    assert stream["LastModifiedDate"]
    assert raw.get_event_stream(ApplicationId=app)["EventStream"] == stream
    assert raw.delete_event_stream(ApplicationId=app)["EventStream"] == stream
    with pytest.raises(raw.exceptions.NotFoundException) as excinfo:
        raw.get_event_stream(ApplicationId=app)
    assert error_of(excinfo)[:2] == ("NotFoundException", 404)


def test_a_second_put_replaces_the_stream(raw: Any, app: str) -> None:
    put(raw, app, KINESIS)
    put(raw, app, FIREHOSE)
    stream = raw.get_event_stream(ApplicationId=app)["EventStream"]
    assert stream["DestinationStreamArn"] == FIREHOSE


def test_an_app_without_a_stream_has_none_to_get_or_delete(raw: Any, app: str) -> None:
    for call in (raw.get_event_stream, raw.delete_event_stream):
        with pytest.raises(raw.exceptions.NotFoundException):
            call(ApplicationId=app)


def test_the_stream_of_an_unknown_app_is_not_found(raw: Any) -> None:
    with pytest.raises(raw.exceptions.NotFoundException):
        put(raw, "f" * 32, KINESIS)


@pytest.mark.parametrize(
    "destination",
    [
        "arn:aws:s3:::my-bucket",
        "arn:aws:kinesis:us-east-1:123456789012:deliverystream/x",
        "arn:aws:firehose:us-east-1:123456789012:stream/x",
        "arn:aws:kinesis:us-east-1:1234:stream/x",
        "arn:aws:kinesis:us-east-1:123456789012:stream/",
        "arn:aws:kinesis:us-east-1:123456789012:stream/" + "x" * 129,
        "arn:aws:firehose:us-east-1:123456789012:deliverystream/" + "x" * 65,
        "arn:aws:kinesis:us-east-1:123456789012:stream/has space",
        "pinpoint-events",
    ],
)
def test_the_destination_must_be_a_kinesis_or_firehose_stream_arn(
    raw: Any, app: str, destination: str
) -> None:
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        put(raw, app, destination)
    assert (
        "WriteEventStream.DestinationStreamArn must be the ARN of a Kinesis" in error_of(excinfo)[2]
    )
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.get_event_stream(ApplicationId=app)


@pytest.mark.parametrize(
    "role", ["arn:aws:iam::123456789012:user/me", KINESIS, "pinpoint-role", ""]
)
def test_the_role_must_be_an_iam_role_arn(raw: Any, app: str, role: str) -> None:
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        put(raw, app, KINESIS, role)
    assert "WriteEventStream.RoleArn must be an IAM role ARN" in error_of(excinfo)[2]


def test_a_missing_member_is_named(loose: Any, app: str) -> None:
    with pytest.raises(loose.exceptions.BadRequestException) as excinfo:
        loose.put_event_stream(ApplicationId=app, WriteEventStream={"RoleArn": ROLE})
    assert "WriteEventStream.DestinationStreamArn" in error_of(excinfo)[2]
