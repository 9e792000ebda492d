"""The API reference documents every model under its public path, and every method argument.

The site is read as mkdocstrings reads the code: griffe, with the project's griffe extension
(``docs/griffe_pinpoint.py``) and Google-style docstrings, as ``mkdocs.yml`` configures it. The
built site is checked too, by ``make docs``: strict mode fails on an entry griffe cannot resolve, and
the hook ``docs/check_reference.py`` on one missing from the site's inventory.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import botocore.session
import griffe
import pytest

from pinpoint_sdk import models
from pinpoint_sdk._generated.index import __all__ as model_names

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "docs" / "reference" / "models"
ENTRY = re.compile(r"^::: (\S+)$", re.MULTILINE)


@pytest.fixture(scope="module")
def package() -> griffe.Module:
    loader = griffe.GriffeLoader(
        search_paths=[str(ROOT)],
        extensions=griffe.load_extensions(str(ROOT / "docs" / "griffe_pinpoint.py")),
        docstring_parser="google",
    )
    module = loader.load("pinpoint_sdk")
    loader.resolve_aliases(implicit=False, external=None)
    assert isinstance(module, griffe.Module)
    return module


def _entries() -> list[str]:
    return [e for page in sorted(REFERENCE.glob("*.md")) for e in ENTRY.findall(page.read_text())]


def _public_classes() -> Iterator[tuple[str, Any]]:
    for name in model_names:
        yield name, getattr(models, name)


def test_every_structure_that_is_not_an_error_has_an_entry_under_its_public_path() -> None:
    raw = botocore.session.get_session().get_service_model("pinpoint")
    wanted = {
        name
        for name in raw.shape_names
        if raw.shape_for(name).type_name == "structure"
        and not raw.shape_for(name).metadata.get("exception")
    }
    public = {
        cls.__dict__["__shape_name__"]: f"models.{name}"
        for name, cls in _public_classes()
        if attrs.has(cls)
    }
    assert wanted <= public.keys(), f"no public class for {sorted(wanted - public.keys())[:5]}"
    entries = set(_entries())
    missing = sorted(shape for shape in wanted if f"pinpoint_sdk.{public[shape]}" not in entries)
    assert missing == [], f"{len(missing)} structures have no reference entry: {missing[:5]}"


def test_every_enum_has_an_entry_under_its_public_path() -> None:
    enums = {f"pinpoint_sdk.models.{n}" for n, cls in _public_classes() if not attrs.has(cls)}
    assert enums, "pinpoint_sdk.models exports no enum"
    assert enums - set(_entries()) == set()


def test_entries_resolve_to_the_class_with_its_keyword_only_constructor(
    package: griffe.Module,
) -> None:
    for entry in _entries():
        documented = package.modules_collection.get_member(entry)
        assert documented.path == entry, f"{entry} is shown as {documented.path}"
        assert documented.is_class, entry
        cls = getattr(models, entry.rpartition(".")[2])
        if not attrs.has(cls):
            continue  # an enum: its members are its values
        init = documented["__init__"]  # an alias of the class's, as the class is one
        assert init.is_function, entry
        parameters = [p for p in init.parameters if p.name != "self"]
        assert [p.name for p in parameters] == [f.alias for f in attrs.fields(cls)], entry
        assert all(p.kind is griffe.ParameterKind.keyword_only for p in parameters), entry
        assert all(p.annotation is not None for p in parameters), entry


def test_an_entry_shows_each_attribute_with_its_type_and_text(package: griffe.Module) -> None:
    documented = package.modules_collection.get_member("pinpoint_sdk.models.WriteCampaignRequest")
    schedule = documented["schedule"]
    assert str(schedule.annotation) == "Schedule | None"
    assert schedule.docstring is not None
    assert "schedule settings for the campaign" in schedule.docstring.value


def test_every_reference_page_is_in_the_nav() -> None:
    in_nav = set(re.findall(r":\s*(\S+\.md)\s*$", (ROOT / "mkdocs.yml").read_text(), re.MULTILINE))
    on_disk = {str(p.relative_to(ROOT / "docs")) for p in REFERENCE.glob("*.md")}
    assert on_disk - in_nav == set()


def _undocumented(method: griffe.Function, docstring: griffe.Docstring | None) -> list[str]:
    """``name(argument)`` for each argument of ``method`` its docstring's Args do not describe."""
    arguments = {p.name for p in method.parameters if p.name != "self"}
    assert docstring is not None, method.name
    documented = {
        parameter.name: parameter.description
        for section in docstring.parse()
        if isinstance(section, griffe.DocstringSectionParameters)
        for parameter in section.value
    }
    assert documented.keys() <= arguments, method.name  # no stale names
    return [f"{method.name}({name})" for name in arguments if not documented.get(name, "").strip()]


def test_every_client_method_documents_every_argument(package: griffe.Module) -> None:
    operations = package.modules_collection.get_member(
        "pinpoint_sdk._generated.client.PinpointOperations"
    )
    undocumented: list[str] = []
    for method in operations.members.values():
        if not isinstance(method, griffe.Function) or method.name.startswith("_"):
            continue
        undocumented += _undocumented(method, method.docstring)
    assert undocumented == []


def test_the_hand_written_client_methods_document_every_argument(package: griffe.Module) -> None:
    client = package.modules_collection.get_member("pinpoint_sdk._client.PinpointClient")
    undocumented: list[str] = []
    for method in client.members.values():
        if not isinstance(method, griffe.Function) or method.name.startswith("__"):
            continue
        if method.name.startswith("_"):
            continue
        undocumented += _undocumented(method, method.docstring)
    # The constructor's arguments are documented on the class, as mkdocstrings shows them.
    undocumented += _undocumented(client.members["__init__"], client.docstring)
    assert undocumented == []


def test_every_operation_method_has_an_entry_under_the_client(package: griffe.Module) -> None:
    operations = package.modules_collection.get_member(
        "pinpoint_sdk._generated.client.PinpointOperations"
    )
    methods = {name for name in operations.members if not name.startswith("_")}
    page = (ROOT / "docs" / "reference" / "operations.md").read_text()
    entries = set(ENTRY.findall(page))
    assert entries == {f"pinpoint_sdk.PinpointClient.{name}" for name in methods}
    for entry in sorted(entries):
        documented = package.modules_collection[
            entry
        ]  # inherited members, as mkdocstrings finds them
        assert documented.path == entry
        assert documented.is_function, entry


def test_a_payload_argument_says_what_it_is() -> None:
    from pinpoint_sdk._generated.client import PinpointOperations

    doc = PinpointOperations.create_campaign.__doc__ or ""
    body = doc.split("write_campaign_request:", 1)[1]
    assert body.split()[:4] == ["The", "request", "body", "(``models.WriteCampaignRequest``)."]
