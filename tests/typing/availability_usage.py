"""Type-checked by mypy --strict and pyright, never run: pins the public types of the availability
table, the retired-operation warning and the refusal error."""

from __future__ import annotations

import datetime
import warnings

from typing_extensions import assert_type

import pinpoint_sdk
from pinpoint_sdk import (
    Availability,
    AvailabilitySource,
    AvailabilityStatus,
    OperationRetiredError,
    PinpointClient,
    RetiredOperationWarning,
    SuccessorCall,
    availability,
    availability_table,
    errors,
)

row = availability("create_campaign")
assert_type(row, Availability)
assert_type(row.operation, str)
assert_type(row.status, AvailabilityStatus)
assert_type(row.reason, str)
assert_type(row.source, AvailabilitySource)
assert_type(row.source.url, str)
assert_type(row.successors, tuple[SuccessorCall, ...])
assert_type(row.successors[0].service, str)
assert_type(row.retired_on, datetime.date | None)
assert_type(availability_table(), tuple[Availability, ...])
assert_type(AvailabilityStatus("live"), AvailabilityStatus)

warnings.simplefilter("ignore", RetiredOperationWarning)
assert_type(RetiredOperationWarning("m", operation_name="GetCampaign").operation_name, str)

client = PinpointClient(region_name="us-east-1")
try:
    client.get_campaign(application_id="a", campaign_id="c")
except OperationRetiredError as refused:
    assert_type(refused.message, str)
    assert_type(refused.request_id, str | None)
    assert_type(refused.retired_on, datetime.date)
    assert_type(refused.successors, tuple[SuccessorCall, ...])
    as_service_error: errors.PinpointError = refused
assert pinpoint_sdk.errors.OperationRetiredError is OperationRetiredError
