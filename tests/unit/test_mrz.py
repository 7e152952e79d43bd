"""The MRZ: parsing and check digits (ICAO Doc 9303), correction, OCR of a generated page."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import cv2
import numpy as np
import pytest

from bench import bench_mrz
from operator_app.scanning import mrz, mrz_cli

TODAY = date(2026, 1, 15)
SPECIMEN = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
            "L898902C36UTO7408122F1204159ZE184226B<<<<<10")
# Doc 9303 part 6 and part 5 specimens (the same person on an ID card).
TD1 = ("I<UTOD231458907<<<<<<<<<<<<<<<",
       "7408122F1204159UTO<<<<<<<<<<<6",
       "ERIKSSON<<ANNA<MARIA<<<<<<<<<<")
TD2 = ("I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
       "D231458907UTO7408122F1204159<<<<<<<6")

needs_ocrb = pytest.mark.skipif(mrz.ocrb_font_path() is None,
                                reason="OCR-B font missing: apt-get install fonts-ocr-b")
needs_tesseract = pytest.mark.skipif(mrz.tesseract_problem() is not None,
                                     reason="Tesseract missing: apt-get install tesseract-ocr")


def reference_check_digit(data: str) -> str:
    """Written from the standard's text, independently of the module under test."""
    values = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}
    values["<"] = 0
    weights = [7, 3, 1]
    return str(sum(values[c] * weights[i % 3] for i, c in enumerate(data)) % 10)


def parse(lines: tuple[str, ...] | list[str]) -> mrz.MrzResult:
    return mrz.parse_mrz(lines, today=TODAY)


def altered(lines: tuple[str, ...], line: int, position: int) -> list[str]:
    """The lines with one check digit changed to another digit."""
    changed = list(lines)
    old = changed[line][position]
    new = str((int(old) + 1) % 10) if old.isdigit() else "1"
    changed[line] = changed[line][:position] + new + changed[line][position + 1:]
    return changed


# -- check digits and parsing -------------------------------------------------------------


@pytest.mark.parametrize(("data", "digit"), [
    ("L898902C3", 6), ("740812", 2), ("120415", 9), ("ZE184226B<<<<<", 1), ("<<<<<<", 0),
])
def test_check_digit_matches_the_specimen_and_the_reference(data: str, digit: int) -> None:
    assert mrz.check_digit(data) == digit
    assert str(mrz.check_digit(data)) == reference_check_digit(data)


def test_specimen_validates_with_every_check_named() -> None:
    result = parse(SPECIMEN)
    assert result.format == "TD3"
    assert result.valid
    assert result.checks == {"document_number": True, "birth_date": True, "expiry_date": True,
                             "personal_number": True, "composite": True}
    f = result.fields
    assert (f.document_type, f.issuing_state, f.nationality) == ("P", "UTO", "UTO")
    assert (f.surname, f.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert f.document_number == "L898902C3"
    assert f.birth_date == date(1974, 8, 12)
    assert f.expiry_date == date(2012, 4, 15)  # an expired specimen: the past, not 2112
    assert f.sex == "F"
    assert f.optional_data == "ZE184226B"


@pytest.mark.parametrize(("position", "name"), [
    (9, "document_number"), (19, "birth_date"), (27, "expiry_date"),
    (42, "personal_number"), (43, "composite"),
])
def test_each_altered_td3_check_digit_is_caught_and_named(position: int, name: str) -> None:
    result = parse(altered(SPECIMEN, 1, position))
    assert not result.valid
    assert result.checks[name] is False
    assert name in result.failed_checks
    # The field's own digit is also inside the composite; nothing else is touched.
    expected = {name, "composite"}
    assert set(result.failed_checks) == expected


@pytest.mark.parametrize(("lines", "line", "position", "words"), [
    (SPECIMEN, 1, 9, "номера документа не сходится — проверьте номер в строке 2"),
    (SPECIMEN, 1, 19, "даты рождения не сходится — проверьте дату рождения в строке 2"),
    (SPECIMEN, 1, 27, "срока действия не сходится — проверьте дату окончания в строке 2"),
    (SPECIMEN, 1, 42, "личного номера не сходится — проверьте личный номер в строке 2"),
    (SPECIMEN, 1, 43, "Общая контрольная цифра (последняя в строке 2) не сходится"),
    (TD1, 0, 14, "номера документа не сходится — проверьте номер в строке 1"),
    (TD2, 1, 35, "Общая контрольная цифра (последняя в строке 2)"),
])
def test_a_failed_check_is_said_in_words_with_its_line(lines, line, position, words) -> None:
    problems = parse(altered(lines, line, position)).problems
    # One sentence: the composite fails along with any field, and is not named then.
    assert len(problems) == 1
    assert words in problems[0].message
    for internal in ("document_number", "composite", "birth_date", "personal_number"):
        assert internal not in problems[0].message


def test_a_valid_mrz_has_no_problems_and_bad_dates_and_names_are_said() -> None:
    assert parse(SPECIMEN).problems == []
    no_day = [SPECIMEN[0], SPECIMEN[1][:13] + "741399" + SPECIMEN[1][19:]]
    fixed = no_day[1][:19] + reference_check_digit(no_day[1][13:19]) + no_day[1][20:]
    messages = [p.message for p in parse([SPECIMEN[0], fixed]).problems]
    assert any("Дата рождения в строке 2 — не календарная дата" in m for m in messages)
    garbled = [SPECIMEN[0][:30] + "K<S<E" + SPECIMEN[0][35:], SPECIMEN[1]]
    assert [p.line for p in parse(garbled).problems] == [1]


def test_a_changed_data_character_fails_its_check_and_the_composite() -> None:
    lines = list(SPECIMEN)
    lines[1] = lines[1][:14] + "5" + lines[1][15:]  # birth date 750812
    assert parse(lines).failed_checks == ["birth_date", "composite"]


def test_td1_specimen() -> None:
    result = parse(TD1)
    assert result.format == "TD1"
    assert result.valid, result.checks
    assert list(result.checks) == ["document_number", "birth_date", "expiry_date", "composite"]
    f = result.fields
    assert (f.document_type, f.issuing_state, f.document_number) == ("I", "UTO", "D23145890")
    assert (f.surname, f.given_names, f.sex) == ("ERIKSSON", "ANNA MARIA", "F")
    assert f.birth_date == date(1974, 8, 12)


@pytest.mark.parametrize(("position", "name"), [(14, "document_number"), (29, "composite")])
def test_td1_altered_check_digits(position: int, name: str) -> None:
    line = 0 if name == "document_number" else 1
    assert name in parse(altered(TD1, line, position)).failed_checks


def test_td2_specimen() -> None:
    result = parse(TD2)
    assert result.format == "TD2"
    assert result.valid, result.checks
    assert result.fields.document_number == "D23145890"
    assert result.fields.given_names == "ANNA MARIA"
    assert "composite" in parse(altered(TD2, 1, 35)).failed_checks


def build_td1(number: str, birth: str, expiry: str, optional2: str, name: str) -> list[str]:
    """A TD1 from the standard's layout with the test's own check digits, including the
    long-number rule: more than 9 characters go on into the optional data, the check
    digit after them, and ``<`` marks the usual position."""
    if len(number) <= 9:
        part = number.ljust(9, "<") + reference_check_digit(number.ljust(9, "<"))
    else:
        part = number[:9] + "<" + number[9:] + reference_check_digit(number)
    line1 = ("I<UTO" + part).ljust(30, "<")
    line2 = (birth + reference_check_digit(birth) + "M" + expiry + reference_check_digit(expiry)
             + "UTO" + optional2.ljust(11, "<"))
    composite = line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]
    return [line1, line2 + reference_check_digit(composite), name.ljust(30, "<")]


@pytest.mark.parametrize("number", ["AB1234567", "X12", "D23145890734", "AB12345678901"])
def test_constructed_td1_validates_including_long_numbers(number: str) -> None:
    lines = build_td1(number, "900101", "300101", "XYZ", "DOE<<JOHN")
    result = parse(lines)
    assert result.valid, result.checks
    assert result.fields.document_number == number
    assert result.fields.optional_data_2 == "XYZ"
    assert result.fields.expiry_date == date(2030, 1, 1)


def test_constructed_td2_validates() -> None:
    number, birth, expiry = "ZX9876543", "010203", "290405"
    line2 = (number + reference_check_digit(number) + "KGZ" + birth
             + reference_check_digit(birth) + "<" + expiry + reference_check_digit(expiry)
             + "1234567")
    line2 += reference_check_digit(line2[0:10] + line2[13:20] + line2[21:35])
    result = parse(["IDKGZALIEV<<TIMUR".ljust(36, "<"), line2])
    assert result.valid, result.checks
    assert result.fields.sex == "X"
    assert result.fields.birth_date == date(2001, 2, 3)
    assert result.fields.optional_data == "1234567"


def test_two_digit_years_resolve_to_a_past_birth_and_a_near_expiry() -> None:
    f = mrz.parse_mrz(SPECIMEN, today=date(2026, 1, 15)).fields
    assert f.birth_date == date(1974, 8, 12)
    lines = build_td1("A1", "251231", "450101", "", "DOE")
    assert parse(lines).fields.birth_date == date(2025, 12, 31)  # a baby's passport, but …
    lines = build_td1("A1", "260116", "450101", "", "DOE")
    assert parse(lines).fields.birth_date == date(1926, 1, 16)  # … a future birth is not
    assert parse(lines).fields.expiry_date == date(2045, 1, 1)
    assert parse(build_td1("A1", "000101", "470101", "", "DOE")).fields.expiry_date == date(
        1947, 1, 1)


@pytest.mark.parametrize(("lines", "words"), [
    (["P<UTO"], "2 или 3 строк"),
    ([SPECIMEN[0], SPECIMEN[1][:-1]], "Неверная длина"),
    ([SPECIMEN[0], SPECIMEN[1] + "<"], "44 символа"),
    ([SPECIMEN[0].replace("ANNA", "AnNA"), SPECIMEN[1]], "позиция 17"),
    ([SPECIMEN[0], SPECIMEN[1].replace("UTO", "UT-")], "«-»"),
])
def test_malformed_input_gives_a_clear_russian_error(lines: list[str], words: str) -> None:
    with pytest.raises(mrz.MrzError, match=words) as caught:
        mrz.parse_mrz(lines)
    assert isinstance(caught.value, ValueError)


# -- normalizing and correcting ---------------------------------------------------------


def test_normalize_line_keeps_only_what_is_unambiguous() -> None:
    assert mrz.normalize_line(" p<uto eriksson«anna ") == "P<UTOERIKSSON<ANNA"
    assert mrz.normalize_line("Р<UTO") == "P<UTO"  # Cyrillic Р typed on the Russian layout
    assert mrz.normalize_line("L898902C3 6") == "L898902C36"  # no O/0 guessing here


def test_correction_by_field_type_and_check_digits() -> None:
    typed = ["P<UT0ERIKSS0N<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
             "L898902C36UT074O8122F12O4159ZE184226B<<<<<1O"]
    assert not mrz.parse_mrz([mrz.normalize_line(x) for x in typed], today=TODAY).valid
    result = mrz.correct_mrz(typed, today=TODAY)
    assert result.valid
    assert result.lines == SPECIMEN


def test_alphanumeric_field_is_left_alone_unless_asked() -> None:
    # 'O' for '0' in the document number: both are legal there, so only a check digit
    # could decide, and by default it is not asked to: the clerk sees the failed check.
    lines = [SPECIMEN[0], "L8989O2C36" + SPECIMEN[1][10:]]
    result = mrz.correct_mrz(lines, today=TODAY)
    assert result.failed_checks == ["document_number", "composite"]
    fixed = mrz.correct_mrz(lines, today=TODAY, alphanumeric=True)
    assert fixed.lines == SPECIMEN
    assert fixed.corrected


def test_why_alphanumeric_guessing_is_off_by_default() -> None:
    # A plain typo (3 → 4) that no look-alike explains: yet 8 → B elsewhere happens to
    # satisfy both check digits. The guess is wrong, which is why it must be asked for.
    wrong = [SPECIMEN[0], "L898902C46" + SPECIMEN[1][10:]]
    assert not mrz.correct_mrz(wrong, today=TODAY).valid
    guessed = mrz.correct_mrz(wrong, today=TODAY, alphanumeric=True)
    assert guessed.fields.document_number == "LB98902C4"
    assert guessed.corrected


def test_an_ambiguous_correction_is_refused() -> None:
    # "2268" → both 2→Z and 8→B satisfy the same check digit: no guess is made.
    lines = [SPECIMEN[0], SPECIMEN[1].replace("ZE184226B", "ZE1842268")]
    assert not mrz.correct_mrz(lines, today=TODAY, alphanumeric=True).valid


def test_a_name_with_text_after_the_fillers_is_not_valid() -> None:
    lines = [SPECIMEN[0][:30] + "Y3YY" + SPECIMEN[0][34:], SPECIMEN[1]]
    result = parse(lines)
    assert all(result.checks.values())
    assert not result.names_well_formed
    assert not result.valid


# -- OCR ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page() -> tuple[np.ndarray, tuple[str, ...]]:
    if mrz.ocrb_font_path() is None:
        pytest.skip("OCR-B font missing: apt-get install fonts-ocr-b")
    rng = np.random.default_rng(5)
    lines = bench_mrz.td3_lines(rng)
    return bench_mrz.render_page(rng, lines, width=1200), lines


@needs_ocrb
def test_read_mrz_reads_back_a_generated_page(page: tuple[np.ndarray, tuple[str, ...]]
                                              ) -> None:
    image, lines = page
    result = mrz.read_mrz(image, today=bench_mrz.TODAY)
    assert result is not None
    assert result.valid
    assert result.lines == lines
    assert result.fields == mrz.parse_mrz(lines, today=bench_mrz.TODAY).fields
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    assert mrz.read_mrz(gray, today=bench_mrz.TODAY) == result


@needs_ocrb
def test_read_mrz_reads_a_page_upside_down(page: tuple[np.ndarray, tuple[str, ...]]) -> None:
    image, lines = page
    result = mrz.read_mrz(np.ascontiguousarray(image[::-1, ::-1]), today=bench_mrz.TODAY)
    assert result is not None
    assert result.lines == lines


@needs_tesseract
def test_tesseract_engine_reads_the_mrz_band(page: tuple[np.ndarray, tuple[str, ...]]) -> None:
    """Tesseract is the second engine. Its stock model misreads runs of fillers (as K, S,
    E) and confuses O/0 in letter fields, so it is held to the second line's number and
    dates: what the bench shows it reads."""
    image, lines = page
    band = mrz.find_mrz_band(image)
    assert band is not None
    texts = mrz.TesseractEngine().read_lines(band)
    assert len(texts) == 2
    second = mrz.normalize_line(texts[1])
    # number and its check digit; birth date, sex, expiry date and their check digits
    assert (second[:10], second[13:28]) == (lines[1][:10], lines[1][13:28]), texts


def test_no_mrz_gives_none() -> None:
    rng = np.random.default_rng(3)
    noise = rng.integers(0, 256, (700, 1000, 3), dtype=np.uint8)
    assert mrz.read_mrz(noise) is None
    blank = np.full((700, 1000), 240, dtype=np.uint8)
    assert mrz.read_mrz(blank) is None


def test_a_camera_frame_without_mrz_starts_no_other_engine(monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    # The live dialog reads every frame with fallback=False: Tesseract in a child process
    # took 1-2 s of wall clock on each empty frame and held up the frames after it.
    asked: list[str] = []
    monkeypatch.setattr(mrz, "default_engines", lambda: asked.append("engines") or [])
    blank = np.full((720, 1280), 200, dtype=np.uint8)
    assert mrz.read_mrz(blank, fallback=False) is None
    assert asked == []
    assert mrz.read_mrz(blank) is None
    assert asked == ["engines"]  # a scanned page still gets the older path


@needs_ocrb
def test_a_page_without_mrz_gives_none() -> None:
    rng = np.random.default_rng(9)
    image = bench_mrz.render_page(rng, (), width=1100)
    assert mrz.read_mrz(image) is None


def test_ocr_available_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mrz, "ocrb_font_path", lambda: None)
    monkeypatch.setattr(mrz.shutil, "which", lambda name: None)
    message = mrz.ocr_available()
    assert message is not None
    assert "apt-get install fonts-ocr-b" in message
    assert "вручную" in message


# -- operator-app mrz ---------------------------------------------------------------------


@needs_ocrb
def test_cli_prints_one_json_line_per_file(tmp_path: Path,
                                           page: tuple[np.ndarray, tuple[str, ...]]) -> None:
    image, lines = page
    good = tmp_path / "паспорт.png"
    good.write_bytes(cv2.imencode(".png", image)[1].tobytes())
    out = io.StringIO()
    assert mrz_cli.run([str(good)], out) == 0
    record = json.loads(out.getvalue())
    assert record["lines"] == list(lines)
    assert record["valid"] is True
    assert record["checks"]["composite"] is True
    assert record["fields"]["document_number"] == lines[1][:9].rstrip("<")
    assert record["ms"] > 0

    bad = tmp_path / "notes.txt"
    bad.write_text("not an image")
    out = io.StringIO()
    assert mrz_cli.run([str(good), str(bad), str(tmp_path / "missing.png")], out) == 1
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [("error" in r) for r in records] == [False, True, True]
    assert "изображением" in records[1]["error"]
