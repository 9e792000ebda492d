"""The generator: on a tiny fixture model, and regeneration against what is committed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from codegen import errors as errors_writer
from codegen import models as writer
from codegen.__main__ import header
from codegen.html import html_to_text
from codegen.reader import attribute_name, read
from tests.helpers import needs_the_generators_botocore

ROOT = Path(__file__).resolve().parents[2]

TINY: dict[str, Any] = {
    "metadata": {"apiVersion": "2000-01-01"},
    "operations": {
        "PutThing": {
            "name": "PutThing",
            "http": {"method": "PUT", "requestUri": "/things/{id}", "responseCode": 200},
            "input": {"shape": "PutThingRequest"},
            "output": {"shape": "PutThingResponse"},
            "documentation": "<p>Puts a thing.</p>",
        }
    },
    "shapes": {
        "PutThingRequest": {
            "type": "structure",
            "members": {
                "Id": {"shape": "__string", "location": "uri", "locationName": "id"},
                "Thing": {"shape": "Thing"},
            },
            "required": ["Id", "Thing"],
            "payload": "Thing",
        },
        "PutThingResponse": {
            "type": "structure",
            "members": {"Thing": {"shape": "Thing"}},
            "required": ["Thing"],
            "payload": "Thing",
        },
        "Thing": {
            "type": "structure",
            "members": {
                "Name": {"shape": "__string", "documentation": "<p>The <b>name</b>.</p>"},
                "Kind": {"shape": "Kind"},
                "ApiKey": {"shape": "__string"},
                "Children": {"shape": "ListOfThing"},
            },
            "required": ["Name"],
            "documentation": "<p>A thing &amp; its parts.</p>",
        },
        "ListOfThing": {"type": "list", "member": {"shape": "Thing"}},
        "Kind": {"type": "string", "enum": ["BIG", "SMALL"]},
        "__string": {"type": "string"},
    },
}


def _files() -> dict[str, str]:
    model = read(TINY, "0.0.0")
    return writer.write(model, header(model))


def test_tiny_model_gives_one_module_per_structure_or_enum_and_an_index() -> None:
    files = _files()
    shapes = sorted(p for p in files if "/shapes/" in p and not p.endswith("__init__.py"))
    assert [Path(p).name for p in shapes] == [
        "kind.py",
        "put_thing_request.py",
        "put_thing_response.py",
        "thing.py",
    ]
    index = files["pinpoint_sdk/_generated/index.py"]
    assert '"Thing": "thing"' in index
    assert '"Kind": "kind"' in index  # enums load lazily through the same index
    assert not any(p.endswith("enums.py") for p in files)


def test_the_static_re_exports_live_apart_from_the_index_every_import_loads() -> None:
    files = _files()
    exports = files["pinpoint_sdk/_generated/exports.py"]
    assert "from pinpoint_sdk._generated.shapes.kind import Kind as Kind\n" in exports
    assert "from pinpoint_sdk._generated.shapes.thing import Thing as Thing\n" in exports
    assert "import" not in files["pinpoint_sdk/_generated/index.py"]


def test_two_classes_with_one_module_name_are_refused() -> None:
    shapes = {**TINY["shapes"], "KIND": {"type": "string", "enum": ["X"]}}
    with pytest.raises(ValueError, match=r"Kind and KIND would both be written to shapes/kind\.py"):
        writer.write(read({**TINY, "shapes": shapes}, "0.0.0"), "")


def test_tiny_model_fields_follow_the_rules() -> None:
    thing = _files()["pinpoint_sdk/_generated/shapes/thing.py"]
    assert "DO NOT EDIT" in thing.splitlines()[0]
    assert "    name: str\n" in thing  # required by the model
    assert "    kind: Kind | None = None\n" in thing
    assert "    api_key: str | None = attrs.field(default=None, repr=redact)\n" in thing
    assert "    children: list[Thing] | None = None\n" in thing
    assert '"""A thing & its parts."""' in thing
    assert '"""\n    The name.\n\n    Always present in the service\'s answers;' in thing


def test_required_members_of_returned_shapes_are_typed_as_present() -> None:
    response = _files()["pinpoint_sdk/_generated/shapes/put_thing_response.py"]
    assert "    thing: Thing\n" in response
    assert "an answer that lacked it reads as an empty ``Thing``" in response


def test_models_repr_only_the_members_that_are_set() -> None:
    thing = _files()["pinpoint_sdk/_generated/shapes/thing.py"]
    assert "from pinpoint_sdk._base import model_repr, redact\n" in thing
    assert "    __repr__ = model_repr\n" in thing


def test_enums_are_rendered_with_their_values() -> None:
    kind = _files()["pinpoint_sdk/_generated/shapes/kind.py"]
    assert "class Kind(PinpointEnum):" in kind
    assert '    BIG = "BIG"' in kind


def test_attribute_names() -> None:
    assert attribute_name("APNSMessage") == "apns_message"
    assert attribute_name("RequestID") == "request_id"
    assert attribute_name("tags") == "tags"
    assert attribute_name("URLs") == "urls"


def test_html_to_text() -> None:
    assert html_to_text("<p>One <code>x</code>.</p><ul><li><p>a</p></li></ul>") == "One x.\n\n- a"
    assert html_to_text("") == ""


def _with_errors() -> dict[str, Any]:
    """TINY plus two error shapes PutThing answers with: a status the generator has words for,
    and one it has not (the model's own documentation stands)."""

    def error(status: int, doc: str) -> dict[str, Any]:
        return {
            "type": "structure",
            "members": {"Message": {"shape": "__string"}},
            "exception": True,
            "error": {"httpStatusCode": status},
            "documentation": doc,
        }

    shapes = {
        **TINY["shapes"],
        "TeapotException": error(418, "<p>The thing is a <b>teapot</b>.</p>"),
        "NoSuchThingException": error(404, "<p>Provides information about a response.</p>"),
    }
    put = {**TINY["operations"]["PutThing"]}
    put["errors"] = [{"shape": "TeapotException"}, {"shape": "NoSuchThingException"}]
    return {**TINY, "shapes": shapes, "operations": {"PutThing": put}}


def _error_classes() -> dict[str, Any]:
    """The errors module written for ``_with_errors()``, run: its names."""
    model = read(_with_errors(), "0.0.0")
    source = errors_writer.write(model, header(model))["pinpoint_sdk/_generated/errors.py"]
    assert "DO NOT EDIT" in source.splitlines()[0]
    namespace: dict[str, Any] = {}
    exec(compile(source, "errors.py", "exec"), namespace)
    return namespace


def test_each_error_shape_is_a_pinpoint_error_named_as_the_shape_in_status_order() -> None:
    from pinpoint_sdk.errors import PinpointError

    written = _error_classes()
    assert written["__all__"] == ["NoSuchThingException", "TeapotException", "BY_CODE"]
    assert list(written["BY_CODE"]) == ["NoSuchThingException", "TeapotException"]
    for code, cls in written["BY_CODE"].items():
        assert cls is written[code]
        assert issubclass(cls, PinpointError)
        assert cls.code == code
        assert cls.__module__ == "pinpoint_sdk.errors"  # their public home


def test_an_error_class_says_what_its_status_means_or_what_the_model_says() -> None:
    written = _error_classes()
    assert written["NoSuchThingException"].__doc__ == "The resource does not exist (HTTP 404)."
    assert written["TeapotException"].__doc__ == "The thing is a teapot (HTTP 418)."


@needs_the_generators_botocore
def test_committed_generated_code_matches_the_generator() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "codegen", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _with_version_lookup() -> dict[str, Any]:
    """TINY plus ``GetThingVersion``: ``Version`` a string in its URI, an integer in its answer."""
    shapes = {
        **TINY["shapes"],
        "GetThingVersionRequest": {
            "type": "structure",
            "members": {
                "Version": {"shape": "__string", "location": "uri", "locationName": "version"},
                "Label": {"shape": "__string", "location": "querystring", "locationName": "l"},
            },
            "required": ["Version"],
        },
        "VersionedThing": {
            "type": "structure",
            "members": {"Version": {"shape": "__integer"}, "Label": {"shape": "__string"}},
        },
        "__integer": {"type": "integer"},
    }
    operation = {
        "name": "GetThingVersion",
        "http": {"method": "GET", "requestUri": "/things/versions/{version}"},
        "input": {"shape": "GetThingVersionRequest"},
        "output": {"shape": "VersionedThing"},
    }
    return {
        **TINY,
        "shapes": shapes,
        "operations": {**TINY["operations"], "GetThingVersion": operation},
    }


def test_a_string_input_whose_namesake_in_the_answer_is_an_integer_takes_an_integer() -> None:
    model = read(_with_version_lookup(), "0.0.0")
    request = model.shapes["GetThingVersionRequest"]
    assert request.member("Version").int_as_string
    assert not request.member("Label").int_as_string  # a string in the answer too
    assert not model.shapes["VersionedThing"].member("Version").int_as_string
    source = writer.write(model, header(model))[
        "pinpoint_sdk/_generated/shapes/get_thing_version_request.py"
    ]
    assert "    version: str | int\n" in source
    assert "    label: str | None = None\n" in source
