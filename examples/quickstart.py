"""Quickstart: an app, endpoints, a segment, a campaign, an update, and iterating what is there.

It runs on the offline emulator by default (AWS ended support for Pinpoint's engagement features
on 2026-10-30, so that is where this code runs for most users now):

    make demo                                   # or: python examples/quickstart.py

Against an emulator you started yourself (python -m pinpoint_sdk.emulator --port 4700):

    python examples/quickstart.py --endpoint-url http://127.0.0.1:4700

Against AWS, for an account that can still reach Pinpoint, with boto3's usual credentials
(environment, ~/.aws, an instance role); it deletes the app it created when it is done:

    python examples/quickstart.py --aws --region us-east-1
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import attrs
from _common import argument_parser, connect, scratch_app

from pinpoint_sdk import PinpointClient, models, to_write_request


def run(client: PinpointClient) -> None:
    with scratch_app(client, None, "quickstart") as app_id:
        _tour(client, app_id)


def _tour(client: PinpointClient, app_id: str) -> None:
    endpoints = (
        models.EndpointBatchItem(
            id=f"endpoint-{i}",
            channel_type=models.ChannelType.EMAIL,
            address=f"user{i}@example.com",
            attributes={"plan": ["pro" if i % 3 == 0 else "free"]},
            user=models.EndpointUser(user_id=f"user-{i}"),
        )
        for i in range(30)
    )
    loaded = client.put_endpoints(app_id, endpoints)
    print(f"Upserted {loaded.accepted} endpoints in {loaded.batches_sent} batch(es)")
    first = client.wait_for_endpoint(app_id, "endpoint-0")
    print(f"  endpoint-0 reads back: {first.address}, attributes {first.attributes}")

    segment = client.create_segment(
        application_id=app_id,
        write_segment_request=models.WriteSegmentRequest(
            name="pro users",
            dimensions=models.SegmentDimensions(
                attributes={
                    "plan": models.AttributeDimension(
                        attribute_type=models.AttributeType.INCLUSIVE, values=["pro"]
                    )
                }
            ),
        ),
    )
    print(f"Created segment {segment.name!r} ({segment.id}), version {segment.version}")

    campaign = client.create_campaign(
        application_id=app_id,
        write_campaign_request=models.WriteCampaignRequest(
            name="welcome",
            segment_id=segment.id,
            schedule=models.Schedule(start_time="IMMEDIATE", frequency=models.Frequency.ONCE),
            message_configuration=models.MessageConfiguration(
                email_message=models.CampaignEmailMessage(
                    title="Welcome aboard",
                    html_body="<p>Thanks for going pro!</p>",
                    from_address="hello@example.com",
                )
            ),
        ),
    )
    print(f"Created campaign {campaign.name!r} ({campaign.id}), version {campaign.version}")

    # Read-modify-write: every other member of the campaign is kept as it is.
    update = attrs.evolve(to_write_request(campaign), description="Welcome mail for pro users")
    campaign = client.update_campaign(
        application_id=app_id, campaign_id=campaign.id, write_campaign_request=update
    )
    print(
        f"Updated campaign {campaign.name!r}: version {campaign.version}, {campaign.description!r}"
    )

    print("\nCampaigns:")
    for c in client.iter_campaigns(application_id=app_id, page_size=10):
        state = c.state.campaign_status if c.state else "?"
        print(f"  {c.name:<12} v{c.version}  {state!s:<10} segment {c.segment_id}")
        for activity in client.iter_campaign_activities(application_id=app_id, campaign_id=c.id):
            print(
                f"    run {activity.id}: {activity.state}, "
                f"{activity.total_endpoint_count} endpoint(s) targeted"
            )
    print("Segments:")
    for s in client.iter_segments(application_id=app_id, page_size=10):
        print(f"  {s.name:<12} v{s.version}  {s.segment_type!s:<11} {s.id}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argument_parser(__doc__, app_id=False)
    args = parser.parse_args(argv)
    with connect(args) as target:
        run(target.client)
    return 0


if __name__ == "__main__":
    sys.exit(main())
