"""The core ``PinpointClient`` and ``AsyncPinpointClient`` share: everything about a call but I/O.

``PinpointCore`` owns the options (their checks and defaults, the botocore ``Config`` they build,
the region and credentials of a local endpoint), the per-operation record (``OperationInfo``), the
retry policy and budget, the translation of botocore's and urllib3's errors into the SDK's, and
reading an answer into its payload or a ``RawResponse``. The two clients keep only how a request
is sent (a boto3 or an aiobotocore client) and how to wait (``time.sleep`` or an awaited sleep).

The answer reader's entry points (``pinpoint_sdk._answers``) are named here and nowhere else in
the clients: ``_watch``, ``_expect``/``_expected``, ``_read``/``_read_nothing`` and ``check_built``.
"""

from __future__ import annotations

import copy
import enum
import ipaddress
import time
import urllib.parse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final, NamedTuple, TypeVar, cast

from botocore import xform_name
from botocore.exceptions import BotoCoreError, ClientError, ConnectionClosedError
from urllib3.exceptions import ProtocolError  # botocore's HTTP layer

from pinpoint_sdk import _answers
from pinpoint_sdk._response import RawResponse, RawSlot
from pinpoint_sdk._retired_calls import warn_if_retired
from pinpoint_sdk._retry import RetryBudget, RetryPolicy, unclear_failure_hint
from pinpoint_sdk.errors import PinpointError, from_botocore

if TYPE_CHECKING:
    from botocore.config import Config
    from botocore.model import OperationModel

__all__ = [
    "DEFAULT_CONNECT_TIMEOUT",
    "DEFAULT_READ_TIMEOUT",
    "NOT_GIVEN",
    "TRANSPORT_ERRORS",
    "NotGiven",
    "OperationInfo",
    "PinpointCore",
    "build_config",
    "check_building",
    "check_built",
    "checked_timeout",
    "failure_of",
    "local_signing",
    "timeouts",
    "translated",
]

#: Seconds to wait for a connection to open. With the read timeout and the default RetryPolicy this
#: bounds a call: see docs/client.md, "Timeouts", for the arithmetic.
DEFAULT_CONNECT_TIMEOUT: Final = 5.0
#: Seconds to wait for the next bytes of an answer (botocore's default is 60).
DEFAULT_READ_TIMEOUT: Final = 15.0

#: What a call of the boto3 or aiobotocore client may raise that ``translated`` turns into the
#: SDK's errors; anything else (a bug, a cancellation) passes through untouched.
TRANSPORT_ERRORS: Final = (ClientError, BotoCoreError, ProtocolError)

_Output = TypeVar("_Output")
_Payload = TypeVar("_Payload")
_Self = TypeVar("_Self", bound="PinpointCore")


class NotGiven(enum.Enum):
    NOT_GIVEN = enum.auto()


NOT_GIVEN: Final = NotGiven.NOT_GIVEN


class OperationInfo(NamedTuple):  # not an attrs class: one costs ~0.6 ms of import time
    """What every call of one operation needs, looked up once per client.

    All of it comes from the service model, so a new operation is classified without a hand
    list; the rules (safe to repeat, the hint for an unclear failure) live in ``_retry``.
    """

    name: str
    method: str  # the boto3 client's method
    model: OperationModel
    if_unclear: str  # unclear_failure_hint, put on the error if the call fails without an answer

    @classmethod
    def of(cls, raw: Any, operation: str) -> OperationInfo:
        model = raw.meta.service_model.operation_model(operation)
        return cls(operation, xform_name(operation), model, unclear_failure_hint(model))


class PinpointCore:
    """What both clients hold and do that is not I/O (see the module docstring)."""

    _retry: RetryPolicy | None
    _budget: RetryBudget
    _operations: dict[str, OperationInfo]

    def _init_core(self, retry: RetryPolicy | None) -> None:
        self._retry = retry
        # Shared with every with_options() copy: one budget per client family.
        self._budget = RetryBudget()
        # What each call needs of its operation, worked out on its first call: shared with the
        # with_options() copies (same service model), so a call looks up nothing botocore does
        # not.
        self._operations = {}

    @property
    def retry(self) -> RetryPolicy | None:
        """The retry policy of this client (``None``: no retries)."""
        return self._retry

    @property
    def retry_budget(self) -> RetryBudget:
        """The retry budget this client shares with its ``with_options`` copies."""
        return self._budget

    @property
    def _clock(self) -> Callable[[], float]:
        # The retry policy's clock, so that one injection serves tests of retries and waits.
        return self._retry.clock if self._retry is not None else time.monotonic

    def _copy_with(self: _Self, retry: RetryPolicy | NotGiven | None) -> _Self:
        """A shallow copy (same connections, budget, rate limits), with ``retry`` if given."""
        clone = copy.copy(self)
        if not isinstance(retry, NotGiven):
            clone._retry = retry
        return clone

    def _prepare(self, raw: Any, operation: str) -> OperationInfo:
        """What a call of ``operation`` through ``raw`` needs, once the call is allowed: a call
        AWS retired warns first (``_retired_calls``).

        The clients call it for an operation's first call only (``self._operations.get(op) or
        self._prepare(raw, op)``): the warning is once per process, and a client's endpoint,
        shared with its ``with_options`` copies, does not change.
        """
        warn_if_retired(operation, raw.meta.endpoint_url)
        known = self._operations.get(operation)
        if known is None:
            known = self._operations[operation] = OperationInfo.of(raw, operation)
        return known

    # Reading answers: the one place the clients name the reader's entry points.

    # The reader's own functions, not wrappers: each is on every call's path, where a Python frame
    # costs microseconds in a real call (its code and data are no longer in the CPU's caches).
    #: Read each answer of ``raw`` once, and refuse a malformed 2xx body (idempotent).
    _watch = staticmethod(_answers.watch_answers)
    #: Mark this thread's (task's) call as the SDK's typed call of an operation (``None``: not):
    #: its answer is read once for ``_read``, its parameters are not checked again by botocore.
    _expect = staticmethod(_answers.expecting)
    #: Undo ``_expect``.
    _expected = staticmethod(_answers.done)

    @staticmethod
    def _read(
        operation: str,
        answer: dict[str, Any],
        output: type[_Output],
        payload: Callable[[_Output], _Payload],
        slot: RawSlot | None,
    ) -> _Payload:
        """The payload of ``answer``; for a ``with_raw_response`` call, a ``RawResponse`` left in
        its ``slot`` (the payload is then read on ``parse()``)."""
        if slot is None:
            # The payload is a required member: an answer without it reads as its zero value.
            # (read_answer ignores ResponseMetadata, as from_boto3 ignores any member it does not
            # know.)
            return payload(_answers.read_answer(output, answer))
        body, metadata = _answers.split_metadata(answer)
        slot.response = RawResponse(
            operation_name=operation,
            metadata=metadata,
            parse=lambda: payload(_answers.read_answer(output, body)),
        )
        # The raw method's wrapper answers the slot's RawResponse and drops this placeholder.
        return cast("_Payload", None)

    @staticmethod
    def _read_nothing(operation: str, answer: dict[str, Any], slot: RawSlot | None) -> None:
        """An answer with no content: nothing to read, but its status and headers for a slot."""
        if slot is not None:
            _body, metadata = _answers.split_metadata(answer)
            slot.response = RawResponse(operation_name=operation, metadata=metadata, parse=_none)


def translated(error: BaseException, operation: str, endpoint_url: str | None) -> Exception:
    """The SDK's error for one of ``TRANSPORT_ERRORS`` raised by a call of ``operation``."""
    if isinstance(error, ClientError):
        return PinpointError.from_client_error(error, operation)
    if isinstance(error, ProtocolError):
        # An answer cut short on the wire: some urllib3 versions raise this while botocore reads
        # the body, outside botocore's own error handling. A dropped connection.
        closed = ConnectionClosedError(endpoint_url=endpoint_url or "")
        return from_botocore(closed, operation)
    # Could not reach Pinpoint, or nothing was sent.
    return from_botocore(cast("BotoCoreError", error), operation)


def failure_of(error: Exception, operation: str, endpoint_url: str | None) -> Exception:
    """What an attempt of ``operation`` that raised ``error`` failed with: for one of
    ``TRANSPORT_ERRORS`` the SDK's error (``translated``), caused by it as ``raise ... from error``
    would; anything else (the SDK's own errors, a bug) as it is."""
    if not isinstance(error, TRANSPORT_ERRORS):
        return error
    sdk_error = translated(error, operation, endpoint_url)
    sdk_error.__cause__ = error
    sdk_error.__suppress_context__ = True
    return sdk_error


def _none() -> None:
    """What ``parse()`` gives for an answer with no content."""


def checked_timeout(name: str, value: float | None) -> float | None:
    # bool is an int: True seconds is a mistake, not a timeout.
    if value is None or (
        isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0
    ):
        return value
    raise ValueError(f"{name}: expected a positive number of seconds")


def timeouts(config: Config) -> tuple[float | None, float | None]:
    """(connect, read) timeouts of a botocore ``Config``; ``None`` means no limit."""
    # botocore sets every option as an attribute in Config.__init__; its stubs do not declare them.
    options: dict[str, Any] = vars(config)
    return options["connect_timeout"], options["read_timeout"]


def check_building(who: str, client: object, building: tuple[object, ...]) -> None:
    """A client to wrap, or the options to build one: not both."""
    if client is not None and any(option is not None for option in building):
        raise TypeError(
            f"{who}: pass a client to wrap, or the options to build one (session, "
            "region_name, endpoint_url, connect_timeout, read_timeout, config), not both; "
            "a client you made keeps its own Config"
        )


def build_config(
    config_class: Callable[..., Any],
    config: Any,
    *,
    connect_timeout: float | None,
    read_timeout: float | None,
    who: str,
) -> Any:
    """The ``Config`` (botocore's or aiobotocore's ``AioConfig``) of a client we build: our
    timeouts, under the caller's ``config``, under the timeout arguments; botocore's retries off."""
    if config is not None and getattr(config, "retries", None) is not None:
        raise ValueError(
            f"config.retries: {who} turns botocore's retries off so that attempts never "
            "multiply; pass retry=RetryPolicy(...) instead"
        )
    merged = config_class(
        connect_timeout=DEFAULT_CONNECT_TIMEOUT, read_timeout=DEFAULT_READ_TIMEOUT
    ).merge(config or config_class())
    if connect_timeout is not None:
        merged = merged.merge(config_class(connect_timeout=connect_timeout))
    if read_timeout is not None:
        merged = merged.merge(config_class(read_timeout=read_timeout))
    # Our RetryPolicy is the only retry layer of a client we build: one attempt per botocore
    # call, so attempts never multiply (botocore's default makes each of ours up to 3). botocore's
    # check of the parameters is off: the converter has checked a typed request, and
    # ``check_built`` has every other call checked as botocore would (unless ``config`` says not).
    return merged.merge(
        config_class(
            retries={"total_max_attempts": 1, "mode": "standard"}, parameter_validation=False
        )
    )


def check_built(raw: Any, config: Any) -> None:
    """Have botocore's check of the parameters run on every call of ``raw``, a client built with
    ``build_config(..., config, ...)``, but the SDK's typed ones: unless the caller's ``config``
    turned the check off (``parameter_validation=False``), then nothing is checked by botocore."""
    if config is None or vars(config)["parameter_validation"]:
        _answers.check_untyped_calls(raw)


def local_signing(
    *,
    session_given: bool,
    endpoint_url: str | None,
    region_name: str | None,
    session_region: Callable[[], str | None],
) -> tuple[str | None, str | None]:
    """(placeholder credentials, region) of a client we build.

    A local endpoint (the emulator) checks no signature, but botocore will not send a request it
    cannot sign: placeholder credentials, and a region if none is configured (the session's, else
    ``us-east-1``). Anywhere else: the session's credentials (``None``) and ``region_name``.
    """
    if not session_given and endpoint_url is not None and _is_loopback(endpoint_url):
        return "local", region_name or session_region() or "us-east-1"
    return None, region_name


def _is_loopback(url: str) -> bool:
    host = urllib.parse.urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
