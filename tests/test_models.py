"""The generated model layer against today's service model."""

from __future__ import annotations

import inspect
from typing import Any

import attrs
import pytest
from botocore import xform_name

from codegen.reader import SECRET_MEMBERS, load_botocore, shape_class_name
from pinpoint_sdk import models
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


def test_members_of_shapes_only_returned_default_to_none() -> None:
    campaign = models.CampaignResponse()
    assert all(getattr(campaign, a.name) is None for a in attrs.fields(models.CampaignResponse))


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


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="NoSuchShape"):
        models.NoSuchShape  # type: ignore[attr-defined]  # noqa: B018


def test_dir_lists_every_model() -> None:
    assert {"WriteCampaignRequest", "ChannelType", "ImportJobResponse"} <= set(dir(models))
    assert len(models.__all__) == len(structure_names()) + 28
