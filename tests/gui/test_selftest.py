"""The self-test at login shows only what needs attention; on demand, everything."""

from __future__ import annotations

from PySide6.QtCore import Qt

from operator_app.settings import get_settings
from operator_app.views.main_window import MainWindow
from tests.conftest import PASSWORD
from tests.gui.conftest import log_in


def test_at_login_a_missing_scan_folder_is_said_in_one_sentence(world, desk, qtbot, tmp_path,
                                                                monkeypatch):
    monkeypatch.setattr(MainWindow, "self_test_at_login", True)
    monkeypatch.setenv("OPERATOR_APP_NO_CAMERA_CHECK", "1")
    get_settings().scan_folder = str(tmp_path / "scanner-out")  # not there
    get_settings().print_to_pdf_dir = str(tmp_path)
    log_in(qtbot, desk, "clerk", PASSWORD)
    qtbot.waitUntil(lambda: desk.window is not None)
    window = desk.window
    qtbot.waitUntil(lambda: window.selftest_dialog is not None
                    and window.selftest_dialog.isVisible(), timeout=15_000)
    dialog = window.selftest_dialog
    lines = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    scanner = next(line for line in lines if "Папка сканера" in line)
    assert scanner.startswith("✗ Папка сканера — требует внимания: Папки ")
    assert any(line.startswith("✓ База данных — готово") for line in lines)
    assert any(line.startswith("✓ Печать — готово") for line in lines)
    assert "папка сканера" in dialog.summary.text()
    dialog.close()


def test_on_demand_every_check_is_listed(world, desk, qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("OPERATOR_APP_NO_CAMERA_CHECK", "1")
    get_settings().print_to_pdf_dir = str(tmp_path)
    log_in(qtbot, desk, "clerk", PASSWORD)
    qtbot.waitUntil(lambda: desk.window is not None)
    window = desk.window
    window.selftest_action.trigger()
    dialog = window.selftest_dialog
    qtbot.waitUntil(lambda: dialog.list.count() >= 5, timeout=15_000)
    titles = [dialog.list.item(i).text().split(" — ")[0][2:] for i in range(dialog.list.count())]
    assert titles[:5] == ["База данных", "Часы", "Папка сканера", "Чтение MRZ",
                          "Распознавание QR-кодов"]
    dialog.close()


def test_the_test_card_is_printed_from_the_self_test(world, desk, qtbot, tmp_path, monkeypatch):
    from pathlib import Path

    from operator_app import selftest
    from operator_app.scanning.decoders import decode_pdf

    monkeypatch.setenv("OPERATOR_APP_NO_CAMERA_CHECK", "1")
    get_settings().print_to_pdf_dir = str(tmp_path)
    log_in(qtbot, desk, "clerk", PASSWORD)
    qtbot.waitUntil(lambda: desk.window is not None)
    desk.window.selftest_action.trigger()
    dialog = desk.window.selftest_dialog
    qtbot.waitUntil(lambda: dialog.list.count() >= 5, timeout=15_000)
    qtbot.mouseClick(dialog.card_button, Qt.MouseButton.LeftButton)
    assert "сохранён" in dialog.card_said.text()
    [pdf] = Path(tmp_path).glob("*.pdf")
    assert [code.text for _page, code in decode_pdf(pdf)] == [selftest.TEST_CARD_TEXT]
    dialog.close()
