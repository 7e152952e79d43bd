"""The day's summary for supervisors: what each service point and each operator did.

Where the figures come from, and why
------------------------------------
Everything that *happened* is counted from the audit log, the same hash-chained events
the daily log shows: visits opened (``visit_opened``, with the visit's kind), visits
decided (``visit_decided``, with the outcome and the service time the desk measured at
the moment of the decision), codes issued and revoked, letters handed over and returned.
The report prints each chain's head, so every figure in it can be recomputed later from
events the chain proves unaltered; figures taken from the mutable ``visit`` rows could
not be. It is also one range scan of one table on the indexed ``at`` column, grouped in
the database: no ORM objects, and for 100,000 events a result of about one row per
decided visit (service times are grouped exactly, to the second, so the percentiles are
the ones anybody recomputing them from the events would get).

Service time is the ``service_seconds`` of ``visit_decided`` (decision time minus the
visit's opening time, written once, by the service that closed the visit) for visits
that ended in a decision — confirmed, repeat visit needed, refused. A cancelled visit
(opened by mistake, applicant left) would pull the figures towards zero, so it is
counted among the outcomes but not timed.

Two figures need the ``confirmation_code`` table:

* **redeemed** — the applicant redeems a code on the portal, so ``code_redeemed`` is on
  the system chain with no operator; it is credited to the point and operator that
  issued the code (the issuing visit's point, else the issuer's point).
* **expired** — a code expires by the clock, not by an event (``code_expired`` is
  written only when someone tries an expired code), so expired = codes whose validity
  ended during the day (up to the report's time) while still unused.

Days are calendar days in the desk's time zone, as in the daily log
(:func:`operator_app.services.journal.day_bounds`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy import ColumnElement, Float, Integer, case, cast, func, or_, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from operator_app.messages import Titles, t
from operator_app.models import (
    AuditChainHead,
    AuditEvent,
    ConfirmationCode,
    Operator,
    ServicePoint,
    Visit,
    VisitKind,
    VisitState,
    utcnow,
)
from operator_app.services.actor import Actor
from operator_app.services.audit import SYSTEM_CHAIN
from operator_app.services.errors import NotFound
from operator_app.services.journal import day_bounds, scope_chain

# Audit actions counted. The letter actions belong to the post counter's service; they are
# named here so the report does not depend on that module.
VISIT_OPENED = "visit_opened"
VISIT_DECIDED = "visit_decided"
CODE_ISSUED = "code_issued"
CODE_REVOKED = "code_revoked"
CODE_REDEEMED = "code_redeemed"
LETTER_HANDED_OVER = "letter_handed_over"
LETTER_RETURNED = "letter_returned"

# Upper edges of the service-time buckets, minutes; the last bucket is open-ended.
SERVICE_TIME_EDGES_MINUTES = (5, 10, 15, 20, 30, 45, 60)

SYSTEM_POINT_NAME = "Без точки обслуживания (портал, система)"


# -- the figures ------------------------------------------------------------------------


@dataclass(frozen=True)
class Metrics:
    """The figures of one operator, one point, or a whole day."""

    visits_first: int = 0
    visits_repeat: int = 0
    confirmed: int = 0
    repeat_needed: int = 0
    refused: int = 0
    cancelled: int = 0
    codes_issued: int = 0
    codes_redeemed: int = 0
    codes_revoked: int = 0
    codes_expired: int = 0
    letters_handed_over: int = 0
    letters_returned: int = 0
    timed_visits: int = 0  # decided visits whose service time is known
    median_seconds: float | None = None
    p90_seconds: float | None = None

    @property
    def visits(self) -> int:
        return self.visits_first + self.visits_repeat

    @property
    def decided(self) -> int:
        return self.confirmed + self.repeat_needed + self.refused + self.cancelled

    @property
    def outcomes(self) -> tuple[tuple[VisitState, int], ...]:
        return ((VisitState.CONFIRMED, self.confirmed),
                (VisitState.REPEAT_NEEDED, self.repeat_needed),
                (VisitState.REFUSED, self.refused),
                (VisitState.CANCELLED, self.cancelled))


# Counted figures (they add up from operators to points to the day), in report order.
COUNT_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(Metrics) if f.name not in ("median_seconds", "p90_seconds"))

METRIC_TITLES: Titles[str] = Titles({
    "visits": "Визиты, всего",
    "visits_first": "Первичные визиты",
    "visits_repeat": "Повторные визиты",
    "confirmed": "Личность подтверждена",
    "repeat_needed": "Нужен повторный визит",
    "refused": "Отказы",
    "cancelled": "Визиты отменены",
    "codes_issued": "Коды выданы",
    "codes_redeemed": "Коды использованы",
    "codes_revoked": "Коды отозваны",
    "codes_expired": "Коды истекли",
    "letters_handed_over": "Письма вручены",
    "letters_returned": "Письма возвращены",
    "timed_visits": "Визиты с измеренным временем",
    "median_seconds": "Время обслуживания, медиана",
    "p90_seconds": "Время обслуживания, 90-й процентиль",
})

OUTCOME_TITLES: Titles[VisitState] = Titles({
    VisitState.CONFIRMED: "Подтверждено",
    VisitState.REPEAT_NEEDED: "Повторный визит",
    VisitState.REFUSED: "Отказ",
    VisitState.CANCELLED: "Отменён",
})


@dataclass(frozen=True)
class HourCount:
    """Visits opened in one local hour of the day."""

    start: dt.datetime  # aware, in the report's time zone
    first: int = 0
    repeat: int = 0

    @property
    def total(self) -> int:
        return self.first + self.repeat

    @property
    def label(self) -> str:
        return self.start.strftime("%H:00")


@dataclass(frozen=True)
class TimeBucket:
    """Timed visits whose service time is in [low, high) seconds (high None: no limit)."""

    low_seconds: int
    high_seconds: int | None
    count: int

    @property
    def label(self) -> str:
        low, high = self.low_seconds // 60, None if self.high_seconds is None else (
            self.high_seconds // 60)
        if high is None:
            return f"≥ {low} мин"
        if low == 0:
            return f"< {high} мин"
        return f"{low}–{high} мин"


@dataclass(frozen=True)
class OperatorSummary:
    login: str  # "" for events without an operator (codes issued by the system)
    full_name: str
    point_code: str
    metrics: Metrics


@dataclass(frozen=True)
class PointSummary:
    code: str  # the audit chain's name; SYSTEM_CHAIN for what no point did
    name: str
    metrics: Metrics
    operators: tuple[OperatorSummary, ...]
    visits_per_hour: tuple[HourCount, ...]
    service_time_buckets: tuple[TimeBucket, ...]


@dataclass(frozen=True)
class Comparison:
    title: str
    day: dt.date
    totals: Metrics


@dataclass(frozen=True)
class DaySummary:
    """A day at the points the actor answers for (``point_code``: one point, or None for
    every point), with the totals of the previous day and of the same weekday a week
    earlier for comparison."""

    day: dt.date
    point_code: str | None
    generated_at: dt.datetime  # aware, in the report's time zone
    tz_name: str
    totals: Metrics
    points: tuple[PointSummary, ...]
    visits_per_hour: tuple[HourCount, ...]
    service_time_buckets: tuple[TimeBucket, ...]
    previous_day: Comparison
    week_before: Comparison

    @property
    def operators(self) -> tuple[OperatorSummary, ...]:
        return tuple(o for p in self.points for o in p.operators)

    @property
    def comparisons(self) -> tuple[Comparison, Comparison]:
        return self.previous_day, self.week_before


# -- counting ---------------------------------------------------------------------------


@dataclass
class _Tally:
    """Counts and the service-time histogram of one operator at one point."""

    counts: Counter[str] = field(default_factory=Counter)
    seconds: Counter[int] = field(default_factory=Counter)
    hours: dict[int, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, other: _Tally) -> None:
        self.counts.update(other.counts)
        self.seconds.update(other.seconds)
        for hour, kinds in other.hours.items():
            self.hours[hour].update(kinds)

    def metrics(self) -> Metrics:
        values: dict[str, Any] = {name: self.counts.get(name, 0) for name in COUNT_FIELDS}
        values["timed_visits"] = sum(self.seconds.values())
        values["median_seconds"] = percentile(self.seconds, 0.5)
        values["p90_seconds"] = percentile(self.seconds, 0.9)
        return Metrics(**values)


def percentile(histogram: Mapping[int, int], p: float) -> float | None:
    """The ``p``-quantile of the values counted in ``histogram`` (value → how many),
    interpolated linearly between neighbours as spreadsheets do (PERCENTILE.INC);
    None when nothing was counted."""
    total = sum(histogram.values())
    if total == 0:
        return None
    position = (total - 1) * p
    below = int(position)
    fraction = position - below
    low = high = None
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if low is None and seen > below:
            low = value
        if seen > below + (1 if fraction else 0):
            high = value
            break
    assert low is not None
    assert high is not None
    return low + (high - low) * fraction


_OUTCOME_FIELDS = {
    VisitState.CONFIRMED.value: "confirmed",
    VisitState.REPEAT_NEEDED.value: "repeat_needed",
    VisitState.REFUSED.value: "refused",
    VisitState.CANCELLED.value: "cancelled",
}
_TIMED_OUTCOMES = (VisitState.CONFIRMED.value, VisitState.REPEAT_NEEDED.value,
                   VisitState.REFUSED.value)
_PLAIN_ACTIONS = {
    CODE_ISSUED: "codes_issued",
    CODE_REVOKED: "codes_revoked",
    LETTER_HANDED_OVER: "letters_handed_over",
    LETTER_RETURNED: "letters_returned",
}


def _json_text(dialect: str, key: str) -> ColumnElement[Any]:
    """``details[key]`` as text, in SQL: the details column holds canonical JSON."""
    if dialect == "postgresql":
        return cast(AuditEvent.details, JSONB)[key].astext
    return func.json_extract(AuditEvent.details, f"$.{key}")


def _hour_starts(start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    """UTC starts of the day's local hours (23 or 25 on a daylight-saving change)."""
    hours = round((end - start) / dt.timedelta(hours=1))
    return [start + dt.timedelta(hours=h) for h in range(hours)]


def _hour_of(starts: Sequence[dt.datetime]) -> ColumnElement[Any]:
    """The index of the local hour an event falls in, computed by the database."""
    return case(*((AuditEvent.at < boundary, index)
                  for index, boundary in enumerate(starts[1:])), else_=len(starts) - 1)


Key = tuple[str, str]  # (point code / chain, operator login)


def _events(session: Session, start: dt.datetime, end: dt.datetime, chain: str | None,
            hour_starts: Sequence[dt.datetime] | None) -> dict[Key, _Tally]:
    """One grouped scan of the day's audit events."""
    dialect = session.get_bind().dialect.name
    counted = [VISIT_OPENED, VISIT_DECIDED, *_PLAIN_ACTIONS]
    attribute = case(
        (AuditEvent.action == VISIT_OPENED, _json_text(dialect, "kind")),
        (AuditEvent.action == VISIT_DECIDED, _json_text(dialect, "outcome")),
    )
    seconds = case((AuditEvent.action == VISIT_DECIDED,
                    cast(_json_text(dialect, "service_seconds"), Float)))
    hour = (case((AuditEvent.action == VISIT_OPENED, _hour_of(hour_starts)))
            if hour_starts else cast(None, Integer))
    # Computed columns go through a subquery and the grouping over its plain columns:
    # PostgreSQL does not match a GROUP BY expression whose bound parameters differ.
    inner = (
        select(AuditEvent.chain.label("chain"), AuditEvent.operator_login.label("login"),
               AuditEvent.action.label("action"), attribute.label("attribute"),
               seconds.label("seconds"), hour.label("hour"))
        .where(AuditEvent.at >= start, AuditEvent.at < end, AuditEvent.action.in_(counted))
    )
    if chain is not None:
        inner = inner.where(AuditEvent.chain == chain)
    sub = inner.subquery()
    rows = session.execute(
        select(sub.c.chain, sub.c.login, sub.c.action, sub.c.attribute, sub.c.seconds,
               sub.c.hour, func.count())
        .group_by(sub.c.chain, sub.c.login, sub.c.action, sub.c.attribute, sub.c.seconds,
                  sub.c.hour))
    tallies: dict[Key, _Tally] = defaultdict(_Tally)
    for point, login, action, attribute_value, secs, hour_index, count in rows:
        tally = tallies[(point, login)]
        if action == VISIT_OPENED:
            kind = "visits_repeat" if attribute_value == VisitKind.REPEAT.value else "visits_first"
            tally.counts[kind] += count
            if hour_index is not None:
                tally.hours[int(hour_index)][kind] += count
        elif action == VISIT_DECIDED:
            outcome = _OUTCOME_FIELDS.get(attribute_value or "")
            if outcome is not None:
                tally.counts[outcome] += count
            if attribute_value in _TIMED_OUTCOMES and secs is not None:
                tally.seconds[round(secs)] += count
        else:
            tally.counts[_PLAIN_ACTIONS[action]] += count
    return tallies


def _with_issuer(query: Any) -> Any:
    """Join whoever issued the code: the issuing visit's point, else the issuer's own
    point; a code issued by the system belongs to no point."""
    issuing_point = func.coalesce(Visit.service_point_id, Operator.service_point_id)
    return (query
            .outerjoin(Visit, Visit.id == ConfirmationCode.visit_id)
            .outerjoin(Operator, Operator.id == ConfirmationCode.issued_by)
            .outerjoin(ServicePoint, ServicePoint.id == issuing_point))


def _by_issuer(session: Session, query: Any, chain: str | None) -> dict[Key, int]:
    query = _with_issuer(query)
    if chain == SYSTEM_CHAIN:
        query = query.where(ServicePoint.code.is_(None))
    elif chain is not None:
        query = query.where(ServicePoint.code == chain)
    query = query.group_by(ServicePoint.code, Operator.login)
    return {(point or SYSTEM_CHAIN, login or ""): count
            for point, login, count in session.execute(query)}


def _redeemed(session: Session, start: dt.datetime, end: dt.datetime,
              chain: str | None) -> dict[Key, int]:
    query = (
        select(ServicePoint.code, Operator.login, func.count())
        .select_from(AuditEvent)
        .join(ConfirmationCode, ConfirmationCode.id == cast(AuditEvent.entity_id, Integer))
        .where(AuditEvent.action == CODE_REDEEMED, AuditEvent.entity == "confirmation_code",
               AuditEvent.at >= start, AuditEvent.at < end)
    )
    return _by_issuer(session, query, chain)


def _expired(session: Session, start: dt.datetime, end: dt.datetime,
             chain: str | None) -> dict[Key, int]:
    if end <= start:
        return {}
    query = (
        select(ServicePoint.code, Operator.login, func.count())
        .select_from(ConfirmationCode)
        .where(ConfirmationCode.expires_at >= start, ConfirmationCode.expires_at < end,
               or_(ConfirmationCode.closed_at.is_(None),
                   ConfirmationCode.closed_at >= ConfirmationCode.expires_at))
    )
    return _by_issuer(session, query, chain)


def _collect(session: Session, day: dt.date, tz: dt.tzinfo | None, chain: str | None,
             now: dt.datetime, *, hours: bool) -> tuple[dict[Key, _Tally], list[dt.datetime]]:
    start, end = day_bounds(day, tz)
    starts = _hour_starts(start, end) if hours else []
    tallies = _events(session, start, end, chain, starts or None)
    for name, counts in (("codes_redeemed", _redeemed(session, start, end, chain)),
                         ("codes_expired", _expired(session, start, min(end, now), chain))):
        for key, count in counts.items():
            tallies.setdefault(key, _Tally()).counts[name] += count
    return tallies, starts


def _total(tallies: Iterable[_Tally]) -> _Tally:
    total = _Tally()
    for tally in tallies:
        total.add(tally)
    return total


def _hours(tally: _Tally, starts: Sequence[dt.datetime],
           tz: dt.tzinfo | None) -> tuple[HourCount, ...]:
    return tuple(
        HourCount(start.astimezone(tz), tally.hours.get(index, Counter())["visits_first"],
                  tally.hours.get(index, Counter())["visits_repeat"])
        for index, start in enumerate(starts))


def _buckets(tally: _Tally) -> tuple[TimeBucket, ...]:
    edges = [edge * 60 for edge in SERVICE_TIME_EDGES_MINUTES]
    counts = [0] * (len(edges) + 1)
    for seconds, count in tally.seconds.items():
        index = next((i for i, edge in enumerate(edges) if seconds < edge), len(edges))
        counts[index] += count
    lows = [0, *edges]
    highs: list[int | None] = [*edges, None]
    return tuple(TimeBucket(low, high, count) for low, high, count in zip(lows, highs, counts,
                                                                          strict=True))


def _names(session: Session, keys: Iterable[Key]) -> tuple[dict[str, str], dict[str, str]]:
    codes = {point for point, _ in keys} - {SYSTEM_CHAIN}
    logins = {login for _, login in keys} - {""}
    points: dict[str, str] = {}
    people: dict[str, str] = {}
    if codes:
        points.update(session.execute(select(ServicePoint.code, ServicePoint.name)
                                      .where(ServicePoint.code.in_(codes))).all())
    if logins:
        people.update(session.execute(select(Operator.login, Operator.full_name)
                                      .where(Operator.login.in_(logins))).all())
    points[SYSTEM_CHAIN] = SYSTEM_POINT_NAME
    return points, people


def daily_summary(session: Session, actor: Actor, day: dt.date, *,
                  point_code: str | None = None, tz: dt.tzinfo | None = None,
                  now: dt.datetime | None = None) -> DaySummary:
    """The day's figures per service point and per operator, with charts' data and the
    totals of the previous day and of the same weekday a week before.

    A supervisor gets their own point (asking for another is refused); an administrator
    every point, or the one named. ``tz`` is the zone whose calendar day is meant
    (default: the desk's); ``now`` is the report's time (codes not yet expired by then
    are not counted as expired)."""
    chain = scope_chain(actor, point_code)
    if chain is not None and chain != SYSTEM_CHAIN and session.scalar(
            select(ServicePoint.id).where(ServicePoint.code == chain)) is None:
        raise NotFound(t("Точка обслуживания {chain} не найдена.", chain=chain))
    now = now or utcnow()
    tallies, starts = _collect(session, day, tz, chain, now, hours=True)
    if chain is not None:
        tallies.setdefault((chain, ""), _Tally())  # the point asked for shows even if idle
    point_names, people = _names(session, tallies)

    by_point: dict[str, dict[str, _Tally]] = defaultdict(dict)
    for (point, login), tally in tallies.items():
        by_point[point][login] = tally
    points = []
    for code in sorted(by_point, key=lambda c: (c == SYSTEM_CHAIN, c)):
        operators = by_point[code]
        point_total = _total(operators.values())
        points.append(PointSummary(
            code=code, name=point_names.get(code, code), metrics=point_total.metrics(),
            operators=tuple(
                OperatorSummary(login, people.get(login, login or "—"), code,
                                tally.metrics())
                for login, tally in sorted(operators.items(), key=lambda item: (
                    not item[0], people.get(item[0], item[0])))
                if login or any(tally.counts.values())),
            visits_per_hour=_hours(point_total, starts, tz),
            service_time_buckets=_buckets(point_total)))
    total = _total(tallies.values())

    comparisons = []
    for title, other in (("Предыдущий день", day - dt.timedelta(days=1)),
                         ("Тот же день неделей раньше", day - dt.timedelta(days=7))):
        other_tallies, _ = _collect(session, other, tz, chain, now, hours=False)
        comparisons.append(Comparison(title, other, _total(other_tallies.values()).metrics()))

    local_now = now.astimezone(tz)
    return DaySummary(
        day=day, point_code=chain, generated_at=local_now,
        tz_name=local_now.tzname() or str(local_now.utcoffset()),
        totals=total.metrics(), points=tuple(points),
        visits_per_hour=_hours(total, starts, tz), service_time_buckets=_buckets(total),
        previous_day=comparisons[0], week_before=comparisons[1])


def chain_heads(session: Session, actor: Actor, *,
                point_code: str | None = None) -> dict[str, tuple[int, str]]:
    """Each audit chain's head (number and hash of its newest event) as stored now —
    the chains a report for this scope counts from: the point's own chain and the system
    chain (redemptions), or every chain. Read it *after* the summary: every event the
    summary counted is then at or before the printed head."""
    chain = scope_chain(actor, point_code)
    query = select(AuditChainHead.chain, AuditChainHead.seq, AuditChainHead.hash)
    if chain is not None:
        query = query.where(AuditChainHead.chain.in_({chain, SYSTEM_CHAIN}))
    return {name: (seq, digest) for name, seq, digest in
            session.execute(query.order_by(AuditChainHead.chain))}


def minutes(seconds: float | None) -> str:
    """A service time as the report prints it: ``12,5 мин`` or ``—``."""
    if seconds is None:
        return "—"
    return f"{seconds / 60:.1f}".replace(".", ",") + " мин"


def text_summary(summary: DaySummary) -> str:
    """A few lines for the terminal."""
    t = summary.totals
    scope = f"точка {summary.point_code}" if summary.point_code else "все точки"
    lines = [
        f"Отчёт за {summary.day:%d.%m.%Y} ({scope}, часовой пояс {summary.tz_name})",
        f"Визиты: {t.visits} (первичные {t.visits_first}, повторные {t.visits_repeat})",
        f"Решения: подтверждено {t.confirmed}, повторный визит {t.repeat_needed}, "
        f"отказ {t.refused}, отменено {t.cancelled}",
        f"Коды: выдано {t.codes_issued}, использовано {t.codes_redeemed}, "
        f"отозвано {t.codes_revoked}, истекло {t.codes_expired}",
        f"Письма: вручено {t.letters_handed_over}, возвращено {t.letters_returned}",
        f"Время обслуживания: медиана {minutes(t.median_seconds)}, "
        f"90-й процентиль {minutes(t.p90_seconds)} (визитов: {t.timed_visits})",
    ]
    for comparison in summary.comparisons:
        c = comparison.totals
        lines.append(f"{comparison.title} ({comparison.day:%d.%m.%Y}): визиты {c.visits}, "
                     f"подтверждено {c.confirmed}, кодов выдано {c.codes_issued}")
    for point in summary.points:
        m = point.metrics
        lines.append(f"  {point.code:<16} визиты {m.visits:>5}  подтв. {m.confirmed:>5}  "
                     f"медиана {minutes(m.median_seconds)}")
    return "\n".join(lines)

