"""Type-checked by mypy --strict and pyright, never run: pins the public types of the errors."""

from __future__ import annotations

from botocore.exceptions import ClientError, ReadTimeoutError
from typing_extensions import assert_type

from pinpoint_sdk import (
    PinpointClient,
    PutEndpointsInterrupted,
    PutEndpointsResult,
    RetryBudget,
    errors,
)
from pinpoint_sdk.emulator import StateFileError

client = PinpointClient(region_name="eu-west-1")

try:
    client.get_campaign(application_id="a", campaign_id="c")
except errors.NotFoundException as e:
    assert_type(e.status_code, int | None)
    assert_type(e.request_id, str | None)
    assert_type(e.operation_name, str)
    assert_type(e.attempts, int)
    assert_type(e.may_have_been_applied, bool)
    assert_type(e.hint, str | None)
    service_error: ClientError = e  # still a botocore ClientError
    root: errors.PinpointSDKError = e
except errors.MalformedResponseError as e:
    assert_type(e.operation_name, str)
    assert_type(e.status_code, int | None)
    conversion: errors.ConversionError = e
except errors.TransportError as e:  # could not reach Pinpoint, or its answer never came
    assert_type(e.operation_name, str)
    assert_type(e.attempts, int)
    assert_type(e.may_have_been_applied, bool)
    assert_type(e.hint, str | None)
    assert_type(e.botocore_message, str)
    transport_root: errors.PinpointSDKError = e
except errors.RequestNotSentError as e:  # no credentials, say: nothing was sent
    assert_type(e.operation_name, str)
    not_sent_root: errors.PinpointSDKError = e
except errors.PinpointSDKError as e:  # anything the SDK raised
    assert_type(e, errors.PinpointSDKError)

try:
    client.get_apps()
except ReadTimeoutError as e:  # botocore's own class still catches what the SDK raises
    stand_in = errors.from_botocore(e, "GetApps")
    assert_type(stand_in.may_have_been_applied, bool)

budget = RetryBudget()
assert_type(budget.available, int)
assert_type(budget.try_acquire(14), bool)
budget.release(14)

# One tree: the bulk loader's and the emulator's errors are the ones in pinpoint_sdk.errors, under
# the root, at their old paths too.
interrupted: type[errors.PinpointSDKError] = PutEndpointsInterrupted
state_file: type[errors.StateFileError] = StateFileError
state_file_root: type[RuntimeError] = errors.StateFileError
try:
    client.put_endpoints("app", [])
except errors.PutEndpointsInterrupted as stopped:
    assert_type(stopped.result, PutEndpointsResult)
    assert_type(stopped.error_type, str)
assert_type(errors.NotFoundException.code, str)
