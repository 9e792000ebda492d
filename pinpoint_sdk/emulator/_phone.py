"""PhoneNumberValidate's answers, offline, from Google's libphonenumber (the ``phonenumbers``
package): no HTTP here, and no hand-written numbering table.

libphonenumber parses the number (``+`` and a country calling code, ``00`` and one, or a national
number read in ``IsoCountryCode``'s country), cleanses it (separators dropped, a trunk ``0``
written after the calling code dropped: ``+440163296076`` is ``+44163296076``), says whether it is
a valid number for its country and of which type, and its offline data gives the place (geocoder),
the original carrier of a mobile number and the time zone. ``phonenumbers`` is imported when the
first number is validated, so importing the emulator does not pay for its data.

The answer, member by member (``NumberValidateResponse``):

- ``OriginalPhoneNumber``, ``OriginalCountryCodeIso2``: the request's, as sent.
- ``CountryCodeIso2``, ``CountryCodeNumeric``, ``Country``: the number's region (else its calling
  code's main region), the calling code and the region's English name, whenever the calling code
  is one (invalid numbers too).
- ``CleansedPhoneNumberE164``, ``CleansedPhoneNumberNational`` (the national format's digits,
  ``2065550142``, ``0163296076``): whenever the number parses to a possible length.
- ``PhoneType``/``PhoneTypeCode``: ``MOBILE`` 0 (libphonenumber's mobile, and its
  fixed-line-or-mobile, which is most of North America: Pinpoint's examples answer such numbers
  ``MOBILE``), ``LANDLINE`` 1 (fixed line), ``VOIP`` 2, ``INVALID`` 3 (unparsable, or not a valid
  number for its country), ``OTHER`` 4 (toll-free, premium, shared cost, personal, pager, UAN,
  voicemail); ``PREPAID`` (5) is never answered, libphonenumber cannot tell it.
- ``Carrier``: the carrier libphonenumber knows for a mobile number's range, when it knows one.
- ``City``: the geocoder's place when it is finer than the country (``Seattle`` from
  ``Seattle, WA``; a North American number whose range is placed only in a state has none).
- ``Timezone``: the number's time zone, when libphonenumber gives it exactly one (a UK mobile or
  a toll-free number spans several: none).
- ``County``, ``ZipCode``: never (libphonenumber has no such data).

A number that is not one is answered 200 with ``PhoneType`` ``INVALID``, as Pinpoint does.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ._state import Json

if TYPE_CHECKING:
    from phonenumbers import PhoneNumber

__all__ = ["country_of", "validate_number"]

_INVALID: Json = {"PhoneType": "INVALID", "PhoneTypeCode": 3}
#: North American numbers: their geocoder text is "City, ST", or a state's name only.
_NANP_REGIONS = frozenset({"US", "CA"})
_NOT_DIGITS = re.compile(r"\D")


def _phone_type(number: PhoneNumber) -> tuple[str, int]:
    # Imported here, not at the top: its data loads on first use, not with the emulator.
    import phonenumbers

    kind = phonenumbers.number_type(number)
    types = phonenumbers.PhoneNumberType
    if kind in (types.MOBILE, types.FIXED_LINE_OR_MOBILE):
        return "MOBILE", 0
    if kind == types.FIXED_LINE:
        return "LANDLINE", 1
    if kind == types.VOIP:
        return "VOIP", 2
    if kind == types.UNKNOWN:
        return "INVALID", 3
    return "OTHER", 4


def _city(description: str, region: str, country: str) -> str | None:
    if not description or description == country:
        return None
    if region in _NANP_REGIONS and ", " not in description:
        return None  # "Washington State": a state, not a city
    return description.split(", ")[0]


def validate_number(phone_number: str, iso_country_code: str | None) -> Json:
    """The NumberValidateResponse for a number (see the module docstring for the rules)."""
    import phonenumbers  # here, not at the top: see _phone_type
    from phonenumbers import carrier, geocoder, timezone

    answer: Json = {"OriginalPhoneNumber": phone_number}
    if iso_country_code:
        answer["OriginalCountryCodeIso2"] = iso_country_code
    text = phone_number.strip()
    if text.startswith("00") and not iso_country_code:
        text = "+" + text[2:]  # the international prefix most countries dial
    region_hint = iso_country_code.upper() if iso_country_code else None
    try:
        number = phonenumbers.parse(text, region_hint)
    except phonenumbers.NumberParseException:
        return {**answer, **_INVALID}
    # An invalid or multi-region number (a toll-free +1 800) has no region of its own: the
    # calling code's main region places it.
    region = phonenumbers.region_code_for_number(
        number
    ) or phonenumbers.region_code_for_country_code(number.country_code or 0)
    country = _country_name(region)
    if region not in ("ZZ", "001"):
        answer.update(
            Country=country or region,
            CountryCodeIso2=region,
            CountryCodeNumeric=str(number.country_code),
        )
    if phonenumbers.is_possible_number(number):
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        answer.update(
            CleansedPhoneNumberE164=phonenumbers.format_number(
                number, phonenumbers.PhoneNumberFormat.E164
            ),
            CleansedPhoneNumberNational=_NOT_DIGITS.sub("", national),
        )
    if not phonenumbers.is_valid_number(number):
        return {**answer, **_INVALID}
    phone_type, code = _phone_type(number)
    answer.update(PhoneType=phone_type, PhoneTypeCode=code)
    provider = carrier.name_for_number(number, "en")
    if provider:
        answer["Carrier"] = provider
    city = _city(geocoder.description_for_number(number, "en"), region, country)
    if city:
        answer["City"] = city
    zones = [z for z in timezone.time_zones_for_number(number) if z != "Etc/Unknown"]
    if len(zones) == 1:  # several (a UK mobile, a toll-free number): none is the number's
        answer["Timezone"] = zones[0]
    return answer


def _country_name(region: str) -> str:
    """The region's English name, as the geocoder writes it (``United States``)."""
    import phonenumbers  # here, not at the top: see _phone_type
    from phonenumbers import geocoder

    # The geocoder names the region of a valid number; its example number is one.
    example = phonenumbers.example_number(region)
    name = geocoder.country_name_for_number(example, "en") if example is not None else ""
    return name or region


def country_of(address: str) -> str | None:
    """The ISO 3166-1 alpha-2 region of an E.164 phone number (``+12066844000``: ``US``), for
    the KPIs' per-country groups; None when it is not one. Needs only libphonenumber's
    numbering plans, not its geocoder data."""
    import phonenumbers  # here, not at the top: see _phone_type

    try:
        number = phonenumbers.parse(address, None)
    except phonenumbers.NumberParseException:
        return None
    region = phonenumbers.region_code_for_number(number)
    return region if region and region != "001" else None
