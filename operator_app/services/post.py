"""Russian Post letters with confirmation codes: batches, tracking numbers, the counter.

    created ─► printed ─► in_transit ─► at_office ─┬─► handed_over
                                                   └─► returned (storage over; code revoked)

**Tracking numbers** (DOMAIN.md): sending office index (6) + month (2) + serial (5) +
check digit. The batch is produced by the actor's service point, and its postal index
numbers the letters. A service center has no postal index, nor has the command line a
point at all; the destination office's index then stands in, as if that office had
accepted the letters — postal indexes are unique among service points, so numbers stay
unique either way. Serials count up per (index, month). Two producers drawing on one
index serialize on the row of the point that owns it (``FOR NO KEY UPDATE`` on
PostgreSQL, which foreign-key checks do not wait on; SQLite writers are serialized
already by ``BEGIN IMMEDIATE``); the unique constraint on ``tracking_number`` stays the
last guard. The destination office's row is locked the same way, so two batches for one
office never pick the same application.

**Codes** are issued per letter by :func:`codes.issue_code` (keyed hash only, one-time,
expiring). The clear code exists only in the returned :class:`Batch`, to print: write the
PDF before the transaction commits, so a failed print leaves no letter whose code nobody
has. A letter cannot be reprinted — a lost printout means revoking the code.

**The counter** hands a letter over only at its own office, only while it is at the
office, and only when the typed passport number matches the addressee's passport. Every
refusal is a :class:`LetterRefused` carrying a :class:`RefusalReason` and a sentence the
clerk can act on.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, func, not_, or_, select
from sqlalchemy.orm import Session

from operator_app.messages import t
from operator_app.models import (
    AccountStatus,
    Applicant,
    Application,
    CodeState,
    ConfirmationCode,
    ConfirmationMethod,
    DocumentKind,
    IdentityDocument,
    LetterState,
    Operator,
    PointKind,
    PostBatch,
    PostLetter,
    ServicePoint,
    Visit,
    VisitState,
    utcnow,
)
from operator_app.services import audit, codes
from operator_app.services.actor import Actor, Permission
from operator_app.services.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    ServiceError,
    ValidationError,
)
from operator_app.services.identifiers import (
    ascii_digits,
    is_ascii_digits,
    rpo_check_digit,
    strip_separators,
)
from operator_app.services.journal import day_bounds
from operator_app.services.letters import (
    STATE_TITLES,
    STORAGE_DAYS,
    LetterRow,
    cyrillic_name,
    latin_name,
    normalize_passport,
    rows_for,
)
from operator_app.services.scan import APPLICATION_VALID_DAYS

# The code must outlive the journey (up to two weeks) and the storage period (30 days),
# and leave the applicant time to type it after collecting the letter.
LETTER_CODE_TTL = dt.timedelta(days=60)
TRACKING_LENGTH = 14
MAX_SERIAL = 99_999

TRANSITIONS: dict[LetterState, frozenset[LetterState]] = {
    LetterState.CREATED: frozenset({LetterState.PRINTED}),
    LetterState.PRINTED: frozenset({LetterState.IN_TRANSIT}),
    LetterState.IN_TRANSIT: frozenset({LetterState.AT_OFFICE}),
    LetterState.AT_OFFICE: frozenset({LetterState.HANDED_OVER, LetterState.RETURNED}),
}
# A letter in one of these still carries (or will carry) a usable code to the applicant.
LIVE_STATES = frozenset({LetterState.CREATED, LetterState.PRINTED, LetterState.IN_TRANSIT,
                         LetterState.AT_OFFICE})

_ACTIONS: dict[LetterState, str] = {
    LetterState.PRINTED: "letter_printed",
    LetterState.IN_TRANSIT: "letter_in_transit",
    LetterState.AT_OFFICE: "letter_arrived",
    LetterState.HANDED_OVER: "letter_handed_over",
    LetterState.RETURNED: "letter_returned",
}

RETURN_REASON = "письмо не получено: истёк срок хранения, возвращено отправителю"


class RefusalReason(enum.StrEnum):
    UNKNOWN = "unknown"
    OTHER_OFFICE = "other_office"
    NOT_ARRIVED = "not_arrived"
    ALREADY_HANDED_OVER = "already_handed_over"
    RETURNED = "returned"
    NO_PASSPORT = "no_passport"
    PASSPORT_MISMATCH = "passport_mismatch"
    CODE_INACTIVE = "code_inactive"
    WRONG_STATE = "wrong_state"


class LetterRefused(ServiceError):
    """A letter action refused; ``reason`` tells the counter view which case it was."""

    def __init__(self, message: str, reason: RefusalReason, *, field: str | None = None
                 ) -> None:
        super().__init__(message, field=field)
        self.reason = reason


# -- tracking numbers ---------------------------------------------------------------------


def make_tracking_number(index: str, month: int, serial: int) -> str:
    """``index`` (6 digits) + month (01–12) + serial (5 digits) + the check digit."""
    if len(index) != 6 or not is_ascii_digits(index):
        raise ValueError("a postal index is 6 digits")
    if not 1 <= month <= 12 or not 0 <= serial <= MAX_SERIAL:
        raise ValueError("month 1–12, serial 0–99999")
    body = f"{index}{month:02d}{serial:05d}"
    return body + rpo_check_digit(body)


def parse_tracking_number(text: str) -> str:
    """The 14 digits of a typed or scanned domestic number, or :class:`ValidationError`."""
    number = strip_separators(text)
    if len(number) != TRACKING_LENGTH or not is_ascii_digits(number):
        raise ValidationError(t("Номер отправления — {tracking_length} цифр, введено «{strip}».",
                                tracking_length=TRACKING_LENGTH, strip=text.strip()),
                              field="tracking_number")
    if rpo_check_digit(number[:-1]) != number[-1]:
        raise ValidationError(t("В номере отправления опечатка: контрольная цифра не сходится."),
                              field="tracking_number")
    return number


def _local_month(moment: dt.datetime) -> int:
    return moment.astimezone().month


def _next_tracking_numbers(session: Session, index: str, now: dt.datetime, count: int
                           ) -> list[str]:
    """``count`` fresh numbers for (index, month); the caller holds the index owner's lock."""
    month = _local_month(now)
    prefix = f"{index}{month:02d}"
    last = session.scalar(select(func.max(PostLetter.tracking_number)).where(
        PostLetter.tracking_number.between(prefix + "0" * 6, prefix + "9" * 6)))
    first = int(last[8:13]) + 1 if last else 1
    if first + count - 1 > MAX_SERIAL:
        raise Conflict(t("Номера отправлений индекса {index} на месяц {month:02d} исчерпаны "
                         "(свободно {free}, нужно {count}).",
                         index=index, month=month, free=max(0, MAX_SERIAL - first + 1),
                         count=count))
    return [make_tracking_number(index, month, serial) for serial in range(first, first + count)]


# -- batches ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProducedLetter:
    """One letter of a new batch, with everything its page prints.

    ``code`` is the clear confirmation code: it lives only here, in memory, for printing
    (the database keeps its keyed hash); it is kept out of ``repr`` so a log line cannot
    leak it.
    """

    letter_id: int
    tracking_number: str
    code: str = field(repr=False)
    expires_at: dt.datetime
    application_number: str
    addressee_latin: str
    addressee_cyrillic: str
    addressee_address: str  # "postal code, address" as the applicant gave it; may be ""
    office_code: str
    office_index: str
    office_name: str
    office_address: str


@dataclass(frozen=True)
class Batch:
    """A produced batch; ``id`` is None (and nothing was written) when no application
    was waiting for a letter."""

    id: int | None
    created_at: dt.datetime
    sender_code: str
    sender_name: str
    sender_index: str  # the index that numbers the letters
    office_code: str
    office_index: str
    office_name: str
    letters: tuple[ProducedLetter, ...]


def find_office(session: Session, office: int | str) -> ServicePoint:
    """A post office by id, postal index (6 digits) or point code."""
    if isinstance(office, int):
        point = session.get(ServicePoint, office)
    else:
        text = ascii_digits(office.strip())
        column = ServicePoint.postal_index if is_ascii_digits(text) else ServicePoint.code
        point = session.scalar(select(ServicePoint).where(column == text.upper()))
    if point is None or point.kind is not PointKind.POST_OFFICE:
        raise NotFound(t("Почтовое отделение «{office}» не найдено.", office=office))
    return point


def _lock_points(session: Session, ids: Iterable[int]) -> None:
    # In id order, so two producers locking overlapping pairs cannot deadlock.
    session.execute(select(ServicePoint.id).where(ServicePoint.id.in_(sorted(set(ids))))
                    .order_by(ServicePoint.id).with_for_update(key_share=True)).all()


def waiting_applications(session: Session, office_id: int, *, now: dt.datetime,
                         limit: int | None = None) -> list[Application]:
    """Applications that should get a letter at this office now.

    Confirmation by post, addressed here, account still pending, application submitted by
    ``now`` and not expired on the portal, no letter on its way or waiting, no usable code
    already (a desk code or a letter's, handed over or not), and no confirmed visit.
    """
    # A letter under way counts only while its code still works: a letter whose code a
    # supervisor revoked (issued to the wrong person) must not block a new one.
    live_letter = (select(PostLetter.id)
                   .join(ConfirmationCode, ConfirmationCode.id == PostLetter.code_id)
                   .where(PostLetter.application_id == Application.id,
                          PostLetter.state.in_(LIVE_STATES),
                          ConfirmationCode.state == CodeState.ACTIVE))
    active_code = select(ConfirmationCode.id).where(
        ConfirmationCode.application_id == Application.id,
        ConfirmationCode.state == CodeState.ACTIVE, ConfirmationCode.expires_at > now)
    confirmed = select(Visit.id).where(Visit.application_id == Application.id,
                                       Visit.state == VisitState.CONFIRMED)
    stmt = (
        select(Application)
        .where(Application.confirmation_method == ConfirmationMethod.POST,
               Application.post_office_id == office_id,
               Application.account_status == AccountStatus.PENDING,
               Application.submitted_at <= now,
               Application.submitted_at >= now - dt.timedelta(days=APPLICATION_VALID_DAYS),
               ~live_letter.exists(), ~active_code.exists(), ~confirmed.exists())
        .order_by(Application.number)
        .limit(limit)
    )
    return list(session.scalars(stmt))


def _address(person: Applicant) -> str:
    return ", ".join(part for part in (person.postal_code or "", person.address) if part)


def region_of(point_code: str) -> str:
    """The region a point belongs to: its code's first part (MSK-CO-1, MSK-PO-101000)."""
    return point_code.split("-", 1)[0].upper()


def create_batch(session: Session, actor: Actor, office: int | str, *, key: bytes,
                 now: dt.datetime | None = None, ttl: dt.timedelta = LETTER_CODE_TTL,
                 limit: int | None = None) -> Batch:
    """Produce the letters for every application waiting at ``office`` (id, index or code).

    Issues a code and a tracking number per letter and audits each letter and the batch.
    The returned letters carry the clear codes: print them before committing.
    """
    actor.require(Permission.PRODUCE_LETTERS)
    now = now or utcnow()
    destination = find_office(session, office)
    if not actor.can(Permission.MANAGE_ALL_POINTS) and region_of(destination.code) != region_of(
            actor.point_code):
        raise PermissionDenied(t("Письма для «{name}» готовит руководитель её региона или "
                                 "администратор.", name=destination.name))
    sender = (session.get(ServicePoint, actor.point_id) if actor.point_id is not None
              else None) or destination
    numbering = sender if sender.postal_index else destination
    if not numbering.postal_index:
        raise ValidationError(t("У отделения «{name}» не указан почтовый индекс: номера "
                                "отправлений составить нельзя.", name=destination.name),
                              field="office")
    index = numbering.postal_index
    _lock_points(session, (destination.id, numbering.id))
    applications = waiting_applications(session, destination.id, now=now, limit=limit)

    def batch(batch_id: int | None, letters: Sequence[ProducedLetter]) -> Batch:
        return Batch(batch_id, now, sender.code, sender.name, index, destination.code,
                     destination.postal_index or "", destination.name, tuple(letters))

    if not applications:
        return batch(None, ())
    row = PostBatch(sender_point_id=sender.id, created_by=actor.operator_id, created_at=now)
    session.add(row)
    session.flush()
    numbers = _next_tracking_numbers(session, index, now, len(applications))
    produced = [_produce(session, actor, row, application, destination, number,
                         key=key, now=now, ttl=ttl)
                for application, number in zip(applications, numbers, strict=True)]
    audit.record(session, actor, "post_batch_created", entity="post_batch", entity_id=row.id,
                 details={"office": destination.code, "sender": sender.code, "index": index,
                          "letters": len(produced), "first": numbers[0], "last": numbers[-1]})
    return batch(row.id, produced)


def _produce(session: Session, actor: Actor, batch: PostBatch, application: Application,
             office: ServicePoint, number: str, *, key: bytes, now: dt.datetime,
             ttl: dt.timedelta) -> ProducedLetter:
    issued = codes.issue_code(session, actor, application, key=key,
                              request_id=f"post-letter:{batch.id}:{application.id}", ttl=ttl,
                              now=now, reason="выдан код в письме")
    assert issued.code is not None  # a fresh request id: never a repeated request
    letter = PostLetter(batch_id=batch.id, application_id=application.id,
                        code_id=issued.code_id, office_id=office.id, tracking_number=number,
                        state=LetterState.CREATED, state_changed_at=now)
    session.add(letter)
    session.flush()
    audit.record(session, actor, "letter_created", entity="post_letter", entity_id=letter.id,
                 application_number=application.number,
                 details={"tracking_number": number, "batch_id": batch.id,
                          "office": office.code, "code_id": issued.code_id})
    person = application.applicant
    return ProducedLetter(
        letter.id, number, issued.code, issued.expires_at, application.number,
        latin_name(person), cyrillic_name(person), _address(person), office.code,
        office.postal_index or "", office.name, office.address)


# -- state changes ------------------------------------------------------------------------


def _local(moment: dt.datetime) -> str:
    return moment.astimezone().strftime(t("%d.%m.%Y в %H:%M"))


def _load(session: Session, tracking_number: str, *, lock: bool = True) -> PostLetter:
    """The letter of a typed or scanned number, locked for a state change by default."""
    number = parse_tracking_number(tracking_number)
    stmt = select(PostLetter).where(PostLetter.tracking_number == number)
    if lock:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    letter = session.scalar(stmt)
    if letter is None:
        raise LetterRefused(t("Отправление {number} не найдено: такого письма с кодом не "
                              "выпускали. Проверьте номер.", number=number), RefusalReason.UNKNOWN)
    return letter


def _office_name(session: Session, office_id: int) -> str:
    office = session.get(ServicePoint, office_id)
    return office.name if office is not None else t("отделение № {id}", id=office_id)


def _require_office(session: Session, actor: Actor, letter: PostLetter) -> None:
    """Counter staff act on letters of their own office only."""
    if letter.office_id != actor.point_id:
        office = _office_name(session, letter.office_id)
        raise LetterRefused(
            t("Письмо {tracking_number} адресовано в «{office}», а не в ваше отделение: здесь его "
              "не принимают и не выдают.", tracking_number=letter.tracking_number, office=office),
            RefusalReason.OTHER_OFFICE)


def _state_refusal(session: Session, letter: PostLetter, target: LetterState) -> LetterRefused:
    number = letter.tracking_number
    if letter.state is LetterState.HANDED_OVER:
        who = session.get(Operator, letter.handed_over_by) if letter.handed_over_by else None
        when = _local(letter.handed_over_at) if letter.handed_over_at else ""
        by = t(", выдал(а) {name}", name=who.full_name) if who is not None else ""
        return LetterRefused(t("Письмо {number} уже вручено {when}{by}. Повторно не выдаётся.",
                               number=number, when=when, by=by),
                             RefusalReason.ALREADY_HANDED_OVER)
    if letter.state is LetterState.RETURNED:
        return LetterRefused(t("Письмо {number} возвращено отправителю {local}: истёк срок "
                               "хранения, код отозван.",
                               number=number, local=_local(letter.state_changed_at)),
                             RefusalReason.RETURNED)
    if target is LetterState.HANDED_OVER:
        return LetterRefused(t("Письмо {number} ещё не поступило в отделение (сейчас "
                               "«{state}»): сначала отметьте его поступление.",
                               number=number, state=STATE_TITLES[letter.state]),
                             RefusalReason.NOT_ARRIVED)
    return LetterRefused(t("Письмо {number} сейчас «{state}»: отметить его "
                           "«{target}» нельзя.",
                           number=number, state=STATE_TITLES[letter.state],
                           target=STATE_TITLES[target]),
                         RefusalReason.WRONG_STATE)


def _move(session: Session, actor: Actor | None, letter: PostLetter, target: LetterState,
          now: dt.datetime, **details: object) -> None:
    if target not in TRANSITIONS.get(letter.state, frozenset()):
        raise _state_refusal(session, letter, target)
    application = session.get(Application, letter.application_id)
    assert application is not None
    previous = letter.state
    letter.state = target
    letter.state_changed_at = now
    office = session.get(ServicePoint, letter.office_id)
    audit.record(session, actor, _ACTIONS[target], entity="post_letter", entity_id=letter.id,
                 application_number=application.number,
                 details={"tracking_number": letter.tracking_number, "from": previous.value,
                          "office": office.code if office is not None else "", **details})
    session.flush()


def _advance(session: Session, actor: Actor, tracking_numbers: Iterable[str],
             target: LetterState, now: dt.datetime | None) -> list[LetterRow]:
    now = now or utcnow()
    ids = []
    for text in dict.fromkeys(tracking_numbers):
        letter = _load(session, text)
        if target is LetterState.AT_OFFICE and not actor.can(Permission.PRODUCE_LETTERS):
            _require_office(session, actor, letter)
        _move(session, actor, letter, target, now)
        if target is LetterState.AT_OFFICE:
            letter.arrived_at = now
        ids.append(letter.id)
    session.flush()
    return rows_for(session, ids)


def mark_printed(session: Session, actor: Actor, tracking_numbers: Iterable[str], *,
                 now: dt.datetime | None = None) -> list[LetterRow]:
    """The letters came out of the printer. All or none: one wrong letter refuses the lot."""
    actor.require(Permission.PRODUCE_LETTERS)
    return _advance(session, actor, tracking_numbers, LetterState.PRINTED, now)


def mark_in_transit(session: Session, actor: Actor, tracking_numbers: Iterable[str], *,
                    now: dt.datetime | None = None) -> list[LetterRow]:
    """The letters were handed to the post."""
    actor.require(Permission.PRODUCE_LETTERS)
    return _advance(session, actor, tracking_numbers, LetterState.IN_TRANSIT, now)


def mark_arrived(session: Session, actor: Actor, tracking_numbers: Iterable[str], *,
                 now: dt.datetime | None = None) -> list[LetterRow]:
    """The letters reached their office: its counter staff scan them in (or the
    administrator records it); the storage period starts now."""
    if not actor.can(Permission.PRODUCE_LETTERS):
        actor.require(Permission.SERVE_POST_COUNTER)
    return _advance(session, actor, tracking_numbers, LetterState.AT_OFFICE, now)


def _passport_numbers(session: Session, applicant_id: int) -> set[str]:
    numbers: set[str] = set()
    for series, number in session.execute(
            select(IdentityDocument.series, IdentityDocument.number)
            .where(IdentityDocument.applicant_id == applicant_id,
                   IdentityDocument.kind == DocumentKind.PASSPORT)):
        numbers.add(normalize_passport(number))
        if series:
            numbers.add(normalize_passport(series + number))
    return numbers


def hand_over(session: Session, actor: Actor, tracking_number: str, passport_number_typed: str,
              *, now: dt.datetime | None = None) -> LetterRow:
    """Hand the letter to its addressee after the passport check, and record who, when,
    where. Refused (:class:`LetterRefused`) for an unknown letter, a letter of another
    office, one not yet arrived, already handed over or returned, a passport number that
    is not the addressee's, or a code that no longer works."""
    actor.require(Permission.SERVE_POST_COUNTER)
    typed = normalize_passport(passport_number_typed)
    if not typed:
        raise ValidationError(t("Введите номер паспорта получателя — с паспорта в руках."),
                              field="passport")
    now = now or utcnow()
    letter = _load(session, tracking_number)
    _require_office(session, actor, letter)
    if letter.state is not LetterState.AT_OFFICE:
        raise _state_refusal(session, letter, LetterState.HANDED_OVER)
    application = session.get(Application, letter.application_id)
    assert application is not None
    on_file = _passport_numbers(session, application.applicant_id)
    if not on_file:
        raise LetterRefused(t("В заявлении адресата нет паспорта: сверить личность нельзя, "
                            "письмо не выдаётся. Направьте заявителя в центр обслуживания."),
                            RefusalReason.NO_PASSPORT, field="passport")
    if typed not in on_file:
        raise LetterRefused(t("Номер паспорта не совпадает с паспортом адресата: письмо не "
                            "выдаётся. Проверьте, что паспорт принадлежит адресату, и введите "
                            "номер ещё раз."), RefusalReason.PASSPORT_MISMATCH, field="passport")
    code = session.get(ConfirmationCode, letter.code_id)
    if code is None or code.state is not CodeState.ACTIVE or code.expires_at <= now:
        raise LetterRefused(t("Код в письме {tracking_number} больше не действует (отозван или "
                              "истёк): письмо не выдаётся. Заявителю нужен новый код.",
                              tracking_number=letter.tracking_number),
                            RefusalReason.CODE_INACTIVE)
    letter.handed_over_at = now
    letter.handed_over_by = actor.operator_id
    _move(session, actor, letter, LetterState.HANDED_OVER, now, passport_checked=True)
    return rows_for(session, [letter.id])[0]


def record_refusal(session: Session, actor: Actor, tracking_number: str,
                   refusal: LetterRefused) -> None:
    """Put a refused hand-over in the journal (in its own transaction: the refused one
    rolled back). A supervisor sees every attempt with a passport that did not match."""
    actor.require(Permission.SERVE_POST_COUNTER)
    letter = session.scalar(select(PostLetter).where(
        PostLetter.tracking_number == strip_separators(tracking_number)))
    application = (session.get(Application, letter.application_id)
                   if letter is not None else None)
    audit.record(session, actor, "letter_hand_over_refused", entity="post_letter",
                 entity_id=letter.id if letter is not None else "",
                 application_number=application.number if application is not None else "",
                 details={"tracking_number": strip_separators(tracking_number),
                          "reason": refusal.reason.value})


def return_expired(session: Session, actor: Actor | None, *, now: dt.datetime | None = None,
                   storage_days: int = STORAGE_DAYS, office: int | str | None = None
                   ) -> list[LetterRow]:
    """Letters whose storage period is over go back to the sender; their codes are revoked,
    so the portal refuses them.

    ``actor`` None is the system (a scheduled job). Counter staff return their own office's
    letters; those who produce letters may return any office's (or the one named).
    """
    if storage_days < 1:
        raise ValidationError(t("Срок хранения — не меньше одного дня."), field="storage_days")
    now = now or utcnow()
    office_id = None if office is None else find_office(session, office).id
    if actor is not None and not actor.can(Permission.PRODUCE_LETTERS):
        actor.require(Permission.SERVE_POST_COUNTER)
        if office_id not in (None, actor.point_id):
            raise PermissionDenied(t("Возвращать можно только письма своего отделения."))
        office_id = actor.point_id
    stmt = (select(PostLetter)
            .where(PostLetter.state == LetterState.AT_OFFICE,
                   PostLetter.arrived_at <= now - dt.timedelta(days=storage_days))
            .order_by(PostLetter.tracking_number)
            .with_for_update().execution_options(populate_existing=True))
    if office_id is not None:
        stmt = stmt.where(PostLetter.office_id == office_id)
    ids = []
    for letter in session.scalars(stmt).all():
        revoked = codes.revoke_by_rule(session, actor, letter.code_id, RETURN_REASON, now=now)
        _move(session, actor, letter, LetterState.RETURNED, now, storage_days=storage_days,
              code_revoked=revoked)
        ids.append(letter.id)
    return rows_for(session, ids, storage_days=storage_days)


# -- the counter --------------------------------------------------------------------------


def letter_view(session: Session, actor: Actor, tracking_number: str, *,
                storage_days: int = STORAGE_DAYS) -> LetterRow:
    """One letter's card for a scanned or typed tracking number. Counter staff see only
    their office's letters (another office's is refused, naming that office)."""
    if not actor.can(Permission.PRODUCE_LETTERS):
        actor.require(Permission.SERVE_POST_COUNTER)
    letter = _load(session, tracking_number, lock=False)
    if not actor.can(Permission.PRODUCE_LETTERS):
        _require_office(session, actor, letter)
    return rows_for(session, [letter.id], storage_days=storage_days)[0]


@dataclass(frozen=True)
class Reconciliation:
    """A post office's day: what came in, went out, went back, and what is still held
    at the end of the day (with what is due to go back within ``due_within_days``)."""

    office_code: str
    office_index: str
    office_name: str
    day: dt.date
    storage_days: int
    due_within_days: int
    received: tuple[LetterRow, ...]
    handed_over: tuple[LetterRow, ...]
    returned: tuple[LetterRow, ...]
    held: tuple[LetterRow, ...]
    due_for_return: tuple[LetterRow, ...]  # overdue ones included
    day_end: dt.datetime

    @property
    def overdue(self) -> tuple[LetterRow, ...]:
        return tuple(r for r in self.due_for_return
                     if r.return_due_at is not None and r.return_due_at <= self.day_end)


def reconciliation(session: Session, actor: Actor, office: int | str | None, day: dt.date, *,
                   storage_days: int = STORAGE_DAYS, due_within_days: int = 3
                   ) -> Reconciliation:
    """The shift reconciliation of ``office`` (None: the actor's own) for a local day.

    "Held" is as of the end of that day, from the letters' own dates, so a past day reads
    the same tomorrow as tonight.
    """
    if office is None:
        if actor.point_id is None:
            raise ValidationError(t("Укажите почтовое отделение."), field="office")
        office = actor.point_id
    point = find_office(session, office)
    if not (actor.can(Permission.PRODUCE_LETTERS) or actor.can(Permission.REVIEW_LOG)):
        actor.require(Permission.SERVE_POST_COUNTER)
        if point.id != actor.point_id:
            raise PermissionDenied(t("Сверка доступна только по своему отделению."))
    start, end = day_bounds(day)
    here = PostLetter.office_id == point.id

    def ids(*conditions: ColumnElement[bool]) -> list[int]:
        return list(session.scalars(select(PostLetter.id).where(here, *conditions)))

    returned_by_end = and_(PostLetter.state == LetterState.RETURNED,
                           PostLetter.state_changed_at < end)
    held = ids(PostLetter.arrived_at < end,
               or_(PostLetter.handed_over_at.is_(None), PostLetter.handed_over_at >= end),
               not_(returned_by_end))
    rows = {r.tracking_number: r for r in rows_for(session, held, storage_days=storage_days)}
    limit = end + dt.timedelta(days=due_within_days)
    held_rows = tuple(rows.values())
    due = tuple(r for r in held_rows if r.return_due_at is not None and r.return_due_at < limit)

    def listed(*conditions: ColumnElement[bool]) -> tuple[LetterRow, ...]:
        return tuple(rows_for(session, ids(*conditions), storage_days=storage_days))

    return Reconciliation(
        point.code, point.postal_index or "", point.name, day, storage_days, due_within_days,
        received=listed(PostLetter.arrived_at >= start, PostLetter.arrived_at < end),
        handed_over=listed(PostLetter.handed_over_at >= start, PostLetter.handed_over_at < end),
        returned=listed(PostLetter.state == LetterState.RETURNED,
                        PostLetter.state_changed_at >= start, PostLetter.state_changed_at < end),
        held=held_rows, due_for_return=due, day_end=end)


def batch_letters(session: Session, actor: Actor, batch_id: int) -> list[LetterRow]:
    """The letters of a batch (the register), without their codes."""
    actor.require(Permission.PRODUCE_LETTERS)
    ids = session.scalars(select(PostLetter.id).where(PostLetter.batch_id == batch_id))
    found = rows_for(session, ids)
    if not found:
        raise NotFound(t("Пакет писем № {batch_id} не найден.", batch_id=batch_id))
    return found



@dataclass(frozen=True)
class OfficeRow:
    """A post office as the letters' producer sees it: who is waiting, what is under way."""

    office_id: int
    code: str
    index: str
    name: str
    waiting: int  # applications that would get a letter in a batch made now
    by_state: dict[LetterState, int]


def office_overview(session: Session, actor: Actor, *, now: dt.datetime | None = None
                    ) -> list[OfficeRow]:
    """Every post office with its waiting applications and its letters by state."""
    actor.require(Permission.PRODUCE_LETTERS)
    now = now or utcnow()
    counts: dict[int, dict[LetterState, int]] = {}
    for office_id, state, count in session.execute(
            select(PostLetter.office_id, PostLetter.state, func.count())
            .group_by(PostLetter.office_id, PostLetter.state)):
        counts.setdefault(office_id, {})[state] = count
    rows = []
    for point in session.scalars(select(ServicePoint)
                                 .where(ServicePoint.kind == PointKind.POST_OFFICE)
                                 .order_by(ServicePoint.postal_index, ServicePoint.code)):
        waiting = len(waiting_applications(session, point.id, now=now))
        rows.append(OfficeRow(point.id, point.code, point.postal_index or "", point.name,
                              waiting, counts.get(point.id, {})))
    return rows


def office_letters(session: Session, actor: Actor, office: int | str, state: LetterState
                   ) -> list[str]:
    """Tracking numbers of an office's letters in one state (to mark the next step)."""
    actor.require(Permission.PRODUCE_LETTERS)
    point = find_office(session, office)
    return list(session.scalars(select(PostLetter.tracking_number)
                                .where(PostLetter.office_id == point.id,
                                       PostLetter.state == state)
                                .order_by(PostLetter.tracking_number)))
