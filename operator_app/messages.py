"""The core's own words in the desk's language: its refusals, validation messages and titles of
roles, states, actions and report figures.

The core is written in Russian, and the Russian text is the key (as in gettext): a call site
reads as the sentence the clerk sees, ``t("Визит не найден.")``. English lives in
resources/i18n/core_en.json, Russian to English; a text it lacks stays Russian. Parameters
are put in after the lookup, so one entry serves every value:
``t("Заявление {number} открыто.", number=...)``.

Tables of titles are :class:`Titles`: a read-only mapping that translates each value when it
is read, so ``STATE_TITLES[state]`` follows the language switched after the module was
imported. Texts kept in other tables, or stored as they are shown, are marked ``N_("…")``
and put through :func:`t` where they are shown. What the desk prints and what it stores
(audit details) stays Russian: printing reads :attr:`Titles.russian`.

Qt-free: the views' switch (``operator_app.views.i18n.install_language``) calls
:func:`set_language` so that both catalogues speak the same language.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import cache
from typing import TypeVar

from resources import I18N

__all__ = ["LANGUAGES", "N_", "SOURCE_LANGUAGE", "Titles", "current_language", "english",
           "set_language", "t"]

SOURCE_LANGUAGE = "ru"
LANGUAGES = ("ru", "en")
CATALOGUE = I18N / "core_en.json"

_current = SOURCE_LANGUAGE

K = TypeVar("K")


def set_language(code: str) -> str:
    """Speak ``code`` from now on ("ru" or "en"; anything else is Russian); returns it."""
    global _current
    _current = code if code in LANGUAGES else SOURCE_LANGUAGE
    return _current


def current_language() -> str:
    return _current


@cache
def english() -> Mapping[str, str]:
    """The English catalogue: Russian text -> English text."""
    with CATALOGUE.open(encoding="utf-8") as f:
        table = json.load(f)
    assert isinstance(table, dict)
    return table


def t(text: str, /, **params: object) -> str:
    """``text`` (Russian, the key) in the current language, with ``params`` put in by
    ``str.format`` after the lookup. A text without an English entry stays Russian."""
    if _current != SOURCE_LANGUAGE:
        text = english().get(text) or text
    return text.format(**params) if params else text


def N_(text: str) -> str:  # noqa: N802 - gettext's name for a marker
    """Marks ``text`` as a catalogue key kept as it is (Russian) and translated by :func:`t`
    where it is shown: a text stored as well as shown, or read into a table at import."""
    return text


class Titles(Mapping[K, str]):
    """A table of titles written in Russian, read in the current language.

    Keys, iteration order and ``in`` are the source table's; ``table[key]``, ``get``,
    ``values`` and ``items`` translate. :attr:`russian` is the source itself, for what is
    printed or stored.
    """

    def __init__(self, source: Mapping[K, str]) -> None:
        self._source = dict(source)

    @property
    def russian(self) -> Mapping[K, str]:
        return self._source

    def __getitem__(self, key: K) -> str:
        return t(self._source[key])

    def __iter__(self) -> Iterator[K]:
        return iter(self._source)

    def __len__(self) -> int:
        return len(self._source)

    def __repr__(self) -> str:
        return f"Titles({self._source!r})"
