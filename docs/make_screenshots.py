"""Render the screens into docs/screenshots/ from a fresh demo database (offscreen Qt).

    make screenshots

The desk, the post counter and the supervisor's log are also rendered as the whole main
window at the screen sizes desks have (desk-1280x720.png, …), to see what fits where.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["TZ"] = "Europe/Moscow"  # the demo's desks work Moscow hours; show them so
time.tzset()
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.helpers.video

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from operator_app.models import Database, LetterState  # noqa: E402
from operator_app.scanning.sources import OpenCvSource  # noqa: E402
from operator_app.services import demo, operators  # noqa: E402
from operator_app.services.actor import Actor, Section  # noqa: E402
from operator_app.services.qr_payload import make_payload  # noqa: E402
from operator_app.services.scan import ScanSource  # noqa: E402
from operator_app.settings import Settings, qr_signing_key  # noqa: E402
from operator_app.views import operations  # noqa: E402
from operator_app.views.app import qt_in_russian  # noqa: E402
from operator_app.views.appearance import apply_appearance  # noqa: E402
from operator_app.views.context import DeskContext  # noqa: E402
from operator_app.views.login import FirstAdminDialog, LoginDialog  # noqa: E402
from operator_app.views.main_window import MainWindow  # noqa: E402

# No shift self-test at login here: it would open the machine's camera and may show its
# dialog over what is measured or rendered.
MainWindow.self_test_at_login = False
from tests.helpers.video import scanning_video  # noqa: E402

OUT = Path(__file__).resolve().parent / "screenshots"


def settle(app: QApplication, ms: int = 400) -> None:
    """Let background operations finish and the widgets repaint."""
    operations.wait_for_all()
    loop_done = []
    QTimer.singleShot(ms, lambda: loop_done.append(True))
    while not loop_done:
        app.processEvents()
    operations.wait_for_all()
    app.processEvents()


def save(widget: QWidget, name: str) -> None:
    path = OUT / name
    widget.grab().save(str(path))
    print(f"wrote {path.relative_to(OUT.parent.parent)}")


def check_all(db: Database, page: object, *, only_first: bool = False) -> None:
    """What the clerk does in the checklist dialog for each document, through the service."""
    from operator_app.services import documents

    panel = page.visit_panel  # type: ignore[attr-defined]
    assert panel.visit is not None
    actor = page.context.actor  # type: ignore[attr-defined]
    with db.write() as session:
        state = documents.checklist(session, panel.visit.id)
        rows = state.documents[:1] if only_first else state.documents
        for row in rows:
            documents.save_document(session, actor, panel.visit.id, document_id=row.id,
                                    kind=row.kind, version=row.version, number=row.number,
                                    series=row.series, expiry_date=row.expiry_date,
                                    **({"surname_latin": row.surname_latin,
                                        "given_names_latin": row.given_names_latin}
                                       if row.surname_latin else {}))
        if not state.person.snils:
            documents.note_no_snils(session, actor, panel.visit.id, True)
    page.checklist.load(panel.visit.id)  # type: ignore[attr-defined]


def window_for(db: Database, login: str, prepare: Callable[[MainWindow], None] | None = None
               ) -> MainWindow:
    with db.read() as session:
        actor = Actor.of(operators.get_operator(session, login))
    window = MainWindow(DeskContext(db, actor, Settings(desk_label="Окно 3")))
    window.confirm_leaving = lambda _unsaved: True  # closed by the script, work open or not
    window.resize(1366, 700)  # a common desk laptop, less the taskbar
    window.show()
    if prepare is not None:
        prepare(window)
    return window


def summary_and_report(window: MainWindow) -> None:
    """The summary tab of the last full working day, and the first page of its report."""
    import pypdfium2 as pdfium

    from operator_app.services import reports
    from printing.report import daily_report_pdf

    app = QApplication.instance()
    page = window.sections[Section.SUPERVISOR]
    page.tabs.setCurrentWidget(page.summary)
    day = page.summary.day.date().addDays(-1)
    while day.dayOfWeek() > 5:
        day = day.addDays(-1)
    page.summary.day.setDate(day)
    settle(app)  # type: ignore[arg-type]
    save(window, "supervisor-summary.png")
    summary = page.summary.summary
    assert summary is not None
    with page.context.db.read() as session:
        heads = reports.chain_heads(session, page.context.actor,
                                    point_code=summary.point_code)
    document = pdfium.PdfDocument(daily_report_pdf(summary, heads))
    try:
        document[0].render(scale=110 / 72).to_pil().save(OUT / "daily-report.png")
    finally:
        document.close()
    print("wrote docs/screenshots/daily-report.png")


SCREEN_SIZES = [(1280, 720), (1366, 768), (1920, 1080)]


def at_screen_sizes(window: MainWindow, name: str) -> None:
    """The whole window at each size (the window as large as the screen: maximised)."""
    app = QApplication.instance()
    for width, height in SCREEN_SIZES:
        window.resize(width, height)
        settle(app)  # type: ignore[arg-type]
        save(window, f"{name}-{width}x{height}.png")


def section_menu(window: MainWindow, name: str) -> None:
    """The menu of the section on screen, open: its keys beside each step."""
    from PySide6.QtCore import QPoint

    app = QApplication.instance()
    item = window.nav.currentItem()
    menu = window.section_menus[item.data(Qt.ItemDataRole.UserRole)]
    bar = window.menuBar()
    menu.popup(bar.mapToGlobal(QPoint(bar.actionGeometry(menu.menuAction()).left(),
                                      bar.height())))
    settle(app)  # type: ignore[arg-type]
    save(menu, f"keys-{name}.png")
    menu.hide()
    settle(app)  # type: ignore[arg-type]


def visit_open(db: Database, summary: demo.DemoSummary) -> Callable[[MainWindow], None]:
    """An ordinary applicant's code read at the desk: the visit open, papers not yet checked."""

    def prepare(window: MainWindow) -> None:
        app = QApplication.instance()
        page = window.sections[Section.DESK]
        with db.read() as session:
            number = demo.showcase(session, summary)[1][0]
        settle(app)  # type: ignore[arg-type]
        page.handle_scan(make_payload(number, qr_signing_key()), ScanSource.SCANNER)
        deadline = time.monotonic() + 10
        while page.visit_panel.visit is None and time.monotonic() < deadline:
            app.processEvents()  # type: ignore[union-attr]
        if page.visit_panel.visit is None:
            print("warning: no visit opened for the desk at screen sizes")

    return prepare


def letter_at_counter(db: Database) -> Callable[[MainWindow], None]:
    """A letter at the office scanned in, the passport number being typed."""

    def prepare(window: MainWindow) -> None:
        from operator_app.services import letters as letter_rows

        app = QApplication.instance()
        page = window.sections[Section.POST_COUNTER]
        with db.read() as session:
            held = [r for r in letter_rows.find_letters(session, page.context.actor)
                    if r.state is LetterState.AT_OFFICE]
        if held:
            settle(app)  # type: ignore[arg-type]
            page.handle_scan(held[0].tracking_number, ScanSource.SCANNER)
            settle(app)  # type: ignore[arg-type]
            page.card.passport.edit.setText("FA12")

    return prepare


def supervisor_log(window: MainWindow) -> None:
    """The log narrowed to the day's corrections, one open in full."""
    app = QApplication.instance()
    window.nav.setCurrentRow(list(window.sections).index(Section.SUPERVISOR))
    page = window.sections[Section.SUPERVISOR]
    settle(app)  # type: ignore[arg-type]
    page.log.first_day.setDate(page.log.first_day.date().addDays(-6))
    page.log.action.setCurrentIndex(page.log.action.findData("data_corrected"))
    settle(app, 800)  # type: ignore[arg-type]
    page.log.table.selectRow(0)


def mrz_in_doubt(app: QApplication, page: object) -> None:
    """The passport dialog after a copy was read with one letter of the name in doubt:
    the letter marked, where it is said in words, filling held until the clerk checks."""
    import dataclasses

    from operator_app.scanning.mrz import check_digit, parse_mrz

    checklist = page.checklist  # type: ignore[attr-defined]
    checklist.table.selectRow(0)
    checklist.check_button.click()
    settle(app)
    dialog = checklist.dialog
    # The MRZ of the passport on screen, as the reader would return it from its copy.
    text = {name: field.text() for name, field in dialog.fields.items()}
    country = text["country"].upper()
    number = text["number"].upper().ljust(9, "<")[:9]
    birth = checklist.state.person.birth_date.strftime("%y%m%d")
    day, month, year = text["expiry_date"].split(".")
    expiry = year[2:] + month + day
    body = (number + str(check_digit(number)) + country + birth + str(check_digit(birth))
            + "M" + expiry + str(check_digit(expiry)) + "<" * 14 + str(check_digit("<" * 14)))
    names = text["surname_latin"] + "<<" + text["given_names_latin"].replace(" ", "<")
    lines = (f"P<{country}{names}".ljust(44, "<"),
             body + str(check_digit(body[0:10] + body[13:20] + body[21:43])))
    dialog._on_mrz_read(dataclasses.replace(parse_mrz(lines), uncertain=((0, 7),),
                                            confidence=(0.43, 0.98)))
    settle(app)
    save(dialog, "mrz-uncertain.png")
    dialog.reject()
    settle(app)


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_appearance(app)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, qt_in_russian(app):
        os.environ["OPERATOR_APP_CONFIG_DIR"] = tmp  # a throwaway QR key, not the desk's
        db = Database(f"sqlite:///{tmp}/demo.sqlite3")
        db.upgrade()
        summary = demo.create_demo(db)

        login = LoginDialog(db, hint=demo.login_hint())
        login.show()
        settle(app)
        save(login, "login.png")
        login.close()

        def scan_with_camera(window: MainWindow) -> None:
            """A video file stands in for the webcam: the code is found and outlined."""
            page = window.sections[next(iter(window.sections))]
            number = summary.problems["name_mismatch"][0]
            video = scanning_video(Path(tmp) / "camera.avi",
                                   [make_payload(number, qr_signing_key())],
                                   frames_per_code=400, empty_frames=1)
            page.scan_panel._source_factory = lambda: OpenCvSource(str(video), loop=True)
            page.scan_panel.start_camera()
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and not (
                    page.scan_panel.preview.outlines and page.last_outcome is not None):
                app.processEvents()
            page.scan_panel.preview.flashing = False

        counter_with_letter = letter_at_counter(db)

        for login_name, prepare, name in [
            ("clerk.msk", scan_with_camera, "desk-clerk.png"),
            ("post.msk", counter_with_letter, "post-counter.png"),
            ("boss.msk", supervisor_log, "supervisor.png"),
            ("admin", lambda w: w.nav.setCurrentRow(
                list(w.sections).index(Section.ADMIN)), "admin-operators.png"),
            ("admin", lambda w: w.nav.setCurrentRow(
                list(w.sections).index(Section.LETTERS)), "letters-section.png"),
        ]:
            window = window_for(db, login_name, prepare)
            settle(app)
            save(window, name)
            if login_name == "boss.msk":
                summary_and_report(window)
            if login_name == "clerk.msk":
                page = window.sections[next(iter(window.sections))]
                page.scan_panel.stop_camera()
                panel = page.visit_panel
                settle(app)
                # The name-mismatch applicant: the clerk checks the passport against the account.
                check_all(db, page, only_first=True)
                page.tabs.setCurrentWidget(page.checklist)
                settle(app)
                save(window, "checklist-mismatch.png")
                mrz_in_doubt(app, page)
                # ...and corrects the account: the surname from the passport, a mistyped
                # СНИЛС caught on its field, the diff preview below.
                panel.correct_button.click()
                deadline = time.monotonic() + 10
                while page.correction_dialog is None and time.monotonic() < deadline:
                    app.processEvents()
                form = page.correction_dialog
                assert form is not None
                form.resize(1000, 700)
                settle(app)
                form.findChild(QWidget, "take_surname_latin").click()
                form.fields["surname_cyrillic"].edit.setText("Смит")
                form._on_edited("surname_cyrillic")
                form.fields["snils"].edit.setText("112-233-445 96")
                form._on_edited("snils")
                form.reason.setCurrentIndex(0)
                settle(app)
                save(form, "correction-form.png")
                form.confirm_discard = lambda _parent: True
                form.reject()
                settle(app)
                # An ordinary applicant, all papers in order, goes on to the decision.
                with db.read() as session:
                    ordinary = demo.showcase(session, summary)[0][0]
                page.handle_scan(make_payload(ordinary, qr_signing_key()), ScanSource.CAMERA)
                settle(app, 800)
                check_all(db, page)
                settle(app)
                panel.checked_button.click()
                settle(app)
                page.tabs.setCurrentWidget(page.card)
                settle(app)
                save(window, "visit-decision.png")
                panel.confirm_button.click()
                deadline = time.monotonic() + 10
                while page.code_dialog is None and time.monotonic() < deadline:
                    app.processEvents()
                settle(app)
                assert page.code_dialog is not None, (panel.banner.text(), page.banner.text())
                save(page.code_dialog, "code-on-desk.png")
                customer = page.code_dialog.customer
                customer.resize(1024, 600)
                customer.show()
                settle(app)
                save(customer, "customer-window.png")
                page.code_dialog.discard()
                settle(app)
                window.lock()
                settle(app)
                save(window, "idle-lock.png")
            window.close()

        for login_name, prepare, name in [
            ("clerk.msk", visit_open(db, summary), "desk"),
            ("post.msk", counter_with_letter, "post-counter"),
            ("boss.msk", supervisor_log, "supervisor"),
        ]:
            window = window_for(db, login_name, prepare)
            at_screen_sizes(window, name)
            section_menu(window, name)
            window.close()
            settle(app)

        empty = Database(f"sqlite:///{tmp}/empty.sqlite3")
        empty.upgrade()
        first = FirstAdminDialog(empty)
        first.show()
        settle(app)
        save(first, "first-run.png")
        first.close()
        settle(app)
        empty.dispose()
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
