from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from operator_app.models import AuditEvent, Role, utcnow
from operator_app.services import operators
from operator_app.services.actor import Actor, Section
from operator_app.services.errors import PermissionDenied, ValidationError
from tests.conftest import PASSWORD


def _login(db, login, password, now=None):
    with db.write() as session:
        return operators.authenticate(session, login, password, now=now)


def _actions(db, login):
    with db.read() as session:
        return session.scalars(select(AuditEvent.action).where(
            AuditEvent.operator_login == login).order_by(AuditEvent.id)).all()


def test_login_succeeds_and_is_audited(world):
    outcome = _login(world.db, "Clerk ", PASSWORD)  # login is case- and space-tolerant
    assert outcome.ok
    assert outcome.actor.role is Role.CLERK
    assert outcome.actor.point_code == "MSK-CO-1"
    assert _actions(world.db, "clerk")[-1] == "login"


def test_wrong_password_does_not_say_which_part_was_wrong(world):
    wrong_password = _login(world.db, "clerk", "nope-nope")
    unknown_login = _login(world.db, "nobody", "nope-nope")
    assert not wrong_password.ok
    assert not unknown_login.ok
    assert wrong_password.message.startswith(operators.WRONG_CREDENTIALS)
    assert unknown_login.message == operators.WRONG_CREDENTIALS
    assert "Осталось попыток: 4" in wrong_password.message


def test_five_failures_lock_the_account_for_fifteen_minutes(world):
    now = utcnow()
    for _ in range(4):
        assert not _login(world.db, "clerk", "wrong-pass", now=now).ok
    fifth = _login(world.db, "clerk", "wrong-pass", now=now)
    assert fifth.locked_until == now + dt.timedelta(minutes=15)
    assert "заблокирована" in fifth.message
    # Even the right password is refused while locked …
    during = _login(world.db, "clerk", PASSWORD, now=now + dt.timedelta(minutes=14))
    assert not during.ok
    assert "заблокирована до" in during.message
    # … and accepted once the lock has run out.
    assert _login(world.db, "clerk", PASSWORD, now=now + dt.timedelta(minutes=15, seconds=1)).ok
    actions = _actions(world.db, "clerk")
    assert actions.count("login_failed") == 5
    assert "operator_locked" in actions
    assert "login_refused" in actions


def test_disabled_operator_cannot_log_in(world):
    with world.db.write() as session:
        operators.set_active(session, world.admin, "clerk", False)
    outcome = _login(world.db, "clerk", PASSWORD)
    assert not outcome.ok
    assert "отключена" in outcome.message


def test_unlock_by_supervisor_clears_the_lock(world):
    for _ in range(5):
        _login(world.db, "clerk", "wrong-pass")
    with world.db.write() as session:
        operators.unlock(session, world.supervisor, "clerk")
    assert _login(world.db, "clerk", PASSWORD).ok


def test_passwords_are_stored_as_argon2id(world):
    with world.db.read() as session:
        operator = operators.get_operator(session, "clerk")
    assert operator.password_hash.startswith("$argon2id$")
    assert PASSWORD not in operator.password_hash


def test_sections_follow_the_role(world):
    assert world.clerk.sections == [Section.DESK]
    assert world.post_clerk.sections == [Section.POST_COUNTER]
    assert world.supervisor.sections == [Section.DESK, Section.SUPERVISOR, Section.LETTERS,
                                         Section.ADMIN]
    assert world.admin.sections == [Section.SUPERVISOR, Section.LETTERS, Section.ADMIN]


def test_roles_are_enforced_in_the_services(world):
    with world.db.write() as session, pytest.raises(PermissionDenied):
        operators.create_operator(session, world.clerk, login="newbie", full_name="Новый",
                                  role=Role.CLERK, point_code="MSK-CO-1", password=PASSWORD)
    with world.db.write() as session, pytest.raises(PermissionDenied):
        operators.create_operator(session, world.supervisor, login="newbie", full_name="Новый",
                                  role=Role.CLERK, point_code="SPB-CO-1", password=PASSWORD)
    with world.db.write() as session, pytest.raises(PermissionDenied):
        operators.create_operator(session, world.supervisor, login="newboss", full_name="Новый",
                                  role=Role.ADMIN, point_code="MSK-CO-1", password=PASSWORD)
    with world.db.write() as session, pytest.raises(PermissionDenied):
        operators.list_operators(session, world.post_clerk)
    with world.db.write() as session:
        operators.create_operator(session, world.supervisor, login="newbie", full_name="Новый",
                                  role=Role.CLERK, point_code="MSK-CO-1", password=PASSWORD)
    with world.db.read() as session:
        visible = {r.login for r in operators.list_operators(session, world.supervisor)}
    assert "newbie" in visible
    assert "clerk2" not in visible


def test_first_admin_only_on_an_empty_database(world):
    with world.db.write() as session, pytest.raises(PermissionDenied):
        operators.create_operator(session, None, login="intruder", full_name="Чужой",
                                  role=Role.ADMIN, point_code="MSK-CO-1", password=PASSWORD)


@pytest.mark.parametrize(("login", "password", "field"), [
    ("x", PASSWORD, "login"),
    ("Иванова", PASSWORD, "login"),
    ("good.login", "short", "password"),
    ("clerk", PASSWORD, "login"),  # taken
])
def test_bad_operator_input_names_the_field(world, login, password, field):
    with world.db.write() as session, pytest.raises(ValidationError) as info:
        operators.create_operator(session, world.admin, login=login, full_name="Кто-то",
                                  role=Role.CLERK, point_code="MSK-CO-1", password=password)
    assert info.value.field == field


def test_role_must_fit_the_point(world):
    with world.db.write() as session, pytest.raises(ValidationError) as info:
        operators.create_operator(session, world.admin, login="postie", full_name="Почтальон",
                                  role=Role.POST_CLERK, point_code="MSK-CO-1", password=PASSWORD)
    assert info.value.field == "point"


def test_command_line_actor_logs_on_the_system_chain(world):
    with world.db.write() as session:
        operators.set_password(session, Actor.command_line(), "clerk", "another-pass-1")
    with world.db.read() as session:
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "operator_password_set")).one()
    assert (event.chain, event.operator_login) == ("system", "cli")
    assert _login(world.db, "clerk", "another-pass-1").ok


def test_a_password_typed_as_the_login_stays_out_of_the_log(world):
    """Someone types their password into the login field: the log keeps how long it was
    (and with a key a fingerprint), never the text — in no column of any event."""
    import json

    from sqlalchemy import inspect

    from operator_app.services import journal

    typed = "Secret-Passw0rd"
    _login(world.db, typed, "whatever")
    with world.db.write() as session:
        operators.authenticate(session, typed, "whatever", login_key=b"k" * 32)
    with world.db.read() as session:
        columns = [c.key for c in inspect(AuditEvent).mapper.column_attrs]
        rows = session.execute(select(*(getattr(AuditEvent, c) for c in columns))).all()
        failed = [dict(zip(columns, r, strict=True)) for r in rows]
        failed = [r for r in failed if r["action"] == "login_failed"]
        shown = journal.fetch_events(session, world.admin,
                                     journal.EventFilter(action="login_failed"))
    for row in rows:
        for value in row:
            assert typed.lower() not in str(value).lower()
            assert "passw0rd" not in str(value).lower()
    assert len(failed) == 2
    keyed = json.loads(failed[1]["details"])
    assert keyed["login_length"] == len(typed)
    assert len(keyed["login_fingerprint"]) == 12
    lines = [journal.details_line(e.action, e.details) for e in shown]
    assert "причина: неизвестный логин (15 символов)" in lines
    assert any(line.startswith("причина: неизвестный логин (15 символов) · отпечаток логина: ")
               for line in lines)
    # The same unknown login twice reads as the same fingerprint; another one does not.
    with world.db.write() as session:
        operators.authenticate(session, " SECRET-passw0rd", "x", login_key=b"k" * 32)
        operators.authenticate(session, "Secret-Passw0rd2", "x", login_key=b"k" * 32)
    with world.db.read() as session:
        prints = [json.loads(d).get("login_fingerprint") for d in session.scalars(
            select(AuditEvent.details).where(AuditEvent.action == "login_failed")
            .order_by(AuditEvent.id))]
    assert prints[1] == prints[2] != prints[3]
