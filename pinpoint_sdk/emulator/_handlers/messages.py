"""Direct messages: SendMessages (to addresses and endpoints) and SendUsersMessages (to every
endpoint of each user). Delivery itself, and the per-recipient answers, are in ``.._messaging``."""

from __future__ import annotations

from typing import Any

from .._errors import bad_request
from .._messaging import Recipient, compose, deliver, deliver_to_endpoint, resolve_templates
from .._state import Json
from ._common import Context, HandlerTable, find_app

__all__ = ["HANDLERS", "MAX_RECIPIENTS"]

HANDLERS = HandlerTable()
handler = HANDLERS.register

#: Addresses plus endpoints in one SendMessages request, and users in one SendUsersMessages.
MAX_RECIPIENTS = 100

_NO_ENDPOINTS: Json = {
    "Address": "",
    "DeliveryStatus": "PERMANENT_FAILURE",
    "StatusCode": 400,
    "StatusMessage": "No endpoints found for userId.",
}


@handler("SendMessages")
def send_messages(ctx: Context, params: dict[str, Any]) -> Json:
    app = find_app(ctx, params)
    request = params["MessageRequest"]
    addresses: dict[str, Json] = request.get("Addresses") or {}
    endpoints: dict[str, Json] = request.get("Endpoints") or {}
    if not addresses and not endpoints:
        raise bad_request("A MessageRequest needs Addresses or Endpoints to send to.")
    count = len(addresses) + len(endpoints)
    if count > MAX_RECIPIENTS:
        raise bad_request(
            f"A MessageRequest can have at most {MAX_RECIPIENTS} addresses and endpoints "
            f"together, not {count}."
        )
    for index, (address, configuration) in enumerate(addresses.items()):
        if not address:
            raise bad_request("An address in $.MessageRequest.Addresses must not be empty.")
        if not configuration.get("ChannelType"):
            raise bad_request(
                f"Missing required member $.MessageRequest.Addresses[{index}].ChannelType."
            )
    config = request["MessageConfiguration"]
    templates = resolve_templates(
        ctx.state, request.get("TemplateConfiguration"), "$.MessageRequest.TemplateConfiguration"
    )
    seen: set[tuple[str, str]] = set()
    results: Json = {}
    for address, configuration in addresses.items():
        channel = configuration["ChannelType"]
        result = deliver(
            ctx.state,
            app,
            Recipient(channel, address, None, configuration),
            compose(channel, config, templates),
            request_id=ctx.request_id,
            seen=seen,
        )
        result.pop("Address", None)
        results[address] = result
    endpoint_results: Json = {
        endpoint_id: deliver_to_endpoint(
            ctx.state,
            app,
            endpoint_id,
            config,
            templates,
            request_id=ctx.request_id,
            overrides=configuration,
            seen=seen,
        )
        for endpoint_id, configuration in endpoints.items()
    }
    response: Json = {"ApplicationId": app.id, "RequestId": ctx.request_id}
    if results:
        response["Result"] = results
    if endpoint_results:
        response["EndpointResult"] = endpoint_results
    return response


@handler("SendUsersMessages")
def send_users_messages(ctx: Context, params: dict[str, Any]) -> Json:
    app = find_app(ctx, params)
    request = params["SendUsersMessageRequest"]
    users: dict[str, Json] = request["Users"]
    if not users:
        raise bad_request("A SendUsersMessageRequest needs at least one user in Users.")
    if len(users) > MAX_RECIPIENTS:
        raise bad_request(
            f"A SendUsersMessageRequest can have at most {MAX_RECIPIENTS} users, not {len(users)}."
        )
    config = request["MessageConfiguration"]
    templates = resolve_templates(
        ctx.state,
        request.get("TemplateConfiguration"),
        "$.SendUsersMessageRequest.TemplateConfiguration",
    )
    seen: set[tuple[str, str]] = set()
    results: Json = {}
    for user_id, configuration in users.items():
        endpoint_ids = sorted(app.users.get(user_id, set()))
        if not endpoint_ids:
            # Pinpoint's answer for a user without endpoints, keyed by an empty endpoint id.
            results[user_id] = {"": dict(_NO_ENDPOINTS)}
            continue
        results[user_id] = {
            endpoint_id: deliver_to_endpoint(
                ctx.state,
                app,
                endpoint_id,
                config,
                templates,
                request_id=ctx.request_id,
                overrides=configuration,
                seen=seen,
            )
            for endpoint_id in endpoint_ids
        }
    return {"ApplicationId": app.id, "RequestId": ctx.request_id, "Result": results}
