"""``RawResponse``: a successful call's answer with its HTTP details, from ``with_raw_response``."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Generic, TypeVar, final

__all__ = ["RawResponse"]

T = TypeVar("T")


@final
class RawResponse(Generic[T]):
    """What ``client.with_raw_response.get_campaign(...)`` answers: the HTTP status, headers and
    request id of a successful call, and ``parse()`` for the model the plain method returns.

    ``parse()`` reads the payload on first use (a ``ConversionError`` for a malformed answer is
    raised there, after the request id is already in hand) and returns the same object after.
    """

    __slots__ = (
        "_lock",
        "_parse",
        "_parsed",
        "headers",
        "operation_name",
        "request_id",
        "status_code",
    )

    def __init__(
        self,
        *,
        operation_name: str,
        metadata: Mapping[str, Any],
        parse: Callable[[], T],
    ) -> None:
        #: The operation as botocore names it (``"GetCampaign"``).
        self.operation_name = operation_name
        #: The HTTP status of the answer (200, 201, 202 or 204).
        self.status_code: int = int(metadata.get("HTTPStatusCode", 0))
        #: The answer's headers, names in lower case as botocore gives them; read-only.
        self.headers: Mapping[str, str] = MappingProxyType(
            {str(k).lower(): str(v) for k, v in metadata.get("HTTPHeaders", {}).items()}
        )
        #: The service's id for this request (``x-amzn-requestid``), for support cases and logs.
        self.request_id: str | None = metadata.get("RequestId") or self.headers.get(
            "x-amzn-requestid"
        )
        self._parse = parse
        self._parsed: list[T] = []  # empty until parse() ran once
        self._lock = threading.Lock()

    def parse(self) -> T:
        """The payload model the plain method returns (``None`` for an answer with no content)."""
        with self._lock:
            if not self._parsed:
                self._parsed.append(self._parse())
            return self._parsed[0]

    def __repr__(self) -> str:
        return (
            f"<RawResponse {self.operation_name} status_code={self.status_code}"
            f" request_id={self.request_id!r}>"
        )
