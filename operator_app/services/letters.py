"""Post letters as the counter sees them: the search list and one letter's card.

The passport number of the addressee is never shown, not even in part: the clerk must
take the passport in hand and type its number, and the service compares it
(:func:`operator_app.services.post.hand_over`). A number on the screen would let a
hurried clerk glance from the screen to the passport instead of reading it. The card
says only which country's passport to ask for (``passport_hint``), which helps when the
applicant carries two.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from operator_app.messages import Titles, t
from operator_app.models import (
    Applicant,
    Application,
    DocumentKind,
    IdentityDocument,
    LetterState,
    PostBatch,
    PostLetter,
    ServicePoint,
)
from operator_app.services.actor import Actor, Permission
from operator_app.services.identifiers import strip_separators

# How long a letter waits at the post office before it goes back (DESIGN.md, job 6);
# desks pass Settings.post_storage_days.
STORAGE_DAYS = 30

STATE_TITLES: Titles[LetterState] = Titles({
    LetterState.CREATED: "создано",
    LetterState.PRINTED: "напечатано",
    LetterState.IN_TRANSIT: "в пути",
    LetterState.AT_OFFICE: "в отделении",
    LetterState.HANDED_OVER: "вручено",
    LetterState.RETURNED: "возвращено",
})


@dataclass(frozen=True)
class LetterRow:
    """One letter for the counter. The first five fields are the list's columns."""

    tracking_number: str
    application_number: str
    addressee: str  # Latin, as in the passport
    state: LetterState
    state_changed_at: dt.datetime
    addressee_cyrillic: str = ""
    office_code: str = ""
    office_index: str = ""
    office_name: str = ""
    created_at: dt.datetime | None = None
    arrived_at: dt.datetime | None = None
    handed_over_at: dt.datetime | None = None
    # When the storage period ends; None until the letter is at the office.
    return_due_at: dt.datetime | None = None
    passport_hint: str = ""  # e.g. "паспорт UZB": which document to ask for, no digits

    @property
    def state_title(self) -> str:
        return STATE_TITLES[self.state]


def cyrillic_name(person: Applicant) -> str:
    return " ".join(part for part in (person.surname_cyrillic, person.given_names_cyrillic,
                                      person.patronymic_cyrillic) if part)


def latin_name(person: Applicant) -> str:
    return f"{person.surname_latin} {person.given_names_latin}".strip()


def normalize_passport(text: str) -> str:
    """Spaces, hyphens and a leading "№" dropped, upper case: how a typed number compares."""
    return strip_separators(text).upper().removeprefix("№")


def _passport_hints(session: Session, applicant_ids: Iterable[int]) -> dict[int, str]:
    hints: dict[int, str] = {}
    rows = session.execute(
        select(IdentityDocument.applicant_id, IdentityDocument.country)
        .where(IdentityDocument.applicant_id.in_(set(applicant_ids)),
               IdentityDocument.kind == DocumentKind.PASSPORT)
        .order_by(IdentityDocument.id))
    for applicant_id, country in rows:
        hints[applicant_id] = t("паспорт {country}", country=country) if country else t("паспорт")
    return hints


def _rows(session: Session, *conditions: ColumnElement[bool],
          order_by: Sequence[ColumnElement[Any]] = (), limit: int | None = None,
          storage_days: int) -> list[LetterRow]:
    found = session.execute(
        select(PostLetter, Application, Applicant, ServicePoint, PostBatch)
        .join(Application, PostLetter.application_id == Application.id)
        .join(Applicant, Application.applicant_id == Applicant.id)
        .join(ServicePoint, PostLetter.office_id == ServicePoint.id)
        .join(PostBatch, PostLetter.batch_id == PostBatch.id)
        .where(*conditions)
        .order_by(*order_by)
        .limit(limit)
    ).all()
    hints = _passport_hints(session, (person.id for _, _, person, _, _ in found))
    storage = dt.timedelta(days=storage_days)
    return [
        LetterRow(
            letter.tracking_number, app.number, latin_name(person), letter.state,
            letter.state_changed_at,
            addressee_cyrillic=cyrillic_name(person),
            office_code=office.code, office_index=office.postal_index or "",
            office_name=office.name, created_at=batch.created_at,
            arrived_at=letter.arrived_at, handed_over_at=letter.handed_over_at,
            return_due_at=letter.arrived_at + storage if letter.arrived_at else None,
            passport_hint=hints.get(person.id, ""),
        )
        for letter, app, person, office, batch in found
    ]


def rows_for(session: Session, letter_ids: Iterable[int], *,
             storage_days: int = STORAGE_DAYS) -> list[LetterRow]:
    """The rows of the given letters, by tracking number (no permission check: for the
    services that already checked it)."""
    ids = list(letter_ids)
    if not ids:
        return []
    return _rows(session, PostLetter.id.in_(ids), order_by=[PostLetter.tracking_number.asc()],
                 storage_days=storage_days)


def find_letters(session: Session, actor: Actor, query: str = "", *,
                 limit: int = 200, storage_days: int = STORAGE_DAYS) -> list[LetterRow]:
    """Letters addressed to the actor's post office, optionally matching a tracking
    number, a passport number or a surname (Latin or Cyrillic)."""
    actor.require(Permission.SERVE_POST_COUNTER)
    conditions = [PostLetter.office_id == actor.point_id]
    text = query.strip()
    if text:
        compact = normalize_passport(text)
        passports = select(IdentityDocument.applicant_id).where(
            IdentityDocument.kind == DocumentKind.PASSPORT,
            or_(IdentityDocument.number == compact,
                (IdentityDocument.series + IdentityDocument.number) == compact),
        )
        conditions.append(
            or_(
                PostLetter.tracking_number == strip_separators(text),
                Applicant.id.in_(passports),
                Applicant.surname_latin == text.upper(),
                Applicant.surname_cyrillic == text.capitalize(),
            )
        )
    return _rows(session, *conditions,
                 order_by=[PostLetter.state_changed_at.desc(), PostLetter.id.desc()],
                 limit=limit, storage_days=storage_days)
