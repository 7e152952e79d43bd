"""The passport's machine-readable zone (MRZ): parse, check, and read it from a photo.

ICAO Doc 9303 parts 4–6: TD3 (passports, 2×44), TD2 (2×36) and TD1 (ID cards, 3×30).
:func:`parse_mrz` splits the lines into typed fields and recomputes every check digit;
:func:`normalize_line` cleans what a clerk typed; :func:`correct_mrz` repairs confusions
only where the position's type forces the reading and the check digits then hold;
:func:`read_mrz` finds the zone in a page image, deskews it and reads it. Nothing here
imports Qt.

Reading from an image (:func:`read_mrz`, :func:`read_mrzs`) is done by
:mod:`.mrz_zone` (find every block of 2–3 aligned, equally spaced lines of 30/36/44
glyphs, at any scale and angle, and rectify it) and :mod:`.mrz_ocr` (cut each line at
its fitted pitch, score every cell against OCR-B and other monospaced glyph prototypes,
choose under the field grammar and the check digits, and say what is uncertain). How
it works and what it was measured on: ``docs/mrz.md``; ``bench/bench_mrz_real.py``
measures it on real specimens and on hard generated scenes, beside Tesseract alone.

The older engines stay for comparison and as a last resort: :class:`OcrbTemplateEngine`
(the first version's template reader on the wide-band locator :func:`mrz_bands`, which
:mod:`.quality` still uses to tell a page with an MRZ) and :class:`TesseractEngine`
(stock ``eng`` model, tried only when the zone reader finds nothing). Neither knows how
sure it is of a character, so what no check digit covers comes back uncertain from them.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal, Protocol

import cv2
import numpy as np
from numpy.typing import NDArray

from operator_app.messages import t

Image = NDArray[np.uint8]
MrzFormat = Literal["TD1", "TD2", "TD3"]

ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<")
FILLER = "<"
# Line length and line count of each format.
_SHAPES: dict[MrzFormat, tuple[int, int]] = {"TD1": (3, 30), "TD2": (2, 36), "TD3": (2, 44)}
_WEIGHTS = (7, 3, 1)

# Look-alikes a clerk may type by accident: Cyrillic letters that look Latin, and the
# guillemets some keyboards and OCR engines produce for the filler.
_LOOKALIKES = str.maketrans({
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "У": "Y", "Х": "X", "«": "<", "‹": "<", "＜": "<",
})
# OCR confusions, resolved by the type of the position: where only a digit may stand,
# these letters are read as the digit they resemble; where only a letter may, the reverse.
_TO_DIGIT = str.maketrans({"O": "0", "Q": "0", "D": "0", "U": "0", "I": "1", "L": "1",
                           "T": "1", "Z": "2", "S": "5", "B": "8", "G": "6", "A": "4"})
_TO_LETTER = str.maketrans({"0": "O", "1": "I", "2": "Z", "5": "S", "8": "B", "6": "G",
                            "4": "A"})
# Both readings are plausible in an alphanumeric field (document number, personal
# number): only a check digit can choose, so these are tried, never forced.
_AMBIGUOUS: dict[str, str] = {"0": "O", "O": "0", "1": "I", "I": "1", "5": "S", "S": "5",
                              "8": "B", "B": "8", "2": "Z", "Z": "2", "6": "G", "G": "6",
                              "D": "0", "Q": "0"}


# SURNAME<<GIVEN<NAMES<<<…: name parts of letters, parts joined by "<", surname and
# given names by "<<"; a field cut short (Doc 9303 truncation) may end on a letter.
_NAME_FIELD = re.compile(r"<*[A-Z]+(<[A-Z]+)*(<<[A-Z]+(<[A-Z]+)*)?<*")
_NAME_START: dict[MrzFormat, int] = {"TD1": 0, "TD2": 5, "TD3": 5}


class MrzError(ValueError):
    """The lines are not an MRZ at all (wrong count or length, characters outside
    ``A–Z 0–9 <``); the message, in Russian, says what is wrong and where."""


def char_value(char: str) -> int:
    """ICAO value of one MRZ character: digits as is, A=10 … Z=35, ``<`` = 0."""
    if "0" <= char <= "9":  # not str.isdigit: "²" and "٣" are no MRZ characters
        return int(char)
    if "A" <= char <= "Z":
        return ord(char) - ord("A") + 10
    if char == FILLER:
        return 0
    raise MrzError(f"Недопустимый символ MRZ: «{char}» (допустимы A–Z, 0–9 и <).")


def check_digit(data: str) -> int:
    """ICAO 9303 check digit: Σ value·weight (7, 3, 1 repeating) mod 10."""
    return sum(char_value(c) * _WEIGHTS[i % 3] for i, c in enumerate(data)) % 10


def _digit_holds(data: str, digit: str) -> bool:
    """Whether ``digit`` is the check digit of ``data``. A field left entirely blank may
    carry ``<`` as its check digit (Doc 9303 part 4, personal number)."""
    if digit == FILLER:
        return set(data) <= {FILLER}
    return "0" <= digit <= "9" and len(digit) == 1 and int(digit) == check_digit(data)


@dataclass(frozen=True)
class MrzFields:
    """The fields of an MRZ, typed.

    Names keep the MRZ's Latin transliteration with ``<`` turned into spaces: the desk
    compares them with the portal account, which holds the same form. A date that is not
    a calendar date (``<<`` for an unknown day is allowed for birth dates) is ``None``;
    its raw six characters stay in ``birth_date_raw`` / ``expiry_date_raw``.
    ``optional_data`` is the personal number of TD3 and the optional data of TD2/TD1
    (line 1 of TD1); ``optional_data_2`` is TD1's second optional field.
    """

    document_type: str
    issuing_state: str
    surname: str
    given_names: str
    document_number: str
    nationality: str
    birth_date: date | None
    sex: str  # "M", "F" or "X" (unspecified, "<" in the MRZ)
    expiry_date: date | None
    optional_data: str
    optional_data_2: str = ""
    birth_date_raw: str = ""
    expiry_date_raw: str = ""

    def as_json(self) -> dict[str, str | None]:
        """Plain strings (ISO dates) for JSON output and logs."""
        return {
            "document_type": self.document_type,
            "issuing_state": self.issuing_state,
            "surname": self.surname,
            "given_names": self.given_names,
            "document_number": self.document_number,
            "nationality": self.nationality,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "sex": self.sex,
            "expiry_date": self.expiry_date.isoformat() if self.expiry_date else None,
            "optional_data": self.optional_data,
            "optional_data_2": self.optional_data_2,
        }


@dataclass(frozen=True)
class FieldRead:
    """One field of an MRZ as read from an image, for the clerk's dialog.

    ``text`` is the field's characters as in the MRZ (fillers kept), at ``line`` (0-based)
    from column ``start`` to ``end``; ``confidence`` the lowest character probability in
    it (1.0 for typed lines); ``checked`` whether a check digit that holds covers it;
    ``uncertain`` the positions (line, column; 0-based) in it the clerk must check."""

    name: str
    line: int
    start: int
    end: int
    text: str
    confidence: float
    checked: bool
    uncertain: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class MrzResult:
    """A parsed MRZ: its format, its lines as read, the fields and every check digit.

    ``checks`` names each check digit of the format (``document_number``,
    ``birth_date``, ``expiry_date``, TD3's ``personal_number``, ``composite``) and says
    whether it holds; a clerk is shown which one failed, so a typo is found at once.
    ``corrected`` is true when :func:`correct_mrz` (or, reading an image, a check digit)
    changed characters to get here: the screen asks the clerk to compare those fields
    with the page.

    Read from an image (:func:`read_mrz`), the result also says how sure it is:

    * ``uncertain`` — positions ``(line, column)``, both 0-based, whose character the
      reader could not tell from its runner-up where no check digit decides (names,
      nationality, sex, codes; or two readings that satisfy the same digit). A result
      with any is not :attr:`valid`: the dialog marks them for the clerk to compare
      with the document, and nothing is filled in silently.
    * ``confidence`` — per line, the lowest probability of a character in it (0–1);
    * ``char_confidence`` — per line, the probability of each character;
    * ``runner_up`` — per line, the second-best character at each position;
    * ``quad`` — the zone's corners in the image (top-left, top-right, bottom-right,
      bottom-left, as the text reads), for a preview to outline.

    All default to "typed": no uncertain positions, confidence 1.
    """

    format: MrzFormat
    lines: tuple[str, ...]
    fields: MrzFields
    checks: dict[str, bool] = field(hash=False)
    corrected: bool = False
    uncertain: tuple[tuple[int, int], ...] = ()
    confidence: tuple[float, ...] = ()
    char_confidence: tuple[tuple[float, ...], ...] = field(default=(), compare=False)
    runner_up: tuple[str, ...] = field(default=(), compare=False)
    quad: tuple[tuple[float, float], ...] = field(default=(), compare=False)

    @property
    def certain(self) -> bool:
        """No character was left in doubt (always true for typed lines)."""
        return not self.uncertain

    @property
    def field_reads(self) -> list[FieldRead]:
        """Every field: its text, lowest character confidence, whether a holding check
        digit covers it, and its uncertain positions (see :class:`FieldRead`)."""
        from operator_app.scanning.mrz_ocr import field_spans

        doubts = set(self.uncertain)
        out = []
        for name, line, start, end, check in field_spans(self.format):
            probs = (self.char_confidence[line][start:end]
                     if len(self.char_confidence) > line else ())
            out.append(FieldRead(
                name, line, start, end, self.lines[line][start:end],
                float(min(probs)) if probs else 1.0,
                check is not None and self.checks.get(check, False),
                tuple(sorted(p for p in doubts if p[0] == line and start <= p[1] < end))))
        return out

    @property
    def names_well_formed(self) -> bool:
        """The name field is ``SURNAME<<GIVEN<NAMES`` then fillers, letters only.

        No check digit covers the names, so this is the only guard against a misread
        name: text after the fillers, or a digit, means the field was not read right.
        """
        return _NAME_FIELD.fullmatch(self.lines[-1 if self.format == "TD1" else 0][
            _NAME_START[self.format]:]) is not None

    @property
    def valid(self) -> bool:
        """Every check digit holds, both dates are calendar dates, the names are
        well formed, and no character read from an image is in doubt."""
        return (all(self.checks.values()) and self.fields.birth_date is not None
                and self.fields.expiry_date is not None and self.names_well_formed
                and not self.uncertain)

    @property
    def failed_checks(self) -> list[str]:
        """Names of the check digits that do not hold, in MRZ order."""
        return [name for name, ok in self.checks.items() if not ok]

    @property
    def problems(self) -> list[MrzProblem]:
        """What is wrong, each a sentence for the clerk naming the line to look at.

        The composite digit covers the other fields, so it is named only when it is the
        one check that fails: after a wrong number digit, "check the number" is what to
        do, not also "check the whole line".
        """
        # Every format has the dates and the composite digit on line 2; TD1 has its
        # number on line 1 and the name on line 3.
        data_line, name_line = 2, 3 if self.format == "TD1" else 1
        found = []
        failed = self.failed_checks
        for name in failed:
            if name == "composite" and len(failed) > 1:
                continue
            line = 1 if name == "document_number" and self.format == "TD1" else data_line
            found.append(MrzProblem(name, line, _CHECK_MESSAGES[name].format(line=line)))
        if self.fields.birth_date is None and "birth_date" not in failed:
            found.append(MrzProblem("birth_date", data_line, (
                f"Дата рождения в строке {data_line} — не календарная дата (ГГММДД): "
                "проверьте её по паспорту.")))
        if self.fields.expiry_date is None and "expiry_date" not in failed:
            found.append(MrzProblem("expiry_date", data_line, (
                f"Дата окончания в строке {data_line} — не календарная дата (ГГММДД): "
                "проверьте её по паспорту.")))
        if not self.names_well_formed:
            found.append(MrzProblem("names", name_line, (
                f"Имя в строке {name_line} записано не по правилам: фамилия, «<<», имена "
                "через «<», затем только «<» — проверьте строку.")))
        for line in sorted({ln for ln, _col in self.uncertain}):
            columns = ", ".join(str(col + 1) for ln, col in self.uncertain if ln == line)
            found.append(MrzProblem("uncertain", line + 1, (
                f"Строка {line + 1}, позиции {columns}: символы распознаны неуверенно — "
                "сверьте их с документом.")))
        return found


@dataclass(frozen=True)
class MrzProblem:
    """One thing wrong with an MRZ: the check (``MrzResult.checks`` name, or "names"),
    the line to look at (1-based) and the sentence for the clerk."""

    check: str
    line: int
    message: str


_CHECK_MESSAGES = {
    "document_number": ("Контрольная цифра номера документа не сходится — проверьте номер "
                        "в строке {line}."),
    "birth_date": ("Контрольная цифра даты рождения не сходится — проверьте дату рождения "
                   "в строке {line}."),
    "expiry_date": ("Контрольная цифра срока действия не сходится — проверьте дату "
                    "окончания в строке {line}."),
    "personal_number": ("Контрольная цифра личного номера не сходится — проверьте личный "
                        "номер в строке {line}."),
    "composite": ("Общая контрольная цифра (последняя в строке {line}) не сходится — "
                  "проверьте всю строку {line}."),
}


# -- normalizing and parsing ---------------------------------------------------------------


def normalize_line(text: str) -> str:
    """What an input field should keep of a typed or pasted MRZ line.

    Upper-case, no spaces, Cyrillic look-alikes (typed on the Russian layout by habit)
    turned into their Latin twins and guillemets into ``<``. Nothing that could be two
    different characters is changed here: :func:`correct_mrz` does that, with the
    check digits as arbiter.
    """
    return re.sub(r"\s+", "", text).upper().translate(_LOOKALIKES)


def detect_format(lines: Sequence[str]) -> MrzFormat | None:
    """The format whose shape (line count × length) the lines have, or None."""
    for name, (count, length) in _SHAPES.items():
        if len(lines) == count and all(len(line) == length for line in lines):
            return name
    return None


def _validate_shape(lines: Sequence[str]) -> MrzFormat:
    if len(lines) not in (2, 3):
        raise MrzError(f"MRZ состоит из 2 или 3 строк, а получено строк: {len(lines)}.")
    for number, line in enumerate(lines, start=1):
        for position, char in enumerate(line, start=1):
            if char not in ALPHABET:
                raise MrzError(f"Строка {number}, позиция {position}: недопустимый символ "
                               f"«{char}» (допустимы латинские A–Z, цифры 0–9 и <).")
    fmt = detect_format(lines)
    if fmt is not None:
        return fmt
    lengths = ", ".join(str(len(line)) for line in lines)
    if len(lines) == 3:
        expected = "3 строки по 30 символов (ID-карта, TD1)"
    else:
        expected = "2 строки по 44 символа (паспорт, TD3) или 2 по 36 (TD2)"
    raise MrzError(f"Неверная длина строк MRZ ({lengths}): ожидается {expected}.")


def _name(field_text: str) -> tuple[str, str]:
    """Surname and given names: split at the first ``<<``, each ``<`` a space."""
    surname, _, given = field_text.partition("<<")
    return (surname.replace(FILLER, " ").strip(),
            re.sub(" +", " ", given.replace(FILLER, " ")).strip())


def _date(raw: str, *, kind: Literal["birth", "expiry"], today: date) -> date | None:
    """A YYMMDD date with its century chosen sensibly: a birth date is never in the
    future; an expiry date lies within 20 years ahead (or up to 80 behind, for an
    expired document)."""
    if not (raw.isascii() and raw.isdigit()):
        return None
    yy, month, day = int(raw[:2]), int(raw[2:4]), int(raw[4:])
    century = today.year // 100 * 100
    year = century + yy
    if kind == "birth":
        if (year, month, day) > (today.year, today.month, today.day):
            year -= 100
    elif year > today.year + 20:
        year -= 100
    elif year < today.year - 80:
        year += 100
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _sex(char: str) -> str:
    return "X" if char == FILLER else char


def _split_number(number: str, digit: str, optional: str) -> tuple[str, str, str, str]:
    """Doc 9303 long document numbers (TD1, TD2): when the number has more than 9
    characters, its check digit position holds ``<`` and the rest of the number, then its
    check digit, open the optional data. Returns the full number, the data its check
    digit covers, that check digit and what is left of the optional data."""
    if digit == FILLER and optional and optional[0] != FILLER:
        tail = optional.split(FILLER, 1)[0]
        if len(tail) >= 2:
            rest = optional[len(tail):]
            full = number + tail[:-1]
            return full, full, tail[-1], rest
    return number.rstrip(FILLER), number, digit, optional


def parse_mrz(lines: Sequence[str], *, today: date | None = None) -> MrzResult:
    """Parse TD1, TD2 or TD3 lines (already normalized) and recompute every check digit.

    Raises :class:`MrzError` when the input cannot be an MRZ at all; a well-formed MRZ
    with a wrong check digit parses, with that check ``False`` in ``checks``, so the
    clerk sees which field to look at. ``today`` fixes the century of two-digit years
    (tests pass it; the desk uses the current date).
    """
    lines = tuple(lines)
    fmt = _validate_shape(lines)
    today = today or date.today()
    if fmt == "TD3":
        return _parse_td3(lines, today)
    if fmt == "TD2":
        return _parse_td2(lines, today)
    return _parse_td1(lines, today)


def _parse_td3(lines: tuple[str, ...], today: date) -> MrzResult:
    l1, l2 = lines
    surname, given = _name(l1[5:44])
    checks = {
        "document_number": _digit_holds(l2[0:9], l2[9]),
        "birth_date": _digit_holds(l2[13:19], l2[19]),
        "expiry_date": _digit_holds(l2[21:27], l2[27]),
        "personal_number": _digit_holds(l2[28:42], l2[42]),
        "composite": _digit_holds(l2[0:10] + l2[13:20] + l2[21:43], l2[43]),
    }
    fields = MrzFields(
        document_type=l1[0:2].rstrip(FILLER), issuing_state=l1[2:5].rstrip(FILLER),
        surname=surname, given_names=given, document_number=l2[0:9].rstrip(FILLER),
        nationality=l2[10:13].rstrip(FILLER),
        birth_date=_date(l2[13:19], kind="birth", today=today), sex=_sex(l2[20]),
        expiry_date=_date(l2[21:27], kind="expiry", today=today),
        optional_data=l2[28:42].rstrip(FILLER),
        birth_date_raw=l2[13:19], expiry_date_raw=l2[21:27],
    )
    return MrzResult("TD3", lines, fields, checks)


def _parse_td2(lines: tuple[str, ...], today: date) -> MrzResult:
    l1, l2 = lines
    surname, given = _name(l1[5:36])
    number, covered, digit, optional = _split_number(l2[0:9], l2[9], l2[28:35])
    checks = {
        "document_number": _digit_holds(covered, digit),
        "birth_date": _digit_holds(l2[13:19], l2[19]),
        "expiry_date": _digit_holds(l2[21:27], l2[27]),
        "composite": _digit_holds(l2[0:10] + l2[13:20] + l2[21:35], l2[35]),
    }
    fields = MrzFields(
        document_type=l1[0:2].rstrip(FILLER), issuing_state=l1[2:5].rstrip(FILLER),
        surname=surname, given_names=given, document_number=number,
        nationality=l2[10:13].rstrip(FILLER),
        birth_date=_date(l2[13:19], kind="birth", today=today), sex=_sex(l2[20]),
        expiry_date=_date(l2[21:27], kind="expiry", today=today),
        optional_data=optional.strip(FILLER),
        birth_date_raw=l2[13:19], expiry_date_raw=l2[21:27],
    )
    return MrzResult("TD2", lines, fields, checks)


def _parse_td1(lines: tuple[str, ...], today: date) -> MrzResult:
    l1, l2, l3 = lines
    surname, given = _name(l3)
    number, covered, digit, optional = _split_number(l1[5:14], l1[14], l1[15:30])
    checks = {
        "document_number": _digit_holds(covered, digit),
        "birth_date": _digit_holds(l2[0:6], l2[6]),
        "expiry_date": _digit_holds(l2[8:14], l2[14]),
        "composite": _digit_holds(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29], l2[29]),
    }
    fields = MrzFields(
        document_type=l1[0:2].rstrip(FILLER), issuing_state=l1[2:5].rstrip(FILLER),
        surname=surname, given_names=given, document_number=number,
        nationality=l2[15:18].rstrip(FILLER),
        birth_date=_date(l2[0:6], kind="birth", today=today), sex=_sex(l2[7]),
        expiry_date=_date(l2[8:14], kind="expiry", today=today),
        optional_data=optional.strip(FILLER), optional_data_2=l2[18:29].strip(FILLER),
        birth_date_raw=l2[0:6], expiry_date_raw=l2[8:14],
    )
    return MrzResult("TD1", lines, fields, checks)


# -- correction: the field types force some readings, the check digits choose others ------

# Per format: (line, start, end) spans that may hold only digits (dates, check digits),
# only letters or fillers (names, states, nationality, sex), and the alphanumeric fields
# with the check digit position that arbitrates them.
_Span = tuple[int, int, int]
_NUMERIC: dict[MrzFormat, tuple[_Span, ...]] = {
    "TD3": ((1, 9, 10), (1, 13, 20), (1, 21, 28), (1, 42, 44)),
    "TD2": ((1, 9, 10), (1, 13, 20), (1, 21, 28), (1, 35, 36)),
    "TD1": ((0, 14, 15), (1, 0, 7), (1, 8, 15), (1, 29, 30)),
}
_ALPHA: dict[MrzFormat, tuple[_Span, ...]] = {
    "TD3": ((0, 0, 44), (1, 10, 13), (1, 20, 21)),
    "TD2": ((0, 0, 36), (1, 10, 13), (1, 20, 21)),
    "TD1": ((0, 0, 5), (1, 7, 8), (1, 15, 18), (2, 0, 30)),
}
# (line, start, end, check digit line, check digit position)
_ALNUM: dict[MrzFormat, tuple[tuple[int, int, int, int, int], ...]] = {
    "TD3": ((1, 0, 9, 1, 9), (1, 28, 42, 1, 42)),
    "TD2": ((1, 0, 9, 1, 9),),
    "TD1": ((0, 5, 14, 0, 14),),
}


def _replace(lines: list[str], line: int, start: int, text: str) -> None:
    row = lines[line]
    lines[line] = row[:start] + text + row[start + len(text):]


def _force_types(lines: list[str], fmt: MrzFormat) -> None:
    for line, start, end in _NUMERIC[fmt]:
        _replace(lines, line, start, lines[line][start:end].translate(_TO_DIGIT))
    for line, start, end in _ALPHA[fmt]:
        _replace(lines, line, start, lines[line][start:end].translate(_TO_LETTER))


def _variants(text: str, count: int) -> Iterator[str]:
    """``text`` with exactly ``count`` look-alike substitutions."""
    positions = [i for i, c in enumerate(text) if c in _AMBIGUOUS]
    for chosen in itertools.combinations(positions, count):
        chars = list(text)
        for i in chosen:
            chars[i] = _AMBIGUOUS[chars[i]]
        yield "".join(chars)


def _repair_field(lines: list[str], span: tuple[int, int, int, int, int],
                  today: date | None) -> list[str]:
    """The lines with one alphanumeric field repaired, or unchanged.

    A repair is one look-alike substitution that makes the field's check digit and the
    composite hold, and it must be the *only* one: 0→O at one place and 8→B at another
    can satisfy the same check digit, and then guessing would be worse than asking the
    clerk. One, not two: a check digit is right by chance one time in ten, and the
    pairs of a nine-character field are so many that some pair nearly always "fixes" a
    digit that was simply misread. The composite adds nothing independent here (its
    weights repeat the field's), so a repaired result says so in ``corrected``.
    """
    line, start, end, digit_line, digit_pos = span
    data, digit = lines[line][start:end], lines[digit_line][digit_pos]
    if _digit_holds(data, digit):
        return lines
    found: list[list[str]] = []
    for variant in _variants(data, 1):
        if not _digit_holds(variant, digit):
            continue
        trial = list(lines)
        _replace(trial, line, start, variant)
        if parse_mrz(trial, today=today).checks["composite"]:
            found.append(trial)
    return found[0] if len(found) == 1 else lines


def correct_mrz(lines: Sequence[str], *, today: date | None = None,
                alphanumeric: bool = False) -> MrzResult:
    """Parse ``lines``, repairing OCR and typing confusions the MRZ itself can settle.

    First the types: dates and check digits hold only digits, names, states and sex only
    letters, so an ``O`` there is a ``0`` and vice versa. With ``alphanumeric``, an
    alphanumeric field whose check digit fails also gets one look-alike substitution
    (0/O, 1/I, 5/S, 8/B, 2/Z, 6/G), kept only when exactly one makes its check digit
    *and* the composite hold — off by default, because a check digit also "holds" by
    chance one time in ten: for a digit simply mistyped, a look-alike elsewhere in the
    number often satisfies it, and a confidently wrong passport number is worse than a
    failed check the clerk can see (see :func:`_repair_field`). Any
    correction the check digits do not confirm is dropped: the result is then the plain
    parse of the normalized lines, failed checks and all, for the clerk to look at.
    """
    plain = parse_mrz([normalize_line(line) for line in lines], today=today)
    if plain.valid:
        return plain
    fixed = list(plain.lines)
    _force_types(fixed, plain.format)
    for span in _ALNUM[plain.format] if alphanumeric else ():
        fixed = _repair_field(fixed, span, today)
    result = parse_mrz(fixed, today=today)
    if not result.valid:
        return plain
    return dataclasses.replace(result, corrected=result.lines != plain.lines)


# -- reading the MRZ from an image ----------------------------------------------------------

_WHITELIST = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
_WORK_WIDTH = 900  # the band is looked for on a copy this wide: fast, and scale-free
_LINE_HEIGHT = 40  # pixels per text line handed to the OCR (cap height about 28 px)


class OcrEngine(Protocol):
    """Anything that turns a deskewed grayscale MRZ band (dark text on a light ground,
    as :func:`find_mrz_band` cuts it) into its text lines, top to bottom.

    ``read_mrz`` depends on this, not on one OCR: the bench plugs in other engines, and
    the line fitting and check-digit correction are the same for all.
    """

    name: str

    def read_lines(self, band: Image) -> list[str]: ...


def ocr_available() -> str | None:
    """None when the desk can read an MRZ from a photo, else what to install.

    The OCR-B template engine needs the font from ``fonts-ocr-b``; Tesseract
    (``tesseract-ocr``) is the second engine. Either one is enough to read; the font is
    what the accuracy figures were measured with.
    """
    if ocrb_font_path() is not None or tesseract_problem() is None:
        return None
    return t("Не установлены ни шрифт OCR-B (apt-get install fonts-ocr-b), ни Tesseract "
             "(apt-get install tesseract-ocr): введите строки MRZ вручную.")


def tesseract_problem() -> str | None:
    """None when the ``tesseract`` engine can run, else what to install."""
    if shutil.which("tesseract") is None:
        return t("Tesseract не установлен (apt-get install tesseract-ocr): "
                 "введите строки MRZ вручную.")
    if not _tesseract_has_english():
        return t("Нет модели распознавания Tesseract для латиницы "
                 "(apt-get install tesseract-ocr-eng): введите строки MRZ вручную.")
    return None


@functools.cache
def _tesseract_has_english() -> bool:
    try:
        done = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                              timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return "eng" in done.stdout.split()


class TesseractEngine:
    """The ``tesseract`` binary (Debian's ``tesseract-ocr``), stock English LSTM model,
    restricted to the MRZ alphabet, dictionaries off (an MRZ is not English words), the
    band read as one uniform block of text (``--psm 6``).

    The image goes through a pipe as PNG: no temporary files on a shared desk.
    """

    name = "tesseract"

    def __init__(self, *, timeout: float = 10.0) -> None:
        self.timeout = timeout

    def read_lines(self, band: Image) -> list[str]:
        prepared = prepare_band(band)
        if prepared is None:
            return []
        ok, png = cv2.imencode(".png", prepared)
        if not ok:
            return []
        command = ["tesseract", "stdin", "stdout", "-l", "eng", "--psm", "6", "--oem", "1",
                   "-c", f"tessedit_char_whitelist={_WHITELIST}",
                   "-c", "load_system_dawg=0", "-c", "load_freq_dawg=0"]
        try:
            done = subprocess.run(command, input=png.tobytes(), capture_output=True,
                                  timeout=self.timeout, check=False)
        except (OSError, subprocess.SubprocessError):
            return []
        text = done.stdout.decode("ascii", errors="replace")
        return [line for line in text.splitlines() if line.strip()]


def _u8(array: Any) -> Image:
    """OpenCV's stubs type every result as a generic array; these are uint8."""
    return np.asarray(array, dtype=np.uint8)


def _f32(array: Any) -> NDArray[np.float32]:
    return np.asarray(array, dtype=np.float32)


def _gray(image: Image) -> Image:
    if image.dtype != np.uint8:
        raise TypeError(f"ожидается изображение uint8, получено {image.dtype}")
    if image.ndim == 2:
        return image
    if image.ndim == 3 and image.shape[2] == 1:
        return np.ascontiguousarray(image[:, :, 0])
    if image.ndim == 3 and image.shape[2] in (3, 4):
        code = cv2.COLOR_BGR2GRAY if image.shape[2] == 3 else cv2.COLOR_BGRA2GRAY
        return np.asarray(cv2.cvtColor(image, code), dtype=np.uint8)
    raise ValueError(f"ожидается изображение BGR или в оттенках серого, форма {image.shape}")


def find_mrz_band(image: Image) -> Image | None:
    """The most likely MRZ band of a page image, deskewed and grayscale, or None."""
    bands = mrz_bands(image)
    return bands[0] if bands else None


def mrz_bands(image: Image, *, limit: int = 2) -> list[Image]:
    """Text blocks that may be the MRZ, widest first, each cut out deskewed, grayscale.

    The classic approach (blackhat + closing): dark glyphs on a light ground, a wide
    rectangular closing that fuses the characters of a line and then the two or three
    lines into one block. The MRZ is the widest block far wider than tall: it runs
    across the whole page, the printed fields and titles do not. Its minimum-area
    rectangle gives the skew. More than one is returned because a page upside down or
    with a long printed line puts another block first; the OCR settles which it is.
    """
    gray = _gray(image)
    height, width = gray.shape
    scale = _WORK_WIDTH / width
    small = cv2.resize(gray, (_WORK_WIDTH, max(1, round(height * scale))),
                       interpolation=cv2.INTER_AREA)
    rect = cv2.getStructuringElement(cv2.MORPH_RECT, (15, 5))
    square = cv2.getStructuringElement(cv2.MORPH_RECT, (25, 25))
    blackhat = cv2.morphologyEx(small, cv2.MORPH_BLACKHAT, rect)
    grad = np.absolute(cv2.Sobel(blackhat, cv2.CV_32F, 1, 0, ksize=-1))
    grad = _u8(np.clip(grad * (255.0 / max(float(grad.max()), 1e-6)), 0, 255))
    grad = cv2.morphologyEx(grad, cv2.MORPH_CLOSE, rect)
    _, mask = cv2.threshold(grad, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, square)
    mask = cv2.erode(mask, np.ones((3, 3), np.uint8), iterations=2)
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    found: list[tuple[float, float, float, float, float]] = []
    for contour in contours:
        (cx, cy), (w, h), angle = cv2.minAreaRect(contour)
        if w < h:
            w, h, angle = h, w, angle - 90
        angle = (angle + 90) % 180 - 90  # a band's direction is only defined mod 180°
        if h <= 0 or w / h < 5 or w < 0.35 * _WORK_WIDTH or abs(angle) > 15:
            continue
        found.append((w, h, cx, cy, angle))
    found.sort(reverse=True)
    return [_cut(gray, cx / scale, cy / scale, w / scale, h / scale, angle)
            for w, h, cx, cy, angle in found[:limit]]


def _cut(gray: Image, cx: float, cy: float, w: float, h: float, angle: float) -> Image:
    """The rotated rectangle as an upright image, with a margin round the text."""
    matrix = cv2.getRotationMatrix2D((cx, cy), angle, 1.0)
    pad_x, pad_y = 0.04 * w, 0.25 * h
    matrix[0, 2] += w / 2 + pad_x - cx
    matrix[1, 2] += h / 2 + pad_y - cy
    size = (round(w + 2 * pad_x), round(h + 2 * pad_y))
    return _u8(cv2.warpAffine(gray, matrix, size, flags=cv2.INTER_CUBIC,
                              borderMode=cv2.BORDER_REPLICATE))


def _flatten(band: Image) -> Image:
    """The band with uneven lighting removed (a desk lamp, a phone's shadow): divided by
    its background, which a closing wider than any stroke recovers by erasing the text.
    One global threshold is then right across the whole band."""
    size = max(9, band.shape[0] // 4) | 1
    background = cv2.morphologyEx(band, cv2.MORPH_CLOSE,
                                  cv2.getStructuringElement(cv2.MORPH_RECT, (size, size)))
    flat = band.astype(np.float32) / np.maximum(_f32(background), 1.0) * 255.0
    return _u8(np.clip(flat, 0, 255))


def _text_rows(binary: Image) -> list[tuple[int, int]]:
    """Row spans of the text lines in a binarized band (ink = 255)."""
    profile = (binary > 0).sum(axis=1)
    ink = profile > max(2, 0.15 * profile.max())
    rows: list[tuple[int, int]] = []
    start = None
    for y, on in enumerate(ink):
        if on and start is None:
            start = y
        elif not on and start is not None:
            rows.append((start, y))
            start = None
    if start is not None:
        rows.append((start, len(ink)))
    if not rows:
        return []
    tallest = max(b - a for a, b in rows)
    return [(a, b) for a, b in rows if b - a >= 0.4 * tallest]


def prepare_band(band: Image) -> Image | None:
    """The band as the OCR should see it: binarized (Otsu), cropped to the text lines,
    each line rescaled to ``_LINE_HEIGHT`` pixels, black on white with a margin."""
    band = _flatten(band)
    blurred = cv2.GaussianBlur(band, (3, 3), 0)
    ink = _u8(cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1])
    rows = _text_rows(ink)
    if not 2 <= len(rows) <= 3:
        return None
    lines: list[Image] = []
    for top, bottom in rows:
        cols = np.flatnonzero((ink[top:bottom] > 0).any(axis=0))
        if cols.size == 0:
            return None
        crop = band[max(0, top - 2):bottom + 2, max(0, cols[0] - 4):cols[-1] + 5]
        factor = _LINE_HEIGHT * 0.8 / max(1, bottom - top)
        crop = _u8(cv2.resize(crop, None, fx=factor, fy=factor,
                              interpolation=cv2.INTER_CUBIC))
        crop = _u8(cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[1])
        lines.append(np.asarray(crop, dtype=np.uint8))
    width = max(line.shape[1] for line in lines) + 40
    canvas = np.full((_LINE_HEIGHT * len(lines) + 40, width), 255, dtype=np.uint8)
    for i, line in enumerate(lines):
        h, w = line.shape
        y = 20 + i * _LINE_HEIGHT + (_LINE_HEIGHT - h) // 2
        canvas[y:y + h, 20:20 + w] = line
    return canvas


# -- the OCR-B template engine ---------------------------------------------------------------

OCRB_FONT_PATHS = (
    "/usr/share/fonts/opentype/ocr-b/OCRB.otf",  # Debian's fonts-ocr-b
    "/usr/share/fonts/truetype/ocr-b/OCRB.ttf",
)
_CELL = (20, 28)  # template width, height: one character cell, pitch wide
_SLACK = 3  # pixels of play around a cell, for the small misplacements of segmentation


def ocrb_font_path() -> str | None:
    """The OCR-B font file that ``fonts-ocr-b`` installs, or None."""
    for path in OCRB_FONT_PATHS:
        if Path(path).is_file():
            return path
    return None


@functools.cache
def _templates() -> tuple[str, NDArray[np.float32], float]:
    """Every MRZ character rendered in OCR-B into a cell exactly one pitch wide and
    from the digits' top to the baseline, as the segmenter cuts real cells.

    Rendered from the installed font rather than shipped as pictures, so the glyphs are
    the standard's (ISO 1073-2) and the module stays source only. Each template is
    zero-mean, unit-norm: matching is then a dot product (normalized correlation).
    Also returns the cell's height in pitches, for the segmenter to cut the same shape.
    """
    from PIL import Image as PilImage
    from PIL import ImageDraw, ImageFont

    path = ocrb_font_path()
    if path is None:
        raise RuntimeError("OCR-B не установлен (apt-get install fonts-ocr-b)")
    font = ImageFont.truetype(path, 100)
    pitch = font.getlength("H")
    chars = _WHITELIST
    glyphs = []
    for char in chars:
        canvas = PilImage.new("L", (200, 200), 0)
        ImageDraw.Draw(canvas).text((50, 50), char, font=font, fill=255)
        glyphs.append(np.asarray(canvas, dtype=np.uint8))
    top = int(np.flatnonzero(np.max(np.stack(glyphs), axis=(0, 2)) > 127)[0])
    bottom = int(np.flatnonzero(glyphs[chars.index("H")].max(axis=1) > 127)[-1]) + 1
    width, height = _CELL
    out = np.empty((len(chars), height, width), dtype=np.float32)
    for i, glyph in enumerate(glyphs):
        cell = cv2.resize(glyph[top:bottom, 50:50 + round(pitch)], (width, height),
                          interpolation=cv2.INTER_AREA)
        out[i] = _standardize(_f32(cv2.GaussianBlur(_f32(cell), (3, 3), 0.6)))
    return chars, out, (bottom - top) / pitch


def _standardize(patch: NDArray[np.float32]) -> NDArray[np.float32]:
    centred = patch - patch.mean()
    norm = float(np.linalg.norm(centred))
    return centred / norm if norm > 0 else centred


class OcrbTemplateEngine:
    """Reads OCR-B, the one typeface Doc 9303 allows in an MRZ, by template matching.

    The MRZ is monospaced: once the character pitch of a line is known from its
    glyphs' centres, every cell is cut at ``left + i · pitch``, and each cell is the
    template it correlates best with, allowing a few pixels of play. Fillers,
    which a general text model misreads as K, S or E, are as easy as any other glyph.
    """

    name = "ocrb"

    def read_lines(self, band: Image) -> list[str]:
        chars, templates, aspect = _templates()
        band = _flatten(band)
        ink = _u8(cv2.threshold(cv2.GaussianBlur(band, (3, 3), 0), 0, 255,
                                cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1])
        lines = []
        for top, bottom in _text_rows(ink):
            cells = _cells(band, ink, top, bottom, aspect)
            if cells is None:
                continue
            scores = np.einsum("nhw,khw->nk", _shifts(cells), templates)
            # best over the shifts of each cell: scores has one row per (cell, shift)
            per_cell = scores.reshape(len(cells), -1, len(chars)).max(axis=1)
            lines.append("".join(chars[k] for k in per_cell.argmax(axis=1)))
        return lines


def _cells(band: Image, ink: Image, top: int, bottom: int, aspect: float
           ) -> list[NDArray[np.float32]] | None:
    """Cut one text line into its character cells, each ``aspect`` pitches tall and
    resized so the pitch is ``_CELL[0]`` pixels, with ``_SLACK`` pixels of margin on
    every side."""
    row = ink[top:bottom]
    count, _, stats, centroids = cv2.connectedComponentsWithStats(row, connectivity=8)
    height = bottom - top
    xs = sorted(float(centroids[i][0]) for i in range(1, count)
                if stats[i, cv2.CC_STAT_HEIGHT] >= 0.3 * height
                and stats[i, cv2.CC_STAT_AREA] >= 0.02 * height * height)
    if len(xs) < 10:
        return None
    xs = _merge_close(xs, 0.4 * float(np.median(np.diff(xs))))
    gaps = np.diff(xs)
    pitch = float(np.median(gaps))
    if pitch <= 0:
        return None
    # Indices from neighbour to neighbour: a gap is one pitch, or a few where glyphs
    # were lost, and rounding each gap does not let a small pitch error add up.
    index = np.concatenate(([0.0], np.cumsum(np.maximum(1, np.round(gaps / pitch)))))
    slope, intercept = np.polyfit(index, xs, 1)
    first, last = int(index.min()), int(index.max())
    # The glyphs sit on the baseline; the cell reaches up to the digits' height.
    scale = _CELL[0] / slope
    y0 = bottom - aspect * slope
    margin_x, margin_y = _SLACK / scale, _SLACK * aspect * slope / _CELL[1]
    cells = []
    for i in range(first, last + 1):
        cx = intercept + slope * i
        x0, x1 = cx - slope / 2 - margin_x, cx + slope / 2 + margin_x
        patch = _crop(band, x0, y0 - margin_y, x1, bottom + margin_y)
        size = (_CELL[0] + 2 * _SLACK, _CELL[1] + 2 * _SLACK)
        cells.append(255.0 - _f32(cv2.resize(patch, size, interpolation=cv2.INTER_AREA)))
    return cells


def _merge_close(xs: list[float], distance: float) -> list[float]:
    """One centre per glyph: a glyph broken in two by binarization is merged."""
    merged = [xs[0]]
    for x in xs[1:]:
        if x - merged[-1] < distance:
            merged[-1] = (merged[-1] + x) / 2
        else:
            merged.append(x)
    return merged


def _crop(image: Image, x0: float, y0: float, x1: float, y1: float) -> Image:
    """A sub-pixel crop (so cells stay on the fitted grid), edge pixels repeated outside."""
    width, height = max(1, round(x1 - x0)), max(1, round(y1 - y0))
    matrix = np.array([[1.0, 0.0, -x0], [0.0, 1.0, -y0]], dtype=np.float64)
    return np.asarray(cv2.warpAffine(image, matrix, (width, height), flags=cv2.INTER_LINEAR,
                                     borderMode=cv2.BORDER_REPLICATE), dtype=np.uint8)


def _shifts(cells: list[NDArray[np.float32]]) -> NDArray[np.float32]:
    """Every placement of a template inside each cell with its slack, standardized:
    shape (cells × placements, height, width)."""
    width, height = _CELL
    step = 1
    out = []
    for cell in cells:
        for dy in range(0, 2 * _SLACK + 1, step):
            for dx in range(0, 2 * _SLACK + 1, step):
                out.append(_standardize(cell[dy:dy + height, dx:dx + width]))
    return np.stack(out)


def _fit_length(line: str, length: int) -> list[str]:
    """Ways to bring an OCR line to ``length``: the count of ``<`` in a run of fillers is
    what OCR gets wrong most, so runs are stretched or shrunk (longest run first), then
    the end is trimmed or padded."""
    diff = length - len(line)
    if diff == 0:
        return [line]
    runs = sorted(((m.end() - m.start(), m.start(), m.end())
                   for m in re.finditer(r"<+", line)), reverse=True)
    fits: list[str] = []
    for size, start, end in runs:
        if size + diff >= 1:
            fits.append(line[:start] + "<" * (size + diff) + line[end:])
    fits.append(line[:length] if diff < 0 else line + "<" * diff)
    return fits


def lines_to_mrz(texts: Sequence[str], *, today: date | None = None, correct: bool = True,
                 alphanumeric: bool = False) -> MrzResult | None:
    """The best MRZ that OCR output lines can be made into, or None.

    Keeps the lines that look like MRZ lines (at least 20 characters of the alphabet),
    takes the last two or three, fits each to its format's length and, unless
    ``correct`` is off, lets :func:`correct_mrz` settle confusions. The first candidate
    that validates wins; failing that, the first that parses, so the clerk still sees
    what was read and which check failed.
    """
    cleaned = [re.sub(r"[^A-Z0-9<]", "", normalize_line(t)) for t in texts]
    cleaned = [t for t in cleaned if len(t) >= 20]
    fallback: MrzResult | None = None
    for fmt in _formats_by_fit(cleaned):
        count, length = _SHAPES[fmt]
        if len(cleaned) < count:
            continue
        chosen = cleaned[-count:]
        for candidate in itertools.product(*(_fit_length(line, length) for line in chosen)):
            try:
                result = (correct_mrz(candidate, today=today, alphanumeric=alphanumeric)
                          if correct
                          else parse_mrz(candidate, today=today))
            except MrzError:
                continue
            if result.valid:
                return result
            fallback = fallback or result
    return fallback


def _formats_by_fit(lines: Sequence[str]) -> list[MrzFormat]:
    """Formats ordered by how close the line lengths are to theirs."""
    def distance(fmt: MrzFormat) -> int:
        count, length = _SHAPES[fmt]
        tail = lines[-count:] if len(lines) >= count else lines
        return sum(abs(len(t) - length) for t in tail) + 50 * abs(len(lines) - count)

    return sorted(_SHAPES, key=distance)


def _plausible(result: MrzResult) -> bool:
    """Whether an MRZ that did not validate is still worth showing the clerk: at least
    two check digits hold (a page of ordinary text gets there about one time in twelve,
    an MRZ with one misread character nearly always)."""
    return sum(result.checks.values()) >= 2


def default_engines() -> list[OcrEngine]:
    """The engines ``read_mrz`` tries, in order, that this machine can run."""
    engines: list[OcrEngine] = []
    if ocrb_font_path() is not None:
        engines.append(OcrbTemplateEngine())
    if tesseract_problem() is None:
        engines.append(TesseractEngine())
    return engines


def _from_zone(zone: Any, today: date | None, correct: bool) -> MrzResult | None:
    """The MRZ a zone holds, read the better way up (both when the first fails)."""
    from operator_app.scanning import mrz_ocr

    fmt: MrzFormat = {30: "TD1", 36: "TD2", 44: "TD3"}[zone.cells]  # type: ignore[assignment]
    best: tuple[tuple[int, int, float], MrzResult] | None = None
    for reads, _turned in mrz_ocr.read_zone(zone):
        decoded = mrz_ocr.decode(reads, fmt, repair=correct)
        result = dataclasses.replace(
            parse_mrz(decoded.lines, today=today), corrected=bool(decoded.corrected),
            uncertain=decoded.uncertain,
            confidence=tuple(min(row) for row in decoded.probability),
            char_confidence=decoded.probability, runner_up=decoded.runner_up,
            quad=zone.quad)
        rank = (int(result.valid), sum(result.checks.values()), decoded.score)
        if best is None or rank > best[0]:
            best = rank, result
        if all(result.checks.values()):
            break
    return best[1] if best is not None else None


def read_mrzs(image: Image, *, today: date | None = None, correct: bool = True
              ) -> list[MrzResult]:
    """Every MRZ in an image (two cards side by side, a passport and a permit), each
    once, best read first. Only zones whose reading has at least two check digits
    holding count: a block of ordinary printed text gets there about one time in
    twelve, an MRZ with one misread character nearly always."""
    from operator_app.scanning import mrz_zone

    found: list[MrzResult] = []
    for zone in mrz_zone.find_zones(_gray(image), limit=8):
        result = _from_zone(zone, today, correct)
        if result is None or not _plausible(result):
            continue
        # one zone offered as two formats (a length between 36 and 44 cells), or found
        # twice: the better reading stays
        same = [other for other in found if _overlaps(result.quad, other.quad)]
        if same and all(_rank(other) >= _rank(result) for other in same):
            continue
        found = [other for other in found if other not in same] + [result]
    found.sort(key=_rank, reverse=True)
    return found


def _rank(result: MrzResult) -> tuple[int, int, int, float]:
    """Better readings first: valid, more check digits holding, fewer doubts, surer."""
    sure = (float(np.mean([np.mean(row) for row in result.char_confidence]))
            if result.char_confidence else 0.0)
    return (int(result.valid), sum(result.checks.values()), -len(result.uncertain), sure)


def _overlaps(a: Sequence[tuple[float, float]], b: Sequence[tuple[float, float]]) -> bool:
    if not a or not b:
        return False
    ax, ay = np.mean([p[0] for p in a]), np.mean([p[1] for p in a])
    xs, ys = [p[0] for p in b], [p[1] for p in b]
    return bool(min(xs) <= ax <= max(xs) and min(ys) <= ay <= max(ys))


def _unchecked_uncertain(result: MrzResult) -> MrzResult:
    """An engine without per-character confidence cannot vouch for what no check digit
    covers: every character there is uncertain, for the clerk to compare."""
    from operator_app.scanning.mrz_ocr import field_spans

    doubts = tuple((line, col) for _name, line, start, end, check in field_spans(result.format)
                   if check is None for col in range(start, end))
    return dataclasses.replace(result, uncertain=doubts)


def read_mrz(image: Image, *, engine: OcrEngine | None = None, today: date | None = None,
             correct: bool = True, alphanumeric: bool = False,
             fallback: bool = True) -> MrzResult | None:
    """Find and read the MRZ of a page image (BGR or grayscale ``uint8``).

    Returns the parsed result — check ``.valid``: an MRZ that was found but not read
    cleanly comes back with its failed checks and its ``uncertain`` characters, for the
    clerk to correct by hand — or None when no MRZ was found. Several in one image:
    :func:`read_mrzs`; this returns the best.

    Without ``engine``, the zone finder of :mod:`.mrz_zone` and the character reader of
    :mod:`.mrz_ocr` read it; when they find nothing, the older band locator and the
    engines of :func:`default_engines` are tried. A line-level ``engine`` (Tesseract,
    the bench's others) gives no confidence per character, so what no check digit
    covers comes back uncertain. ``correct`` (check digits choosing among close
    readings) and ``alphanumeric`` are as for :func:`correct_mrz`.

    ``fallback=False``: the zone reader only. A live camera asks so for every frame: the
    older path runs Tesseract in a child process, 1–2 s of wall clock on a frame with no
    MRZ in view, during which the next frames wait.
    """
    gray = _gray(image)
    if engine is None and ocrb_font_path() is not None:
        found = read_mrzs(gray, today=today, correct=correct)
        if found:
            return found[0]
    if not fallback:
        return None
    engines = [engine] if engine is not None else [
        e for e in default_engines() if not isinstance(e, OcrbTemplateEngine)]
    if not engines:
        return None
    best_guess: MrzResult | None = None
    # A band upside down (the passport laid the wrong way on the scanner) reads as
    # garbage; one more try turned round costs little next to asking the clerk. The
    # slow engine runs only after the fast one has failed on every candidate.
    candidates = [turned for band in mrz_bands(gray)
                  for turned in (band, np.ascontiguousarray(band[::-1, ::-1]))]
    for each in engines:
        for candidate in candidates:
            result = lines_to_mrz(each.read_lines(candidate), today=today,
                                  correct=correct, alphanumeric=alphanumeric)
            if result is None:
                continue
            result = _unchecked_uncertain(result)
            if all(result.checks.values()):
                return result
            if best_guess is None and _plausible(result):
                best_guess = result
    return best_guess
