"""Audit chain throughput: appends per second on one chain vs. spread over many chains,
and verification speed. Prints figures; not a test.

    .venv/bin/python bench/bench_audit.py [--db URL] [--events N]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor

from operator_app.models import Database, PointKind, Role
from operator_app.services import audit, operators
from operator_app.services.actor import Actor


def _setup(db: Database, points: int) -> list[Actor]:
    actors = []
    with db.write() as session:
        operators.create_service_point(session, None, code="BENCH-0", kind=PointKind.SERVICE_CENTER,
                                       name="Bench 0")
        operators.create_operator(session, None, login="bench0", full_name="Bench", role=Role.ADMIN,
                                  point_code="BENCH-0", password="bench-password")
        cli = Actor.command_line()
        for i in range(1, points):
            operators.create_service_point(session, cli, code=f"BENCH-{i}",
                                           kind=PointKind.SERVICE_CENTER, name=f"Bench {i}")
            operators.create_operator(session, cli, login=f"bench{i}", full_name="Bench",
                                      role=Role.CLERK, point_code=f"BENCH-{i}",
                                      password="bench-password")
    with db.read() as session:
        for i in range(points):
            actors.append(Actor.of(operators.get_operator(session, f"bench{i}")))
    return actors


def _append(url: str, actor: Actor, count: int) -> None:
    db = Database(url)
    for i in range(count):
        with db.write() as session:
            audit.record(session, actor, "bench", details={"i": i})
    db.dispose()


def _run_desks(url: str, actors: list[Actor], per_desk: int) -> float:
    """Each desk is its own process, as on a real network of desks (no shared GIL)."""
    with ProcessPoolExecutor(max_workers=len(actors)) as pool:
        start = time.perf_counter()
        list(pool.map(_append, [url] * len(actors), actors, [per_desk] * len(actors)))
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--events", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(args.db or f"sqlite:///{tmp}/bench.sqlite3")
        db.upgrade()
        actors = _setup(db, 4)
        per = args.events // 4
        one_chain = _run_desks(db.url, [actors[1]] * 4, per)
        four_chains = _run_desks(db.url, actors, per)
        print(f"backend: {db.engine.dialect.name}")
        print(f"4 desks, one chain:     {4 * per / one_chain:8.0f} events/s")
        print(f"4 desks, four chains:   {4 * per / four_chains:8.0f} events/s "
              f"(x{one_chain / four_chains:.2f})")
        with db.read() as session:
            start = time.perf_counter()
            result = audit.verify(session)
            elapsed = time.perf_counter() - start
        print(f"verify: {result.checked} events in {elapsed:.2f} s "
              f"({result.checked / elapsed:.0f} events/s), ok={result.ok}")
        db.dispose()


if __name__ == "__main__":
    main()
