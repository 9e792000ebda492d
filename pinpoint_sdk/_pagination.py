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

__all__ = ["Page", "Paginator"]

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


class Paginator(Iterator[ItemT], Generic[ItemT, PageT]):
    """An iterator over every item of every page, like a generator: lazy, and used up once.

    Nothing is requested until the first item is asked for; then one page request at a time.
    ``pages()`` is a separate walk that yields ``Page`` objects. Both start at ``starting_token``
    (a page's ``next_token`` from an earlier walk, to resume there). ``max_items`` stops the walk
    after that many items. A token seen before in the same walk raises ``errors.PaginationError``
    instead of looping forever.
    """

    def __init__(
        self,
        fetch: Callable[[str | None], PageT],
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
        self._walk: Iterator[ItemT] | None = None

    def __iter__(self) -> Paginator[ItemT, PageT]:
        return self

    def __next__(self) -> ItemT:
        if self._walk is None:
            self._walk = (item for page in self.pages() for item in page.items)
        return next(self._walk)

    def pages(self) -> Iterator[Page[ItemT, PageT]]:
        remaining = self.max_items
        token = self.starting_token
        seen = {token} if token is not None else set()
        while remaining is None or remaining > 0:
            payload = self._fetch(token)
            items: Sequence[ItemT] = self._items(payload) or []
            if remaining is not None:
                items = items[:remaining]
                remaining -= len(items)
            next_token = self._next_token(payload) or None  # "" ends the walk too
            if next_token is not None and next_token in seen:
                raise PaginationError(self.operation, next_token)
            yield Page(payload=payload, items=items, token=token, next_token=next_token)
            if next_token is None:
                return
            seen.add(next_token)
            token = next_token

    def __repr__(self) -> str:
        return f"<Paginator {self.operation} starting_token={self.starting_token!r}>"
