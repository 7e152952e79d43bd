"""What the machine can do to a write: a full disk, a read-only database file.

Before, both ended the command line in a raw SQLAlchemy traceback ("database or disk is
full", "attempt to write a readonly database"). Now: exit code 3 and one sentence, nothing
half-written, the log still verifying (SQLite: the machine's edge is the file).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, func, select

from operator_app.cli import EXIT_DATABASE, main
from operator_app.models import Database, DatabaseError, ServicePoint
from operator_app.services import audit
from tests.conftest import BACKEND

pytestmark = pytest.mark.skipif(BACKEND != "sqlite", reason="a file on this machine's disk")


def _run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv), stdin=io.StringIO(""))
    return code, capsys.readouterr().err


@pytest.fixture
def full_disk() -> Iterator[None]:
    """Every new SQLite connection may not grow its file by a single page."""

    def cap(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {max(pages, 1)}")
        cursor.close()

    event.listen(Engine, "connect", cap)
    yield
    event.remove(Engine, "connect", cap)


def _points(url: str) -> int:
    db = Database(url)
    try:
        with db.read() as session:
            return session.scalar(select(func.count()).select_from(ServicePoint)) or 0
    finally:
        db.dispose()


def _add_points(capsys, url: str, first: int, count: int) -> tuple[int, str]:
    for i in range(first, first + count):
        code, err = _run(capsys, "point", "add", f"msk-co-{i}", "--kind", "service_center",
                         "--name", "Ц" * 190 + str(i), "--address", "А" * 290, "--db", url)
        if code:
            return code, err
    return 0, ""


def test_a_full_disk_is_one_sentence_and_nothing_half_written(world, db_url, capsys,
                                                              full_disk):
    before = _points(db_url)
    code, err = _add_points(capsys, db_url, 10, 300)  # until the file would have to grow
    assert code == EXIT_DATABASE
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "нет места" in lines[0]
    assert "Traceback" not in err
    added = _points(db_url) - before
    db = Database(db_url)
    try:
        with db.read() as session:
            result = audit.verify(session)
            chains = set(result.heads)
        # the refused point left no row and no chain behind; the others are whole
        assert result.ok, result.first_break
        assert added >= 1
        assert sum(1 for chain in chains if chain.startswith("MSK-CO-") and chain != "MSK-CO-1") \
            == added
    finally:
        db.dispose()


def test_a_read_only_database_file_is_one_sentence(world, db_url, capsys):
    path = Path(db_url.removeprefix("sqlite:///"))
    world.db.dispose()
    read_only = f"sqlite:///file:{path}?mode=ro&uri=true"
    code, err = _run(capsys, "point", "add", "msk-co-77", "--kind", "service_center",
                     "--name", "ЦО", "--db", read_only)
    assert code == EXIT_DATABASE
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "на запись" in lines[0]
    assert _points(db_url) == 3


def test_the_database_layer_turns_a_refused_write_into_a_sentence(db_url, full_disk):
    db = Database(db_url)
    try:
        with pytest.raises(DatabaseError, match="нет места"), db.write() as session:
            session.add_all(ServicePoint(code=f"X-{i}", kind="service_center", name="Ц" * 190,
                                         address="А" * 290) for i in range(500))
    finally:
        db.dispose()
