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
