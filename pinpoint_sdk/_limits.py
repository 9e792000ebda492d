"""Pinpoint's documented endpoint and request quotas, checked before sending and by the emulator.

One place for the numbers, so that the SDK's client-side checks and the emulator's answers agree.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
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
    "attribute_names",
    "endpoint_problems",
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
    """What breaks Pinpoint's per-endpoint quotas in an endpoint's wire dict (empty when fine).

    ``size`` is its ``wire_size`` when the caller already has it (encoding is the costly part).
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
        problems.append(f"the endpoint is {size} bytes as JSON; at most {MAX_ENDPOINT_BYTES}")
    return problems
