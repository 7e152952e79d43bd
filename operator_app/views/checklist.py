"""The document checklist of the open visit: what is required, what was checked against
the originals, and every rule that fails — on the field it concerns."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QShowEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from operator_app import holding
from operator_app.models import DatabaseUnreachable, DocumentKind
from operator_app.scanning.mrz import MrzError, MrzResult, ocr_available, parse_mrz
from operator_app.scanning.safe_files import read_file
from operator_app.scanning.sources import FrameSource
from operator_app.scanning.watch_folder import FolderWatcher
from operator_app.services import copies, documents
from operator_app.services.changes import Changes
from operator_app.services.checks import (
    KIND_TITLES,
    DocumentFacts,
    Finding,
    check_documents,
    fold_name,
    mrz_lines,
)
from operator_app.services.errors import ServiceError
from operator_app.views.capture_dialog import CaptureDialog
from operator_app.views.context import DeskContext
from operator_app.views.copy_viewer import CopyStrip, CopyViewer
from operator_app.views.i18n import QT_TRANSLATE_NOOP
from operator_app.views.mrz_camera import MrzCameraDialog
from operator_app.views.operations import BackgroundOp
from operator_app.views.widgets import (
    Banner,
    Field,
    KeepsTypingDialog,
    add_row,
    describe_error,
    give_key,
)

FIELD_TITLES = {
    "series": QT_TRANSLATE_NOOP("DocumentDialog", "Серия"), "number": QT_TRANSLATE_NOOP("DocumentDialog", "Номер"), "issue_date": QT_TRANSLATE_NOOP("DocumentDialog", "Дата выдачи"),
    "expiry_date": QT_TRANSLATE_NOOP("DocumentDialog", "Действует до"), "issuing_authority": QT_TRANSLATE_NOOP("DocumentDialog", "Кем выдан"), "country": QT_TRANSLATE_NOOP("DocumentDialog", "Страна (ISO)"),
    "surname_latin": QT_TRANSLATE_NOOP("DocumentDialog", "Фамилия (лат.)"), "given_names_latin": QT_TRANSLATE_NOOP("DocumentDialog", "Имя (лат.)"),
}
LATIN_NAME_KINDS = {DocumentKind.PASSPORT}
# Only the original can give these: they are typed from it, never taken from the account.
FROM_ORIGINAL = frozenset({"series", "number", "issue_date", "expiry_date"})
T = TypeVar("T")


def _shown(value: object) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value or "")


def parse_date(text: str) -> dt.date | None:
    """DD.MM.YYYY, a real calendar date; empty → None. Raises ValueError with a sentence."""
    text = text.strip()
    if not text:
        return None
    try:
        return dt.datetime.strptime(text, "%d.%m.%Y").date()
    except ValueError:
        raise ValueError(QCoreApplication.translate(
            "DocumentDialog", "Дата в виде ДД.ММ.ГГГГ, например 01.03.2029.")) from None


MRZ_FIELD_TITLES = {
    "document_type": QT_TRANSLATE_NOOP("DocumentDialog", "тип документа"), "issuing_state": QT_TRANSLATE_NOOP("DocumentDialog", "государство выдачи"),
    "names": QT_TRANSLATE_NOOP("DocumentDialog", "фамилия и имя"), "document_number": QT_TRANSLATE_NOOP("DocumentDialog", "номер документа"),
    "nationality": QT_TRANSLATE_NOOP("DocumentDialog", "гражданство"), "birth_date": QT_TRANSLATE_NOOP("DocumentDialog", "дата рождения"), "sex": QT_TRANSLATE_NOOP("DocumentDialog", "пол"),
    "expiry_date": QT_TRANSLATE_NOOP("DocumentDialog", "срок действия"), "personal_number": QT_TRANSLATE_NOOP("DocumentDialog", "личный номер"),
    "optional_data": QT_TRANSLATE_NOOP("DocumentDialog", "дополнительные данные"), "optional_data_2": QT_TRANSLATE_NOOP("DocumentDialog", "дополнительные данные"),
    "composite": QT_TRANSLATE_NOOP("DocumentDialog", "общая контрольная цифра"),
}


class CopyHeldLocally(Exception):
    """A copy taken while the database was unreachable, kept in the holding folder."""

    def __init__(self, name: str, cause: BaseException) -> None:
        self.message = QCoreApplication.translate(
            "ChecklistPanel", "База данных недоступна: копия «{0}» сохранена на этом "
            "компьютере и будет записана, когда связь восстановится.").format(name)
        super().__init__(self.message)
        self.cause = cause


class DocumentDialog(KeepsTypingDialog):
    """One document's fields as read from the original; what the rules say about them
    under each field while the clerk types.

    Saving is the act "checked against the original", so nothing here makes it the
    easy way out: the fields that only the original can give (series, number, dates,
    MRZ) start empty unless they were checked during this visit; Enter moves to the next
    field and never saves; the save button is not a default button. Names, country and
    authority come from the application, marked so, to be compared. A document the rules
    find unfit (expired, valid under six months, an MRZ whose digits fail) is saved only
    with "Принять несмотря на это" ticked and a reason written.

    ``values`` (the fields to save) and ``override_reason`` are set once accepted.
    """

    def __init__(self, kind: DocumentKind, row: documents.DocumentRow | None,
                 state: documents.Checklist, *, read_copy: Callable[[], object] | None = None,
                 camera: Callable[[], FrameSource] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self._state = state
        self._read_copy = read_copy
        self._camera = camera
        self.camera_dialog: MrzCameraDialog | None = None
        self._date_errors: dict[str, str] = {}
        self.mrz_result: MrzResult | None = None
        self.mrz_edit: QPlainTextEdit | None = None
        # What the reader returned from a copy, and the characters it was not sure of:
        # marked until the clerk retypes them or confirms the lot against the document.
        self._read: MrzResult | None = None
        # The application's values of the fields typed from the original, to say where
        # they differ; a document checked during this visit is shown as it was checked.
        self._applied: dict[str, str] = {}
        self.setWindowTitle(self.tr("Сверка с оригиналом: {0}").format(KIND_TITLES[kind]))
        self.setMinimumWidth(1060 if kind in LATIN_NAME_KINDS else 560)
        self.fields: dict[str, Field] = {}
        form = QFormLayout()
        names = ["series", "number", "issue_date", "expiry_date", "issuing_authority", "country"]
        if kind in LATIN_NAME_KINDS:
            names += ["surname_latin", "given_names_latin"]
        brought = row is not None and row.brought
        for name in names:
            field = Field(placeholder=self.tr("ДД.ММ.ГГГГ") if name.endswith("_date") else "")
            field.edit.setObjectName(f"doc_{name}")
            self.fields[name] = field
            value = _shown(getattr(row, name)) if row is not None else ""
            title = self.tr(FIELD_TITLES[name])
            if name in FROM_ORIGINAL and not brought:
                self._applied[name] = value  # typed from the original, never prefilled
            else:
                field.edit.setText(value)
                if row is not None and not brought and value:
                    title = self.tr("{0}, из заявления").format(title)
            add_row(form, title, field)
            field.edit.textEdited.connect(lambda _text, n=name: self._on_field_edited(n))
            if name.endswith("_date"):
                field.edit.editingFinished.connect(lambda n=name: self._on_date_finished(n))
        typed = (self.tr("Серию, номер, даты и MRZ") if kind in LATIN_NAME_KINDS
                 else self.tr("Серию, номер и даты"))
        intro = QLabel(self.tr(
            "{0} введите с оригинала документа. Поля с пометкой «из заявления» сверьте с "
            "документом и исправьте, если они другие.").format(typed)
            if row is not None and not brought else
            self.tr("Поля — как они записаны в документе, который держите в руках."))
        intro.setObjectName("dialogHint")
        intro.setWordWrap(True)
        self.others = QLabel()  # findings about what has no field here (the birth date)
        self.others.setObjectName("fieldError")
        self.others.setWordWrap(True)
        self.others.hide()
        self.message = Banner()
        self.ok_button = QPushButton(self.tr("Сверено с оригиналом"))
        self.ok_button.setObjectName("checkedButton")
        self.ok_button.setToolTip(self.tr("Записать, что документ сверен с оригиналом, "
                                          "с полями как введены"))
        self.ok_button.clicked.connect(self._on_accept)
        cancel = QPushButton(self.tr("Отмена"))
        cancel.clicked.connect(self.cancel_typing)  # asks before typed fields are dropped
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.ok_button)
        buttons.addWidget(cancel)
        # A passport's MRZ and the override stand beside the fields, so the dialog stays
        # low enough for a 720-pixel screen with every finding shown.
        left = QVBoxLayout()
        left.addWidget(intro)
        left.addLayout(form)
        left.addWidget(self.others)
        right = QVBoxLayout() if kind in LATIN_NAME_KINDS else left
        if kind in LATIN_NAME_KINDS:
            self._build_mrz(right, row.mrz if brought and row is not None else "")
        self._build_override(right, row.override_reason if brought and row is not None else "")
        left.addStretch()
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        if right is not left:
            right.addStretch()
            columns.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        for button in self.findChildren(QPushButton):
            # Enter must never click one by itself: a check is an act, not a keystroke.
            button.setAutoDefault(False)
            button.setDefault(False)
        # The act has a key of its own, with a modifier, on the button: Ctrl+Enter.
        give_key(self.ok_button, "Ctrl+Return")
        self.values: dict[str, object] = {}
        self.override_reason: str | None = None
        self._opened_with = self._typed()
        self._refresh()

    def _typed(self) -> tuple[str, ...]:
        return (*(field.text() for field in self.fields.values()), self.mrz_text(),
                self.override_reason_edit.text())

    def changed(self) -> bool:
        """Whether anything was typed since the dialog opened."""
        return self._typed() != self._opened_with

    def typed_changed(self) -> bool:
        return self.changed()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.focusNextChild()  # Enter ends a field, as on a paper form; it saves nothing
            event.accept()
            return
        super().keyPressEvent(event)

    # -- accepting despite a finding ------------------------------------------------------

    def _build_override(self, layout: QVBoxLayout, reason: str) -> None:
        self.override_box = QGroupBox(self.tr("Документ не годится по правилам"))
        self.override_box.setObjectName("overrideBox")
        inner = QVBoxLayout(self.override_box)
        self.override_check = QCheckBox(self.tr("Принять несмотря на это"))
        self.override_check.setObjectName("overrideCheck")
        self.override_reason_edit = QLineEdit()
        self.override_reason_edit.setObjectName("overrideReason")
        self.override_reason_edit.setPlaceholderText(
            self.tr("Причина: почему документ принят, например «ошибка в бланке паспорта»"))
        self.override_reason_edit.setMaxLength(300)
        self.override_note = QLabel()
        self.override_note.setWordWrap(True)
        self.override_error = QLabel()
        self.override_error.setObjectName("fieldError")
        self.override_error.setWordWrap(True)
        self.override_error.hide()
        inner.addWidget(self.override_check)
        inner.addWidget(self.override_reason_edit)
        inner.addWidget(self.override_note)
        inner.addWidget(self.override_error)
        layout.addWidget(self.override_box)
        self.override_check.setChecked(bool(reason))
        self.override_reason_edit.setText(reason)
        self.override_reason_edit.setEnabled(bool(reason))
        self.override_check.toggled.connect(self._on_override_toggled)
        self.override_reason_edit.textEdited.connect(lambda _text: self.override_error.hide())

    def _on_override_toggled(self, checked: bool) -> None:
        self.override_reason_edit.setEnabled(checked)
        self.override_error.hide()
        if checked:
            self.override_reason_edit.setFocus()

    # -- the rules as the clerk types -----------------------------------------------------

    def _text(self, name: str) -> str:
        field = self.fields.get(name)
        return field.text().strip() if field is not None else ""

    def _date(self, name: str) -> dt.date | None:
        """A date once it is typed whole; while it is being typed, none."""
        try:
            return parse_date(self._text(name))
        except ValueError:
            return None

    def mrz_text(self) -> str:
        if self.mrz_edit is None:
            return ""
        return "\n".join(mrz_lines(self.mrz_edit.toPlainText()))

    def _facts(self) -> DocumentFacts:
        person = self._state.person
        return DocumentFacts(
            self.kind, self._text("number"), self._text("series"), self._date("issue_date"),
            self._date("expiry_date"), self._text("surname_latin"),
            self._text("given_names_latin"),
            person.birth_date if self.kind is DocumentKind.PASSPORT else None,
            self._text("country").upper(), self.mrz_text())

    def findings(self) -> list[Finding]:
        """What the rules say about the document as typed so far."""
        prefix = self.kind.value + "."
        return [f for f in check_documents(self._state.person, [self._facts()],
                                           application_date=self._state.application_date,
                                           visit_date=self._state.today)
                if f.field.startswith(prefix)]

    def needs_override(self) -> list[Finding]:
        return [f for f in self.findings() if f.needs_override]

    def _on_field_edited(self, name: str) -> None:
        self._date_errors.pop(name, None)
        self._refresh()

    def _on_date_finished(self, name: str) -> None:
        try:
            parse_date(self._text(name))
        except ValueError as error:
            self._date_errors[name] = str(error)
        else:
            self._date_errors.pop(name, None)
        self._refresh()

    def _refresh(self) -> None:
        """Every finding under its field, in red (blocks) or amber (a warning)."""
        # Nothing to say about a document whose number is not typed yet (its format
        # rule would speak first, about an empty field).
        found = self.findings() if self._text("number") or self.mrz_text() else []
        prefix = self.kind.value + "."
        for name, field in self.fields.items():
            own = [f for f in found if f.field == prefix + name]
            errors = [f.message for f in own if f.blocking]
            if name in self._date_errors:
                errors.insert(0, self._date_errors[name])
            warnings = [f.message for f in own if not f.blocking]
            applied, typed = self._applied.get(name, ""), field.text().strip()
            if applied and typed and fold_name(typed) != fold_name(applied) and (
                    not name.endswith("_date") or self._date(name) is not None):
                warnings.append(self.tr("В заявлении указано: {0}.").format(applied))
            if errors:
                field.set_error(" ".join(errors + warnings))
            elif warnings:
                field.set_warning(" ".join(warnings))
            else:
                field.set_error("")
        shown = {prefix + name for name in self.fields} | {prefix + "mrz"}
        others = [f.message for f in found if f.field not in shown]
        self.others.setText(" ".join(others))
        self.others.setVisible(bool(others))
        self._refresh_mrz(found)
        unfit = [f for f in found if f.needs_override]
        self.override_box.setVisible(bool(unfit))
        if any(not f.field.endswith(".mrz") for f in unfit):
            self.override_note.setText(self.tr(
                "Сверка запишется с этой причиной, но подтвердить личность по такому "
                "документу нельзя: визит закончится отказом или повторным визитом."))
        else:
            self.override_note.setText(self.tr(
                "Сверка запишется с этой причиной; в проверке останется предупреждение."))
        self._grow()

    def _grow(self) -> None:
        """Taller when a finding appears (never shorter while the clerk types), within the
        screen: a window does not grow by itself when a label's text gets longer. Measured
        once the labels have their new text laid out."""
        QTimer.singleShot(0, self._grow_now)

    def _grow_now(self) -> None:
        if not self.isVisible():
            return
        layout = self.layout()
        assert layout is not None
        layout.activate()
        width = self.width()
        needed = (layout.totalHeightForWidth(width) if layout.hasHeightForWidth()
                  else self.sizeHint().height())
        screen = self.screen().availableGeometry()
        if needed > self.height():
            self.resize(width, min(needed, screen.height() - 40))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._grow()
    # -- MRZ ---------------------------------------------------------------------------

    def _build_mrz(self, layout: QVBoxLayout, text: str) -> None:
        box = QGroupBox(self.tr("Машиночитаемая зона (MRZ)"))
        inner = QVBoxLayout(box)
        self.mrz_edit = QPlainTextEdit()
        self.mrz_edit.setObjectName("mrzEdit")
        self.mrz_edit.setPlaceholderText(self.tr("Строки MRZ с паспорта, как напечатаны "
                                                 "(2 строки по 44 знака)"))
        self.mrz_edit.setFixedHeight(70)
        font = self.mrz_edit.font()
        font.setFamily("DejaVu Sans Mono")
        self.mrz_edit.setFont(font)
        # A line of 44 characters as one line, as it is printed.
        self.mrz_edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        # Measured with the style sheet's font applied (it overrides setFont's size).
        self.mrz_edit.ensurePolished()
        self.mrz_edit.setMinimumWidth(
            self.mrz_edit.fontMetrics().horizontalAdvance("<" * 44) + 44)
        self.mrz_edit.setPlainText(text)
        self.mrz_edit.textChanged.connect(self._refresh)
        self.mrz_status = QLabel()
        self.mrz_status.setObjectName("mrzStatus")
        self.mrz_status.setWordWrap(True)
        self.mrz_doubts = QLabel()
        self.mrz_doubts.setObjectName("mrzDoubts")
        self.mrz_doubts.setWordWrap(True)
        self.mrz_doubts.setVisible(False)
        self.mrz_checked = QCheckBox(self.tr("Отмеченные знаки сверены с документом"))
        self.mrz_checked.setObjectName("mrzChecked")
        self.mrz_checked.setVisible(False)
        self.mrz_checked.toggled.connect(self._refresh)
        self.fill_button = QPushButton(self.tr("Заполнить поля из MRZ"))
        self.fill_button.setEnabled(False)
        self.fill_button.clicked.connect(self._on_fill_clicked)
        self.read_button = QPushButton(self.tr("Прочитать с копии"))
        self.read_button.setEnabled(self._read_copy is not None)
        self.read_button.clicked.connect(self._on_read_clicked)
        self.camera_button = QPushButton(self.tr("Прочитать камерой"))
        self.camera_button.setToolTip(self.tr("Поднесите страницу с фотографией к камере: "
                                              "MRZ читается с нескольких кадров"))
        self.camera_button.setEnabled(self._camera is not None)
        self.camera_button.clicked.connect(self._on_camera_clicked)
        row = QHBoxLayout()
        row.addWidget(self.read_button)
        row.addWidget(self.camera_button)
        row.addWidget(self.fill_button)
        row.addStretch()
        inner.addWidget(self.mrz_edit)
        inner.addWidget(self.mrz_status)
        inner.addWidget(self.mrz_doubts)
        inner.addWidget(self.mrz_checked)
        inner.addLayout(row)
        layout.addWidget(box)
        self._ocr_missing = ocr_available()
        if self._ocr_missing:
            self.read_button.setEnabled(False)
            self.read_button.setToolTip(self._ocr_missing)

    def _refresh_mrz(self, found: list[Finding]) -> None:
        if self.mrz_edit is None:
            return
        lines = mrz_lines(self.mrz_edit.toPlainText())
        self.mrz_result = None
        self.fill_button.setEnabled(False)
        if not lines:
            self.mrz_status.setText(self._ocr_missing or "")
            self._mark_status("")
            return
        with contextlib.suppress(MrzError):  # the findings say why it is no MRZ
            self.mrz_result = parse_mrz(lines, today=self._state.today)
        own = [f.message for f in found if f.field == self.kind.value + ".mrz"]
        if own:
            self.mrz_status.setText("✗ " + " ".join(own))
            self._mark_status("error")
            return
        doubts = self._doubts(lines)
        self._mark(doubts)
        if doubts:
            self.mrz_status.setText(self.tr("⚠ Контрольные цифры сходятся, но не все знаки "
                                            "прочитаны уверенно."))
            self._mark_status("warning")
            self.fill_button.setEnabled(self.mrz_checked.isChecked())
            return
        self.mrz_status.setText("✓ " + self.tr("MRZ верна: все контрольные цифры сходятся."))
        self._mark_status("ok")
        self.fill_button.setEnabled(True)

    def _mark_status(self, kind: str) -> None:
        """The MRZ's verdict coloured by the theme's style sheet (its mark ✓ ⚠ ✗ leads the
        text): a colour of its own here would be dark on the high-contrast black."""
        self.mrz_status.setProperty("kind", kind)
        self.mrz_status.style().unpolish(self.mrz_status)
        self.mrz_status.style().polish(self.mrz_status)

    def _doubts(self, lines: list[str]) -> list[tuple[int, int]]:
        """The characters read in doubt that are still as the reader left them."""
        read = self._read
        if read is None:
            return []
        return [(line, column) for line, column in read.uncertain
                if line < len(lines) and line < len(read.lines)
                and column < len(lines[line]) and column < len(read.lines[line])
                and lines[line][column] == read.lines[line][column]]

    def _mark(self, doubts: list[tuple[int, int]]) -> None:
        """Underline and shade each doubtful character, and say where they are in words
        (line, position, which field, and whether a check digit covers it): not by colour
        alone."""
        assert self.mrz_edit is not None
        marks = []
        document = self.mrz_edit.document()
        for line, column in doubts:
            block = document.findBlockByNumber(line)
            cursor = QTextCursor(block)
            cursor.movePosition(QTextCursor.MoveOperation.Right,
                                QTextCursor.MoveMode.MoveAnchor, column)
            cursor.movePosition(QTextCursor.MoveOperation.Right,
                                QTextCursor.MoveMode.KeepAnchor, 1)
            mark = QTextEdit.ExtraSelection()
            mark.cursor = cursor
            mark.format.setBackground(QColor("#ffe08a"))
            mark.format.setFontUnderline(True)
            mark.format.setUnderlineStyle(
                QTextCharFormat.UnderlineStyle.WaveUnderline)
            marks.append(mark)
        self.mrz_edit.setExtraSelections(marks)
        self.mrz_doubts.setVisible(bool(doubts))
        self.mrz_checked.setVisible(bool(doubts))
        if not doubts or self._read is None:
            return
        parts = []
        for read in self._read.field_reads:
            mine = [c for line, c in doubts if line == read.line and read.start <= c < read.end]
            if not mine:
                continue
            where = ", ".join(str(c + 1) for c in mine)
            covered = (self.tr("проверено контрольной цифрой") if read.checked
                       else self.tr("контрольная цифра это поле не проверяет"))
            parts.append(self.tr("строка {line}, знак {where} — {field} ({covered})").format(
                line=read.line + 1, where=where,
                field=self.tr(MRZ_FIELD_TITLES.get(read.name, read.name)), covered=covered))
        self.mrz_doubts.setText(self.tr("Сверьте с документом отмеченные знаки: ")
                                + "; ".join(parts) + ".")

    def _mrz_values(self) -> dict[str, str]:
        result = self.mrz_result
        if result is None:
            return {}
        fields = result.fields
        values = {"number": fields.document_number, "surname_latin": fields.surname,
                  "given_names_latin": fields.given_names, "country": fields.issuing_state}
        if fields.expiry_date is not None:
            values["expiry_date"] = fields.expiry_date.strftime("%d.%m.%Y")
        return values

    def _on_fill_clicked(self) -> None:
        for name, value in self._mrz_values().items():
            if name in self.fields:
                self.fields[name].edit.setText(value)
                self._date_errors.pop(name, None)
        self._refresh()

    def _on_read_clicked(self) -> None:
        if self._read_copy is None:
            return
        self.read_button.setEnabled(False)
        self.mrz_status.setText(self.tr("Чтение MRZ с копии…"))
        BackgroundOp(self, self._read_copy).success(self._on_mrz_read).failure(
            lambda error: self.mrz_status.setText(describe_error(error))).run()

    def done(self, result: int) -> None:
        if self.camera_dialog is not None:  # its camera stops with the dialog
            self.camera_dialog.reject()
        super().done(result)

    def _on_camera_clicked(self) -> None:
        if self._camera is None:
            return
        dialog = MrzCameraDialog(self._camera(), parent=self)
        dialog.mrz_read.connect(self._on_mrz_read)
        dialog.finished.connect(lambda _result: setattr(self, "camera_dialog", None))
        self.camera_dialog = dialog
        dialog.open()

    def _on_mrz_read(self, result: object) -> None:
        self.read_button.setEnabled(True)
        if result is None:
            self.mrz_status.setText(self.tr("На копиях MRZ не найдена: введите строки вручную."))
            return
        assert self.mrz_edit is not None
        assert isinstance(result, MrzResult)
        self._read = result
        self.mrz_checked.setChecked(False)
        self.mrz_edit.setPlainText("\n".join(result.lines))

    # -- saving ------------------------------------------------------------------------

    def _on_accept(self) -> None:
        values: dict[str, object] = {}
        for name in self.fields:
            text = self._text(name)
            if name.endswith("_date"):
                try:
                    values[name] = parse_date(text)
                except ValueError as error:
                    self._date_errors[name] = str(error)
            elif name == "country":
                values[name] = text.upper() or None
            else:
                values[name] = text
        if self.mrz_edit is not None:
            values["mrz"] = self.mrz_text() or None
        self._refresh()
        if self._date_errors:
            self.fields[next(iter(self._date_errors))].edit.setFocus()
            return
        if not self._text("number"):
            self.fields["number"].set_error(self.tr("Введите номер с оригинала документа."))
            self.fields["number"].edit.setFocus()
            return
        reason: str | None = None
        if self.needs_override():
            reason = self.override_reason_edit.text().strip()
            if not self.override_check.isChecked() or not reason:
                self.override_error.setText("✗ " + self.tr(
                    "Чтобы записать сверку такого документа, отметьте «Принять несмотря "
                    "на это» и напишите причину."))
                self.override_error.show()
                (self.override_reason_edit if self.override_check.isChecked()
                 else self.override_check).setFocus()
                return
        self.values = values
        self.override_reason = reason
        self.accept()

    def show_error(self, error: BaseException) -> None:
        if isinstance(error, ServiceError) and error.field in self.fields:
            self.fields[error.field].set_error(error.message)
        elif isinstance(error, ServiceError) and error.field == "mrz" and self.mrz_edit:
            self.mrz_status.setText("✗ " + error.message)
            self._mark_status("error")
        else:
            self.message.show_message(describe_error(error), "error")


@dataclass(frozen=True)
class HeldCopy:
    """A file refused only because it does not look like its document, kept for the
    clerk's confirmation."""

    data: bytes
    name: str
    document: documents.DocumentRow
    source: str


class ChecklistPanel(QGroupBox):
    """The documents of the visit in focus, and nothing of anyone else's.

    ``load`` shows a visit (another visit's rows, copies, banner and dialogs go first);
    ``clear`` forgets the visit, for the desk to call whenever the applicant in focus
    changes. An answer from the database that arrives after either is dropped.

    Signals:
    checklist_changed(object): the new Checklist after any save.
    """

    checklist_changed = Signal(object)

    def __init__(self, context: DeskContext, *, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Документы"), parent)
        self.setObjectName("documentChecklist")
        self.setTitle("")  # the tab already says "Документы"
        self.setFlat(True)
        self.context = context
        self.visit_id: int | None = None
        self.state: documents.Checklist | None = None
        self.dialog: DocumentDialog | None = None
        # Bumped by clear(): background answers asked for before it are not shown.
        self._generation = 0
        self._thumbs_for: int | None = None  # the document whose copies the strip shows
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("documentTable")
        self.table.setAccessibleName(self.tr("Документы заявителя"))
        self.table.setHorizontalHeaderLabels([self.tr("Документ"), self.tr("Серия, номер"),
                                              self.tr("Действует до"), self.tr("Сверен"),
                                              self.tr("Копии")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        # Enter on a row, or a double click: check that document against its original.
        self.table.activated.connect(lambda _index: self._on_check_clicked())
        self.check_button = QPushButton(self.tr("Сверить с оригиналом…"))
        self.check_button.clicked.connect(self._on_check_clicked)
        self.copy_button = QPushButton(self.tr("Копия из файла…"))
        self.copy_button.setToolTip(self.tr("Фото или скан выбранного документа: JPEG, PNG, "
                                            "PDF. Скан из папки сканера добавится сам."))
        self.copy_button.clicked.connect(self._on_copy_clicked)
        self.camera_button = QPushButton(self.tr("Снимок с камеры…"))
        self.camera_button.clicked.connect(self._on_camera_clicked)
        self.capture_dialog: CaptureDialog | None = None
        self.source_factory: Callable[[], FrameSource] | None = None
        self.watcher: FolderWatcher | None = None
        self.watch_timer = QTimer(self)
        self.watch_timer.setInterval(400)
        self.watch_timer.timeout.connect(self._on_watch_timer_timeout)
        self.add_kind = QComboBox()
        self.add_kind.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.add_kind.setMinimumContentsLength(14)
        for kind in DocumentKind:
            if kind not in (DocumentKind.SNILS, DocumentKind.INN):
                self.add_kind.addItem(self.tr(KIND_TITLES[kind]), kind.value)
        self.add_button = QPushButton(self.tr("Добавить…"))
        self.add_button.clicked.connect(self._on_add_clicked)
        self.no_snils = QCheckBox(self.tr("СНИЛС у заявителя нет"))
        self.no_snils.toggled.connect(self._on_no_snils_toggled)
        self.copy_strip = CopyStrip()
        self.copy_strip.itemActivated.connect(self._on_copy_activated)
        self.table.currentCellChanged.connect(
            lambda row, _column, _previous_row, _previous_column: self._load_thumbs(row))
        self.viewer: CopyViewer | None = None
        self.findings = QListWidget()
        self.findings.setObjectName("checklistFindings")
        self.findings.setAccessibleName(self.tr("Замечания проверки"))
        self.findings.setWordWrap(True)
        self.banner = Banner()
        self.held: HeldCopy | None = None  # a file that does not look like its document
        self.confirm_kind_button = QPushButton()
        self.confirm_kind_button.setObjectName("confirmKindButton")
        self.confirm_kind_button.clicked.connect(self._on_confirm_kind_clicked)
        self.confirm_kind_button.hide()
        row = self.button_grid = QGridLayout()
        self.other_label = QLabel(self.tr("Другой документ:"))
        self.other_label.setBuddy(self.add_kind)
        self.add_kind.setAccessibleName(self.tr("Вид другого документа"))
        self.other_grid = QGridLayout()
        row.addLayout(self.other_grid, 2, 0, 1, 3)
        self._arrange_buttons()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 2)
        layout.addLayout(row)
        layout.addWidget(self.copy_strip)
        self.copy_strip.hide()  # shown when the document has copies
        layout.addWidget(self.no_snils)
        layout.addWidget(QLabel(self.tr("Проверка:")))
        layout.addWidget(self.findings, 1)
        layout.addWidget(self.banner)
        confirm_row = QHBoxLayout()
        confirm_row.addWidget(self.confirm_kind_button)
        confirm_row.addStretch()
        layout.addLayout(confirm_row)
        self.setEnabled(False)

    def _current(self, callback: Callable[[T], None]) -> Callable[[T], None]:
        """``callback`` if nothing was cleared meanwhile, else a no-op: an answer about
        the previous applicant must not land on the next one's screen."""
        generation = self._generation

        def guarded(value: T) -> None:
            if generation == self._generation:
                callback(value)

        return guarded

    def _show_error(self, error: BaseException) -> None:
        self.banner.show_message(describe_error(error), "error")

    def unsaved_work(self) -> str | None:
        """What ``clear`` would throw away, in a sentence, or None: a document being typed
        from its original, a copy waiting for the clerk's word."""
        dialog = self.dialog
        if (dialog is not None and shiboken6.isValid(dialog) and dialog.isVisible()
                and dialog.changed()):
            return self.tr("Не сохранена сверка документа «{0}».").format(
                KIND_TITLES[dialog.kind])
        if self.held is not None:
            return self.tr("Копия {0} ждёт подтверждения, что это тот документ.").format(
                self.held.name)
        return None

    def clear(self) -> None:
        """Forget the visit: no row, copy, finding, banner or open dialog of it stays."""
        self._generation += 1
        self.visit_id = None
        self.state = None
        for dialog in (self.dialog, self.capture_dialog, self.viewer):
            if dialog is not None:
                dialog.reject()
                dialog.deleteLater()
        self.dialog = self.capture_dialog = self.viewer = None
        self.table.setRowCount(0)
        self._clear_thumbs()
        self.findings.clear()
        self.banner.clear_message()
        self._forget_held()
        self.no_snils.blockSignals(True)
        self.no_snils.setChecked(False)
        self.no_snils.blockSignals(False)
        # Scans saved from now on are not this visit's; the next visit watches afresh.
        self.watch_timer.stop()
        self.watcher = None
        self.setEnabled(False)

    def load(self, visit_id: int) -> None:
        """Show a visit's checklist; another visit's screen is cleared first."""
        if visit_id != self.visit_id:
            self.clear()
        self.visit_id = visit_id
        folder = self.context.settings.scan_folder
        if folder and self.watcher is None:
            self.watcher = FolderWatcher(Path(folder))
            self.watch_timer.start()
        db = self.context.db

        def work() -> documents.Checklist:
            with db.read() as session:
                return documents.checklist(session, visit_id)

        BackgroundOp(self, work).success(self._current(self._show)).failure(
            self._current(self._show_error)).run()

    def _show(self, state: documents.Checklist) -> None:
        self.state = state
        self.setEnabled(True)
        self.table.setRowCount(len(state.documents))
        for index, doc in enumerate(state.documents):
            # The mark says it as well as the colour does.
            checked = "✗ " + self.tr("нет")
            if doc.brought:
                checked = ("⚠ " + self.tr("да, с оговоркой") if doc.override_reason
                           else "✓ " + self.tr("да"))
            cells = [self.tr(doc.title), f"{doc.series} {doc.number}".strip(),
                     doc.expiry_date.strftime("%d.%m.%Y") if doc.expiry_date else "—",
                     checked, str(doc.copies)]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 3:
                    item.setForeground(QColor(
                        "#8c1d18" if not doc.brought else
                        "#6b4d00" if doc.override_reason else "#1e5631"))
                    if doc.override_reason:
                        item.setToolTip(self.tr("Принят несмотря на замечание: {0}").format(
                            doc.override_reason))
                self.table.setItem(index, column, item)
        self.table.resizeColumnsToContents()
        self.no_snils.blockSignals(True)
        self.no_snils.setChecked(state.no_snils)
        self.no_snils.setVisible(not state.person.snils)
        self.no_snils.blockSignals(False)
        self.findings.clear()
        for finding in state.findings:
            prefix = "✗ " if finding.blocking else self.tr("⚠ предупреждение, можно продолжить: ")
            line = QListWidgetItem(prefix + finding.message)
            line.setData(Qt.ItemDataRole.UserRole, finding.field)
            line.setForeground(QColor("#8c1d18" if finding.blocking else "#6b4d00"))
            self.findings.addItem(line)
        if not state.findings:
            self.findings.addItem(QListWidgetItem(self.tr("✓ Всё сверено, нарушений нет.")))
        self._load_thumbs(self.table.currentRow())
        self.checklist_changed.emit(state)

    def _on_check_clicked(self) -> None:
        if self.state is None:
            return
        row = self.table.currentRow()
        if not 0 <= row < len(self.state.documents):
            self.banner.show_message(self.tr("Выберите документ в списке."), "warning")
            return
        doc = self.state.documents[row]
        self._open_dialog(doc.kind, doc)

    def _on_add_clicked(self) -> None:
        self._open_dialog(DocumentKind(self.add_kind.currentData()), None)

    def _open_dialog(self, kind: DocumentKind, row: documents.DocumentRow | None) -> None:
        if self.state is None:
            return
        read_copy = None
        if row is not None and row.copies:
            db, document_id = self.context.db, row.id

            def read_copy() -> object:
                with db.read() as session:
                    return documents.read_mrz_from_copies(session, document_id)

        dialog = DocumentDialog(kind, row, self.state, read_copy=read_copy,
                                camera=self._camera_source, parent=self)
        dialog.accepted.connect(lambda: self._save(dialog, row))
        self.dialog = dialog
        dialog.open()

    def _save(self, dialog: DocumentDialog, row: documents.DocumentRow | None) -> None:
        visit_id = self.visit_id
        assert visit_id is not None
        db, actor = self.context.db, self.context.actor
        values = dict(dialog.values)
        reason = dialog.override_reason

        def work() -> documents.Checklist:
            with db.write() as session:
                documents.save_document(session, actor, visit_id,
                                        document_id=row.id if row else None, kind=dialog.kind,
                                        version=row.version if row else None,
                                        override_reason=reason, **values)
                return documents.checklist(session, visit_id)

        def failed(error: BaseException) -> None:
            dialog.show_error(error)
            dialog.open()  # keep what was typed

        BackgroundOp(self, work).serial().success(self._current(self._on_saved)).failure(
            self._current(failed)).run()

    def _on_saved(self, state: documents.Checklist) -> None:
        self._show(state)
        self.context.notify(Changes(applications=False), self)

    # -- copies -----------------------------------------------------------------------

    def _camera_source(self, *, width: int = 1280, height: int = 720) -> FrameSource:
        """The desk's webcam (or the source the tests give)."""
        if self.source_factory is not None:
            return self.source_factory()
        from operator_app.scanning.sources import OpenCvSource

        return OpenCvSource(self.context.settings.camera_index, width=width, height=height)

    def _selected_document(self) -> documents.DocumentRow | None:
        row = self.table.currentRow()
        if self.state is None or not 0 <= row < len(self.state.documents):
            self.banner.show_message(self.tr("Выберите документ, к которому относится копия."),
                                     "warning")
            return None
        return self.state.documents[row]

    def _on_copy_clicked(self) -> None:
        document = self._selected_document()
        if document is None:
            return
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Копия документа"), str(Path.home()),
            self.tr("Изображения и PDF (*.jpg *.jpeg *.png *.pdf);;Все файлы (*)"))
        if path:
            self.add_copy(Path(path), document, source="file")

    def _on_camera_clicked(self) -> None:
        document = self._selected_document()
        if document is None:
            return
        source = self._camera_source(width=1920, height=1080)
        dialog = CaptureDialog(source, size_mm=copies.DOCUMENT_SIZES_MM.get(
            document.kind, (210.0, 297.0)), parent=self)
        dialog.accepted.connect(lambda: self._store_bytes(dialog.encoded(), "камера.jpg",
                                                          document, source="webcam"))
        self.capture_dialog = dialog
        dialog.open()

    def add_copy(self, path: Path, document: documents.DocumentRow, *, source: str) -> None:
        def read() -> bytes:
            # Never a hang on a FIFO or a device, never more than the limit in memory.
            return read_file(path)

        self._store_bytes(read, path.name, document, source=source)

    def _store_bytes(self, data_or_reader: bytes | Callable[[], bytes], name: str,
                     document: documents.DocumentRow, *, source: str,
                     kind_confirmed: bool = False) -> None:
        visit_id = self.visit_id
        db, actor = self.context.db, self.context.actor
        self._forget_held()  # a new file: the one waiting for a word is not taken

        def work() -> tuple[copies.CaptureResult, documents.Checklist, HeldCopy]:
            data = data_or_reader() if callable(data_or_reader) else data_or_reader
            assert visit_id is not None
            try:
                with db.write() as session:
                    result = copies.capture_file(session, actor, document_id=document.id,
                                                 visit_id=visit_id, data=data, name=name,
                                                 source=source, kind_confirmed=kind_confirmed)
                    return (result, documents.checklist(session, visit_id),
                            HeldCopy(data, name, document, source))
            except DatabaseUnreachable as error:
                # The server is away: the copy waits on this computer, not in memory only.
                holding.hold(data, name=name, visit_id=visit_id, document_id=document.id,
                             source=source, kind_confirmed=kind_confirmed)
                raise CopyHeldLocally(name, error) from error

        def failed(error: BaseException) -> None:
            if isinstance(error, CopyHeldLocally):
                self.banner.show_message(error.message, "warning")
                return
            self.banner.show_message(
                str(error) if isinstance(error, (ValueError, OSError)) else describe_error(error),
                "error")

        self.banner.show_message(self.tr("Проверка копии {0}…").format(name), "info")
        BackgroundOp(self, work).serial().success(self._current(self._on_copy_done)).failure(
            self._current(failed)).run()

    def _arrange_buttons(self) -> None:
        """The three ways to a document side by side, and «Другой документ» in one row, at the
        standard size of letters; larger letters give the check and that caption rows of
        their own, so that the panel still fits a small desk without scrolling sideways."""
        from operator_app.views.appearance import current_font_scale

        grid, other = self.button_grid, self.other_grid
        for button in (self.check_button, self.copy_button, self.camera_button):
            grid.removeWidget(button)
        for widget in (self.other_label, self.add_kind, self.add_button):
            other.removeWidget(widget)
        if current_font_scale() <= 100:
            grid.addWidget(self.check_button, 0, 0)
            grid.addWidget(self.copy_button, 0, 1)
            grid.addWidget(self.camera_button, 0, 2)
            other.addWidget(self.other_label, 0, 0)
            other.addWidget(self.add_kind, 0, 1)
            other.addWidget(self.add_button, 0, 2)
            other.setColumnStretch(0, 0)
            other.setColumnStretch(1, 1)
        else:
            grid.addWidget(self.check_button, 0, 0, 1, 2)
            grid.addWidget(self.copy_button, 1, 0)
            grid.addWidget(self.camera_button, 1, 1)
            other.addWidget(self.other_label, 0, 0, 1, 2)
            other.addWidget(self.add_kind, 1, 0)
            other.addWidget(self.add_button, 1, 1)
            other.setColumnStretch(0, 1)
            other.setColumnStretch(1, 0)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the clerk chose another size
            self._arrange_buttons()

    def store_held_copies(self) -> None:
        """The database is back: the copies held on this computer meanwhile are stored
        (each through the same checks as any copy), then removed from the folder."""
        db, actor = self.context.db, self.context.actor
        visit_id = self.visit_id

        def work() -> tuple[int, documents.Checklist | None]:
            stored = 0
            for held in holding.held():
                for visit in (held.visit_id, None):
                    try:
                        with db.write() as session:
                            copies.capture_file(session, actor, document_id=held.document_id,
                                                visit_id=visit, data=held.data(),
                                                name=held.name, source=held.source,
                                                kind_confirmed=held.kind_confirmed)
                    except ServiceError:
                        if visit is None:
                            raise
                        continue  # its visit has ended meanwhile: kept with the document
                    break
                held.release()
                stored += 1
            if visit_id is None:
                return stored, None
            with db.read() as session:
                return stored, documents.checklist(session, visit_id)

        def done(result: tuple[int, documents.Checklist | None]) -> None:
            stored, state = result
            if state is not None and self.visit_id == state.visit_id:
                self._show(state)
                self._thumbs_for = None
            if stored:
                self.banner.show_message(self.tr(
                    "Копии, снятые без связи с базой, записаны: {0}.").format(stored), "ok")

        if holding.held():
            BackgroundOp(self, work).serial().success(done).failure(
                lambda error: self.banner.show_message(describe_error(error), "error")).run()

    def _forget_held(self) -> None:
        self.held = None
        self.confirm_kind_button.hide()

    def _on_confirm_kind_clicked(self) -> None:
        """The clerk's word that the file is the document after all: stored, and said so."""
        held = self.held
        if held is None:
            return
        self._store_bytes(held.data, held.name, held.document, source=held.source,
                          kind_confirmed=True)

    def _clear_thumbs(self) -> None:
        self._thumbs_for = None
        self.copy_strip.clear()
        self.copy_strip.hide()

    def _load_thumbs(self, row: int) -> None:
        """The copies of the document in ``row``; none shown while another's would be."""
        if self.state is None or not 0 <= row < len(self.state.documents):
            self._clear_thumbs()
            return
        document = self.state.documents[row]
        if document.id != self._thumbs_for or not document.copies:
            self._clear_thumbs()
        if not document.copies:
            return
        self._thumbs_for = document.id
        db = self.context.db

        def work() -> list[copies.CopyThumb]:
            with db.read() as session:
                return copies.thumbnails(session, document.id)

        def show(thumbs: list[copies.CopyThumb]) -> None:
            if self._thumbs_for == document.id:  # the clerk may have moved on meanwhile
                self.copy_strip.show_thumbs(thumbs)

        BackgroundOp(self, work).success(self._current(show)).failure(
            self._current(self._show_error)).run()

    def _on_copy_activated(self, item: QListWidgetItem) -> None:
        image_id = item.data(Qt.ItemDataRole.UserRole)
        db = self.context.db

        def work() -> object:
            with db.read() as session:
                return copies.full_image(session, image_id)

        def show(image: object) -> None:
            self.viewer = CopyViewer(image, self.tr("Копия документа"), parent=self)
            self.viewer.open()

        BackgroundOp(self, work).success(self._current(show)).failure(
            self._current(self._show_error)).run()

    def _on_copy_done(self, result: tuple[copies.CaptureResult, documents.Checklist, HeldCopy]
                      ) -> None:
        capture, state, file = result
        self._show(state)
        if capture.held:
            # Kept, so that one click stores it if the clerk says it is the document.
            self.held = file
            self.confirm_kind_button.setText(self.tr(copies.KIND_CONFIRM.get(
                file.document.kind,
                QT_TRANSLATE_NOOP("ChecklistPanel", "Это действительно этот документ — принять"))))
            self.confirm_kind_button.show()
            lines = [self.tr("Копия не принята — {0}.").format(line) for line in capture.unlike]
            lines += [self.tr("Копия не принята — переснимите: {0}").format(line)
                      for line in capture.refused]
            self.banner.show_message(" ".join(lines) + self.tr(
                " Приложите другой файл или подтвердите, что это тот документ."), "error")
        elif capture.refused:
            self.banner.show_message(self.tr("Копия не принята — переснимите: {0}").format(
                " ".join(capture.refused)), "error")
        else:
            self.banner.show_message(self.tr("Копий сохранено: {0}.").format(
                len(capture.stored)), "ok")

    def _on_watch_timer_timeout(self) -> None:
        if self.watcher is None or not self.isEnabled():
            return
        for path in self.watcher.poll():
            document = self._selected_document()
            if document is None:
                return
            self.add_copy(path, document, source="scanner")

    def _on_no_snils_toggled(self, checked: bool) -> None:
        visit_id = self.visit_id
        if visit_id is None:
            return
        db, actor = self.context.db, self.context.actor

        def work() -> documents.Checklist:
            with db.write() as session:
                documents.note_no_snils(session, actor, visit_id, checked)
                return documents.checklist(session, visit_id)

        BackgroundOp(self, work).serial().success(self._current(self._show)).failure(
            self._current(self._show_error)).run()
