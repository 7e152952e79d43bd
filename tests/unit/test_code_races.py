"""Codes under races: 8 OS processes, each with its own engine, against one application.

Issuing, redeeming, revoking and reissuing lock the application row first and its codes
second; a partial unique index keeps one active code per application whatever happens;
a lost race reaches the caller as a :class:`Conflict` sentence, never a traceback.
Runs on SQLite, and on PostgreSQL with ``OPERATOR_APP_TEST_PG``.
"""

from __future__ import annotations

import multiprocessing
import traceback
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from operator_app.models import (
    AccountStatus,
    Application,
    AuditEvent,
    CodeState,
    ConfirmationCode,
    Database,
    utcnow,
)
from operator_app.services import codes, operators, visits
from operator_app.services.actor import Actor
from operator_app.services.errors import Conflict, ValidationError
from tests.helpers.data import CONFIRMED

KEY = bytes(range(32))
PROCESSES = 8
ROUNDS = 4  # operations per process


@pytest.fixture(autouse=True)
def visit_id(scan_world) -> int:
    """The application is confirmed at a desk and its code not yet entered on the portal
    (the case a new code is for); the applicant is back at the clerk's desk: a visit."""
    with scan_world.db.write() as session:
        application = session.scalar(select(Application)
                                     .where(Application.number == CONFIRMED))
        application.account_status = AccountStatus.PENDING
        return visits.open_visit(session, scan_world.clerk, CONFIRMED).id


def _worker(db_url: str, index: int, mode: str, visit_id: int, barrier: Any,
            results: Any) -> None:
    """One desk (or the portal) in its own process: reissue, or reissue then redeem."""
    outcomes: list[str] = []
    db = Database(db_url)
    try:
        with db.read() as session:
            actor = Actor.of(operators.get_operator(session, "clerk"))
        barrier.wait(timeout=60)
        for round_ in range(ROUNDS):
            try:
                with db.write() as session:
                    issued = visits.reissue_code(
                        session, actor, CONFIRMED, visit_id=visit_id, code_key=KEY,
                        request_id=f"race-{index}-{round_}", reason="заявитель потерял код")
                outcomes.append("issued")
            except Conflict as refusal:
                outcomes.append("refused" if refusal.message == codes.RACE_MESSAGE
                                else "error: unexpected refusal " + refusal.message)
                continue
            except ValidationError:  # another process's code was entered: no new code needed
                outcomes.append("not-needed")
                continue
            if mode == "redeem" and issued.code:
                try:
                    with db.write() as session:
                        result = codes.redeem(session, CONFIRMED, issued.code, key=KEY)
                    outcomes.append("redeemed" if result.ok else "not-redeemed")
                except Conflict:
                    outcomes.append("refused")
    except BaseException:  # noqa: BLE001 - the parent reports whatever went wrong here
        outcomes.append("error: " + traceback.format_exc())
    finally:
        db.dispose()
        results.put(outcomes)


def _race(db_url: str, mode: str, visit_id: int) -> list[str]:
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(PROCESSES)
    results = ctx.Queue()
    workers = [ctx.Process(target=_worker, args=(db_url, i, mode, visit_id, barrier, results))
               for i in range(PROCESSES)]
    for worker in workers:
        worker.start()
    outcomes: list[str] = []
    for _ in workers:
        outcomes.extend(results.get(timeout=120))
    for worker in workers:
        worker.join(timeout=30)
    return outcomes


def _codes(db: Database) -> dict[CodeState, int]:
    with db.read() as session:
        rows = session.execute(
            select(ConfirmationCode.state, func.count())
            .join(Application, Application.id == ConfirmationCode.application_id)
            .where(Application.number == CONFIRMED)
            .group_by(ConfirmationCode.state)).all()
    return {state: count for state, count in rows}


def test_concurrent_reissues_leave_exactly_one_active_code(scan_world, db_url, visit_id):
    outcomes = _race(db_url, "reissue", visit_id)
    errors = [o for o in outcomes if o.startswith("error")]
    assert not errors, errors[0]
    issued = outcomes.count("issued")
    assert issued + outcomes.count("refused") == PROCESSES * ROUNDS
    assert issued >= 1
    states = _codes(scan_world.db)
    assert states.get(CodeState.ACTIVE) == 1
    # every success revoked the code before it: all the others are revoked
    assert states.get(CodeState.REVOKED, 0) == issued - 1
    assert sum(states.values()) == issued


def test_redeem_and_reissue_interleaved_neither_deadlock_nor_redeem_twice(scan_world, db_url,
                                                                         visit_id):
    outcomes = _race(db_url, "redeem", visit_id)
    errors = [o for o in outcomes if o.startswith("error")]
    assert not errors, errors[0]  # a deadlock would be a traceback here
    states = _codes(scan_world.db)
    assert states.get(CodeState.ACTIVE, 0) <= 1
    redeemed = outcomes.count("redeemed")
    assert states.get(CodeState.REDEEMED, 0) == redeemed
    with scan_world.db.read() as session:
        per_code = session.execute(
            select(AuditEvent.entity_id, func.count())
            .where(AuditEvent.action == "code_redeemed")
            .group_by(AuditEvent.entity_id)).all()
    assert sum(count for _, count in per_code) == redeemed
    assert all(count == 1 for _, count in per_code)  # no code redeemed twice


def _application_id(db: Database) -> int:
    with db.read() as session:
        found = session.scalar(select(Application.id).where(Application.number == CONFIRMED))
    assert found is not None
    return found


def test_the_schema_refuses_a_second_active_code(scan_world):
    application_id = _application_id(scan_world.db)
    now = utcnow()
    with scan_world.db.write() as session:
        session.add(ConfirmationCode(application_id=application_id, code_hash="a" * 64,
                                     state=CodeState.ACTIVE, issued_at=now,
                                     expires_at=now + codes.DEFAULT_TTL))
    with pytest.raises(IntegrityError), scan_world.db.write() as session:
        session.add(ConfirmationCode(application_id=application_id, code_hash="b" * 64,
                                     state=CodeState.ACTIVE, issued_at=now,
                                     expires_at=now + codes.DEFAULT_TTL))
    # closed codes are not limited: a revoked one sits beside the active one
    with scan_world.db.write() as session:
        session.add(ConfirmationCode(application_id=application_id, code_hash="c" * 64,
                                     state=CodeState.REVOKED, issued_at=now,
                                     expires_at=now + codes.DEFAULT_TTL))


def test_a_lost_race_is_a_clear_refusal(scan_world, monkeypatch, visit_id):
    with scan_world.db.write() as session:
        visits.reissue_code(session, scan_world.clerk, CONFIRMED, visit_id=visit_id,
                            code_key=KEY, request_id="first", reason="заявитель потерял код")
    # As if another desk's code appeared after we looked: the index refuses ours.
    monkeypatch.setattr(codes, "_active_codes", lambda session, application_id: [])
    with pytest.raises(Conflict) as refusal, scan_world.db.write() as session:
        visits.reissue_code(session, scan_world.clerk, CONFIRMED, visit_id=visit_id,
                            code_key=KEY, request_id="second", reason="заявитель потерял код")
    assert refusal.value.message == codes.RACE_MESSAGE
    assert _codes(scan_world.db) == {CodeState.ACTIVE: 1}
