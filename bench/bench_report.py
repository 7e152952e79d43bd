"""The supervisor's reading paths on a busy day: the day's summary, the PDF report, and the
first page of the lazy log. Prints figures; not a test.

    .venv/bin/python bench/bench_report.py [--db URL] [--events 100000] [--points 20]

Seeds one local day (yesterday) of ``--events`` audit events with the visits, codes,
applicants and applications behind them, into an empty database (default: a temporary
SQLite file). Rows are inserted in bulk — the bench measures reading — but every chain
is still a valid hash chain, so ``audit verify`` passes on the seeded data.

Targets (issue 8): the day's PDF report under 3 s, first paint of the log under 300 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy import insert, text

from operator_app.models import (
    Applicant,
    Application,
    AuditChainHead,
    AuditEvent,
    CodeState,
    ConfirmationCode,
    ConfirmationMethod,
    Database,
    Operator,
    PointKind,
    Role,
    ServicePoint,
    Visit,
    VisitKind,
    VisitState,
)
from operator_app.models.entities import name_search_key
from operator_app.services import audit, journal, reports
from operator_app.services.actor import Actor
from operator_app.services.application_numbers import make
from operator_app.services.audit import GENESIS_HASH, audit_key, canonical_json, event_hash
from printing.report import daily_report_csv, daily_report_pdf

CLERKS_PER_POINT = 6
POST_OFFICES = 3
SURNAMES = ["KARIMOV", "IVANOVA", "NAZAROV", "PETROVA", "TASHKENTOV", "ALIEV", "RAHIMOVA",
            "SMIRNOV", "YUSUPOV", "KIM", "LEE", "GARCIA", "MULLER", "NGUYEN", "SIDOROV"]


class _Seeder:
    """Builds the day's rows in memory, then inserts them table by table."""

    def __init__(self, day: dt.date, points: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.day = day
        self.start, self.end = journal.day_bounds(day)
        self.points = [f"BENCH-CO-{i:02d}" for i in range(points)]
        self.offices = [f"BENCH-PO-{i:02d}" for i in range(POST_OFFICES)]
        self.events: list[dict[str, Any]] = []
        self.applicants: list[dict[str, Any]] = []
        self.applications: list[dict[str, Any]] = []
        self.visits: list[dict[str, Any]] = []
        self.codes: list[dict[str, Any]] = []
        self.operators: dict[str, list[tuple[int, str]]] = {}

    def moment(self, low_hour: float = 8, high_hour: float = 20) -> dt.datetime:
        local_start = self.start + dt.timedelta(hours=low_hour)
        return local_start + dt.timedelta(seconds=self.rng.uniform(0, (high_hour - low_hour)
                                                                    * 3600))

    def event(self, chain: str, operator: tuple[int, str] | None, action: str, at: dt.datetime,
              *, entity: str = "", entity_id: object = "", number: str = "",
              details: dict[str, Any] | None = None) -> None:
        self.events.append({
            "chain": chain, "at": at, "operator_id": operator[0] if operator else None,
            "operator_login": operator[1] if operator else "", "action": action,
            "entity": entity, "entity_id": str(entity_id), "application_number": number,
            "details": canonical_json(details or {}),
        })

    def application(self) -> tuple[int, str]:
        serial = len(self.applications) + 1
        number = make(2026, serial)
        surname = self.rng.choice(SURNAMES)
        self.applicants.append({
            "id": serial, "surname_latin": surname, "given_names_latin": "TEST",
            "surname_cyrillic": "", "birth_date": dt.date(1990, 1, 1), "sex": "M",
            "citizenship": "UZB", "search_key": name_search_key(surname, "TEST")})
        self.applications.append({
            "id": serial, "number": number, "applicant_id": serial,
            "confirmation_method": ConfirmationMethod.SERVICE_CENTER,
            "submitted_at": self.start - dt.timedelta(days=3)})
        return serial, number

    def visit(self, point_index: int, budget: int) -> int:
        """One visit with its events; returns how many events it wrote."""
        point = self.points[point_index]
        clerk = self.rng.choice(self.operators[point])
        application_id, number = self.application()
        opened = self.moment()
        minutes = min(90.0, self.rng.lognormvariate(2.7, 0.45))
        decided = opened + dt.timedelta(minutes=minutes)
        kind = VisitKind.REPEAT if self.rng.random() < 0.18 else VisitKind.FIRST
        outcome = self.rng.choices([VisitState.CONFIRMED, VisitState.REPEAT_NEEDED,
                                    VisitState.REFUSED, VisitState.CANCELLED],
                                   weights=[70, 20, 6, 4])[0]
        visit_id = len(self.visits) + 1
        self.visits.append({
            "id": visit_id, "application_id": application_id,
            "service_point_id": point_index + 1, "operator_id": clerk[0], "kind": kind,
            "state": outcome, "opened_at": opened, "decided_at": decided})
        written = 0

        def add(action: str, at: dt.datetime, **kw: Any) -> None:
            nonlocal written
            if written < budget:
                self.event(point, clerk, action, at, number=number, **kw)
                written += 1

        add("visit_opened", opened, entity="visit", entity_id=visit_id,
            details={"kind": kind.value})
        step = (decided - opened) / 8
        for i in range(2):
            add("document_checked", opened + step * (1 + i), entity="identity_document",
                entity_id=visit_id * 2 + i, details={"kind": "passport", "ok": True})
            add("copy_captured", opened + step * (2 + i), entity="document_image",
                entity_id=visit_id * 2 + i, details={"source": "scanner"})
        if outcome is not VisitState.CANCELLED:
            add("visit_documents_checked", opened + step * 5, entity="visit", entity_id=visit_id)
        if self.rng.random() < 0.2:
            add("data_corrected", opened + step * 6, entity="applicant",
                entity_id=application_id, details={"field": "surname_cyrillic",
                                                   "old": "Каримов", "new": "Каримова",
                                                   "reason": "опечатка в заявлении"})
        add("visit_decided", decided, entity="visit", entity_id=visit_id,
            details={"outcome": outcome.value, "missing": [], "note": "",
                     "service_seconds": round((decided - opened).total_seconds())})
        if outcome is VisitState.CONFIRMED and written < budget:
            code_id = len(self.codes) + 1
            redeemed = self.rng.random() < 0.5
            self.codes.append(self.code(code_id, application_id, visit_id, clerk[0], decided,
                                        redeemed))
            add("code_issued", decided, entity="confirmation_code", entity_id=code_id,
                details={"expires_at": (decided + dt.timedelta(days=30)).isoformat(),
                         "visit_id": visit_id})
            if redeemed and written < budget:
                self.event("system", None, "code_redeemed", decided + dt.timedelta(minutes=30),
                           entity="confirmation_code", entity_id=code_id, number=number)
                written += 1
        return written

    def code(self, code_id: int, application_id: int, visit_id: int | None, issuer: int,
             issued: dt.datetime, redeemed: bool, *,
             ttl: dt.timedelta = dt.timedelta(days=30)) -> dict[str, Any]:
        return {
            "id": code_id, "application_id": application_id, "visit_id": visit_id,
            "code_hash": hashlib.sha256(f"bench-{code_id}".encode()).hexdigest(),
            "state": CodeState.REDEEMED if redeemed else CodeState.ACTIVE,
            "issued_at": issued, "expires_at": issued + ttl, "issued_by": issuer,
            "closed_at": issued + dt.timedelta(minutes=30) if redeemed else None}

    def build(self, events: int) -> None:
        operator_id = 0
        for code in self.points + self.offices:
            staff = CLERKS_PER_POINT if code in self.points else 2
            self.operators[code] = []
            for i in range(staff):
                operator_id += 1
                self.operators[code].append((operator_id, f"{code.lower()}-{i}"))
        # A month-old batch of codes that expire during the day, unused.
        for _ in range(300):
            application_id, _number = self.application()
            point = self.rng.randrange(len(self.points))
            issuer = self.rng.choice(self.operators[self.points[point]])[0]
            self.codes.append(self.code(len(self.codes) + 1, application_id, None, issuer,
                                        self.moment(0, 23) - dt.timedelta(days=30), False))
        letters = events // 50
        while len(self.events) < events - letters:
            self.visit(self.rng.randrange(len(self.points)), events - letters - len(self.events))
        while len(self.events) < events:
            office = self.rng.choice(self.offices)
            action = "letter_returned" if self.rng.random() < 0.1 else "letter_handed_over"
            self.event(office, self.rng.choice(self.operators[office]), action, self.moment(),
                       entity="post_letter", entity_id=len(self.events))

    def chain(self) -> dict[str, tuple[int, str]]:
        """Number and hash every chain's events in time order: a valid hash chain."""
        heads: dict[str, tuple[int, str]] = defaultdict(lambda: (0, GENESIS_HASH))
        key = audit_key()  # the installation's, as a desk would chain them
        self.events.sort(key=lambda e: e["at"])
        for event in self.events:
            seq, prev = heads[event["chain"]]
            event["seq"], event["prev_hash"] = seq + 1, prev
            event["hash"] = event_hash(key=key, prev_hash=prev, seq=seq + 1, **{
                k: event[k] for k in ("chain", "at", "operator_id", "operator_login", "action",
                                      "entity", "entity_id", "details")},
                application_number=event["application_number"])
            heads[event["chain"]] = (seq + 1, event["hash"])
        return dict(heads)

    def insert(self, db: Database, heads: dict[str, tuple[int, str]]) -> None:
        with db.write() as session:
            session.execute(insert(ServicePoint), [
                {"id": i + 1, "code": code, "name": f"Точка {code}",
                 "kind": PointKind.SERVICE_CENTER if "-CO-" in code else PointKind.POST_OFFICE}
                for i, code in enumerate(self.points + self.offices)])
            point_ids = {code: i + 1 for i, code in enumerate(self.points + self.offices)}
            session.execute(insert(Operator), [
                {"id": op_id, "login": login, "full_name": f"Оператор {login}",
                 "role": Role.CLERK if "-co-" in login else Role.POST_CLERK,
                 "service_point_id": point_ids[code], "password_hash": "bench"}
                for code, staff in self.operators.items() for op_id, login in staff])
            for model, rows in ((Applicant, self.applicants), (Application, self.applications),
                                (Visit, self.visits), (ConfirmationCode, self.codes),
                                (AuditEvent, self.events)):
                for chunk in range(0, len(rows), 5000):
                    session.execute(insert(model), rows[chunk:chunk + 5000])
            session.execute(insert(AuditChainHead), [
                {"chain": chain, "seq": seq, "hash": digest}
                for chain, (seq, digest) in heads.items()])
            if db.engine.dialect.name == "postgresql":
                for table in ("service_point", "operator", "applicant", "application", "visit",
                              "confirmation_code", "audit_event"):  # explicit ids above
                    session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', "
                                         f"'id'), (SELECT max(id) FROM {table}))"))


def _timed(label: str, fn: Callable[[], Any], *, runs: int = 3,
           target_ms: float | None = None) -> Any:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    verdict = ""
    if target_ms is not None:
        verdict = "  ok" if min(times) < target_ms else f"  OVER the {target_ms:.0f} ms target"
    print(f"  {label:<52} {min(times):8.1f} ms (median {statistics.median(times):.1f}, "
          f"first {times[0]:.1f}){verdict}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="URL of an EMPTY database (default: a temporary SQLite)")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--points", type=int, default=20, help="service centers")
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    day = dt.date.today() - dt.timedelta(days=1)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["OPERATOR_APP_CONFIG_DIR"] = tmp  # the benchmark's own keys
        db = Database(args.db or f"sqlite:///{tmp}/bench.sqlite3")
        db.upgrade()
        print(f"backend: {db.engine.dialect.name}, day {day}, {args.events} events, "
              f"{args.points} service centers + {POST_OFFICES} post offices")
        started = time.perf_counter()
        seeder = _Seeder(day, args.points, args.seed)
        seeder.build(args.events)
        heads = seeder.chain()
        built = time.perf_counter()
        seeder.insert(db, heads)
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as conn:  # what autovacuum does a minute after a load
                conn.execute(text("ANALYZE"))
                conn.commit()
        print(f"seeded in {time.perf_counter() - started:.1f} s (rows built "
              f"{built - started:.1f} s): {len(seeder.visits)} visits, {len(seeder.codes)} "
              f"codes, {len(heads)} chains")

        admin = Actor.command_line()
        point = seeder.points[0]
        supervisor = Actor(None, "bench-boss", "Руководитель", Role.SUPERVISOR, 1, point, point)

        print("daily summary (SQL aggregates, the day and two comparison days):")

        def summary_for(actor: Actor) -> Callable[[], reports.DaySummary]:
            def run() -> reports.DaySummary:
                with db.read() as session:
                    return reports.daily_summary(session, actor, day)
            return run

        summary = _timed("all points (administrator)", summary_for(admin))
        _timed(f"one point ({point}, supervisor)", summary_for(supervisor))
        with db.read() as session:
            chain_heads = reports.chain_heads(session, admin)
        print(f"  totals: {summary.totals.visits} visits, {summary.totals.confirmed} confirmed, "
              f"{summary.totals.codes_issued} codes issued, {summary.totals.codes_redeemed} "
              f"redeemed, {summary.totals.codes_expired} expired, median "
              f"{reports.minutes(summary.totals.median_seconds)}")

        print("report files:")
        pdf = _timed("PDF from a summary", lambda: daily_report_pdf(summary, chain_heads))
        _timed("CSV from a summary", lambda: daily_report_csv(summary))

        def whole_report() -> bytes:
            with db.read() as session:
                built = reports.daily_summary(session, admin, day)
                found = reports.chain_heads(session, admin)
            return daily_report_pdf(built, found)

        _timed("summary + chain heads + PDF (what the button does)", whole_report,
               target_ms=3000)
        print(f"  PDF: {len(pdf) / 1024:.0f} KiB")

        print("daily log, first paint (count + first 200 rows):")

        def first_paint(actor: Actor, filters: journal.EventFilter,
                        sort: journal.EventSort | None = None) -> Callable[[], int]:
            def run() -> int:
                with db.read() as session:
                    count = journal.count_events(session, actor, filters)
                    rows = journal.fetch_events(session, actor, filters, sort=sort, limit=200)
                return count + len(rows)
            return run

        day_filter = journal.EventFilter.for_day(day)
        sample = seeder.events[len(seeder.events) // 2]
        cases: list[tuple[str, Actor, journal.EventFilter, journal.EventSort | None]] = [
            ("the day, newest first", admin, day_filter, None),
            ("the day, by operator", admin, day_filter, journal.EventSort("operator_login", False)),
            ("the day, by action", admin, day_filter, journal.EventSort("action", False)),
            (f"supervisor's point ({point})", supervisor, day_filter, None),
            ("one operator", admin, journal.EventFilter.for_day(
                day, operator_login=sample["operator_login"]), None),
            ("one action (visit_decided)", admin, journal.EventFilter.for_day(
                day, action="visit_decided"), None),
            ("one application number", admin, journal.EventFilter.for_day(
                day, application_number=sample["application_number"] or make(2026, 7)), None),
            ("applicant name (NAZAROV)", admin, journal.EventFilter.for_day(
                day, applicant_name="Nazarov"), None),
        ]
        for label, actor, filters, sort in cases:
            with db.read() as session:
                count = journal.count_events(session, actor, filters)
            _timed(f"{label} [{count}]", first_paint(actor, filters, sort), target_ms=300)

        print("daily log, scrolling deep (200 rows at row 50,000):")
        with db.read() as session:
            anchor = journal.fetch_events(session, admin, day_filter, offset=49_999, limit=1)

        def by_offset() -> int:
            with db.read() as session:
                return len(journal.fetch_events(session, admin, day_filter, offset=50_000,
                                                limit=200))

        def by_keyset() -> int:
            with db.read() as session:
                return len(journal.fetch_events(session, admin, day_filter, after=anchor[0],
                                                limit=200))

        if anchor:
            _timed("offset 50,000", by_offset)
            _timed("keyset after row 50,000", by_keyset)

        with db.read() as session:
            started = time.perf_counter()
            result = audit.verify(session)
            elapsed = time.perf_counter() - started
        print(f"audit verify: {result.checked} events in {elapsed:.1f} s, ok={result.ok}")
        db.dispose()


if __name__ == "__main__":
    main()
