"""Bad input never crashes, hangs or is taken: property tests over what a clerk types and
what a file brings (a few dozen to hundreds of cases here; thousands under `make stress`).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from operator_app.scanning import decoders
from operator_app.services import application_numbers, codes
from operator_app.services.errors import ValidationError
from tests.conftest import examples

ODD_DIGITS = "²³¹٠١٢٣٤٥٦٧٨٩०१२३४५६७८९０１２３４５６７８９①⅓"
TYPED = st.one_of(st.text(), st.text(alphabet=ODD_DIGITS + "0123456789 -–—_.\t"),
                  st.text(alphabet="2346789ACDEFGHJKMNPRTVWXY-0OIL15SB8Zzu ", max_size=16))


@settings(max_examples=examples(500), deadline=None)
@given(TYPED)
def test_application_numbers_are_validated_or_refused_in_a_sentence(text):
    try:
        number = application_numbers.validate(text)
    except ValidationError as error:
        refusal: ValidationError | None = error
    else:
        refusal = None
    if refusal is not None:
        assert refusal.message
        return
    assert len(number) == application_numbers.LENGTH
    assert number.isascii()
    assert number.isdigit()
    assert application_numbers.validate(number) == number


@settings(max_examples=examples(500), deadline=None)
@given(TYPED)
def test_typed_codes_are_normalized_or_refused_in_a_sentence(text):
    try:
        code = codes.check_code_format(text)
    except ValidationError as error:
        refusal: ValidationError | None = error
    else:
        refusal = None
    if refusal is not None:
        assert refusal.message
        assert refusal.field == "code"
        return
    assert len(code) == codes.LENGTH
    assert set(code) <= set(codes.ALPHABET)
    assert codes.check_code_format(codes.format_code(code)) == code


def _png() -> bytes:
    import cv2
    import numpy as np

    ok, data = cv2.imencode(".png", np.full((40, 60), 200, np.uint8))
    assert ok
    return data.tobytes()


def _pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(100, 700, "Operator Desk")
    page.save()
    return buffer.getvalue()


STARTS = {"png": _png(), "pdf": _pdf()}


@pytest.mark.parametrize("kind", sorted(STARTS))
@settings(max_examples=examples(25), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.floats(min_value=0.0, max_value=1.0), noise=st.binary(max_size=64),
       flip=st.integers(min_value=0, max_value=4096))
def test_a_damaged_file_is_one_clear_error_never_a_crash(tmp_path: Path, kind, cut, noise,
                                                         flip):
    """Truncated, bit-flipped, garbage-tailed PNGs and PDFs: decoded, or refused with one
    sentence (decoded in the child process the desk uses, so a crash would show here as a
    refusal, not as the end of the test run)."""
    data = bytearray(STARTS[kind][: max(0, int(len(STARTS[kind]) * cut))])
    if data:
        data[flip % len(data)] ^= 0x5A
    data += noise
    path = tmp_path / f"file.{kind}"
    path.write_bytes(bytes(data))
    try:
        result = decoders.decode_file(path)
    except decoders.UnreadableFile as error:
        refusal: decoders.UnreadableFile | None = error
    else:
        refusal = None
    if refusal is not None:
        assert refusal.message
        assert "\n" not in refusal.message
        return
    assert all(code.text for _page, code in result.codes)
