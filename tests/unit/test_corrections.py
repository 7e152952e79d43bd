from __future__ import annotations

import pytest
from sqlalchemy import select

from operator_app.models import Applicant, Application, AuditEvent, DataCorrection
from operator_app.services import corrections, visits
from operator_app.services.errors import ValidationError
from tests.helpers.data import PENDING


def _open(world, actor):
    with world.db.write() as session:
        return visits.open_visit(session, actor, PENDING)


def _applicant(session):
    return session.scalars(select(Applicant).join(Application)
                           .where(Application.number == PENDING)).one()


def _loaded(world):
    with world.db.read() as session:
        applicant = _applicant(session)
        return corrections.snapshot(applicant), applicant.version


def test_diff_preview_lists_exactly_the_changed_fields(scan_world):
    loaded, _version = _loaded(scan_world)
    changes = corrections.diff(loaded, {"surname_latin": " karimov ",
                                        "given_names_latin": "RUSTAM ALISHER",
                                        "snils": "148-481-255 85"})
    assert [(c.field, c.old, c.new) for c in changes] == [
        ("given_names_latin", "RUSTAM", "RUSTAM ALISHER"),
        ("snils", "11223344595", "14848125585"),
    ]


def test_an_invalid_field_is_named(scan_world):
    loaded, _version = _loaded(scan_world)
    with pytest.raises(ValidationError) as error:
        corrections.diff(loaded, {"snils": "112-233-445 96"})
    assert error.value.field == "snils"


def test_corrections_are_saved_in_place_with_reason_and_audit(scan_world):
    info = _open(scan_world, scan_world.clerk)
    loaded, version = _loaded(scan_world)
    with scan_world.db.write() as session:
        corrections.apply(session, scan_world.clerk, info.id, loaded=loaded, version=version,
                          typed={"given_names_latin": "RUSTAM ALISHER",
                                 "birth_date": "02.05.1990"},
                          reason="ошибка при вводе на портале")
    with scan_world.db.read() as session:
        rows = session.scalars(select(DataCorrection).order_by(DataCorrection.id)).all()
        events = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "data_corrected")).all()
        applicant = _applicant(session)
    assert [(r.field, r.old_value, r.new_value) for r in rows] == [
        ("given_names_latin", "RUSTAM", "RUSTAM ALISHER"),
        ("birth_date", "01.05.1990", "02.05.1990"),
    ]
    assert len(events) == 2
    assert applicant.given_names_latin == "RUSTAM ALISHER"
    assert applicant.version == version + 1


def test_reason_is_required(scan_world):
    info = _open(scan_world, scan_world.clerk)
    loaded, version = _loaded(scan_world)
    with scan_world.db.write() as session, pytest.raises(ValidationError) as error:
        corrections.apply(session, scan_world.clerk, info.id, loaded=loaded, version=version,
                          typed={"given_names_latin": "RUSTAM ALISHER"}, reason=" ")
    assert error.value.field == "reason"


def test_the_second_of_two_concurrent_saves_gets_the_others_change(scan_world):
    info = _open(scan_world, scan_world.clerk)
    loaded, version = _loaded(scan_world)  # both desks load the same version
    with scan_world.db.write() as session:
        corrections.apply(session, scan_world.clerk, info.id, loaded=loaded, version=version,
                          typed={"given_names_latin": "RUSTAM ALISHER"}, reason="по паспорту")
    with scan_world.db.write() as session, pytest.raises(corrections.EditConflict) as conflict:
        corrections.apply(session, scan_world.supervisor, info.id, loaded=loaded,
                          version=version, typed={"surname_latin": "KARIMOV-ZADE"},
                          reason="по паспорту")
    assert [(c.field, c.new) for c in conflict.value.theirs] == [
        ("given_names_latin", "RUSTAM ALISHER")]
    assert "за другим столом" in conflict.value.message
    with scan_world.db.read() as session:
        assert _applicant(session).surname_latin == "KARIMOV"
