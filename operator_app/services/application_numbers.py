"""Application numbers a person can read aloud and type: 12 digits, the last a check digit.

Shown in groups of four (``2026 0000 1234``): the year of the application, a serial
of seven digits, and an ISO 7064 MOD 11,10 check digit, which catches every single
wrong digit and every swap of two neighbouring digits before any lookup is made.
"""

from __future__ import annotations

from stdnum.iso7064 import mod_11_10

from operator_app.messages import t
from operator_app.services.errors import ValidationError
from operator_app.services.identifiers import is_ascii_digits, strip_separators

LENGTH = 12


def make(year: int, serial: int) -> str:
    if not 2000 <= year <= 9999 or not 0 <= serial <= 9_999_999:
        raise ValueError("year or serial out of range")
    body = f"{year:04d}{serial:07d}"
    return body + mod_11_10.calc_check_digit(body)


def normalize(text: str) -> str:
    """Digits only, separators dropped; does not validate."""
    return strip_separators(text)


def validate(text: str) -> str:
    """Return the normalized number or raise :class:`ValidationError` saying what is wrong."""
    number = normalize(text)
    if not number:
        raise ValidationError(t("Введите номер заявления."), field="application_number")
    if not is_ascii_digits(number):
        raise ValidationError(t("Номер заявления состоит только из цифр."),
                              field="application_number")
    if len(number) != LENGTH:
        raise ValidationError(
            t("В номере заявления {length} цифр, введено {length2}.",
              length=LENGTH, length2=len(number)),
            field="application_number",
        )
    if not mod_11_10.is_valid(number):
        raise ValidationError(
            t("Номер заявления введён с ошибкой: не сходится контрольная цифра."),
            field="application_number",
        )
    return number


def format_number(number: str) -> str:
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))
