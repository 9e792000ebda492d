"""The project quota: at most 100 apps in a Region (developer guide, "Project quotas")."""

from __future__ import annotations

import pytest

from pinpoint_sdk._limits import MAX_APPS_PER_REGION
from pinpoint_sdk.emulator import Emulator
from pinpoint_sdk.emulator.pytest_plugin import boto3_client_for

from .conftest import error_of


def test_a_101st_app_is_refused_until_one_is_deleted(pinpoint_emulator: Emulator) -> None:
    raw = boto3_client_for(pinpoint_emulator)
    ids = [
        raw.create_app(CreateApplicationRequest={"Name": f"app{i}"})["ApplicationResponse"]["Id"]
        for i in range(MAX_APPS_PER_REGION)
    ]
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        raw.create_app(CreateApplicationRequest={"Name": "one too many"})
    code, status, message = error_of(excinfo)
    assert (code, status) == ("BadRequestException", 400)
    assert f"at most {MAX_APPS_PER_REGION} projects" in message
    assert len(raw.get_apps(PageSize="1000")["ApplicationsResponse"]["Item"]) == 100
    raw.delete_app(ApplicationId=ids[0])
    raw.create_app(CreateApplicationRequest={"Name": "room again"})
