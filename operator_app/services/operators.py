"""Operators and service points: login with lock-out, accounts, roles.

Passwords are hashed with argon2id. Five wrong passwords in a row lock the
account for 15 minutes; every login, failure and lock is audited. Roles are
enforced here, not only by hiding buttons.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from operator_app.messages import N_, t
from operator_app.models import Operator, PointKind, Role, ServicePoint, utcnow
from operator_app.services import audit
from operator_app.services.actor import ROLE_TITLES, Actor, Permission
from operator_app.services.errors import NotFound, PermissionDenied, ValidationError

MAX_FAILED_ATTEMPTS = 5
LOCK_DURATION = dt.timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 8

# argon2id with the library's RFC 9106 "low memory" defaults (64 MiB, 3 passes).
password_hasher = PasswordHasher()
# Verified when the login does not exist, so a wrong login costs as long as a wrong password.
@functools.cache
def _dummy_hash() -> str:
    """Checked against for an unknown login, so it costs what a real one does (made on
    first use: an argon2 hash at import made every start ~150 ms slower)."""
    return password_hasher.hash("operator-desk-dummy-password")

LOGIN_RE = re.compile(r"^[a-z][a-z0-9._-]{1,63}$")
POINT_CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,31}$")

WRONG_CREDENTIALS = N_("Неверный логин или пароль.")


@dataclass(frozen=True)
class LoginOutcome:
    actor: Actor | None
    message: str = ""
    locked_until: dt.datetime | None = None

    @property
    def ok(self) -> bool:
        return self.actor is not None


def _operator_by_login(session: Session, login: str, *, lock: bool = False) -> Operator | None:
    query = (select(Operator)
             .options(joinedload(Operator.service_point))
             .where(Operator.login == login.strip().lower()))
    if lock:
        # Failed attempts are counted on the locked row: eight guesses at once count as
        # eight (PostgreSQL; SQLite's write transaction already serializes them).
        query = query.with_for_update(of=Operator).execution_options(populate_existing=True)
    return session.scalar(query)


def _local_time(moment: dt.datetime) -> str:
    return moment.astimezone().strftime("%H:%M")


def unknown_login_details(login: str, key: bytes | None = None) -> dict[str, object]:
    """What the log keeps of a login no operator has: its length, and with a key its
    keyed fingerprint — never the text, because a password typed into the login field
    would otherwise sit in the log in clear.

    The fingerprint (the first 48 bits of HMAC-SHA256 under a key kept outside the
    database) lets a supervisor see that the same unknown name was tried again. An
    unkeyed hash would not do: a password is short enough that anyone reading the
    database could hash a dictionary and find it, truncated prefix or not.
    """
    typed = login.strip()
    details: dict[str, object] = {"login_length": len(typed), "why": "unknown"}
    if key:
        mac = hmac.new(key, b"unknown-login:" + typed.casefold().encode("utf-8", "replace"),
                       hashlib.sha256)
        details["login_fingerprint"] = mac.hexdigest()[:12]
    return details


def authenticate(
    session: Session, login: str, password: str, *, now: dt.datetime | None = None,
    login_key: bytes | None = None,
) -> LoginOutcome:
    """Check a login and password; count failures and lock after five. The caller commits.

    ``login_key`` keys the fingerprint of an unknown login in the log (see
    :func:`unknown_login_details`); without it only the login's length is kept."""
    now = now or utcnow()
    operator = _operator_by_login(session, login, lock=True)
    if operator is None:
        _verify(_dummy_hash(), password)
        audit.record(session, None, "login_failed",
                     details=unknown_login_details(login, login_key))
        return LoginOutcome(None, t(WRONG_CREDENTIALS))
    actor = Actor.of(operator)
    if not operator.is_active:
        audit.record(session, actor, "login_refused", entity="operator", entity_id=operator.id,
                     details={"why": "disabled"})
        return LoginOutcome(None, t("Учётная запись отключена. Обратитесь к администратору."))
    if operator.locked_until is not None and operator.locked_until > now:
        audit.record(session, actor, "login_refused", entity="operator", entity_id=operator.id,
                     details={"why": "locked"})
        return LoginOutcome(
            None,
            t("Учётная запись заблокирована до {until} после неудачных попыток входа.",
              until=_local_time(operator.locked_until)),
            operator.locked_until,
        )
    if not _verify(operator.password_hash, password):
        operator.failed_attempts += 1
        audit.record(session, actor, "login_failed", entity="operator", entity_id=operator.id,
                     details={"attempt": operator.failed_attempts})
        if operator.failed_attempts >= MAX_FAILED_ATTEMPTS:
            operator.locked_until = now + LOCK_DURATION
            operator.failed_attempts = 0
            audit.record(session, actor, "operator_locked", entity="operator",
                         entity_id=operator.id,
                         details={"until": operator.locked_until.isoformat()})
            return LoginOutcome(
                None,
                t("{attempts} неудачных попыток подряд: учётная запись заблокирована до {until}.",
                  attempts=MAX_FAILED_ATTEMPTS, until=_local_time(operator.locked_until)),
                operator.locked_until,
            )
        left = MAX_FAILED_ATTEMPTS - operator.failed_attempts
        return LoginOutcome(None, t("Неверный логин или пароль. Осталось попыток: {left}.",
                                    left=left))
    if password_hasher.check_needs_rehash(operator.password_hash):
        operator.password_hash = password_hasher.hash(password)
    operator.failed_attempts = 0
    operator.locked_until = None
    operator.last_login_at = now
    audit.record(session, actor, "login", entity="operator", entity_id=operator.id)
    return LoginOutcome(actor)


def reauthenticate(session: Session, actor: Actor, password: str) -> LoginOutcome:
    """Unlock an idle-locked desk: same rules as a login, for the same operator only."""
    outcome = authenticate(session, actor.login, password)
    if outcome.ok:
        audit.record(session, actor, "desk_unlocked")
    return outcome


def _verify(password_hash: str, password: str) -> bool:
    try:
        return password_hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# -- accounts -------------------------------------------------------------------


def operator_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Operator)) or 0


def validate_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            t("Пароль должен быть не короче {min_password_length} символов.",
              min_password_length=MIN_PASSWORD_LENGTH), field="password"
        )
    if password.strip() != password:
        raise ValidationError(t("Пароль не может начинаться или заканчиваться пробелом."),
                              field="password")


def validate_login(login: str) -> str:
    normalized = login.strip().lower()
    if not LOGIN_RE.match(normalized):
        raise ValidationError(
            t("Логин: латинские буквы, цифры, точка, дефис или подчёркивание; "
            "начинается с буквы, от 2 до 64 символов."),
            field="login",
        )
    return normalized


def point_by_code(session: Session, code: str) -> ServicePoint:
    point = session.scalar(select(ServicePoint).where(ServicePoint.code == code.strip().upper()))
    if point is None:
        raise NotFound(t("Точка обслуживания «{code}» не найдена.", code=code), field="point")
    return point


def create_service_point(
    session: Session,
    actor: Actor | None,
    *,
    code: str,
    kind: PointKind,
    name: str,
    address: str = "",
    postal_index: str | None = None,
) -> ServicePoint:
    """Create a service center or post office (admin, or the first installation)."""
    if actor is not None:
        actor.require(Permission.MANAGE_ALL_POINTS)
    elif operator_count(session):
        raise PermissionDenied(t("Точки обслуживания создаёт администратор."))
    code = code.strip().upper()
    if not POINT_CODE_RE.match(code):
        raise ValidationError(t("Код точки: латинские заглавные буквы, цифры и дефис."),
                              field="code")
    if not name.strip():
        raise ValidationError(t("Укажите название точки обслуживания."), field="name")
    if postal_index is not None and not re.fullmatch(r"[0-9]{6}", postal_index):
        raise ValidationError(t("Почтовый индекс — 6 цифр."), field="postal_index")
    if session.scalar(select(ServicePoint.id).where(ServicePoint.code == code)) is not None:
        raise ValidationError(t("Точка с кодом {code} уже есть.", code=code), field="code")
    point = ServicePoint(code=code, kind=kind, name=name.strip(), address=address.strip(),
                         postal_index=postal_index)
    session.add(point)
    session.flush()
    audit.record(session, actor, audit.POINT_CREATED, entity="service_point",
                 entity_id=point.id, details={"code": code, "kind": kind.value, "name": point.name})
    # The point's own chain starts now: a point without one is a chain deleted whole.
    audit.record(session, actor, audit.CHAIN_OPENED, chain=code, entity="service_point",
                 entity_id=point.id, details={"point": code})
    return point


def _check_may_manage(actor: Actor, point: ServicePoint, role: Role) -> None:
    actor.require(Permission.MANAGE_OPERATORS)
    if actor.can(Permission.MANAGE_ALL_POINTS):
        return
    if point.id != actor.point_id:
        raise PermissionDenied(t("Руководитель управляет только операторами своей точки."))
    if role in (Role.ADMIN, Role.SUPERVISOR):
        raise PermissionDenied(t("Роль «{role}» назначает администратор.",
                                 role=ROLE_TITLES[role]))


def _check_role_fits_point(role: Role, point: ServicePoint) -> None:
    if role is Role.POST_CLERK and point.kind is not PointKind.POST_OFFICE:
        raise ValidationError(t("Оператор почты работает в почтовом отделении."), field="point")
    if role is Role.CLERK and point.kind is not PointKind.SERVICE_CENTER:
        raise ValidationError(t("Оператор ЦО работает в центре обслуживания."), field="point")


def create_operator(
    session: Session,
    actor: Actor | None,
    *,
    login: str,
    full_name: str,
    role: Role,
    point_code: str,
    password: str,
) -> Operator:
    """Add an operator. ``actor=None`` is allowed only for the first administrator."""
    login = validate_login(login)
    if not full_name.strip():
        raise ValidationError(t("Укажите фамилию и имя оператора."), field="full_name")
    validate_password(password)
    point = point_by_code(session, point_code)
    if actor is None:
        if operator_count(session):
            raise PermissionDenied(t("Операторов добавляет администратор."))
        if role is not Role.ADMIN:
            raise ValidationError(t("Первым создаётся администратор."), field="role")
    else:
        _check_may_manage(actor, point, role)
    _check_role_fits_point(role, point)
    if _operator_by_login(session, login) is not None:
        raise ValidationError(t("Логин «{login}» уже занят.", login=login), field="login")
    operator = Operator(
        login=login,
        full_name=full_name.strip(),
        role=role,
        service_point=point,
        password_hash=password_hasher.hash(password),
    )
    session.add(operator)
    session.flush()
    audit.record(
        session,
        actor,
        "operator_created",
        entity="operator",
        entity_id=operator.id,
        details={"login": login, "role": role.value, "point": point.code},
        chain=point.code if actor is None else None,
    )
    return operator


def get_operator(session: Session, login: str) -> Operator:
    operator = _operator_by_login(session, login)
    if operator is None:
        raise NotFound(t("Оператор «{login}» не найден.", login=login), field="login")
    return operator


def set_password(session: Session, actor: Actor, login: str, password: str) -> None:
    operator = get_operator(session, login)
    if operator.id != actor.operator_id:
        _check_may_manage(actor, operator.service_point, operator.role)
    validate_password(password)
    operator.password_hash = password_hasher.hash(password)
    operator.failed_attempts = 0
    operator.locked_until = None
    audit.record(session, actor, "operator_password_set", entity="operator", entity_id=operator.id,
                 details={"login": operator.login})


def set_active(session: Session, actor: Actor, login: str, active: bool) -> None:
    operator = get_operator(session, login)
    if operator.id == actor.operator_id and not active:
        raise ValidationError(t("Нельзя отключить собственную учётную запись."), field="login")
    _check_may_manage(actor, operator.service_point, operator.role)
    operator.is_active = active
    audit.record(session, actor, "operator_enabled" if active else "operator_disabled",
                 entity="operator", entity_id=operator.id, details={"login": operator.login})


def unlock(session: Session, actor: Actor, login: str) -> None:
    operator = get_operator(session, login)
    _check_may_manage(actor, operator.service_point, operator.role)
    operator.failed_attempts = 0
    operator.locked_until = None
    audit.record(session, actor, "operator_unlocked", entity="operator", entity_id=operator.id,
                 details={"login": operator.login})


def set_role(session: Session, actor: Actor, login: str, role: Role) -> None:
    """Change an operator's role at the same point (audited with the old and the new)."""
    operator = get_operator(session, login)
    if operator.id == actor.operator_id:
        raise ValidationError(t("Свою роль сменить нельзя: попросите администратора."),
                              field="role")
    _check_may_manage(actor, operator.service_point, operator.role)
    _check_may_manage(actor, operator.service_point, role)
    _check_role_fits_point(role, operator.service_point)
    if operator.role is role:
        raise ValidationError(t("У {login} уже роль «{role}».",
                                login=operator.login, role=ROLE_TITLES[role]), field="role")
    old = operator.role
    operator.role = role
    audit.record(session, actor, "operator_role_changed", entity="operator",
                 entity_id=operator.id,
                 details={"login": operator.login, "old": old.value, "new": role.value})


@dataclass(frozen=True)
class OperatorRow:
    login: str
    full_name: str
    role: Role
    point_code: str
    is_active: bool
    locked_until: dt.datetime | None
    last_login_at: dt.datetime | None
    point_kind: PointKind = PointKind.SERVICE_CENTER


def list_operators(session: Session, actor: Actor | None = None) -> list[OperatorRow]:
    """Operators visible to ``actor`` (all of them for an admin or the command line)."""
    query = select(Operator).options(joinedload(Operator.service_point)).order_by(Operator.login)
    if actor is not None:
        actor.require(Permission.MANAGE_OPERATORS)
        if not actor.can(Permission.MANAGE_ALL_POINTS):
            query = query.where(Operator.service_point_id == actor.point_id)
    return [
        OperatorRow(o.login, o.full_name, o.role, o.service_point.code, o.is_active,
                    o.locked_until, o.last_login_at, o.service_point.kind)
        for o in session.scalars(query)
    ]


@dataclass(frozen=True)
class PointRow:
    code: str
    name: str
    kind: PointKind


def list_points(session: Session, actor: Actor | None = None) -> list[PointRow]:
    """Service points an actor may assign operators to (all, for an admin)."""
    query = select(ServicePoint).order_by(ServicePoint.code)
    if actor is not None and not actor.can(Permission.MANAGE_ALL_POINTS):
        query = query.where(ServicePoint.id == actor.point_id)
    return [PointRow(p.code, p.name, p.kind) for p in session.scalars(query)]
