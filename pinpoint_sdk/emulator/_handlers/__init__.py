"""Per-operation behaviour, one module per resource, registered by operation name as the service
model spells it.

A handler takes the call's context and its input (member name -> value, as boto3 takes it, already
checked against the model) and returns the output's payload as wire JSON (``None`` for an empty
one), or raises ``ServiceError`` (``.._errors``). The server holds the state's lock around each
call. Operations in no table answer "not implemented".

Layout:

- ``_common``: ``Context``, ``Handler``, ``HandlerTable``, ``find_app`` and ``page``.
- ``_versioned``: ``VersionedResource``, the one implementation of resources kept in versions.
- ``apps``, ``segments``, ``campaigns``, ``endpoints`` (and users), ``import_jobs``, ``tags``,
  ``channels``, ``event_streams``, ``export_jobs``, ``events``, ``messages`` (direct messages),
  ``otp`` (and phone number validation), ``templates``, ``recommenders``, ``kpis``, ``in_app``,
  ``journeys``: each exports ``HANDLERS``, its table. In ``channels``, a channel is one
  ``ChannelKind`` row of ``CHANNEL_KINDS``.

To add a resource:

1. Write ``<resource>.py`` here. Start it with ``HANDLERS = HandlerTable()`` and
   ``handler = HANDLERS.register``, and decorate each handler with ``@handler("OperationName")``
   (the model's name, for example ``"SendMessages"``). Keep state and scheduling logic that is
   not about the request in a module beside this package (as ``.._endpoints``, ``.._imports``,
   ``.._campaigns`` are), so that ``Emulator`` can call it without HTTP.
2. A resource with versions (create/update make a version; get, get-version, list-versions,
   delete) is a ``VersionedResource``: its ``handlers()`` make the seven operations; see
   ``segments`` and ``campaigns``.
3. Import the module below and add its ``HANDLERS`` to the ``_merge`` call: an operation with a
   handler in two tables is an error at import time.
"""

from __future__ import annotations

from . import (
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
from ._common import Context, Handler, HandlerTable
from .export_jobs import run_export_jobs
from .import_jobs import run_import_jobs

__all__ = ["HANDLERS", "Context", "Handler", "HandlerTable", "run_export_jobs", "run_import_jobs"]


def _merge(*tables: HandlerTable) -> dict[str, Handler]:
    merged: dict[str, Handler] = {}
    for table in tables:
        clash = sorted(merged.keys() & table.keys())
        if clash:
            raise ValueError(f"operations with a handler in two tables: {', '.join(clash)}")
        merged.update(table)
    return merged


#: Operation name -> its behaviour, for the router.
HANDLERS: dict[str, Handler] = _merge(
    apps.HANDLERS,
    segments.HANDLERS,
    campaigns.HANDLERS,
    endpoints.HANDLERS,
    import_jobs.HANDLERS,
    tags.HANDLERS,
    channels.HANDLERS,
    event_streams.HANDLERS,
    export_jobs.HANDLERS,
    events.HANDLERS,
    messages.HANDLERS,
    otp.HANDLERS,
    templates.HANDLERS,
    recommenders.HANDLERS,
    kpis.HANDLERS,
    in_app.HANDLERS,
    journeys.HANDLERS,
)
