"""AsyncPaginator: lazy pages, max_items, resume and the repeated-token guard (no I/O needed)."""

from __future__ import annotations

import asyncio

import attrs
import pytest

from pinpoint_sdk import errors
from pinpoint_sdk._async_pagination import AsyncPaginator


@attrs.frozen
class FakePage:
    item: list[int]
    next_token: str | None


def paginator(
    pages: dict[str | None, FakePage],
    requested: list[str | None],
    **kwargs: str | int | None,
) -> AsyncPaginator[int, FakePage]:
    async def fetch(token: str | None) -> FakePage:
        requested.append(token)
        return pages[token]

    return AsyncPaginator(
        fetch,
        items=lambda page: page.item,
        next_token=lambda page: page.next_token,
        operation="GetThings",
        **kwargs,  # type: ignore[arg-type]
    )


PAGES = {
    None: FakePage([1, 2], "a"),
    "a": FakePage([3, 4], "b"),
    "b": FakePage([5], None),
}


async def collect(p: AsyncPaginator[int, FakePage]) -> list[int]:
    return [item async for item in p]


def test_items_of_every_page_in_order_one_request_per_page() -> None:
    requested: list[str | None] = []
    assert asyncio.run(collect(paginator(PAGES, requested))) == [1, 2, 3, 4, 5]
    assert requested == [None, "a", "b"]


def test_nothing_is_requested_before_the_first_item() -> None:
    requested: list[str | None] = []
    paginator(PAGES, requested)
    assert requested == []


def test_max_items_stops_early_without_fetching_further() -> None:
    requested: list[str | None] = []
    assert asyncio.run(collect(paginator(PAGES, requested, max_items=3))) == [1, 2, 3]
    assert requested == [None, "a"]


def test_resume_from_a_pages_next_token() -> None:
    async def pages() -> list[str | None]:
        return [page.next_token async for page in paginator(PAGES, []).pages()]

    tokens = asyncio.run(pages())
    assert tokens == ["a", "b", None]
    requested: list[str | None] = []
    assert asyncio.run(collect(paginator(PAGES, requested, starting_token="a"))) == [3, 4, 5]
    assert requested == ["a", "b"]


def test_a_repeated_token_raises_instead_of_looping() -> None:
    looping = {None: FakePage([1], "a"), "a": FakePage([2], "a")}
    with pytest.raises(errors.PaginationError):
        asyncio.run(collect(paginator(looping, [])))
