"""The generator's documentation: method docstrings and reference pages, on the tiny fixture model."""

from __future__ import annotations

import copy
import re

import griffe

from codegen import client, reference
from codegen.__main__ import header
from codegen.reader import ServiceModel, read
from tests.codegen.test_codegen import TINY


def _tiny() -> ServiceModel:
    return read(TINY, "0.0.0")


def _method_doc(model: ServiceModel | None = None) -> str:
    model = model or _tiny()
    source = "class C:\n" + client.render_method(model, model.operations["PutThing"])
    method = griffe.visit("m", filepath=None, code=source)["C.put_thing"]
    assert method.docstring is not None
    return str(method.docstring.value)


def _google_args(doc: str) -> dict[str, str]:
    sections = griffe.Docstring(doc, parser="google").parse()
    return {
        p.name: p.description
        for section in sections
        if isinstance(section, griffe.DocstringSectionParameters)
        for p in section.value
    }


def test_a_method_documents_every_argument_including_the_request_body() -> None:
    args = _google_args(_method_doc())
    assert args == {
        "id": "The request's ``Id``.",
        "thing": "The request body (``models.Thing``). A thing & its parts.",
    }


def test_long_argument_text_wraps_under_its_item_and_keeps_paragraphs_and_bullets() -> None:
    raw = copy.deepcopy(TINY)
    raw["shapes"]["PutThingRequest"]["members"]["Id"]["documentation"] = (
        "<p>" + "The identifier of the thing, as the service knows it. " * 4 + "</p>"
        "<p>Rules:</p><ul><li><p>one</p></li><li><p>two</p></li></ul>"
    )
    doc = _method_doc(read(raw, "0.0.0"))
    item = doc[doc.index("    id: ") : doc.index("    thing: ")]
    assert all(len(line) <= 92 for line in item.splitlines())
    assert all(line.startswith("        ") for line in item.splitlines()[1:] if line)
    assert "\n\n        Rules:\n\n        - one\n        - two\n" in item
    assert _google_args(doc)["id"].endswith("Rules:\n\n- one\n- two")


def test_reference_pages_list_every_class_once_under_its_public_path() -> None:
    model = _tiny()
    pages = reference.write(model, header(model))
    entries = [
        e
        for rel, text in pages.items()
        if rel.startswith(reference.MODELS_DIR)
        for e in re.findall(r"^::: (\S+)$", text, re.MULTILINE)
    ]
    classes = [s.class_name for s in model.structures() + model.enums()]
    assert sorted(entries) == sorted(f"pinpoint_sdk.models.{c}" for c in classes)
    for name in classes:
        assert (
            f"::: pinpoint_sdk.models.{name}\n"
            in pages[f"{reference.MODELS_DIR}/{reference.page_name(name)}"]
        )


def test_the_index_links_each_class_with_its_first_sentence() -> None:
    index = reference.write(_tiny(), header(_tiny()))[f"{reference.MODELS_DIR}/index.md"]
    assert "| [`Thing`][pinpoint_sdk.models.Thing] | A thing & its parts. |" in index
    assert "| [`PutThingRequest`][pinpoint_sdk.models.PutThingRequest] | The input of" in index


def test_the_operations_page_lists_each_method_under_the_client() -> None:
    page = reference.write(_tiny(), header(_tiny()))[reference.OPERATIONS_PAGE]
    assert re.findall(r"^::: (\S+)$", page, re.MULTILINE) == [
        "pinpoint_sdk.PinpointClient.put_thing"
    ]
