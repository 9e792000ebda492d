"""Direct messages: SendMessages (to addresses and endpoints) and SendUsersMessages (to every
endpoint of each user). Delivery itself, and the per-recipient answers, are in ``.._messaging``.

Messages sent here belong to no campaign or journey: they are transactional, and each one
attempted is recorded in the app's KPI ledger, so the ``txn-*`` metrics count it (as the
Developer Guide's analytics examples show).
"""

from __future__ import annotations

from typing import Any

from .._errors import bad_request
from .._kpis import Delivery
from .._messaging import Recipient, compose, deliver, deliver_to_endpoint, resolve_templates
from .._phone import country_of
from .._state import App, Json
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


#: Results of recipients that nothing was sent to: refused before any attempt, so not counted.
_NOT_ATTEMPTED = frozenset({"OPT_OUT", "DUPLICATE"})


def _count_transactional(
    ctx: Context, app: App, channel: str, address: str, endpoint_id: str | None, result: Json
) -> None:
    """Record one direct message in the KPI ledger: delivered, or failed when it was attempted
    and refused (a channel not configured, no content); an opted-out, duplicate, unknown or
    inactive recipient was never attempted. ``endpoint_id`` is None for a message to an address
    (the ledger keys it by the address)."""
    if result["DeliveryStatus"] in _NOT_ATTEMPTED or result["StatusCode"] == 404:
        return
    endpoint = app.endpoints.get(endpoint_id) if endpoint_id is not None else None
    if endpoint is not None and endpoint.get("EndpointStatus") == "INACTIVE":
        return
    app.kpis.record_delivery(
        Delivery(
            at=ctx.state.now_datetime(),
            channel=channel,
            endpoint_id=address if endpoint_id is None else endpoint_id,
            outcome="DELIVERED" if result["DeliveryStatus"] == "SUCCESSFUL" else "FAILED",
            country=country_of(address) if channel in ("SMS", "VOICE") else None,
        )
    )


def _count_to_endpoint(ctx: Context, app: App, endpoint_id: str, result: Json) -> None:
    endpoint = app.endpoints.get(endpoint_id) or {}
    channel, address = str(endpoint.get("ChannelType", "")), str(endpoint.get("Address", ""))
    _count_transactional(ctx, app, channel, address, endpoint_id, result)


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
        _count_transactional(ctx, app, channel, address, None, result)
        result.pop("Address", None)
        results[address] = result
    endpoint_results: Json = {}
    for endpoint_id, configuration in endpoints.items():
        result = deliver_to_endpoint(
            ctx.state,
            app,
            endpoint_id,
            config,
            templates,
            request_id=ctx.request_id,
            overrides=configuration,
            seen=seen,
        )
        _count_to_endpoint(ctx, app, endpoint_id, result)
        endpoint_results[endpoint_id] = result
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
        user_results: Json = {}
        for endpoint_id in endpoint_ids:
            result = deliver_to_endpoint(
                ctx.state,
                app,
                endpoint_id,
                config,
                templates,
                request_id=ctx.request_id,
                overrides=configuration,
                seen=seen,
            )
            _count_to_endpoint(ctx, app, endpoint_id, result)
            user_results[endpoint_id] = result
        results[user_id] = user_results
    return {"ApplicationId": app.id, "RequestId": ctx.request_id, "Result": results}
