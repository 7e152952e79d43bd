"""Applications in every state a scan can meet, shared by the scan tests."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from operator_app.models import (
    AccountStatus,
    Application,
    ConfirmationMethod,
    Visit,
    VisitKind,
    VisitState,
    utcnow,
)
from operator_app.services import application_numbers, applications, operators

PENDING = application_numbers.make(2026, 1)
CONFIRMED = application_numbers.make(2026, 2)
BLOCKED = application_numbers.make(2026, 3)
EXPIRED = application_numbers.make(2025, 4)
UNKNOWN = application_numbers.make(2026, 99)


def add_scan_applications(world) -> None:
    now = utcnow()
    with world.db.write() as session:
        for number, status, age in [(PENDING, AccountStatus.PENDING, 3),
                                    (CONFIRMED, AccountStatus.PENDING, 5),
                                    (BLOCKED, AccountStatus.BLOCKED, 2),
                                    (EXPIRED, AccountStatus.PENDING, 200)]:
            applications.import_application(session, world.admin, applications.ApplicationData(
                number=number, surname_latin="KARIMOV", given_names_latin="RUSTAM",
                birth_date=dt.date(1990, 5, 1), sex="M", citizenship="UZB",
                confirmation_method=ConfirmationMethod.SERVICE_CENTER,
                submitted_at=now - dt.timedelta(days=age), account_status=status,
                surname_cyrillic="Каримов", given_names_cyrillic="Рустам"))
        confirmed = session.scalar(select(Application).where(Application.number == CONFIRMED))
        clerk = operators.get_operator(session, "clerk")
        session.add(Visit(application_id=confirmed.id, service_point_id=clerk.service_point_id,
                          operator_id=clerk.id, kind=VisitKind.FIRST, state=VisitState.CONFIRMED,
                          opened_at=now - dt.timedelta(days=1, minutes=20),
                          decided_at=now - dt.timedelta(days=1)))
        confirmed.account_status = AccountStatus.ACTIVE
