"""The document checklist at the desk: required items, fields checked against originals,
rule failures on the field they concern, and the visit held back until all is in order."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QLabel

from operator_app.models import VisitState
from operator_app.services.qr_payload import make_payload
from operator_app.services.scan import ScanSource, ScanStatus
from operator_app.settings import qr_signing_key
from tests.conftest import PASSWORD
from tests.gui.conftest import log_in, type_text
from tests.helpers.data import PENDING


@pytest.fixture
def page(scan_world, desk, qtbot):
    log_in(qtbot, desk, "clerk", PASSWORD)
    qtbot.waitUntil(lambda: desk.window is not None)
    page = desk.window.sections[next(iter(desk.window.sections))]
    page.handle_scan(make_payload(PENDING, qr_signing_key()), ScanSource.CAMERA)
    qtbot.waitUntil(lambda: page.last_outcome is not None
                    and page.last_outcome.status is ScanStatus.OPENED)
    qtbot.waitUntil(lambda: page.checklist.state is not None)
    return page


def _findings(page):
    return [page.checklist.findings.item(i).text() for i in range(page.checklist.findings.count())]


# What the clerk reads off each original of PENDING's documents.
ORIGINALS = [{"number": "FA1234567", "issue_date": "01.03.2022", "expiry_date": "01.03.2032"},
             {"series": "82", "number": "1234567", "expiry_date": "10.01.2029"}]


def _type(qtbot, field, text):
    field.edit.clear()
    qtbot.keyClicks(field.edit, text)


def _tick(qtbot, box):
    """A click on the box's own label (a stretched check box ignores clicks beside it)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(10, box.height() // 2))


def _save(qtbot, page, row, *, reason="", **texts):
    """Open the document, type its fields from the original, and click the save button."""
    checklist = page.checklist
    checklist.table.selectRow(row)
    qtbot.mouseClick(checklist.check_button, Qt.MouseButton.LeftButton)
    dialog = checklist.dialog
    for name, text in {**ORIGINALS[row], **texts}.items():
        _type(qtbot, dialog.fields[name], text)
    if reason:
        _tick(qtbot, dialog.override_check)
        type_text(dialog.override_reason_edit, reason)
    before = checklist.state
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: checklist.state is not before)
    return dialog


def test_documents_must_be_checked_before_the_visit_goes_on(page, qtbot):
    checklist, panel = page.checklist, page.visit_panel
    assert checklist.table.rowCount() == 2
    assert checklist.table.item(0, 3).text() == "✗ нет"
    assert any("паспорта" in line for line in _findings(page))
    qtbot.mouseClick(panel.checked_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Нельзя продолжить" in panel.banner.text())
    assert panel.visit.state is VisitState.OPENED
    _save(qtbot, page, 0)
    _save(qtbot, page, 1)
    assert checklist.table.item(0, 3).text() == "✓ да"
    assert _findings(page) == ["✓ Всё сверено, нарушений нет."]
    qtbot.mouseClick(panel.checked_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.visit.state is VisitState.DOCUMENTS_CHECKED)


def test_a_mismatch_is_shown_on_its_field(page, qtbot):
    soon = (dt.date.today() + dt.timedelta(days=60)).strftime("%d.%m.%Y")
    _save(qtbot, page, 0, expiry_date=soon, surname_latin="KARIMOW",
          reason="Заявитель меняет паспорт")
    lines = _findings(page)
    assert any("6 месяцев" in line for line in lines)
    assert any("KARIMOW" in line for line in lines)
    page.checklist.table.selectRow(0)
    qtbot.mouseClick(page.checklist.check_button, Qt.MouseButton.LeftButton)
    dialog = page.checklist.dialog
    assert "6 месяцев" in dialog.fields["expiry_date"].error
    assert "не совпадает" in dialog.fields["surname_latin"].error
    assert dialog.fields["number"].error == ""
    dialog.reject()


def _checked_events(world):
    from sqlalchemy import select

    from operator_app.models import AuditEvent

    with world.db.read() as session:
        return session.scalars(select(AuditEvent).where(
            AuditEvent.action == "document_checked")).all()


def test_a_check_is_typed_from_the_original_and_enter_records_nothing(scan_world, page, qtbot):
    dialog = _open_passport(qtbot, page)
    # What only the original can give starts empty; the names are there to compare.
    for name in ("series", "number", "issue_date", "expiry_date"):
        assert dialog.fields[name].text() == "", name
    assert dialog.mrz_edit.toPlainText() == ""
    assert dialog.fields["surname_latin"].text() == "KARIMOV"
    captions = [label.text() for label in dialog.findChildren(QLabel)]
    assert "Фамилия (лат.), из заявления" in captions
    assert "Номер" in captions
    assert not dialog.ok_button.isDefault()
    assert not dialog.ok_button.autoDefault()
    assert dialog.ok_button.text() == "Сверено с оригиналом · Ctrl+Enter"
    assert page.checklist.unsaved_work() is None  # opened, nothing typed yet
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.fields["number"].edit.setFocus()
    qtbot.keyClick(dialog.fields["number"].edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.focusWidget() is dialog.fields["issue_date"].edit  # Enter: the next field
    # Typed at a person's pace, then Enter, as a clerk ends a field: still nothing saved.
    dialog.fields["number"].edit.setFocus()
    qtbot.keyClicks(dialog.fields["number"].edit, "FA1234567", delay=60)
    qtbot.keyClick(dialog.fields["number"].edit, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.fields["expiry_date"].edit, "01.03.2032", delay=60)
    qtbot.keyClick(dialog.fields["expiry_date"].edit, Qt.Key.Key_Enter)
    qtbot.wait(200)
    assert dialog.isVisible()
    assert _checked_events(scan_world) == []
    assert page.checklist.table.item(0, 3).text() == "✗ нет"
    assert page.checklist.unsaved_work() == "Не сохранена сверка документа «паспорт»."
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.checklist.table.item(0, 3).text() == "✓ да")
    assert len(_checked_events(scan_world)) == 1


def test_an_expired_passport_is_said_under_the_field_and_needs_a_reason(scan_world, page, qtbot):
    dialog = _open_passport(qtbot, page)
    _type(qtbot, dialog.fields["number"], "FA1234567")
    assert not dialog.override_box.isVisibleTo(dialog)
    expired = (dt.date.today() - dt.timedelta(days=10)).strftime("%d.%m.%Y")
    qtbot.keyClicks(dialog.fields["expiry_date"].edit, expired)
    # As typed, before any save: the finding under the field, the override offered.
    assert dialog.fields["expiry_date"].error.startswith(f"Паспорт просрочен ({expired}).")
    assert dialog.override_box.isVisibleTo(dialog)
    assert "подтвердить личность по такому документу нельзя" in dialog.override_note.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "Принять несмотря на это" in dialog.override_error.text()
    _tick(qtbot, dialog.override_check)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # ticked, but no reason
    assert dialog.isVisible()
    assert dialog.fields["expiry_date"].text() == expired  # nothing typed is lost
    type_text(dialog.override_reason_edit, "Заявитель оформляет новый паспорт")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.checklist.table.item(0, 3).text() == "⚠ да, с оговоркой")
    (event,) = _checked_events(scan_world)
    assert event.detail_dict()["accepted_despite"]["reason"] == (
        "Заявитель оформляет новый паспорт")
    lines = _findings(page)
    assert any("просрочен" in line and "оформляет новый паспорт" in line for line in lines)
    # Opened again, the check is shown as it was made, the reason with it.
    dialog = _open_passport(qtbot, page)
    assert dialog.fields["expiry_date"].text() == expired
    assert dialog.override_check.isChecked()
    assert dialog.override_reason_edit.text() == "Заявитель оформляет новый паспорт"
    dialog.reject()


def test_a_failing_mrz_is_accepted_only_with_a_reason_and_then_warns(page, qtbot):
    dialog = _open_passport(qtbot, page)
    for name, text in ORIGINALS[0].items():
        _type(qtbot, dialog.fields[name], text)
    line1, line2 = _karimov_mrz()
    dialog.mrz_edit.setPlainText(f"{line1}\n{line2[:9]}0{line2[10:]}")  # pasted
    assert "проверьте номер в строке 2" in dialog.mrz_status.text()
    assert dialog.override_box.isVisibleTo(dialog)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    _tick(qtbot, dialog.override_check)
    type_text(dialog.override_reason_edit, "Цифра в бланке неверна")
    before = page.checklist.state
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.checklist.state is not before)
    _save(qtbot, page, 1)
    lines = _findings(page)
    assert any(line.startswith("⚠") and "Цифра в бланке неверна" in line for line in lines)
    panel = page.visit_panel
    qtbot.mouseClick(panel.checked_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.visit.state is VisitState.DOCUMENTS_CHECKED)


def test_a_bad_date_stays_in_the_dialog(page, qtbot):
    checklist = page.checklist
    checklist.table.selectRow(0)
    qtbot.mouseClick(checklist.check_button, Qt.MouseButton.LeftButton)
    dialog = checklist.dialog
    _type(qtbot, dialog.fields["number"], "FA1234567")
    _type(qtbot, dialog.fields["expiry_date"], "31.02.2030")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "ДД.ММ.ГГГГ" in dialog.fields["expiry_date"].error
    assert dialog.isVisible()
    assert dialog.fields["expiry_date"].text() == "31.02.2030"  # nothing typed is lost
    dialog.reject()


def test_an_unconfirmed_format_warns_but_does_not_block(page, qtbot):
    _save(qtbot, page, 0)
    _save(qtbot, page, 1, series="", number="123456789")  # a new-style card
    lines = _findings(page)
    assert any(line.startswith("⚠") and "не подтверждён" in line for line in lines)
    panel = page.visit_panel
    qtbot.mouseClick(panel.checked_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.visit.state is VisitState.DOCUMENTS_CHECKED)


def test_noting_no_snils_does_not_make_the_visit_look_stale(scan_world, page, qtbot):
    from sqlalchemy import update

    from operator_app.models import Applicant

    with scan_world.db.write() as session:
        session.execute(update(Applicant).values(snils=None))
    page.checklist.load(page.visit_panel.visit.id)
    qtbot.waitUntil(lambda: page.checklist.no_snils.isVisibleTo(page.checklist))
    page.checklist.no_snils.setChecked(True)
    qtbot.waitUntil(lambda: page.checklist.state.no_snils)
    _save(qtbot, page, 0)
    _save(qtbot, page, 1)
    panel = page.visit_panel
    qtbot.waitUntil(lambda: panel.visit.version > 1)
    qtbot.mouseClick(panel.checked_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.visit.state is VisitState.DOCUMENTS_CHECKED)
    assert "изменён" not in panel.banner.text()


def _passport_file(path, *, blur: float = 0.0):
    import cv2

    from tests.unit.test_quality import jpeg, passport_page

    image = passport_page()
    if blur:
        image = cv2.GaussianBlur(image, (0, 0), blur)
    path.write_bytes(jpeg(image))
    return path


def test_a_copy_from_a_file_is_assessed_and_kept(page, qtbot, tmp_path):
    checklist = page.checklist
    checklist.table.selectRow(0)
    document = checklist.state.documents[0]
    checklist.add_copy(_passport_file(tmp_path / "blurred.jpg", blur=3), document, source="file")
    qtbot.waitUntil(lambda: "не принята" in checklist.banner.text())
    assert "размыто" in checklist.banner.text()
    assert checklist.table.item(0, 4).text() == "0"
    checklist.add_copy(_passport_file(tmp_path / "sharp.jpg"), document, source="file")
    qtbot.waitUntil(lambda: "сохранено: 1" in checklist.banner.text())
    assert checklist.table.item(0, 4).text() == "1"


def _open_windows():
    from PySide6.QtWidgets import QApplication, QDialog

    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QDialog) and w.isVisible()]


def _other_visit(world) -> int:
    """A second applicant, with their own passport, and a visit opened for them."""
    from operator_app.models import ConfirmationMethod, DocumentKind, utcnow
    from operator_app.services import application_numbers, applications, visits

    number = application_numbers.make(2026, 5)
    with world.db.write() as session:
        applications.import_application(session, world.admin, applications.ApplicationData(
            number=number, surname_latin="NAZAROVA", given_names_latin="DILNOZA",
            birth_date=dt.date(1995, 2, 3), sex="F", citizenship="TJK",
            confirmation_method=ConfirmationMethod.SERVICE_CENTER,
            submitted_at=utcnow() - dt.timedelta(days=2), snils="148-481-255 85",
            documents=(applications.DocumentData(
                DocumentKind.PASSPORT, "400123456", expiry_date=dt.date(2033, 5, 1),
                country="TJK", surname_latin="NAZAROVA", given_names_latin="DILNOZA"),)))
        return visits.open_visit(session, world.clerk, number).id


def test_the_next_applicant_sees_nothing_of_the_previous_one(scan_world, page, qtbot, tmp_path):
    checklist = page.checklist
    checklist.table.selectRow(0)
    passport = checklist.state.documents[0]
    checklist.add_copy(_passport_file(tmp_path / "sharp.jpg"), passport, source="file")
    qtbot.waitUntil(lambda: checklist.copy_strip.count() == 1)
    checklist.add_copy(_passport_file(tmp_path / "blurred.jpg", blur=3), passport,
                       source="file")
    qtbot.waitUntil(lambda: "не принята" in checklist.banner.text())
    from tests.unit.test_quality import a4_bill_pdf

    bill = tmp_path / "bill.pdf"
    bill.write_bytes(a4_bill_pdf())
    checklist.add_copy(bill, passport, source="file")  # held, waiting for the clerk's word
    qtbot.waitUntil(lambda: checklist.confirm_kind_button.isVisibleTo(checklist))
    assert checklist.unsaved_work() == "Копия bill.pdf ждёт подтверждения, что это тот документ."
    qtbot.mouseClick(checklist.check_button, Qt.MouseButton.LeftButton)
    assert checklist.dialog.isVisible()

    other = _other_visit(scan_world)
    checklist.load(other)
    qtbot.waitUntil(lambda: checklist.state is not None and checklist.state.visit_id == other)
    assert _open_windows() == []  # A's document is not left open over B
    assert not checklist.banner.isVisible()  # nor A's refused copy
    assert not checklist.confirm_kind_button.isVisibleTo(checklist)  # nor A's held bill
    assert checklist.held is None
    assert checklist.unsaved_work() is None
    assert not checklist.copy_strip.isVisibleTo(checklist)
    assert checklist.copy_strip.count() == 0
    assert checklist.table.rowCount() == 1
    assert checklist.table.item(0, 1).text() == "400123456"
    assert checklist.table.item(0, 4).text() == "0"
    checklist.table.selectRow(0)  # B's passport selected: still none of A's copies
    qtbot.wait(300)
    assert checklist.copy_strip.count() == 0

    checklist.clear()
    assert checklist.table.rowCount() == 0
    assert checklist.findings.count() == 0
    assert checklist.state is None
    assert checklist.visit_id is None
    assert not checklist.isEnabled()


def test_an_answer_about_the_previous_applicant_is_dropped(scan_world, page, qtbot):
    checklist = page.checklist
    first = checklist.visit_id
    other = _other_visit(scan_world)
    checklist.load(first)  # a slow reload of A is still on its way …
    checklist.load(other)  # … when the clerk turns to B
    qtbot.waitUntil(lambda: checklist.state is not None and checklist.state.visit_id == other)
    qtbot.wait(300)
    assert checklist.state.visit_id == other
    assert checklist.table.rowCount() == 1


def test_a_utility_bill_is_not_taken_for_a_passport_unless_the_clerk_says_so(
        scan_world, page, qtbot, tmp_path):
    from sqlalchemy import select

    from operator_app.models import AuditEvent
    from tests.unit.test_quality import a4_bill_pdf

    checklist = page.checklist
    checklist.table.selectRow(0)
    bill = tmp_path / "квитанция.pdf"
    bill.write_bytes(a4_bill_pdf())
    checklist.add_copy(bill, checklist.state.documents[0], source="file")
    qtbot.waitUntil(lambda: "не принята" in checklist.banner.text())
    assert ("не похоже на разворот паспорта: размер 210 × 297 мм — лист A4, нет "
            "машиночитаемой зоны") in checklist.banner.text()
    assert checklist.table.item(0, 4).text() == "0"
    button = checklist.confirm_kind_button
    assert button.isVisibleTo(checklist)
    assert button.text() == "Это действительно паспорт — принять"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "сохранено: 1" in checklist.banner.text())
    assert checklist.table.item(0, 4).text() == "1"
    assert not button.isVisibleTo(checklist)
    with scan_world.db.read() as session:
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "copy_captured")).one()
    assert event.detail_dict()["kind_confirmed"] is True


def test_a_scan_appears_from_the_scanner_folder(scan_world, desk, qtbot, tmp_path):
    from operator_app.settings import get_settings

    folder = tmp_path / "scans"
    folder.mkdir()
    get_settings().scan_folder = str(folder)
    log_in(qtbot, desk, "clerk", PASSWORD)
    qtbot.waitUntil(lambda: desk.window is not None)
    page = desk.window.sections[next(iter(desk.window.sections))]
    page.handle_scan(make_payload(PENDING, qr_signing_key()), ScanSource.CAMERA)
    qtbot.waitUntil(lambda: page.checklist.state is not None)
    page.checklist.table.selectRow(0)
    _passport_file(folder / "scan0001.jpg")
    qtbot.waitUntil(lambda: page.checklist.table.item(0, 4).text() == "1", timeout=2500)


def test_bad_copy_files_are_one_error_each_and_the_good_one_is_kept(page, qtbot, tmp_path):
    from tests.unit.test_safe_files import bad_files

    checklist = page.checklist
    checklist.table.selectRow(0)
    document = checklist.state.documents[0]
    banner = checklist.banner
    for path, _reason, words in bad_files(tmp_path):
        checklist.add_copy(path, document, source="file")
        qtbot.waitUntil(lambda path=path, words=words: words in banner.text()
                        and path.name in banner.text(), timeout=8000)
    checklist.add_copy(_passport_file(tmp_path / "sharp.jpg"), document, source="file")
    qtbot.waitUntil(lambda: "сохранено: 1" in banner.text())
    assert checklist.table.item(0, 4).text() == "1"


def test_a_bad_file_in_the_scanner_folder_does_not_stop_the_next_scan(
        scan_world, desk, qtbot, tmp_path):
    from operator_app.settings import get_settings
    from tests.helpers import nasty_files

    folder = tmp_path / "scans"
    folder.mkdir()
    get_settings().scan_folder = str(folder)
    log_in(qtbot, desk, "clerk", PASSWORD)
    qtbot.waitUntil(lambda: desk.window is not None)
    page = desk.window.sections[next(iter(desk.window.sections))]
    page.handle_scan(make_payload(PENDING, qr_signing_key()), ScanSource.CAMERA)
    qtbot.waitUntil(lambda: page.checklist.state is not None)
    page.checklist.table.selectRow(0)
    if os.name == "posix":
        nasty_files.fifo(folder / "scan0000.jpg")  # a pipe is not a file: never reported
    (folder / "scan0001.pdf").write_bytes(nasty_files.self_referencing_pdf())
    qtbot.waitUntil(lambda: "scan0001.pdf повреждена" in page.checklist.banner.text(),
                    timeout=5000)
    _passport_file(folder / "scan0002.jpg")
    qtbot.waitUntil(lambda: page.checklist.table.item(0, 4).text() == "1", timeout=5000)


def _karimov_mrz(*, expiry="320301"):
    from operator_app.scanning.mrz import check_digit

    line1 = "P<UZBKARIMOV<<RUSTAM".ljust(44, "<")
    number, nationality, birth, sex, personal = "FA1234567", "UZB", "900501", "M", "<" * 14
    body = (number + str(check_digit(number)) + nationality + birth + str(check_digit(birth))
            + sex + expiry + str(check_digit(expiry)) + personal + str(check_digit(personal)))
    composite = body[0:10] + body[13:20] + body[21:43]
    return line1, body + str(check_digit(composite))


def _open_passport(qtbot, page):
    page.checklist.table.selectRow(0)
    qtbot.mouseClick(page.checklist.check_button, Qt.MouseButton.LeftButton)
    return page.checklist.dialog


def test_typed_mrz_is_validated_and_compared_with_the_fields(page, qtbot):
    dialog = _open_passport(qtbot, page)
    line1, line2 = _karimov_mrz()
    broken = line2[:9] + "0" + line2[10:]  # wrong check digit of the number
    dialog.mrz_edit.setPlainText(f"{line1}\n{broken}")
    assert dialog.mrz_status.text() == ("✗ Контрольная цифра номера документа не сходится — "
                                        "проверьте номер в строке 2.")
    assert not dialog.fill_button.isEnabled()
    _type(qtbot, dialog.fields["number"], "FA1234568")
    dialog.mrz_edit.setPlainText(f"{line1}\n{line2}")
    assert "MRZ верна" in dialog.mrz_status.text()
    assert dialog.fields["number"].error.startswith("В MRZ другой номер: FA1234567.")
    assert dialog.fields["surname_latin"].error == ""  # KARIMOV matches
    qtbot.mouseClick(dialog.fill_button, Qt.MouseButton.LeftButton)
    assert dialog.fields["number"].text() == "FA1234567"
    assert dialog.fields["expiry_date"].text() == "01.03.2032"
    dialog.reject()


def test_mrz_is_read_from_a_stored_copy(page, qtbot, tmp_path):
    import cv2
    import numpy as np

    from operator_app.scanning.mrz import ocr_available
    from tests.unit.test_mrz import bench_mrz

    if ocr_available() is not None:
        pytest.skip(ocr_available())
    from tests.unit.test_quality import passport_page

    lines = _karimov_mrz()
    # A sharp 300 dpi data page (passes the quality gate) with the MRZ band set in OCR-B.
    page_image = passport_page()
    height, width = page_image.shape[:2]
    rendered = bench_mrz.render_page(np.random.default_rng(3), lines, width=width)
    band = rendered[int(rendered.shape[0] * 0.72):]
    band = cv2.cvtColor(band, cv2.COLOR_GRAY2BGR) if band.ndim == 2 else band
    page_image[height - band.shape[0]:] = band[: height]
    path = tmp_path / "passport.png"
    cv2.imwrite(str(path), page_image)
    checklist = page.checklist
    checklist.table.selectRow(0)
    checklist.add_copy(path, checklist.state.documents[0], source="file")
    qtbot.waitUntil(lambda: "сохранено" in checklist.banner.text()
                    or "не принята" in checklist.banner.text())
    assert "сохранено" in checklist.banner.text(), checklist.banner.text()
    dialog = _open_passport(qtbot, page)
    assert dialog.read_button.isEnabled()
    qtbot.mouseClick(dialog.read_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "MRZ верна" in dialog.mrz_status.text(), timeout=8000)
    assert dialog.mrz_edit.toPlainText().splitlines() == list(lines)
    dialog.reject()


def test_copies_show_as_thumbnails_and_open_in_a_zoomable_viewer(page, qtbot, tmp_path):
    checklist = page.checklist
    checklist.table.selectRow(0)
    document = checklist.state.documents[0]
    checklist.add_copy(_passport_file(tmp_path / "one.jpg"), document, source="file")
    qtbot.waitUntil(lambda: checklist.copy_strip.count() == 1)
    checklist.add_copy(_passport_file(tmp_path / "two.jpg"), document, source="scanner")
    qtbot.waitUntil(lambda: checklist.copy_strip.count() == 2)
    assert "scanner" in checklist.copy_strip.item(0).text()  # newest first
    checklist.copy_strip.itemActivated.emit(checklist.copy_strip.item(1))
    qtbot.waitUntil(lambda: checklist.viewer is not None and checklist.viewer.isVisible())
    viewer = checklist.viewer
    before = viewer.zoom_factor
    viewer.zoom(1.25)
    assert viewer.zoom_factor == pytest.approx(before * 1.25)
    assert viewer.item.pixmap().width() == 1476  # full resolution, not the thumbnail
    viewer.close()


def _document_video(tmp_path, *, scale: float = 1.0):
    import cv2

    from tests.helpers.video import write_video
    from tests.unit.test_quality import on_desk, passport_page

    frame = on_desk(passport_page())
    if scale != 1.0:
        frame = cv2.resize(frame, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    frame = frame[: frame.shape[0] // 2 * 2, : frame.shape[1] // 2 * 2]
    return write_video(tmp_path / "document.avi", [frame] * 30)


def _capture(qtbot, page, video):
    from operator_app.scanning.sources import OpenCvSource

    checklist = page.checklist
    checklist.source_factory = lambda: OpenCvSource(str(video), loop=True)
    checklist.table.selectRow(0)
    qtbot.mouseClick(checklist.camera_button, Qt.MouseButton.LeftButton)
    dialog = checklist.capture_dialog
    qtbot.waitUntil(lambda: dialog.worker.last_frame() is not None, timeout=5000)
    qtbot.mouseClick(dialog.take_button, Qt.MouseButton.LeftButton)
    return dialog


def test_a_webcam_still_is_straightened_and_kept(page, qtbot, tmp_path):
    dialog = _capture(qtbot, page, _document_video(tmp_path))
    assert "Края найдены" in dialog.message.text()
    corners = dialog.corners
    assert corners[0][0] == pytest.approx(177, abs=8)  # the page's top-left on the desk
    # The clerk nudges a corner; the outline follows.
    dialog.handles[0].setPos(dialog.handles[0].pos() + QPointF(-2, -2))
    assert dialog.outline.polygon()[0].x() == pytest.approx(corners[0][0] - 2)
    dialog.handles[0].setPos(dialog.handles[0].pos() + QPointF(2, 2))
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "сохранено: 1" in page.checklist.banner.text(), timeout=8000)
    assert page.checklist.table.item(0, 4).text() == "1"
    assert not dialog.worker.isRunning()


def test_a_low_resolution_webcam_still_is_refused(page, qtbot, tmp_path):
    dialog = _capture(qtbot, page, _document_video(tmp_path, scale=0.6))
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    assert "низкое разрешение" in dialog.message.text()
    assert dialog.isVisible()
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.worker.isRunning())


def test_without_ocr_the_dialog_says_so_and_typing_still_works(page, qtbot, monkeypatch):
    from operator_app.views import checklist as module

    monkeypatch.setattr(module, "ocr_available",
                        lambda: "OCR не установлен: введите строки MRZ вручную.")
    dialog = _open_passport(qtbot, page)
    assert "введите строки MRZ вручную" in dialog.mrz_status.text()
    assert not dialog.read_button.isEnabled()
    line1, line2 = _karimov_mrz()
    dialog.mrz_edit.setPlainText(f"{line1}\n{line2}")
    assert "MRZ верна" in dialog.mrz_status.text()
    dialog.reject()


def test_a_name_read_in_doubt_is_marked_and_nothing_is_filled_unasked(page, qtbot):
    """The reader was unsure of a letter in the name, which no check digit covers: the
    dialog marks it, says where in words, and fills the fields only once the clerk says
    the marked characters were compared with the document (or retyped them)."""
    import dataclasses

    from operator_app.scanning.mrz import parse_mrz

    dialog = _open_passport(qtbot, page)
    lines = _karimov_mrz()
    read = dataclasses.replace(parse_mrz(lines), uncertain=((0, 7), (0, 15)),
                               confidence=(0.41, 0.99))
    dialog._on_mrz_read(read)
    assert dialog.mrz_edit.toPlainText().splitlines() == list(lines)
    assert "не все знаки прочитаны уверенно" in dialog.mrz_status.text()
    assert dialog.mrz_doubts.text() == (
        "Сверьте с документом отмеченные знаки: строка 1, знак 8, 16 — фамилия и имя "
        "(контрольная цифра это поле не проверяет).")
    assert len(dialog.mrz_edit.extraSelections()) == 2
    assert not dialog.fill_button.isEnabled()
    dialog.mrz_checked.setChecked(True)
    assert dialog.fill_button.isEnabled()
    # Retyping a marked character is the clerk's reading: its mark goes.
    dialog.mrz_checked.setChecked(False)
    first, second = lines
    retyped = first[:15] + "R" + first[16:]
    dialog.mrz_edit.setPlainText(f"{retyped}\n{second}")
    assert len(dialog.mrz_edit.extraSelections()) == 1
    assert "знак 8 —" in dialog.mrz_doubts.text()
    dialog.reject()


def _mrz_video(tmp_path, frames: int = 24):
    """A passport data page with the Karimov MRZ held in front of a 720p webcam: each
    frame a little moved and with fresh sensor noise."""
    import cv2
    import numpy as np

    from tests.helpers.video import write_video
    from tests.unit.test_mrz import bench_mrz

    lines = _karimov_mrz()
    page_image = bench_mrz.render_page(np.random.default_rng(3), lines, width=1400)
    if page_image.ndim == 2:
        page_image = cv2.cvtColor(page_image, cv2.COLOR_GRAY2BGR)
    height, width = page_image.shape[:2]
    scale = min(1180 / width, 680 / height)
    small = cv2.resize(page_image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    rng = np.random.default_rng(5)
    shots = []
    for _ in range(frames):
        canvas = np.full((720, 1280, 3), 90, np.uint8)
        x, y = 40 + int(rng.integers(-6, 7)), 18 + int(rng.integers(-4, 5))
        canvas[y:y + small.shape[0], x:x + small.shape[1]] = small
        noise = rng.normal(0, 4, canvas.shape)
        shots.append(np.clip(canvas + noise, 0, 255).astype(np.uint8))
    return write_video(tmp_path / "mrz.avi", shots), lines


def test_the_mrz_is_read_live_from_the_webcam(page, qtbot, tmp_path):
    """«Прочитать камерой»: the reading is taken once two frames agree, and lands in the
    dialog as a reading from a copy does."""
    from operator_app.scanning.sources import OpenCvSource

    video, lines = _mrz_video(tmp_path)
    page.checklist.source_factory = lambda: OpenCvSource(str(video), loop=True)
    dialog = _open_passport(qtbot, page)
    assert dialog.camera_button.isEnabled()
    qtbot.mouseClick(dialog.camera_button, Qt.MouseButton.LeftButton)
    camera = dialog.camera_dialog
    assert camera is not None
    qtbot.waitUntil(lambda: dialog.mrz_edit.toPlainText().splitlines() == list(lines),
                    timeout=30_000)
    assert camera.mrz is not None
    assert camera.voter._leading() >= 2  # two frames read the same lines
    qtbot.waitUntil(lambda: dialog.camera_dialog is None)
    dialog.reject()


def test_the_webcam_says_what_to_change_when_it_cannot_read(page, qtbot, tmp_path):
    import numpy as np

    from operator_app.scanning.mrz_live import HINT_GLARE
    from operator_app.scanning.sources import OpenCvSource
    from tests.helpers.video import write_video

    glare = np.full((720, 1280, 3), 120, np.uint8)
    glare[100:500, 300:900] = 255  # a lamp's reflection over most of the page
    video = write_video(tmp_path / "glare.avi", [glare] * 10)
    page.checklist.source_factory = lambda: OpenCvSource(str(video), loop=True)
    dialog = _open_passport(qtbot, page)
    qtbot.mouseClick(dialog.camera_button, Qt.MouseButton.LeftButton)
    camera = dialog.camera_dialog
    qtbot.waitUntil(lambda: camera.hint.text() == HINT_GLARE, timeout=20_000)
    camera.reject()
    qtbot.waitUntil(lambda: dialog.camera_dialog is None)
    dialog.reject()
