"""PostgreSQL goes away while a desk is open, and comes back.

The server is made unreachable for the desk's database the way a restart looks from a
desk (its connections dropped, new ones refused), then allowed again. Meanwhile: a banner
across the window says the database is unavailable and is being retried; what the clerk
typed stays; a copy captured meanwhile waits in the local holding folder; once the
server answers, the banner says so, the copy is stored, and work goes on — no restart.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from operator_app import holding
from operator_app.models import DocumentImage
from tests.conftest import _pg_admin
from tests.gui.test_checklist import _passport_file, page  # noqa: F401 - the fixture

pytestmark = pytest.mark.postgres_only


def _database_away(name: str) -> None:
    _pg_admin(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false',
              "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
              f"WHERE datname = '{name}' AND pid <> pg_backend_pid()")


def _database_back(name: str) -> None:
    _pg_admin(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')


def test_the_desk_rides_out_a_database_restart(page, qtbot, tmp_path):  # noqa: F811
    window = page.window()
    name = make_url(page.context.db.url).database
    assert name
    page.search.edit.setText("каримов")  # typed, not yet searched
    checklist = page.checklist
    document = checklist.state.documents[0]
    _database_away(name)
    try:
        checklist.add_copy(_passport_file(tmp_path / "passport.jpg"), document, source="file")
        qtbot.waitUntil(lambda: "сохранена на этом компьютере" in checklist.banner.text(),
                        timeout=20_000)
        qtbot.waitUntil(lambda: "повторяю" in window.connection_banner.text(), timeout=5_000)
        assert len(holding.held()) == 1
        assert page.search.edit.text() == "каримов"  # nothing typed is lost
    finally:
        _database_back(name)
    qtbot.waitUntil(lambda: "восстановлена" in window.connection_banner.text(), timeout=20_000)
    qtbot.waitUntil(lambda: not holding.held(), timeout=20_000)
    qtbot.waitUntil(lambda: "записаны: 1" in checklist.banner.text(), timeout=10_000)
    with page.context.db.read() as session:
        stored = session.scalar(select(func.count()).select_from(DocumentImage)
                                .where(DocumentImage.document_id == document.id))
    assert stored == 1
    assert page.search.edit.text() == "каримов"
