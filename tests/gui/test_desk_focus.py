"""The desk shows one applicant at a time, and opens a visit only when the clerk asks for one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import func, select

from operator_app.models import AuditEvent, ConfirmationMethod, utcnow
from operator_app.services import application_numbers, applications
from operator_app.services.qr_payload import make_payload
from operator_app.services.scan import ScanSource, ScanStatus
from operator_app.settings import qr_signing_key
from printing.qr import draw_qr
from tests.conftest import PASSWORD
from tests.gui.conftest import log_in, type_text
from tests.helpers.data import CONFIRMED, DOCUMENTS, PENDING, UNKNOWN

fmt = application_numbers.format_number
SECOND = application_numbers.make(2026, 41)
THIRD = application_numbers.make(2026, 42)


def _add(world, number: str, surname: str, given: str, cyr: tuple[str, str]) -> None:
    with world.db.write() as session:
        applications.import_application(session, world.admin, applications.ApplicationData(
            number=number, surname_latin=surname, given_names_latin=given,
            birth_date=dt.date(1985, 3, 9), sex="F", citizenship="KAZ",
            confirmation_method=ConfirmationMethod.SERVICE_CENTER,
            submitted_at=utcnow() - dt.timedelta(days=2), surname_cyrillic=cyr[0],
            given_names_cyrillic=cyr[1], snils="112-233-445 95", documents=DOCUMENTS))


@pytest.fixture
def desk_page(scan_world, desk, qtbot):
    _add(scan_world, SECOND, "NURLANOVA", "AIGERIM", ("Нурланова", "Айгерим"))
    _add(scan_world, THIRD, "SMITH", "JOHN", ("Смит", "Джон"))
    log_in(qtbot, desk, "clerk", PASSWORD)
    qtbot.waitUntil(lambda: desk.window is not None)
    page = desk.window.sections[next(iter(desk.window.sections))]
    yield page
    page.scan_panel.stop_camera()


def _visible_text(page) -> str:
    """Every text a clerk can see on the desk section and its open dialogs."""
    parts = [label.text() for label in page.findChildren(QLabel) if label.isVisibleTo(page)]
    model = page.model
    parts += [str(model.data(model.index(r, c)))
              for r in range(model.rowCount()) for c in range(model.columnCount())]
    history = page.visit_panel.history
    parts += [history.item(i).text() for i in range(history.count())]
    parts += [page.banner.text(), page.visit_panel.banner.text()]
    for window in QApplication.topLevelWidgets():
        if window.isVisible() and window is not page.window():
            parts += [label.text() for label in window.findChildren(QLabel)]
    return "\n".join(parts)


def _scan(qtbot, page, number: str, status: ScanStatus) -> None:
    page.last_outcome = None
    page.handle_scan(make_payload(number, qr_signing_key()), ScanSource.SCANNER)
    qtbot.waitUntil(lambda: page.last_outcome is not None
                    and page.last_outcome.status is status, timeout=8000)


def _opened_visits(page) -> int:
    with page.context.db.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent)
                              .where(AuditEvent.action == "visit_opened")) or 0


def test_three_applicants_in_a_row_show_nothing_of_the_one_before(desk_page, qtbot):
    page = desk_page
    _scan(qtbot, page, PENDING, ScanStatus.OPENED)
    qtbot.waitUntil(lambda: page.visit_panel.visit is not None)
    page.visit_panel.banner.show_message("Продолжается ранее открытый визит.", "info")
    first = _visible_text(page)
    assert "KARIMOV" in first
    assert fmt(PENDING) in first

    _scan(qtbot, page, SECOND, ScanStatus.OPENED)
    qtbot.waitUntil(lambda: page.visit_panel.visit is not None
                    and page.visit_panel.visit.application_number == SECOND)
    second = _visible_text(page)
    assert "NURLANOVA" in second
    for trace in ("KARIMOV", "Каримов", fmt(PENDING), "Продолжается ранее открытый"):
        assert trace not in second
    assert page.checklist.visit_id == page.visit_panel.visit.id

    # A failed lookup: the error on an empty card, nothing of the second applicant.
    _scan(qtbot, page, UNKNOWN, ScanStatus.UNKNOWN)
    third = _visible_text(page)
    assert "не найдено" in page.banner.text()
    for trace in ("NURLANOVA", "Нурланова", fmt(SECOND)):
        assert trace not in third
    assert all(label.text() == "—" for label in page.card_fields.values())
    assert page.model.rowCount() == 0
    assert page.visit_panel.visit is None
    assert page.checklist.visit_id is None

    # A name search that finds nobody: the same empty card.
    _scan(qtbot, page, THIRD, ScanStatus.OPENED)
    qtbot.waitUntil(lambda: page.visit_panel.visit is not None)
    type_text(page.search.edit, "Никтоневстречался", delay_ms=60)
    qtbot.keyClick(page.search.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Ничего не найдено" in page.banner.text())
    assert "SMITH" not in _visible_text(page)
    assert page.visit_panel.visit is None


def test_a_search_opens_nothing_until_the_clerk_picks_the_applicant(desk_page, qtbot):
    page = desk_page
    before = _opened_visits(page)
    type_text(page.search.edit, "Нурланова", delay_ms=60)
    qtbot.keyClick(page.search.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.card_fields["name"].text() == "NURLANOVA AIGERIM"
    assert page.visit_panel.visit is None
    assert _opened_visits(page) == before
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # the clerk's decision
    qtbot.waitUntil(lambda: page.visit_panel.visit is not None)
    assert page.visit_panel.visit.application_number == SECOND
    assert _opened_visits(page) == before + 1


def _sheet(path: Path, numbers: list[str]) -> Path:
    canvas = Canvas(str(path), pagesize=A4)
    key = qr_signing_key()
    for i, number in enumerate(numbers):
        draw_qr(canvas, make_payload(number, key), x=40 + (i % 3) * 180,
                y=560 - (i // 3) * 200, size=150)
    canvas.save()
    return path


def test_a_file_with_several_codes_lists_them_and_opens_none(desk_page, qtbot, tmp_path):
    page = desk_page
    before = _opened_visits(page)
    page.scan_panel.read_file(_sheet(tmp_path / "sheet.pdf", [PENDING, SECOND, THIRD]))
    qtbot.waitUntil(lambda: page.code_chooser is not None, timeout=15000)
    chooser = page.code_chooser
    labels = chooser.labels()
    # Each by number and whose it is.
    assert sorted(labels) == sorted([
        f"Заявление {fmt(PENDING)} — Каримов Рустам · KARIMOV RUSTAM",
        f"Заявление {fmt(SECOND)} — Нурланова Айгерим · NURLANOVA AIGERIM",
        f"Заявление {fmt(THIRD)} — Смит Джон · SMITH JOHN"])
    # None picked for the clerk: Enter (a hand scanner's, say) opens nothing.
    assert chooser.picked() is None
    assert not chooser.ok_button.isEnabled()
    qtbot.keyClick(chooser.list, Qt.Key.Key_Return)
    qtbot.wait(300)
    assert chooser.isVisible()
    assert _opened_visits(page) == before  # listing is not opening
    assert page.visit_panel.visit is None
    second = next(i for i, label in enumerate(labels) if fmt(SECOND) in label)
    chooser.list.setCurrentRow(second)
    assert chooser.ok_button.isEnabled()
    qtbot.mouseClick(chooser.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.visit_panel.visit is not None, timeout=8000)
    assert page.visit_panel.visit.application_number == SECOND
    qtbot.wait(300)
    assert _opened_visits(page) == before + 1


def test_a_confirmed_applicant_is_shown_with_what_fits_and_nothing_is_opened(desk_page, qtbot):
    page = desk_page
    before = _opened_visits(page)
    _scan(qtbot, page, CONFIRMED, ScanStatus.ALREADY_CONFIRMED)
    assert page.card_fields["number"].text() == fmt(CONFIRMED)
    assert page.card_actions.isVisibleTo(page)
    assert page.card_certificate_button.isVisibleTo(page)
    assert not page.card_new_code_button.isVisibleTo(page)  # the account is already active
    assert page.visit_panel.visit is None
    assert _opened_visits(page) == before
    # A repeat visit only with a reason the clerk chooses: none is preselected.
    qtbot.mouseClick(page.card_repeat_button, Qt.MouseButton.LeftButton)
    dialog = page.open_repeat_dialog
    assert dialog.reason.currentData() is None
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "Выберите причину" in dialog.error.text()
    dialog.reason.setCurrentIndex(dialog.reason.findData("data_correction"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.visit_panel.visit is not None)
    visit = page.visit_panel.visit
    assert visit.repeat_reason is not None
    assert visit.repeat_reason.value == "data_correction"
    assert page.visit_panel.reason.currentData() == "data_correction"
    assert _opened_visits(page) == before + 1


def test_another_applicant_waits_while_a_code_is_on_screen(desk_page, qtbot):
    from tests.gui.test_visit_flow import _World
    from tests.helpers.data import check_originals

    page = desk_page
    _scan(qtbot, page, PENDING, ScanStatus.OPENED)
    qtbot.waitUntil(lambda: page.visit_panel.visit is not None)
    check_originals(_World(page.context), page.visit_panel.visit.id)
    page.visit_panel.refresh()
    qtbot.mouseClick(page.visit_panel.checked_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.visit_panel.confirm_button.isEnabled())
    qtbot.mouseClick(page.visit_panel.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.code_dialog is not None)
    page.handle_scan(make_payload(SECOND, qr_signing_key()), ScanSource.SCANNER)
    assert "закройте окно с кодом" in page.banner.text()
    assert page.code_dialog is not None  # the code stays for the applicant in front
    assert page.card_fields["name"].text() == "KARIMOV RUSTAM"
    assert "Открыт визит" not in (page.unsaved_work() or "")
    assert "код" in (page.unsaved_work() or "")
    page.code_dialog.done(0)


def test_a_camera_frame_with_two_codes_lists_them_and_opens_none(desk_page, qtbot, tmp_path):
    from operator_app.scanning.sources import OpenCvSource
    from tests.helpers.video import HEIGHT, WIDTH, place, qr_image, write_video

    page = desk_page
    before = _opened_visits(page)
    key = qr_signing_key()
    frame = np.full((HEIGHT, WIDTH, 3), 235, np.uint8)
    frame = place(frame, qr_image(make_payload(PENDING, key)), center=(WIDTH // 4, HEIGHT // 2))
    frame = place(frame, qr_image(make_payload(SECOND, key)),
                  center=(3 * WIDTH // 4, HEIGHT // 2))
    video = write_video(tmp_path / "two.avi", [frame] * 40)
    page.scan_panel._source_factory = lambda: OpenCvSource(str(video))
    qtbot.mouseClick(page.scan_panel.camera_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.code_chooser is not None, timeout=15000)
    page.scan_panel.stop_camera()
    assert len(page.code_chooser.labels()) == 2
    assert any("NURLANOVA" in label for label in page.code_chooser.labels())
    qtbot.wait(300)
    assert _opened_visits(page) == before
    assert page.visit_panel.visit is None
    assert page.last_outcome is None  # nothing was even resolved
