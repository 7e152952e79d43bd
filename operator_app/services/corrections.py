"""Correcting the applicant's account in place: validated fields, a reason, one audit event
and one DataCorrection row per changed field, in one transaction.

Two desks editing the same applicant: the save carries the version the clerk loaded;
if another desk saved first, :class:`EditConflict` says what they changed so the clerk
can re-apply theirs — nothing is silently overwritten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from operator_app.messages import N_, t
from operator_app.models import (
    Applicant,
    Application,
    DataCorrection,
    DocumentKind,
    IdentityDocument,
    Visit,
    VisitState,
)
from operator_app.services import audit, validators, visits
from operator_app.services.actor import Actor, Permission
from operator_app.services.errors import Conflict, NotFound, ValidationError

REASONS = (
    N_("ошибка при вводе на портале"),
    N_("данные изменились (новый паспорт)"),
    N_("транслитерация по документу"),
    N_("по заявлению гражданина"),
)


def _date(text: str) -> dt.date:
    return validators.validate_birth_date(text)


# field -> (title, validator returning the stored value)
FIELDS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "surname_latin": (N_("Фамилия (лат.)"),
                      lambda text: validators.validate_latin_name(text, field="surname_latin")),
    "given_names_latin": (N_("Имя (лат.)"), lambda text: validators.validate_latin_name(
        text, field="given_names_latin")),
    "surname_cyrillic": (N_("Фамилия (рус.)"), lambda text: validators.validate_cyrillic_name(
        text, field="surname_cyrillic")),
    "given_names_cyrillic": (N_("Имя (рус.)"), lambda text: validators.validate_cyrillic_name(
        text, field="given_names_cyrillic")),
    "patronymic_cyrillic": (N_("Отчество (рус.)"), lambda text: validators.validate_cyrillic_name(
        text, field="patronymic_cyrillic")),
    "birth_date": (N_("Дата рождения"), _date),
    "citizenship": (N_("Гражданство"), validators.validate_citizenship),
    "snils": (N_("СНИЛС"), validators.validate_snils),
    "inn": (N_("ИНН"), validators.validate_inn),
    "phone": (N_("Телефон"), validators.validate_phone),
    "email": (N_("Эл. почта"), validators.validate_email),
    "postal_code": (N_("Индекс"), validators.validate_postal_code),
    "address_region": (N_("Регион"), validators.validate_region),
    "address_city": (N_("Населённый пункт"), validators.validate_city),
    "address_street": (N_("Улица"), validators.validate_street),
    "address_house": (N_("Дом"), validators.validate_house),
    "address_flat": (N_("Квартира"), validators.validate_flat),
}
# Cleared by typing nothing: everything but the name, birth date and citizenship.
REQUIRED = frozenset({"surname_latin", "given_names_latin", "birth_date", "citizenship"})
ADDRESS_PARTS = ("postal_code", "address_region", "address_city", "address_street",
                 "address_house", "address_flat")


@dataclass(frozen=True)
class Change:
    field: str
    title: str
    old: str
    new: str


class EditConflict(Conflict):
    """Another desk saved the applicant first; ``theirs`` lists what they changed."""

    def __init__(self, theirs: list[Change]) -> None:
        listed = "; ".join(f"{c.title}: «{c.old}» → «{c.new}»" for c in theirs) or "—"
        super().__init__(t("Данные заявителя только что изменили за другим столом: {listed}. "
                           "Проверьте и внесите свои исправления заново.", listed=listed))
        self.theirs = theirs


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def snapshot(applicant: Applicant) -> dict[str, str]:
    return {name: _shown(getattr(applicant, name)) for name in FIELDS}


def diff(loaded: Mapping[str, str], typed: Mapping[str, str]) -> list[Change]:
    """What would change, field by field, before anything is saved (the diff preview).
    Raises ValidationError for the first invalid field, with its name."""
    changes = []
    for name, text in typed.items():
        title, validate = t(FIELDS[name][0]), FIELDS[name][1]
        if not text.strip() and name in REQUIRED:
            raise ValidationError(t("{title}: поле нельзя оставить пустым.", title=title),
                                  field=name)
        new = _shown(validate(text)) if text.strip() else ""
        if new != loaded.get(name, ""):
            changes.append(Change(name, title, loaded.get(name, ""), new))
    return changes


def apply(session: Session, actor: Actor, visit_id: int, *, loaded: Mapping[str, str],
          version: int, typed: Mapping[str, str], reason: str) -> list[Change]:
    """Save the corrections in place (no new application), audited field by field."""
    actor.require(Permission.SERVE_DESK)
    if not reason.strip():
        raise ValidationError(t("Укажите причину исправления."), field="reason")
    visit = session.get(Visit, visit_id, with_for_update=True)
    if visit is None:
        raise NotFound(t("Визит не найден."))
    if visit.operator_id != actor.operator_id or visit.service_point_id != actor.point_id:
        raise Conflict(t("Этот визит ведёт другой оператор: исправления вносит он."))
    if visit.state not in visits.OPEN_STATES:
        raise Conflict(t("Визит уже завершён: исправлять данные можно только во время визита."))
    application = session.get(Application, visit.application_id)
    assert application is not None
    applicant = session.scalar(select(Applicant).where(Applicant.id == application.applicant_id)
                               .with_for_update())
    assert applicant is not None
    current = snapshot(applicant)
    if applicant.version != version:
        theirs = [Change(name, t(FIELDS[name][0]), loaded.get(name, ""), value)
                  for name, value in current.items() if value != loaded.get(name, "")]
        raise EditConflict(theirs)
    changes = diff(current, typed)
    if not changes:
        raise ValidationError(t("Ничего не изменено."), field="form")
    columns = Applicant.__table__.columns
    for change in changes:  # all fields first: one save is one new version of the record
        value: Any = FIELDS[change.field][1](change.new) if change.new else None
        if value is None and not columns[change.field].nullable:
            value = ""  # a cleared patronymic or address part: empty, not NULL
        setattr(applicant, change.field, value)
    parts = (applicant.address_region, applicant.address_city, applicant.address_street,
             applicant.address_house)
    if any(change.field in ADDRESS_PARTS for change in changes) and all(parts):
        # Only a whole address replaces the one line papers print; a record that has the
        # line but not yet its parts keeps the line until the parts are all typed.
        applicant.address = validators.compose_address(
            applicant.postal_code or "", applicant.address_region, applicant.address_city,
            applicant.address_street, applicant.address_house, applicant.address_flat)
    if visit.state is VisitState.DOCUMENTS_CHECKED:
        # The papers were checked against the old data: the visit says it was corrected.
        visit.state = VisitState.DATA_CORRECTED
        audit.record(session, actor, "visit_data_corrected", entity="visit",
                     entity_id=visit.id, application_number=application.number)
    session.flush()
    for change in changes:
        session.add(DataCorrection(application_id=application.id, visit_id=visit.id,
                                   entity="applicant", entity_id=applicant.id,
                                   field=change.field, old_value=change.old,
                                   new_value=change.new, reason=reason.strip(),
                                   operator_id=actor.operator_id))
        audit.record(session, actor, "data_corrected", entity="applicant",
                     entity_id=applicant.id, application_number=application.number,
                     details={"field": change.field, "old": change.old, "new": change.new,
                              "reason": reason.strip(), "visit_id": visit.id})
    session.flush()
    return changes


@dataclass(frozen=True)
class Form:
    """What the correction form opens with: the account as loaded (and its version, for
    optimistic locking) beside the values read from the documents checked at the desk."""

    visit_id: int
    application_number: str
    version: int
    account: dict[str, str]
    documents: dict[str, str]  # field -> value in a checked document
    document_titles: dict[str, str]  # field -> which document it came from


def load(session: Session, visit_id: int) -> Form:
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFound(t("Визит не найден."))
    application = session.get(Application, visit.application_id)
    assert application is not None
    applicant = session.get(Applicant, application.applicant_id)
    assert applicant is not None
    documents: dict[str, str] = {}
    titles: dict[str, str] = {}
    passport = session.scalars(
        select(IdentityDocument)
        .where(IdentityDocument.applicant_id == applicant.id,
               IdentityDocument.kind == DocumentKind.PASSPORT,
               IdentityDocument.checked_at.is_not(None))
        .order_by(IdentityDocument.checked_at.desc(), IdentityDocument.id.desc())).first()
    if passport is not None:
        for name, value in [("surname_latin", passport.surname_latin),
                            ("given_names_latin", passport.given_names_latin),
                            ("citizenship", passport.country or "")]:
            if value:
                documents[name] = value
                titles[name] = "паспорт"
    for kind, name in [(DocumentKind.SNILS, "snils"), (DocumentKind.INN, "inn")]:
        document = session.scalars(
            select(IdentityDocument)
            .where(IdentityDocument.applicant_id == applicant.id,
                   IdentityDocument.kind == kind, IdentityDocument.checked_at.is_not(None))
            .order_by(IdentityDocument.id.desc())).first()
        if document is not None and document.number:
            documents[name] = document.number
            titles[name] = "СНИЛС" if kind is DocumentKind.SNILS else "ИНН"
    return Form(visit.id, application.number, applicant.version, snapshot(applicant),
                documents, titles)
