from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from operator_app.models import Database
from operator_app.services import operators
from operator_app.views import app as app_module
from operator_app.views import operations
from operator_app.views.app import DeskApp
from operator_app.views.main_window import SECTION_TITLES
from tests.conftest import PASSWORD
from tests.gui.conftest import log_in, type_text


def _nav_titles(window):
    return [window.nav.item(i).text() for i in range(window.nav.count())]


def test_login_opens_the_main_window(desk, qtbot):
    log_in(qtbot, desk, "clerk", PASSWORD)
    qtbot.waitUntil(lambda: desk.window is not None and desk.window.isVisible())
    window = desk.window
    assert not desk.login_dialog.isVisible()
    assert "Иван Клерков" in window.operator_label.text()
    assert "Оператор ЦО" in window.operator_label.text()
    assert "MSK-CO-1" in window.point_label.text()
    assert "БД:" in window.db_label.text()


@pytest.mark.parametrize(("login", "sections"), [
    ("clerk", ["Приём заявителей"]),
    ("post", ["Выдача писем"]),
    ("boss", ["Приём заявителей", "Журнал и отчёты", "Письма Почты", "Операторы"]),
    ("admin", ["Журнал и отчёты", "Письма Почты", "Операторы"]),
])
def test_sections_follow_the_role(desk, qtbot, login, sections):
    log_in(qtbot, desk, login, PASSWORD)
    qtbot.waitUntil(lambda: desk.window is not None)
    assert _nav_titles(desk.window) == sections
    assert set(sections) <= set(SECTION_TITLES.values())


def test_wrong_password_shows_a_message_and_keeps_the_login(desk, qtbot):
    log_in(qtbot, desk, "clerk", "wrong-password")
    dialog = desk.login_dialog
    qtbot.waitUntil(lambda: dialog.message.isVisible())
    assert "Неверный логин или пароль" in dialog.message.text()
    assert "Осталось попыток: 4" in dialog.message.text()
    assert dialog.login.text() == "clerk"
    assert dialog.password.text() == ""
    assert desk.window is None


def test_empty_fields_are_flagged_where_they_are(desk, qtbot):
    dialog = desk.login_dialog
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.login.error == "Введите логин."
    qtbot.keyClicks(dialog.login.edit, "clerk")
    qtbot.keyClick(dialog.login.edit, Qt.Key.Key_Return)
    assert dialog.password.error == "Введите пароль."


def test_five_failures_lock_the_account(desk, qtbot):
    dialog = desk.login_dialog
    for attempt in range(5):
        log_in(qtbot, desk, "clerk", f"wrong-{attempt}-pass")
        qtbot.waitUntil(lambda: dialog.ok_button.isEnabled() and dialog.message.isVisible())
    assert "учётная запись заблокирована до" in dialog.message.text()
    log_in(qtbot, desk, "clerk", PASSWORD)
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled()
                    and "заблокирована до" in dialog.message.text()
                    and "неудачных попыток входа" in dialog.message.text())
    assert desk.window is None


def test_enter_in_the_password_field_logs_in(desk, qtbot):
    dialog = desk.login_dialog
    qtbot.keyClicks(dialog.login.edit, "post")
    qtbot.keyClicks(dialog.password.edit, PASSWORD)
    qtbot.keyClick(dialog.password.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.window is not None)


def test_logout_returns_to_the_login_dialog(desk, qtbot):
    log_in(qtbot, desk, "clerk", PASSWORD)
    qtbot.waitUntil(lambda: desk.window is not None)
    first_dialog = desk.login_dialog
    desk.window.logout_action.trigger()
    qtbot.waitUntil(lambda: desk.window is None and desk.login_dialog is not first_dialog
                    and desk.login_dialog.isVisible())


def test_empty_database_asks_for_the_first_administrator(empty_db_url, qtbot):
    db = Database(empty_db_url)
    db.upgrade()
    desk = DeskApp(db)
    desk.start()
    dialog = desk.first_admin_dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert desk.login_dialog is None
    qtbot.keyClicks(dialog.point_code.edit, "kzn-co-1")
    type_text(dialog.point_name.edit, "ЦО «Кремлёвская»")
    qtbot.keyClicks(dialog.login.edit, "chief")
    type_text(dialog.full_name.edit, "Главный Администратор")
    qtbot.keyClicks(dialog.password.edit, "short")
    qtbot.keyClicks(dialog.password_again.edit, "short")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.password.error) or dialog.message.isVisible())
    assert not dialog.message.isVisible(), dialog.message.text()
    assert "не короче 8" in dialog.password.error
    with db.read() as session:  # nothing half-created
        assert operators.operator_count(session) == 0
    dialog.password.edit.clear()
    dialog.password_again.edit.clear()
    qtbot.keyClicks(dialog.password.edit, PASSWORD)
    qtbot.keyClicks(dialog.password_again.edit, PASSWORD)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.login_dialog is not None and desk.login_dialog.isVisible())
    assert desk.login_dialog.login.text() == "chief"
    qtbot.keyClicks(desk.login_dialog.password.edit, PASSWORD)
    qtbot.keyClick(desk.login_dialog.password.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.window is not None)
    assert _nav_titles(desk.window) == ["Журнал и отчёты", "Письма Почты", "Операторы"]
    assert "KZN-CO-1" in desk.window.point_label.text()
    desk.window.close()
    operations.wait_for_all()
    db.dispose()


def test_corrupt_database_gives_a_dialog_not_a_traceback(tmp_path, monkeypatch, qapp):
    shown = []
    monkeypatch.setattr(app_module.QMessageBox, "critical",
                        lambda _parent, title, text: shown.append((title, text)))
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"garbage" * 500)
    code = app_module.run_gui(db_url=f"sqlite:///{broken}")
    assert code == app_module.EXIT_DATABASE
    assert len(shown) == 1
    assert "повреждён" in shown[0][1]


def test_missing_optional_components_are_named_at_login(world, qtbot):
    desk = DeskApp(world.db, missing=["libzbar0 (распознавание штрихкодов)"])
    desk.start()
    qtbot.waitUntil(lambda: desk.login_dialog is not None)
    assert "libzbar0" in desk.login_dialog.missing_label.text()


def test_missing_zbar_is_detected(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pyzbar.pyzbar", None)  # import now raises ImportError
    assert any("libzbar0" in item for item in app_module.optional_components_missing())


def test_demo_start_creates_data_and_the_qr_sheet(empty_db_url, qtbot, tmp_path):
    db = Database(empty_db_url)
    db.upgrade()
    desk = DeskApp(db, demo=True)
    desk.start()
    try:
        # The demo plays two weeks of work: ~17 s on SQLite, ~35 s on PostgreSQL here.
        qtbot.waitUntil(lambda: desk.login_dialog is not None, timeout=150_000)
        assert "clerk.msk" in desk.login_dialog.findChild(app_module.QLabel, "hint").text()
        sheet = db.sqlite_path.with_name("demo-qr-codes.pdf") if db.sqlite_path else (
            tmp_path / "demo-qr-codes.pdf")
        assert sheet.exists()
        assert sheet.read_bytes().startswith(b"%PDF")
    finally:
        # Never leave the demo writing while the test's database is dropped.
        operations.wait_for_all(timeout_ms=600_000)
        db.dispose()


def test_the_file_dialog_speaks_russian(desk, qtbot, qapp):
    """On a computer in any language: Qt's own dialog, every word of it Russian."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLabel, QPushButton

    from operator_app.services.actor import Section

    seen: dict[str, list[str]] = {}

    def look_and_cancel() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog) or not dialog.isVisible():
            QTimer.singleShot(50, look_and_cancel)
            return
        seen["buttons"] = [b.text().replace("&", "") for b in dialog.findChildren(QPushButton)
                           if b.isVisible()]
        seen["labels"] = [label.text().replace("&", "") for label in dialog.findChildren(QLabel)
                          if label.isVisible() and label.text()]
        dialog.reject()

    with app_module.qt_in_russian(qapp):
        log_in(qtbot, desk, "clerk", PASSWORD)
        qtbot.waitUntil(lambda: desk.window is not None and desk.window.isVisible())
        panel = desk.window.sections[Section.DESK].scan_panel
        QTimer.singleShot(0, look_and_cancel)
        qtbot.mouseClick(panel.file_button, Qt.MouseButton.LeftButton)
        assert seen, "Qt's own file dialog, not the system's"
        assert seen["buttons"] == ["Открыть", "Отмена"]
        assert seen["labels"] == ["Папка:", "Имя файла:", "Тип файлов:"]
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Отмена"
    # The locale and the translators are the computer's again afterwards.
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"
