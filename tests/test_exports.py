"""The public names of the package are pinned: adding or removing one is a decision."""

from __future__ import annotations

import subprocess
import sys

import pinpoint_sdk
from pinpoint_sdk import errors


def test_package_exports() -> None:
    assert pinpoint_sdk.__all__ == [
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
    for name in pinpoint_sdk.__all__:
        assert hasattr(pinpoint_sdk, name)


def test_error_exports() -> None:
    assert sorted(errors.__all__) == errors.__all__
    for name in errors.__all__:
        assert hasattr(errors, name)


def test_importing_the_package_imports_neither_the_async_client_nor_aiobotocore() -> None:
    # Only the SDK's async modules and aiobotocore count here (tenacity, whose version 8 loads its
    # own asyncio module, is not imported at all: see test_lazy_imports.py).
    code = (
        "import sys, pinpoint_sdk; "
        "print(sorted(m for m in sys.modules if 'aiobotocore' in m "
        "or m.startswith('pinpoint_sdk') and '_async' in m))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_async_client_is_exported_on_first_use() -> None:
    from pinpoint_sdk._async_client import AsyncPinpointClient

    assert pinpoint_sdk.AsyncPinpointClient is AsyncPinpointClient
