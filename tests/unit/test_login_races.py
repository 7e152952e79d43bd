"""Wrong passwords at once: 8 OS processes guess one operator's password together.

Each guess must count (the fifth locks the account), each is audited, and no caller gets
a traceback (StaleDataError) instead of an answer. Runs on SQLite, and on PostgreSQL with
``OPERATOR_APP_TEST_PG``, where the operator row is locked while a guess is counted.
"""

from __future__ import annotations

import multiprocessing
import traceback
from typing import Any

from sqlalchemy import select

from operator_app.models import AuditEvent, Database, Operator
from operator_app.services import operators

PROCESSES = 8


def _guess(db_url: str, barrier: Any, results: Any) -> None:
    from argon2 import PasswordHasher

    # the suite's cheap hashing (tests/conftest.py) does not reach a spawned process
    operators.password_hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    db = Database(db_url)
    try:
        barrier.wait(timeout=60)
        with db.write() as session:
            outcome = operators.authenticate(session, "clerk", "wrong password")
        results.put("locked" if outcome.locked_until is not None else "wrong")
    except BaseException:  # noqa: BLE001 - the parent reports it
        results.put("error: " + traceback.format_exc())
    finally:
        db.dispose()


def test_parallel_wrong_passwords_each_count_and_lock(world, db_url):
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(PROCESSES), ctx.Queue()
    workers = [ctx.Process(target=_guess, args=(db_url, barrier, results))
               for _ in range(PROCESSES)]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    errors = [o for o in outcomes if o.startswith("error")]
    assert not errors, errors[0]
    with world.db.read() as session:
        operator = session.scalar(select(Operator).where(Operator.login == "clerk"))
        actions = list(session.scalars(select(AuditEvent.action)
                                       .where(AuditEvent.entity_id == str(operator.id),
                                              AuditEvent.action.in_(
                                                  ["login_failed", "login_refused",
                                                   "operator_locked"]))))
    # five guesses counted, the fifth locked the account, the other three met the lock
    assert actions.count("login_failed") == operators.MAX_FAILED_ATTEMPTS
    assert actions.count("operator_locked") == 1
    assert actions.count("login_refused") == PROCESSES - operators.MAX_FAILED_ATTEMPTS
    assert operator.locked_until is not None
    assert outcomes.count("locked") == PROCESSES - operators.MAX_FAILED_ATTEMPTS + 1
