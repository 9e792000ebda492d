"""``from_boto3`` on a 100-campaign ``GetCampaigns`` answer against botocore's own response parser.

Run: ``python -m benchmarks.from_boto3 [--repeats N] [--write-docs]``.
"""

from __future__ import annotations

import cProfile
import json
import pstats
import time
from collections import defaultdict
from typing import Any

import botocore.parsers

import pinpoint_sdk
from benchmarks._report import Section, Table, Verdict, comparison
from benchmarks._timing import in_fresh_process, interleave, machine
from benchmarks._wire import LIST_LENGTH, populated, service_model, to_body
from pinpoint_sdk import models

__all__ = ["BUDGET", "ITEMS", "KEY", "build", "first_call_ns", "run", "where_time_goes"]

KEY = "from_boto3"
ITEMS = 100
#: from_boto3 may take at most this fraction of the time botocore takes to parse the same answer.
BUDGET = 0.35
FIRST_CALL = "benchmarks.from_boto3:first_call_ns"

ABOUT = f"""
What is measured: reading one page of `GetCampaigns` with {ITEMS} campaigns. Every member of
`CampaignResponse`, and of everything nested in it, is set (lists and maps hold {LIST_LENGTH}
entries); the wire dicts are generated from botocore's service model by `benchmarks/_wire.py`.
The page is serialised to the JSON body the service sends, and two things are timed side by side:

- **parser**: `botocore.parsers.create_parser("rest-json").parse(response, output_shape)` for
  `GetCampaigns`: JSON decoding plus botocore's shape walk, what every boto3 call pays;
- **from_boto3**: `pinpoint_sdk.from_boto3(models.CampaignsResponse, parsed["CampaignsResponse"])`,
  what the SDK added on top of that before answers were read once, and what a user calling
  `from_boto3` on a boto3 answer pays;
- **read once** (context): `from_boto3` of `json.loads(body)`, the whole read of a successful
  answer now that the client reads it once (`pinpoint_sdk/_answers.py`), in place of the parser.

Before timing, the benchmark checks that the parser returns exactly the generated dict and that
`to_boto3` of the model gives it back, so both sides work on the same, complete data.
The first `from_boto3` call for a class builds its cattrs functions; that one-off cost is shown
separately and excluded from the medians (each side is warmed up first).

Run: `python -m benchmarks.from_boto3` (add `--write-docs` to refresh this section).

Budget: from_boto3 ≤ {BUDGET} x the parser (median of per-repeat ratios).
"""


def build() -> tuple[dict[str, Any], dict[str, Any], Any, Any]:
    """The wire payload, the HTTP response dict, the output shape and the payload shape."""
    service = service_model()
    operation = service.operation_model("GetCampaigns")
    assert operation.output_shape is not None
    payload_shape = operation.output_shape.members["CampaignsResponse"]
    campaign = service.shape_for("CampaignResponse")
    payload = {
        "Item": [populated(campaign, salt, "Item") for salt in range(ITEMS)],
        "NextToken": "next-page-token",
    }
    response = {
        "status_code": 200,
        "headers": {
            "content-type": "application/json",
            "x-amzn-requestid": "c0ffee00-0000-4000-8000-000000000000",
        },
        "body": to_body(payload_shape, payload),
    }
    return payload, response, operation.output_shape, payload_shape


def first_call_ns() -> int:
    """The first ``from_boto3`` of the page in this process, which builds the cattrs functions."""
    _, response, output_shape, _ = build()
    wire = botocore.parsers.create_parser("rest-json").parse(response, output_shape)
    start = time.perf_counter_ns()
    pinpoint_sdk.from_boto3(models.CampaignsResponse, wire["CampaignsResponse"])
    return time.perf_counter_ns() - start


def _profile_group(filename: str, function: str) -> str:
    if filename.startswith("<cattrs generated structure"):
        return "cattrs-generated `structure_<Class>`, one per model"
    if filename.startswith("<attrs generated") and function == "__init__":
        return "attrs `__init__` of the (frozen) models"
    if filename.endswith("_converter.py"):
        return f"`_converter.py`: `{function}`"
    return "other (builtins: `dict.get`, `dict.items`, ...)"


def where_time_goes(wire: dict[str, Any], pages: int = 3) -> Table:
    """Share of ``from_boto3``'s own time per kind of function, under ``cProfile``.

    The profiler inflates code made of many small calls, so shares are indicative only.
    """
    stats: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    pinpoint_sdk.from_boto3(models.CampaignsResponse, wire)  # hooks built outside the profile
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(pages):
        pinpoint_sdk.from_boto3(models.CampaignsResponse, wire)
    profiler.disable()
    for (filename, _, function), row in pstats.Stats(profiler).stats.items():  # type: ignore[attr-defined]  # undeclared in typeshed
        calls, own = row[1], row[2]
        group = stats[_profile_group(filename, function)]
        group[0] += calls / pages
        group[1] += own
    total = sum(own for _, own in stats.values())
    rows = sorted(stats.items(), key=lambda item: -item[1][1])
    big = [(name, calls, own) for name, (calls, own) in rows if own / total >= 0.01]
    rest = [(calls, own) for _, (calls, own) in rows if own / total < 0.01]
    if rest:
        big.append(("everything else", sum(c for c, _ in rest), sum(o for _, o in rest)))
    return Table(
        header=("function", "calls per page", "share of own time"),
        rows=[(name, f"{calls:,.0f}", f"{own / total:.0%}") for name, calls, own in big],
    )


def run(repeats: int = 31, *, details: bool = True) -> Section:
    """``details=False`` (``--quick``): the timed comparison only, no fresh process nor profile."""
    payload, response, output_shape, _ = build()
    parser = botocore.parsers.create_parser("rest-json")
    parsed = parser.parse(response, output_shape)
    if parsed["CampaignsResponse"] != payload:
        raise AssertionError("the body does not parse back to the generated payload")
    wire = parsed["CampaignsResponse"]

    model = pinpoint_sdk.from_boto3(models.CampaignsResponse, wire)
    if pinpoint_sdk.to_boto3(model) != wire:
        raise AssertionError("from_boto3 then to_boto3 does not give the payload back")

    samples = interleave(
        {
            "parser": lambda: parser.parse(response, output_shape),
            "from_boto3": lambda: pinpoint_sdk.from_boto3(models.CampaignsResponse, wire),
            "read once": lambda: pinpoint_sdk.from_boto3(
                models.CampaignsResponse, json.loads(response["body"])
            ),
        },
        repeats=repeats,
        # A page takes a tenth of a second or more: longer samples average out a busy machine.
        sample_s=0.5,
    )
    extra = (
        [("from_boto3, first call in a fresh process", in_fresh_process(FIRST_CALL))]
        if details
        else []
    )
    table = comparison(samples, "parser", unit="median per page", extra=extra)
    body_kib = len(response["body"]) / 1024
    return Section(
        key=KEY,
        title="from_boto3: reading a GetCampaigns page",
        about=ABOUT,
        machine=machine(),
        tables=[
            (
                f"{repeats} interleaved repeats; body {body_kib:,.0f} KiB; calls per sample: "
                + ", ".join(f"{k} {v}" for k, v in samples.calls_per_sample.items()),
                table,
            ),
            *(
                [
                    (
                        "Where from_boto3's time goes (`cProfile`, grouped; indicative only, as "
                        "the profiler inflates many small calls)",
                        where_time_goes(wire),
                    )
                ]
                if details
                else []
            ),
        ],
        verdicts=[Verdict.of("from_boto3 ÷ parser", samples, "from_boto3", "parser", BUDGET)],
    )


if __name__ == "__main__":
    from benchmarks._cli import main

    main([run])
