"""Test isolation: every test gets its own data and config directories, settings and database.

The database is SQLite by default. With ``OPERATOR_APP_TEST_PG`` set to an admin URL of a
PostgreSQL server (``.ci/run`` starts a throwaway one), every test gets its own
PostgreSQL database instead, cloned from a migrated template.
"""

from __future__ import annotations

import itertools
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# Before any Qt import: the tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("OPERATOR_APP_DB", None)

import pytest
from argon2 import PasswordHasher
from sqlalchemy.engine import make_url

from operator_app import keys, messages
from operator_app import settings as settings_module
from operator_app.models import Database
from operator_app.services import operators
from operator_app.services.actor import Actor

PG_ADMIN_URL = os.environ.get("OPERATOR_APP_TEST_PG", "")
# Property tests run a few hundred cases each in the suite; `make stress` runs them with
# OPERATOR_APP_PROPERTY_SCALE=10 (thousands each).
PROPERTY_SCALE = max(1, int(os.environ.get("OPERATOR_APP_PROPERTY_SCALE", "1") or 1))


def examples(count: int) -> int:
    """How many cases a property test runs: ``count`` in the suite, more under stress."""
    return count * PROPERTY_SCALE
BACKEND = "postgresql" if PG_ADMIN_URL else "sqlite"


def pytest_report_header() -> str:
    return f"operator-desk storage backend: {BACKEND}"


# The fixtures through which a test reaches the database (directly or through world, desk,
# scan_world…). On PostgreSQL only the tests that use one run: the rest (decoders, the
# MRZ reader, image and PDF checks, validators) do not depend on the backend, and they
# ran on SQLite already in the same CI job.
DATABASE_FIXTURES = frozenset({"db_url", "empty_db_url", "_pg_template", "demo_db"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if BACKEND == "postgresql":
        storage_free = pytest.mark.skip(reason="uses no database: it runs on SQLite")
        for item in items:
            names = set(getattr(item, "fixturenames", ()))
            if "postgres_only" in item.keywords:
                continue
            if not names & DATABASE_FIXTURES or "views_only" in item.keywords:
                item.add_marker(storage_free)
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (OPERATOR_APP_TEST_PG)")
    for item in items:
        if "postgres_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("OPERATOR_APP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("OPERATOR_APP_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("OPERATOR_APP_DB", raising=False)
    monkeypatch.delenv("OPERATOR_APP_QR_KEY", raising=False)
    monkeypatch.delenv("OPERATOR_APP_CODE_KEY", raising=False)
    monkeypatch.chdir(tmp_path)  # nothing a test writes lands in the working tree
    settings_module.reset_settings_cache()
    keys.reset_cache()
    yield
    settings_module.reset_settings_cache()
    keys.reset_cache()


@pytest.fixture(autouse=True)
def _core_speaks_russian() -> Iterator[None]:
    # The core's messages are asserted in Russian, its source language, whatever ran before.
    messages.set_language(messages.SOURCE_LANGUAGE)
    yield
    messages.set_language(messages.SOURCE_LANGUAGE)


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    # Still argon2id through the same code; only the cost drops, so a login costs 2 ms.
    monkeypatch.setattr(
        operators, "password_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


@pytest.fixture(autouse=True)
def _no_dangling_threads() -> Iterator[None]:
    before = set(threading.enumerate())
    yield
    leaked = [t for t in threading.enumerate() if t not in before and t.is_alive()
              and not t.daemon]
    for t in leaked:
        t.join(timeout=5)
    still = [t.name for t in leaked if t.is_alive()]
    assert not still, f"threads left running: {still}"


# -- databases -------------------------------------------------------------------

_counter = itertools.count()


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    db = Database(f"sqlite:///{path}")
    db.upgrade()
    db.dispose()
    return path


def _pg_admin(*statements: str) -> None:
    """Run statements on the server's maintenance database, closing the connection at once."""
    import psycopg

    url = make_url(PG_ADMIN_URL).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def _pg_template() -> Iterator[str]:
    if not PG_ADMIN_URL:
        yield ""
        return
    name = f"od_template_{os.getpid()}"
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    db = Database(make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False))
    db.upgrade()
    db.dispose()
    yield name
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a fresh, migrated, empty database of the backend under test."""
    if BACKEND == "sqlite":
        template: Path = request.getfixturevalue("_sqlite_template")
        path = tmp_path / "data" / "test.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
        return
    template_name = request.getfixturevalue("_pg_template")
    name = f"od_test_{os.getpid()}_{next(_counter)}"
    _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"')
    yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = Database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def empty_db_url(tmp_path: Path) -> Iterator[str]:
    """A database with no schema at all, of the backend under test."""
    if BACKEND == "sqlite":
        (tmp_path / "data").mkdir(exist_ok=True)
        yield f"sqlite:///{tmp_path / 'data' / 'empty.sqlite3'}"
        return
    name = f"od_empty_{os.getpid()}_{next(_counter)}"
    _pg_admin(f'CREATE DATABASE "{name}"')
    yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# -- a small world: one service center, one post office, an operator of every role ------

PASSWORD = "correct-horse-1"


@dataclass
class World:
    db: Database
    clerk: Actor
    post_clerk: Actor
    supervisor: Actor
    admin: Actor
    other_clerk: Actor  # at the second service center


@pytest.fixture
def world(db: Database) -> World:
    from operator_app.models import PointKind, Role

    with db.write() as session:
        for code, kind, name, index in [
            ("MSK-CO-1", PointKind.SERVICE_CENTER, "ЦО «Тверская»", None),
            ("SPB-CO-1", PointKind.SERVICE_CENTER, "ЦО «Невский»", None),
            ("MSK-PO-101000", PointKind.POST_OFFICE, "ОПС 101000 Москва", "101000"),
        ]:
            operators.create_service_point(session, None, code=code, kind=kind, name=name,
                                           postal_index=index)
        operators.create_operator(session, None, login="admin", full_name="Анна Админова",
                                  role=Role.ADMIN, point_code="MSK-CO-1", password=PASSWORD)
        cli = Actor.command_line()
        for login, name, role, point in [
            ("clerk", "Иван Клерков", Role.CLERK, "MSK-CO-1"),
            ("post", "Пётр Почтов", Role.POST_CLERK, "MSK-PO-101000"),
            ("boss", "Сергей Начальников", Role.SUPERVISOR, "MSK-CO-1"),
            ("clerk2", "Ольга Невская", Role.CLERK, "SPB-CO-1"),
        ]:
            operators.create_operator(session, cli, login=login, full_name=name, role=role,
                                      point_code=point, password=PASSWORD)
    actors = {}
    with db.read() as session:
        for login in ["clerk", "post", "boss", "admin", "clerk2"]:
            actors[login] = Actor.of(operators.get_operator(session, login))
    return World(db, actors["clerk"], actors["post"], actors["boss"], actors["admin"],
                 actors["clerk2"])


@pytest.fixture
def scan_world(world: World) -> World:
    """The world plus applications: pending, confirmed, blocked, expired."""
    from tests.helpers.data import add_scan_applications

    add_scan_applications(world)
    return world
