"""The main window fits the desk: small screens, long texts, the place it was left in."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QApplication,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from operator_app import settings as settings_module
from operator_app.views.widgets import Banner, ErrorLabel
from tests.conftest import PASSWORD
from tests.gui.conftest import log_in

LOGINS = ["clerk", "post", "boss", "admin"]  # every role of the small world
SMALL_DESK = QSize(1280, 720)
# Every section scrolls, so nothing in one may hold the window larger than this.
MINIMUM_AT_MOST = QSize(1024, 640)

LONG_SENTENCE = ("Код заявления не прочитан: проверьте, что на экране телефона заявителя "
                 "открыт именно QR-код заявления, а не код входа на портал. ") * 4
# A run with nowhere to break, e.g. a code or a file name joined by underscores.
LONG_RUN = "GU1:202600000013:" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz" * 2


def _logged_in(desk, qtbot, login):
    log_in(qtbot, desk, login, PASSWORD)
    qtbot.waitUntil(lambda: desk.window is not None and desk.window.isVisible())
    return desk.window


def _log_out(desk, qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_Q,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: desk.window is None and desk.login_dialog.isVisible())


def _fill_every_message(window) -> None:
    """Every banner and error line of the window says something long."""
    for banner in window.findChildren(Banner):
        banner.show_message(f"{LONG_SENTENCE} {LONG_RUN}", "error")
    for label in window.findChildren(ErrorLabel):
        label.show_message(f"{LONG_RUN} {LONG_SENTENCE}")
    QApplication.processEvents()


def _within(window, widget) -> bool:
    top_left = widget.mapTo(window, QPoint(0, 0))
    return window.rect().contains(QRect(top_left, widget.size()))


@pytest.mark.parametrize("login", LOGINS)
def test_long_texts_never_make_the_window_larger_than_a_small_desk(desk, qtbot, login):
    window = _logged_in(desk, qtbot, login)
    window.showNormal()
    window.resize(SMALL_DESK)
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        _fill_every_message(window)
        hint = window.minimumSizeHint()
        where = (login, window.nav.item(row).text(), hint)
        assert hint.width() <= MINIMUM_AT_MOST.width(), where
        assert hint.height() <= MINIMUM_AT_MOST.height(), where
        assert window.size() == SMALL_DESK, where  # it did not grow with the text
    _log_out(desk, qtbot, window)


@pytest.mark.parametrize("login", LOGINS)
def test_at_1280x720_everything_is_on_screen_or_a_scroll_away(desk, qtbot, login):
    window = _logged_in(desk, qtbot, login)
    window.showNormal()
    window.resize(SMALL_DESK)
    _fill_every_message(window)
    assert window.size() == SMALL_DESK
    assert window.statusBar().isVisible()
    assert _within(window, window.statusBar())
    assert _within(window, window.operator_label)
    # The section list only where there is more than one section to choose from.
    assert window.nav.isVisible() == (window.nav.count() > 1)
    if window.nav.isVisible():
        assert _within(window, window.nav)
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        QApplication.processEvents()
        area = window.pages.currentWidget()
        assert isinstance(area, QScrollArea)
        viewport = area.viewport()
        assert _within(window, viewport)
        buttons = [b for b in area.widget().findChildren(QPushButton) if b.isVisible()]
        assert buttons, window.nav.item(row).text()
        for button in buttons:
            area.ensureWidgetVisible(button, 0, 0)
            QApplication.processEvents()
            place = QRect(button.mapTo(viewport, QPoint(0, 0)), button.size())
            assert viewport.rect().contains(place), (login, row, button.text())
    _log_out(desk, qtbot, window)


@pytest.mark.parametrize("login", ["clerk", "boss"])
def test_a_section_given_its_minimum_shows_without_scroll_bars(desk, qtbot, login):
    """Scrolling is for a screen too small, not for one that has the room."""
    window = _logged_in(desk, qtbot, login)
    window.showNormal()
    for row, page in enumerate(window.sections.values()):
        window.nav.setCurrentRow(row)
        window.resize(1800, 1000)
        QApplication.processEvents()
        area = window.pages.currentWidget()
        chrome = window.size() - area.viewport().size()
        width = page.minimumSizeHint().width()
        height = page.minimumSizeHint().height()
        if page.layout().hasHeightForWidth():  # wrapping text: taller when narrower
            height = max(height, page.layout().minimumHeightForWidth(width))
        window.resize(QSize(width, height) + chrome)
        QApplication.processEvents()
        assert area.viewport().width() >= width
        assert area.viewport().height() >= height
        where = (login, window.nav.item(row).text())
        assert not area.verticalScrollBar().isVisible(), where
        assert not area.horizontalScrollBar().isVisible(), where
    _log_out(desk, qtbot, window)


def test_first_start_is_maximised_and_later_starts_come_back_where_left(desk, qtbot):
    window = _logged_in(desk, qtbot, "clerk")
    assert window.windowState() & Qt.WindowState.WindowMaximized
    # Left maximised: maximised again next time.
    _log_out(desk, qtbot, window)
    window = _logged_in(desk, qtbot, "clerk")
    assert window.windowState() & Qt.WindowState.WindowMaximized
    # The operator makes it smaller and puts it aside, then logs out...
    window.showNormal()
    window.setGeometry(QRect(40, 30, 720, 560))  # within the test screen (800×800)
    QApplication.processEvents()
    where = window.geometry()
    _log_out(desk, qtbot, window)
    # ...and the program starts again (the settings read from the file anew).
    settings_module.reset_settings_cache()
    window = _logged_in(desk, qtbot, "clerk")
    assert not window.windowState() & Qt.WindowState.WindowMaximized
    assert window.geometry() == where


def test_damaged_geometry_is_a_first_start(desk, qtbot):
    settings = settings_module.get_settings()
    settings.window_geometry["main_window"] = "not base64 at all!"
    window = _logged_in(desk, qtbot, "clerk")
    assert window.windowState() & Qt.WindowState.WindowMaximized


@pytest.mark.parametrize("kind", [Banner, ErrorLabel])
def test_a_long_message_wraps_and_leaves_the_width_to_the_screen(qtbot, kind):
    label = kind()
    if isinstance(label, Banner):
        label.show_message(f"{LONG_SENTENCE} {LONG_RUN}", "error")
    else:
        label.show_message(f"{LONG_SENTENCE} {LONG_RUN}")
    assert label.minimumSizeHint().width() <= 260
    assert label.text() == f"{LONG_SENTENCE} {LONG_RUN}"  # as given, whatever is shown
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.addWidget(label)
    column.addStretch()
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(holder)
    area.resize(360, 600)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    assert label.width() <= 360
    one_line = label.fontMetrics().height()
    assert label.height() > 6 * one_line  # wrapped into many lines, none cut off


def test_the_clerks_desk_needs_no_sideways_scrolling_at_1280x720(desk, qtbot):
    window = _logged_in(desk, qtbot, "clerk")
    window.showNormal()
    window.resize(SMALL_DESK)
    _fill_every_message(window)
    QApplication.processEvents()
    area = window.pages.currentWidget()
    assert not area.horizontalScrollBar().isVisible()
    assert area.widget().width() <= area.viewport().width()
    _log_out(desk, qtbot, window)


LAPTOP = QSize(1366, 768)
MAIN_TABLES = {"deskResults", "letterTable", "eventTable", "operatorSummary", "documentTable"}


def _cut(widget) -> bool:
    """A label or button narrower than its text: the text is clipped."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    from operator_app.views.widgets import ElidedLabel

    if isinstance(widget, ElidedLabel):
        return False  # gives way by design, whole in its tooltip
    if isinstance(widget, QLabel):
        if widget.wordWrap() or not widget.text() or widget.pixmap() is not None \
                and not widget.pixmap().isNull():
            return False
    elif not isinstance(widget, QAbstractButton) or not widget.text():
        return False
    return widget.width() < widget.minimumSizeHint().width()


def _fit_on_screen(window, page, where) -> None:
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QLabel

    QApplication.processEvents()
    area = window.pages.currentWidget()
    assert not area.horizontalScrollBar().isVisible(), where
    assert area.widget().width() <= area.viewport().width(), where
    for view in page.findChildren(QAbstractItemView):
        if view.objectName() in MAIN_TABLES and view.isVisible():
            assert not view.horizontalScrollBar().isVisible(), (where, view.objectName())
    cut = [(w.objectName(), w.text(), w.width(), w.minimumSizeHint().width()) for w in (*page.findChildren(QLabel), *page.findChildren(QAbstractButton))
           if w.isVisible() and _cut(w)]
    assert not cut, (where, cut)


@pytest.mark.parametrize("login", ["clerk", "post", "boss"])
def test_at_1366x768_no_text_is_cut_and_no_main_table_scrolls_sideways(scan_world, desk, qtbot,
                                                                       login):
    from operator_app.services import post
    from operator_app.services.actor import Section
    from operator_app.settings import code_hash_key
    from tests.helpers.post import add_post_applications, deliver

    add_post_applications(scan_world, count=6)
    with scan_world.db.write() as session:
        batch = post.create_batch(session, scan_world.supervisor, "101000", key=code_hash_key())
    deliver(scan_world, [letter.tracking_number for letter in batch.letters])
    window = _logged_in(desk, qtbot, login)
    window.showNormal()
    window.resize(LAPTOP)
    for row, (section, page) in enumerate(window.sections.items()):
        if section not in (Section.DESK, Section.POST_COUNTER, Section.SUPERVISOR):
            continue
        window.nav.setCurrentRow(row)
        if section is Section.DESK:
            page.search.edit.setText("KARIMOV")
            page.search_button.click()
            qtbot.waitUntil(lambda p=page: p.model.rowCount() > 0)
            for tab in range(page.tabs.count()):
                page.tabs.setCurrentIndex(tab)
                _fit_on_screen(window, page, (login, section, tab))
        elif section is Section.POST_COUNTER:
            qtbot.waitUntil(lambda p=page: p.model.rowCount() >= 6)
            _fit_on_screen(window, page, (login, section))
        else:
            qtbot.waitUntil(lambda p=page: p.log.model.rowCount() > 0)
            for tab in range(page.tabs.count()):
                page.tabs.setCurrentIndex(tab)
                _fit_on_screen(window, page, (login, section, tab))
    assert window.size() == LAPTOP
    _log_out(desk, qtbot, window)
