"""Reading the audit log for supervisors: a day's events at the points they answer for."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from operator_app.models import AuditEvent
from operator_app.services.actor import Actor, Permission


@dataclass(frozen=True)
class EventRow:
    id: int
    at: dt.datetime
    chain: str
    operator_login: str
    action: str
    entity: str
    entity_id: str
    application_number: str
    details: dict[str, Any]


ACTION_TITLES = {
    "login": "Вход",
    "login_failed": "Неудачный вход",
    "login_refused": "Вход отклонён",
    "operator_locked": "Учётная запись заблокирована",
    "operator_unlocked": "Учётная запись разблокирована",
    "operator_created": "Оператор добавлен",
    "operator_password_set": "Пароль изменён",
    "operator_disabled": "Оператор отключён",
    "operator_enabled": "Оператор включён",
    "service_point_created": "Точка обслуживания создана",
    "desk_locked": "Рабочее место заблокировано",
    "desk_unlocked": "Рабочее место разблокировано",
    "logout": "Выход",
    "application_imported": "Заявление загружено",
    "visit_decided": "Решение по визиту",
}


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The local calendar day as a UTC interval."""
    start = dt.datetime.combine(day, dt.time.min).astimezone()
    return start.astimezone(dt.UTC), (start + dt.timedelta(days=1)).astimezone(dt.UTC)


def events_for_day(session: Session, actor: Actor, day: dt.date, *,
                   limit: int = 5000) -> list[EventRow]:
    """A day's events: a supervisor sees their own point, an administrator every point."""
    actor.require(Permission.REVIEW_LOG)
    start, end = day_bounds(day)
    query = (
        select(AuditEvent)
        .where(AuditEvent.at >= start, AuditEvent.at < end)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    if not actor.can(Permission.MANAGE_ALL_POINTS):
        query = query.where(AuditEvent.chain == actor.point_code)
    return [
        EventRow(e.id, e.at, e.chain, e.operator_login, e.action, e.entity, e.entity_id,
                 e.application_number, e.detail_dict())
        for e in session.scalars(query)
    ]
