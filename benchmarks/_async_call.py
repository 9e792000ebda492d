"""One process's paired ``get_campaign`` calls for ``async_overhead``.

``python -m benchmarks._async_call URL APP CAMPAIGN ROUNDS`` times ``ROUNDS`` rounds of one call
per side (``_paired.paired``, 9 blocks), sides: a raw aiobotocore client configured as the SDK
configures its own, a second one made the same way (the A/A control), and ``AsyncPinpointClient``;
it prints the samples as one line of JSON (``_paired.to_json``). ``async_overhead`` runs it in
several fresh processes and joins their blocks (``_paired.joined``).
"""

from __future__ import annotations

import sys

from benchmarks._paired import paired, to_json
from benchmarks.async_overhead import CONTROL, _Loop, _raw_client
from pinpoint_sdk import AsyncPinpointClient


def main(url: str, app: str, campaign: str, rounds: int) -> None:
    loop = _Loop()
    try:
        raw = loop.enter(_raw_client(url))
        twin = loop.enter(_raw_client(url))
        client = loop.enter(AsyncPinpointClient(endpoint_url=url))
        samples = paired(
            {
                "aiobotocore": loop.side(
                    lambda: raw.get_campaign(ApplicationId=app, CampaignId=campaign)
                ),
                CONTROL: loop.side(
                    lambda: twin.get_campaign(ApplicationId=app, CampaignId=campaign)
                ),
                "sdk": loop.side(
                    lambda: client.get_campaign(application_id=app, campaign_id=campaign)
                ),
            },
            rounds=rounds,
        )
    finally:
        loop.close()
    print(to_json(samples))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
