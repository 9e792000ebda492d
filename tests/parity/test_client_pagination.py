"""iter_* methods of both clients over a stubbed boto3 / aiobotocore client (botocore's Stubber,
aiobotocore's AioStubber): the 7 seed paginators and the rules every paginator follows (resume,
loop guard, a retried page, max_items, the page view)."""

from __future__ import annotations

import copy
import importlib
from collections.abc import Iterator
from typing import Any

import pytest

from pinpoint_sdk import errors, models
from pinpoint_sdk._async_pagination import AsyncPaginator
from pinpoint_sdk._pagination import Paginator
from tests.client.conftest import SeedStubber
from tests.client.fakes import FakeTime
from tests.parity.conftest import Either
from tests.seed import seed_operations

# iterator, the operation it walks, its arguments, and the same as wire params.
SEED_PAGINATORS: list[tuple[str, str, dict[str, str], dict[str, str]]] = [
    ("iter_campaigns", "GetCampaigns", {"application_id": "app"}, {"ApplicationId": "app"}),
    ("iter_segments", "GetSegments", {"application_id": "app"}, {"ApplicationId": "app"}),
    ("iter_import_jobs", "GetImportJobs", {"application_id": "app"}, {"ApplicationId": "app"}),
    (
        "iter_segment_import_jobs",
        "GetSegmentImportJobs",
        {"application_id": "app", "segment_id": "s1"},
        {"ApplicationId": "app", "SegmentId": "s1"},
    ),
    (
        "iter_campaign_versions",
        "GetCampaignVersions",
        {"application_id": "app", "campaign_id": "c1"},
        {"ApplicationId": "app", "CampaignId": "c1"},
    ),
    (
        "iter_segment_versions",
        "GetSegmentVersions",
        {"application_id": "app", "segment_id": "s1"},
        {"ApplicationId": "app", "SegmentId": "s1"},
    ),
    (
        "iter_campaign_activities",
        "GetCampaignActivities",
        {"application_id": "app", "campaign_id": "c1"},
        {"ApplicationId": "app", "CampaignId": "c1"},
    ),
]


def page(operation: str, ids: list[str], next_token: str | None) -> dict[str, Any]:
    """A page of ``operation``'s answer, shaped as the seed's example, holding items ``ids``."""
    (seed,) = (op for op in seed_operations() if op.name == operation)
    (payload_name, payload), *_ = seed.response.items()
    template = payload["Item"][0]
    body: dict[str, Any] = {"Item": [{**copy.deepcopy(template), "Id": i} for i in ids]}
    if next_token is not None:
        body["NextToken"] = next_token
    return {payload_name: body}


def method_of(operation: str) -> str:
    return next(op.method for op in seed_operations() if op.name == operation)


@pytest.fixture
def raw(either: Either) -> Any:
    return either.plain("http://127.0.0.1:4700")


@pytest.fixture
def stub(either: Either, raw: Any) -> Iterator[SeedStubber]:
    kind: Any = SeedStubber
    if either.is_async:
        aio_stubber = importlib.import_module("aiobotocore.stub").AioStubber
        kind = type("AioSeedStubber", (SeedStubber, aio_stubber), {})
    with kind(raw) as stubbed:
        yield stubbed
        stubbed.assert_no_pending_responses()


@pytest.fixture
def client(either: Either, raw: Any, stub: SeedStubber) -> Any:
    return either.make(client=raw)


@pytest.mark.parametrize(
    ("iterator", "operation", "arguments", "wire"),
    SEED_PAGINATORS,
    ids=[p[0] for p in SEED_PAGINATORS],
)
def test_walks_three_pages_one_request_each(
    either: Either,
    client: Any,
    stub: SeedStubber,
    iterator: str,
    operation: str,
    arguments: dict[str, str],
    wire: dict[str, str],
) -> None:
    method = method_of(operation)
    stub.add_response(method, page(operation, ["1", "2"], "t2"), {**wire, "PageSize": "2"})
    stub.add_response(
        method, page(operation, ["3", "4"], "t3"), {**wire, "PageSize": "2", "Token": "t2"}
    )
    stub.add_response(
        method, page(operation, ["5"], None), {**wire, "PageSize": "2", "Token": "t3"}
    )
    items = either.collect(getattr(client, iterator)(**arguments, page_size=2))
    assert [item.id for item in items] == ["1", "2", "3", "4", "5"]
    stub.assert_no_pending_responses()


def test_items_are_typed_models(either: Either, client: Any, stub: SeedStubber) -> None:
    stub.add_response("get_campaigns", page("GetCampaigns", ["1"], None))
    (campaign,) = either.collect(client.iter_campaigns(application_id="app"))
    assert isinstance(campaign, models.CampaignResponse)


def test_nothing_is_requested_until_iteration(
    either: Either, client: Any, stub: SeedStubber
) -> None:
    paginator = client.iter_campaigns(application_id="app")
    assert isinstance(paginator, AsyncPaginator if either.is_async else Paginator)
    stub.assert_no_pending_responses()  # and the stub would refuse an unexpected request


def test_a_repeated_token_raises(either: Either, client: Any, stub: SeedStubber) -> None:
    stub.add_response("get_campaigns", page("GetCampaigns", ["1"], "A"))
    stub.add_response("get_campaigns", page("GetCampaigns", ["2"], "B"))
    stub.add_response("get_campaigns", page("GetCampaigns", ["3"], "A"))
    with pytest.raises(errors.PaginationError, match="GetCampaigns"):
        either.collect(client.iter_campaigns(application_id="app"))


def test_resumes_from_a_token(either: Either, client: Any, stub: SeedStubber) -> None:
    stub.add_response(
        "get_campaigns", page("GetCampaigns", ["3"], None), {"ApplicationId": "app", "Token": "t2"}
    )
    items = either.collect(client.iter_campaigns(application_id="app", starting_token="t2"))
    assert [c.id for c in items] == ["3"]


def test_a_throttled_page_is_retried_without_refetching_earlier_pages(
    either: Either, client: Any, stub: SeedStubber, fake_time: FakeTime
) -> None:
    stub.add_response("get_campaigns", page("GetCampaigns", ["1"], "t2"), {"ApplicationId": "app"})
    stub.add_client_error(
        "get_campaigns",
        service_error_code="TooManyRequestsException",
        http_status_code=429,
        expected_params={"ApplicationId": "app", "Token": "t2"},
    )
    stub.add_response(
        "get_campaigns", page("GetCampaigns", ["2"], "t3"), {"ApplicationId": "app", "Token": "t2"}
    )
    stub.add_response(
        "get_campaigns", page("GetCampaigns", ["3"], None), {"ApplicationId": "app", "Token": "t3"}
    )
    assert [c.id for c in either.collect(client.iter_campaigns(application_id="app"))] == [
        "1",
        "2",
        "3",
    ]
    assert len(fake_time.sleeps) == 1


def test_max_items_stops_the_walk(either: Either, client: Any, stub: SeedStubber) -> None:
    stub.add_response("get_campaigns", page("GetCampaigns", ["1", "2"], "t2"))
    stub.add_response("get_campaigns", page("GetCampaigns", ["3", "4"], "t3"))
    items = either.collect(client.iter_campaigns(application_id="app", max_items=3))
    assert [c.id for c in items] == ["1", "2", "3"]  # the third page is never requested


def test_an_empty_token_ends_the_walk(either: Either, client: Any, stub: SeedStubber) -> None:
    stub.add_response("get_campaigns", page("GetCampaigns", ["1"], ""))
    assert [c.id for c in either.collect(client.iter_campaigns(application_id="app"))] == ["1"]


def test_the_page_view(either: Either, client: Any, stub: SeedStubber) -> None:
    stub.add_response("get_campaigns", page("GetCampaigns", ["1", "2"], "t2"))
    stub.add_response("get_campaigns", page("GetCampaigns", ["3"], None))
    first, last = either.collect(client.iter_campaigns(application_id="app").pages())
    assert isinstance(first.payload, models.CampaignsResponse)
    assert [c.id for c in first.items] == ["1", "2"]
    assert first.has_next_page()
    assert first.next_token == "t2"
    assert last.token == "t2"
    assert not last.has_next_page()


def test_an_operation_without_an_item_list_iterates_pages(
    either: Either, client: Any, stub: SeedStubber
) -> None:
    def kpi(next_token: str | None) -> dict[str, Any]:
        body: dict[str, Any] = {"ApplicationId": "app", "KpiName": "sessions"}
        if next_token:
            body["NextToken"] = next_token
        return {"ApplicationDateRangeKpiResponse": body}

    stub.add_response("get_application_date_range_kpi", kpi("n2"))
    stub.add_response("get_application_date_range_kpi", kpi(None))
    pages = either.collect(
        client.iter_application_date_range_kpi(application_id="app", kpi_name="sessions")
    )
    assert [type(p) for p in pages] == [models.ApplicationDateRangeKpiResponse] * 2
    assert [p.next_token for p in pages] == ["n2", None]
