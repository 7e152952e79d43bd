"""Operators of the points the actor manages: add, unlock, disable, reset the password,
change the role. Every action is audited by the service it calls."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from operator_app.models import PointKind, Role
from operator_app.services import operators
from operator_app.services.actor import ROLE_TITLES
from operator_app.services.changes import Changes
from operator_app.services.errors import ServiceError
from operator_app.views.context import DeskContext
from operator_app.views.operations import BackgroundOp
from operator_app.views.sections import SectionPage, heading, local_time, make_table
from operator_app.views.table_model import Column, RowTableModel
from operator_app.views.widgets import Banner, Field, add_row, describe_error


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


class PasswordDialog(QDialog):
    """A new password for someone else's account, typed twice; checked as it is typed."""

    def __init__(self, row: operators.OperatorRow, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Новый пароль: {0}").format(row.login))
        self.password = Field(password=True)
        self.password.edit.setObjectName("newPassword")
        self.repeat = Field(password=True)
        self.repeat.edit.setObjectName("repeatPassword")
        note = QLabel(self.tr("{0} ({1}) войдёт с этим паролем; блокировка после неверных "
                              "попыток снимается.").format(row.full_name, row.login))
        note.setWordWrap(True)
        note.setObjectName("muted")
        form = QFormLayout()
        add_row(form, self.tr("&Новый пароль"), self.password)
        add_row(form, self.tr("&Ещё раз"), self.repeat)
        self.message = Banner()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Сменить пароль"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Отмена"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for field in (self.password, self.repeat):
            field.edit.textChanged.connect(lambda _text: self._check())
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._check()

    def _check(self) -> None:
        first, second = self.password.text(), self.repeat.text()
        problem = ""
        if first:
            try:
                operators.validate_password(first)
            except ServiceError as error:
                problem = error.message
        self.password.set_error(problem)
        mismatch = bool(second) and second != first
        self.repeat.set_error(self.tr("Пароли не совпадают.") if mismatch else "")
        self.ok_button.setEnabled(bool(first) and not problem and second == first)


class RoleDialog(QDialog):
    """Another role for an operator, among those that fit the point and the actor's rights."""

    def __init__(self, row: operators.OperatorRow, roles: list[Role], *,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Роль: {0}").format(row.login))
        self.role = QComboBox()
        self.role.setObjectName("roleChoice")
        for role in roles:
            self.role.addItem(self.tr(ROLE_TITLES[role]), role)
        self.role.setCurrentIndex(max(0, self.role.findData(row.role)))
        note = QLabel(self.tr("Сейчас: {0}. Новая роль действует со следующего входа.")
                      .format(self.tr(ROLE_TITLES[row.role])))
        note.setObjectName("muted")
        form = QFormLayout()
        add_row(form, self.tr("&Роль"), self.role)
        self.message = Banner()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Сменить роль"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Отмена"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)


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
        self.table.setAccessibleName(self.tr("Операторы"))
        self.add_button = QPushButton(self.tr("&Добавить…"))
        self.add_button.clicked.connect(self._on_add_clicked)
        self.unlock_button = QPushButton(self.tr("&Разблокировать"))
        self.unlock_button.clicked.connect(lambda: self._on_account_action("unlock"))
        self.toggle_button = QPushButton(self.tr("&Отключить"))
        self.toggle_button.clicked.connect(lambda: self._on_account_action("toggle"))
        self.password_button = QPushButton(self.tr("&Сбросить пароль…"))
        self.password_button.setObjectName("resetPasswordButton")
        self.password_button.clicked.connect(self._on_password_clicked)
        self.role_button = QPushButton(self.tr("Сменить ро&ль…"))
        self.role_button.setObjectName("changeRoleButton")
        self.role_button.clicked.connect(self._on_role_clicked)
        self.dialog: QDialog | None = None
        self.table.selectionModel().currentRowChanged.connect(
            lambda _current, _previous: self._update_buttons())
        buttons = QHBoxLayout()
        for button in (self.add_button, self.unlock_button, self.toggle_button,
                       self.password_button, self.role_button):
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
        someone_else = row is not None and row.login != self.context.actor.login
        self.password_button.setEnabled(someone_else)
        self.role_button.setEnabled(someone_else and bool(self._roles_for(row)))

    def _roles_for(self, row: operators.OperatorRow | None) -> list[Role]:
        """Roles the actor may give at the operator's point (the point's kind decides)."""
        if row is None:
            return []
        post = row.point_kind is PointKind.POST_OFFICE
        fitting = [Role.POST_CLERK] if post else [Role.CLERK, Role.SUPERVISOR, Role.ADMIN]
        if self.context.actor.role is not Role.ADMIN:
            if row.role in (Role.ADMIN, Role.SUPERVISOR):
                return []
            fitting = [r for r in fitting if r in (Role.CLERK, Role.POST_CLERK)]
        return fitting if len(fitting) > 1 else []

    def _on_password_clicked(self) -> None:
        row = self._selected()
        if row is None:
            return
        dialog = PasswordDialog(row, parent=self)
        self.dialog = dialog

        def accepted() -> None:
            password = dialog.password.text()
            self._write(lambda session: operators.set_password(
                session, self.context.actor, row.login, password),
                self.tr("Пароль {0} сменён; блокировка снята.").format(row.login))

        dialog.accepted.connect(accepted)
        dialog.open()

    def _on_role_clicked(self) -> None:
        row = self._selected()
        if row is None:
            return
        dialog = RoleDialog(row, self._roles_for(row), parent=self)
        self.dialog = dialog

        def accepted() -> None:
            role = Role(dialog.role.currentData())
            self._write(lambda session: operators.set_role(
                session, self.context.actor, row.login, role),
                self.tr("{0}: роль «{1}».").format(row.login, self.tr(ROLE_TITLES[role])))

        dialog.accepted.connect(accepted)
        dialog.open()

    def _write(self, change: Callable[[Session], None], message: str) -> None:
        db = self.context.db

        def work() -> str:
            with db.write() as session:
                change(session)
            return message

        self.run(work, self._on_account_changed, write=True)

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
