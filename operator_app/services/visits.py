"""Visits: a small explicit state machine from the scan to the decision.

    opened ─► documents_checked ─► data_corrected ─┐
       │              │                             ├─► confirmed (code issued)
       │              └─────────────────────────────┼─► repeat_needed (what to bring)
       └────────────────────────────────────────────┼─► refused (reason required)
                                                    └─► cancelled

One open visit per application, on every backend: ``visit.open_application_id`` is
unique and set only while the visit is open. Another desk that tries to open the same
application is told where and since when it is being served; the same operator at the
same point resumes the visit (after a crash or the idle lock).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from operator_app.messages import Titles, t
from operator_app.models import (
    AccountStatus,
    Application,
    DataCorrection,
    Operator,
    RepeatReason,
    ServicePoint,
    Visit,
    VisitKind,
    VisitState,
    utcnow,
)
from operator_app.services import audit, codes
from operator_app.services.actor import Actor, Permission
from operator_app.services.application_numbers import format_number
from operator_app.services.errors import Conflict, NotFound, PermissionDenied, ValidationError

OPEN_STATES = frozenset({VisitState.OPENED, VisitState.DOCUMENTS_CHECKED,
                         VisitState.DATA_CORRECTED})
DECIDED_STATES = frozenset({VisitState.CONFIRMED, VisitState.REPEAT_NEEDED, VisitState.REFUSED,
                            VisitState.CANCELLED})

TRANSITIONS: dict[VisitState, frozenset[VisitState]] = {
    VisitState.OPENED: frozenset({VisitState.DOCUMENTS_CHECKED, VisitState.REPEAT_NEEDED,
                                  VisitState.REFUSED, VisitState.CANCELLED}),
    VisitState.DOCUMENTS_CHECKED: frozenset({VisitState.DATA_CORRECTED, VisitState.CONFIRMED,
                                             VisitState.REPEAT_NEEDED, VisitState.REFUSED,
                                             VisitState.CANCELLED}),
    VisitState.DATA_CORRECTED: frozenset({VisitState.CONFIRMED, VisitState.REPEAT_NEEDED,
                                          VisitState.REFUSED, VisitState.CANCELLED}),
}

STATE_TITLES = Titles({
    VisitState.OPENED: "открыт",
    VisitState.DOCUMENTS_CHECKED: "документы проверены",
    VisitState.DATA_CORRECTED: "данные исправлены",
    VisitState.CONFIRMED: "личность подтверждена",
    VisitState.REPEAT_NEEDED: "нужен повторный визит",
    VisitState.REFUSED: "отказ",
    VisitState.CANCELLED: "отменён",
})

REASON_TITLES = Titles({
    RepeatReason.MISSING_DOCUMENTS: "не хватает документов",
    RepeatReason.DATA_CORRECTION: "исправление данных",
    RepeatReason.STATUS_CERTIFICATE: "справка о статусе регистрации",
    RepeatReason.EXTRA_IDENTITY_CHECK: "дополнительное подтверждение личности",
    RepeatReason.NEW_CODE: "новый код взамен утерянного",
})


class VisitBusy(Conflict):
    """The application is being served at another desk right now (``visit_id``: that
    visit, which a supervisor of its point may release if its desk never came back)."""

    def __init__(self, message: str, *, visit_id: int | None = None) -> None:
        super().__init__(message)
        self.visit_id = visit_id


@dataclass(frozen=True)
class VisitInfo:
    id: int
    application_number: str
    kind: VisitKind
    state: VisitState
    opened_at: dt.datetime
    version: int
    resumed: bool = False
    repeat_reason: RepeatReason | None = None
    free_of_charge: bool = False


@dataclass(frozen=True)
class TimelineEntry:
    opened_at: dt.datetime
    decided_at: dt.datetime | None
    point_name: str
    operator_name: str
    kind: VisitKind
    state: VisitState
    repeat_reason: RepeatReason | None
    free_of_charge: bool
    missing: tuple[str, ...]
    corrections: tuple[str, ...]
    note: str

    @property
    def service_minutes(self) -> float | None:
        if self.decided_at is None:
            return None
        return (self.decided_at - self.opened_at).total_seconds() / 60


def _info(visit: Visit, number: str, *, resumed: bool = False) -> VisitInfo:
    return VisitInfo(visit.id, number, visit.kind, visit.state, visit.opened_at, visit.version,
                     resumed, visit.repeat_reason, visit.free_of_charge)


def _application(session: Session, number: str) -> Application:
    application = session.scalar(select(Application).where(Application.number == number))
    if application is None:
        raise NotFound(t("Заявление {number} не найдено.", number=format_number(number)))
    return application


def _busy_message(session: Session, visit: Visit) -> str:
    point = session.get(ServicePoint, visit.service_point_id)
    operator = session.get(Operator, visit.operator_id)
    where = visit.desk_label or (operator.full_name if operator else t("другой стол"))
    since = visit.opened_at.astimezone().strftime("%H:%M")
    place = f"{point.name}, " if point is not None else ""
    return t("Заявление уже обслуживается: {place}{where}, с {since}. Второй визит открыть "
             "нельзя.", place=place, where=where, since=since)


def open_visit(session: Session, actor: Actor, number: str, *, desk_label: str = "",
               repeat_reason: RepeatReason | None = None,
               now: dt.datetime | None = None) -> VisitInfo:
    """Open the visit for an application, or resume this operator's open one.

    ``repeat_reason`` is the reason the clerk chose when opening a repeat visit themselves
    (e.g. for an applicant whose identity was already confirmed); it is recorded with the
    opening, never guessed."""
    actor.require(Permission.SERVE_DESK)
    assert actor.operator_id is not None
    assert actor.point_id is not None
    application = _application(session, number)
    current = session.scalar(select(Visit).where(Visit.open_application_id == application.id))
    if current is not None:
        if current.operator_id == actor.operator_id and current.service_point_id == actor.point_id:
            return _info(current, number, resumed=True)
        raise VisitBusy(_busy_message(session, current), visit_id=current.id)
    earlier = session.scalar(select(Visit.id).where(Visit.application_id == application.id)
                             .limit(1))
    visit = Visit(application_id=application.id, service_point_id=actor.point_id,
                  operator_id=actor.operator_id,
                  kind=VisitKind.REPEAT if earlier is not None else VisitKind.FIRST,
                  state=VisitState.OPENED, opened_at=now or utcnow(),
                  open_application_id=application.id, desk_label=desk_label[:64])
    if repeat_reason is not None and visit.kind is VisitKind.REPEAT:
        visit.repeat_reason = repeat_reason
    try:
        with session.begin_nested():
            session.add(visit)
            session.flush()
    except IntegrityError:
        if visit in session:
            session.expunge(visit)
        # Another desk opened it between our check and our insert — or another window
        # of this same clerk, whose visit this one resumes, as it would a moment later.
        current = session.scalar(select(Visit)
                                 .where(Visit.open_application_id == application.id))
        if (current is not None and current.operator_id == actor.operator_id
                and current.service_point_id == actor.point_id):
            return _info(current, number, resumed=True)
        raise VisitBusy(_busy_message(session, current) if current is not None else
                        t("Заявление уже обслуживается за другим столом."),
                        visit_id=current.id if current is not None else None) from None
    details = {"kind": visit.kind.value}
    if visit.repeat_reason is not None:
        details["reason"] = visit.repeat_reason.value
    audit.record(session, actor, "visit_opened", entity="visit", entity_id=visit.id,
                 application_number=number, details=details)
    return _info(visit, number)


def _visit_for_update(session: Session, actor: Actor, visit_id: int, version: int) -> Visit:
    visit = session.get(Visit, visit_id, with_for_update=True)
    if visit is None:
        raise NotFound(t("Визит не найден."))
    if visit.version != version:
        raise Conflict(t("Визит изменён за другим столом. Откройте заявление заново."))
    if visit.operator_id != actor.operator_id:
        raise Conflict(t("Этот визит ведёт другой оператор."))
    return visit


def own_open_visit(session: Session, actor: Actor, visit_id: int, *, lock: bool = False) -> Visit:
    """The visit, if it is open and this operator's, at this operator's point: documents,
    copies, corrections and notes of a visit are made by the clerk serving it, nobody else."""
    if lock:  # read afresh under the row lock: a release meanwhile is seen, not overwritten
        visit = session.scalar(select(Visit).where(Visit.id == visit_id).with_for_update()
                               .execution_options(populate_existing=True))
    else:
        visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFound(t("Визит не найден."))
    if visit.operator_id != actor.operator_id or visit.service_point_id != actor.point_id:
        raise Conflict(t("Этот визит ведёт другой оператор: вносить в него может только он."))
    if visit.state not in OPEN_STATES:
        raise ValidationError(t("Визит уже завершён: документы не меняются."), field="visit")
    return visit


def _move(visit: Visit, target: VisitState) -> None:
    allowed = TRANSITIONS.get(visit.state, frozenset())
    if target not in allowed:
        raise ValidationError(
            t("Нельзя перейти от «{state}» к «{target}».",
              state=STATE_TITLES[visit.state], target=STATE_TITLES[target]),
            field="state")
    visit.state = target


def set_repeat_reason(session: Session, actor: Actor, visit_id: int, version: int,
                      reason: RepeatReason, *, free_of_charge: bool) -> VisitInfo:
    """The reason of a repeat visit; free of charge when it only fixes an earlier error."""
    actor.require(Permission.SERVE_DESK)
    visit = _visit_for_update(session, actor, visit_id, version)
    if visit.kind is not VisitKind.REPEAT:
        raise ValidationError(t("Причина указывается только для повторного визита."),
                              field="repeat_reason")
    visit.repeat_reason = reason
    visit.free_of_charge = free_of_charge
    number = session.get(Application, visit.application_id).number  # type: ignore[union-attr]
    audit.record(session, actor, "visit_repeat_reason", entity="visit", entity_id=visit.id,
                 application_number=number,
                 details={"reason": reason.value, "free_of_charge": free_of_charge})
    session.flush()
    return _info(visit, number)


def advance(session: Session, actor: Actor, visit_id: int, version: int,
            target: VisitState) -> VisitInfo:
    """documents checked / data corrected."""
    actor.require(Permission.SERVE_DESK)
    if target not in (VisitState.DOCUMENTS_CHECKED, VisitState.DATA_CORRECTED):
        raise ValueError("use decide() for a decision")
    visit = _visit_for_update(session, actor, visit_id, version)
    if target is VisitState.DOCUMENTS_CHECKED:
        from operator_app.services.documents import require_ready

        require_ready(session, visit.id)
    _move(visit, target)
    number = session.get(Application, visit.application_id).number  # type: ignore[union-attr]
    audit.record(session, actor, "visit_" + target.value, entity="visit", entity_id=visit.id,
                 application_number=number)
    session.flush()
    return _info(visit, number)


@dataclass(frozen=True)
class Decision:
    visit: VisitInfo
    code: codes.IssuedCode | None = None


def decide(session: Session, actor: Actor, visit_id: int, version: int, outcome: VisitState, *,
           missing: tuple[str, ...] = (), note: str = "", code_key: bytes | None = None,
           repeat_reason: RepeatReason | None = None,
           request_id: str = "", code_ttl: dt.timedelta = codes.DEFAULT_TTL,
           now: dt.datetime | None = None) -> Decision:
    """End the visit. Confirming issues the code in the same transaction (idempotent by
    ``request_id``: a double click gets the first decision back, not a second code)."""
    actor.require(Permission.SERVE_DESK)
    if outcome not in DECIDED_STATES:
        raise ValueError("not a decision")
    if request_id:
        earlier = session.scalar(select(codes.ConfirmationCode)
                                 .where(codes.ConfirmationCode.request_id == request_id))
        if earlier is not None and earlier.visit_id == visit_id:
            visit = session.get(Visit, visit_id)
            assert visit is not None
            number = session.get(Application, visit.application_id).number  # type: ignore[union-attr]
            return Decision(_info(visit, number),
                            codes.IssuedCode(earlier.id, None, earlier.expires_at, True))
    visit = _visit_for_update(session, actor, visit_id, version)
    # Locked before the code is issued: application, then confirmation_code, as everywhere.
    application = codes.lock_application(session, visit.application_id)
    items = tuple(item.strip() for item in missing if item.strip())
    if outcome is VisitState.REPEAT_NEEDED and not items:
        raise ValidationError(t("Перечислите, что заявителю нужно принести."), field="missing")
    if outcome is VisitState.REFUSED and not note.strip():
        raise ValidationError(t("Укажите причину отказа."), field="note")
    if outcome is VisitState.CONFIRMED:
        from operator_app.services.documents import require_ready

        require_ready(session, visit.id)  # the originals may have changed since "checked"
    _move(visit, outcome)
    now = now or utcnow()
    visit.decided_at = now
    visit.open_application_id = None
    visit.missing = "\n".join(items)
    visit.decision_note = note.strip()
    if outcome is VisitState.REPEAT_NEEDED and repeat_reason is not None:
        visit.repeat_reason = repeat_reason  # why the next visit is needed: printed, and shown
    issued = None
    if outcome is VisitState.CONFIRMED:
        if code_key is None or not request_id:
            raise ValueError("confirming needs the code key and a request id")
        issued = codes.issue_code(session, actor, application, key=code_key,
                                  request_id=request_id, visit_id=visit.id, ttl=code_ttl, now=now)
    audit.record(session, actor, "visit_decided", entity="visit", entity_id=visit.id,
                 application_number=application.number,
                 details={"outcome": outcome.value, "missing": list(items),
                          "note": visit.decision_note,
                          "service_seconds": round((now - visit.opened_at).total_seconds())})
    session.flush()
    return Decision(_info(visit, application.number), issued)


def _close(visit: Visit, state: VisitState, *, now: dt.datetime, note: str) -> None:
    """End an open visit outside the clerk's decision (a release, a new code): the
    application can be opened again."""
    visit.state = state
    visit.decided_at = now
    visit.open_application_id = None
    visit.decision_note = note


def release_visit(session: Session, actor: Actor, visit_id: int, reason: str, *,
                  now: dt.datetime | None = None) -> VisitInfo:
    """A visit left open by a desk that never came back blocks its application: a
    supervisor of the visit's point (or an administrator) closes it as cancelled, with a
    reason, audited; the application can then be opened again."""
    actor.require(Permission.REVIEW_LOG)
    if not reason.strip():
        raise ValidationError(t("Укажите, почему визит закрывается."), field="reason")
    visit = session.get(Visit, visit_id, with_for_update=True)
    if visit is None:
        raise NotFound(t("Визит не найден."))
    if visit.service_point_id != actor.point_id and not actor.can(Permission.MANAGE_ALL_POINTS):
        raise PermissionDenied(t("Визит другой точки закрывает её руководитель или "
                               "администратор."))
    if visit.state not in OPEN_STATES:
        raise ValidationError(t("Визит уже завершён."), field="visit")
    application = session.get(Application, visit.application_id)
    assert application is not None
    clerk = session.get(Operator, visit.operator_id)
    now = now or utcnow()
    _close(visit, VisitState.CANCELLED, now=now, note=f"Закрыт руководителем: {reason.strip()}")
    audit.record(session, actor, "visit_released", entity="visit", entity_id=visit.id,
                 application_number=application.number,
                 details={"reason": reason.strip(), "clerk": clerk.login if clerk else "",
                          "open_minutes": round((now - visit.opened_at).total_seconds() / 60)})
    session.flush()
    return _info(visit, application.number)


REISSUE_WINDOW = dt.timedelta(hours=1)


def reissue_code(session: Session, actor: Actor, number: str, *, visit_id: int, code_key: bytes,
                 request_id: str, reason: str, code_ttl: dt.timedelta = codes.DEFAULT_TTL,
                 now: dt.datetime | None = None) -> codes.IssuedCode:
    """Lost or mistyped code: the old one dies, a new one is issued (never the old shown).

    Only in person, at a visit of this clerk's point: the applicant's open visit (which the
    new code then closes as confirmed, the reason as its note), or the visit this clerk
    confirmed within the last hour (the slip was misprinted, the applicant still here).
    Never once the code was entered on the portal."""
    actor.require(Permission.SERVE_DESK)
    if not reason.strip():
        raise ValidationError(t("Укажите, почему нужен новый код."), field="reason")
    now = now or utcnow()
    application_id = _application(session, number).id
    # Locked in the order every writer uses: visit, application, codes.
    visit = session.get(Visit, visit_id, with_for_update=True)
    if visit is None or visit.application_id != application_id:
        raise NotFound(t("Визит этого заявления не найден."))
    if visit.service_point_id != actor.point_id or visit.operator_id != actor.operator_id:
        raise Conflict(t("Новый код выдаёт оператор, который ведёт визит заявителя, в своей "
                       "точке."))
    recent = (visit.state is VisitState.CONFIRMED and visit.decided_at is not None
              and now - visit.decided_at <= REISSUE_WINDOW)
    if visit.state not in OPEN_STATES and not recent:
        raise ValidationError(t("Новый код выдаётся только на визите: откройте визит заявителя "
                              "и сверьте его паспорт."), field="code")
    application = codes.lock_application(session, application_id)
    confirmed = session.scalar(select(Visit.id).where(Visit.application_id == application.id,
                                                      Visit.state == VisitState.CONFIRMED))
    if confirmed is None:
        raise ValidationError(t("Личность по этому заявлению ещё не подтверждена: код выдаётся "
                              "при подтверждении."), field="code")
    if application.account_status is AccountStatus.ACTIVE:
        raise ValidationError(t("Код уже введён на портале и учётная запись активна: новый код "
                              "не нужен."), field="code")
    issued = codes.issue_code(session, actor, application, key=code_key, request_id=request_id,
                              visit_id=visit.id, ttl=code_ttl, reason=reason.strip(), now=now)
    if visit.state in OPEN_STATES:
        _close(visit, VisitState.CONFIRMED, now=now, note=f"Выдан новый код: {reason.strip()}")
        audit.record(session, actor, "visit_decided", entity="visit", entity_id=visit.id,
                     application_number=application.number,
                     details={"outcome": VisitState.CONFIRMED.value, "missing": [],
                              "note": visit.decision_note,
                              "service_seconds": round((now - visit.opened_at)
                                                       .total_seconds())})
    session.flush()
    return issued


def last_confirmed_visit(session: Session, number: str) -> int | None:
    """The id of the application's latest confirmed visit (its papers name the clerk)."""
    application = _application(session, number)
    return session.scalar(select(Visit.id).where(Visit.application_id == application.id,
                                                 Visit.state == VisitState.CONFIRMED)
                          .order_by(Visit.decided_at.desc()).limit(1))


def timeline(session: Session, actor: Actor, number: str) -> list[TimelineEntry]:
    """Every visit of the application, oldest first, with what was missing and corrected."""
    actor.require_any(Permission.SERVE_DESK, Permission.REVIEW_LOG)
    application = _application(session, number)
    rows = session.execute(
        select(Visit, ServicePoint, Operator)
        .join(ServicePoint, Visit.service_point_id == ServicePoint.id)
        .join(Operator, Visit.operator_id == Operator.id)
        .where(Visit.application_id == application.id)
        .order_by(Visit.opened_at)
    ).all()
    from operator_app.services.corrections import FIELDS  # corrections imports visits

    corrections: dict[int, list[str]] = {}
    for c in session.scalars(select(DataCorrection)
                             .where(DataCorrection.application_id == application.id)
                             .order_by(DataCorrection.id)):
        if c.visit_id is not None:
            # The field as the correction form names it, never the stored key.
            title = t(FIELDS[c.field][0]) if c.field in FIELDS else c.field.replace("_", " ")
            corrections.setdefault(c.visit_id, []).append(
                f"{title}: «{c.old_value or ''}» → «{c.new_value or ''}»")
    return [
        TimelineEntry(v.opened_at, v.decided_at, point.name, operator.full_name, v.kind, v.state,
                      v.repeat_reason, v.free_of_charge,
                      tuple(line for line in v.missing.splitlines() if line),
                      tuple(corrections.get(v.id, ())), v.decision_note)
        for v, point, operator in rows
    ]


@dataclass(frozen=True)
class VisitPaper:
    """What the printed papers of a visit need, read in one go."""

    application_number: str
    name_cyrillic: str
    name_latin: str
    point_name: str
    point_address: str
    operator_name: str
    opened_at: dt.datetime
    decided_at: dt.datetime | None
    missing: tuple[str, ...]
    repeat_reason: RepeatReason | None
    free_of_charge: bool


def paper(session: Session, visit_id: int) -> VisitPaper:
    from operator_app.models import Applicant

    row = session.execute(
        select(Visit, Application, Applicant, ServicePoint, Operator)
        .join(Application, Visit.application_id == Application.id)
        .join(Applicant, Application.applicant_id == Applicant.id)
        .join(ServicePoint, Visit.service_point_id == ServicePoint.id)
        .join(Operator, Visit.operator_id == Operator.id)
        .where(Visit.id == visit_id)
    ).one_or_none()
    if row is None:
        raise NotFound(t("Визит не найден."))
    visit, application, person, point, operator = row
    cyrillic = " ".join(p for p in (person.surname_cyrillic, person.given_names_cyrillic,
                                    person.patronymic_cyrillic) if p)
    return VisitPaper(format_number(application.number), cyrillic,
                      f"{person.surname_latin} {person.given_names_latin}".strip(), point.name,
                      point.address, operator.full_name, visit.opened_at, visit.decided_at,
                      tuple(line for line in visit.missing.splitlines() if line),
                      visit.repeat_reason, visit.free_of_charge)


@dataclass(frozen=True)
class CertificateData:
    name_cyrillic: str
    name_latin: str
    birth_date: dt.date
    citizenship: str
    application_number: str
    account_status: str
    submitted_at: dt.datetime
    visits: tuple[TimelineEntry, ...]


def certificate(session: Session, actor: Actor, number: str) -> CertificateData:
    """What the status certificate (справка о статусе регистрации) states; the issue is audited."""
    from operator_app.models import Applicant

    actor.require(Permission.SERVE_DESK)
    application = _application(session, number)
    person = session.get(Applicant, application.applicant_id)
    assert person is not None
    entries = tuple(timeline(session, actor, number))
    audit.record(session, actor, "status_certificate_issued", entity="application",
                 entity_id=application.id, application_number=application.number)
    cyrillic = " ".join(p for p in (person.surname_cyrillic, person.given_names_cyrillic,
                                    person.patronymic_cyrillic) if p)
    return CertificateData(cyrillic, f"{person.surname_latin} {person.given_names_latin}",
                           person.birth_date, person.citizenship,
                           format_number(application.number), application.account_status.value,
                           application.submitted_at, entries)


def visit_info(session: Session, visit_id: int) -> VisitInfo:
    """The visit as it is now (its version changes when the checklist notes something)."""
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFound(t("Визит не найден."))
    application = session.get(Application, visit.application_id)
    assert application is not None
    return _info(visit, application.number)
