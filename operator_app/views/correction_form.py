"""Correcting the account against the originals: the account's value, the corrected value
and the checked document's value side by side; every field validated as it is typed; the
changes previewed before the save; a reason required; a concurrent save by another desk
shown to the clerk, who re-applies their own corrections on top of it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from operator_app.messages import t
from operator_app.services import corrections, validators
from operator_app.services.application_numbers import format_number
from operator_app.services.corrections import Change, EditConflict, Form
from operator_app.services.errors import ValidationError
from operator_app.services.identifiers import format_snils
from operator_app.views.context import DeskContext
from operator_app.views.i18n import QT_TRANSLATE_NOOP
from operator_app.views.operations import BackgroundOp
from operator_app.views.widgets import Banner, Field, describe_error

# Groups of fields as the form shows them (every name is a key of corrections.FIELDS).
GROUPS: list[tuple[str, list[str]]] = [
    (QT_TRANSLATE_NOOP("CorrectionDialog", "Имя"), ["surname_latin", "given_names_latin", "surname_cyrillic",
             "given_names_cyrillic", "patronymic_cyrillic"]),
    (QT_TRANSLATE_NOOP("CorrectionDialog", "Личные данные"), ["birth_date", "citizenship", "snils", "inn"]),
    (QT_TRANSLATE_NOOP("CorrectionDialog", "Связь"), ["phone", "email"]),
    (QT_TRANSLATE_NOOP("CorrectionDialog", "Адрес в России"), ["postal_code", "address_region", "address_city", "address_street",
                        "address_house", "address_flat"]),
]
PLACEHOLDERS = {
    "birth_date": QT_TRANSLATE_NOOP("CorrectionDialog", "ДД.ММ.ГГГГ"), "snils": "123-456-789 01", "inn": QT_TRANSLATE_NOOP("CorrectionDialog", "12 цифр"),
    "phone": "+7 916 123-45-67", "email": "name@example.ru", "postal_code": QT_TRANSLATE_NOOP("CorrectionDialog", "6 цифр"),
    "citizenship": QT_TRANSLATE_NOOP("CorrectionDialog", "страна или код"), "address_region": QT_TRANSLATE_NOOP("CorrectionDialog", "начните вводить название"),
    "address_house": QT_TRANSLATE_NOOP("CorrectionDialog", "12, 12А, 12 к. 2"), "address_flat": QT_TRANSLATE_NOOP("CorrectionDialog", "номер"),
}
NAME_PAIRS = {"surname_cyrillic": "surname_latin", "given_names_cyrillic": "given_names_latin"}


def shown_value(field: str, value: str) -> str:
    """How the clerk reads a stored value: СНИЛС grouped, citizenship by name."""
    if not value:
        return ""
    if field == "snils" and len(value) == 11:
        return format_snils(value)
    if field == "citizenship":
        name = validators.CITIZENSHIPS.get(value)
        return f"{name} ({value})" if name else value
    return value


class ConflictDialog(QMessageBox):
    """Another desk saved first: what they changed, and the clerk's two ways on."""

    def __init__(self, conflict: EditConflict, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(self.tr("Данные изменили за другим столом"))
        self.setText(self.tr("Пока вы исправляли, за другим столом сохранили изменения "
                             "этого заявителя. Ничего из ваших исправлений не записано."))
        lines = [f"• {c.title}: «{shown_value(c.field, c.old) or '—'}» → "
                 f"«{shown_value(c.field, c.new) or '—'}»" for c in conflict.theirs]
        self.setInformativeText(self.tr("Их изменения:") + "\n" + ("\n".join(lines) or "—"))
        self.reapply_button = self.addButton(self.tr("Внести мои исправления поверх"),
                                             QMessageBox.ButtonRole.AcceptRole)
        self.discard_button = self.addButton(self.tr("Отказаться от моих исправлений"),
                                             QMessageBox.ButtonRole.DestructiveRole)
        self.setDefaultButton(self.reapply_button)


class CorrectionDialog(QDialog):
    """Signals:
    saved(list): the changes written (corrections.Change), after a successful save.
    """

    saved = Signal(list)

    def __init__(self, context: DeskContext, form: Form, *,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("correctionDialog")
        self.context = context
        self.form = form
        self.conflict_dialog: ConflictDialog | None = None
        self.setWindowTitle(self.tr("Исправление данных — заявление {0}").format(
            format_number(form.application_number)))
        self.fields: dict[str, Field] = {}
        self.account_labels: dict[str, QLabel] = {}
        self.document_labels: dict[str, QLabel] = {}
        self.warnings: dict[str, str] = {}
        self.account_problems: dict[str, str] = {}  # field -> what is wrong in the account

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        for column, title in enumerate(["", self.tr("В учётной записи"),
                                        self.tr("Исправленное значение"),
                                        self.tr("В документе")]):
            header = QLabel(title)
            header.setObjectName("columnHeader")
            grid.addWidget(header, 0, column)
        row = 1
        for group, names in GROUPS:
            caption = QLabel(self.tr(group))
            caption.setObjectName("groupCaption")
            grid.addWidget(caption, row, 0, 1, 4)
            row += 1
            for name in names:
                self._add_field(grid, row, name)
                row += 1
        grid.setColumnStretch(2, 1)
        inner = QWidget()
        inner.setLayout(grid)
        scroll = self.fields_area = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scroll.setMinimumHeight(260)

        self.preview = QTableWidget(0, 3)
        self.preview.setObjectName("correctionPreview")
        self.preview.setAccessibleName(self.tr("Что изменится"))
        self.preview.setHorizontalHeaderLabels([self.tr("Поле"), self.tr("Было"),
                                                self.tr("Станет")])
        self.preview.verticalHeader().hide()
        self.preview.horizontalHeader().setStretchLastSection(True)
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview.setMaximumHeight(120)
        self.preview_caption = QLabel()
        self.preview_caption.setObjectName("previewCaption")

        self.reason = QComboBox()
        self.reason.setObjectName("correctionReason")
        self.reason.setPlaceholderText(self.tr("Выберите причину"))
        for reason in corrections.REASONS:
            self.reason.addItem(t(reason), reason)
        self.reason.setCurrentIndex(-1)
        self.reason.currentIndexChanged.connect(lambda _index: self._refresh())
        self.reason_note = QLineEdit()
        self.reason_note.setObjectName("correctionReasonNote")
        self.reason_note.setPlaceholderText(self.tr("Пояснение (необязательно): какой "
                                                    "документ, что было неверно"))
        self.reason_note.setMaxLength(300)
        reason_label = QLabel(self.tr("&Причина:"))
        reason_label.setBuddy(self.reason)
        reason_row = QHBoxLayout()
        reason_row.addWidget(reason_label)
        reason_row.addWidget(self.reason)
        reason_row.addWidget(self.reason_note, 1)

        self.banner = Banner()
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(self.tr("Сохранить исправления"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("saveCorrections")
        self.save_button.setDefault(True)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("Отмена"))
        buttons.accepted.connect(self._on_save_clicked)
        buttons.rejected.connect(self.reject)

        note = QLabel(self.tr("Сверяйте с оригиналами. Исправление вносится в это же "
                              "заявление; каждое изменённое поле попадает в журнал с "
                              "причиной."))
        note.setObjectName("muted")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.preview_caption)
        layout.addWidget(self.preview)
        layout.addLayout(reason_row)
        layout.addWidget(self.banner)
        layout.addWidget(buttons)
        self.resize(900, 680)
        self._fill(form.account)
        self._refresh()

    # -- building --------------------------------------------------------------------

    def _add_field(self, grid: QGridLayout, row: int, name: str) -> None:
        title, _validate = corrections.FIELDS[name]
        caption = QLabel(t(title))
        account = QLabel()
        account.setObjectName(f"account_{name}")
        account.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        field = Field(placeholder=self.tr(PLACEHOLDERS.get(name, "")))
        field.edit.setObjectName(f"fix_{name}")
        field.edit.setAccessibleName(t(title))
        caption.setBuddy(field.edit)
        field.edit.textEdited.connect(lambda _text, n=name: self._on_edited(n))
        self.fields[name] = field
        self.account_labels[name] = account
        document = QWidget()
        document_row = QHBoxLayout(document)
        document_row.setContentsMargins(0, 0, 0, 0)
        value = QLabel()
        value.setObjectName(f"document_{name}")
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.document_labels[name] = value
        document_row.addWidget(value, 1)
        if name in self.form.documents:
            take = QPushButton(self.tr("← взять"))
            take.setObjectName(f"take_{name}")
            take.setToolTip(self.tr("Перенести значение из документа ({0})").format(
                self.form.document_titles.get(name, "")))
            take.clicked.connect(lambda _checked=False, n=name: self._take_from_document(n))
            document_row.addWidget(take)
        if name in NAME_PAIRS:
            suggest = QPushButton(self.tr("по латинице"))
            suggest.setObjectName(f"suggest_{name}")
            suggest.setToolTip(self.tr("Предложить русскую запись по латинской — затем "
                                       "сверьте с переводом паспорта"))
            suggest.clicked.connect(lambda _checked=False, n=name: self._suggest(n))
            document_row.addWidget(suggest)
        if name == "citizenship":
            self._complete(field, [f"{n} ({c})" for c, n in validators.CITIZENSHIPS.items()])
        elif name == "address_region":
            self._complete(field, list(validators.REGIONS))
        grid.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(account, row, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(field, row, 2)
        grid.addWidget(document, row, 3, Qt.AlignmentFlag.AlignTop)

    def _complete(self, field: Field, items: list[str]) -> None:
        completer = QCompleter(sorted(items), field.edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(lambda _text, f=field: self._on_edited(
            next(n for n, x in self.fields.items() if x is f)))
        field.edit.setCompleter(completer)

    def _fill(self, account: dict[str, str]) -> None:
        self.account_problems = {}
        for name, field in self.fields.items():
            shown = shown_value(name, account.get(name, ""))
            field.edit.setText(shown)
            problem = ""
            if shown:
                try:
                    corrections.FIELDS[name][1](shown)
                except ValidationError as error:  # wrong already in the account: say so
                    problem = self.tr("В учётной записи: ") + error.message
            self.account_problems[name] = problem
            field.set_warning(problem)
        self._show_account(account)

    def _show_account(self, account: dict[str, str]) -> None:
        for name, label in self.account_labels.items():
            label.setText(shown_value(name, account.get(name, "")) or "—")
            document = self.form.documents.get(name, "")
            shown = shown_value(name, document)
            differs = bool(document) and document != account.get(name, "")
            self.document_labels[name].setText(
                (f"<b>{shown}</b> ≠" if differs else shown) if document else "—")
            self.document_labels[name].setToolTip(
                self.tr("Отличается от учётной записи") if differs else "")

    # -- typing ------------------------------------------------------------------------

    def typed(self) -> dict[str, str]:
        """The fields the clerk changed (an untouched field is not re-validated: a wrong
        value already in the account must not block correcting another field)."""
        return {name: field.text() for name, field in self.fields.items()
                if field.text() != shown_value(name, self.form.account.get(name, ""))}

    def _validate(self, name: str) -> str:
        """The field's error (empty if valid or untouched)."""
        text = self.fields[name].text()
        if text == shown_value(name, self.form.account.get(name, "")):
            return ""
        try:
            corrections.diff(self.form.account, {name: text})
        except ValidationError as error:
            return error.message
        return ""

    def _on_edited(self, name: str) -> None:
        """The field's text changed — typed, picked, or taken from the document: its line
        under the field, the count of errors and the save button follow."""
        message = self._validate(name)
        if self.fields[name].text() == shown_value(name, self.form.account.get(name, "")):
            # Back to the account's value: no error, only what was said of it on opening.
            self.fields[name].set_warning(self.account_problems.get(name, ""))
        else:
            self.fields[name].set_error(message)
        if message:  # after the layout has made room for the message
            field = self.fields[name]
            QTimer.singleShot(0, lambda: self.fields_area.ensureWidgetVisible(field, 50, 80))
        for cyrillic, latin in NAME_PAIRS.items():
            if name in (cyrillic, latin):
                self._cross_check(cyrillic, latin)
        self._refresh()

    def _cross_check(self, cyrillic: str, latin: str) -> None:
        field = self.fields[cyrillic]
        if field.error:
            return
        warning = ""
        if field.text().strip() and self.fields[latin].text().strip() and not self._validate(
                latin) and not self._validate(cyrillic):
            found = validators.cross_check_names(self.fields[latin].text(), field.text())
            warning = found or ""
        field.set_warning(warning)

    def _take_from_document(self, name: str) -> None:
        self.fields[name].edit.setText(shown_value(name, self.form.documents[name]))
        self._on_edited(name)

    def _suggest(self, name: str) -> None:
        latin = self.fields[NAME_PAIRS[name]].text()
        if latin.strip():
            self.fields[name].edit.setText(validators.suggest_cyrillic(latin))
            self._on_edited(name)
        self.fields[name].edit.setFocus()

    def changes(self) -> list[Change]:
        """The diff preview: every valid field that differs from the account."""
        found: list[Change] = []
        for name, text in self.typed().items():
            try:
                found += corrections.diff(self.form.account, {name: text})
            except ValidationError:
                continue
        return found

    def errors(self) -> dict[str, str]:
        return {name: field.error for name, field in self.fields.items() if field.error}

    def reason_text(self) -> str:
        picked = self.reason.currentData()
        if not picked:
            return ""
        note = " ".join(self.reason_note.text().split())
        return f"{picked}: {note}" if note else str(picked)

    def _refresh(self) -> None:
        changes = self.changes()
        self.preview.setRowCount(len(changes))
        for row, change in enumerate(changes):
            for column, text in enumerate([change.title, shown_value(change.field, change.old),
                                           shown_value(change.field, change.new)]):
                item = QTableWidgetItem(text or "—")
                item.setData(Qt.ItemDataRole.UserRole, change.field)
                self.preview.setItem(row, column, item)
        self.preview.resizeColumnsToContents()
        errors = self.errors()
        caption = (self.tr("Изменится полей: {0}").format(len(changes)) if changes
                   else self.tr("Пока ничего не изменено."))
        if errors:
            caption += self.tr(" · исправьте ошибки: {0}").format(len(errors))
        self.preview_caption.setText(caption)
        self.save_button.setEnabled(bool(changes) and not errors
                                    and self.reason.currentIndex() >= 0)
        self.save_button.setToolTip(
            "" if self.save_button.isEnabled() else
            self.tr("Сначала исправьте ошибки") if errors else
            self.tr("Нет изменений") if not changes else self.tr("Выберите причину"))

    # -- saving ------------------------------------------------------------------------

    def _on_save_clicked(self) -> None:
        db, actor = self.context.db, self.context.actor
        form, typed, reason = self.form, self.typed(), self.reason_text()
        self.save_button.setEnabled(False)
        self.banner.show_message(self.tr("Сохранение…"), "info")

        def work() -> list[Change]:
            with db.write() as session:
                return corrections.apply(session, actor, form.visit_id, loaded=form.account,
                                         version=form.version, typed=typed, reason=reason)

        BackgroundOp(self, work).serial().success(self._on_saved).failure(
            self._on_save_failed).run()

    def _on_saved(self, changes: list[Change]) -> None:
        self.banner.clear_message()
        self.saved.emit(changes)
        self.accept()

    def _on_save_failed(self, error: BaseException) -> None:
        self._refresh()
        if isinstance(error, EditConflict):
            self.banner.show_message(str(error), "warning")
            self._show_conflict(error)
            return
        if isinstance(error, ValidationError) and error.field in self.fields:
            self.fields[error.field].set_error(error.message)
            self.banner.clear_message()
            self._refresh()
            return
        self.banner.show_message(describe_error(error), "error")

    def _show_conflict(self, conflict: EditConflict) -> None:
        dialog = ConflictDialog(conflict, parent=self)
        self.conflict_dialog = dialog

        def done(_result: int) -> None:
            self.conflict_dialog = None
            keep_mine = dialog.clickedButton() is not dialog.discard_button
            self._reload(keep_mine=keep_mine)

        dialog.finished.connect(done)
        dialog.open()

    def _reload(self, *, keep_mine: bool) -> None:
        """Load the account as the other desk left it; keep the clerk's own edits on top."""
        db, visit_id = self.context.db, self.form.visit_id
        mine = {change.field: self.fields[change.field].text() for change in self.changes()}

        def work() -> Form:
            with db.read() as session:
                return corrections.load(session, visit_id)

        def loaded(form: Form) -> None:
            self.form = form
            self._fill(form.account)
            if keep_mine:
                for name, text in mine.items():
                    self.fields[name].edit.setText(text)
                    self._on_edited(name)
                self.banner.show_message(self.tr(
                    "Загружены данные другого стола; ваши исправления внесены поверх — "
                    "проверьте список изменений и сохраните ещё раз."), "info")
            else:
                self.banner.show_message(self.tr("Загружены данные другого стола; ваши "
                                                 "исправления отброшены."), "info")
            self._refresh()

        BackgroundOp(self, work).success(loaded).failure(
            lambda error: self.banner.show_message(describe_error(error), "error")).run()

    def reject(self) -> None:
        """Typed corrections are never dropped without the clerk saying so."""
        if self.changes() and not self._confirm_discard():
            return
        super().reject()

    confirm_discard: Callable[[QWidget], bool] | None = None  # tests answer for the clerk

    def _confirm_discard(self) -> bool:
        if self.confirm_discard is not None:
            return self.confirm_discard(self)
        answer = QMessageBox.question(
            self, self.tr("Исправления не сохранены"),
            self.tr("Закрыть форму и отбросить несохранённые исправления?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard


def open_correction(context: DeskContext, visit_id: int, parent: QWidget,
                    on_open: Callable[[CorrectionDialog], None],
                    on_error: Callable[[BaseException], None]) -> None:
    """Load the form in the background, then show it (window-modal)."""
    db = context.db

    def work() -> Form:
        with db.read() as session:
            return corrections.load(session, visit_id)

    def show(form: Form) -> None:
        dialog = CorrectionDialog(context, form, parent=parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        on_open(dialog)
        dialog.open()

    BackgroundOp(parent, work).success(show).failure(on_error).run()


