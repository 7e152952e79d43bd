"""The checklist of a visit: which documents are required and brought, their fields as
checked against the originals, and what the rules say about them.

A document counts as *brought* for this visit once the clerk saved it from the original
during the visit (``checked_at`` at or after the visit opened). The visit cannot be marked
"documents checked" — nor confirmed — while a required item is missing or a blocking rule
fails; warnings (unconfirmed formats) never block.

Saving is the act "checked against the original": a document the rules find unfit
(expired, valid under six months, an MRZ whose check digits fail) is saved only with the
clerk's reason for accepting it despite that, stored with the document and in the audit
event (``checks.document_findings``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from operator_app.messages import N_, t
from operator_app.models import (
    Applicant,
    Application,
    DocumentImage,
    DocumentKind,
    IdentityDocument,
    Visit,
    utcnow,
)
from operator_app.services import audit, visits
from operator_app.services.actor import Actor, Permission
from operator_app.services.checks import (
    KIND_TITLES,
    OVERRIDE_HINT,
    STAY_KINDS,
    DocumentFacts,
    Finding,
    PersonFacts,
    check_documents,
    document_findings,
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
    mrz: str = ""
    override_reason: str = ""  # set when the check was accepted despite a finding

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
    application_date: dt.date  # the validity rules count from it …
    today: dt.date  # … and from the day of the visit

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.blocking)

    @property
    def ready(self) -> bool:
        return not self.blocking


def _visit(session: Session, visit_id: int) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFound(t("Визит не найден."))
    return visit


def checklist(session: Session, visit_id: int, *, today: dt.date | None = None) -> Checklist:
    visit = _visit(session, visit_id)
    application = session.get(Application, visit.application_id)
    assert application is not None
    person = session.get(Applicant, application.applicant_id)
    assert person is not None
    documents = list(session.scalars(select(IdentityDocument)
                                     .where(IdentityDocument.applicant_id == person.id)
                                     .order_by(IdentityDocument.id)))
    # Only this person's documents' copies are counted (by the document_id index): the
    # count must not grow with the archive.
    copies: dict[int, int] = {
        document_id: count for document_id, count in session.execute(
            select(DocumentImage.document_id, func.count())
            .where(DocumentImage.document_id.in_([d.id for d in documents]))
            .group_by(DocumentImage.document_id)) if document_id is not None}
    rows = []
    for d in documents:
        brought = d.checked_at is not None and d.checked_at >= visit.opened_at
        rows.append(DocumentRow(d.id, d.kind, d.series, d.number, d.issue_date, d.expiry_date,
                                d.issuing_authority, d.country, d.surname_latin,
                                d.given_names_latin, brought, copies.get(d.id, 0), d.version,
                                d.mrz or "", d.override_reason or ""))
    facts = PersonFacts(person.surname_latin, person.given_names_latin, person.surname_cyrillic,
                        person.given_names_cyrillic, person.birth_date, person.snils, person.inn,
                        visit.no_snils)
    brought_docs = [DocumentFacts(r.kind, r.number, r.series, r.issue_date, r.expiry_date,
                                  r.surname_latin, r.given_names_latin,
                                  person.birth_date if r.kind is DocumentKind.PASSPORT else None,
                                  r.country or "", r.mrz, r.override_reason)
                    for r in rows if r.brought and r.kind not in (DocumentKind.SNILS,
                                                                  DocumentKind.INN)]
    day = today or utcnow().astimezone().date()
    applied = application.submitted_at.astimezone().date()
    findings = check_documents(facts, brought_docs, application_date=applied, visit_date=day)
    # Say which documents the account lists but the applicant has not shown yet.
    listed = {r.kind for r in rows}
    if any(k in STAY_KINDS for k in listed) and not any(
            r.brought and r.kind in STAY_KINDS for r in rows):
        findings = [f for f in findings if f.field != "checklist.stay"] + [Finding(
            "checklist.stay", "error", N_("Документ о законном пребывании указан в заявлении, "
                                          "но не сверен с оригиналом."))]
    return Checklist(visit_id, facts, tuple(rows), tuple(findings), visit.no_snils, applied, day)


def save_document(session: Session, actor: Actor, visit_id: int, *, document_id: int | None,
                  kind: DocumentKind, version: int | None = None,
                  override_reason: str | None = None, **values: object) -> int:
    """Save a document as checked against the original now; every changed field audited.

    A document with a ``needs_override`` finding (expired, valid under six months, MRZ
    check digits) is refused — on the field concerned — unless ``override_reason`` says
    why the clerk accepts it; the reason is kept with the document and in the event.
    A text that is no MRZ at all is refused on the MRZ field.
    """
    actor.require(Permission.SERVE_DESK)
    visit = visits.own_open_visit(session, actor, visit_id)
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    number = str(values.get("number") or "").strip()
    if not number:
        raise ValidationError(t("Укажите номер документа."), field="number")
    application = session.get(Application, visit.application_id)
    assert application is not None
    issue, expiry = values.get("issue_date"), values.get("expiry_date")
    if isinstance(issue, dt.date) and isinstance(expiry, dt.date) and expiry < issue:
        raise ValidationError(t("Дата окончания раньше даты выдачи."), field="expiry_date")
    if isinstance(issue, dt.date) and issue > utcnow().date():
        raise ValidationError(t("Дата выдачи в будущем."), field="issue_date")
    old: dict[str, object] = {}
    found: IdentityDocument | None = None
    if document_id is not None:
        found = session.get(IdentityDocument, document_id, with_for_update=True)
        if found is None:
            raise NotFound(t("Документ не найден."))
        if version is not None and found.version != version:
            raise Conflict(t("Документ изменён за другим столом. Откройте его заново."))
        old = {name: getattr(found, name) for name in EDITABLE}
    new = {name: value.strip() if isinstance(value, str) else value
           for name, value in values.items()}
    if kind is DocumentKind.PASSPORT and not {**old, **new}.get("expiry_date"):
        # Without it the validity rules cannot be applied: an empty date is no check.
        raise ValidationError(t("Введите, до какого числа действует паспорт."),
                              field="expiry_date")
    # Judged before anything is changed: a refused check leaves the document as it was.
    unfit = _unfit(kind, {**old, **new},
                   application_date=application.submitted_at.astimezone().date())
    reason = (override_reason or "").strip()
    if unfit and not reason:
        first = unfit[0].field.split(".", 1)[1]
        raise ValidationError(" ".join(f.message for f in unfit) + " " + t(OVERRIDE_HINT),
                              field=first)
    if found is None:
        document = IdentityDocument(applicant_id=application.applicant_id, kind=kind,
                                    number=number)
        session.add(document)
    else:
        document = found
    for name, value in new.items():
        setattr(document, name, value)
    document.override_reason = reason if unfit else None
    document.checked_at = utcnow()
    session.flush()
    changed = {name: [str(old.get(name) or ""), str(getattr(document, name) or "")]
               for name in values if str(old.get(name) or "") != str(getattr(document, name) or "")}
    details: dict[str, object] = {"kind": kind.value, "visit_id": visit_id, "changed": changed}
    if unfit:
        details["accepted_despite"] = {"findings": [f.russian for f in unfit], "reason": reason}
    audit.record(session, actor, "document_checked", entity="identity_document",
                 entity_id=document.id, application_number=application.number,
                 details=details)
    return document.id


def _unfit(kind: DocumentKind, values: dict[str, object], *,
           application_date: dt.date) -> list[Finding]:
    """What makes the document, with these field values, unfit to be recorded as checked
    without a reason; raises on an MRZ that is no MRZ at all."""

    def text(name: str) -> str:
        value = values.get(name)
        return value if isinstance(value, str) else ""

    def day(name: str) -> dt.date | None:
        value = values.get(name)
        return value if isinstance(value, dt.date) else None

    facts = DocumentFacts(kind, text("number"), text("series"), day("issue_date"),
                          day("expiry_date"), text("surname_latin"), text("given_names_latin"),
                          country=text("country"), mrz=text("mrz"))
    findings = document_findings(facts, application_date=application_date,
                                 visit_date=utcnow().astimezone().date())
    for finding in findings:
        if finding.field.endswith(".mrz") and not finding.needs_override:
            raise ValidationError(finding.message + t(" Исправьте строки по паспорту или "
                                                      "очистите поле."), field="mrz")
    return [f for f in findings if f.needs_override]


def note_no_snils(session: Session, actor: Actor, visit_id: int, no_snils: bool) -> None:
    actor.require(Permission.SERVE_DESK)
    visit = visits.own_open_visit(session, actor, visit_id, lock=True)
    visit.no_snils = no_snils
    application = session.get(Application, visit.application_id)
    assert application is not None
    audit.record(session, actor, "no_snils_noted" if no_snils else "no_snils_cleared",
                 entity="visit", entity_id=visit.id, application_number=application.number)


def require_ready(session: Session, visit_id: int) -> None:
    """Refuse "documents checked" / "confirmed" while a required item or rule fails."""
    state = checklist(session, visit_id)
    if state.blocking:
        raise ValidationError(t("Нельзя продолжить: {findings}", findings=" ".join(
            f.message for f in state.blocking)), field="checklist")


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
