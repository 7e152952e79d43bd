"""Application start-up: open and migrate the database, first-run or login, then the main window."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, Qt, QTranslator
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox, QProgressBar, QVBoxLayout

from operator_app import desk_log, keys
from operator_app.models import Database, DatabaseError, open_database
from operator_app.services import operators
from operator_app.settings import get_settings, resolve_db_url
from operator_app.views.appearance import app_icon, apply_settings, stylesheet
from operator_app.views.context import DeskContext
from operator_app.views.i18n import install_language
from operator_app.views.login import FirstAdminDialog, LoginDialog
from operator_app.views.main_window import MainWindow
from operator_app.views.operations import BackgroundOp, wait_for_all
from operator_app.views.widgets import AccessibleNames, describe_error

log = logging.getLogger(__name__)

EXIT_DATABASE = 3
EXIT_CONFIG = 5


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
        QMessageBox.critical(None, "Operator Desk", QCoreApplication.translate(
            "DeskApp", "Произошла непредвиденная ошибка. Введённые данные сохранены там, "
            "где они уже были сохранены.\n\n{0}\n\nПодробности для администратора — в "
            "журнале программы: {1}").format(describe_error(value), desk_log.log_path()))


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
        app = QApplication.instance()
        if app is not None:
            AccessibleNames.install(app)  # every control of every window named for a reader

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
        layout.addWidget(QLabel(self.tr("Создаются демонстрационные данные: заявители, "
                                        "сотрудники и две недели работы пунктов и "
                                        "отделений.\nЭто делается один раз и занимает около "
                                        "полуминуты.")))
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
        dialog.language_chosen.connect(self.switch_language)
        self.login_dialog = dialog
        dialog.show()

    def switch_language(self, code: str) -> None:
        """The clerk chose another language at the login window: kept in the settings, and
        the login window made again in it (what was typed in the login stays)."""
        app = QApplication.instance()
        assert app is not None
        settings = get_settings()
        settings.language = install_language(app, code)
        try:
            settings.save()
        except (OSError, ValueError):
            log.warning("language setting not saved", exc_info=True)
        old = self.login_dialog
        if old is None:
            return
        login, where = old.login.edit.text(), old.pos()
        old.rejected.disconnect(self._on_login_closed)  # replaced, not closed by the clerk
        old.close()
        old.deleteLater()
        self.show_login()
        dialog = self.login_dialog
        assert dialog is not None
        dialog.login.edit.setText(login)
        dialog.move(where)
        dialog.language.setFocus()

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
    apply_settings(app)  # the size of letters and the theme the clerk chose
    app.setWindowIcon(app_icon())
    desk_log.install()
    sys.excepthook = _excepthook
    with qt_in_russian(app):
        install_language(app, get_settings().language)
        try:
            db = open_database(resolve_db_url(db_url))
        except DatabaseError as exc:
            QMessageBox.critical(None, QCoreApplication.translate(
                "DeskApp", "Operator Desk — база данных"), str(exc))
            return EXIT_DATABASE
        try:
            keys.bind_to_database(db)
        except (keys.KeyProblem, DatabaseError) as exc:
            # Codes issued or checked with other keys would fail for real people: stop here.
            db.dispose()
            QMessageBox.critical(None, QCoreApplication.translate(
                "DeskApp", "Operator Desk — ключи"), str(exc))
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
    apply_settings(app)
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
        missing.append(QCoreApplication.translate(
            "DeskApp", "libzbar0 (распознавание штрихкодов через zbar; используется zxing-cpp)"))
    return missing


def smoke_login_window(folder: Path, seconds: float) -> list[str]:
    """What ``operator-app --smoke`` checks: the data files, decoders and Qt modules an
    installed desk needs, then the login window shown for ``seconds`` on a throwaway
    database in ``folder``. Returns the optional system packages that are missing."""
    import importlib
    import secrets
    import time

    from operator_app.models import PointKind, Role
    from operator_app.scanning import mrz_learn, mrz_ocr
    from operator_app.scanning.decoders import (
        available_decoders,
        decode_file,
        missing_decoders,
    )
    from operator_app.services import validators
    from printing.qr import qr_png

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    style = stylesheet()
    if not style:
        raise RuntimeError("the style sheet resources/styles/desk.qss is missing")
    for data in (mrz_ocr.PROTOTYPES_FILE, mrz_learn.NET_FILE):
        if not data.is_file():
            raise RuntimeError(f"the MRZ reader's data file {data} is missing")
    if not available_decoders():
        raise RuntimeError("no barcode decoder works: " + " ".join(missing_decoders()))
    # A scanned file is read in a fork-server child, as at the desk (scanning/safe_files.py).
    sample = folder / "smoke-qr.png"
    sample.write_bytes(qr_png("operator-desk smoke"))
    read = [code.text for _page, code in decode_file(sample).codes]
    if read != ["operator-desk smoke"]:
        raise RuntimeError(f"the QR code the program printed was read as {read}")
    # Loaded later, when a supervisor opens a report or a document is printed.
    for module in ("operator_app.views.supervisor", "operator_app.views.print_service"):
        importlib.import_module(module)
    if validators.CITIZENSHIPS.get("ISL") != "Исландия":  # pycountry's Russian catalogue
        raise RuntimeError("the Russian country names (pycountry's iso3166-1 catalogue) are missing")
    app.setStyleSheet(style)
    db = open_database(f"sqlite:///{folder / 'smoke.sqlite3'}")
    try:
        keys.bind_to_database(db)
        with db.write() as session:
            operators.create_service_point(session, None, code="SMOKE-1",
                                           kind=PointKind.SERVICE_CENTER, name="Проверка")
            operators.create_operator(session, None, login="smoke", full_name="Проверка запуска",
                                      role=Role.ADMIN, point_code="SMOKE-1",
                                      password=secrets.token_urlsafe(16))
        missing = optional_components_missing()
        with qt_in_russian(app):
            desk = DeskApp(db, missing=missing)
            desk.start()
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                app.processEvents()
                time.sleep(0.01)
            dialog = desk.login_dialog
            if dialog is None or not dialog.isVisible():
                raise RuntimeError("the login window was not shown")
            dialog.close()
            app.processEvents()
            wait_for_all()
    finally:
        db.dispose()
    return missing
