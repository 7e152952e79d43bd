"""Roles are enforced by the services, not by what the screens show.

Every public service that takes an ``actor`` checks it (mechanically, below: a function
that forgets fails the build), and the services a clerk, a post clerk or a supervisor has
no business calling refuse their actors (table-driven, each service called for real).
"""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from operator_app.models import PointKind, Role
from operator_app.services import (
    applications,
    audit,
    codes,
    journal,
    operators,
    post,
    reports,
    visits,
)
from operator_app.services.errors import PermissionDenied
from tests.helpers.data import PENDING

SERVICES = Path(__file__).resolve().parents[2] / "operator_app" / "services"
# Calls that check an actor's role or scope.
CHECKS = {"require", "require_any", "require_point_scope", "_require_verifier", "scope_chain",
          "_check_may_manage", "own_open_visit", "_visit_for_update"}
# Public functions that take an actor without checking it, and why that is right.
UNCHECKED = {
    ("audit", "record"): "writes the event of an action its caller already checked",
    ("codes", "issue_code"): "called by decide, reissue_code and post, which check",
    ("codes", "revoke_by_rule"): "a rule's own revocation (letters returned), no person",
    ("operators", "reauthenticate"): "the actor is the operator unlocking their own desk",
    ("operators", "list_points"): "narrows the list to the actor's own point",
    ("audit", "require_point_scope"): "is a check",
    ("visits", "own_open_visit"): "is a check",
}


def _calls(node: ast.AST) -> set[str]:
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            func = call.func
            names.add(func.attr if isinstance(func, ast.Attribute) else
                      func.id if isinstance(func, ast.Name) else "")
    return names


def _checks(functions: dict[str, ast.FunctionDef], name: str, seen: set[str]) -> bool:
    """Whether ``name`` checks its actor, itself or through the module's own helpers."""
    seen.add(name)
    called = _calls(functions[name])
    return bool(called & CHECKS) or any(
        _checks(functions, other, seen) for other in called
        if other in functions and other not in seen)


def test_every_public_service_that_takes_an_actor_checks_it():
    unchecked = []
    for path in sorted(SERVICES.glob("*.py")):
        body = ast.parse(path.read_text(encoding="utf-8")).body
        functions = {n.name: n for n in body if isinstance(n, ast.FunctionDef)}
        for name, node in functions.items():
            if name.startswith("_"):
                continue
            params = {a.arg for a in node.args.args + node.args.kwonlyargs}
            if "actor" not in params or (path.stem, name) in UNCHECKED:
                continue
            if not _checks(functions, name, set()):
                unchecked.append(f"{path.stem}.{name}")
    assert not unchecked, f"services that take an actor and never check it: {unchecked}"


def _day() -> dt.date:
    return dt.date.today()


# (what, the call) — each refused for the roles that must not do it.
SUPERVISOR_OR_ADMIN: list[tuple[str, Callable]] = [
    ("produce letters", lambda s, a: post.create_batch(s, a, "101000", key=b"k" * 32)),
    ("revoke a code", lambda s, a: codes.revoke_code(s, a, 1, "ошибка")),
    ("daily report", lambda s, a: reports.daily_summary(s, a, _day())),
    ("the log", lambda s, a: journal.count_events(s, a, journal.EventFilter.for_day(_day()))),
    ("verify the log", lambda s, a: audit.verify(s, a)),
    ("release a visit", lambda s, a: visits.release_visit(s, a, 1, "стол не вернулся")),
    ("add an operator", lambda s, a: operators.create_operator(
        s, a, login="intruder", full_name="Кто-то", role=Role.CLERK, point_code="MSK-CO-1",
        password="correct-horse-1")),
]
ADMIN_ONLY: list[tuple[str, Callable]] = [
    ("add a service point", lambda s, a: operators.create_service_point(
        s, a, code="MSK-CO-99", kind=PointKind.SERVICE_CENTER, name="Новая точка")),
    ("import an application", lambda s, a: applications.import_application(s, a, None)),
]
DESK: list[tuple[str, Callable]] = [
    ("open a visit", lambda s, a: visits.open_visit(s, a, PENDING)),
    ("search applications", lambda s, a: applications.find_applications(s, a, "каримов")),
    ("visit history", lambda s, a: visits.timeline(s, a, PENDING)),
]


@pytest.mark.parametrize(("what", "call"), SUPERVISOR_OR_ADMIN, ids=[w for w, _ in
                                                                      SUPERVISOR_OR_ADMIN])
def test_clerks_and_post_clerks_are_refused(scan_world, what, call):
    for actor in (scan_world.clerk, scan_world.post_clerk):
        with pytest.raises(PermissionDenied), scan_world.db.write() as session:
            call(session, actor)


@pytest.mark.parametrize(("what", "call"), ADMIN_ONLY, ids=[w for w, _ in ADMIN_ONLY])
def test_only_the_administrator(scan_world, what, call):
    for actor in (scan_world.clerk, scan_world.post_clerk, scan_world.supervisor):
        with pytest.raises(PermissionDenied), scan_world.db.write() as session:
            call(session, actor)


@pytest.mark.parametrize(("what", "call"), DESK, ids=[w for w, _ in DESK])
def test_a_post_clerk_does_not_serve_the_desk(scan_world, what, call):
    with pytest.raises(PermissionDenied), scan_world.db.write() as session:
        call(session, scan_world.post_clerk)
