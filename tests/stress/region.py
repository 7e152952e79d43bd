"""A small region: service points with their clerks, a post office with its counter staff,
applications (a few of them "hot", wanted by every desk at once) and letters waiting at
the office; the desk and post-counter workers that run against it in their own OS
processes; and the invariants that must hold whatever they did.

A worker is a plain function run in a spawned process until a deadline. Every operation
it makes is timed and classified:

- ``ok``;
- ``refused``: a :class:`ServiceError` or :class:`DatabaseError` (or a code the portal
  did not accept) — what a clerk would read, kept as the sentence;
- ``error``: anything else, kept as the traceback. There must be none.

The operations are the ones a person makes, through the services only: open a visit (or
resume one's own), check the originals, mark them checked, correct the account, decide
(confirm with a code, repeat visit, refusal, cancellation) or walk away from an open visit,
issue a new code for a lost one, type the code on the portal (wrong first, sometimes, and
again after it worked); at the counter: hand a letter over against the passport (wrong
passport number sometimes, recorded as a refusal), look a letter up, and type the
letter's code on the portal.

:func:`check_invariants` reads the database afterwards and lists every problem found.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import signal
import time
import traceback
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import event, func, select, text
from sqlalchemy.orm import Session

from operator_app.models import (
    AccountStatus,
    Applicant,
    Application,
    AuditEvent,
    CodeState,
    ConfirmationCode,
    ConfirmationMethod,
    DatabaseError,
    DataCorrection,
    DocumentKind,
    IdentityDocument,
    LetterState,
    Operator,
    PointKind,
    PostLetter,
    Role,
    Visit,
    VisitState,
    utcnow,
)
from operator_app.models.db import Database
from operator_app.services import (
    application_numbers,
    applications,
    audit,
    codes,
    corrections,
    documents,
    operators,
    post,
    visits,
)
from operator_app.services.actor import Actor
from operator_app.services.errors import ServiceError

T = TypeVar("T")

PASSWORD = "correct-horse-1"
POST_OFFICE = "MSK-PO-101000"
DESK_YEAR, POST_YEAR = 2031, 2032  # application numbers apart from any other test data
POINT_CODES = ("MSK-CO-1", "MSK-CO-2", "SPB-CO-1", "SPB-CO-2", "MSK-CO-3", "SPB-CO-3")

# What a person must never read: a driver's or ORM's words instead of a sentence.
TECHNICAL = re.compile(r"Traceback|IntegrityError|OperationalError|StaleData|deadlock|"
                       r"serializ|psycopg|sqlalchemy|sqlite3|UNIQUE constraint|duplicate key|"
                       r"database is locked|could not|violates|SQL", re.IGNORECASE)


def unclear(message: str) -> bool:
    """True when a refusal is not a sentence a clerk can act on."""
    return not message.strip() or bool(TECHNICAL.search(message))


def cheap_password_hashing() -> None:
    """Still argon2id through the same code, at a cost that makes setup take no time (a
    spawned process does not inherit a test suite's monkeypatch)."""
    from argon2 import PasswordHasher

    operators.password_hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


# -- the region -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Letter:
    tracking_number: str
    passport: str
    application_number: str
    code: str


@dataclass(frozen=True)
class Region:
    clerks: tuple[str, ...]  # logins of the desk clerks, point by point
    post_clerks: tuple[str, ...]
    supervisor: str
    numbers: tuple[str, ...]  # applications served at the desks
    hot: tuple[str, ...]  # the first few of them, wanted by every desk
    letters: tuple[Letter, ...]

    @property
    def cold(self) -> tuple[str, ...]:
        return self.numbers[len(self.hot):]


def _desk_application(number: str, serial: int) -> applications.ApplicationData:
    passport = applications.DocumentData(
        DocumentKind.PASSPORT, f"FB{2_000_000 + serial}", issue_date=dt.date(2022, 3, 1),
        expiry_date=dt.date(2034, 3, 1), country="UZB", surname_latin="KARIMOV",
        given_names_latin="RUSTAM")
    permit = applications.DocumentData(
        DocumentKind.RESIDENCE_PERMIT, f"{3_000_000 + serial}", series="82",
        issue_date=dt.date(2024, 1, 10), expiry_date=dt.date(2030, 1, 10),
        issuing_authority="ГУ МВД России по г. Москве")
    return applications.ApplicationData(
        number=number, surname_latin="KARIMOV", given_names_latin="RUSTAM",
        birth_date=dt.date(1990, 5, 1), sex="M", citizenship="UZB",
        confirmation_method=ConfirmationMethod.SERVICE_CENTER,
        submitted_at=utcnow() - dt.timedelta(days=3), surname_cyrillic="Каримов",
        given_names_cyrillic="Рустам", snils="112-233-445 95",
        email=f"applicant{serial}@example.ru", documents=(passport, permit))


def _post_application(number: str, serial: int) -> applications.ApplicationData:
    passport = applications.DocumentData(
        DocumentKind.PASSPORT, f"FC{4_000_000 + serial}", country="UZB",
        surname_latin="KARIMOV", given_names_latin="RUSTAM")
    return applications.ApplicationData(
        number=number, surname_latin="KARIMOV", given_names_latin=f"RUSTAM {serial}",
        birth_date=dt.date(1990, 5, 1), sex="M", citizenship="UZB",
        confirmation_method=ConfirmationMethod.POST, post_office_code=POST_OFFICE,
        submitted_at=utcnow() - dt.timedelta(days=45), surname_cyrillic="Каримов",
        given_names_cyrillic="Рустам", address="г. Москва, ул. Тверская, д. 11",
        postal_code="125009", documents=(passport,))


def setup_region(db: Database, *, points: int = 2, clerks_per_point: int = 2,
                 post_clerks: int = 2, applications_count: int = 40, hot: int = 4,
                 letters: int = 20) -> Region:
    """Create the region in an empty, migrated database (the keys of this process's
    config directory sign the log and key the codes: children share that directory)."""
    from operator_app.settings import code_hash_key

    cli = Actor.command_line()
    clerks: list[str] = []
    with db.write() as session:
        for code in POINT_CODES[:points]:
            operators.create_service_point(session, None, code=code,
                                           kind=PointKind.SERVICE_CENTER, name=f"ЦО {code}")
        operators.create_service_point(session, None, code=POST_OFFICE,
                                       kind=PointKind.POST_OFFICE, name="ОПС 101000 Москва",
                                       postal_index="101000")
        operators.create_operator(session, None, login="admin", full_name="Анна Админова",
                                  role=Role.ADMIN, point_code=POINT_CODES[0], password=PASSWORD)
        operators.create_operator(session, cli, login="boss", full_name="Сергей Начальников",
                                  role=Role.SUPERVISOR, point_code=POINT_CODES[0],
                                  password=PASSWORD)
        for p, code in enumerate(POINT_CODES[:points]):
            for c in range(clerks_per_point):
                login = f"clerk{p}x{c}"
                operators.create_operator(session, cli, login=login,
                                          full_name=f"Оператор {p}-{c}", role=Role.CLERK,
                                          point_code=code, password=PASSWORD)
                clerks.append(login)
        posts = [f"post{i}" for i in range(post_clerks)]
        for login in posts:
            operators.create_operator(session, cli, login=login, full_name=f"Почта {login}",
                                      role=Role.POST_CLERK, point_code=POST_OFFICE,
                                      password=PASSWORD)
    with db.read() as session:
        admin = Actor.of(operators.get_operator(session, "admin"))
        boss = Actor.of(operators.get_operator(session, "boss"))
        counter = Actor.of(operators.get_operator(session, posts[0]))
    numbers = [application_numbers.make(DESK_YEAR, i + 1) for i in range(applications_count)]
    post_numbers = [application_numbers.make(POST_YEAR, i + 1) for i in range(letters)]
    with db.write() as session:
        for serial, number in enumerate(numbers, start=1):
            applications.import_application(session, admin, _desk_application(number, serial))
        for serial, number in enumerate(post_numbers, start=1):
            applications.import_application(session, admin, _post_application(number, serial))
    produced: list[Letter] = []
    if letters:
        with db.write() as session:
            batch = post.create_batch(session, boss, POST_OFFICE, key=code_hash_key())
            passports = {number: f"FC{4_000_000 + serial}"
                         for serial, number in enumerate(post_numbers, start=1)}
            for letter in batch.letters:
                assert letter.code is not None
                produced.append(Letter(letter.tracking_number,
                                       passports[letter.application_number],
                                       letter.application_number, letter.code))
        tracking = [letter.tracking_number for letter in produced]
        with db.write() as session:
            post.mark_printed(session, boss, tracking)
            post.mark_in_transit(session, boss, tracking)
        with db.write() as session:
            post.mark_arrived(session, counter, tracking)
    return Region(tuple(clerks), tuple(posts), "boss", tuple(numbers), tuple(numbers[:hot]),
                  tuple(produced))


def actor_of(db: Database, login: str) -> Actor:
    with db.read() as session:
        return Actor.of(operators.get_operator(session, login))


# -- timing and classifying ------------------------------------------------------------------


@dataclass
class Tally:
    """What one worker (or all of them, merged) did."""

    seconds: float = 0.0
    latencies: dict[str, list[float]] = field(default_factory=dict)
    ok_latencies: dict[str, list[float]] = field(default_factory=dict)  # the successes' own
    ok: Counter[str] = field(default_factory=Counter)
    refused: Counter[tuple[str, str]] = field(default_factory=Counter)  # (kind, sentence)
    errors: list[str] = field(default_factory=list)

    def merge(self, other: Tally) -> None:
        self.seconds = max(self.seconds, other.seconds)
        for kind, values in other.latencies.items():
            self.latencies.setdefault(kind, []).extend(values)
        for kind, values in other.ok_latencies.items():
            self.ok_latencies.setdefault(kind, []).extend(values)
        self.ok.update(other.ok)
        self.refused.update(other.refused)
        self.errors.extend(other.errors)

    @property
    def operations(self) -> int:
        return sum(len(values) for values in self.latencies.values())

    @property
    def refusals(self) -> int:
        return sum(self.refused.values())

    def unclear_refusals(self) -> list[str]:
        return sorted({message for (_kind, message) in self.refused if unclear(message)})


class Refused(Exception):
    """A refusal that is a return value, not an exception (the portal's answer)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def timed(tally: Tally, kind: str, action: Callable[[], T]) -> T | None:
    """Run one operation; None when it was refused or failed (its outcome is counted)."""
    start = time.perf_counter()
    try:
        result = action()
    except (ServiceError, DatabaseError, Refused) as refusal:
        tally.latencies.setdefault(kind, []).append(time.perf_counter() - start)
        tally.refused[(kind, getattr(refusal, "message", str(refusal)))] += 1
        return None
    except Exception:  # noqa: BLE001 - anything else is a bug the report must show
        tally.latencies.setdefault(kind, []).append(time.perf_counter() - start)
        tally.errors.append(f"{kind}: {traceback.format_exc()}")
        return None
    elapsed = time.perf_counter() - start
    tally.latencies.setdefault(kind, []).append(elapsed)
    tally.ok_latencies.setdefault(kind, []).append(elapsed)
    tally.ok[kind] += 1
    return result


# -- a desk ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeskHabits:
    """How a desk behaves: the share of each choice it makes."""

    hot: float = 0.5  # pick a hot application
    correct: float = 0.4  # correct the account during the visit
    confirm: float = 0.7  # the rest: repeat visit, refusal, cancellation, walk away
    redeem: float = 0.6  # the applicant types the code on the portal right away
    wrong_first: float = 0.2
    redeem_again: float = 0.3
    reissue: float = 0.15  # "I lost the slip": a new code before it was typed
    pause: float = 0.0  # seconds a clerk looks at the screen between steps (at most)


FAULT_HABITS = DeskHabits(hot=0.0, correct=1.0, confirm=1.0, redeem=0.5, wrong_first=0.0,
                          redeem_again=0.0, reissue=0.0)


def _version(db: Database, visit_id: int) -> int:
    with db.read() as session:
        return visits.visit_info(session, visit_id).version


def _check_originals(db: Database, actor: Actor, visit_id: int) -> int:
    """As a clerk does it (tests/helpers/data.py): each listed document saved as checked."""
    with db.write() as session:
        state = documents.checklist(session, visit_id)
        for row in state.documents:
            documents.save_document(session, actor, visit_id, document_id=row.id,
                                    kind=row.kind, version=row.version, number=row.number,
                                    series=row.series, expiry_date=row.expiry_date)
        return len(state.documents)


def _correct(db: Database, actor: Actor, visit_id: int, rng: random.Random, tag: str
             ) -> list[corrections.Change]:
    with db.read() as session:
        form = corrections.load(session, visit_id)
    if rng.random() < 0.5:
        typed = {"email": f"{tag}.{rng.randrange(10**9)}@example.ru"}
    else:
        typed = {"address_flat": str(rng.randrange(1, 9999)),
                 "phone": f"+7 912 {rng.randrange(100, 999)}-{rng.randrange(10, 99)}-"
                          f"{rng.randrange(10, 99)}"}
    with db.write() as session:
        return corrections.apply(session, actor, visit_id, loaded=form.account, version=form.version,
                          typed=typed, reason=corrections.REASONS[0])


def _redeem(db: Database, number: str, typed: str, key: bytes) -> codes.RedeemResult:
    with db.write() as session:
        result = codes.redeem(session, number, typed, key=key)
    if not result.ok:
        raise Refused(result.message)
    return result


def _wrong(code: str) -> str:
    """Another well-formed code (a wrong guess spends an attempt, a typo does not)."""
    while True:
        guess = codes.generate_code()
        if guess != code:
            return guess


def serve(db: Database, actor: Actor, number: str, rng: random.Random, tally: Tally, *,
          key: bytes, habits: DeskHabits = DeskHabits(), tag: str = "desk",
          on_open: Callable[[visits.VisitInfo], None] | None = None) -> None:
    """One applicant at the desk, from the scan to the decision (or to walking away)."""

    def pause() -> None:
        if habits.pause:
            time.sleep(rng.random() * habits.pause)

    def open_it() -> visits.VisitInfo:
        with db.write() as session:
            return visits.open_visit(session, actor, number, desk_label=tag)

    info = timed(tally, "open_visit", open_it)
    if info is None:
        return
    if on_open is not None:
        on_open(info)
    visit_id = info.id
    pause()
    if info.state is VisitState.OPENED:
        if timed(tally, "check_originals",
                 lambda: _check_originals(db, actor, visit_id)) is None:
            return

        def advance() -> visits.VisitInfo:
            with db.write() as session:
                return visits.advance(session, actor, visit_id, _version(db, visit_id),
                                      VisitState.DOCUMENTS_CHECKED)

        if timed(tally, "documents_checked", advance) is None:
            return
        pause()
    if rng.random() < habits.correct:
        timed(tally, "correct", lambda: _correct(db, actor, visit_id, rng, tag))
        pause()
    choice = rng.random()
    if choice >= habits.confirm + (1 - habits.confirm) * 0.8:
        return  # walks away: the visit stays open, this operator resumes it later
    outcome = VisitState.CONFIRMED
    if choice >= habits.confirm:
        outcome = rng.choice([VisitState.REPEAT_NEEDED, VisitState.REFUSED,
                              VisitState.CANCELLED])
    request_id = f"{tag}-{uuid.uuid4().hex}"

    def decide() -> visits.Decision:
        with db.write() as session:
            return visits.decide(session, actor, visit_id, _version(db, visit_id), outcome,
                                 missing=("справка о регистрации",), note="паспорт не его",
                                 code_key=key, request_id=request_id)

    decision = timed(tally, "decide_" + outcome.value, decide)
    if decision is None or decision.code is None or decision.code.code is None:
        return
    code = decision.code.code
    if rng.random() < habits.reissue:
        pause()

        def reissue() -> codes.IssuedCode:
            with db.write() as session:
                return visits.reissue_code(session, actor, number, visit_id=visit_id,
                                           code_key=key, request_id=f"{tag}-{uuid.uuid4().hex}",
                                           reason="заявитель потерял код")

        issued = timed(tally, "reissue_code", reissue)
        if issued is not None and issued.code is not None:
            code = issued.code
    if rng.random() < habits.redeem:
        if rng.random() < habits.wrong_first:
            timed(tally, "redeem", lambda: _redeem(db, number, _wrong(code), key))
        timed(tally, "redeem", lambda: _redeem(db, number, code, key))
        if rng.random() < habits.redeem_again:
            timed(tally, "redeem", lambda: _redeem(db, number, code, key))


def desk_worker(url: str, region: Region, index: int, seconds: float, barrier: Any,
                results: Any, seed: int, habits: DeskHabits = DeskHabits()) -> None:
    """A desk in its own process: applicants one after another until the time is up.
    Desks beyond the number of clerks share a clerk's login (a second window of the same
    operator: it resumes that operator's visits)."""
    from operator_app.settings import code_hash_key

    tally = Tally()
    rng = random.Random(seed)
    db = Database(url)
    try:
        key = code_hash_key()
        login = region.clerks[index % len(region.clerks)]
        actor = actor_of(db, login)
        mine = list(region.cold[index::max(1, len(region.clerks))]) or list(region.cold)
        barrier.wait(timeout=120)
        start = time.monotonic()
        deadline = start + seconds
        while time.monotonic() < deadline:
            pool = (region.hot if region.hot and rng.random() < habits.hot
                    else mine if rng.random() < 0.8 else region.cold)
            serve(db, actor, rng.choice(pool), rng, tally, key=key, habits=habits,
                  tag=f"desk{index}")
        tally.seconds = time.monotonic() - start
    except BaseException:  # noqa: BLE001 - the parent reports whatever went wrong here
        tally.errors.append("worker: " + traceback.format_exc())
    finally:
        db.dispose()
        results.put(tally)


# -- a post counter -------------------------------------------------------------------------


def post_worker(url: str, region: Region, index: int, seconds: float, barrier: Any,
                results: Any, seed: int, pause: float = 0.0) -> None:
    """A post counter in its own process: letters asked for, passports checked, handed
    over (or refused and the refusal recorded); the applicants type their letters' codes
    on the portal. The counters share the office's letters, so two may reach for one."""
    from operator_app.settings import code_hash_key

    tally = Tally()
    rng = random.Random(seed)
    db = Database(url)
    try:
        key = code_hash_key()
        actor = actor_of(db, region.post_clerks[index % len(region.post_clerks)])
        barrier.wait(timeout=120)
        start = time.monotonic()
        deadline = start + seconds
        pool = list(region.letters)
        while time.monotonic() < deadline and region.letters:
            if not pool:
                pool = list(region.letters)  # the office's queue starts over
            letter = rng.choice(pool)
            choice = rng.random()
            if pause:
                time.sleep(rng.random() * pause)
            if choice < 0.6:
                typed = letter.passport if choice < 0.5 else "FC9999999"
                refusal: list[post.LetterRefused] = []

                def hand_over(typed: str = typed, refusal: list[post.LetterRefused] = refusal,
                              letter: Letter = letter) -> object:
                    try:
                        with db.write() as session:
                            return post.hand_over(session, actor, letter.tracking_number, typed)
                    except post.LetterRefused as error:
                        refusal.append(error)
                        raise

                handed = timed(tally, "hand_over", hand_over) is not None
                gone = refusal and refusal[0].reason is post.RefusalReason.ALREADY_HANDED_OVER
                if (handed or gone) and rng.random() < 0.7:
                    pool.remove(letter)  # mostly, a letter handed over is not asked for again
                if refusal:
                    def record(letter: Letter = letter, error: post.LetterRefused = refusal[0]
                               ) -> None:
                        with db.write() as session:
                            post.record_refusal(session, actor, letter.tracking_number, error)

                    timed(tally, "record_refusal", record)
            elif choice < 0.85:
                if _letter_state(db, letter) is LetterState.HANDED_OVER:
                    # the addressee types the code from the letter (both counters' portal
                    # sessions may reach for the same letter's code)
                    def redeem(letter: Letter = letter) -> codes.RedeemResult:
                        return _redeem(db, letter.application_number, letter.code, key)

                    timed(tally, "redeem_letter", redeem)
            else:
                def view(letter: Letter = letter) -> object:
                    with db.read() as session:
                        return post.letter_view(session, actor, letter.tracking_number)

                timed(tally, "letter_view", view)
        tally.seconds = time.monotonic() - start
    except BaseException:  # noqa: BLE001 - the parent reports whatever went wrong here
        tally.errors.append("worker: " + traceback.format_exc())
    finally:
        db.dispose()
        results.put(tally)


def _letter_state(db: Database, letter: Letter) -> LetterState | None:
    with db.read() as session:
        return session.scalar(select(PostLetter.state)
                              .where(PostLetter.tracking_number == letter.tracking_number))


def run_region(url: str, region: Region, *, desks: int, counters: int, seconds: float,
               seed: int = 0, habits: DeskHabits = DeskHabits()) -> Tally:
    """Start the desks and counters, each its own spawned OS process, all at once."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(desks + counters)
    results = ctx.Queue()
    workers = [ctx.Process(target=desk_worker,
                           args=(url, region, i, seconds, barrier, results, seed * 1000 + i,
                                 habits))
               for i in range(desks)]
    workers += [ctx.Process(target=post_worker,
                            args=(url, region, i, seconds, barrier, results,
                                  seed * 1000 + 500 + i, habits.pause))
                for i in range(counters)]
    for worker in workers:
        worker.start()
    total = Tally()
    try:
        for _ in workers:
            total.merge(results.get(timeout=seconds + 240))
    finally:
        for worker in workers:
            worker.join(timeout=60)
            if worker.is_alive():
                worker.kill()
    return total


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def shape(message: str) -> str:
    """A refusal's sentence with its particulars (times, numbers, values) blurred, to count
    refusals by kind."""
    message = re.sub(r"«[^»]*»", "«…»", message)
    return re.sub(r"\d+", "#", message)


# -- faults ---------------------------------------------------------------------------------

# Armed points: the flush that writes this, inside its transaction, before the commit.
ARMED_POINTS = ("open", "document", "correction", "code", "decided")


def _armed(point: str, session: Session) -> bool:
    written = list(session.new) + list(session.dirty)
    if point == "open":
        return any(isinstance(o, AuditEvent) and o.action == "visit_opened" for o in written)
    if point == "document":
        return any(isinstance(o, IdentityDocument) for o in written)
    if point == "correction":
        return any(isinstance(o, DataCorrection) for o in written)
    if point == "code":
        return any(isinstance(o, ConfirmationCode) and o in session.new for o in written)
    if point == "decided":
        return any(isinstance(o, AuditEvent) and o.action == "visit_decided" for o in written)
    raise ValueError(point)


def arm(point: str) -> None:
    """Die by SIGKILL right after the flush that writes ``point``, before the commit: the
    services are not touched, the session's own event is the trigger."""
    ARMED_POINTS.index(point)

    @event.listens_for(Session, "after_flush")
    def _kill(session: Session, _context: object) -> None:
        if _armed(point, session):
            os.kill(os.getpid(), signal.SIGKILL)


def own_open_visit(db: Database, login: str) -> tuple[int, str] | None:
    """The operator's open visit (id, application number), if any."""
    with db.read() as session:
        row = session.execute(
            select(Visit.id, Application.number)
            .join(Application, Application.id == Visit.application_id)
            .join(Operator, Operator.id == Visit.operator_id)
            .where(Operator.login == login,
                   Visit.state.in_(list(visits.OPEN_STATES)))).first()
    return (row[0], row[1]) if row is not None else None


def fault_worker(url: str, login: str, numbers: tuple[str, ...], resume: tuple[int, str] | None,
                 armed: str | None, seed: int, messages: Any, then_serve: bool = True) -> None:
    """A desk that is killed: first it resumes the open visit the last one left (and says
    whether it got that very visit back), finishes it, says it is ready, then serves
    applicants until killed (at the armed point, or by the parent at random)."""
    from operator_app.settings import code_hash_key

    tally = Tally()
    rng = random.Random(seed)
    db = Database(url)
    try:
        key = code_hash_key()
        actor = actor_of(db, login)
        if resume is not None:
            visit_id, number = resume
            seen: list[visits.VisitInfo] = []
            serve(db, actor, number, rng, tally, key=key, habits=FAULT_HABITS, tag="fault",
                  on_open=seen.append)
            left = own_open_visit(db, login)
            messages.put(("resumed", bool(seen) and seen[0].id == visit_id and seen[0].resumed,
                          left is None, tally.errors[:1] + [m for (_k, m) in tally.refused]))
        if not then_serve:
            return
        if armed is not None:
            arm(armed)
        messages.put(("ready",))
        while True:
            serve(db, actor, rng.choice(numbers), rng, tally, key=key, habits=FAULT_HABITS,
                  tag="fault")
            if tally.errors:
                messages.put(("error", tally.errors[0]))
                return
    except BaseException:  # noqa: BLE001 - the parent reports whatever went wrong here
        messages.put(("error", traceback.format_exc()))
    finally:
        db.dispose()


@dataclass
class FaultReport:
    """What the kills did: how many, at which point, and what held after each."""

    kills: Counter[str] = field(default_factory=Counter)  # by point ("random" or armed)
    held: Counter[str] = field(default_factory=Counter)  # invariants held after the kill
    left_open: Counter[str] = field(default_factory=Counter)  # a visit was left open …
    resumed: Counter[str] = field(default_factory=Counter)  # … and the next desk resumed it
    problems: list[str] = field(default_factory=list)

    def merge(self, other: FaultReport) -> None:
        for mine, theirs in ((self.kills, other.kills), (self.held, other.held),
                             (self.left_open, other.left_open),
                             (self.resumed, other.resumed)):
            mine.update(theirs)
        self.problems.extend(other.problems)


class _Desk:
    """Start fault workers one after another as the same operator, each resuming what
    the last one left open."""

    def __init__(self, url: str, login: str, numbers: tuple[str, ...], report: FaultReport
                 ) -> None:
        import multiprocessing

        self.ctx = multiprocessing.get_context("spawn")
        self.url, self.login, self.numbers, self.report = url, login, numbers, report
        self.db = Database(url)
        self.resume = own_open_visit(self.db, login)
        self.last_point = ""
        self.seed = 0

    def start(self, armed: str | None, *, then_serve: bool = True) -> tuple[Any, Any]:
        # A queue per child: a process killed while writing to a shared one could leave
        # it locked or torn for the next.
        messages = self.ctx.Queue()
        self.seed += 1
        child = self.ctx.Process(target=fault_worker,
                                 args=(self.url, self.login, self.numbers, self.resume, armed,
                                       self.seed, messages, then_serve))
        child.start()
        if self.resume is not None:
            answer = self._get(messages)
            if answer[0] == "resumed" and answer[1] and answer[2]:
                self.report.resumed[self.last_point] += 1
            else:
                self.report.problems.append(
                    f"after a kill at {self.last_point}: visit {self.resume[0]} not resumed "
                    f"and finished by the same operator: {answer}")
        return child, messages

    def _get(self, messages: Any) -> tuple[Any, ...]:
        try:
            answer: tuple[Any, ...] = messages.get(timeout=120)
        except Exception:  # noqa: BLE001 - queue.Empty: the child never answered
            return ("error", "no answer from the desk process")
        if answer[0] == "error":
            self.report.problems.append(f"desk process failed: {answer[1]}")
        return answer

    def ready(self, messages: Any) -> bool:
        return self._get(messages) == ("ready",)

    def killed(self, child: Any, point: str, messages: Any) -> None:
        child.join(timeout=120)
        if child.is_alive():
            child.kill()
            child.join()
            self.report.problems.append(f"armed point {point}: the desk never reached it")
        elif child.exitcode != -signal.SIGKILL:
            self.report.problems.append(f"{point}: the desk ended with {child.exitcode}, "
                                        "not by the kill")
        while not messages.empty():
            self._get(messages)
        self.report.kills[point] += 1
        found = check_invariants(self.db)
        if found:
            self.report.problems += [f"after a kill at {point}: {p}" for p in found]
        else:
            self.report.held[point] += 1
        self.resume = own_open_visit(self.db, self.login)
        if self.resume is not None:
            self.report.left_open[point] += 1
        self.last_point = point

    def finish(self) -> None:
        """One last desk resumes what the last kill left, and stops."""
        if self.resume is not None:
            child, _messages = self.start(None, then_serve=False)
            child.join(timeout=120)
        found = check_invariants(self.db)
        self.report.problems += [f"at the end: {p}" for p in found]
        self.db.dispose()


def kill_at_random(url: str, login: str, numbers: tuple[str, ...], *, kills: int,
                   rng: random.Random, shortest: float = 0.05, longest: float = 1.5
                   ) -> FaultReport:
    """A desk serving applicants (every visit corrected and confirmed) is SIGKILLed after
    a random time, ``kills`` times; after each kill the invariants are checked and the next
    desk, the same operator, resumes the visit left open."""
    report = FaultReport()
    desk = _Desk(url, login, numbers, report)
    for _ in range(kills):
        child, messages = desk.start(None)
        if not desk.ready(messages):
            child.kill()
            child.join()
            break
        time.sleep(rng.uniform(shortest, longest))
        os.kill(child.pid, signal.SIGKILL)
        desk.killed(child, "random", messages)
    desk.finish()
    return report


def kill_at_armed_points(url: str, login: str, numbers: tuple[str, ...], *,
                         points: Iterable[str] = ARMED_POINTS, rounds: int = 1) -> FaultReport:
    """The desk kills itself inside the transaction that writes each armed point, right
    after the flush (so the rows are sent, not committed), ``rounds`` times per point."""
    report = FaultReport()
    desk = _Desk(url, login, numbers, report)
    for _ in range(rounds):
        for point in points:
            child, messages = desk.start(point)
            if not desk.ready(messages):
                child.kill()
                child.join()
                continue
            desk.killed(child, point, messages)
            if point != "open" and desk.resume is None:
                report.problems.append(f"a kill inside {point} left no open visit to resume")
    desk.finish()
    return report


# -- invariants -----------------------------------------------------------------------------


def check_invariants(db: Database) -> list[str]:
    """Every problem found in the database; empty when everything held. Read as of one
    moment, so it may run while desks are still at work."""
    problems: list[str] = []
    with db.read() as session:
        if session.get_bind().dialect.name == "postgresql":
            # One moment for every query below: desks may still be writing meanwhile.
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        problems += _codes(session)
        problems += _visits(session)
        problems += _letters(session)
        problems += _no_lost_update(session)
        result = audit.verify(session)
        if not result.ok:
            problems += [f"audit: {b.chain} #{b.seq} {b.kind}: {b.message}"
                         for b in result.breaks]
    return problems


def _events(session: Session, action: str, entity: str) -> Counter[str]:
    return Counter(dict(session.execute(
        select(AuditEvent.entity_id, func.count())
        .where(AuditEvent.action == action, AuditEvent.entity == entity)
        .group_by(AuditEvent.entity_id)).all()))


def _codes(session: Session) -> list[str]:
    problems = []
    for application_id, count in session.execute(
            select(ConfirmationCode.application_id, func.count())
            .where(ConfirmationCode.state == CodeState.ACTIVE)
            .group_by(ConfirmationCode.application_id).having(func.count() > 1)):
        problems.append(f"application {application_id} has {count} active codes")
    redeemed = _events(session, "code_redeemed", "confirmation_code")
    issued = _events(session, "code_issued", "confirmation_code")
    for entity_id, count in redeemed.items():
        if count > 1:
            problems.append(f"code {entity_id} redeemed {count} times")
    for code_id, state in session.execute(select(ConfirmationCode.id,
                                                 ConfirmationCode.state)):
        times = redeemed.get(str(code_id), 0)
        if (state is CodeState.REDEEMED) != (times == 1):
            problems.append(f"code {code_id} is {state.value} but redeemed {times} times in "
                            "the log")
        if issued.get(str(code_id), 0) != 1:
            problems.append(f"code {code_id} has {issued.get(str(code_id), 0)} code_issued "
                            "events")
    for application_id, status in session.execute(
            select(Application.id, Application.account_status)
            .join(ConfirmationCode, ConfirmationCode.application_id == Application.id)
            .where(ConfirmationCode.state == CodeState.REDEEMED).distinct()):
        if status is not AccountStatus.ACTIVE:
            problems.append(f"application {application_id}: a code redeemed, account "
                            f"{status.value}")
    return problems


def _visits(session: Session) -> list[str]:
    problems = []
    states = {s.value for s in VisitState}
    # The raw column, not the enum the ORM would refuse to load: exactly one known state.
    for visit_id, raw in session.execute(text("SELECT id, state FROM visit")):
        if raw not in states:
            problems.append(f"visit {visit_id} in an unknown state {raw!r}")
    with_code = set(session.scalars(select(ConfirmationCode.visit_id)
                                    .where(ConfirmationCode.visit_id.is_not(None))))
    opened = _events(session, "visit_opened", "visit")
    decided = _events(session, "visit_decided", "visit")
    released = _events(session, "visit_released", "visit")
    open_per_application: Counter[int] = Counter()
    for visit in session.scalars(select(Visit)):
        is_open = visit.state in visits.OPEN_STATES
        if is_open != (visit.open_application_id is not None):
            problems.append(f"visit {visit.id} is {visit.state.value} with open_application_id "
                            f"{visit.open_application_id}")
        if visit.open_application_id is not None and \
                visit.open_application_id != visit.application_id:
            problems.append(f"visit {visit.id} holds another application open")
        if is_open:
            open_per_application[visit.application_id] += 1
        if is_open == (visit.decided_at is not None):
            problems.append(f"visit {visit.id} is {visit.state.value}, decided_at "
                            f"{visit.decided_at}")
        if visit.state is VisitState.CONFIRMED and visit.id not in with_code:
            problems.append(f"visit {visit.id} confirmed without its code")
        key = str(visit.id)
        if opened.get(key, 0) != 1:
            problems.append(f"visit {visit.id} has {opened.get(key, 0)} visit_opened events")
        closing = decided.get(key, 0) + released.get(key, 0)
        if closing != (0 if is_open else 1):
            problems.append(f"visit {visit.id} is {visit.state.value} with {closing} "
                            "decision events")
    for application_id, count in open_per_application.items():
        if count > 1:
            problems.append(f"application {application_id} has {count} open visits")
    return problems


def _letters(session: Session) -> list[str]:
    problems = []
    handed = _events(session, "letter_handed_over", "post_letter")
    created = _events(session, "letter_created", "post_letter")
    for letter_id, state in session.execute(select(PostLetter.id, PostLetter.state)):
        count = handed.get(str(letter_id), 0)
        if count != (1 if state is LetterState.HANDED_OVER else 0):
            problems.append(f"letter {letter_id} is {state.value}, handed over {count} times "
                            "in the log")
        if created.get(str(letter_id), 0) != 1:
            problems.append(f"letter {letter_id} without its letter_created event")
    return problems


def _no_lost_update(session: Session) -> list[str]:
    """Each corrected field holds the value of its last correction, and every correction
    has its event (a save that overwrote another desk's would break one or the other)."""
    problems = []
    last: dict[tuple[int, str], str] = {}
    rows = 0
    for correction in session.scalars(select(DataCorrection).order_by(DataCorrection.id)):
        last[(correction.entity_id, correction.field)] = correction.new_value or ""
        rows += 1
    events = session.scalar(select(func.count()).select_from(AuditEvent)
                            .where(AuditEvent.action == "data_corrected")) or 0
    if events != rows:
        problems.append(f"{rows} corrections stored, {events} data_corrected events")
    applicants = {a.id: corrections.snapshot(a) for a in session.scalars(
        select(Applicant).where(Applicant.id.in_({k[0] for k in last})))} if last else {}
    for (applicant_id, name), value in last.items():
        now = applicants.get(applicant_id, {}).get(name)
        if now != value:
            problems.append(f"applicant {applicant_id} {name} is {now!r}, its last "
                            f"correction says {value!r} (a lost update)")
    return problems


def summary_lines(tally: Tally) -> Iterable[str]:
    """ops/s and p50/p95 per operation kind, for the bench and the test's output."""
    seconds = tally.seconds or 1.0
    yield (f"{tally.operations} operations in {seconds:.1f} s: "
           f"{tally.operations / seconds:.1f} ops/s, {sum(tally.ok.values())} ok, "
           f"{tally.refusals} refused, {len(tally.errors)} errors")
    yield (f"  {'operation':<20} {'ops':>6} {'ops/s':>6} {'p50 ms':>7} {'p95 ms':>7}  "
           f"{'ok':>5} {'ok p50':>7} {'ok p95':>7} {'refused':>7}")
    for kind in sorted(tally.latencies):
        values = tally.latencies[kind]
        done = tally.ok_latencies.get(kind, [])
        refused = sum(n for (k, _m), n in tally.refused.items() if k == kind)
        yield (f"  {kind:<20} {len(values):>6} {len(values) / seconds:>6.1f} "
               f"{percentile(values, 0.5) * 1000:>7.1f} {percentile(values, 0.95) * 1000:>7.1f}"
               f"  {tally.ok[kind]:>5} {percentile(done, 0.5) * 1000:>7.1f} "
               f"{percentile(done, 0.95) * 1000:>7.1f} {refused:>7}")
