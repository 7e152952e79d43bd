"""The day's summary, the PDF and CSV reports and the command: a day played through the real
services (visits, decisions, codes issued, redeemed, revoked and left to expire) under a
controlled clock, then counted.

The desk's zone in these tests is UTC+3 (fixed), so a visit at 00:05 local time belongs
to the local day although it is still the previous day in UTC.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from pathlib import Path

import pytest
from pypdf import PdfReader

from operator_app.cli import EXIT_REFUSED, EXIT_USAGE, main
from operator_app.models import ConfirmationMethod, DocumentKind, VisitState
from operator_app.services import applications, audit, codes, reports, visits
from operator_app.services.application_numbers import make
from operator_app.services.errors import PermissionDenied
from printing.report import CSV_DELIMITER, daily_report_csv, daily_report_pdf
from tests.helpers.data import check_originals

KEY = bytes(range(32))
TZ = dt.timezone(dt.timedelta(hours=3))
DAY = dt.date(2026, 11, 20)  # a Friday
REPORT_TIME = dt.datetime(2026, 11, 20, 20, 0, tzinfo=TZ)


def at(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


class Clock:
    def __init__(self) -> None:
        self.now = at(8)

    def __call__(self) -> dt.datetime:
        return self.now.astimezone(dt.UTC)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The services' clock: audit events, visits and codes are stamped with ``clock.now``."""
    fake = Clock()
    for module in (audit, visits, codes):
        monkeypatch.setattr(module, "utcnow", fake)
    return fake


def _import(world, serials: range) -> dict[int, str]:
    numbers = {}
    with world.db.write() as session:
        for serial in serials:
            number = make(2026, serial)
            applications.import_application(session, world.admin, applications.ApplicationData(
                number=number, surname_latin="KARIMOV", given_names_latin="RUSTAM",
                birth_date=dt.date(1990, 5, 1), sex="M", citizenship="UZB",
                confirmation_method=ConfirmationMethod.SERVICE_CENTER,
                surname_cyrillic="Каримов", given_names_cyrillic="Рустам",
                snils="112-233-445 95",
                documents=(
                    applications.DocumentData(
                        DocumentKind.PASSPORT, f"FA{serial:07d}", issue_date=dt.date(2022, 3, 1),
                        expiry_date=dt.date(2032, 3, 1), country="UZB",
                        surname_latin="KARIMOV", given_names_latin="RUSTAM"),
                    applications.DocumentData(
                        DocumentKind.RESIDENCE_PERMIT, f"{serial:07d}", series="82",
                        issue_date=dt.date(2024, 1, 10), expiry_date=dt.date(2029, 1, 10),
                        issuing_authority="ГУ МВД России по г. Москве"))))
            numbers[serial] = number
    return numbers


def _visit(world, clock: Clock, actor, number: str, opened: dt.datetime, decided: dt.datetime,
           outcome: VisitState, *, ttl: dt.timedelta = codes.DEFAULT_TTL) -> visits.Decision:
    clock.now = opened
    with world.db.write() as session:
        info = visits.open_visit(session, actor, number)
    if outcome is VisitState.CONFIRMED:
        check_originals(world, info.id, actor)
        with world.db.write() as session:
            current = visits.visit_info(session, info.id)
            info = visits.advance(session, actor, info.id, current.version,
                                  VisitState.DOCUMENTS_CHECKED)
    clock.now = decided
    with world.db.write() as session:
        return visits.decide(
            session, actor, info.id, info.version, outcome,
            missing=("Миграционная карта",) if outcome is VisitState.REPEAT_NEEDED else (),
            note="Документ поддельный" if outcome is VisitState.REFUSED else "",
            code_key=KEY, request_id=f"req-{info.id}", code_ttl=ttl)


def _letter(world, clock: Clock, action: str, when: dt.datetime, letter_id: int) -> None:
    clock.now = when
    with world.db.write() as session:
        audit.record(session, world.post_clerk, action, entity="post_letter",
                     entity_id=letter_id)


@pytest.fixture
def day(world, clock: Clock):
    """The seeded day; see the expected figures in the tests."""
    n = _import(world, range(10, 22))
    clerk, spb = world.clerk, world.other_clerk
    c = VisitState
    # MSK-CO-1, clerk: service times 15, 8, 20, 40, 30, 15 minutes; a cancelled visit.
    a1 = _visit(world, clock, clerk, n[10], at(9, 10), at(9, 25), c.CONFIRMED)
    _visit(world, clock, clerk, n[11], at(10, 5), at(10, 13), c.REPEAT_NEEDED)
    _visit(world, clock, clerk, n[12], at(10, 30), at(10, 50), c.REFUSED)
    _visit(world, clock, clerk, n[13], at(11, 0), at(11, 40), c.CONFIRMED,
           ttl=dt.timedelta(hours=2))  # expires at 13:40 unused
    _visit(world, clock, clerk, n[14], at(14, 0), at(14, 1), c.CANCELLED)
    a2 = _visit(world, clock, clerk, n[11], at(15, 0), at(15, 30), c.CONFIRMED)  # repeat
    _visit(world, clock, clerk, n[15], at(0, 5), at(0, 20), c.REPEAT_NEEDED)  # 21:05 UTC
    # SPB-CO-1, the other clerk: 12 and 30 minutes.
    _visit(world, clock, spb, n[16], at(9, 0), at(9, 12), c.CONFIRMED)
    _visit(world, clock, spb, n[17], at(12, 0), at(12, 30), c.REPEAT_NEEDED)
    # The applicant redeems the first code on the portal; the supervisor revokes another.
    clock.now = at(12, 0)
    with world.db.write() as session:
        assert codes.redeem(session, n[10], a1.code.code, key=KEY).ok
    clock.now = at(16, 0)
    with world.db.write() as session:
        codes.revoke_code(session, world.supervisor, a2.code.code_id, "выдан по ошибке")
    # The post counter.
    _letter(world, clock, reports.LETTER_HANDED_OVER, at(11, 0), 1)
    _letter(world, clock, reports.LETTER_HANDED_OVER, at(13, 0), 2)
    _letter(world, clock, reports.LETTER_RETURNED, at(17, 0), 3)
    # The day before (the last minutes of it, local time) and a week before.
    before = DAY - dt.timedelta(days=1)
    _visit(world, clock, clerk, n[18], at(23, 40, before), at(23, 55, before), c.CONFIRMED)
    week = DAY - dt.timedelta(days=7)
    _visit(world, clock, spb, n[19], at(10, 0, week), at(10, 45, week), c.REFUSED)
    _visit(world, clock, clerk, n[20], at(11, 0, week), at(11, 20, week), c.REPEAT_NEEDED)
    clock.now = REPORT_TIME
    return world


def _summary(world, actor=None, **options) -> reports.DaySummary:
    with world.db.read() as session:
        return reports.daily_summary(session, actor or world.admin, DAY, tz=TZ,
                                     now=REPORT_TIME, **options)


def _point(summary: reports.DaySummary, code: str) -> reports.PointSummary:
    return next(p for p in summary.points if p.code == code)


def _operator(point: reports.PointSummary, login: str) -> reports.Metrics:
    return next(o.metrics for o in point.operators if o.login == login)


MIN = 60


def test_the_day_is_counted_per_point_and_operator(day):
    summary = _summary(day)
    assert [p.code for p in summary.points] == ["MSK-CO-1", "MSK-PO-101000", "SPB-CO-1"]
    msk = _point(summary, "MSK-CO-1")
    assert msk.name == "ЦО «Тверская»"
    clerk = _operator(msk, "clerk")
    assert (clerk.visits_first, clerk.visits_repeat) == (6, 1)
    assert (clerk.confirmed, clerk.repeat_needed, clerk.refused, clerk.cancelled) == (3, 2, 1, 1)
    assert (clerk.codes_issued, clerk.codes_redeemed, clerk.codes_expired) == (3, 1, 1)
    assert clerk.codes_revoked == 0
    # 8, 15, 15, 20, 30, 40 minutes: the cancelled visit is not timed.
    assert clerk.timed_visits == 6
    assert clerk.median_seconds == pytest.approx(17.5 * MIN)
    assert clerk.p90_seconds == pytest.approx(35 * MIN)
    boss = _operator(msk, "boss")
    assert boss.codes_revoked == 1
    assert boss.visits == 0
    assert next(o.full_name for o in msk.operators if o.login == "boss") == "Сергей Начальников"
    assert msk.metrics.codes_revoked == 1
    assert msk.metrics.visits == 7

    post = _point(summary, "MSK-PO-101000").metrics
    assert (post.letters_handed_over, post.letters_returned) == (2, 1)
    spb = _point(summary, "SPB-CO-1").metrics
    assert (spb.visits, spb.confirmed, spb.repeat_needed, spb.codes_issued) == (2, 1, 1, 1)
    assert spb.median_seconds == pytest.approx(21 * MIN)

    t = summary.totals
    assert (t.visits, t.visits_first, t.visits_repeat) == (9, 8, 1)
    assert (t.confirmed, t.repeat_needed, t.refused, t.cancelled) == (4, 3, 1, 1)
    assert (t.codes_issued, t.codes_redeemed, t.codes_revoked, t.codes_expired) == (4, 1, 1, 1)
    assert (t.letters_handed_over, t.letters_returned) == (2, 1)
    assert t.timed_visits == 8  # 8, 12, 15, 15, 20, 30, 30, 40
    assert t.median_seconds == pytest.approx(17.5 * MIN)
    assert t.p90_seconds == pytest.approx(33 * MIN)


def test_hours_outcomes_and_service_time_buckets(day):
    summary = _summary(day)
    hours = {h.label: (h.first, h.repeat) for h in summary.visits_per_hour if h.total}
    assert hours == {"00:00": (1, 0), "09:00": (2, 0), "10:00": (2, 0), "11:00": (1, 0),
                     "12:00": (1, 0), "14:00": (1, 0), "15:00": (0, 1)}
    assert len(summary.visits_per_hour) == 24
    assert summary.visits_per_hour[0].start == at(0)
    assert [count for _, count in summary.totals.outcomes] == [4, 3, 1, 1]
    assert {b.label: b.count for b in summary.service_time_buckets} == {
        "< 5 мин": 0, "5–10 мин": 1, "10–15 мин": 1, "15–20 мин": 2, "20–30 мин": 1,
        "30–45 мин": 3, "45–60 мин": 0, "≥ 60 мин": 0}
    spb = _point(summary, "SPB-CO-1")
    assert sum(h.total for h in spb.visits_per_hour) == 2
    assert sum(b.count for b in spb.service_time_buckets) == 2


def test_comparison_with_the_previous_day_and_the_week_before(day):
    summary = _summary(day)
    previous = summary.previous_day
    assert previous.day == dt.date(2026, 11, 19)
    assert (previous.totals.visits, previous.totals.confirmed,
            previous.totals.codes_issued) == (1, 1, 1)
    assert previous.totals.median_seconds == pytest.approx(15 * MIN)
    week = summary.week_before
    assert week.day == dt.date(2026, 11, 13)
    assert (week.totals.visits, week.totals.refused, week.totals.repeat_needed) == (2, 1, 1)
    assert week.totals.median_seconds == pytest.approx(32.5 * MIN)


def test_a_code_is_expired_only_once_its_time_has_come(day):
    with day.db.read() as session:
        early = reports.daily_summary(session, day.admin, DAY, tz=TZ, now=at(13, 0))
    assert early.totals.codes_expired == 0
    assert _summary(day).totals.codes_expired == 1


def test_a_supervisor_sees_their_own_point_only(day):
    summary = _summary(day, day.supervisor)
    assert summary.point_code == "MSK-CO-1"
    assert [p.code for p in summary.points] == ["MSK-CO-1"]
    assert summary.totals.visits == 7
    assert summary.totals.codes_redeemed == 1  # the portal's event, credited to the issuer
    assert summary.previous_day.totals.visits == 1
    assert summary.week_before.totals.visits == 1
    with pytest.raises(PermissionDenied):
        _summary(day, day.supervisor, point_code="SPB-CO-1")
    with pytest.raises(PermissionDenied):
        _summary(day, day.clerk)
    with day.db.read() as session:
        heads = reports.chain_heads(session, day.supervisor)
    assert set(heads) == {"MSK-CO-1", "system"}


def test_an_administrator_may_narrow_to_one_point(day):
    summary = _summary(day, point_code="spb-co-1")
    assert [p.code for p in summary.points] == ["SPB-CO-1"]
    assert summary.totals.visits == 2
    assert summary.totals.codes_redeemed == 0


def test_an_idle_point_still_shows(world):
    with world.db.read() as session:
        summary = reports.daily_summary(session, world.supervisor, DAY, tz=TZ,
                                        now=REPORT_TIME)
    assert [p.code for p in summary.points] == ["MSK-CO-1"]
    assert summary.points[0].operators == ()
    assert summary.totals.visits == 0
    assert summary.totals.median_seconds is None


@pytest.mark.parametrize(("values", "p", "expected"), [
    ({}, 0.5, None),
    ({7: 1}, 0.9, 7),
    ({1: 1, 2: 1, 3: 1, 4: 1}, 0.5, 2.5),
    ({10: 3, 20: 1}, 0.5, 10),
    ({10: 3, 20: 1}, 0.9, 17),
    ({1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1, 8: 1, 9: 1, 10: 1}, 0.9, 9.1),
])
def test_percentile_from_a_histogram(values, p, expected):
    result = reports.percentile(values, p)
    assert result == (pytest.approx(expected) if expected is not None else None)


# -- the PDF and the CSV ------------------------------------------------------------------


def _heads(world) -> dict[str, tuple[int, str]]:
    with world.db.read() as session:
        return reports.chain_heads(session, world.admin)


def _pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_the_pdf_shows_the_totals_and_every_chain_head(day, tmp_path: Path):
    summary = _summary(day)
    heads = _heads(day)
    target = tmp_path / "report.pdf"
    data = daily_report_pdf(summary, heads, target)
    assert target.read_bytes() == data
    pages = _pdf_text(data)
    text = "\n".join(pages)
    assert "Отчёт за день 20.11.2026" in text
    assert re.search(r"Визиты, всего\s+9\s+1\s+\+8\s+2\s+\+7", text), text
    assert re.search(r"Личность подтверждена\s+4\s+1\s+\+3", text)
    assert re.search(r"Коды истекли\s+1\b", text)
    assert re.search(r"Время обслуживания, медиана, мин\s+17,5", text)
    assert re.search(r"Итого\s+9\s+8\s+1\s+4\s+3\s+1\s+1\s+4\s+1\s+1\s+1\s+2\s+1\s+17,5\s+33,0",
                     text)
    assert "Иван Клерков (clerk)" in text
    for chain, (seq, digest) in heads.items():
        assert re.search(rf"{re.escape(chain)}\s+{seq}\s+{digest}", text), chain
    assert len(heads) == 4  # three points and the system chain
    assert all(f"стр. {i} из {len(pages)}" in page for i, page in enumerate(pages, start=1))


def test_a_pdf_of_an_empty_day_builds(world, tmp_path: Path):
    with world.db.read() as session:
        summary = reports.daily_summary(session, world.admin, DAY, tz=TZ, now=REPORT_TIME)
    text = "\n".join(_pdf_text(daily_report_pdf(summary, _heads(world))))
    assert "стр. 1 из" in text


def _csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=CSV_DELIMITER))


def test_csv_rows_add_up_to_the_summary(day, tmp_path: Path):
    summary = _summary(day)
    target = tmp_path / "report.csv"
    rows = _csv(daily_report_csv(summary, target))
    assert _csv(target.read_bytes()) == rows
    totals = {r["metric"]: r["value"] for r in rows if r["section"] == "total"}
    for name in reports.COUNT_FIELDS:
        assert int(totals[name]) == getattr(summary.totals, name), name
    assert totals["median_seconds"] == str(round(summary.totals.median_seconds))
    by_point: dict[str, int] = defaultdict(int)
    by_operator: dict[tuple[str, str], int] = defaultdict(int)
    for r in rows:
        if r["section"] == "point":
            if r["metric"] in reports.COUNT_FIELDS:
                by_point[r["metric"]] += int(r["value"])
                by_operator[(r["point_code"], r["metric"])] -= int(r["value"])
        elif r["section"] == "operator" and r["metric"] in reports.COUNT_FIELDS:
            by_operator[(r["point_code"], r["metric"])] += int(r["value"])
    assert {name: by_point[name] for name in reports.COUNT_FIELDS} == {
        name: getattr(summary.totals, name) for name in reports.COUNT_FIELDS}
    assert not any(by_operator.values())  # operators add up to their point, every metric
    hours = [r for r in rows if r["section"] == "hour"]
    assert sum(int(r["value"]) for r in hours) == summary.totals.visits
    buckets = [r for r in rows if r["section"] == "service_time"]
    assert sum(int(r["value"]) for r in buckets) == summary.totals.timed_visits
    previous = {r["metric"]: r for r in rows if r["section"] == "previous_day"}
    assert previous["visits_first"]["date"] == "2026-11-19"
    assert int(previous["confirmed"]["value"]) == 1
    clerk = next(r for r in rows if r["section"] == "operator" and r["operator_login"] == "clerk"
                 and r["metric"] == "confirmed")
    assert (clerk["point_name"], clerk["operator_name"], clerk["value"]) == (
        "ЦО «Тверская»", "Иван Клерков", "3")
    assert clerk["metric_title"] == "Личность подтверждена"


# -- the command ------------------------------------------------------------------------


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_report_daily_command_writes_pdf_and_csv(day, db_url, tmp_path: Path, capsys,
                                                  monkeypatch: pytest.MonkeyPatch):
    import time

    pdf, table = tmp_path / "day.pdf", tmp_path / "day.csv"
    with monkeypatch.context() as patch:
        patch.setenv("TZ", "UTC-3")  # POSIX for UTC+3: the command counts the desk's days
        time.tzset()
        try:
            code, out, err = _run(capsys, "report", "daily", "--date", "2026-11-20", "--point",
                                  "MSK-CO-1", "--pdf", str(pdf), "--csv", str(table),
                                  "--db", db_url)
        finally:
            patch.undo()
            time.tzset()
    assert code == 0, err
    assert "Визиты: 7 (первичные 6, повторные 1)" in out
    assert str(pdf) in out
    assert "Визиты, всего" in _pdf_text(pdf.read_bytes())[0]
    rows = _csv(table.read_bytes())
    assert {r["point_code"] for r in rows if r["section"] == "point"} == {"MSK-CO-1"}


def test_report_daily_command_refusals(db_url, capsys):
    with pytest.raises(SystemExit) as usage:
        main(["report", "daily", "--date", "20.11.2026", "--db", db_url])
    assert usage.value.code == EXIT_USAGE
    capsys.readouterr()
    code, _, err = _run(capsys, "report", "daily", "--date", "2026-11-20", "--point", "NOWHERE",
                        "--db", db_url)
    assert code == EXIT_REFUSED
    assert err.count("\n") == 1


def test_the_system_chain_is_a_scope_of_its_own(day, clock: Clock):
    clock.now = at(18, 0)
    with day.db.write() as session:  # e.g. a letter's code revoked by a rule, no operator
        audit.record(session, None, reports.CODE_REVOKED, entity="confirmation_code",
                     entity_id=999)
    everything = _summary(day)
    system = _point(everything, "system")
    assert system.name == reports.SYSTEM_POINT_NAME
    assert [(o.login, o.metrics.codes_revoked) for o in system.operators] == [("", 1)]
    assert everything.totals.codes_revoked == 2
    only = _summary(day, point_code="SYSTEM")
    assert only.point_code == "system"
    assert [p.code for p in only.points] == ["system"]
    assert only.totals.codes_revoked == 1
    assert only.totals.codes_redeemed == 0
