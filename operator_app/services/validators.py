"""Field validators for the desk's forms: each takes what the clerk typed and returns the
normalized value, or raises ``ValidationError`` with a Russian sentence the clerk can act on.

Qt-free and pure: the form widgets, the import scripts and the tests call the same
functions. Every validator is total over ``str`` (it returns or raises ``ValidationError``,
never anything else) and idempotent: what it returns validates to itself.
Rules follow /work/shared/DOMAIN.md; СНИЛС and ИНН checks reuse ``identifiers``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import phonenumbers
from email_validator import validate_email as _validate_email

from operator_app.messages import N_, Titles, t
from operator_app.services.checks import fold_name
from operator_app.services.errors import ValidationError
from operator_app.services.identifiers import (
    PERSON_INN_LENGTH,
    SNILS_LENGTH,
    format_snils,
    is_valid_person_inn,
    is_valid_snils,
    normalize_snils,
)

__all__ = [
    "CITIZENSHIPS",
    "MAX_NAME_LENGTH",
    "REGIONS",
    "compose_address",
    "cross_check_names",
    "search_citizenship",
    "search_region",
    "suggest_cyrillic",
    "transliterate_icao",
    "validate_birth_date",
    "validate_citizenship",
    "validate_city",
    "validate_cyrillic_name",
    "validate_date",
    "validate_email",
    "validate_flat",
    "validate_house",
    "validate_inn",
    "validate_latin_name",
    "validate_passport_number",
    "validate_phone",
    "validate_postal_code",
    "validate_region",
    "validate_snils",
    "validate_street",
]

MAX_NAME_LENGTH = 100
BIRTH_MIN_AGE = 14
BIRTH_MAX_AGE = 120

_FIELD_TITLES = Titles({
    "surname_latin": "Фамилия латиницей",
    "given_names_latin": "Имя латиницей",
    "surname_cyrillic": "Фамилия по-русски",
    "given_names_cyrillic": "Имя по-русски",
    "patronymic_cyrillic": "Отчество по-русски",
    "birth_date": "Дата рождения",
    "issue_date": "Дата выдачи",
    "expiry_date": "Срок действия",
    "application_date": "Дата заявления",
    "snils": "СНИЛС",
    "inn": "ИНН",
    "email": "Электронная почта",
    "phone": "Телефон",
    "postal_code": "Почтовый индекс",
    "passport_number": "Номер паспорта",
    "citizenship": "Гражданство",
    "address_region": "Регион",
    "address_city": "Населённый пункт",
    "address_street": "Улица",
    "address_house": "Дом",
    "address_flat": "Квартира",
})


def _title(field: str) -> str:
    return _FIELD_TITLES.get(field, f"Поле «{field}»")


def _shown(text: str, limit: int = 40) -> str:
    """What the clerk typed, safe to quote in a message (short, no invisible characters)."""
    clean = "".join(ch if unicodedata.category(ch)[0] not in "CMZ" or ch == " " else "·"
                    for ch in text.strip()[: limit + 1])
    return clean if len(clean) <= limit else clean[:limit] + "…"


def _code(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def _too_long(field: str, length: int, limit: int) -> ValidationError:
    return ValidationError(
        t("{title}: слишком длинное значение ({length} знаков, допустимо не более {limit}) — "
          "возможно, вставлен лишний текст; сотрите поле и введите заново.",
          title=_title(field), length=length, limit=limit),
        field=field)


# -- names ---------------------------------------------------------------------------------

_LATIN_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_RUSSIAN_UPPER = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
_RUSSIAN_LETTERS = frozenset(_RUSSIAN_UPPER + _RUSSIAN_UPPER.lower())
# Typographic apostrophes and hyphens a copy-paste brings; they mean the plain ones.
_PUNCT_EQUIVALENTS = {"’": "'", "ʼ": "'", "‘": "'", "‐": "-", "‑": "-", "‒": "-", "–": "-",
                      "—": "-"}

# Letters of other scripts drawn like a Latin one (what a wrong keyboard layout produces).
_LATIN_LOOKALIKES = {
    # Cyrillic
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ј": "J", "Ԛ": "Q", "Ԝ": "W",
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "ѕ": "s", "і": "i",
    "ј": "j", "һ": "h", "ԛ": "q", "ԝ": "w", "к": "k", "м": "m", "т": "t", "н": "h", "в": "b",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ν": "v", "ι": "i", "κ": "k",
    "α": "a", "ρ": "p", "υ": "u", "τ": "t",
}
_CYRILLIC_LOOKALIKES = {
    "A": "А", "B": "В", "E": "Е", "K": "К", "M": "М", "H": "Н", "O": "О", "P": "Р", "C": "С",
    "T": "Т", "X": "Х", "Y": "У", "a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "y": "у",
    "x": "х", "k": "к", "m": "м", "n": "п", "u": "и", "r": "г", "b": "ь",
}
_SCRIPT_NAMES = {"CYRILLIC": N_("кириллическая"), "GREEK": N_("греческая"),
                 "LATIN": N_("латинская")}

# Lower-case particles of names that keep their case as typed (Мамедов Али оглы).
_PARTICLES = frozenset({
    "оглы", "оглу", "кызы", "гызы", "угли", "кизи", "улы", "уулу", "ибн", "бин", "бинт", "бен",
    "аль", "ал", "эль", "уль", "ад", "ас", "ар", "ат", "ан", "ван", "фон", "дер", "де",
    "ди", "да", "дос", "дель", "ла", "ле",
})


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else ""


def _char_problem(ch: str, position: int, *, latin: bool, address: bool = False
                  ) -> str | None:
    """Why this character cannot be in a name (or, with ``address``, a part of an address),
    or None if it can."""
    if ch in (_LATIN_LETTERS if latin else _RUSSIAN_LETTERS) or ch in " -'":
        return None
    if ch in _PUNCT_EQUIVALENTS:
        return None
    category = unicodedata.category(ch)
    if category == "Zs":
        return None  # a no-break or thin space counts as a space
    where = t("(позиция {position})", position=position)
    code = _code(ch)
    if category in ("Cc", "Zl", "Zp"):
        return t("в тексте невидимый управляющий символ {code} {where} — так бывает при "
                 "вставке из другой программы; сотрите поле и наберите текст заново",
                 code=code, where=where)
    if category == "Cf":
        return t("в тексте невидимый символ {code} {where} (нулевой ширины или смены "
                 "направления письма) — сотрите поле и наберите текст заново",
                 code=code, where=where)
    if category.startswith("C"):
        return t("недопустимый символ {code} {where}; сотрите поле и наберите текст заново",
                 code=code, where=where)
    if category.startswith("M"):
        if latin:
            return t("диакритический знак (ударение, точки, черта) {code} {where}: латинское "
                     "имя в паспорте пишется буквами A–Z без знаков — уберите его",
                     code=code, where=where)
        return t("диакритический знак (ударение, точки, черта) {code} {where}: уберите его, "
                 "оставьте только буквы", code=code, where=where)
    if category.startswith("L"):
        script = _script(ch)
        if latin:
            look = _LATIN_LOOKALIKES.get(ch)
            kind = _SCRIPT_NAMES.get(script)
            if look and kind:
                return t("буква «{ch}» {where} — {kind}, хотя выглядит как латинская «{look}»: "
                         "переключите раскладку на английскую и наберите её заново",
                         ch=ch, where=where, kind=t(kind), look=look)
            if script == "LATIN":
                base = "".join(c for c in unicodedata.normalize("NFKD", ch)
                               if c in _LATIN_LETTERS).upper()
                hint = t(" (в машиночитаемой строке паспорта — {base})", base=base) if base else ""
                return t("буква «{ch}» {where} не из латинского алфавита A–Z{hint}: введите имя "
                         "так, как оно записано в машиночитаемой строке паспорта",
                         ch=ch, where=where, hint=hint)
            if kind:
                return t("буква «{ch}» {where} — {kind}: имя латиницей вводится английскими "
                         "буквами, как в паспорте", ch=ch, where=where, kind=t(kind))
            return t("символ «{ch}» {where} не латинская буква: имя латиницей вводится "
                     "английскими буквами, как в паспорте", ch=ch, where=where)
        look = _CYRILLIC_LOOKALIKES.get(ch)
        if look:
            return t("буква «{ch}» {where} — латинская, хотя похожа на русскую «{look}»: "
                     "переключите раскладку на русскую и наберите её заново",
                     ch=ch, where=where, look=look)
        if script == "LATIN":
            if address:
                return t("буква «{ch}» {where} — латинская: адрес вводится русскими буквами",
                         ch=ch, where=where)
            return t("буква «{ch}» {where} — латинская: имя по-русски вводится русскими "
                     "буквами", ch=ch, where=where)
        if script == "CYRILLIC":
            if address:
                return t("буква «{ch}» {where} не из русского алфавита: введите русскими "
                         "буквами, как в нотариальном переводе паспорта", ch=ch, where=where)
            return t("буква «{ch}» {where} не из русского алфавита: введите имя русскими "
                     "буквами, как в нотариальном переводе паспорта", ch=ch, where=where)
        if address:
            return t("символ «{ch}» {where} не русская буква: адрес вводится русскими буквами",
                     ch=ch, where=where)
        return t("символ «{ch}» {where} не русская буква: имя по-русски вводится русскими "
                 "буквами", ch=ch, where=where)
    if category == "Nd":
        if address:
            return t("цифра «{ch}» {where} — здесь цифр не бывает", ch=ch, where=where)
        return t("цифра «{ch}» {where} — в имени цифр не бывает", ch=ch, where=where)
    if latin:
        return t("символ «{ch}» {where} недопустим: в имени только латинские буквы, дефис, "
                 "апостроф и пробел", ch=ch, where=where)
    return t("символ «{ch}» {where} недопустим: в имени только русские буквы, дефис, апостроф "
             "и пробел", ch=ch, where=where)


def _clean_name(text: str, field: str, *, latin: bool) -> list[str]:
    """NFC, length, character and structure checks; the name's words, punctuation unified."""
    text = unicodedata.normalize("NFC", text)
    words = text.split()
    length = len(" ".join(words))
    if length > MAX_NAME_LENGTH:
        raise _too_long(field, length, MAX_NAME_LENGTH)
    for position, ch in enumerate(text, 1):
        problem = _char_problem(ch, position, latin=latin)
        if problem:
            raise ValidationError(t("{title}: {problem}.", title=_title(field), problem=problem),
                                  field=field)
    words = ["".join(_PUNCT_EQUIVALENTS.get(ch, ch) for ch in word) for word in words]
    if not words:
        raise ValidationError(t("{title}: заполните поле.", title=_title(field)), field=field)
    letter = "[A-Za-z]" if latin else "[А-ЯЁа-яё]"
    shape = re.compile(rf"{letter}+(?:[-']{letter}+)*")
    for word in words:
        if not shape.fullmatch(word):
            example = "ANNA-MARIA, O'NEIL" if latin else "Салтыков-Щедрин, Д'Арк"
            raise ValidationError(
                t("{title}: «{shown}» — дефис и апостроф ставятся только между буквами (например, "
                  "{example}).", title=_title(field), shown=_shown(word), example=example),
                field=field)
    return words


def validate_latin_name(text: str, *, field: str) -> str:
    """A name as in the passport's Latin (MRZ) form: A–Z, hyphen, apostrophe, single spaces.

    Returns it upper-case with spaces collapsed. Letters of other scripts (a Cyrillic «а»
    inside a Latin name), accented letters, invisible and control characters are refused
    with the character's position.
    """
    return " ".join(_clean_name(text, field, latin=True)).upper()


def _capitalize(part: str) -> str:
    if part.lower() in _PARTICLES and part[:1].islower():
        return part
    return part[:1].upper() + part[1:]


def validate_cyrillic_name(text: str, *, field: str) -> str:
    """A name in Russian letters (Ё included), hyphen, apostrophe, spaces.

    Returns it as typed with spaces trimmed and collapsed and the first letter of each
    part (between spaces and hyphens) capitalized; lower-case particles such as «оглы»
    stay as typed. No other letter is changed (ё stays ё).
    """
    words = _clean_name(text, field, latin=False)
    return " ".join("-".join(_capitalize(p) for p in word.split("-")) for word in words)


_ICAO = {
    "а": "A", "б": "B", "в": "V", "г": "G", "д": "D", "е": "E", "ё": "E", "ж": "ZH", "з": "Z",
    "и": "I", "й": "I", "к": "K", "л": "L", "м": "M", "н": "N", "о": "O", "п": "P", "р": "R",
    "с": "S", "т": "T", "у": "U", "ф": "F", "х": "KH", "ц": "TS", "ч": "CH", "ш": "SH",
    "щ": "SHCH", "ъ": "IE", "ы": "Y", "ь": "", "э": "E", "ю": "IU", "я": "IA",
}


def transliterate_icao(cyrillic: str) -> str:
    """Russian letters to Latin by ICAO Doc 9303 / Приказ МВД №889, upper-case.

    Anything else (spaces, hyphens, apostrophes, Latin letters) passes through, upper-cased.
    """
    text = unicodedata.normalize("NFC", cyrillic)
    return "".join(_ICAO.get(ch.lower(), ch.upper()) for ch in text)


_SUGGEST = [  # longest first; ICAO back, plus the spellings foreign passports commonly use
    ("SHCH", "щ"), ("YA", "я"), ("YU", "ю"), ("YO", "ё"), ("IA", "я"), ("IU", "ю"),
    ("ZH", "ж"), ("KH", "х"), ("TS", "ц"), ("CH", "ч"), ("SH", "ш"), ("DJ", "дж"),
    ("A", "а"), ("B", "б"), ("V", "в"), ("G", "г"), ("D", "д"), ("E", "е"), ("Z", "з"),
    ("I", "и"), ("K", "к"), ("L", "л"), ("M", "м"), ("N", "н"), ("O", "о"), ("P", "п"),
    ("R", "р"), ("S", "с"), ("T", "т"), ("U", "у"), ("F", "ф"), ("Y", "ы"), ("J", "дж"),
    ("H", "х"), ("C", "к"), ("Q", "к"), ("W", "в"), ("X", "кс"),
]
_VOWELS = frozenset("аеёиоуыэюя")


def suggest_cyrillic(latin: str) -> str:
    """A first guess at the Russian form of a Latin name, for the clerk to check and edit
    against the notarized translation. Only a suggestion: no rule recovers it exactly."""
    words = []
    for word in latin.upper().split():
        out = ""
        i = 0
        while i < len(word):
            for lat, cyr in _SUGGEST:
                if word.startswith(lat, i):
                    after_vowel = bool(out) and out[-1] in _VOWELS
                    if lat == "E" and not out:
                        cyr = "э"
                    elif (lat == "I" and after_vowel) or (lat == "Y" and (not out or after_vowel)):
                        cyr = "й"
                    out += cyr
                    i += len(lat)
                    break
            else:
                out += word[i]
                i += 1
        words.append("-".join(part[:1].upper() + part[1:] for part in out.split("-")))
    return " ".join(words)


def cross_check_names(latin: str, cyrillic: str) -> str | None:
    """None if the Russian form transliterates (ICAO) to the Latin one; else a warning.

    A warning, not a refusal: a foreign passport often spells the name by its own
    country's rules (AHMEDOV, not AKHMEDOV), so the clerk checks both against the originals.
    """
    icao = transliterate_icao(cyrillic)
    if fold_name(icao) == fold_name(latin):
        return None
    return (f"Латинская запись «{_shown(latin)}» не совпадает с русской «{_shown(cyrillic)}» "
            f"(по правилам ICAO она читается как «{_shown(icao)}»). В паспортах иностранных "
            "граждан латиница нередко записана по правилам их страны — сверьте обе записи с "
            "паспортом и переводом; если они верны, продолжайте.")


# -- dates ---------------------------------------------------------------------------------

_DATE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def validate_date(text: str, *, field: str, not_future: bool = True,
                  min_age: int | None = None, max_age: int | None = None,
                  today: dt.date | None = None) -> dt.date:
    """A real calendar date typed ДД.ММ.ГГГГ.

    ``not_future`` refuses dates after ``today``; ``min_age``/``max_age`` (years, for birth
    dates) bound how old the person is ``today``. ``today`` defaults to the local date.
    """
    title = _title(field)
    typed = text.strip()
    match = _DATE.fullmatch(typed) if len(typed) <= 10 else None
    if not match:
        raise ValidationError(t("{title}: введите дату в виде ДД.ММ.ГГГГ, например 05.03.1990.",
                                title=title),
                              field=field)
    day, month, year = (int(group) for group in match.groups())
    try:
        value = dt.date(year, month, day)
    except ValueError:
        raise ValidationError(t("{title}: даты {typed} нет в календаре — проверьте день и месяц.",
                                title=title, typed=typed),
                              field=field) from None
    today = today or dt.date.today()
    shown = value.strftime("%d.%m.%Y")
    if not_future and value > today:
        raise ValidationError(t("{title}: {shown} — дата ещё не наступила; проверьте год.",
                                title=title, shown=shown),
                              field=field)
    age = _age(value, today)
    if min_age is not None and age < min_age:
        raise ValidationError(t("{title}: {shown} — человеку {age} лет, а должно быть не меньше "
                                "{min_age}; проверьте год.",
                                title=title, shown=shown, age=max(age, 0), min_age=min_age),
                              field=field)
    if max_age is not None and age > max_age:
        raise ValidationError(t("{title}: {shown} — получается {age} лет, больше {max_age}; "
                                "проверьте год.",
                                title=title, shown=shown, age=age, max_age=max_age), field=field)
    return value


def validate_birth_date(text: str, *, field: str = "birth_date",
                        today: dt.date | None = None) -> dt.date:
    """A birth date: not in the future, age 14–120 (a passport holder)."""
    return validate_date(text, field=field, not_future=True, min_age=BIRTH_MIN_AGE,
                         max_age=BIRTH_MAX_AGE, today=today)


# -- identifiers ---------------------------------------------------------------------------

_DIGITS = re.compile(r"[0-9]*")


def validate_snils(text: str) -> str:
    """СНИЛС: 11 digits (separators accepted), control number per DOMAIN.md. Returns digits."""
    field = "snils"
    number = normalize_snils(text)
    if len(number) > 3 * SNILS_LENGTH:
        raise _too_long(field, len(number), SNILS_LENGTH)
    if not _DIGITS.fullmatch(number):
        raise ValidationError(t("СНИЛС: допустимы только цифры, дефисы и пробелы "
                              "(вид XXX-XXX-XXX YY)."), field=field)
    if len(number) != SNILS_LENGTH:
        raise ValidationError(t("СНИЛС — 11 цифр (вид XXX-XXX-XXX YY), введено {length}; сверьте "
                                "с документом.", length=len(number)), field=field)
    if int(number[:9]) == 0:
        raise ValidationError(t("СНИЛС из одних нулей не бывает — введите номер с документа."),
                              field=field)
    if not is_valid_snils(number):
        raise ValidationError(t("СНИЛС {snils}: не сходится контрольное число — вероятно, "
                                "опечатка; сверьте цифры с документом.",
                                snils=format_snils(number)), field=field)
    return number


def validate_inn(text: str) -> str:
    """A person's ИНН: 12 digits with both check digits right. Returns digits.

    A 10-digit ИНН belongs to an organization and is refused with that explanation.
    """
    field = "inn"
    number = normalize_snils(text)  # the same separators are dropped
    if len(number) > 3 * PERSON_INN_LENGTH:
        raise _too_long(field, len(number), PERSON_INN_LENGTH)
    if not _DIGITS.fullmatch(number):
        raise ValidationError(t("ИНН: допустимы только цифры."), field=field)
    if len(number) == 10:
        raise ValidationError(t("ИНН из 10 цифр — это ИНН организации; у физического лица ИНН "
                              "из 12 цифр — возьмите его из свидетельства или уведомления о "
                              "постановке на учёт."), field=field)
    if len(number) != PERSON_INN_LENGTH:
        raise ValidationError(t("ИНН физического лица — 12 цифр, введено {length}; сверьте с "
                                "документом.", length=len(number)), field=field)
    if not is_valid_person_inn(number):
        raise ValidationError(t("ИНН {number}: не сходятся контрольные цифры — вероятно, "
                                "опечатка; сверьте цифры с документом.", number=number),
                              field=field)
    return number


# -- contacts ------------------------------------------------------------------------------

MAX_EMAIL_LENGTH = 254


def validate_email(text: str) -> str:
    """An e-mail address, syntax only (deliverability off: the desk may be offline).

    Returns the normalized form (domain lower-cased, Unicode NFC).
    """
    field = "email"
    address = text.strip()
    if not address:
        raise ValidationError(t("Электронная почта: заполните поле."), field=field)
    if len(address) > MAX_EMAIL_LENGTH:
        raise _too_long(field, len(address), MAX_EMAIL_LENGTH)
    if address.count("@") != 1:
        raise ValidationError(t("Электронная почта: в адресе должен быть ровно один знак @ "
                              "(вид имя@домен.ru)."), field=field)
    if any(ch.isspace() for ch in address):
        raise ValidationError(t("Электронная почта: в адресе не бывает пробелов — уберите их."),
                              field=field)
    try:
        result = _validate_email(address, check_deliverability=False)
    except ValueError:  # EmailNotValidError, and any codec error beneath it
        raise ValidationError(t("Электронная почта «{shown}» записана с ошибкой — проверьте часть "
                                "до @ и домен после @ (например, ivanov@mail.ru).",
                                shown=_shown(address)), field=field) from None
    normalized: str = result.normalized
    return normalized


_PHONE_CHARS = re.compile(r"\+?[0-9 ()\-‐‑–.]*")
MAX_PHONE_TEXT = 40


def validate_phone(text: str, *, region: str = "RU") -> str:
    """A phone number, stored E.164. Without «+» it is read as a number of ``region``
    (8 912 … and +7 912 … are the same Russian number); foreign numbers are typed with «+».
    """
    field = "phone"
    typed = text.strip()
    if not typed:
        raise ValidationError(t("Телефон: заполните поле."), field=field)
    if len(typed) > MAX_PHONE_TEXT:
        raise _too_long(field, len(typed), MAX_PHONE_TEXT)
    if not _PHONE_CHARS.fullmatch(typed):
        raise ValidationError(t("Телефон: допустимы цифры, «+» в начале, пробелы, скобки и "
                              "дефисы (например, +7 912 345-67-89)."), field=field)
    try:
        number = phonenumbers.parse(typed, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(t("Телефон «{shown}» не похож на действующий номер — проверьте "
                                "цифры; иностранный номер вводите с «+» и кодом страны (например, "
                                "+998 90 123-45-67).", shown=_shown(typed)), field=field)
    e164: str = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return e164


def validate_postal_code(text: str) -> str:
    """A Russian postal code: 6 digits (spaces dropped; Russian codes never start with 0)."""
    field = "postal_code"
    code = re.sub(r"\s", "", text)
    if len(code) > 60:
        raise _too_long(field, len(code), 6)
    if not re.fullmatch(r"[0-9]{6}", code):
        raise ValidationError(t("Почтовый индекс — 6 цифр (например, 101000)."), field=field)
    if code[0] == "0":
        raise ValidationError(t("Почтовый индекс {code}: российские индексы не начинаются с 0 — "
                                "проверьте первую цифру.", code=code), field=field)
    return code


# -- passports and citizenship -------------------------------------------------------------

# Number patterns of current passports where they are well known. Not confirmed by
# DOMAIN.md: a screen that must not block an unusual but genuine passport should catch
# the error and show it as a warning.
PASSPORT_PATTERNS: dict[str, tuple[str, str]] = {
    "UZB": (r"[A-Z]{2}[0-9]{7}", "2 латинские буквы и 7 цифр, например AA1234567"),
    "KGZ": (r"[A-Z]{2}[0-9]{7}", "2 латинские буквы и 7 цифр, например AC1234567"),
    "ARM": (r"[A-Z]{2}[0-9]{7}", "2 латинские буквы и 7 цифр, например AM1234567"),
    "BLR": (r"[A-Z]{2}[0-9]{7}", "2 латинские буквы и 7 цифр, например MP1234567"),
    "KAZ": (r"N[0-9]{8}", "латинская N и 8 цифр, например N12345678"),
    "UKR": (r"[A-Z]{2}[0-9]{6}", "2 латинские буквы и 6 цифр, например FA123456"),
    "IND": (r"[A-Z][0-9]{7}", "1 латинская буква и 7 цифр, например J1234567"),
    "VNM": (r"[A-Z][0-9]{7}", "1 латинская буква и 7 цифр, например C1234567"),
    "CHN": (r"E[0-9]{8}|E[A-Z][0-9]{7}|G[0-9]{8}",
            "E и 8 цифр, E с буквой и 7 цифр или G и 8 цифр, например E12345678"),
}
_GENERIC_PASSPORT = re.compile(r"[A-Z0-9]{5,20}")


def validate_passport_number(text: str, *, country: str | None) -> str:
    """A foreign passport's number, spaces dropped, upper-case.

    ``country`` (ISO alpha-3) selects a known pattern (``PASSPORT_PATTERNS``); otherwise
    5–20 Latin letters and digits.
    """
    field = "passport_number"
    number = re.sub(r"\s", "", unicodedata.normalize("NFC", text)).upper()
    if len(number) > 60:
        raise _too_long(field, len(number), 20)
    if not number:
        raise ValidationError(t("Номер паспорта: заполните поле."), field=field)
    for position, ch in enumerate(number, 1):
        if ch in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ":
            continue
        look = _LATIN_LOOKALIKES.get(ch)
        if look:
            problem = t("буква «{ch}» (позиция {position}) — {kind}, хотя похожа на латинскую "
                        "«{look}»: переключите раскладку на английскую", ch=ch, position=position,
                        kind=t(_SCRIPT_NAMES.get(_script(ch), "")), look=look.upper())
        elif unicodedata.category(ch)[0] in "CMZ":
            problem = t("невидимый или служебный символ {code} (позиция {position})",
                        code=_code(ch), position=position)
        else:
            problem = t("символ «{ch}» (позиция {position}) недопустим", ch=ch, position=position)
        raise ValidationError(t("Номер паспорта: {problem}; в номере только латинские буквы и "
                                "цифры.", problem=problem), field=field)
    if not _GENERIC_PASSPORT.fullmatch(number):
        raise ValidationError(t("Номер паспорта — от 5 до 20 латинских букв и цифр, введено "
                                "{length}; сверьте с паспортом.", length=len(number)), field=field)
    del country  # country patterns are not confirmed: passport_number_warning() warns only
    return number


def passport_number_warning(number: str, *, country: str | None) -> str | None:
    """A warning (never a refusal: the patterns are *unconfirmed*) when a valid-looking
    number does not follow the usual pattern of the issuing country."""
    code = (country or "").strip().upper()
    known = PASSPORT_PATTERNS.get(code)
    if known is None or re.fullmatch(known[0], number):
        return None
    name = CITIZENSHIPS.get(code, code)
    return (f"Номер паспорта ({name}) обычно — {known[1]}; введено «{_shown(number)}». "
            "Формат не подтверждён: сверьте с паспортом и продолжайте.")


_USUAL_NAMES: dict[str, str] = {  # how Russian desks name the countries they see most
    # CIS and neighbours
    "AZE": "Азербайджан", "ARM": "Армения", "BLR": "Беларусь", "KAZ": "Казахстан",
    "KGZ": "Киргизия", "MDA": "Молдова", "TJK": "Таджикистан", "TKM": "Туркмения",
    "UZB": "Узбекистан", "UKR": "Украина", "GEO": "Грузия",
    # Asia and the Middle East
    "CHN": "Китай", "IND": "Индия", "VNM": "Вьетнам", "KOR": "Республика Корея",
    "PRK": "КНДР", "MNG": "Монголия", "AFG": "Афганистан", "PAK": "Пакистан",
    "BGD": "Бангладеш", "NPL": "Непал", "LKA": "Шри-Ланка", "TUR": "Турция", "IRN": "Иран",
    "IRQ": "Ирак", "SYR": "Сирия", "JOR": "Иордания", "LBN": "Ливан", "ISR": "Израиль",
    "ARE": "ОАЭ", "SAU": "Саудовская Аравия", "JPN": "Япония", "THA": "Таиланд",
    "IDN": "Индонезия", "MYS": "Малайзия", "PHL": "Филиппины", "MMR": "Мьянма", "LAO": "Лаос",
    "KHM": "Камбоджа", "YEM": "Йемен",
    # Europe
    "DEU": "Германия", "FRA": "Франция", "ITA": "Италия", "ESP": "Испания",
    "GBR": "Великобритания", "POL": "Польша", "LVA": "Латвия", "LTU": "Литва",
    "EST": "Эстония", "FIN": "Финляндия", "SRB": "Сербия", "BGR": "Болгария", "GRC": "Греция",
    "CZE": "Чехия", "ROU": "Румыния", "NLD": "Нидерланды",
    # Americas
    "USA": "США", "CAN": "Канада", "BRA": "Бразилия", "ARG": "Аргентина", "MEX": "Мексика",
    "CUB": "Куба", "VEN": "Венесуэла", "COL": "Колумбия", "PER": "Перу", "CHL": "Чили",
    "NIC": "Никарагуа", "ECU": "Эквадор",
    # Africa
    "EGY": "Египет", "NGA": "Нигерия", "MAR": "Марокко", "DZA": "Алжир", "TUN": "Тунис",
    "ETH": "Эфиопия", "KEN": "Кения", "ZAF": "ЮАР", "GHA": "Гана", "CMR": "Камерун",
    "AGO": "Ангола", "SDN": "Судан", "COG": "Конго", "COD": "ДР Конго", "ZWE": "Зимбабве",
    "TZA": "Танзания", "GIN": "Гвинея", "SEN": "Сенегал", "MLI": "Мали",
    "CIV": "Кот-д’Ивуар",
}


# ICAO 9303 codes for people without a citizenship (not in ISO 3166).
_ICAO_EXTRA = {"XXA": "Лицо без гражданства", "XXB": "Беженец", "XXC": "Беженец (иной статус)"}


def _countries() -> dict[str, str]:
    """Every ISO 3166-1 country (pycountry, with its Russian translations), the usual
    Russian names where desks say them differently, and the ICAO statelessness codes."""
    names: dict[str, str] = {}
    try:
        import gettext

        import pycountry

        ru = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"],
                                 fallback=True)
        for country in pycountry.countries:
            name = getattr(country, "common_name", None) or country.name
            names[country.alpha_3] = ru.gettext(name)
    except ImportError:  # pragma: no cover - a dependency; the usual list still works
        pass
    names.update(_USUAL_NAMES)
    names.update(_ICAO_EXTRA)
    return names


CITIZENSHIPS: dict[str, str] = _countries()


def _search_key(text: str) -> str:
    return text.strip().casefold().replace("ё", "е")


def search_citizenship(query: str) -> list[tuple[str, str]]:
    """Countries whose code or Russian name matches ``query`` (case-insensitive, ё = е).

    Exact code first, then name prefixes, code prefixes, then any substring; each group
    alphabetical by name. An empty query lists all countries.
    """
    key = _search_key(query)[:60]
    ranked: list[tuple[int, str, str]] = []
    for code, name in CITIZENSHIPS.items():
        code_key, name_key = code.casefold(), _search_key(name)
        if not key or code_key == key:
            rank = 0
        elif name_key.startswith(key):
            rank = 1
        elif code_key.startswith(key):
            rank = 2
        elif key in name_key:
            rank = 3
        else:
            continue
        ranked.append((rank, name, code))
    return [(code, name) for _rank, name, code in sorted(ranked)]


def validate_citizenship(text: str) -> str:
    """An ISO 3166-1 alpha-3 code from the list, typed as the code or the Russian name."""
    field = "citizenship"
    typed = text.strip()
    if len(typed) > 60:
        raise _too_long(field, len(typed), 60)
    code = typed.upper()
    if code in CITIZENSHIPS:
        return code
    key = _search_key(typed)
    for candidate, name in CITIZENSHIPS.items():
        if _search_key(name) == key or _search_key(f"{name} ({candidate})") == key:
            return candidate
    found = search_citizenship(typed)
    hint = (t(" Похожие: {found}.", found=", ".join(f"{name} ({code})" for code, name in found[:3]))
            if found else "")
    raise ValidationError(t("Гражданство «{shown}» не найдено в списке стран — выберите страну из "
                            "списка или введите трёхбуквенный код.{hint}",
                            shown=_shown(typed), hint=hint), field=field)


# -- Russian address -----------------------------------------------------------------------

# Federal subjects (Конституция РФ, ст. 65), as the account stores them.
REGIONS: tuple[str, ...] = (
    "Москва", "Санкт-Петербург", "Севастополь",
    "Республика Адыгея", "Республика Алтай", "Республика Башкортостан", "Республика Бурятия",
    "Республика Дагестан", "Донецкая Народная Республика", "Республика Ингушетия",
    "Кабардино-Балкарская Республика", "Республика Калмыкия",
    "Карачаево-Черкесская Республика", "Республика Карелия", "Республика Коми",
    "Республика Крым", "Луганская Народная Республика", "Республика Марий Эл",
    "Республика Мордовия", "Республика Саха (Якутия)", "Республика Северная Осетия — Алания",
    "Республика Татарстан", "Республика Тыва", "Удмуртская Республика", "Республика Хакасия",
    "Чеченская Республика", "Чувашская Республика",
    "Алтайский край", "Забайкальский край", "Камчатский край", "Краснодарский край",
    "Красноярский край", "Пермский край", "Приморский край", "Ставропольский край",
    "Хабаровский край",
    "Амурская область", "Архангельская область", "Астраханская область",
    "Белгородская область", "Брянская область", "Владимирская область",
    "Волгоградская область", "Вологодская область", "Воронежская область",
    "Запорожская область", "Ивановская область", "Иркутская область",
    "Калининградская область", "Калужская область", "Кемеровская область",
    "Кировская область", "Костромская область", "Курганская область", "Курская область",
    "Ленинградская область", "Липецкая область", "Магаданская область",
    "Московская область", "Мурманская область", "Нижегородская область",
    "Новгородская область", "Новосибирская область", "Омская область",
    "Оренбургская область", "Орловская область", "Пензенская область", "Псковская область",
    "Ростовская область", "Рязанская область", "Самарская область", "Саратовская область",
    "Сахалинская область", "Свердловская область", "Смоленская область",
    "Тамбовская область", "Тверская область", "Томская область", "Тульская область",
    "Тюменская область", "Ульяновская область", "Херсонская область",
    "Челябинская область", "Ярославская область",
    "Еврейская автономная область",
    "Ненецкий автономный округ", "Ханты-Мансийский автономный округ — Югра",
    "Чукотский автономный округ", "Ямало-Ненецкий автономный округ",
)

MAX_ADDRESS_PART = 120
_ADDRESS_PUNCT = frozenset(" -.,()№/«»\"'—")
_HOUSE = re.compile(r"[0-9]+[А-ЯЁ]?(/[0-9]+[А-ЯЁ]?)?"
                    r"(( (к|корп|стр|лит)\.?)? ?[0-9А-ЯЁ]+)*", re.IGNORECASE)
_FLAT = re.compile(r"[0-9]{1,5}[А-ЯЁ]?", re.IGNORECASE)


def search_region(query: str) -> list[str]:
    """Regions whose name contains ``query`` (case-insensitive, ё = е); prefixes first."""
    key = _search_key(query)[:60]
    starts = [r for r in REGIONS if _search_key(r).startswith(key)]
    inside = [r for r in REGIONS if key in _search_key(r) and r not in starts]
    return starts + inside


def _address_text(text: str, field: str, *, digits: bool) -> str:
    """Russian letters, digits where allowed, the usual address punctuation; spaces tidied."""
    text = unicodedata.normalize("NFC", text)
    tidy = " ".join(text.split())
    if len(tidy) > MAX_ADDRESS_PART:
        raise _too_long(field, len(tidy), MAX_ADDRESS_PART)
    for position, ch in enumerate(text, 1):
        if ch in _RUSSIAN_LETTERS or ch in _ADDRESS_PUNCT or (digits and ch.isdigit()
                                                              and ch.isascii()):
            continue
        problem = _char_problem(ch, position, latin=False, address=True)
        if problem is None:
            continue  # a no-break space, a typographic apostrophe or dash
        raise ValidationError(t("{title}: {problem}.", title=_title(field), problem=problem),
                              field=field)
    if tidy and not any(ch in _RUSSIAN_LETTERS for ch in tidy):
        raise ValidationError(t("{title}: нужно название русскими буквами.", title=_title(field)),
                              field=field)
    return tidy


def validate_region(text: str) -> str:
    """A federal subject from the list (typed in full, or a unique part of its name)."""
    field = "address_region"
    typed = _address_text(text, field, digits=False)
    if not typed:
        raise ValidationError(t("Укажите регион."), field=field)
    exact = [r for r in REGIONS if _search_key(r) == _search_key(typed)]
    if exact:
        return exact[0]
    found = search_region(typed)
    if len(found) == 1:
        return found[0]
    hint = (t(" Подходят: {found}.", found="; ".join(found[:3]) + ("…" if len(found) > 3 else ""))
            if found else t(" Выберите регион из списка."))
    raise ValidationError(t("Регион «{shown}» не найден среди субъектов РФ.{hint}",
                            shown=_shown(typed), hint=hint),
                          field=field)


def validate_city(text: str) -> str:
    return _address_text(text, "address_city", digits=False)


def validate_street(text: str) -> str:
    return _address_text(text, "address_street", digits=True)


def validate_house(text: str) -> str:
    """House number: 12, 12А, 12/3, 12 к. 2, 12 стр. 1."""
    field = "address_house"
    typed = " ".join(unicodedata.normalize("NFC", text).split())
    if len(typed) > 20:
        raise _too_long(field, len(typed), 20)
    if not _HOUSE.fullmatch(typed):
        raise ValidationError(t("Дом «{shown}»: номер дома с буквой, дробью, корпусом или "
                                "строением, например 12, 12А, 12/3, 12 к. 2, 12 стр. 1.",
                                shown=_shown(typed)),
                              field=field)
    return typed.upper() if len(typed) <= 4 else typed


def validate_flat(text: str) -> str:
    """Flat or office number: up to 5 digits and an optional letter."""
    field = "address_flat"
    typed = text.strip()
    if len(typed) > 20:
        raise _too_long(field, len(typed), 20)
    if not _FLAT.fullmatch(typed):
        raise ValidationError(t("Квартира «{shown}»: только номер, например 15 или 15А.",
                                shown=_shown(typed)),
                              field=field)
    return typed.upper()


def compose_address(postal_code: str, region: str, city: str, street: str, house: str,
                    flat: str) -> str:
    """The one-line address for papers and the card: «101000, Москва, ул. Тверская, д. 7, кв. 5»."""
    parts = [postal_code, region]
    if city and city != region:
        parts.append(city)
    parts += [street, f"д. {house}" if house else "", f"кв. {flat}" if flat else ""]
    return ", ".join(part for part in parts if part)
