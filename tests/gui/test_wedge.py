"""The keyboard-wedge scanner: bursts anywhere in a window, told from a person by timing."""

from __future__ import annotations

import time

import pytest
import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from operator_app.scanning.keyboard_layout import to_russian_layout
from operator_app.services import application_numbers
from operator_app.views.wedge import ScannerWedge

QR_PAYLOAD = "GU1:202600012346:ABCDEFGHIJKLMNOP"
SCANNER_GAP = 0.008  # seconds between a scanner's keys
HUMAN_GAP = 0.150
# Characters typed with Shift on the US layout and on the Russian one.
SHIFTED = set('~!@#$%^&*()_+{}|:"<>?') | set('Ё!"№;%:?*()_+/,')


class FakeClock:
    """A monotonic clock the test moves by hand: qtbot's keys arrive ~0 ms apart."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Desk(QWidget):
    """A stand-in for the desk window: a search field, notes and a button to focus."""

    def __init__(self) -> None:
        super().__init__()
        self.search = QLineEdit()
        self.notes = QPlainTextEdit()
        self.button = QPushButton("Focus elsewhere")
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.notes)
        layout.addWidget(self.button)
        self.returns: list[str] = []
        self.clicks = 0
        self.search.returnPressed.connect(lambda: self.returns.append(self.search.text()))
        self.button.clicked.connect(self._on_button_clicked)

    def _on_button_clicked(self) -> None:
        self.clicks += 1


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def desk(qtbot):
    window = Desk()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.search.setFocus()
    return window


@pytest.fixture
def wedge(desk, clock):
    wedge = ScannerWedge(window=desk, clock=clock, parent=desk)
    yield wedge
    if shiboken6.isValid(wedge):
        wedge.set_enabled(False)


def focused_or_window(window: QWidget) -> QWidget:
    """Where Qt sends a key: the focus widget, or the window when nothing has focus."""
    return QApplication.focusWidget() or window


def _key_code(char: str) -> int:
    # Qt's key code for a character is the code of its upper case (Key_A, Key_Space, …;
    # Cyrillic keys too), which is what makes a Space press a button.
    upper = char.upper()
    return ord(upper) if len(upper) == 1 else Qt.Key.Key_unknown


def _send(widget: QWidget, kind: QEvent.Type, key: int, modifiers: Qt.KeyboardModifier,
          text: str) -> None:
    QApplication.sendEvent(widget, QKeyEvent(kind, key, modifiers, text))


def type_keys(widget: QWidget, text: str, clock: FakeClock, gap: float) -> None:
    """Type any text, Cyrillic included, ``gap`` seconds apart, as a keyboard would.

    Like ``tests.gui.conftest.type_text`` (QTest's keyClicks rejects non-ASCII), but with
    the real key codes and Shift around capitals and shifted punctuation, as a scanner
    sends them.
    """
    for char in text:
        clock.now += gap
        shifted = char.isupper() or char in SHIFTED
        modifiers = (Qt.KeyboardModifier.ShiftModifier if shifted
                     else Qt.KeyboardModifier.NoModifier)
        if shifted:
            _send(widget, QEvent.Type.KeyPress, Qt.Key.Key_Shift, modifiers, "")
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            _send(widget, kind, _key_code(char), modifiers, char)
        if shifted:
            _send(widget, QEvent.Type.KeyRelease, Qt.Key.Key_Shift,
                  Qt.KeyboardModifier.NoModifier, "")


def press_enter(widget: QWidget, clock: FakeClock, gap: float) -> None:
    clock.now += gap
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        _send(widget, kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r")


def scan(widget: QWidget, payload: str, clock: FakeClock, *, russian: bool = False) -> None:
    """What a USB scanner does: the payload at scanner speed, then Enter."""
    type_keys(widget, to_russian_layout(payload) if russian else payload, clock, SCANNER_GAP)
    press_enter(widget, clock, SCANNER_GAP)


# -- scans ----------------------------------------------------------------------------


def test_scan_with_nothing_focused_reaches_the_window(desk, wedge, clock, qtbot):
    desk.search.clearFocus()
    assert QApplication.focusWidget() is None
    with qtbot.waitSignal(wedge.scanned, timeout=1000) as blocker:
        scan(focused_or_window(desk), QR_PAYLOAD, clock)
    assert blocker.args == [QR_PAYLOAD]


def test_scan_on_a_russian_layout_is_mapped_back_to_latin(desk, wedge, clock, qtbot):
    desk.button.setFocus()
    typed = to_russian_layout(QR_PAYLOAD)
    assert typed == "ПГ1Ж202600012346ЖФИСВУАПРШОЛДЬТЩЗ"
    with qtbot.waitSignal(wedge.scanned, timeout=1000) as blocker:
        scan(focused_or_window(desk), QR_PAYLOAD, clock, russian=True)
    assert blocker.args == [QR_PAYLOAD]


def test_scan_into_a_field_leaves_the_field_as_it_was(desk, wedge, clock, qtbot):
    desk.search.setText("Иванов")
    desk.search.setCursorPosition(3)
    with qtbot.waitSignal(wedge.scanned, timeout=1000) as blocker:
        scan(desk.search, "RA473124829GB", clock, russian=True)
    assert blocker.args == ["RA473124829GB"]
    assert desk.search.text() == "Иванов"
    assert desk.search.cursorPosition() == 3
    assert desk.returns == [], "returnPressed must not fire with the payload"


def test_scan_over_a_selection_restores_the_selection(desk, wedge, clock, qtbot):
    desk.search.setText("KARIMOV RUSTAM")
    desk.search.setSelection(8, 6)  # RUSTAM: typing would replace it
    with qtbot.waitSignal(wedge.scanned, timeout=1000):
        scan(desk.search, QR_PAYLOAD, clock)
    assert desk.search.text() == "KARIMOV RUSTAM"
    assert desk.search.selectedText() == "RUSTAM"
    assert desk.search.cursorPosition() == 14


def test_scan_into_notes_leaves_the_notes_as_they_were(desk, wedge, clock, qtbot):
    desk.notes.setPlainText("Паспорт 😀 предъявлен\nподпись есть")
    cursor = desk.notes.textCursor()
    cursor.setPosition(10)  # after the emoji: Qt counts UTF-16 units
    desk.notes.setTextCursor(cursor)
    desk.notes.setFocus()
    with qtbot.waitSignal(wedge.scanned, timeout=1000) as blocker:
        scan(desk.notes, QR_PAYLOAD, clock)
    assert blocker.args == [QR_PAYLOAD]
    assert desk.notes.toPlainText() == "Паспорт 😀 предъявлен\nподпись есть"
    assert desk.notes.textCursor().position() == 10


def test_scan_on_a_focused_button_does_not_press_it(desk, wedge, clock, qtbot):
    number = application_numbers.format_number(application_numbers.make(2026, 1234))
    assert " " in number  # a Space would click a focused button
    desk.button.setFocus()
    with qtbot.waitSignal(wedge.scanned, timeout=1000) as blocker:
        scan(desk.button, number, clock)
    assert blocker.args == [number]
    assert application_numbers.validate(blocker.args[0]) == number.replace(" ", "")
    qtbot.wait(150)  # longer than the wedge keeps a person's keys back
    assert desk.clicks == 0


def test_application_number_with_spaces_typed_into_a_field(desk, wedge, clock, qtbot):
    number = "2026 0000 1234"
    desk.search.setText("12")
    with qtbot.waitSignal(wedge.scanned, timeout=1000) as blocker:
        scan(desk.search, number, clock)
    assert blocker.args == [number]
    assert desk.search.text() == "12"


def test_real_scanner_speed_with_the_real_clock(desk, qtbot):
    wedge = ScannerWedge(window=desk, parent=desk)
    with qtbot.waitSignal(wedge.scanned, timeout=1000) as blocker:
        qtbot.keyClicks(desk.search, QR_PAYLOAD)
        qtbot.keyClick(desk.search, Qt.Key.Key_Return)
    assert blocker.args == [QR_PAYLOAD]
    assert desk.search.text() == ""
    assert desk.returns == []


def test_window_system_keys_count_once(desk, wedge, clock, qtbot):
    # Through the QWindow, as real keys come: Qt shows the application's event filter the
    # same key for the window, the focused button and (ignored there) each parent.
    desk.button.setFocus()
    window = desk.windowHandle()
    with qtbot.waitSignal(wedge.scanned, timeout=1000) as blocker:
        for char in "RA473124829GB":
            clock.now += SCANNER_GAP
            QTest.keyClick(window, char)
        clock.now += SCANNER_GAP
        QTest.keyClick(window, Qt.Key.Key_Return)
    assert blocker.args == ["RA473124829GB"]


class DigitlessEdit(QLineEdit):
    """A field that passes the keys it does not take on to its parent, as Qt allows."""

    def keyPressEvent(self, event):  # noqa: N802 - Qt override
        if event.text().isdigit():
            event.ignore()
            return
        super().keyPressEvent(event)


def test_keys_a_field_passes_to_its_parent_count_once(desk, wedge, clock, qtbot):
    # The application's filter sees an ignored key again for each parent it is offered to.
    field = DigitlessEdit("Каримов")
    desk.layout().addWidget(field)
    field.setFocus()
    with qtbot.waitSignal(wedge.scanned, timeout=1000) as blocker:
        scan(field, QR_PAYLOAD, clock)
    assert blocker.args == [QR_PAYLOAD]
    assert field.text() == "Каримов"


def test_scan_into_an_editable_combo_box(desk, wedge, clock, qtbot):
    combo = QComboBox()
    combo.setEditable(True)
    combo.addItems(["Узбекистан", "Таджикистан"])
    desk.layout().addWidget(combo)
    combo.setFocus()
    with qtbot.waitSignal(wedge.scanned, timeout=1000) as blocker:
        scan(combo, "RA473124829GB", clock, russian=True)
    assert blocker.args == ["RA473124829GB"]
    assert combo.currentText() == "Узбекистан"


# -- a person ----------------------------------------------------------------------------


def test_a_person_typing_then_enter_is_not_a_scan(desk, wedge, clock, qtbot):
    with qtbot.assertNotEmitted(wedge.scanned):
        type_keys(desk.search, "Иванов", clock, HUMAN_GAP)
        press_enter(desk.search, clock, HUMAN_GAP)
    assert desk.search.text() == "Иванов"
    assert desk.returns == ["Иванов"]


def test_a_person_typing_at_real_speed_is_not_a_scan(desk, qtbot):
    wedge = ScannerWedge(window=desk, parent=desk)
    started = time.monotonic()
    with qtbot.assertNotEmitted(wedge.scanned):
        qtbot.keyClicks(desk.search, "KARIMOV", delay=120)
        qtbot.keyClick(desk.search, Qt.Key.Key_Return, delay=120)
    assert time.monotonic() - started >= 7 * 0.12
    assert desk.search.text() == "KARIMOV"
    assert desk.returns == ["KARIMOV"]


def test_a_fast_enter_after_slow_typing_is_not_a_scan(desk, wedge, clock, qtbot):
    with qtbot.assertNotEmitted(wedge.scanned):
        type_keys(desk.search, "KARIMOV", clock, HUMAN_GAP)
        press_enter(desk.search, clock, SCANNER_GAP)
    assert desk.returns == ["KARIMOV"]


def test_a_short_fast_burst_is_not_a_scan(desk, wedge, clock, qtbot):
    assert wedge.min_length == 6
    with qtbot.assertNotEmitted(wedge.scanned):
        type_keys(desk.search, "12345", clock, SCANNER_GAP)
        press_enter(desk.search, clock, SCANNER_GAP)
    assert desk.search.text() == "12345"
    assert desk.returns == ["12345"]


def test_a_burst_without_enter_stays_typed(desk, wedge, clock, qtbot):
    with qtbot.assertNotEmitted(wedge.scanned):
        type_keys(desk.search, "KARIMOV", clock, SCANNER_GAP)
        press_enter(desk.search, clock, HUMAN_GAP)
    assert desk.search.text() == "KARIMOV"
    assert desk.returns == ["KARIMOV"]


def test_a_slow_key_in_the_middle_breaks_the_burst(desk, wedge, clock, qtbot):
    with qtbot.assertNotEmitted(wedge.scanned):
        type_keys(desk.search, "KAR", clock, SCANNER_GAP)
        type_keys(desk.search, "I", clock, HUMAN_GAP)
        type_keys(desk.search, "MOV", clock, SCANNER_GAP)
        press_enter(desk.search, clock, SCANNER_GAP)
    assert desk.search.text() == "KARIMOV"
    assert desk.returns == ["KARIMOV"]


def test_a_person_pressing_space_on_a_button_still_clicks_it(desk, wedge, clock, qtbot):
    desk.button.setFocus()
    with qtbot.assertNotEmitted(wedge.scanned):
        type_keys(desk.button, " ", clock, HUMAN_GAP)
        qtbot.waitUntil(lambda: desk.clicks == 1, timeout=1000)
        # A second press, a person's pace after the first, reaches the button too.
        type_keys(desk.button, " ", clock, HUMAN_GAP)
        qtbot.waitUntil(lambda: desk.clicks == 2, timeout=1000)


def test_keys_held_from_a_button_arrive_in_order_when_a_person_continues(desk, wedge, clock,
                                                                          qtbot):
    desk.button.setFocus()
    type_keys(desk.button, " ", clock, HUMAN_GAP)
    # Tab, a person's key: the held Space is delivered first, then focus moves on.
    clock.now += HUMAN_GAP
    QTest.keyClick(desk.button, Qt.Key.Key_Tab)
    assert desk.clicks == 1
    assert not desk.button.hasFocus()


# -- switching off, lifetime ---------------------------------------------------------------


def test_disabled_wedge_does_nothing(desk, wedge, clock, qtbot):
    wedge.set_enabled(False)
    assert not wedge.enabled
    with qtbot.assertNotEmitted(wedge.scanned):
        scan(desk.search, QR_PAYLOAD, clock)
    assert desk.search.text() == QR_PAYLOAD, "the keys went where they were sent"
    assert desk.returns == [QR_PAYLOAD]
    desk.search.clear()
    wedge.set_enabled(True)
    with qtbot.waitSignal(wedge.scanned, timeout=1000):
        scan(desk.search, QR_PAYLOAD, clock)
    assert desk.search.text() == ""


def test_disabling_delivers_keys_held_back(desk, wedge, clock, qtbot):
    desk.button.setFocus()
    type_keys(desk.button, " ", clock, HUMAN_GAP)
    wedge.set_enabled(False)
    assert desk.clicks == 1


def test_keys_of_another_window_are_left_alone(desk, wedge, clock, qtbot):
    other = QLineEdit()
    qtbot.addWidget(other)
    other.show()
    qtbot.waitExposed(other)
    with qtbot.assertNotEmitted(wedge.scanned):
        scan(other, QR_PAYLOAD, clock)
    assert other.text() == QR_PAYLOAD


def test_deleted_wedge_leaves_no_timer_and_no_filter(desk, wedge, clock, qtbot):
    desk.button.setFocus()
    type_keys(desk.button, "x", clock, SCANNER_GAP)  # held back, the expiry timer running
    with qtbot.waitSignal(wedge.destroyed, timeout=1000):
        wedge.deleteLater()
    qtbot.wait(150)  # past the expiry: a live timer would call into the deleted wedge
    scan(desk.search, QR_PAYLOAD, clock)
    assert desk.search.text() == QR_PAYLOAD
    assert desk.returns == [QR_PAYLOAD]


def test_options_are_validated(desk):
    with pytest.raises(ValueError, match="max_gap_ms"):
        ScannerWedge(max_gap_ms=0, parent=desk)
    with pytest.raises(ValueError, match="min_length"):
        ScannerWedge(min_length=0, parent=desk)
