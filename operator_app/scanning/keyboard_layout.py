r"""Undo the Russian keyboard layout on what a USB barcode scanner typed.

A "keyboard wedge" scanner does not send characters: it presses keys, assuming a US
layout. When the desk's layout is Russian (ЙЦУКЕН, the Windows and X11 "Russian"
layout), the Latin payload ``GU1:202600012346:ABCD…`` arrives as
``ПГ1Ж202600012346ЖФИСВ…``. This module maps such text back, key by key.

The table: the keys of each keyboard row, unshifted then with Shift, column by column
(``␠`` is the space bar)::

    row          US QWERTY                    Russian ЙЦУКЕН
    digits       ` 1 2 3 4 5 6 7 8 9 0 - =    ё 1 2 3 4 5 6 7 8 9 0 - =
      + Shift    ~ ! @ # $ % ^ & * ( ) _ +    Ё ! " № ; % : ? * ( ) _ +
    top          q w e r t y u i o p [ ] \    й ц у к е н г ш щ з х ъ \
      + Shift    Q W E R T Y U I O P { } |    Й Ц У К Е Н Г Ш Щ З Х Ъ /
    home         a s d f g h j k l ; '        ф ы в а п р о л д ж э
      + Shift    A S D F G H J K L : "        Ф Ы В А П Р О Л Д Ж Э
    bottom       z x c v b n m , . /          я ч с м и т ь б ю .
      + Shift    Z X C V B N M < > ?          Я Ч С М И Т Ь Б Ю ,
    space        ␠                            ␠

Each side has 95 different characters (47 keys twice, and space), so the mapping is a
bijection between US printable ASCII and what the Russian layout types. Beware the
punctuation that is on both layouts but on *different* keys: a Russian-layout ``.`` is
the US ``/`` key, ``,`` is ``?``, ``;`` is ``$``, ``:`` is ``^``, ``?`` is ``&``, ``"``
is ``@`` and ``/`` is ``|``. That is why :func:`to_latin_layout` must only
be applied to text known to be typed on the Russian layout — decide with
:func:`looks_like_russian_layout` first. A payload of digits and ``.,/;`` alone is
ambiguous and cannot be told apart; the desk's payloads always contain letters or only
digits and spaces, which are the same on both layouts.

The macOS "Russian" layout (not "Russian – PC") differs on the digit row; desks run
Windows or Linux.
"""

from __future__ import annotations

# Row by row, unshifted then shifted, each US string aligned character for character
# with the Russian one below it (see the table in the module docstring).
_US_KEYS = (
    "`1234567890-="
    "~!@#$%^&*()_+"
    "qwertyuiop[]\\"
    "QWERTYUIOP{}|"
    "asdfghjkl;'"
    'ASDFGHJKL:"'
    "zxcvbnm,./"
    "ZXCVBNM<>?"
    " "
)
_RU_KEYS = (
    "ё1234567890-="
    'Ё!"№;%:?*()_+'
    "йцукенгшщзхъ\\"
    "ЙЦУКЕНГШЩЗХЪ/"
    "фывапролджэ"
    "ФЫВАПРОЛДЖЭ"
    "ячсмитьбю."
    "ЯЧСМИТЬБЮ,"
    " "
)

_TO_LATIN = str.maketrans(_RU_KEYS, _US_KEYS)
_TO_RUSSIAN = str.maketrans(_US_KEYS, _RU_KEYS)

# What the Russian layout types that no US-layout payload can contain: the 66 letters
# and the numero sign. Punctuation is on both layouts, so it proves nothing.
_RUSSIAN_ONLY = frozenset(char for char in _RU_KEYS if not char.isascii())


def to_latin_layout(text: str) -> str:
    """The text the same key presses give on a US layout.

    Characters the Russian layout cannot type (Latin letters, ``@#$^&[]{}<>'``… and
    anything beyond) pass through unchanged; digits and space are the same on both.
    """
    return text.translate(_TO_LATIN)


def to_russian_layout(text: str) -> str:
    """What a scanner typing ``text`` (US printable ASCII) produces on a Russian layout.

    The inverse of :func:`to_latin_layout`; the tests and scanner simulators use it to
    produce realistic input. Characters without a US key pass through unchanged.
    """
    return text.translate(_TO_RUSSIAN)


def looks_like_russian_layout(text: str) -> bool:
    """Whether ``text`` holds a character only the Russian layout types (a letter or №)."""
    return any(char in _RUSSIAN_ONLY for char in text)
