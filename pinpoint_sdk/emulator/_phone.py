"""PhoneNumberValidate's answers, deterministic and offline (no HTTP here).

A number is cleansed (spaces, dashes, dots and parentheses dropped) and read as E.164: ``+`` or
``00`` then a country calling code, or a national number with ``IsoCountryCode`` (a leading
trunk ``0`` dropped). The countries known are in ``COUNTRIES``; ``+1`` numbers are Canadian when
their area code is in ``_CANADIAN_AREA_CODES``, otherwise from the United States. A number whose
country is unknown, whose national part has the wrong length for its country, or that has other
characters is ``INVALID`` (``PhoneTypeCode`` 3), answered 200 as Pinpoint does.

The phone type comes from the last digit of the national number: 0-5 ``MOBILE`` (code 0), 6-7
``LANDLINE`` (1), 8 ``VOIP`` (2), 9 ``PREPAID`` (5). The carrier is ``"Emulated <type> carrier
(<ISO2>)"``; the time zone is one per country. City, county and ZIP code are never filled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._state import Json

__all__ = ["COUNTRIES", "validate_number"]


@dataclass(frozen=True)
class Country:
    iso2: str
    name: str
    calling_code: str
    #: Allowed lengths of the national number (no trunk prefix).
    lengths: tuple[int, ...]
    timezone: str


COUNTRIES: dict[str, Country] = {
    country.iso2: country
    for country in (
        Country("US", "United States", "1", (10,), "America/New_York"),
        Country("CA", "Canada", "1", (10,), "America/Toronto"),
        Country("GB", "United Kingdom", "44", (10,), "Europe/London"),
        Country("DE", "Germany", "49", (10, 11), "Europe/Berlin"),
        Country("FR", "France", "33", (9,), "Europe/Paris"),
        Country("ES", "Spain", "34", (9,), "Europe/Madrid"),
        Country("IT", "Italy", "39", (9, 10), "Europe/Rome"),
        Country("NL", "Netherlands", "31", (9,), "Europe/Amsterdam"),
        Country("IN", "India", "91", (10,), "Asia/Kolkata"),
        Country("AU", "Australia", "61", (9,), "Australia/Sydney"),
        Country("JP", "Japan", "81", (10,), "Asia/Tokyo"),
        Country("BR", "Brazil", "55", (10, 11), "America/Sao_Paulo"),
        Country("MX", "Mexico", "52", (10,), "America/Mexico_City"),
        Country("CN", "China", "86", (11,), "Asia/Shanghai"),
    )
}

_CANADIAN_AREA_CODES = frozenset(
    {"204", "226", "236", "250", "289", "306", "343", "403", "416", "418", "431", "437", "438",
     "450", "506", "514", "519", "579", "581", "587", "604", "613", "639", "647", "705", "709",
     "778", "780", "782", "807", "819", "867", "873", "902", "905"}
)  # fmt: skip

#: Last digit of the national number -> (PhoneType, PhoneTypeCode).
_TYPES = {
    **dict.fromkeys("012345", ("MOBILE", 0)),
    **dict.fromkeys("67", ("LANDLINE", 1)),
    "8": ("VOIP", 2),
    "9": ("PREPAID", 5),
}
_SEPARATORS = re.compile(r"[\s().\-]")


def _by_calling_code(digits: str) -> tuple[Country, str] | None:
    for length in (1, 2, 3):
        code, national = digits[:length], digits[length:]
        for country in COUNTRIES.values():
            if country.calling_code == code:
                if code == "1":
                    canadian = national[:3] in _CANADIAN_AREA_CODES
                    return COUNTRIES["CA" if canadian else "US"], national
                return country, national
    return None


def validate_number(phone_number: str, iso_country_code: str | None) -> Json:
    """The NumberValidateResponse for a number (see the module docstring for the rules)."""
    answer: Json = {"OriginalPhoneNumber": phone_number}
    if iso_country_code:
        answer["OriginalCountryCodeIso2"] = iso_country_code
    cleaned = _SEPARATORS.sub("", phone_number)
    found: tuple[Country, str] | None = None
    if cleaned.startswith("+") and cleaned[1:].isdigit():
        found = _by_calling_code(cleaned[1:])
    elif cleaned.startswith("00") and cleaned.isdigit():
        found = _by_calling_code(cleaned[2:])
    elif cleaned.isdigit() and iso_country_code and iso_country_code.upper() in COUNTRIES:
        country = COUNTRIES[iso_country_code.upper()]
        national = cleaned
        # The trunk prefix: 1 in North America (11 digits), 0 elsewhere (Italy keeps its 0).
        north_american = country.calling_code == "1" and len(national) == 11
        trunk = "1" if country.calling_code == "1" else "0"
        if national.startswith(trunk) and (
            north_american or country.iso2 not in ("US", "CA", "IT")
        ):
            national = national[1:]
        found = (country, national)
    if found is None:
        return {**answer, "PhoneType": "INVALID", "PhoneTypeCode": 3}
    country, national = found
    answer.update(
        Country=country.name,
        CountryCodeIso2=country.iso2,
        CountryCodeNumeric=country.calling_code,
    )
    if len(national) not in country.lengths:
        return {**answer, "PhoneType": "INVALID", "PhoneTypeCode": 3}
    phone_type, code = _TYPES[national[-1]]
    answer.update(
        Carrier=f"Emulated {phone_type.lower()} carrier ({country.iso2})",
        CleansedPhoneNumberE164=f"+{country.calling_code}{national}",
        CleansedPhoneNumberNational=national,
        PhoneType=phone_type,
        PhoneTypeCode=code,
        Timezone=country.timezone,
    )
    return answer
