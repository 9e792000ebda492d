"""The availability table: one row per operation of the model, successors that exist, the docs
page rendering it, and the two decisions the clients make from it (is this endpoint AWS's, is this
answer AWS refusing a retired call)."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import botocore
import botocore.session
import pytest

import pinpoint_sdk
from pinpoint_sdk import AvailabilityStatus, availability, availability_table
from pinpoint_sdk._availability import markdown_table, migration_table
from pinpoint_sdk._retired_calls import AWS_DNS_SUFFIXES, is_aws_endpoint, is_retirement_refusal

ROOT = Path(__file__).resolve().parent.parent
SESSION = botocore.session.get_session()
PINPOINT = SESSION.get_service_model("pinpoint")


def test_every_operation_of_the_model_has_exactly_one_row() -> None:
    operations = [row.operation for row in availability_table()]
    assert len(operations) == len(set(operations)) == 122
    assert set(operations) == set(PINPOINT.operation_names)


def test_a_row_is_found_by_the_models_name_and_by_the_clients_method_name() -> None:
    assert availability("CreateCampaign") is availability("create_campaign")
    assert availability("SendOTPMessage") is availability("send_otp_message")


def test_a_name_that_is_not_an_operation_is_refused_with_what_was_expected() -> None:
    with pytest.raises(ValueError, match="'CreateWidget' is not an operation"):
        availability("CreateWidget")


@pytest.mark.parametrize(
    ("operation", "status"),
    [
        ("CreateCampaign", AvailabilityStatus.RETIRED),
        ("UpdateEndpointsBatch", AvailabilityStatus.RETIRED),
        ("CreateEmailTemplate", AvailabilityStatus.RETIRED),
        ("PutEvents", AvailabilityStatus.RETIRED),
        ("SendMessages", AvailabilityStatus.LIVE),
        ("SendOTPMessage", AvailabilityStatus.LIVE),
        ("PhoneNumberValidate", AvailabilityStatus.LIVE),
        ("UpdateApnsChannel", AvailabilityStatus.LIVE),
        ("PutEventStream", AvailabilityStatus.UNCLEAR),
        ("TagResource", AvailabilityStatus.UNCLEAR),
    ],
)
def test_the_guides_categories_decide_the_status(
    operation: str, status: AvailabilityStatus
) -> None:
    assert availability(operation).status is status


def test_only_retired_rows_have_a_retirement_date() -> None:
    for row in availability_table():
        expected = datetime.date(2026, 10, 30) if row.status == "retired" else None
        assert row.retired_on == expected, row.operation


def test_every_row_says_why_and_where_from() -> None:
    for row in availability_table():
        assert row.reason.strip(), row.operation
        assert row.source.url.startswith("https://docs.aws.amazon.com/"), row.operation
        assert row.source.says.strip(), row.operation


def test_an_unclear_row_says_what_is_unknown() -> None:
    for row in availability_table():
        if row.status is AvailabilityStatus.UNCLEAR:
            assert re.search(r"does not|says nothing|not name", row.reason), row.operation


@pytest.mark.parametrize(
    "service",
    sorted({call.service for row in availability_table() for call in row.successors}),
)
def test_every_successor_call_is_an_operation_of_its_service(service: str) -> None:
    # The successors are checked against the botocore constraints.txt pins: an older one (the
    # lowest-dependency run's floor) lacks operations those services added since.
    pinned = re.search(r"^botocore==(\S+)$", (ROOT / "constraints.txt").read_text(), re.M)
    assert pinned is not None
    if botocore.__version__ != pinned.group(1):
        pytest.skip(f"successors are checked with botocore {pinned.group(1)}, the pinned one")
    if service not in SESSION.get_available_services():
        pytest.skip(f"botocore {botocore.__version__} does not know {service}")
    operations = set(SESSION.get_service_model(service).operation_names)
    for row in availability_table():
        for call in row.successors:
            if call.service == service:
                assert call.operation in operations, (row.operation, str(call))


def test_the_docs_page_shows_the_table_as_the_package_has_it() -> None:
    page = (ROOT / "docs" / "availability.md").read_text()
    start, end = "<!-- availability-table:start -->\n", "<!-- availability-table:end -->"
    shown = page[page.index(start) + len(start) : page.index(end)]
    assert shown == markdown_table(), (
        "docs/availability.md is stale: replace the table with the output of "
        "`python -c 'import pinpoint_sdk._availability as a; print(a.markdown_table(), end=\"\")'`"
    )


def test_the_migration_guide_maps_every_retired_operation_as_the_package_does() -> None:
    page = (ROOT / "docs" / "migration.md").read_text()
    start, end = "<!-- migration-map:start -->\n", "<!-- migration-map:end -->"
    shown = page[page.index(start) + len(start) : page.index(end)]
    assert shown == migration_table(), (
        "docs/migration.md is stale: replace the map with the output of "
        "`python -c 'import pinpoint_sdk._availability as a; print(a.migration_table(), end=\"\")'`"
    )
    retired = [row for row in availability_table() if row.status is AvailabilityStatus.RETIRED]
    assert len(shown.splitlines()) == 2 + len(retired)


def test_the_table_is_rendered_one_line_per_operation() -> None:
    lines = markdown_table().splitlines()
    assert [line.startswith("| `") for line in lines[2:124]] == [True] * 122
    assert not lines[124].startswith("|")
    assert lines[2].startswith("| `CreateApp` | live |")


def test_the_package_exports_the_lookup_and_its_types() -> None:
    assert pinpoint_sdk.availability is availability
    assert issubclass(pinpoint_sdk.RetiredOperationWarning, DeprecationWarning)
    assert issubclass(pinpoint_sdk.OperationRetiredError, pinpoint_sdk.errors.PinpointError)


# Is this endpoint AWS's?


def test_every_dns_suffix_of_botocores_partitions_counts_as_aws() -> None:
    data = json.loads((Path(botocore.__file__).parent / "data" / "partitions.json").read_text())
    suffixes = {
        partition["outputs"][key]
        for partition in data["partitions"]
        for key in ("dnsSuffix", "dualStackDnsSuffix")
        if key in partition["outputs"]
    }
    assert suffixes <= set(AWS_DNS_SUFFIXES)


@pytest.mark.parametrize(
    "url",
    [
        "https://pinpoint.us-east-1.amazonaws.com",
        "https://pinpoint-fips.us-gov-west-1.amazonaws.com",
        "https://pinpoint.cn-north-1.amazonaws.com.cn",
        "https://vpce-0abc-1234.pinpoint.eu-west-1.vpce.amazonaws.com",
        "https://pinpoint.eu-west-1.api.aws",
        "https://PINPOINT.US-EAST-1.AMAZONAWS.COM./",
    ],
)
def test_aws_own_endpoints_are_aws(url: str) -> None:
    assert is_aws_endpoint(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:4700",
        "http://localhost:4566",
        "http://[::1]:5000",
        "https://localhost.localstack.cloud:4566",
        "http://moto:5000",
        "https://pinpoint.example.com",
        "https://amazonaws.com.attacker.example",
        "https://notamazonaws.com",
        None,
    ],
)
def test_the_emulator_and_custom_endpoints_are_not_aws(url: str | None) -> None:
    assert not is_aws_endpoint(url)


# Is this answer AWS refusing a retired call?

SAYS_RETIRED = "Amazon Pinpoint engagement features reached end of support on October 30, 2026."


@pytest.mark.parametrize(
    "message",
    [
        SAYS_RETIRED,
        "This API is no longer supported.",
        "Campaigns are no longer available",
        "The operation has been discontinued",
        "Amazon Pinpoint campaigns are retired",
        "end-of-life",
    ],
)
def test_a_client_error_on_a_retired_operation_that_says_so_is_a_refusal(message: str) -> None:
    assert is_retirement_refusal("CreateCampaign", 403, message)


@pytest.mark.parametrize(
    ("operation", "status", "message"),
    [
        ("SendMessages", 403, SAYS_RETIRED),  # a live operation
        ("TagResource", 403, SAYS_RETIRED),  # an unclear one: the table does not say retired
        ("CreateCampaign", 403, "User is not authorized to perform mobiletargeting:CreateCampaign"),
        ("GetCampaign", 404, "Resource not found"),
        ("GetCampaign", 429, SAYS_RETIRED),  # throttled: retried as throttling
        ("GetCampaign", 500, SAYS_RETIRED),  # a server error is not a refusal
        ("GetCampaign", None, SAYS_RETIRED),
        ("GetCampaign", 400, "The campaign's retiredAt attribute is invalid"),
    ],
)
def test_an_ordinary_error_is_never_a_refusal(
    operation: str, status: int | None, message: str
) -> None:
    assert not is_retirement_refusal(operation, status, message)


@pytest.mark.parametrize(
    ("page", "heading"),
    [("README.md", "## Which calls still work on AWS"), ("docs/availability.md", "# Which calls")],
)
def test_the_availability_examples_of_the_docs_run_as_written(page: str, heading: str) -> None:
    text = (ROOT / page).read_text()
    section = text[text.index(heading) :]
    block = re.search(r"```python\n(.*?)```", section, flags=re.DOTALL)
    assert block is not None
    exec(block.group(1), {})
