from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select, text

from operator_app.models import (
    AccountStatus,
    Applicant,
    Application,
    AuditEvent,
    ConfirmationMethod,
    DocumentKind,
    IdentityDocument,
)
from operator_app.services import application_numbers, audit
from operator_app.services.actor import Actor
from operator_app.services.applications import (
    ApplicationData,
    DocumentData,
    find_applications,
    import_application,
)
from operator_app.services.errors import PermissionDenied, ValidationError

NOW = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)


def _data(serial: int, **changes: object) -> ApplicationData:
    values: dict[str, object] = {
        "number": application_numbers.make(2026, serial),
        "surname_latin": "KARIMOV",
        "given_names_latin": "RUSTAM",
        "surname_cyrillic": "Каримов",
        "given_names_cyrillic": "Рустам",
        "patronymic_cyrillic": "Бахтиёрович",
        "birth_date": dt.date(1990, 5, 17),
        "sex": "M",
        "citizenship": "UZB",
        "confirmation_method": ConfirmationMethod.SERVICE_CENTER,
        "submitted_at": NOW - dt.timedelta(days=serial),
        "snils": "112-233-445 95",
        "phone": "+79161234567",
        "email": "rustam.karimov@mail.ru",
        "address": "г. Москва, ул. Тверская, д. 1, кв. 2",
        "postal_code": "125009",
        "documents": (
            DocumentData(DocumentKind.PASSPORT, f"FA{serial:07d}", issue_date=dt.date(2020, 1, 10),
                         expiry_date=dt.date(2030, 1, 9), country="UZB",
                         surname_latin="KARIMOV", given_names_latin="RUSTAM"),
            DocumentData(DocumentKind.RESIDENCE_PERMIT, "1234567", series="82",
                         issue_date=dt.date(2024, 3, 1),
                         issuing_authority="ГУ МВД России по г. Москве", country="RUS"),
        ),
    }
    values.update(changes)
    return ApplicationData(**values)  # type: ignore[arg-type]


def _import(db, data: ApplicationData, actor: Actor | None = None) -> str:
    with db.write() as session:
        return import_application(session, actor or Actor.command_line(), data).number


@pytest.fixture
def people(world):
    """Three applicants: two Uzbek Karimovs and a Belarusian with ё in the surname."""
    _import(world.db, _data(11))
    _import(world.db, _data(12, surname_latin="KARIMOVA", given_names_latin="DILNOZA",
                            surname_cyrillic="Каримова", given_names_cyrillic="Дилноза",
                            patronymic_cyrillic="Шавкатовна", sex="F",
                            documents=(DocumentData(DocumentKind.PASSPORT, "AA7654321",
                                                    country="UZB"),)))
    _import(world.db, _data(13, surname_latin="KAVALIOU", given_names_latin="SIARHEI",
                            surname_cyrillic="Ковалёв", given_names_cyrillic="Сергей",
                            patronymic_cyrillic="Николаевич", citizenship="BLR",
                            confirmation_method=ConfirmationMethod.POST,
                            post_office_code="msk-po-101000",
                            documents=(DocumentData(DocumentKind.PASSPORT, "MP1234567",
                                                    country="BLR"),)))
    return world


def _numbers(db, query: str) -> list[str]:
    with db.read() as session:
        return [row.number for row in find_applications(session, Actor.command_line(), query)]


def test_import_stores_applicant_documents_and_audits_without_personal_data(world):
    data = _data(7)
    number = _import(world.db, data)
    with world.db.read() as session:
        application = session.scalar(select(Application).where(Application.number == number))
        assert application is not None
        applicant = session.get(Applicant, application.applicant_id)
        documents = session.scalars(select(IdentityDocument).order_by(IdentityDocument.id)).all()
        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "application_imported"))
        verified = audit.verify(session)
    assert applicant.snils == "11223344595"  # digits only
    assert applicant.surname_cyrillic == "Каримов"
    assert application.account_status is AccountStatus.PENDING
    assert application.submitted_at == data.submitted_at
    assert [d.kind for d in documents] == [DocumentKind.PASSPORT, DocumentKind.RESIDENCE_PERMIT]
    assert documents[1].series == "82"
    assert event is not None
    assert event.application_number == number
    assert event.entity_id == str(application.id)
    assert event.chain == "system"
    assert json.loads(event.details)["documents"] == ["passport", "residence_permit"]
    for personal in ("KARIMOV", "Каримов", "FA0000007", "1990", "79161234567", "11223344595"):
        assert personal not in event.details
    assert verified.ok


def test_import_refuses_duplicate_and_invalid_numbers(world):
    _import(world.db, _data(1))
    with pytest.raises(ValidationError) as duplicate:
        _import(world.db, _data(1))
    assert duplicate.value.field == "application_number"
    assert "уже загружено" in duplicate.value.message

    good = application_numbers.make(2026, 2)
    typo = good[:-1] + str((int(good[-1]) + 1) % 10)
    with pytest.raises(ValidationError) as wrong:
        _import(world.db, _data(2, number=typo))
    assert wrong.value.field == "application_number"
    with world.db.read() as session:
        assert session.scalars(select(Application.number)).all() == [application_numbers.make(2026, 1)]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"surname_latin": "  "}, "surname_latin"),
        ({"sex": "X"}, "sex"),
        ({"citizenship": "UZ"}, "citizenship"),
        ({"snils": "1122334459"}, "snils"),
        ({"inn": "77094426"}, "inn"),
        ({"postal_code": "1250"}, "postal_code"),
        ({"confirmation_method": ConfirmationMethod.POST}, "post_office"),
        ({"confirmation_method": ConfirmationMethod.POST, "post_office_code": "MSK-CO-1"},
         "post_office"),
    ],
)
def test_import_names_the_bad_field(world, changes, field):
    with pytest.raises(ValidationError) as refused:
        _import(world.db, _data(3, **changes))
    assert refused.value.field == field


def test_import_keeps_a_wrong_snils_for_the_clerk_to_catch(world):
    number = _import(world.db, _data(4, snils="112-233-445 96"))
    with world.db.read() as session:
        applicant = session.scalars(select(Applicant)).one()
    assert number
    assert applicant.snils == "11223344596"


def test_only_an_administrator_imports(world):
    with pytest.raises(PermissionDenied):
        _import(world.db, _data(5), actor=world.clerk)
    _import(world.db, _data(5), actor=world.admin)


def test_post_application_gets_its_office(people):
    with people.db.read() as session:
        application = session.scalar(select(Application).where(
            Application.confirmation_method == ConfirmationMethod.POST))
        assert application is not None
        assert application.post_office is not None
        assert application.post_office.code == "MSK-PO-101000"


def test_find_by_number_with_or_without_separators(people):
    number = application_numbers.make(2026, 12)
    spaced = application_numbers.format_number(number)
    assert _numbers(people.db, spaced) == [number]
    assert _numbers(people.db, number) == [number]
    assert _numbers(people.db, spaced.replace(" ", "-")) == [number]
    assert _numbers(people.db, f"  {spaced}  ") == [number]
    assert _numbers(people.db, number[4:11]) == [number]  # a part of it
    assert _numbers(people.db, application_numbers.make(2026, 99)) == []


def test_find_by_passport_number(people):
    assert _numbers(people.db, "AA7654321") == [application_numbers.make(2026, 12)]
    assert _numbers(people.db, "aa 765 4321") == [application_numbers.make(2026, 12)]
    assert _numbers(people.db, "FA0000011") == [application_numbers.make(2026, 11)]
    # the ВНЖ number is not a passport
    assert _numbers(people.db, "1234567") == []


@pytest.mark.parametrize(
    ("query", "serials"),
    [
        ("KARIMOV", [11, 12]),  # newest first; KARIMOVA contains KARIMOV
        ("karimova", [12]),
        ("Karimov Rustam", [11]),
        ("rustam karimov", [11]),
        ("siarhei", [13]),
        ("Каримов", [11, 12]),
        ("каримов", [11, 12]),
        ("КАРИМОВА", [12]),
        ("кАРИМОВ", [11, 12]),
        ("римов", [11, 12]),
        ("дилноза", [12]),
        ("ШАВКАТОВНА", [12]),
        ("каримов бахтиёр", [11]),
        ("Ковалёв", [13]),
        ("ковалев", [13]),  # е for ё
        ("КОВАЛЕВ СЕРГЕЙ", [13]),
        ("николаевич", [13]),
    ],
)
def test_find_by_name_parts_in_any_case(people, query, serials):
    assert _numbers(people.db, query) == [application_numbers.make(2026, s) for s in serials]


def test_find_ignores_empty_and_wildcards(people):
    assert _numbers(people.db, "") == []
    assert _numbers(people.db, "   ") == []
    assert _numbers(people.db, "%") == []
    assert _numbers(people.db, "_") == []
    assert _numbers(people.db, "Петров") == []


def test_find_respects_the_limit_and_returns_rows(people):
    with people.db.read() as session:
        rows = find_applications(session, Actor.command_line(), "каримов", limit=1)
    assert len(rows) == 1
    row = rows[0]
    assert row.number == application_numbers.make(2026, 11)
    assert row.display_name == "KARIMOV RUSTAM"
    assert row.cyrillic_name == "Каримов Рустам Бахтиёрович"
    assert row.birth_date == dt.date(1990, 5, 17)
    assert row.citizenship == "UZB"
    assert row.account_status is AccountStatus.PENDING
    assert row.confirmation_method is ConfirmationMethod.SERVICE_CENTER
    assert row.submitted_at == NOW - dt.timedelta(days=11)


def test_a_corrected_name_is_found_by_the_new_name_only(people):
    """The search key follows every write of the names (mapper events; SQLite's FTS5 table
    by its triggers), so a correction is searchable at once."""
    with people.db.write() as session:
        person = session.scalar(select(Applicant).where(Applicant.surname_latin == "KAVALIOU"))
        person.surname_cyrillic = "Ковалевский"
    assert _numbers(people.db, "ковалевский") == [application_numbers.make(2026, 13)]
    assert _numbers(people.db, "Ковалёв") == [application_numbers.make(2026, 13)]  # a prefix
    with people.db.write() as session:
        person = session.scalar(select(Applicant).where(Applicant.surname_latin == "KAVALIOU"))
        person.surname_cyrillic = "Петренко"
    assert _numbers(people.db, "ковалевский") == []
    assert _numbers(people.db, "петренко") == [application_numbers.make(2026, 13)]


def test_short_words_match_the_start_of_a_name(people):
    assert _numbers(people.db, "ка ру") == [application_numbers.make(2026, 11)]
    assert _numbers(people.db, "ри") == []  # not the start of any name word


def test_searches_are_answered_from_an_index(people):
    """The plans the search runs: no scan of every applicant or document."""
    from operator_app.services import applications

    with people.db.read() as session:
        dialect = session.get_bind().dialect.name
        for query in ("KARIMOV", "FA0000011", "ковалёв сергей"):
            for condition in applications._search_queries(session, query):
                statement = select(Application.id).join(Application.applicant).where(condition)
                compiled = statement.compile(session.get_bind(),
                                             compile_kwargs={"literal_binds": True})
                if dialect == "sqlite":
                    plan = " ".join(str(row[-1]) for row in session.execute(
                        text(f"EXPLAIN QUERY PLAN {compiled}")))
                    assert "SCAN applicant " not in plan + " ", (query, plan)
                    assert "SCAN identity_document" not in plan, (query, plan)
                else:
                    session.execute(text("SET enable_seqscan = off"))
                    plan = " ".join(row[0] for row in session.execute(
                        text(f"EXPLAIN {compiled}")))
                    assert "Seq Scan on applicant" not in plan, (query, plan)
                    assert "Seq Scan on identity_document" not in plan, (query, plan)
