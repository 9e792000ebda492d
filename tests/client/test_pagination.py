"""Paginator on its own, over a fake ``fetch``: laziness, tokens, max_items, the loop guard.

Each test runs on ``Paginator`` (the sync client's) and ``AsyncPaginator`` (the async client's),
through the ``kind`` fixture: the two walks must agree (issue 19, parity by construction).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import attrs
import pytest

from pinpoint_sdk import errors
from pinpoint_sdk._async_pagination import AsyncPaginator
from pinpoint_sdk._pagination import Paginator


@attrs.frozen
class FakePage:
    item: list[int] | None
    next_token: str | None


class Kind:
    """Paginator or AsyncPaginator, and how to walk one (an event loop per test, for the async)."""

    def __init__(self, name: str) -> None:
        self.loop = asyncio.new_event_loop() if name == "async" else None

    def list(self, walk: Any) -> list[Any]:
        if self.loop is None:
            return list(walk)

        async def gather() -> list[Any]:
            return [item async for item in walk]

        return self.loop.run_until_complete(gather())

    def next(self, walk: Any) -> Any:
        if self.loop is None:
            return next(walk)
        return self.loop.run_until_complete(walk.__anext__())


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> Iterator[Kind]:
    made = Kind(request.param)
    yield made
    if made.loop is not None:
        made.loop.close()


class FakeService:
    """Pages keyed by the token that fetches them (``None`` for the first)."""

    def __init__(self, pages: dict[str | None, FakePage], kind: Kind) -> None:
        self.pages = pages
        self.kind = kind
        self.requested: list[str | None] = []

    def fetch(self, token: str | None) -> FakePage:
        self.requested.append(token)
        return self.pages[token]

    async def fetch_async(self, token: str | None) -> FakePage:
        return self.fetch(token)

    def paginator(self, *, starting_token: str | None = None, max_items: int | None = None) -> Any:
        if self.kind.loop is not None:
            return AsyncPaginator(
                self.fetch_async,
                items=lambda page: page.item,
                next_token=lambda page: page.next_token,
                operation="GetThings",
                starting_token=starting_token,
                max_items=max_items,
            )
        return Paginator(
            self.fetch,
            items=lambda page: page.item,
            next_token=lambda page: page.next_token,
            operation="GetThings",
            starting_token=starting_token,
            max_items=max_items,
        )


def three_pages(kind: Kind) -> FakeService:
    return FakeService(
        {
            None: FakePage([1, 2], "B"),
            "B": FakePage([3, 4], "C"),
            "C": FakePage([5], None),
        },
        kind,
    )


def test_items_of_every_page_in_order(kind: Kind) -> None:
    assert kind.list(three_pages(kind).paginator()) == [1, 2, 3, 4, 5]


def test_nothing_is_requested_before_iteration(kind: Kind) -> None:
    service = three_pages(kind)
    service.paginator()
    assert service.requested == []


def test_one_page_request_at_a_time(kind: Kind) -> None:
    service = three_pages(kind)
    items = service.paginator()
    assert kind.next(items) == 1
    assert kind.next(items) == 2
    assert service.requested == [None]
    assert kind.next(items) == 3
    assert service.requested == [None, "B"]


def test_pages_know_their_tokens(kind: Kind) -> None:
    pages = kind.list(three_pages(kind).paginator().pages())
    assert [p.token for p in pages] == [None, "B", "C"]
    assert [p.next_token for p in pages] == ["B", "C", None]
    assert [p.has_next_page() for p in pages] == [True, True, False]
    assert [list(p.items) for p in pages] == [[1, 2], [3, 4], [5]]


def test_resume_from_a_token(kind: Kind) -> None:
    service = three_pages(kind)
    assert kind.list(service.paginator(starting_token="B")) == [3, 4, 5]
    assert service.requested == ["B", "C"]


def test_max_items_stops_early_and_requests_no_more_pages(kind: Kind) -> None:
    service = three_pages(kind)
    assert kind.list(service.paginator(max_items=3)) == [1, 2, 3]
    assert service.requested == [None, "B"]


def test_max_items_zero_requests_nothing(kind: Kind) -> None:
    service = three_pages(kind)
    assert kind.list(service.paginator(max_items=0)) == []
    assert service.requested == []


def test_empty_token_is_the_end(kind: Kind) -> None:
    service = FakeService({None: FakePage([1], "")}, kind)
    pages = kind.list(service.paginator().pages())
    assert len(pages) == 1
    assert not pages[0].has_next_page()


def test_a_page_without_items_is_skipped_not_an_error(kind: Kind) -> None:
    service = FakeService({None: FakePage(None, "B"), "B": FakePage([7], None)}, kind)
    assert kind.list(service.paginator()) == [7]


@pytest.mark.parametrize(
    "pages",
    [
        {None: FakePage([1], "A"), "A": FakePage([2], "A")},
        {None: FakePage([1], "A"), "A": FakePage([2], "B"), "B": FakePage([3], "A")},
    ],
    ids=["same-token-twice", "A-B-A-cycle"],
)
def test_a_repeated_token_raises(kind: Kind, pages: dict[str | None, FakePage]) -> None:
    with pytest.raises(errors.PaginationError, match="GetThings") as raised:
        kind.list(FakeService(pages, kind).paginator())
    assert raised.value.token == "A"


def test_a_token_that_leads_back_to_the_starting_token_raises(kind: Kind) -> None:
    service = FakeService({"S": FakePage([1], "T"), "T": FakePage([2], "S")}, kind)
    with pytest.raises(errors.PaginationError):
        kind.list(service.paginator(starting_token="S"))


def test_items_are_used_up_once_like_a_generator(kind: Kind) -> None:
    paginator = three_pages(kind).paginator()
    assert kind.list(paginator) == [1, 2, 3, 4, 5]
    assert kind.list(paginator) == []


def test_next_works_on_the_paginator_itself(kind: Kind) -> None:
    paginator = three_pages(kind).paginator()
    assert kind.next(paginator) == 1
    assert kind.next(paginator) == 2


def test_pages_is_a_walk_of_its_own(kind: Kind) -> None:
    service = three_pages(kind)
    paginator = service.paginator()
    kind.next(paginator)
    assert len(kind.list(paginator.pages())) == 3
    assert service.requested == [None, None, "B", "C"]
