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


# -- an applicant already confirmed opens nothing by itself --------------------------


def _confirmed_at_the_desk(world) -> str:
    """PENDING confirmed at a desk: the code issued, not entered on the portal. Its code."""
    from operator_app.models import VisitState
    from operator_app.services import visits
    from tests.helpers.data import check_originals

    with world.db.write() as session:
        info = visits.open_visit(session, world.clerk, PENDING)
    check_originals(world, info.id)
    with world.db.write() as session:
        checked = visits.advance(session, world.clerk, info.id, info.version,
                                 VisitState.DOCUMENTS_CHECKED)
        decision = visits.decide(session, world.clerk, checked.id, checked.version,
                                 VisitState.CONFIRMED, code_key=KEY, request_id="confirm")
    assert decision.code is not None
    assert decision.code.code is not None
    return decision.code.code


def test_a_code_issued_and_not_redeemed_opens_nothing_and_offers_a_new_code(scan_world):
    _confirmed_at_the_desk(scan_world)
    outcome = _scan(scan_world, make_payload(PENDING, KEY))
    assert outcome.status is ScanStatus.CODE_ISSUED
    assert not outcome.opened
    assert "уже подтверждена" in outcome.message
    assert "ещё не введён на портале" in outcome.message
    assert "Иван Клерков" in outcome.message
    assert outcome.application is not None  # the card shows whom it is about
    assert outcome.actions == {"certificate", "new_code", "repeat_visit"}


def test_a_code_that_no_longer_works_is_said_and_still_opens_nothing(scan_world):
    _confirmed_at_the_desk(scan_world)
    later = utcnow() + dt.timedelta(days=45)  # past the code's 30 days, within the 90
    with scan_world.db.write() as session:
        outcome = resolve_scan(session, scan_world.clerk, make_payload(PENDING, KEY),
                               source=ScanSource.CAMERA, key=KEY, now=later)
    assert outcome.status is ScanStatus.CODE_ISSUED
    assert "больше не действует (срок истёк" in outcome.message
    assert "new_code" in outcome.actions


def test_an_active_account_offers_no_new_code(scan_world):
    outcome = _scan(scan_world, make_payload(CONFIRMED, KEY))
    assert outcome.status is ScanStatus.ALREADY_CONFIRMED
    assert outcome.actions == {"certificate", "repeat_visit"}
    assert outcome.application is not None


def test_an_open_visit_is_opened_again_not_offered_choices(scan_world):
    """A repeat visit the clerk opened after the confirmation is resumed by the next scan."""
    from operator_app.models import RepeatReason
    from operator_app.services import visits

    _confirmed_at_the_desk(scan_world)
    with scan_world.db.write() as session:
        visits.open_visit(session, scan_world.clerk, PENDING,
                          repeat_reason=RepeatReason.DATA_CORRECTION)
    outcome = _scan(scan_world, make_payload(PENDING, KEY))
    assert outcome.status is ScanStatus.OPENED
    assert outcome.actions == frozenset()


def test_a_pending_application_with_a_letter_on_its_way_opens_and_says_so(scan_world):
    from operator_app.models import Application
    from operator_app.services import codes

    with scan_world.db.write() as session:
        application = session.scalar(select(Application).where(Application.number == PENDING))
        codes.issue_code(session, None, application, key=KEY, request_id="letter")
    outcome = _scan(scan_world, make_payload(PENDING, KEY))
    assert outcome.status is ScanStatus.OPENED
    assert "письмо с кодом" in outcome.message
    assert "перестанет действовать" in outcome.message
