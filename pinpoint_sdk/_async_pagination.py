"""Async pages and items: ``async for`` over every item, one page request at a time.

The twin of ``_pagination.Paginator`` for ``AsyncPinpointClient``: the same ``PageWalk`` (``Page``
objects, ``max_items``, resume from ``starting_token``, the repeated-token guard); only fetching a
page is awaited.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Generic, TypeVar

from pinpoint_sdk._pagination import Page, PaginatorBase

__all__ = ["AsyncPaginator"]

ItemT = TypeVar("ItemT")
PageT = TypeVar("PageT")


class AsyncPaginator(
    PaginatorBase[ItemT, PageT, Callable[[str | None], Awaitable[PageT]]],
    AsyncIterator[ItemT],
    Generic[ItemT, PageT],
):
    """An async iterator over every item of every page: lazy, and used up once.

    Nothing is requested until the first item is awaited; then one page request at a time.
    ``pages()`` is a separate walk that yields ``Page`` objects. Both start at ``starting_token``
    (a page's ``next_token`` from an earlier walk). ``max_items`` stops the walk after that many
    items. A token seen before in the same walk raises ``errors.PaginationError``.
    """

    _walk: AsyncIterator[ItemT] | None = None

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
        walk = self._new_walk()
        while walk.more:
            yield walk.page(await self._fetch(walk.token))

    async def to_list(self) -> list[ItemT]:
        """Every remaining item, in a list (``[x async for x in paginator]``)."""
        return [item async for item in self]
