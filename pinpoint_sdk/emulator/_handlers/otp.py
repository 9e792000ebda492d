"""One-time passwords (SendOTPMessage, VerifyOTPMessage) and PhoneNumberValidate.

An OTP is delivered like any SMS: through the app's SMS channel, into the outbox, where a test
reads the code. Codes are derived from the app, reference, destination and a counter, so a run
is reproducible; they are still only valid for the latest send to a (reference, destination).
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from .._errors import bad_request
from .._messaging import Draft, Recipient, deliver
from .._phone import validate_number
from .._state import Json, Otp
from ._common import Context, HandlerTable, find_app

__all__ = ["HANDLERS", "OTP_LIMITS", "OTP_MESSAGE"]

HANDLERS = HandlerTable()
handler = HANDLERS.register

#: The text of an OTP message, as the Developer Guide documents it.
OTP_MESSAGE = "This is your One Time Password: {otp} from {brand}"

#: Member -> (least, most, default) for SendOTPMessageRequestParameters: the ranges the
#: Developer Guide documents; the defaults are the emulator's (none is documented).
OTP_LIMITS = {
    "CodeLength": (5, 8, 6),
    "ValidityPeriod": (5, 60, 15),  # minutes
    "AllowedAttempts": (1, 5, 3),
}


def _bounded(request: Json, name: str) -> int:
    least, most, default = OTP_LIMITS[name]
    value = request.get(name)
    if value is None:
        return default
    if not least <= value <= most:
        raise bad_request(
            f"Invalid value at $.SendOTPMessageRequestParameters.{name}: expected "
            f"{least} to {most}."
        )
    return int(value)


def _code(app_id: str, reference: str, destination: str, seq: int, length: int) -> str:
    digest = hashlib.sha256(f"{app_id}\0{reference}\0{destination}\0{seq}".encode()).digest()
    return str(int.from_bytes(digest, "big") % 10**length).zfill(length)


@handler("SendOTPMessage")
def send_otp_message(ctx: Context, params: dict[str, Any]) -> Json:
    app = find_app(ctx, params)
    request = params["SendOTPMessageRequestParameters"]
    if request["Channel"].upper() != "SMS":
        raise bad_request(
            "Invalid value at $.SendOTPMessageRequestParameters.Channel: expected SMS."
        )
    length = _bounded(request, "CodeLength")
    validity = _bounded(request, "ValidityPeriod")
    attempts = _bounded(request, "AllowedAttempts")
    reference, destination = request["ReferenceId"], request["DestinationIdentity"]
    code = _code(app.id, reference, destination, ctx.state.next_seq(), length)
    # The Developer Guide's template, with the code and BrandName in it ("Generate one-time
    # passwords": "This is your One Time Password: {{otp}} from {{brand}}").
    body = OTP_MESSAGE.format(otp=code, brand=request["BrandName"])
    result = deliver(
        ctx.state,
        app,
        Recipient("SMS", destination),
        Draft(body=body),
        request_id=ctx.request_id,
    )
    if result["DeliveryStatus"] == "SUCCESSFUL":
        app.otps[(reference, destination)] = Otp(
            code=code,
            expires_at=ctx.state.now_datetime() + timedelta(minutes=validity),
            attempts_left=attempts,
        )
    result.pop("Address", None)
    return {"ApplicationId": app.id, "RequestId": ctx.request_id, "Result": {destination: result}}


@handler("VerifyOTPMessage")
def verify_otp_message(ctx: Context, params: dict[str, Any]) -> Json:
    """Valid only for the latest code sent to the (reference, destination), before it expires,
    within its allowed attempts; a code verifies once."""
    app = find_app(ctx, params)
    request = params["VerifyOTPMessageRequestParameters"]
    key = (request["ReferenceId"], request["DestinationIdentity"])
    otp = app.otps.get(key)
    if otp is None or otp.attempts_left <= 0 or ctx.state.now_datetime() >= otp.expires_at:
        return {"Valid": False}
    if request["Otp"] != otp.code:
        otp.attempts_left -= 1
        return {"Valid": False}
    del app.otps[key]
    return {"Valid": True}


@handler("PhoneNumberValidate")
def phone_number_validate(ctx: Context, params: dict[str, Any]) -> Json:
    request = params["NumberValidateRequest"]
    number = request.get("PhoneNumber")
    if not number:
        raise bad_request("Missing required member $.NumberValidateRequest.PhoneNumber.")
    return validate_number(number, request.get("IsoCountryCode"))
