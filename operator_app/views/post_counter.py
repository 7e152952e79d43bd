"""The post counter: find the letter (scan its barcode with the webcam or a hand scanner,
or search by tracking number, passport number or name), check the passport, hand it over;
register letters as they arrive; the shift reconciliation; send back what was not claimed."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from operator_app.models import LetterState
from operator_app.scanning.mrz import MrzError, normalize_line, parse_mrz
from operator_app.services import letters, post
from operator_app.services.application_numbers import format_number
from operator_app.services.changes import Changes
from operator_app.services.errors import ServiceError, ValidationError
from operator_app.services.post import LetterRefused, RefusalReason
from operator_app.services.scan import ScanSource
from operator_app.settings import get_settings
from operator_app.views.context import DeskContext
from operator_app.views.i18n import QT_TRANSLATE_NOOP
from operator_app.views.operations import BackgroundOp
from operator_app.views.print_service import PrintError, print_document
from operator_app.views.scan_panel import ScanPanel
from operator_app.views.sections import (
    KeyStep,
    SectionPage,
    heading,
    local_time,
    make_table,
    with_key,
)
from operator_app.views.table_model import Column, RowTableModel, WordElideDelegate
from operator_app.views.widgets import Banner, Field, add_row, describe_error, give_key
from printing.letters import reconciliation_pdf

STATE_KIND = {
    LetterState.AT_OFFICE: "ok", LetterState.HANDED_OVER: "info",
    LetterState.RETURNED: "warning", LetterState.CREATED: "warning",
    LetterState.PRINTED: "warning", LetterState.IN_TRANSIT: "warning",
}


def _when(moment: dt.datetime | None) -> str:
    return local_time(moment) if moment is not None else "—"


def passport_from_scan(text: str) -> str | None:
    """The document number from a scanned MRZ (a document reader types its lines), or
    None if the text is not an MRZ or its check digits do not hold (a misread)."""
    if "<" not in text:
        return None
    lines = [normalize_line(line) for line in text.replace("\r", "\n").split("\n")
             if line.strip()]
    try:
        result = parse_mrz(lines)
    except MrzError:
        return None
    return result.fields.document_number if all(result.checks.values()) else None


class LetterCard(QGroupBox):
    """The letter the clerk is serving: who it is for, where it is, the passport check."""

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Письмо"))
        self.setObjectName("letterCard")
        self.values: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, title in [
            ("addressee_cyrillic", QT_TRANSLATE_NOOP("LetterCard", "Адресат")), ("addressee", QT_TRANSLATE_NOOP("LetterCard", "Латиницей")),
            ("tracking_number", QT_TRANSLATE_NOOP("LetterCard", "Трек-номер")), ("application", QT_TRANSLATE_NOOP("LetterCard", "Заявление")),
            ("state", QT_TRANSLATE_NOOP("LetterCard", "Состояние")), ("office", QT_TRANSLATE_NOOP("LetterCard", "Отделение")), ("arrived", QT_TRANSLATE_NOOP("LetterCard", "Поступило")),
            ("return_due", QT_TRANSLATE_NOOP("LetterCard", "Хранится до")), ("passport_hint", QT_TRANSLATE_NOOP("LetterCard", "Документ")),
        ]:
            value = QLabel("—")
            value.setObjectName(f"letter_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = value
            form.addRow(self.tr(title), value)
        self.passport = Field(placeholder=self.tr("С паспорта в руках"))
        self.passport.edit.setToolTip(self.tr("Введите номер с паспорта, который держите в "
                                              "руках, или сканируйте его MRZ"))
        self.passport.edit.setObjectName("passportEdit")
        self.passport.edit.setMaxLength(40)
        self.hand_over_button = QPushButton(self.tr("Паспорт сверен — выдать письмо"))
        self.hand_over_button.setObjectName("handOverButton")
        self.hand_over_button.setDefault(True)
        self.banner = Banner()
        check = QFormLayout()
        add_row(check, self.tr("&Паспорт №"), self.passport)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(check)
        layout.addWidget(self.hand_over_button)
        layout.addWidget(self.banner)
        layout.addStretch()
        self.row: letters.LetterRow | None = None
        self.show_letter(None)

    def show_letter(self, row: letters.LetterRow | None) -> None:
        """Show ``row`` (None: no letter). The passport typed and its error stay only while
        the same letter is shown again (a refresh), never for another one."""
        same = row is not None and self.row is not None and \
            row.tracking_number == self.row.tracking_number
        self.row = row
        if row is None:
            for label in self.values.values():
                label.setText("—")
            self.values["addressee_cyrillic"].setText(
                self.tr("Сканируйте штрихкод письма или найдите его по паспорту или фамилии."))
        else:
            values = {
                "addressee_cyrillic": row.addressee_cyrillic or row.addressee,
                "addressee": row.addressee, "tracking_number": row.tracking_number,
                "application": format_number(row.application_number),
                "state": row.state_title,
                "office": f"{row.office_index} {row.office_name}".strip(),
                "arrived": _when(row.arrived_at),
                "return_due": _when(row.return_due_at),
                "passport_hint": row.passport_hint or "—",
            }
            for key, text in values.items():
                self.values[key].setText(text)
        at_office = row is not None and row.state is LetterState.AT_OFFICE
        self.passport.setEnabled(at_office)
        self.hand_over_button.setEnabled(at_office)
        if not (same and at_office):
            self.passport.edit.clear()
            self.passport.set_error("")


class ReconciliationDialog(QDialog):
    """The shift's letters for a day: received, handed over, returned, held, due back."""

    def __init__(self, context: DeskContext, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("reconciliationDialog")
        self.setWindowTitle(self.tr("Сверка смены"))
        self.result_: post.Reconciliation | None = None
        self._request = 0
        self.day = QDateEdit(QDate.currentDate())
        self.day.setObjectName("reconciliationDay")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd.MM.yyyy")
        self.day.setMaximumDate(QDate.currentDate())
        self.day.dateChanged.connect(lambda _date: self.load())
        self.counts: dict[str, QLabel] = {}
        grid = QGridLayout()
        for i, (key, title) in enumerate([
            ("received", QT_TRANSLATE_NOOP("ReconciliationDialog", "Поступило за день")), ("handed_over", QT_TRANSLATE_NOOP("ReconciliationDialog", "Выдано")),
            ("returned", QT_TRANSLATE_NOOP("ReconciliationDialog", "Возвращено")), ("held", QT_TRANSLATE_NOOP("ReconciliationDialog", "На хранении к концу дня")),
            ("due_for_return", QT_TRANSLATE_NOOP("ReconciliationDialog", "К возврату в ближайшие дни (и просрочено)")),
        ]):
            grid.addWidget(QLabel(self.tr(title)), i, 0)
            count = QLabel("—")
            count.setObjectName(f"count_{key}")
            count.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.counts[key] = count
            grid.addWidget(count, i, 1)
        self.due_list = QListWidget()
        self.due_list.setObjectName("dueList")
        self.due_list.setAccessibleName(self.tr("Срок хранения истекает"))
        self.banner = Banner()
        self.print_button = QPushButton(self.tr("Печать…"))
        give_key(self.print_button, "Ctrl+P")
        self.print_button.setObjectName("printReconciliation")
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self._on_print_clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Закрыть"))
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("&День:")))
        top.itemAt(0).widget().setBuddy(self.day)  # type: ignore[union-attr]
        top.addWidget(self.day)
        top.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid)
        layout.addWidget(QLabel(self.tr("Срок хранения истекает:")))
        layout.addWidget(self.due_list, 1)
        layout.addWidget(self.banner)
        layout.addWidget(buttons)
        self.resize(560, 480)

    def load(self) -> None:
        db, actor = self.context.db, self.context.actor
        day: dt.date = self.day.date().toPython()  # type: ignore[assignment]
        days = get_settings().post_storage_days

        self._request += 1
        request = self._request

        def work() -> post.Reconciliation:
            with db.read() as session:
                return post.reconciliation(session, actor, None, day, storage_days=days)

        def done(rec: post.Reconciliation) -> None:
            if request == self._request:
                self._show(rec)

        BackgroundOp(self, work).success(done).failure(
            lambda error: self.banner.show_message(describe_error(error), "error")).run()

    def _show(self, rec: post.Reconciliation) -> None:
        self.result_ = rec
        for key, label in self.counts.items():
            label.setText(str(len(getattr(rec, key))))
        self.due_list.clear()
        overdue = {r.tracking_number for r in rec.overdue}
        for row in rec.due_for_return:
            mark = self.tr("просрочено") if row.tracking_number in overdue else ""
            self.due_list.addItem(f"{row.tracking_number} · {row.addressee} · "
                                  f"{self.tr('до')} {_when(row.return_due_at)} {mark}".strip())
        if not rec.due_for_return:
            self.due_list.addItem(self.tr("Нет писем, которые скоро возвращать."))
        self.print_button.setEnabled(True)

    def _on_print_clicked(self) -> None:
        if self.result_ is None:
            return
        try:
            message = print_document(self, reconciliation_pdf(self.result_),
                                     f"сверка {self.result_.office_index} {self.result_.day}")
        except PrintError as error:
            self.banner.show_message(str(error), "error")
            return
        if message:
            self.banner.show_message(message, "ok")


class PostCounterSection(SectionPage):
    """Letters with confirmation codes at this post office, and their hand-over."""

    def __init__(self, context: DeskContext, *, parent: QWidget | None = None) -> None:
        super().__init__(context, parent=parent)
        self.scan_panel = ScanPanel(idle_text=self.tr(
            "Камера выключена.\nПоднесите штрихкод письма к камере или сканируйте его ручным "
            "сканером."))
        self.scan_panel.code_read.connect(
            lambda text, source, _format: self.handle_scan(text, ScanSource(source)))
        self.scan_panel.message.connect(self.banner.show_message)
        self.search = Field(placeholder=self.tr("Трек-номер, номер паспорта или фамилия — "
                                                "и Enter"))
        self.search.edit.setObjectName("postSearchEdit")
        self.search.edit.setClearButtonEnabled(True)
        self.search.edit.returnPressed.connect(self._on_search_submitted)
        self.search.edit.textChanged.connect(self._on_search_text_changed)
        self.search_button = QPushButton(self.tr("Найти"))
        self.search_button.clicked.connect(self._on_search_submitted)
        self.model: RowTableModel[letters.LetterRow] = RowTableModel([
            Column(self.tr("Трек-номер"), lambda r: r.tracking_number),
            Column(self.tr("Адресат"), lambda r: r.addressee_cyrillic or r.addressee,
                   tooltip=lambda r: f"{r.addressee_cyrillic}\n{r.addressee}".strip()),
            Column(self.tr("Латиницей"), lambda r: r.addressee, tooltip=lambda r: r.addressee),
            Column(self.tr("Состояние"), lambda r: r.state_title,
                   sort_key=lambda r: list(LetterState).index(r.state)),  # as they go
            Column(self.tr("Хранится до"),  # the day; the card has the hour
                   lambda r: f"{r.return_due_at.astimezone():%d.%m.%Y}" if r.return_due_at
                   else "—",
                   sort_key=lambda r: r.return_due_at or dt.datetime.max.replace(tzinfo=dt.UTC)),
        ])
        self.table = make_table(self.model, "letterTable")
        self.table.setAccessibleName(self.tr("Письма отделения"))
        # The latest change first, as the service answers, until a header is clicked.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        # The names share what the other columns leave, each cut after a whole word (whole in
        # the tooltip): the list fits its half of a small screen without scrolling sideways;
        # where it is narrow the Latin name is left to the tooltip and the card.
        for column in (1, 2):
            self.table.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.Stretch)
            self.table.setItemDelegateForColumn(column, WordElideDelegate(self.table))
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.installEventFilter(self)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._on_row_selected(current.row()))
        self.card = LetterCard()
        self.card.hand_over_button.clicked.connect(self._on_hand_over_clicked)
        self.card.passport.edit.returnPressed.connect(self._on_hand_over_clicked)
        self.receive_button = QPushButton(self.tr("Приёмка писем"))
        self.receive_button.setObjectName("receiveButton")
        self.receive_button.setCheckable(True)
        self.receive_button.setToolTip(self.tr("Включите, когда пришла почта: каждое "
                                               "сканированное письмо отмечается поступившим"))
        self.receive_button.toggled.connect(self._on_receive_toggled)
        self.reconcile_button = QPushButton(self.tr("Сверка смены…"))
        self.reconcile_button.setObjectName("reconcileButton")
        self.reconcile_button.clicked.connect(self._on_reconcile_clicked)
        self.return_button = QPushButton(self.tr("Вернуть невостребованные…"))
        self.return_button.setObjectName("returnButton")
        self.return_button.clicked.connect(self._on_return_clicked)
        self.reconciliation: ReconciliationDialog | None = None
        self.last_refusal: RefusalReason | None = None
        self._request = 0
        self._focus = 0  # which letter the counter serves; a switch makes older answers moot
        self._selecting = False  # the list follows the card: not a switch

        title_row = QHBoxLayout()
        title_row.addWidget(heading(self.tr("Выдача писем с кодами")))
        title_row.addStretch()
        for button in (self.receive_button, self.reconcile_button, self.return_button):
            title_row.addWidget(button)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.search_button, 0, Qt.AlignmentFlag.AlignTop)
        left = QSplitter(Qt.Orientation.Vertical)
        left.setChildrenCollapsible(False)
        left.addWidget(self.scan_panel)
        left.addWidget(self.table)
        left.setStretchFactor(0, 0)
        left.setStretchFactor(1, 1)  # the list takes the height; the camera what it needs
        left.setSizes([240, 600])
        columns = QSplitter()
        columns.setChildrenCollapsible(False)
        columns.addWidget(left)
        columns.addWidget(self.card)
        columns.setStretchFactor(0, 3)  # the list's names need the room more than the card
        columns.setStretchFactor(1, 2)
        columns.setSizes([600, 400])
        layout = QVBoxLayout(self)
        layout.addLayout(title_row)
        layout.addLayout(search_row)
        layout.addWidget(self.banner)
        layout.addWidget(columns, 1)
        self.setFocusProxy(self.search.edit)
        self.menu_title = self.tr("&Письма")
        self.key_steps = [
            KeyStep("Ctrl+F", self.tr("Найти письмо"), self.search.edit),
            KeyStep("F3", self.tr("Список писем"), self._focus_list),
            KeyStep("F2", self.tr("Номер паспорта"), self.card.passport.edit),
            KeyStep("F4", self.tr("Паспорт сверен — выдать письмо"),
                    self.card.hand_over_button),
            KeyStep("F6", self.tr("Приёмка писем (вкл./выкл.)"), self.receive_button),
            KeyStep("F7", self.tr("Сверка смены…"), self.reconcile_button),
            KeyStep("F8", self.tr("Вернуть невостребованные…"), self.return_button),
        ]
        for step in self.key_steps:
            if isinstance(step.target, QWidget):
                step.target.setToolTip(with_key(step.target.toolTip(), step.key))
        self.search_button.setToolTip(self.search.edit.toolTip())
        # Tab goes where the clerk's eyes go: search, the list, the passport, the hand-over.
        QWidget.setTabOrder(self.search.edit, self.search_button)
        QWidget.setTabOrder(self.search_button, self.table)
        QWidget.setTabOrder(self.table, self.card.passport.edit)
        QWidget.setTabOrder(self.card.passport.edit, self.card.hand_over_button)
        self.refresh()

    def _focus_list(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.table.currentIndex().row() < 0 and self.model.rowCount():
            self.table.selectRow(0)

    NARROW_LIST = 760  # px: below it the list shows one name, not two

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self.table.setColumnHidden(2, self.table.width() < self.NARROW_LIST)
        return super().eventFilter(watched, event)

    # -- one letter in focus -------------------------------------------------------------

    def _switch(self) -> int:
        """Another letter (or none) comes into focus: nothing of the previous one stays — its
        card, the passport typed for it and its error, its banners, its row in the list.
        Returns the new focus, for the answers that arrive later to check."""
        self._focus += 1
        self.last_refusal = None
        self.card.show_letter(None)
        self.card.banner.clear_message()
        self.banner.clear_message()
        self._select_in_list(None)
        return self._focus

    def _select_in_list(self, tracking: str | None) -> None:
        """Mark the card's letter in the list (or nothing), without switching to it."""
        self._selecting = True
        try:
            rows = [r.tracking_number for r in self.model.rows]
            if tracking in rows:
                self.table.selectRow(rows.index(tracking))
            else:
                self.table.clearSelection()
                self.table.setCurrentIndex(self.model.index(-1, -1))
        finally:
            self._selecting = False

    # -- the list --------------------------------------------------------------------

    def refresh(self, *, search: bool = False) -> None:
        """Reload the list. ``search``: the clerk asked, so the answer is said — the one
        letter found opens, none or several are told on the banner."""
        db, actor, query = self.context.db, self.context.actor, self.search.text()
        days = get_settings().post_storage_days
        self._request += 1
        request = self._request
        focus = self._focus

        def work() -> list[letters.LetterRow]:
            with db.read() as session:
                return letters.find_letters(session, actor, query, storage_days=days)

        def done(rows: list[letters.LetterRow]) -> None:
            if request == self._request:  # an older, slower search must not win
                self._on_rows(rows, announce=search and focus == self._focus)

        self.run(work, done)  # type: ignore[arg-type]

    def _on_search_text_changed(self, text: str) -> None:
        if not text.strip():
            self.refresh()  # the query cleared: every letter of the office again

    def _on_search_submitted(self) -> None:
        text = self.search.text().strip()
        try:
            post.parse_tracking_number(text)
        except ValidationError:
            self._switch()
            self.refresh(search=True)
            return
        self.handle_scan(text, ScanSource.TYPED)

    def _on_rows(self, rows: list[letters.LetterRow], *, announce: bool = False) -> None:
        self.model.set_rows(rows)
        shown = self.card.row
        if shown is not None:
            # A refresh: the card takes the letter's new state, its passport kept.
            fresh = next((r for r in rows if r.tracking_number == shown.tracking_number), None)
            if fresh is not None and fresh != shown:
                self._show(fresh, announce=False, take_focus=False)
            self._select_in_list(shown.tracking_number)
        if not announce:
            if not rows and not self.search.text().strip():
                self.banner.show_message(self.tr("Писем для этого отделения пока нет."),
                                         "info")
            return
        if len(rows) == 1:
            self.table.selectRow(0)  # the one letter found opens
        elif rows:
            self.banner.show_message(self.tr("Найдено писем: {0}. Выберите письмо адресата в "
                                             "списке.").format(len(rows)), "info")
        else:
            self.banner.show_message(self.tr("Писем по этому запросу в отделении нет."),
                                     "warning")

    def _on_row_selected(self, row: int) -> None:
        if self._selecting or not 0 <= row < self.model.rowCount():
            return
        letter = self.model.row_at(row)
        if self.card.row is None or self.card.row.tracking_number != letter.tracking_number:
            self._switch()
            self._select_in_list(letter.tracking_number)
        # Walking the list with the arrow keys leaves the focus in the list.
        self._show(letter, announce=False, take_focus=not self.table.hasFocus())

    # -- a scan: a letter's barcode, or the passport's MRZ ----------------------------

    def handle_scan(self, text: str, source: ScanSource) -> None:
        number = passport_from_scan(text)
        if number is not None:
            if self.card.row is not None and self.card.passport.isEnabled():
                self.card.passport.edit.setText(number)
                self.card.passport.set_error("")
                self.card.hand_over_button.setFocus()
            else:
                self.banner.show_message(self.tr("Сначала найдите письмо, затем сканируйте "
                                                 "паспорт."), "info")
            return
        self._switch()  # whatever was read, the letter on the card is no longer the one
        try:
            tracking = post.parse_tracking_number(text)
        except ValidationError as error:
            self.banner.show_message(error.message, "error")
            return
        if self.receive_button.isChecked():
            self._receive(tracking)
        else:
            self._open(tracking)

    def _open(self, tracking: str) -> None:
        db, actor = self.context.db, self.context.actor
        days = get_settings().post_storage_days
        focus = self._focus

        def work() -> letters.LetterRow:
            with db.read() as session:
                return post.letter_view(session, actor, tracking, storage_days=days)

        def done(row: letters.LetterRow) -> None:
            if focus == self._focus:  # not if another letter was scanned meanwhile
                self._show(row, announce=True)
                self._select_in_list(row.tracking_number)

        def failed(error: BaseException) -> None:
            if focus == self._focus:  # on an empty card: the switch cleared it
                self.banner.show_message(describe_error(error), "error")

        BackgroundOp(self, work).success(done).failure(failed).run()

    def _show(self, row: letters.LetterRow, *, announce: bool, take_focus: bool = True
              ) -> None:
        self.card.show_letter(row)
        self.card.banner.clear_message()
        if announce:
            self.banner.show_message(self.tr("Письмо {0}: {1}.").format(
                row.tracking_number, row.state_title), STATE_KIND[row.state])
        if row.state is LetterState.AT_OFFICE:
            if take_focus:
                self.card.passport.edit.setFocus()  # the passport in hand is next
        elif row.state is LetterState.HANDED_OVER:
            self.card.banner.show_message(self.tr("Уже вручено {0}.").format(
                _when(row.handed_over_at)), "warning")
        elif row.state is LetterState.RETURNED:
            self.card.banner.show_message(self.tr("Письмо возвращено отправителю: срок "
                                                  "хранения истёк, код отозван."), "warning")
        else:
            self.card.banner.show_message(self.tr("Письмо ещё не отмечено поступившим: "
                                                  "включите «Приёмка писем» и сканируйте его."),
                                          "warning")

    def _on_receive_toggled(self, on: bool) -> None:
        self.receive_button.setText(self.tr("Приёмка писем: вкл.") if on
                                    else self.tr("Приёмка писем"))
        self.banner.show_message(
            self.tr("Приёмка: сканируйте каждое поступившее письмо.") if on
            else self.tr("Приёмка закончена."), "info")

    def _receive(self, tracking: str) -> None:
        db, actor = self.context.db, self.context.actor

        def work() -> list[letters.LetterRow]:
            with db.write() as session:
                return post.mark_arrived(session, actor, [tracking])

        def done(rows: list[letters.LetterRow]) -> None:
            self.banner.show_message(self.tr("Поступило: {0} — {1}.").format(
                tracking, rows[0].addressee_cyrillic or rows[0].addressee), "ok")
            self.context.notify(Changes(letters=True), self)
            self.refresh()

        self.run(work, done, write=True)  # type: ignore[arg-type]

    # -- the hand-over ------------------------------------------------------------------

    def _on_hand_over_clicked(self) -> None:
        row = self.card.row
        if row is None or not self.card.hand_over_button.isEnabled():
            return
        db, actor = self.context.db, self.context.actor
        typed = self.card.passport.text()
        focus = self._focus
        self.card.hand_over_button.setEnabled(False)

        def work() -> letters.LetterRow:
            with db.write() as session:
                return post.hand_over(session, actor, row.tracking_number, typed)

        BackgroundOp(self, work).serial().success(
            lambda done: self._on_handed_over(done, focus)).failure(
            lambda error: self._on_hand_over_failed(row, error, focus)).run()

    def _on_handed_over(self, row: letters.LetterRow, focus: int) -> None:
        self.context.notify(Changes(letters=True), self)
        if focus != self._focus:  # the clerk is on another letter already: the list says it
            self.refresh()
            return
        # The applicant leaves with the letter: the card is cleared for the next one, the
        # banner says what was done until then.
        self._switch()
        self.banner.show_message(self.tr("Письмо {0} вручено: {1}. Код — в письме; в журнале "
                                         "записано, кто и когда выдал.").format(
            row.tracking_number, row.addressee_cyrillic or row.addressee), "ok")
        self.search.edit.selectAll()
        self.search.edit.setFocus()  # the next applicant in the queue
        self.refresh()

    def _on_hand_over_failed(self, row: letters.LetterRow, error: BaseException,
                             focus: int) -> None:
        if isinstance(error, LetterRefused):
            self._record_refusal(row.tracking_number, error)
        if focus != self._focus:
            return  # said of a letter no longer on the card: not under another's passport
        self.card.hand_over_button.setEnabled(self.card.row is not None and
                                              self.card.row.state is LetterState.AT_OFFICE)
        self.last_refusal = error.reason if isinstance(error, LetterRefused) else None
        if isinstance(error, ServiceError) and error.field == "passport":
            self.card.passport.set_error(error.message)
            self.card.passport.edit.selectAll()
            self.card.passport.edit.setFocus()
            return
        self.card.banner.show_message(describe_error(error), "error")

    def _record_refusal(self, tracking: str, refusal: LetterRefused) -> None:
        db, actor = self.context.db, self.context.actor

        def work() -> None:
            with db.write() as session:
                post.record_refusal(session, actor, tracking, refusal)

        BackgroundOp(self, work).serial().failure(
            lambda error: self.banner.show_message(describe_error(error), "error")).run()

    # -- the shift -----------------------------------------------------------------------

    def _on_reconcile_clicked(self) -> None:
        dialog = ReconciliationDialog(self.context, parent=self)
        self.reconciliation = dialog
        dialog.finished.connect(lambda _result: setattr(self, "reconciliation", None))
        dialog.open()
        dialog.load()

    def _on_return_clicked(self) -> None:
        days = get_settings().post_storage_days
        answer = QMessageBox.question(
            self, self.tr("Вернуть невостребованные"),
            self.tr("Вернуть отправителю письма, пролежавшие в отделении больше {0} дней? Их "
                    "коды будут отозваны.").format(days))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.return_expired()

    def return_expired(self) -> None:
        db, actor = self.context.db, self.context.actor
        days = get_settings().post_storage_days

        def work() -> list[letters.LetterRow]:
            with db.write() as session:
                return post.return_expired(session, actor, storage_days=days)

        def done(rows: list[letters.LetterRow]) -> None:
            self.banner.show_message(
                self.tr("Возвращено писем: {0}; их коды отозваны.").format(len(rows)) if rows
                else self.tr("Невостребованных писем с истёкшим сроком нет."),
                "ok" if rows else "info")
            self.context.notify(Changes(letters=True), self)
            self.refresh()

        self.run(work, done, write=True)  # type: ignore[arg-type]

    def on_changes(self, changes: Changes) -> None:
        if changes.letters:
            self.refresh()
