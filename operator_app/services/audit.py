"""The audit log: append-only, hash-chained, one chain per service point.

Each event stores the hash of the previous event of its chain and its own hash over a
canonical encoding (sorted-key compact JSON, UTF-8). The hash is an HMAC-SHA256 under the
installation's audit key (``keys.json``, never in the database): whoever can write to the
database but does not hold the key cannot make an altered, forged or renumbered event
verify. Writers of one chain serialize on that chain's head row (``SELECT … FOR UPDATE``
on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite); different service points never wait on
each other. The table refuses UPDATE and DELETE (migration 0009); only :func:`seal_with_key`
rewrites it, once, when an older log is moved to the keyed hash.

``verify`` walks every chain and names the first altered, inserted or deleted event, and
a service point whose chain is missing. What the chain alone cannot show — the newest
events deleted with the head moved back, or a whole tail rewritten by someone holding the
key — is shown against a signed checkpoint (:func:`make_checkpoint`,
:func:`verify_against`) kept away from the database. See docs/audit.md.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime as dt
import hashlib
import hmac
import json
import os
import re
import secrets
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from operator_app.keys import KeyProblem
from operator_app.messages import t
from operator_app.models import AuditChainHead, AuditEvent, InstallationKey, ServicePoint, utcnow
from operator_app.services.actor import Actor
from operator_app.services.errors import ServiceError

SYSTEM_CHAIN = "system"
GENESIS_HASH = "0" * 64
# The first event of every service point's chain (services/operators.py): a point without
# a chain is then a chain deleted whole, not a point nobody has used yet.
CHAIN_OPENED = "chain_opened"
POINT_CREATED = "service_point_created"
AUDIT_SEALED = "audit_sealed"
# PostgreSQL: the append-only trigger lets a transaction that set this rewrite the table
# (seal_with_key only); see migration 0009.
SEAL_SETTING = "operator_desk.audit_seal"

CHECKPOINT_FORMAT = 1
CHECKPOINT_KIND = "operator-desk audit checkpoint"
_HEX64 = re.compile(r"[0-9a-f]{64}")


class SealRefused(KeyProblem):
    """An older log does not verify: the audit key is not put over a broken log."""


class LogBroken(ServiceError):
    """A checkpoint is not signed over a log that does not verify."""


def canonical_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _stamp(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(
    *,
    key: bytes | None,
    chain: str,
    seq: int,
    at: dt.datetime,
    operator_id: int | None,
    operator_login: str,
    action: str,
    entity: str,
    entity_id: str,
    application_number: str,
    details: str,
    prev_hash: str,
) -> str:
    """HMAC-SHA256 of the event under ``key``; ``key=None`` is the plain SHA-256 that
    versions before the audit key wrote (read by :func:`seal_with_key` only)."""
    payload = canonical_json(
        {
            "chain": chain,
            "seq": seq,
            "at": _stamp(at),
            "operator_id": operator_id,
            "operator_login": operator_login,
            "action": action,
            "entity": entity,
            "entity_id": entity_id,
            "application_number": application_number,
            "details": details,
            "prev_hash": prev_hash,
        }
    ).encode("utf-8")
    if key is None:
        return hashlib.sha256(payload).hexdigest()
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def _hash_of(event: AuditEvent, key: bytes | None) -> str:
    return event_hash(
        key=key,
        chain=event.chain,
        seq=event.seq,
        at=event.at,
        operator_id=event.operator_id,
        operator_login=event.operator_login,
        action=event.action,
        entity=event.entity,
        entity_id=event.entity_id,
        application_number=event.application_number,
        details=event.details,
        prev_hash=event.prev_hash,
    )


def audit_key() -> bytes:
    """This desk's audit key (keys.json)."""
    from operator_app import keys

    return keys.current().audit


# session.info key: (the transaction, {chain: its head row locked in that transaction})
_LOCKED_HEADS = "audit_locked_heads"


def _lock_head(session: Session, chain: str) -> AuditChainHead:
    """The chain's head row, locked until the caller's transaction ends. The row exists
    from the chain's first event on, so the lock is tried first; only a new chain pays
    for the insert (ON CONFLICT: two desks may start the same chain at once).

    A transaction locks a head once: its later events take the row from the session,
    without a query, so nothing is flushed between them and all of them reach the
    database at the transaction's flush, one INSERT and one UPDATE of the head. Every
    desk of the point waits for that lock, so each round trip under it counts (a code
    issued over a working one: from six round trips under the lock to four)."""
    transaction = session.get_transaction()
    held: tuple[object, dict[str, AuditChainHead]] | None = session.info.get(_LOCKED_HEADS)
    if held is None or held[0] is not transaction:
        held = (transaction, {})
        session.info[_LOCKED_HEADS] = held
    heads = held[1]
    head = heads.get(chain)
    if head is None:
        head = heads[chain] = _lock_head_row(session, chain)
    return head


def _forget_locked_heads(session: Session) -> None:
    """After a statement that rewrites heads behind the session's back (``_rehash``)."""
    session.info.pop(_LOCKED_HEADS, None)


def _lock_head_row(session: Session, chain: str) -> AuditChainHead:
    def locked() -> AuditChainHead | None:
        return session.execute(
            select(AuditChainHead)
            .where(AuditChainHead.chain == chain)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).scalar_one_or_none()

    head = locked()
    if head is not None:
        return head
    dialect = session.get_bind().dialect.name
    values = {"chain": chain, "seq": 0, "hash": GENESIS_HASH}
    if dialect == "postgresql":
        session.execute(postgresql.insert(AuditChainHead).values(values).on_conflict_do_nothing())
    elif dialect == "sqlite":
        session.execute(sqlite.insert(AuditChainHead).values(values).on_conflict_do_nothing())
    else:  # pragma: no cover - other backends
        session.add(AuditChainHead(**values))
        session.flush()
    head = locked()
    assert head is not None
    return head


def record(
    session: Session,
    actor: Actor | None,
    action: str,
    *,
    entity: str = "",
    entity_id: object = "",
    application_number: str = "",
    details: Mapping[str, Any] | None = None,
    chain: str | None = None,
    at: dt.datetime | None = None,
) -> AuditEvent:
    """Append one event to the actor's chain, inside the caller's transaction."""
    return _append(session, actor, action, audit_key(), entity=entity, entity_id=entity_id,
                   application_number=application_number, details=details, chain=chain, at=at)


def _append(
    session: Session,
    actor: Actor | None,
    action: str,
    key: bytes,
    *,
    entity: str = "",
    entity_id: object = "",
    application_number: str = "",
    details: Mapping[str, Any] | None = None,
    chain: str | None = None,
    at: dt.datetime | None = None,
) -> AuditEvent:
    chain = chain or (actor.point_code if actor is not None else SYSTEM_CHAIN)
    head = _lock_head(session, chain)
    event = AuditEvent(
        chain=chain,
        seq=head.seq + 1,
        at=at or utcnow(),
        operator_id=actor.operator_id if actor is not None else None,
        operator_login=actor.login if actor is not None else "",
        action=action,
        entity=entity,
        entity_id="" if entity_id is None else str(entity_id),
        application_number=application_number,
        details=canonical_json(dict(details or {})),
        prev_hash=head.hash,
    )
    event.hash = _hash_of(event, key)
    session.add(event)
    head.seq = event.seq
    head.hash = event.hash
    return event


@dataclass(frozen=True)
class Break:
    """The first broken link of a chain (or a checkpoint that cannot be trusted).

    ``kind``: ``altered``, ``inserted``, ``deleted`` (the chain itself shows it);
    ``missing`` (a service point's whole chain is gone); against a checkpoint also
    ``truncated`` (events it saw are gone and the head was moved back), ``rewritten``
    (the event it saw has another hash now) and ``checkpoint`` (the file is damaged,
    its signature is wrong or it belongs to another installation).
    """

    chain: str
    kind: str
    seq: int
    event_id: int | None
    message: str


@dataclass
class VerifyResult:
    checked: int = 0
    heads: dict[str, tuple[int, str]] = field(default_factory=dict)
    breaks: list[Break] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.breaks

    @property
    def first_break(self) -> Break | None:
        return self.breaks[0] if self.breaks else None


def _snapshot(session: Session) -> None:
    """Read every chain and head as of one moment: on PostgreSQL a new event committed
    half-way through would otherwise look like a head that no longer fits its chain."""
    if not session.in_transaction() and session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def expected_chains(session: Session) -> set[str]:
    """The chains that must exist: every service point's, and every point ever created
    (its creation is recorded in its creator's chain, so deleting the point's row too
    does not hide the chain's removal)."""
    names = set(session.scalars(select(ServicePoint.code)))
    for details in session.scalars(select(AuditEvent.details)
                                   .where(AuditEvent.action == POINT_CREATED)):
        try:
            code = json.loads(details).get("code")
        except (ValueError, AttributeError):
            continue  # an altered event: the walk of its chain names it
        if isinstance(code, str) and code:
            names.add(code)
    return names


def _require_verifier(actor: Actor | None, chains: Iterable[str] | None
                      ) -> Iterable[str] | None:
    """With an ``actor``: only a role that verifies the log, and a supervisor only their own
    point's chain (administrators every chain). Without one: the program's own checks."""
    if actor is None:
        return chains
    from operator_app.services.actor import Permission
    from operator_app.services.errors import PermissionDenied

    actor.require(Permission.VERIFY_AUDIT)
    if actor.can(Permission.MANAGE_ALL_POINTS):
        return chains
    if chains is not None and set(chains) - {actor.point_code}:
        raise PermissionDenied(t("Руководитель проверяет журнал своей точки; весь журнал "
                               "проверяет администратор."))
    return [actor.point_code]


def verify(session: Session, actor: Actor | None = None, *,
           chains: Iterable[str] | None = None, key: bytes | None = None) -> VerifyResult:
    """Walk every chain (or the named ones) and report the first break in each.

    ``actor``: who asks (see :func:`_require_verifier`); the command line and the
    supervisor's screen always say.

    Every service point has a chain from its creation on (its first event is
    ``chain_opened``; points of an older log were given one when the log was sealed), so
    a point with neither events nor a head is a chain deleted whole: kind ``missing``.
    """
    chains = _require_verifier(actor, chains)
    _snapshot(session)
    key = audit_key() if key is None else key
    result = VerifyResult()
    heads = {h.chain: h for h in session.scalars(select(AuditChainHead))}
    event_chains = set(session.scalars(select(AuditEvent.chain).distinct()))
    expected = expected_chains(session)
    present = heads.keys() | event_chains
    names = sorted(set(chains) if chains is not None else present | expected)
    for chain in names:
        if chain not in present:
            if chain in expected:
                result.breaks.append(Break(
                    chain, "missing", 0, None,
                    t("Цепочка точки «{chain}» отсутствует: все её события и голова удалены",
                      chain=chain)))
            continue
        problem = _verify_chain(session, chain, heads.get(chain), result, key)
        if problem is not None:
            result.breaks.append(problem)
    return result


def _verify_chain(session: Session, chain: str, head: AuditChainHead | None,
                  result: VerifyResult, key: bytes | None) -> Break | None:
    rows = session.execute(
        select(AuditEvent).where(AuditEvent.chain == chain).order_by(AuditEvent.seq),
        execution_options={"yield_per": 2000},
    )
    try:
        problem = _walk(chain, rows.scalars(), result, key)
    finally:
        rows.close()  # a server-side cursor on PostgreSQL: close it even on an early return
    if problem is not None:
        return problem
    prev_seq, prev_hash = result.heads[chain]
    if head is None:
        if prev_seq:
            return Break(chain, "deleted", prev_seq, None,
                         t("Цепочка «{chain}»: её голова удалена (последнее событие — № "
                           "{prev_seq})", chain=chain, prev_seq=prev_seq))
        return None
    if head.seq != prev_seq or head.hash != prev_hash:
        return Break(
            chain,
            "deleted",
            prev_seq + 1,
            None,
            t("Цепочка «{chain}»: последние события после № {prev_seq} удалены (голова цепочки "
              "указывает на № {seq})", chain=chain, prev_seq=prev_seq, seq=head.seq),
        )
    return None


def _walk(chain: str, events: Iterable[AuditEvent], result: VerifyResult,
          key: bytes | None) -> Break | None:
    prev_seq, prev_hash = 0, GENESIS_HASH
    ahead: Iterator[AuditEvent] = iter(events)
    event = next(ahead, None)
    while event is not None:
        following = next(ahead, None)  # an inserted event is told by the one after it
        result.checked += 1
        where = t("Цепочка «{chain}»: событие id {id} (№ {seq}, {action})",
                  chain=chain, id=event.id, seq=event.seq, action=event.action)
        if event.seq != prev_seq + 1:
            return Break(chain, "deleted", prev_seq + 1, event.id,
                         t("Цепочка «{chain}»: нет событий № {first}–{last} перед событием id "
                           "{id} (удалены)",
                           chain=chain, first=prev_seq + 1, last=event.seq - 1, id=event.id))
        if _hash_of(event, key) != event.hash:
            if following is not None and following.prev_hash == prev_hash:
                return Break(chain, "inserted", event.seq, event.id,
                             t("{where} вставлено: следующее событие id {id} продолжает цепочку "
                               "от № {prev_seq}", where=where, id=following.id, prev_seq=prev_seq))
            under = t(" с ключом журнала") if key is not None else ""  # an older log's plain hash
            return Break(chain, "altered", event.seq, event.id,
                         t("{where} изменено после записи или подделано: его хеш не "
                           "сходится{under}", where=where, under=under))
        if event.prev_hash != prev_hash:
            return Break(chain, "inserted", event.seq, event.id,
                         t("{where} не продолжает цепочку — вставлено или заменено предыдущее",
                           where=where))
        prev_seq, prev_hash = event.seq, event.hash
        event = following
    result.heads[chain] = (prev_seq, prev_hash)
    return None


# -- moving an older log to the keyed hash ----------------------------------------------------


def seal_with_key(session: Session, key: bytes) -> int:
    """Rehash every event and head of a log written with the plain SHA-256 under ``key``;
    the number of events rehashed.

    Runs once, in the caller's transaction, when a desk records the audit key's
    fingerprint for the first time (keys.bind_to_database). Each chain must verify first —
    as it stands under the key (a desk sealed it a moment earlier: nothing to do) or under
    the old plain hash; otherwise :class:`SealRefused` and nothing changes: a broken log is
    never made to look whole. Points that never had an event are given their chain's first
    event (``chain_opened``), so from now on a point without a chain is a deleted chain.
    One ``audit_sealed`` event in the system chain says what was done.
    """
    heads = {h.chain: h for h in session.scalars(
        select(AuditChainHead).with_for_update().execution_options(populate_existing=True))}
    chains = sorted(heads.keys() | set(session.scalars(select(AuditEvent.chain).distinct())))
    stale = []
    for chain in chains:
        if _check_chain(session, chain, heads.get(chain), key) is None:
            continue
        problem = _check_chain(session, chain, heads.get(chain), None)
        if problem is not None:
            raise SealRefused(t("Журнал нарушен, и ключ журнала к нему не применён: {message}. "
                                "Восстановите базу данных из резервной копии (docs/audit.md).",
                                message=problem.message))
        stale.append(chain)
    count = 0
    if stale:
        with _rewriting(session):
            for chain in stale:
                count += _rehash(session, chain, heads, key)
    opened = 0
    have = set(chains)
    for point_id, code in session.execute(select(ServicePoint.id, ServicePoint.code)
                                          .order_by(ServicePoint.code)):
        if code not in have:
            _append(session, None, CHAIN_OPENED, key, chain=code, entity="service_point",
                    entity_id=point_id, details={"point": code, "existing": True})
            opened += 1
    if count or opened:
        _append(session, None, AUDIT_SEALED, key,
                details={"events": count, "chains_opened": opened})
    return count


def _check_chain(session: Session, chain: str, head: AuditChainHead | None,
                 key: bytes | None) -> Break | None:
    return _verify_chain(session, chain, head, VerifyResult(), key)


def _rehash(session: Session, chain: str, heads: dict[str, AuditChainHead], key: bytes) -> int:
    prev_hash, rows = GENESIS_HASH, []
    columns = (AuditEvent.id, AuditEvent.chain, AuditEvent.seq, AuditEvent.at,
               AuditEvent.operator_id, AuditEvent.operator_login, AuditEvent.action,
               AuditEvent.entity, AuditEvent.entity_id, AuditEvent.application_number,
               AuditEvent.details)
    # Plain rows, not entities: the session keeps no stale copy of what is rewritten below.
    for event in session.execute(select(*columns).where(AuditEvent.chain == chain)
                                 .order_by(AuditEvent.seq)):
        digest = event_hash(key=key, chain=event.chain, seq=event.seq, at=event.at,
                            operator_id=event.operator_id, operator_login=event.operator_login,
                            action=event.action, entity=event.entity, entity_id=event.entity_id,
                            application_number=event.application_number,
                            details=event.details, prev_hash=prev_hash)
        rows.append({"id": event.id, "prev_hash": prev_hash, "hash": digest})
        prev_hash = digest
    for start in range(0, len(rows), 1000):
        session.execute(update(AuditEvent), rows[start:start + 1000])
    if chain in heads:
        session.execute(update(AuditChainHead).where(AuditChainHead.chain == chain)
                        .values(hash=prev_hash))
    _forget_locked_heads(session)
    return len(rows)


@contextlib.contextmanager
def _rewriting(session: Session) -> Iterator[None]:
    """Let this transaction rewrite audit_event (migration 0009 refuses it otherwise).

    PostgreSQL: the trigger function lets a transaction with ``operator_desk.audit_seal``
    set pass; it is set for the rewrite only. SQLite has no such setting: the triggers are
    dropped and made again from their own stored text, inside the same transaction.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text("SELECT set_config(:name, 'on', true)"), {"name": SEAL_SETTING})
        yield
        session.execute(text("SELECT set_config(:name, 'off', true)"), {"name": SEAL_SETTING})
        return
    triggers: list[tuple[str, str]] = []
    if dialect == "sqlite":
        triggers = [(name, sql) for name, sql in session.execute(text(
            "SELECT name, sql FROM sqlite_master "
            "WHERE type = 'trigger' AND tbl_name = 'audit_event'"))]
    for name, _sql in triggers:
        session.execute(text(f'DROP TRIGGER "{name}"'))
    yield
    for _name, sql in triggers:
        session.execute(text(sql))


# -- signed checkpoints ---------------------------------------------------------------------


def make_checkpoint(session: Session) -> dict[str, Any]:
    """Every chain's head, the time and the installation's checkpoint key, signed with
    the checkpoint key (Ed25519) over the canonical JSON of the rest.

    The log must verify first (:class:`LogBroken` otherwise): a checkpoint vouches for
    what it lists. Keep the file away from the database server — a copy with each daily
    report, another on demand (``operator-app audit checkpoint``).
    """
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from operator_app import keys

    result = verify(session)
    if result.first_break is not None:
        raise LogBroken(t("Журнал нарушен, контрольная точка не выпущена: {message}.",
                          message=result.first_break.message))
    installation = keys.current()
    body = {
        "format": CHECKPOINT_FORMAT,
        "kind": CHECKPOINT_KIND,
        "made_at": _stamp(utcnow()),
        "key": installation.checkpoint_public_key().hex(),
        "events": result.checked,
        "heads": {chain: [seq, digest] for chain, (seq, digest) in sorted(result.heads.items())
                  if seq},
    }
    signature = Ed25519PrivateKey.from_private_bytes(installation.checkpoint).sign(
        canonical_json(body).encode("utf-8"))
    return {**body, "signature": base64.b64encode(signature).decode("ascii")}


def write_checkpoint(checkpoint: Mapping[str, Any], path: str | os.PathLike[str]) -> Path:
    """Write the checkpoint as JSON, atomically (complete or not there)."""
    target = Path(path)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as out:
            out.write(json.dumps(checkpoint, ensure_ascii=False, indent=2) + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def read_checkpoint(path: str | os.PathLike[str]) -> Any:
    """The file's JSON as it is; :func:`verify_against` tells whether it is a checkpoint.
    A file that is not JSON at all reads as ``None`` (damaged)."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None


def _when(stamp: str) -> str:
    try:
        at = dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ")
    except ValueError:
        return stamp
    return f"{at:%d.%m.%Y %H:%M} UTC"


def _checkpoint_problem(session: Session, checkpoint: Any) -> str | None:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from operator_app import keys

    damaged = t("Файл повреждён или это не контрольная точка журнала")
    if not isinstance(checkpoint, Mapping) or checkpoint.get("kind") != CHECKPOINT_KIND:
        return damaged
    if checkpoint.get("format") != CHECKPOINT_FORMAT:
        return t("Контрольная точка другой версии программы: обновите Operator Desk")
    heads, signed_by = checkpoint.get("heads"), checkpoint.get("key")
    if not (isinstance(heads, Mapping) and isinstance(checkpoint.get("made_at"), str)
            and isinstance(signed_by, str) and isinstance(checkpoint.get("signature"), str)
            and all(isinstance(c, str) and isinstance(h, list) and len(h) == 2
                    and type(h[0]) is int and h[0] > 0
                    and isinstance(h[1], str) and _HEX64.fullmatch(h[1])
                    for c, h in heads.items())):
        return damaged
    try:
        signature = base64.b64decode(checkpoint["signature"], validate=True)
    except (binascii.Error, ValueError):
        return damaged
    public = keys.current().checkpoint_public_key()
    recorded = session.get(InstallationKey, "checkpoint")
    if recorded is not None and recorded.fingerprint != public.hex():
        return t("Ключ подписи контрольных точек этого рабочего места не тот, что записан "
                 "в базе данных")
    if signed_by != public.hex():
        return t("Контрольная точка подписана ключом другой установки")
    body = {k: v for k, v in checkpoint.items() if k != "signature"}
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(
            signature, canonical_json(body).encode("utf-8"))
    except InvalidSignature:
        return t("Подпись контрольной точки неверна: файл изменён после выпуска или подделан")
    return None


def verify_against(session: Session, checkpoint: Any) -> list[Break]:
    """What the log lost since ``checkpoint``: for each chain it lists, the event it saw
    must still be there with the same hash (a chain that verifies and has that event
    extends the checkpoint). The signature is checked with this desk's checkpoint key,
    which must be the one the database records. Run :func:`verify` too: this checks only
    the link to the checkpoint.
    """
    _snapshot(session)
    problem = _checkpoint_problem(session, checkpoint)
    if problem is not None:
        return [Break("", "checkpoint", 0, None, problem)]
    when = _when(checkpoint["made_at"])
    breaks = []
    for chain, (seq, digest) in sorted(checkpoint["heads"].items()):
        row = session.execute(select(AuditEvent.id, AuditEvent.hash)
                              .where(AuditEvent.chain == chain, AuditEvent.seq == seq)).first()
        if row is not None and row.hash == digest:
            continue
        newest = session.scalar(select(func.max(AuditEvent.seq))
                                .where(AuditEvent.chain == chain))
        head = session.get(AuditChainHead, chain)
        if newest is None and head is None:
            breaks.append(Break(chain, "missing", seq, None,
                                t("Цепочка «{chain}» удалена целиком: в контрольной точке от "
                                  "{when} в ней было событий — {seq}",
                                  chain=chain, when=when, seq=seq)))
        elif row is None and (newest or 0) < seq:
            breaks.append(Break(chain, "truncated", (newest or 0) + 1, None,
                                t("Цепочка «{chain}»: события после № {newest} удалены, а голова "
                                  "передвинута назад — в контрольной точке от {when} цепочка "
                                  "доходила до № {seq}",
                                  chain=chain, newest=newest or 0, when=when, seq=seq)))
        elif row is None:
            breaks.append(Break(chain, "deleted", seq, None,
                                t("Цепочка «{chain}»: события № {seq} из контрольной точки от "
                                  "{when} нет (удалено)", chain=chain, seq=seq, when=when)))
        else:
            breaks.append(Break(chain, "rewritten", seq, row.id,
                                t("Цепочка «{chain}»: событие № {seq} (id {id}) не то, что в "
                                  "контрольной точке от {when} — журнал переписан до него "
                                  "включительно", chain=chain, seq=seq, id=row.id, when=when)))
    return breaks


# -- queries ----------------------------------------------------------------------------------


def count_events(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEvent)) or 0


def require_point_scope(session: Session, actor: Actor, application_number: str) -> None:
    """A supervisor answers for their own point: the application must have been served
    there (an event of it in the point's chain). Administrators see every point."""
    from operator_app.services.actor import Permission
    from operator_app.services.errors import PermissionDenied

    if actor.can(Permission.MANAGE_ALL_POINTS):
        return
    served_here = session.scalar(
        select(AuditEvent.id).where(AuditEvent.chain == actor.point_code,
                                    AuditEvent.application_number == application_number)
        .limit(1))
    if served_here is None:
        raise PermissionDenied(t("Это заявление не обслуживалось в вашей точке: его данные и "
                               "коды доступны администратору."))
