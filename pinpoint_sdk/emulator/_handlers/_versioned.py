"""One implementation for the resources Pinpoint keeps in versions (segments, campaigns).

Create makes version 1; every update copies the current version, applies the request to it and
appends it as the next version; get answers the current version, get-version and list-versions the
older ones, delete forgets them all. What differs per resource (which request members it takes,
what it checks, what happens after a write) is given by the resource.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from .._errors import bad_request, not_found
from .._state import App, Json, new_id
from ._common import Context, Handler, find_app, page

__all__ = ["Versioned", "VersionedResource"]


class Versioned(Protocol):
    id: str
    seq: int
    #: Every version's record, oldest first; the last is the current one.
    versions: list[Json]

    @property
    def current(self) -> Json: ...


V = TypeVar("V", bound=Versioned)


def _no_settle(ctx: Context, app: App, item: Any) -> None:
    pass


@dataclass(frozen=True)
class VersionedResource(Generic[V]):
    #: The resource's name as the operations spell it: ``"Segment"`` makes ``CreateSegment``...
    noun: str
    #: The store of this resource in an app.
    collection: Callable[[App], dict[str, V]]
    #: Makes the stored item from its id, sequence number and first version.
    factory: Callable[[str, int, list[Json]], V]
    #: Applies a write request to a record (a new one or a copy of the current version), checking
    #: what the model cannot; raises ``ServiceError``.
    write: Callable[[App, Json, Json], None]
    #: The ARN's path part for this resource (``apps/<app>/<arn_part>/<id>``).
    arn_part: str
    #: Members the first version has before the request's, for a create over HTTP.
    create_fields: Json = field(default_factory=dict)
    #: Whether the first version carries ``LastModifiedDate`` (campaigns do, segments do not).
    modified_on_create: bool = False
    #: Runs after every create and update (a campaign is scheduled: it runs later).
    settle: Callable[[Context, App, V], None] = _no_settle

    @property
    def id_member(self) -> str:
        return f"{self.noun}Id"

    @property
    def request_member(self) -> str:
        return f"Write{self.noun}Request"

    # -- state ---------------------------------------------------------------------------------

    def find(self, app: App, item_id: str) -> V:
        item = self.collection(app).get(item_id)
        if item is None:
            raise not_found("Resource not found")  # Pinpoint's wording
        return item

    def create(
        self,
        ctx: Context,
        app: App,
        request: Json,
        fields: Json | None = None,
        write: Callable[[App, Json, Json], None] | None = None,
    ) -> V:
        """Store a new item: ``fields`` (default ``create_fields``), then ``request`` applied by
        ``write`` (default the resource's)."""
        item_id = new_id()
        now = ctx.state.now()
        record: Json = {
            "ApplicationId": app.id,
            "Arn": ctx.state.arn("apps", app.id, self.arn_part, item_id),
            "CreationDate": now,
            "Id": item_id,
        }
        # Copied: the defaults hold maps and lists that later writes change in place.
        record.update(copy.deepcopy(self.create_fields if fields is None else fields))
        if self.modified_on_create:
            record["LastModifiedDate"] = now
        record["Version"] = 1
        (self.write if write is None else write)(app, request, record)
        item = self.factory(item_id, ctx.state.next_seq(), [record])
        self.collection(app)[item_id] = item
        self.settle(ctx, app, item)
        return item

    def update(self, ctx: Context, app: App, item: V, request: Json) -> Json:
        """Append a new version: the current one with ``request`` applied."""
        record = copy.deepcopy(item.current)
        self.write(app, request, record)
        record["Version"] = len(item.versions) + 1
        record["LastModifiedDate"] = ctx.state.now()
        item.versions.append(record)
        self.settle(ctx, app, item)
        return item.current

    def version(self, item: V, text: str) -> Json:
        try:
            number = int(text)
        except ValueError:
            raise bad_request(f"The version must be an integer, not {text[:20]!r}.") from None
        if not 1 <= number <= len(item.versions):
            raise not_found(f"Version {number} of {self.noun.lower()} {item.id} not found.")
        return item.versions[number - 1]

    # -- HTTP ----------------------------------------------------------------------------------

    def handlers(self) -> dict[str, Handler]:
        """``Create<Noun>``, ``Update<Noun>``, ``Get<Noun>``, ``Get<Noun>s``, ``Delete<Noun>``,
        ``Get<Noun>Version`` and ``Get<Noun>Versions``."""
        noun = self.noun

        def create(ctx: Context, params: dict[str, Any]) -> Json:
            app = find_app(ctx, params)
            return self.create(ctx, app, params[self.request_member]).current

        def update(ctx: Context, params: dict[str, Any]) -> Json:
            app = find_app(ctx, params)
            item = self.find(app, params[self.id_member])
            return self.update(ctx, app, item, params[self.request_member])

        def get(ctx: Context, params: dict[str, Any]) -> Json:
            return self.find(find_app(ctx, params), params[self.id_member]).current

        def list_(ctx: Context, params: dict[str, Any]) -> Json:
            app = find_app(ctx, params)
            return page(
                params, [(item.seq, item.current) for item in self.collection(app).values()]
            )

        def delete(ctx: Context, params: dict[str, Any]) -> Json:
            app = find_app(ctx, params)
            item = self.find(app, params[self.id_member])
            del self.collection(app)[item.id]
            return item.current

        def get_version(ctx: Context, params: dict[str, Any]) -> Json:
            item = self.find(find_app(ctx, params), params[self.id_member])
            return self.version(item, params["Version"])

        def get_versions(ctx: Context, params: dict[str, Any]) -> Json:
            item = self.find(find_app(ctx, params), params[self.id_member])
            return page(params, [(record["Version"], record) for record in item.versions])

        return {
            f"Create{noun}": create,
            f"Update{noun}": update,
            f"Get{noun}": get,
            f"Get{noun}s": list_,
            f"Delete{noun}": delete,
            f"Get{noun}Version": get_version,
            f"Get{noun}Versions": get_versions,
        }
