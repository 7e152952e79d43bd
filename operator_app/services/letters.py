"""Post letters as the counter sees them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from operator_app.models import (
    Applicant,
    Application,
    DocumentKind,
    IdentityDocument,
    LetterState,
    PostLetter,
)
from operator_app.services.actor import Actor, Permission


@dataclass(frozen=True)
class LetterRow:
    tracking_number: str
    application_number: str
    addressee: str
    state: LetterState
    state_changed_at: dt.datetime


def find_letters(session: Session, actor: Actor, query: str = "", *,
                 limit: int = 200) -> list[LetterRow]:
    """Letters addressed to the actor's post office, optionally matching a tracking
    number, a passport number or a surname."""
    actor.require(Permission.SERVE_POST_COUNTER)
    stmt = (
        select(PostLetter, Application, Applicant)
        .join(Application, PostLetter.application_id == Application.id)
        .join(Applicant, Application.applicant_id == Applicant.id)
        .where(PostLetter.office_id == actor.point_id)
        .order_by(PostLetter.state_changed_at.desc())
        .limit(limit)
    )
    text = query.strip()
    if text:
        passports = select(IdentityDocument.applicant_id).where(
            IdentityDocument.kind == DocumentKind.PASSPORT,
            IdentityDocument.number == text.replace(" ", "").upper(),
        )
        stmt = stmt.where(
            or_(
                PostLetter.tracking_number == text.replace(" ", ""),
                Applicant.id.in_(passports),
                Applicant.surname_latin == text.upper(),
                Applicant.surname_cyrillic == text.capitalize(),
            )
        )
    return [
        LetterRow(letter.tracking_number, app.number,
                  f"{person.surname_latin} {person.given_names_latin}", letter.state,
                  letter.state_changed_at)
        for letter, app, person in session.execute(stmt)
    ]
