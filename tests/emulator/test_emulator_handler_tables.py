"""The handler package: one table per resource, merged for the router without overlaps."""

from __future__ import annotations

from typing import Any

import pytest

from pinpoint_sdk.emulator import _handlers
from pinpoint_sdk.emulator._handlers import (
    HANDLERS,
    Context,
    HandlerTable,
    apps,
    campaigns,
    channels,
    endpoints,
    event_streams,
    events,
    export_jobs,
    import_jobs,
    in_app,
    journeys,
    kpis,
    messages,
    otp,
    recommenders,
    segments,
    tags,
    templates,
)
from pinpoint_sdk.emulator._state import Json

MODULES = [
    apps,
    campaigns,
    channels,
    endpoints,
    import_jobs,
    segments,
    tags,
    event_streams,
    export_jobs,
    events,
    messages,
    otp,
    templates,
    recommenders,
    kpis,
    in_app,
    journeys,
]


def _answer(ctx: Context, params: dict[str, Any]) -> Json:
    return {}


def test_the_router_table_is_exactly_the_resource_tables() -> None:
    merged: dict[str, object] = {}
    for module in MODULES:
        assert not merged.keys() & module.HANDLERS.keys(), module.__name__
        merged.update(module.HANDLERS)
    assert merged == HANDLERS


def test_a_table_refuses_a_second_handler_for_an_operation() -> None:
    table = HandlerTable()
    table.register("GetApp")(_answer)
    with pytest.raises(ValueError, match="GetApp already has a handler"):
        table.register("GetApp")(_answer)


def test_merging_tables_that_share_an_operation_fails() -> None:
    first, second = HandlerTable(), HandlerTable()
    first.register("GetApp")(_answer)
    second.register("GetApp")(_answer)
    second.register("GetApps")(_answer)
    with pytest.raises(ValueError, match=r"in two tables: GetApp$"):
        _handlers._merge(first, second)  # pyright: ignore[reportPrivateUsage]


@pytest.mark.parametrize("noun", ["Segment", "Campaign"])
def test_segments_and_campaigns_get_the_seven_versioned_operations(noun: str) -> None:
    module = segments if noun == "Segment" else campaigns
    expected = {
        f"Create{noun}",
        f"Update{noun}",
        f"Get{noun}",
        f"Get{noun}s",
        f"Delete{noun}",
        f"Get{noun}Version",
        f"Get{noun}Versions",
    }
    assert expected <= module.HANDLERS.keys()
