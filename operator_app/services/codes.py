"""Activation confirmation codes: issued at the desk or by letter, redeemed on the portal.

A code is 8 random characters and a check character from an alphabet without look-alikes
(no 0/O/Q, no 1/I/L, no 5/S, 8/B, 2/Z, U/V), shown as ``XXX-XXX-XXX``. It is
drawn from ``secrets``, stored only as HMAC-SHA256(key, application number + code), used
once, expires, and allows a limited number of wrong attempts. The check character
catches a typo before an attempt is spent: every single wrong character and every swap of
two neighbours, the check character included (a Damm check over a quasigroup of order 24;
codes issued before it carry Luhn mod 24, which missed swaps such as 2↔Y, and are still
accepted as they are). Nothing ever stores or logs the code in clear: a lost code is
revoked and a new one issued.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from operator_app.messages import N_, Titles, t
from operator_app.models import AccountStatus, Application, CodeState, ConfirmationCode, utcnow
from operator_app.services import audit
from operator_app.services.actor import Actor, Permission
from operator_app.services.errors import Conflict, NotFound, ValidationError
from operator_app.services.identifiers import strip_separators

ALPHABET = "234679ACDEFGHJKMNPRTVWXY"
RANDOM_LENGTH = 8
LENGTH = RANDOM_LENGTH + 1
MAX_ATTEMPTS = 5
DEFAULT_TTL = dt.timedelta(days=30)
LUHN, DAMM = 1, 2  # confirmation_code.check_scheme


def _luhn_mod_n_check(body: str) -> str:
    """The check character of codes issued before scheme 2 (Luhn mod 24)."""
    n = len(ALPHABET)
    factor, total = 2, 0
    for char in reversed(body):
        addend = factor * ALPHABET.index(char)
        factor = 1 if factor == 2 else 2
        total += addend // n + addend % n
    return ALPHABET[(n - total % n) % n]


def _times_alpha(b: int) -> int:
    """b·α in GF(8) = GF(2)[x]/(x³ + x + 1)."""
    b <<= 1
    return (b ^ 0b1011) if b & 0b1000 else b


def _quasigroup(x: int, y: int) -> int:
    """x ∗ y = a·(x − y) on GF(3) × GF(8) (a = 2 and α): a quasigroup of order 24 with
    x ∗ x = 0 that is totally anti-symmetric ((c∗x)∗y = (c∗y)∗x only for x = y), so the
    Damm check catches every single substitution and every adjacent transposition.
    A symbol's index v is the pair (v mod 3, v div 3)."""
    three = (2 * (x % 3 - y % 3)) % 3
    eight = _times_alpha((x // 3) ^ (y // 3))
    return three + 3 * eight


def _damm_interim(text: str) -> int:
    interim = 0
    for char in text:
        interim = _quasigroup(interim, ALPHABET.index(char))
    return interim


def _damm_check(body: str) -> str:
    return ALPHABET[_damm_interim(body)]  # then body + check runs to 0


def generate_code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return body + _damm_check(body)


def format_code(code: str) -> str:
    return "-".join(code[i : i + 3] for i in range(0, len(code), 3))


def normalize_code(text: str) -> str:
    return strip_separators(text).upper()


def check_code_format(text: str, *, legacy: bool = False) -> str:
    """The normalized code, or :class:`ValidationError` naming the typo (no attempt spent).

    ``legacy``: the application's code was issued with the older check character."""
    code = normalize_code(text)
    if len(code) != LENGTH:
        raise ValidationError(t("В коде {length} знаков, введено {length2}.",
                                length=LENGTH, length2=len(code)), field="code")
    wrong = sorted({c for c in code if c not in ALPHABET})
    if wrong:
        raise ValidationError(
            t("В кодах нет знаков {wrong}: проверьте, не спутаны ли похожие буквы и цифры.",
              wrong=", ".join(f"«{c}»" for c in wrong)), field="code")
    if _damm_interim(code) != 0 and not (legacy and _luhn_mod_n_check(code[:-1]) == code[-1]):
        raise ValidationError(t("В коде опечатка: проверьте знаки по порядку."), field="code")
    return code


def code_hash(key: bytes, application_number: str, code: str) -> str:
    message = f"{application_number}:{code}".encode("ascii")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class IssuedCode:
    """``code`` is the clear code exactly once, to show and print; None on a repeated request."""

    code_id: int
    code: str | None
    expires_at: dt.datetime
    repeated_request: bool = False


# A lost race, in the clerk's words: another desk (or the portal) changed the codes of
# this application at the same moment; the transaction is rolled back and nothing changed.
RACE_MESSAGE = N_("Коды этого заявления в эту же минуту изменили за другим столом или на "
                  "портале. Ничего не изменено: обновите заявление и повторите.")

# PostgreSQL: deadlock, serialization failure, lock wait timeout.
_RACE_SQLSTATES = frozenset({"40P01", "40001", "55P03"})


def lost_race(error: DBAPIError) -> bool:
    """True when the driver error means another transaction won (not a broken database)."""
    if isinstance(error, IntegrityError):
        return True
    return getattr(error.orig, "sqlstate", None) in _RACE_SQLSTATES


def lock_application(session: Session, application_id: int) -> Application:
    """Lock the application row before touching its codes.

    One lock order everywhere — application, then confirmation_code — so issuing,
    redeeming, revoking and reissuing wait for each other instead of deadlocking (an
    INSERT of a code takes a key-share lock on its application: locking codes first and
    the application second was the other order). SQLite write transactions are already
    ``BEGIN IMMEDIATE``; ``FOR UPDATE`` is for PostgreSQL.
    """
    try:
        application = session.scalar(select(Application).where(Application.id == application_id)
                                     .with_for_update()
                                     .execution_options(populate_existing=True))
    except DBAPIError as error:
        if lost_race(error):
            raise Conflict(t(RACE_MESSAGE)) from None
        raise
    if application is None:
        raise NotFound(t("Заявление не найдено."))
    return application


def _active_codes(session: Session, application_id: int) -> list[ConfirmationCode]:
    return list(session.scalars(
        select(ConfirmationCode)
        .where(ConfirmationCode.application_id == application_id,
               ConfirmationCode.state == CodeState.ACTIVE)
        .with_for_update()))


def issue_code(session: Session, actor: Actor | None, application: Application, *, key: bytes,
               request_id: str, visit_id: int | None = None, ttl: dt.timedelta = DEFAULT_TTL,
               now: dt.datetime | None = None, reason: str = "") -> IssuedCode:
    """Issue a code for the application; any earlier active code dies with it.

    ``request_id`` makes the action idempotent: a double click or a retry of the same
    request finds the code already issued and gets no second code (and no clear text).
    """
    lock_application(session, application.id)
    existing = session.scalar(select(ConfirmationCode)
                              .where(ConfirmationCode.request_id == request_id))
    if existing is not None:
        return IssuedCode(existing.id, None, existing.expires_at, repeated_request=True)
    now = now or utcnow()
    revoked = _active_codes(session, application.id)
    for old in revoked:
        old.state = CodeState.REVOKED
        old.closed_at = now
        old.close_reason = reason or "выдан новый код"
    code = generate_code()
    row = ConfirmationCode(
        application_id=application.id, visit_id=visit_id,
        code_hash=code_hash(key, application.number, code), state=CodeState.ACTIVE,
        issued_at=now, expires_at=now + ttl,
        issued_by=actor.operator_id if actor is not None else None, request_id=request_id)
    try:
        session.flush()  # the old codes are revoked before the new one exists
        session.add(row)
        session.flush()  # one active code per application: the schema refuses a second
    except DBAPIError as error:
        if lost_race(error):
            raise Conflict(t(RACE_MESSAGE)) from None
        raise
    # The audit events last: the chain head every desk of the point waits for is locked
    # from the first event to the commit, so as briefly as the transaction allows.
    for old in revoked:
        audit.record(session, actor, "code_revoked", entity="confirmation_code",
                     entity_id=old.id, application_number=application.number,
                     details={"reason": old.close_reason})
    audit.record(session, actor, "code_issued", entity="confirmation_code", entity_id=row.id,
                 application_number=application.number,
                 details={"expires_at": row.expires_at.isoformat(), "visit_id": visit_id})
    return IssuedCode(row.id, code, row.expires_at)


def revoke_code(session: Session, actor: Actor, code_id: int, reason: str, *,
                now: dt.datetime | None = None) -> None:
    """Revoke a code issued in error (supervisor) — the code can never be used again."""
    actor.require(Permission.REVOKE_CODES)
    if not reason.strip():
        raise ValidationError(t("Укажите причину отзыва кода."), field="reason")
    row = _code_for_update(session, code_id)
    if row is None:
        raise NotFound(t("Код не найден."))
    if row.state is not CodeState.ACTIVE:
        raise ValidationError(t("Код уже не действует: отзывать нечего."), field="code")
    application = session.get(Application, row.application_id)
    assert application is not None
    audit.require_point_scope(session, actor, application.number)
    _revoke(session, actor, row, reason.strip(), now or utcnow())


def revoke_by_rule(session: Session, actor: Actor | None, code_id: int, reason: str, *,
                   now: dt.datetime | None = None) -> bool:
    """Revoke a code because a rule says so (a letter went back unclaimed), not because a
    person decided it: no permission of its own — the calling service checked the actor.
    False when the code was no longer active (redeemed, expired, locked): nothing to do."""
    row = _code_for_update(session, code_id)
    if row is None or row.state is not CodeState.ACTIVE:
        return False
    _revoke(session, actor, row, reason, now or utcnow())
    return True


def _code_for_update(session: Session, code_id: int) -> ConfirmationCode | None:
    """The code, locked after its application (the one lock order)."""
    application_id = session.scalar(select(ConfirmationCode.application_id)
                                    .where(ConfirmationCode.id == code_id))
    if application_id is None:
        return None
    lock_application(session, application_id)
    return session.scalar(select(ConfirmationCode).where(ConfirmationCode.id == code_id)
                          .with_for_update().execution_options(populate_existing=True))


def _revoke(session: Session, actor: Actor | None, row: ConfirmationCode, reason: str,
            now: dt.datetime) -> None:
    application = session.get(Application, row.application_id)
    assert application is not None
    row.state = CodeState.REVOKED
    row.closed_at = now
    row.close_reason = reason
    audit.record(session, actor, "code_revoked", entity="confirmation_code", entity_id=row.id,
                 application_number=application.number, details={"reason": row.close_reason})


@dataclass(frozen=True)
class RedeemResult:
    ok: bool
    message: str
    attempts_left: int | None = None


_CLOSED_MESSAGES = Titles({
    CodeState.REDEEMED: "Код уже использован: учётная запись подтверждена.",
    CodeState.REVOKED: "Код отозван. Обратитесь в центр обслуживания за новым кодом.",
    CodeState.EXPIRED: "Срок действия кода истёк. Обратитесь в центр обслуживания за новым.",
    CodeState.LOCKED: "Код заблокирован после неверных попыток. Обратитесь в центр "
                      "обслуживания за новым кодом.",
})


def redeem(session: Session, application_number: str, typed: str, *, key: bytes,
           now: dt.datetime | None = None) -> RedeemResult:
    """What the portal does when the applicant types the code. The caller commits."""
    now = now or utcnow()
    application_id = session.scalar(select(Application.id)
                                    .where(Application.number == application_number))
    if application_id is None:
        return RedeemResult(False, t("Заявление не найдено."))
    application = lock_application(session, application_id)  # application, then its codes
    active = _active_codes(session, application.id)
    try:
        code = check_code_format(typed, legacy=any(row.check_scheme == LUHN for row in active))
    except ValidationError as error:
        return RedeemResult(False, error.message)  # a typo: no attempt spent
    if not active:
        latest = session.scalar(select(ConfirmationCode)
                                .where(ConfirmationCode.application_id == application.id)
                                .order_by(ConfirmationCode.issued_at.desc()))
        if latest is None:
            return RedeemResult(False, t("Для этого заявления код не выдавался."))
        return RedeemResult(False, _CLOSED_MESSAGES.get(latest.state) or t("Код не действует."))
    typed_hash = code_hash(key, application.number, code)
    row = active[0]
    if not hmac.compare_digest(row.code_hash, typed_hash):
        # An older code of this application (revoked when a new one was issued) is not a
        # guess: say what happened to it instead of spending an attempt.
        old = session.scalar(select(ConfirmationCode).where(
            ConfirmationCode.code_hash == typed_hash,
            ConfirmationCode.application_id == application.id))
        if old is not None:
            return RedeemResult(False, (_CLOSED_MESSAGES.get(old.state) or t("Код не действует."))
                                + t(" Действует более новый код."))
    if row.expires_at <= now:
        row.state = CodeState.EXPIRED
        row.closed_at = now
        audit.record(session, None, "code_expired", entity="confirmation_code",
                     entity_id=row.id, application_number=application.number)
        return RedeemResult(False, _CLOSED_MESSAGES[CodeState.EXPIRED])
    if hmac.compare_digest(row.code_hash, typed_hash):
        row.state = CodeState.REDEEMED
        row.closed_at = now
        application.account_status = AccountStatus.ACTIVE
        audit.record(session, None, "code_redeemed", entity="confirmation_code",
                     entity_id=row.id, application_number=application.number)
        return RedeemResult(True, t("Код принят: учётная запись подтверждена."))
    row.attempts += 1
    left = MAX_ATTEMPTS - row.attempts
    audit.record(session, None, "code_attempt_failed", entity="confirmation_code",
                 entity_id=row.id, application_number=application.number,
                 details={"attempt": row.attempts})
    if left <= 0:
        row.state = CodeState.LOCKED
        row.closed_at = now
        audit.record(session, None, "code_locked", entity="confirmation_code", entity_id=row.id,
                     application_number=application.number)
        return RedeemResult(False, _CLOSED_MESSAGES[CodeState.LOCKED], 0)
    return RedeemResult(False, t("Неверный код. Осталось попыток: {left}.", left=left), left)


@dataclass(frozen=True)
class ActiveCode:
    """A code that still works, as a supervisor sees it before revoking it (no clear code:
    only its hash is stored)."""

    code_id: int
    application_number: str
    issued_at: dt.datetime
    expires_at: dt.datetime
    issued_by: str  # the operator's full name, or "" for a letter's code
    by_letter: bool


def active_codes(session: Session, actor: Actor, application_number: str, *,
                 now: dt.datetime | None = None) -> list[ActiveCode]:
    """The application's codes that can still be redeemed (normally one)."""
    from operator_app.models import Operator, PostLetter
    from operator_app.services import application_numbers

    actor.require(Permission.REVOKE_CODES)
    number = application_numbers.validate(application_number)
    application = session.scalar(select(Application).where(Application.number == number))
    if application is None:
        raise NotFound(t("Заявление {number} не найдено.",
                         number=application_numbers.format_number(number)),
                       field="application_number")
    audit.require_point_scope(session, actor, number)
    now = now or utcnow()
    rows = session.execute(
        select(ConfirmationCode, Operator.full_name, PostLetter.id)
        .outerjoin(Operator, Operator.id == ConfirmationCode.issued_by)
        .outerjoin(PostLetter, PostLetter.code_id == ConfirmationCode.id)
        .where(ConfirmationCode.application_id == application.id,
               ConfirmationCode.state == CodeState.ACTIVE, ConfirmationCode.expires_at > now)
        .order_by(ConfirmationCode.issued_at.desc()))
    return [ActiveCode(code.id, number, code.issued_at, code.expires_at, name or "",
                       letter_id is not None) for code, name, letter_id in rows]
