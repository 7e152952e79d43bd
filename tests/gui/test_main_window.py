from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from operator_app.services.actor import Section
from operator_app.views.desk import DeskSection
from operator_app.views.sections import SectionPage
from tests.conftest import PASSWORD
from tests.gui.conftest import log_in


def _logged_in(desk, qtbot, login="clerk"):
    log_in(qtbot, desk, login, PASSWORD)
    qtbot.waitUntil(lambda: desk.window is not None)
    return desk.window


def test_idle_lock_hides_data_and_keeps_the_open_screen(desk, qtbot):
    desk.idle_timeout_ms = 300
    window = _logged_in(desk, qtbot)
    page = window.sections[next(iter(window.sections))]
    qtbot.keyClicks(page.search.edit, "IVANOV", delay=60)
    # No input for longer than the idle time: the desk locks by itself.
    qtbot.waitUntil(lambda: window.is_locked, timeout=3000)
    assert not page.isVisible(), "personal data must not stay on screen"
    assert window.lock_screen.isVisible()
    # A wrong password is refused on the lock screen.
    qtbot.keyClicks(window.lock_screen.password.edit, "not-my-password", delay=60)
    qtbot.keyClick(window.lock_screen.password.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.lock_screen.message.isVisible())
    assert "Неверный" in window.lock_screen.message.text()
    assert window.is_locked
    qtbot.keyClicks(window.lock_screen.password.edit, PASSWORD, delay=60)
    qtbot.keyClick(window.lock_screen.password.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked)
    assert page.isVisible()
    assert page.search.text() == "IVANOV"


def test_lock_by_shortcut_and_switch_operator(desk, qtbot):
    window = _logged_in(desk, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked
    assert not window.menuBar().isEnabled()
    qtbot.mouseClick(window.lock_screen.logout_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.window is None and desk.login_dialog.isVisible())


def test_activity_postpones_the_idle_lock(desk, qtbot):
    desk.idle_timeout_ms = 2000
    window = _logged_in(desk, qtbot)
    page = window.sections[next(iter(window.sections))]
    for _ in range(10):  # typing for 2.5 s, longer than the idle time, keeps the desk open
        qtbot.wait(250)
        qtbot.keyClick(page.search.edit, Qt.Key.Key_A)
    assert not window.is_locked
    qtbot.waitUntil(lambda: window.is_locked, timeout=6000)


def test_section_shortcuts_switch_pages(desk, qtbot):
    window = _logged_in(desk, qtbot, "boss")
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.nav.currentItem().text() == "Журнал и отчёты"
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.nav.currentItem().text() == "Письма Почты"
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.nav.currentItem().text() == "Операторы"


def test_the_sections_main_input_has_focus_after_login(desk, qtbot):
    window = _logged_in(desk, qtbot)
    page = window.sections[next(iter(window.sections))]
    qtbot.waitUntil(lambda: page.search.edit.hasFocus())


def test_a_scan_at_the_locked_desk_is_not_a_password_attempt(desk, qtbot):
    window = _logged_in(desk, qtbot)
    window.lock()
    edit = window.lock_screen.password.edit
    qtbot.keyClicks(edit, "GU1:202600000013:ABCDEFGHIJKLMNOP")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Сначала разблокируйте" in window.lock_screen.message.text())
    assert edit.text() == ""
    assert window.is_locked
    qtbot.keyClicks(edit, PASSWORD, delay=60)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked)


def test_locking_hides_open_dialogs_and_unlocking_brings_them_back(desk, qtbot):
    """A dialog with personal data (here the operator dialog's typed values stand in for
    any form) must not stay on screen over the lock; nothing typed in it is lost."""
    window = _logged_in(desk, qtbot, "admin")
    page = window.sections[Section.ADMIN]
    window.nav.setCurrentRow(list(window.sections).index(Section.ADMIN))
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(page, "_add_dialog", None) is not None
                    and page._add_dialog.isVisible())
    dialog = page._add_dialog
    qtbot.keyClicks(dialog.full_name.edit, "Ivanova Maria", delay=20)
    window.lock()
    assert not dialog.isVisible()
    qtbot.keyClicks(window.lock_screen.password.edit, PASSWORD, delay=60)
    qtbot.keyClick(window.lock_screen.password.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked)
    assert dialog.isVisible()
    assert dialog.full_name.text() == "Ivanova Maria"


# -- leaving with work open -----------------------------------------------------------

OPEN_VISIT = "Открыт приём заявителя Смит Джон: документы не сверены, решение не принято."


@pytest.fixture
def unsaved_desk(monkeypatch):
    """The desk section has work open (what an open visit makes it say)."""
    monkeypatch.setattr(DeskSection, "unsaved_work", lambda _self: OPEN_VISIT)


def _question(window, qtbot) -> QMessageBox:
    qtbot.waitUntil(lambda: window.leave_question is not None
                    and window.leave_question.isVisible())
    return window.leave_question


def _button(box: QMessageBox, text: str):
    return next(b for b in box.buttons() if b.text() == text)


def test_logging_out_with_open_work_asks_and_staying_is_the_default(desk, qtbot,
                                                                     unsaved_desk):
    window = _logged_in(desk, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_Q,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    box = _question(window, qtbot)
    assert OPEN_VISIT in box.informativeText()
    assert box.defaultButton().text() == "Остаться"
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter by habit: nothing is lost
    qtbot.waitUntil(lambda: window.leave_question is None)
    assert desk.window is window
    assert window.isVisible()
    assert not desk.login_dialog.isVisible()
    window.logout_action.trigger()  # from the menu, and this time the operator means it
    box = _question(window, qtbot)
    qtbot.mouseClick(_button(box, "Выйти"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.window is None and desk.login_dialog.isVisible())


def test_closing_the_window_with_open_work_asks(desk, qtbot, unsaved_desk):
    window = _logged_in(desk, qtbot)
    window.close()
    box = _question(window, qtbot)
    assert OPEN_VISIT in box.informativeText()
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.leave_question is None)
    assert window.isVisible()
    window.close()
    box = _question(window, qtbot)
    qtbot.mouseClick(_button(box, "Закрыть"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_nothing_open_nothing_asked(desk, qtbot):
    window = _logged_in(desk, qtbot)
    window.logout_action.trigger()
    qtbot.waitUntil(lambda: desk.window is None and desk.login_dialog.isVisible())
    assert window.leave_question is None


def test_the_idle_lock_keeps_the_work_without_asking(desk, qtbot, unsaved_desk):
    window = _logged_in(desk, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked
    assert window.leave_question is None
    # Someone else wants the desk: asked, but not shown whose applicant is open.
    qtbot.mouseClick(window.lock_screen.logout_button, Qt.MouseButton.LeftButton)
    box = _question(window, qtbot)
    assert "Иван Клерков" in box.text()
    assert "Смит" not in box.text() + box.informativeText()
    qtbot.mouseClick(_button(box, "Остаться"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.leave_question is None)
    assert window.is_locked
    assert desk.window is window


@pytest.mark.skipif(DeskSection.unsaved_work is SectionPage.unsaved_work,
                    reason="the desk does not say yet what an open visit would lose")
def test_logging_out_during_a_real_visit_asks(scan_world, desk, qtbot):
    from operator_app.services.qr_payload import make_payload
    from operator_app.services.scan import ScanSource
    from operator_app.settings import qr_signing_key
    from tests.helpers.data import PENDING

    window = _logged_in(desk, qtbot)
    page = window.sections[Section.DESK]
    page.handle_scan(make_payload(PENDING, qr_signing_key()), ScanSource.SCANNER)
    qtbot.waitUntil(lambda: page.visit_panel.visit is not None)
    qtbot.keyClick(window, Qt.Key.Key_Q,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    box = _question(window, qtbot)
    assert box.informativeText().startswith("• ")
    qtbot.mouseClick(_button(box, "Остаться"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.leave_question is None)
    assert desk.window is window
    assert page.visit_panel.visit is not None
