"""The printed documents, read back as the applicant and the desk would read them.

Text is extracted with pypdf; the slip's page is rendered with pdfium and its QR decoded
by the desk's own decoder; glyph boxes prove nothing runs off the paper.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

import numpy as np
import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from operator_app.models.entities import AccountStatus, RepeatReason, VisitState
from operator_app.scanning.decoders import Image, decode_still
from printing.documents import (
    AUTHOR,
    STANDARD_REPEAT_ITEMS,
    CodeSlip,
    RepeatVisitList,
    StatusCertificate,
    VisitRecord,
    code_slip_pdf,
    code_text,
    grouped_code,
    repeat_visit_pdf,
    status_certificate_pdf,
)

MOSCOW = dt.timezone(dt.timedelta(hours=3))
ISSUED = dt.datetime(2026, 3, 16, 11, 42, tzinfo=MOSCOW)
EXPIRES = ISSUED + dt.timedelta(days=7)
CODE = "K7M4PX9RT"
NAME = "Каримов Рустам Алишерович"
LATIN = "KARIMOV RUSTAM"
NUMBER = "2026 0001 2346"
POINT = "ЦО «Тверская», Москва"
ADDRESS = "125009, Москва, ул. Тверская, д. 11"
OPERATOR = "Иван Клерков"


def _long(words: str, length: int = 120) -> str:
    """A name of exactly ``length`` characters, words repeated: nobody's, but possible."""
    text = ""
    while len(text) < length:
        text = f"{text} {words}".strip()
    return text[:length].rstrip() + "я" * (length - len(text[:length].rstrip()))


LONG_NAME = _long("Абдурахмонов-Каримов Рустамжон Алишер угли")
LONG_LATIN = _long("ABDURAKHMONOV-KARIMOV RUSTAMZHON ALISHER UGLI")


def _slip(**changes: object) -> CodeSlip:
    slip = CodeSlip(code=CODE, application_number=NUMBER, applicant_name_cyrillic=NAME,
                    applicant_name_latin=LATIN, service_point_name=POINT,
                    service_point_address=ADDRESS, operator_name=OPERATOR,
                    issued_at=ISSUED, expires_at=EXPIRES)
    return dataclasses.replace(slip, **changes)  # type: ignore[arg-type]


def _repeat(**changes: object) -> RepeatVisitList:
    data = RepeatVisitList(
        applicant_name_cyrillic=NAME, applicant_name_latin=LATIN,
        application_number="202600012346", service_point_name=POINT,
        service_point_address=ADDRESS, operator_name=OPERATOR, visited_at=ISSUED,
        reasons=(RepeatReason.MISSING_DOCUMENTS, RepeatReason.EXTRA_IDENTITY_CHECK),
        items=("Нотариальный перевод паспорта", "Уведомление о прибытии (отрывная часть)",
               "СНИЛС или справка о его отсутствии"),
        free_of_charge=True,
    )
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


def _certificate(visits: int = 2, **changes: object) -> StatusCertificate:
    outcomes = [VisitState.REPEAT_NEEDED, VisitState.CONFIRMED]
    records = tuple(
        VisitRecord(ISSUED - dt.timedelta(days=visits - i), f"ЦО «Тверская», окно {i + 1}",
                    outcomes[i % 2],
                    RepeatReason.DATA_CORRECTION if i % 2 == 0 else None)
        for i in range(visits)
    )
    data = StatusCertificate(
        applicant_name_cyrillic=NAME, applicant_name_latin=LATIN,
        birth_date=dt.date(1991, 7, 23), citizenship="Республика Узбекистан",
        application_number=NUMBER, account_status=AccountStatus.PENDING,
        submitted_at=dt.datetime(2026, 2, 27, 18, 20, tzinfo=MOSCOW), visits=records,
        operator_name=OPERATOR, service_point_name=POINT, service_point_address=ADDRESS,
        issued_at=ISSUED,
    )
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _flat(text: str) -> str:
    """Line breaks from wrapping become single spaces."""
    return " ".join(text.split())


def _local(moment: dt.datetime) -> str:
    return moment.astimezone().strftime("%d.%m.%Y %H:%M")


def _glyphs_outside_page(pdf: bytes) -> list[str]:
    """Characters whose box is not wholly on their page: text that ran off the paper."""
    outside = []
    document = pdfium.PdfDocument(pdf)
    try:
        for page in document:
            width, height = page.get_size()
            text = page.get_textpage()
            for index in range(text.count_chars()):
                left, bottom, right, top = text.get_charbox(index)
                if left < 0 or bottom < 0 or right > width or top > height:
                    outside.append(text.get_text_range(index, 1))
    finally:
        document.close()
    return outside


def _render_gray(pdf: bytes) -> Image:
    """The first page at 216 dpi, as a scanner or a camera would hand it to the desk."""
    document = pdfium.PdfDocument(pdf)
    try:
        return np.ascontiguousarray(document[0].render(scale=3, grayscale=True).to_numpy(),
                                    dtype=np.uint8)
    finally:
        document.close()


# -- the code slip -------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["a4", "receipt80"])
def slip_pdf(request: pytest.FixtureRequest) -> bytes:
    return code_slip_pdf(_slip(), layout=request.param)


def test_slip_says_whose_code_it_is_and_how_to_use_it(slip_pdf: bytes):
    pages = _pages(slip_pdf)
    assert len(pages) == 1
    text = _flat(pages[0])
    for expected in [
        "Код подтверждения учётной записи", "K7M-4PX-9RT", NAME, LATIN, NUMBER, POINT,
        ADDRESS, OPERATOR, f"Действует до {_local(EXPIRES)}", _local(ISSUED),
        "https://www.gosuslugi.ru",
        "Войдите на портал Госуслуг", "Код одноразовый",
        "аннулируют и выдадут новый", "Никому не сообщайте код",
        "Log in to the Gosuslugi portal", "The code works only once",
        "will be revoked and a new one issued", "Never tell the code to anyone",
        "Staff will never ask you for it",
    ]:
        assert expected in text, expected


def test_slip_qr_decodes_to_exactly_the_code(slip_pdf: bytes):
    found = decode_still(_render_gray(slip_pdf))
    assert [code.text for code in found] == [CODE]


def test_slip_page_sizes():
    a4 = PdfReader(io.BytesIO(code_slip_pdf(_slip(), layout="a4"))).pages
    receipt = PdfReader(io.BytesIO(code_slip_pdf(_slip(), layout="receipt80"))).pages
    assert len(a4) == 1
    assert len(receipt) == 1
    assert float(a4[0].mediabox.width) == pytest.approx(210 * mm, abs=0.5)
    assert float(a4[0].mediabox.height) == pytest.approx(297 * mm, abs=0.5)
    assert float(receipt[0].mediabox.width) == pytest.approx(80 * mm, abs=0.5)
    # As long as its content: longer than wide, far shorter than a wasted metre of roll.
    assert 120 * mm < float(receipt[0].mediabox.height) < 400 * mm


def test_receipt_grows_with_a_long_name_and_stays_one_page():
    short = PdfReader(io.BytesIO(code_slip_pdf(_slip(), layout="receipt80"))).pages
    long = PdfReader(io.BytesIO(code_slip_pdf(
        _slip(applicant_name_cyrillic=LONG_NAME, applicant_name_latin=LONG_LATIN),
        layout="receipt80"))).pages
    assert len(long) == 1
    assert float(long[0].mediabox.height) > float(short[0].mediabox.height)


def test_code_given_with_separators_is_printed_grouped_and_encoded_bare():
    pdf = code_slip_pdf(_slip(code="k7m-4px 9rt"), layout="receipt80")
    assert "K7M-4PX-9RT" in _pages(pdf)[0]
    assert [code.text for code in decode_still(_render_gray(pdf))] == [CODE]


def test_code_formatting():
    assert code_text(" K7M-4PX-9RT ") == CODE
    assert grouped_code(CODE) == "K7M-4PX-9RT"
    assert grouped_code("ABCDEFGHJK") == "ABC-DEF-GHJ-K"
    with pytest.raises(ValueError, match="letters and digits"):
        code_text("--")
    with pytest.raises(ValueError, match="letters and digits"):
        code_text("К7М4")  # Cyrillic look-alikes are not our alphabet


def test_slip_keeps_the_code_out_of_repr_and_metadata():
    slip = _slip()
    assert CODE not in repr(slip)
    for layout in ("a4", "receipt80"):
        metadata = PdfReader(io.BytesIO(code_slip_pdf(slip, layout=layout))).metadata
        assert metadata is not None
        assert metadata.title == "Код подтверждения учётной записи"
        assert metadata.author == AUTHOR
        values = " ".join(str(value) for value in metadata.values())
        for private in (CODE, "K7M-4PX-9RT", NAME, LATIN, NUMBER, OPERATOR):
            assert private not in values


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        _slip(issued_at=dt.datetime(2026, 3, 16, 11, 42))


def test_unknown_layout_is_refused():
    with pytest.raises(ValueError, match="unknown slip layout"):
        code_slip_pdf(_slip(), layout="a5")


# -- long names wrap on every document -----------------------------------------------------


@pytest.mark.parametrize("build", [
    lambda: code_slip_pdf(_slip(applicant_name_cyrillic=LONG_NAME,
                                applicant_name_latin=LONG_LATIN), layout="a4"),
    lambda: code_slip_pdf(_slip(applicant_name_cyrillic=LONG_NAME,
                                applicant_name_latin=LONG_LATIN), layout="receipt80"),
    lambda: repeat_visit_pdf(_repeat(applicant_name_cyrillic=LONG_NAME,
                                     applicant_name_latin=LONG_LATIN)),
    lambda: status_certificate_pdf(_certificate(applicant_name_cyrillic=LONG_NAME,
                                                applicant_name_latin=LONG_LATIN)),
], ids=["slip-a4", "slip-receipt", "repeat-list", "certificate"])
def test_a_120_character_name_wraps_and_is_printed_whole(build):
    assert len(LONG_NAME) == len(LONG_LATIN) == 120
    pdf = build()
    pages = _pages(pdf)
    assert len(pages) == 1
    assert LONG_NAME in _flat(pages[0])
    assert LONG_LATIN in _flat(pages[0])
    assert not any(LONG_NAME in line for line in pages[0].splitlines()), "not wrapped"
    assert _glyphs_outside_page(pdf) == []


def test_markup_characters_in_names_are_printed_as_typed():
    pdf = repeat_visit_pdf(_repeat(applicant_name_latin="KARIMOV<<RUSTAM",
                                   service_point_name="МФЦ «Дом & Сад»"))
    text = _flat(_pages(pdf)[0])
    assert "KARIMOV<<RUSTAM" in text
    assert "МФЦ «Дом & Сад»" in text


# -- what to bring next time ---------------------------------------------------------------


def test_repeat_list_names_the_reasons_and_every_item():
    data = _repeat()
    pdf = repeat_visit_pdf(data)
    pages = _pages(pdf)
    assert len(pages) == 1
    text = _flat(pages[0])
    for expected in [
        "Что принести на повторный визит", NAME, LATIN, NUMBER, POINT, ADDRESS, OPERATOR,
        _local(ISSUED), "Не хватает документов",
        "Требуется дополнительное подтверждение личности", "Documents are missing",
        *data.items, "Повторный визит бесплатный", "Free of charge",
    ]:
        assert expected in text, expected
    assert "Нужно исправить данные" not in text
    # Exactly the lines the clerk confirmed: no standard list added, no refusal cited.
    assert not any(item in text for item in STANDARD_REPEAT_ITEMS)
    assert "отказ" not in text.lower()
    assert re.search(r"1\.\s*☐\s*Нотариальный перевод паспорта", pages[0])
    assert re.search(r"3\.\s*☐\s*СНИЛС или справка", pages[0])
    metadata = PdfReader(io.BytesIO(pdf)).metadata
    assert metadata is not None
    assert metadata.title == "Что принести на повторный визит"
    assert NAME not in " ".join(str(value) for value in metadata.values())


@pytest.mark.parametrize(("reason", "title"), [
    (RepeatReason.MISSING_DOCUMENTS, "Не хватает документов"),
    (RepeatReason.DATA_CORRECTION, "Нужно исправить данные"),
    (RepeatReason.STATUS_CERTIFICATE, "Нужна справка о статусе регистрации"),
    (RepeatReason.EXTRA_IDENTITY_CHECK, "Требуется дополнительное подтверждение личности"),
])
def test_every_repeat_reason_has_its_title(reason: RepeatReason, title: str):
    text = _flat(_pages(repeat_visit_pdf(_repeat(reasons=(reason,), free_of_charge=False)))[0])
    assert title in text
    assert "Повторный визит бесплатный" not in text
    assert "на общих условиях" in text


def test_repeat_list_without_a_recorded_reason_still_prints():
    # A first visit can end as "repeat needed" before a reason is recorded.
    text = _flat(_pages(repeat_visit_pdf(_repeat(reasons=(), items=())))[0])
    assert "Почему нужен повторный визит" not in text
    for item in STANDARD_REPEAT_ITEMS:
        assert item in text


# -- status certificate --------------------------------------------------------------------


def test_certificate_states_the_status_and_the_visits():
    pdf = status_certificate_pdf(_certificate())
    pages = _pages(pdf)
    assert len(pages) == 1
    text = _flat(pages[0])
    for expected in [
        "Справка о статусе регистрации", NAME, LATIN, "23.07.1991", "Республика Узбекистан",
        NUMBER, "27.02.2026", "в ожидании подтверждения", "Дата и время", "Результат",
        "повторный визит: нужно исправить данные", "личность подтверждена",
        OPERATOR, POINT, ADDRESS, ISSUED.astimezone().strftime("%d.%m.%Y"), "Подпись",
        "М. П.",
    ]:
        assert expected in text, expected
    metadata = PdfReader(io.BytesIO(pdf)).metadata
    assert metadata is not None
    assert metadata.title == "Справка о статусе регистрации"


@pytest.mark.parametrize(("status", "title"), [
    (AccountStatus.PENDING, "в ожидании подтверждения"),
    (AccountStatus.ACTIVE, "активна (подтверждена)"),
    (AccountStatus.BLOCKED, "заблокирована"),
])
def test_certificate_status_titles(status: AccountStatus, title: str):
    assert title in _pages(status_certificate_pdf(_certificate(account_status=status)))[0]


def test_certificate_with_60_visits_continues_with_the_header_repeated():
    pdf = status_certificate_pdf(_certificate(visits=60))
    pages = _pages(pdf)
    assert len(pages) == 2
    for page in pages:
        assert "Дата и время" in page
        assert "Место обслуживания" in page
        assert "Результат" in page
    rows = [int(n) for page in pages
            for n in re.findall(r"^(\d{1,2})\n\d\d\.\d\d\.\d{4} \d\d:\d\d$", page, flags=re.M)]
    assert sorted(rows) == list(range(1, 61))
    assert "Подпись" in pages[1]  # the signature stays after the last row
    assert _glyphs_outside_page(pdf) == []


def test_certificate_without_visits_says_so():
    assert "Визитов не было" in _pages(status_certificate_pdf(_certificate(visits=0)))[0]
