"""The printed documents of a visit: the code slip, the repeat-visit list, the status certificate.

Pure functions from small frozen dataclasses to PDF bytes — no database, no Qt — so the
desk, the command line and the tests print the very same pages, and a test can read a
page back (text, QR) instead of trusting that some bytes came out.

What the applicant reads is Russian, with a short English line per section: many
applicants read Latin script more easily than Cyrillic. Cyrillic comes from the DejaVu
fonts shipped in ``resources/fonts`` (reportlab's built-in fonts have none). Everything
the caller passes goes through ``Paragraph`` with wrapping, so a 120-character name
breaks over lines instead of running off the paper.

The activation code is never logged and never put into PDF metadata; ``CodeSlip`` hides
it from its ``repr`` so a stray ``log.debug(slip)`` cannot leak it either. The metadata
carries the document's title and the program as author — no personal data.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepInFrame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from operator_app.models.entities import AccountStatus, RepeatReason, VisitState
from printing.fonts import BOLD, MONO, REGULAR, register_fonts
from printing.qr import draw_qr, qr_matrix

__all__ = [
    "ACCOUNT_STATUS_TITLES",
    "AUTHOR",
    "DEFAULT_PORTAL_URL",
    "RECEIPT_WIDTH",
    "REPEAT_REASON_TITLES",
    "STANDARD_REPEAT_ITEMS",
    "VISIT_OUTCOME_TITLES",
    "CodeSlip",
    "RepeatVisitList",
    "StatusCertificate",
    "VisitRecord",
    "code_slip_pdf",
    "code_text",
    "grouped_code",
    "repeat_visit_pdf",
    "status_certificate_pdf",
]

DEFAULT_PORTAL_URL = "https://www.gosuslugi.ru"
# PDF /Author: the program, not the operator — metadata travels with a file unseen.
AUTHOR = "Operator Desk"

# 80 mm thermal rolls print about 72 mm: 4 mm of margin on each side.
RECEIPT_WIDTH = 80 * mm
_RECEIPT_MARGIN = 4 * mm
# Room under the last line for the printer's tear bar or cutter.
_RECEIPT_TAIL = 8 * mm
_A4_MARGIN = 20 * mm
_A4_MARGINS = (_A4_MARGIN, _A4_MARGIN, _A4_MARGIN)

REPEAT_REASON_TITLES: dict[RepeatReason, str] = {
    RepeatReason.MISSING_DOCUMENTS: "Не хватает документов",
    RepeatReason.DATA_CORRECTION: "Нужно исправить данные",
    RepeatReason.STATUS_CERTIFICATE: "Нужна справка о статусе регистрации",
    RepeatReason.EXTRA_IDENTITY_CHECK: "Требуется дополнительное подтверждение личности",
}
_REPEAT_REASON_ENGLISH: dict[RepeatReason, str] = {
    RepeatReason.MISSING_DOCUMENTS: "Documents are missing",
    RepeatReason.DATA_CORRECTION: "Your data needs correcting",
    RepeatReason.STATUS_CERTIFICATE: "A certificate of registration status is needed",
    RepeatReason.EXTRA_IDENTITY_CHECK: "An additional identity check is required",
}

ACCOUNT_STATUS_TITLES: dict[AccountStatus, str] = {
    AccountStatus.PENDING: "в ожидании подтверждения",
    AccountStatus.ACTIVE: "активна (подтверждена)",
    AccountStatus.BLOCKED: "заблокирована",
}

VISIT_OUTCOME_TITLES: dict[VisitState, str] = {
    VisitState.OPENED: "визит не завершён",
    VisitState.DOCUMENTS_CHECKED: "документы проверены, решения нет",
    VisitState.DATA_CORRECTED: "данные исправлены, решения нет",
    VisitState.CONFIRMED: "личность подтверждена",
    VisitState.REPEAT_NEEDED: "нужен повторный визит",
    VisitState.REFUSED: "отказ в подтверждении",
    VisitState.CANCELLED: "визит отменён",
}

# DOMAIN.md, "Reasons for a repeat visit": what to bring whatever the reason was. Printed
# only when a visit recorded no list of its own; no line points to a refusal, since a
# visit that asks for another one has refused nothing.
STANDARD_REPEAT_ITEMS: tuple[str, ...] = (
    "Документ, удостоверяющий личность, с визой или вид на жительство (ВНЖ)",
    "Копию первого заявления",
    "Справку миграционной службы о пребывании — если её запрашивали",
)


# -- the data ---------------------------------------------------------------------------


def _require_aware(name: str, moment: dt.datetime) -> None:
    # A naive datetime would be taken as the desk's local time by astimezone(): a UTC
    # value from the database would then print hours off, silently.
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")


@dataclass(frozen=True)
class CodeSlip:
    """What the slip for an issued activation code shows.

    ``code`` may be given with or without separators; it is excluded from ``repr`` so
    the code cannot end up in a log by accident.
    """

    code: str = field(repr=False)
    application_number: str
    applicant_name_cyrillic: str
    applicant_name_latin: str
    service_point_name: str
    service_point_address: str
    operator_name: str
    issued_at: dt.datetime
    expires_at: dt.datetime
    portal_url: str = DEFAULT_PORTAL_URL

    def __post_init__(self) -> None:
        code_text(self.code)  # fail at construction, not halfway through printing
        _require_aware("issued_at", self.issued_at)
        _require_aware("expires_at", self.expires_at)


@dataclass(frozen=True)
class RepeatVisitList:
    """A visit that ended as "repeat visit needed": why, and what to bring next time.

    ``items`` are printed exactly as given, in order: they are the lines the clerk saw and
    confirmed at the desk, and nothing the clerk did not see is added to them. Only a
    visit with no list of its own gets the standard one (``STANDARD_REPEAT_ITEMS``).
    ``reasons`` may be empty — a first visit can end as "repeat needed" before any reason
    is recorded — and the list then goes without its "why" section rather than fail at
    the desk.
    """

    applicant_name_cyrillic: str
    applicant_name_latin: str
    application_number: str
    service_point_name: str
    service_point_address: str
    operator_name: str
    visited_at: dt.datetime
    reasons: tuple[RepeatReason, ...]
    items: tuple[str, ...]
    free_of_charge: bool

    def __post_init__(self) -> None:
        _require_aware("visited_at", self.visited_at)


@dataclass(frozen=True)
class VisitRecord:
    """One row of the certificate's visit table."""

    visited_at: dt.datetime
    service_point_name: str
    outcome: VisitState
    # Printed after "нужен повторный визит" so the row says why.
    repeat_reason: RepeatReason | None = None

    def __post_init__(self) -> None:
        _require_aware("visited_at", self.visited_at)


@dataclass(frozen=True)
class StatusCertificate:
    """What "Справка о статусе регистрации" states, and who issued it."""

    applicant_name_cyrillic: str
    applicant_name_latin: str
    birth_date: dt.date
    citizenship: str  # as printed, e.g. "Республика Узбекистан"
    application_number: str
    account_status: AccountStatus
    submitted_at: dt.datetime
    visits: tuple[VisitRecord, ...]
    operator_name: str
    service_point_name: str
    service_point_address: str
    issued_at: dt.datetime

    def __post_init__(self) -> None:
        _require_aware("submitted_at", self.submitted_at)
        _require_aware("issued_at", self.issued_at)


# -- formatting -------------------------------------------------------------------------

_CODE_SEPARATORS = re.compile(r"[\s\-‐‑–—_.]")
_CODE_GROUP = 3


def code_text(code: str) -> str:
    """The code as the portal takes it and the QR carries it: no separators, upper case."""
    text = _CODE_SEPARATORS.sub("", code).upper()
    if not text or not text.isascii() or not text.isalnum():
        raise ValueError("a confirmation code is letters and digits")
    return text


def grouped_code(code: str) -> str:
    """``K7M4PX9RT`` → ``K7M-4PX-9RT``: groups of three are easy to read aloud and check."""
    text = code_text(code)
    return "-".join(text[i : i + _CODE_GROUP] for i in range(0, len(text), _CODE_GROUP))


def _application_number(number: str) -> str:
    """Digits in groups of four, as the portal prints them; anything else as given."""
    digits = re.sub(r"\s", "", number)
    if digits.isdigit():
        return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))
    return number.strip()


def _date_time(moment: dt.datetime) -> str:
    """The desk's local time: what the applicant's own clock shows."""
    return moment.astimezone().strftime("%d.%m.%Y %H:%M")


def _date(moment: dt.date | dt.datetime) -> str:
    if isinstance(moment, dt.datetime):
        moment = moment.astimezone()
    return moment.strftime("%d.%m.%Y")


def _x(text: str) -> str:
    """Caller's text made safe for Paragraph markup ("<" in a Latin MRZ name, "&" in a
    service point's name would otherwise break or vanish)."""
    return escape(text.strip())


# -- styles -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Styles:
    title: ParagraphStyle
    english_title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    strong: ParagraphStyle
    english: ParagraphStyle
    code: ParagraphStyle
    small: ParagraphStyle
    muted: colors.Color


def _styles(size: float, *, muted: colors.Color, code_size: float = 0) -> _Styles:
    """One set of styles scaled from the body size: A4 uses 10 pt, the receipt 8 pt."""
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=size, leading=size * 1.25,
                          alignment=TA_LEFT)
    return _Styles(
        title=ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=size * 1.7,
                             leading=size * 2.05, alignment=TA_CENTER),
        english_title=ParagraphStyle("english_title", parent=body, textColor=muted,
                                     alignment=TA_CENTER, spaceAfter=size * 0.8),
        heading=ParagraphStyle("heading", parent=body, fontName=BOLD, fontSize=size * 1.15,
                               leading=size * 1.45, spaceBefore=size * 1.0),
        body=body,
        strong=ParagraphStyle("strong", parent=body, fontName=BOLD),
        english=ParagraphStyle("english", parent=body, fontSize=size * 0.88,
                               leading=size * 1.1, textColor=muted),
        code=ParagraphStyle("code", parent=body, fontName=MONO, fontSize=code_size or size,
                            leading=(code_size or size) * 1.2, alignment=TA_CENTER),
        small=ParagraphStyle("small", parent=body, fontSize=size * 0.88, leading=size * 1.1),
        muted=muted,
    )


_GREY = colors.HexColor("#4a4a4a")
_RULE = colors.HexColor("#9a9a9a")
_SHADE = colors.HexColor("#eeeeee")


def _bilingual(russian: str, english: str, styles: _Styles) -> Paragraph:
    """A label: Russian first, the English beneath it, grey."""
    return Paragraph(f'{russian}<br/><font color="{styles.muted.hexval()}">{english}</font>',
                     styles.small)


def _section(russian: str, english: str, styles: _Styles) -> list[Flowable]:
    return [Paragraph(russian, styles.heading), Paragraph(english, styles.english)]


def _details_table(rows: Sequence[tuple[str, str, Flowable | list[Flowable]]],
                   styles: _Styles, width: float, *, label_width: float) -> Table:
    """Label / value rows (labels bilingual) with thin rules: easy to find a line in."""
    data = [[_bilingual(ru, en, styles), value] for ru, en, value in rows]
    table = Table(data, colWidths=[label_width, width - label_width], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, _RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (0, -1), 6),
        ("RIGHTPADDING", (1, 0), (1, -1), 0),
    ]))
    return table


def _numbered(items: Iterable[str], styles: _Styles, width: float, *, boxes: bool,
              style: ParagraphStyle | None = None) -> Table:
    """A numbered list; with ``boxes`` a square to tick for each item, so the applicant
    can pack the papers against it."""
    text = style or styles.body
    number_width = styles.body.fontSize * 2.2
    box_width = styles.body.fontSize * 1.8 if boxes else 0
    rows = []
    for index, item in enumerate(items, start=1):
        row: list[Any] = [Paragraph(f"{index}.", text)]
        if boxes:
            row.append(Paragraph("☐", text))
        row.append(Paragraph(_x(item), text))
        rows.append(row)
    widths = [number_width] + ([box_width] if boxes else []) + [
        width - number_width - box_width]
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]))
    return table


class _QrCode(Flowable):
    """A vector QR with its quiet zone: the four modules of white a reader needs to find
    the symbol, which ``draw_qr`` leaves to the caller."""

    def __init__(self, payload: str, size: float) -> None:
        super().__init__()
        self.payload = payload
        self.size = size
        self.quiet = size * 4 / len(qr_matrix(payload))
        self.hAlign = "CENTER"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        side = self.size + 2 * self.quiet
        return side, side

    def draw(self) -> None:
        draw_qr(self.canv, self.payload, self.quiet, self.quiet, self.size)


# -- building ---------------------------------------------------------------------------

PageDecoration = Callable[[Canvas, Any], None]


def _pdf(story: list[Flowable], *, pagesize: tuple[float, float],
         margins: tuple[float, float, float], title: str, subject: str,
         later_pages: PageDecoration | None = None) -> bytes:
    """Lay the story out in one frame per page (no frame padding, so the width a
    caller measured against is the width it gets) and return the PDF.

    ``margins`` are side, top, bottom."""
    buffer = io.BytesIO()
    side, top, bottom = margins
    width, height = pagesize

    def frame(name: str) -> Frame:
        return Frame(side, bottom, width - 2 * side, height - top - bottom, id=name,
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    doc = BaseDocTemplate(buffer, pagesize=pagesize, title=title, author=AUTHOR,
                          subject=subject, creator=AUTHOR, pageCompression=1,
                          leftMargin=side, rightMargin=side, topMargin=top,
                          bottomMargin=bottom)
    doc.addPageTemplates([
        PageTemplate(id="first", frames=[frame("first")], autoNextPageTemplate="later"),
        PageTemplate(id="later", frames=[frame("later")],
                     **({"onPage": later_pages} if later_pages is not None else {})),
    ])
    doc.build(story)
    return buffer.getvalue()


def _story_height(story: Sequence[Flowable], width: float) -> float:
    """Height the story needs in a frame ``width`` wide. Space before and after every
    flowable is counted in full: the frame collapses some of it, so this is an upper
    bound and the receipt's single page always holds it."""
    total = 0.0
    for flowable in story:
        _, height = flowable.wrap(width, 100_000)
        total += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def _continued(title: str, what: str, *, page_number: bool = False) -> PageDecoration:
    """Header of a continuation page: which document (and what in it: an application,
    a batch) the sheet is from, should the pages get separated."""

    def draw(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(REGULAR, 8)
        canvas.setFillColor(_GREY)
        text = f"{title} · {what} · продолжение"
        if page_number:
            text += f", стр. {doc.page}"
        canvas.drawString(doc.leftMargin, doc.pagesize[1] - doc.topMargin + 6 * mm, text)
        canvas.restoreState()

    return draw


# -- 1. the code slip -------------------------------------------------------------------

_SLIP_TITLE = "Код подтверждения учётной записи"


def _slip_instructions(slip: CodeSlip, styles: _Styles, width: float) -> list[Flowable]:
    # _numbered escapes each item itself.
    url = slip.portal_url.strip()
    until = _date_time(slip.expires_at)
    russian = [
        f"Войдите на портал Госуслуг ({url}) со своим логином и паролем.",
        f"Введите этот код при подтверждении учётной записи до {until}.",
        "Код одноразовый: после ввода он больше не действует.",
        "Если код потерян, приходите снова в центр обслуживания с паспортом: этот код "
        "аннулируют и выдадут новый.",
    ]
    english = [
        f"Log in to the Gosuslugi portal ({url}) with your login and password.",
        f"Enter this code to confirm your account before {until}.",
        "The code works only once.",
        "If you lose the code, come back to a service center with your passport: this code "
        "will be revoked and a new one issued.",
    ]
    story: list[Flowable] = [
        *_section("Как подтвердить учётную запись", "How to activate your account", styles),
        Spacer(0, styles.body.fontSize * 0.3),
        _numbered(russian, styles, width, boxes=False),
        Spacer(0, styles.body.fontSize * 0.5),
        _numbered(english, styles, width, boxes=False, style=styles.english),
    ]
    return story


def _slip_warning(styles: _Styles, width: float, *, shaded: bool) -> Table:
    """The one rule that protects the account, set apart so it is read. (No shading on
    thermal paper: a thermal head prints grey as a dither that swallows the text.)"""
    text = Paragraph(
        "Никому не сообщайте код. Сотрудники центра обслуживания и портала никогда его "
        "не спрашивают.<br/>"
        f'<font name="{REGULAR}" size="{styles.english.fontSize:g}">Never tell the code to '
        "anyone. Staff will never ask you for it.</font>",
        styles.strong,
    )
    box = Table([[text]], colWidths=[width])
    pad = styles.body.fontSize * 0.6
    box.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
        ("BACKGROUND", (0, 0), (-1, -1), _SHADE if shaded else colors.white),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
    ]))
    box.spaceBefore = styles.body.fontSize
    return box


def _slip_code_block(slip: CodeSlip, styles: _Styles) -> list[Flowable]:
    """The code as read aloud, the note about the dashes, the expiry — beside or under
    the QR."""
    return [
        Paragraph(grouped_code(slip.code), styles.code),
        Spacer(0, styles.body.fontSize * 0.4),
        Paragraph("Дефисы вводить не нужно.",
                  ParagraphStyle("note", parent=styles.small, alignment=TA_CENTER)),
        Paragraph("Do not type the dashes.",
                  ParagraphStyle("note_en", parent=styles.english, alignment=TA_CENTER)),
        Spacer(0, styles.body.fontSize * 0.6),
        Paragraph(f"Действует до {_date_time(slip.expires_at)}",
                  ParagraphStyle("until", parent=styles.strong, alignment=TA_CENTER,
                                 fontSize=styles.body.fontSize * 1.15,
                                 leading=styles.body.fontSize * 1.45)),
        Paragraph(f"Valid until {_date_time(slip.expires_at)}",
                  ParagraphStyle("until_en", parent=styles.english, alignment=TA_CENTER)),
    ]


def _slip_details(slip: CodeSlip, styles: _Styles) -> list[tuple[str, str, Flowable | list[
        Flowable]]]:
    name = Paragraph(f"<b>{_x(slip.applicant_name_cyrillic)}</b><br/>"
                     f"{_x(slip.applicant_name_latin)}", styles.body)
    point = Paragraph(f"{_x(slip.service_point_name)}<br/>{_x(slip.service_point_address)}",
                      styles.body)
    return [
        ("Заявитель", "Applicant", name),
        ("Номер заявления", "Application No.",
         Paragraph(_x(_application_number(slip.application_number)), styles.body)),
        ("Центр обслуживания", "Service center", point),
        ("Оператор", "Operator", Paragraph(_x(slip.operator_name), styles.body)),
        ("Дата выдачи", "Issued", Paragraph(_date_time(slip.issued_at), styles.body)),
        ("Действует до", "Valid until",
         Paragraph(f"<b>{_date_time(slip.expires_at)}</b>", styles.body)),
    ]


def _slip_a4(slip: CodeSlip) -> bytes:
    styles = _styles(10, muted=_GREY, code_size=34)
    width = A4[0] - 2 * _A4_MARGIN
    qr = _QrCode(code_text(slip.code), 42 * mm)
    qr_width = qr.wrap(width, width)[0]
    panel = Table([[qr, _slip_code_block(slip, styles)]],
                  colWidths=[qr_width + 4 * mm, width - qr_width - 4 * mm])
    panel.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (0, 0), 2 * mm),
        ("RIGHTPADDING", (1, 0), (1, 0), 4 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
    ]))
    story: list[Flowable] = [
        Paragraph(_SLIP_TITLE, styles.title),
        Paragraph("Account confirmation code for the Gosuslugi portal", styles.english_title),
        Spacer(0, 3 * mm),
        panel,
        Spacer(0, 6 * mm),
        _details_table(_slip_details(slip, styles), styles, width, label_width=48 * mm),
        *_slip_instructions(slip, styles, width),
        _slip_warning(styles, width, shaded=True),
    ]
    # One sheet whatever the names: shrink rather than spill onto a second page.
    height = A4[1] - 2 * _A4_MARGIN
    fitted = KeepInFrame(width, height, story, mode="shrink")
    return _pdf([fitted], pagesize=A4, margins=_A4_MARGINS, title=_SLIP_TITLE,
                subject="Госуслуги: подтверждение учётной записи")


def _slip_receipt(slip: CodeSlip) -> bytes:
    styles = _styles(8, muted=colors.black, code_size=19)  # thermal heads dither grey
    width = RECEIPT_WIDTH - 2 * _RECEIPT_MARGIN
    details: list[Flowable] = []
    for russian, english, value in _slip_details(slip, styles):
        details.append(Paragraph(f"{russian} / {english}", ParagraphStyle(
            "receipt_label", parent=styles.english, spaceBefore=styles.body.fontSize * 0.5)))
        details.extend(value if isinstance(value, list) else [value])
    story: list[Flowable] = [
        Paragraph(_SLIP_TITLE, ParagraphStyle("receipt_title", parent=styles.title,
                                              fontSize=9.5, leading=12)),
        Paragraph("Account confirmation code", styles.english_title),
        _QrCode(code_text(slip.code), 30 * mm),
        *_slip_code_block(slip, styles),
        Spacer(0, 2 * mm),
        *details,
        *_slip_instructions(slip, styles, width),
        _slip_warning(styles, width, shaded=False),
    ]
    height = _story_height(story, width) + _RECEIPT_MARGIN + _RECEIPT_TAIL + 2 * mm
    return _pdf(story, pagesize=(RECEIPT_WIDTH, height),
                margins=(_RECEIPT_MARGIN, _RECEIPT_MARGIN, _RECEIPT_TAIL), title=_SLIP_TITLE,
                subject="Госуслуги: подтверждение учётной записи")


def code_slip_pdf(slip: CodeSlip, *, layout: Literal["a4", "receipt80"]) -> bytes:
    """The slip handed over with an activation code: one A4 page, or one strip of 80 mm
    thermal paper as long as its content. Both carry the code large (grouped for reading
    aloud), a QR of the code itself, whose it is and until when, and how to use it."""
    register_fonts()  # before any Paragraph: the parser looks the font families up
    if layout == "a4":
        return _slip_a4(slip)
    if layout == "receipt80":
        return _slip_receipt(slip)
    raise ValueError(f"unknown slip layout: {layout!r}")


# -- 2. what to bring next time ---------------------------------------------------------

_REPEAT_TITLE = "Что принести на повторный визит"


def _reason_table(reasons: Sequence[RepeatReason], styles: _Styles, width: float) -> Table:
    """Each reason once, bold, with its English beneath."""
    rows = [
        [Paragraph("•", styles.body),
         Paragraph(f"<b>{REPEAT_REASON_TITLES[reason]}</b><br/>"
                   f'<font size="{styles.english.fontSize:g}" color="{_GREY.hexval()}">'
                   f"{_REPEAT_REASON_ENGLISH[reason]}</font>", styles.body)]
        for reason in dict.fromkeys(reasons)
    ]
    table = Table(rows, colWidths=[5 * mm, width - 5 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]))
    return table


def repeat_visit_pdf(data: RepeatVisitList) -> bytes:
    """The list a visit that ended as "repeat visit needed" prints for the applicant:
    why, what exactly to bring (to tick off while packing), and whether the next visit
    is free."""
    register_fonts()
    styles = _styles(10, muted=_GREY)
    width = A4[0] - 2 * _A4_MARGIN
    reasons: list[Flowable] = []
    if data.reasons:
        reasons = [*_section("Почему нужен повторный визит", "Why you need to come again",
                             styles), Spacer(0, 1 * mm),
                   _reason_table([RepeatReason(reason) for reason in data.reasons], styles,
                                 width)]
    details = [
        ("Заявитель", "Applicant",
         Paragraph(f"<b>{_x(data.applicant_name_cyrillic)}</b><br/>"
                   f"{_x(data.applicant_name_latin)}", styles.body)),
        ("Номер заявления", "Application No.",
         Paragraph(_x(_application_number(data.application_number)), styles.body)),
        ("Центр обслуживания", "Service center",
         Paragraph(f"{_x(data.service_point_name)}<br/>{_x(data.service_point_address)}",
                   styles.body)),
        ("Дата визита", "Date of visit", Paragraph(_date_time(data.visited_at), styles.body)),
        ("Оператор", "Operator", Paragraph(_x(data.operator_name), styles.body)),
    ]
    if data.free_of_charge:
        fee = ("Повторный визит бесплатный: он только исправляет ошибку, допущенную при "
               "первом визите.", "Free of charge: this visit only fixes an error made at "
               "your first visit.")
    else:
        fee = ("Повторный визит — на общих условиях.", "The repeat visit is on the usual terms.")
    items = [_numbered(data.items or STANDARD_REPEAT_ITEMS, styles, width, boxes=True)]
    story: list[Flowable] = [
        Paragraph(_REPEAT_TITLE, styles.title),
        Paragraph("What to bring to your next visit", styles.english_title),
        Spacer(0, 2 * mm),
        _details_table(details, styles, width, label_width=48 * mm),
        *reasons,
        *_section("Что принести", "Bring these (tick each one when packing)", styles),
        Spacer(0, 1 * mm),
        *items,
        *_section("Стоимость", "Fee", styles),
        Paragraph(fee[0], styles.strong if data.free_of_charge else styles.body),
        Paragraph(fee[1], styles.english),
        Spacer(0, 8 * mm),
        Paragraph("Покажите этот лист оператору при повторном визите.", styles.body),
        Paragraph("Show this list at the desk when you come again.", styles.english),
    ]
    number = _application_number(data.application_number)
    return _pdf(story, pagesize=A4, margins=_A4_MARGINS, title=_REPEAT_TITLE,
                subject="Госуслуги: повторный визит",
                later_pages=_continued(_REPEAT_TITLE, f"заявление № {number}"))


# -- 3. status certificate --------------------------------------------------------------

_CERTIFICATE_TITLE = "Справка о статусе регистрации"


def _outcome(visit: VisitRecord) -> str:
    """The outcome in words; a repeat visit says why, kept short so a row stays one line
    ("повторный визит: нужно исправить данные")."""
    state = VisitState(visit.outcome)
    if state is VisitState.REPEAT_NEEDED and visit.repeat_reason is not None:
        reason = REPEAT_REASON_TITLES[RepeatReason(visit.repeat_reason)]
        return f"повторный визит: {reason[0].lower()}{reason[1:]}"
    return VISIT_OUTCOME_TITLES[state]


def _visit_table(visits: Sequence[VisitRecord], styles: _Styles, width: float) -> Table:
    """Visits oldest first; the header row repeats on every page the table reaches."""
    cell = ParagraphStyle("cell", parent=styles.body, fontSize=9, leading=11)
    head = ParagraphStyle("head", parent=cell, fontName=BOLD)

    def header(russian: str, english: str) -> Paragraph:
        return Paragraph(f"{russian}<br/><font name=\"{REGULAR}\" size=\"7.5\" "
                         f"color=\"{_GREY.hexval()}\">{english}</font>", head)

    rows: list[list[Any]] = [[header("№", "No."), header("Дата и время", "Date and time"),
                              header("Место обслуживания", "Service point"),
                              header("Результат", "Outcome")]]
    ordered = sorted(visits, key=lambda visit: visit.visited_at)
    for index, visit in enumerate(ordered, start=1):
        rows.append([Paragraph(str(index), cell), Paragraph(_date_time(visit.visited_at), cell),
                     Paragraph(_x(visit.service_point_name), cell),
                     Paragraph(_outcome(visit), cell)])
    if not ordered:
        rows.append(["", Paragraph("Визитов не было / No visits", cell), "", ""])
    # "16.03.2026 08:42" needs 28.4 mm plus padding; the outcome, the longest text, gets
    # the most room.
    widths = [9 * mm, 33 * mm, (width - 42 * mm) * 0.39]
    widths.append(width - sum(widths))
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), _SHADE),
        ("GRID", (0, 0), (-1, -1), 0.4, _RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if not ordered:
        style.append(("SPAN", (1, 1), (3, 1)))
    table.setStyle(TableStyle(style))
    return table


def _signature_block(data: StatusCertificate, styles: _Styles, width: float) -> Flowable:
    """Who issued it and when, a line to sign on, and beside them a square for the stamp —
    kept on one page together, and compact, so a long visit table still leaves room."""
    english = f'<font size="{styles.english.fontSize:g}" color="{_GREY.hexval()}">'
    stamp_side = 36 * mm
    gap = 8 * mm
    left_width = width - stamp_side - gap
    left = [
        Paragraph(f"<b>Выдал</b> {english}/ Issued by</font>: {_x(data.operator_name)}",
                  styles.body),
        Paragraph(f"{_x(data.service_point_name)}, {_x(data.service_point_address)}",
                  styles.body),
        Paragraph(f"<b>Дата выдачи</b> {english}/ Date of issue</font>: "
                  f"{_date(data.issued_at)}", styles.body),
        Spacer(0, 12 * mm),
        Table([[""]], colWidths=[left_width], rowHeights=[1],
              style=TableStyle([("LINEABOVE", (0, 0), (-1, -1), 0.8, colors.black)])),
        Paragraph(f"Подпись / Signature ({_x(data.operator_name)})", styles.small),
    ]
    stamp = Table(
        [[Paragraph("М. П.<br/>"
                    f'<font size="7" color="{_GREY.hexval()}">место для печати<br/>stamp</font>',
                    ParagraphStyle("stamp", parent=styles.small, alignment=TA_CENTER))]],
        colWidths=[stamp_side], rowHeights=[stamp_side],
        style=TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                          ("BOX", (0, 0), (-1, -1), 0.6, _RULE)]),
    )
    place = Table([[left, "", stamp]], colWidths=[left_width, gap, stamp_side])
    place.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    return KeepTogether([Spacer(0, 6 * mm), place])


def status_certificate_pdf(data: StatusCertificate) -> bytes:
    """"Справка о статусе регистрации": who the applicant is, the account's status, every
    visit to a service center, and the issuer's signature and stamp. A long visit history
    continues on the next page under the same column headings."""
    register_fonts()
    styles = _styles(10, muted=_GREY)
    width = A4[0] - 2 * _A4_MARGIN
    number = _application_number(data.application_number)
    status = ACCOUNT_STATUS_TITLES[AccountStatus(data.account_status)]
    person = [
        ("Фамилия, имя, отчество", "Full name",
         Paragraph(f"<b>{_x(data.applicant_name_cyrillic)}</b>", styles.body)),
        ("Латиницей", "In Latin letters",
         Paragraph(_x(data.applicant_name_latin), styles.body)),
        ("Дата рождения", "Date of birth", Paragraph(_date(data.birth_date), styles.body)),
        ("Гражданство", "Citizenship", Paragraph(_x(data.citizenship), styles.body)),
        ("Номер заявления", "Application No.", Paragraph(_x(number), styles.body)),
        ("Дата подачи заявления", "Application submitted",
         Paragraph(_date(data.submitted_at), styles.body)),
        ("Статус учётной записи", "Account status",
         Paragraph(f"<b>{status}</b>", styles.body)),
    ]
    story: list[Flowable] = [
        Paragraph(_CERTIFICATE_TITLE, styles.title),
        Paragraph("Certificate of registration status on the Gosuslugi portal",
                  styles.english_title),
        Paragraph(f"Справка выдана по заявлению № {_x(number)} о подтверждении учётной "
                  "записи на портале Госуслуг и содержит сведения на дату выдачи.",
                  styles.body),
        Spacer(0, 4 * mm),
        _details_table(person, styles, width, label_width=55 * mm),
        *_section("Визиты в центры обслуживания", "Visits to service centers", styles),
        Spacer(0, 2 * mm),
        _visit_table(data.visits, styles, width),
        _signature_block(data, styles, width),
    ]
    return _pdf(story, pagesize=A4, margins=_A4_MARGINS, title=_CERTIFICATE_TITLE,
                subject="Госуслуги: статус регистрации",
                later_pages=_continued(_CERTIFICATE_TITLE, f"заявление № {number}"))
