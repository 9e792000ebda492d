"""Test doubles for the client tests: a clock that only moves when slept on, and error builders."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from pinpoint_sdk import errors


class FakeTime:
    """``sleep`` records the wait and moves ``clock`` forward; nothing really sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(float(seconds))
        self.now += float(seconds)


def error_response(
    code: str, status: int, *, message: str = "boom", headers: dict[str, str] | None = None
) -> dict[str, Any]:
    return {
        "Error": {"Code": code, "Message": message},
        "ResponseMetadata": {
            "RequestId": "req-1",
            "HTTPStatusCode": status,
            "HTTPHeaders": headers or {},
        },
    }


def service_error(
    code: str, status: int, *, operation: str = "GetCampaign", headers: dict[str, str] | None = None
) -> errors.PinpointError:
    """The typed error the client raises for a service answer."""
    raw = ClientError(error_response(code, status, headers=headers), operation)  # type: ignore[arg-type]
    return errors.PinpointError.from_client_error(raw)


def throttled(headers: dict[str, str] | None = None) -> errors.PinpointError:
    return service_error("TooManyRequestsException", 429, headers=headers)


def server_error() -> errors.PinpointError:
    return service_error("InternalServerErrorException", 500)


def bad_request() -> errors.PinpointError:
    return service_error("BadRequestException", 400)
