"""PinpointClient and retired operations: a warning once per operation when pointed at AWS,
nothing against the emulator, and AWS's refusal raised as a typed error.

AWS is never reached: a boto3 client built for a real region (so its endpoint is AWS's own) is
answered by botocore's Stubber. The async client's twin tests are in
tests/async/test_async_retired_calls.py.
"""

from __future__ import annotations

import pickle
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from botocore.client import BaseClient
from botocore.exceptions import ClientError
from botocore.stub import Stubber

from pinpoint_sdk import (
    OperationRetiredError,
    PinpointClient,
    RetiredOperationWarning,
    errors,
    models,
)
from pinpoint_sdk._retired_calls import _forget_warnings
from pinpoint_sdk.emulator import Emulator
from tests.helpers import create_app

CAMPAIGNS = {"CampaignsResponse": {"Item": []}}
APPS = {"ApplicationsResponse": {"Item": []}}
ENDED = "Amazon Pinpoint campaigns reached end of support on October 30, 2026."


@pytest.fixture(autouse=True)
def _fresh_process() -> Iterator[None]:
    """Each test starts as a new process would: nothing warned about yet."""
    _forget_warnings()
    yield
    _forget_warnings()


@pytest.fixture
def aws(raw: BaseClient, stubber: Stubber) -> PinpointClient:
    """A client on AWS's own endpoint (``raw`` is built for us-east-1); Stubber answers."""
    assert raw.meta.endpoint_url == "https://pinpoint.us-east-1.amazonaws.com"
    return PinpointClient(raw, retry=None)


def test_the_first_call_of_a_retired_operation_against_aws_warns(
    aws: PinpointClient, stubber: Stubber
) -> None:
    stubber.add_response("get_campaigns", CAMPAIGNS, {"ApplicationId": "app"})
    with pytest.warns(RetiredOperationWarning) as caught:
        aws.get_campaigns(application_id="app")
    assert len(caught) == 1
    message = str(caught[0].message)
    assert message.startswith("GetCampaigns: AWS ended this call")
    assert "2026-10-30" in message
    assert "connectcampaignsv2 ListCampaigns" in message


def test_the_warning_is_a_deprecation_warning_naming_the_operation(
    aws: PinpointClient, stubber: Stubber
) -> None:
    stubber.add_response("get_campaigns", CAMPAIGNS, {"ApplicationId": "app"})
    with pytest.warns(DeprecationWarning, match="^GetCampaigns: ") as caught:
        aws.get_campaigns(application_id="app")
    warning = caught[0].message
    assert isinstance(warning, RetiredOperationWarning)
    assert warning.operation_name == "GetCampaigns"


def test_the_warning_points_at_the_callers_line(aws: PinpointClient, stubber: Stubber) -> None:
    stubber.add_response("get_campaigns", CAMPAIGNS, {"ApplicationId": "app"})
    with pytest.warns(RetiredOperationWarning) as caught:
        aws.get_campaigns(application_id="app")  # this line
    assert Path(caught[0].filename) == Path(__file__)
    source = Path(__file__).read_text().splitlines()
    assert source[caught[0].lineno - 1].strip().endswith("# this line")


def test_the_warning_points_at_the_callers_line_through_with_raw_response(
    aws: PinpointClient, stubber: Stubber
) -> None:
    stubber.add_response("get_campaigns", CAMPAIGNS, {"ApplicationId": "app"})
    with pytest.warns(RetiredOperationWarning) as caught:
        aws.with_raw_response.get_campaigns(application_id="app")
    assert Path(caught[0].filename) == Path(__file__)


def test_put_endpoints_warns_at_the_callers_line_not_on_a_worker_thread(
    aws: PinpointClient, stubber: Stubber
) -> None:
    item = {"Id": "e1", "ChannelType": "SMS", "Address": "+12065550100"}
    stubber.add_response(
        "update_endpoints_batch",
        {"MessageBody": {"Message": "Accepted", "RequestID": "r"}},
        {"ApplicationId": "app", "EndpointBatchRequest": {"Item": [item]}},
    )
    endpoint = models.EndpointBatchItem(
        id="e1", channel_type=models.ChannelType.SMS, address="+12065550100"
    )
    with pytest.warns(RetiredOperationWarning, match="^UpdateEndpointsBatch: ") as caught:
        aws.put_endpoints("app", [endpoint], max_workers=1)  # this line
    assert len(caught) == 1
    assert Path(caught[0].filename) == Path(__file__)
    source = Path(__file__).read_text().splitlines()
    assert source[caught[0].lineno - 1].strip().endswith("# this line")


def test_each_retired_operation_warns_once_per_process(
    raw: BaseClient, aws: PinpointClient, stubber: Stubber
) -> None:
    for _ in range(3):
        stubber.add_response("get_campaigns", CAMPAIGNS, {"ApplicationId": "app"})
    other_client = PinpointClient(raw, retry=None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # Python's own once-per-line filter out of the way
        aws.get_campaigns(application_id="app")
        aws.with_options(retry=None).get_campaigns(application_id="app")
        other_client.get_campaigns(application_id="app")
    assert [type(w.message) for w in caught] == [RetiredOperationWarning]


def test_another_retired_operation_warns_on_its_own_first_call(
    aws: PinpointClient, stubber: Stubber
) -> None:
    stubber.add_response("get_campaigns", CAMPAIGNS, {"ApplicationId": "app"})
    stubber.add_response("get_segments", {"SegmentsResponse": {"Item": []}}, {"ApplicationId": "a"})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        aws.get_campaigns(application_id="app")
        aws.get_segments(application_id="a")
    assert [w.message.operation_name for w in caught] == ["GetCampaigns", "GetSegments"]  # type: ignore[union-attr]  # the list holds RetiredOperationWarnings


def test_a_live_operation_against_aws_does_not_warn(aws: PinpointClient, stubber: Stubber) -> None:
    stubber.add_response("get_apps", APPS, {})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        aws.get_apps()


def test_the_warning_can_be_filtered_out(aws: PinpointClient, stubber: Stubber) -> None:
    stubber.add_response("get_campaigns", CAMPAIGNS, {"ApplicationId": "app"})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.simplefilter("ignore", RetiredOperationWarning)
        aws.get_campaigns(application_id="app")


def test_nothing_warns_against_the_emulator(emu: Emulator) -> None:
    with PinpointClient(endpoint_url=emu.endpoint_url) as client:
        app = create_app(client, "retired-calls")
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            client.get_campaigns(application_id=app)
            client.get_segments(application_id=app)


def test_nothing_warns_against_a_custom_endpoint(raw: BaseClient) -> None:
    # LocalStack and moto's server: not AWS, whatever they serve. Built, never called.
    local = PinpointClient(
        region_name="us-east-1", endpoint_url="https://localhost.localstack.cloud:4566"
    )
    stubber = Stubber(local.raw)
    stubber.add_response("get_campaigns", CAMPAIGNS, {"ApplicationId": "app"})
    with stubber, warnings.catch_warnings():
        warnings.simplefilter("error")
        local.get_campaigns(application_id="app")


def test_aws_refusing_a_retired_call_raises_the_typed_refusal(
    aws: PinpointClient, stubber: Stubber
) -> None:
    stubber.add_client_error(
        "get_campaign",
        service_error_code="ForbiddenException",
        service_message=ENDED,
        http_status_code=403,
        response_meta={"RequestId": "req-42"},
    )
    with pytest.warns(RetiredOperationWarning), pytest.raises(OperationRetiredError) as raised:
        aws.get_campaign(application_id="app", campaign_id="c")
    error = raised.value
    assert isinstance(error, errors.ForbiddenException)
    assert isinstance(error, ClientError)
    assert (error.message, error.request_id, error.status_code) == (ENDED, "req-42", 403)
    assert error.operation_name == "GetCampaign"


def test_an_ordinary_refusal_of_a_retired_operation_stays_ordinary(
    aws: PinpointClient, stubber: Stubber
) -> None:
    stubber.add_client_error(
        "get_campaign",
        service_error_code="ForbiddenException",
        service_message="User is not authorized to perform: mobiletargeting:GetCampaign",
        http_status_code=403,
    )
    with pytest.warns(RetiredOperationWarning), pytest.raises(errors.ForbiddenException) as raised:
        aws.get_campaign(application_id="app", campaign_id="c")
    assert not isinstance(raised.value, OperationRetiredError)


def test_the_warning_pickles_with_its_operation_name() -> None:
    # A warning turned into an error (-W error) may cross a process boundary (pytest-xdist).
    warning = RetiredOperationWarning("GetCampaigns: ended", operation_name="GetCampaigns")
    copy = pickle.loads(pickle.dumps(warning))
    assert isinstance(copy, RetiredOperationWarning)
    assert (str(copy), copy.operation_name) == ("GetCampaigns: ended", "GetCampaigns")
