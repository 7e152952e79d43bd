from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from operator_app.services import application_numbers
from operator_app.services.errors import ValidationError
from operator_app.services.qr_payload import PayloadKind, make_payload, parse_payload
from printing.qr import qr_matrix
from tests.conftest import examples

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
NUMBER = application_numbers.make(2026, 1234)


def test_payload_round_trip():
    payload = make_payload(NUMBER, KEY)
    assert payload.startswith("GU1:" + NUMBER + ":")
    parsed = parse_payload(payload, KEY)
    assert (parsed.kind, parsed.number) == (PayloadKind.VALID, NUMBER)


def test_payload_fits_a_low_qr_version():
    payload = make_payload(NUMBER, KEY)
    assert len(payload) == 33
    assert set(payload) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")  # alphanumeric
    assert len(qr_matrix(payload)) == 25  # version 2


def test_payload_accepts_spaced_number_and_refuses_a_typo():
    assert make_payload(application_numbers.format_number(NUMBER), KEY) == make_payload(NUMBER, KEY)
    with pytest.raises(ValidationError):
        make_payload(NUMBER[:-1] + str((int(NUMBER[-1]) + 1) % 10), KEY)


def test_a_code_signed_with_another_key_is_forged():
    parsed = parse_payload(make_payload(NUMBER, OTHER_KEY), KEY)
    assert parsed.kind is PayloadKind.FORGED


@given(st.integers(min_value=0, max_value=32), st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"))
def test_any_altered_signature_character_is_forged(position, replacement):
    payload = make_payload(NUMBER, KEY)
    index = 17 + position % 16
    if payload[index] == replacement:
        return
    altered = payload[:index] + replacement + payload[index + 1:]
    assert parse_payload(altered, KEY).kind is PayloadKind.FORGED


def test_an_altered_number_is_never_valid():
    payload = make_payload(NUMBER, KEY)
    other = application_numbers.make(2026, 1235)
    altered = payload.replace(NUMBER, other)
    assert parse_payload(altered, KEY).kind is PayloadKind.FORGED
    broken = payload.replace(NUMBER, NUMBER[:-1] + str((int(NUMBER[-1]) + 1) % 10))
    assert parse_payload(broken, KEY).kind is PayloadKind.DAMAGED


@pytest.mark.parametrize(("text", "kind"), [
    ("GU1:2026", PayloadKind.DAMAGED),
    ("GU7:202600012346:AAAAAAAAAAAAAAAA", PayloadKind.UNSUPPORTED),
    (application_numbers.format_number(NUMBER), PayloadKind.NUMBER),
    ("https://www.gosuslugi.ru/help", PayloadKind.FOREIGN),
    ("4607001771234", PayloadKind.FOREIGN),
    ("", PayloadKind.FOREIGN),
])
def test_classification(text, kind):
    assert parse_payload(text, KEY).kind is kind


def test_lower_case_scan_is_still_ours():
    assert parse_payload(make_payload(NUMBER, KEY).lower(), KEY).kind is PayloadKind.VALID


@pytest.mark.parametrize(("text", "category", "says"), [
    ("https://www.gosuslugi.ru/help", "url", "gosuslugi.ru"),
    ("10100000000011", "tracking", "трек-номер"),
    ("RA473124829GB", "tracking", "трек-номер"),
    ("4607001771234", "product", "товара"),
    ("ST00012|Name=ООО Ромашка", "payment", "платёжный"),
    ("hello world", "other", "hello world"),
])
def test_foreign_codes_are_described(text, category, says):
    parsed = parse_payload(text, KEY)
    assert parsed.category == category
    assert says in parsed.description


# -- digits of other scripts ------------------------------------------------------------

AR, DV, FW = "٠١٢٣٤٥٦٧٨٩", "०१२३४५६७८९", "０１２３４５６７８９"  # Arabic-Indic, Devanagari, full-width
ODD_DIGITS = "²³¹½③" + AR + DV + FW


def written_in(digits: str, text: str) -> str:
    return text.translate(str.maketrans("0123456789", digits))


@st.composite
def almost_ours(draw: st.DrawFn) -> str:
    """A real payload or number with a few characters swapped for odd digits."""
    text = list(draw(st.sampled_from([make_payload(NUMBER, KEY), NUMBER, "GU1:", "GU7:x",
                                      "10100000000011", "RA473124829GB", "4600000000003"])))
    for _ in range(draw(st.integers(0, 4))):
        if text:
            text[draw(st.integers(0, len(text) - 1))] = draw(st.sampled_from(ODD_DIGITS))
    return "".join(text)


any_text = st.one_of(st.text(), st.text(alphabet=ODD_DIGITS + "0123456789 :-GU"), almost_ours())


@settings(max_examples=examples(800), deadline=None)
@given(any_text)
def test_parse_payload_never_raises_and_names_only_ascii_numbers(text):
    parsed = parse_payload(text, KEY)
    assert isinstance(parsed.kind, PayloadKind)
    if parsed.number is not None:
        assert parsed.number.isascii()
        assert len(parsed.number) == 12


@pytest.mark.parametrize("digits", [AR, DV, FW], ids=["arabic-indic", "devanagari", "full-width"])
def test_a_number_typed_in_other_digits_is_the_same_number(digits):
    typed = written_in(digits, application_numbers.format_number(NUMBER))
    parsed = parse_payload(typed, KEY)
    assert (parsed.kind, parsed.number) == (PayloadKind.NUMBER, NUMBER)
    # Inside our code the number is what the desk wrote, in 0–9: anything else is damage.
    payload = make_payload(NUMBER, KEY)
    assert parse_payload(payload.replace(NUMBER, typed), KEY).kind is PayloadKind.DAMAGED
    assert parse_payload(written_in(digits, "GU1:") + "x", KEY).kind is PayloadKind.DAMAGED


@pytest.mark.parametrize("odd", ["²", "³"])
def test_superscript_digits_are_not_digits(odd):
    assert parse_payload(NUMBER[:-1] + odd, KEY).kind is PayloadKind.FOREIGN
    assert parse_payload(odd * 14, KEY).kind is PayloadKind.FOREIGN  # looked like a tracking no.
    payload = make_payload(NUMBER, KEY)
    assert parse_payload(payload[:-20] + odd + payload[-19:], KEY).kind is PayloadKind.DAMAGED
