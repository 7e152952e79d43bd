"""The login dialog, and the first-administrator dialog of a new installation."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from operator_app import keys
from operator_app.models import Database, PointKind, Role
from operator_app.services import operators
from operator_app.services.actor import Actor
from operator_app.services.errors import ServiceError
from operator_app.views.i18n import LANGUAGES, current_language
from operator_app.views.operations import BackgroundOp
from operator_app.views.widgets import Banner, Field, add_row, describe_error


def _title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("dialogTitle")
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.6)
    font.setBold(True)
    label.setFont(font)
    return label


class LoginDialog(QDialog):
    """Signals:
    logged_in(Actor): the operator passed; the dialog then accepts.
    """

    logged_in = Signal(object)
    language_chosen = Signal(str)

    def __init__(self, db: Database, *, hint: str = "", missing: list[str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("Operator Desk — вход"))
        self.setObjectName("loginDialog")
        self.setMinimumWidth(420)

        self.login = Field(placeholder=self.tr("например, ivanova"))
        self.login.edit.setObjectName("loginEdit")
        self.password = Field(password=True)
        self.password.edit.setObjectName("passwordEdit")
        self.message = Banner()
        self.message.setObjectName("loginMessage")

        form = QFormLayout()
        add_row(form, self.tr("&Логин"), self.login)
        add_row(form, self.tr("&Пароль"), self.password)

        # Each language by its own name; choosing one rebuilds this window in it (DeskApp).
        self.language = QComboBox()
        self.language.setObjectName("languageBox")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(current_language())))
        self.language.setAccessibleName(self.tr("Язык программы"))
        self.language.setToolTip(self.tr("Язык программы: русский или английский"))
        self.language.currentIndexChanged.connect(self._on_language_changed)
        from operator_app.settings import get_settings
        from operator_app.views.appearance import add_shortcuts

        add_shortcuts(self, get_settings())  # larger letters, high contrast: before logging in
        language_label = QLabel(self.tr("&Язык"))
        language_label.setObjectName("muted")
        language_label.setBuddy(self.language)
        language_row = QHBoxLayout()
        language_row.addStretch(1)
        language_row.addWidget(language_label)
        language_row.addWidget(self.language)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Войти"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Закрыть"))
        self.buttons.accepted.connect(self._on_submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(language_row)
        layout.addWidget(_title(self.tr("Вход оператора")))
        subtitle = QLabel(self.tr("Подтверждение личности иностранных граждан на Госуслугах"))
        subtitle.setObjectName("muted")
        layout.addWidget(subtitle)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.message)
        if hint:
            hint_label = QLabel(hint)
            hint_label.setObjectName("hint")
            hint_label.setWordWrap(True)
            hint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(hint_label)
        database = QLabel(self.tr("База данных: {0}").format(db.display_name))
        database.setObjectName("muted")
        database.setWordWrap(True)
        layout.addWidget(database)
        if missing:
            self.missing_label = QLabel(self.tr("Не установлено (рабочее место работает без "
                                                "этого): {0}").format("; ".join(missing)))
            self.missing_label.setObjectName("muted")
            self.missing_label.setWordWrap(True)
            layout.addWidget(self.missing_label)
        layout.addWidget(self.buttons)
        self.login.edit.setFocus()

    def _on_language_changed(self, _index: int) -> None:
        code = self.language.currentData()
        if code and code != current_language():
            self.language_chosen.emit(code)

    def _on_submit(self) -> None:
        login, password = self.login.text().strip(), self.password.text()
        self.message.clear_message()
        if not login:
            self.login.set_error(self.tr("Введите логин."))
            self.login.edit.setFocus()
            return
        if not password:
            self.password.set_error(self.tr("Введите пароль."))
            self.password.edit.setFocus()
            return
        self.ok_button.setEnabled(False)
        self.ok_button.setText(self.tr("Проверка…"))

        def work() -> operators.LoginOutcome:
            with self._db.write() as session:
                return operators.authenticate(session, login, password,
                                              login_key=keys.current().login)

        BackgroundOp(self, work).serial().success(self._on_outcome).failure(self._on_error).run()

    def _on_outcome(self, outcome: operators.LoginOutcome) -> None:
        self._restore_button()
        if outcome.actor is not None:
            self.actor = outcome.actor
            self.logged_in.emit(outcome.actor)
            self.accept()
            return
        self.message.show_message(outcome.message, "error")
        self.password.edit.clear()
        self.password.edit.setFocus()

    def _on_error(self, error: BaseException) -> None:
        self._restore_button()
        self.message.show_message(describe_error(error), "error")

    def _restore_button(self) -> None:
        self.ok_button.setEnabled(True)
        self.ok_button.setText(self.tr("Войти"))


class FirstAdminDialog(QDialog):
    """A database with no operators: create the service point and the first administrator.

    Signals:
    created(str): the administrator's login.
    """

    created = Signal(str)

    def __init__(self, db: Database, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.setWindowTitle(self.tr("Operator Desk — первый запуск"))
        self.setObjectName("firstAdminDialog")
        self.setMinimumWidth(480)

        self.point_code = Field(placeholder="MSK-CO-1")
        self.point_name = Field(placeholder=self.tr("ЦО «Тверская», Москва"))
        self.point_kind = QComboBox()
        self.point_kind.addItem(self.tr("Центр обслуживания"), PointKind.SERVICE_CENTER)
        self.point_kind.addItem(self.tr("Почтовое отделение"), PointKind.POST_OFFICE)
        self.postal_index = Field(placeholder="101000")
        self.login = Field(placeholder="admin")
        self.full_name = Field(placeholder=self.tr("Фамилия Имя"))
        self.password = Field(password=True)
        self.password_again = Field(password=True)
        self.message = Banner()

        form = QFormLayout()
        add_row(form, self.tr("&Код точки"), self.point_code)
        add_row(form, self.tr("&Название"), self.point_name)
        add_row(form, self.tr("&Тип"), self.point_kind)
        add_row(form, self.tr("Почтовый &индекс"), self.postal_index)
        add_row(form, self.tr("&Логин администратора"), self.login)
        add_row(form, self.tr("&Фамилия и имя"), self.full_name)
        add_row(form, self.tr("&Пароль"), self.password)
        add_row(form, self.tr("Пароль ещё &раз"), self.password_again)
        self._fields = {
            "code": self.point_code, "name": self.point_name, "postal_index": self.postal_index,
            "login": self.login, "full_name": self.full_name, "password": self.password,
        }

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Создать и войти"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Закрыть"))
        buttons.accepted.connect(self._on_submit)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(_title(self.tr("Первый запуск")))
        intro = QLabel(self.tr(
            "В базе данных ещё нет операторов. Создайте свою точку обслуживания и учётную "
            "запись администратора; остальных операторов администратор добавит потом."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.point_code.edit.setFocus()

    def _on_submit(self) -> None:
        for field in self._fields.values():
            field.set_error("")
        self.message.clear_message()
        if self.password.text() != self.password_again.text():
            self.password_again.set_error(self.tr("Пароли не совпадают."))
            return
        kind = PointKind(self.point_kind.currentData())
        values = {
            "code": self.point_code.text(),
            "name": self.point_name.text(),
            "index": self.postal_index.text().strip() or None,
            "login": self.login.text(),
            "full_name": self.full_name.text(),
            "password": self.password.text(),
        }

        def work() -> str:
            with self._db.write() as session:
                point = operators.create_service_point(
                    session, None, code=values["code"] or "", kind=kind,
                    name=values["name"] or "", postal_index=values["index"])
                admin = operators.create_operator(
                    session, None, login=values["login"] or "",
                    full_name=values["full_name"] or "", role=Role.ADMIN,
                    point_code=point.code, password=values["password"] or "")
                return admin.login

        self.ok_button.setEnabled(False)
        BackgroundOp(self, work).serial().success(self._on_created).failure(self._on_error).run()

    def _on_created(self, login: str) -> None:
        self.ok_button.setEnabled(True)
        self.created.emit(login)
        self.accept()

    def _on_error(self, error: BaseException) -> None:
        self.ok_button.setEnabled(True)
        if isinstance(error, ServiceError) and error.field in self._fields:
            field = self._fields[error.field]
            field.set_error(error.message)
            field.edit.setFocus()
        else:
            self.message.show_message(describe_error(error), "error")
