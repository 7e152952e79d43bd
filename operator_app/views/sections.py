"""The role sections of the main window: desk, post counter, supervisor's log, operators."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QWidget,
)

from operator_app.models import LetterState
from operator_app.services.actor import Section
from operator_app.services.changes import Changes
from operator_app.views.context import DeskContext
from operator_app.views.i18n import QT_TRANSLATE_NOOP
from operator_app.views.operations import BackgroundOp
from operator_app.views.table_model import RowTableModel
from operator_app.views.widgets import Banner, describe_error

# Shown through QCoreApplication.translate("SectionPage", ...).
ACCOUNT_STATUS_TITLES = {
    "pending": QT_TRANSLATE_NOOP("SectionPage", "ожидает подтверждения"), "active": QT_TRANSLATE_NOOP("SectionPage", "активна"),
    "blocked": QT_TRANSLATE_NOOP("SectionPage", "заблокирована"),
}
METHOD_TITLES = {
    "service_center": QT_TRANSLATE_NOOP("SectionPage", "в центре обслуживания"), "post": QT_TRANSLATE_NOOP("SectionPage", "письмом Почты России"),
}
LETTER_STATE_TITLES = {
    LetterState.CREATED: QT_TRANSLATE_NOOP("SectionPage", "создано"), LetterState.PRINTED: QT_TRANSLATE_NOOP("SectionPage", "напечатано"),
    LetterState.IN_TRANSIT: QT_TRANSLATE_NOOP("SectionPage", "в пути"), LetterState.AT_OFFICE: QT_TRANSLATE_NOOP("SectionPage", "в отделении"),
    LetterState.HANDED_OVER: QT_TRANSLATE_NOOP("SectionPage", "вручено"), LetterState.RETURNED: QT_TRANSLATE_NOOP("SectionPage", "возвращено"),
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
    # Open in the service's order with no arrow: setSortingEnabled sorts by the header's
    # default indicator (first column, descending) otherwise.
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


@dataclass(frozen=True)
class KeyStep:
    """A key of a section, shown in the section's menu with its title.

    ``target`` is what the key works: a button is clicked (only when it is there to press),
    a field takes the focus with its text selected, a callable is called.
    """

    key: str
    title: str
    target: QWidget | Callable[[], object]

    def available(self) -> bool:
        target = self.target
        if isinstance(target, QWidget):
            return target.isVisible() and target.isEnabled()
        return True

    def press(self) -> None:
        target = self.target
        if not isinstance(target, QWidget):
            target()
        elif not self.available():
            return
        elif isinstance(target, QAbstractButton):
            target.animateClick()
        else:
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)
            if isinstance(target, QLineEdit):
                target.selectAll()


def with_key(tooltip: str, key: str) -> str:
    """A tooltip that names its key: «Найти (Ctrl+F)»."""
    return f"{tooltip} ({key})" if tooltip else key


class SectionPage(QWidget):
    """Base of a section: knows the desk context and refreshes on relevant changes.

    ``menu_title`` and ``key_steps``: the section's menu in the window, with its keys; the
    keys work while the section is on screen.
    """

    def __init__(self, context: DeskContext, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.banner = Banner()
        self.menu_title = ""
        self.key_steps: list[KeyStep] = []

    def on_changes(self, changes: Changes) -> None:
        """Refresh what this page shows, if ``changes`` touched it."""

    def unsaved_work(self) -> str | None:
        """A sentence saying what would be lost if the operator logged out or closed the
        window now (an open visit, a half-typed form); None if nothing.

        The main window lists these sentences and asks before leaving; the idle lock does
        not ask, since it keeps everything as it is.
        """
        return None

    def run(self, fn: Callable[[], object], done: Callable[[object], None], *,
            write: bool = False, progress: str = "") -> None:
        op = BackgroundOp(self, fn).success(done).failure(self._on_failure)
        if progress:
            op = op.with_progress(progress)
        (op.serial() if write else op).run()

    def _on_failure(self, error: BaseException) -> None:
        self.banner.show_message(describe_error(error), "error")


def make_section(section: Section, context: DeskContext) -> SectionPage:
    from operator_app.views.desk import DeskSection
    from operator_app.views.letters_section import LettersSection
    from operator_app.views.operators_section import AdminSection
    from operator_app.views.post_counter import PostCounterSection
    from operator_app.views.supervisor import SupervisorSection

    factories: dict[Section, Callable[[DeskContext], SectionPage]] = {
        Section.DESK: DeskSection,
        Section.POST_COUNTER: PostCounterSection,
        Section.SUPERVISOR: SupervisorSection,
        Section.LETTERS: LettersSection,
        Section.ADMIN: AdminSection,
    }
    return factories[section](context)

