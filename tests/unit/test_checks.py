from __future__ import annotations

import datetime as dt

import pytest

from operator_app.models import DocumentKind
from operator_app.services.checks import (
    DocumentFacts,
    PersonFacts,
    add_months,
    check_documents,
    document_findings,
    fold_name,
)

APPLIED = dt.date(2026, 11, 1)
TODAY = dt.date(2026, 11, 25)
PERSON = PersonFacts("KARIMOV", "RUSTAM ALISHER", "Каримов", "Рустам", dt.date(1990, 5, 1),
                     snils="112-233-445 95", inn="123456789047")
PASSPORT = DocumentFacts(DocumentKind.PASSPORT, "FA1234567", expiry_date=dt.date(2030, 1, 1),
                         surname_latin="KARIMOV", given_names_latin="RUSTAM ALISHER",
                         birth_date=dt.date(1990, 5, 1))
VNZH = DocumentFacts(DocumentKind.RESIDENCE_PERMIT, "1234567", series="82",
                     expiry_date=dt.date(2029, 1, 1))


def _check(person=PERSON, documents=(PASSPORT, VNZH)):
    return check_documents(person, documents, application_date=APPLIED, visit_date=TODAY)


def _fields(findings):
    return {f.field: f for f in findings}


def test_a_complete_set_passes():
    assert _check() == []


def test_missing_documents_are_named():
    fields = _fields(_check(documents=()))
    assert {"checklist.passport", "checklist.stay"} <= set(fields)
    no_snils = PersonFacts(**{**PERSON.__dict__, "snils": None})
    assert "checklist.snils" in _fields(_check(person=no_snils))
    noted = PersonFacts(**{**PERSON.__dict__, "snils": None, "no_snils_noted": True})
    assert "checklist.snils" not in _fields(_check(person=noted))


def test_passport_valid_less_than_six_months_from_the_application():
    soon = DocumentFacts(**{**PASSPORT.__dict__, "expiry_date": dt.date(2027, 4, 30)})
    finding = _fields(_check(documents=(soon, VNZH)))["passport.expiry_date"]
    assert finding.blocking
    assert "6 месяцев" in finding.message
    enough = DocumentFacts(**{**PASSPORT.__dict__, "expiry_date": dt.date(2027, 5, 1)})
    assert _check(documents=(enough, VNZH)) == []


def test_expired_documents():
    expired = DocumentFacts(**{**PASSPORT.__dict__, "expiry_date": dt.date(2026, 11, 24)})
    assert "просрочен" in _fields(_check(documents=(expired, VNZH)))["passport.expiry_date"].message
    old_stay = DocumentFacts(**{**VNZH.__dict__, "expiry_date": dt.date(2026, 10, 1)})
    assert "residence_permit.expiry_date" in _fields(_check(documents=(PASSPORT, old_stay)))


@pytest.mark.parametrize(("passport_name", "matches"), [
    ("KARIMOV", True), ("karimov", True), (" KARI-MOV ", True), ("KARIMOW", False),
    ("KАRIMOV", False),  # a Cyrillic "А": different letters are different
])
def test_name_matching_is_tolerant_of_case_spaces_and_hyphens_only(passport_name, matches):
    doc = DocumentFacts(**{**PASSPORT.__dict__, "surname_latin": passport_name})
    found = "passport.surname_latin" in _fields(_check(documents=(doc, VNZH)))
    assert found is not matches


def test_birth_date_mismatch():
    doc = DocumentFacts(**{**PASSPORT.__dict__, "birth_date": dt.date(1990, 5, 2)})
    assert "passport.birth_date" in _fields(_check(documents=(doc, VNZH)))


def test_identifier_checks_follow_domain_vectors():
    bad = PersonFacts(**{**PERSON.__dict__, "snils": "148-481-255 00", "inn": "123456789037"})
    fields = _fields(_check(person=bad))
    assert fields["applicant.snils"].blocking
    assert fields["applicant.inn"].blocking


def test_confirmed_formats_are_errors_unconfirmed_are_warnings():
    booklet_bad = DocumentFacts(DocumentKind.RESIDENCE_PERMIT, "12345", series="82")
    assert _fields(_check(documents=(PASSPORT, booklet_bad)))["residence_permit.number"].blocking
    card = DocumentFacts(DocumentKind.RESIDENCE_PERMIT, "123456789", series="")
    warning = _fields(_check(documents=(PASSPORT, card)))["residence_permit.series"]
    assert warning.severity == "warning"
    assert "не подтверждён" in warning.message
    migration = DocumentFacts(DocumentKind.MIGRATION_CARD, "12345", series="45")
    fields = _fields(_check(documents=(PASSPORT, migration)))
    assert fields["migration_card.series"].blocking
    assert fields["migration_card.number"].blocking
    good = DocumentFacts(DocumentKind.MIGRATION_CARD, "1234567", series="4512")
    assert _check(documents=(PASSPORT, good)) == []


def test_helpers():
    assert fold_name("Abdul-Aziz O'Neil") == "ABDULAZIZONEIL"
    assert fold_name("Ёлкин") != fold_name("Елкин")
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)


def _mrz(number="FA1234567", expiry="300101", *, surname="KARIMOV"):
    from operator_app.scanning.mrz import check_digit

    line1 = f"P<UZB{surname}<<RUSTAM<ALISHER".ljust(44, "<")
    birth, personal = "900501", "<" * 14
    body = (number + str(check_digit(number)) + "UZB" + birth + str(check_digit(birth)) + "M"
            + expiry + str(check_digit(expiry)) + personal + str(check_digit(personal)))
    return f"{line1}\n{body}{check_digit(body[0:10] + body[13:20] + body[21:43])}"


def _one(doc):
    return document_findings(doc, application_date=APPLIED, visit_date=TODAY)


def test_what_needs_an_override_to_be_recorded_as_checked():
    expired = DocumentFacts(**{**PASSPORT.__dict__, "expiry_date": dt.date(2026, 11, 24)})
    soon = DocumentFacts(**{**PASSPORT.__dict__, "expiry_date": dt.date(2027, 4, 30)})
    old_stay = DocumentFacts(**{**VNZH.__dict__, "expiry_date": dt.date(2026, 10, 1)})
    for doc in (expired, soon, old_stay):
        (finding,) = _one(doc)
        assert finding.needs_override, finding
    assert _one(PASSPORT) == []
    # A format the rules refuse is an error to fix, not something to accept despite.
    migration = DocumentFacts(DocumentKind.MIGRATION_CARD, "12345", series="45")
    assert not any(f.needs_override for f in _one(migration))


def test_a_failing_mrz_is_said_in_words_and_needs_an_override():
    good = DocumentFacts(**{**PASSPORT.__dict__, "mrz": _mrz()})
    assert _one(good) == []
    line1, line2 = _mrz().splitlines()
    broken = DocumentFacts(**{**PASSPORT.__dict__,
                              "mrz": f"{line1}\n{line2[:9]}0{line2[10:]}"})
    (finding,) = _one(broken)
    assert finding.field == "passport.mrz"
    assert finding.needs_override
    assert finding.blocking
    assert finding.message == ("Контрольная цифра номера документа не сходится — проверьте "
                               "номер в строке 2.")
    accepted = DocumentFacts(**{**broken.__dict__, "override_reason": "ошибка в бланке"})
    (warning,) = _one(accepted)
    assert warning.severity == "warning"
    assert "Принято при сверке: «ошибка в бланке»" in warning.message
    expired = DocumentFacts(**{**PASSPORT.__dict__, "expiry_date": dt.date(2026, 1, 1),
                               "override_reason": "оформляет новый"})
    (still,) = _one(expired)
    assert still.blocking  # an overridden expiry is written down, and still blocks
    assert "оформляет новый" in still.message


def test_typed_fields_are_compared_with_the_mrz():
    doc = DocumentFacts(**{**PASSPORT.__dict__, "number": "FA1234568",
                           "mrz": _mrz(expiry="300102", surname="KARIMOW")})
    fields = _fields(_one(doc))
    assert fields["passport.number"].message == "В MRZ другой номер: FA1234567."
    assert "KARIMOW" in fields["passport.surname_latin"].message
    assert "02.01.2030" in fields["passport.expiry_date"].message
    garbage = DocumentFacts(**{**PASSPORT.__dict__, "mrz": "P<UZB\nFA123"})
    (finding,) = _one(garbage)
    assert not finding.needs_override  # not an MRZ at all: fix it or leave it empty
    assert "Неверная длина строк MRZ" in finding.message
