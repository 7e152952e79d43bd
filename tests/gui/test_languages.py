"""Each language walked through the desk: the login window, every section and tab of the main
window for each kind of operator, and the dialogs that open without changing anything
(opened, read, cancelled). In English no Cyrillic may be left on screen; in Russian no
English word in a label or a button.

What may stay in the other language is DATA, not the desk's own words: names and addresses
from the database. The core's words (its titles of roles, states, actions and reasons, its
messages) are not data: they switch with the views (operator_app/messages.py). What is
exempt is listed below, each with why.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QMenuBar,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from operator_app import messages
from operator_app.services.actor import Section
from operator_app.services.qr_payload import make_payload
from operator_app.services.scan import ScanSource, ScanStatus
from operator_app.settings import get_settings, qr_signing_key
from operator_app.views import operations
from operator_app.views.correction_form import shown_value
from operator_app.views.i18n import LANGUAGES, current_language, install_language
from operator_app.views.login import FirstAdminDialog
from tests.conftest import PASSWORD
from tests.gui.conftest import log_in
from tests.helpers.data import PENDING

CYRILLIC = re.compile("[\u0400-\u04ff]")
ENGLISH_WORD = re.compile(r"\b[A-Za-z]{4,}\b")

# Words in Latin letters a Russian screen rightly shows: the program's name, each
# language's own name in the switch, the key on the keyboard, the libraries the self-test
# names.
RUSSIAN_SCREEN_LATIN = {"Operator", "Desk", "English", "Ctrl", "Enter", "Tesseract", "zxing",
                        "zbar"}

# Widgets whose whole content is data, in either language: a visit's history (points,
# operators, the core's state titles and what was missing, stored as the clerk wrote it).
# (The self-test's results are the core's words and switch with the desk.)
DATA_WIDGETS = {"visitTimeline"}

def data_texts(world) -> set[str]:
    """From the test database and the desk: names and logins of operators, points, the
    applicant and their documents, the database's, the letters' and the printer's folders."""
    from sqlalchemy import select

    from operator_app.models import Applicant, IdentityDocument, Operator, ServicePoint

    found: set[str] = {world.db.display_name, "Русский"}  # the switch names each language
    with world.db.read() as session:
        for operator in session.scalars(select(Operator)):
            found |= {operator.full_name, operator.login}
        for point in session.scalars(select(ServicePoint)):
            found.add(point.name)
        for row in [*session.scalars(select(Applicant)),
                    *session.scalars(select(IdentityDocument))]:
            found.update(v for v in vars(row).values() if isinstance(v, str))
            citizenship = getattr(row, "citizenship", "")
            if citizenship:  # shown by the core's name of the country
                found.add(shown_value("citizenship", citizenship))
    from operator_app.views.letters_section import letters_folder

    settings = get_settings()
    # The folder letters go to, and the one the printer prints into (the self-test names it).
    found |= {settings.desk_label, str(letters_folder()), settings.print_to_pdf_dir}
    return {t for t in found if t}


# -- reading the screen ---------------------------------------------------------------


def _plain(text: str) -> str:
    return re.sub(r"<[^>]+>", " ", text).replace("&&", "\0").replace("&", "").replace("\0", "&")


def _menu_texts(menu: QMenu | QMenuBar, where: str) -> Iterator[tuple[str, str]]:
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        yield f"{where} › action", action.text()
        if action.menu() is not None:
            yield from _menu_texts(action.menu(), f"{where} › {action.text()}")


def screen_texts(top: QWidget) -> list[tuple[str, str, bool]]:
    """(where, text, is a label or button) for every visible widget of ``top``."""
    found: list[tuple[str, str, bool]] = []

    def add(where: str, text: str | None, label: bool = False) -> None:
        if text and text.strip():
            found.append((where, _plain(text), label))

    for widget in [top, *top.findChildren(QWidget)]:
        if not widget.isVisible() or widget.objectName() in DATA_WIDGETS:
            continue
        if any(p.objectName() in DATA_WIDGETS for p in _parents(widget, top)):
            continue
        where = f"{type(widget).__name__}#{widget.objectName() or '?'}"
        if widget.isWindow():
            add(f"{where} title", widget.windowTitle(), True)
        add(f"{where} tooltip", widget.toolTip())
        if isinstance(widget, QLabel):
            add(where, widget.text(), True)
        if isinstance(widget, QAbstractButton):
            add(where, widget.text(), True)
        if isinstance(widget, QGroupBox):
            add(where, widget.title(), True)
        if isinstance(widget, QTabBar):
            for i in range(widget.count()):
                add(f"{where} tab", widget.tabText(i), True)
                add(f"{where} tab tooltip", widget.tabToolTip(i))
        if isinstance(widget, QLineEdit):
            add(f"{where} placeholder", widget.placeholderText())
        if isinstance(widget, QPlainTextEdit | QTextEdit):
            add(f"{where} placeholder", widget.placeholderText())
        if isinstance(widget, QComboBox):
            add(f"{where} placeholder", widget.placeholderText())
            for i in range(widget.count()):
                add(f"{where} item", widget.itemText(i))
        if isinstance(widget, QListWidget):
            for i in range(widget.count()):
                add(f"{where} item", widget.item(i).text(), True)
                add(f"{where} item tooltip", widget.item(i).toolTip())
        if isinstance(widget, QHeaderView) and widget.model() is not None:
            model = widget.model()
            for i in range(model.columnCount() if widget.orientation() == Qt.Orientation.Horizontal
                           else 0):
                if not widget.isSectionHidden(i):
                    add(f"{where} header", model.headerData(i, widget.orientation()), True)
        if isinstance(widget, QMenuBar):
            for where_, text in _menu_texts(widget, where):
                add(where_, text, True)
        if isinstance(widget, QAbstractItemView):
            continue
    return found


def _parents(widget: QWidget, top: QWidget) -> Iterator[QWidget]:
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        yield parent
        parent = parent.parentWidget()


class Walk:
    """What the walk saw, checked against the language at the end."""

    def __init__(self, code: str, allowed: set[str]) -> None:
        self.code = code
        # Longest first, so that a name is removed before a word inside it.
        self.allowed = sorted(allowed, key=len, reverse=True)
        self.seen: list[tuple[str, str, str, bool]] = []
        self.screens: list[str] = []

    def read(self, screen: str, top: QWidget) -> None:
        self.screens.append(screen)
        self.seen += [(screen, where, text, label) for where, text, label in screen_texts(top)]

    def allow(self, texts: list[str]) -> None:
        self.allowed = sorted({*self.allowed, *texts}, key=len, reverse=True)

    def _without_data(self, text: str) -> str:
        for fragment in self.allowed:
            if fragment in text:
                text = text.replace(fragment, " ")
        return text

    def wrong(self) -> list[str]:
        bad = []
        for screen, where, text, label in self.seen:
            rest = self._without_data(text)
            if self.code == "en" and CYRILLIC.search(rest):
                bad.append(f"{screen} / {where}: {text!r}")
            if self.code == "ru" and label:
                words = [w for w in ENGLISH_WORD.findall(rest) if w not in RUSSIAN_SCREEN_LATIN]
                if words:
                    bad.append(f"{screen} / {where}: {text!r} ({', '.join(words)})")
        return bad


# -- walking ----------------------------------------------------------------------------


@pytest.fixture
def language(qapp) -> Iterator[Callable[[str], None]]:
    yield lambda code: install_language(qapp, code)
    install_language(qapp, "ru")


def settle(qtbot, ms: int = 150) -> None:
    operations.wait_for_all()
    qtbot.wait(ms)
    operations.wait_for_all()
    QApplication.processEvents()


def new_dialog(qtbot, trigger: Callable[[], object], timeout: int = 5_000) -> QDialog:
    """Whatever dialog ``trigger`` opens (it must open one)."""
    before = {w for w in QApplication.topLevelWidgets() if w.isVisible()}
    trigger()

    def opened() -> QDialog | None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible() and widget not in before:
                return widget
        return None

    qtbot.waitUntil(lambda: opened() is not None, timeout=timeout)
    dialog = opened()
    assert dialog is not None
    settle(qtbot)
    return dialog


def read_dialog(walk: Walk, qtbot, name: str, trigger: Callable[[], object]) -> None:
    dialog = new_dialog(qtbot, trigger)
    walk.read(name, dialog)
    if hasattr(dialog, "confirm_discard"):
        dialog.confirm_discard = lambda _parent: True  # nothing typed: nothing to keep
    dialog.reject()
    settle(qtbot)


def read_window(walk: Walk, qtbot, window, login: str) -> None:
    """Every section of the main window, each tab of it, and its menus' dialogs."""
    for row, section in enumerate(window.sections):
        window.nav.setCurrentRow(row)
        settle(qtbot, 300)
        page = window.sections[section]
        walk.read(f"{login}: {section.name}", window)
        tabs = getattr(page, "tabs", None)
        if tabs is not None:
            for i in range(tabs.count()):
                tabs.setCurrentIndex(i)
                settle(qtbot, 300)
                walk.read(f"{login}: {section.name} tab {i}", window)
            tabs.setCurrentIndex(0)
        if section is Section.ADMIN:
            page.table.selectRow(0)
            settle(qtbot)
            read_dialog(walk, qtbot, "new operator", page.add_button.click)
            read_dialog(walk, qtbot, "password", page.password_button.click)
            if page.role_button.isEnabled():
                read_dialog(walk, qtbot, "role", page.role_button.click)
        if section is Section.SUPERVISOR:
            read_dialog(walk, qtbot, "revoke code", page.revoke_button.click)
        if section is Section.POST_COUNTER:
            read_dialog(walk, qtbot, "reconciliation", page.reconcile_button.click)
    read_dialog(walk, qtbot, "self-test", window.selftest_action.trigger)
    window.lock()
    settle(qtbot)
    walk.read(f"{login}: locked", window)


def read_visit(walk: Walk, qtbot, window) -> None:
    """The desk with a visit open: the application, the documents and their dialogs."""
    page = window.sections[Section.DESK]
    page.last_outcome = None
    page.handle_scan(make_payload(PENDING, qr_signing_key()), ScanSource.CAMERA)
    qtbot.waitUntil(lambda: page.last_outcome is not None
                    and page.last_outcome.status is ScanStatus.OPENED)
    qtbot.waitUntil(lambda: page.visit_panel.visit is not None)
    settle(qtbot, 300)
    for i in range(page.tabs.count()):
        page.tabs.setCurrentIndex(i)
        settle(qtbot, 300)
        walk.read(f"visit tab {i}", window)
    page.tabs.setCurrentWidget(page.checklist)
    settle(qtbot)
    # The repeat-visit dialog starts its list of what is missing from the blocking findings
    # in Russian: the clerk's list is stored with the visit and printed on the Russian slip.
    walk.allow([finding.russian for finding in page.checklist.state.blocking])
    page.checklist.table.selectRow(0)
    settle(qtbot)
    read_dialog(walk, qtbot, "document check", page.checklist.check_button.click)
    panel = page.visit_panel
    read_dialog(walk, qtbot, "repeat visit", panel.repeat_button.click)
    read_dialog(walk, qtbot, "refusal", panel.refuse_button.click)
    read_dialog(walk, qtbot, "correction", panel.correct_button.click)


def walk_everything(code: str, language, scan_world, desk, qtbot) -> Walk:
    language(code)
    assert current_language() == code
    walk = Walk(code, data_texts(scan_world))
    # The login window as the desk starts in this language (made again after the switch).
    login = desk.login_dialog
    login.close()
    desk.show_login()
    qtbot.waitUntil(lambda: desk.login_dialog.isVisible())
    walk.read("login", desk.login_dialog)
    first = FirstAdminDialog(desk.db)  # what a new installation shows instead
    first.show()
    settle(qtbot)
    walk.read("first start", first)
    first.close()
    for login_name in ("boss", "post", "clerk"):
        log_in(qtbot, desk, login_name, PASSWORD)
        qtbot.waitUntil(lambda: desk.window is not None and desk.window.isVisible())
        window = desk.window
        window.confirm_leaving = lambda _unsaved: True
        settle(qtbot, 300)
        if login_name == "clerk":
            read_visit(walk, qtbot, window)
        read_window(walk, qtbot, window, login_name)
        window.logout()
        qtbot.waitUntil(lambda: desk.window is None and desk.login_dialog.isVisible())
    return walk


@pytest.mark.views_only  # the walk's words, not its storage
@pytest.mark.parametrize("code", list(LANGUAGES))
def test_every_screen_speaks_one_language(code, language, scan_world, desk, qtbot, printed):
    walk = walk_everything(code, language, scan_world, desk, qtbot)
    assert len(walk.screens) > 25, walk.screens
    assert len(walk.seen) > 300
    wrong = walk.wrong()
    assert not wrong, f"{len(wrong)} texts in the other language:\n" + "\n".join(wrong)


def test_switching_at_the_login_window_rebuilds_it_and_is_kept(language, desk, qtbot):
    dialog = desk.login_dialog
    qtbot.keyClicks(dialog.login.edit, "clerk")
    assert dialog.language.accessibleName() == "Язык программы"
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    qtbot.waitUntil(lambda: desk.login_dialog is not dialog and desk.login_dialog.isVisible())
    english = desk.login_dialog
    assert english.windowTitle() == "Operator Desk — log in"
    assert english.ok_button.text() == "Log in"
    assert english.login.text() == "clerk"  # what was typed stays
    assert english.focusWidget() is english.language  # where the clerk just was
    assert get_settings().language == "en"
    assert messages.current_language() == "en"  # the core's words switch with the views'
    from operator_app.settings import Settings

    assert Settings.load().language == "en"  # saved with the other settings
    assert desk.window is None  # the old window closed, nothing quit
    assert english.isVisible()
    english.language.setCurrentIndex(english.language.findData("ru"))
    qtbot.waitUntil(lambda: desk.login_dialog is not english)
    assert desk.login_dialog.ok_button.text() == "Войти"
