"""``client.with_raw_response``: the client's operations, each answering a ``RawResponse``.

A module of its own so that its generated methods are imported when first used, not with the SDK.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from pinpoint_sdk._generated.raw_client import PinpointRawResponseOperations

if TYPE_CHECKING:
    from pinpoint_sdk._client import PinpointClient
    from pinpoint_sdk._response import RawResponse

__all__ = ["PinpointClientWithRawResponse"]

_Output = TypeVar("_Output")
_Payload = TypeVar("_Payload")


class PinpointClientWithRawResponse(PinpointRawResponseOperations):
    """``client.with_raw_response``: the client's operations, each answering a ``RawResponse``.

    Calls go through the client's retry policy, budget, rate limits and timeouts, as the plain
    methods do. Iterators, ``put_endpoints`` and the waiters have no raw form.
    """

    def __init__(self, client: PinpointClient) -> None:
        self._client = client

    # The client's _call_raw and _send_raw: private by name, shared by design (hence the ignores).
    def _call(
        self,
        operation: str,
        request: Any,
        output: type[_Output],
        payload: Callable[[_Output], _Payload],
    ) -> RawResponse[_Payload]:
        return self._client._call_raw(  # pyright: ignore[reportPrivateUsage]
            operation, request, output, payload
        )

    def _send(self, operation: str, request: Any) -> RawResponse[None]:
        return self._client._send_raw(operation, request)  # pyright: ignore[reportPrivateUsage]

    def __repr__(self) -> str:
        return f"<PinpointClientWithRawResponse of {self._client!r}>"
