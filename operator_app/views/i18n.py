"""The desk's languages: Russian, the language the views are written in, and English from
resources/i18n/operator_desk_en.qm (``make translations`` builds it from the sources).

:func:`install_language` is called at start with the ``language`` setting and again when
the clerk switches at the login window; windows made after it speak the new language.
Texts that come from the core (its refusals, titles of states and roles) are not part of
this catalogue: the core words them in its own (:mod:`operator_app.messages`), which
:func:`install_language` switches too.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from operator_app import messages
from resources import I18N

log = logging.getLogger(__name__)

# Each language by its own name: whoever cannot read the current one still finds theirs.
LANGUAGES = {"ru": "Русский", "en": "English"}
DEFAULT_LANGUAGE = "ru"
_LOCALES = {"en": QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)}


class QtOwnTexts(QTranslator):
    """Qt's own texts (standard buttons, the file dialog) as Qt writes them, in English: asked
    before the Russian catalogues that :func:`~operator_app.views.app.qt_in_russian` installs,
    so an English desk shows no Russian "Отмена" under an English dialog."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str:
        return source

    def isEmpty(self) -> bool:  # noqa: N802 - Qt override
        return False


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # noqa: N802 - the name lupdate reads
    """Marks ``source`` for pyside6-lupdate under ``context``, for a text kept in a table and
    translated where it is shown (``QCoreApplication.translate(context, text)`` or the
    class's ``self.tr``); returns it as it is. PySide6's own is typed to return ``object``."""
    return source


_installed: list[QTranslator] = []
_locale_before: QLocale | None = None
_current = DEFAULT_LANGUAGE


def current_language() -> str:
    return _current


def install_language(app: QCoreApplication, code: str) -> str:
    """Speak ``code`` ("ru" or "en"; anything else is Russian) from now on; returns the code
    installed. Russian is the source language: no translator of ours, only Qt's own."""
    global _current, _locale_before
    code = code if code in LANGUAGES else DEFAULT_LANGUAGE
    messages.set_language(code)
    for translator in _installed:
        app.removeTranslator(translator)
        translator.deleteLater()
    _installed.clear()
    if code == DEFAULT_LANGUAGE:
        if _locale_before is not None:
            QLocale.setDefault(_locale_before)
            _locale_before = None
        _current = code
        return code
    # Installed last, asked first: ours, then Qt's plural forms, then Qt's own English.
    translators: list[QTranslator] = [QtOwnTexts(app)]
    qt_path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_texts = QTranslator(app)
    if qt_texts.load(f"qtbase_{code}", qt_path):
        translators.append(qt_texts)
    ours = QTranslator(app)
    if ours.load(f"operator_desk_{code}", str(I18N)):
        translators.append(ours)
    else:
        log.warning("translation operator_desk_%s.qm not found in %s", code, I18N)
    for translator in translators:
        app.installTranslator(translator)
    _installed.extend(translators)
    if _locale_before is None:
        _locale_before = QLocale()
    QLocale.setDefault(_LOCALES.get(code, QLocale(code)))
    _current = code
    return code
