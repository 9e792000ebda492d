"""Type-checked by mypy --strict and pyright, never run: pins the public types of the async client.

Checked in the main dev environment, where aiobotocore is absent: the async client's own types do
not depend on aiobotocore (its client is ``Any`` at the boundary).
"""

from __future__ import annotations

import asyncio

from typing_extensions import assert_type

from pinpoint_sdk import (
    AsyncPaginator,
    AsyncPinpointClient,
    Page,
    PutEndpointsResult,
    RawResponse,
    RetryPolicy,
    models,
)


async def main() -> None:
    async with AsyncPinpointClient(
        region_name="eu-west-1", endpoint_url="http://127.0.0.1:4700", retry=RetryPolicy()
    ) as client:
        assert_type(client, AsyncPinpointClient)
        assert_type(
            await client.get_campaign(application_id="a", campaign_id="c"),
            models.CampaignResponse,
        )
        assert_type(await client.get_apps(), models.ApplicationsResponse)
        # No content (HTTP 204): awaited, it is None.
        tags = models.TagsModel(tags={"team": "growth"})
        assert_type(await client.tag_resource(resource_arn="arn", tags_model=tags), None)

        campaigns = client.iter_campaigns(application_id="a", page_size=50)
        assert_type(campaigns, AsyncPaginator[models.CampaignResponse, models.CampaignsResponse])
        async for campaign in campaigns:
            assert_type(campaign, models.CampaignResponse)
        async for page in client.iter_segments(application_id="a").pages():
            assert_type(page, Page[models.SegmentResponse, models.SegmentsResponse])
        assert_type(
            await client.iter_import_jobs(application_id="a").to_list(),
            list[models.ImportJobResponse],
        )

        raw = await client.with_raw_response.get_campaign(application_id="a", campaign_id="c")
        assert_type(raw, RawResponse[models.CampaignResponse])
        assert_type(raw.parse(), models.CampaignResponse)

        assert_type(
            await client.put_endpoints("a", [models.EndpointBatchItem(id="e")]),
            PutEndpointsResult,
        )
        assert_type(await client.wait_for_import_job("a", "j"), models.ImportJobResponse)
        assert_type(await client.wait_for_endpoint("a", "e"), models.EndpointResponse)
        assert_type(client.with_options(retry=None), AsyncPinpointClient)

        results = await asyncio.gather(
            client.get_app(application_id="a"), client.get_campaigns(application_id="a")
        )
        assert_type(results, tuple[models.ApplicationResponse, models.CampaignsResponse])
