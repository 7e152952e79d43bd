"""Application start-up: open and migrate the database, first-run or login, then the main window."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, Qt, QTranslator
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox, QProgressBar, QVBoxLayout

from operator_app import desk_log, keys
from operator_app.models import Database, DatabaseError, open_database
from operator_app.services import operators
from operator_app.settings import get_settings, resolve_db_url
from operator_app.views.context import DeskContext
from operator_app.views.login import FirstAdminDialog, LoginDialog
from operator_app.views.main_window import MainWindow
from operator_app.views.operations import BackgroundOp, wait_for_all
from operator_app.views.widgets import describe_error

log = logging.getLogger(__name__)

EXIT_DATABASE = 3
EXIT_CONFIG = 5


def stylesheet() -> str:
    from resources import STYLES

    try:
        return (STYLES / "desk.qss").read_text(encoding="utf-8")
    except OSError:
        return ""


class QtRussianGaps(QTranslator):
    """What Qt's own Russian catalogue (qtbase_ru) leaves in English on the file dialog."""

    TEXTS = {
        ("QFileDialog", "&Look in:", ""): "&Папка:",
        ("QFileDialog", "Files of &type:", ""): "&Тип файлов:",
        ("QFileDialog", "All Files (*.*)", ""): "Все файлы (*.*)",
        ("QAbstractFileIconProvider", "Drive", ""): "Диск",
        ("QAbstractFileIconProvider", "Folder", "All other platforms"): "Папка",
        ("QAbstractFileIconProvider", "File Folder", "Match Windows Explorer"): "Папка",
        ("QAbstractFileIconProvider", "Shortcut", "All other platforms"): "Ярлык",
        ("QAbstractFileIconProvider", "File", ""): "Файл",
        ("QAbstractFileIconProvider", "Unknown", ""): "Неизвестно",
        ("QPlatformTheme", "Don't Save", ""): "Не сохранять",
        ("QPlatformTheme", "Close without Saving", ""): "Закрыть без сохранения",
    }

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str:
        # None reaches Qt as a null string, "not mine: ask the next catalogue"; an empty
        # string would blank every other text of the program.
        return self.TEXTS.get((context, source, disambiguation or ""))  # type: ignore[return-value]

    def isEmpty(self) -> bool:  # noqa: N802 - Qt override
        return False


@contextmanager
def qt_in_russian(app: QApplication) -> Iterator[None]:
    """Qt's own texts (standard buttons, the file dialog) in Russian, whatever the language of
    the computer: a Russian desk must not show English. As it was again on leaving."""
    # Ours are already Russian and go through tr(), so a translation file can take them to
    # another language later. Dates, numbers and file types follow the default locale.
    russian = QLocale(QLocale.Language.Russian, QLocale.Country.Russia)
    locale_before = QLocale()
    native_before = app.testAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
    QLocale.setDefault(russian)
    # A native dialog speaks the language of the system (English on many desks' computers)
    # and no translator reaches it: Qt's own dialogs, translated below, everywhere instead.
    app.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    installed: list[QTranslator] = []
    qt_texts = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_texts.load(russian, "qtbase", "_", path):
        installed.append(qt_texts)
    else:
        log.warning("Qt's Russian translations not found in %s", path)
    # Installed last, asked first; it answers only where qtbase_ru has nothing.
    installed.append(QtRussianGaps(app))
    for translator in installed:
        app.installTranslator(translator)
    try:
        yield
    finally:
        for translator in installed:
            app.removeTranslator(translator)
            translator.deleteLater()
        app.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, native_before)
        QLocale.setDefault(locale_before)


def _excepthook(kind: type[BaseException], value: BaseException,
                tb: TracebackType | None) -> None:
    log.error("unhandled error", exc_info=(kind, value, tb))
    traceback.print_exception(kind, value, tb)
    if QApplication.instance() is not None:
        QMessageBox.critical(None, "Operator Desk",
                             "Произошла непредвиденная ошибка. Введённые данные сохранены там, "
                             f"где они уже были сохранены.\n\n{describe_error(value)}\n\n"
                             f"Подробности для администратора — в журнале программы: "
                             f"{desk_log.log_path()}")


class DeskApp(QObject):
    """Drives the windows: first run → login → main window → (log out) → login …"""

    def __init__(self, db: Database, *, demo: bool = False,
                 idle_timeout_ms: int | None = None, missing: list[str] | None = None) -> None:
        super().__init__()
        self.db = db
        self.missing = missing or []
        self.demo = demo
        self.idle_timeout_ms = idle_timeout_ms
        self.window: MainWindow | None = None
        self.login_dialog: LoginDialog | None = None
        self.first_admin_dialog: FirstAdminDialog | None = None
        self._progress: QDialog | None = None

    def start(self) -> None:
        with self.db.read() as session:
            count = operators.operator_count(session)
        if count == 0 and self.demo:
            self._create_demo()
        elif count == 0:
            self.show_first_admin()
        else:
            self.show_login()

    def _create_demo(self) -> None:
        from operator_app.services import demo

        dialog = QDialog()
        dialog.setWindowTitle("Operator Desk")
        layout = QVBoxLayout(dialog)
        layout.addWidget(QLabel("Создаются демонстрационные данные: заявители, сотрудники и "
                                "две недели работы пунктов и отделений.\nЭто делается один "
                                "раз и занимает около полуминуты."))
        bar = QProgressBar()
        bar.setRange(0, 0)
        layout.addWidget(bar)
        dialog.show()
        self._progress = dialog
        db = self.db

        def done(_summary: object) -> None:
            dialog.close()
            self.show_login()

        def failed(error: BaseException) -> None:
            dialog.close()
            QMessageBox.critical(None, "Operator Desk", describe_error(error))
            QApplication.quit()

        def work() -> object:
            summary = demo.create_demo(db)
            try:
                demo.write_qr_sheet(db, summary, demo.default_sheet_path(db))
            except OSError:
                log.warning("demo QR sheet not written", exc_info=True)
            return summary

        BackgroundOp(None, work).serial().success(done).failure(failed).run()

    def show_first_admin(self) -> None:
        dialog = FirstAdminDialog(self.db)
        dialog.created.connect(lambda login: self.show_login(login))
        dialog.rejected.connect(QApplication.quit)
        self.first_admin_dialog = dialog
        dialog.show()

    def show_login(self, login: str = "") -> None:
        hint = ""
        if self.demo:
            from operator_app.services import demo

            hint = demo.login_hint()
        dialog = LoginDialog(self.db, hint=hint, missing=self.missing)
        if login:
            dialog.login.edit.setText(login)
            dialog.password.edit.setFocus()
        dialog.logged_in.connect(self._on_logged_in)
        dialog.rejected.connect(self._on_login_closed)
        self.login_dialog = dialog
        dialog.show()

    def _on_login_closed(self) -> None:
        if self.window is None:
            QApplication.quit()

    def _on_logged_in(self, actor: object) -> None:
        context = DeskContext(self.db, actor, get_settings())  # type: ignore[arg-type]
        window = MainWindow(context, idle_timeout_ms=self.idle_timeout_ms)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.logged_out.connect(self._on_logged_out)
        # Closed without logging out (the window's own close button): gone all the same.
        window.destroyed.connect(lambda _object=None, gone=window: self._forget(gone))
        self.window = window
        login = self.login_dialog
        window.show_on_desk(login.screen() if login is not None else None)

    def _forget(self, window: MainWindow) -> None:
        if self.window is window:
            self.window = None

    def _on_logged_out(self) -> None:
        self.window = None
        self.show_login()


def run_gui(*, db_url: str | None = None, demo: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Operator Desk")
    app.setOrganizationName("Operator Desk")
    app.setStyleSheet(stylesheet())
    desk_log.install()
    sys.excepthook = _excepthook
    with qt_in_russian(app):
        try:
            db = open_database(resolve_db_url(db_url))
        except DatabaseError as exc:
            QMessageBox.critical(None, "Operator Desk — база данных", str(exc))
            return EXIT_DATABASE
        try:
            keys.bind_to_database(db)
        except (keys.KeyProblem, DatabaseError) as exc:
            # Codes issued or checked with other keys would fail for real people: stop here.
            db.dispose()
            QMessageBox.critical(None, "Operator Desk — ключи", str(exc))
            return EXIT_CONFIG
        missing = optional_components_missing()
        if missing:
            log.warning("optional components missing: %s", "; ".join(missing))
        desk = DeskApp(db, demo=demo, missing=missing)
        desk.start()
        code = app.exec()
        wait_for_all()
        db.dispose()
    return code


def run_gui_until_login(db_url: str) -> float:
    """Start as :func:`run_gui` does and return the moment (``time.time()``) the login
    window is on screen, then quit: what bench/bench_startup.py times."""
    import time

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setStyleSheet(stylesheet())
    db = open_database(resolve_db_url(db_url))
    keys.bind_to_database(db)
    desk = DeskApp(db, missing=optional_components_missing())
    desk.start()
    while desk.login_dialog is None or not desk.login_dialog.isVisible():
        app.processEvents()
    shown = time.time()
    desk.login_dialog.close()
    wait_for_all()
    db.dispose()
    return shown


def optional_components_missing() -> list[str]:
    """Optional system pieces a desk can work without, said out loud at start."""
    missing = []
    try:
        import pyzbar.pyzbar  # noqa: F401
    except (ImportError, OSError):
        missing.append("libzbar0 (распознавание штрихкодов через zbar; используется zxing-cpp)")
    return missing
