"""A thin table model over rows a service returned; the row object sits under ``Qt.UserRole``.

The model keeps the order chosen by a header click: the rows of a refresh are put in that
order too, so the header's arrow always says how the rows are sorted. Until a header is
clicked (and after ``sort(-1)``, the arrow cleared) the rows keep the service's order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

R = TypeVar("R")

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[R]):
    title: str
    text: Callable[[R], str]
    align_right: bool = False
    sort_key: Callable[[R], Any] | None = None
    tooltip: Callable[[R], str] | None = None  # e.g. the whole text of a column cut to fit


class RowTableModel(QAbstractTableModel, Generic[R]):
    def __init__(self, columns: Sequence[Column[R]], *, parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._source: list[R] = []  # in the service's order
        self._rows: list[R] = []  # as shown
        self._shown: list[int] = []  # the position in _source of each shown row
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._source = list(rows)
        self._shown = self._order()
        self._rows = [self._source[i] for i in self._shown]
        self.endResetModel()

    def row_at(self, row: int) -> R:
        return self._rows[row]

    @property
    def rows(self) -> list[R]:
        return list(self._rows)

    @property
    def sort_column(self) -> int:
        """The column the rows are sorted by, -1 while they keep the service's order."""
        return self._sort[0] if self._sort is not None else -1

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt override
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.UserRole:
            return row
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return self._columns[section].title
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by ``column``, and keep new rows so; -1: back to the service's order."""
        self._sort = (column, order) if 0 <= column < len(self._columns) else None
        self.layoutAboutToBeChanged.emit()
        shown = self._order()
        # The selection and the current row follow their rows to the new places.
        place = {source: after for after, source in enumerate(shown)}
        old = self.persistentIndexList()
        new = [self.index(place[self._shown[i.row()]], i.column())
               if 0 <= i.row() < len(self._shown) else QModelIndex() for i in old]
        self._shown = shown
        self._rows = [self._source[i] for i in shown]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _order(self) -> list[int]:
        """The positions in ``_source`` in the chosen order (stable: ties keep theirs)."""
        if self._sort is None:
            return list(range(len(self._source)))
        column, order = self._sort
        spec = self._columns[column]
        key = spec.sort_key or (lambda row: spec.text(row).casefold())
        rows = self._source
        return sorted(range(len(rows)), key=lambda i: key(rows[i]),
                      reverse=order == Qt.SortOrder.DescendingOrder)


def elide_words(text: str, metrics: QFontMetrics, width: int) -> str:
    """``text`` cut after the last whole word that fits in ``width`` pixels, then «…»."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    words = text.split(" ")
    low, high = 0, len(words)  # the longest prefix of words that fits, by bisection
    while low < high:
        middle = (low + high + 1) // 2
        if metrics.horizontalAdvance(_cut(words, middle)) <= width:
            low = middle
        else:
            high = middle - 1
    return _cut(words, low) if low else "…"


def _cut(words: list[str], count: int) -> str:
    return " ".join(words[:count]).rstrip(" ·;:,—") + " …"


class WordElideDelegate(QStyledItemDelegate):
    """Cells whose text does not fit end after a whole word and «…», never inside a word
    (Qt's own eliding cuts anywhere); the model's tooltip carries the whole text."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: _Index) -> None:
        view_option = QStyleOptionViewItem(option)
        self.initStyleOption(view_option, index)
        widget = view_option.widget
        style = widget.style() if widget is not None else QApplication.style()
        area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, view_option, widget)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        view_option.text = elide_words(view_option.text, view_option.fontMetrics,
                                       area.width() - 2 * margin)
        view_option.textElideMode = Qt.TextElideMode.ElideNone
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, view_option, painter, widget)
