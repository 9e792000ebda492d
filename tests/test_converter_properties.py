"""Property tests over every structure shape of the service model."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.validate import ParamValidator
from hypothesis import given

from codegen.reader import load_botocore, shape_class_name
from pinpoint_sdk import from_boto3, models, to_boto3
from tests.strategies import service_model, structure_names, wire

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
