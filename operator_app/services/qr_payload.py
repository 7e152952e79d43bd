"""The application QR code: what it carries and how a desk tells ours from anything else.

Format, version 1 (see docs/qr-format.md)::

    GU1:<application number, 12 digits>:<signature, 16 base32 characters>

The signature is the first 80 bits of HMAC-SHA256(key, "GU1:<number>") in RFC 4648
base32. Every character is in the QR alphanumeric set (digits, A–Z, ':'), so the
33-character payload fits a version 2 symbol at level M (version 3 at level Q): large
modules, easy to scan from a creased printout or a phone screen.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import re
from dataclasses import dataclass

from operator_app.messages import t
from operator_app.services import application_numbers
from operator_app.services.errors import ValidationError
from operator_app.services.identifiers import is_ascii_digits

PREFIX = "GU"
VERSION = 1
SIGNATURE_LENGTH = 16  # base32 characters = 80 bits
_OURS = re.compile(r"^GU(\d+):(.*)$")
_V1 = re.compile(r"^GU1:([0-9]{12}):([A-Z2-7]{16})$")


class PayloadKind(enum.StrEnum):
    VALID = "valid"  # ours, signature holds
    FORGED = "forged"  # ours in shape, signature does not hold
    DAMAGED = "damaged"  # starts like ours but is malformed
    UNSUPPORTED = "unsupported"  # ours, a version this desk does not know
    NUMBER = "number"  # a bare application number (typed, or a plain barcode of it)
    FOREIGN = "foreign"  # not ours at all


@dataclass(frozen=True)
class Payload:
    kind: PayloadKind
    number: str | None = None
    description: str = ""  # for FOREIGN: what it looks like, in Russian
    category: str = ""  # for FOREIGN: url | tracking | product | payment | empty | other

    @property
    def is_ours(self) -> bool:
        return self.kind in (PayloadKind.VALID, PayloadKind.NUMBER)


def _signature(number: str, key: bytes) -> str:
    digest = hmac.new(key, f"{PREFIX}{VERSION}:{number}".encode("ascii"), hashlib.sha256).digest()
    return base64.b32encode(digest[:10]).decode("ascii")


def make_payload(number: str, key: bytes) -> str:
    """The text of the QR code for an application number (validated, separators dropped)."""
    number = application_numbers.validate(number)
    return f"{PREFIX}{VERSION}:{number}:{_signature(number, key)}"


def parse_payload(text: str, key: bytes) -> Payload:
    """Classify scanned or typed text. Never raises: every input gets a kind."""
    cleaned = text.strip().upper()
    match = _V1.match(cleaned)
    if match:
        number, signature = match.groups()
        if not _valid_number(number):
            return Payload(PayloadKind.DAMAGED, None, t("номер заявления в коде повреждён"))
        expected = _signature(number, key)
        if hmac.compare_digest(signature, expected):
            return Payload(PayloadKind.VALID, number)
        return Payload(PayloadKind.FORGED, number)
    ours = _OURS.match(cleaned)
    if ours:
        if not is_ascii_digits(ours.group(1)):  # "GU²:", "GU١:": not a version we wrote
            return Payload(PayloadKind.DAMAGED, None, t("код заявления повреждён или неполон"))
        if ours.group(1) != str(VERSION):
            return Payload(PayloadKind.UNSUPPORTED, None,
                           t("версия кода {version} не поддерживается", version=ours.group(1)))
        return Payload(PayloadKind.DAMAGED, None, t("код заявления повреждён или неполон"))
    digits = application_numbers.normalize(cleaned)
    if is_ascii_digits(digits) and len(digits) == application_numbers.LENGTH and _valid_number(digits):
        return Payload(PayloadKind.NUMBER, digits)
    category, description = describe_foreign(text.strip())
    return Payload(PayloadKind.FOREIGN, None, description, category)


def _valid_number(number: str) -> bool:
    try:
        application_numbers.validate(number)
    except ValidationError:
        return False
    return True


def describe_foreign(text: str) -> tuple[str, str]:
    """Say what a code that is not ours most likely is, so the clerk knows what was scanned.

    Returns a category (safe to log) and a sentence (may quote the code: screen only).
    """
    from operator_app.services.identifiers import ascii_digits, is_valid_tracking_number

    compact = ascii_digits(re.sub(r"\s", "", text))
    lowered = text.lower()
    if lowered.startswith(("http://", "https://", "www.")):
        host = re.sub(r"^(https?://)?(www\.)?", "", lowered).split("/")[0]
        return "url", t("ссылка на сайт {host}", host=host) if host else t("ссылка на сайт")
    if is_valid_tracking_number(compact):
        return "tracking", t("трек-номер почтового отправления {number}", number=compact.upper())
    if is_ascii_digits(compact) and len(compact) in (8, 12, 13):
        return "product", t("штрихкод товара (EAN/UPC)")
    if compact.startswith("ST00012"):
        return "payment", t("платёжный QR-код")
    if not text:
        return "empty", t("пустой код")
    preview = text if len(text) <= 24 else text[:24] + "…"
    return "other", t("посторонний код «{preview}»", preview=preview)
