"""The core's catalogue (operator_app/messages.py): Russian keys, English from
resources/i18n/core_en.json, parameters put in after the lookup, Russian where English is
missing; every text the core routes through it has its English entry."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import string
from pathlib import Path

import pytest

import operator_app
from operator_app import messages
from operator_app.messages import N_, Titles, t
from operator_app.models.entities import Role, VisitState
from operator_app.services import actor, corrections, reports, scan, visits
from operator_app.services.errors import ValidationError

ROOT = Path(__file__).resolve().parents[2]


def catalogue_keys() -> dict[str, str]:
    """Every catalogue key of the core, with where it is used: the literal texts of its
    ``t(...)`` and ``N_(...)`` calls and the values of every :class:`Titles` table."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "operator_app").rglob("*.py")):
        if "views" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("t", "N_") and node.args
                    and isinstance(node.args[0], ast.Constant)):
                found.setdefault(node.args[0].value, f"{path.relative_to(ROOT)}:{node.lineno}")
    for module in pkgutil.walk_packages(operator_app.__path__, "operator_app."):
        name = module.name
        if ".views" in name or "migrations" in name or name.endswith(("__main__", "_qt")):
            continue
        for attribute, value in vars(importlib.import_module(name)).items():
            if isinstance(value, Titles):
                for text in value.russian.values():
                    found.setdefault(text, f"{name}.{attribute}")
    return found


def _fields(text: str) -> list[str]:
    return sorted(f for _, f, _, _ in string.Formatter().parse(text) if f is not None)


@pytest.fixture
def english():
    messages.set_language("en")
    yield
    messages.set_language("ru")


def test_russian_is_the_default_and_the_source():
    assert messages.current_language() == "ru"
    assert t("Визит не найден.") == "Визит не найден."
    assert t("Заявление {shown} открыто.", shown="123") == "Заявление 123 открыто."


def test_english_is_looked_up_then_formatted(english):
    assert t("Визит не найден.") == "Visit not found."
    assert t("Заявление {shown} открыто.", shown="1234 5678") == "Application 1234 5678 opened."
    assert t("Копия больше 5 МБ ({value:.1f} МБ): уменьшите её перед сохранением.",
             value=6.25) == "The copy is over 5 MB (6.2 MB): make it smaller before saving."


def test_a_text_without_english_stays_russian(english):
    assert t("Такого текста в каталоге нет.") == "Такого текста в каталоге нет."
    assert t("Нет такого: {name}.", name="x") == "Нет такого: x."
    assert N_("Визит не найден.") == "Визит не найден."  # a marker, translated where shown


def test_an_unknown_language_is_russian():
    assert messages.set_language("de") == "ru"
    assert t("Визит не найден.") == "Визит не найден."


def test_titles_translate_when_read_not_when_made(english):
    assert visits.STATE_TITLES[VisitState.REFUSED] == "refused"
    assert actor.ROLE_TITLES.get(Role.SUPERVISOR) == "Supervisor"
    assert "Administrator" in actor.ROLE_TITLES.values()
    assert dict(actor.ROLE_TITLES.items())[Role.CLERK] == "Service centre clerk"
    assert list(actor.ROLE_TITLES) == list(actor.ROLE_TITLES.russian)  # keys as they were
    assert actor.ROLE_TITLES.russian[Role.SUPERVISOR] == "Руководитель"  # for what is printed
    messages.set_language("ru")
    assert visits.STATE_TITLES[VisitState.REFUSED] == "отказ"


def test_printed_report_titles_stay_russian(english):
    # The printed report reads the source table: paper stays Russian (DESIGN.md).
    source = (ROOT / "printing" / "report.py").read_text(encoding="utf-8")
    assert "METRIC_TITLES[" not in source
    assert "OUTCOME_TITLES[" not in source
    assert reports.METRIC_TITLES.russian["visits"] == "Визиты, всего"


def test_refusals_speak_the_language_they_are_raised_in(english):
    with pytest.raises(ValidationError) as raised:
        corrections.diff({"surname_latin": "IVANOV"}, {"surname_latin": " "})
    assert raised.value.message == "Surname (Latin): this field cannot be left empty."
    messages.set_language("ru")
    with pytest.raises(ValidationError) as raised:
        corrections.diff({"surname_latin": "IVANOV"}, {"surname_latin": " "})
    assert raised.value.message == "Фамилия (лат.): поле нельзя оставить пустым."


def test_stored_reasons_stay_russian(english):
    # A correction's reason is stored as chosen: the form shows t(reason), keeps the key.
    assert corrections.REASONS[0] == "ошибка при вводе на портале"
    assert t(corrections.REASONS[0]) == "typing mistake on the portal"


def test_every_key_has_english():
    keys = catalogue_keys()
    assert len(keys) > 300
    assert "Заявление {shown} открыто." in keys, "the scan's message goes through t()"
    missing = [f"{where}: {key!r}" for key, where in keys.items() if key not in messages.english()]
    assert not missing, f"{len(missing)} without English:\n" + "\n".join(missing)


def test_english_keeps_every_parameter():
    wrong = [f"{key!r} -> {text!r}" for key, text in messages.english().items()
             if _fields(key) != _fields(text)]
    assert not wrong, "\n".join(wrong)


# Examples of what is typed in Russian whatever the desk's language: a Russian address.
RUSSIAN_EXAMPLES = {
    "Дом «{shown}»: номер дома с буквой, дробью, корпусом или строением, например 12, 12А, "
    "12/3, 12 к. 2, 12 стр. 1.",
    "Квартира «{shown}»: только номер, например 15 или 15А.",
}


def test_english_has_no_cyrillic_and_no_stale_entries():
    keys = catalogue_keys()
    cyrillic = [text for key, text in messages.english().items()
                if key not in RUSSIAN_EXAMPLES and any("\u0400" <= ch <= "\u04ff" for ch in text)]
    assert not cyrillic, cyrillic
    stale = [key for key in messages.english() if key not in keys]
    assert not stale, f"entries no code uses: {stale}"


def test_the_catalogue_imports_no_qt():
    tree = ast.parse(Path(messages.__file__).read_text(encoding="utf-8"))
    imported = [node.module for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.module]
    imported += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                 for alias in node.names]
    assert not [name for name in imported if name.startswith(("PySide6", "operator_app.views"))]
    assert scan.ScanStatus  # the core that calls it stays importable without a QApplication


def test_a_scan_and_a_log_in_answer_in_english(english, scan_world):
    from operator_app.services import operators
    from operator_app.services.qr_payload import make_payload
    from operator_app.services.scan import ScanSource, ScanStatus, resolve_scan
    from operator_app.settings import qr_signing_key
    from tests.helpers.data import PENDING

    with scan_world.db.write() as session:
        outcome = resolve_scan(session, scan_world.clerk, make_payload(PENDING, qr_signing_key()),
                               source=ScanSource.CAMERA, key=qr_signing_key())
        refused = operators.authenticate(session, "clerk", "nope-nope")
    assert outcome.status is ScanStatus.OPENED
    assert outcome.message.startswith("Application ")
    assert outcome.message.endswith(" opened.")
    assert refused.message == "Wrong login or password. Attempts left: 4."


def test_a_finding_is_shown_in_english_and_stored_in_russian(english):
    from operator_app.models import DocumentKind
    from operator_app.services.checks import KIND_TITLES as KINDS
    from operator_app.services.checks import Finding

    expired = Finding("residence_permit.expiry_date", "error",
                      N_("Документ «{kind}» просрочен ({expiry})."),
                      params={"kind": KINDS.russian[DocumentKind.RESIDENCE_PERMIT],
                              "expiry": "01.02.2024"})
    accepted = Finding(expired.field, "error", N_("{finding} Отмечено при сверке: «{reason}»."),
                       params={"finding": expired, "reason": "продлён"})
    assert accepted.message == ("The “residence permit” has expired (01.02.2024). Noted at the "
                                "check: “продлён”.")
    assert accepted.russian == ("Документ «вид на жительство» просрочен (01.02.2024). Отмечено "
                                "при сверке: «продлён».")
