"""examples/rewrite_template_placeholders.py: Pinpoint placeholders in Connect's form."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest

from pinpoint_sdk import PinpointClient, models
from pinpoint_sdk.emulator import Emulator


@pytest.fixture
def placeholders(example: Callable[[str], ModuleType]) -> ModuleType:
    return example("rewrite_template_placeholders")


@pytest.mark.parametrize(
    ("pinpoint", "connect"),
    [
        # The guide's own example.
        (
            "{{User.UserAttributes.PurchaseHistory}}",
            "{{Attributes.Customer.Attributes.PurchaseHistory}}",
        ),
        ("{{Attributes.Plan}}", "{{Attributes.Customer.Attributes.Endpoint_Plan}}"),
        ("{{Metrics.Orders}}", "{{Attributes.Customer.Attributes.Metrics_Orders}}"),
        ("{{Demographic.Platform}}", "{{Attributes.Customer.Attributes.Demographic_Platform}}"),
        ("{{ User.UserId }}", "{{ Attributes.Customer.AccountNumber }}"),
        ("{{{User.UserAttributes.Bio}}}", "{{{Attributes.Customer.Attributes.Bio}}}"),
        (
            "{{#if User.UserAttributes.A}}x{{/if}}",
            "{{#if Attributes.Customer.Attributes.A}}x{{/if}}",
        ),
        ("Attributes.Plan outside a tag", "Attributes.Plan outside a tag"),
        # Already rewritten: left alone, so a second run changes nothing.
        ("{{Attributes.Customer.Attributes.X}}", "{{Attributes.Customer.Attributes.X}}"),
    ],
)
def test_rewrites_each_kind_of_placeholder(
    placeholders: ModuleType, pinpoint: str, connect: str
) -> None:
    assert placeholders.rewrite(pinpoint) == (connect, [])


def test_a_value_with_no_place_in_a_profile_is_left_and_listed(placeholders: ModuleType) -> None:
    text = "{{Address}} in {{Location.City}}, {{User.UserAttributes.Name}}"
    assert placeholders.rewrite(text) == (
        "{{Address}} in {{Location.City}}, {{Attributes.Customer.Attributes.Name}}",
        ["Address", "Location.City"],
    )


def test_rewrites_the_demo_templates_read_from_the_emulator(
    placeholders: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert placeholders.main([]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "demo-welcome (SMS body): Hi {{Attributes.Customer.Attributes.FirstName}}, your "
        "{{Attributes.Customer.Attributes.Endpoint_Plan}} plan is on. Reply STOP to {{Address}} "
        "to opt out.",
        "demo-receipt (subject): Receipt for {{Attributes.Customer.AccountNumber}}",
        "demo-receipt (HTML): {{#if Attributes.Customer.Attributes.FirstName}}Dear "
        "{{Attributes.Customer.Attributes.FirstName}},{{/if}} you have "
        "{{Attributes.Customer.Attributes.Metrics_Orders}} orders.",
    ]
    assert "demo-welcome (SMS body): {{Address}} has no place in a profile" in err


def test_rewrites_a_named_template_of_a_running_emulator(
    placeholders: ModuleType,
    emu: Emulator,
    client: PinpointClient,
    capsys: pytest.CaptureFixture[str],
) -> None:
    client.create_sms_template(
        template_name="named-sms",
        sms_template_request=models.SMSTemplateRequest(body="Hey {{User.UserAttributes.Nick}}"),
    )
    argv = ["--endpoint-url", emu.endpoint_url, "--sms-template", "named-sms"]
    assert placeholders.main(argv) == 0
    assert capsys.readouterr().out == (
        "named-sms (SMS body): Hey {{Attributes.Customer.Attributes.Nick}}\n"
    )
