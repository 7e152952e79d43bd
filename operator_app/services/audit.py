"""The audit log: append-only, hash-chained, one chain per service point.

Each event stores the SHA-256 of the previous event of its chain and its own
hash over a canonical encoding (sorted-key compact JSON, UTF-8). Writers of one
chain serialize on that chain's head row (``SELECT … FOR UPDATE`` on PostgreSQL,
``BEGIN IMMEDIATE`` on SQLite); different service points never wait on each
other. ``verify`` walks every chain and names the first altered, inserted or
deleted event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from operator_app.models import AuditChainHead, AuditEvent, utcnow
from operator_app.services.actor import Actor

SYSTEM_CHAIN = "system"
GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _stamp(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(
    *,
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
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _hash_of(event: AuditEvent) -> str:
    return event_hash(
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


def _lock_head(session: Session, chain: str) -> AuditChainHead:
    """The chain's head row, locked until the caller's transaction ends. The row exists
    from the chain's first event on, so the lock is tried first; only a new chain pays
    for the insert (ON CONFLICT: two desks may start the same chain at once)."""

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
    event.hash = _hash_of(event)
    session.add(event)
    head.seq = event.seq
    head.hash = event.hash
    session.flush()
    return event


@dataclass(frozen=True)
class Break:
    """The first broken link of a chain."""

    chain: str
    kind: str  # altered | inserted | deleted
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


def verify(session: Session, *, chains: Iterable[str] | None = None) -> VerifyResult:
    """Walk every chain (or the named ones) and report the first break in each."""
    result = VerifyResult()
    heads = {h.chain: h for h in session.scalars(select(AuditChainHead))}
    event_chains = set(session.scalars(select(AuditEvent.chain).distinct()))
    names = sorted(set(chains) if chains is not None else heads.keys() | event_chains)
    for chain in names:
        problem = _verify_chain(session, chain, heads.get(chain), result)
        if problem is not None:
            result.breaks.append(problem)
    return result


def _verify_chain(
    session: Session, chain: str, head: AuditChainHead | None, result: VerifyResult
) -> Break | None:
    prev_seq, prev_hash = 0, GENESIS_HASH
    rows = session.execute(
        select(AuditEvent).where(AuditEvent.chain == chain).order_by(AuditEvent.seq),
        execution_options={"yield_per": 2000},
    )
    try:
        problem = _walk(chain, rows.scalars(), result)
    finally:
        rows.close()  # a server-side cursor on PostgreSQL: close it even on an early return
    if problem is not None:
        return problem
    prev_seq, prev_hash = result.heads[chain]
    if head is None:
        if prev_seq:
            return Break(chain, "inserted", prev_seq, None, f"Цепочка «{chain}» без головы")
        return None
    if head.seq != prev_seq or head.hash != prev_hash:
        return Break(
            chain,
            "deleted",
            prev_seq + 1,
            None,
            f"Цепочка «{chain}»: последние события после № {prev_seq} удалены "
            f"(голова цепочки указывает на № {head.seq})",
        )
    return None


def _walk(chain: str, events: Iterable[AuditEvent], result: VerifyResult) -> Break | None:
    prev_seq, prev_hash = 0, GENESIS_HASH
    for event in events:
        result.checked += 1
        where = f"Цепочка «{chain}»: событие id {event.id} (№ {event.seq}, {event.action})"
        if event.seq != prev_seq + 1:
            return Break(chain, "deleted", prev_seq + 1, event.id,
                         f"Цепочка «{chain}»: нет событий № {prev_seq + 1}–{event.seq - 1} "
                         f"перед событием id {event.id} (удалены)")
        if _hash_of(event) != event.hash:
            return Break(chain, "altered", event.seq, event.id, f"{where} изменено после записи")
        if event.prev_hash != prev_hash:
            return Break(chain, "inserted", event.seq, event.id,
                         f"{where} не продолжает цепочку — вставлено или заменено предыдущее")
        prev_seq, prev_hash = event.seq, event.hash
    result.heads[chain] = (prev_seq, prev_hash)
    return None


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
        raise PermissionDenied("Это заявление не обслуживалось в вашей точке: его данные и "
                               "коды доступны администратору.")
