"""What every screen of a logged-in desk shares: the database, the operator, one change signal."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from operator_app.models import Database
from operator_app.services.actor import Actor
from operator_app.services.changes import Changes
from operator_app.settings import Settings


class DeskContext(QObject):
    """Signals:
    operation_did_execute(Changes, object): a service changed data; ``initiator`` is the
        widget that asked, so it can skip refreshing what it already shows.
    """

    operation_did_execute = Signal(object, object)

    def __init__(self, db: Database, actor: Actor, settings: Settings, *,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.settings = settings

    def notify(self, changes: Changes, initiator: object = None) -> None:
        self.operation_did_execute.emit(changes, initiator)
