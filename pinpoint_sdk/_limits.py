"""Pinpoint's documented endpoint and request quotas, checked before sending and by the emulator.

One place for each quota, so that the SDK's client-side checks and the emulator's answers agree:
the numbers, what an endpoint's size counts (the record as stored, see ``stored_size``), which
endpoint a user's 16th one replaces, and what makes a batch item unusable.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "KPI_RETENTION_DAYS",
    "MAX_APPS_PER_REGION",
    "MAX_ATTRIBUTE_NAMES_PER_APP",
    "MAX_ATTRIBUTE_NAME_LENGTH",
    "MAX_ATTRIBUTE_VALUES",
    "MAX_ATTRIBUTE_VALUE_LENGTH",
    "MAX_BATCH_ITEMS",
    "MAX_ENDPOINTS_PER_USER",
    "MAX_ENDPOINT_BYTES",
    "MAX_EVENTS_PER_REQUEST",
    "MAX_EVENT_ATTRIBUTE_NAMES_PER_APP",
    "MAX_EVENT_ATTRIBUTE_NAME_LENGTH",
    "MAX_EVENT_ATTRIBUTE_VALUE_LENGTH",
    "MAX_EVENT_KEYS",
    "MAX_EVENT_METRIC_NAMES_PER_APP",
    "MAX_EVENT_TYPES_PER_APP",
    "MAX_KPI_RANGE_DAYS",
    "MAX_RECOMMENDATIONS_PER_MESSAGE",
    "MAX_RECOMMENDER_ATTRIBUTES",
    "MAX_RECOMMENDER_ATTRIBUTE_NAME_LENGTH",
    "MAX_RECOMMENDER_CONFIGURATIONS",
    "MAX_RECOMMENDER_DISPLAY_NAME_LENGTH",
    "MAX_REQUEST_BYTES",
    "PUSH_CHANNELS",
    "STORED_MEMBERS",
    "USER_QUOTA_PROBLEM",
    "attribute_names",
    "batch_item_problems",
    "endpoint_problems",
    "replaces_a_push_endpoint",
    "stored_size",
    "wire_size",
]

MAX_BATCH_ITEMS = 100  # endpoints in one UpdateEndpointsBatch call
MAX_REQUEST_BYTES = 7 * 1024 * 1024  # one request body
MAX_ATTRIBUTE_NAME_LENGTH = 50  # characters in an attribute or metric name
MAX_ATTRIBUTE_VALUE_LENGTH = 100  # characters in one attribute value
MAX_ATTRIBUTE_VALUES = 50  # values of one attribute
MAX_ATTRIBUTE_NAMES_PER_APP = 250  # distinct names across Attributes, Metrics, UserAttributes
MAX_ENDPOINT_BYTES = 15 * 1024  # one endpoint, as JSON
MAX_ENDPOINTS_PER_USER = 15  # endpoints sharing one UserId

# Event ingestion quotas (PutEvents; developer guide, "Event ingestion quotas").
MAX_EVENTS_PER_REQUEST = 100  # events in one PutEvents call, across its endpoints
MAX_EVENT_ATTRIBUTE_NAME_LENGTH = 50  # characters in an event attribute or metric name
MAX_EVENT_ATTRIBUTE_VALUE_LENGTH = 200  # characters in an event attribute value
MAX_EVENT_KEYS = 40  # attribute and metric names of one event, together
MAX_EVENT_TYPES_PER_APP = 1500  # distinct custom event types
MAX_EVENT_ATTRIBUTE_NAMES_PER_APP = 500  # distinct custom event attribute names
MAX_EVENT_METRIC_NAMES_PER_APP = 500  # distinct custom event metric names

#: Channels whose oldest endpoint gives way to a user's 16th endpoint instead of a refusal.
PUSH_CHANNELS = frozenset({"ADM", "APNS", "APNS_VOIP", "APNS_VOIP_SANDBOX", "BAIDU", "GCM"})

#: Members Pinpoint adds to an endpoint it stores when the request leaves them out, each at the
#: longest it writes it: an application id and a request id (32 hex characters, a UUID), a cohort
#: ("0" to "99"), dates in ISO 8601 with milliseconds, the default status and opt-out, and an
#: empty user. The 15 KB quota counts the stored record, so these count too.
STORED_MEMBERS: Mapping[str, object] = {
    "ApplicationId": "0" * 32,
    "CohortId": "99",
    "CreationDate": "2000-01-01T00:00:00.000Z",
    "EffectiveDate": "2000-01-01T00:00:00.000Z",
    "EndpointStatus": "ACTIVE",
    "OptOut": "NONE",
    "RequestId": "00000000-0000-0000-0000-000000000000",
    # An endpoint without a user is stored (and answered) with an empty one, as the Developer
    # Guide's get-endpoint output shows.
    "User": {},
}
# What each adds to a compact JSON object: "Name":"value" and a comma.
_STORED_MEMBER_BYTES = {
    name: len(json.dumps(name)) + 1 + len(json.dumps(value)) + 1
    for name, value in STORED_MEMBERS.items()
}
_STORED_BYTES = sum(_STORED_MEMBER_BYTES.values())

# Project quotas (developer guide, "Project quotas"): not eligible for increase.
MAX_APPS_PER_REGION = 100  # projects (apps) in one account and Region

# Machine learning quotas (developer guide, "Machine learning quotas").
MAX_RECOMMENDER_CONFIGURATIONS = 100  # recommender model configurations per account
MAX_RECOMMENDATIONS_PER_MESSAGE = 5  # RecommendationsPerMessage: 1 to 5
MAX_RECOMMENDER_ATTRIBUTES = 10  # custom recommended attributes (with a Lambda transformer)
MAX_RECOMMENDER_ATTRIBUTE_NAME_LENGTH = 50  # characters in a recommended attribute name
MAX_RECOMMENDER_DISPLAY_NAME_LENGTH = 25  # characters in an attribute's display name

# Analytics (developer guide, "Querying Amazon Pinpoint analytics data"): a date range covers at
# most 31 calendar days and starts fewer than 90 days before today.
MAX_KPI_RANGE_DAYS = 31
KPI_RETENTION_DAYS = 90


def wire_size(wire: Mapping[str, Any]) -> int:
    """Bytes of ``wire`` as a compact JSON body (timestamps and bytes as strings)."""
    return len(json.dumps(wire, separators=(",", ":"), default=str).encode())


def stored_size(wire: Mapping[str, Any], size: int | None = None) -> int:
    """Bytes of the record Pinpoint stores for a new endpoint written as ``wire``, at most.

    ``wire`` with every ``STORED_MEMBERS`` entry it lacks, at its longest. ``size`` is
    ``wire_size(wire)`` when the caller has it. An update is merged into the stored endpoint
    (its maps key by key), which only the service knows: that record may be larger.
    """
    size = wire_size(wire) if size is None else size
    present = wire.keys() & _STORED_MEMBER_BYTES.keys()  # usually none: one set operation
    return (
        size + _STORED_BYTES - sum(_STORED_MEMBER_BYTES[n] for n in present if wire[n] is not None)
    )


def batch_item_problems(item: Mapping[str, Any]) -> list[str]:
    """Why an ``EndpointBatchItem`` (as a wire dict) cannot be sent at all (empty when usable).

    The model does not mark ``Id`` required, but the service refuses a whole batch over one item
    without it; and it refuses a ``ChannelType`` its model does not list (the SDK lets one through
    elsewhere, as ``ChannelType("NEW")``, for a service newer than its model).
    """
    problems = []
    endpoint_id = item.get("Id")
    if not isinstance(endpoint_id, str) or not endpoint_id:
        problems.append("Id: required, a non-empty string, for an endpoint in a batch")
    channel = item.get("ChannelType")
    if channel is not None and channel not in _channel_types():
        problems.append(
            f"ChannelType: not a channel the service knows ({', '.join(_channel_types())})"
        )
    return problems


@functools.cache
def _channel_types() -> tuple[str, ...]:
    """The service model's channel types, as the generated enum (and the emulator) know them."""
    # Looked up on first use: the enums are created lazily, like every model class.
    from pinpoint_sdk.models import ChannelType

    return tuple(channel.value for channel in ChannelType)


def replaces_a_push_endpoint(channel: str | None, others: Iterable[str | None]) -> bool:
    """Whether a user's 16th endpoint, of ``channel``, takes the place of one of the user's push
    endpoints (the oldest: it loses its UserId and turns INACTIVE) rather than being refused.

    ``others`` are the channel types of the user's other endpoints.
    """
    return channel in PUSH_CHANNELS and any(other in PUSH_CHANNELS for other in others)


#: The reason a user's 16th endpoint that replaces none is refused (the user's id, the caller's
#: data, is not in it: the endpoint it is given for says which user).
USER_QUOTA_PROBLEM = (
    f"User.UserId: this user would have more than {MAX_ENDPOINTS_PER_USER} endpoints "
    "(only a push endpoint replaces the user's oldest push one)"
)


def _attribute_maps(endpoint: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    user = endpoint.get("User") or {}
    maps = [
        ("Attributes", endpoint.get("Attributes")),
        ("Metrics", endpoint.get("Metrics")),
        ("User.UserAttributes", user.get("UserAttributes") if isinstance(user, Mapping) else None),
    ]
    return [(where, m) for where, m in maps if isinstance(m, Mapping)]


def attribute_names(endpoint: Mapping[str, Any]) -> set[tuple[str, str]]:
    """The (kind, name) pairs an endpoint's wire dict uses; each counts toward the app's 250."""
    return {(where, name) for where, m in _attribute_maps(endpoint) for name in m}


def endpoint_problems(endpoint: Mapping[str, Any], size: int | None = None) -> list[str]:
    """What breaks Pinpoint's per-endpoint quotas in an endpoint record (empty when fine).

    ``size`` is the bytes the size quota counts: by default ``wire_size(endpoint)``, right for a
    stored record; a client checking what it is about to send passes ``stored_size(wire)``.
    """
    problems = []
    for where, mapping in _attribute_maps(endpoint):
        for name, value in mapping.items():
            if len(name) > MAX_ATTRIBUTE_NAME_LENGTH:
                problems.append(
                    f"{where}: name {name[:20]!r}... is {len(name)} characters; "
                    f"at most {MAX_ATTRIBUTE_NAME_LENGTH}"
                )
            if where == "Metrics" or not isinstance(value, list):
                continue
            if len(value) > MAX_ATTRIBUTE_VALUES:
                problems.append(
                    f"{where}[{name!r}]: {len(value)} values; at most {MAX_ATTRIBUTE_VALUES}"
                )
            for item in value:
                if isinstance(item, str) and len(item) > MAX_ATTRIBUTE_VALUE_LENGTH:
                    problems.append(
                        f"{where}[{name!r}]: a value of {len(item)} characters; "
                        f"at most {MAX_ATTRIBUTE_VALUE_LENGTH}"
                    )
                    break
    size = wire_size(endpoint) if size is None else size
    if size > MAX_ENDPOINT_BYTES:
        problems.append(
            f"the endpoint would be stored as {size} bytes of JSON; at most {MAX_ENDPOINT_BYTES}"
        )
    return problems
