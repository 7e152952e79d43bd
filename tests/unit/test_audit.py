from __future__ import annotations

import threading

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError

from operator_app import keys
from operator_app.models import AuditChainHead, AuditEvent, InstallationKey, PointKind, ServicePoint
from operator_app.services import audit
from tests.conftest import BACKEND
from tests.helpers.dba import as_dba, dba_session


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
    assert [(e.seq, e.action) for e in spb] == [(1, audit.CHAIN_OPENED), (2, "test_event"),
                                                 (3, "test_event")]
    assert spb[0].prev_hash == audit.GENESIS_HASH
    assert spb[1].prev_hash == spb[0].hash
    assert spb[2].prev_hash == spb[1].hash


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
    with as_dba(db) as conn:
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
    with dba_session(world.db) as session:
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
        forged.hash = audit._hash_of(forged, None)
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


@pytest.mark.parametrize("statement", [
    "UPDATE audit_event SET operator_login = 'someone-else'",
    "DELETE FROM audit_event WHERE seq > 1",
    "DELETE FROM audit_event",
])
def test_the_database_refuses_to_change_or_delete_events(world, statement):
    _append(world.db, world.clerk, 2)
    with world.db.read() as session:
        before = audit.count_events(session)
    with pytest.raises(DBAPIError, match="append-only"), world.db.write() as session:
        session.execute(text(statement))
    with world.db.read() as session:
        assert audit.count_events(session) == before
        assert audit.verify(session).ok


def test_the_orm_cannot_change_an_event_either(world):
    _append(world.db, world.clerk, 1)
    with pytest.raises(DBAPIError, match="append-only"), world.db.write() as session:
        session.execute(update(AuditEvent).where(AuditEvent.chain == "MSK-CO-1")
                        .values(operator_login="someone-else"))


@pytest.mark.postgres_only
def test_postgresql_refuses_truncate(world):
    with pytest.raises(DBAPIError, match="append-only"), world.db.write() as session:
        session.execute(text("TRUNCATE audit_event CASCADE"))


def test_events_are_hashed_under_the_installation_key(world):
    """The same event hashed without the key, or under another key, is not the stored hash:
    a forger who can write the database but has no key file cannot make a row verify."""
    _append(world.db, world.clerk, 1)
    with world.db.read() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert audit._hash_of(event, keys.current().audit) == event.hash
    assert audit._hash_of(event, None) != event.hash
    assert audit._hash_of(event, b"k" * 32) != event.hash


# -- an older log, hashed without the key -----------------------------------------------


def _old_version_log(db, monkeypatch, events=4):
    """What a version before the audit key left: plain SHA-256, a point created without a
    chain of its own (SPB-CO-1), and no key fingerprints in the database."""
    with monkeypatch.context() as old:
        old.setattr(audit, "audit_key", lambda: None)
        with db.write() as session:
            for code, name in (("MSK-CO-1", "ЦО «Тверская»"), ("SPB-CO-1", "ЦО «Невский»")):
                point = ServicePoint(code=code, kind=PointKind.SERVICE_CENTER, name=name)
                session.add(point)
                session.flush()
                audit.record(session, None, audit.POINT_CREATED, entity="service_point",
                             entity_id=point.id, details={"code": code})
        for i in range(events):
            with db.write() as session:
                audit.record(session, None, "test_event", chain="MSK-CO-1", details={"i": i})


def test_an_older_log_is_sealed_with_the_key_when_the_key_is_first_recorded(db, monkeypatch):
    _old_version_log(db, monkeypatch)
    with db.read() as session:
        assert not audit.verify(session).ok  # plain hashes do not verify under the key
    keys.bind_to_database(db)
    with db.read() as session:
        result = audit.verify(session)
        sealed = session.scalars(select(AuditEvent).where(
            AuditEvent.action == audit.AUDIT_SEALED)).one()
        opened = session.scalars(select(AuditEvent).where(
            AuditEvent.action == audit.CHAIN_OPENED)).one()
        recorded = {row.name for row in session.scalars(select(InstallationKey))}
    assert result.ok, result.breaks
    assert sealed.chain == audit.SYSTEM_CHAIN
    assert sealed.detail_dict() == {"events": 6, "chains_opened": 1}
    assert opened.chain == "SPB-CO-1"  # the point that had no chain has one now
    assert "audit" in recorded
    keys.bind_to_database(db)  # a second start changes nothing
    with db.read() as session:
        assert audit.count_events(session) == result.checked


def test_sealing_a_sealed_log_does_nothing(world):
    _append(world.db, world.clerk, 2)
    with world.db.write() as session:
        before = audit.count_events(session)
        assert audit.seal_with_key(session, keys.current().audit) == 0
        assert audit.count_events(session) == before


def test_a_broken_older_log_is_not_sealed(db, monkeypatch):
    _old_version_log(db, monkeypatch)
    _tamper(db, "UPDATE audit_event SET details = :d WHERE chain = 'MSK-CO-1' AND seq = 2",
            d='{"i":99}')
    with db.read() as session:
        hashes_before = list(session.scalars(select(AuditEvent.hash).order_by(AuditEvent.id)))
    with pytest.raises(audit.SealRefused, match="Журнал нарушен.*изменено"):
        keys.bind_to_database(db)
    with db.read() as session:
        assert list(session.scalars(select(AuditEvent.hash).order_by(AuditEvent.id))) == \
            hashes_before
        assert session.scalars(select(InstallationKey)).all() == []  # the desk starts again


def test_sealing_leaves_the_database_append_only(db, monkeypatch):
    _old_version_log(db, monkeypatch)
    keys.bind_to_database(db)
    with pytest.raises(DBAPIError, match="append-only"), db.write() as session:
        session.execute(text("DELETE FROM audit_event"))
    if BACKEND == "postgresql":
        with db.read() as session:
            assert session.scalar(text(
                f"SELECT current_setting('{audit.SEAL_SETTING}', true)")) in (None, "", "off")
