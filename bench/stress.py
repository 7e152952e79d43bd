"""The full forms of the region's stress tests, with figures (``make stress``).

Concurrency: a region (service points with their clerks, a post office with its counter
staff, applications of which a few are wanted by every desk, letters waiting at the
office) run by 8 and by 16 OS processes for 60 s each — three quarters desks, a quarter
post counters (tests/stress/region.py). Printed: ops/s and p50/p95 per kind of operation,
the refusals by sentence, the errors (must be 0), and the invariants afterwards.

Faults: a desk process SIGKILLed at random moments of its visits (50 times by default)
and inside the write of each step (open, document checked, correction, code issue,
decision: right after the flush, before the commit). Printed: per point, how many kills,
after how many the invariants held, how many left a visit open and how many of those the
same operator resumed and finished.

SQLite always (a temporary file); PostgreSQL with ``--pg URL``: a server where this user
may create databases (one per run, dropped after), or an empty database (emptied again
before each run; never one that has tables).

    .venv/bin/python bench/stress.py
    .venv/bin/python bench/stress.py --pg postgresql+psycopg://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/stress.py --seconds 10 --processes 8 --kills 10   # a quick look

Exits 1 when an error occurred or an invariant failed.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import platform
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import inspect  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from operator_app.models import Database  # noqa: E402
from tests.stress import region  # noqa: E402


def _pg_execute(url: str, *statements: str) -> None:
    import psycopg

    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


class Backends:
    """Fresh, migrated databases, one per run."""

    def __init__(self, workdir: Path, pg_url: str | None) -> None:
        self.workdir = workdir
        self.pg_url = pg_url
        self.counter = itertools.count()
        self.pg_reuse = False
        if pg_url:
            probe = f"od_stress_probe_{os.getpid()}"
            try:
                _pg_execute(pg_url, f'CREATE DATABASE "{probe}"', f'DROP DATABASE "{probe}"')
            except Exception as error:  # noqa: BLE001 - no right to create: the db itself
                db = Database(pg_url)
                try:
                    with db.engine.connect() as conn:
                        tables = inspect(conn).get_table_names()
                finally:
                    db.dispose()
                if tables:
                    raise SystemExit(f"cannot create databases on {pg_url} ({error}) and the "
                                     "database given has tables: give an empty one") from None
                self.pg_reuse = True

    @contextlib.contextmanager
    def fresh(self, backend: str) -> Iterator[str]:
        n = next(self.counter)
        if backend == "sqlite":
            path = self.workdir / f"stress-{n}.sqlite3"
            url = f"sqlite:///{path}"
            db = Database(url)
            db.upgrade()
            db.dispose()
            yield url
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            return
        assert self.pg_url
        if self.pg_reuse:
            _pg_execute(self.pg_url, "DROP SCHEMA public CASCADE", "CREATE SCHEMA public")
            url = self.pg_url
        else:
            name = f"od_stress_{os.getpid()}_{n}"
            _pg_execute(self.pg_url, f'CREATE DATABASE "{name}"')
            url = make_url(self.pg_url).set(database=name).render_as_string(hide_password=False)
        db = Database(url)
        db.upgrade()
        db.dispose()
        try:
            yield url
        finally:
            if self.pg_reuse:
                _pg_execute(self.pg_url, "DROP SCHEMA public CASCADE", "CREATE SCHEMA public")
            else:
                _pg_execute(self.pg_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def concurrency(url: str, processes: int, seconds: float, seed: int) -> bool:
    counters = max(1, processes // 4)
    desks = processes - counters
    points = max(2, desks // 2 - 1)
    db = Database(url)
    try:
        # two clerks per point; the desks beyond them are second windows of a clerk
        layout = region.setup_region(db, points=points, clerks_per_point=2,
                                     post_clerks=counters, applications_count=10 * desks,
                                     hot=4, letters=120 * counters)
        print(f"\n--- {processes} processes ({desks} desks at {points} points, {counters} "
              f"post counters), {seconds:.0f} s; {len(layout.numbers)} applications of "
              f"which {len(layout.hot)} hot, {len(layout.letters)} letters")
        started = time.perf_counter()
        tally = region.run_region(url, layout, desks=desks, counters=counters,
                                  seconds=seconds, seed=seed,
                                  habits=region.DeskHabits(pause=0.05))
        wall = time.perf_counter() - started
        for line in region.summary_lines(tally):
            print(line)
        print(f"  (wall time with process start-up: {wall:.1f} s)")
        shapes: Counter[tuple[str, str]] = Counter()
        for (kind, message), count in tally.refused.items():
            shapes[(kind, region.shape(message))] += count
        print("  refusals by sentence (particulars as # and «…»):")
        for (kind, message), count in shapes.most_common():
            print(f"    {count:>6}  {kind:<18} {message}")
        unclear = tally.unclear_refusals()
        print(f"  refusals that are no clear sentence: {len(unclear)}")
        for message in unclear[:5]:
            print(f"    {message}")
        print(f"  errors: {len(tally.errors)}")
        for error in tally.errors[:3]:
            print("    " + error.replace("\n", "\n    "))
        problems = region.check_invariants(db)
        print(f"  invariants: {'all held' if not problems else f'{len(problems)} broken'}")
        for problem in problems[:20]:
            print(f"    {problem}")
    finally:
        db.dispose()
    return not tally.errors and not problems and not unclear


def faults(url: str, kills: int, rounds: int, seed: int) -> bool:
    db = Database(url)
    try:
        layout = region.setup_region(db, points=1, clerks_per_point=1, post_clerks=1,
                                     applications_count=20, hot=0, letters=0)
    finally:
        db.dispose()
    login = layout.clerks[0]
    print(f"\n--- faults: {kills} SIGKILLs at random moments (0.05–1.5 s into a desk's "
          f"work), then {rounds} at each armed point")
    started = time.perf_counter()
    report = region.kill_at_random(url, login, layout.numbers, kills=kills,
                                   rng=random.Random(seed))
    report.merge(region.kill_at_armed_points(url, login, layout.numbers, rounds=rounds))
    print(f"  ({time.perf_counter() - started:.0f} s)")
    print(f"  {'point':<12} {'kills':>6} {'held':>6} {'left open':>10} {'resumed':>8}")
    for point in ("random", *region.ARMED_POINTS):
        print(f"  {point:<12} {report.kills[point]:>6} {report.held[point]:>6} "
              f"{report.left_open[point]:>10} {report.resumed[point]:>8}")
    total = sum(report.kills.values())
    print(f"  total: {total} kills, invariants held after {sum(report.held.values())}, "
          f"{sum(report.resumed.values())} of {sum(report.left_open.values())} open visits "
          f"resumed by the same operator; problems: {len(report.problems)}")
    for problem in report.problems[:20]:
        print(f"    {problem}")
    return not report.problems and sum(report.held.values()) == total


def machine(pg_url: str | None) -> None:
    cpu = ""
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        lines = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        cpu = next((line.split(":", 1)[1].strip() for line in lines.splitlines()
                    if line.startswith("Model name")), "")
    print(f"machine: {os.cpu_count()} cores {cpu}; Python {platform.python_version()}; "
          f"SQLite {sqlite3.sqlite_version}")
    if pg_url:
        import psycopg

        plain = make_url(pg_url).set(drivername="postgresql").render_as_string(
            hide_password=False)
        with psycopg.connect(plain) as conn:
            row = conn.execute("SHOW server_version").fetchone()
        print(f"PostgreSQL {row[0] if row else '?'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg", metavar="URL", help="PostgreSQL: a server or an empty database")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--processes", type=int, nargs="+", default=[8, 16])
    parser.add_argument("--kills", type=int, default=50, help="random kills per backend")
    parser.add_argument("--armed-rounds", type=int, default=2,
                        help="kills at each armed point per backend")
    parser.add_argument("--only", choices=["concurrency", "faults"])
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="operator-desk-stress-"))
    # The keys that sign the log and key the codes: one config folder for every process.
    os.environ["OPERATOR_APP_CONFIG_DIR"] = str(workdir / "config")
    os.environ["OPERATOR_APP_DATA_DIR"] = str(workdir / "data")
    for name in ("OPERATOR_APP_DB", "OPERATOR_APP_QR_KEY", "OPERATOR_APP_CODE_KEY"):
        os.environ.pop(name, None)
    region.cheap_password_hashing()  # setup only: the workers never log in
    machine(args.pg)
    backends = Backends(workdir, args.pg)
    names = ([] if args.no_sqlite else ["sqlite"]) + (["postgresql"] if args.pg else [])
    ok = True
    for backend in names:
        print(f"\n===== {backend}")
        if args.only != "faults":
            for processes in args.processes:
                with backends.fresh(backend) as url:
                    ok &= concurrency(url, processes, args.seconds, args.seed)
        if args.only != "concurrency":
            with backends.fresh(backend) as url:
                ok &= faults(url, args.kills, args.armed_rounds, args.seed)
    print("\nresult: " + ("everything held" if ok else "FAILED (see above)"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
