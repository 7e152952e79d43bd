"""A clerk at the keyboard, and what they do counted.

Each key press, shortcut, click or scan is one action; a field's text typed is one action
for the field, however long the text. The clerk sends real key and mouse events
(``QTest``), so a key counted here is a key the desk answered, not a method called.

``standard_confirmation`` is the desk's everyday case — the application and the documents
in order — from the scan to the printed slip; the GUI test asserts its count and
``bench/bench_actions.py`` prints it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

NO_MODIFIER = Qt.KeyboardModifier.NoModifier


def wait_until(condition: Callable[[], object], what: str, *, timeout: float = 15.0) -> None:
    """Let the desk work (events, background answers) until ``condition`` holds."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError(f"waited {timeout:g} s for: {what}")
        QTest.qWait(10)


def _key_name(key: Qt.Key, modifier: Qt.KeyboardModifier) -> str:
    from PySide6.QtGui import QKeySequence

    return QKeySequence(modifier.value | key.value).toString()


@dataclass
class Clerk:
    """Counts what the clerk does; ``actions`` names each one in order."""

    actions: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.actions)

    def _target(self, window: QWidget) -> QWidget:
        """Keys go where the focus is, as on a real keyboard (the window if nothing in it
        has the focus)."""
        focused = QApplication.focusWidget()
        return focused if focused is not None and focused.window() is window else window

    def press(self, window: QWidget, key: Qt.Key,
              modifier: Qt.KeyboardModifier = NO_MODIFIER) -> None:
        QTest.keyClick(self._target(window), key, modifier)
        self.actions.append(f"key {_key_name(key, modifier)}")

    def click(self, button: QWidget) -> None:
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        self.actions.append(f"click {button.objectName() or type(button).__name__}")

    def type_into(self, widget: QWidget, text: str) -> None:
        widget.setFocus()
        QTest.keyClicks(widget, text)
        self.actions.append(f"type {widget.objectName() or type(widget).__name__}")

    def scan(self, window: QWidget, payload: str) -> None:
        """The hand-held scanner's trigger: it types the code and Enter into whatever has
        the focus, as fast as scanners do; the desk's wedge takes the burst."""
        target = self._target(window)
        QTest.keyClicks(target, payload)
        QTest.keyClick(target, Qt.Key.Key_Return)
        self.actions.append("scan")


@dataclass
class Confirmation:
    clerk: Clerk
    code: str  # the code the desk showed, as the clerk read it


def standard_confirmation(window: QWidget, payload: str,
                          check_documents: Callable[[int], None]) -> Confirmation:
    """From the scan of the application's QR code to the printed slip, by keyboard.

    ``check_documents(visit_id)`` records the originals as compared. It is not counted:
    typing each document's series, number and dates from the original is the checklist's
    own work (tests/gui/test_checklist.py), the same for every way of deciding a visit.
    """
    from operator_app.services.actor import Section

    page = window.sections[Section.DESK]  # type: ignore[attr-defined]
    panel = page.visit_panel
    clerk = Clerk()
    window.activateWindow()
    wait_until(window.isActiveWindow, "the desk's window in front")
    clerk.scan(window, payload)
    wait_until(lambda: panel.visit is not None, "the visit opened by the scan")
    check_documents(panel.visit.id)
    clerk.press(window, Qt.Key.Key_F2)  # documents checked
    wait_until(panel.confirm_button.isEnabled, "the confirm step enabled")
    clerk.press(window, Qt.Key.Key_F4)  # confirm the identity, issue the code
    wait_until(lambda: page.code_dialog is not None and page.code_dialog.isVisible(),
               "the code on screen")
    dialog = page.code_dialog
    code = dialog.code
    wait_until(dialog.isActiveWindow, "the code window in front")
    clerk.press(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # print the slip
    wait_until(lambda: dialog.printed, "the slip printed")
    clerk.press(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # done
    wait_until(lambda: page.code_dialog is None, "the code window closed")
    return Confirmation(clerk, code)
