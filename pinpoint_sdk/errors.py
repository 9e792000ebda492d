"""Errors raised by pinpoint-sdk.

The tree::

    Exception
    ├── botocore.exceptions.ClientError
    │   └── PinpointError                  the service answered with an error
    │       ├── BadRequestException            400
    │       ├── ForbiddenException             403
    │       ├── NotFoundException              404
    │       ├── MethodNotAllowedException      405
    │       ├── ConflictException              409
    │       ├── PayloadTooLargeException       413
    │       ├── TooManyRequestsException       429 (throttled; retried)
    │       └── InternalServerErrorException   500
    ├── ValueError
    │   └── ConversionError                data does not fit the model (raised before sending)
    ├── RuntimeError
    │   ├── PaginationError                the service repeated a page token (a pagination loop)
    │   └── ImportJobFailedError           an import job the SDK waited for ended FAILED
    └── TimeoutError
        └── WaitTimeoutError               a waiter gave up before the state it waited for

Errors that are not answers from the service (no credentials, the endpoint cannot be reached, a
connection dropped) stay botocore's own ``BotoCoreError`` subclasses, so "could not reach
Pinpoint" is never confused with "Pinpoint said no".
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

__all__ = [
    "BadRequestException",
    "ConflictException",
    "ConversionError",
    "ForbiddenException",
    "ImportJobFailedError",
    "InternalServerErrorException",
    "MethodNotAllowedException",
    "NotFoundException",
    "PaginationError",
    "PayloadTooLargeException",
    "PinpointError",
    "TooManyRequestsException",
    "WaitTimeoutError",
]


class PinpointError(ClientError):
    """An error answer from Pinpoint; also a botocore ``ClientError``.

    ``message``, ``request_id``, ``status_code`` and ``operation_name`` come from the answer;
    ``response`` is botocore's parsed error response, as on any ``ClientError``.
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

    @classmethod
    def from_client_error(
        cls, error: ClientError, operation_name: str | None = None
    ) -> PinpointError:
        """The typed error for a botocore ``ClientError`` (``PinpointError`` itself for an unknown code)."""
        code = error.response.get("Error", {}).get("Code", "")
        error_cls = _BY_CODE.get(code, PinpointError)
        typed = error_cls(error.response, operation_name or error.operation_name)
        typed.__cause__ = error
        return typed


class BadRequestException(PinpointError):
    """The request is malformed or breaks a limit (HTTP 400)."""

    code = "BadRequestException"


class ForbiddenException(PinpointError):
    """Access to the resource is forbidden (HTTP 403)."""

    code = "ForbiddenException"


class NotFoundException(PinpointError):
    """The resource does not exist (HTTP 404)."""

    code = "NotFoundException"


class MethodNotAllowedException(PinpointError):
    """The method is not allowed for the resource (HTTP 405)."""

    code = "MethodNotAllowedException"


class ConflictException(PinpointError):
    """The request conflicts with the resource's current state (HTTP 409)."""

    code = "ConflictException"


class PayloadTooLargeException(PinpointError):
    """The request body is over Pinpoint's limit (HTTP 413)."""

    code = "PayloadTooLargeException"


class TooManyRequestsException(PinpointError):
    """Throttled: too many requests in a period of time (HTTP 429). Retried by ``RetryPolicy``."""

    code = "TooManyRequestsException"


class InternalServerErrorException(PinpointError):
    """The service failed (HTTP 500)."""

    code = "InternalServerErrorException"


_BY_CODE: dict[str, type[PinpointError]] = {
    cls.code: cls
    for cls in (
        BadRequestException,
        ForbiddenException,
        NotFoundException,
        MethodNotAllowedException,
        ConflictException,
        PayloadTooLargeException,
        TooManyRequestsException,
        InternalServerErrorException,
    )
}


class ConversionError(ValueError):
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


class PaginationError(RuntimeError):
    """The service handed back a page token already seen in the same walk (A, B, A ...).

    Following it would loop forever, so iteration stops here. ``operation`` and ``token`` say where.
    """

    def __init__(self, operation: str, token: str) -> None:
        self.operation = operation
        self.token = token
        super().__init__(f"{operation}: the service repeated the page token {token!r}; stopping")


class WaitTimeoutError(TimeoutError):
    """A waiter (``wait_for_import_job``, ``wait_for_endpoint``) ran out of time.

    ``last`` is the last value read (``None`` when nothing could be read).
    """

    def __init__(self, message: str, last: object = None) -> None:
        super().__init__(message)
        self.last = last


class ImportJobFailedError(RuntimeError):
    """An import job ended ``FAILED``: ``job`` is its final ``ImportJobResponse``, ``failures``
    the reasons the service gave."""

    def __init__(self, job: Any) -> None:
        self.job = job
        self.failures: list[str] = list(getattr(job, "failures", None) or [])
        job_id = getattr(job, "id", None)
        detail = "; ".join(self.failures[:5]) or "no reason given"
        more = f" (and {len(self.failures) - 5} more)" if len(self.failures) > 5 else ""
        super().__init__(f"import job {job_id} failed: {detail}{more}")
