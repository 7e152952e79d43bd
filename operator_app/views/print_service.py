"""Printing: a preview of the PDF (QtPdf) and the system print dialog, or — with the
``print_to_pdf_dir`` setting — every print written as a PDF file into a folder
(headless desks, tests). A printer error is reported; nothing on screen is lost."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QPointF, QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from operator_app.settings import get_settings


class PrintError(Exception):
    """Printing failed; the message says why in one sentence."""


def _safe(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name, flags=re.UNICODE).strip("_")[:60] or "document"


def write_to_folder(folder: Path, pdf: bytes, title: str) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        target = folder / f"{stamp}-{_safe(title)}.pdf"
        target.write_bytes(pdf)
    except OSError as exc:
        raise PrintError(QCoreApplication.translate(
            "PrintPreview", "Не удалось сохранить PDF в папку печати {0}: {1}").format(
                folder, exc.strerror)) from exc
    return target


def load_document(pdf: bytes, *, parent: QWidget) -> QPdfDocument:
    document = QPdfDocument(parent)
    buffer = QBuffer(document)
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready:
        raise PrintError(QCoreApplication.translate(
            "PrintPreview", "Документ для печати не сформирован (PDF не читается)."))
    return document


def render_page(document: QPdfDocument, page: int, size: QSize) -> QImage:
    # QtPdf renders onto a transparent background: put it on white paper.
    rendered = document.render(page, size)
    image = QImage(size, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.drawImage(QPointF(0, 0), rendered)
    painter.end()
    return image


def send_to_printer(document: QPdfDocument, printer: QPrinter) -> None:
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError(QCoreApplication.translate(
            "PrintPreview", "Принтер недоступен: проверьте, что он включён и подключён. "
            "Код остаётся на экране."))
    try:
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            target = painter.viewport()
            points = document.pagePointSize(page)
            scale = min(target.width() / points.width(), target.height() / points.height())
            size = QSize(int(points.width() * scale), int(points.height() * scale))
            painter.drawImage(QRectF(0, 0, size.width(), size.height()),
                              render_page(document, page, size))
    finally:
        painter.end()


class PrintPreview(QDialog):
    """The document as it will print, with the system print dialog one click away."""

    def __init__(self, pdf: bytes, title: str, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Предпросмотр: {0}").format(title))
        self.resize(760, 900)
        self.document = load_document(pdf, parent=self)
        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.print_button = QPushButton(self.tr("Печать…"))
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self._on_print_clicked)
        close = QPushButton(self.tr("Закрыть"))
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.print_button)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        self.error = ""

    def _on_print_clicked(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            send_to_printer(self.document, printer)
        except PrintError as exc:
            self.error = str(exc)
            self.reject()
            return
        self.accept()


def print_document(parent: QWidget, pdf: bytes, title: str) -> str:
    """Print or file the PDF; returns a sentence for the clerk. Raises :class:`PrintError`."""
    folder = get_settings().print_to_pdf_dir
    if folder:
        target = write_to_folder(Path(folder), pdf, title)
        return QCoreApplication.translate("PrintPreview", "Документ сохранён: {0}").format(target)
    preview = PrintPreview(pdf, title, parent=parent)
    result = preview.exec()
    if preview.error:
        raise PrintError(preview.error)
    return QCoreApplication.translate(
        "PrintPreview", "Документ отправлен на печать.") if result == QDialog.DialogCode.Accepted else ""
