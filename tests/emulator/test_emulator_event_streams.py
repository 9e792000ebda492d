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
    ("destination", "role"),
    [
        ("kinesis:arn", "iam:arn"),  # moto's own test values
        ("arn:aws:firehose:us-east-1:123456789012:stream/x", "pinpoint-role"),
        ("pinpoint-events", "arn:aws:iam::123456789012:user/me"),
    ],
)
def test_arns_only_aws_could_check_are_kept_as_given(
    raw: Any, app: str, destination: str, role: str
) -> None:
    """Pinpoint checks the stream and the role by using them when it writes; the emulator has
    no AWS to ask, so it answers as Pinpoint does when they work."""
    put(raw, app, destination, role)
    stream = raw.get_event_stream(ApplicationId=app)["EventStream"]
    assert (stream["DestinationStreamArn"], stream["RoleArn"]) == (destination, role)


def test_a_missing_member_is_named(loose: Any, app: str) -> None:
    with pytest.raises(loose.exceptions.BadRequestException) as excinfo:
        loose.put_event_stream(ApplicationId=app, WriteEventStream={"RoleArn": ROLE})
    assert "WriteEventStream.DestinationStreamArn" in error_of(excinfo)[2]
