"""The domain as stored: service points, operators, applicants and their applications,
documents and copies, visits, corrections, confirmation codes, post letters, audit events.

Records two desks may edit at once carry a ``version`` column (optimistic locking):
a stale write raises ``sqlalchemy.orm.exc.StaleDataError``, which the services turn
into a conflict the clerk can resolve.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy import (
    false as sa_false,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from operator_app.models.base import Base, UTCDateTime, utcnow


def _enum(cls: type[enum.Enum], length: int = 32) -> Enum:
    # VARCHAR without a CHECK: adding a value later needs no table rebuild on SQLite.
    return Enum(
        cls,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class PointKind(enum.StrEnum):
    SERVICE_CENTER = "service_center"
    POST_OFFICE = "post_office"


class Role(enum.StrEnum):
    CLERK = "clerk"
    POST_CLERK = "post_clerk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class AccountStatus(enum.StrEnum):
    """Portal account status, as the seed names them."""

    PENDING = "pending"  # в ожидании подтверждения
    ACTIVE = "active"  # активен
    BLOCKED = "blocked"  # заблокирован


class ConfirmationMethod(enum.StrEnum):
    SERVICE_CENTER = "service_center"
    POST = "post"


class DocumentKind(enum.StrEnum):
    PASSPORT = "passport"
    RESIDENCE_PERMIT = "residence_permit"  # ВНЖ
    TEMPORARY_RESIDENCE = "temporary_residence"  # РВП
    MIGRATION_CARD = "migration_card"
    STAY_REGISTRATION = "stay_registration"  # уведомление о прибытии
    PATENT = "patent"
    SNILS = "snils"
    INN = "inn"


class VisitKind(enum.StrEnum):
    FIRST = "first"
    REPEAT = "repeat"


class VisitState(enum.StrEnum):
    OPENED = "opened"
    DOCUMENTS_CHECKED = "documents_checked"
    DATA_CORRECTED = "data_corrected"
    CONFIRMED = "confirmed"
    REPEAT_NEEDED = "repeat_needed"
    REFUSED = "refused"
    CANCELLED = "cancelled"


class RepeatReason(enum.StrEnum):
    MISSING_DOCUMENTS = "missing_documents"
    DATA_CORRECTION = "data_correction"
    STATUS_CERTIFICATE = "status_certificate"
    EXTRA_IDENTITY_CHECK = "extra_identity_check"
    NEW_CODE = "new_code"  # the code was lost or never arrived: a new one, in person


class CodeState(enum.StrEnum):
    ACTIVE = "active"
    REDEEMED = "redeemed"
    REVOKED = "revoked"
    EXPIRED = "expired"
    LOCKED = "locked"


class LetterState(enum.StrEnum):
    CREATED = "created"
    PRINTED = "printed"
    IN_TRANSIT = "in_transit"
    AT_OFFICE = "at_office"
    HANDED_OVER = "handed_over"
    RETURNED = "returned"


class ServicePoint(Base):
    """A service center (ЦО / МФЦ) or a Russian Post office."""

    __tablename__ = "service_point"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[PointKind] = mapped_column(_enum(PointKind))
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")
    postal_index: Mapped[str | None] = mapped_column(String(6), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    operators: Mapped[list[Operator]] = relationship(back_populates="service_point")


class Operator(Base):
    __tablename__ = "operator"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(_enum(Role))
    service_point_id: Mapped[int] = mapped_column(ForeignKey("service_point.id"))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    service_point: Mapped[ServicePoint] = relationship(back_populates="operators")

    __mapper_args__ = {"version_id_col": version}


class Applicant(Base):
    """The person, as their portal account describes them."""

    __tablename__ = "applicant"

    id: Mapped[int] = mapped_column(primary_key=True)
    surname_latin: Mapped[str] = mapped_column(String(100))
    given_names_latin: Mapped[str] = mapped_column(String(150))
    surname_cyrillic: Mapped[str] = mapped_column(String(100), default="")
    given_names_cyrillic: Mapped[str] = mapped_column(String(150), default="")
    patronymic_cyrillic: Mapped[str] = mapped_column(String(100), default="")
    birth_date: Mapped[dt.date] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(1))
    citizenship: Mapped[str] = mapped_column(String(3))  # ISO 3166-1 alpha-3
    snils: Mapped[str | None] = mapped_column(String(11))  # digits only
    inn: Mapped[str | None] = mapped_column(String(12))
    phone: Mapped[str | None] = mapped_column(String(16))  # E.164
    email: Mapped[str | None] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(400), default="")  # one line, for papers
    address_region: Mapped[str] = mapped_column(String(120), default="", server_default="")
    address_city: Mapped[str] = mapped_column(String(120), default="", server_default="")
    address_street: Mapped[str] = mapped_column(String(120), default="", server_default="")
    address_house: Mapped[str] = mapped_column(String(20), default="", server_default="")
    address_flat: Mapped[str] = mapped_column(String(20), default="", server_default="")
    postal_code: Mapped[str | None] = mapped_column(String(6))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Every name in both scripts, upper-case, Ё as Е, between spaces (" KARIMOV RUSTAM
    # КАРИМОВ РУСТАМ "): what the name search reads, through a trigram index (pg_trgm on
    # PostgreSQL, FTS5 on SQLite, migration 0010). Kept by the mapper events below.
    search_key: Mapped[str] = mapped_column(Text, default="", server_default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    applications: Mapped[list[Application]] = relationship(back_populates="applicant")
    documents: Mapped[list[IdentityDocument]] = relationship(
        back_populates="applicant", order_by="IdentityDocument.id"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_applicant_surname_latin", "surname_latin"),)


class Application(Base):
    """An application for a confirmed Gosuslugi account."""

    __tablename__ = "application"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicant.id"), index=True)
    # indexed: search results come newest first
    submitted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    confirmation_method: Mapped[ConfirmationMethod] = mapped_column(_enum(ConfirmationMethod))
    post_office_id: Mapped[int | None] = mapped_column(ForeignKey("service_point.id"))
    account_status: Mapped[AccountStatus] = mapped_column(
        _enum(AccountStatus), default=AccountStatus.PENDING
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    applicant: Mapped[Applicant] = relationship(back_populates="applications")
    post_office: Mapped[ServicePoint | None] = relationship()
    visits: Mapped[list[Visit]] = relationship(
        back_populates="application", order_by="Visit.opened_at"
    )

    __mapper_args__ = {"version_id_col": version}


class IdentityDocument(Base):
    """A document of the applicant: as entered online, or as checked at the desk."""

    __tablename__ = "identity_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicant.id"), index=True)
    kind: Mapped[DocumentKind] = mapped_column(_enum(DocumentKind))
    series: Mapped[str] = mapped_column(String(20), default="")
    number: Mapped[str] = mapped_column(String(40), index=True)  # the desk's passport search
    issue_date: Mapped[dt.date | None] = mapped_column(Date)
    expiry_date: Mapped[dt.date | None] = mapped_column(Date)
    issuing_authority: Mapped[str] = mapped_column(String(300), default="")
    country: Mapped[str | None] = mapped_column(String(3))
    surname_latin: Mapped[str] = mapped_column(String(100), default="")
    given_names_latin: Mapped[str] = mapped_column(String(150), default="")
    mrz: Mapped[str | None] = mapped_column(Text)
    checked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Why the clerk recorded the check although a rule finds the document unfit.
    override_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    applicant: Mapped[Applicant] = relationship(back_populates="documents")
    images: Mapped[list[DocumentImage]] = relationship(back_populates="document")

    __mapper_args__ = {"version_id_col": version}


class DocumentImage(Base):
    """A copy of a document: the bytes with their digest and measured quality."""

    __tablename__ = "document_image"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("identity_document.id"), index=True
    )
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer)
    format: Mapped[str] = mapped_column(String(8))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    dpi: Mapped[int | None] = mapped_column(Integer)
    sharpness: Mapped[float | None]
    glare: Mapped[float | None]
    source: Mapped[str] = mapped_column(String(16))  # webcam | scanner | file
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    captured_by: Mapped[int | None] = mapped_column(ForeignKey("operator.id"))
    captured_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    document: Mapped[IdentityDocument | None] = relationship(back_populates="images")


class Visit(Base):
    """One visit of the applicant to a desk, from the scan to the decision."""

    __tablename__ = "visit"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    service_point_id: Mapped[int] = mapped_column(ForeignKey("service_point.id"))
    operator_id: Mapped[int] = mapped_column(ForeignKey("operator.id"))
    kind: Mapped[VisitKind] = mapped_column(_enum(VisitKind))
    repeat_reason: Mapped[RepeatReason | None] = mapped_column(_enum(RepeatReason))
    free_of_charge: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[VisitState] = mapped_column(_enum(VisitState), default=VisitState.OPENED)
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    missing: Mapped[str] = mapped_column(Text, default="")  # one item a line
    decision_note: Mapped[str] = mapped_column(Text, default="")
    desk_label: Mapped[str] = mapped_column(String(64), default="", server_default="")
    # The applicant has no СНИЛС and the clerk noted it (DOMAIN.md: СНИЛС or a note of absence).
    no_snils: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    # Set while the visit is open, NULL once decided: a unique index then allows
    # at most one open visit per application, on every backend.
    open_application_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    application: Mapped[Application] = relationship(back_populates="visits")
    service_point: Mapped[ServicePoint] = relationship()
    operator: Mapped[Operator] = relationship()
    corrections: Mapped[list[DataCorrection]] = relationship(back_populates="visit")

    __mapper_args__ = {"version_id_col": version}


class DataCorrection(Base):
    """One changed field: old value, new value, reason, who and when."""

    __tablename__ = "data_correction"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit.id"), index=True)
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(64))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    operator_id: Mapped[int] = mapped_column(ForeignKey("operator.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    visit: Mapped[Visit | None] = relationship(back_populates="corrections")


class ConfirmationCode(Base):
    """An activation confirmation code, stored only as a keyed hash."""

    __tablename__ = "confirmation_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit.id"))
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    state: Mapped[CodeState] = mapped_column(_enum(CodeState), default=CodeState.ACTIVE)
    issued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("operator.id"))
    request_id: Mapped[str | None] = mapped_column(String(64), unique=True)  # idempotency
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    close_reason: Mapped[str] = mapped_column(Text, default="")
    # Which check character the code carries (services/codes.py): 1 = Luhn mod 24, codes
    # issued before migration 0008; 2 = the quasigroup check that catches every swap.
    check_scheme: Mapped[int] = mapped_column(Integer, default=2, server_default="1")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    # One code that works per application, whatever races the desks run: the schema itself
    # refuses a second active row (the enum is stored by value).
    __table_args__ = (
        Index("uq_confirmation_code_one_active", "application_id", unique=True,
              sqlite_where=text("state = 'active'"), postgresql_where=text("state = 'active'")),
    )


class PostBatch(Base):
    __tablename__ = "post_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    sender_point_id: Mapped[int] = mapped_column(ForeignKey("service_point.id"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("operator.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    letters: Mapped[list[PostLetter]] = relationship(back_populates="batch")


class PostLetter(Base):
    """A registered letter with a confirmation code, addressed to a post office."""

    __tablename__ = "post_letter"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("post_batch.id"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    code_id: Mapped[int] = mapped_column(ForeignKey("confirmation_code.id"))
    office_id: Mapped[int] = mapped_column(ForeignKey("service_point.id"), index=True)
    tracking_number: Mapped[str] = mapped_column(String(14), unique=True)
    state: Mapped[LetterState] = mapped_column(_enum(LetterState), default=LetterState.CREATED)
    state_changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    arrived_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    handed_over_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    handed_over_by: Mapped[int | None] = mapped_column(ForeignKey("operator.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    batch: Mapped[PostBatch] = relationship(back_populates="letters")

    __mapper_args__ = {"version_id_col": version}


class AuditChainHead(Base):
    """The newest event of one chain; writers of a chain serialize on this row."""

    __tablename__ = "audit_chain_head"

    chain: Mapped[str] = mapped_column(String(32), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class AuditEvent(Base):
    """Append-only, hash-chained; one chain per service point (plus ``system``)."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    chain: Mapped[str] = mapped_column(String(32))
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operator.id"))
    operator_login: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(32), default="")
    entity_id: Mapped[str] = mapped_column(String(64), default="")
    application_number: Mapped[str] = mapped_column(String(32), default="")
    details: Mapped[str] = mapped_column(Text, default="{}")  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        UniqueConstraint("chain", "seq"),
        Index("ix_audit_event_at", "at"),
        Index("ix_audit_event_application_number", "application_number"),
    )

    def detail_dict(self) -> dict[str, Any]:
        import json

        value = json.loads(self.details)
        return value if isinstance(value, dict) else {}


class InstallationKey(Base):
    """A fingerprint of each installation key, recorded by the first desk that opened the
    database: a desk holding other keys is stopped before it issues a code nobody could
    redeem (operator_app/keys.py). The keys themselves never enter the database."""

    __tablename__ = "installation_key"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


def name_search_key(*names: str | None) -> str:
    """The search key of a person's names (see ``Applicant.search_key``)."""
    words = " ".join(part.strip() for part in names if part and part.strip())
    return f" {words.upper().replace('Ё', 'Е')} " if words else ""


def _applicant_search_key(applicant: Applicant) -> str:
    return name_search_key(applicant.surname_latin, applicant.given_names_latin,
                           applicant.surname_cyrillic, applicant.given_names_cyrillic,
                           applicant.patronymic_cyrillic)


@event.listens_for(Applicant, "before_insert")
@event.listens_for(Applicant, "before_update")
def _keep_search_key(_mapper: Any, _connection: Any, applicant: Applicant) -> None:
    applicant.search_key = _applicant_search_key(applicant)
