"""The role sections of the main window: desk, post counter, supervisor's log, operators."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from operator_app.models import LetterState
from operator_app.services import audit, journal
from operator_app.services.actor import Section
from operator_app.services.application_numbers import format_number
from operator_app.services.changes import Changes
from operator_app.views.context import DeskContext
from operator_app.views.operations import BackgroundOp
from operator_app.views.table_model import Column, RowTableModel
from operator_app.views.widgets import Banner, describe_error

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


def make_section(section: Section, context: DeskContext) -> SectionPage:
    from operator_app.views.desk import DeskSection
    from operator_app.views.letters_section import LettersSection
    from operator_app.views.operators_section import AdminSection
    from operator_app.views.post_counter import PostCounterSection

    factories: dict[Section, Callable[[DeskContext], SectionPage]] = {
        Section.DESK: DeskSection,
        Section.POST_COUNTER: PostCounterSection,
        Section.SUPERVISOR: SupervisorSection,
        Section.LETTERS: LettersSection,
        Section.ADMIN: AdminSection,
    }
    return factories[section](context)

