"""Rewrite a Pinpoint template's placeholders for Amazon Connect's message templates.

AWS's migration guide: templates in Connect use the same Handlebars engine, but "a placeholder like
``{{User.UserAttributes.PurchaseHistory}}`` can now be changed to
``{{Attributes.Customer.Attributes.PurchaseHistory}}``", following the mapping of endpoints to
profiles "prefixed with ``Attributes.Customer``". This example rewrites with the mapping
``export_endpoints_to_profiles.py`` uses:

- ``User.UserAttributes.X`` -> ``Attributes.Customer.Attributes.X``
- ``Attributes.X`` (an endpoint attribute) -> ``Attributes.Customer.Attributes.Endpoint_X``
- ``Metrics.X`` / ``Demographic.X`` -> ``Attributes.Customer.Attributes.Metrics_X`` / ``..._X``
- ``User.UserId`` -> ``Attributes.Customer.AccountNumber``

inside any ``{{...}}`` tag, block helpers (``{{#if User.UserAttributes.X}}``) included. Any other
Pinpoint value (``Address``, ``ChannelType``, ``Id``, ``Location.City`` ...) has no one-to-one
place in a profile: it is left as it is and listed, for you to decide.

By default the example reads an SMS and an email template from an in-process emulator (made with
demo content) and prints each rewritten; ``--sms-template`` and ``--email-template`` name
templates that exist:

    python examples/rewrite_template_placeholders.py
    python examples/rewrite_template_placeholders.py --endpoint-url http://127.0.0.1:4700 \\
        --sms-template welcome --email-template receipt

``--aws`` reads them from AWS (template reads are among the calls whose status AWS left unclear:
see docs/availability.md); ``--text`` rewrites a text given on the command line instead:

    python examples/rewrite_template_placeholders.py --aws --region us-east-1 --sms-template welcome
    python examples/rewrite_template_placeholders.py --text 'Hi {{User.UserAttributes.FirstName}}'

The rewritten templates go to stdout; what could not be mapped goes to stderr.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Sequence

from _common import argument_parser, connect, status
from export_endpoints_to_profiles import attribute_key

from pinpoint_sdk import PinpointClient, errors, models

_TAG = re.compile(r"(\{\{\{?)(.*?)(\}?\}\})", re.DOTALL)
# A path into the endpoint, not part of a longer name and not already rewritten.
_MAPPED = re.compile(
    r"(?<![\w.])(?:(User\.UserAttributes|Attributes(?!\.Customer\.)|Metrics|Demographic)"
    r"\.([\w-]+)|User\.UserId\b)"
)
_UNMAPPED = re.compile(
    r"(?<![\w.])(?:Address|ChannelType|Id|EffectiveDate|EndpointStatus|OptOut|Location"
    r"|CohortId|CreationDate)\b(?:\.[\w-]+)?"
)


def rewrite(text: str) -> tuple[str, list[str]]:
    """``text`` with its placeholders rewritten, and the Pinpoint values it could not map."""
    unmapped: list[str] = []

    def path(match: re.Match[str]) -> str:
        if match.group(1) is None:
            return "Attributes.Customer.AccountNumber"
        return f"Attributes.Customer.Attributes.{attribute_key(match.group(1), match.group(2))}"

    def tag(match: re.Match[str]) -> str:
        opening, inside, closing = match.groups()
        unmapped.extend(found.group(0) for found in _UNMAPPED.finditer(inside))
        return opening + _MAPPED.sub(path, inside) + closing

    return _TAG.sub(tag, text), unmapped


def demo_templates(client: PinpointClient) -> tuple[str, str]:
    """An SMS and an email template with typical placeholders; returns their names."""
    sms, email = "demo-welcome", "demo-receipt"
    body = (
        "Hi {{User.UserAttributes.FirstName}}, your {{Attributes.Plan}} plan is on. "
        "Reply STOP to {{Address}} to opt out."
    )
    html = (
        "{{#if User.UserAttributes.FirstName}}Dear {{User.UserAttributes.FirstName}},{{/if}} "
        "you have {{Metrics.Orders}} orders."
    )
    # A template made by an earlier run (on a running emulator) is read as it is.
    with contextlib.suppress(errors.BadRequestException):
        client.create_sms_template(
            template_name=sms, sms_template_request=models.SMSTemplateRequest(body=body)
        )
    with contextlib.suppress(errors.BadRequestException):
        client.create_email_template(
            template_name=email,
            email_template_request=models.EmailTemplateRequest(
                subject="Receipt for {{User.UserId}}", html_part=html
            ),
        )
    return sms, email


def main(argv: Sequence[str] | None = None) -> int:
    parser = argument_parser(__doc__, app_id=False)
    parser.add_argument("--sms-template", help="an SMS template's name")
    parser.add_argument("--email-template", help="an email template's name")
    parser.add_argument("--text", help="rewrite this text, reading no template")
    args = parser.parse_args(argv)

    texts: list[tuple[str, str]] = []
    if args.text is not None:
        texts.append(("text", args.text))
    else:
        with connect(args) as target:
            sms, email = args.sms_template, args.email_template
            if target.emulator is not None and not (sms or email):
                sms, email = demo_templates(target.client)
            if sms:
                body = target.client.get_sms_template(template_name=sms).body
                texts.append((f"{sms} (SMS body)", body or ""))
            if email:
                template = target.client.get_email_template(template_name=email)
                texts.append((f"{email} (subject)", template.subject or ""))
                texts.append((f"{email} (HTML)", template.html_part or ""))

    for label, text in texts:
        rewritten, unmapped = rewrite(text)
        print(f"{label}: {rewritten}")
        for value in unmapped:
            status(f"{label}: {{{{{value}}}}} has no place in a profile: left as it is")
    return 0


if __name__ == "__main__":
    sys.exit(main())
