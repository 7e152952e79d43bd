"""Migrations, backups and the clear messages for databases that can't be used."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text
from sqlalchemy.orm.exc import StaleDataError

from operator_app.models import (
    Base,
    Database,
    DatabaseCorrupt,
    DatabaseTooNew,
    DatabaseUnavailable,
    Operator,
)
from operator_app.models.db import alembic_config
from tests.conftest import BACKEND

sqlite_only = pytest.mark.skipif(BACKEND != "sqlite", reason="SQLite file behaviour")


def test_empty_database_is_migrated_to_the_newest_schema(empty_db_url):
    db = Database(empty_db_url)
    result = db.upgrade()
    assert result.from_revision is None
    assert result.to_revision == db.current_revision()
    with db.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
    assert {"operator", "audit_event", "application", "visit", "confirmation_code",
            "post_letter", "document_image", "data_correction"} <= tables
    db.dispose()


# Made by migration 0010 for the name search, outside the ORM: SQLite's FTS5 table (and
# the shadow tables it keeps) and PostgreSQL's trigram index.
_SEARCH_INDEX_OBJECTS = ("applicant_search", "ix_applicant_search_key_trgm")


def _ours(name: str | None, _type: str, _parent: object) -> bool:
    return not (name or "").startswith(_SEARCH_INDEX_OBJECTS)


def test_migrations_match_the_orm(db):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": _ours})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_older_database_is_upgraded_keeping_its_data(empty_db_url):
    config = alembic_config(empty_db_url)
    command.upgrade(config, "0001")  # the first release's schema
    db = Database(empty_db_url)
    with db.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO service_point (code, kind, name, address, created_at) "
            "VALUES ('OLD-CO', 'service_center', 'Старый ЦО', '', '2025-01-01 10:00:00')"))
    assert db.current_revision() == "0001"
    result = db.upgrade()
    assert (result.from_revision, result.changed) == ("0001", True)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM service_point")).scalar_one() == "Старый ЦО"
        assert "application" in inspect(conn).get_table_names()
    if BACKEND == "sqlite":
        assert result.backup is not None
        assert result.backup.exists()
        backup = sqlite3.connect(result.backup)
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert backup.execute("SELECT name FROM service_point").fetchone() == ("Старый ЦО",)
        backup.close()
    db.dispose()


def test_upgrade_of_a_current_database_changes_nothing(db):
    result = db.upgrade()
    assert not result.changed
    assert result.backup is None


def test_database_newer_than_the_code_is_refused(db):
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(DatabaseTooNew, match="новее"):
        db.upgrade()


@sqlite_only
def test_corrupt_file_gives_a_clear_error(tmp_path: Path):
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(b"this is not a database" * 200)
    with pytest.raises(DatabaseCorrupt, match="повреждён"):
        Database(f"sqlite:///{path}").upgrade()


@sqlite_only
def test_foreign_tables_are_not_taken_for_ours(tmp_path: Path):
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER)")
    conn.close()
    with pytest.raises(DatabaseCorrupt, match="не база Operator Desk"):
        Database(f"sqlite:///{path}").upgrade()


@sqlite_only
def test_unopenable_path_gives_a_clear_error(tmp_path: Path):
    folder = tmp_path / "a-folder.sqlite3"
    folder.mkdir()
    with pytest.raises(DatabaseUnavailable, match="Нет доступа|Ошибка базы данных"):
        Database(f"sqlite:///{folder}").upgrade()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DatabaseUnavailable, match="Не удалось создать папку"):
        Database(f"sqlite:///{blocker / 'sub' / 'db.sqlite3'}").upgrade()


def test_unreachable_server_gives_a_clear_error():
    db = Database("postgresql://nobody@127.0.0.1:9/none")
    with pytest.raises(DatabaseUnavailable, match="недоступен"):
        db.upgrade()


@sqlite_only
def test_sqlite_runs_in_wal_mode_with_foreign_keys(db):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_optimistic_locking_refuses_a_stale_write(world):
    with world.db.read() as first_desk:
        stale = first_desk.scalars(select(Operator).where(Operator.login == "clerk")).one()
        stale_version = stale.version
    with world.db.write() as second_desk:
        fresh = second_desk.scalars(select(Operator).where(Operator.login == "clerk")).one()
        fresh.full_name = "Иван Клерков-Второй"
    assert stale_version == 1

    def save_stale_copy():
        with world.db.write() as first_desk:
            copy = first_desk.merge(stale, load=False)
            copy.full_name = "Иван Клерков-Первый"

    with pytest.raises(StaleDataError):
        save_stale_copy()
    with world.db.read() as session:
        kept = session.scalars(select(Operator).where(Operator.login == "clerk")).one()
    assert (kept.full_name, kept.version) == ("Иван Клерков-Второй", 2)


def test_default_database_lives_in_the_data_directory(tmp_path: Path):
    from operator_app.settings import default_db_path, resolve_db_url

    assert default_db_path().is_relative_to(tmp_path)
    assert resolve_db_url() == f"sqlite:///{default_db_path()}"
    assert resolve_db_url("sqlite:///x.db") == "sqlite:///x.db"


def test_the_known_head_is_alembics_head():
    """A current database is opened without loading Alembic: the head it compares with
    must be the newest migration's."""
    from alembic.script import ScriptDirectory

    from operator_app.models.db import HEAD_REVISION

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert script.get_current_head() == HEAD_REVISION
