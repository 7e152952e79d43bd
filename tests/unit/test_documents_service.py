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
                                expiry_date=dt.date.today() + dt.timedelta(days=40),
                                override_reason="Паспорт меняют, заявитель придёт с новым")
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
    with scan_world.db.write() as session, pytest.raises(ValidationError) as undated:
        documents.save_document(session, scan_world.clerk, info.id, document_id=None,
                                kind=DocumentKind.PASSPORT, number="FA7654321")
    assert undated.value.field == "expiry_date"  # no validity check without the date


def _events(session, action="document_checked"):
    return session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                           .order_by(AuditEvent.id)).all()


def test_an_unfit_passport_is_recorded_only_with_a_reason(scan_world):
    info = _open(scan_world)
    expired = dt.date.today() - dt.timedelta(days=3)
    with scan_world.db.write() as session:
        row = documents.checklist(session, info.id).documents[0]
    with scan_world.db.write() as session, pytest.raises(ValidationError) as refused:
        documents.save_document(session, scan_world.clerk, info.id, document_id=row.id,
                                kind=row.kind, version=row.version, number="FA1234567",
                                expiry_date=expired)
    assert refused.value.field == "expiry_date"
    assert "просрочен" in refused.value.message
    assert "Принять несмотря на это" in refused.value.message
    with scan_world.db.read() as session:
        assert _events(session) == []
        assert not documents.checklist(session, info.id).documents[0].brought
    with scan_world.db.write() as session, pytest.raises(ValidationError):
        documents.save_document(session, scan_world.clerk, info.id, document_id=row.id,
                                kind=row.kind, version=row.version, number="FA1234567",
                                expiry_date=expired, override_reason="   ")
    with scan_world.db.write() as session:
        documents.save_document(session, scan_world.clerk, info.id, document_id=row.id,
                                kind=row.kind, version=row.version, number="FA1234567",
                                expiry_date=expired,
                                override_reason="Заявитель оформляет новый паспорт")
    with scan_world.db.read() as session:
        (event,) = _events(session)
        state = documents.checklist(session, info.id)
    accepted = event.detail_dict()["accepted_despite"]
    assert accepted["reason"] == "Заявитель оформляет новый паспорт"
    assert any("просрочен" in message for message in accepted["findings"])
    passport = state.documents[0]
    assert passport.brought
    assert passport.override_reason == "Заявитель оформляет новый паспорт"
    expiry = {f.field: f for f in state.findings}["passport.expiry_date"]
    assert expiry.blocking  # recorded as seen, and still no confirmation with it
    assert "оформляет новый паспорт" in expiry.message


def _mrz(number="FA1234567"):
    from operator_app.scanning.mrz import check_digit

    line1 = "P<UZBKARIMOV<<RUSTAM".ljust(44, "<")
    birth, expiry, personal = "900501", "320301", "<" * 14
    body = (number + str(check_digit(number)) + "UZB" + birth + str(check_digit(birth)) + "M"
            + expiry + str(check_digit(expiry)) + personal + str(check_digit(personal)))
    return f"{line1}\n{body}{check_digit(body[0:10] + body[13:20] + body[21:43])}"


def test_a_failing_mrz_needs_a_reason_and_then_only_warns(scan_world):
    info = _open(scan_world)
    line1, line2 = _mrz().splitlines()
    broken = f"{line1}\n{line2[:9]}0{line2[10:]}"
    with scan_world.db.write() as session:
        row = documents.checklist(session, info.id).documents[0]
    fields = {"number": "FA1234567", "expiry_date": dt.date(2032, 3, 1), "mrz": broken}
    with scan_world.db.write() as session, pytest.raises(ValidationError) as refused:
        documents.save_document(session, scan_world.clerk, info.id, document_id=row.id,
                                kind=row.kind, version=row.version, **fields)
    assert refused.value.field == "mrz"
    assert refused.value.message.startswith("Контрольная цифра номера документа не сходится")
    with scan_world.db.write() as session, pytest.raises(ValidationError) as garbage:
        documents.save_document(session, scan_world.clerk, info.id, document_id=row.id,
                                kind=row.kind, version=row.version,
                                **{**fields, "mrz": "P<UZB\nFA12"}, override_reason="так")
    assert garbage.value.field == "mrz"  # no reason makes a non-MRZ an MRZ
    with scan_world.db.write() as session:
        documents.save_document(session, scan_world.clerk, info.id, document_id=row.id,
                                kind=row.kind, version=row.version, **fields,
                                override_reason="Цифра в бланке напечатана неверно")
        check_originals_rest(session, scan_world, info.id)
    with scan_world.db.read() as session:
        state = documents.checklist(session, info.id)
    mrz = {f.field: f for f in state.findings}["passport.mrz"]
    assert mrz.severity == "warning"
    assert state.ready
    # Checked again with a good MRZ: the reason no longer applies and is dropped.
    with scan_world.db.write() as session:
        documents.save_document(session, scan_world.clerk, info.id, document_id=row.id,
                                kind=row.kind, version=state.documents[0].version,
                                **{**fields, "mrz": _mrz()}, override_reason="лишнее")
    with scan_world.db.read() as session:
        state = documents.checklist(session, info.id)
        last = _events(session)[-1]
    assert state.documents[0].override_reason == ""
    assert "accepted_despite" not in last.detail_dict()


def check_originals_rest(session, world, visit_id):
    """Every document but the passport saved as it is in the account."""
    for row in documents.checklist(session, visit_id).documents[1:]:
        documents.save_document(session, world.clerk, visit_id, document_id=row.id,
                                kind=row.kind, version=row.version, number=row.number,
                                series=row.series, expiry_date=row.expiry_date)
