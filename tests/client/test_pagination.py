"""Paginator on its own, over a fake ``fetch``: laziness, tokens, max_items, the loop guard."""

from __future__ import annotations

import attrs
import pytest

from pinpoint_sdk import errors
from pinpoint_sdk._pagination import Paginator


@attrs.frozen
class FakePage:
    item: list[int] | None
    next_token: str | None


class FakeService:
    """Pages keyed by the token that fetches them (``None`` for the first)."""

    def __init__(self, pages: dict[str | None, FakePage]) -> None:
        self.pages = pages
        self.requested: list[str | None] = []

    def fetch(self, token: str | None) -> FakePage:
        self.requested.append(token)
        return self.pages[token]

    def paginator(
        self, *, starting_token: str | None = None, max_items: int | None = None
    ) -> Paginator[int, FakePage]:
        return Paginator(
            self.fetch,
            items=lambda page: page.item,
            next_token=lambda page: page.next_token,
            operation="GetThings",
            starting_token=starting_token,
            max_items=max_items,
        )


def three_pages() -> FakeService:
    return FakeService(
        {
            None: FakePage([1, 2], "B"),
            "B": FakePage([3, 4], "C"),
            "C": FakePage([5], None),
        }
    )


def test_items_of_every_page_in_order() -> None:
    assert list(three_pages().paginator()) == [1, 2, 3, 4, 5]


def test_nothing_is_requested_before_iteration() -> None:
    service = three_pages()
    service.paginator()
    assert service.requested == []


def test_one_page_request_at_a_time() -> None:
    service = three_pages()
    items = iter(service.paginator())
    assert next(items) == 1
    assert next(items) == 2
    assert service.requested == [None]
    assert next(items) == 3
    assert service.requested == [None, "B"]


def test_pages_know_their_tokens() -> None:
    pages = list(three_pages().paginator().pages())
    assert [p.token for p in pages] == [None, "B", "C"]
    assert [p.next_token for p in pages] == ["B", "C", None]
    assert [p.has_next_page() for p in pages] == [True, True, False]
    assert [list(p.items) for p in pages] == [[1, 2], [3, 4], [5]]


def test_resume_from_a_token() -> None:
    service = three_pages()
    assert list(service.paginator(starting_token="B")) == [3, 4, 5]
    assert service.requested == ["B", "C"]


def test_max_items_stops_early_and_requests_no_more_pages() -> None:
    service = three_pages()
    assert list(service.paginator(max_items=3)) == [1, 2, 3]
    assert service.requested == [None, "B"]


def test_max_items_zero_requests_nothing() -> None:
    service = three_pages()
    assert list(service.paginator(max_items=0)) == []
    assert service.requested == []


def test_empty_token_is_the_end() -> None:
    service = FakeService({None: FakePage([1], "")})
    pages = list(service.paginator().pages())
    assert len(pages) == 1
    assert not pages[0].has_next_page()


def test_a_page_without_items_is_skipped_not_an_error() -> None:
    service = FakeService({None: FakePage(None, "B"), "B": FakePage([7], None)})
    assert list(service.paginator()) == [7]


@pytest.mark.parametrize(
    "pages",
    [
        {None: FakePage([1], "A"), "A": FakePage([2], "A")},
        {None: FakePage([1], "A"), "A": FakePage([2], "B"), "B": FakePage([3], "A")},
    ],
    ids=["same-token-twice", "A-B-A-cycle"],
)
def test_a_repeated_token_raises(pages: dict[str | None, FakePage]) -> None:
    with pytest.raises(errors.PaginationError, match="GetThings") as raised:
        list(FakeService(pages).paginator())
    assert raised.value.token == "A"


def test_a_token_that_leads_back_to_the_starting_token_raises() -> None:
    service = FakeService({"S": FakePage([1], "T"), "T": FakePage([2], "S")})
    with pytest.raises(errors.PaginationError):
        list(service.paginator(starting_token="S"))


def test_items_are_used_up_once_like_a_generator() -> None:
    paginator = three_pages().paginator()
    assert list(paginator) == [1, 2, 3, 4, 5]
    assert list(paginator) == []


def test_next_works_on_the_paginator_itself() -> None:
    paginator = three_pages().paginator()
    assert next(paginator) == 1
    assert next(paginator) == 2


def test_pages_is_a_walk_of_its_own() -> None:
    service = three_pages()
    paginator = service.paginator()
    next(paginator)
    assert len(list(paginator.pages())) == 3
    assert service.requested == [None, None, "B", "C"]
