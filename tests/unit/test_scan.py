from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from operator_app.models import (
    AuditEvent,
    utcnow,
)
from operator_app.services import application_numbers
from operator_app.services.errors import PermissionDenied
from operator_app.services.qr_payload import make_payload
from operator_app.services.scan import ScanSource, ScanStatus, resolve_scan
from tests.helpers.data import BLOCKED, CONFIRMED, EXPIRED, PENDING, UNKNOWN

KEY = bytes(range(32))


def _scan(world, text, source=ScanSource.CAMERA, actor=None):
    with world.db.write() as session:
        return resolve_scan(session, actor or world.clerk, text, source=source, key=KEY)


def test_valid_code_opens_the_application(scan_world):
    outcome = _scan(scan_world, make_payload(PENDING, KEY))
    assert outcome.status is ScanStatus.OPENED
    assert outcome.application.display_name == "KARIMOV RUSTAM"
    assert outcome.application.cyrillic_name == "Каримов Рустам"


def test_typed_number_opens_the_application(scan_world):
    outcome = _scan(scan_world, application_numbers.format_number(PENDING), ScanSource.TYPED)
    assert outcome.status is ScanStatus.OPENED


def test_forged_code_is_refused(scan_world):
    outcome = _scan(scan_world, make_payload(PENDING, b"x" * 32))
    assert outcome.status is ScanStatus.FORGED
    assert "поддельный или повреждён" in outcome.message
    assert outcome.application is None


def test_unknown_application(scan_world):
    outcome = _scan(scan_world, make_payload(UNKNOWN, KEY))
    assert outcome.status is ScanStatus.UNKNOWN
    assert application_numbers.format_number(UNKNOWN) in outcome.message


def test_already_confirmed_says_when_where_and_by_whom(scan_world):
    outcome = _scan(scan_world, make_payload(CONFIRMED, KEY))
    assert outcome.status is ScanStatus.ALREADY_CONFIRMED
    assert "уже подтверждено" in outcome.message
    assert "ЦО «Тверская»" in outcome.message
    assert "Иван Клерков" in outcome.message
    assert (utcnow() - dt.timedelta(days=1)).astimezone().strftime("%d.%m.%Y") in outcome.message


def test_blocked_and_expired(scan_world):
    assert _scan(scan_world, make_payload(BLOCKED, KEY)).status is ScanStatus.BLOCKED
    expired = _scan(scan_world, make_payload(EXPIRED, KEY))
    assert expired.status is ScanStatus.EXPIRED
    assert "истёк" in expired.message


def test_foreign_barcode_says_what_it_is(scan_world):
    outcome = _scan(scan_world, "4607001771234")
    assert outcome.status is ScanStatus.NOT_OURS
    assert "товара" in outcome.message


def test_every_scan_is_audited_without_the_foreign_text(scan_world):
    _scan(scan_world, make_payload(PENDING, KEY))
    _scan(scan_world, "Иванов Иван, паспорт 1234 567890", ScanSource.SCANNER)
    with scan_world.db.read() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == "scan")
                                 .order_by(AuditEvent.id)).all()
    assert [e.detail_dict()["status"] for e in events] == ["opened", "not_ours"]
    assert events[0].application_number == PENDING
    assert events[0].chain == "MSK-CO-1"
    assert events[1].detail_dict() == {"source": "scanner", "status": "not_ours",
                                       "looks_like": "other"}
    assert "Иванов" not in events[1].details


def test_post_clerk_cannot_scan_at_a_desk(scan_world):
    with pytest.raises(PermissionDenied):
        _scan(scan_world, make_payload(PENDING, KEY), actor=scan_world.post_clerk)
