"""Type-checked by mypy --strict and pyright, never run: pins the types of client options
(timeouts, Config, with_options) and of ``with_raw_response``."""

from __future__ import annotations

from collections.abc import Mapping

from botocore.config import Config
from typing_extensions import assert_type

from pinpoint_sdk import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_READ_TIMEOUT,
    PinpointClient,
    PinpointClientWithRawResponse,
    RawResponse,
    models,
)

client = PinpointClient(
    region_name="eu-west-1",
    connect_timeout=2.0,
    read_timeout=10,
    config=Config(user_agent_extra="my-app/1.0", max_pool_connections=32),
)
assert_type(client.connect_timeout, float | None)
assert_type(client.read_timeout, float | None)
assert_type(DEFAULT_CONNECT_TIMEOUT + DEFAULT_READ_TIMEOUT, float)

# with_options keeps the client's type; timeouts and retry may change together.
assert_type(client.with_options(read_timeout=60.0), PinpointClient)
assert_type(client.with_options(retry=None, connect_timeout=1), PinpointClient)

with PinpointClient(endpoint_url="http://127.0.0.1:4700") as scoped:
    assert_type(scoped, PinpointClient)

# A raw answer is typed per method: parse() gives what the plain method returns.
raw = client.with_raw_response
assert_type(raw, PinpointClientWithRawResponse)
response = raw.get_campaign(application_id="a", campaign_id="c")
assert_type(response, RawResponse[models.CampaignResponse])
assert_type(response.parse(), models.CampaignResponse)
assert_type(response.status_code, int)
assert_type(response.request_id, str | None)
assert_type(response.headers, Mapping[str, str])
assert_type(response.operation_name, str)
assert_type(
    raw.create_campaign(
        application_id="a",
        write_campaign_request=models.WriteCampaignRequest(name="n", segment_id="s"),
    ),
    RawResponse[models.CampaignResponse],
)
assert_type(raw.get_campaigns(application_id="a", page_size=10).parse(), models.CampaignsResponse)
assert_type(
    raw.tag_resource(resource_arn="arn", tags_model=models.TagsModel(tags={})), RawResponse[None]
)
assert_type(
    client.with_options(retry=None).with_raw_response.get_apps().parse(),
    models.ApplicationsResponse,
)

# Wrong types are caught statically.
client.with_options(read_timeout="10")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
PinpointClient(read_timeout="10")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
raw.get_campaign("a", "c")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
client.with_raw_response.iter_campaigns(application_id="a")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue]
