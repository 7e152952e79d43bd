from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import os
import random
import re
import shutil
import sqlite3
import threading
from collections import Counter
from dataclasses import dataclass

import phonenumbers
import pytest
from argon2 import PasswordHasher
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import joinedload

from operator_app import keys
from operator_app.cli import EXIT_REFUSED, main
from operator_app.models import (
    Applicant,
    Application,
    AuditEvent,
    ConfirmationCode,
    ConfirmationMethod,
    Database,
    DocumentKind,
    IdentityDocument,
    LetterState,
    Operator,
    PointKind,
    PostLetter,
    Role,
    ServicePoint,
    Visit,
    VisitKind,
    VisitState,
    simulated_now,
    utcnow,
)
from operator_app.services import (
    application_numbers,
    audit,
    demo,
    letters,
    operators,
    reports,
    validators,
)
from operator_app.services.actor import Actor
from operator_app.services.applications import find_applications
from operator_app.services.corrections import REASONS
from operator_app.services.errors import ServiceError
from operator_app.services.identifiers import (
    format_snils,
    is_valid_person_inn,
    is_valid_snils,
    snils_check_digits,
)
from operator_app.services.journal import day_bounds
from operator_app.services.validators import compose_address
from tests.conftest import BACKEND, PG_ADMIN_URL, _pg_admin

NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)  # a Wednesday, noon in Moscow
TODAY = NOW.astimezone().date()
QR_KEY = bytes(range(32))
CODE_KEY = bytes(range(32, 64))
# The module's one demo outlives each test's own key file: its log is checked with the keys
# it was written with.
DEMO_KEYS = keys.InstallationKeys.generate(qr_signing=QR_KEY, code_hash=CODE_KEY)
LATIN_NAME = re.compile(r"^[A-Z]+(?:[ -][A-Z]+)*$")
CYRILLIC_NAME = re.compile(r"^[А-ЯЁ][а-яё]+(?:[ -][А-ЯЁа-яё][а-яё]+)*$")


# -- СНИЛС and ИНН -----------------------------------------------------------------------


@pytest.mark.parametrize("number", ["112-233-445 95", "148-481-255 85", "010-242-368 77",
                                    "11223344595", "112 233 445 95"])
def test_snils_valid_vectors(number):
    assert is_valid_snils(number)


@pytest.mark.parametrize("number", ["148-481-255 00", "112-233-445 96", "112-233-445 9",
                                    "1122334459512", "112-233-44A 95", ""])
def test_snils_invalid_vectors(number):
    assert not is_valid_snils(number)


def test_snils_control_number_rule():
    with pytest.raises(ValueError, match="9 digits"):
        snils_check_digits("12345678")


@pytest.mark.parametrize(
    ("first9", "check"),
    [
        ("112233445", "95"),  # S = 95: below 100, S itself
        ("900000001", "82"),
        ("214009220", "00"),  # S = 100
        ("100149903", "00"),  # S = 101
        ("108363356", "49"),  # S = 150 → 150 mod 101
        ("065589401", "00"),  # S = 202 → 0
        ("965120263", "00"),  # S = 201 → 100 → 00
        ("788932866", "00"),  # S = 302 → 100 → 00
    ],
)
def test_snils_check_digits(first9, check):
    assert snils_check_digits(first9) == check
    assert is_valid_snils(first9 + check)


def test_snils_numbers_up_to_001_001_998_are_not_checked():
    assert is_valid_snils("001-001-998 00")
    assert is_valid_snils("001-001-998 42")
    assert not is_valid_snils("001-001-999 42")
    assert is_valid_snils("001-001-999 " + snils_check_digits("001001999"))


def test_format_snils():
    assert format_snils("11223344595") == "112-233-445 95"


@pytest.mark.parametrize(("number", "valid"), [
    ("123456789047", True), ("005826107187", True), ("123456789037", False),
    ("7709442668", False),  # an organization's ИНН is not a person's
])
def test_person_inn(number, valid):
    assert is_valid_person_inn(number) is valid


# -- the demo set ---------------------------------------------------------------------------


@dataclass
class Loaded:
    applicants: list[Applicant]
    applications: dict[str, Application]  # by number
    operators: list[Operator]
    points: list[ServicePoint]
    visits: list[Visit]
    events: list[AuditEvent]


def _load(db: Database) -> Loaded:
    with db.read() as session:
        applications = session.scalars(
            select(Application).options(
                joinedload(Application.applicant).selectinload(Applicant.documents),
                joinedload(Application.post_office),
            )
        ).unique().all()
        return Loaded(
            applicants=[a.applicant for a in applications],
            applications={a.number: a for a in applications},
            operators=list(session.scalars(
                select(Operator).options(joinedload(Operator.service_point)))),
            points=list(session.scalars(select(ServicePoint))),
            visits=list(session.scalars(select(Visit))),
            events=list(session.scalars(select(AuditEvent))),
        )


def _base(summary: demo.DemoSummary, data: Loaded) -> Loaded:
    """The base set alone: the applicants the demo loads for the desk to serve, without
    those the played history brought in (dated by their own visits, and served)."""
    assert summary.history is not None
    played = set(summary.history.applications)
    applications = {n: a for n, a in data.applications.items() if n not in played}
    ids = {a.id for a in applications.values()}
    return dataclasses.replace(
        data, applicants=[a.applicant for a in applications.values()],
        applications=applications, visits=[v for v in data.visits if v.application_id in ids])


@pytest.fixture(scope="module")
def demo_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """One demo, with its two weeks of history, for the module's checks: playing the
    history takes seconds, and the checks only read (the keys are given, so no settings
    file is touched outside a test's own directories)."""
    name = ""
    if BACKEND == "sqlite":
        path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
        url = f"sqlite:///{path}"
    else:
        name = f"od_demo_{os.getpid()}"
        _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{request.getfixturevalue("_pg_template")}"')
        url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    db = Database(url)
    try:
        with pytest.MonkeyPatch.context() as patch:  # the tests' cheap hashing, module-wide
            patch.setattr(operators, "password_hasher",
                          PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
            patch.setattr(keys, "_current", DEMO_KEYS)
            summary = demo.create_demo(db, now=NOW, qr_key=QR_KEY, code_key=CODE_KEY)
        yield db, summary, _load(db)
    finally:
        db.dispose()
        if name:
            _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(autouse=True)
def _demo_keys(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if "demo_db" in request.fixturenames:
        monkeypatch.setattr(keys, "_current", DEMO_KEYS)


def _passport(applicant: Applicant) -> IdentityDocument:
    (passport,) = [d for d in applicant.documents if d.kind is DocumentKind.PASSPORT]
    return passport


def _age(birth: dt.date) -> int:
    return TODAY.year - birth.year - ((TODAY.month, TODAY.day) < (birth.month, birth.day))


def _six_months_after(day: dt.date) -> dt.date:
    month = day.month + 6
    year, month = day.year + (month - 1) // 12, (month - 1) % 12 + 1
    return dt.date(year, month, min(day.day, 28))


def _check_summary(_db: Database, summary: demo.DemoSummary, everything: Loaded) -> None:
    data = _base(summary, everything)
    assert summary.applicants == summary.applications == len(data.applications) >= 320
    assert summary.history is not None
    assert len(everything.applications) == len(data.applications) + len(
        summary.history.applications)
    assert summary.countries == len({a.citizenship for a in data.applicants}) >= 20
    assert summary.visits == len(data.visits)
    assert summary.documents == sum(len(a.documents) for a in data.applicants)
    assert set(summary.problems) == set(demo.PROBLEMS)
    text = summary.describe()
    assert f"визитов — {summary.history.visits}" in text
    for login in demo.LOGINS:
        assert login.login in text
    assert demo.DEMO_PASSWORD in text
    for point in demo.POINTS:
        assert point.code in text
        assert point.name in text
    for name, numbers in summary.problems.items():
        assert demo.PROBLEM_TITLES[name] in text
        assert application_numbers.format_number(numbers[0]) in text


def _check_staff(_db: Database, _summary: demo.DemoSummary, data: Loaded) -> None:
    assert {p.code for p in data.points} == {p.code for p in demo.POINTS}
    offices = [p for p in data.points if p.kind is PointKind.POST_OFFICE]
    assert len(offices) == 2
    assert all(p.postal_index and re.fullmatch(r"\d{6}", p.postal_index) for p in offices)
    roles = Counter(o.role for o in data.operators)
    assert set(roles) == set(Role)
    assert len(data.operators) <= 10
    for point in data.points:
        staff = {o.role for o in data.operators if o.service_point_id == point.id}
        if point.kind is PointKind.SERVICE_CENTER:
            assert {Role.CLERK, Role.SUPERVISOR} <= staff, point.code
        else:
            assert Role.POST_CLERK in staff, point.code
    assert [login for login, _role, _point in demo.demo_logins()] == [
        o.login for o in sorted(data.operators, key=lambda o: o.id)]


def _check_login(db: Database, _summary: demo.DemoSummary, _data: Loaded) -> None:
    with db.write() as session:
        outcome = operators.authenticate(session, "clerk.kzn", demo.DEMO_PASSWORD)
    assert outcome.ok
    assert outcome.actor is not None
    assert outcome.actor.point_code == "KZN-CO-1"


def _check_applicants(_db: Database, _summary: demo.DemoSummary, data: Loaded) -> None:
    assert len({a.citizenship for a in data.applicants}) >= 20
    assert all(re.fullmatch(r"[A-Z]{3}", a.citizenship) for a in data.applicants)
    for a in data.applicants:
        assert LATIN_NAME.match(a.surname_latin), a.surname_latin
        assert LATIN_NAME.match(a.given_names_latin), a.given_names_latin
        assert CYRILLIC_NAME.match(a.surname_cyrillic), a.surname_cyrillic
        assert CYRILLIC_NAME.match(a.given_names_cyrillic), a.given_names_cyrillic
        assert a.patronymic_cyrillic == "" or re.fullmatch(r"[А-ЯЁа-яё ]+", a.patronymic_cyrillic)
        assert 18 <= _age(a.birth_date) <= 70
        assert a.sex in ("M", "F")
        assert a.postal_code
        assert re.fullmatch(r"\d{6}", a.postal_code)
        assert a.address_region in ("Москва", "Московская область", "Республика Татарстан")
        assert a.address == compose_address(a.postal_code, a.address_region, a.address_city,
                                            a.address_street, a.address_house, a.address_flat)
        for part in (a.address_region, a.address_city, a.address_street):
            assert validators.validate_street(part) == part
        if a.inn is not None:
            assert is_valid_person_inn(a.inn), a.inn
        if a.phone is not None:
            parsed = phonenumbers.parse(a.phone)
            assert phonenumbers.is_valid_number(parsed), a.phone
            assert phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) == a.phone
        if a.email is not None:
            try:
                checked = validate_email(a.email, check_deliverability=False)
            except EmailNotValidError as exc:  # pragma: no cover - the message is the point
                pytest.fail(f"{a.email}: {exc}")
            assert checked.normalized == a.email
    with_patronymic = [a for a in data.applicants if a.patronymic_cyrillic]
    assert len(with_patronymic) > len(data.applicants) // 3
    assert {a.sex for a in data.applicants} == {"M", "F"}
    def share(field: str) -> float:
        return sum(getattr(a, field) is not None for a in data.applicants) / len(data.applicants)

    assert 0.5 <= share("snils") <= 0.72
    assert 0.2 <= share("inn") <= 0.4
    assert share("email") >= 0.7
    assert share("phone") >= 0.9
    assert any(a.phone and not a.phone.startswith("+7") for a in data.applicants)


def _check_documents(_db: Database, _summary: demo.DemoSummary, data: Loaded) -> None:
    kinds: Counter[DocumentKind] = Counter()
    for a in data.applicants:
        passport = _passport(a)
        assert passport.country == a.citizenship
        assert passport.series == ""
        assert re.fullmatch(r"[A-Z0-9]{8,9}", passport.number), passport.number
        assert passport.issue_date is not None
        assert passport.expiry_date is not None
        assert 365 <= (TODAY - passport.issue_date).days <= 10 * 366
        assert 4.99 <= (passport.expiry_date - passport.issue_date).days / 365.25 <= 10
        assert passport.issue_date > a.birth_date
        assert passport.issuing_authority
        for doc in a.documents:
            kinds[doc.kind] += 1
            if doc.kind is DocumentKind.PASSPORT:
                continue
            assert doc.country == "RUS"
            assert doc.issuing_authority
            assert re.search(r"[А-Яа-я]", doc.issuing_authority)
            assert doc.issue_date is not None
            assert doc.issue_date <= TODAY
            assert doc.expiry_date is None or doc.expiry_date > TODAY
            if doc.kind is DocumentKind.RESIDENCE_PERMIT:
                assert doc.series == "82"
                assert re.fullmatch(r"\d{7}", doc.number)
                assert "МВД" in doc.issuing_authority
            if doc.kind is DocumentKind.MIGRATION_CARD:
                assert re.fullmatch(r"\d{4}", doc.series)
                assert re.fullmatch(r"\d{6,7}", doc.number)
    assert set(kinds) >= {DocumentKind.PASSPORT, DocumentKind.RESIDENCE_PERMIT,
                          DocumentKind.TEMPORARY_RESIDENCE, DocumentKind.MIGRATION_CARD,
                          DocumentKind.STAY_REGISTRATION, DocumentKind.PATENT}
    assert len({_passport(a).number for a in data.applicants}) == len(data.applicants)


def _check_applications(_db: Database, _summary: demo.DemoSummary, data: Loaded) -> None:
    offices = {p.id for p in data.points if p.kind is PointKind.POST_OFFICE}
    for number, application in data.applications.items():
        assert application_numbers.validate(number) == number
        age = NOW - application.submitted_at
        assert dt.timedelta(0) <= age <= dt.timedelta(days=30, minutes=1)
        if application.confirmation_method is ConfirmationMethod.POST:
            assert application.post_office_id in offices
        else:
            assert application.post_office_id is None
    post = sum(a.confirmation_method is ConfirmationMethod.POST
               for a in data.applications.values())
    assert 0.12 <= post / len(data.applications) <= 0.28
    statuses = Counter(a.account_status.value for a in data.applications.values())
    assert statuses["pending"] > 0.85 * len(data.applications)


def _check_problems(_db: Database, summary: demo.DemoSummary, data: Loaded) -> None:
    listed = {name: set(numbers) for name, numbers in summary.problems.items()}
    for name, numbers in listed.items():
        assert len(numbers) >= 3, name
        assert numbers <= data.applications.keys()
    by_number = data.applications
    six_months = _six_months_after(TODAY)

    for number, application in by_number.items():
        a = application.applicant
        passport = _passport(a)
        assert passport.expiry_date is not None
        stay = [d for d in a.documents if d.kind in demo.STAY_KINDS]

        soon = passport.expiry_date < six_months
        assert soon == (number in listed[demo.PASSPORT_EXPIRES_SOON]), number
        if soon:
            assert passport.expiry_date > TODAY  # still valid, but not for long enough

        mismatch = (passport.surname_latin, passport.given_names_latin) != (
            a.surname_latin, a.given_names_latin)
        assert mismatch == (number in listed[demo.NAME_MISMATCH]), number
        if mismatch:
            assert passport.given_names_latin == a.given_names_latin
            assert len(passport.surname_latin) == len(a.surname_latin)
            assert sum(x != y for x, y in zip(passport.surname_latin, a.surname_latin,
                                              strict=True)) == 1
        for doc in a.documents:
            assert (doc.surname_latin, doc.given_names_latin) == (
                passport.surname_latin, passport.given_names_latin)

        assert (not stay) == (number in listed[demo.MISSING_STAY_DOCUMENT]), number

        if number in listed[demo.INVALID_SNILS]:
            assert a.snils is not None
            assert re.fullmatch(r"\d{11}", a.snils)
            assert not is_valid_snils(a.snils)
        elif a.snils is not None:
            assert is_valid_snils(a.snils), a.snils

        visits = [v for v in data.visits if v.application_id == application.id]
        assert bool(visits) == (number in listed[demo.EARLIER_REPEAT_VISIT]), number


def _check_earlier_visits(_db: Database, summary: demo.DemoSummary, data: Loaded) -> None:
    points = {p.id: p for p in data.points}
    staff = {o.id: o for o in data.operators}
    applications = {a.id: a for a in data.applications.values()}
    assert len(data.visits) == len(summary.problems[demo.EARLIER_REPEAT_VISIT])
    for visit in data.visits:
        application = applications[visit.application_id]
        clerk = staff[visit.operator_id]
        point = points[visit.service_point_id]
        assert visit.kind is VisitKind.FIRST
        assert visit.state is VisitState.REPEAT_NEEDED
        assert visit.open_application_id is None
        assert visit.missing.strip()
        assert visit.decision_note
        assert visit.decided_at is not None
        assert application.submitted_at < visit.opened_at < visit.decided_at
        assert visit.decided_at < NOW - dt.timedelta(days=1)
        assert point.kind is PointKind.SERVICE_CENTER
        assert clerk.role is Role.CLERK
        assert clerk.service_point_id == point.id
        assert application.confirmation_method is ConfirmationMethod.SERVICE_CENTER
        (event,) = [e for e in data.events
                    if e.action == "visit_decided" and e.entity_id == str(visit.id)]
        assert event.entity == "visit"
        assert event.chain == point.code
        assert event.operator_id == clerk.id
        assert event.operator_login == clerk.login
        assert event.application_number == application.number
        assert event.detail_dict()["outcome"] == "repeat_needed"
        assert event.at == visit.decided_at


def _check_audit(db: Database, _summary: demo.DemoSummary, data: Loaded) -> None:
    imported = [e for e in data.events if e.action == "application_imported"]
    assert sorted(e.application_number for e in imported) == sorted(data.applications)
    for event in imported:
        application = data.applications[event.application_number]
        assert application.applicant.surname_latin not in event.details
        assert application.applicant.surname_cyrillic not in event.details
    with db.read() as session:
        result = audit.verify(session)
    assert result.ok, result.breaks
    assert {"system", "MSK-CO-1", "KZN-CO-1"} <= set(result.heads)


def _check_second_run_refused(db: Database, _summary: demo.DemoSummary, data: Loaded) -> None:
    with pytest.raises(ServiceError) as refused:
        demo.create_demo(db)
    assert refused.value.message == demo.NOT_EMPTY
    assert len(_load(db).applications) == len(data.applications)


def _check_search(db: Database, summary: demo.DemoSummary, data: Loaded) -> None:
    number = summary.problems[demo.NAME_MISMATCH][0]
    application = data.applications[number]
    applicant = application.applicant
    passport = _passport(applicant)
    with db.read() as session:
        def found(query: str) -> list[str]:
            return [r.number for r in find_applications(session, Actor.command_line(), query,
                                                        limit=1000)]

        assert found(application_numbers.format_number(number)) == [number]
        assert number in found(passport.number.lower())
        assert number in found(applicant.surname_latin.lower())
        assert number not in found(passport.surname_latin)  # the account has the typo
        assert number in found(applicant.surname_cyrillic.upper())
        assert number in found(f"{applicant.given_names_cyrillic.lower()} "
                               f"{applicant.surname_cyrillic}")


def test_demo_set_is_complete_and_realistic(demo_db):
    db, summary, data = demo_db
    for check in (_check_summary, _check_staff, _check_login):
        check(db, summary, data)
    for check in (_check_applicants, _check_documents, _check_applications):
        check(db, summary, _base(summary, data))


def test_demo_problems_are_really_there(demo_db):
    db, summary, data = demo_db
    _check_problems(db, summary, _base(summary, data))
    _check_earlier_visits(db, summary, _base(summary, data))


def test_demo_log_verifies_search_works_and_a_second_run_is_refused(demo_db):
    _check_audit(*demo_db)
    _check_search(*demo_db)
    _check_second_run_refused(*demo_db)


# -- the played history ------------------------------------------------------------------------


def test_simulated_now_sets_the_clock_of_this_thread_only():
    moment = dt.datetime(2026, 3, 2, 12, 30, tzinfo=demo.MOSCOW)
    seen: list[dt.datetime] = []
    with simulated_now(moment):
        assert utcnow() == moment
        assert utcnow().tzinfo is dt.UTC
        with simulated_now(moment + dt.timedelta(minutes=5)):
            assert utcnow() == moment + dt.timedelta(minutes=5)
        assert utcnow() == moment
        other = threading.Thread(target=lambda: seen.append(utcnow()))
        other.start()
        other.join()
    real = dt.datetime.now(dt.UTC)
    assert abs(seen[0] - real) < dt.timedelta(minutes=1)  # the other thread: the real time
    assert abs(utcnow() - real) < dt.timedelta(minutes=1)
    with pytest.raises(ValueError, match="naive"), simulated_now(dt.datetime(2026, 3, 2)):
        pass


def _working_day_before(day: dt.date) -> dt.date:
    day -= dt.timedelta(days=1)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _admin(session) -> Actor:
    return Actor.of(operators.get_operator(session, "admin"))


def test_history_a_past_day_at_a_service_center(demo_db):
    db, _summary, _data = demo_db
    day = _working_day_before(TODAY)
    start, end = day_bounds(day)
    with db.read() as session:
        summary = reports.daily_summary(session, _admin(session), day, point_code="MSK-CO-1",
                                        now=NOW)
        everywhere = reports.daily_summary(session, _admin(session), day, now=NOW)
        corrected = session.scalars(select(AuditEvent).where(
            AuditEvent.chain == "MSK-CO-1", AuditEvent.action == "data_corrected",
            AuditEvent.at >= start, AuditEvent.at < end)).all()
    m = summary.totals
    assert m.visits >= 20  # two desks, a full day
    assert m.confirmed > m.visits / 2
    assert m.codes_issued >= m.confirmed
    assert m.codes_redeemed > 0  # on the portal, credited to the desk that issued them
    assert m.median_seconds is not None
    assert 5 * 60 <= m.median_seconds <= 40 * 60
    assert m.p90_seconds is not None
    assert m.median_seconds < m.p90_seconds <= 75 * 60
    # Everybody who came was served in opening hours.
    hours = [h.start.astimezone(demo.MOSCOW).hour for h in summary.visits_per_hour if h.total]
    assert min(hours) >= 9
    assert max(hours) < 18
    assert {e.operator_login for e in corrected} <= {"clerk.msk", "clerk.msk2"}
    assert corrected
    for event in corrected:
        details = event.detail_dict()
        assert details["reason"] in REASONS
        assert details["old"] != details["new"]
    assert everywhere.totals.letters_handed_over > 0
    assert {p.code for p in everywhere.points} >= {"MSK-CO-1", "KZN-CO-1", "MSK-PO-101000"}


def test_history_two_weeks_of_every_outcome(demo_db):
    db, summary, data = demo_db
    history = summary.history
    assert history is not None
    assert history.days == 14
    assert history.visits == len(data.visits)  # the base set's earlier ones included
    days = [TODAY - dt.timedelta(days=n) for n in range(14)]
    totals: Counter[str] = Counter()
    with db.read() as session:
        for day in days:
            t = reports.daily_summary(session, _admin(session), day, now=NOW).totals
            totals.update({name: getattr(t, name) for name in reports.COUNT_FIELDS})
    for name in ("visits_first", "visits_repeat", "confirmed", "repeat_needed", "refused",
                 "cancelled", "codes_issued", "codes_redeemed", "codes_revoked",
                 "letters_handed_over", "letters_returned"):
        assert totals[name] > 0, name
    assert totals["visits_first"] + totals["visits_repeat"] <= history.visits
    assert totals["letters_returned"] == history.letters_returned
    assert history.corrections > 0
    assert history.letters >= history.letters_handed_over + history.letters_returned


def test_history_was_written_by_the_services_in_time_order(demo_db):
    db, _summary, data = demo_db
    with db.read() as session:
        assert audit.verify(session).ok
    by_chain: dict[str, list[AuditEvent]] = {}
    for event in sorted(data.events, key=lambda e: (e.chain, e.seq)):
        if event.action != "login":  # a check's own login, at the real time
            by_chain.setdefault(event.chain, []).append(event)
    for chain, events in by_chain.items():
        moments = [e.at for e in events]
        assert moments == sorted(moments), chain
        assert moments[-1] <= NOW, chain
    # Every visit ended, with the time the desk measured; nothing is left open.
    assert all(v.open_application_id is None and v.decided_at is not None
               for v in data.visits)
    decided = {e.entity_id: e for e in data.events if e.action == "visit_decided"}
    for visit in data.visits:
        assert visit.decided_at is not None
        assert decided[str(visit.id)].detail_dict()["service_seconds"] == round(
            (visit.decided_at - visit.opened_at).total_seconds())
    # One applicant at a time at each desk.
    spans: dict[int, list[tuple[dt.datetime, dt.datetime]]] = {}
    for visit in data.visits:
        assert visit.decided_at is not None
        spans.setdefault(visit.operator_id, []).append((visit.opened_at, visit.decided_at))
    for operator_spans in spans.values():
        operator_spans.sort()
        for (_, ended), (opened, _) in itertools.pairwise(operator_spans):
            assert ended <= opened
    # A repeat visit is the same applicant's later visit.
    repeats = [v for v in data.visits if v.kind is VisitKind.REPEAT]
    assert repeats
    for visit in repeats:
        earlier = [v for v in data.visits
                   if v.application_id == visit.application_id and v.opened_at < visit.opened_at]
        assert earlier


def test_history_leaves_the_base_set_to_the_desk(demo_db):
    db, summary, data = demo_db
    base = _base(summary, data)
    ids = {a.id for a in base.applications.values()}
    with db.read() as session:
        coded = set(session.scalars(select(ConfirmationCode.application_id)))
        lettered = set(session.scalars(select(PostLetter.application_id)))
    assert not ids & coded
    assert not ids & lettered
    waiting = [a for a in base.applications.values() if not any(
        v.application_id == a.id for v in base.visits)]
    assert sum(a.account_status.value == "pending" for a in waiting) > 0.85 * len(waiting)
    # The QR sheet's ordinary applications are untouched ones of the base set.
    with db.read() as session:
        shown = demo.showcase(session, summary)
    assert {number for number, _ in shown} <= base.applications.keys()


def test_history_the_post_counter_today(demo_db):
    db, _summary, _data = demo_db
    with db.read() as session:
        clerk = Actor.of(operators.get_operator(session, "post.msk"))
        rows = letters.find_letters(session, clerk)
    states = Counter(row.state for row in rows)
    assert states[LetterState.AT_OFFICE] > 0
    assert states[LetterState.HANDED_OVER] > states[LetterState.AT_OFFICE]
    assert states[LetterState.RETURNED] > 0
    for row in rows:
        if row.state is LetterState.AT_OFFICE:
            assert row.return_due_at is not None
            assert row.return_due_at > NOW  # the morning's return took the overdue ones


def test_demo_refuses_a_database_with_operators(world):
    with pytest.raises(ServiceError, match="только в пустой базе"):
        demo.create_demo(world.db, applicants=20)
    with world.db.read() as session:
        assert session.scalars(select(Application)).first() is None


def test_same_seed_same_data(db, empty_db_url):
    other = Database(empty_db_url)
    try:
        other.upgrade()
        first = demo.create_demo(db, applicants=40, seed=7, now=NOW, history_days=1)
        second = demo.create_demo(other, applicants=40, seed=7, now=NOW, history_days=1)
        assert first.problems == second.problems
        assert first.history == second.history
        numbers = sorted(_load(db).applications)
        assert numbers == sorted(_load(other).applications)
        with db.read() as s1, other.read() as s2:
            names = [(a.surname_latin, a.given_names_latin, a.birth_date, a.snils)
                     for a in s1.scalars(select(Applicant).order_by(Applicant.id))]
            again = [(a.surname_latin, a.given_names_latin, a.birth_date, a.snils)
                     for a in s2.scalars(select(Applicant).order_by(Applicant.id))]
            # The history too, event by event (only the codes themselves are random).
            events = [(e.chain, e.seq, e.at, e.action, e.application_number, e.details)
                      for e in s1.scalars(select(AuditEvent).order_by(AuditEvent.id))]
            replayed = [(e.chain, e.seq, e.at, e.action, e.application_number, e.details)
                        for e in s2.scalars(select(AuditEvent).order_by(AuditEvent.id))]
        assert names == again
        assert events == replayed
    finally:
        other.dispose()
    other_seed = {d.data.number for d in demo._drafts(random.Random(8), 40, NOW)}
    assert other_seed != set(numbers)


def test_small_demo_still_has_every_problem(db):
    summary = demo.create_demo(db, applicants=20, seed=1, now=NOW, history_days=0)
    assert summary.applicants == 20
    assert summary.countries == 20
    assert all(len(numbers) >= 3 for numbers in summary.problems.values())


# -- the command line, end to end --------------------------------------------------------------


def test_cli_demo_then_audit_verify_then_tamper(db_url, capsys):
    assert main(["demo", "--db", db_url, "--history-days", "1"]) == 0
    out = capsys.readouterr().out
    for login, _role, _point in demo.demo_logins():
        assert login in out
    assert demo.DEMO_PASSWORD in out
    assert "Сыграна работа за 1 дн." in out

    assert main(["audit", "verify", "--db", db_url]) == 0
    assert "Журнал цел" in capsys.readouterr().out

    assert main(["demo", "--db", db_url]) == EXIT_REFUSED
    assert "только в пустой базе" in capsys.readouterr().err

    if not db_url.startswith("sqlite"):
        return
    path = make_url(db_url).database
    assert path is not None
    connection = sqlite3.connect(path)
    try:
        with connection:
            # The file's owner can drop the append-only triggers; the keyed hash still tells.
            for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                    "AND tbl_name = 'audit_event'").fetchall():
                connection.execute(f'DROP TRIGGER "{name}"')
            (event_id,) = connection.execute(
                "SELECT id FROM audit_event WHERE action = 'application_imported' "
                "ORDER BY id LIMIT 1 OFFSET 5").fetchone()
            connection.execute(
                "UPDATE audit_event "
                "SET details = replace(details, '\"documents\":[', '\"documents\":[\"snils\",') "
                "WHERE id = ?", (event_id,))
            assert connection.total_changes == 1
    finally:
        connection.close()
    assert main(["audit", "verify", "--db", db_url]) == 1
    err = capsys.readouterr().err
    assert f"id {event_id} " in err


def test_login_hint_names_every_demo_login_and_the_password():
    hint = demo.login_hint()
    assert demo.DEMO_PASSWORD in hint
    for login, role, _point in demo.demo_logins():
        assert login in hint
        assert role in hint


def test_demo_needs_enough_applicants_for_its_problems(db):
    with pytest.raises(ValueError, match="at least 20"):
        demo.create_demo(db, applicants=10)
