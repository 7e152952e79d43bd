"""Declarative base, naming convention and column types shared by every entity."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import DateTime, MetaData, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


_simulated_now: ContextVar[dt.datetime | None] = ContextVar("simulated_now", default=None)


def utcnow() -> dt.datetime:
    """The current time, aware UTC — or the moment set by :func:`simulated_now`."""
    moment = _simulated_now.get()
    return dt.datetime.now(dt.UTC) if moment is None else moment


@contextmanager
def simulated_now(moment: dt.datetime) -> Iterator[None]:
    """Inside the block, :func:`utcnow` returns ``moment`` (in this thread or task only).

    Every service, column default and audit event reads the time through ``utcnow``, so
    code run inside the block behaves as if it ran at ``moment``. It exists for the demo's
    played history (:mod:`operator_app.services.demo_history`) and for benchmarks; the
    desk never sets it.
    """
    if moment.tzinfo is None:
        raise ValueError("naive datetime given to simulated_now")
    token = _simulated_now.set(moment.astimezone(dt.UTC))
    try:
        yield
    finally:
        _simulated_now.reset(token)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, on every backend.

    SQLite has no time zones; storing naive UTC and re-attaching UTC on load keeps
    comparisons and the audit hash identical on SQLite and PostgreSQL.
    """

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
