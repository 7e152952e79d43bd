"""Twelve ways to rewrite the audit log, each named by ``audit verify`` — by the keyed chain
alone, or against a signed checkpoint taken before the tampering.

The tampering is done as a database administrator would: past the append-only triggers
(tests/helpers/dba.py). The forger has no key file unless a test says it was stolen.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, text, update

from operator_app import keys
from operator_app.cli import EXIT_CHECK_FAILED, main
from operator_app.models import (
    AuditChainHead,
    AuditEvent,
    InstallationKey,
    PointKind,
    ServicePoint,
)
from operator_app.services import audit, operators
from tests.helpers.dba import as_dba, dba_session

CHAIN = "MSK-CO-1"
NO_KEY = None  # the forger's "key": the plain SHA-256 anyone can compute
GUESSED_KEY = b"not the installation key".ljust(32, b".")


@pytest.fixture
def log(world):
    """MSK-CO-1: chain_opened, the admin's creation and five events (№ 1–7); SPB-CO-1:
    chain_opened, its clerk's creation and two events."""
    for i in range(5):
        with world.db.write() as session:
            audit.record(session, world.clerk, "test_event", details={"i": i})
    for i in range(2):
        with world.db.write() as session:
            audit.record(session, world.other_clerk, "test_event", details={"i": i})
    return world


def _events(db, chain=CHAIN):
    with db.read() as session:
        return session.scalars(select(AuditEvent).where(AuditEvent.chain == chain)
                               .order_by(AuditEvent.seq)).all()


def _verify(db):
    with db.read() as session:
        return audit.verify(session)


def _checkpoint(db):
    with db.read() as session:
        return audit.make_checkpoint(session)


def _against(db, checkpoint):
    with db.read() as session:
        return audit.verify_against(session, checkpoint)


def _only_break(result_breaks, chain=CHAIN):
    mine = [b for b in result_breaks if b.chain == chain]
    assert len(mine) == 1, result_breaks
    return mine[0]


def _rechain(session, chain, key, *, from_seq=1):
    """Recompute prev_hash and hash from ``from_seq`` on under ``key`` and fix the head."""
    events = session.scalars(select(AuditEvent).where(AuditEvent.chain == chain)
                             .order_by(AuditEvent.seq)).all()
    prev = audit.GENESIS_HASH
    for event in events:
        if event.seq >= from_seq:
            event.prev_hash = prev
            event.hash = audit._hash_of(event, key)
        prev = event.hash
    session.flush()
    _fix_head(session, chain)


def _fix_head(session, chain):
    last = session.scalars(select(AuditEvent).where(AuditEvent.chain == chain)
                           .order_by(AuditEvent.seq.desc())).first()
    session.execute(update(AuditChainHead).where(AuditChainHead.chain == chain)
                    .values(seq=last.seq, hash=last.hash))


# -- the control ------------------------------------------------------------------------------


def test_an_untouched_log_verifies_with_and_without_a_checkpoint(log):
    checkpoint = _checkpoint(log.db)
    assert _verify(log.db).ok
    assert _against(log.db, checkpoint) == []
    assert checkpoint["heads"][CHAIN][0] == 7
    with log.db.write() as session:  # the log goes on: it still extends the checkpoint
        audit.record(session, log.clerk, "test_event")
    assert _verify(log.db).ok
    assert _against(log.db, checkpoint) == []


# -- 1–3: an event altered -----------------------------------------------------------------


def test_1_altered_details_without_rehash(log):
    victim = _events(log.db)[3]
    with as_dba(log.db) as conn:
        conn.execute(text("UPDATE audit_event SET details = :d WHERE id = :i"),
                     {"d": '{"i":99}', "i": victim.id})
    problem = _only_break(_verify(log.db).breaks)
    assert (problem.kind, problem.seq, problem.event_id) == ("altered", 4, victim.id)
    assert f"событие id {victim.id}" in problem.message
    assert "изменено после записи" in problem.message


def test_2_altered_with_the_events_hash_recomputed_without_the_key(log):
    victim = _events(log.db)[3]
    with dba_session(log.db) as session:
        event = session.get(AuditEvent, victim.id)
        event.operator_login = "boss"
        event.hash = audit._hash_of(event, NO_KEY)
    problem = _only_break(_verify(log.db).breaks)
    assert (problem.kind, problem.event_id) == ("altered", victim.id)
    assert "хеш не сходится с ключом журнала" in problem.message


def test_3_altered_and_rehashed_onward_with_the_head_fixed(log):
    victim = _events(log.db)[2]
    with dba_session(log.db) as session:
        session.get(AuditEvent, victim.id).details = '{"i":42}'
        _rechain(session, CHAIN, GUESSED_KEY, from_seq=victim.seq)
    problem = _only_break(_verify(log.db).breaks)
    assert (problem.kind, problem.seq, problem.event_id) == ("altered", 3, victim.id)


# -- 4–6: events deleted ------------------------------------------------------------------


def test_4_a_middle_event_deleted(log):
    events = _events(log.db)
    with as_dba(log.db) as conn:
        conn.execute(delete(AuditEvent).where(AuditEvent.id == events[3].id))
    problem = _only_break(_verify(log.db).breaks)
    assert (problem.kind, problem.seq, problem.event_id) == ("deleted", 4, events[4].id)
    assert "нет событий № 4–4" in problem.message
    assert "удалены" in problem.message


def test_5_a_middle_event_deleted_the_rest_renumbered_and_rehashed(log):
    events = _events(log.db)
    with dba_session(log.db) as session:
        session.delete(session.get(AuditEvent, events[3].id))
        session.flush()
        for old in events[4:]:
            session.get(AuditEvent, old.id).seq = old.seq - 1
            session.flush()
        _rechain(session, CHAIN, NO_KEY, from_seq=4)
    problem = _only_break(_verify(log.db).breaks)
    # The event that took № 4 was not hashed under the key with that number.
    assert (problem.kind, problem.seq, problem.event_id) == ("altered", 4, events[4].id)
    assert "подделано" in problem.message


def test_6_the_newest_event_deleted_head_untouched(log):
    last = _events(log.db)[-1]
    with as_dba(log.db) as conn:
        conn.execute(delete(AuditEvent).where(AuditEvent.id == last.id))
    problem = _only_break(_verify(log.db).breaks)
    assert (problem.kind, problem.seq) == ("deleted", 7)
    assert "последние события после № 6 удалены" in problem.message


def test_7_the_newest_events_deleted_and_the_head_moved_back(log):
    """The chain alone cannot tell: what is left is a whole, well-signed chain. The
    checkpoint taken earlier saw № 7."""
    checkpoint = _checkpoint(log.db)
    events = _events(log.db)
    with dba_session(log.db) as session:
        for gone in events[-2:]:
            session.delete(session.get(AuditEvent, gone.id))
        session.flush()
        _fix_head(session, CHAIN)
    assert _verify(log.db).ok
    problem = _only_break(_against(log.db, checkpoint))
    assert (problem.kind, problem.seq) == ("truncated", 6)
    assert "события после № 5 удалены" in problem.message
    assert "доходила до № 7" in problem.message


# -- 8–10: events inserted or moved --------------------------------------------------------


def test_8_a_forged_event_inserted_in_the_middle(log):
    events = _events(log.db)
    with dba_session(log.db) as session:
        for old in reversed(events[3:]):  # make room at № 4
            session.get(AuditEvent, old.id).seq = old.seq + 1
            session.flush()
        forged = AuditEvent(chain=CHAIN, seq=4, at=events[2].at, operator_id=None,
                            operator_login="boss", action="code_revoked", entity="",
                            entity_id="", application_number="", details="{}",
                            prev_hash=events[2].hash, hash="")
        forged.hash = audit._hash_of(forged, GUESSED_KEY)
        session.add(forged)
        session.flush()
        forged_id = forged.id
        _fix_head(session, CHAIN)
    problem = _only_break(_verify(log.db).breaks)
    assert (problem.kind, problem.seq, problem.event_id) == ("inserted", 4, forged_id)
    assert f"следующее событие id {events[3].id} продолжает цепочку от № 3" in problem.message


def test_9_a_forged_event_appended_with_the_head_fixed(log):
    last = _events(log.db)[-1]
    with dba_session(log.db) as session:
        forged = AuditEvent(chain=CHAIN, seq=last.seq + 1, at=last.at, operator_id=None,
                            operator_login="clerk", action="code_redeemed", entity="",
                            entity_id="", application_number="", details="{}",
                            prev_hash=last.hash, hash="")
        forged.hash = audit._hash_of(forged, NO_KEY)
        session.add(forged)
        session.flush()
        forged_id = forged.id
        _fix_head(session, CHAIN)
    problem = _only_break(_verify(log.db).breaks)
    assert (problem.kind, problem.seq, problem.event_id) == ("altered", 8, forged_id)
    assert "подделано" in problem.message


def test_10_two_events_swapped(log):
    events = _events(log.db)
    a, b = events[3], events[4]
    with dba_session(log.db) as session:
        session.get(AuditEvent, a.id).seq = 1000
        session.flush()
        session.get(AuditEvent, b.id).seq = a.seq
        session.flush()
        session.get(AuditEvent, a.id).seq = b.seq
    problem = _only_break(_verify(log.db).breaks)
    # № 5 now stands at № 4, and the event after it links to № 3: out of its place.
    assert (problem.kind, problem.seq, problem.event_id) == ("inserted", 4, b.id)
    assert f"следующее событие id {a.id} продолжает цепочку от № 3" in problem.message


# -- 11: a chain deleted whole ------------------------------------------------------------


def test_11_a_whole_chain_and_its_head_deleted(log):
    checkpoint = _checkpoint(log.db)
    with as_dba(log.db) as conn:
        conn.execute(delete(AuditEvent).where(AuditEvent.chain == "SPB-CO-1"))
        conn.execute(delete(AuditChainHead).where(AuditChainHead.chain == "SPB-CO-1"))
    problem = _only_break(_verify(log.db).breaks, "SPB-CO-1")
    assert problem.kind == "missing"
    assert "Цепочка точки «SPB-CO-1» отсутствует" in problem.message
    against = _only_break(_against(log.db, checkpoint), "SPB-CO-1")
    assert against.kind == "missing"
    assert "удалена целиком" in against.message


def test_11_a_whole_chain_deleted_with_its_point(log):
    """The point's own row gone too: its creation in the creator's chain still names it."""
    with log.db.write() as session:
        point = operators.create_service_point(session, log.admin, code="KZN-CO-1",
                                               kind=PointKind.SERVICE_CENTER,
                                               name="ЦО «Казанский»")
        point_id = point.id
    with as_dba(log.db) as conn:
        conn.execute(delete(AuditEvent).where(AuditEvent.chain == "KZN-CO-1"))
        conn.execute(delete(AuditChainHead).where(AuditChainHead.chain == "KZN-CO-1"))
        conn.execute(delete(ServicePoint).where(ServicePoint.id == point_id))
    problem = _only_break(_verify(log.db).breaks, "KZN-CO-1")
    assert problem.kind == "missing"


def test_a_chains_head_deleted(log):
    with as_dba(log.db) as conn:
        conn.execute(delete(AuditChainHead).where(AuditChainHead.chain == CHAIN))
    problem = _only_break(_verify(log.db).breaks)
    assert (problem.kind, problem.seq) == ("deleted", 7)
    assert "голова удалена" in problem.message


# -- 12: the tail rewritten with the key --------------------------------------------------


def test_12_the_tail_rewritten_with_a_stolen_key(log):
    """Whoever holds the audit key can make a rewritten chain verify; the checkpoint taken
    before, signed with another key, still shows the chain no longer extends it."""
    checkpoint = _checkpoint(log.db)
    stolen = keys.current().audit
    victim = _events(log.db)[2]
    with dba_session(log.db) as session:
        session.get(AuditEvent, victim.id).details = '{"i":"rewritten"}'
        _rechain(session, CHAIN, stolen, from_seq=victim.seq)
    assert _verify(log.db).ok
    last = _events(log.db)[-1]
    problem = _only_break(_against(log.db, checkpoint))
    assert (problem.kind, problem.seq, problem.event_id) == ("rewritten", 7, last.id)
    assert "журнал переписан" in problem.message


# -- the checkpoint itself ------------------------------------------------------------------


def test_a_checkpoint_changed_after_signing_is_refused(log):
    checkpoint = _checkpoint(log.db)
    checkpoint["heads"][CHAIN] = [5, checkpoint["heads"][CHAIN][1]]
    problem = _only_break(_against(log.db, checkpoint), "")
    assert problem.kind == "checkpoint"
    assert "Подпись контрольной точки неверна" in problem.message


@pytest.mark.parametrize("damaged", [None, [], {"kind": "something else"},
                                     {"kind": audit.CHECKPOINT_KIND, "format": 1}])
def test_a_damaged_checkpoint_is_one_sentence(log, damaged):
    problem = _only_break(_against(log.db, damaged), "")
    assert problem.kind == "checkpoint"
    assert problem.message == "Файл повреждён или это не контрольная точка журнала"


def test_a_checkpoint_of_another_installation_is_refused(log, monkeypatch):
    checkpoint = _checkpoint(log.db)
    monkeypatch.setattr(keys, "_current", keys.InstallationKeys.generate())
    monkeypatch.setattr(audit, "audit_key", lambda: keys.current().audit)
    problem = _only_break(_against(log.db, checkpoint), "")
    assert "другой установки" in problem.message


def test_a_desk_whose_checkpoint_key_the_database_does_not_know_is_refused(log):
    keys.bind_to_database(log.db)
    checkpoint = _checkpoint(log.db)
    with log.db.write() as session:
        session.execute(update(InstallationKey).where(InstallationKey.name == "checkpoint")
                        .values(fingerprint="ab" * 32))
    problem = _only_break(_against(log.db, checkpoint), "")
    assert "не тот, что записан в базе данных" in problem.message


def test_no_checkpoint_is_signed_over_a_broken_log(log):
    with as_dba(log.db) as conn:
        conn.execute(text("UPDATE audit_event SET details = '{}' WHERE chain = :c AND seq = 2"),
                     {"c": CHAIN})
    with pytest.raises(audit.LogBroken, match="контрольная точка не выпущена"):
        _checkpoint(log.db)


# -- the command line -----------------------------------------------------------------------


def test_cli_checkpoint_then_verify_against_it(log, db_url, tmp_path: Path, capsys):
    target = tmp_path / "log.checkpoint.json"
    assert main(["audit", "checkpoint", "-o", str(target), "--db", db_url]) == 0
    assert str(target) in capsys.readouterr().out
    assert json.loads(target.read_text(encoding="utf-8"))["heads"][CHAIN][0] == 7

    assert main(["audit", "verify", "--against", str(target), "--db", db_url]) == 0
    assert "продолжает контрольную точку" in capsys.readouterr().out

    events = _events(log.db)
    with dba_session(log.db) as session:
        session.delete(session.get(AuditEvent, events[-1].id))
        session.flush()
        _fix_head(session, CHAIN)
    assert main(["audit", "verify", "--db", db_url]) == 0  # the chain alone looks whole
    capsys.readouterr()
    assert main(["audit", "verify", "--against", str(target), "--db", db_url]) == \
        EXIT_CHECK_FAILED
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "«MSK-CO-1»: события после № 6 удалены" in err


def test_cli_verify_against_a_damaged_or_missing_file(log, db_url, tmp_path: Path, capsys):
    damaged = tmp_path / "damaged.json"
    damaged.write_text("{not json", encoding="utf-8")
    for path in (damaged, tmp_path / "nowhere.json"):
        assert main(["audit", "verify", "--against", str(path), "--db", db_url]) == \
            EXIT_CHECK_FAILED
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert str(path) in err


def test_daily_report_writes_a_checkpoint_beside_the_pdf(log, db_url, tmp_path: Path, capsys):
    pdf = tmp_path / "day.pdf"
    assert main(["report", "daily", "--date", "2026-11-20", "--pdf", str(pdf),
                 "--db", db_url]) == 0
    out = capsys.readouterr().out
    checkpoint = tmp_path / "day.checkpoint.json"
    assert str(checkpoint) in out
    with log.db.read() as session:
        heads = dict(session.execute(select(AuditChainHead.chain, func.max(AuditChainHead.seq))
                                     .group_by(AuditChainHead.chain)).all())
        assert audit.verify_against(session, audit.read_checkpoint(checkpoint)) == []
    assert {c: s for c, (s, _h) in audit.read_checkpoint(checkpoint)["heads"].items()} == heads


def test_cli_names_each_broken_chain_once(log, db_url, tmp_path: Path, capsys):
    target = tmp_path / "log.checkpoint.json"
    assert main(["audit", "checkpoint", "-o", str(target), "--db", db_url]) == 0
    with as_dba(log.db) as conn:  # both the chain and the checkpoint see this one
        conn.execute(delete(AuditEvent).where(AuditEvent.chain == CHAIN, AuditEvent.seq == 7))
    capsys.readouterr()
    assert main(["audit", "verify", "--against", str(target), "--db", db_url]) == \
        EXIT_CHECK_FAILED
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "последние события после № 6 удалены" in err


def test_daily_report_of_a_broken_log_gets_no_checkpoint(log, db_url, tmp_path: Path, capsys):
    keys.bind_to_database(log.db)  # as every desk does at start, long before the tampering
    with as_dba(log.db) as conn:
        conn.execute(text("UPDATE audit_event SET details = '{}' WHERE chain = :c AND seq = 3"),
                     {"c": CHAIN})
    pdf = tmp_path / "day.pdf"
    assert main(["report", "daily", "--date", "2026-11-20", "--pdf", str(pdf),
                 "--db", db_url]) == EXIT_CHECK_FAILED
    out, err = capsys.readouterr()
    assert str(pdf) in out  # the report itself is written
    assert not (tmp_path / "day.checkpoint.json").exists()
    assert err.count("\n") == 1
    assert "контрольная точка не выпущена" in err
