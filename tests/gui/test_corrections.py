"""Correcting the account at the desk: errors on the field as typed, the diff preview, the
reason, the save, and the second of two concurrent saves (two desks = two Database objects
on the same database) — on SQLite and, in CI, on PostgreSQL."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from sqlalchemy import select

from operator_app.models import Applicant, Application, AuditEvent, Database, DataCorrection
from operator_app.services import corrections, visits
from operator_app.services.qr_payload import make_payload
from operator_app.services.scan import ScanSource, ScanStatus
from operator_app.settings import qr_signing_key
from operator_app.views.correction_form import CorrectionDialog
from tests.conftest import PASSWORD
from tests.gui.conftest import log_in, type_text
from tests.helpers.data import PENDING


@pytest.fixture
def desk_page(scan_world, desk, qtbot):
    log_in(qtbot, desk, "clerk", PASSWORD)
    qtbot.waitUntil(lambda: desk.window is not None)
    page = desk.window.sections[next(iter(desk.window.sections))]
    page.handle_scan(make_payload(PENDING, qr_signing_key()), ScanSource.CAMERA)
    qtbot.waitUntil(lambda: page.last_outcome is not None
                    and page.last_outcome.status is ScanStatus.OPENED)
    qtbot.waitUntil(lambda: page.visit_panel.visit is not None)
    return page


def _open_form(qtbot, page) -> CorrectionDialog:
    button = page.visit_panel.correct_button
    assert button.isVisible()
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.correction_dialog is not None
                    and page.correction_dialog.isVisible())
    return page.correction_dialog


def _retype(dialog: CorrectionDialog, name: str, text: str) -> None:
    edit = dialog.fields[name].edit
    edit.setFocus()
    edit.selectAll()
    type_text(edit, text or " ")
    if not text:
        edit.selectAll()
        edit.del_()


def _pick_reason(dialog: CorrectionDialog, index: int = 0) -> None:
    dialog.reason.setCurrentIndex(index)


def test_an_invalid_snils_is_shown_on_that_field_as_typed(desk_page, qtbot):
    dialog = _open_form(qtbot, desk_page)
    assert dialog.fields["snils"].text() == "112-233-445 95"  # the account's, formatted
    _retype(dialog, "snils", "112-233-445 96")
    field = dialog.fields["snils"]
    assert field.error_label.isVisible()
    assert "контрольное число" in field.error.lower() or "СНИЛС" in field.error
    assert all(not f.error for name, f in dialog.fields.items() if name != "snils")
    _pick_reason(dialog)
    assert not dialog.save_button.isEnabled()  # an error blocks the save
    # Corrected before saving: the message goes away at once.
    _retype(dialog, "snils", "148-481-255 85")
    assert not field.error
    assert dialog.save_button.isEnabled()


def test_the_diff_preview_lists_exactly_the_changed_fields(desk_page, qtbot):
    dialog = _open_form(qtbot, desk_page)
    _retype(dialog, "given_names_latin", "RUSTAM ALISHER")
    _retype(dialog, "surname_latin", "KARIMOV")  # typed again, the same: not a change
    _retype(dialog, "phone", "+7 916 123-45-67")
    rows = [(dialog.preview.item(r, 0).data(Qt.ItemDataRole.UserRole),
             dialog.preview.item(r, 1).text(), dialog.preview.item(r, 2).text())
            for r in range(dialog.preview.rowCount())]
    assert rows == [("given_names_latin", "RUSTAM", "RUSTAM ALISHER"),
                    ("phone", "—", "+79161234567")]
    assert "Изменится полей: 2" in dialog.preview_caption.text()


def test_homoglyphs_and_invisible_characters_are_named_not_stored(desk_page, qtbot):
    dialog = _open_form(qtbot, desk_page)
    _retype(dialog, "surname_latin", "KАRIMOV")  # a Cyrillic А in the middle
    assert "кириллическая" in dialog.fields["surname_latin"].error
    _retype(dialog, "given_names_cyrillic", "Рус\u200bтам")
    assert "U+200B" in dialog.fields["given_names_cyrillic"].error
    _retype(dialog, "address_street", "ул. Тверская; DROP TABLE applicant;--")
    assert dialog.fields["address_street"].error
    _retype(dialog, "address_city", "Казань\u200f")  # a right-to-left mark
    assert "U+200F" in dialog.fields["address_city"].error
    dialog.fields["email"].edit.setText("a" * 10_000 + "@example.ru")  # pasted
    dialog.fields["email"].edit.textEdited.emit(dialog.fields["email"].text())
    assert "слишком длинное" in dialog.fields["email"].error
    assert dialog.preview.rowCount() == 0
    _pick_reason(dialog)
    assert not dialog.save_button.isEnabled()


def test_the_russian_form_is_suggested_and_cross_checked(desk_page, qtbot):
    dialog = _open_form(qtbot, desk_page)
    _retype(dialog, "given_names_latin", "ALISHER")
    qtbot.mouseClick(dialog.findChild(type(dialog.save_button), "suggest_given_names_cyrillic"),
                     Qt.MouseButton.LeftButton)
    assert dialog.fields["given_names_cyrillic"].text() == "Алишер"
    _retype(dialog, "given_names_cyrillic", "Алишир")
    assert "ICAO" in dialog.fields["given_names_cyrillic"].warning
    assert not dialog.fields["given_names_cyrillic"].error
    _pick_reason(dialog)
    assert dialog.save_button.isEnabled()  # a warning, not a refusal


def test_taking_the_documents_value_checks_the_field_again(desk_page, qtbot, scan_world):
    from tests.helpers.data import check_originals

    check_originals(scan_world, desk_page.visit_panel.visit.id)  # the passport: KARIMOV
    dialog = _open_form(qtbot, desk_page)
    _retype(dialog, "surname_latin", "KАRIMOV")  # a Cyrillic А typed in the middle
    field = dialog.fields["surname_latin"]
    assert field.error
    _retype(dialog, "phone", "+7 916 123-45-67")  # something worth saving
    _pick_reason(dialog)
    assert "исправьте ошибки: 1" in dialog.preview_caption.text()
    assert not dialog.save_button.isEnabled()
    take = dialog.findChild(QPushButton, "take_surname_latin")
    qtbot.mouseClick(take, Qt.MouseButton.LeftButton)
    assert field.text() == "KARIMOV"
    assert not field.error
    assert not field.error_label.isVisible()
    assert "ошибки" not in dialog.preview_caption.text()
    assert dialog.save_button.isEnabled()


def test_a_saved_correction_is_in_place_audited_and_on_the_card(desk_page, qtbot, scan_world):
    dialog = _open_form(qtbot, desk_page)
    _retype(dialog, "given_names_latin", "RUSTAM ALISHER")
    _retype(dialog, "address_region", "Татарстан")
    assert not dialog.save_button.isEnabled()  # no reason yet
    assert dialog.save_button.toolTip() == "Выберите причину"
    _pick_reason(dialog, 2)
    dialog.reason_note.setText("паспорт 2024 года")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk_page.correction_dialog is None)
    qtbot.waitUntil(lambda: "Данные исправлены (2)" in desk_page.banner.text())
    qtbot.waitUntil(lambda: desk_page.card_fields["name"].text() == "KARIMOV RUSTAM ALISHER")
    with scan_world.db.read() as session:
        rows = session.scalars(select(DataCorrection).order_by(DataCorrection.id)).all()
        events = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "data_corrected")).all()
        count = session.scalar(select(Application.id).where(Application.number == PENDING))
    assert [(r.field, r.new_value, r.reason) for r in rows] == [
        ("given_names_latin", "RUSTAM ALISHER",
         "транслитерация по документу: паспорт 2024 года"),
        ("address_region", "Республика Татарстан",
         "транслитерация по документу: паспорт 2024 года")]
    assert len(events) == 2
    assert count is not None  # the same application, corrected in place


def test_closing_with_unsaved_corrections_asks_first(desk_page, qtbot):
    dialog = _open_form(qtbot, desk_page)
    _retype(dialog, "phone", "+7 916 123-45-67")
    asked = []
    dialog.confirm_discard = lambda _parent: asked.append(True) or False
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked
    assert dialog.isVisible()
    assert dialog.fields["phone"].text() == "+7 916 123-45-67"


def test_the_second_of_two_concurrent_saves_gets_the_conflict_dialog(desk_page, qtbot,
                                                                      scan_world):
    dialog = _open_form(qtbot, desk_page)  # this desk loads the account...
    _retype(dialog, "phone", "+7 916 123-45-67")
    _pick_reason(dialog)
    # ...and another desk, its own connection to the same database, saves first.
    other_desk = Database(scan_world.db.url)
    try:
        with other_desk.write() as session:
            applicant = session.scalars(select(Applicant).join(Application)
                                        .where(Application.number == PENDING)).one()
            loaded, version = corrections.snapshot(applicant), applicant.version
        with other_desk.write() as session:
            info = visits.visit_info(session, desk_page.visit_panel.visit.id)
            corrections.apply(session, scan_world.clerk, info.id, loaded=loaded,
                              version=version, typed={"given_names_latin": "RUSTAM ALISHER"},
                              reason="по заявлению гражданина")
    finally:
        other_desk.dispose()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.conflict_dialog is not None
                    and dialog.conflict_dialog.isVisible())
    conflict = dialog.conflict_dialog
    assert "Имя (лат.): «RUSTAM» → «RUSTAM ALISHER»" in conflict.informativeText()
    qtbot.mouseClick(conflict.reapply_button, Qt.MouseButton.LeftButton)
    # Their change is now the account's; the clerk's own typed value is still there.
    qtbot.waitUntil(lambda: dialog.account_labels["given_names_latin"].text()
                    == "RUSTAM ALISHER")
    assert dialog.fields["phone"].text() == "+7 916 123-45-67"
    assert dialog.fields["given_names_latin"].text() == "RUSTAM ALISHER"
    assert [dialog.preview.item(r, 0).data(Qt.ItemDataRole.UserRole)
            for r in range(dialog.preview.rowCount())] == ["phone"]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk_page.correction_dialog is None)
    with scan_world.db.read() as session:
        applicant = session.scalars(select(Applicant).join(Application)
                                    .where(Application.number == PENDING)).one()
        assert applicant.given_names_latin == "RUSTAM ALISHER"  # nothing overwritten
        assert applicant.phone == "+79161234567"
    QApplication.processEvents()
