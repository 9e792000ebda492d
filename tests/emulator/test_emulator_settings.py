from __future__ import annotations

from typing import Any


def test_get_application_settings_of_a_new_app(raw: Any, app: str) -> None:
    settings = raw.get_application_settings(ApplicationId=app)["ApplicationSettingsResource"]
    assert settings["ApplicationId"] == app
    assert settings["Limits"] == {}


def test_update_application_settings_is_read_back(raw: Any, app: str) -> None:
    # The seed's UpdateApplicationSettings request.
    request = {
        "Limits": {"Daily": 10, "MaximumDuration": 60, "MessagesPerSecond": 50},
        "QuietTime": {"End": "08:00", "Start": "22:00"},
    }
    updated = raw.update_application_settings(
        ApplicationId=app, WriteApplicationSettingsRequest=request
    )
    assert updated["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert updated["ApplicationSettingsResource"]["Limits"] == request["Limits"]
    settings = raw.get_application_settings(ApplicationId=app)["ApplicationSettingsResource"]
    assert settings["QuietTime"] == request["QuietTime"]
    assert settings["Limits"] == request["Limits"]
