"""``RawResponse``: a successful call's answer with its HTTP details, from ``with_raw_response``.

``with_raw_response`` is not a second copy of every method: its methods are the client's own,
each wrapped once (``raw_method`` / ``async_raw_method``, one generated line per operation so that
type checkers see ``RawResponse[models.CampaignResponse]``). The wrapper opens a ``RawSlot`` in a
context variable, calls the plain method, and returns what the client's one call path put in the
slot (``claim_raw_slot``): each thread and each asyncio task has its own, so concurrent plain and
raw calls never see each other's.
"""

from __future__ import annotations

import contextvars
import functools
import threading
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from types import MappingProxyType
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar, final, overload

__all__ = ["AsyncRawMethod", "RawMethod", "RawResponse", "RawSlot", "claim_raw_slot"]

T = TypeVar("T")
P = ParamSpec("P")
R = TypeVar("R")


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


class RawSlot:
    """Where the call path leaves the ``RawResponse`` of the one call a raw method makes."""

    __slots__ = ("response",)

    def __init__(self) -> None:
        self.response: RawResponse[Any] | None = None

    def take(self, operation: str) -> RawResponse[Any]:
        if self.response is None:  # a method that made no call: a bug of this SDK, not the user's
            raise RuntimeError(f"with_raw_response.{operation}: the call left no answer")
        return self.response


_RAW_SLOT: contextvars.ContextVar[RawSlot | None] = contextvars.ContextVar(
    "pinpoint_sdk_raw_slot", default=None
)


def claim_raw_slot() -> RawSlot | None:
    """The slot of the raw call being made (``None``: a plain call), claimed by the caller.

    Claimed, so that it serves one call: any call the call path itself would make (none today)
    answers plainly. The client calls this once, on entering its call path, before any I/O.
    """
    slot = _RAW_SLOT.get()
    if slot is not None:
        _RAW_SLOT.set(None)
    return slot


class RawMethod(Generic[P, R]):
    """A generated attribute of ``with_raw_response``: the client's method of the same name,
    answering ``RawResponse[R]`` (``get_campaign = RawMethod(PinpointOperations.get_campaign)``).

    The method is looked up on the view's client, so ``with_options`` copies and subclasses apply.
    """

    def __init__(self, method: Callable[Concatenate[Any, P], R]) -> None:
        self._name = method.__name__
        self.__doc__ = method.__doc__

    @overload
    def __get__(self, view: None, owner: type | None = None) -> RawMethod[P, R]: ...
    @overload
    def __get__(self, view: object, owner: type | None = None) -> Callable[P, RawResponse[R]]: ...
    def __get__(
        self, view: Any, owner: type | None = None
    ) -> RawMethod[P, R] | Callable[P, RawResponse[R]]:
        if view is None:  # on the class: the descriptor itself, for introspection
            return self
        method: Callable[P, R] = getattr(view._client, self._name)
        return _raw_wrapper(method)


class AsyncRawMethod(Generic[P, R]):
    """``RawMethod`` for a coroutine method: ``await view.get_campaign(...)`` is a ``RawResponse``."""

    def __init__(self, method: Callable[Concatenate[Any, P], Awaitable[R]]) -> None:
        self._name = method.__name__
        self.__doc__ = method.__doc__

    @overload
    def __get__(self, view: None, owner: type | None = None) -> AsyncRawMethod[P, R]: ...
    @overload
    def __get__(
        self, view: object, owner: type | None = None
    ) -> Callable[P, Coroutine[Any, Any, RawResponse[R]]]: ...
    def __get__(
        self, view: Any, owner: type | None = None
    ) -> AsyncRawMethod[P, R] | Callable[P, Coroutine[Any, Any, RawResponse[R]]]:
        if view is None:  # on the class: the descriptor itself, for introspection
            return self
        method: Callable[P, Awaitable[R]] = getattr(view._client, self._name)
        return _async_raw_wrapper(method)


def _raw_wrapper(method: Callable[P, R]) -> Callable[P, RawResponse[R]]:
    @functools.wraps(method)
    def raw(*args: P.args, **kwargs: P.kwargs) -> RawResponse[R]:
        slot = RawSlot()
        token = _RAW_SLOT.set(slot)
        try:
            method(*args, **kwargs)  # its value is a placeholder: the answer is in the slot
        finally:
            _RAW_SLOT.reset(token)
        return slot.take(method.__name__)

    return raw


def _async_raw_wrapper(
    method: Callable[P, Awaitable[R]],
) -> Callable[P, Coroutine[Any, Any, RawResponse[R]]]:
    @functools.wraps(method)
    async def raw(*args: P.args, **kwargs: P.kwargs) -> RawResponse[R]:
        slot = RawSlot()
        # Set inside this coroutine: the task awaiting it has its own context, other tasks not.
        token = _RAW_SLOT.set(slot)
        try:
            await method(*args, **kwargs)
        finally:
            _RAW_SLOT.reset(token)
        return slot.take(method.__name__)

    return raw
