"""``client.with_raw_response`` on both clients: the HTTP status, headers and request id of a
successful call. (A malformed answer stubbed with botocore's Stubber stays in
tests/client/test_raw_response.py.)"""

from __future__ import annotations

from typing import Any

import pytest

from pinpoint_sdk import RawResponse, errors, models
from pinpoint_sdk.emulator import Emulator
from tests.client.fakes import FakeTime
from tests.parity.conftest import Either


def _app(either: Either, client: Any, name: str) -> str:
    request = models.CreateApplicationRequest(name=name)
    app: models.ApplicationResponse = either.run(
        client.create_app(create_application_request=request)
    )
    return app.id


def _segment(either: Either, client: Any, app: str) -> models.SegmentResponse:
    segment: models.SegmentResponse = either.run(
        client.create_segment(
            application_id=app, write_segment_request=models.WriteSegmentRequest(name="raw")
        )
    )
    return segment


def test_a_raw_answer_has_status_headers_request_id_and_the_payload(
    either: Either, client: Any
) -> None:
    app = _app(either, client, "raw")
    segment = _segment(either, client, app)

    response = either.run(
        client.with_raw_response.get_segment(application_id=app, segment_id=segment.id)
    )

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.request_id
    assert response.request_id == response.headers["x-amzn-requestid"]
    assert response.operation_name == "GetSegment"
    assert response.parse() == either.run(
        client.get_segment(application_id=app, segment_id=segment.id)
    )


def test_parse_reads_once_and_returns_the_same_model(either: Either, client: Any) -> None:
    response = either.run(client.with_raw_response.get_apps())
    assert isinstance(response.parse(), models.ApplicationsResponse)
    assert response.parse() is response.parse()


def test_a_create_answers_201(either: Either, client: Any) -> None:
    response = either.run(
        client.with_raw_response.create_app(
            create_application_request=models.CreateApplicationRequest(name="raw-create")
        )
    )
    assert response.status_code == 201
    assert response.parse().name == "raw-create"


def test_an_answer_without_content_parses_to_none(either: Either, client: Any) -> None:
    app = either.run(
        client.create_app(
            create_application_request=models.CreateApplicationRequest(name="raw-tags")
        )
    )
    response = either.run(
        client.with_raw_response.tag_resource(
            resource_arn=app.arn, tags_model=models.TagsModel(tags={"team": "growth"})
        )
    )
    assert response.status_code == 204
    assert response.parse() is None


def test_a_raw_call_is_retried_like_the_plain_one(
    either: Either, client: Any, emu: Emulator, fake_time: FakeTime
) -> None:
    emu.faults.fail_next("GetApps", status=429, count=2)
    response = either.run(client.with_raw_response.get_apps())
    assert response.status_code == 200
    assert len(fake_time.sleeps) == 2


def test_a_raw_call_raises_the_typed_error(either: Either, client: Any) -> None:
    app = _app(either, client, "raw-missing")
    with pytest.raises(errors.NotFoundException):
        either.run(client.with_raw_response.get_segment(application_id=app, segment_id="missing"))


def test_the_raw_view_follows_with_options(client: Any) -> None:
    assert client.with_options(retry=None).with_raw_response._client.retry is None


def test_headers_are_read_only(either: Either, client: Any) -> None:
    response = either.run(client.with_raw_response.get_apps())
    with pytest.raises(TypeError):
        response.headers["x-extra"] = "1"


def test_the_repr_names_operation_status_and_request_id(either: Either, client: Any) -> None:
    response: RawResponse[models.ApplicationsResponse] = either.run(
        client.with_raw_response.get_apps()
    )
    assert repr(response) == (
        f"<RawResponse GetApps status_code=200 request_id={response.request_id!r}>"
    )
