"""Errors raised by pinpoint-sdk.

The tree::

    Exception
    └── PinpointSDKError                   anything this SDK raised: ``except errors.PinpointSDKError``
        ├── PinpointError                  the service answered with an error; also a botocore
        │   │                              ``ClientError``, so ``except ClientError`` keeps working
        │   ├── BadRequestException            400   generated: one class per error shape of
        │   ├── ForbiddenException             403   the service model, named as it, with its
        │   ├── NotFoundException              404   HTTP status (see below)
        │   ├── MethodNotAllowedException      405
        │   ├── ConflictException              409
        │   ├── PayloadTooLargeException       413
        │   ├── TooManyRequestsException       429 (throttled; retried)
        │   ├── InternalServerErrorException   500
        │   └── OperationRetiredError          AWS refused an operation retired on 2026-10-30;
        │                                      also the class the answer had (``NotFoundException``
        │                                      ...), so existing ``except`` clauses keep working
        ├── ConversionError                data does not fit the model; also a ``ValueError``
        │   └── MalformedResponseError     a 2xx answer whose body is not the JSON object expected
        ├── PaginationError                the service repeated a page token; also a ``RuntimeError``
        ├── ImportJobFailedError           an import job the SDK waited for ended FAILED; also a
        │                                  ``RuntimeError``
        ├── WaitTimeoutError               a waiter gave up before the state it waited for; also a
        │                                  ``TimeoutError``
        ├── PutEndpointsInterrupted        the endpoints iterable of a bulk load raised part way
        │                                  (``.result``); also a ``RuntimeError``
        ├── StateFileError                 the emulator's state file cannot be used; also a
        │                                  ``RuntimeError``
        ├── TransportError                 Pinpoint could not be reached or its answer never came
        │                                  (connection refused or dropped, a connect or read
        │                                  timeout); also the botocore error it stands for
        └── RequestNotSentError            botocore would not make the request (no credentials,
                                           no region, a parameter it refuses); also the botocore
                                           error it stands for

Import every class of the tree from here. ``PutEndpointsInterrupted`` is also
``pinpoint_sdk.PutEndpointsInterrupted``, and ``StateFileError`` is also
``pinpoint_sdk.emulator.StateFileError``: the same classes, re-exported (and still importable from
``pinpoint_sdk._bulk`` and ``pinpoint_sdk.emulator._persist``, where they used to live). This
module imports neither the bulk loader nor the emulator.

All but the service's eight are written here. Those are generated (``python -m codegen``, from each
error shape's name and HTTP status) into ``pinpoint_sdk/_generated/errors.py``; they subclass
``PinpointError``, so that module imports this one, and this one imports them back just below
``PinpointError``. Whichever is named first, ``pinpoint_sdk/__init__.py`` has imported this module
before, so ``PinpointError`` is defined when they are made. Their ``__module__`` is
``pinpoint_sdk.errors``: reprs and pickles name them as they always have. The generated ``BY_CODE``
table is what ``PinpointError.from_client_error`` types an answer's error code by.

"Could not reach Pinpoint" (``TransportError``) is kept apart from "Pinpoint said no"
(``PinpointError``). A ``TransportError`` or ``RequestNotSentError`` is raised as an instance of
the botocore class it stands for as well (``ReadTimeoutError``, ``EndpointConnectionError``,
``NoCredentialsError``, ...), whose message it keeps, so ``except ReadTimeoutError`` and
``except BotoCoreError`` keep working; the botocore error itself is its ``__cause__``.

Beside the errors, one warning: ``RetiredOperationWarning`` (a ``DeprecationWarning``), issued
once per retired operation when a client pointed at AWS first calls it (not an error: the call is
still made).

Every error here survives pickling (a process pool, a task queue) with its type and its fields;
its ``__cause__`` and traceback do not cross, as for any exception.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from botocore.exceptions import BotoCoreError, ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotocoreConnectionError

if TYPE_CHECKING:
    from pinpoint_sdk._availability import SuccessorCall
    from pinpoint_sdk._bulk import PutEndpointsResult

__all__ = [
    "BadRequestException",
    "ConflictException",
    "ConversionError",
    "ForbiddenException",
    "ImportJobFailedError",
    "InternalServerErrorException",
    "MalformedResponseError",
    "MethodNotAllowedException",
    "NotFoundException",
    "OperationRetiredError",
    "PaginationError",
    "PayloadTooLargeException",
    "PinpointError",
    "PinpointSDKError",
    "PutEndpointsInterrupted",
    "RequestNotSentError",
    "RetiredOperationWarning",
    "StateFileError",
    "TooManyRequestsException",
    "TransportError",
    "WaitTimeoutError",
    "from_botocore",
]


def _rebuild(cls: type[BaseException], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    # Not through __init__: the fields come back as they were, whatever the constructor takes.
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class PinpointSDKError(Exception):
    """The root of every error this SDK raises."""

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception's own pickling calls cls(*args): wrong for any error whose constructor does
        # not take its message (and botocore's ClientError comes back as a bare ClientError).
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


class _FailedCall(PinpointSDKError):
    """What the SDK knows of the call an error ended: its attempts and whether it may have applied.

    ``attempts`` is how many attempts the SDK made; ``may_have_been_applied`` is true when an
    earlier attempt, or this one, may have changed something on the service, and ``hint`` then
    says what to check.
    """

    operation_name: str
    attempts: int = 1
    may_have_been_applied: bool = False
    hint: str | None = None

    def _describe(self) -> None:
        raise NotImplementedError

    def _tries(self) -> str:
        # Our attempts, never botocore's "(reached max retries: 0)": botocore makes one attempt
        # per SDK attempt in a client we build.
        return "1 attempt" if self.attempts == 1 else f"{self.attempts} attempts"

    def _after_attempts(self, attempts: int, hint: str | None = None) -> None:
        """Record how many attempts the SDK made, and what to check when one may have applied."""
        self.attempts = attempts
        if hint is not None:
            self.may_have_been_applied = True
            self.hint = hint
        self._describe()


class PinpointError(_FailedCall, ClientError):
    """An error answer from Pinpoint; also a botocore ``ClientError``.

    ``message``, ``request_id``, ``status_code`` and ``operation_name`` come from the answer;
    ``response`` is botocore's parsed error response, as on any ``ClientError``. ``attempts``,
    ``may_have_been_applied`` and ``hint`` say what the SDK did: how many attempts it made, and
    whether the request may have changed something on the service anyway.
    """

    #: The error shape's name, as the service model spells it.
    code: str = ""

    def __init__(self, error_response: Any, operation_name: str) -> None:
        super().__init__(error_response, operation_name)
        error = error_response.get("Error", {})
        metadata = error_response.get("ResponseMetadata", {})
        self.operation_name: str = operation_name
        self.message: str = error.get("Message") or error_response.get("Message") or ""
        self.request_id: str | None = (
            error_response.get("RequestID")
            or metadata.get("RequestId")
            or metadata.get("HTTPHeaders", {}).get("x-amzn-requestid")
        )
        self.status_code: int | None = metadata.get("HTTPStatusCode")
        self.error_code: str = error.get("Code") or self.code
        self.attempts: int = 1
        self.may_have_been_applied: bool = False
        self.hint: str | None = None
        self._describe()

    def _describe(self) -> None:
        text = (
            f"An error occurred ({self.error_code or 'Unknown'}) when calling the "
            f"{self.operation_name} operation ({self._tries()}): {self.message or 'no message'}"
        )
        if self.hint:
            text += f". {self.hint}"
        self.args = (text,)

    @classmethod
    def from_client_error(
        cls, error: ClientError, operation_name: str | None = None
    ) -> PinpointError:
        """The typed error for a botocore ``ClientError`` (``PinpointError`` itself for an unknown code)."""
        from pinpoint_sdk._retired_calls import is_retirement_refusal  # imports this module

        code = error.response.get("Error", {}).get("Code", "")
        error_cls = _BY_CODE.get(code, PinpointError)
        typed = error_cls(error.response, operation_name or error.operation_name)
        if is_retirement_refusal(typed.operation_name, typed.status_code, typed.message):
            typed = _retired_class(error_cls)(error.response, typed.operation_name)
        typed.__cause__ = error
        return typed


# The service's errors, one class per error shape of the model, are generated (from each shape's
# name and HTTP status) into pinpoint_sdk/_generated/errors.py, which subclasses PinpointError: so
# they are imported here, once PinpointError exists, and re-exported from this, their public home.
from pinpoint_sdk._generated.errors import (  # noqa: E402 (they subclass PinpointError, above)
    BY_CODE as _BY_CODE,
)
from pinpoint_sdk._generated.errors import (  # noqa: E402
    BadRequestException,
    ConflictException,
    ForbiddenException,
    InternalServerErrorException,
    MethodNotAllowedException,
    NotFoundException,
    PayloadTooLargeException,
    TooManyRequestsException,
)


class OperationRetiredError(PinpointError):
    """AWS refused a call of an operation it retired with Pinpoint's engagement features on
    2026-10-30 (``pinpoint_sdk.availability(name).status`` is ``retired``).

    Raised as an instance of the class the answer had as well (``NotFoundException``,
    ``ForbiddenException`` ...), so ``except NotFoundException`` and ``except ClientError`` keep
    working; ``message`` and ``request_id`` are the service's own. ``retired_on`` is the date,
    ``successors`` the calls to use instead. Recognised only from what the answer says (see
    ``pinpoint_sdk._retired_calls``): never from a status code alone.
    """

    def __init__(self, error_response: Any, operation_name: str) -> None:
        from pinpoint_sdk._availability import RETIREMENT_DATE, availability

        self.retired_on: datetime.date = RETIREMENT_DATE
        try:
            successors = availability(operation_name).successors
        except ValueError:  # not an operation of the model: nothing to suggest
            successors = ()
        self.successors: tuple[SuccessorCall, ...] = successors
        super().__init__(error_response, operation_name)

    def _describe(self) -> None:
        super()._describe()
        instead = ", ".join(str(call) for call in self.successors) or "no one-to-one successor"
        self.args = (
            f"{self.args[0]} ({self.operation_name} was retired with Amazon Pinpoint's engagement "
            f"features on {self.retired_on.isoformat()}; successor: {instead}; see "
            f"pinpoint_sdk.availability({self.operation_name!r}))",
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # The class may be made at run time (with the answer's class): rebuilt from that class.
        return (_rebuild_retired, (_answer_class(type(self)), self.args, dict(self.__dict__)))


_RETIRED_CLASSES: dict[type[PinpointError], type[OperationRetiredError]] = {}


def _retired_class(answer_cls: type[PinpointError]) -> type[OperationRetiredError]:
    """``OperationRetiredError`` that is also ``answer_cls`` (made once per class, named as it)."""
    if answer_cls in (PinpointError, OperationRetiredError):
        return OperationRetiredError
    kind = _RETIRED_CLASSES.get(answer_cls)
    if kind is None:
        namespace = {"__module__": __name__, "__qualname__": answer_cls.__name__}
        kind = _RETIRED_CLASSES[answer_cls] = type(
            answer_cls.__name__, (OperationRetiredError, answer_cls), namespace
        )
    return kind


def _answer_class(kind: type[OperationRetiredError]) -> type[PinpointError]:
    bases = kind.__bases__
    return bases[1] if len(bases) == 2 else PinpointError


def _rebuild_retired(
    answer_cls: type[PinpointError], args: tuple[Any, ...], state: dict[str, Any]
) -> OperationRetiredError:
    rebuilt: OperationRetiredError = _rebuild(_retired_class(answer_cls), args, state)
    return rebuilt


class RetiredOperationWarning(DeprecationWarning):
    """A client pointed at AWS called an operation AWS retired on 2026-10-30 (once per operation
    and process); ``operation_name`` names it. The call is still made. Filter it like any
    warning: ``warnings.simplefilter("ignore", pinpoint_sdk.RetiredOperationWarning)``."""

    def __init__(self, message: str, *, operation_name: str = "") -> None:
        super().__init__(message)
        self.operation_name = operation_name


_E = TypeVar("_E", bound="_BotocoreStandIn")


class _BotocoreStandIn(_FailedCall):
    """An SDK error that stands for a botocore error: the instance raised is also of the botocore
    error's class (made once per pair, named as botocore names it) and keeps its message."""

    @classmethod
    def standing_for(cls: type[_E], error: BotoCoreError, operation_name: str) -> _E:
        kind = _stand_in_class(cls, type(error))
        stand_in: _E = kind.__new__(kind)
        stand_in.__dict__.update(error.__dict__)  # botocore's fields: ``kwargs``, ``endpoint_url``
        stand_in.operation_name = operation_name
        stand_in.botocore_message = str(error)
        stand_in._describe()
        stand_in.__cause__ = error
        return stand_in

    botocore_message: str = ""

    def _describe(self) -> None:
        text = f"{self.botocore_message} (calling {self.operation_name}, {self._tries()})"
        if self.hint:
            text += f". {self.hint}"
        self.args = (text,)

    def __reduce__(self) -> tuple[Any, ...]:
        # The class is made at run time; it is rebuilt from its two halves, which pickle by name.
        base, botocore_cls = type(self).__bases__
        return (_rebuild_stand_in, (base, botocore_cls, self.args, dict(self.__dict__)))


class TransportError(_BotocoreStandIn):
    """Pinpoint could not be reached, or its answer never came: a refused or dropped connection,
    a connect or read timeout (botocore's ``HTTPClientError`` and ``ConnectionError`` families).

    Also an instance of the botocore error it stands for (``except ReadTimeoutError`` works).
    ``may_have_been_applied`` tells a request that may have arrived (a read timeout, a dropped
    connection) from one that never left (a connection that never opened).
    """


class RequestNotSentError(_BotocoreStandIn):
    """botocore would not make the request: no credentials, no region, a parameter it refuses.

    Nothing was sent. Also an instance of the botocore error it stands for
    (``except NoCredentialsError`` works).
    """


def from_botocore(
    error: BotoCoreError, operation_name: str
) -> TransportError | RequestNotSentError:
    """The SDK error for a botocore error raised while calling ``operation_name``: a
    ``TransportError`` or ``RequestNotSentError`` that is also of ``error``'s class."""
    if isinstance(error, (TransportError, RequestNotSentError)):
        return error
    if isinstance(error, (HTTPClientError, BotocoreConnectionError)):
        return TransportError.standing_for(error, operation_name)
    return RequestNotSentError.standing_for(error, operation_name)


_STAND_INS: dict[tuple[type, type], Any] = {}


def _stand_in_class(base: type[_E], botocore_cls: type[BotoCoreError]) -> type[_E]:
    kind: type[_E] | None = _STAND_INS.get((base, botocore_cls))
    if kind is None:
        namespace = {"__module__": __name__, "__qualname__": botocore_cls.__name__}
        kind = _STAND_INS[base, botocore_cls] = type(
            botocore_cls.__name__, (base, botocore_cls), namespace
        )
    return kind


def _rebuild_stand_in(
    base: type[_E], botocore_cls: type[BotoCoreError], args: tuple[Any, ...], state: dict[str, Any]
) -> _E:
    rebuilt: _E = _rebuild(_stand_in_class(base, botocore_cls), args, state)
    return rebuilt


class ConversionError(PinpointSDKError, ValueError):
    """Data does not fit the model: ``path`` is where (``$.Schedule.StartTime``), ``expected`` what.

    Raised by ``to_boto3`` before anything is sent and by ``from_boto3`` for malformed data.
    """

    def __init__(self, path: str, expected: str, got: str | None = None) -> None:
        self.path = path
        self.expected = expected
        self.got = got
        detail = f"{path}: expected {expected}"
        if got is not None:
            detail += f", got {got}"
        super().__init__(detail)


class MalformedResponseError(ConversionError):
    """A 2xx answer whose body is not the JSON object the operation answers with: not JSON, cut
    short, or JSON of another kind (a list, a string). Read as it was, it would give a model full
    of zero values.

    ``operation_name``, ``status_code`` and ``request_id`` say which answer; the body itself is
    never quoted (it may hold credentials). Retried like a dropped connection: only for
    operations safe to repeat, since the service did process the request.
    """

    def __init__(
        self,
        operation_name: str,
        got: str,
        *,
        status_code: int | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__("$", f"the JSON object {operation_name} answers with", got)
        self.operation_name = operation_name
        self.status_code = status_code
        self.request_id = request_id


class PaginationError(PinpointSDKError, RuntimeError):
    """The service handed back a page token already seen in the same walk (A, B, A ...).

    Following it would loop forever, so iteration stops here. ``operation`` and ``token`` say where.
    """

    def __init__(self, operation: str, token: str) -> None:
        self.operation = operation
        self.token = token
        super().__init__(f"{operation}: the service repeated the page token {token!r}; stopping")


class WaitTimeoutError(PinpointSDKError, TimeoutError):
    """A waiter (``wait_for_import_job``, ``wait_for_endpoint``) ran out of time.

    ``last`` is the last value read (``None`` when nothing could be read).
    """

    def __init__(self, message: str, last: object = None) -> None:
        super().__init__(message)
        self.last = last


class ImportJobFailedError(PinpointSDKError, RuntimeError):
    """An import job ended ``FAILED``: ``job`` is its final ``ImportJobResponse``, ``failures``
    the reasons the service gave."""

    def __init__(self, job: Any) -> None:
        self.job = job
        self.failures: list[str] = list(getattr(job, "failures", None) or [])
        job_id = getattr(job, "id", None)
        detail = "; ".join(self.failures[:5]) or "no reason given"
        more = f" (and {len(self.failures) - 5} more)" if len(self.failures) > 5 else ""
        super().__init__(f"import job {job_id} failed: {detail}{more}")


class PutEndpointsInterrupted(PinpointSDKError, RuntimeError):
    """The endpoints iterable raised part way through a bulk load (``put_endpoints``).

    Everything read before the error was still sent and is accounted for in ``result``
    (``result.total`` items: resume after them); the iterable's exception is ``__cause__``.
    """

    def __init__(self, result: PutEndpointsResult, error_type: str = "") -> None:
        super().__init__(result, error_type)
        self.result = result
        """What was read before the error: accepted, or listed in ``failed``."""
        self.error_type = error_type
        """The name of the iterable's exception's type (its message may hold your data)."""

    def __str__(self) -> str:
        r = self.result
        return (
            f"the endpoints iterable raised {self.error_type or 'an error'} after "
            f"{r.total} items; {r.accepted} accepted and {len(r.failed)} failed before it "
            "(see .result)"
        )


class StateFileError(PinpointSDKError, RuntimeError):
    """The emulator's state file cannot be used: not one, written by an incompatible version, or
    in use by another emulator. The message names the file and what is wrong."""
