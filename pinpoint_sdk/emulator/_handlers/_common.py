"""What every handler module uses: the call's context, the handler type, a table to register
handlers in, and the lookups most operations start with."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .._errors import not_found
from .._imports import ObjectStore
from .._model import ServiceSpec
from .._state import App, Json, State, new_id, paginate

__all__ = ["Context", "Handler", "HandlerTable", "find_app", "new_job_record", "page"]


@dataclass(frozen=True)
class Context:
    """One call: the state (already in the call's region), the object store, the model and the
    request id. ``ctx.state.arn(...)`` and ``ctx.state.apps`` are the call's region's."""

    state: State
    store: ObjectStore
    service: ServiceSpec
    request_id: str

    @property
    def region(self) -> str:
        """The region the request was signed for (the emulator's default when unsigned)."""
        return self.state.region


Handler = Callable[[Context, dict[str, Any]], "Json | None"]


class HandlerTable(dict[str, Handler]):
    """Operation name (as the service model spells it) -> its handler, for one resource."""

    def register(self, operation: str) -> Callable[[Handler], Handler]:
        """A decorator that puts a handler in this table under ``operation``."""

        def register(function: Handler) -> Handler:
            if operation in self:
                raise ValueError(f"{operation} already has a handler")
            self[operation] = function
            return function

        return register


def find_app(ctx: Context, params: dict[str, Any]) -> App:
    app_id = params["ApplicationId"]
    app = ctx.state.apps.get(app_id)
    if app is None:
        # Pinpoint's wording, for every app-scoped operation.
        raise not_found("Application not found")
    return app


def page(params: dict[str, Any], items: list[tuple[int, Json]]) -> Json:
    return paginate(items, params.get("PageSize"), params.get("Token"))


def new_job_record(ctx: Context, app: App, definition: Json, job_type: str) -> Json:
    """A new import or export job's record (``ImportJobResponse``/``ExportJobResponse``), as
    Pinpoint answers it when the job is created: nothing processed yet."""
    return {
        "ApplicationId": app.id,
        "CompletedPieces": 0,
        "CreationDate": ctx.state.now(),
        "Definition": definition,
        "FailedPieces": 0,
        "Failures": [],
        "Id": new_id(),
        "JobStatus": "CREATED",
        "TotalFailures": 0,
        "TotalPieces": 0,
        "TotalProcessed": 0,
        "Type": job_type,
    }
