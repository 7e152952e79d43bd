"""Reading the audit log for supervisors: a day's events at the points they answer for.

Two ways in. :func:`events_for_day` returns one day at once (small screens, the CLI).
:func:`count_events` and :func:`fetch_events` serve a lazy table: the count for the
status line, then pages of rows in any sort order, fetched by keyset (``after`` the last
row shown) so the thousandth page costs what the first one does. Both read only the
columns a row shows; a non-administrator sees only the chain of their own service point.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from operator_app.messages import Titles, t
from operator_app.models import (
    AccountStatus,
    Applicant,
    Application,
    AuditEvent,
    DocumentKind,
)
from operator_app.services import application_numbers, corrections, validators
from operator_app.services.actor import ROLE_TITLES, Actor, Permission
from operator_app.services.applications import applicant_name_condition
from operator_app.services.audit import SYSTEM_CHAIN
from operator_app.services.checks import KIND_TITLES
from operator_app.services.errors import PermissionDenied, ValidationError
from operator_app.services.identifiers import format_snils
from operator_app.services.letters import STATE_TITLES as LETTER_STATE_TITLES
from operator_app.services.visits import REASON_TITLES as REPEAT_REASON_TITLES
from operator_app.services.visits import STATE_TITLES as VISIT_STATE_TITLES


@dataclass(frozen=True)
class EventRow:
    id: int
    at: dt.datetime
    chain: str
    operator_login: str
    action: str
    entity: str
    entity_id: str
    application_number: str
    details: dict[str, Any]
    seq: int = 0
    hash: str = ""


ACTION_TITLES = Titles({
    "login": "Вход",
    "login_failed": "Неудачный вход",
    "login_refused": "Вход отклонён",
    "operator_locked": "Учётная запись заблокирована",
    "operator_unlocked": "Учётная запись разблокирована",
    "operator_created": "Оператор добавлен",
    "operator_password_set": "Пароль изменён",
    "operator_disabled": "Оператор отключён",
    "operator_enabled": "Оператор включён",
    "service_point_created": "Точка обслуживания создана",
    "chain_opened": "Журнал точки начат",
    "audit_sealed": "Журнал подписан ключом журнала",
    "desk_locked": "Рабочее место заблокировано",
    "desk_unlocked": "Рабочее место разблокировано",
    "logout": "Выход",
    "application_imported": "Заявление загружено",
    "visit_decided": "Решение по визиту",
    "visit_released": "Зависший визит закрыт руководителем",
    "post_batch_created": "Пакет писем создан",
    "letter_created": "Письмо с кодом создано",
    "letter_printed": "Письмо напечатано",
    "letter_in_transit": "Письмо передано почте",
    "letter_arrived": "Письмо поступило в отделение",
    "letter_handed_over": "Письмо вручено",
    "letter_returned": "Письмо возвращено",
    "letter_hand_over_refused": "Выдача письма отклонена",
    "operator_role_changed": "Роль оператора изменена",
    "scan": "Код прочитан",
    "visit_opened": "Визит открыт",
    "visit_documents_checked": "Документы проверены",
    "visit_data_corrected": "Визит: данные исправлены",
    "visit_repeat_reason": "Причина повторного визита",
    "document_checked": "Документ сверен с оригиналом",
    "no_snils_noted": "Отмечено: СНИЛС нет",
    "no_snils_cleared": "Отметка «СНИЛС нет» снята",
    "data_corrected": "Данные исправлены",
    "code_issued": "Код выдан",
    "code_revoked": "Код отозван",
    "code_redeemed": "Код использован на портале",
    "code_expired": "Код истёк",
    "code_attempt_failed": "Неверный ввод кода",
    "code_locked": "Код заблокирован",
    "status_certificate_issued": "Справка о статусе выдана",
    "personal_record_opened": "Просмотр данных заявителя из журнала",
    "copy_captured": "Копия документа сохранена",
})


# -- an event's details as a supervisor reads them ----------------------------------------

# Document numbers and MRZ lines stay out of the log's view: they are read through the
# applicant's record, whose opening is itself audited.
MASKED = frozenset({"number", "series", "mrz", "passport", "passport_number"})
HIDDEN = "•••"

# In the order a supervisor reads them: what happened first, the ids last.
DETAIL_TITLES: Titles[str] = Titles({
    "outcome": "итог", "kind": "вид", "field": "поле", "old": "было", "new": "стало",
    "reason": "причина", "why": "причина", "free_of_charge": "бесплатно",
    "missing": "не хватало", "note": "примечание", "service_seconds": "время обслуживания",
    "status": "результат", "source": "откуда", "format": "формат", "looks_like": "похоже на",
    "tracking_number": "трек-номер", "from": "прежнее состояние", "office": "отделение",
    "passport_checked": "паспорт сверен", "code_revoked": "код отозван",
    "storage_days": "срок хранения, дней", "letters": "писем", "first": "первое письмо",
    "last": "последнее письмо", "index": "индекс", "sender": "отправитель",
    "code": "код точки", "name": "название", "login": "логин", "role": "роль",
    "login_fingerprint": "отпечаток логина", "clerk": "оператор визита",
    "open_minutes": "был открыт, минут", "signed": "QR-код подписан",
    "point": "точка", "existing": "точка была и раньше", "events": "событий",
    "chains_opened": "начато журналов точек", "confirmation_method": "способ подтверждения",
    "post_office": "отделение почты", "documents": "документы",
    "expires_at": "действует до", "until": "до", "attempt": "попытка", "changed": "изменено",
    "problems": "замечания", "kind_problems": "не похоже на документ",
    "kind_confirmed": "оператор подтвердил вид документа",
    "in_frame": "документ целиком в кадре", "width": "ширина, пикс.",
    "height": "высота, пикс.", "dpi": "разрешение, dpi", "sharpness": "резкость",
    "glare": "блики", "size_bytes": "размер файла", "sha256": "контрольная сумма SHA-256",
    "accepted_despite": "сверен, несмотря на", "findings": "замечания",
    "visit_id": "визит", "batch_id": "пакет", "code_id": "код", "document_id": "документ",
    "number": "номер", "series": "серия", "mrz": "машиночитаемая зона",
    "passport": "паспорт", "passport_number": "номер паспорта",
})
_ORDER = {key: i for i, key in enumerate(DETAIL_TITLES)}
ENTITY_TITLES: Titles[str] = Titles({
    "visit": "визит", "application": "заявление", "applicant": "заявитель",
    "operator": "оператор", "service_point": "точка обслуживания",
    "confirmation_code": "код подтверждения", "identity_document": "документ",
    "post_batch": "пакет писем", "post_letter": "письмо", "document_image": "копия документа",
})
ACCOUNT_STATUS_TITLES: Titles[AccountStatus] = Titles({
    AccountStatus.PENDING: "ожидает подтверждения", AccountStatus.ACTIVE: "активна",
    AccountStatus.BLOCKED: "заблокирована",
})
# The stored values, by what they name (plain strings: the journal keeps them as text).
VISIT_KIND_TITLES = Titles({"first": "первичный", "repeat": "повторный"})
POINT_KIND_TITLES = Titles({"service_center": "центр обслуживания",
                            "post_office": "отделение почты"})
METHOD_TITLES = Titles({"service_center": "в центре обслуживания", "post": "письмом Почты России"})
SOURCE_TITLES = Titles({"camera": "веб-камера", "webcam": "веб-камера", "scanner": "сканер",
                 "file": "файл", "typed": "введён вручную", "journal": "журнал событий"})
SCAN_STATUS_TITLES = Titles({
    "opened": "заявление открыто", "forged": "подпись кода не сходится",
    "damaged": "код не читается", "unknown": "заявление не найдено",
    "already_confirmed": "заявление уже подтверждено", "expired": "срок заявления истёк",
    "blocked": "учётная запись заблокирована", "not_ours": "не код заявления",
    "code_issued": "личность подтверждена, код ещё не введён",
})
REFUSAL_TITLES = Titles({
    "unknown": "письмо не найдено", "other_office": "письмо другого отделения",
    "not_arrived": "письмо ещё не поступило", "already_handed_over": "письмо уже вручено",
    "returned": "письмо возвращено отправителю", "no_passport": "в заявлении нет паспорта",
    "passport_mismatch": "паспорт не совпадает с паспортом адресата",
    "code_inactive": "код в письме больше не действует",
    "wrong_state": "письмо в другом состоянии",
})
LOGIN_REFUSAL_TITLES = Titles({"unknown": "неизвестный логин",
                               "disabled": "учётная запись отключена",
                               "locked": "учётная запись заблокирована"})
FOREIGN_CODE_TITLES = Titles({"url": "ссылка на сайт", "tracking": "трек-номер отправления",
                       "product": "штрихкод товара", "payment": "платёжный QR-код",
                       "empty": "пустой код", "other": "посторонний код"})
DOCUMENT_FIELD_TITLES = Titles({
    "series": "серия", "number": "номер", "issue_date": "дата выдачи",
    "expiry_date": "действует до", "issuing_authority": "кем выдан", "country": "страна",
    "surname_latin": "фамилия (лат.)", "given_names_latin": "имя (лат.)",
    "mrz": "машиночитаемая зона",
})


@dataclass(frozen=True)
class Detail:
    """One thing an event records, as a supervisor reads it: «итог» — «отказ»."""

    title: str
    value: str


def describe(action: str, details: Mapping[str, Any]) -> list[Detail]:
    """An event's details in plain words: titled, stored codes named, dates local, lists
    joined, yes/no for flags; empty values left out; document numbers hidden."""
    found = []
    hide_values = details.get("field") in MASKED
    for key, value in sorted(details.items(), key=lambda kv: _ORDER.get(kv[0], len(_ORDER))):
        if _empty(value) or key == "login_length":  # read with «why»
            continue
        if key in MASKED or (hide_values and key in ("old", "new")):
            shown = HIDDEN
        else:
            shown = _value(action, key, value, details)
        if shown:
            found.append(Detail(detail_title(key), shown))
    return found


def details_line(action: str, details: Mapping[str, Any]) -> str:
    """The details on one line: «итог: отказ · не хватало: …»."""
    return " · ".join(f"{d.title}: {d.value}" for d in describe(action, details))


def action_title(action: str) -> str:
    return ACTION_TITLES.get(action) or action.replace("_", " ")


def detail_title(key: str) -> str:
    return DETAIL_TITLES.get(key) or key.replace("_", " ")


def entity_title(entity: str) -> str:
    return ENTITY_TITLES.get(entity) or entity.replace("_", " ")


def chain_title(chain: str) -> str:
    return t("система") if chain == SYSTEM_CHAIN else chain


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str | list | dict | tuple) and not value)


def _named(titles: Mapping[Any, str], value: object) -> str:
    return titles.get(value) or str(value).replace("_", " ")


def _moment(value: object) -> str:
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return f"{moment.astimezone():%d.%m.%Y %H:%M}"


def _date(value: object) -> str:
    try:
        return f"{dt.date.fromisoformat(str(value)):%d.%m.%Y}"
    except ValueError:
        return str(value)


def _duration(value: object) -> str:
    if not isinstance(value, int | float):
        return str(value)
    minutes, seconds = divmod(round(value), 60)
    if not minutes:
        return t("{seconds} с", seconds=seconds)
    if not seconds:
        return t("{minutes} мин", minutes=minutes)
    return t("{minutes} мин {seconds} с", minutes=minutes, seconds=seconds)


def _size(value: object) -> str:
    if not isinstance(value, int | float):
        return str(value)
    if value >= 1024 * 1024:
        return t("{value:.1f} МБ", value=value / (1024 * 1024)).replace(".", ",")
    if value >= 1024:
        return t("{value:.0f} КБ", value=value / 1024)
    return t("{value} Б", value=value)


def _number(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


def _code_format(value: object) -> str:
    text = str(value)
    return t("QR-код") if text in ("QR_CODE", "QRCode", "QRCODE") else text.replace("_", " ")


def _country(code: str) -> str:
    name = validators.CITIZENSHIPS.get(code)
    return f"{name} ({code})" if name else code


def _applicant_value(field: str, value: object) -> str:
    text = str(value)
    if field == "snils":
        return format_snils(text)
    if field == "citizenship":
        return _country(text)
    return text


def _document_value(field: str, value: object) -> str:
    text = str(value or "")
    if not text:
        return "—"
    if field in MASKED:
        return HIDDEN
    if field.endswith("_date"):
        return _date(text)
    if field == "country":
        return _country(text)
    return text


def _changed(value: object) -> str:
    if not isinstance(value, Mapping):
        return _plain(value)
    parts = []
    for field, change in value.items():
        title = DOCUMENT_FIELD_TITLES.get(field) or detail_title(field)
        if isinstance(change, list | tuple) and len(change) == 2:
            if field in MASKED:
                parts.append(t("{title} (внесён)", title=title) if not change[0]
                             else t("{title} (изменён)", title=title))
            else:
                parts.append(f"{title}: {_document_value(field, change[0])} → "
                             f"{_document_value(field, change[1])}")
        else:
            parts.append(f"{title}: {_plain(change)}")
    return "; ".join(parts)


def _plain(value: object) -> str:
    """A value nobody named: flags as yes/no, lists joined, mappings titled."""
    if isinstance(value, bool):
        return t("да") if value else t("нет")
    if isinstance(value, list | tuple):
        return "; ".join(_plain(v).rstrip(".") for v in value if not _empty(v))
    if isinstance(value, Mapping):
        return "; ".join(f"{detail_title(str(k))}: {_plain(v).rstrip('.')}"
                         for k, v in value.items() if not _empty(v))
    return _number(value)


def _kind(action: str, value: object) -> str:
    if action.startswith("visit_"):
        return _named(VISIT_KIND_TITLES, value)
    if action == "service_point_created":
        return _named(POINT_KIND_TITLES, value)
    try:
        return KIND_TITLES[DocumentKind(str(value))]
    except ValueError:
        return str(value)


def _reason(action: str, value: object) -> str:
    if action == "visit_repeat_reason":
        return _enum_title(REPEAT_REASON_TITLES, value)
    if action == "letter_hand_over_refused":
        return _named(REFUSAL_TITLES, value)
    if action in ("login_failed", "login_refused"):
        return _named(LOGIN_REFUSAL_TITLES, value)
    return str(value)  # typed by the operator


def _enum_title(titles: Mapping[Any, str], value: object) -> str:
    """The title of a stored enum value (titles are keyed by the enum members)."""
    return next((t for member, t in titles.items() if member.value == value),
                str(value).replace("_", " "))


def _role(value: object) -> str:
    return _enum_title(ROLE_TITLES, value)


def _field(value: object) -> str:
    name = str(value)
    if name in corrections.FIELDS:
        return t(corrections.FIELDS[name][0])
    return DOCUMENT_FIELD_TITLES.get(name) or detail_title(name)


def _documents(value: object) -> str:
    kinds = value if isinstance(value, list | tuple) else [value]
    return ", ".join(_kind("", kind) for kind in kinds)


def _characters(value: object) -> str:
    count = int(value) if isinstance(value, int | str) and str(value).isdecimal() else 0
    last, last2 = count % 10, count % 100
    # One key per Russian plural form; English says "characters: N" for each.
    if last == 1 and last2 != 11:
        return t("{count} символ", count=value)
    if 2 <= last <= 4 and not 12 <= last2 <= 14:
        return t("{count} символа", count=value)
    return t("{count} символов", count=value)


def _numbered(value: object) -> str:
    return f"№ {value}"


# key -> how its value reads, given the event's action
_VALUES: dict[str, Callable[[str, object], str]] = {
    "outcome": lambda _a, v: _enum_title(VISIT_STATE_TITLES, v),
    "from": lambda _a, v: _enum_title(LETTER_STATE_TITLES, v),
    "kind": _kind,
    "reason": _reason,
    "why": lambda _a, v: _named(LOGIN_REFUSAL_TITLES, v),
    "role": lambda _a, v: _role(v),
    "confirmation_method": lambda _a, v: _named(METHOD_TITLES, v),
    "documents": lambda _a, v: _documents(v),
    "source": lambda _a, v: _named(SOURCE_TITLES, v),
    "status": lambda _a, v: _named(SCAN_STATUS_TITLES, v),
    "looks_like": lambda _a, v: _named(FOREIGN_CODE_TITLES, v),
    "format": lambda _a, v: _code_format(v),
    "service_seconds": lambda _a, v: _duration(v),
    "expires_at": lambda _a, v: _moment(v),
    "until": lambda _a, v: _moment(v),
    "changed": lambda _a, v: _changed(v),
    "size_bytes": lambda _a, v: _size(v),
    "field": lambda _a, v: _field(v),
    "visit_id": lambda _a, v: _numbered(v),
    "batch_id": lambda _a, v: _numbered(v),
    "code_id": lambda _a, v: _numbered(v),
    "document_id": lambda _a, v: _numbered(v),
}


def _value(action: str, key: str, value: object, details: Mapping[str, Any]) -> str:
    if isinstance(value, bool):
        return t("да") if value else t("нет")
    if key == "why" and value == "unknown" and "login_length" in details:
        return f"{LOGIN_REFUSAL_TITLES['unknown']} ({_characters(details['login_length'])})"
    if key in ("old", "new"):
        if action == "operator_role_changed":
            return _role(value)
        if action == "data_corrected":
            return _applicant_value(str(details.get("field", "")), value)
    reads = _VALUES.get(key)
    return reads(action, value) if reads is not None else _plain(value)


def day_bounds(day: dt.date, tz: dt.tzinfo | None = None) -> tuple[dt.datetime, dt.datetime]:
    """The calendar day in ``tz`` (default: the desk's local zone) as a UTC interval.

    The end is the next day's midnight, not the start plus 24 hours: a day with a
    daylight-saving change has 23 or 25 hours."""
    return _midnight(day, tz), _midnight(day + dt.timedelta(days=1), tz)


def _midnight(day: dt.date, tz: dt.tzinfo | None) -> dt.datetime:
    """Midnight starting ``day`` in ``tz`` (None: local), in UTC."""
    if tz is None:
        return dt.datetime.combine(day, dt.time.min).astimezone().astimezone(dt.UTC)
    return dt.datetime.combine(day, dt.time.min, tzinfo=tz).astimezone(dt.UTC)


def scope_chain(actor: Actor, point_code: str | None) -> str | None:
    """The one chain (service point code) the actor may read, or None for every chain.

    A supervisor reads their own point only; asking for another is refused, not
    silently answered with nothing."""
    actor.require(Permission.REVIEW_LOG)
    wanted = point_code.strip().upper() if point_code and point_code.strip() else None
    if wanted == SYSTEM_CHAIN.upper():
        wanted = SYSTEM_CHAIN  # point codes are upper case, the system chain's name is not
    if actor.can(Permission.MANAGE_ALL_POINTS):
        return wanted
    if wanted is not None and wanted != actor.point_code:
        raise PermissionDenied(t("Руководитель видит только события своей точки обслуживания."))
    return actor.point_code


# -- the lazy log -----------------------------------------------------------------------


@dataclass(frozen=True)
class EventFilter:
    """What the supervisor narrowed the log to; every field is optional.

    ``first_day``..``last_day`` are calendar days in ``tz`` (default: local), both
    included; ``last_day`` defaults to ``first_day``. ``applicant_name`` matches every
    word against the applicant's Latin and Cyrillic names (as the application search
    does); ``application_number`` may be typed with spaces, and a partial number matches
    the numbers that contain it."""

    first_day: dt.date | None = None
    last_day: dt.date | None = None
    point_code: str | None = None
    operator_login: str | None = None
    action: str | None = None
    application_number: str | None = None
    applicant_name: str | None = None
    tz: dt.tzinfo | None = None

    @classmethod
    def for_day(cls, day: dt.date, **options: Any) -> EventFilter:
        return cls(first_day=day, last_day=day, **options)


SORT_COLUMNS: dict[str, InstrumentedAttribute[Any]] = {
    "at": AuditEvent.at,
    "chain": AuditEvent.chain,
    "operator_login": AuditEvent.operator_login,
    "action": AuditEvent.action,
    "entity": AuditEvent.entity,
    "application_number": AuditEvent.application_number,
}


@dataclass(frozen=True)
class EventSort:
    """Sort by one of :data:`SORT_COLUMNS` (the ``EventRow`` field of the same name);
    ties are broken by the event id in the same direction, so paging is stable."""

    column: str = "at"
    descending: bool = True

    def __post_init__(self) -> None:
        if self.column not in SORT_COLUMNS:
            raise ValueError(f"cannot sort the log by {self.column!r}")


def _conditions(session: Session, actor: Actor, filters: EventFilter
                ) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    chain = scope_chain(actor, filters.point_code)
    if chain is not None:
        where.append(AuditEvent.chain == chain)
    if filters.first_day is not None or filters.last_day is not None:
        first = filters.first_day or filters.last_day
        last = filters.last_day or filters.first_day
        assert first is not None
        assert last is not None
        if last < first:
            raise ValidationError(t("Конец периода раньше начала."), field="last_day")
        where.append(AuditEvent.at >= day_bounds(first, filters.tz)[0])
        where.append(AuditEvent.at < day_bounds(last, filters.tz)[1])
    if filters.operator_login and filters.operator_login.strip():
        where.append(AuditEvent.operator_login == filters.operator_login.strip())
    if filters.action and filters.action.strip():
        where.append(AuditEvent.action == filters.action.strip())
    if filters.application_number and filters.application_number.strip():
        number = application_numbers.normalize(filters.application_number)
        if len(number) == application_numbers.LENGTH:
            where.append(AuditEvent.application_number == number)
        else:
            where.append(AuditEvent.application_number.contains(number, autoescape=True))
    if filters.applicant_name and filters.applicant_name.strip():
        names = applicant_name_condition(session, filters.applicant_name)
        if names is not None:
            where.append(AuditEvent.application_number.in_(
                select(Application.number)
                .join(Applicant, Application.applicant_id == Applicant.id)
                .where(names)))
    return where


def count_events(session: Session, actor: Actor, filters: EventFilter) -> int:
    """How many events the filters select (what the log's status line shows)."""
    query = select(func.count()).select_from(AuditEvent).where(*_conditions(session, actor, filters))
    return session.scalar(query) or 0


_ROW_COLUMNS = (AuditEvent.id, AuditEvent.at, AuditEvent.chain, AuditEvent.operator_login,
                AuditEvent.action, AuditEvent.entity, AuditEvent.entity_id,
                AuditEvent.application_number, AuditEvent.details, AuditEvent.seq,
                AuditEvent.hash)


def _after(sort: EventSort, row: EventRow) -> ColumnElement[bool]:
    """Rows strictly past ``row`` in the sort order (keyset paging).

    Spelled out rather than as a row-value comparison so the bound value keeps the
    column's type (UTC timestamps), and with a plain range term first so an index on
    the sort column narrows the scan."""
    column = SORT_COLUMNS[sort.column]
    value = getattr(row, sort.column)
    if sort.descending:
        return and_(column <= value, or_(column < value, AuditEvent.id < row.id))
    return and_(column >= value, or_(column > value, AuditEvent.id > row.id))


def fetch_events(session: Session, actor: Actor, filters: EventFilter, *,
                 sort: EventSort | None = None, after: EventRow | None = None,
                 offset: int = 0, limit: int = 200) -> list[EventRow]:
    """One page of the log: ``limit`` rows in ``sort`` order, after the row ``after``
    (keyset: pass the last row of the previous page) or skipping ``offset`` rows."""
    sort = sort or EventSort()
    query = select(*_ROW_COLUMNS).where(*_conditions(session, actor, filters))
    if after is not None:
        query = query.where(_after(sort, after))
    column = SORT_COLUMNS[sort.column]
    if sort.descending:
        query = query.order_by(column.desc(), AuditEvent.id.desc())
    else:
        query = query.order_by(column.asc(), AuditEvent.id.asc())
    query = query.offset(max(offset, 0)).limit(max(limit, 0))
    return [_row(r) for r in session.execute(query)]


def _row(r: Any) -> EventRow:
    details = json.loads(r.details) if r.details else {}
    return EventRow(r.id, r.at, r.chain, r.operator_login, r.action, r.entity, r.entity_id,
                    r.application_number, details if isinstance(details, dict) else {},
                    r.seq, r.hash)


def events_for_day(session: Session, actor: Actor, day: dt.date, *,
                   limit: int = 5000) -> list[EventRow]:
    """A day's events, newest first: a supervisor sees their own point, an administrator
    every point."""
    return fetch_events(session, actor, EventFilter.for_day(day), limit=limit)


# -- a personal record opened from the log ------------------------------------------------


@dataclass(frozen=True)
class PersonalRecord:
    application_number: str
    name_latin: str
    name_cyrillic: str
    birth_date: dt.date
    citizenship: str
    account_status: str
    documents: tuple[str, ...]  # "паспорт FA1234567 до 01.01.2030"
    contacts: tuple[str, ...]
    address: str
    visits: tuple[str, ...]  # one line per visit, oldest first


def open_personal_record(session: Session, actor: Actor, application_number: str
                         ) -> PersonalRecord:
    """The applicant behind an event, for a supervisor checking the log; the opening is
    itself an audit event (who looked at whose data, and when)."""
    from operator_app.models import IdentityDocument
    from operator_app.services import audit, visits
    from operator_app.services.checks import KIND_TITLES

    actor.require(Permission.REVIEW_LOG)
    number = application_numbers.validate(application_number)
    found = session.execute(select(Application, Applicant)
                            .join(Applicant, Application.applicant_id == Applicant.id)
                            .where(Application.number == number)).first()
    if found is None:
        raise ValidationError(t("Заявление {number} не найдено.",
                                number=application_numbers.format_number(number)),
                              field="application_number")
    application, person = found
    audit.require_point_scope(session, actor, number)
    audit.record(session, actor, "personal_record_opened", entity="application",
                 entity_id=application.id, application_number=number,
                 details={"source": "journal"})
    documents = tuple(
        f"{KIND_TITLES.get(d.kind, d.kind)} {(d.series + ' ') if d.series else ''}{d.number}"
        + (t(" до {expiry_date:%d.%m.%Y}", expiry_date=d.expiry_date) if d.expiry_date else "")
        + (t(" · сверен") if d.checked_at else "")
        for d in session.scalars(select(IdentityDocument)
                                 .where(IdentityDocument.applicant_id == person.id)
                                 .order_by(IdentityDocument.id)))
    lines = tuple(
        f"{e.opened_at.astimezone():%d.%m.%Y %H:%M} · {e.point_name} · {e.operator_name} · "
        f"{visits.STATE_TITLES[e.state]}"
        + (t(" · исправлено: ") + "; ".join(e.corrections) if e.corrections else "")
        for e in visits.timeline(session, actor, number))
    cyrillic = " ".join(p for p in (person.surname_cyrillic, person.given_names_cyrillic,
                                    person.patronymic_cyrillic) if p)
    contacts = tuple(c for c in (person.phone or "", person.email or "") if c)
    return PersonalRecord(number, f"{person.surname_latin} {person.given_names_latin}",
                          cyrillic, person.birth_date, _country(person.citizenship),
                          ACCOUNT_STATUS_TITLES[application.account_status], documents, contacts,
                          person.address, lines)
