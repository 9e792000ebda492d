"""Endpoints and users: upserts, reads, deletes and attribute removal. The endpoint logic
itself is in ``.._endpoints``."""

from __future__ import annotations

from typing import Any

from pinpoint_sdk._limits import MAX_BATCH_ITEMS

from .._endpoints import ATTRIBUTE_TYPES, remove_attributes, upsert_endpoints
from .._errors import bad_request, not_found
from .._state import App, Json
from ._common import Context, HandlerTable, find_app

__all__ = ["HANDLERS"]

HANDLERS = HandlerTable()
handler = HANDLERS.register


def _accepted(ctx: Context) -> Json:
    return {"Message": "Accepted", "RequestID": ctx.request_id}


@handler("UpdateEndpoint")
def update_endpoint(ctx: Context, params: dict[str, Any]) -> Json:
    app = find_app(ctx, params)
    items = [(params["EndpointId"], params["EndpointRequest"])]
    upsert_endpoints(app, items, now=ctx.state.now(), request_id=ctx.request_id)
    return _accepted(ctx)


@handler("UpdateEndpointsBatch")
def update_endpoints_batch(ctx: Context, params: dict[str, Any]) -> Json:
    app = find_app(ctx, params)
    batch = params["EndpointBatchRequest"]["Item"]
    if len(batch) > MAX_BATCH_ITEMS:
        raise bad_request(
            f"An EndpointBatchRequest can have at most {MAX_BATCH_ITEMS} items, not {len(batch)}."
        )
    items: list[tuple[str, Json]] = []
    for index, item in enumerate(batch):
        if not item.get("Id"):
            raise bad_request(f"Missing required member $.Item[{index}].Id.")
        items.append((item["Id"], {k: v for k, v in item.items() if k != "Id"}))
    upsert_endpoints(app, items, now=ctx.state.now(), request_id=ctx.request_id)
    return _accepted(ctx)


@handler("GetEndpoint")
def get_endpoint(ctx: Context, params: dict[str, Any]) -> Json:
    app = find_app(ctx, params)
    endpoint = app.endpoints.get(params["EndpointId"])
    if endpoint is None:
        raise not_found("Resource not found")  # Pinpoint's wording
    return endpoint


def _remove_endpoint(app: App, endpoint_id: str) -> Json:
    endpoint = app.endpoints.pop(endpoint_id)
    user_id = (endpoint.get("User") or {}).get("UserId")
    if user_id:
        app.users.get(user_id, set()).discard(endpoint_id)
    return endpoint


@handler("DeleteEndpoint")
def delete_endpoint(ctx: Context, params: dict[str, Any]) -> Json:
    app = find_app(ctx, params)
    get_endpoint(ctx, params)
    return _remove_endpoint(app, params["EndpointId"])


def _user_endpoint_ids(app: App, user_id: str) -> list[str]:
    endpoint_ids = sorted(app.users.get(user_id, set()))
    if not endpoint_ids:
        raise not_found("Resource not found")  # Pinpoint's wording
    return endpoint_ids


@handler("GetUserEndpoints")
def get_user_endpoints(ctx: Context, params: dict[str, Any]) -> Json:
    app = find_app(ctx, params)
    ids = _user_endpoint_ids(app, params["UserId"])
    return {"Item": [app.endpoints[endpoint_id] for endpoint_id in ids]}


@handler("DeleteUserEndpoints")
def delete_user_endpoints(ctx: Context, params: dict[str, Any]) -> Json:
    app = find_app(ctx, params)
    ids = _user_endpoint_ids(app, params["UserId"])
    return {"Item": [_remove_endpoint(app, endpoint_id) for endpoint_id in ids]}


@handler("RemoveAttributes")
def remove_attributes_(ctx: Context, params: dict[str, Any]) -> Json:
    app = find_app(ctx, params)
    attribute_type = params["AttributeType"]
    kind = ATTRIBUTE_TYPES.get(attribute_type)
    if kind is None:
        raise bad_request(
            f"attribute-type must be one of {', '.join(ATTRIBUTE_TYPES)}, "
            f"not {attribute_type[:40]!r}."
        )
    patterns = params["UpdateAttributesRequest"].get("Blacklist") or []
    removed = remove_attributes(app, kind, patterns)
    return {"ApplicationId": app.id, "AttributeType": attribute_type, "Attributes": removed}
