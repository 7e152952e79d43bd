"""The supervisor's lazy log: counting, filtering, sorting and keyset paging of audit events."""

from __future__ import annotations

import datetime as dt

import pytest

from operator_app.models import ConfirmationMethod
from operator_app.services import applications, audit, journal
from operator_app.services.application_numbers import make
from operator_app.services.errors import PermissionDenied, ValidationError
from operator_app.services.journal import EventFilter, EventSort

TZ = dt.timezone(dt.timedelta(hours=3))
DAY = dt.date(2026, 11, 20)
KARIMOV = make(2026, 501)
PETROVA = make(2026, 502)


def at(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


@pytest.fixture
def log(world):
    """Events of two points and two days, some about two applicants."""
    with world.db.write() as session:
        for number, surname, cyrillic in [(KARIMOV, "KARIMOV", "Каримов"),
                                          (PETROVA, "PETROVA", "Петрова")]:
            applications.import_application(session, world.admin, applications.ApplicationData(
                number=number, surname_latin=surname, given_names_latin="ANNA",
                birth_date=dt.date(1991, 2, 3), sex="F", citizenship="KAZ",
                confirmation_method=ConfirmationMethod.SERVICE_CENTER,
                surname_cyrillic=cyrillic, given_names_cyrillic="Анна"))
    plan = [
        (world.clerk, "visit_opened", KARIMOV, at(9, 0)),
        (world.clerk, "document_checked", KARIMOV, at(9, 5)),
        (world.clerk, "visit_decided", KARIMOV, at(9, 20)),
        (world.clerk, "visit_opened", PETROVA, at(10, 0)),
        (world.supervisor, "code_revoked", PETROVA, at(11, 0)),
        (world.other_clerk, "visit_opened", PETROVA, at(12, 0)),
        (world.other_clerk, "visit_decided", PETROVA, at(12, 30)),
        (world.clerk, "visit_opened", KARIMOV, at(0, 10)),  # 21:10 UTC the day before
        (world.clerk, "visit_opened", KARIMOV, at(23, 50, DAY - dt.timedelta(days=1))),
        (world.clerk, "login", "", at(8, 0, DAY + dt.timedelta(days=1))),
    ]
    with world.db.write() as session:
        for actor, action, number, when in plan:
            audit.record(session, actor, action, application_number=number, at=when,
                         details={"note": action})
    return world


def _day(**options) -> EventFilter:
    return EventFilter.for_day(DAY, tz=TZ, **options)


def _fetch(world, filters: EventFilter, actor=None, **options) -> list[journal.EventRow]:
    with world.db.read() as session:
        return journal.fetch_events(session, actor or world.admin, filters, **options)


def _count(world, filters: EventFilter, actor=None) -> int:
    with world.db.read() as session:
        return journal.count_events(session, actor or world.admin, filters)


def test_a_day_newest_first_with_its_count(log):
    rows = _fetch(log, _day())
    assert [r.at for r in rows] == sorted((r.at for r in rows), reverse=True)
    assert len(rows) == _count(log, _day()) == 8  # the local day, 00:10 included
    assert rows[-1].at == at(0, 10)
    assert rows[0].details == {"note": "visit_decided"}
    assert rows[0].seq > 0
    assert len(rows[0].hash) == 64


@pytest.mark.parametrize(("options", "expected"), [
    ({"point_code": "spb-co-1"}, 2),
    ({"operator_login": "boss"}, 1),
    ({"action": "visit_opened"}, 4),
    ({"application_number": KARIMOV}, 4),
    ({"application_number": f"{KARIMOV[:4]} {KARIMOV[4:8]} {KARIMOV[8:]}"}, 4),
    ({"application_number": PETROVA[-5:]}, 4),
    ({"applicant_name": "петрова"}, 4),
    ({"applicant_name": "Анна Каримов"}, 4),
    ({"applicant_name": "karimov"}, 4),
    ({"applicant_name": "Сидоров"}, 0),
    ({"point_code": "MSK-CO-1", "action": "visit_opened", "applicant_name": "Петрова"}, 1),
])
def test_filters(log, options, expected):
    filters = _day(**options)
    rows = _fetch(log, filters)
    assert len(rows) == _count(log, filters) == expected


def test_a_range_of_days(log):
    filters = EventFilter(first_day=DAY - dt.timedelta(days=1), last_day=DAY + dt.timedelta(
        days=1), tz=TZ)
    assert _count(log, filters) == 10
    assert _count(log, EventFilter(tz=TZ)) > 10  # no days: the whole log (imports too)
    with pytest.raises(ValidationError):
        _count(log, EventFilter(first_day=DAY, last_day=DAY - dt.timedelta(days=1)))


@pytest.mark.parametrize("column", sorted(journal.SORT_COLUMNS))
@pytest.mark.parametrize("descending", [True, False])
def test_sorting_and_keyset_paging_agree(log, column, descending):
    sort = EventSort(column, descending)
    everything = _fetch(log, _day(), sort=sort, limit=100)
    keys = [(getattr(r, column), r.id) for r in everything]
    assert keys == sorted(keys, reverse=descending)
    pages: list[journal.EventRow] = []
    after = None
    while True:
        page = _fetch(log, _day(), sort=sort, after=after, limit=3)
        if not page:
            break
        pages.extend(page)
        after = page[-1]
    assert [r.id for r in pages] == [r.id for r in everything]
    by_offset = _fetch(log, _day(), sort=sort, offset=3, limit=3)
    assert [r.id for r in by_offset] == [r.id for r in everything[3:6]]


def test_an_unknown_sort_column_is_a_programming_error():
    with pytest.raises(ValueError, match="cannot sort"):
        EventSort("details")


def test_a_supervisor_reads_their_own_point_only(log):
    rows = _fetch(log, _day(), log.supervisor)
    assert {r.chain for r in rows} == {"MSK-CO-1"}
    assert _count(log, _day(), log.supervisor) == 6
    assert _count(log, _day(point_code="MSK-CO-1"), log.supervisor) == 6
    with pytest.raises(PermissionDenied):
        _count(log, _day(point_code="SPB-CO-1"), log.supervisor)
    with pytest.raises(PermissionDenied):
        _fetch(log, _day(), log.clerk)


def test_events_for_day_is_the_first_page_of_the_day(log):
    with log.db.read() as session:
        rows = journal.events_for_day(session, log.admin, DAY)
    start, end = journal.day_bounds(DAY)
    assert all(start <= r.at < end for r in rows)
    assert [r.at for r in rows] == sorted((r.at for r in rows), reverse=True)


def test_day_bounds_follow_the_zone():
    start, end = journal.day_bounds(DAY, TZ)
    assert start == dt.datetime(2026, 11, 19, 21, 0, tzinfo=dt.UTC)
    assert end - start == dt.timedelta(days=1)


def test_a_supervisor_opens_only_records_served_at_their_point(world):
    from operator_app.services import codes, visits
    from operator_app.services.actor import Actor

    number = make(2026, 77)
    with world.db.write() as session:  # from the portal: the system chain, no point yet
        applications.import_application(session, Actor.command_line(), applications.ApplicationData(
            number=number, surname_latin="NAZAROV", given_names_latin="FIRDAVS",
            birth_date=dt.date(1991, 2, 3), sex="M", citizenship="TJK",
            confirmation_method=ConfirmationMethod.SERVICE_CENTER))
    with world.db.write() as session, pytest.raises(PermissionDenied, match="вашей точке"):
        journal.open_personal_record(session, world.supervisor, number)
    with world.db.write() as session, pytest.raises(PermissionDenied, match="вашей точке"):
        codes.active_codes(session, world.supervisor, number)
    with world.db.write() as session:
        visits.open_visit(session, world.clerk, number)  # served at MSK-CO-1 now
    with world.db.write() as session:
        assert journal.open_personal_record(session, world.supervisor, number).birth_date
        record = journal.open_personal_record(session, world.admin, number)  # any point
    assert record.account_status == "ожидает подтверждения"  # not the stored "pending"
    assert record.citizenship == "Таджикистан (TJK)"


def _read(action: str, details: dict) -> dict[str, str]:
    return {d.title: d.value for d in journal.describe(action, details)}


def test_a_decision_reads_in_words_and_an_empty_list_is_left_out():
    assert _read("visit_decided", {"outcome": "repeat_needed", "missing": [], "note": "",
                                   "service_seconds": 1505}) == {
        "итог": "нужен повторный визит", "время обслуживания": "25 мин 5 с"}
    line = journal.details_line("visit_decided", {
        "outcome": "refused", "missing": ["Паспорт (оригинал)", "Миграционная карта"]})
    assert line == "итог: отказ · не хватало: Паспорт (оригинал); Миграционная карта"


def test_flags_reasons_and_roles_are_named():
    assert _read("visit_repeat_reason", {"reason": "missing_documents",
                                         "free_of_charge": False}) == {
        "причина": "не хватает документов", "бесплатно": "нет"}
    assert _read("letter_hand_over_refused", {"reason": "passport_mismatch",
                                              "tracking_number": "10100010000018"}) == {
        "причина": "паспорт не совпадает с паспортом адресата",
        "трек-номер": "10100010000018"}
    assert _read("operator_role_changed", {"login": "ivanova", "old": "clerk",
                                           "new": "supervisor"}) == {
        "было": "Оператор ЦО", "стало": "Руководитель", "логин": "ivanova"}
    assert _read("login_failed", {"login": "x", "why": "unknown"})["причина"] == \
        "неизвестный логин"


def test_document_numbers_stay_hidden_and_dates_read_as_dates():
    details = {"kind": "passport", "visit_id": 3, "changed": {
        "number": ["", "FA1234567"], "expiry_date": ["2026-01-01", "2032-03-01"],
        "country": ["", "UZB"]},
        "accepted_despite": {"findings": ["Паспорт действует менее 6 месяцев."],
                             "reason": "оформляет новый"}}
    read = _read("document_checked", details)
    assert read["вид"] == "паспорт"
    assert read["изменено"] == ("номер (внесён); действует до: 01.01.2026 → 01.03.2032; "
                                "страна: — → Узбекистан (UZB)")
    assert "FA1234567" not in journal.details_line("document_checked", details)
    assert read["сверен, несмотря на"] == ("замечания: Паспорт действует менее 6 месяцев; "
                                           "причина: оформляет новый")
    assert read["визит"] == "№ 3"


def test_a_copy_and_a_correction_read_as_the_clerk_would_say_them():
    read = _read("copy_captured", {
        "document_id": 5, "visit_id": None, "sha256": "ab" * 32, "size_bytes": 734003,
        "format": "jpeg", "source": "webcam", "width": 2400, "height": 1700, "dpi": 300,
        "sharpness": 412.337, "glare": 0.0, "in_frame": True, "problems": [],
        "kind_problems": ["нет машиночитаемой зоны"], "kind_confirmed": True})
    assert read["откуда"] == "веб-камера"
    assert read["размер файла"] == "717 КБ"
    assert read["документ целиком в кадре"] == "да"
    assert read["резкость"] == "412,34"
    assert "замечания" not in read
    assert read["не похоже на документ"] == "нет машиночитаемой зоны"
    assert read["оператор подтвердил вид документа"] == "да"
    assert "визит" not in read
    assert _read("data_corrected", {"field": "snils", "old": "", "new": "11223344595",
                                    "reason": "по заявлению гражданина"}) == {
        "поле": "СНИЛС", "стало": "112-233-445 95", "причина": "по заявлению гражданина"}


def test_a_key_nobody_titled_still_reads_without_underscores():
    assert journal.details_line("scan", {"frames_seen": 3, "format": "CODE_128"}) == \
        "формат: CODE 128 · frames seen: 3"
