"""The main window: the sections the operator's role allows, the status bar, the idle lock."""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeySequence, QScreen, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from operator_app.services import audit, operators
from operator_app.services.actor import ROLE_TITLES, Section
from operator_app.services.changes import Changes
from operator_app.services.scan import ScanSource
from operator_app.views.connection import DatabaseWatch
from operator_app.views.context import DeskContext
from operator_app.views.i18n import QT_TRANSLATE_NOOP
from operator_app.views.operations import BackgroundOp
from operator_app.views.sections import KeyStep, SectionPage, make_section
from operator_app.views.selftest_dialog import SelfTestDialog
from operator_app.views.wedge import ScannerWedge
from operator_app.views.widgets import (
    Banner,
    ElidedLabel,
    Field,
    describe_error,
    restore_geometry,
    save_geometry,
    scrolling,
)

SECTION_TITLES = {
    Section.DESK: QT_TRANSLATE_NOOP("MainWindow", "Приём заявителей"),
    Section.POST_COUNTER: QT_TRANSLATE_NOOP("MainWindow", "Выдача писем"),
    Section.SUPERVISOR: QT_TRANSLATE_NOOP("MainWindow", "Журнал и отчёты"),
    Section.LETTERS: QT_TRANSLATE_NOOP("MainWindow", "Письма Почты"),
    Section.ADMIN: QT_TRANSLATE_NOOP("MainWindow", "Операторы"),
}

GEOMETRY_KEY = "main_window"

_ACTIVITY_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class LockScreen(QWidget):
    """Shown over the workspace when the desk is idle: no personal data, only the password.

    Signals:
    unlocked(): the operator typed their password.
    logout_requested(): someone else wants the desk.
    """

    unlocked = Signal()
    logout_requested = Signal()

    def __init__(self, context: DeskContext, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.setObjectName("lockScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        title = QLabel(self.tr("Рабочее место заблокировано"))
        title.setObjectName("lockTitle")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        title.setFont(font)
        who = QLabel(self.tr("Оператор: {0}. Введите пароль, чтобы продолжить работу — "
                             "открытые данные сохранены.").format(context.actor.full_name))
        who.setWordWrap(True)
        self.password = Field(password=True)
        self.password.edit.setObjectName("unlockPasswordEdit")
        self.password.edit.setAccessibleName(self.tr("Пароль"))
        self.password.edit.returnPressed.connect(self._on_unlock_clicked)
        self.message = Banner()
        self.unlock_button = QPushButton(self.tr("Разблокировать"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._on_unlock_clicked)
        self.logout_button = QPushButton(self.tr("Сменить оператора"))
        self.logout_button.clicked.connect(self.logout_requested)

        box = QWidget()
        box.setObjectName("lockCard")
        box.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        box.setMaximumWidth(560)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(28, 24, 28, 24)
        inner.setSpacing(10)
        inner.addWidget(title)
        inner.addWidget(who)
        inner.addWidget(self.password)
        inner.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addWidget(self.unlock_button)
        buttons.addWidget(self.logout_button)
        buttons.addStretch()
        inner.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.addStretch()
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(box)
        row.addStretch()
        outer.addLayout(row)
        outer.addStretch()

    def reset(self) -> None:
        self.password.edit.clear()
        self.message.clear_message()
        self.unlock_button.setEnabled(True)
        self.password.edit.setFocus()

    def _on_unlock_clicked(self) -> None:
        password = self.password.text()
        if not password:
            self.password.set_error(self.tr("Введите пароль."))
            return
        self.unlock_button.setEnabled(False)
        context = self._context

        def work() -> operators.LoginOutcome:
            with context.db.write() as session:
                return operators.reauthenticate(session, context.actor, password)

        BackgroundOp(self, work).serial().success(self._on_outcome).failure(
            lambda error: self._show_failure(describe_error(error))).run()

    def _on_outcome(self, outcome: operators.LoginOutcome) -> None:
        if outcome.ok:
            self.password.edit.clear()
            self.unlocked.emit()
        else:
            self._show_failure(outcome.message)

    def _show_failure(self, message: str) -> None:
        self.unlock_button.setEnabled(True)
        self.message.show_message(message, "error")
        self.password.edit.clear()
        self.password.edit.setFocus()


def _freeze_long_lived() -> None:
    """Everything alive now out of the collector's reach; what was frozen at an earlier
    login is given back first, so a window logged out of is collected, not kept."""
    import gc

    gc.unfreeze()
    gc.collect()
    gc.freeze()


class MainWindow(QMainWindow):
    """Signals:
    logged_out(): the operator logged out; the application shows the login dialog again.
    """

    logged_out = Signal()

    # Tests answer for the clerk: called with the unsaved work, returns whether to leave.
    confirm_leaving: Callable[[list[str]], bool] | None = None
    self_test_at_login = True  # the shift's self-test once logged in (tests turn it off)

    def __init__(self, context: DeskContext, *, idle_timeout_ms: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        actor = context.actor
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Operator Desk — {0}").format(actor.point_name or actor.point_code))
        self.resize(1280, 720)  # until placed on its screen by show_on_desk()
        self.leave_question: QMessageBox | None = None
        self._leaving = False

        self.section_actions: dict[Section, list[QAction]] = {}
        self.section_menus: dict[Section, QMenu] = {}
        self.nav = QListWidget()
        self.nav.setObjectName("sectionNav")
        self.nav.setAccessibleName(self.tr("Разделы"))
        self.nav.setFixedWidth(200)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pages = QStackedWidget()
        self.sections: dict[Section, SectionPage] = {}
        for index, section in enumerate(actor.sections):
            page = make_section(section, context)
            self.sections[section] = page
            # However a section is laid out, it scrolls rather than hold the window
            # larger than the screen.
            self.pages.addWidget(scrolling(page, name="sectionScroll"))
            item = QListWidgetItem(self.tr(SECTION_TITLES[section]))
            item.setData(Qt.ItemDataRole.UserRole, section)
            item.setToolTip(self.tr("Ctrl+{0}").format(index + 1))
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._on_nav_row_changed)
        self.nav.setCurrentRow(0)
        # One section (a clerk, a post clerk): the list would only take the room its screen
        # needs; the section's name is in the title bar and the menu.
        self.nav.setVisible(self.nav.count() > 1)

        workspace = QWidget()
        row = QHBoxLayout(workspace)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.nav)
        row.addWidget(self.pages, 1)

        self.lock_screen = LockScreen(context)
        self.lock_screen.unlocked.connect(self.unlock)
        self.lock_screen.logout_requested.connect(self.logout)
        self.root = QStackedWidget()
        self.root.addWidget(workspace)
        self.root.addWidget(self.lock_screen)
        # Across the whole window, whatever the section: the database went away and is
        # being retried, or is back.
        self.connection_banner = Banner()
        self.connection_banner.setObjectName("connectionBanner")
        self.watch = DatabaseWatch(context.db, self.connection_banner, self)
        self.watch.restored.connect(self._store_held_copies)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.connection_banner)
        column.addWidget(self.root, 1)
        self.setCentralWidget(central)
        # Copies a previous session could not store (the database was away) go in now.
        QTimer.singleShot(0, self._store_held_copies)
        # What exists once the window is built lives as long as it does: moved out of the
        # garbage collector's reach, so a full collection during the camera's work walks
        # only new objects (it stalled the GUI thread 60 ms; frozen: ~15 ms).
        QTimer.singleShot(0, _freeze_long_lived)
        self.selftest_dialog: SelfTestDialog | None = None
        if self.self_test_at_login:
            QTimer.singleShot(0, self._self_test_at_login)

        self._build_menu()
        self._build_status_bar()

        minutes = context.settings.idle_lock_minutes
        self._hidden_windows: list[QWidget] = []
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.setInterval(idle_timeout_ms if idle_timeout_ms is not None
                                    else minutes * 60_000)
        self.idle_timer.timeout.connect(self.lock)
        self.idle_timer.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.context.operation_did_execute.connect(self._on_operation_did_execute)
        # A hand-held scanner types into whatever has focus; the wedge takes its burst
        # from anywhere in this window and hands the payload to the section that reads codes.
        self.wedge = ScannerWedge(window=self, parent=self)
        self.wedge.scanned.connect(self._on_wedge_scanned)

    def _on_wedge_scanned(self, text: str) -> None:
        if self.is_locked:
            # The wedge stays on while locked so a scan's keys never reach the password
            # field (and never count as a failed unlock); the code itself is not used.
            self.lock_screen.message.show_message(
                self.tr("Сначала разблокируйте рабочее место, затем сканируйте код."), "info")
            return
        # The desk reads application codes, the post counter letters' barcodes.
        section = next((s for s in (Section.DESK, Section.POST_COUNTER) if s in self.sections),
                       None)
        if section is None:
            return
        self.nav.setCurrentRow(list(self.sections).index(section))
        self.sections[section].handle_scan(text, ScanSource.SCANNER)  # type: ignore[attr-defined]

    def _on_nav_row_changed(self, row: int) -> None:
        self.pages.setCurrentIndex(row)
        self._enable_section_keys()
        page = self.pages.currentWidget()
        if page is not None and self.isVisible():
            page.setFocus()  # each section's focus proxy is its main input

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        page = self.pages.currentWidget()
        if page is not None and not self.is_locked:
            page.setFocus()

    # -- chrome ---------------------------------------------------------------

    def show_self_test(self, *, quiet: bool = False) -> SelfTestDialog:
        """The shift's self-test; ``quiet`` (at login) shows the dialog only when a check
        needs attention, and says «ready» in the status bar otherwise."""
        if self.selftest_dialog is not None:
            self.selftest_dialog.close()
        dialog = SelfTestDialog(self.context, parent=self)
        self.selftest_dialog = dialog
        if quiet:
            dialog.finished_checks.connect(lambda checks: self._after_self_test(dialog, checks))
        else:
            dialog.show()
        dialog.run()
        return dialog

    def _self_test_at_login(self) -> None:
        self.show_self_test(quiet=True)

    def _after_self_test(self, dialog: SelfTestDialog, checks: list[object]) -> None:
        if all(getattr(check, "ok", False) for check in checks):
            self.statusBar().showMessage(self.tr("Рабочее место готово к приёму."), 8000)
        elif dialog is self.selftest_dialog:
            dialog.show()

    def _store_held_copies(self) -> None:
        for page in self.sections.values():
            checklist = getattr(page, "checklist", None)
            if checklist is not None:
                checklist.store_held_copies()

    def _build_menu(self) -> None:
        session_menu = self.menuBar().addMenu(self.tr("&Сеанс"))
        self.lock_action = QAction(self.tr("&Заблокировать рабочее место"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        self.logout_action = QAction(self.tr("&Выйти"), self)
        self.logout_action.setShortcut(QKeySequence("Ctrl+Shift+Q"))
        self.logout_action.triggered.connect(self.logout)
        self.selftest_action = QAction(self.tr("&Проверка рабочего места…"), self)
        self.selftest_action.setShortcut(QKeySequence("Ctrl+Shift+T"))
        self.selftest_action.triggered.connect(lambda: self.show_self_test())
        session_menu.addAction(self.lock_action)
        session_menu.addAction(self.selftest_action)
        session_menu.addSeparator()
        session_menu.addAction(self.logout_action)
        # Each section's keys in a menu of its own, shown where a desktop program shows
        # keys; only the section on screen has its menu and its keys (two sections may
        # use the same key for their own search).
        for section, page in self.sections.items():
            if page.key_steps:
                self._add_section_menu(section, page)
        self.visit_actions = self.section_actions.get(Section.DESK, [])
        view_menu = self.menuBar().addMenu(self.tr("&Разделы"))
        for index in range(self.nav.count()):
            action = QAction(self.nav.item(index).text(), self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _checked=False, i=index: self.nav.setCurrentRow(i))
            view_menu.addAction(action)
        self._build_appearance_menu()

    def _build_appearance_menu(self) -> None:
        """The size of the letters and the high-contrast theme, for every window at once."""
        menu = self.menuBar().addMenu(self.tr("Ви&д"))
        self.larger_action = QAction(self.tr("&Крупнее"), self)
        # Ctrl+= as well: on most keyboards "+" is Shift+"=".
        self.larger_action.setShortcuts([QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])
        self.larger_action.triggered.connect(lambda: self.step_font_scale(1))
        self.smaller_action = QAction(self.tr("&Мельче"), self)
        self.smaller_action.setShortcut(QKeySequence("Ctrl+-"))
        self.smaller_action.triggered.connect(lambda: self.step_font_scale(-1))
        self.normal_size_action = QAction(self.tr("&Обычный размер"), self)
        self.normal_size_action.setShortcut(QKeySequence("Ctrl+0"))
        self.normal_size_action.triggered.connect(lambda: self.step_font_scale(0))
        self.contrast_action = QAction(self.tr("&Высокая контрастность"), self)
        self.contrast_action.setCheckable(True)
        self.contrast_action.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.contrast_action.setChecked(self.context.settings.theme == "high_contrast")
        self.contrast_action.toggled.connect(self._on_contrast_action_toggled)
        for action in (self.larger_action, self.smaller_action, self.normal_size_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.contrast_action)

    def step_font_scale(self, step: int) -> None:
        """Letters a size larger (1), smaller (-1) or the standard size (0)."""
        from operator_app.views import appearance

        settings = self.context.settings
        scale = appearance.next_font_scale(settings.font_scale, step)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            appearance.choose(app, settings, font_scale=scale)
        self.statusBar().showMessage(self.tr("Размер шрифта: {0} %").format(scale), 5000)

    def _on_contrast_action_toggled(self, checked: bool) -> None:
        from operator_app.views import appearance

        app = QApplication.instance()
        if isinstance(app, QApplication):
            appearance.choose(app, self.context.settings,
                              theme="high_contrast" if checked else "standard")

    def _add_section_menu(self, section: Section, page: SectionPage) -> None:
        menu = self.menuBar().addMenu(page.menu_title or self.tr(SECTION_TITLES[section]))
        steps: list[tuple[QAction, KeyStep]] = []
        for step in page.key_steps:
            action = QAction(step.title, self)
            action.setShortcut(QKeySequence(step.key))
            action.triggered.connect(lambda _checked=False, s=step: s.press())
            menu.addAction(action)
            steps.append((action, step))

        def reflect() -> None:  # the menu shows what can be pressed right now
            for action, step in steps:
                action.setEnabled(step.available())

        menu.aboutToShow.connect(reflect)
        # The keys stay live while the section is on screen; each press checks its target.
        menu.aboutToHide.connect(self._enable_section_keys)
        self.section_actions[section] = [a for a, _s in steps]
        self.section_menus[section] = menu
        self._enable_section_keys()

    def _enable_section_keys(self) -> None:
        item = self.nav.currentItem()
        current = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        for section, actions in self.section_actions.items():
            for action in actions:
                action.setEnabled(section == current)
            self.section_menus[section].menuAction().setVisible(section == current)

    def _build_status_bar(self) -> None:
        actor = self.context.actor
        status = self.statusBar()
        self.operator_label = QLabel(
            self.tr("{0} · {1}").format(actor.full_name, self.tr(ROLE_TITLES[actor.role])))
        self.operator_label.setObjectName("statusOperator")
        self.point_label = QLabel(f"{actor.point_name} ({actor.point_code})")
        self.point_label.setObjectName("statusPoint")
        desk = self.context.settings.desk_label
        # A file path can be long: it gives way (whole in its tooltip), the rest stays.
        self.db_label = ElidedLabel(self.tr("БД: {0}").format(self.context.db.display_name))
        self.db_label.setObjectName("statusDatabase")
        status.addPermanentWidget(self.operator_label)
        status.addPermanentWidget(self.point_label)
        if desk:
            status.addPermanentWidget(QLabel(desk))
        status.addPermanentWidget(self.db_label, 1)

    # -- idle lock --------------------------------------------------------------

    @property
    def is_locked(self) -> bool:
        return self.root.currentWidget() is self.lock_screen

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in _ACTIVITY_EVENTS and not self.is_locked:
            self.idle_timer.start()
        return False

    def lock(self) -> None:
        if self.is_locked:
            return
        self.idle_timer.stop()
        self.lock_screen.reset()
        self.root.setCurrentWidget(self.lock_screen)
        # Open dialogs (a correction form, an applicant's record, the code on the customer
        # screen) carry personal data too: hidden with the desk, back as they were after.
        self._hidden_windows = [w for w in QApplication.topLevelWidgets()
                                if w is not self and w.isVisible() and self._owns(w)]
        for window in self._hidden_windows:
            window.hide()
        self.lock_screen.password.edit.setFocus()
        self.menuBar().setEnabled(False)
        self._record("desk_locked")

    def _owns(self, window: QWidget) -> bool:
        parent = window.parentWidget()
        while parent is not None:
            if parent is self:
                return True
            parent = parent.parentWidget()
        return False

    def unlock(self) -> None:
        self.root.setCurrentIndex(0)
        for window in self._hidden_windows:
            if shiboken6.isValid(window):
                window.show()
        self._hidden_windows = []
        self.menuBar().setEnabled(True)
        self.idle_timer.start()
        page = self.pages.currentWidget()
        if page is not None:
            page.setFocus()

    # -- leaving ----------------------------------------------------------------------

    def show_on_desk(self, screen: QScreen | None = None) -> None:
        """Show where the operator left the window last time; the first time, maximised on
        ``screen`` (the one the operator logged in on)."""
        if restore_geometry(self, GEOMETRY_KEY, self.context.settings):
            self.show()
            return
        screen = screen or QApplication.primaryScreen()
        if screen is not None:
            room = screen.availableGeometry()
            # The size it takes when the operator un-maximises it.
            normal = QRect(0, 0, min(1280, room.width()), min(720, room.height()))
            normal.moveCenter(room.center())
            self.setGeometry(normal)
        self.showMaximized()

    def unsaved_work(self) -> list[str]:
        """What each section would lose if the operator left now, in its own sentence."""
        sentences = []
        for page in self.sections.values():
            ask = getattr(page, "unsaved_work", None)
            sentence = ask() if ask is not None else None
            if sentence:
                sentences.append(sentence)
        return sentences

    def logout(self) -> None:
        sentences = self.unsaved_work()
        if not sentences or self._may_leave(sentences, self._finish_logout, self.tr("Выйти")):
            self._finish_logout()

    def _finish_logout(self) -> None:
        self._record("logout")
        self._leaving = True
        self.logged_out.emit()
        self.close()

    def _finish_close(self) -> None:
        self._leaving = True
        self.close()

    def _may_leave(self, sentences: list[str], then: Callable[[], None],
                   leave_text: str) -> bool:
        """Whether to leave now, losing ``sentences``; if the answer takes a question, False
        now and ``then`` later, once the operator confirms."""
        if self.confirm_leaving is not None:
            return self.confirm_leaving(sentences)
        if self.leave_question is not None:
            self.leave_question.raise_()
            return False
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Работа не закончена"), "",
                          parent=self)
        box.setObjectName("leaveQuestion")
        if self.is_locked:
            # Behind the lock, whoever presses "Сменить оператора" may not be the one who
            # locked it: that something is open, not whose it is.
            box.setText(self.tr("У оператора {0} осталась незаконченная работа. Если выйти, "
                                "она не будет сохранена.").format(self.context.actor.full_name))
        else:
            box.setText(self.tr("Если выйти сейчас, не будет сохранено:"))
            box.setInformativeText("\n".join(f"• {s}" for s in sentences))
        stay = box.addButton(self.tr("Остаться"), QMessageBox.ButtonRole.RejectRole)
        box.addButton(leave_text, QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.setWindowModality(Qt.WindowModality.WindowModal)

        def answered(_result: int) -> None:
            self.leave_question = None
            clicked: QAbstractButton | None = box.clickedButton()
            box.deleteLater()
            if clicked is not None and clicked is not stay:
                then()

        box.finished.connect(answered)
        self.leave_question = box
        box.open()
        return False

    def _record(self, action: str) -> None:
        context = self.context

        def work() -> None:
            with context.db.write() as session:
                audit.record(session, context.actor, action)

        BackgroundOp(None, work).serial().failure(lambda _error: None).run()

    def _on_operation_did_execute(self, changes: Changes, initiator: object) -> None:
        for page in self.sections.values():
            if page is not initiator:
                page.on_changes(changes)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self._leaving:
            # Closing the window ends the work as logging out does: the same question first.
            sentences = self.unsaved_work()
            if sentences and not self._may_leave(sentences, self._finish_close,
                                                 self.tr("Закрыть")):
                event.ignore()
                return
        save_geometry(self, GEOMETRY_KEY, self.context.settings)
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.idle_timer.stop()
        self.watch.stop()
        # A camera still running in a dialog is stopped before the window and its
        # dialogs are destroyed (a running thread destroyed with them aborts the program).
        # (Imported here: the camera modules load OpenCV, which a start need not wait for.)
        from operator_app.views.capture_dialog import CaptureDialog
        from operator_app.views.mrz_camera import MrzCameraDialog

        for dialog in (*self.findChildren(MrzCameraDialog), *self.findChildren(CaptureDialog)):
            dialog.reject()
        super().closeEvent(event)
