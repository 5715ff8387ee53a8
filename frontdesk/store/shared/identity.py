"""ID documents (证件) and phone numbers: validation and normal forms.

Resident ID numbers (居民身份证号码, GB 11643) are checked for length, a real
birth date and the check digit. An unknown birthplace code is only a warning:
codes change over the years and a strict check rejects real numbers. The legacy
15-digit form is accepted and marked as such. Input typed through a Chinese
input method (full-width digits, lower-case x) is normalised first.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache

from stdnum.cn import ric

from frontdesk.store.core.errors import ValidationError


class IdType(StrEnum):
    """证件类型: 居民身份证 resident, 护照 passport, 港澳居民来往内地通行证
    hk_macau, 台湾居民来往大陆通行证 taiwan, 港澳台居民居住证 hmt_residence,
    其他 other."""

    RESIDENT = "resident"
    PASSPORT = "passport"
    HK_MACAU = "hk_macau"
    TAIWAN = "taiwan"
    HMT_RESIDENCE = "hmt_residence"
    OTHER = "other"


CHINA = "CHN"
"""The nationality code of a Chinese passport (ISO 3166-1 alpha-3)."""

# Nationalities a passport may be of, by ISO 3166-1 alpha-3 code: China first,
# then the countries whose nationals most often come to a Shenzhen office; XXX
# (ICAO 9303's "unspecified") for any other, whose name the clerk notes.
NATIONALITIES = (
    CHINA, "USA", "GBR", "CAN", "AUS", "NZL", "JPN", "KOR", "SGP", "MYS", "THA", "VNM",
    "PHL", "IDN", "IND", "PAK", "RUS", "DEU", "FRA", "ITA", "ESP", "NLD", "CHE", "SWE",
    "BRA", "ZAF", "NGA", "XXX",
)

# The residence permit of Hong Kong, Macau and Taiwan residents (港澳台居民居住证)
# is numbered like a resident ID card, its place code naming where the holder
# comes from: 810000 Hong Kong, 820000 Macau, 830000 Taiwan.
RESIDENCE_PLACES = ("810000", "820000", "830000")


@dataclass(frozen=True)
class IdNumber:
    """A checked ID number: its normal form and what the check noticed."""

    value: str
    legacy: bool = False
    unknown_place: bool = False


_SEPARATORS = re.compile(r"[\s\-－—_.·]")
_OTHER_ID = re.compile(r"^[A-Z0-9()（）]{4,30}$")
# 港澳居民来往内地通行证: H (Hong Kong) or M (Macau) and 8 digits; the cards
# before 2013 added two digits counting the issues.
_HK_MACAU_PERMIT = re.compile(r"^[HM]\d{8}(\d{2})?$")
# 台湾居民来往大陆通行证: 8 digits since 2015; the older booklets 10, sometimes
# followed by a letter in brackets.
_TAIWAN_PERMIT = re.compile(r"^(\d{8}|\d{10}(\([A-Z]\))?)$")
# A Chinese passport: ordinary E and 8 digits, E, a letter (not I or O) and
# 7 digits, or the older G and 8 digits; official D, S or P, with E after it
# on the newer ones.
_CHINESE_PASSPORT = re.compile(r"^([EG]\d{8}|E[A-HJ-NP-Z]\d{7}|[DSP]\d{7,8}|[DSP]E\d{7})$")
# Any passport: its number in the machine-readable zone holds at most 9 letters
# or digits (ICAO Doc 9303).
_PASSPORT = re.compile(r"^[A-Z0-9]{5,9}$")


def normalise(value: str) -> str:
    """Full-width to half-width, upper case, separators dropped."""
    value = unicodedata.normalize("NFKC", value or "")
    return _SEPARATORS.sub("", value).upper()


def _ascii_digits(text: str) -> bool:
    """Only 0-9: ``str.isdigit`` also takes other scripts' digits, which NFKC keeps."""
    return text.isascii() and text.isdigit()


def _birth_date(text: str) -> date | None:
    try:
        return date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def resident_check_digit(first17: str) -> str:
    """The GB 11643 check digit of the first 17 digits."""
    return ric.calc_check_digit(first17 + "0")


def other_resident_form(value: str) -> str:
    """The same resident's ID number in its other length: the 18-digit form of a
    15-digit one (born in the 1900s, the check digit computed), the 15-digit form
    of an 18-digit one born in the 1900s; "" for anything else."""
    value = normalise(value)
    if len(value) == 15 and _ascii_digits(value):
        first17 = value[:6] + "19" + value[6:]
        return first17 + resident_check_digit(first17)
    if len(value) == 18 and _ascii_digits(value[:17]) and value[6:8] == "19":
        return value[:6] + value[8:17]
    return ""


def check_resident(field: str, raw: str, today: date) -> IdNumber:
    number = normalise(raw)
    if len(number) == 15:
        if not _ascii_digits(number):
            raise ValidationError(field, "err.id_format")
        born = _birth_date("19" + number[6:12])
        if born is None or born > today:
            raise ValidationError(field, "err.id_birth_date")
        return IdNumber(number, legacy=True, unknown_place=not _known_place(number[:6]))
    if len(number) != 18:
        raise ValidationError(field, "err.id_length", length=len(number))
    if not _ascii_digits(number[:17]) or not (_ascii_digits(number[17]) or number[17] == "X"):
        raise ValidationError(field, "err.id_format")
    born = _birth_date(number[6:14])
    if born is None or born > today or born.year < 1880:
        raise ValidationError(field, "err.id_birth_date")
    if resident_check_digit(number[:17]) != number[17]:
        raise ValidationError(field, "err.id_check_digit")
    return IdNumber(number, unknown_place=not _known_place(number[:6]))


@lru_cache(maxsize=4096)
def _known_place(code: str) -> bool:
    from stdnum import numdb

    return bool(numdb.get("cn/loc").info(code)[0][1])


def check_residence_permit(field: str, raw: str, today: date) -> IdNumber:
    """A residence permit of Hong Kong, Macau or Taiwan residents (港澳台居民居住证):
    18 digits (the last may be X) beginning 810000, 820000 or 830000, a real
    birth date and the check digit of a resident ID card."""
    number = normalise(raw)
    if len(number) != 18:
        raise ValidationError(field, "err.id_length_18", length=len(number))
    if not _ascii_digits(number[:17]) or not (_ascii_digits(number[17]) or number[17] == "X"):
        raise ValidationError(field, "err.id_format")
    if number[:6] not in RESIDENCE_PLACES:
        raise ValidationError(field, "err.id_residence_place")
    try:
        born = ric.get_birth_date(number)
    except ValueError:
        born = None
    if born is None or born > today or born.year < 1880:
        raise ValidationError(field, "err.id_birth_date")
    if resident_check_digit(number[:17]) != number[17]:
        raise ValidationError(field, "err.id_check_digit")
    return IdNumber(number)


def check_id(field: str, id_type: str, raw: str, today: date, nationality: str | None = None) -> IdNumber:
    """A document number of ``id_type``, refused with the field named if wrong;
    a passport is held to the Chinese format when ``nationality`` is China."""
    if id_type == IdType.RESIDENT:
        return check_resident(field, raw, today)
    if id_type == IdType.HMT_RESIDENCE:
        return check_residence_permit(field, raw, today)
    number = normalise(raw)
    if id_type == IdType.HK_MACAU:
        if not _HK_MACAU_PERMIT.match(number):
            raise ValidationError(field, "err.id_hk_macau_format")
        return IdNumber(number)
    if id_type == IdType.TAIWAN:
        if not _TAIWAN_PERMIT.match(number):
            raise ValidationError(field, "err.id_taiwan_format")
        return IdNumber(number)
    if id_type == IdType.PASSPORT:
        if nationality == CHINA and not _CHINESE_PASSPORT.match(number):
            raise ValidationError(field, "err.id_chinese_passport_format")
        if not _PASSPORT.match(number):
            raise ValidationError(field, "err.id_passport_format")
        return IdNumber(number)
    if not _OTHER_ID.match(number):
        raise ValidationError(field, "err.id_other_format")
    return IdNumber(number)


def nationality_of(field: str, value: object, id_type: str) -> str | None:
    """A passport holder's nationality code (required); None for any other
    document, which says the holder is Chinese (a resident or a compatriot of
    Hong Kong, Macau or Taiwan) or does not say."""
    given = value.strip().upper() if isinstance(value, str) else value
    if id_type != IdType.PASSPORT:
        if given not in (None, ""):
            raise ValidationError(field, "err.nationality_passport_only")
        return None
    if given in (None, ""):
        raise ValidationError(field, "err.nationality_required")
    if given not in NATIONALITIES:
        raise ValidationError(field, "err.choice", choices=", ".join(NATIONALITIES))
    return str(given)


def id_type_of(field: str, value: object) -> IdType:
    if value in (None, ""):
        return IdType.RESIDENT
    if isinstance(value, str) and value in {k.value for k in IdType}:
        return IdType(value)
    raise ValidationError(field, "err.choice", choices=", ".join(k.value for k in IdType))


def mask_id(number: str | None) -> str:
    """First 6 and last 4 characters; the rest hidden. A short number (another
    document's) shows at most two characters at each end and never more than half."""
    if not number:
        return ""
    if len(number) <= 10:
        keep = min(2, (len(number) - 1) // 4)
        return number[:keep] + "*" * (len(number) - 2 * keep) + number[len(number) - keep:]
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


# --- phones -------------------------------------------------------------------

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
# Area codes: 010 and 02X are three digits; the others four (0XXX).
_LANDLINE = re.compile(r"^(010|02\d|0[3-9]\d{2})(\d{7,8})$")
_SERVICE = re.compile(r"^(400|800)\d{7}$")


def normalise_phone(field: str, raw: str) -> str:
    """A mainland mobile (13812345678) or a landline with its area code
    (0755-82918000); spaces, dashes and brackets ignored; +86 dropped."""
    number = unicodedata.normalize("NFKC", raw or "")
    number = re.sub(r"[\s\-()（）.]", "", number)
    if number.startswith("+86"):
        number = number[3:]
    elif number.startswith("0086"):
        number = number[4:]
    if not _ascii_digits(number):
        raise ValidationError(field, "err.phone_format")
    if _MOBILE.match(number):
        return number
    if _SERVICE.match(number):
        return f"{number[:3]}-{number[3:6]}-{number[6:]}"
    match = _LANDLINE.match(number)
    if match:
        return f"{match.group(1)}-{match.group(2)}"
    if len(number) in (7, 8) and number[0] != "0":
        raise ValidationError(field, "err.phone_area_code")
    raise ValidationError(field, "err.phone_format")
