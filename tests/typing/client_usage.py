"""Type-checked by mypy --strict and pyright, never run: pins the public types of the client."""

from __future__ import annotations

from collections.abc import Iterator

import attrs
from typing_extensions import assert_type

from pinpoint_sdk import (
    Page,
    Paginator,
    PinpointClient,
    RetryBudget,
    RetryPolicy,
    errors,
    models,
    to_write_request,
)

# Private paths until the package __init__ re-exports these names.

client = PinpointClient(region_name="eu-west-1", retry=RetryPolicy(max_attempts=3, deadline=30.0))

assert_type(PinpointClient(client.raw, retry=None), PinpointClient)
assert_type(client.with_options(retry=None), PinpointClient)
assert_type(client.retry, RetryPolicy | None)
assert_type(client.retry_budget, RetryBudget)

# Methods return the payload model.
assert_type(client.get_campaign(application_id="a", campaign_id="c"), models.CampaignResponse)
assert_type(client.get_campaigns(application_id="a", page_size=10), models.CampaignsResponse)
assert_type(
    client.create_campaign(
        application_id="a",
        write_campaign_request=models.WriteCampaignRequest(name="n", segment_id="s"),
    ),
    models.CampaignResponse,
)
assert_type(client.get_apps(), models.ApplicationsResponse)
assert_type(client.tag_resource(resource_arn="arn", tags_model=models.TagsModel(tags={})), None)

# Iterators yield the items of the payload's Item list, typed.
assert_type(next(iter(client.iter_campaigns(application_id="a"))), models.CampaignResponse)
campaigns: Iterator[models.CampaignResponse] = client.iter_campaigns(application_id="a")
assert_type(next(campaigns), models.CampaignResponse)
assert_type(
    client.iter_segment_import_jobs(application_id="a", segment_id="s", page_size=50),
    Paginator[models.ImportJobResponse, models.ImportJobsResponse],
)
pages = client.iter_campaigns(application_id="a", starting_token="t", max_items=10).pages()
assert_type(pages, Iterator[Page[models.CampaignResponse, models.CampaignsResponse]])
first = next(pages)
assert_type(first.payload, models.CampaignsResponse)
assert_type(first.has_next_page(), bool)
assert_type(first.next_token, str | None)

# Read-modify-write keeps the write shape's type.
campaign = client.get_campaign(application_id="a", campaign_id="c")
write = attrs.evolve(to_write_request(campaign), description="new")
assert_type(write, models.WriteCampaignRequest)
segment = client.get_segment(application_id="a", segment_id="s")
assert_type(to_write_request(segment), models.WriteSegmentRequest)

# Typed errors carry what the answer said.
try:
    client.get_campaign(application_id="a", campaign_id="c")
except errors.NotFoundException as error:
    assert_type(error.status_code, int | None)
    assert_type(error.request_id, str | None)
    assert_type(error.message, str)
    assert_type(error.operation_name, str)

# Wrong argument types are caught statically.
client.get_campaign(application_id=1, campaign_id="c")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
client.get_campaigns(application_id="a", page_size="10")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
client.get_campaign("a", "c")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
