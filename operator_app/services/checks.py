"""The rules a clerk applies to the originals, each failing one a sentence to act on.

Pure functions over plain values: the checklist screen, the document dialog (as the
clerk types), the save and the tests call the same rules. Severity follows DOMAIN.md: a
rule that is confirmed is an ``error`` (blocks confirming); an *unconfirmed* format is a
``warning`` the clerk may override, and the screen says so.

Some errors say the document itself is not fit — expired, valid under six months, an MRZ
whose check digits fail. Such a document is recorded as checked only by an explicit
override with the clerk's reason (``Finding.needs_override``): the check then says what
was seen. An overridden MRZ becomes a warning (some states print wrong check digits); an
expired or soon-expiring passport still blocks confirming, because the rule is confirmed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from operator_app.messages import N_, Titles, t
from operator_app.models import DocumentKind
from operator_app.services.identifiers import is_valid_person_inn, is_valid_snils, normalize_snils

STAY_KINDS = frozenset({DocumentKind.RESIDENCE_PERMIT, DocumentKind.TEMPORARY_RESIDENCE,
                        DocumentKind.MIGRATION_CARD, DocumentKind.STAY_REGISTRATION,
                        DocumentKind.PATENT})
MIN_PASSPORT_VALIDITY = 6  # months from the application date

KIND_TITLES = Titles({
    DocumentKind.PASSPORT: "паспорт",
    DocumentKind.RESIDENCE_PERMIT: "вид на жительство",
    DocumentKind.TEMPORARY_RESIDENCE: "разрешение на временное проживание",
    DocumentKind.MIGRATION_CARD: "миграционная карта",
    DocumentKind.STAY_REGISTRATION: "уведомление о прибытии",
    DocumentKind.PATENT: "патент",
    DocumentKind.SNILS: "СНИЛС",
    DocumentKind.INN: "ИНН",
})


@dataclass(frozen=True)
class Finding:
    """One rule a visit's papers break. ``text`` is Russian, a catalogue key with ``{names}``
    filled from ``params``: :attr:`message` shows it in the desk's language, :attr:`russian`
    is what is stored with the visit and in the audit and printed on the repeat-visit slip."""

    field: str  # "<document kind>.<field>" or "applicant.<field>" or "checklist.<item>"
    severity: str  # "error" | "warning"
    text: str
    # The check of this document is recorded only with an override and a reason.
    needs_override: bool = False
    # A str value that is itself a catalogue key (a kind of document) is translated too; a
    # Finding value (an accepted finding cited) is shown or stored as the outer one is.
    params: Mapping[str, object] = dataclasses.field(default_factory=dict, hash=False)

    @property
    def blocking(self) -> bool:
        return self.severity == "error"

    @property
    def message(self) -> str:
        return t(self.text, **{name: value.message if isinstance(value, Finding)
                               else t(value) if isinstance(value, str) else value
                               for name, value in self.params.items()})

    @property
    def russian(self) -> str:
        if not self.params:
            return self.text
        return self.text.format(**{name: value.russian if isinstance(value, Finding) else value
                                   for name, value in self.params.items()})


@dataclass(frozen=True)
class PersonFacts:
    surname_latin: str
    given_names_latin: str
    surname_cyrillic: str
    given_names_cyrillic: str
    birth_date: dt.date
    snils: str | None = None
    inn: str | None = None
    no_snils_noted: bool = False


@dataclass(frozen=True)
class DocumentFacts:
    kind: DocumentKind
    number: str
    series: str = ""
    issue_date: dt.date | None = None
    expiry_date: dt.date | None = None
    surname_latin: str = ""
    given_names_latin: str = ""
    birth_date: dt.date | None = None
    country: str = ""
    mrz: str = ""  # the lines as typed or read, one per line
    override_reason: str = ""  # why the clerk accepted it despite a finding


OVERRIDE_HINT = N_("Чтобы записать сверку, отметьте «Принять несмотря на это» и напишите "
                   "причину.")


def fold_name(text: str) -> str:
    """Case, spaces, hyphens and apostrophes do not matter; letters do (ё is not е)."""
    text = unicodedata.normalize("NFC", text).upper()
    return re.sub(r"[\s\-‐‑–—'’`]", "", text)


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError("unreachable")


def _fmt(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def _format_findings(doc: DocumentFacts) -> list[Finding]:
    key = doc.kind.value
    number = re.sub(r"\s", "", doc.number)
    series = re.sub(r"\s", "", doc.series)
    if doc.kind is DocumentKind.RESIDENCE_PERMIT:
        # The booklet format is confirmed; the newer card's is not (DOMAIN.md).
        if series in ("82", "83"):
            if not re.fullmatch(r"[0-9]{7}", number):
                return [Finding(f"{key}.number", "error",
                                N_("Номер ВНЖ (бланк серии 82/83) — 7 цифр."))]
            return []
        return [Finding(f"{key}.series", "warning",
                        N_("Серия ВНЖ не 82 и не 83: возможно, это ВНЖ нового образца (карта), "
                           "формат которого не подтверждён. Сверьте с оригиналом и продолжайте."))]
    if doc.kind is DocumentKind.MIGRATION_CARD:
        problems = []
        if not re.fullmatch(r"[0-9]{4}", series):
            problems.append(Finding(f"{key}.series", "error",
                                    N_("Серия миграционной карты — 4 цифры.")))
        if not re.fullmatch(r"[0-9]{6,7}", number):
            problems.append(Finding(f"{key}.number", "error",
                                    N_("Номер миграционной карты — 6 или 7 цифр.")))
        return problems
    unconfirmed = doc.kind in (DocumentKind.TEMPORARY_RESIDENCE, DocumentKind.PATENT)
    if unconfirmed and not re.fullmatch(r"[0-9A-ZА-Я]{4,20}", (series + number).upper()):
        return [Finding(f"{key}.number", "warning",
                        N_("Номер документа «{kind}» необычного вида; формат не подтверждён — "
                           "сверьте с оригиналом."),
                        params={"kind": KIND_TITLES.russian[doc.kind]})]
    if doc.kind is DocumentKind.PASSPORT and not re.fullmatch(r"[0-9A-Z]{5,20}", number.upper()):
        return [Finding(f"{key}.number", "error",
                        N_("Номер паспорта: латинские буквы и цифры, от 5 до 20 знаков."))]
    return []


def _expiry_findings(doc: DocumentFacts, *, application_date: dt.date,
                     visit_date: dt.date) -> list[Finding]:
    key, expiry = doc.kind.value, doc.expiry_date
    if expiry is None:
        return []
    if doc.kind is DocumentKind.PASSPORT:
        if expiry < visit_date:
            return [Finding(f"{key}.expiry_date", "error", N_("Паспорт просрочен ({expiry})."),
                            params={"expiry": _fmt(expiry)}, needs_override=True)]
        if expiry < add_months(application_date, MIN_PASSPORT_VALIDITY):
            return [Finding(
                f"{key}.expiry_date", "error",
                N_("Паспорт действует до {expiry}: нужно не меньше {months} месяцев "
                   "с даты заявления ({application_date})."),
                params={"expiry": _fmt(expiry), "months": MIN_PASSPORT_VALIDITY,
                        "application_date": _fmt(application_date)}, needs_override=True)]
        return []
    if doc.kind in STAY_KINDS and expiry < visit_date:
        return [Finding(f"{key}.expiry_date", "error",
                        N_("Документ «{kind}» просрочен ({expiry})."),
                        params={"kind": KIND_TITLES.russian[doc.kind], "expiry": _fmt(expiry)},
                        needs_override=True)]
    return []


def mrz_lines(text: str) -> list[str]:
    """The MRZ lines of what was typed or pasted, cleaned as the MRZ reader cleans them."""
    from operator_app.scanning.mrz import normalize_line

    return [normalize_line(line) for line in text.splitlines() if line.strip()]


def _mrz_findings(doc: DocumentFacts, *, visit_date: dt.date) -> list[Finding]:
    """The MRZ's own check digits, and each typed field against what the MRZ says."""
    from operator_app.scanning.mrz import MrzError, parse_mrz

    lines = mrz_lines(doc.mrz)
    if not lines:
        return []
    key = doc.kind.value
    try:
        result = parse_mrz(lines, today=visit_date)
    except MrzError as error:
        return [Finding(f"{key}.mrz", "error", str(error))]
    findings = [Finding(f"{key}.mrz", "error", problem.message, needs_override=True)
                for problem in result.problems]
    mrz = result.fields
    compared = [("number", re.sub(r"\s", "", doc.series + doc.number), mrz.document_number,
                 N_("другой номер")),
                ("surname_latin", doc.surname_latin, mrz.surname, N_("другая фамилия")),
                ("given_names_latin", doc.given_names_latin, mrz.given_names, N_("другое имя")),
                ("country", doc.country, mrz.issuing_state, N_("другая страна"))]
    for name, typed, printed, words in compared:
        if typed.strip() and printed and fold_name(typed) != fold_name(printed):
            findings.append(Finding(f"{key}.{name}", "error", N_("В MRZ {words}: {printed}."),
                                    params={"words": words, "printed": printed}))
    if (doc.expiry_date is not None and mrz.expiry_date is not None
            and doc.expiry_date != mrz.expiry_date):
        findings.append(Finding(f"{key}.expiry_date", "error",
                                N_("В MRZ другая дата окончания: {expiry_date}."),
                                params={"expiry_date": _fmt(mrz.expiry_date)}))
    return findings


def document_findings(doc: DocumentFacts, *, application_date: dt.date,
                      visit_date: dt.date) -> list[Finding]:
    """The rules over one document alone, as the clerk typed it: validity, format, MRZ.

    The dialog shows them under their fields while the clerk types; ``save_document``
    refuses a check with a ``needs_override`` finding unless a reason is given. An
    override stored with the document turns its MRZ findings into warnings and is cited
    in the expiry findings, which still block.
    """
    findings = (_expiry_findings(doc, application_date=application_date, visit_date=visit_date)
                + _format_findings(doc) + _mrz_findings(doc, visit_date=visit_date))
    reason = doc.override_reason.strip()
    if not reason:
        return findings
    accepted = []
    for finding in findings:
        if not finding.needs_override:
            accepted.append(finding)
        elif finding.field.endswith(".mrz"):
            accepted.append(Finding(finding.field, "warning",
                                    N_("{finding} Принято при сверке: «{reason}»."),
                                    params={"finding": finding, "reason": reason},
                                    needs_override=True))
        else:
            accepted.append(Finding(finding.field, finding.severity,
                                    N_("{finding} Отмечено при сверке: «{reason}»."),
                                    params={"finding": finding, "reason": reason},
                                    needs_override=True))
    return accepted


def check_documents(person: PersonFacts, documents: Sequence[DocumentFacts], *,
                    application_date: dt.date, visit_date: dt.date) -> list[Finding]:
    """Every rule over the account and the documents checked at the desk."""
    findings: list[Finding] = []
    passports = [d for d in documents if d.kind is DocumentKind.PASSPORT]
    stays = [d for d in documents if d.kind in STAY_KINDS]
    if not passports:
        findings.append(Finding("checklist.passport", "error",
                                N_("Нет документа, удостоверяющего личность (паспорта).")))
    if not stays:
        findings.append(Finding("checklist.stay", "error",
                                N_("Нет документа о законном пребывании (ВНЖ, РВП, миграционная "
                                   "карта, уведомление о прибытии или патент).")))
    if not person.snils and not person.no_snils_noted:
        findings.append(Finding("checklist.snils", "error",
                                N_("Внесите СНИЛС или отметьте, что его нет.")))
    if person.snils and not is_valid_snils(person.snils):
        findings.append(Finding("applicant.snils", "error",
                                N_("СНИЛС {snils}: не сходится контрольное число — "
                                   "проверьте по документу."),
                                params={"snils": normalize_snils(person.snils)}))
    if person.inn and not is_valid_person_inn(person.inn):
        findings.append(Finding("applicant.inn", "error",
                                N_("ИНН: не сходятся контрольные цифры (ИНН физического лица — "
                                   "12 цифр).")))
    for passport in passports:
        key = "passport"
        if passport.surname_latin and fold_name(passport.surname_latin) != fold_name(
                person.surname_latin):
            findings.append(Finding(f"{key}.surname_latin", "error",
                                    N_("Фамилия в паспорте «{passport}» не совпадает с "
                                       "учётной записью «{account}»."),
                                    params={"passport": passport.surname_latin,
                                            "account": person.surname_latin}))
        if passport.given_names_latin and fold_name(passport.given_names_latin) != fold_name(
                person.given_names_latin):
            findings.append(Finding(f"{key}.given_names_latin", "error",
                                    N_("Имя в паспорте «{passport}» не совпадает с "
                                       "учётной записью «{account}»."),
                                    params={"passport": passport.given_names_latin,
                                            "account": person.given_names_latin}))
        if passport.birth_date is not None and passport.birth_date != person.birth_date:
            findings.append(Finding(f"{key}.birth_date", "error",
                                    N_("Дата рождения в паспорте {passport} не совпадает с "
                                       "учётной записью {account}."),
                                    params={"passport": _fmt(passport.birth_date),
                                            "account": _fmt(person.birth_date)}))
    for document in documents:
        findings.extend(document_findings(document, application_date=application_date,
                                          visit_date=visit_date))
    return findings
