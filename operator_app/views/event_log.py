"""The supervisor's log as a lazy table: the count first, then pages of rows fetched in the
background as the view scrolls (keyset paging), sorted by the database."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from operator_app.models import Database
from operator_app.services import journal
from operator_app.services.actor import Actor
from operator_app.services.application_numbers import format_number
from operator_app.services.journal import EventFilter, EventRow, EventSort
from operator_app.views.i18n import QT_TRANSLATE_NOOP

_Index = QModelIndex | QPersistentModelIndex
PAGE = 200


def detail_text(event: EventRow) -> str:
    """An event's details on one line, in plain words (:func:`journal.details_line`)."""
    return journal.details_line(event.action, event.details)


# (title, EventRow -> text, sort column in journal.SORT_COLUMNS or None)
COLUMNS: list[tuple[str, Callable[[EventRow], str], str | None]] = [
    (QT_TRANSLATE_NOOP("EventLogModel", "Время"), lambda r: r.at.astimezone().strftime("%d.%m %H:%M:%S"), "at"),
    (QT_TRANSLATE_NOOP("EventLogModel", "Точка"), lambda r: journal.chain_title(r.chain), "chain"),
    (QT_TRANSLATE_NOOP("EventLogModel", "Оператор"), lambda r: r.operator_login or "—", "operator_login"),
    (QT_TRANSLATE_NOOP("EventLogModel", "Действие"), lambda r: journal.action_title(r.action), "action"),
    (QT_TRANSLATE_NOOP("EventLogModel", "Заявление"), lambda r: format_number(r.application_number) if r.application_number
     else "", "application_number"),
    (QT_TRANSLATE_NOOP("EventLogModel", "Подробности"), detail_text, None),  # cut at a word by the view's delegate
]


class EventLogModel(QAbstractTableModel):
    """Signals:
    loaded(int): the count for the current filters is known (a new query's first page
        is in, or the count changed).
    failed(object): a background read failed (the exception).

    ``run(work, done, failed)`` runs ``work`` off the GUI thread and calls back on it;
    the section passes its BackgroundOp runner, tests may pass a direct one.
    """

    loaded = Signal(int)
    failed = Signal(object)

    def __init__(self, db: Database, actor: Actor,
                 run: Callable[[Callable[[], Any], Callable[[Any], None],
                                Callable[[BaseException], None]], None],
                 *, parent: Any = None) -> None:
        super().__init__(parent)
        self._db, self._actor = db, actor
        self._run = run
        self.filters = EventFilter()
        self.sort_spec = EventSort()
        self.total = 0
        self._rows: list[EventRow] = []
        self._generation = 0
        self._loading = False

    # -- queries -----------------------------------------------------------------------

    def set_query(self, filters: EventFilter, sort: EventSort | None = None) -> None:
        """New filters (or sort): count and first page in the background, then a reset."""
        self.filters = filters
        self.sort_spec = sort or self.sort_spec
        self._generation += 1
        generation, filters, sort_spec = self._generation, self.filters, self.sort_spec
        self._loading = True

        db, actor = self._db, self._actor

        def work() -> tuple[int, list[EventRow]]:
            with db.read() as session:
                return (journal.count_events(session, actor, filters),
                        journal.fetch_events(session, actor, filters, sort=sort_spec,
                                             limit=PAGE))

        def done(result: tuple[int, list[EventRow]]) -> None:
            if generation != self._generation:
                return  # the clerk changed the filters meanwhile
            self._loading = False
            self.beginResetModel()
            self.total, self._rows = result[0], list(result[1])
            self.endResetModel()
            self.loaded.emit(self.total)

        self._run(work, done, self._on_failed)

    def _on_failed(self, error: BaseException) -> None:
        self._loading = False
        self.failed.emit(error)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and not self._loading and len(self._rows) < self.total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008, N802
        if not self.canFetchMore(parent) or not self._rows:
            return
        self._loading = True
        generation, filters, sort_spec = self._generation, self.filters, self.sort_spec
        after = self._rows[-1]

        db, actor = self._db, self._actor

        def work() -> list[EventRow]:
            with db.read() as session:
                return journal.fetch_events(session, actor, filters, sort=sort_spec,
                                            after=after, limit=PAGE)

        def done(rows: list[EventRow]) -> None:
            if generation != self._generation:
                return
            self._loading = False
            if not rows:
                self.total = len(self._rows)  # events vanished? never: the log is append-only
                return
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

        self._run(work, done, self._on_failed)

    @property
    def loading(self) -> bool:
        return self._loading

    # -- the model ---------------------------------------------------------------------

    def row_at(self, row: int) -> EventRow:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[index.column()][1](row)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == len(COLUMNS) - 1:
            return detail_text(row)
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return self.tr(COLUMNS[section][0])
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS) or COLUMNS[column][2] is None:
            return
        spec = EventSort(COLUMNS[column][2] or "at", order == Qt.SortOrder.DescendingOrder)
        if self._generation == 0:
            self.sort_spec = spec  # the view sorting itself at setup: no query without filters
            return
        self.set_query(self.filters, spec)
