"""The converter's behaviour on specific inputs: errors, leniency, wire details."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

from pinpoint_sdk import from_boto3, models, to_boto3
from pinpoint_sdk.errors import ConversionError


def _campaign(**changes: object) -> models.WriteCampaignRequest:
    request = models.WriteCampaignRequest(
        name="spring",
        segment_id="seg-1",
        schedule=models.Schedule(
            start_time="2026-03-01T00:00:00Z", frequency=models.Frequency.ONCE
        ),
        message_configuration=models.MessageConfiguration(
            gcm_message=models.Message(body="hello", action=models.Action.OPEN_APP)
        ),
    )
    return attrs.evolve(request, **changes)


def test_to_boto3_uses_wire_names_and_omits_none() -> None:
    assert to_boto3(_campaign()) == {
        "Name": "spring",
        "SegmentId": "seg-1",
        "Schedule": {"StartTime": "2026-03-01T00:00:00Z", "Frequency": "ONCE"},
        "MessageConfiguration": {"GCMMessage": {"Body": "hello", "Action": "OPEN_APP"}},
    }


def test_operation_wrapper_gives_the_exact_boto3_kwargs() -> None:
    request = models.CreateCampaignRequest(application_id="app", write_campaign_request=_campaign())
    params = to_boto3(request)
    assert params["ApplicationId"] == "app"
    assert params["WriteCampaignRequest"]["Name"] == "spring"
    assert set(params) == {"ApplicationId", "WriteCampaignRequest"}


def test_lowercase_tags_member_keeps_its_wire_name() -> None:
    assert to_boto3(_campaign(tags={"team": "growth"}))["tags"] == {"team": "growth"}


@pytest.mark.parametrize(
    ("changes", "path", "expected"),
    [
        ({"name": 5}, "$.Name", "a string"),
        ({"holdout_percent": "10"}, "$.HoldoutPercent", "an integer"),
        ({"holdout_percent": True}, "$.HoldoutPercent", "an integer"),
        ({"is_paused": "yes"}, "$.IsPaused", "a boolean"),
        ({"tags": "team=growth"}, "$.tags", "a map of str to a string"),
        ({"tags": {"team": 1}}, "$.tags['team']", "a string"),
        ({"additional_treatments": "t1"}, "$.AdditionalTreatments", "a list of"),
        ({"schedule": {"StartTime": "x"}}, "$.Schedule", "a Schedule"),
    ],
)
def test_bad_input_names_the_path_and_the_expectation(
    changes: dict[str, object], path: str, expected: str
) -> None:
    with pytest.raises(ConversionError) as info:
        to_boto3(_campaign(**changes))
    assert info.value.path == path
    assert expected in info.value.expected
    assert str(info.value).startswith(f"{path}: expected")


def test_wrong_enum_spelling_lists_the_allowed_values() -> None:
    bad = _campaign(schedule=models.Schedule(start_time="now", frequency="weekly"))  # type: ignore[arg-type]
    with pytest.raises(
        ConversionError, match=r"\$\.Schedule\.Frequency: expected a Frequency"
    ) as info:
        to_boto3(bad)
    assert "'WEEKLY'" in info.value.expected


def test_a_wrong_enum_value_is_named_by_its_type_never_echoed() -> None:
    bad = _campaign(schedule=models.Schedule(start_time="now", frequency="weekly-SECRET"))  # type: ignore[arg-type]
    with pytest.raises(ConversionError) as info:
        to_boto3(bad)
    assert info.value.got == "str"
    assert "SECRET" not in str(info.value)


def test_a_dict_in_an_enum_slot_of_an_answer_is_named_by_its_type_never_echoed() -> None:
    with pytest.raises(ConversionError) as info:
        from_boto3(models.CampaignState, {"CampaignStatus": {"token": "SECRET"}})
    assert (info.value.path, info.value.got) == ("$.CampaignStatus", "dict")
    assert "SECRET" not in str(info.value)


def test_a_list_in_an_enum_slot_is_a_conversion_error() -> None:
    with pytest.raises(ConversionError, match=r"\$\.CampaignStatus: expected a CampaignStatus"):
        from_boto3(models.CampaignState, {"CampaignStatus": ["COMPLETED"]})


def test_a_number_beyond_a_double_is_a_conversion_error() -> None:
    with pytest.raises(ConversionError, match=r"\$\.Latitude: expected a number, got int"):
        from_boto3(models.GPSCoordinates, {"Latitude": 10**400, "Longitude": 0.0})


def test_a_known_enum_value_given_as_a_plain_string_is_accepted() -> None:
    ok = _campaign(schedule=models.Schedule(start_time="now", frequency="WEEKLY"))  # type: ignore[arg-type]
    assert to_boto3(ok)["Schedule"]["Frequency"] == "WEEKLY"


def test_a_required_member_set_to_none_is_refused() -> None:
    bad = _campaign(schedule=models.Schedule(start_time=None))  # type: ignore[arg-type]
    with pytest.raises(ConversionError, match="required"):
        to_boto3(bad)


def test_a_list_member_refuses_a_string_instead_of_spreading_its_characters() -> None:
    segment = models.SetDimension(values="abc")  # type: ignore[arg-type]
    with pytest.raises(ConversionError, match=r"\$\.Values: expected a list of a string"):
        to_boto3(segment)


def test_to_boto3_refuses_what_is_not_a_model() -> None:
    with pytest.raises(ConversionError, match=r"pinpoint_sdk\.models"):
        to_boto3({"Name": "x"})


def test_unknown_response_members_are_ignored() -> None:
    campaign = from_boto3(models.CampaignResponse, {"Id": "c1", "BrandNewMember": {"x": 1}})
    assert campaign.id == "c1"
    assert "BrandNewMember" not in to_boto3(campaign)


def test_unknown_enum_value_is_kept_and_sent_back_unchanged() -> None:
    state = from_boto3(models.CampaignState, {"CampaignStatus": "ARCHIVED_IN_2030"})
    assert state.campaign_status is not None
    assert state.campaign_status.is_unknown
    assert state.campaign_status == "ARCHIVED_IN_2030"
    assert isinstance(state.campaign_status, models.CampaignStatus)
    assert to_boto3(state) == {"CampaignStatus": "ARCHIVED_IN_2030"}
    assert not models.CampaignStatus.COMPLETED.is_unknown


def test_enum_is_a_str() -> None:
    assert models.ChannelType.GCM == "GCM"
    assert isinstance(models.ChannelType.GCM, str)
    assert models.EndpointTypesElement.APNS == "APNS"


def test_missing_required_members_of_a_returned_only_shape_read_as_zero_values() -> None:
    campaign = from_boto3(models.CampaignResponse, {"Id": "c1"})
    assert (campaign.arn, campaign.application_id, campaign.segment_version) == ("", "", 0)
    assert campaign.id == "c1"


def test_missing_required_members_of_every_kind_read_as_their_zero_values() -> None:
    job = from_boto3(models.ImportJobResponse, {})
    assert job.job_status == ""
    assert job.job_status.is_unknown
    assert job.definition == models.ImportJobResource(
        format=models.Format(""), role_arn="", s3_url=""
    )
    assert from_boto3(models.ActivitiesResponse, {}).item == []
    assert from_boto3(models.AttributeDimension, {}).values == []
    assert from_boto3(models.MetricDimension, {}).value == 0.0
    assert from_boto3(models.ListTagsForResourceResponse, {}).tags_model == models.TagsModel(
        tags={}
    )


def test_missing_required_member_of_a_sent_shape_gets_its_zero_value() -> None:
    campaign = from_boto3(models.CampaignResponse, {"Id": "c1", "Schedule": {"Frequency": "ONCE"}})
    assert campaign.schedule == models.Schedule(start_time="", frequency=models.Frequency.ONCE)


def test_malformed_response_raises_conversion_error_with_path() -> None:
    with pytest.raises(ConversionError) as info:
        from_boto3(models.CampaignsResponse, {"Item": [{"Id": "ok"}, {"Id": 7}]})
    assert info.value.path == "$.Item[1].Id"
    assert info.value.expected == "a string"
    assert info.value.got == "int"


def test_from_boto3_refuses_a_string_where_a_structure_belongs() -> None:
    with pytest.raises(ConversionError, match=r"\$\.Schedule: expected a Schedule"):
        from_boto3(models.CampaignResponse, {"Schedule": "daily"})


def test_a_structure_is_read_from_a_dict_but_written_only_from_its_model() -> None:
    with pytest.raises(ConversionError) as read:
        from_boto3(models.CampaignResponse, {"AdditionalTreatments": ["daily"]})
    assert (read.value.path, read.value.expected) == (
        "$.AdditionalTreatments[0]",
        "a TreatmentResource (or a dict with its wire members)",
    )
    schedule: Any = {"StartTime": "IMMEDIATE"}  # the wire form, not the model
    write = models.WriteCampaignRequest(name="n", schedule=schedule)
    with pytest.raises(ConversionError) as written:
        to_boto3(write)
    assert (written.value.path, written.value.expected) == ("$.Schedule", "a Schedule")
    treatment: Any = {"SizePercent": 5}
    treatments = models.WriteCampaignRequest(name="n", additional_treatments=[treatment])
    with pytest.raises(ConversionError) as listed:
        to_boto3(treatments)
    assert (listed.value.path, listed.value.expected) == (
        "$.AdditionalTreatments[0]",
        "a WriteTreatmentResource",
    )


def test_double_members_read_ints_as_floats() -> None:
    location = from_boto3(models.EndpointLocation, {"Latitude": 47, "Longitude": -122.3})
    assert location.latitude == 47.0
    assert isinstance(location.latitude, float)
    assert to_boto3(location) == {"Latitude": 47.0, "Longitude": -122.3}


def test_integer_members_refuse_floats() -> None:
    with pytest.raises(ConversionError, match=r"\$\.HoldoutPercent: expected an integer"):
        from_boto3(models.CampaignResponse, {"HoldoutPercent": 10.5})


def test_timestamps_are_datetimes_both_ways() -> None:
    when = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    kpi = from_boto3(models.ApplicationDateRangeKpiResponse, {"StartTime": when, "EndTime": when})
    assert kpi.start_time == when
    assert to_boto3(kpi)["StartTime"] is when


def test_the_blob_member_is_bytes() -> None:
    raw = from_boto3(models.RawEmail, {"Data": b"\x00mime"})
    assert raw.data == b"\x00mime"
    assert to_boto3(raw) == {"Data": b"\x00mime"}


def test_error_messages_never_contain_the_value() -> None:
    bad = models.GCMChannelRequest(api_key=12345678)  # type: ignore[arg-type]
    with pytest.raises(ConversionError) as info:
        to_boto3(bad)
    assert "12345678" not in str(info.value)


def test_an_explicit_none_reads_as_an_absent_member() -> None:
    data = {"Id": "c1", "Arn": "a", "Description": None}
    campaign = from_boto3(models.CampaignResponse, {**data, "ApplicationId": "app"})
    assert campaign.description is None
    assert "Description" not in to_boto3(campaign)


def test_a_model_read_from_boto3_stays_frozen() -> None:
    # The readers store fields through the slots, skipping the frozen __setattr__: users keep it.
    campaign = from_boto3(
        models.CampaignResponse,
        {"Id": "c1", "ApplicationId": "a", "Arn": "arn", "Schedule": {"StartTime": "IMMEDIATE"}},
    )
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        campaign.id = "c2"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        campaign.schedule.start_time = "later"  # type: ignore[misc,union-attr]
    assert (campaign.id, campaign.schedule) == ("c1", models.Schedule(start_time="IMMEDIATE"))
