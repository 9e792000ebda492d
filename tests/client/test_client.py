"""PinpointClient end to end on a stubbed boto3 client: construction, typed errors, retries."""

from __future__ import annotations

import logging
from typing import Any

import attrs
import pytest
from botocore.client import BaseClient
from botocore.exceptions import ClientError, ConnectionClosedError, EndpointConnectionError
from botocore.stub import Stubber

from pinpoint_sdk import errors, models
from pinpoint_sdk._client import PinpointClient, to_write_request
from pinpoint_sdk._retry import RetryPolicy
from tests.client.conftest import SESSION
from tests.client.fakes import FakeTime

APP = {"ApplicationId": "app"}
GET_CAMPAIGN = {"ApplicationId": "app", "CampaignId": "c1"}
CAMPAIGN: dict[str, Any] = {
    "Arn": "arn:aws:mobiletargeting:us-east-1:1:apps/app/campaigns/c1",
    "Id": "c1",
    "ApplicationId": "app",
    "CreationDate": "2016-12-01T00:00:00Z",
    "LastModifiedDate": "2016-12-01T00:00:00Z",
    "SegmentId": "s1",
    "SegmentVersion": 1,
    "Name": "launch",
    "Description": "first",
    "HoldoutPercent": 5,
    "AdditionalTreatments": [{"Id": "t1", "SizePercent": 10, "TreatmentName": "B"}],
    "Schedule": {"StartTime": "IMMEDIATE", "Frequency": "ONCE"},
    "Version": 3,
}
WRITE_CAMPAIGN = models.WriteCampaignRequest(name="launch", segment_id="s1")


def get_campaign(client: PinpointClient) -> models.CampaignResponse:
    return client.get_campaign(application_id="app", campaign_id="c1")


def create_campaign(client: PinpointClient) -> models.CampaignResponse:
    return client.create_campaign(application_id="app", write_campaign_request=WRITE_CAMPAIGN)


def add_error(
    stubber: Stubber,
    method: str,
    code: str,
    status: int,
    *,
    headers: dict[str, str] | None = None,
    times: int = 1,
) -> None:
    for _ in range(times):
        stubber.add_client_error(
            method,
            service_error_code=code,
            service_message=f"{code} from the stub",
            http_status_code=status,
            response_meta={"RequestId": "req-42", "HTTPHeaders": headers or {}},
        )


def add_throttle(stubber: Stubber, method: str = "get_campaign", **kwargs: Any) -> None:
    add_error(stubber, method, "TooManyRequestsException", 429, **kwargs)


def add_campaign(stubber: Stubber, method: str = "get_campaign") -> None:
    stubber.add_response(method, {"CampaignResponse": CAMPAIGN})


# --- construction ------------------------------------------------------------------------------


def test_a_built_client_turns_botocore_retries_off() -> None:
    client = PinpointClient(session=SESSION, region_name="eu-west-1")
    assert client.raw.meta.region_name == "eu-west-1"
    assert client.raw.meta.config.retries == {"total_max_attempts": 1, "mode": "standard"}


def test_a_built_client_uses_the_endpoint_url() -> None:
    client = PinpointClient(session=SESSION, endpoint_url="http://127.0.0.1:4700")
    assert client.raw.meta.endpoint_url == "http://127.0.0.1:4700"


def test_a_supplied_client_is_used_as_is(raw: BaseClient) -> None:
    client = PinpointClient(raw)
    assert client.raw is raw
    assert client.retry == RetryPolicy()


def test_a_supplied_client_excludes_the_building_options(raw: BaseClient) -> None:
    with pytest.raises(TypeError, match="not both"):
        PinpointClient(raw, region_name="eu-west-1")


def test_retry_none_turns_retries_off(raw: BaseClient, stubber: Stubber) -> None:
    add_throttle(stubber)
    with pytest.raises(errors.TooManyRequestsException):
        get_campaign(PinpointClient(raw, retry=None))


# --- calls -------------------------------------------------------------------------------------


def test_returns_the_payload_model(client: PinpointClient, stubber: Stubber) -> None:
    stubber.add_response("get_campaign", {"CampaignResponse": CAMPAIGN}, GET_CAMPAIGN)
    campaign = get_campaign(client)
    assert isinstance(campaign, models.CampaignResponse)
    assert campaign.additional_treatments == [
        models.TreatmentResource(id="t1", size_percent=10, treatment_name="B")
    ]


def test_sends_models_as_the_wire_dict(client: PinpointClient, stubber: Stubber) -> None:
    stubber.add_response(
        "create_campaign",
        {"CampaignResponse": CAMPAIGN},
        {"ApplicationId": "app", "WriteCampaignRequest": {"Name": "launch", "SegmentId": "s1"}},
    )
    assert create_campaign(client).id == "c1"


def test_page_size_is_sent_as_a_string(client: PinpointClient, stubber: Stubber) -> None:
    stubber.add_response(
        "get_campaigns", {"CampaignsResponse": {"Item": []}}, {**APP, "PageSize": "25"}
    )
    assert client.get_campaigns(application_id="app", page_size=25).item == []


def test_a_version_an_answer_gave_as_an_integer_is_taken_and_sent_as_a_string(
    client: PinpointClient, stubber: Stubber
) -> None:
    stubber.add_response(
        "get_campaign_version", {"CampaignResponse": CAMPAIGN}, {**GET_CAMPAIGN, "Version": "3"}
    )
    stubber.add_response(
        "get_campaign_version", {"CampaignResponse": CAMPAIGN}, {**GET_CAMPAIGN, "Version": "3"}
    )
    campaign = client.get_campaign_version(application_id="app", campaign_id="c1", version=3)
    assert campaign.version == 3
    again = client.get_campaign_version(application_id="app", campaign_id="c1", version="3")
    assert again == campaign


def test_an_operation_without_output_returns_none(client: PinpointClient, stubber: Stubber) -> None:
    stubber.add_response(
        "tag_resource", {}, {"ResourceArn": "arn", "TagsModel": {"tags": {"team": "growth"}}}
    )
    result = client.tag_resource(
        resource_arn="arn", tags_model=models.TagsModel(tags={"team": "growth"})
    )
    assert result is None


def test_malformed_arguments_fail_before_sending(client: PinpointClient) -> None:
    with pytest.raises(errors.ConversionError, match=r"\$\.ApplicationId"):
        client.get_campaign(application_id=123, campaign_id="c1")  # type: ignore[arg-type]


# --- errors ------------------------------------------------------------------------------------


def test_a_service_error_becomes_its_typed_error(client: PinpointClient, stubber: Stubber) -> None:
    add_error(stubber, "get_campaign", "NotFoundException", 404)
    with pytest.raises(errors.NotFoundException) as raised:
        get_campaign(client)
    error = raised.value
    assert isinstance(error, ClientError)
    assert error.message == "NotFoundException from the stub"
    assert error.status_code == 404
    assert error.request_id == "req-42"
    assert error.operation_name == "GetCampaign"
    cause = error.__cause__
    assert isinstance(cause, ClientError)
    assert not isinstance(cause, errors.PinpointError)  # botocore's own error, kept as it was
    assert cause.response["Error"]["Code"] == "NotFoundException"


def test_an_unknown_error_code_is_a_pinpoint_error(
    client: PinpointClient, stubber: Stubber
) -> None:
    add_error(stubber, "get_campaign", "SomethingNewException", 418)
    with pytest.raises(errors.PinpointError) as raised:
        get_campaign(client)
    assert type(raised.value) is errors.PinpointError
    assert raised.value.error_code == "SomethingNewException"


def test_an_unreachable_endpoint_is_not_a_service_error() -> None:
    client = PinpointClient(session=SESSION, endpoint_url="http://127.0.0.1:9", retry=None)
    with pytest.raises(EndpointConnectionError):
        get_campaign(client)


# --- retries -----------------------------------------------------------------------------------


def test_throttled_twice_then_success(
    client: PinpointClient, stubber: Stubber, fake_time: FakeTime
) -> None:
    add_throttle(stubber, times=2)
    add_campaign(stubber)
    assert get_campaign(client).id == "c1"
    assert len(fake_time.sleeps) == 2


def test_throttled_until_attempts_run_out_raises_the_typed_error(
    client: PinpointClient, stubber: Stubber
) -> None:
    add_throttle(stubber, times=5)
    with pytest.raises(errors.TooManyRequestsException) as raised:
        get_campaign(client)
    assert raised.value.status_code == 429


def test_throttling_is_retried_for_a_create(client: PinpointClient, stubber: Stubber) -> None:
    add_throttle(stubber, "create_campaign")
    add_campaign(stubber, "create_campaign")
    assert create_campaign(client).id == "c1"


def test_a_500_on_create_campaign_is_not_retried(
    client: PinpointClient, stubber: Stubber, fake_time: FakeTime
) -> None:
    add_error(stubber, "create_campaign", "InternalServerErrorException", 500)
    with pytest.raises(errors.InternalServerErrorException):
        create_campaign(client)
    assert fake_time.sleeps == []


def test_a_500_on_get_campaign_is_retried(client: PinpointClient, stubber: Stubber) -> None:
    add_error(stubber, "get_campaign", "InternalServerErrorException", 500)
    add_campaign(stubber)
    assert get_campaign(client).id == "c1"


def test_a_500_on_delete_is_retried(client: PinpointClient, stubber: Stubber) -> None:
    add_error(stubber, "delete_campaign", "InternalServerErrorException", 500)
    add_campaign(stubber, "delete_campaign")
    assert client.delete_campaign(application_id="app", campaign_id="c1").id == "c1"


@pytest.mark.parametrize("operation", [get_campaign, create_campaign])
def test_a_400_is_never_retried(
    client: PinpointClient, stubber: Stubber, fake_time: FakeTime, operation: Any
) -> None:
    add_error(stubber, operation.__name__, "BadRequestException", 400)
    with pytest.raises(errors.BadRequestException):
        operation(client)
    assert fake_time.sleeps == []


def test_retry_after_is_honoured(
    client: PinpointClient, stubber: Stubber, fake_time: FakeTime
) -> None:
    add_throttle(stubber, headers={"retry-after": "3"})
    add_campaign(stubber)
    get_campaign(client)
    assert fake_time.sleeps == [3.0]


def test_deadline_is_respected(raw: BaseClient, stubber: Stubber, fake_time: FakeTime) -> None:
    policy = RetryPolicy(
        max_attempts=10, deadline=5.0, sleep=fake_time.sleep, clock=fake_time.clock
    )
    client = PinpointClient(raw, retry=policy)
    add_throttle(stubber, headers={"retry-after": "2"}, times=3)
    with pytest.raises(errors.TooManyRequestsException):
        get_campaign(client)
    assert fake_time.sleeps == [2.0, 2.0]  # a third wait would end at 6 s, past the deadline


def test_an_exhausted_budget_stops_retrying(
    client: PinpointClient, stubber: Stubber, fake_time: FakeTime
) -> None:
    assert client.retry_budget.try_acquire(client.retry_budget.available - 5)  # one retry left
    add_throttle(stubber, times=2)
    with pytest.raises(errors.TooManyRequestsException):
        get_campaign(client)
    assert len(fake_time.sleeps) == 1
    assert client.retry_budget.available == 0


def test_with_options_overrides_retry_and_shares_the_rest(
    client: PinpointClient, stubber: Stubber
) -> None:
    no_retry = client.with_options(retry=None)
    assert no_retry.raw is client.raw
    assert no_retry.retry_budget is client.retry_budget
    assert client.retry is not None
    add_throttle(stubber)
    with pytest.raises(errors.TooManyRequestsException):
        get_campaign(no_retry)


def test_with_options_without_arguments_keeps_the_policy(client: PinpointClient) -> None:
    assert client.with_options().retry == client.retry


def test_a_connection_error_on_a_get_is_retried(fake_time: FakeTime) -> None:
    # A real connection to a closed port: refused at once, so it never opened.
    policy = RetryPolicy(max_attempts=3, sleep=fake_time.sleep, clock=fake_time.clock)
    client = PinpointClient(session=SESSION, endpoint_url="http://127.0.0.1:9", retry=policy)
    sent: list[str] = []
    client.raw.meta.events.register("before-send", lambda **kwargs: sent.append("sent"))
    with pytest.raises(EndpointConnectionError):
        get_campaign(client)
    assert len(sent) == 3  # our three attempts, none multiplied by botocore
    assert len(fake_time.sleeps) == 2


def test_a_dropped_connection_on_a_create_is_not_retried(
    client: PinpointClient, raw: BaseClient, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []

    def dropped(**params: Any) -> Any:
        calls.append(params)
        raise ConnectionClosedError(endpoint_url="https://pinpoint")

    monkeypatch.setattr(raw, "create_campaign", dropped)
    with pytest.raises(ConnectionClosedError):
        create_campaign(client)
    assert len(calls) == 1


# --- read-modify-write -------------------------------------------------------------------------


def test_to_write_request_keeps_every_shared_member(
    client: PinpointClient, stubber: Stubber
) -> None:
    add_campaign(stubber)
    campaign = get_campaign(client)
    write = to_write_request(campaign)
    assert isinstance(write, models.WriteCampaignRequest)
    assert write == models.WriteCampaignRequest(
        name="launch",
        description="first",
        holdout_percent=5,
        segment_id="s1",
        segment_version=1,
        schedule=models.Schedule(start_time="IMMEDIATE", frequency=models.Frequency.ONCE),
        additional_treatments=[models.WriteTreatmentResource(size_percent=10, treatment_name="B")],
    )


def test_read_modify_write_changes_one_field_only(client: PinpointClient, stubber: Stubber) -> None:
    add_campaign(stubber)
    write = attrs.evolve(to_write_request(get_campaign(client)), description="second")
    stubber.add_response(
        "update_campaign",
        {"CampaignResponse": {**CAMPAIGN, "Description": "second"}},
        {
            "ApplicationId": "app",
            "CampaignId": "c1",
            "WriteCampaignRequest": {
                "AdditionalTreatments": [{"SizePercent": 10, "TreatmentName": "B"}],
                "Description": "second",
                "HoldoutPercent": 5,
                "Name": "launch",
                "Schedule": {"StartTime": "IMMEDIATE", "Frequency": "ONCE"},
                "SegmentId": "s1",
                "SegmentVersion": 1,
            },
        },
    )
    client.update_campaign(application_id="app", campaign_id="c1", write_campaign_request=write)


def test_to_write_request_for_a_segment() -> None:
    segment = models.SegmentResponse(
        application_id="app",
        arn="arn",
        creation_date="2016-12-01",
        id="s1",
        segment_type=models.SegmentType.DIMENSIONAL,
        version=2,
        name="fans",
        dimensions=models.SegmentDimensions(
            attributes={"team": models.AttributeDimension(values=["a"])}
        ),
        tags={"k": "v"},
    )
    assert to_write_request(segment) == models.WriteSegmentRequest(
        name="fans",
        dimensions=models.SegmentDimensions(
            attributes={"team": models.AttributeDimension(values=["a"])}
        ),
        tags={"k": "v"},
    )


def test_to_write_request_refuses_what_has_no_write_shape() -> None:
    with pytest.raises(TypeError, match="no Write"):
        to_write_request(models.EventsResponse())  # type: ignore[call-overload]


# --- local endpoints ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "endpoint", ["http://127.0.0.1:4700", "http://localhost:4700", "http://[::1]:4700"]
)
def test_a_loopback_endpoint_needs_no_configured_credentials(
    endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    client = PinpointClient(endpoint_url=endpoint)
    credentials = client.raw._request_signer._credentials  # the signer's, as botocore resolved them
    assert credentials is not None
    assert credentials.access_key == "local"
    assert client.raw.meta.region_name == "us-east-1"


def test_a_session_passed_with_a_loopback_endpoint_is_used_as_is() -> None:
    client = PinpointClient(session=SESSION, endpoint_url="http://127.0.0.1:4700")
    assert client.raw._request_signer._credentials.access_key == "testing"


def test_a_remote_endpoint_gets_no_placeholder_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    client = PinpointClient(endpoint_url="https://pinpoint.example.com", region_name="us-east-1")
    credentials = client.raw._request_signer._credentials
    assert credentials is None or credentials.access_key != "local"


def test_a_retry_logs_one_line_without_the_request(
    client: PinpointClient, stubber: Stubber, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="pinpoint_sdk")
    add_throttle(stubber, "create_campaign")
    add_campaign(stubber, "create_campaign")
    create_campaign(client)
    (line,) = [r.getMessage() for r in caplog.records if r.name == "pinpoint_sdk"]
    assert "CreateCampaign" in line
    assert "TooManyRequestsException" in line
    assert "launch" not in line  # the campaign's name, from the request body
