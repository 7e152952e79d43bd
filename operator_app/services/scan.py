"""What happens when the desk reads a code: from scanned or typed text to an outcome.

Every scan gets exactly one outcome with one sentence for the clerk and one audit
event (``scan``) whatever the source — webcam, hand-held scanner, image file or the
typed number — so a supervisor can see forged codes and stray scans in the log.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from operator_app.messages import t
from operator_app.models import (
    AccountStatus,
    Applicant,
    Application,
    CodeState,
    ConfirmationCode,
    LetterState,
    Operator,
    PostLetter,
    ServicePoint,
    Visit,
    VisitState,
    utcnow,
)
from operator_app.services import audit
from operator_app.services.actor import Actor, Permission
from operator_app.services.application_numbers import format_number
from operator_app.services.applications import ApplicationRow, application_row
from operator_app.services.qr_payload import Payload, PayloadKind, parse_payload

# How long an unconfirmed application stays open on the portal. The portal's real period is
# not published; 90 days is this desk's assumption, kept in one place (docs/qr-format.md).
APPLICATION_VALID_DAYS = 90


class ScanSource(enum.StrEnum):
    CAMERA = "camera"
    SCANNER = "scanner"
    FILE = "file"
    TYPED = "typed"


class ScanStatus(enum.StrEnum):
    OPENED = "opened"
    FORGED = "forged"
    DAMAGED = "damaged"
    UNKNOWN = "unknown"
    ALREADY_CONFIRMED = "already_confirmed"
    CODE_ISSUED = "code_issued"  # identity confirmed, the code not yet entered on the portal
    EXPIRED = "expired"
    BLOCKED = "blocked"
    NOT_OURS = "not_ours"


# What the clerk may choose to do for an application the scan did not open by itself.
CERTIFICATE = "certificate"  # the status certificate
NEW_CODE = "new_code"  # revoke the code not yet redeemed, issue another
REPEAT_VISIT = "repeat_visit"  # a visit for a reason the clerk chooses


@dataclass(frozen=True)
class ScanOutcome:
    status: ScanStatus
    message: str
    number: str | None = None
    application: ApplicationRow | None = None
    # Offered on the card when the scan opened nothing: CERTIFICATE, NEW_CODE, REPEAT_VISIT.
    actions: frozenset[str] = frozenset()

    @property
    def opened(self) -> bool:
        return self.status is ScanStatus.OPENED


def _local(moment: dt.datetime) -> str:
    return moment.astimezone().strftime(t("%d.%m.%Y в %H:%M"))


def _confirmed_where(session: Session, application: Application) -> str:
    visit = session.execute(
        select(Visit, ServicePoint, Operator)
        .join(ServicePoint, Visit.service_point_id == ServicePoint.id)
        .join(Operator, Visit.operator_id == Operator.id)
        .where(Visit.application_id == application.id, Visit.state == VisitState.CONFIRMED)
        .order_by(Visit.decided_at.desc())
    ).first()
    if visit is not None:
        v, point, operator = visit
        when = _local(v.decided_at) if v.decided_at else ""
        return t(" {when}, {name}, оператор {full_name}",
                 when=when, name=point.name, full_name=operator.full_name).rstrip(", ")
    letter = session.execute(
        select(PostLetter, ServicePoint)
        .join(ServicePoint, PostLetter.office_id == ServicePoint.id)
        .where(PostLetter.application_id == application.id,
               PostLetter.state == LetterState.HANDED_OVER)
    ).first()
    if letter is not None:
        pl, office = letter
        when = _local(pl.handed_over_at) if pl.handed_over_at else ""
        return t(" письмом с кодом, вручено {when} в {name}", when=when, name=office.name)
    return ""


def _date(moment: dt.datetime) -> str:
    return moment.astimezone().strftime("%d.%m.%Y")


def _code_words(session: Session, application: Application, now: dt.datetime) -> str:
    """The latest code of an application confirmed at a desk, in words."""
    code = session.scalar(select(ConfirmationCode)
                          .where(ConfirmationCode.application_id == application.id)
                          .order_by(ConfirmationCode.issued_at.desc(),
                                    ConfirmationCode.id.desc()).limit(1))
    if code is None:
        return t("код не выдавался")
    if code.state is CodeState.ACTIVE and code.expires_at > now:
        return t("код выдан и ещё не введён на портале (действует до {date})",
                 date=_date(code.expires_at))
    if code.state in (CodeState.ACTIVE, CodeState.EXPIRED):
        why = t("срок истёк {date}", date=_date(code.expires_at))
    elif code.state is CodeState.LOCKED:
        why = t("заблокирован после неверных попыток")
    else:
        why = t("отозван")
    return t("код выдан, на портале не введён и больше не действует ({why}) — нужен новый",
             why=why)


def _classify(session: Session, payload: Payload, now: dt.datetime
              ) -> tuple[ScanStatus, str, Application | None]:
    if payload.kind is PayloadKind.FORGED:
        return (ScanStatus.FORGED,
                t("Код заявления поддельный или повреждён: подпись не сходится. Попросите "
                "заявителя показать заявление на портале или назвать номер."), None)
    if payload.kind in (PayloadKind.DAMAGED, PayloadKind.UNSUPPORTED):
        return (ScanStatus.DAMAGED,
                t("Код заявления не читается: {description}. Введите номер вручную.",
                  description=payload.description), None)
    if payload.kind is PayloadKind.FOREIGN:
        return (ScanStatus.NOT_OURS,
                t("Это не код заявления: {description}. Отсканируйте QR-код заявления.",
                  description=payload.description),
                None)
    assert payload.number is not None
    application = session.scalar(select(Application).where(Application.number == payload.number))
    shown = format_number(payload.number)
    if application is None:
        return (ScanStatus.UNKNOWN,
                t("Заявление {shown} не найдено. Проверьте номер; если он верен, заявление ещё не "
                  "поступило с портала — попросите заявителя подождать или обратиться позже.",
                  shown=shown), None)
    if application.account_status is AccountStatus.ACTIVE:
        where = _confirmed_where(session, application)
        return (ScanStatus.ALREADY_CONFIRMED,
                t("Заявление {shown} уже подтверждено{where}. Повторное подтверждение не нужно.",
                  shown=shown, where=where),
                application)
    if application.account_status is AccountStatus.BLOCKED:
        return (ScanStatus.BLOCKED,
                t("Учётная запись по заявлению {shown} заблокирована на портале. Подтверждение "
                  "невозможно: направьте заявителя в службу поддержки портала.", shown=shown),
                application)
    open_now = session.scalar(select(Visit.id).where(
        Visit.open_application_id == application.id))
    if open_now is None and session.scalar(select(Visit.id).where(
            Visit.application_id == application.id,
            Visit.state == VisitState.CONFIRMED).limit(1)) is not None:
        # Confirmed at a desk, the code not (yet) entered: nothing to open by itself.
        where = _confirmed_where(session, application)
        return (ScanStatus.CODE_ISSUED,
                t("Личность по заявлению {shown} уже подтверждена{where}; {code_words}. Визит не "
                  "открыт: выберите, что нужно заявителю.",
                  shown=shown, where=where, code_words=_code_words(session, application, now)),
                application)
    if application.submitted_at + dt.timedelta(days=APPLICATION_VALID_DAYS) < now:
        return (ScanStatus.EXPIRED,
                t("Срок заявления {shown} истёк (подано {local}, действует "
                  "{application_valid_days} дней). Заявителю нужно подать новое заявление на "
                  "портале.",
                  shown=shown, local=_local(application.submitted_at),
                  application_valid_days=APPLICATION_VALID_DAYS),
                application)
    letter_code = session.scalar(select(ConfirmationCode).where(
        ConfirmationCode.application_id == application.id,
        ConfirmationCode.state == CodeState.ACTIVE, ConfirmationCode.visit_id.is_(None),
        ConfirmationCode.expires_at > now))
    if letter_code is not None and open_now is None:
        return (ScanStatus.OPENED,
                t("Заявление {shown} открыто. По нему уже отправлено письмо с кодом (действует до "
                  "{date}): если подтвердить личность здесь, код из письма перестанет действовать.",
                  shown=shown, date=_date(letter_code.expires_at)), application)
    return ScanStatus.OPENED, t("Заявление {shown} открыто.", shown=shown), application



_ACTIONS = {
    ScanStatus.ALREADY_CONFIRMED: frozenset({CERTIFICATE, REPEAT_VISIT}),
    ScanStatus.CODE_ISSUED: frozenset({CERTIFICATE, NEW_CODE, REPEAT_VISIT}),
}


def resolve_scan(session: Session, actor: Actor, text: str, *, source: ScanSource,
                 key: bytes, code_format: str = "", now: dt.datetime | None = None
                 ) -> ScanOutcome:
    """Classify what was read, find the application, audit the scan. The caller commits."""
    actor.require(Permission.SERVE_DESK)
    payload = parse_payload(text, key)
    status, message, application = _classify(session, payload, now or utcnow())
    row = None
    if application is not None:  # the card shows whom the outcome is about, whatever it is
        applicant = session.get(Applicant, application.applicant_id)
        assert applicant is not None
        row = application_row(application, applicant)
    details: dict[str, object] = {"source": source.value, "status": status.value}
    if payload.number is not None:
        # A plain code with only the number proves nothing about where it came from.
        details["signed"] = payload.kind is PayloadKind.VALID
        if payload.kind is PayloadKind.NUMBER and source is not ScanSource.TYPED:
            message += t(" Код без подписи — в нём только номер заявления: сверьте данные "
                         "заявления с документами заявителя.")
    if code_format:
        details["format"] = code_format
    if payload.kind is PayloadKind.FOREIGN:
        details["looks_like"] = payload.category  # never the text: it may be someone's data
    audit.record(session, actor, "scan", entity="application",
                 entity_id=application.id if application is not None else "",
                 application_number=payload.number or "", details=details)
    return ScanOutcome(status, message, payload.number, row, _ACTIONS.get(status, frozenset()))


@dataclass(frozen=True)
class FoundCode:
    """One of several codes read at once (a file, a camera frame), as the clerk picks among
    them: ``title`` says whose application it is, or what else it is."""

    text: str
    code_format: str
    title: str
    usable: bool  # an application's code worth reading; a stray or unreadable one is not


def describe_codes(session: Session, actor: Actor, codes: list[tuple[str, str]], *,
                   key: bytes) -> list[FoundCode]:
    """``codes`` as (text, barcode format), each distinct text once, in the given order.

    Only a read, not audited and opening nothing: the one the clerk picks then goes
    through :func:`resolve_scan` like any scan.
    """
    actor.require(Permission.SERVE_DESK)
    found: list[FoundCode] = []
    seen: set[str] = set()
    for text, code_format in codes:
        if text in seen:
            continue
        seen.add(text)
        payload = parse_payload(text, key)
        if payload.kind is PayloadKind.FOREIGN:
            found.append(FoundCode(text, code_format,
                                   t("Не код заявления: {description}",
                                     description=payload.description), False))
            continue
        if payload.number is None:
            found.append(FoundCode(text, code_format, t("Код заявления не читается"), False))
            continue
        shown = t("Заявление {number}", number=format_number(payload.number))
        if payload.kind is PayloadKind.FORGED:
            found.append(FoundCode(text, code_format, t("{shown} — подпись кода не сходится",
                                                        shown=shown),
                                   True))
            continue
        row = session.execute(select(Application, Applicant)
                              .join(Applicant, Application.applicant_id == Applicant.id)
                              .where(Application.number == payload.number)).first()
        if row is None:
            found.append(FoundCode(text, code_format, t("{shown} — не найдено", shown=shown), True))
            continue
        person = application_row(*row)
        name = " · ".join(part for part in (person.cyrillic_name, person.display_name) if part)
        found.append(FoundCode(text, code_format, f"{shown} — {name}" if name else shown, True))
    return found
