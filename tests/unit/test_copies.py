"""Storing copies: bytes, digest and quality in one transaction with the audit event."""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest
from sqlalchemy import select, update

from operator_app.models import AuditEvent, DocumentImage
from operator_app.scanning.quality import PASSPORT_PAGE_MM, assess, load_copy
from operator_app.services import audit, visits
from operator_app.services.copies import CopyDamaged, load_copy_bytes, store_copy
from operator_app.services.errors import NotFound, PermissionDenied, ValidationError
from tests.conftest import World
from tests.helpers.data import PENDING


def _copy() -> tuple[bytes, np.ndarray]:
    """A small generated JPEG: a light page with text lines on a dark desk."""
    image = np.full((600, 800, 3), 60, np.uint8)
    cv2.rectangle(image, (80, 100), (720, 550), (215, 225, 230), -1)
    for row in range(8):
        cv2.putText(image, f"LINE {row} ABCDEF 0123456", (110, 160 + row * 45),
                    cv2.FONT_HERSHEY_SIMPLEX, 1.0, (30, 30, 30), 2, cv2.LINE_AA)
    ok, buffer = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 90])
    assert ok
    return buffer.tobytes(), image


@pytest.fixture
def visit_id(scan_world: World) -> int:
    with scan_world.db.write() as session:
        return visits.open_visit(session, scan_world.clerk, PENDING).id


def test_round_trip_verifies_the_digest(scan_world: World, visit_id: int):
    data, _ = _copy()
    (page,) = load_copy(data, name="passport.jpg")
    quality = assess(page.image, document_size_mm=PASSPORT_PAGE_MM)
    with scan_world.db.write() as session:
        image = store_copy(session, scan_world.clerk, document_id=None, visit_id=visit_id,
                           data=data, source="webcam", quality=quality)
        image_id = image.id
    with scan_world.db.read() as session:
        row = session.get(DocumentImage, image_id)
        assert row is not None
        assert (row.format, row.size_bytes, row.width, row.height) == ("jpeg", len(data),
                                                                       800, 600)
        assert row.dpi == quality.dpi
        assert row.sharpness == quality.sharpness
        assert row.source == "webcam"
        assert row.captured_by == scan_world.clerk.operator_id
        assert load_copy_bytes(session, image_id) == data


def test_tampered_copy_is_detected(scan_world: World, visit_id: int):
    data, image = _copy()
    quality = assess(image, document_size_mm=PASSPORT_PAGE_MM)
    with scan_world.db.write() as session:
        image_id = store_copy(session, scan_world.clerk, document_id=None, visit_id=visit_id,
                              data=data, source="file", quality=quality).id
    altered = bytearray(data)
    altered[len(altered) // 2] ^= 0xFF
    with scan_world.db.write() as session:
        session.execute(update(DocumentImage).where(DocumentImage.id == image_id)
                        .values(content=bytes(altered)))
    with scan_world.db.read() as session, pytest.raises(CopyDamaged,
                                                        match="контрольная сумма"):
        load_copy_bytes(session, image_id)
    with scan_world.db.read() as session, pytest.raises(NotFound):
        load_copy_bytes(session, image_id + 1000)


def test_audit_event_is_written_without_personal_data(scan_world: World, visit_id: int):
    data, image = _copy()
    quality = assess(image, document_size_mm=PASSPORT_PAGE_MM)
    with scan_world.db.write() as session:
        image_id = store_copy(session, scan_world.clerk, document_id=None, visit_id=visit_id,
                              data=data, source="scanner", quality=quality).id
    with scan_world.db.read() as session:
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "copy_captured")).one()
        assert event.entity == "document_image"
        assert event.entity_id == str(image_id)
        assert event.application_number == PENDING
        assert event.operator_login == "clerk"
        details = json.loads(event.details)
        assert details["size_bytes"] == len(data)
        assert details["source"] == "scanner"
        assert details["problems"] == list(quality.problems)
        assert "Каримов" not in event.details  # the applicant's name never goes in
        assert "KARIMOV" not in event.details
        assert audit.verify(session).ok


def test_refusals(scan_world: World, visit_id: int):
    data, image = _copy()
    quality = assess(image, document_size_mm=PASSPORT_PAGE_MM)
    with scan_world.db.write() as session:
        with pytest.raises(ValidationError, match="PDF, JPEG или PNG"):
            store_copy(session, scan_world.clerk, document_id=None, visit_id=visit_id,
                       data=b"not an image", source="file", quality=quality)
        with pytest.raises(ValidationError, match="больше 5 МБ"):
            store_copy(session, scan_world.clerk, document_id=None, visit_id=visit_id,
                       data=data + b"\x00" * (5 * 1024 * 1024), source="file",
                       quality=quality)
        with pytest.raises(ValidationError, match="к документу или к визиту"):
            store_copy(session, scan_world.clerk, document_id=None, visit_id=None,
                       data=data, source="file", quality=quality)
        with pytest.raises(PermissionDenied):
            store_copy(session, scan_world.post_clerk, document_id=None, visit_id=visit_id,
                       data=data, source="file", quality=quality)
    with scan_world.db.read() as session:
        assert session.scalars(select(DocumentImage)).all() == []


def _passport_id(world: World, visit_id: int) -> int:
    from operator_app.services import documents

    with world.db.read() as session:
        return documents.checklist(session, visit_id).documents[0].id


def test_a_utility_bill_is_held_back_from_a_passport_until_the_clerk_confirms(
        scan_world: World, visit_id: int):
    from operator_app.services.copies import capture_file
    from tests.unit.test_quality import a4_bill_pdf

    passport = _passport_id(scan_world, visit_id)
    bill = a4_bill_pdf()
    with scan_world.db.write() as session:
        held = capture_file(session, scan_world.clerk, document_id=passport,
                            visit_id=visit_id, data=bill, name="квитанция.pdf")
    assert held.held
    assert held.stored == ()
    assert held.refused == ()  # sharp and whole: the quality gate has nothing against it
    (why,) = held.unlike
    assert why.startswith("квитанция.pdf: не похоже на разворот паспорта: размер 210 × 297 "
                          "мм — лист A4, нет машиночитаемой зоны")
    with scan_world.db.read() as session:
        assert session.scalars(select(DocumentImage)).all() == []
    with scan_world.db.write() as session:
        confirmed = capture_file(session, scan_world.clerk, document_id=passport,
                                 visit_id=visit_id, data=bill, name="квитанция.pdf",
                                 kind_confirmed=True)
    assert len(confirmed.stored) == 1
    assert not confirmed.held
    with scan_world.db.read() as session:
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "copy_captured")).one()
    details = json.loads(event.details)
    assert details["kind_confirmed"] is True
    assert "нет машиночитаемой зоны" in details["kind_problems"]


def test_a_passport_page_is_stored_without_a_question(scan_world: World, visit_id: int):
    from operator_app.services.copies import capture_file
    from tests.unit.test_quality import jpeg, passport_page

    passport = _passport_id(scan_world, visit_id)
    with scan_world.db.write() as session:
        result = capture_file(session, scan_world.clerk, document_id=passport,
                              visit_id=visit_id, data=jpeg(passport_page()), name="p.jpg")
    assert len(result.stored) == 1
    assert not result.held
    with scan_world.db.read() as session:
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "copy_captured")).one()
    assert "kind_confirmed" not in json.loads(event.details)


def test_a_copy_file_that_breaks_the_reader_is_refused_in_one_sentence(
        scan_world: World, visit_id: int):
    from operator_app.scanning.quality import CopyRejected
    from operator_app.services.copies import capture_file
    from tests.helpers import nasty_files
    from tests.unit.test_quality import jpeg, passport_page

    passport = _passport_id(scan_world, visit_id)
    for data, name, words in [
            (nasty_files.self_referencing_pdf(), "loop.pdf", "Страница 2 PDF loop.pdf повреждена"),
            (nasty_files.png_declaring(65000, 65000), "65000.png", "слишком большое")]:
        with scan_world.db.write() as session, pytest.raises(CopyRejected, match=words):
            capture_file(session, scan_world.clerk, document_id=passport,
                         visit_id=visit_id, data=data, name=name)
    with scan_world.db.write() as session:  # and the next file is read
        result = capture_file(session, scan_world.clerk, document_id=passport,
                              visit_id=visit_id, data=jpeg(passport_page()), name="p.jpg")
    assert len(result.stored) == 1
