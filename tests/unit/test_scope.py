"""Who may do what to whose records: the scope gaps a security probe found.

Any clerk could save documents or notes into another clerk's open visit at another
point; a supervisor of one point produced letters for another region's office; the
search and the visit history took no actor; a visit left open by a desk that never came
back blocked its application for good; a desk frozen inside a write blocked its point
indefinitely on PostgreSQL; a plain QR code with only the number opened the application
without a trace that it was unsigned.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time

import pytest
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, PendingRollbackError

from operator_app.models import (
    AuditEvent,
    Database,
    DocumentKind,
    PointKind,
    Role,
    VisitState,
)
from operator_app.services import applications, documents, operators, post, visits
from operator_app.services.actor import Actor
from operator_app.services.errors import Conflict, PermissionDenied, ValidationError
from operator_app.services.scan import ScanSource, resolve_scan
from operator_app.settings import qr_signing_key
from tests.conftest import BACKEND
from tests.helpers.data import PENDING
from tests.helpers.post import add_post_applications


def _open(world, actor=None):
    with world.db.write() as session:
        return visits.open_visit(session, actor or world.clerk, PENDING)


def test_another_points_clerk_cannot_write_into_an_open_visit(scan_world):
    info = _open(scan_world)
    with scan_world.db.read() as session:
        row = documents.checklist(session, info.id).documents[0]
    with pytest.raises(Conflict, match="другой оператор"), scan_world.db.write() as session:
        documents.save_document(session, scan_world.other_clerk, info.id, document_id=row.id,
                                kind=row.kind, version=row.version, number="FA0000001",
                                expiry_date=dt.date(2035, 1, 1))
    with pytest.raises(Conflict, match="другой оператор"), scan_world.db.write() as session:
        documents.note_no_snils(session, scan_world.other_clerk, info.id, True)
    with scan_world.db.read() as session:
        assert not documents.checklist(session, info.id).no_snils


def test_no_document_is_saved_into_a_closed_visit(scan_world):
    info = _open(scan_world)
    with scan_world.db.write() as session:
        visits.decide(session, scan_world.clerk, info.id, info.version, VisitState.CANCELLED)
    with pytest.raises(ValidationError, match="завершён"), scan_world.db.write() as session:
        documents.save_document(session, scan_world.clerk, info.id, document_id=None,
                                kind=DocumentKind.PASSPORT, number="FA0000001",
                                expiry_date=dt.date(2035, 1, 1))


def test_search_and_history_need_a_desk_or_log_role(scan_world):
    with scan_world.db.read() as session:
        assert applications.find_applications(session, scan_world.clerk, "каримов")
        assert visits.timeline(session, scan_world.supervisor, PENDING) == []
        with pytest.raises(PermissionDenied):
            applications.find_applications(session, scan_world.post_clerk, "каримов")
        with pytest.raises(PermissionDenied):
            visits.timeline(session, scan_world.post_clerk, PENDING)


def test_letters_for_another_regions_office_are_refused(world):
    with world.db.write() as session:
        operators.create_service_point(session, Actor.command_line(), code="KZN-PO-420111",
                                       kind=PointKind.POST_OFFICE, name="ОПС 420111 Казань",
                                       postal_index="420111")
    add_post_applications(world, office="KZN-PO-420111", count=1)
    with pytest.raises(PermissionDenied, match="региона"), world.db.write() as session:
        post.create_batch(session, world.supervisor, "KZN-PO-420111", key=b"k" * 32)
    with world.db.write() as session:  # the administrator answers for every region
        batch = post.create_batch(session, world.admin, "KZN-PO-420111", key=b"k" * 32)
    assert len(batch.letters) == 1


def test_a_supervisor_releases_a_visit_its_desk_never_came_back_to(scan_world):
    info = _open(scan_world)
    with pytest.raises(visits.VisitBusy) as busy, scan_world.db.write() as session:
        visits.open_visit(session, scan_world.supervisor, PENDING)
    assert busy.value.visit_id == info.id
    # Not a clerk, not another point's supervisor; and never without a reason.
    with scan_world.db.write() as session:
        operators.create_operator(session, Actor.command_line(), login="boss2", full_name="Нина Петрова",
                                  role=Role.SUPERVISOR, point_code="SPB-CO-1",
                                  password="correct-horse-1")
        other_boss = Actor.of(operators.get_operator(session, "boss2"))
    for actor in (scan_world.other_clerk, other_boss):
        with pytest.raises(PermissionDenied), scan_world.db.write() as session:
            visits.release_visit(session, actor, info.id, "стол не вернулся")
    with pytest.raises(ValidationError), scan_world.db.write() as session:
        visits.release_visit(session, scan_world.supervisor, info.id, " ")
    with scan_world.db.write() as session:
        visits.release_visit(session, scan_world.supervisor, info.id, "стол не вернулся")
        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "visit_released"))
        assert event.detail_dict()["clerk"] == "clerk"
        assert event.detail_dict()["reason"] == "стол не вернулся"
    with scan_world.db.write() as session:  # the application can be served again
        again = visits.open_visit(session, scan_world.supervisor, PENDING)
    assert again.id != info.id


def test_an_unsigned_code_is_recorded_and_said(scan_world):
    with scan_world.db.write() as session:
        plain = resolve_scan(session, scan_world.clerk, PENDING, source=ScanSource.CAMERA,
                             key=qr_signing_key())
    assert "без подписи" in plain.message
    with scan_world.db.write() as session:
        visits.decide(session, scan_world.clerk,
                      *_open_ids(scan_world), VisitState.CANCELLED)
    from operator_app.services.qr_payload import make_payload

    with scan_world.db.write() as session:
        signed = resolve_scan(session, scan_world.clerk, make_payload(PENDING, qr_signing_key()),
                              source=ScanSource.CAMERA, key=qr_signing_key())
        scans = [e.detail_dict() for e in session.scalars(
            select(AuditEvent).where(AuditEvent.action == "scan").order_by(AuditEvent.id))]
    assert "без подписи" not in signed.message
    assert [s["signed"] for s in scans] == [False, True]


def _open_ids(world) -> tuple[int, int]:
    info = _open(world)
    return info.id, info.version


@pytest.mark.skipif(BACKEND != "postgresql", reason="row locks and server timeouts: PostgreSQL")
def test_a_desk_frozen_inside_a_write_does_not_block_its_point(scan_world):
    from operator_app.services import codes

    frozen = Database(scan_world.db.url, lock_timeout="1s", idle_in_transaction_timeout="2s")
    waiting = Database(scan_world.db.url, lock_timeout="1s")
    session = frozen._reader()
    try:
        session.begin()
        application = applications_by_number(session, PENDING)
        codes.lock_application(session, application)  # holds the row, then hangs
        started = time.monotonic()
        with pytest.raises(Conflict), waiting.write() as other:
            codes.lock_application(other, application)
        assert time.monotonic() - started < 5  # a sentence in a second, not a hang
        time.sleep(3)  # the hung desk's transaction is ended by the server
        with pytest.raises(DBAPIError):
            session.execute(select(1))
        with waiting.write() as other:  # and its lock is gone
            codes.lock_application(other, application)
    finally:
        with contextlib.suppress(DBAPIError, PendingRollbackError):
            session.close()
        frozen.dispose()
        waiting.dispose()


def applications_by_number(session, number: str) -> int:
    from operator_app.models import Application

    return session.scalar(select(Application.id).where(Application.number == number))



def test_verifying_the_log_takes_who_asks(world):
    from operator_app.services import audit

    with world.db.read() as session:
        for actor in (world.clerk, world.post_clerk):
            with pytest.raises(PermissionDenied):
                audit.verify(session, actor)
        own = audit.verify(session, world.supervisor)
        assert set(own.heads) == {"MSK-CO-1"}  # a supervisor checks their own point
        with pytest.raises(PermissionDenied):
            audit.verify(session, world.supervisor, chains=["SPB-CO-1"])
        everything = audit.verify(session, world.admin)
        assert {"MSK-CO-1", "SPB-CO-1", "MSK-PO-101000", "system"} <= set(everything.heads)
