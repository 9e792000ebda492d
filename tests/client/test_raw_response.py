"""``client.with_raw_response``: the HTTP status, headers and request id of a successful call."""

from __future__ import annotations

import pytest
from botocore.client import BaseClient

from pinpoint_sdk import PinpointClient, RawResponse, RetryPolicy, errors, models
from pinpoint_sdk.emulator import Emulator
from tests.client.conftest import SeedStubber
from tests.client.fakes import FakeTime
from tests.helpers import create_app


@pytest.fixture
def client(emu: Emulator, fake_time: FakeTime) -> PinpointClient:
    policy = RetryPolicy(sleep=fake_time.sleep, clock=fake_time.clock)
    return PinpointClient(endpoint_url=emu.endpoint_url, retry=policy)


def _segment(client: PinpointClient, app: str) -> models.SegmentResponse:
    return client.create_segment(
        application_id=app, write_segment_request=models.WriteSegmentRequest(name="raw")
    )


def test_a_raw_answer_has_status_headers_request_id_and_the_payload(
    client: PinpointClient,
) -> None:
    app = create_app(client, "raw")
    segment = _segment(client, app)

    response = client.with_raw_response.get_segment(application_id=app, segment_id=segment.id)

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.request_id
    assert response.request_id == response.headers["x-amzn-requestid"]
    assert response.operation_name == "GetSegment"
    assert response.parse() == client.get_segment(application_id=app, segment_id=segment.id)


def test_parse_reads_once_and_returns_the_same_model(client: PinpointClient) -> None:
    response = client.with_raw_response.get_apps()
    assert isinstance(response.parse(), models.ApplicationsResponse)
    assert response.parse() is response.parse()


def test_a_create_answers_201(client: PinpointClient) -> None:
    response = client.with_raw_response.create_app(
        create_application_request=models.CreateApplicationRequest(name="raw-create")
    )
    assert response.status_code == 201
    assert response.parse().name == "raw-create"


def test_an_answer_without_content_parses_to_none(client: PinpointClient) -> None:
    app = client.create_app(
        create_application_request=models.CreateApplicationRequest(name="raw-tags")
    )
    response = client.with_raw_response.tag_resource(
        resource_arn=app.arn, tags_model=models.TagsModel(tags={"team": "growth"})
    )
    assert response.status_code == 204
    assert response.parse() is None


def test_a_raw_call_is_retried_like_the_plain_one(
    client: PinpointClient, emu: Emulator, fake_time: FakeTime
) -> None:
    emu.faults.fail_next("GetApps", status=429, count=2)
    response = client.with_raw_response.get_apps()
    assert response.status_code == 200
    assert len(fake_time.sleeps) == 2


def test_a_raw_call_raises_the_typed_error(client: PinpointClient) -> None:
    app = create_app(client, "raw-missing")
    with pytest.raises(errors.NotFoundException):
        client.with_raw_response.get_segment(application_id=app, segment_id="missing")


def test_the_raw_view_follows_with_options(client: PinpointClient) -> None:
    assert client.with_options(retry=None).with_raw_response._client.retry is None


def test_a_malformed_answer_fails_at_parse_with_the_request_id_in_hand(
    seed_stubber: SeedStubber, raw: BaseClient
) -> None:
    client = PinpointClient(raw, retry=None)
    metadata = {"RequestId": "req-9", "HTTPStatusCode": 200, "HTTPHeaders": {}}
    # A campaign whose Schedule is a list: not a usable answer.
    seed_stubber.add_response(
        "get_campaign",
        {"CampaignResponse": {"Schedule": ["not", "a", "schedule"]}, "ResponseMetadata": metadata},
    )

    response = client.with_raw_response.get_campaign(application_id="a", campaign_id="c")

    assert (response.status_code, response.request_id) == (200, "req-9")
    with pytest.raises(errors.ConversionError, match=r"\$\.CampaignResponse\.Schedule"):
        response.parse()


def test_headers_are_read_only(client: PinpointClient) -> None:
    response = client.with_raw_response.get_apps()
    with pytest.raises(TypeError):
        response.headers["x-extra"] = "1"  # type: ignore[index]


def test_the_repr_names_operation_status_and_request_id(client: PinpointClient) -> None:
    response: RawResponse[models.ApplicationsResponse] = client.with_raw_response.get_apps()
    assert repr(response) == (
        f"<RawResponse GetApps status_code=200 request_id={response.request_id!r}>"
    )
