"""«Проверка рабочего места»: every check of operator_app/selftest.py plus the printer,
each green or what to do in one sentence; run in the background, again on demand."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from operator_app import selftest
from operator_app.views.context import DeskContext
from operator_app.views.operations import BackgroundOp
from operator_app.views.print_service import PrintError, print_document


def printer_check(pdf_folder: str) -> selftest.Check:
    """A printer the desk can use, or the PDF folder it prints into."""
    title = QCoreApplication.translate("SelfTestDialog", "Печать")
    if pdf_folder:
        folder = Path(pdf_folder)
        if folder.is_dir():
            return selftest.Check(title, True, QCoreApplication.translate(
                "SelfTestDialog", "в PDF-файлы: {0}").format(folder))
        return selftest.Check(title, False, QCoreApplication.translate(
            "SelfTestDialog", "Папки для PDF {0} нет: создайте её или очистите настройку "
            "print_to_pdf_dir.").format(folder))
    from PySide6.QtPrintSupport import QPrinterInfo

    default = QPrinterInfo.defaultPrinter()
    if not default.isNull():
        return selftest.Check(title, True, QCoreApplication.translate(
            "SelfTestDialog", "принтер по умолчанию: {0}").format(default.printerName()))
    if QPrinterInfo.availablePrinters():
        return selftest.Check(title, True, QCoreApplication.translate(
            "SelfTestDialog", "принтер выбирается при печати"))
    return selftest.Check(title, False, QCoreApplication.translate(
        "SelfTestDialog", "Принтер не найден: подключите его или задайте папку для PDF "
        "(print_to_pdf_dir)."))


class SelfTestDialog(QDialog):
    """Signals: finished_checks(list[Check])."""

    finished_checks = Signal(object)

    def __init__(self, context: DeskContext, *, camera: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.camera = camera
        self.checks: list[selftest.Check] = []
        self.setWindowTitle(self.tr("Проверка рабочего места"))
        self.resize(720, 420)
        self.summary = QLabel(self.tr("Проверка…"))
        self.summary.setObjectName("selfTestSummary")
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("selfTestList")
        self.list.setAccessibleName(self.tr("Результаты проверки"))
        self.list.setWordWrap(True)
        self.again = QPushButton(self.tr("Проверить снова"))
        self.again.clicked.connect(self.run)
        close = QPushButton(self.tr("Закрыть"))
        close.clicked.connect(self.accept)
        self.card_button = QPushButton(self.tr("Тестовая карточка…"))
        self.card_button.setToolTip(self.tr(
            "Напечатать карточку с QR-кодом: поднесённая к камере, она проверяет "
            "распознавание от объектива до текста."))
        self.card_button.clicked.connect(self._on_card_button_clicked)
        self.card_said = QLabel()
        self.card_said.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.again)
        row.addWidget(self.card_button)
        row.addStretch()
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.card_said)
        layout.addLayout(row)

    def run(self) -> None:
        context = self.context
        settings = context.settings
        camera_index = settings.camera_index if self.camera else None
        self.again.setEnabled(False)
        self.summary.setText(self.tr("Проверка…"))

        def work() -> list[selftest.Check]:
            return selftest.run_all(context.db, scan_folder_path=settings.scan_folder,
                                    camera_index=camera_index)

        BackgroundOp(self, work).success(self._show).run()

    def _on_card_button_clicked(self) -> None:
        from printing.qr import test_card_pdf

        try:
            said = print_document(self, test_card_pdf(selftest.TEST_CARD_TEXT),
                                  self.tr("Тестовая карточка"))
        except PrintError as error:
            said = str(error)
        self.card_said.setText(said)

    def _show(self, checks: list[selftest.Check]) -> None:
        checks = [*checks, printer_check(self.context.settings.print_to_pdf_dir)]
        self.checks = checks
        self.again.setEnabled(True)
        self.list.clear()
        for check in checks:
            # The mark and the word both say it: not by colour alone.
            mark = "✓" if check.ok else "✗"
            verdict = self.tr("готово") if check.ok else self.tr("требует внимания")
            item = QListWidgetItem(f"{mark} {check.title} — {verdict}: {check.says}")
            item.setData(Qt.ItemDataRole.UserRole, check.ok)
            self.list.addItem(item)
        failed = [c for c in checks if not c.ok]
        self.summary.setText(self.tr("Рабочее место готово.") if not failed else self.tr(
            "Требует внимания: {0}.").format(", ".join(c.title.lower() for c in failed)))
        self.finished_checks.emit(checks)
