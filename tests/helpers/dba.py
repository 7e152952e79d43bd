"""What a database administrator can do and the program cannot: write to audit_event past
its append-only triggers (migration 0009) — the tampering the keyed hash and the signed
checkpoints exist to catch."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from operator_app.models import Database


@contextlib.contextmanager
def as_dba(db: Database) -> Iterator[Connection]:
    """A transaction in which the triggers do not fire: on PostgreSQL a superuser's
    ``session_replication_role = replica``; on SQLite the triggers dropped and made again
    before the commit (the file's owner can do either)."""
    with db.engine.begin() as conn:
        if db.is_sqlite:
            triggers = conn.execute(text(
                "SELECT name, sql FROM sqlite_master "
                "WHERE type = 'trigger' AND tbl_name = 'audit_event'")).all()
            for name, _sql in triggers:
                conn.execute(text(f'DROP TRIGGER "{name}"'))
            yield conn
            for _name, sql in triggers:
                conn.execute(text(sql))
        else:
            conn.execute(text("SET LOCAL session_replication_role = replica"))
            yield conn


@contextlib.contextmanager
def dba_session(db: Database) -> Iterator[Session]:
    """:func:`as_dba` as an ORM session (flushed and committed at the end)."""
    with as_dba(db) as conn:
        session = Session(bind=conn)
        try:
            yield session
            session.flush()
        finally:
            session.close()
