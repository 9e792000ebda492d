"""The generated model layer against today's service model."""

from __future__ import annotations

import inspect
import typing
from typing import Any

import attrs
import pytest
from botocore import xform_name

from codegen.reader import SECRET_MEMBERS, load_botocore, shape_class_name
from pinpoint_sdk import from_boto3, models, to_boto3
from pinpoint_sdk._converter import _NAMESPACE
from tests.strategies import service_model, structure_names

RECORDS = load_botocore()


def test_every_structure_shape_has_a_class_of_the_same_name() -> None:
    names = structure_names()
    assert len(names) >= 459
    for name in names:
        cls = getattr(models, name)
        assert attrs.has(cls)
        assert cls.__name__ == name


def test_every_enum_shape_has_a_str_enum_with_its_values() -> None:
    model = service_model()
    enums = [model.shape_for(n) for n in model.shape_names]
    enums = [s for s in enums if s.type_name == "string" and s.enum]
    assert len(enums) == 28
    for shape in enums:
        cls = getattr(models, shape_class_name(shape.name))
        assert [m.value for m in cls] == shape.enum
        assert issubclass(cls, str)


def test_element_enums_get_clean_names() -> None:
    assert models.EndpointTypesElement.GCM == "GCM"
    assert models.TimezoneEstimationMethodsElement.PHONE_NUMBER == "PHONE_NUMBER"


@pytest.mark.parametrize("name", structure_names())
def test_attributes_are_xform_names_and_constructors_keyword_only(name: str) -> None:
    cls = getattr(models, name)
    shape = service_model().shape_for(name)
    assert [a.name for a in attrs.fields(cls)] == [xform_name(m).lstrip("_") for m in shape.members]
    params = inspect.signature(cls).parameters.values()
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params)


def test_required_members_are_required_for_shapes_a_user_sends() -> None:
    with pytest.raises(TypeError, match="application_id"):
        models.GetCampaignRequest(campaign_id="c")  # type: ignore[call-arg]
    request = models.GetCampaignsRequest(application_id="a")
    assert request.page_size is None
    assert request.token is None


def _types(cls: Any) -> dict[str, Any]:
    """The attributes' declared types, forward references resolved."""
    return typing.get_type_hints(cls, localns=_NAMESPACE)


def test_required_members_of_shapes_only_returned_are_required_and_typed_as_present() -> None:
    with pytest.raises(TypeError, match="arn"):
        models.CampaignResponse(id="c")  # type: ignore[call-arg]
    assert _types(models.CampaignResponse)["id"] is str
    assert _types(models.CampaignResponse)["arn"] is str
    assert _types(models.ImportJobResponse)["job_status"] is models.JobStatus
    assert _types(models.ApplicationResponse)["id"] is str
    assert _types(models.CampaignResponse)["description"] == str | None


#: Answer members the model leaves optional that inputs take (``version=segment.version``): typed
#: as present (see the next tests).
PRESENT_BY_THE_INTEGER_RULE = {("CampaignResponse", "version"), ("SegmentResponse", "version")}


@pytest.mark.parametrize("name", structure_names())
def test_a_member_is_a_required_argument_exactly_when_the_model_requires_it(name: str) -> None:
    shape = service_model().shape_for(name)
    required = {xform_name(m).lstrip("_") for m in shape.required_members}
    required |= {attr for shape_name, attr in PRESENT_BY_THE_INTEGER_RULE if shape_name == name}
    cls = getattr(models, name)
    types = _types(cls)
    for field in attrs.fields(cls):
        assert (field.default is attrs.NOTHING) == (field.name in required), field.name
        optional = type(None) in typing.get_args(types[field.name])
        assert optional == (field.name not in required), field.name


def test_optional_members_default_to_none() -> None:
    campaign = models.CampaignResponse(
        application_id="a",
        arn="arn",
        creation_date="2026-01-01",
        id="c",
        last_modified_date="2026-01-01",
        segment_id="s",
        segment_version=1,
        version=1,
    )
    assert campaign.description is None
    assert campaign.schedule is None


def test_the_inputs_that_take_an_integer_are_found_by_the_rule() -> None:
    found = sorted(
        (shape.name, member.name)
        for shape in RECORDS.structures()
        for member in shape.members
        if member.int_as_string
    )
    versions = [pair for pair in found if pair[1] != "PageSize"]
    assert versions == [
        ("GetCampaignVersionRequest", "Version"),
        ("GetSegmentVersionRequest", "Version"),
    ]
    page_sizes = {name for name, member in found if member == "PageSize"}
    assert page_sizes == {
        shape.name
        for shape in RECORDS.structures()
        if any(m.name == "PageSize" for m in shape.members)
    }
    assert len(page_sizes) == 22


def test_the_integers_those_inputs_take_are_typed_as_present_in_the_answers() -> None:
    # The model does not mark them required; the rule does, so ``version=segment.version`` needs
    # no None check.
    for shape in ("SegmentResponse", "CampaignResponse"):
        version = RECORDS.shapes[shape].member("Version")
        assert version.required, shape
    read = from_boto3(models.SegmentResponse, {"Id": "s", "ApplicationId": "a"})
    assert read.version == 0


def test_an_input_that_takes_an_integer_accepts_either_and_sends_a_string() -> None:
    request = models.GetSegmentVersionRequest(application_id="a", segment_id="s", version=3)
    assert to_boto3(request)["Version"] == "3"
    same = models.GetSegmentVersionRequest(application_id="a", segment_id="s", version="3")
    assert to_boto3(same) == to_boto3(request)
    assert from_boto3(models.GetSegmentVersionRequest, to_boto3(request)).version == "3"


def test_repr_shows_only_the_members_that_are_set() -> None:
    schedule = models.Schedule(start_time="IMMEDIATE", frequency=models.Frequency.ONCE)
    assert repr(schedule) == "Schedule(frequency=<Frequency.ONCE: 'ONCE'>, start_time='IMMEDIATE')"
    assert str(models.EventsResponse()) == "EventsResponse()"
    nested = models.WriteSegmentRequest(name="everyone", tags={})
    assert repr(nested) == "WriteSegmentRequest(name='everyone', tags={})"


def test_models_are_frozen() -> None:
    request = models.GetCampaignRequest(application_id="a", campaign_id="c")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        request.campaign_id = "d"  # type: ignore[misc]
    assert attrs.evolve(request, campaign_id="d").campaign_id == "d"


def test_classes_and_attributes_carry_the_model_documentation() -> None:
    assert "campaign" in (models.WriteCampaignRequest.__doc__ or "").lower()
    assert models.CreateCampaignRequest.__doc__ == "The input of the ``create_campaign`` operation."
    source = inspect.getsource(models.WriteCampaignRequest)
    assert '"""The messaging limits for the campaign."""' in source
    assert "<p>" not in source


def _secret_members() -> list[tuple[str, str]]:
    return [
        (shape.name, member.attr)
        for shape in RECORDS.structures()
        for member in shape.members
        if member.secret
    ]


def test_the_contract_minimum_of_credentials_is_treated_as_secret() -> None:
    assert {"Certificate", "PrivateKey", "TokenKey", "ApiKey", "ServiceJson"} <= SECRET_MEMBERS
    shapes = {name for name, _ in _secret_members()}
    assert {
        "APNSChannelRequest",
        "APNSSandboxChannelRequest",
        "APNSVoipChannelRequest",
        "GCMChannelRequest",
        "ADMChannelRequest",
        "BaiduChannelRequest",
    } <= shapes


@pytest.mark.parametrize(("shape", "attr"), _secret_members())
def test_credentials_are_redacted_in_repr_and_str(shape: str, attr: str) -> None:
    cls: Any = getattr(models, shape)
    required = {a.name: "x" for a in attrs.fields(cls) if a.default is attrs.NOTHING}
    obj = cls(**{**required, attr: "TOP-SECRET-VALUE"})
    assert "TOP-SECRET-VALUE" not in repr(obj)
    assert "TOP-SECRET-VALUE" not in str(obj)
    assert f"{attr}='<redacted>'" in repr(obj)
    assert getattr(obj, attr) == "TOP-SECRET-VALUE"


@pytest.mark.parametrize("shape", sorted({shape for shape, _ in _secret_members()}))
def test_a_shape_with_a_secret_shows_only_what_is_set_with_secrets_redacted(shape: str) -> None:
    cls: Any = getattr(models, shape)
    secrets = {attr for name, attr in _secret_members() if name == shape}
    required = {a.name for a in attrs.fields(cls) if a.default is attrs.NOTHING}
    obj = cls(**{name: "SECRET-" + name for name in required | secrets})
    expected = ", ".join(
        f"{name}='<redacted>'" if name in secrets else f"{name}='SECRET-{name}'"
        for name in (a.name for a in attrs.fields(cls))
        if name in required | secrets
    )
    assert repr(obj) == str(obj) == f"{shape}({expected})"


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="NoSuchShape"):
        models.NoSuchShape  # type: ignore[attr-defined]  # noqa: B018


def test_dir_lists_every_model() -> None:
    assert {"WriteCampaignRequest", "ChannelType", "ImportJobResponse"} <= set(dir(models))
    assert len(models.__all__) == len(structure_names()) + 28
