"""Move endpoints into Amazon Connect Customer Profiles: an export job's NDJSON, as profiles.

AWS's migration guide ("Amazon Pinpoint end of support") models endpoints as Customer Profiles:
export every endpoint, group them by ``User.UserId``, and create one profile per user. This
example does that, and its mapping is the one ``rewrite_template_placeholders.py`` rewrites
templates to:

- ``User.UserId`` -> ``AccountNumber`` (an endpoint without one becomes a profile of its own,
  its ``Attributes["EndpointId"]`` naming it);
- SMS and VOICE addresses -> ``PhoneNumber``, ``MobilePhoneNumber``, ``HomePhoneNumber``,
  ``BusinessPhoneNumber`` (any further ones ``Attributes["PhoneNumber_4"]`` ...), EMAIL addresses
  -> ``EmailAddress``, ``PersonalEmailAddress``, ``BusinessEmailAddress`` (then
  ``Attributes["EmailAddress_3"]`` ...), push tokens -> ``Attributes["<ChannelType>_<EndpointId>"]``;
- ``User.UserAttributes.X`` -> ``Attributes["X"]``, endpoint ``Attributes.X`` ->
  ``Attributes["Endpoint_X"]``, ``Metrics.X`` -> ``Attributes["Metrics_X"]``, ``Demographic.X``
  -> ``Attributes["Demographic_X"]`` (several values: joined with ", ", in order, each once);
- ``Location`` -> ``Address`` (``City``, ``Country``, ``PostalCode``, ``Region`` as ``State``) and
  ``Attributes["Latitude"]`` / ``["Longitude"]``.

- an ``OptOut`` other than ``NONE`` -> ``Attributes["OptOut_<EndpointId>"]``, an ``EndpointStatus``
  other than ``ACTIVE`` -> ``Attributes["EndpointStatus_<EndpointId>"]``.

Empty values are left out (Customer Profiles refuses them), and so is Pinpoint's own bookkeeping
(``ApplicationId``, ``CohortId``, ``CreationDate``, ``EffectiveDate``, ``RequestId``).

By default the example runs on an in-process emulator: it writes a few demo endpoints, runs an
export job, reads the NDJSON the job wrote and prints one ``CreateProfile`` request per line:

    python examples/export_endpoints_to_profiles.py

With an export you already have (a file of the job's output, ``.gz`` or not), no Pinpoint call is
made; ``--aws`` then creates the profiles in your Customer Profiles domain with boto3 (Pinpoint's
export jobs themselves ended on AWS on 2026-10-30):

    python examples/export_endpoints_to_profiles.py --from-file part-00000.gz
    python examples/export_endpoints_to_profiles.py --aws --region us-east-1 \\
        --from-file part-00000.gz --domain-name my-domain

The profiles go to stdout as JSON lines; status lines go to stderr.
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from _common import argument_parser, aws_client, connect, scratch_app, status

from pinpoint_sdk import PinpointClient, models
from pinpoint_sdk.emulator import Emulator

#: Where the in-process export job writes (the emulator's stand-in for S3).
BUCKET = "exports"
ROLE_ARN = "arn:aws:iam::123456789012:role/PinpointExport"

_PHONES = ("PhoneNumber", "MobilePhoneNumber", "HomePhoneNumber", "BusinessPhoneNumber")
_EMAILS = ("EmailAddress", "PersonalEmailAddress", "BusinessEmailAddress")
_PUSH = {"GCM", "APNS", "APNS_SANDBOX", "APNS_VOIP", "APNS_VOIP_SANDBOX", "ADM", "BAIDU"}


def attribute_key(kind: str, name: str) -> str:
    """The profile attribute a Pinpoint value moves to (``kind``: ``"User.UserAttributes"``,
    ``"Attributes"``, ``"Metrics"`` or ``"Demographic"``); templates are rewritten to match."""
    prefix = {"User.UserAttributes": "", "Attributes": "Endpoint_"}.get(kind, f"{kind}_")
    return f"{prefix}{name}"


def profiles(endpoints: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One ``CreateProfile`` request (without ``DomainName``) per user, in first-seen order."""
    users: dict[str, list[dict[str, Any]]] = {}
    for endpoint in endpoints:
        user: dict[str, Any] = endpoint.get("User") or {}
        user_id = user.get("UserId")
        users.setdefault(user_id or f"endpoint:{endpoint['Id']}", []).append(endpoint)
    return [_profile(key, group) for key, group in users.items()]


def _profile(key: str, endpoints: list[dict[str, Any]]) -> dict[str, Any]:
    values: dict[str, list[str]] = {}

    def add(name: str, value: object) -> None:
        text = str(value)
        if text and text not in values.setdefault(name, []):
            values[name].append(text)

    phones: list[str] = []
    emails: list[str] = []
    address: dict[str, str] = {}
    for endpoint in endpoints:
        channel, where = endpoint.get("ChannelType"), endpoint.get("Address")
        if where and channel in ("SMS", "VOICE") and where not in phones:
            phones.append(where)
        elif where and channel == "EMAIL" and where not in emails:
            emails.append(where)
        elif where and channel in _PUSH:
            add(f"{channel}_{endpoint['Id']}", where)
        user: dict[str, Any] = endpoint.get("User") or {}
        user_attributes: dict[str, list[str]] = user.get("UserAttributes") or {}
        attributes: dict[str, list[str]] = endpoint.get("Attributes") or {}
        metrics: dict[str, float] = endpoint.get("Metrics") or {}
        demographic: dict[str, str] = endpoint.get("Demographic") or {}
        location: dict[str, Any] = endpoint.get("Location") or {}
        for name, listed in user_attributes.items():
            for value in listed:
                add(attribute_key("User.UserAttributes", name), value)
        for name, listed in attributes.items():
            for value in listed:
                add(attribute_key("Attributes", name), value)
        for name, number in metrics.items():
            add(attribute_key("Metrics", name), number)
        for name, value in demographic.items():
            add(attribute_key("Demographic", name), value)
        for source, target in (
            ("City", "City"),
            ("Country", "Country"),
            ("PostalCode", "PostalCode"),
            ("Region", "State"),
        ):
            if location.get(source):
                address.setdefault(target, location[source])
        for name in ("Latitude", "Longitude"):
            if location.get(name) is not None:
                add(name, location[name])
        # Who must not be messaged, and which addresses are inactive, moves too.
        if endpoint.get("OptOut", "NONE") != "NONE":
            add(f"OptOut_{endpoint['Id']}", endpoint["OptOut"])
        if endpoint.get("EndpointStatus", "ACTIVE") != "ACTIVE":
            add(f"EndpointStatus_{endpoint['Id']}", endpoint["EndpointStatus"])
        if key.startswith("endpoint:"):
            add("EndpointId", endpoint["Id"])

    profile: dict[str, Any] = {}
    if not key.startswith("endpoint:"):
        profile["AccountNumber"] = key
    for fields, addresses, spill in (
        (_PHONES, phones, "PhoneNumber"),
        (_EMAILS, emails, "EmailAddress"),
    ):
        for i, value in enumerate(addresses):
            if i < len(fields):
                profile[fields[i]] = value
            else:
                values[f"{spill}_{i}"] = [value]
    if address:
        profile["Address"] = address
    if values:
        profile["Attributes"] = {name: ", ".join(listed) for name, listed in values.items()}
    return profile


def read_ndjson(data: bytes) -> Iterator[dict[str, Any]]:
    """The endpoints of one export object (gzipped or not), one JSON object per line."""
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    for line in data.decode("utf-8").splitlines():
        if line.strip():
            yield json.loads(line)


def export_endpoints(client: PinpointClient, emu: Emulator, app_id: str, *, poll: float) -> bytes:
    """Run an export job of every endpoint of ``app_id`` and return what it wrote."""
    prefix = f"{app_id}/endpoints/"
    job = client.create_export_job(
        application_id=app_id,
        export_job_request=models.ExportJobRequest(
            role_arn=ROLE_ARN, s3_url_prefix=f"s3://{BUCKET}/{prefix}"
        ),
    )
    status(f"Export job {job.id} created")
    while job.job_status not in (models.JobStatus.COMPLETED, models.JobStatus.FAILED):
        time.sleep(poll)
        job = client.get_export_job(application_id=app_id, job_id=job.id)
    if job.job_status is models.JobStatus.FAILED:
        raise SystemExit(f"export job {job.id} failed: {job.failures}")
    return b"".join(emu.get_object(BUCKET, key) for key in emu.object_keys(BUCKET, prefix))


DEMO_ENDPOINTS = [
    models.EndpointBatchItem(
        id="phone-1",
        channel_type=models.ChannelType.SMS,
        address="+15555550100",
        user=models.EndpointUser(user_id="u-1", user_attributes={"FirstName": ["Ana"]}),
        attributes={"Plan": ["gold"]},
        location=models.EndpointLocation(city="Lisbon", country="PT"),
    ),
    models.EndpointBatchItem(
        id="mail-1",
        channel_type=models.ChannelType.EMAIL,
        address="ana@example.com",
        user=models.EndpointUser(user_id="u-1"),
        metrics={"Orders": 3.0},
    ),
    models.EndpointBatchItem(
        id="device-9", channel_type=models.ChannelType.GCM, address="fcm-token-9"
    ),
]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argument_parser(__doc__, app_id=False)
    parser.add_argument("--from-file", type=Path, help="convert this export (NDJSON, .gz or not)")
    parser.add_argument("--domain-name", help="with --aws: create the profiles in this domain")
    parser.add_argument("--poll", type=float, default=1.0, help="seconds between job reads (1)")
    args = parser.parse_args(argv)
    if args.aws and not (args.from_file and args.domain_name):
        parser.error("--aws needs --from-file and --domain-name (Pinpoint's exports ended on AWS)")
    if args.endpoint_url and not args.from_file:
        parser.error("--endpoint-url needs --from-file: read the export under its --s3-root")

    if args.from_file:
        converted = profiles(read_ndjson(args.from_file.read_bytes()))
    else:
        with connect(args) as target, scratch_app(target.client, None, "profiles") as app_id:
            assert target.emulator is not None  # neither --aws nor --endpoint-url
            target.client.put_endpoints(app_id, DEMO_ENDPOINTS)
            for item in DEMO_ENDPOINTS:  # written asynchronously, as Pinpoint does
                target.client.wait_for_endpoint(app_id, item.id or "", expected=item)
            data = export_endpoints(target.client, target.emulator, app_id, poll=args.poll)
            converted = profiles(read_ndjson(data))

    if args.aws:
        customer_profiles = aws_client("customer-profiles", args.region)
        for profile in converted:
            created: dict[str, Any] = customer_profiles.create_profile(
                DomainName=args.domain_name, **profile
            )
            status(f"Created profile {created['ProfileId']}")
    for profile in converted:
        print(json.dumps(profile, sort_keys=True))
    status(f"Converted {len(converted)} profile(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
