"""``client.with_raw_response``: the client's operations, each answering a ``RawResponse``."""

from __future__ import annotations

from pinpoint_sdk._generated.client import PinpointRawResponseOperations

__all__ = ["PinpointClientWithRawResponse"]


class PinpointClientWithRawResponse(PinpointRawResponseOperations):
    """``client.with_raw_response``: the client's operations, each answering a ``RawResponse``.

    Calls go through the client's retry policy, budget, rate limits and timeouts, as the plain
    methods do (they are the plain methods, wrapped). Iterators, ``put_endpoints`` and the waiters
    have no raw form.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<PinpointClientWithRawResponse of {self._client!r}>"
