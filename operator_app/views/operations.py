"""Background operations: the GUI thread never waits on the database or a decoder.

Modelled on Anki's ``QueryOp``::

    BackgroundOp(self, lambda: load(db)).success(self._show).failure(self._error).run()

Reads run on a small thread pool; writes (``serial=True``) run one at a time on
their own single-thread pool, so two writes from one desk never interleave. The
callbacks run on the GUI thread (the result crosses threads by a queued signal);
the worker function must never touch a widget.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QApplication, QWidget

T = TypeVar("T")

_read_pool: QThreadPool | None = None
_write_pool: QThreadPool | None = None
_running: set[_Relay] = set()


def _pools() -> tuple[QThreadPool, QThreadPool]:
    global _read_pool, _write_pool
    if _read_pool is None or _write_pool is None:
        _read_pool = QThreadPool()
        _read_pool.setMaxThreadCount(2)
        _write_pool = QThreadPool()
        _write_pool.setMaxThreadCount(1)
    return _read_pool, _write_pool


def wait_for_all(timeout_ms: int = 10_000) -> bool:
    """Block until every background operation finished (application exit, tests)."""
    done = True
    for pool in (_read_pool, _write_pool):
        if pool is not None:
            done = pool.waitForDone(timeout_ms) and done
    QApplication.processEvents()
    return done


def busy() -> bool:
    return bool(_running)


# Called when an operation failed because the database server could not be reached (the
# main window's watch: a banner, retries, and what waits is stored once it is back).
_unreachable_listeners: list[Callable[[], None]] = []


def on_database_unreachable(callback: Callable[[], None]) -> Callable[[], None]:
    """Register ``callback``; returns the function that unregisters it."""
    _unreachable_listeners.append(callback)
    return lambda: _unreachable_listeners.remove(callback) if (
        callback in _unreachable_listeners) else None


def _unreachable(error: BaseException) -> bool:
    from operator_app.models import DatabaseUnreachable

    return isinstance(error, DatabaseUnreachable) or isinstance(
        getattr(error, "cause", None), DatabaseUnreachable)


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits into it, Qt queues the call across threads.

    The payload is always one ``(result, error)`` tuple: a bare ``None`` passed through a
    queued ``Signal(object)`` crashed the interpreter ("none_dealloc") with PySide6 6.12.
    """

    finished = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI
            self._tell((None, exc))
        else:
            self._tell((result, None))

    def _tell(self, payload: tuple[Any, BaseException | None]) -> None:
        # RuntimeError: the widget that asked was closed meanwhile, nobody is left to tell
        with contextlib.suppress(RuntimeError):
            self._relay.finished.emit(payload)


class BackgroundOp(Generic[T]):
    def __init__(self, parent: QWidget | None, fn: Callable[[], T]) -> None:
        self._parent = parent
        self._fn = fn
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._progress_text: str | None = None
        self._serial = False

    def success(self, callback: Callable[[T], None]) -> BackgroundOp[T]:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> BackgroundOp[T]:
        self._on_failure = callback
        return self

    def with_progress(self, text: str) -> BackgroundOp[T]:
        self._progress_text = text
        return self

    def serial(self) -> BackgroundOp[T]:
        """Run on the single write worker: for every operation that writes."""
        self._serial = True
        return self

    def run(self) -> None:
        read_pool, write_pool = _pools()
        relay = _Relay()
        _running.add(relay)
        window = self._parent.window() if self._parent is not None else None
        status_bar = getattr(window, "statusBar", None)
        if self._progress_text and callable(status_bar):
            status_bar().showMessage(self._progress_text)

        @Slot(object)
        def _finished(payload: tuple[Any, BaseException | None]) -> None:
            result, error = payload
            _running.discard(relay)
            relay.deleteLater()
            if self._parent is not None and not shiboken6.isValid(self._parent):
                return  # the screen that asked was closed meanwhile
            if self._progress_text and callable(status_bar):
                status_bar().clearMessage()
            if error is not None:
                if _unreachable(error):
                    for listener in list(_unreachable_listeners):
                        listener()
                if self._on_failure is None:
                    raise error
                self._on_failure(error)
            elif self._on_success is not None:
                self._on_success(result)

        relay.finished.connect(_finished)
        (write_pool if self._serial else read_pool).start(_Job(self._fn, relay))
