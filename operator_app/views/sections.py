"""The role sections of the main window: desk, post counter, supervisor's log, operators."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from operator_app.models import LetterState, PointKind, Role
from operator_app.services import audit, journal, letters, operators
from operator_app.services.actor import ROLE_TITLES, Section
from operator_app.services.application_numbers import format_number
from operator_app.services.changes import Changes
from operator_app.services.errors import ServiceError
from operator_app.views.context import DeskContext
from operator_app.views.operations import BackgroundOp
from operator_app.views.table_model import Column, RowTableModel
from operator_app.views.widgets import Banner, Field, add_row, describe_error

ACCOUNT_STATUS_TITLES = {"pending": "ожидает подтверждения", "active": "активна",
                         "blocked": "заблокирована"}
METHOD_TITLES = {"service_center": "в центре обслуживания", "post": "письмом Почты России"}
LETTER_STATE_TITLES = {
    LetterState.CREATED: "создано", LetterState.PRINTED: "напечатано",
    LetterState.IN_TRANSIT: "в пути", LetterState.AT_OFFICE: "в отделении",
    LetterState.HANDED_OVER: "вручено", LetterState.RETURNED: "возвращено",
}


def local_time(moment: dt.datetime) -> str:
    return moment.astimezone().strftime("%d.%m.%Y %H:%M")


def heading(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.4)
    font.setBold(True)
    label.setFont(font)
    label.setObjectName("sectionHeading")
    return label


def make_table(model: RowTableModel, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setSortingEnabled(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


class SectionPage(QWidget):
    """Base of a section: knows the desk context and refreshes on relevant changes."""

    def __init__(self, context: DeskContext, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.banner = Banner()

    def on_changes(self, changes: Changes) -> None:
        """Refresh what this page shows, if ``changes`` touched it."""

    def run(self, fn: Callable[[], object], done: Callable[[object], None], *,
            write: bool = False, progress: str = "") -> None:
        op = BackgroundOp(self, fn).success(done).failure(self._on_failure)
        if progress:
            op = op.with_progress(progress)
        (op.serial() if write else op).run()

    def _on_failure(self, error: BaseException) -> None:
        self.banner.show_message(describe_error(error), "error")


# -- post counter ----------------------------------------------------------------------


class PostCounterSection(SectionPage):
    """Letters with confirmation codes waiting at this post office."""

    def __init__(self, context: DeskContext, *, parent: QWidget | None = None) -> None:
        super().__init__(context, parent=parent)
        self.search = Field(placeholder=self.tr("Трек-номер, номер паспорта или фамилия"))
        self.search.edit.setObjectName("postSearchEdit")
        self.search.edit.setClearButtonEnabled(True)
        self.search.edit.returnPressed.connect(self.refresh)
        self.model: RowTableModel[letters.LetterRow] = RowTableModel([
            Column(self.tr("Трек-номер"), lambda r: r.tracking_number),
            Column(self.tr("Адресат"), lambda r: r.addressee),
            Column(self.tr("Заявление"), lambda r: format_number(r.application_number)),
            Column(self.tr("Состояние"), lambda r: LETTER_STATE_TITLES[r.state]),
            Column(self.tr("С"), lambda r: local_time(r.state_changed_at),
                   sort_key=lambda r: r.state_changed_at),
        ])
        self.table = make_table(self.model, "letterTable")
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Выдача писем с кодами")))
        layout.addWidget(self.search)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.search.edit)
        self.refresh()

    def refresh(self) -> None:
        db, actor, query = self.context.db, self.context.actor, self.search.text()

        def work() -> list[letters.LetterRow]:
            with db.read() as session:
                return letters.find_letters(session, actor, query)

        self.run(work, self._on_rows)  # type: ignore[arg-type]

    def _on_rows(self, rows: list[letters.LetterRow]) -> None:
        self.model.set_rows(rows)
        if rows:
            self.banner.clear_message()
        elif self.search.text().strip():
            self.banner.show_message(self.tr("Писем по этому запросу в отделении нет."), "warning")
        else:
            self.banner.show_message(self.tr("Писем для этого отделения пока нет."), "info")

    def on_changes(self, changes: Changes) -> None:
        if changes.letters:
            self.refresh()


# -- supervisor ------------------------------------------------------------------------


class SupervisorSection(SectionPage):
    """The day's events, and verification of the audit chain."""

    def __init__(self, context: DeskContext, *, parent: QWidget | None = None) -> None:
        super().__init__(context, parent=parent)
        self.day = QDateEdit(QDate.currentDate())
        self.day.setObjectName("logDay")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd.MM.yyyy")
        self.day.setMaximumDate(QDate.currentDate())
        self.day.dateChanged.connect(lambda _date: self.refresh())
        self.verify_button = QPushButton(self.tr("Проверить целостность журнала"))
        self.verify_button.setObjectName("verifyButton")
        self.verify_button.clicked.connect(self._on_verify_clicked)
        self.model: RowTableModel[journal.EventRow] = RowTableModel([
            Column(self.tr("Время"), lambda r: r.at.astimezone().strftime("%H:%M:%S"),
                   sort_key=lambda r: r.at),
            Column(self.tr("Точка"), lambda r: r.chain),
            Column(self.tr("Оператор"), lambda r: r.operator_login or "—"),
            Column(self.tr("Действие"), lambda r: journal.ACTION_TITLES.get(r.action, r.action)),
            Column(self.tr("Заявление"),
                   lambda r: format_number(r.application_number) if r.application_number else ""),
            Column(self.tr("Подробности"),
                   lambda r: ", ".join(f"{k}: {v}" for k, v in r.details.items())),
        ])
        self.table = make_table(self.model, "eventTable")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("День:")))
        top.addWidget(self.day)
        top.addStretch()
        top.addWidget(self.verify_button)
        self.count_label = QLabel()
        self.count_label.setObjectName("muted")
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Журнал событий")))
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self.refresh()

    def refresh(self) -> None:
        db, actor = self.context.db, self.context.actor
        day: dt.date = self.day.date().toPython()  # type: ignore[assignment]

        def work() -> list[journal.EventRow]:
            with db.read() as session:
                return journal.events_for_day(session, actor, day)

        self.run(work, self._on_rows)  # type: ignore[arg-type]

    def _on_rows(self, rows: list[journal.EventRow]) -> None:
        self.model.set_rows(rows)
        self.count_label.setText(self.tr("Событий за день: {0}").format(len(rows)))

    def _on_verify_clicked(self) -> None:
        self.verify_button.setEnabled(False)
        db = self.context.db

        def work() -> audit.VerifyResult:
            with db.read() as session:
                return audit.verify(session)

        self.run(work, self._on_verified, progress=self.tr("Проверка журнала…"))  # type: ignore[arg-type]

    def _on_verified(self, result: audit.VerifyResult) -> None:
        self.verify_button.setEnabled(True)
        if result.ok:
            self.banner.show_message(
                self.tr("Журнал цел: проверено событий — {0}, цепочек — {1}.").format(
                    result.checked, len(result.heads)), "ok")
        else:
            self.banner.show_message(
                self.tr("Журнал нарушен. {0}").format(result.breaks[0].message), "error")

    def _on_failure(self, error: BaseException) -> None:
        self.verify_button.setEnabled(True)
        super()._on_failure(error)

    def on_changes(self, changes: Changes) -> None:
        if changes.audit and self.day.date() == QDate.currentDate():
            self.refresh()


# -- operators ---------------------------------------------------------------------------


class OperatorDialog(QDialog):
    """Add an operator: login, name, role, service point, first password."""

    def __init__(self, points: list[operators.PointRow], roles: list[Role], *,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Новый оператор"))
        self.login = Field(placeholder="ivanova")
        self.full_name = Field(placeholder=self.tr("Иванова Мария"))
        self.role = QComboBox()
        for role in roles:
            self.role.addItem(self.tr(ROLE_TITLES[role]), role)
        self.point = QComboBox()
        for point in points:
            kind = self.tr("ЦО") if point.kind is PointKind.SERVICE_CENTER else self.tr("Почта")
            self.point.addItem(f"{point.code} — {point.name} ({kind})", point.code)
        self.password = Field(password=True)
        self.message = Banner()
        form = QFormLayout()
        add_row(form, self.tr("&Логин"), self.login)
        add_row(form, self.tr("&Фамилия и имя"), self.full_name)
        add_row(form, self.tr("&Роль"), self.role)
        add_row(form, self.tr("&Точка"), self.point)
        add_row(form, self.tr("&Пароль"), self.password)
        self.fields = {"login": self.login, "full_name": self.full_name,
                       "password": self.password}
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Добавить"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Отмена"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def show_error(self, error: BaseException) -> None:
        if isinstance(error, ServiceError) and error.field in self.fields:
            self.fields[error.field].set_error(error.message)
        else:
            self.message.show_message(describe_error(error), "error")


class AdminSection(SectionPage):
    """Operators of the points the actor manages: add, unlock, disable, reset password.

    Signals:
    operators_changed(): an account was added or changed here.
    """

    operators_changed = Signal()

    def __init__(self, context: DeskContext, *, parent: QWidget | None = None) -> None:
        super().__init__(context, parent=parent)
        self.model: RowTableModel[operators.OperatorRow] = RowTableModel([
            Column(self.tr("Логин"), lambda r: r.login),
            Column(self.tr("Фамилия и имя"), lambda r: r.full_name),
            Column(self.tr("Роль"), lambda r: self.tr(ROLE_TITLES[r.role])),
            Column(self.tr("Точка"), lambda r: r.point_code),
            Column(self.tr("Состояние"), self._state_text),
            Column(self.tr("Последний вход"),
                   lambda r: local_time(r.last_login_at) if r.last_login_at else "—"),
        ])
        self.table = make_table(self.model, "operatorTable")
        self.add_button = QPushButton(self.tr("&Добавить…"))
        self.add_button.clicked.connect(self._on_add_clicked)
        self.unlock_button = QPushButton(self.tr("&Разблокировать"))
        self.unlock_button.clicked.connect(lambda: self._on_account_action("unlock"))
        self.toggle_button = QPushButton(self.tr("&Отключить"))
        self.toggle_button.clicked.connect(lambda: self._on_account_action("toggle"))
        self.table.selectionModel().currentRowChanged.connect(
            lambda _current, _previous: self._update_buttons())
        buttons = QHBoxLayout()
        for button in (self.add_button, self.unlock_button, self.toggle_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Операторы")))
        layout.addLayout(buttons)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        self._update_buttons()
        self.refresh()

    def _state_text(self, row: operators.OperatorRow) -> str:
        if not row.is_active:
            return self.tr("отключён")
        if row.locked_until and row.locked_until > dt.datetime.now(dt.UTC):
            return self.tr("заблокирован до {0}").format(row.locked_until.astimezone()
                                                         .strftime("%H:%M"))
        return self.tr("активен")

    def _selected(self) -> operators.OperatorRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        row = self._selected()
        self.unlock_button.setEnabled(row is not None and row.locked_until is not None)
        self.toggle_button.setEnabled(row is not None
                                      and row.login != self.context.actor.login)
        self.toggle_button.setText(self.tr("&Включить") if row is not None and not row.is_active
                                   else self.tr("&Отключить"))

    def refresh(self) -> None:
        db, actor = self.context.db, self.context.actor

        def work() -> list[operators.OperatorRow]:
            with db.read() as session:
                return operators.list_operators(session, actor)

        self.run(work, self._on_rows)  # type: ignore[arg-type]

    def _on_rows(self, rows: list[operators.OperatorRow]) -> None:
        selected = self._selected()
        self.model.set_rows(rows)
        if selected is not None:
            for i, row in enumerate(rows):
                if row.login == selected.login:
                    self.table.selectRow(i)
        self._update_buttons()

    def _on_add_clicked(self) -> None:
        db, actor = self.context.db, self.context.actor

        def work() -> list[operators.PointRow]:
            with db.read() as session:
                return operators.list_points(session, actor)

        self.run(work, self._open_add_dialog)  # type: ignore[arg-type]

    def _open_add_dialog(self, points: list[operators.PointRow]) -> None:
        actor = self.context.actor
        roles = list(Role) if actor.role is Role.ADMIN else [Role.CLERK, Role.POST_CLERK]
        dialog = OperatorDialog(points, roles, parent=self)
        self._add_dialog = dialog
        dialog.accepted.connect(lambda: self._create_from(dialog))
        dialog.open()

    def _create_from(self, dialog: OperatorDialog) -> None:
        db, actor = self.context.db, self.context.actor
        values = (dialog.login.text(), dialog.full_name.text(), Role(dialog.role.currentData()),
                  dialog.point.currentData(), dialog.password.text())

        def work() -> str:
            with db.write() as session:
                op = operators.create_operator(session, actor, login=values[0],
                                               full_name=values[1], role=values[2],
                                               point_code=values[3], password=values[4])
                return op.login

        def failed(error: BaseException) -> None:
            dialog.show_error(error)
            dialog.open()  # keep what was typed; let the clerk fix the field

        BackgroundOp(self, work).serial().success(self._on_created).failure(failed).run()

    def _on_created(self, login: object) -> None:
        self.banner.show_message(self.tr("Оператор {0} добавлен.").format(login), "ok")
        self.context.notify(Changes(operators=True), self)
        self.refresh()

    def _on_account_action(self, action: str) -> None:
        row = self._selected()
        if row is None:
            return
        db, actor = self.context.db, self.context.actor
        if action == "toggle" and row.is_active:
            answer = QMessageBox.question(
                self, self.tr("Отключить оператора"),
                self.tr("Отключить {0} ({1})? Он не сможет войти, пока его не включат.")
                .format(row.full_name, row.login))
            if answer != QMessageBox.StandardButton.Yes:
                return

        def work() -> str:
            with db.write() as session:
                if action == "unlock":
                    operators.unlock(session, actor, row.login)
                    return self.tr("Оператор {0} разблокирован.").format(row.login)
                operators.set_active(session, actor, row.login, not row.is_active)
                return (self.tr("Оператор {0} отключён.") if row.is_active
                        else self.tr("Оператор {0} включён.")).format(row.login)

        self.run(work, self._on_account_changed, write=True)

    def _on_account_changed(self, message: object) -> None:
        self.banner.show_message(str(message), "ok")
        self.context.notify(Changes(operators=True), self)
        self.refresh()

    def on_changes(self, changes: Changes) -> None:
        if changes.operators:
            self.refresh()


def make_section(section: Section, context: DeskContext) -> SectionPage:
    from operator_app.views.desk import DeskSection

    factories: dict[Section, Callable[[DeskContext], SectionPage]] = {
        Section.DESK: DeskSection,
        Section.POST_COUNTER: PostCounterSection,
        Section.SUPERVISOR: SupervisorSection,
        Section.ADMIN: AdminSection,
    }
    return factories[section](context)

