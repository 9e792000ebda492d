"""pinpoint-sdk: a typed Python SDK for the Amazon Pinpoint API (2016-12-01).

AWS ended support for Pinpoint's engagement features (endpoints, segments, campaigns, journeys)
on 2026-10-30; :func:`availability` says which operations still work on AWS, and
:mod:`pinpoint_sdk.emulator` runs code built on this API offline.
"""

from typing import TYPE_CHECKING, Any

from pinpoint_sdk import errors, models
from pinpoint_sdk._availability import (
    Availability,
    AvailabilitySource,
    AvailabilityStatus,
    SuccessorCall,
    availability,
    availability_table,
)
from pinpoint_sdk._converter import from_boto3, to_boto3
from pinpoint_sdk._pagination import Page, Paginator
from pinpoint_sdk._ratelimit import RateLimits
from pinpoint_sdk._response import RawResponse
from pinpoint_sdk._retry import RetryBudget, RetryPolicy
from pinpoint_sdk.errors import (
    OperationRetiredError,
    PutEndpointsInterrupted,
    RetiredOperationWarning,
)

if TYPE_CHECKING:
    from pinpoint_sdk._async_client import AsyncPinpointClient
    from pinpoint_sdk._async_pagination import AsyncPaginator
    from pinpoint_sdk._bulk import BulkProgress, FailedEndpoint, PutEndpointsResult
    from pinpoint_sdk._client import (
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_READ_TIMEOUT,
        PinpointClient,
        to_write_request,
    )
    from pinpoint_sdk._raw_client import PinpointClientWithRawResponse

__version__ = "0.1.0"

__all__ = [
    "AsyncPaginator",
    "AsyncPinpointClient",
    "Availability",
    "AvailabilitySource",
    "AvailabilityStatus",
    "BulkProgress",
    "DEFAULT_CONNECT_TIMEOUT",
    "DEFAULT_READ_TIMEOUT",
    "FailedEndpoint",
    "OperationRetiredError",
    "Page",
    "Paginator",
    "PinpointClient",
    "PinpointClientWithRawResponse",
    "PutEndpointsInterrupted",
    "PutEndpointsResult",
    "RateLimits",
    "RawResponse",
    "RetiredOperationWarning",
    "RetryBudget",
    "RetryPolicy",
    "SuccessorCall",
    "__version__",
    "availability",
    "availability_table",
    "errors",
    "from_boto3",
    "models",
    "to_boto3",
    "to_write_request",
]


# Imported on first use, so that a program pays only for what it uses: the clients and their
# generated methods (a program that only converts models with its own boto3 client never loads
# them; aiobotocore itself is imported only when an async client opens), the raw-response methods
# (``client.with_raw_response`` imports them), and the bulk loader's classes (``put_endpoints``
# imports it on its first call).
_LAZY = {
    "PinpointClient": "pinpoint_sdk._client",
    "DEFAULT_CONNECT_TIMEOUT": "pinpoint_sdk._client",
    "DEFAULT_READ_TIMEOUT": "pinpoint_sdk._client",
    "to_write_request": "pinpoint_sdk._client",
    "AsyncPinpointClient": "pinpoint_sdk._async_client",
    "AsyncPaginator": "pinpoint_sdk._async_pagination",
    "BulkProgress": "pinpoint_sdk._bulk",
    "FailedEndpoint": "pinpoint_sdk._bulk",
    "PutEndpointsResult": "pinpoint_sdk._bulk",
    "PinpointClientWithRawResponse": "pinpoint_sdk._raw_client",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'pinpoint_sdk' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
