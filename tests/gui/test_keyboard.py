"""The desk by keyboard: the everyday visit in a few keys, every section's keys in its menu,
dialogs that keep what the clerk typed."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from operator_app.scanning.decoders import decode_still
from operator_app.services.actor import Section
from operator_app.services.qr_payload import make_payload
from operator_app.services.scan import ScanSource
from operator_app.settings import qr_signing_key
from tests.conftest import PASSWORD
from tests.gui.conftest import log_in, type_text
from tests.gui.test_visit_flow import _page_image, _World
from tests.helpers.clerk import Clerk, standard_confirmation, wait_until
from tests.helpers.data import PENDING, check_originals

MOST_ACTIONS = 10  # issue 15: a standard confirmation, scan to printed slip


def _window(desk, qtbot, login):
    log_in(qtbot, desk, login, PASSWORD)
    qtbot.waitUntil(lambda: desk.window is not None and desk.window.isVisible())
    window = desk.window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_a_standard_confirmation_takes_at_most_ten_actions(scan_world, desk, qtbot, printed):
    window = _window(desk, qtbot, "clerk")
    page = window.sections[Section.DESK]
    done = standard_confirmation(window, make_payload(PENDING, qr_signing_key()),
                                 lambda visit_id: check_originals(_World(page.context),
                                                                  visit_id))
    assert done.clerk.actions == ["scan", "key F2", "key F4", "key Ctrl+P", "key Ctrl+Return"]
    assert done.clerk.count <= MOST_ACTIONS
    # The keys did the work: a slip whose barcode is the code shown, the desk ready again.
    (slip,) = printed.glob("*.pdf")
    assert [c.text for c in decode_still(_page_image(slip))] == [done.code]
    assert "Каримов Рустам" in PdfReader(str(slip)).pages[0].extract_text()
    assert page.visit_panel.visit is None
    assert "завершён" in page.banner.text()


def test_the_clerk_counts_a_field_once_and_each_key(desk, qtbot):
    dialog = desk.login_dialog
    clerk = Clerk()
    clerk.type_into(dialog.login.edit, "clerk")
    clerk.press(dialog, Qt.Key.Key_Tab)
    clerk.click(dialog.ok_button)
    assert clerk.count == 3
    assert dialog.login.edit.text() == "clerk"


@pytest.mark.parametrize(("login", "section", "keys"), [
    ("clerk", Section.DESK, {"Ctrl+F", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "Alt+1",
                             "Alt+2"}),
    ("post", Section.POST_COUNTER, {"Ctrl+F", "F2", "F3", "F4", "F6", "F7", "F8"}),
    ("boss", Section.SUPERVISOR, {"Ctrl+F", "Ctrl+G", "Ctrl+D", "Ctrl+Shift+R", "Ctrl+O",
                                  "Alt+1", "Alt+2", "Ctrl+S", "Ctrl+Shift+S", "Ctrl+P", "F9",
                                  "Ctrl+K"}),
])
def test_each_section_shows_its_keys_in_its_menu(desk, qtbot, login, section, keys):
    window = _window(desk, qtbot, login)
    window.nav.setCurrentRow(list(window.sections).index(section))
    menu = window.section_menus[section]
    assert menu.menuAction().isVisible()
    shown = {a.shortcut().toString() for a in menu.actions()}
    assert shown == keys
    # No key twice in the window among what is live now.
    live = [a.shortcut().toString() for a in window.findChildren(type(menu.actions()[0]))
            if a.isEnabled() and not a.shortcut().isEmpty()]
    assert len(live) == len(set(live)), live
    for other, other_menu in window.section_menus.items():
        assert other_menu.menuAction().isVisible() == (other is section)


def test_ctrl_f_takes_the_search_from_anywhere_on_the_desk(scan_world, desk, qtbot):
    window = _window(desk, qtbot, "clerk")
    page = window.sections[Section.DESK]
    page.visit_panel.history.setFocus()
    qtbot.keyClick(page.visit_panel.history, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is page.search.edit
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert page.tabs.currentWidget() is page.checklist


def test_the_post_counter_finds_and_hands_over_by_keyboard(world, desk, qtbot):
    from tests.gui.test_post_counter import _batch
    from tests.helpers.post import add_post_applications, deliver, passport

    add_post_applications(world, count=1)
    (letter,) = _batch(world).letters
    deliver(world, [letter.tracking_number])
    window = _window(desk, qtbot, "post")
    page = window.sections[Section.POST_COUNTER]
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is page.search.edit
    type_text(page.search.edit, letter.tracking_number, delay_ms=40)  # a person typing
    qtbot.keyClick(page.search.edit, Qt.Key.Key_Return, delay=40)
    qtbot.waitUntil(lambda: page.card.row is not None)
    qtbot.keyClick(window, Qt.Key.Key_F2)
    assert QApplication.focusWidget() is page.card.passport.edit
    type_text(page.card.passport.edit, passport(1), delay_ms=40)
    qtbot.keyClick(window, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: "вручено" in page.banner.text())


def test_the_supervisor_reaches_the_summary_and_the_audit_check_by_keys(desk, qtbot):
    window = _window(desk, qtbot, "boss")
    window.nav.setCurrentRow(list(window.sections).index(Section.SUPERVISOR))
    page = window.sections[Section.SUPERVISOR]
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert page.tabs.currentWidget() is page.summary
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is page.summary.day
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.tabs.currentWidget() is page.log
    assert QApplication.focusWidget() is page.log.name
    qtbot.keyClick(window, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: "Журнал цел" in page.banner.text())


def test_esc_in_a_reason_asks_and_keeps_what_was_typed(scan_world, desk, qtbot):
    window = _window(desk, qtbot, "clerk")
    page = window.sections[Section.DESK]
    page.handle_scan(make_payload(PENDING, qr_signing_key()), ScanSource.CAMERA)
    qtbot.waitUntil(lambda: page.visit_panel.visit is not None)
    qtbot.keyClick(window, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: page.visit_panel.refuse_dialog is not None)
    dialog = page.visit_panel.refuse_dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.edit, "Passport damaged")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    box = dialog.discard_question
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    qtbot.keyClick(box, Qt.Key.Key_Return)  # the default: go on typing
    qtbot.waitUntil(lambda: not box.isVisible())
    assert dialog.isVisible()
    assert dialog.edit.toPlainText() == "Passport damaged"
    # Ctrl+Enter is OK: the refusal is recorded with the reason as typed.
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.visit_panel.visit is None)
    assert "отказ" in page.banner.text()


def test_esc_with_nothing_typed_just_closes(scan_world, desk, qtbot):
    window = _window(desk, qtbot, "clerk")
    page = window.sections[Section.DESK]
    page.handle_scan(make_payload(PENDING, qr_signing_key()), ScanSource.CAMERA)
    qtbot.waitUntil(lambda: page.visit_panel.visit is not None)
    qtbot.keyClick(window, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: page.visit_panel.refuse_dialog is not None)
    dialog = page.visit_panel.refuse_dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.discard_question is None
    wait_until(lambda: not dialog.isVisible(), "the dialog closed")


def test_the_code_window_shows_its_keys_whole(qtbot):
    from operator_app.views.code_window import CodeDialog

    dialog = CodeDialog(code="K7M4PX9RT", name_cyrillic="Каримов Рустам",
                        name_latin="KARIMOV RUSTAM", number=PENDING, expires="01.01.2030")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isVisible)
    for button, key in ((dialog.print_a4, "Ctrl+P"), (dialog.print_receipt, "Ctrl+Shift+P"),
                        (dialog.close_button, "Ctrl+Enter")):
        assert button.text().endswith(key)
        assert button.width() >= button.sizeHint().width(), button.text()
    dialog.discard()
