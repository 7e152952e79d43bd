"""Engines, sessions and schema migration.

One :class:`Database` per process. SQLite gets WAL, foreign keys and a busy
timeout; write sessions start with ``BEGIN IMMEDIATE`` so two writers never
deadlock on a lock upgrade. PostgreSQL is reached through psycopg 3 by URL.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from operator_app.messages import t

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest migration's revision. Revisions are numbered like their files (0010_….py
# is revision '0010'); tests/unit/test_storage.py holds this equal to Alembic's head.
HEAD_REVISION = "0010"


class DatabaseError(Exception):
    """A database problem explained in one sentence a person can act on, in the desk's
    language (shown, never stored)."""


class DatabaseUnavailable(DatabaseError):
    pass


class DatabaseUnreachable(DatabaseUnavailable):
    """The server cannot be reached right now (stopped, restarting, the network): worth
    trying again in a moment, unlike a full disk or a read-only file."""


class DatabaseTooNew(DatabaseError):
    pass


class DatabaseCorrupt(DatabaseError):
    pass


def normalize_url(url: str) -> str:
    """Accept ``postgresql://`` and pick psycopg 3, the driver we ship."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def sqlite_url_for(path: Path) -> str:
    return f"sqlite:///{path}"


@dataclass(frozen=True)
class MigrationResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.from_revision != self.to_revision


class Database:
    """Engine and session factories for one database URL."""

    # PostgreSQL: a desk frozen inside a write must not block its point for ever. Waiting
    # for a row lock ends after LOCK_TIMEOUT (the waiting desk gets a "try again"
    # sentence); a transaction left idle by a hung desk is ended by the server after
    # IDLE_IN_TRANSACTION_TIMEOUT, which releases its locks.
    LOCK_TIMEOUT = "10s"
    IDLE_IN_TRANSACTION_TIMEOUT = "120s"

    def __init__(self, url: str, *, echo: bool = False, lock_timeout: str | None = None,
                 idle_in_transaction_timeout: str | None = None) -> None:
        self.url = normalize_url(url)
        try:
            parsed = make_url(self.url)
        except ArgumentError as exc:
            raise DatabaseUnavailable(t("Неверный адрес базы данных: {url!r}", url=url)) from exc
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        self.sqlite_path: Path | None = None
        try:
            if self.is_sqlite:
                self.engine = self._sqlite_engine(parsed.database, echo)
            else:
                options = (f"-c lock_timeout={lock_timeout or self.LOCK_TIMEOUT} "
                           "-c idle_in_transaction_session_timeout="
                           f"{idle_in_transaction_timeout or self.IDLE_IN_TRANSACTION_TIMEOUT}")
                self.engine = create_engine(
                    self.url, echo=echo, pool_pre_ping=True,
                    connect_args={"connect_timeout": 10, "options": options},
                )
        except NoSuchModuleError as exc:
            raise DatabaseUnavailable(t("Неподдерживаемый тип базы данных: {url!r}",
                                              url=url)) from exc
        self._write_engine = (
            self.engine.execution_options(sqlite_write=True) if self.is_sqlite else self.engine
        )
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = sessionmaker(self._write_engine, expire_on_commit=False)

    def _sqlite_engine(self, database: str | None, echo: bool) -> Engine:
        if database and database != ":memory:":
            self.sqlite_path = Path(database).expanduser().resolve()
        engine = create_engine(self.url, echo=echo, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: Any, _record: Any) -> None:
            # We issue BEGIN ourselves (below); pysqlite's implicit one is deferred.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            if self.sqlite_path is not None:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(connection: Any) -> None:
            write = connection.get_execution_options().get("sqlite_write", False)
            connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine

    @property
    def display_name(self) -> str:
        """What the status bar shows: a file name or host/database, never a password."""
        if self.sqlite_path is not None:
            return str(self.sqlite_path)
        return make_url(self.url).render_as_string(hide_password=True)

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A session to read with; a database that cannot be used (server gone, file
        unreadable) is a :class:`DatabaseError` with one sentence."""
        try:
            with self._reader() as session:
                yield session
        except OperationalError as exc:
            raise explain(exc, self) from exc

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose transaction commits on success and rolls back on error.

        A write the database cannot take (a full disk, a read-only file, the server gone,
        a lock waited for too long) is a :class:`DatabaseError` with one sentence; nothing
        of it was stored."""
        try:
            with self._writer() as session, session.begin():
                yield session
        except OperationalError as exc:
            raise explain(exc, self) from exc

    def dispose(self) -> None:
        self.engine.dispose()

    # -- schema ---------------------------------------------------------------

    def check_reachable(self) -> None:
        """Raise a :class:`DatabaseError` with a clear sentence when the database can't be used."""
        if self.sqlite_path is not None:
            parent = self.sqlite_path.parent
            if not parent.exists():
                try:
                    parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise DatabaseUnavailable(
                        t("Не удалось создать папку для базы данных {parent}: {error}",
                          parent=parent, error=exc.strerror)
                    ) from exc
        try:
            with self.engine.connect() as conn:
                inspect(conn).get_table_names()
        except DBAPIError as exc:
            raise explain(exc, self) from exc

    def _stored_revision(self) -> str | None:
        """alembic_version's row read with plain SQL (None: no such table, or no row)."""
        try:
            with self.engine.connect() as conn:
                if not inspect(conn).has_table("alembic_version"):
                    return None
                return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError as exc:
            raise explain(exc, self) from exc

    def current_revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        try:
            with self.engine.connect() as conn:
                return MigrationContext.configure(conn).get_current_revision()
        except DBAPIError as exc:
            raise explain(exc, self) from exc

    def upgrade(self, *, backup: bool = True) -> MigrationResult:
        """Bring the schema to the newest revision, backing up an older SQLite file first.

        A database already at :data:`HEAD_REVISION` costs one query: Alembic and its
        scripts are loaded only when there is something to migrate (~110 ms a start)."""
        self.check_reachable()
        if self._stored_revision() == HEAD_REVISION:
            return MigrationResult(HEAD_REVISION, HEAD_REVISION, None)
        from alembic import command
        from alembic.script import ScriptDirectory

        config = alembic_config(self.url)
        script = ScriptDirectory.from_config(config)
        head = script.get_current_head()
        assert head is not None
        try:
            current = self.current_revision()
            with self.engine.connect() as conn:
                tables = set(inspect(conn).get_table_names())
        except DBAPIError as exc:
            raise explain(exc, self) from exc
        if current is not None and not _known_revision(script, current):
            raise DatabaseTooNew(
                t("База данных новее этой версии программы (ревизия схемы {current}). "
                  "Обновите Operator Desk.", current=current)
            )
        if current is None and tables - {"alembic_version"}:
            raise DatabaseCorrupt(
                t("Файл базы данных содержит чужие таблицы: это не база Operator Desk.")
            )
        if current == head:
            return MigrationResult(current, head, None)
        backup_path = None
        if backup and current is not None and self.sqlite_path is not None:
            backup_path = self._backup_sqlite(current)
        try:
            with self._write_engine.begin() as conn:
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
        except DBAPIError as exc:
            raise explain(exc, self) from exc
        return MigrationResult(current, head, backup_path)

    def _backup_sqlite(self, revision: str) -> Path:
        assert self.sqlite_path is not None
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.sqlite_path.with_name(f"{self.sqlite_path.name}.{revision}.{stamp}.bak")
        # The backup API copies a consistent snapshot, WAL contents included.
        source = sqlite3.connect(self.sqlite_path)
        try:
            copy = sqlite3.connect(target)
            with copy:
                source.backup(copy)
            copy.close()
        finally:
            source.close()
        return target


def open_database(url: str, *, migrate: bool = True) -> Database:
    """A :class:`Database` ready to use: migrated, or disposed again if that failed."""
    db = Database(url)
    if migrate:
        try:
            db.upgrade()
        except BaseException:
            db.dispose()  # the caller never gets it, so it could not close the connections
            raise
    return db


def _known_revision(script: Any, revision: str) -> bool:
    from alembic.util import CommandError

    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False


def alembic_config(url: str) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


LOCKED_SQLSTATES = frozenset({"55P03", "40P01", "40001"})  # lock timeout, deadlock, serialization
ENDED_SQLSTATES = frozenset({"25P03"})  # idle in transaction too long


def busy_message(exc: DBAPIError) -> str | None:
    """The sentence for a write that lost to another desk or was ended by the server."""
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate in LOCKED_SQLSTATES:
        return t("Эти данные сейчас изменяют за другим столом. Ничего не изменено: повторите "
                 "через минуту.")
    if sqlstate in ENDED_SQLSTATES:
        return t("Сервер базы данных прервал долгую операцию. Ничего не изменено: повторите "
                 "действие.")
    return None


def explain(exc: DBAPIError, db: Database) -> DatabaseError:
    """Turn a driver exception into one sentence for the clerk or the administrator."""
    busy = busy_message(exc)
    if busy is not None:
        return DatabaseUnavailable(busy)
    text = str(exc.orig) if exc.orig is not None else str(exc)
    where = db.display_name
    lowered = text.lower()
    if "file is not a database" in lowered or "malformed" in lowered:
        return DatabaseCorrupt(
            t("Файл базы данных повреждён или это не база данных: {where}. Восстановите его "
              "из резервной копии.", where=where)
        )
    if "disk is full" in lowered or "no space left" in lowered:
        return DatabaseUnavailable(
            t("На диске нет места для базы данных {where}: ничего не записано. Освободите "
              "место и повторите — введённое на экране сохранится.", where=where)
        )
    if "readonly" in lowered or "read-only" in lowered or "unable to open" in lowered:
        return DatabaseUnavailable(
            t("Нет доступа на запись к базе данных {where}. Проверьте права на файл и папку.",
              where=where)
        )
    if isinstance(exc, OperationalError) and not db.is_sqlite:
        return DatabaseUnreachable(
            t("Сервер базы данных недоступен ({where}): {error}", where=where,
              error=text.strip().splitlines()[0])
        )
    return DatabaseUnavailable(t("Ошибка базы данных {where}: {error}", where=where,
                                 error=text.strip().splitlines()[0]))
