"""What ``PinpointClient`` adds to a boto3 call, measured against the emulator on loopback.

Run: ``python -m benchmarks.client_overhead [--repeats N] [--write-docs]``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from benchmarks._emulator import PLACES, boto3_client, emulator_url
from benchmarks._paired import merged, paired
from benchmarks._report import Section, Table, Verdict, comparison
from benchmarks._timing import Samples, machine
from pinpoint_sdk import PinpointClient, models

__all__ = ["BUDGET", "CAMPAIGNS", "KEY", "ROUNDS", "run"]

KEY = "client_overhead"
#: The goals (issue 10): one call at most as long as the raw boto3 call, and a list walk faster
#: than boto3's, since the client reads each answer once where boto3 walks botocore's parse.
BUDGET = 1.00
WALK_BUDGET = 0.85
#: Campaigns in the app whose campaigns are iterated.
CAMPAIGNS = 1000
#: The explicit page size iterated besides the emulator's default (100); the emulator's maximum.
PAGE_SIZE = 1000
#: Where the budgets are judged: the server's CPU does not share the GIL with the client.
JUDGED = "subprocess"
#: Rounds of one call per side for get_campaign (``_paired``), in 9 blocks; rounds of one walk per
#: side, for each of ``repeats``.
ROUNDS = 9000
WALK_ROUNDS = 15
#: The A/A control's second side: a raw boto3 client made as the first.
CONTROL = "boto3, a second client"

ABOUT = f"""
What is measured: a call through `PinpointClient` against the same call on a plain boto3 client,
both talking HTTP to the emulator on loopback. The two boto3 clients are configured alike (same
endpoint, placeholder credentials, `Config(retries={{"total_max_attempts": 1, "mode":
"standard"}})`, what `PinpointClient(endpoint_url=...)` builds), each with its own connection
pool; the SDK side wraps one of them: `PinpointClient(raw)`, with its default `RetryPolicy` on
(a call that succeeds at once never touches tenacity). Timed side by side:

- **get_campaign**: `client.get_campaign(application_id=..., campaign_id=...)` against
  `raw.get_campaign(ApplicationId=..., CampaignId=...)`, for a campaign with a segment, a
  schedule and an email message (as in the quickstart), in paired single calls
  (`benchmarks/_paired.py`): {ROUNDS:,} rounds of one call per side in shuffled order, cut into 9
  blocks whose trimmed means are compared; and, as a control of what the method can tell apart, a
  third boto3 client made as the raw one against it (an A/A comparison: 1.00 if the method had no
  bias);
- **iterating {CAMPAIGNS:,} campaigns**: `list(client.iter_campaigns(application_id=app))` against
  the boto3 loop over `get_campaigns` pages following `NextToken`, collecting every item; at the
  emulator's default page size (100: 10 pages) and at `page_size={PAGE_SIZE}` (one page), paired
  as the single call: {WALK_ROUNDS} x `--repeats` rounds of one walk per side.

Before timing, both sides' answers are checked to be the same campaigns. Where the emulator runs:

- **in a subprocess** (`python -m pinpoint_sdk.emulator --port 0`), where the budgets are judged:
  the server's work does not take the GIL from the client, and the CPU-time column is the
  client's own time only (the server is a process that has not finished), so the CPU ratio is
  the SDK's share of the *client's* work, a stricter reading than the wall-clock one, which
  includes the server's time;
- **in-process** (`Emulator()`, a server thread), for context: how the test suite runs it. Server
  and client then share the GIL and the CPU time is both.

Run: `python -m benchmarks.client_overhead` (add `--write-docs` to refresh this section).

Goals: iterating {CAMPAIGNS:,} campaigns ≤ {WALK_BUDGET:.2f} x the boto3 loop, at both page sizes
(median of the 9 blocks' wall-clock ratios, emulator in a subprocess). `get_campaign` through the
client ≤ {BUDGET:.2f} x the raw boto3 call is judged by instruction count (the "Instructions"
section), as issue 21 asks; its paired wall-clock ratio here is REPORTED beside the A/A control.
"""

#: Written by hand from profiles of side runs (2026-11-27); re-read them against new figures.
NOTES = (
    "Why the client can be faster than boto3: a successful answer to the client's own call is "
    "read once (`pinpoint_sdk/_answers.py`): the `before-parse` handler parses the body with "
    "`json` and botocore is left nothing to walk (a JSON null for the payload member), so botocore's shape walk (7 to 8 times "
    "`json.loads` of the same body) is replaced by `from_boto3` of the JSON. The more items per "
    "answer, the more this saves, hence the lower ratio at page_size=1000. get_campaign reads one "
    "campaign (about 4 models): microseconds against milliseconds of HTTP, so its ratio sits "
    "near 1 and its spread is the loopback's.",
    "get_campaign's floor: the most the client can save on one call is botocore's parse of the "
    "body, 28.6 µs for the emulator's 856-byte campaign, about 1.5% of a 1.9 ms call; reading it "
    "once costs about 16 µs (`json` 5.5, the models 7, botocore's parse of the null left to it "
    "3.6) and the typed request and the client's own layers a few more, so the ratio cannot go "
    "much below 0.99. In instructions the typed call is below the raw one (the Instructions "
    "section); in a real call each of the SDK's Python frames costs more than its instructions "
    "say, its code and data out of the CPU caches between calls, and the paired wall clock reads "
    "about 1.01 (docs/performance.md, Findings, 2026-12-05). The interleaved 0.2 s samples used "
    "before 2026-12-05 moved between 0.94 and 1.11 in sixteen runs of one day; the paired calls "
    "repeat to about 0.01, as their A/A control shows.",
    "The retry layer used to cost about 40 µs per successful call (`RetryPolicy.call` built a "
    "`tenacity.Retrying` with its wait and stop objects every time); it now makes the first "
    "attempt directly, and builds its `RetryRun` and asks whether the call is safe to repeat only "
    "after a failure.",
    "The emulator's own time is in both sides' wall-clock figures. It used to settle every "
    "campaign of the app on each read; campaigns that are PAUSED, COMPLETED or waiting for an "
    "event are now passed over until written (a page of 100 of 1,000 completed campaigns: 5.8 to "
    "2.2 ms of server time), which took about 35 ms off each ten-page walk, on both sides, and "
    "moved the page-size-100 ratio from 0.79 to 0.97 (five runs) to 0.79 to 0.84 (four runs).",
)


def _segment(client: PinpointClient, app: str) -> str:
    segment = client.create_segment(
        application_id=app,
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
    assert segment.id is not None
    return segment.id


def _setup(client: PinpointClient, campaigns: int = CAMPAIGNS) -> tuple[str, str, str]:
    """An app with one full campaign, and an app with ``campaigns`` campaigns."""
    apps = []
    for name in ("one", "many"):
        app = client.create_app(
            create_application_request=models.CreateApplicationRequest(name=name)
        )
        assert app.id is not None
        apps.append(app.id)
    one, many = apps
    schedule = models.Schedule(start_time="IMMEDIATE", frequency=models.Frequency.ONCE)
    campaign = client.create_campaign(
        application_id=one,
        write_campaign_request=models.WriteCampaignRequest(
            name="welcome",
            segment_id=_segment(client, one),
            schedule=schedule,
            message_configuration=models.MessageConfiguration(
                email_message=models.CampaignEmailMessage(
                    title="Welcome aboard",
                    html_body="<p>Thanks for going pro!</p>",
                    from_address="hello@example.com",
                )
            ),
        ),
    )
    assert campaign.id is not None
    segment = _segment(client, many)
    for i in range(campaigns):
        client.create_campaign(
            application_id=many,
            write_campaign_request=models.WriteCampaignRequest(
                name=f"campaign {i}", segment_id=segment, schedule=schedule
            ),
        )
    return one, campaign.id, many


def _raw_campaigns(raw: Any, app: str, page_size: int | None) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {"ApplicationId": app}
    if page_size is not None:
        kwargs["PageSize"] = str(page_size)
    while True:
        page = raw.get_campaigns(**kwargs)["CampaignsResponse"]
        items.extend(page["Item"])
        token = page.get("NextToken")
        if not token:
            return items
        kwargs["Token"] = token


def _sides(url: str) -> tuple[dict[str, Callable[[], object]], dict[str, Callable[[], object]]]:
    """The get_campaign sides and the iteration sides, checked to give the same answers."""
    raw = boto3_client(url)
    client = PinpointClient(boto3_client(url))
    twin = boto3_client(url)
    app, campaign, many = _setup(client)

    one = {
        "boto3": lambda: raw.get_campaign(ApplicationId=app, CampaignId=campaign),
        "sdk": lambda: client.get_campaign(application_id=app, campaign_id=campaign),
        CONTROL: lambda: twin.get_campaign(ApplicationId=app, CampaignId=campaign),
    }
    got = client.get_campaign(application_id=app, campaign_id=campaign)
    if got.id != raw.get_campaign(ApplicationId=app, CampaignId=campaign)["CampaignResponse"]["Id"]:
        raise AssertionError("get_campaign: the two sides read different campaigns")

    def sdk_walk(size: int | None) -> Callable[[], object]:
        return lambda: list(client.iter_campaigns(application_id=many, page_size=size))

    def raw_walk(size: int | None) -> Callable[[], object]:
        return lambda: _raw_campaigns(raw, many, size)

    walks: dict[str, Callable[[], object]] = {}
    for size, label in ((None, "default page size"), (PAGE_SIZE, f"page_size={PAGE_SIZE}")):
        walks[f"boto3 pages, {label}"] = raw_walk(size)
        walks[f"sdk iter_campaigns, {label}"] = sdk_walk(size)
        ids = [c.id for c in client.iter_campaigns(application_id=many, page_size=size)]
        if ids != [c["Id"] for c in _raw_campaigns(raw, many, size)] or len(ids) != CAMPAIGNS:
            raise AssertionError(f"iter_campaigns ({label}) and the boto3 loop disagree")
    return one, walks


def _measure(place: str, repeats: int, rounds: int) -> tuple[Samples, Samples, Samples]:
    """(get_campaign, paired; its A/A control; the walks, paired by page size)."""
    with emulator_url(place) as url:
        one, walks = _sides(url)
        return (
            paired({"boto3": one["boto3"], "sdk": one["sdk"]}, rounds=rounds),
            paired({"boto3": one["boto3"], CONTROL: one[CONTROL]}, rounds=rounds),
            merged(
                *(
                    paired(
                        {raw: walks[raw], sdk: walks[sdk]},
                        rounds=WALK_ROUNDS * repeats,
                        warmup=2,
                    )
                    for sdk, raw in _pairs(walks)
                )
            ),
        )


def _pairs(sides: Iterable[str]) -> list[tuple[str, str]]:
    """(sdk side, boto3 side) for each page size, from the walks' side names."""
    return [
        (side, side.replace("sdk iter_campaigns", "boto3 pages"))
        for side in sides
        if side.startswith("sdk")
    ]


def _walk_table(walks: Samples) -> Table:
    rows = []
    for sdk, raw in _pairs(walks.wall):
        low, high = walks.spread(sdk, raw)
        rows.append(
            (
                sdk.removeprefix("sdk iter_campaigns, "),
                f"{walks.median(raw) / 1e6:.1f} ms",
                f"{walks.median(sdk) / 1e6:.1f} ms",
                f"{walks.ratio(sdk, raw):.2f}",
                f"{low:.2f}..{high:.2f}",
                f"{walks.ratio(sdk, raw, cpu=True):.2f}",
            )
        )
    return Table(
        header=("page size", "boto3 loop", "sdk iter_campaigns", "÷ boto3", "quartiles", "CPU ÷"),
        rows=rows,
    )


def run(repeats: int = 9, *, places: Sequence[str] = PLACES, rounds: int = ROUNDS) -> Section:
    """``places``: where the emulator runs (``--quick``: only where the budgets are judged)."""
    results = {place: _measure(place, repeats, rounds) for place in places}
    one, control, walks = results[JUDGED]
    verdicts = [
        # Reported, not judged: issue 21 judges it by instruction count
        # (benchmarks/instructions.py); the paired wall clock and its A/A control are context.
        Verdict.of(
            "get_campaign, paired calls: sdk ÷ boto3 (judged by instruction count: see "
            "Instructions)",
            one,
            "sdk",
            "boto3",
            BUDGET,
            judged=False,
            digits=3,
        ),
        Verdict.of(
            "get_campaign, paired calls, A/A control: boto3 ÷ boto3",
            control,
            CONTROL,
            "boto3",
            BUDGET,
            judged=False,
            digits=3,
        ),
        *(
            Verdict.of(
                f"iter_campaigns ({sdk.removeprefix('sdk iter_campaigns, ')}): sdk ÷ boto3",
                walks,
                sdk,
                raw,
                WALK_BUDGET,
            )
            for sdk, raw in _pairs(walks.wall)
        ),
    ]
    tables = []
    for place in places:
        one, control, walks = results[place]
        where = "emulator in a subprocess" if place == "subprocess" else "emulator in-process"
        tables.append(
            (
                f"get_campaign, {where}: {rounds:,} rounds of paired calls in 9 blocks (figures: "
                "medians of the blocks' trimmed means; quartiles of the blocks' ratios)",
                comparison(one, "boto3", unit="median per call", digits=3),
            )
        )
        tables.append(
            (
                f"A/A control, {where}, the same way: two raw boto3 clients made alike",
                comparison(control, "boto3", unit="median per call", digits=3),
            )
        )
        tables.append(
            (
                f"Iterating {CAMPAIGNS:,} campaigns, {where}: per full walk, "
                f"{WALK_ROUNDS * repeats} rounds of paired walks in 9 blocks",
                _walk_table(walks),
            )
        )
    return Section(
        key=KEY,
        title="Client call overhead",
        about=ABOUT,
        machine=machine(),
        tables=tables,
        verdicts=verdicts,
        notes=NOTES,
    )


if __name__ == "__main__":
    from benchmarks._cli import main

    main([run])
