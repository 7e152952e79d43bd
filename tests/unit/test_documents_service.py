from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from operator_app.models import AuditEvent, DocumentKind, VisitState
from operator_app.services import documents, visits
from operator_app.services.errors import ValidationError
from tests.helpers.data import PENDING, check_originals


def _open(world):
    with world.db.write() as session:
        return visits.open_visit(session, world.clerk, PENDING)


def test_documents_listed_online_are_not_yet_brought(scan_world):
    info = _open(scan_world)
    with scan_world.db.read() as session:
        state = documents.checklist(session, info.id)
    assert [r.kind for r in state.documents] == [DocumentKind.PASSPORT,
                                                  DocumentKind.RESIDENCE_PERMIT]
    assert not any(r.brought for r in state.documents)
    fields = {f.field for f in state.blocking}
    assert {"checklist.passport", "checklist.stay"} <= fields
    with scan_world.db.write() as session, pytest.raises(ValidationError) as refused:
        visits.advance(session, scan_world.clerk, info.id, info.version,
                       VisitState.DOCUMENTS_CHECKED)
    assert "паспорт" in refused.value.message


def test_checked_originals_let_the_visit_go_on(scan_world):
    info = _open(scan_world)
    check_originals(scan_world, info.id)
    with scan_world.db.write() as session:
        state = documents.checklist(session, info.id)
        assert state.ready, state.findings
        moved = visits.advance(session, scan_world.clerk, info.id, info.version,
                               VisitState.DOCUMENTS_CHECKED)
    assert moved.state is VisitState.DOCUMENTS_CHECKED


def test_a_correction_on_the_document_is_audited_with_old_and_new(scan_world):
    info = _open(scan_world)
    with scan_world.db.write() as session:
        row = documents.checklist(session, info.id).documents[0]
        documents.save_document(session, scan_world.clerk, info.id, document_id=row.id,
                                kind=row.kind, version=row.version, number="FA7654321",
                                expiry_date=dt.date(2027, 1, 1))
    with scan_world.db.read() as session:
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "document_checked")).one()
        state = documents.checklist(session, info.id)
    assert event.detail_dict()["changed"]["number"] == ["FA1234567", "FA7654321"]
    expiry = {f.field: f for f in state.findings}["passport.expiry_date"]
    assert "6 месяцев" in expiry.message


def test_no_snils_note_satisfies_the_checklist(scan_world):
    info = _open(scan_world)
    with scan_world.db.write() as session:
        documents.note_no_snils(session, scan_world.clerk, info.id, True)
        assert documents.checklist(session, info.id).no_snils


def test_bad_document_input_is_refused_on_the_field(scan_world):
    info = _open(scan_world)
    with scan_world.db.write() as session, pytest.raises(ValidationError) as empty:
        documents.save_document(session, scan_world.clerk, info.id, document_id=None,
                                kind=DocumentKind.MIGRATION_CARD, number=" ")
    assert empty.value.field == "number"
    with scan_world.db.write() as session, pytest.raises(ValidationError) as order:
        documents.save_document(session, scan_world.clerk, info.id, document_id=None,
                                kind=DocumentKind.MIGRATION_CARD, number="1234567",
                                series="4512", issue_date=dt.date(2026, 1, 2),
                                expiry_date=dt.date(2026, 1, 1))
    assert order.value.field == "expiry_date"
