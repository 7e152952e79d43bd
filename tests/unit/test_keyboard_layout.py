from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from operator_app.scanning.keyboard_layout import (
    looks_like_russian_layout,
    to_latin_layout,
    to_russian_layout,
)

# What a US keyboard types: letters, digits, punctuation and space (no tabs or newlines).
US_PRINTABLE = "".join(chr(code) for code in range(0x20, 0x7F))
us_text = st.text(alphabet=US_PRINTABLE)
digits_and_spaces = st.text(alphabet=string.digits + " ")


@pytest.mark.parametrize(("russian", "latin"), [
    # Letters: the corners of the letter block, lower and upper case.
    ("й", "q"), ("ъ", "]"), ("ф", "a"), ("э", "'"), ("я", "z"), ("ю", "."),
    ("Й", "Q"), ("Ж", ":"), ("Э", '"'), ("Х", "{"), ("Ъ", "}"), ("Б", "<"), ("Ю", ">"),
    ("ё", "`"), ("Ё", "~"),
    # Punctuation that is on both layouts, on different keys.
    ('"', "@"), ("№", "#"), (";", "$"), (":", "^"), ("?", "&"), (",", "?"), (".", "/"),
    ("/", "|"), ("\\", "\\"),
    # The same on both.
    ("!", "!"), ("%", "%"), ("*", "*"), ("(", "("), (")", ")"), ("-", "-"), ("_", "_"),
    ("=", "="), ("+", "+"),
])
def test_russian_layout_key_maps_to_the_us_key(russian, latin):
    assert to_latin_layout(russian) == latin
    assert to_russian_layout(latin) == russian


def test_desk_payloads_typed_on_a_russian_layout():
    # Written out by hand from the keyboard, not computed with the module's own table.
    assert to_latin_layout("ПГ1Ж202600012346ЖФИСВУАПРШОЛДЬТЩЗ") == (
        "GU1:202600012346:ABCDEFGHIJKLMNOP")
    assert to_latin_layout("КФ473124829ПИ") == "RA473124829GB"
    assert to_latin_layout("2026 0000 1234") == "2026 0000 1234"


def test_layout_is_a_bijection_on_every_us_key():
    russian = to_russian_layout(US_PRINTABLE)
    assert len(russian) == len(set(russian)) == 95
    assert to_latin_layout(russian) == US_PRINTABLE
    # Every Cyrillic letter of the alphabet is on some key, Ё included.
    alphabet = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
    assert set(alphabet) | set(alphabet.upper()) <= set(russian)


@given(us_text)
def test_typing_on_a_russian_layout_and_mapping_back_gives_the_original(text):
    assert to_latin_layout(to_russian_layout(text)) == text


@given(digits_and_spaces)
def test_digits_and_spaces_are_the_same_on_both_layouts(text):
    assert to_latin_layout(text) == text
    assert to_russian_layout(text) == text
    assert not looks_like_russian_layout(text)


@given(st.text(alphabet=string.ascii_letters, min_size=1), us_text)
def test_letters_typed_on_a_russian_layout_are_recognized(letters, rest):
    assert looks_like_russian_layout(to_russian_layout(rest + letters))


@given(us_text)
def test_latin_text_never_looks_russian(text):
    assert not looks_like_russian_layout(text)


@given(st.text(alphabet=st.characters(exclude_characters=to_russian_layout(US_PRINTABLE))))
def test_characters_the_russian_layout_cannot_type_pass_through(text):
    assert to_latin_layout(text) == text
