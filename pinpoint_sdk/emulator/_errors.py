"""The one exception a handler raises to answer with one of the service's error shapes."""

from __future__ import annotations

__all__ = ["ServiceError", "bad_request", "not_found"]


class ServiceError(Exception):
    """An answer in one of Pinpoint's error shapes (``BadRequestException``, ...).

    The HTTP status comes from the service model's ``httpStatusCode`` for ``code``; ``status``
    overrides it (fault injection answers arbitrary statuses). ``message`` is sent to the client
    as is, so it must never contain a credential.
    """

    def __init__(self, code: str, message: str, *, status: int | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status


def bad_request(message: str) -> ServiceError:
    return ServiceError("BadRequestException", message)


def not_found(message: str) -> ServiceError:
    return ServiceError("NotFoundException", message)
