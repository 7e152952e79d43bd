"""Who is acting: the logged-in operator, as the services see them."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from operator_app.messages import Titles, t
from operator_app.models import Operator, Role
from operator_app.services.errors import PermissionDenied


class Permission(enum.Enum):
    SERVE_DESK = "serve_desk"
    SERVE_POST_COUNTER = "serve_post_counter"
    REVIEW_LOG = "review_log"
    VERIFY_AUDIT = "verify_audit"
    MANAGE_OPERATORS = "manage_operators"
    MANAGE_ALL_POINTS = "manage_all_points"
    PRODUCE_LETTERS = "produce_letters"
    REVOKE_CODES = "revoke_codes"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CLERK: frozenset({Permission.SERVE_DESK}),
    Role.POST_CLERK: frozenset({Permission.SERVE_POST_COUNTER}),
    Role.SUPERVISOR: frozenset(
        {
            Permission.SERVE_DESK,
            Permission.REVIEW_LOG,
            Permission.VERIFY_AUDIT,
            Permission.MANAGE_OPERATORS,
            Permission.PRODUCE_LETTERS,
            Permission.REVOKE_CODES,
        }
    ),
    Role.ADMIN: frozenset(
        {
            Permission.REVIEW_LOG,
            Permission.VERIFY_AUDIT,
            Permission.MANAGE_OPERATORS,
            Permission.MANAGE_ALL_POINTS,
            Permission.PRODUCE_LETTERS,
            Permission.REVOKE_CODES,
        }
    ),
}

ROLE_TITLES: Titles[Role] = Titles({
    Role.CLERK: "Оператор ЦО",
    Role.POST_CLERK: "Оператор почты",
    Role.SUPERVISOR: "Руководитель",
    Role.ADMIN: "Администратор",
})


class Section(enum.StrEnum):
    """The main window's sections; which ones an operator sees follows the role."""

    DESK = "desk"
    POST_COUNTER = "post_counter"
    SUPERVISOR = "supervisor"
    LETTERS = "letters"
    ADMIN = "admin"


SECTION_PERMISSION: dict[Section, Permission] = {
    Section.DESK: Permission.SERVE_DESK,
    Section.POST_COUNTER: Permission.SERVE_POST_COUNTER,
    Section.SUPERVISOR: Permission.REVIEW_LOG,
    Section.LETTERS: Permission.PRODUCE_LETTERS,
    Section.ADMIN: Permission.MANAGE_OPERATORS,
}


@dataclass(frozen=True)
class Actor:
    operator_id: int | None
    login: str
    full_name: str
    role: Role
    point_id: int | None
    point_code: str
    point_name: str

    @classmethod
    def command_line(cls) -> Actor:
        """The administrator at the command line: full rights, events on the system chain."""
        return cls(None, "cli", "Командная строка", Role.ADMIN, None, "system", "")

    @classmethod
    def of(cls, operator: Operator) -> Actor:
        point = operator.service_point
        return cls(
            operator_id=operator.id,
            login=operator.login,
            full_name=operator.full_name,
            role=operator.role,
            point_id=point.id,
            point_code=point.code,
            point_name=point.name,
        )

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise PermissionDenied(
                t("Роль «{role}» не позволяет это действие.",
                  role=ROLE_TITLES[self.role])
            )

    def require_any(self, *permissions: Permission) -> None:
        if not any(self.can(p) for p in permissions):
            raise PermissionDenied(
                t("Роль «{role}» не позволяет это действие.",
                  role=ROLE_TITLES[self.role])
            )

    @property
    def sections(self) -> list[Section]:
        return [s for s in Section if self.can(SECTION_PERMISSION[s])]
