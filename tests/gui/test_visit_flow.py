"""The visit at the desk, from the scan to the printed slip, as a clerk does it."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from sqlalchemy import select, text

from operator_app.models import AuditEvent, ConfirmationCode, RepeatReason, Visit, VisitState
from operator_app.scanning.decoders import decode_still
from operator_app.services import codes
from operator_app.services.application_numbers import format_number
from operator_app.services.qr_payload import make_payload
from operator_app.services.scan import ScanSource, ScanStatus
from operator_app.settings import code_hash_key, get_settings, qr_signing_key
from tests.conftest import PASSWORD
from tests.gui.conftest import log_in
from tests.helpers.data import PENDING, check_originals


@pytest.fixture
def desk_page(scan_world, desk, qtbot, printed):
    log_in(qtbot, desk, "clerk", PASSWORD)
    qtbot.waitUntil(lambda: desk.window is not None)
    return desk.window.sections[next(iter(desk.window.sections))]


def _scan_and_open_visit(qtbot, page, *, check=True):
    page.last_outcome = None
    page.handle_scan(make_payload(PENDING, qr_signing_key()), ScanSource.CAMERA)
    qtbot.waitUntil(lambda: page.last_outcome is not None
                    and page.last_outcome.status is ScanStatus.OPENED)
    panel = page.visit_panel
    qtbot.waitUntil(lambda: panel.visit is not None)
    if check:
        # The originals compared and saved (the checklist itself has its own tests).
        check_originals(_World(page.context), panel.visit.id)
    return panel


class _World:
    def __init__(self, context):
        self.db = context.db
        self.clerk = context.actor


def _page_image(pdf: Path):
    bitmap = pdfium.PdfDocument(str(pdf))[0].render(scale=3, grayscale=True)
    return bitmap.to_numpy().squeeze()


def test_first_visit_from_scan_to_printed_slip(desk_page, qtbot, printed):
    panel = _scan_and_open_visit(qtbot, desk_page)
    assert "Первый визит" in panel.state_label.text()
    assert not panel.confirm_button.isEnabled()  # documents first
    qtbot.mouseClick(panel.checked_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.confirm_button.isEnabled())
    qtbot.mouseClick(panel.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk_page.code_dialog is not None)
    dialog = desk_page.code_dialog
    shown = dialog.code_label.text()
    code = codes.normalize_code(shown)
    assert len(code) == codes.LENGTH
    # The desk shows what the portal will accept.
    with desk_page.context.db.read() as session:
        stored = session.scalars(select(ConfirmationCode)).one()
    assert stored.code_hash == codes.code_hash(code_hash_key(), PENDING, code)
    qtbot.mouseClick(dialog.print_a4, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "сохранён" in dialog.message.text())
    (slip,) = printed.glob("*.pdf")
    decoded = [c.text for c in decode_still(_page_image(slip))]
    assert decoded == [code]
    text_of_slip = PdfReader(str(slip)).pages[0].extract_text()
    assert "Каримов Рустам" in text_of_slip
    qtbot.mouseClick(dialog.print_receipt, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(list(printed.glob("*.pdf"))) == 2)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk_page.code_dialog is None)
    # The visit is over: the desk says so and is ready for the next applicant.
    assert panel.visit is None
    assert not panel.confirm_button.isEnabled()
    assert "завершён" in desk_page.banner.text()
    assert desk_page.card_fields["name_cyrillic"].text() == "—"


def test_double_click_on_confirm_issues_one_code(desk_page, qtbot):
    panel = _scan_and_open_visit(qtbot, desk_page)
    qtbot.mouseClick(panel.checked_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.confirm_button.isEnabled())
    qtbot.mouseDClick(panel.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk_page.code_dialog is not None)
    qtbot.wait(300)
    with desk_page.context.db.read() as session:
        assert session.scalar(select(text("count(*)")).select_from(ConfirmationCode)) == 1
    desk_page.code_dialog.discard()


def test_repeat_visit_needed_prints_what_to_bring(desk_page, qtbot, printed):
    panel = _scan_and_open_visit(qtbot, desk_page)
    qtbot.waitUntil(lambda: desk_page.checklist.state is not None
                    and desk_page.checklist.state.visit_id == panel.visit.id)
    qtbot.mouseClick(panel.repeat_button, Qt.MouseButton.LeftButton)
    dialog = panel.repeat_dialog
    # No reason is chosen for the clerk: the printed list names the one chosen here.
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "Выберите причину" in dialog.error.text()
    dialog.reason.setCurrentIndex(dialog.reason.findData(RepeatReason.MISSING_DOCUMENTS.value))
    # The papers are not checked yet: the list starts from what the checklist misses.
    assert "Паспорт" in dialog.items.toPlainText()
    dialog.items.clear()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "Перечислите" in dialog.error.text()  # an empty list is refused on the dialog
    dialog.items.setPlainText("Миграционная карта\nВНЖ с отметкой")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(list(printed.glob("*.pdf"))))
    (paper,) = printed.glob("*.pdf")
    content = "".join(page.extract_text() for page in PdfReader(str(paper)).pages)
    assert "Миграционная карта" in content
    assert "Каримов Рустам" in content
    assert "Не хватает документов" in content  # the reason chosen in the dialog
    # The visit is over: the desk says how it ended and waits for the next applicant.
    assert panel.visit is None
    assert "нужен повторный визит" in desk_page.banner.text()
    # The applicant comes back: the card shows the earlier visit and what was missing.
    _scan_and_open_visit(qtbot, desk_page, check=False)
    qtbot.waitUntil(lambda: "Повторный визит" in panel.state_label.text())
    history = [panel.history.item(i).text() for i in range(panel.history.count())]
    assert any("нужен повторный визит" in line.lower() and "Миграционная карта" in line
               for line in history)
    assert panel.reason_row.isVisibleTo(panel)


def test_refusal_needs_a_reason(desk_page, qtbot):
    panel = _scan_and_open_visit(qtbot, desk_page)
    qtbot.mouseClick(panel.refuse_button, Qt.MouseButton.LeftButton)
    dialog = panel.refuse_dialog
    qtbot.keyClicks(dialog.edit, "   ")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    # Nothing recorded; the dialog stays, saying why (tests/gui/test_visit_dialogs.py).
    assert dialog.isVisible()
    assert "Укажите причину отказа" in dialog.error.text()
    assert panel.visit.state is VisitState.OPENED
    dialog.set_reason("Паспорт с признаками подделки")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.visit is None)
    assert "отказ" in desk_page.banner.text()


def test_a_second_desk_sees_where_the_visit_is_open(scan_world, qtbot):
    from operator_app.services import visits

    with scan_world.db.write() as session:
        visits.open_visit(session, scan_world.other_clerk, PENDING, desk_label="Окно 7")
    from operator_app.views.app import DeskApp

    app = DeskApp(scan_world.db)
    app.start()
    qtbot.waitUntil(lambda: app.login_dialog is not None)
    log_in(qtbot, app, "clerk", PASSWORD)
    qtbot.waitUntil(lambda: app.window is not None)
    page = app.window.sections[next(iter(app.window.sections))]
    page.handle_scan(make_payload(PENDING, qr_signing_key()), ScanSource.CAMERA)
    qtbot.waitUntil(lambda: "уже обслуживается" in page.visit_panel.banner.text())
    assert "Окно 7" in page.visit_panel.banner.text()
    assert not page.visit_panel.confirm_button.isEnabled()
    app.window.close()


def test_status_certificate_is_printed(desk_page, qtbot, printed):
    panel = _scan_and_open_visit(qtbot, desk_page)
    qtbot.mouseClick(panel.certificate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(list(printed.glob("*.pdf"))))
    (paper,) = printed.glob("*.pdf")
    content = "".join(page.extract_text() for page in PdfReader(str(paper)).pages)
    assert "Каримов Рустам" in content
    assert format_number(PENDING) in content
    assert "в ожидании подтверждения" in content


def test_a_printer_error_keeps_the_code_on_screen(desk_page, qtbot, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    get_settings().print_to_pdf_dir = str(blocker / "sub")
    panel = _scan_and_open_visit(qtbot, desk_page)
    qtbot.mouseClick(panel.checked_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.confirm_button.isEnabled())
    qtbot.mouseClick(panel.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk_page.code_dialog is not None)
    dialog = desk_page.code_dialog
    shown = dialog.code_label.text()
    qtbot.mouseClick(dialog.print_a4, Qt.MouseButton.LeftButton)
    assert "Не удалось сохранить PDF" in dialog.message.text()
    assert dialog.isVisible()
    assert dialog.code_label.text() == shown
    # Nothing printed: closing asks first, and only the clerk's answer closes it.
    dialog.close()
    assert dialog.isVisible()
    assert dialog.close_question is not None
    dialog.discard()


def test_lost_code_is_revoked_and_a_new_one_shown(desk_page, qtbot):
    panel = _scan_and_open_visit(qtbot, desk_page)
    qtbot.mouseClick(panel.checked_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.confirm_button.isEnabled())
    qtbot.mouseClick(panel.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk_page.code_dialog is not None)
    first = codes.normalize_code(desk_page.code_dialog.code_label.text())
    desk_page.code_dialog.done(0)
    qtbot.waitUntil(lambda: desk_page.code_dialog is None)
    # The applicant comes back having lost the code: the scan opens no visit, the card says
    # the code was issued and offers what fits.
    desk_page.handle_scan(PENDING, ScanSource.TYPED)
    qtbot.waitUntil(lambda: desk_page.card_actions.isVisibleTo(desk_page))
    assert "код выдан" in desk_page.banner.text()
    assert "код ещё не введён" in desk_page.card_fields["status"].text()
    assert panel.visit is None
    assert desk_page.card_new_code_button.isVisibleTo(desk_page)
    qtbot.mouseClick(desk_page.card_new_code_button, Qt.MouseButton.LeftButton)
    dialog = desk_page.new_code_dialog
    dialog.edit.setPlainText("  ")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # stays, and says why
    assert "Укажите" in dialog.error.text()
    dialog.edit.setPlainText("Заявитель потерял код")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk_page.code_dialog is not None)
    second = codes.normalize_code(desk_page.code_dialog.code_label.text())
    assert second != first
    desk_page.code_dialog.done(0)
    with desk_page.context.db.write() as session:
        assert "отозван" in codes.redeem(session, PENDING, first, key=code_hash_key()).message
        assert codes.redeem(session, PENDING, second, key=code_hash_key()).ok
        opened = [e.detail_dict() for e in session.scalars(
            select(AuditEvent).where(AuditEvent.action == "visit_opened")
            .order_by(AuditEvent.id))]
        last = session.scalar(select(Visit).order_by(Visit.id.desc()).limit(1))
    # The second scan opened nothing by itself; the new code was given at a repeat visit
    # of this desk, which it closed as confirmed.
    assert opened == [{"kind": "first"}, {"kind": "repeat", "reason": "new_code"}]
    assert last.state is VisitState.CONFIRMED
    assert last.decision_note == "Выдан новый код: Заявитель потерял код"
