"""Applications as the portal hands them over: import one, find them by what the clerk has.

An applicant rarely has the application number at hand in the form the database
keeps it, so the search accepts the number with or without spaces, the passport
number, or any part of a name in Latin or Cyrillic letters, in any case.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, bindparam, func, select, text
from sqlalchemy.orm import Session

from operator_app.messages import N_, t
from operator_app.models import (
    AccountStatus,
    Applicant,
    Application,
    ConfirmationMethod,
    DocumentKind,
    IdentityDocument,
    PointKind,
    ServicePoint,
)
from operator_app.services import application_numbers, audit
from operator_app.services.actor import Actor, Permission
from operator_app.services.errors import ValidationError
from operator_app.services.identifiers import is_ascii_digits, strip_separators

_CITIZENSHIP_RE = re.compile(r"^[A-Z]{3}$")
# A name word: letters, possibly joined by a hyphen or an apostrophe (Абдул-Азиз, O'NEIL).
_NAME_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@dataclass(frozen=True)
class DocumentData:
    """One document of the applicant, as entered online."""

    kind: DocumentKind
    number: str
    series: str = ""
    issue_date: dt.date | None = None
    expiry_date: dt.date | None = None
    issuing_authority: str = ""
    country: str | None = None
    surname_latin: str = ""
    given_names_latin: str = ""


@dataclass(frozen=True)
class ApplicationData:
    """An application with its applicant's account data, in plain values."""

    number: str
    surname_latin: str
    given_names_latin: str
    birth_date: dt.date
    sex: str
    citizenship: str
    confirmation_method: ConfirmationMethod
    submitted_at: dt.datetime | None = None
    surname_cyrillic: str = ""
    given_names_cyrillic: str = ""
    patronymic_cyrillic: str = ""
    snils: str | None = None
    inn: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str = ""
    postal_code: str | None = None
    address_region: str = ""
    address_city: str = ""
    address_street: str = ""
    address_house: str = ""
    address_flat: str = ""
    post_office_code: str | None = None
    account_status: AccountStatus = AccountStatus.PENDING
    documents: tuple[DocumentData, ...] = ()


@dataclass(frozen=True)
class ApplicationRow:
    """One line of the search result list."""

    number: str
    display_name: str  # Latin, as in the passport
    cyrillic_name: str
    birth_date: dt.date
    citizenship: str
    account_status: AccountStatus
    confirmation_method: ConfirmationMethod
    submitted_at: dt.datetime


def _digits(value: str | None, length: int, field: str, what: str) -> str | None:
    if value is None or not value.strip():
        return None
    digits = strip_separators(value)
    if len(digits) != length or not is_ascii_digits(digits):
        raise ValidationError(t("{what} — {length} цифр.", what=t(what), length=length), field=field)
    return digits


def _post_office(session: Session, data: ApplicationData) -> ServicePoint | None:
    if data.confirmation_method is not ConfirmationMethod.POST:
        return None
    if not data.post_office_code:
        raise ValidationError(t("Для подтверждения по почте укажите почтовое отделение."),
                              field="post_office")
    code = data.post_office_code.strip().upper()
    office = session.scalar(select(ServicePoint).where(ServicePoint.code == code))
    if office is None or office.kind is not PointKind.POST_OFFICE:
        raise ValidationError(t("Почтовое отделение «{code}» не найдено.", code=code),
                              field="post_office")
    return office


def import_application(session: Session, actor: Actor, data: ApplicationData) -> Application:
    """Store an application from the portal with its applicant and documents, and audit it.

    Only the administrator (or the command line) imports: the desk works with what the
    portal sent and corrects it through visits, never by re-importing. The data is taken
    as the applicant typed it, so a wrong СНИЛС or an expired passport is kept for the
    clerk to catch; only what would make the record unusable is refused.
    """
    actor.require(Permission.MANAGE_ALL_POINTS)
    number = application_numbers.validate(data.number)
    if session.scalar(select(Application.id).where(Application.number == number)) is not None:
        raise ValidationError(
            t("Заявление № {number} уже загружено.",
              number=application_numbers.format_number(number)),
            field="application_number",
        )
    surname = data.surname_latin.strip().upper()
    if not surname:
        raise ValidationError(t("Укажите фамилию латиницей, как в паспорте."),
                              field="surname_latin")
    if data.sex not in ("M", "F"):
        raise ValidationError(t("Пол: M или F."), field="sex")
    citizenship = data.citizenship.strip().upper()
    if not _CITIZENSHIP_RE.match(citizenship):
        raise ValidationError(t("Гражданство — трёхбуквенный код страны (ISO 3166-1)."),
                              field="citizenship")
    if data.submitted_at is not None and data.submitted_at.tzinfo is None:
        raise ValueError("submitted_at must be timezone-aware")
    snils = _digits(data.snils, 11, "snils", N_("СНИЛС"))
    inn = _digits(data.inn, 12, "inn", N_("ИНН физического лица"))
    postal_code = _digits(data.postal_code, 6, "postal_code", N_("Почтовый индекс"))
    office = _post_office(session, data)

    applicant = Applicant(
        surname_latin=surname,
        given_names_latin=data.given_names_latin.strip().upper(),
        surname_cyrillic=data.surname_cyrillic.strip(),
        given_names_cyrillic=data.given_names_cyrillic.strip(),
        patronymic_cyrillic=data.patronymic_cyrillic.strip(),
        birth_date=data.birth_date,
        sex=data.sex,
        citizenship=citizenship,
        snils=snils,
        inn=inn,
        phone=data.phone.strip() if data.phone else None,
        email=data.email.strip() if data.email else None,
        address=data.address.strip(),
        postal_code=postal_code,
        address_region=data.address_region.strip(),
        address_city=data.address_city.strip(),
        address_street=data.address_street.strip(),
        address_house=data.address_house.strip(),
        address_flat=data.address_flat.strip(),
    )
    for doc in data.documents:
        applicant.documents.append(
            IdentityDocument(
                kind=doc.kind,
                series=doc.series.strip(),
                number=doc.number.strip().upper(),
                issue_date=doc.issue_date,
                expiry_date=doc.expiry_date,
                issuing_authority=doc.issuing_authority.strip(),
                country=doc.country,
                surname_latin=doc.surname_latin.strip().upper(),
                given_names_latin=doc.given_names_latin.strip().upper(),
            )
        )
    application = Application(
        number=number,
        applicant=applicant,
        confirmation_method=data.confirmation_method,
        post_office=office,
        account_status=data.account_status,
    )
    if data.submitted_at is not None:
        application.submitted_at = data.submitted_at
    session.add(application)
    session.flush()
    audit.record(
        session,
        actor,
        "application_imported",
        entity="application",
        entity_id=application.id,
        application_number=number,
        details={
            "confirmation_method": data.confirmation_method.value,
            "post_office": office.code if office is not None else None,
            "documents": [doc.kind.value for doc in data.documents],
        },
    )
    return application


# -- search ------------------------------------------------------------------------


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return "%" + escaped + "%"


def _search_words(text: str) -> list[str]:
    """The name words of a query as the search key spells them (upper-case, Ё as Е)."""
    return [word.upper().replace("Ё", "Е") for word in _NAME_WORD_RE.findall(text)]


def _word_condition(dialect: str, word: str) -> ColumnElement[bool]:
    """``word`` is part of some name of the applicant: from the trigram index where the word
    has three letters or more (pg_trgm reads LIKE '%x%'; SQLite asks its FTS5 table)."""
    if len(word) < 3:  # below a trigram: the start of a name word, read from the key
        return Applicant.search_key.like("% " + _like_pattern(word)[1:], escape="\\")
    if dialect == "sqlite":
        quoted = '"' + word.replace('"', '""') + '"'
        return Applicant.id.in_(select(text("rowid")).select_from(text("applicant_search"))
                                .where(text("applicant_search MATCH :words").bindparams(
                                    bindparam("words", quoted, unique=True))))
    return Applicant.search_key.like(_like_pattern(word), escape="\\")


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def applicant_name_condition(session: Session, query: str) -> ColumnElement[bool] | None:
    """Every name word of ``query`` is part of some name of the :class:`Applicant` (any
    script, any case, е/ё alike); None when ``query`` has no name word. For other searches
    (the supervisor's log) that filter by applicant."""
    words = _search_words(query)
    if not words:
        return None
    dialect = _dialect(session)
    return and_(*(_word_condition(dialect, word) for word in words))


def _search_queries(session: Session, query: str) -> list[ColumnElement[bool]]:
    """One condition per way the query can match, each answered by its own index: the
    application number, a passport number, the names (last)."""
    conditions: list[ColumnElement[bool]] = []
    compact = application_numbers.normalize(query).upper()
    if is_ascii_digits(compact):
        if len(compact) == application_numbers.LENGTH:
            conditions.append(Application.number == compact)
        elif len(compact) >= 4:
            conditions.append(Application.number.contains(compact, autoescape=True))
    if compact.isalnum() and compact.isascii():
        conditions.append(
            Application.applicant_id.in_(
                select(IdentityDocument.applicant_id).where(
                    IdentityDocument.number == compact,
                    IdentityDocument.kind == DocumentKind.PASSPORT,
                )
            )
        )
    if not any(ch.isdigit() for ch in query):
        names = applicant_name_condition(session, query)
        if names is not None:
            conditions.append(names)
    return conditions


MANY_MATCHES = 3000  # above this a name search walks the newest applications instead


def _matches_many(session: Session, condition: ColumnElement[bool]) -> bool:
    """Whether a name condition matches more applicants than is worth sorting (the count
    stops at MANY_MATCHES + 1: cheap either way)."""
    capped = select(Applicant.id).where(condition).limit(MANY_MATCHES + 1).subquery()
    return (session.scalar(select(func.count()).select_from(capped)) or 0) > MANY_MATCHES


def _name_key_condition(query: str) -> ColumnElement[bool]:
    return and_(*(Applicant.search_key.like(_like_pattern(word), escape="\\")
                  if len(word) >= 3 else
                  Applicant.search_key.like("% " + _like_pattern(word)[1:], escape="\\")
                  for word in _search_words(query)))


def find_applications(session: Session, actor: Actor, query: str, limit: int = 50
                      ) -> list[ApplicationRow]:
    """Applications matching a number, a passport number or name parts; newest first.

    Several words must all match (any of them in any name field), so «каримов рустам»
    narrows the list the way a clerk expects. For the desk and the log's readers only.
    Each way of matching is its own query (an OR across them would keep either backend
    from using the index of each), the results merged newest first.
    """
    actor.require_any(Permission.SERVE_DESK, Permission.REVIEW_LOG)
    text_ = query.strip()
    if not text_:
        return []
    found: dict[int, tuple[Application, Applicant]] = {}
    conditions = _search_queries(session, text_)
    by_name = not any(ch.isdigit() for ch in text_) and bool(_search_words(text_))
    for index, condition in enumerate(conditions):
        names = by_name and index == len(conditions) - 1  # the names come last
        if names and _matches_many(session, condition):
            # A common name: walk the applications newest first and keep those whose key
            # holds every word — the first page is found long before the index's whole
            # list of matches would have been sorted.
            condition = _name_key_condition(text_)
            statement = (select(Application, Applicant)
                     .join(Applicant, Application.applicant_id == Applicant.id)
                     .with_hint(Application, "INDEXED BY ix_application_submitted_at",
                                "sqlite"))
        else:
            statement = select(Application, Applicant).join(Application.applicant)
        for application, applicant in session.execute(
                statement.where(condition)
                .order_by(Application.submitted_at.desc(), Application.id.desc())
                .limit(limit)).all():
            found[application.id] = (application, applicant)
    rows = sorted(found.values(), key=lambda pair: (pair[0].submitted_at, pair[0].id),
                  reverse=True)[:limit]
    return [application_row(application, applicant) for application, applicant in rows]


def application_row(application: Application, applicant: Applicant) -> ApplicationRow:
    latin = f"{applicant.surname_latin} {applicant.given_names_latin}".strip()
    cyrillic = " ".join(
        part
        for part in (applicant.surname_cyrillic, applicant.given_names_cyrillic,
                     applicant.patronymic_cyrillic)
        if part
    )
    return ApplicationRow(
        number=application.number,
        display_name=latin,
        cyrillic_name=cyrillic,
        birth_date=applicant.birth_date,
        citizenship=applicant.citizenship,
        account_status=application.account_status,
        confirmation_method=application.confirmation_method,
        submitted_at=application.submitted_at,
    )
