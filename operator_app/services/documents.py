"""The checklist of a visit: which documents are required and brought, their fields as
checked against the originals, and what the rules say about them.

A document counts as *brought* for this visit once the clerk saved it from the original
during the visit (``checked_at`` at or after the visit opened). The visit cannot be marked
"documents checked" — nor confirmed — while a required item is missing or a blocking rule
fails; warnings (unconfirmed formats) never block.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from operator_app.models import (
    Applicant,
    Application,
    DocumentImage,
    DocumentKind,
    IdentityDocument,
    Visit,
    utcnow,
)
from operator_app.services import audit
from operator_app.services.actor import Actor, Permission
from operator_app.services.checks import (
    KIND_TITLES,
    STAY_KINDS,
    DocumentFacts,
    Finding,
    PersonFacts,
    check_documents,
)
from operator_app.services.errors import Conflict, NotFound, ValidationError

EDITABLE = ("series", "number", "issue_date", "expiry_date", "issuing_authority", "country",
            "surname_latin", "given_names_latin", "mrz")


@dataclass(frozen=True)
class DocumentRow:
    id: int
    kind: DocumentKind
    series: str
    number: str
    issue_date: dt.date | None
    expiry_date: dt.date | None
    issuing_authority: str
    country: str | None
    surname_latin: str
    given_names_latin: str
    brought: bool
    copies: int
    version: int

    @property
    def title(self) -> str:
        return KIND_TITLES[self.kind]


@dataclass(frozen=True)
class Checklist:
    visit_id: int
    person: PersonFacts
    documents: tuple[DocumentRow, ...]
    findings: tuple[Finding, ...]
    no_snils: bool

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.blocking)

    @property
    def ready(self) -> bool:
        return not self.blocking


def _visit(session: Session, visit_id: int) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFound("Визит не найден.")
    return visit


def checklist(session: Session, visit_id: int, *, today: dt.date | None = None) -> Checklist:
    visit = _visit(session, visit_id)
    application = session.get(Application, visit.application_id)
    assert application is not None
    person = session.get(Applicant, application.applicant_id)
    assert person is not None
    copies: dict[int, int] = {
        document_id: count for document_id, count in session.execute(
            select(DocumentImage.document_id, func.count())
            .group_by(DocumentImage.document_id)) if document_id is not None}
    rows = []
    for d in session.scalars(select(IdentityDocument)
                             .where(IdentityDocument.applicant_id == person.id)
                             .order_by(IdentityDocument.id)):
        brought = d.checked_at is not None and d.checked_at >= visit.opened_at
        rows.append(DocumentRow(d.id, d.kind, d.series, d.number, d.issue_date, d.expiry_date,
                                d.issuing_authority, d.country, d.surname_latin,
                                d.given_names_latin, brought, copies.get(d.id, 0), d.version))
    facts = PersonFacts(person.surname_latin, person.given_names_latin, person.surname_cyrillic,
                        person.given_names_cyrillic, person.birth_date, person.snils, person.inn,
                        visit.no_snils)
    brought_docs = [DocumentFacts(r.kind, r.number, r.series, r.issue_date, r.expiry_date,
                                  r.surname_latin, r.given_names_latin,
                                  person.birth_date if r.kind is DocumentKind.PASSPORT else None)
                    for r in rows if r.brought and r.kind not in (DocumentKind.SNILS,
                                                                  DocumentKind.INN)]
    day = today or utcnow().astimezone().date()
    findings = check_documents(facts, brought_docs,
                               application_date=application.submitted_at.astimezone().date(),
                               visit_date=day)
    # Say which documents the account lists but the applicant has not shown yet.
    listed = {r.kind for r in rows}
    if any(k in STAY_KINDS for k in listed) and not any(
            r.brought and r.kind in STAY_KINDS for r in rows):
        findings = [f for f in findings if f.field != "checklist.stay"] + [Finding(
            "checklist.stay", "error", "Документ о законном пребывании указан в заявлении, но "
            "не сверен с оригиналом.")]
    return Checklist(visit_id, facts, tuple(rows), tuple(findings), visit.no_snils)


def save_document(session: Session, actor: Actor, visit_id: int, *, document_id: int | None,
                  kind: DocumentKind, version: int | None = None,
                  **values: object) -> int:
    """Save a document as checked against the original now; every changed field audited."""
    actor.require(Permission.SERVE_DESK)
    visit = _visit(session, visit_id)
    if visit.open_application_id is None:
        raise ValidationError("Визит уже завершён: документы не меняются.", field="visit")
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    number = str(values.get("number") or "").strip()
    if not number:
        raise ValidationError("Укажите номер документа.", field="number")
    application = session.get(Application, visit.application_id)
    assert application is not None
    issue, expiry = values.get("issue_date"), values.get("expiry_date")
    if isinstance(issue, dt.date) and isinstance(expiry, dt.date) and expiry < issue:
        raise ValidationError("Дата окончания раньше даты выдачи.", field="expiry_date")
    if isinstance(issue, dt.date) and issue > utcnow().date():
        raise ValidationError("Дата выдачи в будущем.", field="issue_date")
    old: dict[str, object] = {}
    if document_id is None:
        document = IdentityDocument(applicant_id=application.applicant_id, kind=kind,
                                    number=number)
        session.add(document)
    else:
        found = session.get(IdentityDocument, document_id, with_for_update=True)
        if found is None:
            raise NotFound("Документ не найден.")
        document = found
        if version is not None and document.version != version:
            raise Conflict("Документ изменён за другим столом. Откройте его заново.")
        old = {name: getattr(document, name) for name in EDITABLE}
    for name, value in values.items():
        setattr(document, name, value.strip() if isinstance(value, str) else value)
    document.checked_at = utcnow()
    session.flush()
    changed = {name: [str(old.get(name) or ""), str(getattr(document, name) or "")]
               for name in values if str(old.get(name) or "") != str(getattr(document, name) or "")}
    audit.record(session, actor, "document_checked", entity="identity_document",
                 entity_id=document.id, application_number=application.number,
                 details={"kind": kind.value, "visit_id": visit_id, "changed": changed})
    return document.id


def note_no_snils(session: Session, actor: Actor, visit_id: int, no_snils: bool) -> None:
    actor.require(Permission.SERVE_DESK)
    visit = _visit(session, visit_id)
    visit.no_snils = no_snils
    application = session.get(Application, visit.application_id)
    assert application is not None
    audit.record(session, actor, "no_snils_noted" if no_snils else "no_snils_cleared",
                 entity="visit", entity_id=visit.id, application_number=application.number)


def require_ready(session: Session, visit_id: int) -> None:
    """Refuse "documents checked" / "confirmed" while a required item or rule fails."""
    state = checklist(session, visit_id)
    if state.blocking:
        raise ValidationError("Нельзя продолжить: " + " ".join(
            f.message for f in state.blocking), field="checklist")


def read_mrz_from_copies(session: Session, document_id: int) -> object | None:
    """The MRZ of the newest readable copy of a document (passports, ID cards), or None."""
    import numpy as np

    from operator_app.scanning.mrz import read_mrz
    from operator_app.scanning.quality import load_copy
    from operator_app.services.copies import load_copy_bytes

    ids = session.scalars(select(DocumentImage.id)
                          .where(DocumentImage.document_id == document_id)
                          .order_by(DocumentImage.captured_at.desc())).all()
    for image_id in ids:
        data = load_copy_bytes(session, image_id)
        for page in load_copy(data, name=f"копия {image_id}"):
            result = read_mrz(np.ascontiguousarray(page.image))
            if result is not None:
                return result
    return None
