"""The public names of the package are pinned: adding or removing one is a decision."""

from __future__ import annotations

import pinpoint_sdk
from pinpoint_sdk import errors


def test_package_exports() -> None:
    assert pinpoint_sdk.__all__ == [
        "BulkProgress",
        "DEFAULT_CONNECT_TIMEOUT",
        "DEFAULT_READ_TIMEOUT",
        "FailedEndpoint",
        "Page",
        "Paginator",
        "PinpointClient",
        "PinpointClientWithRawResponse",
        "PutEndpointsInterrupted",
        "PutEndpointsResult",
        "RawResponse",
        "RetryBudget",
        "RetryPolicy",
        "__version__",
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
