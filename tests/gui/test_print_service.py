"""The print path without a print folder: QtPdf preview, and pages rendered for a printer."""

from __future__ import annotations

import datetime as dt

import numpy as np
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter

from operator_app.scanning.decoders import decode_still
from operator_app.views.print_service import PrintPreview, render_page, send_to_printer
from printing.documents import CodeSlip, code_slip_pdf


def _slip() -> bytes:
    now = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
    return code_slip_pdf(CodeSlip(code="WMMWN4PF3", application_number="202600012346",
                                  applicant_name_cyrillic="Каримов Рустам",
                                  applicant_name_latin="KARIMOV RUSTAM",
                                  service_point_name="ЦО «Тверская»", service_point_address="",
                                  operator_name="Иван Клерков", issued_at=now,
                                  expires_at=now + dt.timedelta(days=30)), layout="receipt80")


def _gray(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    data = np.frombuffer(image.constBits(), np.uint8, count=stride * height)
    return data.reshape(height, stride)[:, :width].copy()


def test_preview_shows_the_slip_and_its_qr_reads_back(qtbot):
    preview = PrintPreview(_slip(), "код", parent=None)
    qtbot.addWidget(preview)
    assert preview.document.pageCount() == 1
    points = preview.document.pagePointSize(0)
    image = render_page(preview.document, 0, QSize(int(points.width() * 4),
                                                   int(points.height() * 4)))
    assert image.pixelColor(2, 2).name() == "#ffffff"  # on white, not transparent
    assert [c.text for c in decode_still(_gray(image))] == ["WMMWN4PF3"]


def test_pages_go_to_a_printer(tmp_path, qtbot):
    preview = PrintPreview(_slip(), "код", parent=None)
    qtbot.addWidget(preview)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # the machine's edge: a PDF printer
    target = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(target))
    send_to_printer(preview.document, printer)
    assert target.read_bytes().startswith(b"%PDF")
    assert target.stat().st_size > 5000
