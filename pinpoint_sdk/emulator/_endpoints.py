"""Endpoint upserts with Pinpoint's documented endpoint quotas, and segment membership.

Quotas (Amazon Pinpoint developer guide, "Endpoint quotas"; each is defined once in
``pinpoint_sdk._limits``, shared with the client's own checks), answered with BadRequestException:

- an attribute name (Attributes, Metrics, UserAttributes) is at most 50 characters;
- an attribute value is at most 100 characters, and an attribute has at most 50 values;
- an app has at most 250 distinct attribute names across Attributes, Metrics and UserAttributes;
- an endpoint is at most 15 KB: the JSON of the record as stored, with the members the service
  adds and what it merged from the endpoint's earlier record;
- a UserId has at most 15 endpoints (a 16th push endpoint replaces the oldest push one);
- an UpdateEndpointsBatch request has at most 100 items.
"""

from __future__ import annotations

import copy
import fnmatch
import hashlib
from typing import Any

from pinpoint_sdk._limits import (
    MAX_ATTRIBUTE_NAMES_PER_APP,
    MAX_ENDPOINTS_PER_USER,
    PUSH_CHANNELS,
    USER_QUOTA_PROBLEM,
    attribute_names,
    batch_item_problems,
    endpoint_problems,
    replaces_a_push_endpoint,
)

from ._errors import bad_request
from ._state import App, Json

__all__ = [
    "ATTRIBUTE_TYPES",
    "PUSH_CHANNELS",
    "remove_attributes",
    "segment_endpoint_ids",
    "segment_selects",
    "upsert_endpoints",
]

_FIELDS = (
    "Address",
    "ChannelType",
    "Demographic",
    "EffectiveDate",
    "EndpointStatus",
    "Location",
    "OptOut",
    "RequestId",
)


def upsert_endpoints(app: App, items: list[tuple[str, Json]], *, now: str, request_id: str) -> None:
    """Create or update every endpoint in ``items`` (endpoint id, EndpointRequest), or none.

    A member present in a request replaces the stored one; the maps ``Attributes``, ``Metrics``
    and ``User.UserAttributes`` are merged key by key (an attribute named is overwritten, the
    others are kept). Raises BadRequestException naming the first quota an item breaks, before
    anything is stored.
    """
    staged: dict[str, Json] = {}
    # The staged endpoints of each user, kept as they are staged: a batch's user check then looks
    # at that user's endpoints only, not at the whole batch for each item.
    staged_users: dict[str, set[str]] = {}
    names = set(app.attribute_names)
    for endpoint_id, request in items:
        problems = batch_item_problems({"Id": endpoint_id})
        if problems:
            raise bad_request(f"{'; '.join(problems)}.")
        base = staged.get(endpoint_id) or app.endpoints.get(endpoint_id)
        merged = _merge(app, endpoint_id, base, request, now=now, request_id=request_id)
        problems = endpoint_problems(merged)  # the stored record, as the quota counts it
        if problems:
            raise bad_request(f"Endpoint {endpoint_id[:64]!r}: {'; '.join(problems)}.")
        names |= attribute_names(merged)
        if len(names) > MAX_ATTRIBUTE_NAMES_PER_APP:
            raise bad_request(
                f"An application can have at most {MAX_ATTRIBUTE_NAMES_PER_APP} attributes "
                "across Attributes, Metrics and UserAttributes; endpoint "
                f"{endpoint_id} would bring it to {len(names)}."
            )
        _stage(staged, staged_users, endpoint_id, merged)
        _check_user(app, staged, staged_users, endpoint_id)
    for endpoint_id, merged in staged.items():
        old_user = _user_id(app.endpoints.get(endpoint_id))
        if old_user is not None:
            app.users.get(old_user, set()).discard(endpoint_id)
        new_user = _user_id(merged)
        if new_user is not None:
            app.users.setdefault(new_user, set()).add(endpoint_id)
        app.endpoints[endpoint_id] = merged
    app.attribute_names = names


def _merge(
    app: App, endpoint_id: str, base: Json | None, request: Json, *, now: str, request_id: str
) -> Json:
    merged: Json = copy.deepcopy(base) if base is not None else {}
    for name in _FIELDS:
        if request.get(name) is not None:
            merged[name] = copy.deepcopy(request[name])
    for name in ("Attributes", "Metrics"):
        if request.get(name) is not None:
            merged.setdefault(name, {}).update(copy.deepcopy(request[name]))
    user = request.get("User")
    if user is not None:
        stored_user = merged.setdefault("User", {})
        if user.get("UserId") is not None:
            stored_user["UserId"] = user["UserId"]
        if user.get("UserAttributes") is not None:
            stored_user.setdefault("UserAttributes", {}).update(
                copy.deepcopy(user["UserAttributes"])
            )
    merged["ApplicationId"] = app.id
    merged["Id"] = endpoint_id
    merged.setdefault("Attributes", {})  # always in Pinpoint's answers, set or not
    merged.setdefault("User", {})  # so is User: the guide's get-endpoint shows "User": {}
    merged.setdefault("CohortId", _cohort(endpoint_id))
    merged.setdefault("CreationDate", now)
    if request.get("EffectiveDate") is None:
        merged["EffectiveDate"] = now
    merged.setdefault("EndpointStatus", "ACTIVE")
    merged.setdefault("OptOut", "NONE")
    if request.get("RequestId") is None:
        merged["RequestId"] = request_id
    return merged


def _cohort(endpoint_id: str) -> str:
    # Pinpoint puts each endpoint in one of 100 cohorts for A/B tests; stable per id.
    return str(int(hashlib.sha256(endpoint_id.encode()).hexdigest(), 16) % 100)


def _user_id(endpoint: Json | None) -> str | None:
    if endpoint is None:
        return None
    user_id = (endpoint.get("User") or {}).get("UserId")
    return user_id if isinstance(user_id, str) and user_id else None


def _stage(
    staged: dict[str, Json], staged_users: dict[str, set[str]], endpoint_id: str, record: Json
) -> None:
    """Stage ``record`` as ``endpoint_id``, keeping ``staged_users`` (user -> staged ids) true."""
    before = _user_id(staged.get(endpoint_id))
    if before is not None:
        staged_users[before].discard(endpoint_id)
    staged[endpoint_id] = record
    after = _user_id(record)
    if after is not None:
        staged_users.setdefault(after, set()).add(endpoint_id)


def _check_user(
    app: App, staged: dict[str, Json], staged_users: dict[str, set[str]], endpoint_id: str
) -> None:
    """Keep a user at 15 endpoints, as Pinpoint does for a 16th one.

    A new push endpoint (ADM, APNS, GCM, BAIDU...) takes the place of the user's push endpoint
    with the oldest EffectiveDate, which becomes INACTIVE and loses its UserId; any other 16th
    endpoint is refused.
    """
    user_id = _user_id(staged[endpoint_id])
    if user_id is None:
        return
    members = {eid for eid in app.users.get(user_id, set()) if eid not in staged}
    members |= staged_users.get(user_id, set())
    if len(members) <= MAX_ENDPOINTS_PER_USER:
        return

    def current(eid: str) -> Json:
        return staged.get(eid) or app.endpoints[eid]

    others = [eid for eid in members if eid != endpoint_id]
    channel = staged[endpoint_id].get("ChannelType")
    if not replaces_a_push_endpoint(channel, (current(eid).get("ChannelType") for eid in others)):
        raise bad_request(f"Endpoint {endpoint_id[:64]!r}: {USER_QUOTA_PROBLEM}.")
    push_members = [eid for eid in others if current(eid).get("ChannelType") in PUSH_CHANNELS]
    oldest = min(push_members, key=lambda eid: (str(current(eid).get("EffectiveDate", "")), eid))
    replaced = copy.deepcopy(current(oldest))
    replaced["EndpointStatus"] = "INACTIVE"
    replaced["User"].pop("UserId", None)
    _stage(staged, staged_users, oldest, replaced)


#: RemoveAttributes' attribute-type -> where those attributes live on an endpoint.
ATTRIBUTE_TYPES = {
    "endpoint-custom-attributes": "Attributes",
    "endpoint-metric-attributes": "Metrics",
    "endpoint-user-attributes": "User.UserAttributes",
}


def remove_attributes(app: App, kind: str, patterns: list[str]) -> list[str]:
    """Remove the ``kind`` attributes whose names match a pattern (exact or glob) from every
    endpoint and from the app's count; returns the names removed, sorted."""
    names = sorted(
        name
        for known_kind, name in app.attribute_names
        if known_kind == kind and any(fnmatch.fnmatchcase(name, p) for p in patterns)
    )
    for endpoint in app.endpoints.values():
        holder = (endpoint.get("User") or {}) if kind == "User.UserAttributes" else endpoint
        values = holder.get(kind.rpartition(".")[2])
        if values:
            for name in names:
                values.pop(name, None)
    app.attribute_names -= {(kind, name) for name in names}
    return names


def segment_endpoint_ids(app: App, segment: Json, imported: set[str]) -> list[str]:
    """The endpoints a segment version selects, in id order.

    IMPORT segments hold the endpoints their import jobs registered. DIMENSIONAL segments are
    evaluated on Attributes, UserAttributes, Metrics, Demographic (AppVersion, Channel, Make,
    Model, Platform) and Location.Country; other criteria (Behavior, GPSPoint, SegmentGroups)
    select every endpoint.
    """
    if segment.get("SegmentType") == "IMPORT":
        return sorted(eid for eid in imported if eid in app.endpoints)
    dimensions = segment.get("Dimensions") or {}
    return sorted(eid for eid, e in app.endpoints.items() if _matches(dimensions, e))


def segment_selects(app: App, segment: Json, imported: set[str], endpoint_id: str) -> bool:
    """Whether a segment version selects one endpoint: ``segment_endpoint_ids`` for one
    endpoint, without evaluating the others (journey conditions ask this per participant)."""
    endpoint = app.endpoints.get(endpoint_id)
    if endpoint is None:
        return False
    if segment.get("SegmentType") == "IMPORT":
        return endpoint_id in imported
    return _matches(segment.get("Dimensions") or {}, endpoint)


def _matches(dimensions: Json, endpoint: Json) -> bool:
    user = endpoint.get("User") or {}
    for name, dimension in (dimensions.get("Attributes") or {}).items():
        if not _attribute_matches(dimension, (endpoint.get("Attributes") or {}).get(name, [])):
            return False
    for name, dimension in (dimensions.get("UserAttributes") or {}).items():
        values = (user.get("UserAttributes") or {}).get(name, [])
        if not _attribute_matches(dimension, values):
            return False
    for name, dimension in (dimensions.get("Metrics") or {}).items():
        value = (endpoint.get("Metrics") or {}).get(name)
        if value is None or not _compare(dimension, float(value)):
            return False
    demographic = dimensions.get("Demographic") or {}
    stored = endpoint.get("Demographic") or {}
    for name in ("AppVersion", "Make", "Model", "Platform"):
        if name in demographic and not _set_matches(demographic[name], stored.get(name)):
            return False
    if "Channel" in demographic and not _set_matches(
        demographic["Channel"], endpoint.get("ChannelType")
    ):
        return False
    country = (dimensions.get("Location") or {}).get("Country")
    return country is None or _set_matches(country, (endpoint.get("Location") or {}).get("Country"))


def _attribute_matches(dimension: Json, values: list[str]) -> bool:
    wanted = dimension.get("Values") or []
    kind = dimension.get("AttributeType", "INCLUSIVE")
    if kind == "INCLUSIVE":
        return any(value in wanted for value in values)
    if kind == "EXCLUSIVE":
        return not any(value in wanted for value in values)
    if kind == "CONTAINS":
        return any(w in value for value in values for w in wanted)
    return True


def _set_matches(dimension: Json, value: Any) -> bool:
    wanted = dimension.get("Values") or []
    inside = value in wanted
    return not inside if dimension.get("DimensionType") == "EXCLUSIVE" else inside


def _compare(dimension: Json, value: float) -> bool:
    target = float(dimension.get("Value", 0.0))
    operator = dimension.get("ComparisonOperator")
    if operator == "GREATER_THAN":
        return value > target
    if operator == "GREATER_THAN_OR_EQUAL":
        return value >= target
    if operator == "LESS_THAN":
        return value < target
    if operator == "LESS_THAN_OR_EQUAL":
        return value <= target
    return value == target
