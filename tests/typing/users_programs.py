"""Type-checked by mypy --strict and pyright strict, never run: what users write, with no None checks.

Each block is a small program a user writes against the client: create an app, a segment and a
campaign; iterate campaigns; read an import job's status; read a segment version. Members the
service always returns are typed as present, so none of them needs ``assert x is not None``.
"""

from __future__ import annotations

from typing_extensions import assert_type

from pinpoint_sdk import PinpointClient, models

client = PinpointClient(region_name="us-east-1")

# Create an app, a segment and a campaign: each answer's id feeds the next call as it is.
app = client.create_app(create_application_request=models.CreateApplicationRequest(name="shop"))
assert_type(app.id, str)
assert_type(app.arn, str)
assert_type(app.name, str)
segment = client.create_segment(
    application_id=app.id,
    write_segment_request=models.WriteSegmentRequest(name="everyone"),
)
assert_type(segment.id, str)
assert_type(segment.version, int)
campaign = client.create_campaign(
    application_id=app.id,
    write_campaign_request=models.WriteCampaignRequest(
        name="welcome",
        segment_id=segment.id,
        schedule=models.Schedule(start_time="IMMEDIATE"),
    ),
)
assert_type(campaign.id, str)
assert_type(campaign.arn, str)
assert_type(campaign.segment_version, int)
assert_type(campaign.creation_date, str)
assert_type(campaign.name, str | None)  # optional in the model: the None check stays

# Iterate campaigns.
names: list[str] = []
for item in client.iter_campaigns(application_id=app.id, page_size=50):
    assert_type(item.id, str)
    assert_type(item.application_id, str)
    names.append(item.id)
page = client.get_campaigns(application_id=app.id)
assert_type(page.item, list[models.CampaignResponse])

# Read an import job's status.
job = client.create_import_job(
    application_id=app.id,
    import_job_request=models.ImportJobRequest(
        format=models.Format.CSV,
        role_arn="arn:aws:iam::123456789012:role/import",
        s3_url="s3://bucket/endpoints.csv",
        define_segment=True,
    ),
)
status = client.get_import_job(application_id=app.id, job_id=job.id).job_status
assert_type(status, models.JobStatus)
done = status in (models.JobStatus.COMPLETED, models.JobStatus.FAILED)
assert_type(job.definition, models.ImportJobResource)
assert_type(job.definition.s3_url, str)
assert_type(job.definition.segment_id, str | None)
jobs = client.get_import_jobs(application_id=app.id)
assert_type(jobs.item[0].job_status, models.JobStatus)

# Read a segment version: the version an answer gave is what the call takes, an int as it is.
used = client.get_segment_version(
    application_id=app.id, segment_id=campaign.segment_id, version=campaign.segment_version
)
assert_type(used, models.SegmentResponse)
assert_type(used.segment_type, models.SegmentType)
# The answers' versions are typed as present: the inputs take them (codegen's integer rule).
latest = client.get_segment_version(
    application_id=app.id, segment_id=segment.id, version=segment.version
)
assert_type(latest.id, str)
first = client.get_campaign_version(
    application_id=app.id, campaign_id=campaign.id, version=campaign.version
)
assert_type(first.arn, str)
