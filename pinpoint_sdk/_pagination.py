"""Pages and items, lazily: one page request at a time, following ``NextToken``.

The client builds a ``Paginator`` for each paginated operation (``iter_campaigns`` ...) from a
``fetch(token)`` callable that runs one page request through the client, retries included; so a
throttled page is retried on its own and the walk never starts over.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Generic, TypeVar

import attrs

from pinpoint_sdk.errors import PaginationError

__all__ = ["Page", "PageWalk", "Paginator", "PaginatorBase"]

ItemT = TypeVar("ItemT")
PageT = TypeVar("PageT")


@attrs.frozen
class Page(Generic[ItemT, PageT]):
    """One page: the operation's payload model, its items, and the token to the next page."""

    payload: PageT
    items: Sequence[ItemT]
    #: The token this page was requested with (``None`` for the first page).
    token: str | None
    #: The token of the next page; ``None`` on the last page (an empty token also means the end).
    next_token: str | None

    def has_next_page(self) -> bool:
        return self.next_token is not None


class PageWalk(Generic[ItemT, PageT]):
    """One walk over the pages, from a token: what the sync and async paginators share.

    ``more`` says whether to request another page (with ``token``); ``page(payload)`` reads the
    answer into a ``Page``, stops at ``max_items`` and at the last page, and raises
    ``errors.PaginationError`` when the service repeats a token.
    """

    def __init__(
        self,
        token: str | None,
        max_items: int | None,
        items: Callable[[PageT], Sequence[ItemT] | None],
        next_token: Callable[[PageT], str | None],
        operation: str,
    ) -> None:
        self.token = token
        self.more = max_items is None or max_items > 0
        self._remaining = max_items
        self._seen = {token} if token is not None else set()
        self._items = items
        self._next_token = next_token
        self._operation = operation

    def page(self, payload: PageT) -> Page[ItemT, PageT]:
        items: Sequence[ItemT] = self._items(payload) or []
        if self._remaining is not None:
            items = items[: self._remaining]
            self._remaining -= len(items)
        next_token = self._next_token(payload) or None  # "" ends the walk too
        if next_token is not None and next_token in self._seen:
            raise PaginationError(self._operation, next_token)
        page = Page(payload=payload, items=items, token=self.token, next_token=next_token)
        self.more = next_token is not None and (self._remaining is None or self._remaining > 0)
        if next_token is not None:
            self._seen.add(next_token)
        self.token = next_token
        return page


FetchT = TypeVar("FetchT")


class PaginatorBase(Generic[ItemT, PageT, FetchT]):
    """What a paginator is given: how to fetch a page and read it, where to start and stop."""

    def __init__(
        self,
        fetch: FetchT,
        *,
        items: Callable[[PageT], Sequence[ItemT] | None],
        next_token: Callable[[PageT], str | None],
        operation: str,
        starting_token: str | None = None,
        max_items: int | None = None,
    ) -> None:
        if max_items is not None and max_items < 0:
            raise ValueError(f"max_items must be >= 0, got {max_items}")
        self._fetch = fetch
        self._items = items
        self._next_token = next_token
        self.operation = operation
        self.starting_token = starting_token or None
        self.max_items = max_items

    def _new_walk(self) -> PageWalk[ItemT, PageT]:
        return PageWalk(
            self.starting_token, self.max_items, self._items, self._next_token, self.operation
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.operation} starting_token={self.starting_token!r}>"


class Paginator(
    PaginatorBase[ItemT, PageT, Callable[[str | None], PageT]],
    Iterator[ItemT],
    Generic[ItemT, PageT],
):
    """An iterator over every item of every page, like a generator: lazy, and used up once.

    Nothing is requested until the first item is asked for; then one page request at a time.
    ``pages()`` is a separate walk that yields ``Page`` objects. Both start at ``starting_token``
    (a page's ``next_token`` from an earlier walk, to resume there). ``max_items`` stops the walk
    after that many items. A token seen before in the same walk raises ``errors.PaginationError``
    instead of looping forever.
    """

    _walk: Iterator[ItemT] | None = None

    def __iter__(self) -> Paginator[ItemT, PageT]:
        return self

    def __next__(self) -> ItemT:
        if self._walk is None:
            self._walk = (item for page in self.pages() for item in page.items)
        return next(self._walk)

    def pages(self) -> Iterator[Page[ItemT, PageT]]:
        walk = self._new_walk()
        while walk.more:
            yield walk.page(self._fetch(walk.token))

    def to_list(self) -> list[ItemT]:
        """Every remaining item, in a list (``list(paginator)``; the async paginator's twin)."""
        return list(self)
