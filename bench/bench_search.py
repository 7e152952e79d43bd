"""The desk's search at a region's size: median ms per query at N applicants, and the plans.

Fills a database with N applicants (an application and a passport each; Latin and
Cyrillic names drawn from a few hundred surnames and given names with numbered variants,
so a surname matches a few hundred people, as in life), then times what a clerk types:
an exact passport number, a 12-digit application number, a surname prefix, a whole
surname, a Cyrillic name, a name that is nowhere; and the supervisor's log filtered by an
applicant's name. Prints the table and each query's plan. Not a test: the figures go to
docs/performance.md.

    .venv/bin/python bench/bench_search.py                         # SQLite, 1,000,000
    .venv/bin/python bench/bench_search.py --applicants 100000
    .venv/bin/python bench/bench_search.py --db postgresql+psycopg://…/db   # an empty db
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from operator_app.models import (  # noqa: E402
    Applicant,
    Application,
    DocumentKind,
    IdentityDocument,
    open_database,
)
from operator_app.models.entities import name_search_key  # noqa: E402
from operator_app.services import application_numbers, applications, journal  # noqa: E402
from operator_app.services.actor import Actor  # noqa: E402

TARGETS_MS = {"passport number, exact": 20, "application number, 12 digits": 20,
              "surname prefix": 50, "surname, whole word": 50, "Cyrillic name": 50,
              "a name that is nowhere": 50, "log: applicant's name, 30 days": 200}

LATIN = ["KARIMOV", "IVANOV", "RAKHIMOV", "YUSUPOV", "ALIEV", "NAZAROV", "SAIDOV", "TOSHEV",
         "MIRZAEV", "KHAN", "NGUYEN", "TRAN", "LI", "WANG", "ZHANG", "KIM", "PARK", "SMITH",
         "MULLER", "SCHMIDT", "GARCIA", "LOPEZ", "SINGH", "KUMAR", "DAVLATOV", "ABDULLAEV",
         "KADYROV", "SHARIPOV", "USMONOV", "NABIEV"]
CYRILLIC = ["Каримов", "Иванов", "Рахимов", "Юсупов", "Алиев", "Назаров", "Саидов", "Тошев",
            "Мирзаев", "Хан", "Нгуен", "Чан", "Ли", "Ван", "Чжан", "Ким", "Пак", "Смит",
            "Мюллер", "Шмидт", "Гарсия", "Лопес", "Сингх", "Кумар", "Давлатов", "Абдуллаев",
            "Кадыров", "Шарипов", "Усмонов", "Набиев"]
GIVEN = [("RUSTAM", "Рустам"), ("DILNOZA", "Дилноза"), ("ALISHER", "Алишер"),
         ("MADINA", "Мадина"), ("TIMUR", "Тимур"), ("ANNA", "Анна"), ("WEI", "Вэй"),
         ("MIN", "Мин"), ("JOHN", "Джон"), ("MARIA", "Мария"), ("BEKZOD", "Бекзод"),
         ("FARRUKH", "Фаррух"), ("SEVARA", "Севара"), ("OLEG", "Олег")]
SUFFIXES = ["", "A", "OV", "EV", "IN", "SKY", "ZODA", "BEK", "KHAN", "ULY"]
CYR_SUFFIXES = ["", "а", "ов", "ев", "ин", "ский", "зода", "бек", "хан", "улы"]


def fill(db, count: int, seed: int) -> dict[str, str]:
    """N applicants with an application and a passport each; returns sample values."""
    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC)
    batch = 20_000
    samples: dict[str, str] = {}
    started = time.perf_counter()
    for first in range(0, count, batch):
        people, apps, docs = [], [], []
        for i in range(first, min(count, first + batch)):
            s = rng.randrange(len(LATIN))
            v = rng.randrange(len(SUFFIXES))
            # a double-barrelled surname for some: the names are many, as in a region
            w = rng.randrange(len(LATIN) * 4)
            second_latin = f"-{LATIN[w]}" if w < len(LATIN) else ""
            second_cyrillic = f"-{CYRILLIC[w]}" if w < len(LATIN) else ""
            latin = f"{LATIN[s]}{SUFFIXES[v]}{second_latin}"
            cyrillic = f"{CYRILLIC[s]}{CYR_SUFFIXES[v]}{second_cyrillic}"
            given_latin, given_cyrillic = GIVEN[rng.randrange(len(GIVEN))]
            people.append({"id": i + 1, "surname_latin": latin, "given_names_latin": given_latin,
                           "surname_cyrillic": cyrillic, "given_names_cyrillic": given_cyrillic,
                           "patronymic_cyrillic": "", "birth_date": dt.date(1990, 1, 1),
                           "sex": "M", "citizenship": "UZB", "address": "",
                           "created_at": now, "version": 1,
                           "search_key": name_search_key(latin, given_latin, cyrillic,
                                                         given_cyrillic)})
            apps.append({"id": i + 1, "number": application_numbers.make(2026, i + 1),
                         "applicant_id": i + 1,
                         "submitted_at": now - dt.timedelta(minutes=count - i),
                         "confirmation_method": "service_center", "account_status": "pending",
                         "version": 1})
            docs.append({"applicant_id": i + 1, "kind": DocumentKind.PASSPORT.value,
                         "series": "", "number": f"FA{i + 1:07d}", "country": "UZB",
                         "surname_latin": latin, "given_names_latin": given_latin,
                         "created_at": now, "version": 1})
        with db.write() as session:
            session.execute(insert(Applicant), people)
            session.execute(insert(Application), apps)
            session.execute(insert(IdentityDocument), docs)
        if first == 0:
            rare = next(p for p in people if "-" in p["surname_latin"])
            samples = {"passport": docs[123]["number"], "number": apps[456]["number"],
                       "surname": rare["surname_latin"], "cyrillic": rare["surname_cyrillic"]}
        done = min(count, first + batch)
        if done % 200_000 == 0 or done == count:
            print(f"  {done:,} applicants in {time.perf_counter() - started:.0f} s",
                  flush=True)
    if db.is_sqlite:
        with db.write() as session:
            session.execute(text("ANALYZE"))
    else:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    return samples


def timed(run: Callable[[], object], repeat: int = 15) -> tuple[float, object]:
    run()  # warm the cache once, as a desk that has been searching all day
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an EMPTY database URL (default: a temporary SQLite file)")
    parser.add_argument("--applicants", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--plans", action="store_true", help="print each query's plan")
    args = parser.parse_args(argv)
    folder = tempfile.TemporaryDirectory()
    url = args.db or f"sqlite:///{Path(folder.name) / 'search.sqlite3'}"
    db = open_database(url)
    try:
        backend = "SQLite" if db.is_sqlite else "PostgreSQL"
        print(f"{backend}: filling {args.applicants:,} applicants…", flush=True)
        samples = fill(db, args.applicants, args.seed)
        cli = Actor.command_line()
        prefix = samples["surname"][:4]
        queries = {
            "passport number, exact": samples["passport"],
            "application number, 12 digits": samples["number"],
            "surname prefix": prefix,
            "surname, whole word": samples["surname"],
            "Cyrillic name": samples["cyrillic"].lower(),
            "a name that is nowhere": "Ъйцукенгш",
        }
        print(f"\n{backend}, {args.applicants:,} applicants")
        print(f"{'search':<34} {'query':<18} {'rows':>5} {'median ms':>10} {'target':>7}")
        failed = False
        for title, query in queries.items():
            def run(q: str = query) -> object:
                with db.read() as session:
                    return applications.find_applications(session, cli, q)
            ms, rows = timed(run)
            target = TARGETS_MS[title]
            failed |= ms >= target
            print(f"{title:<34} {query:<18} {len(rows):>5} {ms:>10.1f} {'< ' + str(target):>7}"  # type: ignore[arg-type]
                  f"{'' if ms < target else '  MISSED'}")
            if args.plans:
                with db.read() as session:
                    for condition in applications._search_queries(session, query):
                        statement = select(Application.id).join(Application.applicant).where(
                            condition).order_by(Application.submitted_at.desc()).limit(50)
                        compiled = statement.compile(db.engine,
                                                     compile_kwargs={"literal_binds": True})
                        explain = "EXPLAIN QUERY PLAN " if db.is_sqlite else "EXPLAIN "
                        for row in session.execute(text(explain + str(compiled))):
                            print("      " + str(row[-1] if db.is_sqlite else row[0]))

        def log_filter() -> object:
            filters = journal.EventFilter(applicant_name=samples["surname"])
            with db.read() as session:
                return journal.count_events(session, cli, filters)
        ms, _ = timed(log_filter, repeat=5)
        title = "log: applicant's name, 30 days"
        print(f"{title:<34} {samples['surname']:<18} {'':>5} {ms:>10.1f} "
              f"{'< ' + str(TARGETS_MS[title]):>7}")
        return 1 if failed else 0
    finally:
        db.dispose()
        folder.cleanup()


if __name__ == "__main__":
    raise SystemExit(main())
