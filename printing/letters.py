"""Post letters with confirmation codes, and the batch register that goes with them.

``letters_pdf``: one A4 page per letter — the tracking number as a Code 128 barcode with
its digits beneath (the post office scans it in, the counter scans it out), whom it is
for and where to collect it, the code in large type, and how to use it in Russian and
English. ``register_pdf`` / ``register_csv``: the batch's list for handing the letters to
the post (tracking number, addressee, application, office) — never the codes.
``reconciliation_pdf``: a post office's shift reconciliation, to sign.

Same look and fonts as the desk's papers (``printing.documents``). The codes are never
put into PDF metadata, and the CSV is written with a BOM and ";" between fields, which
is what a Russian-locale spreadsheet opens in columns.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from pathlib import Path

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepInFrame,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from operator_app.services.letters import LetterRow
from operator_app.services.post import Batch, ProducedLetter, Reconciliation
from printing.documents import (
    _A4_MARGIN,
    _A4_MARGINS,
    _GREY,
    _RULE,
    _SHADE,
    DEFAULT_PORTAL_URL,
    _application_number,
    _continued,
    _date,
    _date_time,
    _details_table,
    _numbered,
    _pdf,
    _section,
    _Styles,
    _styles,
    _x,
    grouped_code,
)
from printing.fonts import MONO, REGULAR, register_fonts

LETTER_TITLE = "Код подтверждения учётной записи Госуслуг"
REGISTER_TITLE = "Реестр писем с кодами подтверждения"
# 0.42 mm modules: 2.5 px at the 150 dpi a PDF page is decoded at, well inside what
# a post office's hand scanner reads; 16 mm of bar height survives a skewed scan.
BAR_MODULE = 0.42 * mm
BAR_HEIGHT = 16 * mm


def grouped_tracking_number(number: str) -> str:
    """``10100003000017`` → ``101000 03 00001 7``: index, month, serial, check digit."""
    if len(number) != 14:
        return number
    return f"{number[:6]} {number[6:8]} {number[8:13]} {number[13]}"


class _TrackingBarcode(Flowable):
    """The Code 128 symbol (with its quiet zones) and the digits under it, centred."""

    def __init__(self, number: str) -> None:
        super().__init__()
        self.number = number
        self.barcode = Code128(number, barWidth=BAR_MODULE, barHeight=BAR_HEIGHT,
                               humanReadable=False, quiet=True)
        self.text_size = 11.0
        self.hAlign = "CENTER"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.barcode.width, self.barcode.height + self.text_size * 1.6

    def draw(self) -> None:
        text_height = self.text_size * 1.6
        self.barcode.drawOn(self.canv, 0, text_height)
        self.canv.setFont(MONO, self.text_size)
        self.canv.drawCentredString(self.barcode.width / 2, self.text_size * 0.4,
                                    grouped_tracking_number(self.number))


def _instructions(letter: ProducedLetter, styles: _Styles, width: float,
                  portal_url: str) -> list[Flowable]:
    until = _date_time(letter.expires_at)
    russian = [
        f"Войдите на портал Госуслуг ({portal_url}) со своим логином и паролем.",
        "Откройте подтверждение учётной записи и выберите «Ввести код подтверждения».",
        f"Введите код из этого письма до {until}. Дефисы вводить не нужно.",
        "Код одноразовый: после ввода он больше не действует. Если срок истёк или код "
        "утерян, обратитесь в центр обслуживания с паспортом за новым кодом.",
    ]
    english = [
        f"Log in to the Gosuslugi portal ({portal_url}) with your login and password.",
        "Open the account confirmation page and choose “Enter confirmation code”.",
        f"Enter the code from this letter before {until}. Do not type the dashes.",
        "The code works only once. If it has expired or is lost, bring your passport to a "
        "service center for a new code.",
    ]
    return [
        *_section("Как подтвердить учётную запись", "How to confirm your account", styles),
        Spacer(0, 1 * mm),
        _numbered(russian, styles, width, boxes=False),
        Spacer(0, 2 * mm),
        _numbered(english, styles, width, boxes=False, style=styles.english),
    ]


def _warning(styles: _Styles, width: float) -> Table:
    text = Paragraph(
        "Никому не сообщайте код — ни сотрудникам почты, ни сотрудникам портала: они "
        "никогда его не спрашивают.<br/>"
        f'<font name="{REGULAR}" size="{styles.english.fontSize:g}">Never tell the code to '
        "anyone — post office or portal staff will never ask you for it.</font>",
        styles.strong)
    box = Table([[text]], colWidths=[width])
    box.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
        ("BACKGROUND", (0, 0), (-1, -1), _SHADE),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]))
    box.spaceBefore = 10
    return box


def _code_panel(letter: ProducedLetter, styles: _Styles, width: float) -> Table:
    centred = ParagraphStyle("centred", parent=styles.small, alignment=TA_CENTER)
    centred_en = ParagraphStyle("centred_en", parent=styles.english, alignment=TA_CENTER)
    until = _date_time(letter.expires_at)
    cells: list[Flowable] = [
        Paragraph("Ваш код подтверждения", centred),
        Paragraph("Your confirmation code", centred_en),
        Spacer(0, 2 * mm),
        Paragraph(grouped_code(letter.code), styles.code),
        Spacer(0, 2 * mm),
        Paragraph(f"<b>Действует до {until}</b> · одноразовый", centred),
        Paragraph(f"Valid until {until} · single use", centred_en),
    ]
    panel = Table([[cells]], colWidths=[width])
    panel.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 1.5, colors.black),
        ("TOPPADDING", (0, 0), (-1, -1), 3 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
    ]))
    return panel


def _letter_page(letter: ProducedLetter, styles: _Styles, width: float,
                 portal_url: str) -> Flowable:
    office = ", ".join(part for part in (letter.office_index, letter.office_name,
                                         letter.office_address) if part)
    addressee = f"<b>{_x(letter.addressee_cyrillic)}</b><br/>" if letter.addressee_cyrillic \
        else ""
    details = [
        ("Кому", "To", Paragraph(addressee + _x(letter.addressee_latin), styles.body)),
        ("Адрес", "Address",
         Paragraph(_x(letter.addressee_address) or "—", styles.body)),
        ("Получение", "Collect at", Paragraph(_x(office), styles.body)),
        ("Номер заявления", "Application No.",
         Paragraph(_x(_application_number(letter.application_number)), styles.body)),
        ("Почтовое отправление", "Tracking No.",
         Paragraph(grouped_tracking_number(letter.tracking_number), styles.body)),
    ]
    story: list[Flowable] = [
        _TrackingBarcode(letter.tracking_number),
        Spacer(0, 5 * mm),
        Paragraph(LETTER_TITLE, styles.title),
        Paragraph("Gosuslugi account confirmation code", styles.english_title),
        _details_table(details, styles, width, label_width=46 * mm),
        Spacer(0, 6 * mm),
        _code_panel(letter, styles, width),
        *_instructions(letter, styles, width, portal_url),
        _warning(styles, width),
    ]
    # One sheet per letter whatever the names: shrink rather than spill onto the next.
    return KeepInFrame(width, A4[1] - 2 * _A4_MARGIN, story, mode="shrink")


def _write(data: bytes, path: str | Path | None) -> bytes:
    if path is not None:
        Path(path).write_bytes(data)
    return data


def letters_pdf(letters: Sequence[ProducedLetter], path: str | Path | None = None, *,
                portal_url: str = DEFAULT_PORTAL_URL) -> bytes:
    """The batch's letters, one per A4 page, in the order given; written to ``path`` if
    given. The PDF holds clear codes: it is printed, never stored."""
    if not letters:
        raise ValueError("no letters to print")
    register_fonts()
    styles = _styles(10, muted=_GREY, code_size=32)
    width = A4[0] - 2 * _A4_MARGIN
    story: list[Flowable] = []
    for index, letter in enumerate(letters):
        if index:
            story.append(PageBreak())
        story.append(_letter_page(letter, styles, width, portal_url.strip()))
    data = _pdf(story, pagesize=A4, margins=_A4_MARGINS, title=LETTER_TITLE,
                subject="Госуслуги: письма с кодами подтверждения")
    return _write(data, path)


# -- the register -------------------------------------------------------------------------

REGISTER_COLUMNS = ("№", "Почтовое отправление", "Номер заявления", "Адресат (латиницей)",
                    "Адресат (кириллицей)", "Индекс ОПС", "Отделение")


def _register_rows(batch: Batch) -> list[tuple[str, ...]]:
    return [
        (str(number), letter.tracking_number, letter.application_number,
         letter.addressee_latin, letter.addressee_cyrillic, letter.office_index,
         letter.office_name)
        for number, letter in enumerate(batch.letters, start=1)
    ]


def register_csv(batch: Batch, path: str | Path | None = None) -> bytes:
    """The register as CSV (UTF-8 with BOM, ";"): one line a letter, no codes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(REGISTER_COLUMNS)
    writer.writerows(_register_rows(batch))
    return _write(buffer.getvalue().encode("utf-8-sig"), path)


def register_pdf(batch: Batch, path: str | Path | None = None) -> bytes:
    """The register as an A4 list with room for the signatures of who handed the letters
    over and who accepted them."""
    register_fonts()
    styles = _styles(9, muted=_GREY)
    width = A4[0] - 2 * _A4_MARGIN
    cell = ParagraphStyle("cell", parent=styles.small)
    header = [Paragraph(f"<b>{_x(title)}</b>", cell)
              for title in ("№", "Отправление", "Заявление", "Адресат", "Отделение")]
    rows: list[list[Flowable | str]] = [list(header)]
    for number, letter in enumerate(batch.letters, start=1):
        name = _x(letter.addressee_latin)
        if letter.addressee_cyrillic:
            name += f"<br/>{_x(letter.addressee_cyrillic)}"
        rows.append([
            Paragraph(str(number), cell),
            Paragraph(f'<font name="{MONO}">{letter.tracking_number}</font>', cell),
            Paragraph(_x(_application_number(letter.application_number)), cell),
            Paragraph(name, cell),
            Paragraph(_x(f"{letter.office_index} {letter.office_name}"), cell),
        ])
    widths = [10 * mm, 34 * mm, 30 * mm]
    widths += [(width - sum(widths)) * 0.55, (width - sum(widths)) * 0.45]
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, _RULE),
        ("BACKGROUND", (0, 0), (-1, 0), _SHADE),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]))
    batch_name = f"Пакет № {batch.id}" if batch.id is not None else "Пакет"
    story: list[Flowable] = [
        Paragraph(REGISTER_TITLE, styles.title),
        Paragraph("Register of letters with confirmation codes", styles.english_title),
        Paragraph(f"{batch_name} от {_date(batch.created_at)}. Отправитель: "
                  f"{_x(batch.sender_name)}; номера отправлений по индексу "
                  f"{_x(batch.sender_index)}. Отделение получения: {_x(batch.office_index)} "
                  f"{_x(batch.office_name)}. Писем: {len(batch.letters)}.", styles.body),
        Spacer(0, 4 * mm),
        table,
        Spacer(0, 12 * mm),
        Paragraph("Сдал: ____________________ / ____________________ &nbsp;&nbsp;&nbsp; "
                  "Принял: ____________________ / ____________________", styles.body),
    ]
    data = _pdf(story, pagesize=A4, margins=_A4_MARGINS, title=REGISTER_TITLE,
                subject="Госуслуги: реестр писем с кодами",
                later_pages=_continued(REGISTER_TITLE, batch_name, page_number=True))
    return _write(data, path)


# -- the shift reconciliation -------------------------------------------------------------

RECONCILIATION_TITLE = "Сверка смены: письма с кодами"


def _letter_table(rows: Sequence[LetterRow], styles: _Styles, width: float, *,
                  last: tuple[str, Callable[[LetterRow], str]]) -> Flowable:
    if not rows:
        return Paragraph("— нет —", styles.small)
    cell = ParagraphStyle("cell", parent=styles.small)
    titles = ("№", "Отправление", "Адресат", "Заявление", "Поступило", last[0])
    data: list[list[Flowable]] = [[Paragraph(f"<b>{_x(t)}</b>", cell) for t in titles]]
    for number, row in enumerate(rows, start=1):
        name = _x(row.addressee_cyrillic or row.addressee)
        data.append([
            Paragraph(str(number), cell),
            Paragraph(f'<font name="{MONO}">{row.tracking_number}</font>', cell),
            Paragraph(name, cell),
            Paragraph(_x(_application_number(row.application_number)), cell),
            Paragraph(_date(row.arrived_at) if row.arrived_at else "—", cell),
            Paragraph(_x(last[1](row)), cell),
        ])
    widths = [9 * mm, 32 * mm, 0.0, 27 * mm, 20 * mm, 24 * mm]
    widths[2] = width - sum(widths)
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, _RULE),
        ("BACKGROUND", (0, 0), (-1, 0), _SHADE),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def reconciliation_pdf(rec: Reconciliation, path: str | Path | None = None) -> bytes:
    """The shift reconciliation of a post office for one day: counts first, then each
    list, and a line for the signature of who reconciled."""
    register_fonts()
    styles = _styles(9, muted=_GREY)
    width = A4[0] - 2 * _A4_MARGIN

    def due(row: LetterRow) -> str:
        return _date(row.return_due_at) if row.return_due_at else "—"

    def handed(row: LetterRow) -> str:
        return _date_time(row.handed_over_at) if row.handed_over_at else "—"

    sections: list[tuple[str, str, Sequence[LetterRow], tuple[str, Callable[[LetterRow], str]]]] = [
        ("Поступило за день", "Received", rec.received, ("Хранить до", due)),
        ("Вручено за день", "Handed over", rec.handed_over, ("Вручено", handed)),
        ("Возвращено за день", "Returned", rec.returned, ("Хранить до", due)),
        ("На хранении на конец дня", "Held at the end of the day", rec.held,
         ("Хранить до", due)),
        (f"Подлежит возврату (срок истёк или истекает в ближайшие {rec.due_within_days} дн.)",
         "Due for return", rec.due_for_return, ("Хранить до", due)),
    ]
    summary = Table([[Paragraph(title, styles.body), Paragraph(f"<b>{len(rows)}</b>", styles.body)]
                     for title, _, rows, _ in sections], colWidths=[width - 25 * mm, 25 * mm],
                    hAlign="LEFT")
    summary.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.4, _RULE),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story: list[Flowable] = [
        Paragraph(RECONCILIATION_TITLE, styles.title),
        Paragraph("Shift reconciliation: letters with confirmation codes", styles.english_title),
        Paragraph(f"{_x(rec.office_index)} {_x(rec.office_name)} · {rec.day:%d.%m.%Y} · срок "
                  f"хранения {rec.storage_days} дн.", styles.body),
        Spacer(0, 3 * mm),
        summary,
    ]
    for title, english, rows, last in sections:
        story += [*_section(title, english, styles), Spacer(0, 1 * mm),
                  _letter_table(rows, styles, width, last=last)]
    story += [Spacer(0, 10 * mm),
              Paragraph("Сверку провёл(а): ____________________ / ____________________",
                        styles.body)]
    data = _pdf(story, pagesize=A4, margins=_A4_MARGINS, title=RECONCILIATION_TITLE,
                subject="Почта: сверка смены",
                later_pages=_continued(RECONCILIATION_TITLE,
                                       f"{rec.office_index} · {rec.day:%d.%m.%Y}",
                                       page_number=True))
    return _write(data, path)
