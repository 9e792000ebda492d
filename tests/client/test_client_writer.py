"""The client writer (codegen/client.py): on a tiny fixture model, and against the real model."""

from __future__ import annotations

import functools
import inspect
from pathlib import Path
from typing import Any

import pytest

import codegen.__main__ as codegen_main
from codegen import client as writer
from codegen.reader import ServiceModel, load_botocore, read
from pinpoint_sdk._client import PinpointClient
from pinpoint_sdk._raw_client import PinpointClientWithRawResponse
from tests.helpers import needs_the_generators_botocore

ROOT = Path(__file__).resolve().parents[2]


@functools.cache
def real_model() -> ServiceModel:
    return load_botocore()


def structure(
    members: dict[str, Any], *, required: tuple[str, ...] = (), **extra: Any
) -> dict[str, Any]:
    return {"type": "structure", "members": members, "required": list(required), **extra}


def string(location: str | None = None, name: str | None = None) -> dict[str, Any]:
    member: dict[str, Any] = {"shape": "__string"}
    if location:
        member.update(location=location, locationName=name)
    return member


def operation(name: str, method: str, uri: str, output: bool = True) -> dict[str, Any]:
    op: dict[str, Any] = {
        "name": name,
        "http": {"method": method, "requestUri": uri},
        "input": {"shape": f"{name}Request"},
        "documentation": f"<p>{name} does things.</p>",
    }
    if output:
        op["output"] = {"shape": f"{name}Response"}
    return op


TINY: dict[str, Any] = {
    "metadata": {"apiVersion": "2000-01-01"},
    "operations": {
        "CreateThing": operation("CreateThing", "POST", "/things"),
        "GetThings": operation("GetThings", "GET", "/things"),
        "TagThing": operation("TagThing", "POST", "/tags/{arn}", output=False),
    },
    "shapes": {
        "CreateThingRequest": structure(
            {"Thing": {"shape": "Thing"}}, required=("Thing",), payload="Thing"
        ),
        "CreateThingResponse": structure(
            {"Thing": {"shape": "Thing"}}, required=("Thing",), payload="Thing"
        ),
        "GetThingsRequest": structure(
            {
                "Prefix": string("querystring", "prefix"),
                "PageSize": string("querystring", "page-size"),
                "Token": string("querystring", "token"),
            }
        ),
        "GetThingsResponse": structure(
            {"Things": {"shape": "Things"}}, required=("Things",), payload="Things"
        ),
        "Things": structure({"Item": {"shape": "ListOfThing"}, "NextToken": string()}),
        "TagThingRequest": structure({"Arn": string("uri", "arn")}, required=("Arn",)),
        "Thing": structure(
            {"Name": string(), "Created": {"shape": "__timestamp"}}, required=("Name",)
        ),
        "ListOfThing": {"type": "list", "member": {"shape": "Thing"}},
        "__string": {"type": "string"},
        "__timestamp": {"type": "timestamp"},
    },
}


@functools.cache
def tiny_files() -> dict[str, str]:
    model = read(TINY, "9.9.9")
    return writer.write(model, codegen_main.header(model))


@pytest.fixture(scope="module")
def source() -> str:
    return tiny_files()[writer.CLIENT_MODULE]


def test_header_names_the_generator_and_botocore(source: str) -> None:
    first = source.splitlines()[0]
    assert "python -m codegen" in first
    assert "botocore 9.9.9" in first
    assert "DO NOT EDIT" in first


def test_the_output_is_python(source: str) -> None:
    compile(source, "client.py", "exec")


def test_arguments_are_keyword_only_required_first_optional_none(source: str) -> None:
    assert (
        "    def create_thing(\n        self,\n        *,\n        thing: models.Thing,\n" in source
    )
    assert "prefix: str | None = None," in source


def test_page_size_is_an_int_the_input_model_sends_as_a_string(source: str) -> None:
    assert "page_size: int | None = None," in source
    assert "page_size=page_size," in source


def test_a_method_returns_the_payload(source: str) -> None:
    assert ") -> models.Thing:" in source
    assert "lambda response: response.thing," in source


def test_an_operation_without_output_returns_none(source: str) -> None:
    assert "def tag_thing(" in source
    assert ") -> None:" in source
    assert 'self._send(\n            "TagThing",' in source


def test_a_paginated_operation_gets_an_iterator(source: str) -> None:
    assert "def iter_things(" in source
    assert ") -> Paginator[models.Thing, models.Things]:" in source
    signature = source.split("def iter_things(")[1].split(")")[0]
    assert "        token: str | None" not in signature  # the walk owns the token
    assert "starting_token: str | None = None" in signature
    assert "items=lambda page: page.item," in source
    assert "next_token=lambda page: page.next_token," in source


def test_the_raw_response_view_is_one_wrapped_line_per_method(source: str) -> None:
    raw = source[source.index("class PinpointRawResponseOperations:") :]
    lines = [line.strip() for line in raw.splitlines() if "= RawMethod(" in line]
    assert lines == [
        "create_thing = RawMethod(PinpointOperations.create_thing)",
        "get_things = RawMethod(PinpointOperations.get_things)",
        "tag_thing = RawMethod(PinpointOperations.tag_thing)",
    ]
    # Nothing else is repeated: the raw view has no method bodies of its own.
    assert "self._call(" not in raw
    assert "iter_things" not in raw  # iterators have no raw form


def _method(source: str, name: str) -> str:
    start = source.index(f"    def {name}(")
    end = source.find("\n    def ", start + 1)
    return source[start:] if end == -1 else source[start:end]


def _signature(method: str) -> str:
    return method[: method.index(") ->")]


def _call(method: str) -> str:
    """What the method sends: ``self._call(...)`` or ``self._send(...)``."""
    return method[method.index("self._") :].rstrip()


def test_every_operation_has_a_raw_twin_with_the_same_arguments() -> None:
    client = PinpointClient(region_name="us-east-1", endpoint_url="http://127.0.0.1:9")
    view = client.with_raw_response
    assert isinstance(view, PinpointClientWithRawResponse)
    for op in real_model().operations.values():
        plain = inspect.signature(getattr(client, op.method_name))
        raw = inspect.signature(getattr(view, op.method_name))
        assert raw.parameters == plain.parameters, op.method_name


@pytest.mark.parametrize(
    ("method", "iterator"),
    [
        ("get_campaigns", "iter_campaigns"),
        ("list_journeys", "iter_journeys"),
        ("get_segment_import_jobs", "iter_segment_import_jobs"),
    ],
)
def test_iterator_names_replace_the_verb(method: str, iterator: str) -> None:
    op = next(o for o in real_model().operations.values() if o.method_name == method)
    assert writer.iterator_name(op) == iterator


def test_every_operation_has_a_keyword_only_method() -> None:
    model = real_model()
    assert len(model.operations) == 122
    for op in model.operations.values():
        signature = inspect.signature(getattr(PinpointClient, op.method_name))
        kinds = {p.kind for name, p in signature.parameters.items() if name != "self"}
        assert kinds <= {inspect.Parameter.KEYWORD_ONLY}, op.method_name


def test_every_paginated_operation_has_an_iterator() -> None:
    paginated = [op for op in real_model().operations.values() if op.token_member]
    assert len(paginated) == 18
    for op in paginated:
        assert callable(getattr(PinpointClient, writer.iterator_name(op))), op.method_name


@needs_the_generators_botocore
def test_the_committed_client_is_what_the_writer_makes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codegen_main, "WRITERS", [writer.write])
    rendered = codegen_main.render(real_model())
    assert sorted(rendered) == sorted([writer.ASYNC_CLIENT_MODULE, writer.CLIENT_MODULE])
    for path, wanted in rendered.items():
        assert (ROOT / path).read_text() == wanted, f"run `python -m codegen` ({path})"


@pytest.fixture(scope="module")
def async_source() -> str:
    return tiny_files()[writer.ASYNC_CLIENT_MODULE]


def test_the_async_layer_is_python_with_a_header(async_source: str) -> None:
    assert "DO NOT EDIT" in async_source.splitlines()[0]
    assert "class AsyncPinpointOperations(abc.ABC):" in async_source
    compile(async_source, "async_client.py", "exec")
    assert "    get_things = AsyncRawMethod(AsyncPinpointOperations.get_things)" in async_source


def _async_method(source: str, name: str) -> str:
    start = source.index(f"    async def {name}(")
    ends = [
        i
        for i in (source.find("\n    def ", start), source.find("\n    async def ", start + 1))
        if i != -1
    ]
    return source[start : min(ends)] if ends else source[start:]


def test_an_async_method_is_the_sync_one_awaited(source: str, async_source: str) -> None:
    for name in ("create_thing", "get_things", "tag_thing"):
        plain, awaited = _method(source, name), _async_method(async_source, name)
        assert awaited == "    async " + plain.lstrip().replace("self._", "await self._", 1), name


def test_an_async_iterator_builds_an_async_paginator(async_source: str) -> None:
    assert "    def iter_things(" in async_source  # a plain method: the paginator is awaited
    assert ") -> AsyncPaginator[models.Thing, models.Things]:" in async_source


def test_every_operation_has_an_async_twin_with_the_same_arguments_and_docs() -> None:
    from pinpoint_sdk._async_client import AsyncPinpointClient

    for op in real_model().operations.values():
        plain = getattr(PinpointClient, op.method_name)
        awaited = getattr(AsyncPinpointClient, op.method_name)
        assert inspect.iscoroutinefunction(awaited), op.method_name
        assert inspect.signature(awaited) == inspect.signature(plain), op.method_name
        assert awaited.__doc__ == plain.__doc__, op.method_name
    for op in real_model().operations.values():
        if op.token_member:
            name = writer.iterator_name(op)
            plain_it = inspect.signature(getattr(PinpointClient, name)).parameters
            async_it = inspect.signature(getattr(AsyncPinpointClient, name)).parameters
            assert plain_it == async_it, name
