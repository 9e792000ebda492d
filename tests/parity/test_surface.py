"""The two clients' public surfaces match: every option and public attribute of one exists on the
other, with the same parameters, defaults and types (an async method's type is awaited)."""

from __future__ import annotations

import inspect
from typing import Any

from pinpoint_sdk import AsyncPinpointClient, PinpointClient

#: What differs by design, with why: only how a request is sent and how to wait.
ONLY_ASYNC = {
    "open": "builds the aiobotocore client in the caller's event loop; a boto3 client needs none",
}
#: Parameters typed by the I/O library: boto3's objects on one side, aiobotocore's (``Any``, so
#: the module type-checks without aiobotocore) on the other.
IO_TYPED = {"client", "session", "config"}
#: The async client's awaited sleep; the sync client sleeps with its ``RetryPolicy.sleep``.
ONLY_ASYNC_PARAMETERS = {("__init__", "sleep")}


def _public(cls: type) -> set[str]:
    return {name for name in dir(cls) if not name.startswith("_")}


def test_both_clients_have_the_same_public_names() -> None:
    sync, awaited = _public(PinpointClient), _public(AsyncPinpointClient)
    assert sync - awaited == set()
    assert awaited - sync == set(ONLY_ASYNC)


def _parameters(cls: type, name: str) -> dict[str, tuple[Any, ...]]:
    signature = inspect.signature(getattr(cls, name))
    described = {}
    for parameter in signature.parameters.values():
        if (name, parameter.name) in ONLY_ASYNC_PARAMETERS:
            continue
        annotation = None if parameter.name in IO_TYPED else parameter.annotation
        described[parameter.name] = (parameter.kind, parameter.default, annotation)
    return described


def _methods() -> list[str]:
    return sorted(
        name
        for name in _public(PinpointClient)
        if callable(getattr(PinpointClient, name))
        and not isinstance(inspect.getattr_static(PinpointClient, name), property)
    )


def test_constructors_and_with_options_take_the_same_parameters() -> None:
    for name in ("__init__", "with_options"):
        assert _parameters(AsyncPinpointClient, name) == _parameters(PinpointClient, name), name


def test_every_method_takes_the_same_parameters_and_answers_the_same_type() -> None:
    methods = _methods()
    assert len(methods) > 140  # every operation, iterator, put_endpoints, waiters, close ...
    for name in methods:
        assert _parameters(AsyncPinpointClient, name) == _parameters(PinpointClient, name), name
        sync = inspect.signature(getattr(PinpointClient, name)).return_annotation
        awaited = inspect.signature(getattr(AsyncPinpointClient, name)).return_annotation
        if name.startswith("iter_"):  # a plain method building a paginator, awaited page by page
            sync, awaited = sync.replace("Paginator", ""), awaited.replace("AsyncPaginator", "")
        assert awaited == sync, name


def test_properties_are_the_same() -> None:
    def properties(cls: type) -> set[str]:
        return {
            name for name in _public(cls) if isinstance(inspect.getattr_static(cls, name), property)
        }

    assert properties(AsyncPinpointClient) == properties(PinpointClient)
