"""What the core tells the clerk about files, copies and the desk itself comes out in the
desk's language — also from the process a file is decoded in — while what it stores in the
audit stays Russian (operator_app/messages.py)."""

from __future__ import annotations

import json

import cv2
import pytest
from sqlalchemy import select

from operator_app import messages, selftest
from operator_app.models import AuditEvent
from operator_app.scanning import safe_files
from operator_app.scanning.quality import (
    BLURRED,
    PASSPORT_PAGE_MM,
    assess,
    load_copy,
    low_resolution,
)
from operator_app.services import visits
from operator_app.services.copies import capture_file, store_copy
from tests.conftest import World
from tests.helpers.data import PENDING
from tests.unit.test_copies import _passport_id
from tests.unit.test_quality import a4_bill_pdf, jpeg, on_desk, passport_page


@pytest.fixture
def english():
    messages.set_language("en")
    yield
    messages.set_language("ru")


@pytest.fixture
def visit_id(scan_world: World) -> int:
    with scan_world.db.write() as session:
        return visits.open_visit(session, scan_world.clerk, PENDING).id


def test_an_empty_file_is_refused_in_english(english, tmp_path):
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    with pytest.raises(safe_files.FileRefused) as refused:
        safe_files.read_file(empty)
    assert refused.value.message == "The file is empty: empty.png."
    # The same refusal from the decoding process, whose fork server may have started in
    # another language.
    with pytest.raises(safe_files.FileRefused) as refused:
        safe_files.run_isolated(safe_files.read_file, empty, path=empty)
    assert refused.value.message == "The file is empty: empty.png."
    messages.set_language("ru")
    with pytest.raises(safe_files.FileRefused) as refused:
        safe_files.run_isolated(safe_files.read_file, empty, path=empty)
    assert refused.value.message == "Файл пустой: empty.png."


def test_a_blurred_copy_is_shown_in_english_and_audited_in_russian(
        english, scan_world: World, visit_id: int):
    blurred = on_desk(cv2.GaussianBlur(passport_page(300), (0, 0), 3.0))
    data = jpeg(blurred)
    passport = _passport_id(scan_world, visit_id)
    with scan_world.db.write() as session:
        result = capture_file(session, scan_world.clerk, document_id=passport,
                              visit_id=visit_id, data=data, name="blurred.jpg")
    assert result.stored == ()
    assert result.refused == ("blurred.jpg: blurred: hold the document still",)

    (page,) = load_copy(data, name="blurred.jpg")
    quality = assess(page.image, document_size_mm=PASSPORT_PAGE_MM)
    assert quality.messages == ("blurred: hold the document still",)
    assert quality.problems == (BLURRED,)
    with scan_world.db.write() as session:  # a webcam copy is kept even when it is poor
        store_copy(session, scan_world.clerk, document_id=passport, visit_id=visit_id,
                   data=data, source="webcam", quality=quality)
    with scan_world.db.read() as session:
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "copy_captured")).one()
    assert json.loads(event.details)["problems"] == ["размыто: держите документ неподвижно"]


def test_a_parametrized_problem_keeps_its_figures_in_both_languages(english):
    low = low_resolution(150)
    assert low.message.startswith("low resolution: 150 dpi, at least 300 is needed")
    assert low.russian.startswith("низкое разрешение: 150 dpi, нужно не меньше 300")


def test_a_copy_unlike_its_document_is_explained_in_english_and_audited_in_russian(
        english, scan_world: World, visit_id: int):
    passport = _passport_id(scan_world, visit_id)
    bill = a4_bill_pdf()
    with scan_world.db.write() as session:
        held = capture_file(session, scan_world.clerk, document_id=passport,
                            visit_id=visit_id, data=bill, name="bill.pdf")
    (why,) = held.unlike
    assert why.startswith("bill.pdf: does not look like a passport page: size 210 × 297 mm, "
                          "an A4 sheet, no machine-readable zone")
    with scan_world.db.write() as session:
        capture_file(session, scan_world.clerk, document_id=passport, visit_id=visit_id,
                     data=bill, name="bill.pdf", kind_confirmed=True)
    with scan_world.db.read() as session:
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "copy_captured")).one()
    assert "нет машиночитаемой зоны" in json.loads(event.details)["kind_problems"]


def test_self_test_checks_speak_the_desk_language(english, tmp_path):
    check = selftest.scan_folder("")
    assert (check.title, check.ok) == ("Scanner folder", True)
    assert check.says == "not set: copies are added from a file or the camera"
    missing = selftest.scan_folder(str(tmp_path / "nowhere"))
    assert not missing.ok
    assert missing.says.startswith(f"The folder {tmp_path / 'nowhere'} does not exist")
    assert selftest.barcode_decoders().title == "QR code reading"
    messages.set_language("ru")
    assert selftest.scan_folder("").title == "Папка сканера"
