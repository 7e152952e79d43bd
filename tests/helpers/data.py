"""Applications in every state a scan can meet, shared by the scan tests."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from operator_app.models import (
    AccountStatus,
    Application,
    ConfirmationMethod,
    DocumentKind,
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


DOCUMENTS = (
    applications.DocumentData(DocumentKind.PASSPORT, "FA1234567",
                              issue_date=dt.date(2022, 3, 1), expiry_date=dt.date(2032, 3, 1),
                              country="UZB", surname_latin="KARIMOV", given_names_latin="RUSTAM"),
    applications.DocumentData(DocumentKind.RESIDENCE_PERMIT, "1234567", series="82",
                              issue_date=dt.date(2024, 1, 10), expiry_date=dt.date(2029, 1, 10),
                              issuing_authority="ГУ МВД России по г. Москве"),
)


def check_originals(world, visit_id: int, actor=None) -> None:
    """The clerk compares each listed document with the original and saves it."""
    from operator_app.services import documents

    with world.db.write() as session:
        state = documents.checklist(session, visit_id)
        for row in state.documents:
            documents.save_document(session, actor or world.clerk, visit_id,
                                    document_id=row.id, kind=row.kind, version=row.version,
                                    number=row.number, series=row.series,
                                    expiry_date=row.expiry_date)


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
                surname_cyrillic="Каримов", given_names_cyrillic="Рустам",
                snils="112-233-445 95", documents=DOCUMENTS))
        confirmed = session.scalar(select(Application).where(Application.number == CONFIRMED))
        clerk = operators.get_operator(session, "clerk")
        session.add(Visit(application_id=confirmed.id, service_point_id=clerk.service_point_id,
                          operator_id=clerk.id, kind=VisitKind.FIRST, state=VisitState.CONFIRMED,
                          opened_at=now - dt.timedelta(days=1, minutes=20),
                          decided_at=now - dt.timedelta(days=1)))
        confirmed.account_status = AccountStatus.ACTIVE
