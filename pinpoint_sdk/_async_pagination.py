"""Async pages and items: ``async for`` over every item, one page request at a time.

The twin of ``_pagination.Paginator`` for ``AsyncPinpointClient``: the same ``Page`` objects, the
same ``max_items``, resume (``starting_token``) and repeated-token guard; only fetching a page is
awaited.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Generic, TypeVar

from pinpoint_sdk._pagination import Page
from pinpoint_sdk.errors import PaginationError

__all__ = ["AsyncPaginator"]

ItemT = TypeVar("ItemT")
PageT = TypeVar("PageT")


class AsyncPaginator(AsyncIterator[ItemT], Generic[ItemT, PageT]):
    """An async iterator over every item of every page: lazy, and used up once.

    Nothing is requested until the first item is awaited; then one page request at a time.
    ``pages()`` is a separate walk that yields ``Page`` objects. Both start at ``starting_token``
    (a page's ``next_token`` from an earlier walk). ``max_items`` stops the walk after that many
    items. A token seen before in the same walk raises ``errors.PaginationError``.
    """

    def __init__(
        self,
        fetch: Callable[[str | None], Awaitable[PageT]],
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
        self._walk: AsyncIterator[ItemT] | None = None

    def __aiter__(self) -> AsyncPaginator[ItemT, PageT]:
        return self

    async def __anext__(self) -> ItemT:
        if self._walk is None:
            self._walk = self._flatten()
        return await self._walk.__anext__()

    async def _flatten(self) -> AsyncIterator[ItemT]:
        async for page in self.pages():
            for item in page.items:
                yield item

    async def pages(self) -> AsyncIterator[Page[ItemT, PageT]]:
        """Every page of a new walk from ``starting_token``, as ``Page`` objects."""
        remaining = self.max_items
        token = self.starting_token
        seen = {token} if token is not None else set()
        while remaining is None or remaining > 0:
            payload = await self._fetch(token)
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

    async def to_list(self) -> list[ItemT]:
        """Every remaining item, in a list (``[x async for x in paginator]``)."""
        return [item async for item in self]

    def __repr__(self) -> str:
        return f"<AsyncPaginator {self.operation} starting_token={self.starting_token!r}>"
