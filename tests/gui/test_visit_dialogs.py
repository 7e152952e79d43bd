"""The visit's dialogs as a clerk meets them: a reason written before a refusal is
recorded, earlier visits that read without scrolling sideways, a repeat-visit list that
says what really blocks the visit, and a code window that a stray Esc does not empty."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QMessageBox, QPushButton

from operator_app.models import DocumentKind, RepeatReason, Visit, VisitKind, VisitState, utcnow
from operator_app.services import documents, visits
from operator_app.services.checks import add_months
from operator_app.services.qr_payload import make_payload
from operator_app.services.scan import ScanSource, ScanStatus
from operator_app.settings import qr_signing_key
from operator_app.views.code_window import CodeDialog
from operator_app.views.visit_panel import RepeatDialog, history_item_text
from tests.conftest import PASSWORD
from tests.gui.conftest import log_in, type_text
from tests.helpers.data import PENDING, check_originals


@pytest.fixture
def desk_page(scan_world, desk, qtbot, printed):
    log_in(qtbot, desk, "clerk", PASSWORD)
    qtbot.waitUntil(lambda: desk.window is not None)
    return desk.window.sections[next(iter(desk.window.sections))]


class _World:
    def __init__(self, context):
        self.db = context.db
        self.clerk = context.actor


def _open_visit(qtbot, page):
    page.last_outcome = None
    page.handle_scan(make_payload(PENDING, qr_signing_key()), ScanSource.CAMERA)
    qtbot.waitUntil(lambda: page.last_outcome is not None
                    and page.last_outcome.status is ScanStatus.OPENED)
    panel = page.visit_panel
    qtbot.waitUntil(lambda: panel.visit is not None)
    return panel


def _stored_visit(page, visit_id: int) -> Visit:
    with page.context.db.read() as session:
        visit = session.get(Visit, visit_id)
        assert visit is not None
        session.expunge(visit)
        return visit


def _shown_code_dialog(qtbot, page) -> CodeDialog:
    panel = _open_visit(qtbot, page)
    check_originals(_World(page.context), panel.visit.id)
    qtbot.mouseClick(panel.checked_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.confirm_button.isEnabled())
    qtbot.mouseClick(panel.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.code_dialog is not None and page.code_dialog.isVisible())
    return page.code_dialog


def _button(box: QMessageBox, text: str) -> QPushButton:
    (button,) = [b for b in box.findChildren(QPushButton) if b.text() == text]
    return button


def _printed_items(pdf_text: str) -> list[str]:
    """The numbered lines under «Что принести», each joined back from its wrapped lines."""
    section = pdf_text.split("Bring these (tick each one when packing)", 1)[1]
    section = section.split("Стоимость", 1)[0]
    parts = re.split(r"(?:^|\n)\s*\d+\.\s*☐\s*", section)[1:]
    return [" ".join(part.split()) for part in parts]


# -- a refusal needs its reason, said where it is typed ------------------------------------


def test_an_empty_refusal_reason_keeps_the_dialog_open_with_the_message(desk_page, qtbot):
    panel = _open_visit(qtbot, desk_page)
    qtbot.mouseClick(panel.refuse_button, Qt.MouseButton.LeftButton)
    dialog = panel.refuse_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.ok_button.text() == "Отказать · Ctrl+Enter"
    assert dialog.cancel_button.text() == "Отмена"
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error.isVisible()
    assert dialog.error.text() == "Укажите причину отказа"
    assert dialog.error.geometry().top() >= dialog.edit.geometry().bottom()  # under the field
    dialog.grab().save("/tmp/refusal-empty.png")
    qtbot.keyClicks(dialog.edit, "   ")
    assert not dialog.error.isVisible()  # typing takes the message away…
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error.text() == "Укажите причину отказа"
    assert _stored_visit(desk_page, panel.visit.id).state is VisitState.OPENED
    visit_id = panel.visit.id
    type_text(dialog.edit, "Паспорт с признаками подделки", delay_ms=20)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: _stored_visit(desk_page, visit_id).state is VisitState.REFUSED)
    assert _stored_visit(desk_page, visit_id).decision_note == "Паспорт с признаками подделки"


# -- earlier visits read without scrolling sideways ----------------------------------------


def _earlier_repeat_visit(world, missing: tuple[str, ...]) -> None:
    with world.db.write() as session:
        info = visits.open_visit(session, world.clerk, PENDING, desk_label="Окно 2")
        visits.decide(session, world.clerk, info.id, info.version, VisitState.REPEAT_NEEDED,
                      missing=missing, repeat_reason=RepeatReason.MISSING_DOCUMENTS)


def test_history_item_text_is_a_line_per_part():
    opened = dt.datetime(2026, 12, 3, 10, 42).astimezone()
    entry = visits.TimelineEntry(opened, opened + dt.timedelta(minutes=20), "ЦО «Арбат»",
                                 "Иванова М.", VisitKind.FIRST, VisitState.REPEAT_NEEDED,
                                 RepeatReason.MISSING_DOCUMENTS, False,
                                 ("Миграционная карта", "Нотариальный перевод паспорта"), (),
                                 "")
    assert history_item_text(entry) == (
        "03.12.2026 10:42 · ЦО «Арбат» · Иванова М. · Нужен повторный визит\n"
        "Не хватало: Миграционная карта; Нотариальный перевод паспорта")
    corrected = visits.TimelineEntry(opened, opened, "ЦО «Арбат»", "Иванова М.",
                                     VisitKind.REPEAT, VisitState.CONFIRMED, None, True, (),
                                     ("Фамилия (лат.)",), "")
    assert history_item_text(corrected).splitlines() == [
        "03.12.2026 10:42 · ЦО «Арбат» · Иванова М. · Личность подтверждена",
        "Исправлено: Фамилия (лат.)"]


def test_a_long_earlier_visit_wraps_in_the_panel_without_a_horizontal_scrollbar(
        desk_page, scan_world, qtbot):
    missing = tuple(f"Документ номер {i}: оригинал или нотариально заверенная копия с переводом"
                    for i in range(1, 9))
    _earlier_repeat_visit(scan_world, missing)
    panel = _open_visit(qtbot, desk_page)
    history = panel.history
    qtbot.waitUntil(lambda: history.count() == 1 and "Документ номер 8" in history.item(0).text())
    desk_page.window().resize(1280, 720)
    qtbot.wait(50)
    item = history.item(0)
    text = item.text()
    assert all(line in text for line in missing)  # the whole list, nothing left out
    assert history.horizontalScrollBar().maximum() == 0  # nothing to scroll sideways to
    assert not history.horizontalScrollBar().isVisible()
    # Laid out at the list's width, tall enough for every wrapped line: no "…", no cut.
    rect = history.visualItemRect(item)
    viewport = history.viewport().width()
    assert rect.width() <= viewport
    needed = QFontMetrics(history.font()).boundingRect(
        0, 0, rect.width() - 8, 10_000, int(Qt.TextFlag.TextWordWrap), text).height()
    assert rect.height() >= needed
    # A visit taller than the list can still be read to its end.
    viewport_height = history.viewport().height()
    assert history.verticalScrollBar().maximum() >= rect.height() - viewport_height
    panel.grab().save("/tmp/history-wrapped.png")


# -- the repeat-visit list: what really blocks, the reason chosen, no refusal -----------


def _passport_valid_three_months(world, visit_id: int) -> dt.date:
    """The passport as checked at the desk: it expires three months after the application."""
    with world.db.write() as session:
        state = documents.checklist(session, visit_id)
        expiry = add_months(state.application_date, 3)
        (passport,) = [row for row in state.documents if row.kind is DocumentKind.PASSPORT]
        documents.save_document(session, world.clerk, visit_id, document_id=passport.id,
                                kind=DocumentKind.PASSPORT, version=passport.version,
                                number=passport.number, series=passport.series,
                                expiry_date=expiry, override_reason="Заявитель просит записать")
    return expiry


def test_repeat_list_says_what_blocks_and_prints_exactly_what_the_clerk_confirmed(
        desk_page, qtbot, printed):
    panel = _open_visit(qtbot, desk_page)
    visit_id = panel.visit.id
    expiry = _passport_valid_three_months(_World(desk_page.context), visit_id)
    checklist = desk_page.checklist
    checklist.load(visit_id)
    qtbot.waitUntil(lambda: checklist.state is not None and any(
        "Паспорт действует до" in f.message for f in checklist.state.blocking))
    # The desk hands the checklist's blocking findings to the dialog.
    qtbot.mouseClick(panel.repeat_button, Qt.MouseButton.LeftButton)
    dialog = panel.repeat_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.chosen_reason is None  # nothing preset: the clerk says why
    passport = ("Паспорт, действительный не менее 6 месяцев (у предъявленного срок истекает "
                f"{expiry:%d.%m.%Y})")
    stay = "Оригинал документа о законном пребывании, указанного в заявлении"
    assert list(dialog.missing) == [passport, stay]
    assert "Паспорт действует до" in dialog.why.text()  # the clerk sees why
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "Выберите причину" in dialog.error.text()
    dialog.reason.setCurrentIndex(dialog.reason.findData(RepeatReason.MISSING_DOCUMENTS.value))
    lines = list(dialog.missing)
    # What blocks comes first; the usual lines it stands for are not repeated.
    assert lines[:2] == [passport, stay]
    assert not any("удостоверяющий личность" in line for line in lines)
    assert not any("отказ" in line.lower() for line in lines)
    dialog.grab().save("/tmp/repeat-dialog.png")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(list(printed.glob("*.pdf"))))
    (paper,) = printed.glob("*.pdf")
    content = "\n".join(page.extract_text() for page in PdfReader(str(paper)).pages)
    assert _printed_items(content) == lines
    assert "Не хватает документов" in content  # the reason chosen in the dialog
    assert "отказ" not in content.lower()


def test_repeat_list_names_the_reason_the_clerk_chose(desk_page, qtbot, printed):
    panel = _open_visit(qtbot, desk_page)
    qtbot.mouseClick(panel.repeat_button, Qt.MouseButton.LeftButton)
    dialog = panel.repeat_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.chosen_reason is None
    dialog.reason.setCurrentIndex(
        dialog.reason.findData(RepeatReason.EXTRA_IDENTITY_CHECK.value))
    lines = list(dialog.missing)
    assert lines
    assert not any("отказ" in line.lower() for line in lines)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(list(printed.glob("*.pdf"))))
    (paper,) = printed.glob("*.pdf")
    content = "\n".join(page.extract_text() for page in PdfReader(str(paper)).pages)
    assert "Требуется дополнительное подтверждение личности" in content
    assert "Не хватает документов" not in content
    assert _printed_items(content) == lines
    assert "отказ" not in content.lower()


@pytest.mark.parametrize(("finding", "line"), [
    ("Паспорт просрочен (01.02.2026).",
     "Паспорт, действительный не менее 6 месяцев (срок предъявленного истёк 01.02.2026)"),
    ("Документ «миграционная карта» просрочен (05.01.2026). Отмечено при сверке: «бланк».",
     "Миграционная карта с неистёкшим сроком (срок предъявленного документа истёк "
     "05.01.2026)"),
    ("Нет документа, удостоверяющего личность (паспорта).", "Паспорт (с визой, если она нужна)"),
    ("Внесите СНИЛС или отметьте, что его нет.", "СНИЛС, если он есть"),
    # A sentence with no rule of its own is kept, so the clerk sees and words it.
    ("Фамилия в паспорте «KARIMOF» не совпадает с учётной записью «KARIMOV».",
     "Фамилия в паспорте «KARIMOF» не совпадает с учётной записью «KARIMOV»"),
])
def test_a_finding_becomes_what_to_bring(qtbot, finding, line):
    dialog = RepeatDialog(findings=[finding])
    qtbot.addWidget(dialog)
    assert dialog.missing == (line,)


# -- the code window: a stray Esc does not lose the code -----------------------------------


def test_esc_in_the_code_window_asks_and_keeps_the_code(desk_page, qtbot):
    dialog = _shown_code_dialog(qtbot, desk_page)
    shown = dialog.code_label.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    box = dialog.close_question
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    assert box.text() == "Код больше не будет показан на экране. Закрыть окно?"
    assert box.defaultButton().text() == "Не закрывать"
    box.grab().save("/tmp/code-close-question.png")
    qtbot.keyClick(box, Qt.Key.Key_Return)  # the default: the code stays
    qtbot.waitUntil(lambda: not box.isVisible())
    assert dialog.isVisible()
    assert dialog.code_label.text() == shown
    assert desk_page.code_dialog is dialog
    dialog.close()  # the window's close button asks the same
    box = dialog.close_question
    assert box is not None
    assert dialog.isVisible()
    qtbot.waitUntil(box.isVisible)
    qtbot.mouseClick(_button(box, "Не закрывать"), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.code_label.text() == shown
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    box = dialog.close_question
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    qtbot.mouseClick(_button(box, "Закрыть окно"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk_page.code_dialog is None)
    assert not dialog.isVisible()
    assert dialog.code_label.text() == ""


def test_once_the_slip_is_printed_esc_closes_the_code_window(qtbot):
    expires = (utcnow() + dt.timedelta(days=7)).astimezone()
    dialog = CodeDialog(code="K7M4PX9RT", name_cyrillic="Каримов Рустам",
                        name_latin="KARIMOV RUSTAM", number=PENDING,
                        expires=f"{expires:%d.%m.%Y}")
    qtbot.addWidget(dialog)
    # What the desk does when the slip came out of the printer.
    dialog.print_requested.connect(
        lambda _layout: dialog.slip_printed("Документ отправлен на печать."))
    dialog.show()
    qtbot.waitUntil(dialog.isVisible)
    qtbot.mouseClick(dialog.print_receipt, Qt.MouseButton.LeftButton)
    assert "отправлен на печать" in dialog.message.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.close_question is None
    assert not dialog.isVisible()
    assert dialog.code_label.text() == ""



def test_a_supervisor_closes_a_visit_whose_desk_never_came_back(scan_world, desk, qtbot):
    """The clerk's desk died with the visit open: the supervisor's scan says where it is
    being served, offers to close it with a reason (audited), then opens it for them."""
    from operator_app.models import AuditEvent
    from operator_app.services.actor import Section

    with scan_world.db.write() as session:
        abandoned = visits.open_visit(session, scan_world.clerk, PENDING, desk_label="Окно 3")
    log_in(qtbot, desk, "boss", PASSWORD)
    qtbot.waitUntil(lambda: desk.window is not None)
    page = desk.window.sections[Section.DESK]
    panel = page.visit_panel
    page.handle_scan(make_payload(PENDING, qr_signing_key()), ScanSource.CAMERA)
    qtbot.waitUntil(lambda: panel.release_button.isVisibleTo(panel))
    assert "уже обслуживается" in panel.banner.text()
    assert "Окно 3" in panel.banner.text()
    qtbot.mouseClick(panel.release_button, Qt.MouseButton.LeftButton)
    dialog = panel.release_dialog
    dialog.edit.setPlainText("")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # no reason, no release
    dialog.edit.setPlainText("Стол не отвечает")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.visit is not None)
    assert panel.visit.id != abandoned.id
    assert not panel.release_button.isVisibleTo(panel)
    released = _stored_visit(page, abandoned.id)
    assert released.state is VisitState.CANCELLED
    with scan_world.db.read() as session:
        from sqlalchemy import select

        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "visit_released"))
    assert event.operator_login == "boss"
    assert event.detail_dict()["reason"] == "Стол не отвечает"


def test_the_visit_steps_answer_their_function_keys(desk_page, qtbot):
    """F2…F8 press the visit's buttons — only those there to press — and say so on screen."""
    panel = _open_visit(qtbot, desk_page)
    window = desk_page.window()
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=3000)
    shown = {a.shortcut().toString(): a.text() for a in window.visit_actions}
    assert shown["F4"] == "Подтвердить личность и выдать код"  # in the «Визит» menu
    assert not panel.confirm_button.isEnabled()  # the originals are not checked yet
    qtbot.keyClick(panel, Qt.Key.Key_F4)
    qtbot.wait(300)
    assert desk_page.code_dialog is None  # a disabled step is not taken by its key
    qtbot.keyClick(panel, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: panel.visit is None or panel.visit.state is VisitState.CANCELLED,
                    timeout=5000)
