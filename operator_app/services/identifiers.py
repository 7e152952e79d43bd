"""Russian personal identifiers a clerk checks by eye: СНИЛС and a person's ИНН.

python-stdnum knows ИНН but not СНИЛС, so the СНИЛС control number is computed
here, by the rule in DOMAIN.md. Both checks only say whether a number is
well-formed; they accept the typed forms (``112-233-445 95``) as well as digits.
"""

from __future__ import annotations

import re
import unicodedata

from stdnum.ru import inn as _inn

SNILS_LENGTH = 11
PERSON_INN_LENGTH = 12
# Numbers up to 001-001-998 were issued before the control number existed.
_SNILS_LAST_UNCHECKED = 1_001_998
_SEPARATORS = re.compile(r"[\s\-‐‑–—_.]")
# A decimal digit of another script: Arabic-Indic ٣, Devanagari ३, full-width ３ …
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")


def ascii_digits(text: str) -> str:
    """Decimal digits of every script written as 0–9; anything else left as it is.

    A number copied from a phone set to Arabic, or typed with a full-width input method,
    is the same number to the clerk, so it is read as such. Superscripts, fractions and
    circled digits (``²``, ``½``, ``③``) are not decimal digits and stay, to be refused.
    """
    return _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m[0])), text)


def is_ascii_digits(text: str) -> bool:
    """Only 0–9, at least one. ``str.isdigit`` alone also says yes to ``²`` and ``٣``,
    which ``int`` then refuses or reads as another number."""
    return text.isascii() and text.isdigit()


def strip_separators(text: str) -> str:
    """What people put between digit groups (spaces, hyphens and dashes, dots) removed
    and digits of other scripts written 0–9 (:func:`ascii_digits`); every number the desk
    accepts typed is compacted this one way."""
    return ascii_digits(_SEPARATORS.sub("", text.strip()))


_compact = strip_separators


def normalize_snils(text: str) -> str:
    """Digits only, separators dropped; does not validate."""
    return _compact(text)


def snils_check_digits(first9: str) -> str:
    """The two-digit control number of a СНИЛС over its first nine digits."""
    if len(first9) != 9 or not is_ascii_digits(first9):
        raise ValueError("a СНИЛС body is 9 digits")
    total = sum(int(digit) * weight for digit, weight in zip(first9, range(9, 0, -1), strict=True))
    if total >= 100:
        total %= 101
        if total == 100:
            total = 0
    return f"{total:02d}"


def is_valid_snils(text: str) -> bool:
    """11 digits whose control number matches (numbers up to 001-001-998 are not checked)."""
    number = normalize_snils(text)
    if len(number) != SNILS_LENGTH or not is_ascii_digits(number):
        return False
    if int(number[:9]) <= _SNILS_LAST_UNCHECKED:
        return True
    return snils_check_digits(number[:9]) == number[9:]


def format_snils(number: str) -> str:
    """``XXX-XXX-XXX YY``, the way the card prints it."""
    digits = normalize_snils(number)
    if len(digits) != SNILS_LENGTH:
        return number
    return f"{digits[0:3]}-{digits[3:6]}-{digits[6:9]} {digits[9:]}"


def person_inn_check_digits(first10: str) -> str:
    """The two check digits of a 12-digit ИНН of a person."""
    if len(first10) != 10 or not is_ascii_digits(first10):
        raise ValueError("a person's ИНН body is 10 digits")
    return str(_inn.calc_personal_check_digits(first10))


def is_valid_person_inn(text: str) -> bool:
    """A person's ИНН: 12 digits with both check digits right (10-digit ones are companies)."""
    number = _compact(text)
    return len(number) == PERSON_INN_LENGTH and is_ascii_digits(number) and bool(_inn.is_valid(number))


# -- Russian Post tracking numbers (DOMAIN.md) ------------------------------------------

_S10 = re.compile(r"^[A-Z]{2}[0-9]{9}[A-Z]{2}$")
_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def rpo_check_digit(first13: str) -> str:
    """Domestic 14-digit РПО: 3 × (odd positions) + (even positions), check = (10 − S mod 10) mod 10."""
    if len(first13) != 13 or not is_ascii_digits(first13):
        raise ValueError("13 digits expected")
    odd = sum(int(d) for d in first13[0::2])
    even = sum(int(d) for d in first13[1::2])
    return str((10 - (3 * odd + even) % 10) % 10)


def s10_check_digit(serial8: str) -> str:
    """UPU S10 international: weights 8,6,4,2,3,5,9,7; C = 11 − S mod 11; 10 → 0, 11 → 5."""
    if len(serial8) != 8 or not is_ascii_digits(serial8):
        raise ValueError("8 digits expected")
    check = 11 - sum(int(d) * w for d, w in zip(serial8, _S10_WEIGHTS, strict=True)) % 11
    return {10: "0", 11: "5"}.get(check, str(check))


def is_valid_tracking_number(text: str) -> bool:
    number = ascii_digits(re.sub(r"\s", "", text)).upper()
    if len(number) == 14 and is_ascii_digits(number):
        return rpo_check_digit(number[:13]) == number[13]
    if _S10.match(number):
        return s10_check_digit(number[2:10]) == number[10]
    return False
