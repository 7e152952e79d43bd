"""GUI fixtures: the real application controller on a test database, driven with qtbot."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from operator_app.views import operations
from operator_app.views.app import DeskApp
from operator_app.views.appearance import apply_appearance


@pytest.fixture(autouse=True)
def _styled_app(qapp: QApplication) -> Iterator[None]:
    apply_appearance(qapp)  # standard size and theme, whatever a test before chose
    yield
    operations.wait_for_all()
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            widget.close()
    operations.wait_for_all()
    QApplication.processEvents()


@pytest.fixture
def printed(tmp_path):
    """The printer is a folder of PDF files (``print_to_pdf_dir``)."""
    from operator_app.settings import get_settings

    folder = tmp_path / "printed"
    get_settings().print_to_pdf_dir = str(folder)
    return folder


@pytest.fixture
def desk(world, qtbot) -> Iterator[DeskApp]:
    """The desk application on the small world, login dialog showing."""
    app = DeskApp(world.db, idle_timeout_ms=60_000)
    app.start()
    qtbot.waitUntil(lambda: app.login_dialog is not None and app.login_dialog.isVisible())
    yield app
    # Before the database fixture disposes its engine: every window closed (closing one may
    # write, e.g. the logout event) and no operation still holding a connection — one
    # opened after the dispose would never be closed.
    from PySide6.QtCore import QEvent

    from operator_app.views.correction_form import CorrectionDialog

    if app.window is not None:
        app.window.confirm_leaving = lambda _unsaved: True  # the test is over: no question
        app.window.close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, CorrectionDialog):
            widget.confirm_discard = lambda _parent: True  # the test is over: no question
        if widget.isVisible():
            widget.close()
    operations.wait_for_all(timeout_ms=60_000)
    QApplication.processEvents()
    operations.wait_for_all(timeout_ms=60_000)


def log_in(qtbot, desk: DeskApp, login: str, password: str) -> None:
    dialog = desk.login_dialog
    assert dialog is not None
    dialog.login.edit.clear()
    qtbot.keyClicks(dialog.login.edit, login)
    dialog.password.edit.clear()
    qtbot.keyClicks(dialog.password.edit, password)
    qtbot.mouseClick(dialog.ok_button, qtbot_left())


def qtbot_left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def type_text(widget, text: str, *, delay_ms: int = 0) -> None:
    """Type any text, Cyrillic included, as key events (QTest's keyClicks is ASCII-only).

    ``delay_ms`` paces the keys like a person; without it the keys come as fast as a
    hand-held scanner's, and the desk's scanner wedge treats a burst ending in Enter as a scan.
    """
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtTest import QTest

    for char in text:
        if delay_ms:
            QTest.qWait(delay_ms)
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                     Qt.KeyboardModifier.NoModifier, char))


@pytest.fixture(autouse=True)
def _no_self_test_at_login(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shift's self-test opens a camera and may show a dialog: only its own tests
    want it at login."""
    from operator_app.views.main_window import MainWindow

    monkeypatch.setattr(MainWindow, "self_test_at_login", False)
