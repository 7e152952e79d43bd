"""Comfort at the desk: larger letters and the high-contrast theme from the «Вид» menu, kept
in the settings; a state said by a mark or a word, not by colour alone."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QScrollArea

from operator_app import settings as settings_module
from operator_app.services.qr_payload import make_payload
from operator_app.services.scan import ScanSource
from operator_app.settings import Settings, get_settings, qr_signing_key
from operator_app.views.appearance import (
    choose,
    current_theme,
    next_font_scale,
    scaled,
    stylesheet,
)
from operator_app.views.widgets import Banner, Field
from tests.conftest import PASSWORD
from tests.gui.conftest import log_in
from tests.helpers.data import PENDING

DESK_1366 = QSize(1366, 768)


def _logged_in(desk, qtbot, login):
    log_in(qtbot, desk, login, PASSWORD)
    qtbot.waitUntil(lambda: desk.window is not None and desk.window.isVisible())
    return desk.window


def _log_out(desk, qtbot, window):
    window.confirm_leaving = lambda _unsaved: True  # a visit left open is no concern here
    window.logout()
    qtbot.waitUntil(lambda: desk.window is None and desk.login_dialog.isVisible())


def test_sizes_step_within_those_there_are():
    assert next_font_scale(100, 1) == 125
    assert next_font_scale(150, 1) == 150
    assert next_font_scale(100, -1) == 100
    assert next_font_scale(150, 0) == 100
    assert scaled("QWidget { font-size: 11pt; } QLabel { font-size: 15pt; }", 150) == (
        "QWidget { font-size: 16.5pt; } QLabel { font-size: 22.5pt; }")
    assert "high contrast" not in stylesheet()
    assert "#ffff00" in stylesheet(theme="high_contrast")  # the yellow focus frame


def test_an_unknown_size_or_theme_in_the_file_keeps_the_other_settings(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"font_scale": 300, "theme": "neon", "desk_label": "Окно 3"}),
                    encoding="utf-8")
    loaded = Settings.load(path)
    assert (loaded.font_scale, loaded.theme, loaded.desk_label) == (100, "standard", "Окно 3")
    with pytest.raises(ValueError, match="font_scale"):
        Settings(font_scale=110).validate()


def test_larger_letters_from_the_view_menu_reach_every_widget_and_are_kept(desk, qtbot):
    window = _logged_in(desk, qtbot, "clerk")
    button = next(b for b in window.findChildren(QPushButton) if b.isVisible())
    before = button.font().pointSizeF()
    qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: button.font().pointSizeF() > before)
    assert button.font().pointSizeF() == pytest.approx(before * 1.25, abs=0.5)
    assert "125 %" in window.statusBar().currentMessage()
    window.larger_action.trigger()
    assert button.font().pointSizeF() == pytest.approx(before * 1.5, abs=0.5)
    window.larger_action.trigger()  # the largest stays the largest
    assert get_settings().font_scale == 150
    assert Settings.load().font_scale == 150  # saved with the other settings
    window.normal_size_action.trigger()
    assert button.font().pointSizeF() == pytest.approx(before)
    assert Settings.load().font_scale == 100


@pytest.mark.parametrize("login", ["clerk", "post", "boss"])
def _buttons_whole(window, area, where) -> None:
    """Every visible button of ``area`` on screen or a scroll away, and as large as its
    label needs at the size the letters have: nothing of its text cut off."""
    viewport = area.viewport()
    buttons = [b for b in area.widget().findChildren(QPushButton) if b.isVisible()]
    assert buttons, where
    for button in buttons:
        area.ensureWidgetVisible(button, 0, 0)
        QApplication.processEvents()
        place = QRect(button.mapTo(viewport, QPoint(0, 0)), button.size())
        assert viewport.rect().contains(place), (*where, button.text())
        assert button.width() >= button.sizeHint().width(), (*where, button.text())
        assert button.height() >= button.sizeHint().height(), (*where, button.text())
    if window.nav.count() == 1:
        # At the clerk's own desk and counter, larger letters scroll down where they
        # must, never sideways (a supervisor's section list takes 200 px of the width).
        assert not area.horizontalScrollBar().isVisible(), where


@pytest.mark.parametrize("start", ["at start", "changed later"])
@pytest.mark.parametrize("login", ["clerk", "post", "boss"])
def test_at_150_percent_a_1366x768_desk_cuts_no_button_label(scan_world, desk, qtbot, qapp,
                                                             login, start):
    if start == "at start":  # the desk starts with the size kept in the settings
        choose(qapp, get_settings(), font_scale=150)
    window = _logged_in(desk, qtbot, login)
    window.showNormal()
    window.resize(DESK_1366)
    if start == "changed later":
        window.larger_action.trigger()
        window.larger_action.trigger()
    assert get_settings().font_scale == 150
    for row, page in enumerate(window.sections.values()):
        window.nav.setCurrentRow(row)
        QApplication.processEvents()
        assert window.size() == DESK_1366  # the letters grew, the window did not
        area = window.pages.currentWidget()
        assert isinstance(area, QScrollArea)
        _buttons_whole(window, area, (login, row))
        if hasattr(page, "visit_panel"):  # a visit open: the application, the documents
            page.handle_scan(make_payload(PENDING, qr_signing_key()), ScanSource.CAMERA)
            qtbot.waitUntil(lambda page=page: page.visit_panel.visit is not None)
            for tab in range(page.tabs.count()):
                page.tabs.setCurrentIndex(tab)
                QApplication.processEvents()
                _buttons_whole(window, area, (login, row, tab))
    window.normal_size_action.trigger()
    _log_out(desk, qtbot, window)


def test_high_contrast_from_the_view_menu_is_white_on_black_and_kept(desk, qtbot):
    window = _logged_in(desk, qtbot, "clerk")
    standard = QApplication.palette().color(QPalette.ColorRole.Window)
    window.contrast_action.trigger()
    assert current_theme() == "high_contrast"
    palette = QApplication.palette()
    assert palette.color(QPalette.ColorRole.Window) == QColor("black")
    assert palette.color(QPalette.ColorRole.WindowText) == QColor("white")
    assert Settings.load().theme == "high_contrast"
    page = window.sections[next(iter(window.sections))]
    label = next(w for w in page.findChildren(QLabel) if w.isVisible() and w.text())
    assert label.palette().color(label.foregroundRole()) == QColor("white")
    # The focus is a thick yellow frame, not a hint of blue.
    button = next(b for b in page.findChildren(QPushButton) if b.isVisible() and b.isEnabled())
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    image = button.grab().toImage()
    yellow = sum(1 for x in range(image.width()) for y in (0, 1, 2, image.height() - 2)
                 if image.pixelColor(x, y) == QColor("#ffff00"))
    assert yellow > image.width()  # along its top and bottom edges
    window.contrast_action.trigger()
    assert QApplication.palette().color(QPalette.ColorRole.Window) == standard
    assert Settings.load().theme == "standard"


def test_the_login_window_takes_the_same_keys(desk, qtbot):
    dialog = desk.login_dialog
    dialog.activateWindow()
    before = dialog.ok_button.font().pointSizeF()
    qtbot.keyClick(dialog.login.edit, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.ok_button.font().pointSizeF() > before)
    qtbot.keyClick(dialog.login.edit, Qt.Key.Key_H,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert current_theme() == "high_contrast"
    settings_module.reset_settings_cache()
    assert (get_settings().font_scale, get_settings().theme) == (125, "high_contrast")


@pytest.mark.parametrize(("kind", "mark", "said"), [
    ("error", "✗", "Ошибка"), ("warning", "⚠", "Предупреждение"), ("ok", "✓", "Готово"),
    ("info", "ℹ", "Сведения")])
def test_a_banner_says_its_kind_by_a_mark_and_a_word(qtbot, kind, mark, said):
    banner = Banner()
    qtbot.addWidget(banner)
    banner.show_message("Код не прочитан.", kind)
    assert QLabel.text(banner) == f"{mark} Код не прочитан."  # what the screen shows
    assert banner.text() == "Код не прочитан."  # the sentence as given
    assert banner.accessibleDescription() == said


def test_a_field_in_error_says_so_by_mark_and_to_a_screen_reader(qtbot):
    field = Field()
    qtbot.addWidget(field)
    field.show()
    field.set_error("Введите номер.")
    assert QLabel.text(field.error_label) == "✗ Введите номер."
    assert field.error == "Введите номер."
    assert field.edit.accessibleDescription() == "Ошибка: Введите номер."
    field.set_warning("Проверьте дату.")
    assert QLabel.text(field.error_label) == "⚠ Проверьте дату."
    field.set_error("")
    assert field.edit.accessibleDescription() == ""


def test_the_icon_is_sharp_on_a_high_dpi_screen(qapp):
    from operator_app.views.appearance import app_icon

    icon = app_icon()
    assert not icon.isNull()
    for size, ratio in ((32, 1.0), (64, 2.0), (48, 1.5), (256, 2.0)):
        pixmap = icon.pixmap(QSize(size, size), ratio)
        # As many device pixels as the place has at that scale: drawn, not stretched.
        assert pixmap.width() == round(size * ratio), (size, ratio)
        assert pixmap.devicePixelRatio() == ratio
