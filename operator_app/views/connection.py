"""The database went away: say so, keep trying, and carry on when it is back.

Any background operation that fails because the server cannot be reached
(:class:`~operator_app.models.DatabaseUnreachable`) wakes the watch: a banner across the
window — «База данных недоступна, повторяю…» — and a check every few seconds. Nothing on
screen is cleared meanwhile (each screen keeps what was typed; copies wait in the holding
folder). When the server answers, the banner says so and :attr:`DatabaseWatch.restored`
fires, and the program goes on without a restart (the connection pool reconnects).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from operator_app.models import Database
from operator_app.views.operations import BackgroundOp, on_database_unreachable
from operator_app.views.widgets import Banner, describe_error

RETRY_MS = 3000
SAID_MS = 6000  # how long "restored" stays on screen


class DatabaseWatch(QObject):
    restored = Signal()

    def __init__(self, db: Database, banner: Banner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._banner = banner
        self.down = False
        self.attempts = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._try)
        self._unregister = on_database_unreachable(self.lost)
        self.destroyed.connect(lambda _o=None, stop=self._unregister: stop())

    def stop(self) -> None:
        self._timer.stop()
        self._unregister()

    def lost(self) -> None:
        if self.down:
            return
        self.down = True
        self.attempts = 0
        self._banner.show_message(self.tr(
            "База данных недоступна, повторяю… Введённое на экране сохранится."), "error")
        self._timer.start(RETRY_MS)

    def _try(self) -> None:
        BackgroundOp(None, self._db.check_reachable).success(self._back).failure(
            self._still_down).run()

    def _still_down(self, error: BaseException) -> None:
        self.attempts += 1
        self._banner.show_message(self.tr(
            "База данных недоступна, повторяю (попытка {0})… Введённое на экране "
            "сохранится. {1}").format(self.attempts + 1, describe_error(error)), "error")
        self._timer.start(RETRY_MS)

    def _back(self, _result: object) -> None:
        self.down = False
        self._banner.show_message(self.tr("Связь с базой данных восстановлена."), "ok")
        QTimer.singleShot(SAID_MS, self._clear_if_up)
        self.restored.emit()

    def _clear_if_up(self) -> None:
        if not self.down:
            self._banner.clear_message()
