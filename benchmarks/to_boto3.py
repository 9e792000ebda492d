"""``to_boto3`` of a fully populated ``CreateCampaign`` request against botocore's serializer.

Run: ``python -m benchmarks.to_boto3 [--repeats N] [--write-docs]``.
"""

from __future__ import annotations

import time
from typing import Any

import botocore.serialize
import botocore.validate

import pinpoint_sdk
from benchmarks._report import Section, Verdict, comparison
from benchmarks._timing import in_fresh_process, interleave, machine
from benchmarks._wire import LIST_LENGTH, populated, service_model
from pinpoint_sdk import models

__all__ = ["BUDGET", "KEY", "build", "first_call_ns", "run"]

KEY = "to_boto3"
#: to_boto3 may take at most this fraction of the time botocore takes to serialise the request.
BUDGET = 0.5

ABOUT = f"""
What is measured: writing one `CreateCampaign` request whose `WriteCampaignRequest` has every
member set, all the way down (lists and maps hold {LIST_LENGTH} entries). The params dict is
generated from botocore's service model by `benchmarks/_wire.py`; the model is built from it with
`from_boto3(models.CreateCampaignRequest, params)`, and `to_boto3(model) == params` is checked
before timing. Timed side by side:

- **to_boto3**: `pinpoint_sdk.to_boto3(model)`, which checks every value's type on the way out;
- **serializer**: `create_serializer("rest-json", include_validation=False)
  .serialize_to_request(params, operation_model)`, botocore turning params into the HTTP request;
- **validator** (context): `botocore.validate.ParamValidator().validate(params, input_shape)`,
  the check a boto3 client runs before serialising (its default `parameter_validation=True`);
- **serializer + validator** (context): `create_serializer("rest-json")` with its default
  `include_validation=True`, what a boto3 client actually runs per call.

The first `to_boto3` in a fresh process, after `from_boto3` has loaded the model classes, is shown
separately: it builds the cattrs functions for writing.

Run: `python -m benchmarks.to_boto3` (add `--write-docs` to refresh this section).

Budget: to_boto3 ≤ {BUDGET} x the serializer *without* validation (the stricter of the two readings).
"""


def build() -> tuple[dict[str, Any], Any]:
    """The request params as boto3 takes them, and the ``CreateCampaign`` operation model."""
    operation = service_model().operation_model("CreateCampaign")
    assert operation.input_shape is not None
    return populated(operation.input_shape, 0, "CreateCampaign"), operation


def first_call_ns() -> int:
    """The first ``to_boto3`` of the request in this process, which builds the cattrs functions."""
    params, _ = build()
    model = pinpoint_sdk.from_boto3(models.CreateCampaignRequest, params)
    start = time.perf_counter_ns()
    pinpoint_sdk.to_boto3(model)
    return time.perf_counter_ns() - start


def run(repeats: int = 21) -> Section:
    params, operation = build()
    model = pinpoint_sdk.from_boto3(models.CreateCampaignRequest, params)
    if pinpoint_sdk.to_boto3(model) != params:
        raise AssertionError("to_boto3 does not give the generated params back")
    report = botocore.validate.ParamValidator().validate(params, operation.input_shape)
    if report.has_errors():
        raise AssertionError(report.generate_report())

    serializer = botocore.serialize.create_serializer("rest-json", include_validation=False)
    validating_serializer = botocore.serialize.create_serializer("rest-json")
    validator = botocore.validate.ParamValidator()
    samples = interleave(
        {
            "to_boto3": lambda: pinpoint_sdk.to_boto3(model),
            "serializer": lambda: serializer.serialize_to_request(params, operation),
            "validator": lambda: validator.validate(params, operation.input_shape),
            "serializer + validator": lambda: validating_serializer.serialize_to_request(
                params, operation
            ),
        },
        repeats=repeats,
    )
    first_call = in_fresh_process("benchmarks.to_boto3:first_call_ns")
    table = comparison(
        samples,
        "serializer",
        unit="median per request",
        extra=[("to_boto3, first call in a fresh process (classes loaded)", first_call)],
    )
    return Section(
        key=KEY,
        title="to_boto3: writing a CreateCampaign request",
        about=ABOUT,
        machine=machine(),
        tables=[
            (
                f"{repeats} interleaved repeats; calls per sample: "
                + ", ".join(f"{k} {v}" for k, v in samples.calls_per_sample.items()),
                table,
            )
        ],
        verdicts=[
            Verdict.of("to_boto3 ÷ serializer", samples, "to_boto3", "serializer", BUDGET),
        ],
        notes=[
            "For context, to_boto3 ÷ (serializer + validator) = "
            f"{samples.ratio('to_boto3', 'serializer + validator'):.2f}: "
            "the share of a boto3 client's own request preparation that the SDK adds."
        ],
    )


if __name__ == "__main__":
    from benchmarks._cli import main

    main([run])
