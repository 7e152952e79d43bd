"""The demo's recent past: the last two weeks of work at every service point and post
office, played through the real services on a simulated clock.

A new user's first look at any screen should show a working office, not an empty one:
the desk with earlier visits behind its applicants, the supervisor's log and summary
for today and for any earlier day, the letters section with batches under way, the post
counter with letters waiting. So nothing here writes a row itself. :func:`plan` decides,
from a seeded generator and without touching the database, who comes to which desk
when, what they bring and how their visit ends; :func:`play` then runs that plan as a
small discrete-event simulation. Each visit, batch, letter and code is a *process*: a
generator that yields the moment of its next step. Steps run in time order, each inside
:func:`operator_app.models.simulated_now` set to its moment, and each step is one call of
the service a desk, a supervisor, a post clerk or the portal would make at that moment —
so the audit chains are written in time order exactly as on a real day, and every figure
a supervisor sees comes from the same events a real day leaves.

What happens, in short. Service centers open Monday to Friday 9:00–18:00 (each clerk
has a lunch break) and the busier one also on Saturday morning. Applicants submit on
the portal a few days before they come; most are confirmed and get a code, which most
of them redeem on the portal within hours. Some need a correction first (a typo in the
Latin surname, a СНИЛС with a wrong check number, a new phone), some lack a document of
legal stay and come back with it a few working days later, some have a passport that
expires too soon and are refused, a few leave before the end. Post offices get a batch
of letters three times a week; the letters arrive a working day or two later and are
collected within days — or, once in a while, never, and go back after the storage
period with their codes revoked. The post side is played for the storage period before
the window too, so that those returns fall inside it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import heapq
import itertools
import math
import random
from collections import defaultdict
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from operator_app.models import (
    AccountStatus,
    ConfirmationMethod,
    Operator,
    RepeatReason,
    Role,
    Visit,
    VisitKind,
    VisitState,
    simulated_now,
)
from operator_app.services import (
    codes,
    corrections,
    demo,
    documents,
    post,
    visits,
)
from operator_app.services.actor import Actor
from operator_app.services.application_numbers import format_number
from operator_app.services.applications import ApplicationData, DocumentData, import_application
from operator_app.services.checks import KIND_TITLES
from operator_app.services.errors import ValidationError
from operator_app.services.identifiers import snils_check_digits
from operator_app.services.letters import STORAGE_DAYS
from operator_app.services.qr_payload import make_payload
from operator_app.services.scan import ScanSource, resolve_scan

TZ = demo.MOSCOW  # both demo cities keep Moscow time

# What brings a new applicant to the desk, and how often (per cent).
ORDINARY = "ordinary"  # everything in order: confirmed
CONTACTS = "contacts"  # confirmed; a new phone or e-mail corrected on the way
NAME = "name"  # a typo in the Latin surname on the portal: corrected, then confirmed
SNILS = "snils"  # a СНИЛС with a wrong check number: corrected from the card, confirmed
NO_STAY = "no_stay"  # no document of legal stay: repeat visit needed, most come back
FORGOT = "forgot"  # left the stay documents at home: repeat visit needed, most come back
EXPIRING = "expiring"  # passport valid for less than six months: refused, or told to return
CANCELLED = "cancelled"  # left before the end (the visit is cancelled); some come back
EARLIER = "earlier"  # the base set's planted earlier visit (demo.EARLIER_REPEAT_VISIT)

NEW_ARRIVALS: tuple[tuple[str, int], ...] = (
    (ORDINARY, 62), (CONTACTS, 9), (NAME, 7), (SNILS, 5), (NO_STAY, 6), (FORGOT, 4),
    (EXPIRING, 4), (CANCELLED, 3),
)
_PROBLEM_OF = {NAME: demo.NAME_MISMATCH, SNILS: demo.INVALID_SNILS,
               NO_STAY: demo.MISSING_STAY_DOCUMENT, EXPIRING: demo.PASSPORT_EXPIRES_SOON}
_COMES_BACK = {NO_STAY: 0.75, FORGOT: 0.85, CANCELLED: 0.5}

NO_STAY_NOTE = "Не представлен документ, подтверждающий законность пребывания."
NO_STAY_MISSING = ("Документ о законном пребывании: ВНЖ, РВП, миграционная карта, "
                   "уведомление о прибытии или патент (оригинал)", "Копия первого заявления")
FORGOT_NOTE = "Заявитель не принёс оригиналы документов о пребывании, указанных в заявлении."
UNEXPECTED_NOTE = "Документы не прошли проверку: нужен повторный визит."
EXPIRING_REFUSAL = ("Паспорт действует менее 6 месяцев с даты заявления: подтвердить личность "
                    "по нему нельзя. Нужно новое заявление с действующим паспортом.")
EXPIRING_NOTE = "Паспорт действует менее 6 месяцев; заявитель оформляет новый паспорт."
EXPIRING_MISSING = ("Действующий паспорт иностранного гражданина (не менее 6 месяцев до "
                    "окончания срока)", "Нотариально заверенный перевод нового паспорта")
CANCEL_NOTES = ("Заявитель ушёл, не дождавшись проверки документов.",
                "Заявитель не взял документы, придёт в другой день.",
                "Открыто по ошибке: заявитель пришёл с другим заявлением.")
LOST_CODE = "Заявитель потерял код"
CONTACTS_REASON = "по заявлению гражданина"
PORTAL_TYPO_REASON = "ошибка при вводе на портале"

# Post offices: open Monday to Saturday; letters made on Monday, Wednesday and Friday.
BATCH_WEEKDAYS = (0, 2, 4)
TRANSIT_WORKING_DAYS = {"msk": 1, "kzn": 2}
# Days from arrival to collection (weights); the last entry: never collected.
COLLECTED_AFTER = (14, 18, 14, 10, 8, 6, 5, 4, 3, 3, 3, 12)


# -- the plan -----------------------------------------------------------------------------


@dataclass(eq=False)
class Person:
    """Someone the history brings in, as the portal sent them (``data``) and as they
    really are (what they bring, what the clerk will correct)."""

    data: ApplicationData
    scenario: str
    center: str = ""  # the service center they go to; "" for confirmation by post
    corrections: dict[str, str] = field(default_factory=dict)  # typed by the clerk
    correct_first: bool = True  # before "documents checked" (it blocks) or after
    brings_later: tuple[DocumentData, ...] = ()  # the stay document a NO_STAY one returns with
    forgotten: frozenset[int] = frozenset()  # indexes into data.documents left at home
    refuse: bool = False  # EXPIRING: refused rather than told to come back
    loses_code: bool = False
    earlier: demo._RepeatVisit | None = None
    base_index: int | None = None  # an applicant of the base set (numbered with it)


@dataclass(frozen=True)
class Slot:
    """One person at one desk: a visit (``attempt`` 0 first, then repeats) or, for
    ``reissue``, a lost code replaced."""

    login: str
    desk: str
    start: dt.datetime
    minutes: float
    person: Person
    attempt: int = 0
    reissue: bool = False

    @property
    def end(self) -> dt.datetime:
        return self.start + dt.timedelta(minutes=self.minutes)


@dataclass
class Plan:
    people: list[Person]  # everyone imported during the history, in no particular order
    slots: list[Slot]
    batches: list[tuple[str, dt.datetime]]  # (post office code, when the batch is made)
    post_days: list[dt.date]
    cutoff: dt.datetime  # nothing after this moment is played
    days: int

    @property
    def new_people(self) -> list[Person]:
        return [p for p in self.people if p.base_index is None]


@dataclass(frozen=True)
class _Shift:
    login: str
    desk: str
    start: dt.datetime
    end: dt.datetime
    lunch: tuple[dt.datetime, dt.datetime] | None


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), TZ)


def _clerks() -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for login in demo.LOGINS:
        if login.role is Role.CLERK:
            found[login.point_code].append(login.login)
    return dict(found)


def _shifts(center: str, day: dt.date, clerks: Sequence[str]) -> list[_Shift]:
    """Who works at ``center`` on ``day``: every clerk on weekdays (lunches staggered so a
    desk stays open), one of them on Saturday morning where there are several."""
    if day.weekday() < 5:
        return [_Shift(login, f"Окно {n + 1}", _at(day, 9), _at(day, 18),
                       (_at(day, 13) + dt.timedelta(minutes=45 * n),
                        _at(day, 13, 45) + dt.timedelta(minutes=45 * n)))
                for n, login in enumerate(clerks)]
    if day.weekday() == 5 and len(clerks) > 1:
        n = day.isocalendar().week % len(clerks)
        return [_Shift(clerks[n], f"Окно {n + 1}", _at(day, 10), _at(day, 15), None)]
    return []


def _service_minutes(rng: random.Random, scenario: str, attempt: int) -> float:
    """Lognormal around 15 minutes; corrections add some, quick outcomes take less, one
    visit in twenty takes twice as long (an interpreter, a slow scanner, questions)."""
    if scenario == CANCELLED and attempt == 0:
        return round(rng.uniform(1.5, 6.0), 2)
    minutes = rng.lognormvariate(math.log(15.0), 0.3)
    if scenario in (CONTACTS, NAME, SNILS) and attempt == 0:
        minutes += rng.uniform(3.0, 8.0)
    if attempt == 0 and scenario in (NO_STAY, FORGOT, EXPIRING, EARLIER):
        minutes *= 0.8
    if attempt > 0:
        minutes *= 0.85
    if rng.random() < 0.05:
        minutes *= rng.uniform(1.8, 2.6)
    return round(min(max(minutes, 5.0), 75.0), 2)


def _working_days_after(day: dt.date, count: int) -> dt.date:
    """``count`` working days (Monday to Friday) after ``day``."""
    while count > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


class _Planner:
    def __init__(self, rng: random.Random, now: dt.datetime, passports: set[str]) -> None:
        self.rng = rng
        self.now = now
        self.passports = passports
        self.clerks = _clerks()
        self.people: list[Person] = []
        self.slots: list[Slot] = []
        # (center, day) -> (person, attempt, to replace a lost code) coming back that day
        self.returning: dict[tuple[str, dt.date], list[tuple[Person, int, bool]]] = (
            defaultdict(list))
        # (center, day, clerk) -> (not before, person): the base set's earlier visits
        self.pinned: dict[tuple[str, dt.date, str], list[tuple[dt.datetime, Person]]] = (
            defaultdict(list))

    # -- who comes --------------------------------------------------------------------

    def _country(self) -> demo._Country:
        return self.rng.choices(demo.COUNTRIES, weights=[c.weight for c in demo.COUNTRIES])[0]

    def _city(self, *, center: str = "", office: str = "") -> demo._City:
        cities = [c for c in demo.CITIES if (center and c.center == center)
                  or (office and c.post_office == office)]
        return self.rng.choices(cities, weights=[c.weight for c in cities])[0]

    def _submitted_before(self, moment: dt.datetime, low_days: float, high_days: float
                          ) -> dt.datetime:
        back = dt.timedelta(minutes=round(self.rng.uniform(low_days, high_days) * 1440))
        return (moment - back).replace(microsecond=0)

    def new_visitor(self, center: str, scenario: str, start: dt.datetime) -> Person:
        rng = self.rng
        country, city = self._country(), self._city(center=center)
        problems = frozenset({_PROBLEM_OF[scenario]}) if scenario in _PROBLEM_OF else frozenset()
        draft = demo._draft(rng, country, problems, start, self.passports, city=city,
                            method=ConfirmationMethod.SERVICE_CENTER)
        data = dataclasses.replace(draft.data, account_status=AccountStatus.PENDING,
                                   submitted_at=self._submitted_before(start, 0.5, 12))
        person = Person(data, scenario, center)
        passport = data.documents[0]
        if scenario == NAME:
            person.corrections = {"surname_latin": passport.surname_latin}
        elif scenario == SNILS:
            assert data.snils is not None
            person.corrections = {"snils": data.snils[:9] + snils_check_digits(data.snils[:9])}
        elif scenario == CONTACTS:
            person.correct_first = False
            if data.email and rng.random() < 0.4:
                email = data.email
                while email == data.email:
                    email = demo._email(rng, data.surname_latin, data.given_names_latin,
                                        data.birth_date)
                person.corrections = {"email": email}
            else:
                phone = data.phone
                while phone == data.phone:
                    phone = demo._russian_mobile(rng)
                assert phone is not None
                person.corrections = {"phone": phone}
        elif scenario == NO_STAY:
            person.brings_later = demo._stay_documents(
                rng, country, city, start.astimezone(TZ).date(), passport.surname_latin,
                passport.given_names_latin)
        elif scenario == FORGOT:  # the folder with the stay documents stayed at home
            person.forgotten = frozenset(i for i, d in enumerate(data.documents)
                                         if d.kind in demo.STAY_KINDS)
        elif scenario == EXPIRING:
            person.refuse = rng.random() < 0.55
        person.loses_code = rng.random() < 0.015
        self.people.append(person)
        return person

    def post_applicant(self, office: str, submitted: dt.datetime) -> Person:
        rng = self.rng
        draft = demo._draft(rng, self._country(), frozenset(), submitted, self.passports,
                            city=self._city(office=office), method=ConfirmationMethod.POST)
        data = dataclasses.replace(draft.data, account_status=AccountStatus.PENDING,
                                   submitted_at=submitted)
        person = Person(data, ORDINARY)
        self.people.append(person)
        return person

    def pin_earlier(self, index: int, data: ApplicationData, visit: demo._RepeatVisit,
                    desk_days: set[dt.date]) -> None:
        """A base-set applicant's planted earlier visit: inside the window it takes its
        place in that day's queue at that desk; before it, it is played on its own."""
        person = Person(data, EARLIER, visit.center, earlier=visit, base_index=index)
        self.people.append(person)
        login = self.rng.choice(self.clerks[visit.center])
        day = visit.decided_at.astimezone(TZ).date()
        if day in desk_days:
            target = min(visit.decided_at - dt.timedelta(minutes=visit.minutes), _at(day, 16))
            self.pinned[(visit.center, day, login)].append((target, person))
            return
        desk = f"Окно {self.clerks[visit.center].index(login) + 1}"
        self.slots.append(Slot(login, desk, visit.decided_at - dt.timedelta(
            minutes=visit.minutes), visit.minutes, person))

    # -- the desks, day by day --------------------------------------------------------

    def lay_out(self, center: str, day: dt.date) -> None:
        rng = self.rng
        waiting = self.returning.pop((center, day), [])
        rng.shuffle(waiting)
        for shift in _shifts(center, day, self.clerks[center]):
            pinned = sorted(self.pinned.pop((center, day, shift.login), []),
                            key=lambda item: item[0])
            t = shift.start + dt.timedelta(minutes=rng.uniform(0, 8))
            while True:
                if pinned and pinned[0][0] <= t:
                    choice: tuple[Person | None, int, bool] = (pinned[0][1], 0, False)
                elif waiting and (rng.random() < 0.3 or t.hour >= 15):
                    choice = waiting[0]
                else:
                    choice = (None, 0, False)
                person, attempt, reissue = choice
                scenario = person.scenario if person is not None else rng.choices(
                    [s for s, _ in NEW_ARRIVALS], weights=[w for _, w in NEW_ARRIVALS])[0]
                minutes = (round(rng.uniform(2.0, 4.0), 2) if reissue
                           else _service_minutes(rng, scenario, attempt))
                end = t + dt.timedelta(minutes=minutes)
                if shift.lunch is not None and t < shift.lunch[1] and end > shift.lunch[0]:
                    t = shift.lunch[1] + dt.timedelta(minutes=rng.uniform(0, 4))
                    continue
                if end > shift.end or end > self.now:
                    break
                if person is None:
                    person = self.new_visitor(center, scenario, t)
                elif pinned and person is pinned[0][1]:
                    pinned.pop(0)
                else:
                    waiting.pop(0)
                slot = Slot(shift.login, shift.desk, t.replace(microsecond=0), minutes, person,
                            attempt, reissue)
                self.slots.append(slot)
                self._follow_up(slot, day)
                t = end + dt.timedelta(minutes=0.5 + rng.expovariate(1 / 5.0))
                if rng.random() < 0.08:  # nobody in the queue for a while
                    t += dt.timedelta(minutes=rng.uniform(8, 25))
            # Not reached with these hours (a planted visit is before 16:00 of a past
            # working day); kept so that changed hours cannot lose a planted visit.
            for target, person in pinned:
                self.slots.append(Slot(shift.login, shift.desk, target, 10.0, person))
        if waiting:  # not served today: they come the next working day
            self.returning[(center, _working_days_after(day, 1))].extend(waiting)

    def _follow_up(self, slot: Slot, day: dt.date) -> None:
        """Who will come back, and when."""
        person, rng = slot.person, self.rng
        if slot.reissue or person.scenario == EARLIER:
            return
        if slot.attempt == 0 and person.scenario in _COMES_BACK:
            if rng.random() < _COMES_BACK[person.scenario]:
                later = rng.randint(3, 7) if person.scenario == NO_STAY else rng.randint(1, 5)
                self.returning[(person.center, _working_days_after(day, later))].append(
                    (person, 1, False))
            return
        if person.loses_code and (slot.attempt > 0 or person.scenario != EXPIRING):
            self.returning[(person.center, _working_days_after(day, rng.randint(1, 3)))].append(
                (person, slot.attempt, True))


def plan(rng: random.Random, *, now: dt.datetime, days: int, passports: set[str],
         base: Sequence[demo._Draft] = ()) -> Plan:
    """Who comes when, over the ``days`` days ending with ``now`` (today up to ``now``),
    and the post offices' letters over the storage period before that as well.

    ``base`` is the demo's base set: its applicants with a planted earlier visit get that
    visit here; the rest of them are not touched (they are the desk's queue).
    ``passports`` holds the passport numbers already drawn; new ones are added to it.
    """
    planner = _Planner(rng, now, passports)
    today = now.astimezone(TZ).date()
    desk_days = [today - dt.timedelta(days=n) for n in range(days - 1, -1, -1)] if days else []
    for index, draft in enumerate(base):
        if draft.visit is not None:
            planner.pin_earlier(index, draft.data, draft.visit, set(desk_days))
    centers = [p.code for p in demo.POINTS if p.code in planner.clerks]
    for day in desk_days:
        for center in centers:
            planner.lay_out(center, day)

    post_days: list[dt.date] = []
    batches: list[tuple[str, dt.datetime]] = []
    if days:
        first = today - dt.timedelta(days=days + STORAGE_DAYS + 1)
        post_days = [first + dt.timedelta(days=n) for n in range((today - first).days + 1)]
        offices = [c.post_office for c in demo.CITIES]
        # Applications for a letter arrive from the portal every day, night included.
        for day in [first - dt.timedelta(days=n) for n in range(5, 0, -1)] + post_days:
            for city in demo.CITIES:
                for _ in range(_poisson(rng, 4.0 * city.weight / 100)):
                    moment = _at(day, 0) + dt.timedelta(seconds=rng.randint(0, 86_399))
                    if moment <= now:
                        planner.post_applicant(city.post_office, moment)
        for day in post_days:
            if day.weekday() in BATCH_WEEKDAYS:
                for office in dict.fromkeys(offices):
                    moment = _at(day, 10, 30) + dt.timedelta(seconds=rng.randint(0, 40 * 60))
                    if moment <= now:
                        batches.append((office, moment))
    planner.slots.sort(key=lambda s: s.start)
    return Plan(planner.people, planner.slots, batches, post_days, now, days)


def _poisson(rng: random.Random, mean: float) -> int:
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


# -- playing it ---------------------------------------------------------------------------


@dataclass
class HistorySummary:
    """What the played history left behind."""

    days: int
    applications: tuple[str, ...] = ()  # numbers of the applicants it brought in
    visits: int = 0
    repeat_visits: int = 0
    confirmed: int = 0
    repeat_needed: int = 0
    refused: int = 0
    cancelled: int = 0
    corrections: int = 0
    codes_issued: int = 0
    codes_redeemed: int = 0
    batches: int = 0
    letters: int = 0
    letters_handed_over: int = 0
    letters_returned: int = 0


Process = Generator[dt.datetime, None, None]


class _Steps:
    """Moments inside one visit: each a little later than the one before, all before the
    decision at ``end``."""

    def __init__(self, start: dt.datetime, end: dt.datetime, rng: random.Random) -> None:
        self.moment, self.end, self.rng = start, end, rng

    def __call__(self) -> dt.datetime:
        room = (self.end - self.moment).total_seconds()
        self.moment += dt.timedelta(seconds=max(2.0, room * self.rng.uniform(0.1, 0.3)))
        return min(self.moment, self.end - dt.timedelta(seconds=1))


class _Player:
    def __init__(self, session: Session, history: Plan, *, qr_key: bytes, code_key: bytes,
                 rng: random.Random) -> None:
        self.session = session
        self.plan = history
        self.qr_key, self.code_key, self.rng = qr_key, code_key, rng
        self.cutoff = history.cutoff
        self.actors = {o.login: Actor.of(o) for o in session.scalars(select(Operator))}
        self.importer = Actor.command_line()
        self.summary = HistorySummary(history.days)
        self._queue: list[tuple[dt.datetime, int, Process]] = []
        self._order = itertools.count()
        self._passports: dict[str, str] = {}  # application number -> passport number
        self.unplanned = 0  # visits a rule ended otherwise than planned

    # -- the engine -------------------------------------------------------------------

    def spawn(self, process: Process) -> None:
        moment = next(process, None)
        self._schedule(moment, process)

    def _schedule(self, moment: dt.datetime | None, process: Process) -> None:
        if moment is None:
            return
        if moment > self.cutoff:  # the rest of this story is in the future
            process.close()
            return
        heapq.heappush(self._queue, (moment, next(self._order), process))

    def run(self) -> None:
        while self._queue:
            moment, _, process = heapq.heappop(self._queue)
            with simulated_now(moment):
                following = next(process, None)
            assert following is None or following >= moment, "a process went back in time"
            self._schedule(following, process)

    def start(self) -> None:
        for person in self.plan.people:
            self._passports[person.data.number] = person.data.documents[0].number
            self.spawn(self._import(person))
        for slot in self.plan.slots:
            self.spawn(self._reissue(slot) if slot.reissue else self._visit(slot))
        for office, moment in self.plan.batches:
            self.spawn(self._batch(office, moment))
        for office in dict.fromkeys(c.post_office for c in demo.CITIES):
            self.spawn(self._returns(office))

    # -- the portal -------------------------------------------------------------------

    def _import(self, person: Person) -> Process:
        assert person.data.submitted_at is not None
        yield person.data.submitted_at
        import_application(self.session, self.importer, person.data)
        if person.base_index is None:
            self.summary.applications += (person.data.number,)

    def _redeem_later(self, number: str, code: str, after: dt.datetime, *,
                      soon: float) -> None:
        """Most applicants type the code within hours (``soon`` of them), some days later,
        a few not yet."""
        roll = self.rng.random()
        if roll < soon:
            delay = dt.timedelta(minutes=self.rng.uniform(15, 6 * 60))
        elif roll < soon + (1 - soon) / 2:
            delay = dt.timedelta(days=self.rng.uniform(1, 4))
        else:
            return
        self.spawn(self._redeem(number, code, (after + delay).replace(microsecond=0)))

    def _redeem(self, number: str, code: str, moment: dt.datetime) -> Process:
        yield moment
        if self.rng.random() < 0.06:  # a mistyped code first
            codes.redeem(self.session, number, codes.generate_code(), key=self.code_key)
            yield moment + dt.timedelta(seconds=self.rng.randint(20, 90))
        if codes.redeem(self.session, number, code, key=self.code_key).ok:
            self.summary.codes_redeemed += 1

    # -- the desk ---------------------------------------------------------------------

    def _scan(self, actor: Actor, number: str) -> None:
        roll = self.rng.random()
        source = (ScanSource.SCANNER if roll < 0.55 else ScanSource.CAMERA if roll < 0.8
                  else ScanSource.TYPED)
        text = (format_number(number) if source is ScanSource.TYPED
                else make_payload(number, self.qr_key))
        resolve_scan(self.session, actor, text, source=source, key=self.qr_key)

    def _version(self, visit_id: int) -> int:
        self.session.flush()
        visit = self.session.get(Visit, visit_id)
        assert visit is not None
        return visit.version

    def _correct(self, actor: Actor, visit_id: int, typed: dict[str, str], reason: str) -> None:
        form = corrections.load(self.session, visit_id)
        changes = corrections.apply(self.session, actor, visit_id, loaded=form.account,
                                    version=form.version, typed=typed, reason=reason)
        self.summary.corrections += len(changes)

    def _outcome(self, slot: Slot) -> VisitState:
        person = slot.person
        if slot.attempt > 0:
            return VisitState.CONFIRMED
        return {
            NO_STAY: VisitState.REPEAT_NEEDED, FORGOT: VisitState.REPEAT_NEEDED,
            EARLIER: VisitState.REPEAT_NEEDED, CANCELLED: VisitState.CANCELLED,
            EXPIRING: VisitState.REFUSED if person.refuse else VisitState.REPEAT_NEEDED,
        }.get(person.scenario, VisitState.CONFIRMED)

    def _visit(self, slot: Slot) -> Process:
        session, rng, person = self.session, self.rng, slot.person
        actor = self.actors[slot.login]
        number = person.data.number
        yield slot.start - dt.timedelta(seconds=rng.randint(8, 40))
        self._scan(actor, number)
        yield slot.start
        info = visits.open_visit(session, actor, number, desk_label=slot.desk)
        self.summary.visits += 1
        if info.kind is VisitKind.REPEAT:
            self.summary.repeat_visits += 1
        step = _Steps(slot.start, slot.end, rng)
        outcome = self._outcome(slot)
        if slot.attempt > 0 and person.scenario in (NO_STAY, FORGOT):
            yield step()
            visits.set_repeat_reason(session, actor, info.id, info.version,
                                     RepeatReason.MISSING_DOCUMENTS, free_of_charge=False)
        if outcome is VisitState.CANCELLED:
            yield slot.end
            visits.decide(session, actor, info.id, self._version(info.id), outcome,
                          note=rng.choice(CANCEL_NOTES))
            self.summary.cancelled += 1
            return
        checklist = documents.checklist(session, info.id)
        kinds = [d.kind for d in person.data.documents]
        for row in checklist.documents:
            index = kinds.index(row.kind) if row.kind in kinds else -1
            if person.scenario == EARLIER and row.kind is not kinds[0]:
                continue  # sent back before the rest was looked at
            if slot.attempt == 0 and index in person.forgotten:
                continue
            yield step()
            names = ({"surname_latin": row.surname_latin,
                      "given_names_latin": row.given_names_latin} if row.surname_latin else {})
            # An expiring passport is recorded as seen only with the clerk's reason.
            reason = EXPIRING_NOTE if person.scenario == EXPIRING else None
            documents.save_document(session, actor, info.id, document_id=row.id, kind=row.kind,
                                    version=row.version, number=row.number, series=row.series,
                                    expiry_date=row.expiry_date, override_reason=reason,
                                    **names)
        if slot.attempt > 0:
            for document in person.brings_later:
                yield step()
                documents.save_document(
                    session, actor, info.id, document_id=None, kind=document.kind,
                    series=document.series, number=document.number,
                    issue_date=document.issue_date, expiry_date=document.expiry_date,
                    issuing_authority=document.issuing_authority, country=document.country,
                    surname_latin=document.surname_latin,
                    given_names_latin=document.given_names_latin)
        if not checklist.person.snils and person.scenario != EARLIER:
            yield step()
            documents.note_no_snils(session, actor, info.id, True)
        fix = person.corrections if slot.attempt == 0 else {}
        if fix and person.correct_first:
            yield step()
            self._correct(actor, info.id, fix, PORTAL_TYPO_REASON)
        if outcome is not VisitState.CONFIRMED:
            yield slot.end
            self._decide_otherwise(slot, actor, info.id, outcome)
            return
        yield step()
        try:
            visits.advance(session, actor, info.id, self._version(info.id),
                           VisitState.DOCUMENTS_CHECKED)
        except ValidationError:  # not planned, but a rule is a rule: say what to bring
            self.unplanned += 1
            yield slot.end
            blocking = documents.checklist(session, info.id).blocking
            visits.decide(session, actor, info.id, self._version(info.id),
                          VisitState.REPEAT_NEEDED, missing=tuple(f.russian for f in blocking),
                          note=UNEXPECTED_NOTE, repeat_reason=RepeatReason.MISSING_DOCUMENTS)
            self.summary.repeat_needed += 1
            return
        if fix and not person.correct_first:
            yield step()
            self._correct(actor, info.id, fix, CONTACTS_REASON)
        yield slot.end
        decision = visits.decide(session, actor, info.id, self._version(info.id), outcome,
                                 code_key=self.code_key, request_id=f"demo-visit-{info.id}")
        self.summary.confirmed += 1
        self.summary.codes_issued += 1
        if decision.code is not None and decision.code.code and not person.loses_code:
            self._redeem_later(number, decision.code.code, slot.end, soon=0.75)

    def _decide_otherwise(self, slot: Slot, actor: Actor, visit_id: int,
                          outcome: VisitState) -> None:
        person, session = slot.person, self.session
        version = self._version(visit_id)
        if outcome is VisitState.REFUSED:
            visits.decide(session, actor, visit_id, version, outcome, note=EXPIRING_REFUSAL)
            self.summary.refused += 1
            return
        reason = RepeatReason.MISSING_DOCUMENTS
        if person.earlier is not None:
            note, missing, reason = (person.earlier.note, person.earlier.missing,
                                     person.earlier.reason)
        elif person.scenario == NO_STAY:
            note, missing = NO_STAY_NOTE, NO_STAY_MISSING
        elif person.scenario == FORGOT:
            note, missing = FORGOT_NOTE, tuple(
                f"{KIND_TITLES.russian[person.data.documents[i].kind].capitalize()} (оригинал)"
                for i in sorted(person.forgotten))
        else:
            note, missing = EXPIRING_NOTE, EXPIRING_MISSING
        visits.decide(session, actor, visit_id, version, outcome, missing=missing, note=note,
                      repeat_reason=reason)
        self.summary.repeat_needed += 1

    def _reissue(self, slot: Slot) -> Process:
        actor = self.actors[slot.login]
        number = slot.person.data.number
        yield slot.start
        self._scan(actor, number)
        yield slot.end
        info = visits.open_visit(self.session, actor, number, desk_label=slot.desk,
                                 repeat_reason=RepeatReason.NEW_CODE)
        self.summary.visits += 1
        self.summary.repeat_visits += 1
        issued = visits.reissue_code(self.session, actor, number, visit_id=info.id,
                                     code_key=self.code_key, request_id=f"demo-reissue-{number}",
                                     reason=LOST_CODE)
        self.summary.codes_issued += 1
        if issued.code:
            self._redeem_later(number, issued.code, slot.end, soon=0.9)

    # -- the post ---------------------------------------------------------------------

    def _post_staff(self, office: str) -> tuple[Actor, Actor]:
        """Who makes the office's letters (the supervisor of the city's service center) and
        who hands them out (its counter clerk)."""
        center = next(c.center for c in demo.CITIES if c.post_office == office)
        producer = next(d.login for d in demo.LOGINS
                        if d.role is Role.SUPERVISOR and d.point_code == center)
        clerk = next(d.login for d in demo.LOGINS
                     if d.role is Role.POST_CLERK and d.point_code == office)
        return self.actors[producer], self.actors[clerk]

    def _office_hours(self, day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
        if day.weekday() == 6:
            return None
        return (_at(day, 9), _at(day, 18)) if day.weekday() == 5 else (_at(day, 8), _at(day, 20))

    def _batch(self, office: str, moment: dt.datetime) -> Process:
        session, rng = self.session, self.rng
        producer, clerk = self._post_staff(office)
        yield moment
        batch = post.create_batch(session, producer, office, key=self.code_key)
        if batch.id is None:
            return
        self.summary.batches += 1
        self.summary.letters += len(batch.letters)
        numbers = [letter.tracking_number for letter in batch.letters]
        yield moment + dt.timedelta(minutes=rng.uniform(10, 30))
        post.mark_printed(session, producer, numbers)
        day = moment.astimezone(TZ).date()
        yield _at(day, 16) + dt.timedelta(minutes=rng.uniform(0, 60))
        post.mark_in_transit(session, producer, numbers)
        city = next(c.key for c in demo.CITIES if c.post_office == office)
        arrival_day = _working_days_after(day, TRANSIT_WORKING_DAYS.get(city, 1))
        arrived = _at(arrival_day, 9) + dt.timedelta(minutes=rng.uniform(0, 90))
        yield arrived
        post.mark_arrived(session, clerk, numbers)
        for letter in batch.letters:
            self.spawn(self._collect(clerk, letter, arrived))

    def _collect(self, clerk: Actor, letter: post.ProducedLetter, arrived: dt.datetime
                 ) -> Process:
        rng = self.rng
        after = rng.choices(range(len(COLLECTED_AFTER)), weights=COLLECTED_AFTER)[0]
        if after == len(COLLECTED_AFTER) - 1:
            return  # never collected: the storage period will send it back
        day = arrived.astimezone(TZ).date() + dt.timedelta(days=after)
        hours = self._office_hours(day)
        while hours is None:
            day += dt.timedelta(days=1)
            hours = self._office_hours(day)
        opens = max(hours[0], arrived + dt.timedelta(minutes=10))
        span = max(60.0, (hours[1] - opens).total_seconds() - 30 * 60)
        moment = (opens + dt.timedelta(seconds=rng.uniform(0, span))).replace(microsecond=0)
        yield moment
        post.hand_over(self.session, clerk, letter.tracking_number,
                       self._passports[letter.application_number])
        self.summary.letters_handed_over += 1
        self._redeem_later(letter.application_number, letter.code, moment, soon=0.8)

    def _returns(self, office: str) -> Process:
        """Every morning the counter sends back what has waited out its storage period."""
        _producer, clerk = self._post_staff(office)
        for day in self.plan.post_days:
            hours = self._office_hours(day)
            if hours is None:
                continue
            yield hours[0] + dt.timedelta(minutes=5)
            returned = post.return_expired(self.session, clerk)
            self.summary.letters_returned += len(returned)


def play(session: Session, history: Plan, *, qr_key: bytes, code_key: bytes,
         rng: random.Random) -> HistorySummary:
    """Run the plan inside the caller's transaction; the staff and service points exist
    already, the applications of ``history.people`` carry their numbers."""
    player = _Player(session, history, qr_key=qr_key, code_key=code_key, rng=rng)
    player.start()
    player.run()
    return player.summary


def earliest(history: Plan) -> dt.datetime | None:
    """The first moment the history writes anything."""
    moments = [p.data.submitted_at for p in history.people if p.data.submitted_at]
    moments += [s.start for s in history.slots] + [m for _, m in history.batches]
    moments += [_at(history.post_days[0], 0)] if history.post_days else []
    return min(moments, default=None)
