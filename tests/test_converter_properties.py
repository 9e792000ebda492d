"""Property tests over every structure shape of the service model."""

from __future__ import annotations

from typing import Any

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
