from __future__ import annotations

import threading

import pytest
from sqlalchemy import select, text, update

from operator_app.models import AuditChainHead, AuditEvent
from operator_app.services import audit


def _append(db, actor, n, action="test_event"):
    for i in range(n):
        with db.write() as session:
            audit.record(session, actor, action, details={"i": i, "name": "Иванов"})


def test_events_chain_per_service_point(world):
    _append(world.db, world.clerk, 3)
    _append(world.db, world.other_clerk, 2)
    with world.db.read() as session:
        result = audit.verify(session)
        spb = session.scalars(select(AuditEvent).where(AuditEvent.chain == "SPB-CO-1")
                              .order_by(AuditEvent.seq)).all()
    assert result.ok, result.breaks
    assert [e.seq for e in spb] == [1, 2]
    assert spb[0].prev_hash == audit.GENESIS_HASH
    assert spb[1].prev_hash == spb[0].hash


def test_event_is_written_in_the_callers_transaction(world):
    def failing_change():
        with world.db.write() as session:
            audit.record(session, world.clerk, "will_roll_back")
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        failing_change()
    with world.db.read() as session:
        assert not session.scalars(select(AuditEvent).where(
            AuditEvent.action == "will_roll_back")).all()
        assert audit.verify(session).ok


def _tamper(db, sql, **params):
    with db.engine.begin() as conn:
        conn.execute(text(sql), params)


def test_verify_names_an_altered_event(world):
    _append(world.db, world.clerk, 5)
    with world.db.read() as session:
        target = session.scalars(select(AuditEvent).where(AuditEvent.chain == "MSK-CO-1")
                                 .order_by(AuditEvent.seq).offset(2)).first()
    _tamper(world.db, "UPDATE audit_event SET details = :d WHERE id = :id",
            d='{"i":99}', id=target.id)
    with world.db.read() as session:
        result = audit.verify(session)
    assert not result.ok
    problem = result.first_break
    assert (problem.kind, problem.event_id, problem.chain) == ("altered", target.id, "MSK-CO-1")
    assert f"id {target.id}" in problem.message


def test_verify_names_a_deleted_event(world):
    _append(world.db, world.clerk, 5)
    with world.db.read() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.chain == "MSK-CO-1")
                                 .order_by(AuditEvent.seq)).all()
    _tamper(world.db, "DELETE FROM audit_event WHERE id = :id", id=events[3].id)
    with world.db.read() as session:
        problem = audit.verify(session).first_break
    assert problem.kind == "deleted"
    assert problem.seq == events[3].seq
    assert problem.event_id == events[4].id


def test_verify_notices_the_newest_events_deleted(world):
    _append(world.db, world.clerk, 3)
    with world.db.read() as session:
        last = session.scalars(select(AuditEvent).where(AuditEvent.chain == "MSK-CO-1")
                               .order_by(AuditEvent.seq.desc())).first()
    _tamper(world.db, "DELETE FROM audit_event WHERE id = :id", id=last.id)
    with world.db.read() as session:
        problem = audit.verify(session).first_break
    assert problem.kind == "deleted"
    assert problem.seq == last.seq


def test_verify_names_an_inserted_event(world):
    """A forger who renumbers and even recomputes the hash of their row is still caught."""
    _append(world.db, world.clerk, 4)
    with world.db.write() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.chain == "MSK-CO-1")
                                 .order_by(AuditEvent.seq)).all()
        # Make room after event 2, then put a well-formed but unlinked event there.
        for e in reversed(events[2:]):
            e.seq += 1
            session.flush()
        forged = AuditEvent(chain="MSK-CO-1", seq=events[1].seq + 1, at=events[1].at,
                            operator_id=None, operator_login="x", action="forged",
                            entity="", entity_id="", application_number="", details="{}",
                            prev_hash="f" * 64, hash="")
        forged.hash = audit._hash_of(forged)
        session.add(forged)
        session.flush()
        forged_id = forged.id
    with world.db.read() as session:
        problem = audit.verify(session).first_break
    assert problem.kind == "inserted"
    assert problem.event_id == forged_id


def test_concurrent_writers_do_not_fork_the_chain(world):
    """Two desks of one point appending at once: one chain, no gap, no fork."""
    errors: list[BaseException] = []

    def desk(actor, count):
        try:
            _append(world.db, actor, count, action="concurrent")
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=desk, args=(actor, 15))
               for actor in (world.clerk, world.supervisor, world.clerk, world.supervisor)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with world.db.read() as session:
        result = audit.verify(session)
        head = session.get(AuditChainHead, "MSK-CO-1")
        count = session.scalar(select(text("count(*)")).select_from(AuditEvent).where(
            AuditEvent.chain == "MSK-CO-1", AuditEvent.action == "concurrent"))
    assert result.ok, result.breaks
    assert count == 60
    assert head.seq == result.heads["MSK-CO-1"][0]


def test_audit_rows_cannot_be_changed_through_the_orm_without_detection(world):
    _append(world.db, world.clerk, 1)
    with world.db.write() as session:
        session.execute(update(AuditEvent).where(AuditEvent.chain == "MSK-CO-1")
                        .values(operator_login="someone-else"))
    with world.db.read() as session:
        assert audit.verify(session).first_break.kind == "altered"
