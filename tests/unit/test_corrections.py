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
    # The same clerk's second window (or a second desk they left logged in) saves stale data.
    with scan_world.db.write() as session, pytest.raises(corrections.EditConflict) as conflict:
        corrections.apply(session, scan_world.clerk, info.id, loaded=loaded,
                          version=version, typed={"surname_latin": "KARIMOV-ZADE"},
                          reason="по паспорту")
    assert [(c.field, c.new) for c in conflict.value.theirs] == [
        ("given_names_latin", "RUSTAM ALISHER")]
    assert "за другим столом" in conflict.value.message
    with scan_world.db.read() as session:
        assert _applicant(session).surname_latin == "KARIMOV"


def test_the_address_is_corrected_in_parts_and_composed_for_papers(scan_world):
    info = _open(scan_world, scan_world.clerk)
    loaded, version = _loaded(scan_world)
    with scan_world.db.write() as session:
        corrections.apply(session, scan_world.clerk, info.id, loaded=loaded, version=version,
                          typed={"postal_code": "420111", "address_region": "татарстан",
                                 "address_city": "Казань", "address_street": "ул. Баумана",
                                 "address_house": "12а", "address_flat": "5"},
                          reason="данные изменились (новый паспорт)")
    with scan_world.db.read() as session:
        applicant = _applicant(session)
    assert applicant.address_region == "Республика Татарстан"
    assert applicant.address == ("420111, Республика Татарстан, Казань, ул. Баумана, д. 12А, "
                                 "кв. 5")


def test_a_required_field_cannot_be_emptied(scan_world):
    loaded, _version = _loaded(scan_world)
    with pytest.raises(ValidationError) as error:
        corrections.diff(loaded, {"surname_latin": "  "})
    assert error.value.field == "surname_latin"


def test_citizenship_is_typed_as_code_or_russian_name(scan_world):
    loaded, _version = _loaded(scan_world)
    changes = corrections.diff(loaded, {"citizenship": "Казахстан"})
    assert [(c.field, c.new) for c in changes] == [("citizenship", "KAZ")]
    with pytest.raises(ValidationError, match="Похожие: Узбекистан"):
        corrections.diff(loaded, {"citizenship": "узбек"})


def test_a_correction_after_the_check_moves_the_visit_to_data_corrected(scan_world):
    from operator_app.models import Visit, VisitState
    from tests.helpers.data import check_originals

    info = _open(scan_world, scan_world.clerk)
    check_originals(scan_world, info.id)
    with scan_world.db.write() as session:
        info = visits.advance(session, scan_world.clerk, info.id, info.version,
                              VisitState.DOCUMENTS_CHECKED)
    loaded, version = _loaded(scan_world)
    with scan_world.db.write() as session:
        corrections.apply(session, scan_world.clerk, info.id, loaded=loaded, version=version,
                          typed={"phone": "+7 916 123-45-67"}, reason="по заявлению гражданина")
    with scan_world.db.read() as session:
        assert session.get(Visit, info.id).state is VisitState.DATA_CORRECTED  # type: ignore[union-attr]


def test_a_closed_visit_refuses_corrections(scan_world):
    from operator_app.services.errors import Conflict

    info = _open(scan_world, scan_world.clerk)
    with scan_world.db.write() as session:
        visits.decide(session, scan_world.clerk, info.id, info.version,
                      visits.VisitState.CANCELLED)
    loaded, version = _loaded(scan_world)
    with scan_world.db.write() as session, pytest.raises(Conflict, match="завершён"):
        corrections.apply(session, scan_world.clerk, info.id, loaded=loaded, version=version,
                          typed={"phone": "+7 916 123-45-67"}, reason="по заявлению гражданина")


def test_the_form_shows_the_checked_passport_beside_the_account(scan_world):
    from tests.helpers.data import check_originals

    info = _open(scan_world, scan_world.clerk)
    check_originals(scan_world, info.id)
    with scan_world.db.read() as session:
        form = corrections.load(session, info.id)
    assert form.account["surname_latin"] == "KARIMOV"
    assert form.documents["surname_latin"] == "KARIMOV"
    assert form.document_titles["surname_latin"] == "паспорт"


def test_a_cleared_russian_name_part_is_stored_empty(scan_world):
    info = _open(scan_world, scan_world.clerk)
    with scan_world.db.write() as session:
        person = _applicant(session)
        person.patronymic_cyrillic = "Алишерович"
    loaded, version = _loaded(scan_world)
    with scan_world.db.write() as session:
        corrections.apply(session, scan_world.clerk, info.id, loaded=loaded, version=version,
                          typed={"patronymic_cyrillic": ""}, reason="по заявлению гражданина")
    with scan_world.db.read() as session:
        assert _applicant(session).patronymic_cyrillic == ""


def test_one_address_part_does_not_wipe_an_address_known_only_as_a_line(scan_world):
    info = _open(scan_world, scan_world.clerk)
    with scan_world.db.write() as session:
        _applicant(session).address = "г. Москва, ул. Тверская, д. 11, кв. 5"
    loaded, version = _loaded(scan_world)
    with scan_world.db.write() as session:
        corrections.apply(session, scan_world.clerk, info.id, loaded=loaded, version=version,
                          typed={"postal_code": "125009"}, reason="по заявлению гражданина")
    with scan_world.db.read() as session:
        assert _applicant(session).address == "г. Москва, ул. Тверская, д. 11, кв. 5"


def test_only_the_clerk_of_the_visit_corrects_during_it(scan_world):
    from operator_app.services.errors import Conflict

    info = _open(scan_world, scan_world.clerk)
    loaded, version = _loaded(scan_world)
    with scan_world.db.write() as session, pytest.raises(Conflict, match="другой оператор"):
        corrections.apply(session, scan_world.other_clerk, info.id, loaded=loaded,
                          version=version, typed={"phone": "+7 916 123-45-67"},
                          reason="по заявлению гражданина")
