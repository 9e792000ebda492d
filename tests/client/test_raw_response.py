"""``client.with_raw_response`` on an answer stubbed with botocore's Stubber (sync only); the
behaviours both clients share are tests/parity/test_raw_response.py's."""

from __future__ import annotations

import pytest
from botocore.client import BaseClient

from pinpoint_sdk import PinpointClient, errors
from tests.client.conftest import SeedStubber


def test_a_malformed_answer_fails_at_parse_with_the_request_id_in_hand(
    seed_stubber: SeedStubber, raw: BaseClient
) -> None:
    client = PinpointClient(raw, retry=None)
    metadata = {"RequestId": "req-9", "HTTPStatusCode": 200, "HTTPHeaders": {}}
    # A campaign whose Schedule is a list: not a usable answer.
    seed_stubber.add_response(
        "get_campaign",
        {"CampaignResponse": {"Schedule": ["not", "a", "schedule"]}, "ResponseMetadata": metadata},
    )

    response = client.with_raw_response.get_campaign(application_id="a", campaign_id="c")

    assert (response.status_code, response.request_id) == (200, "req-9")
    with pytest.raises(errors.ConversionError, match=r"\$\.CampaignResponse\.Schedule"):
        response.parse()
