"""Export every campaign of an app to CSV, walking all pages with ``iter_campaigns``.

One row per campaign: id, name, state, segment and segment version, version, and the schedule
(start, end, frequency, time zone). ``iter_campaigns`` requests one page at a time, following
``NextToken``, and a throttled page is retried on its own.

Without ``--app-id`` it first creates an app with ``--demo-campaigns`` (5) campaigns in different
states (completed, recurring, scheduled, paused, event-triggered), so there is something to
export; that app is deleted at the end:

    python examples/export_campaigns_csv.py                       # CSV on stdout
    python examples/export_campaigns_csv.py --out campaigns.csv --page-size 2

An existing app, on a running emulator (python -m pinpoint_sdk.emulator --port 4700) or on AWS
with boto3's usual credentials:

    python examples/export_campaigns_csv.py --endpoint-url http://127.0.0.1:4700 --app-id APP
    python examples/export_campaigns_csv.py --aws --region us-east-1 --app-id APP --out c.csv

The CSV goes to stdout (or ``--out``); status lines go to stderr, so stdout is the CSV alone.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TextIO

import attrs
from _common import argument_parser, connect, scratch_app, status

from pinpoint_sdk import PinpointClient, models

COLUMNS = (
    "id",
    "name",
    "state",
    "segment_id",
    "segment_version",
    "version",
    "schedule_start",
    "schedule_end",
    "schedule_frequency",
    "schedule_timezone",
)


def row(campaign: models.CampaignResponse) -> dict[str, object]:
    """A campaign as one CSV row; members the answer lacks are empty cells."""
    schedule = campaign.schedule
    return {
        "id": campaign.id,
        "name": campaign.name,
        "state": campaign.state.campaign_status if campaign.state else None,
        "segment_id": campaign.segment_id,
        "segment_version": campaign.segment_version,
        "version": campaign.version,
        "schedule_start": schedule.start_time if schedule else None,
        "schedule_end": schedule.end_time if schedule else None,
        "schedule_frequency": schedule.frequency if schedule else None,
        "schedule_timezone": schedule.timezone if schedule else None,
    }


def write_csv(campaigns: Iterable[models.CampaignResponse], out: TextIO) -> int:
    """Write one row per campaign (after a header row); returns how many were written."""
    writer: csv.DictWriter[str] = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for campaign in campaigns:
        # csv writes None as an empty cell and an enum member as its value.
        writer.writerow(row(campaign))
        count += 1
    return count


def export(client: PinpointClient, app_id: str, out: TextIO, *, page_size: int) -> int:
    # Lazy: each page is requested when the writer reaches it, so memory stays flat.
    return write_csv(client.iter_campaigns(application_id=app_id, page_size=page_size), out)


def create_demo_campaigns(client: PinpointClient, app_id: str, count: int) -> None:
    """``count`` campaigns of one segment, cycling through schedules that give different states."""
    segment = client.create_segment(
        application_id=app_id,
        write_segment_request=models.WriteSegmentRequest(name="everyone"),
    )

    def campaign(
        name: str, schedule: models.Schedule, *, paused: bool = False
    ) -> models.WriteCampaignRequest:
        return models.WriteCampaignRequest(
            name=name, segment_id=segment.id, schedule=schedule, is_paused=paused
        )

    now = datetime.now(timezone.utc)
    later, much_later = (
        (now + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ") for days in (30, 37)
    )
    every = models.Frequency
    demos = [
        campaign("welcome", models.Schedule(start_time="IMMEDIATE", frequency=every.ONCE)),
        campaign("daily digest", models.Schedule(start_time="IMMEDIATE", frequency=every.DAILY)),
        campaign(
            "spring sale",
            models.Schedule(
                start_time=later, end_time=much_later, frequency=every.ONCE, timezone="UTC+01"
            ),
        ),
        campaign(
            "win-back", models.Schedule(start_time=later, frequency=every.WEEKLY), paused=True
        ),
        campaign(
            "cart reminder",
            models.Schedule(
                start_time="IMMEDIATE",
                frequency=every.EVENT,
                event_filter=models.CampaignEventFilter(
                    dimensions=models.EventDimensions(
                        event_type=models.SetDimension(values=["cart.abandoned"])
                    ),
                    filter_type=models.FilterType.ENDPOINT,
                ),
            ),
        ),
    ]
    for i in range(count):
        request = demos[i % len(demos)]
        if i >= len(demos):  # keep names unique: "welcome 2", ...
            request = attrs.evolve(request, name=f"{request.name} {i // len(demos) + 1}")
        client.create_campaign(application_id=app_id, write_campaign_request=request)
    status(f"Created {count} demo campaigns in app {app_id}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argument_parser(__doc__)
    parser.add_argument("--out", type=Path, help="write the CSV here (default: stdout)")
    parser.add_argument("--page-size", type=int, default=50, help="campaigns per request (50)")
    parser.add_argument(
        "--demo-campaigns", type=int, default=5, help="campaigns created without --app-id (5)"
    )
    args = parser.parse_args(argv)
    if args.aws and not args.app_id:
        parser.error("--app-id is required with --aws (the demo campaigns are for emulators)")

    with connect(args) as target, scratch_app(target.client, args.app_id, "export") as app_id:
        if args.app_id is None:
            create_demo_campaigns(target.client, app_id, args.demo_campaigns)
        if args.out is None:
            count = export(target.client, app_id, sys.stdout, page_size=args.page_size)
        else:
            with args.out.open("w", newline="", encoding="utf-8") as out:
                count = export(target.client, app_id, out, page_size=args.page_size)
        status(f"Exported {count} campaign(s) to {args.out or 'stdout'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
