"""Operator management as an administrator and a supervisor do it: reset a password, change
a role, disable; every action audited; a supervisor limited to their own point."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from operator_app.models import AuditEvent, Role
from operator_app.services import operators
from operator_app.services.actor import Section
from tests.conftest import PASSWORD
from tests.gui.conftest import log_in


def _section(desk, qtbot, login):
    log_in(qtbot, desk, login, PASSWORD)
    qtbot.waitUntil(lambda: desk.window is not None)
    page = desk.window.sections[Section.ADMIN]
    desk.window.nav.setCurrentRow(list(desk.window.sections).index(Section.ADMIN))
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    return page


def _select(page, qtbot, login):
    rows = [page.model.row_at(i).login for i in range(page.model.rowCount())]
    page.table.selectRow(rows.index(login))
    qtbot.waitUntil(lambda: page._selected() is not None and page._selected().login == login)


def _actions(world, action):
    with world.db.read() as session:
        return [e.detail_dict() for e in session.scalars(
            select(AuditEvent).where(AuditEvent.action == action))]


def test_admin_resets_a_password_typed_twice(world, desk, qtbot):
    page = _section(desk, qtbot, "admin")
    _select(page, qtbot, "clerk")
    qtbot.mouseClick(page.password_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    qtbot.keyClicks(dialog.password.edit, "new-secret-42")
    qtbot.keyClicks(dialog.repeat.edit, "new-secret-41")
    assert dialog.repeat.error == "Пароли не совпадают."
    assert not dialog.ok_button.isEnabled()
    dialog.repeat.edit.clear()
    qtbot.keyClicks(dialog.repeat.edit, "new-secret-42")
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Пароль clerk сменён" in page.banner.text())
    with world.db.write() as session:
        assert operators.authenticate(session, "clerk", "new-secret-42").actor is not None
    assert [d["login"] for d in _actions(world, "operator_password_set")] == ["clerk"]


def test_a_short_password_is_refused_on_its_field(world, desk, qtbot):
    page = _section(desk, qtbot, "admin")
    _select(page, qtbot, "clerk")
    qtbot.mouseClick(page.password_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.dialog.password.edit, "abc")
    assert "не короче" in page.dialog.password.error
    assert not page.dialog.ok_button.isEnabled()


def test_admin_changes_a_role_and_it_is_audited(world, desk, qtbot):
    page = _section(desk, qtbot, "admin")
    _select(page, qtbot, "clerk")
    qtbot.mouseClick(page.role_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    dialog.role.setCurrentIndex(dialog.role.findData(Role.SUPERVISOR))
    dialog.accept()
    qtbot.waitUntil(lambda: "clerk: роль «Руководитель»" in page.banner.text())
    with world.db.read() as session:
        assert operators.get_operator(session, "clerk").role is Role.SUPERVISOR
    assert _actions(world, "operator_role_changed") == [
        {"login": "clerk", "old": "clerk", "new": "supervisor"}]


def test_a_supervisor_manages_only_the_clerks_of_their_point(world, desk, qtbot):
    page = _section(desk, qtbot, "boss")
    logins = {page.model.row_at(i).login for i in range(page.model.rowCount())}
    assert logins == {"admin", "boss", "clerk"}  # MSK-CO-1 only; not clerk2, not post
    _select(page, qtbot, "admin")
    assert not page.role_button.isEnabled()  # an administrator's role is not theirs to give
    _select(page, qtbot, "boss")
    assert not page.password_button.isEnabled()  # their own: through their own login
    _select(page, qtbot, "clerk")
    assert page.password_button.isEnabled()
    assert not page.role_button.isEnabled()  # a service center clerk has no other role here


def test_set_role_refuses_what_the_actor_may_not_give(world):
    import pytest

    from operator_app.services.errors import PermissionDenied, ValidationError

    with world.db.write() as session, pytest.raises(PermissionDenied):
        operators.set_role(session, world.supervisor, "clerk", Role.ADMIN)
    with world.db.write() as session, pytest.raises(ValidationError, match="почтовом"):
        operators.set_role(session, world.admin, "clerk", Role.POST_CLERK)
    with world.db.write() as session, pytest.raises(ValidationError, match="Свою роль"):
        operators.set_role(session, world.admin, "admin", Role.CLERK)
