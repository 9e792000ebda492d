"""Read-modify-write a campaign: change one member and keep every other one.

A ``CampaignResponse`` is not a ``WriteCampaignRequest``; ``to_write_request`` turns the one into
the other, keeping every member both share (message, schedule, limits, tags ...), so that
``attrs.evolve`` can change just the description::

    campaign = client.get_campaign(application_id=app, campaign_id=cid)
    write = attrs.evolve(to_write_request(campaign), description="...")
    client.update_campaign(application_id=app, campaign_id=cid, write_campaign_request=write)

The example then compares the campaign before and after, member by member: the description
changed, every other member was kept, and the version went up by one. It exits with status 1 if
any other member was lost.

Without ``--campaign-id`` it first creates an app, a segment and a campaign with many members set
(deleted at the end):

    python examples/update_campaign.py
    python examples/update_campaign.py --description "Second wave: 25% off"

An existing campaign, on a running emulator or on AWS with boto3's usual credentials:

    python examples/update_campaign.py --endpoint-url http://127.0.0.1:4700 \\
        --app-id APP --campaign-id CAMPAIGN
    python examples/update_campaign.py --aws --region us-east-1 --app-id APP --campaign-id C
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone

import attrs
from _common import argument_parser, connect, scratch_app, status

from pinpoint_sdk import PinpointClient, models, to_write_request


def create_demo_campaign(client: PinpointClient, app_id: str) -> str:
    """A campaign with many members set, so that losing one on update would show."""
    segment = client.create_segment(
        application_id=app_id,
        write_segment_request=models.WriteSegmentRequest(name="everyone"),
    )
    start = (datetime.now(timezone.utc) + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    campaign = client.create_campaign(
        application_id=app_id,
        write_campaign_request=models.WriteCampaignRequest(
            name="spring sale",
            description="Spring sale, first wave",
            segment_id=segment.id,
            holdout_percent=10,
            limits=models.CampaignLimits(daily=1, total=3, messages_per_second=50),
            schedule=models.Schedule(
                start_time=start, frequency=models.Frequency.WEEKLY, timezone="UTC+01"
            ),
            message_configuration=models.MessageConfiguration(
                email_message=models.CampaignEmailMessage(
                    title="20% off everything",
                    html_body="<p>Spring is here: 20% off until Sunday.</p>",
                    from_address="offers@example.com",
                )
            ),
            treatment_name="control",
            tags={"team": "growth"},
        ),
    )
    status(f"Created campaign {campaign.name!r} ({campaign.id}) in app {app_id}")
    return campaign.id


def update_description(client: PinpointClient, app_id: str, campaign_id: str, text: str) -> int:
    before = client.get_campaign(application_id=app_id, campaign_id=campaign_id)
    print(f"Campaign {before.name!r} ({campaign_id}), version {before.version}")

    write = attrs.evolve(to_write_request(before), description=text)
    after = client.update_campaign(
        application_id=app_id, campaign_id=campaign_id, write_campaign_request=write
    )
    print(f"Updated: version {before.version} -> {after.version}")

    # Compare what can be written, before and after: only the description may differ.
    old, new = to_write_request(before), to_write_request(after)
    changed: list[str] = []
    kept: list[str] = []
    lost: list[str] = []
    for field in attrs.fields(models.WriteCampaignRequest):
        was, now = getattr(old, field.name), getattr(new, field.name)
        if was == now:
            if was is not None:
                kept.append(field.name)
        elif field.name == "description":
            changed.append(f"{field.name}: {was!r} -> {now!r}")
        else:
            lost.append(f"{field.name}: {was!r} -> {now!r}")
    print(f"  changed: {', '.join(changed) or 'nothing'}")
    print(f"  kept:    {', '.join(kept)}")
    if lost:
        print(f"  NOT KEPT: {'; '.join(lost)}")
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argument_parser(__doc__)
    parser.add_argument("--campaign-id", help="the campaign to update (needs --app-id)")
    parser.add_argument(
        "--description", default="Spring sale, second wave", help="the new description"
    )
    args = parser.parse_args(argv)
    if bool(args.campaign_id) != bool(args.app_id):
        parser.error("--campaign-id and --app-id go together")
    if args.aws and not args.campaign_id:
        parser.error("--app-id and --campaign-id are required with --aws")

    with connect(args) as target, scratch_app(target.client, args.app_id, "update") as app_id:
        campaign_id = args.campaign_id or create_demo_campaign(target.client, app_id)
        return update_description(target.client, app_id, campaign_id, args.description)


if __name__ == "__main__":
    sys.exit(main())
