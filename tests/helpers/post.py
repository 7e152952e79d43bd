"""Applications that asked for a letter with a code, and letters on their way: shared by the
post tests."""

from __future__ import annotations

import datetime as dt

from operator_app.models import ConfirmationMethod, DocumentKind, utcnow
from operator_app.services import application_numbers, applications, post

YEAR = 2027  # apart from the desk's applications of tests.helpers.data (2025, 2026)


def passport(serial: int) -> str:
    return f"FA{1_000_000 + serial}"


def add_post_applications(world, *, office: str = "MSK-PO-101000", first: int = 1,
                          count: int = 3, **overrides) -> list[str]:
    """Applications asking for a letter at ``office``; passport FA1000000+serial.

    Submitted 45 days ago by default: before the oldest batch a test makes (40 days back),
    since a batch takes only applications submitted by its own time."""
    numbers = []
    with world.db.write() as session:
        for serial in range(first, first + count):
            number = application_numbers.make(YEAR, serial)
            data = dict(
                number=number, surname_latin="KARIMOV", given_names_latin=f"RUSTAM {serial}",
                birth_date=dt.date(1990, 5, 1), sex="M", citizenship="UZB",
                confirmation_method=ConfirmationMethod.POST, post_office_code=office,
                submitted_at=utcnow() - dt.timedelta(days=45), surname_cyrillic="Каримов",
                given_names_cyrillic="Рустам", address="г. Москва, ул. Тверская, д. 11",
                postal_code="125009",
                documents=(applications.DocumentData(
                    DocumentKind.PASSPORT, passport(serial), country="UZB",
                    surname_latin="KARIMOV", given_names_latin="RUSTAM"),))
            data.update(overrides)
            applications.import_application(session, world.admin,
                                             applications.ApplicationData(**data))
            numbers.append(number)
    return numbers


def deliver(world, numbers, *, arrived=None):
    """Printed, handed to the post and scanned in at the office (at ``arrived``)."""
    with world.db.write() as session:
        post.mark_printed(session, world.supervisor, numbers)
        post.mark_in_transit(session, world.supervisor, numbers)
    with world.db.write() as session:
        return post.mark_arrived(session, world.post_clerk, numbers, now=arrived)
