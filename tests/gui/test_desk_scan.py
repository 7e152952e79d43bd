"""Every way a code reaches the desk, driven as a clerk would, and every outcome on screen."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from operator_app.scanning.sources import OpenCvSource
from operator_app.services import application_numbers
from operator_app.services.qr_payload import make_payload
from operator_app.services.scan import ScanStatus
from operator_app.settings import qr_signing_key
from printing.qr import draw_qr, qr_png
from tests.conftest import PASSWORD
from tests.gui.conftest import log_in, type_text
from tests.helpers.data import BLOCKED, CONFIRMED, EXPIRED, PENDING, UNKNOWN
from tests.helpers.video import scanning_video

fmt = application_numbers.format_number


@pytest.fixture
def desk_page(scan_world, desk, qtbot):
    log_in(qtbot, desk, "clerk", PASSWORD)
    qtbot.waitUntil(lambda: desk.window is not None)
    page = desk.window.sections[next(iter(desk.window.sections))]
    yield page
    page.scan_panel.stop_camera()


def _wait_outcome(qtbot, page, status):
    qtbot.waitUntil(lambda: page.last_outcome is not None
                    and page.last_outcome.status is status, timeout=8000)
    return page.last_outcome


def test_webcam_reads_codes_and_opens_the_card(desk_page, qtbot, tmp_path: Path):
    key = qr_signing_key()
    video = scanning_video(tmp_path / "camera.avi",
                           [make_payload(PENDING, key), make_payload(PENDING, b"k" * 32)])
    panel = desk_page.scan_panel
    panel._source_factory = lambda: OpenCvSource(str(video))
    read: list[str] = []
    panel.code_read.connect(lambda text, _source, _fmt: read.append(text))
    qtbot.mouseClick(panel.camera_button, Qt.MouseButton.LeftButton)
    outcome = _wait_outcome(qtbot, desk_page, ScanStatus.OPENED)
    assert desk_page.card_fields["number"].text() == fmt(PENDING)
    assert desk_page.card_fields["name"].text() == "KARIMOV RUSTAM"
    assert "открыто" in desk_page.banner.text()
    assert outcome.number == PENDING
    # The code was outlined on the preview while it was in view.
    assert panel.preview.outlines or read
    # The forged code that follows is refused on screen.
    _wait_outcome(qtbot, desk_page, ScanStatus.FORGED)
    assert "поддельный" in desk_page.banner.text()
    assert read.count(make_payload(PENDING, key)) == 1, "the same code must not re-trigger"


def test_camera_unplugged_mid_scan_says_so_and_typing_still_works(desk_page, qtbot, tmp_path):
    video = scanning_video(tmp_path / "short.avi", [], empty_frames=5)
    panel = desk_page.scan_panel
    panel._source_factory = lambda: OpenCvSource(str(video))  # ends: like an unplugged camera
    panel.start_camera()
    qtbot.waitUntil(lambda: "перестала передавать" in desk_page.banner.text(), timeout=8000)
    assert not panel.camera_button.isChecked()
    assert not panel.camera_running
    qtbot.keyClicks(desk_page.search.edit, fmt(PENDING), delay=70)
    qtbot.keyClick(desk_page.search.edit, Qt.Key.Key_Return)
    outcome = _wait_outcome(qtbot, desk_page, ScanStatus.OPENED)
    assert desk_page.last_outcome is outcome


def test_missing_camera_is_a_clear_message(desk_page, qtbot):
    panel = desk_page.scan_panel
    panel._source_factory = lambda: OpenCvSource(97)
    panel.start_camera()
    qtbot.waitUntil(lambda: "Камера 97" in desk_page.banner.text(), timeout=8000)
    assert "не найдена" in desk_page.banner.text() or "занята" in desk_page.banner.text()
    assert not panel.camera_button.isChecked()


def test_png_file_opens_the_application(desk_page, qtbot, tmp_path):
    path = tmp_path / "фото заявления.png"
    path.write_bytes(qr_png(make_payload(PENDING, qr_signing_key())))
    desk_page.scan_panel.read_file(path)
    _wait_outcome(qtbot, desk_page, ScanStatus.OPENED)


def test_pdf_file_with_the_code_on_page_two(desk_page, qtbot, tmp_path):
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.drawString(100, 700, "page one")
    canvas.showPage()
    draw_qr(canvas, make_payload(PENDING, qr_signing_key()), 200, 400, 100)
    canvas.showPage()
    canvas.save()
    path = tmp_path / "scan.pdf"
    path.write_bytes(buffer.getvalue())
    desk_page.scan_panel.read_file(path)
    _wait_outcome(qtbot, desk_page, ScanStatus.OPENED)


def test_file_without_a_code_and_unreadable_file(desk_page, qtbot, tmp_path):
    empty = tmp_path / "blank.png"
    import cv2
    import numpy as np

    cv2.imwrite(str(empty), np.full((300, 300, 3), 255, np.uint8))
    desk_page.scan_panel.read_file(empty)
    qtbot.waitUntil(lambda: "не найден QR-код" in desk_page.banner.text(), timeout=8000)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 broken")
    desk_page.scan_panel.read_file(broken)
    qtbot.waitUntil(lambda: "broken.pdf" in desk_page.banner.text()
                    and desk_page.banner.property("kind") == "error", timeout=8000)


def test_bad_files_are_one_error_each_and_the_good_one_opens(desk_page, qtbot, tmp_path):
    from tests.unit.test_safe_files import bad_files

    banner = desk_page.banner
    for path, _reason, words in bad_files(tmp_path):
        desk_page.scan_panel.read_file(path)
        qtbot.waitUntil(lambda path=path, words=words: words in banner.text()
                        and path.name in banner.text()
                        and banner.property("kind") == "error", timeout=8000)
    good = tmp_path / "заявление.png"
    good.write_bytes(qr_png(make_payload(PENDING, qr_signing_key())))
    desk_page.scan_panel.read_file(good)
    _wait_outcome(qtbot, desk_page, ScanStatus.OPENED)


def test_hand_scanner_burst_anywhere_in_the_window(desk_page, qtbot):
    window = desk_page.window()
    window.nav.setFocus()  # no text field has focus
    payload = make_payload(PENDING, qr_signing_key())
    qtbot.keyClicks(window.nav, payload)
    qtbot.keyClick(window.nav, Qt.Key.Key_Return)
    _wait_outcome(qtbot, desk_page, ScanStatus.OPENED)


def test_hand_scanner_on_a_russian_layout(desk_page, qtbot):
    from operator_app.scanning.keyboard_layout import to_russian_layout

    payload = make_payload(PENDING, qr_signing_key())
    russian = to_russian_layout(payload)  # what a scanner types on a ЙЦУКЕН layout
    assert "Ж" in russian  # ':' arrives as 'Ж'
    edit = desk_page.search.edit
    edit.setFocus()
    type_text(edit, russian)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    _wait_outcome(qtbot, desk_page, ScanStatus.OPENED)
    assert edit.text() == "", "the burst must not be left in the search field"


def test_typed_number_is_checked_as_typed(desk_page, qtbot):
    edit = desk_page.search.edit
    wrong = PENDING[:-1] + str((int(PENDING[-1]) + 1) % 10)
    qtbot.keyClicks(edit, fmt(wrong), delay=70)  # a person's pace, not a scanner's
    assert "контрольная цифра" in desk_page.search.error
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.wait(300)
    assert desk_page.last_outcome is None  # nothing was looked up
    edit.clear()
    qtbot.keyClicks(edit, fmt(PENDING), delay=70)
    assert desk_page.search.error == ""
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    _wait_outcome(qtbot, desk_page, ScanStatus.OPENED)


@pytest.mark.parametrize(("number", "status", "says"), [
    (CONFIRMED, ScanStatus.ALREADY_CONFIRMED, "уже подтверждено"),
    (BLOCKED, ScanStatus.BLOCKED, "заблокирована"),
    (EXPIRED, ScanStatus.EXPIRED, "истёк"),
    (UNKNOWN, ScanStatus.UNKNOWN, "не найдено"),
])
def test_each_outcome_is_shown(desk_page, qtbot, number, status, says):
    desk_page.handle_scan(make_payload(number, qr_signing_key()), ScanSource_camera())
    _wait_outcome(qtbot, desk_page, status)
    assert says in desk_page.banner.text()


def test_a_foreign_barcode_is_named(desk_page, qtbot):
    desk_page.handle_scan("4607001771234", ScanSource_camera(), "EAN_13")
    _wait_outcome(qtbot, desk_page, ScanStatus.NOT_OURS)
    assert "товара" in desk_page.banner.text()


def ScanSource_camera():  # noqa: N802 - reads like the enum member it returns
    from operator_app.services.scan import ScanSource

    return ScanSource.CAMERA


def test_search_by_name_still_lists_applications(desk_page, qtbot):
    type_text(desk_page.search.edit, "каримов", delay_ms=90)  # a person typing
    qtbot.keyClick(desk_page.search.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk_page.model.rowCount() == 4)


def test_a_code_in_view_that_cannot_be_read_gets_a_hint_and_a_frame(desk_page, qtbot,
                                                                    tmp_path):
    from operator_app.scanning import decoders
    from tests.helpers.video import write_video
    from tests.unit.test_decoders_rescue import washed_out_code

    video = write_video(tmp_path / "glare.avi", [washed_out_code()] * 150)
    panel = desk_page.scan_panel
    panel._source_factory = lambda: OpenCvSource(str(video))
    qtbot.mouseClick(panel.camera_button, Qt.MouseButton.LeftButton)
    # every frame runs the whole rescue in vain (a busy machine: a second or more each)
    qtbot.waitUntil(lambda: panel.status.text().startswith("Код виден"), timeout=20000)
    assert panel.status.text() in (decoders.UNREAD_GLARE, decoders.UNREAD_SMALL,
                                   decoders.UNREAD_OTHER)
    assert panel.preview._frame is not None
    assert panel.preview._frame.unread  # the dashed frame round the code
    assert desk_page.last_outcome is None  # nothing was opened
