from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from operator_app.services.journal import EventRow
from operator_app.views.table_model import Column, RowTableModel


def _rows():
    at = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
    return [EventRow(i, at + dt.timedelta(minutes=i), "MSK-CO-1", f"clerk{i % 3}", "login", "",
                     "", "", {}) for i in range(5)]


def _model():
    return RowTableModel([
        Column("Время", lambda r: r.at.strftime("%H:%M"), sort_key=lambda r: r.at),
        Column("Оператор", lambda r: r.operator_login),
        Column("№", lambda r: str(r.id), align_right=True),
    ])


def test_row_model_passes_the_model_tester(qtmodeltester):
    model = _model()
    model.set_rows(_rows())
    qtmodeltester.check(model)


def test_row_model_shows_text_and_keeps_the_row_under_user_role():
    model = _model()
    model.set_rows(_rows())
    assert model.rowCount() == 5
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Оператор"
    index = model.index(2, 1)
    assert model.data(index) == "clerk2"
    assert model.data(index, Qt.ItemDataRole.UserRole).id == 2


def test_row_model_sorts_by_the_columns_key():
    model = _model()
    model.set_rows(_rows())
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert [model.row_at(i).id for i in range(5)] == [4, 3, 2, 1, 0]
    model.sort(1)
    assert [model.data(model.index(i, 1)) for i in range(5)] == sorted(
        f"clerk{i % 3}" for i in range(5))


def test_the_rows_of_a_refresh_keep_the_order_the_header_shows():
    model = _model()
    model.sort(2, Qt.SortOrder.DescendingOrder)  # clicked before the rows came
    model.set_rows(_rows())
    assert [model.row_at(i).id for i in range(5)] == [4, 3, 2, 1, 0]
    model.set_rows(list(reversed(_rows())))  # a refresh, in the service's order
    assert [model.row_at(i).id for i in range(5)] == [4, 3, 2, 1, 0]
    model.sort(-1)  # the arrow cleared: the service's order again
    assert [model.row_at(i).id for i in range(5)] == [4, 3, 2, 1, 0]
    model.set_rows(_rows())
    assert [model.row_at(i).id for i in range(5)] == [0, 1, 2, 3, 4]


def test_the_selected_row_stays_selected_when_sorted(qtbot):
    from PySide6.QtWidgets import QTableView

    model = _model()
    model.set_rows(_rows())
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.selectRow(1)
    model.sort(2, Qt.SortOrder.DescendingOrder)
    assert view.currentIndex().row() == 3
    assert view.currentIndex().data(Qt.ItemDataRole.UserRole).id == 1
    assert [i.row() for i in view.selectionModel().selectedRows()] == [3]


def test_a_cut_text_ends_after_a_whole_word(qapp):
    from PySide6.QtGui import QFont, QFontMetrics

    from operator_app.views.table_model import elide_words

    metrics = QFontMetrics(QFont())
    text = "итог: нужен повторный визит · не хватало: Нотариально заверенный перевод"
    for width in range(0, metrics.horizontalAdvance(text) + 20, 9):
        cut = elide_words(text, metrics, width)
        if metrics.horizontalAdvance(text) <= width:
            assert cut == text
            continue
        kept = cut.removesuffix("…").rstrip()
        assert cut == "…" or cut == kept + " …"
        assert text.startswith(kept)
        assert not kept or text[len(kept):][:1] in (" ", ":"), cut  # never inside a word
        assert cut == "…" or metrics.horizontalAdvance(cut) <= width
