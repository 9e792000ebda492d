"""Type-checked by mypy --strict and pyright, never run: pins the public types of the models."""

from __future__ import annotations

from typing import Any

from typing_extensions import assert_type

from pinpoint_sdk import from_boto3, models, to_boto3

request = models.WriteCampaignRequest(
    name="spring",
    segment_id="seg-1",
    schedule=models.Schedule(
        start_time="2026-03-01T00:00:00Z",
        frequency=models.Frequency.ONCE,
        quiet_time=models.QuietTime(start="22:00", end="07:00"),
    ),
    message_configuration=models.MessageConfiguration(
        gcm_message=models.Message(body="hi", action=models.Action.OPEN_APP),
        apns_message=models.Message(body="hi", silent_push=False),
    ),
    holdout_percent=5,
    tags={"team": "growth"},
)

assert_type(request.name, str | None)
assert_type(request.holdout_percent, int | None)
assert_type(request.schedule, models.Schedule | None)
assert_type(request.tags, dict[str, str] | None)
assert_type(request.additional_treatments, list[models.WriteTreatmentResource] | None)
if request.schedule is not None:
    assert_type(request.schedule.start_time, str)
    assert_type(request.schedule.frequency, models.Frequency | None)
if request.message_configuration is not None:
    assert_type(request.message_configuration.gcm_message, models.Message | None)

wrapper = models.CreateCampaignRequest(application_id="app", write_campaign_request=request)
assert_type(wrapper.write_campaign_request, models.WriteCampaignRequest)

location = models.EndpointLocation(latitude=47.6, longitude=-122)
assert_type(location.latitude, float | None)

params = to_boto3(wrapper)
assert_type(params, dict[str, Any])
campaign = from_boto3(models.CampaignResponse, {"Id": "c1"})
assert_type(campaign, models.CampaignResponse)
assert_type(campaign.id, str)  # required: typed as present, "" if an answer lacked it
assert_type(campaign.arn, str)
assert_type(campaign.description, str | None)
assert_type(models.ChannelType.GCM.is_unknown, bool)

models.GetCampaignRequest(application_id="a")  # type: ignore[call-arg]  # campaign_id is required
models.Schedule(start_time="now", frequency="ONCE")  # type: ignore[arg-type]  # an enum, not a str
models.CampaignResponse(id="c")  # type: ignore[call-arg]  # arn, application_id ... are required
models.GetSegmentVersionRequest(application_id="a", segment_id="s", version=3)
models.GetSegmentVersionRequest(application_id="a", segment_id="s", version=3.0)  # type: ignore[arg-type]  # a string or an integer
