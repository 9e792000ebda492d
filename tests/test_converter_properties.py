"""Property tests over every structure shape of the service model."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from botocore.validate import ParamValidator
from hypothesis import given
from hypothesis import strategies as st

from codegen.reader import load_botocore, shape_class_name
from pinpoint_sdk import from_boto3, models, to_boto3
from pinpoint_sdk.errors import ConversionError
from tests.strategies import LEAK_MARKER, hostile, json_values, service_model, structure_names, wire

_RECORDS = load_botocore()
_SENT = sorted(n for n in structure_names() if _RECORDS.shapes[n].sent)


def _cls(shape_name: str) -> Any:
    return getattr(models, shape_class_name(shape_name))


@pytest.mark.parametrize("shape_name", structure_names())
def test_round_trip_is_exact(shape_name: str) -> None:
    cls = _cls(shape_name)

    @given(wire(shape_name))
    def check(data: dict[str, Any]) -> None:
        assert to_boto3(from_boto3(cls, data)) == data

    check()


@pytest.mark.parametrize("shape_name", _SENT)
def test_what_to_boto3_sends_passes_botocore_validation(shape_name: str) -> None:
    cls = _cls(shape_name)
    shape = service_model().shape_for(shape_name)

    @given(wire(shape_name))
    def check(data: dict[str, Any]) -> None:
        report = ParamValidator().validate(to_boto3(from_boto3(cls, data)), shape)
        assert not report.has_errors(), report.generate_report()

    check()


#: What a caller may put in any attribute of a model it builds (attrs checks no types): any JSON
#: value, and Python values JSON has no room for, a model of another shape among them.
_ANY_PYTHON: st.SearchStrategy[Any] = st.one_of(
    json_values,
    st.binary(max_size=3),
    st.datetimes(),
    st.floats(),
    st.sampled_from(
        [models.ChannelType.SMS, models.Frequency.ONCE, ("a", "b"), frozenset({"a"}), object()]
    ),
    st.builds(models.Schedule, start_time=st.text(max_size=2)),
    st.lists(st.builds(models.QuietTime, start=st.text(max_size=2)), max_size=2),
    st.dictionaries(
        st.text(max_size=2),
        st.builds(models.AttributeDimension, values=st.lists(st.text(max_size=2), max_size=2)),
        max_size=2,
    ),
)


def _slots(model: Any) -> list[tuple[Any, str]]:
    """Every (model, attribute name) reachable from ``model``: its own, and those of the models
    it holds, in lists and maps too."""
    found: list[tuple[Any, str]] = []
    todo = [model]
    while todo:
        held = todo.pop()
        for field in attrs.fields(type(held)):
            found.append((held, field.name))
            value = getattr(held, field.name)
            if isinstance(value, dict):
                value = list(value.values())
            todo.extend(
                x for x in (value if isinstance(value, list) else [value]) if attrs.has(type(x))
            )
    return found


@pytest.mark.parametrize("shape_name", _SENT)
def test_any_model_a_caller_builds_is_refused_or_passes_botocore_validation(
    shape_name: str,
) -> None:
    """A client the SDK builds leaves botocore's check of a typed request's parameters out
    (``_base_client.check_built``): ``to_boto3`` must refuse whatever that check would refuse,
    whatever a caller put in whichever attribute, at any depth."""
    cls = _cls(shape_name)
    shape = service_model().shape_for(shape_name)

    @given(wire(shape_name), st.data())
    def check(data: dict[str, Any], draw: st.DataObject) -> None:
        model = from_boto3(cls, data)
        holder, name = draw.draw(st.sampled_from(_slots(model)), label="attribute")
        object.__setattr__(holder, name, draw.draw(_ANY_PYTHON, label="value"))  # a frozen model
        try:
            written = to_boto3(model)
        except ConversionError:
            return
        report = ParamValidator().validate(written, shape)
        assert not report.has_errors(), report.generate_report()

    check()


def _read_or_conversion_error(cls: Any, data: Any) -> None:
    """``from_boto3`` either reads ``data`` into a model ``to_boto3`` can write back, or raises
    ``ConversionError`` (and nothing else) without showing any value it was given."""
    try:
        read = from_boto3(cls, data)
    except ConversionError as error:
        message = f"{error} {error!r}"
    else:
        assert type(read) is cls
        to_boto3(read)
        return
    assert LEAK_MARKER not in message


@pytest.mark.parametrize("shape_name", structure_names())
def test_any_json_in_any_slot_reads_or_raises_only_conversion_error(shape_name: str) -> None:
    cls = _cls(shape_name)

    @given(hostile(shape_name))
    def check(data: Any) -> None:
        _read_or_conversion_error(cls, data)

    check()


@given(st.sampled_from(structure_names()), json_values)
def test_any_json_value_as_a_whole_answer_reads_or_raises_only_conversion_error(
    shape_name: str, data: Any
) -> None:
    _read_or_conversion_error(_cls(shape_name), data)
