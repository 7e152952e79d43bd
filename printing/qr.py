"""Application QR codes: the PNG and the printout the portal gives the applicant, and the
demo sheet of codes for trying a desk with a real webcam."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import qrcode
import qrcode.constants
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from printing.fonts import BOLD, MONO, REGULAR, register_fonts

# Level M survives a crease or a smudge over 15 % of the symbol and keeps our 33-character
# alphanumeric payload at version 2 (25 × 25 modules): big modules, quick to scan.
ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_M


def qr_matrix(payload: str) -> list[list[bool]]:
    code = qrcode.QRCode(error_correction=ERROR_CORRECTION, border=0)
    code.add_data(payload, optimize=0)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def qr_png(payload: str, *, module_px: int = 10, border_modules: int = 4) -> bytes:
    code = qrcode.QRCode(error_correction=ERROR_CORRECTION, box_size=module_px,
                         border=border_modules)
    code.add_data(payload, optimize=0)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, "PNG")
    return buffer.getvalue()


def draw_qr(canvas: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """Vector QR (crisp at any printer resolution) with its lower-left corner at (x, y)."""
    matrix = qr_matrix(payload)
    count = len(matrix)
    module = size / count
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    for row_index, row in enumerate(matrix):
        for col_index, dark in enumerate(row):
            if dark:
                canvas.rect(x + col_index * module, y + size - (row_index + 1) * module,
                            module, module, stroke=0, fill=1)
    canvas.restoreState()


@dataclass(frozen=True)
class QrItem:
    number: str  # formatted for reading
    payload: str
    caption: str = ""


def application_printout_pdf(item: QrItem) -> bytes:
    """One A4 page as the portal prints it: the code large, the number readable beneath."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"Заявление {item.number}")
    width, height = A4
    canvas.setFont(BOLD, 16)
    canvas.drawCentredString(width / 2, height - 30 * mm, "Заявление на подтверждение учётной записи")
    canvas.setFont(REGULAR, 11)
    canvas.drawCentredString(width / 2, height - 38 * mm,
                             "Покажите этот код в центре обслуживания / Show this code at the desk")
    size = 70 * mm
    draw_qr(canvas, item.payload, (width - size) / 2, height - 45 * mm - size, size)
    canvas.setFont(MONO, 18)
    canvas.drawCentredString(width / 2, height - 58 * mm - size, item.number)
    if item.caption:
        canvas.setFont(REGULAR, 12)
        canvas.drawCentredString(width / 2, height - 66 * mm - size, item.caption)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def qr_sheet_pdf(items: Sequence[QrItem], *, title: str = "Демонстрационные коды заявлений"
                 ) -> bytes:
    """A4 pages of 3 × 4 codes with number and caption: hold one up to the desk's webcam."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(title)
    width, height = A4
    columns, rows = 3, 4
    cell_w = (width - 20 * mm) / columns
    cell_h = (height - 30 * mm) / rows
    size = min(cell_w, cell_h) - 22 * mm
    per_page = columns * rows
    for start in range(0, len(items), per_page):
        canvas.setFont(BOLD, 12)
        canvas.drawString(10 * mm, height - 12 * mm, title)
        for index, item in enumerate(items[start : start + per_page]):
            col, row = index % columns, index // columns
            x0 = 10 * mm + col * cell_w
            y0 = height - 20 * mm - (row + 1) * cell_h
            draw_qr(canvas, item.payload, x0 + (cell_w - size) / 2, y0 + 16 * mm, size)
            canvas.setFont(MONO, 10)
            canvas.drawCentredString(x0 + cell_w / 2, y0 + 10 * mm, item.number)
            canvas.setFont(REGULAR, 7.5)
            lines = simpleSplit(item.caption, REGULAR, 7.5, cell_w - 8 * mm)[:2]
            for line_index, line in enumerate(lines):
                canvas.drawCentredString(x0 + cell_w / 2, y0 + (6 - 3.4 * line_index) * mm, line)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_card_pdf(text: str) -> bytes:
    """The shift self-test's QR test card: one A4 page, the code large (8 cm) in a frame
    to cut out, what to do with it beneath, in Russian and English."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle("Тестовая карточка / Test card")
    width, height = A4
    size = 80 * mm
    top = height - 30 * mm
    canvas.setDash(3, 3)
    canvas.rect(width / 2 - 55 * mm, top - size - 50 * mm, 110 * mm, size + 50 * mm)
    canvas.setDash()
    canvas.setFont(BOLD, 15)
    canvas.drawCentredString(width / 2, top - 10 * mm, "Тестовая карточка Operator Desk")
    draw_qr(canvas, text, (width - size) / 2, top - 15 * mm - size, size)
    canvas.setFont(REGULAR, 10)
    lines = ["При проверке рабочего места поднесите карточку к камере:",
             "код должен прочитаться за пару секунд.",
             "Self-test: hold this card in front of the camera."]
    for index, line in enumerate(lines):
        canvas.drawCentredString(width / 2, top - 25 * mm - size - index * 5 * mm, line)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
