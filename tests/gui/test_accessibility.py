"""Accessibility walked through the desk: every control a clerk can reach on every screen,
tab and dialog (the walk of test_languages.py) has an accessible name a screen reader says,
in each language."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QWidget

from operator_app.views.i18n import LANGUAGES
from operator_app.views.widgets import is_control
from tests.gui.test_languages import (  # noqa: F401 - language: the fixture
    CYRILLIC,
    Walk,
    language,
    walk_everything,
)

LETTER = re.compile(r"\w{2,}")


class NameWalk:
    """The walk's screens, each control's accessible name read as it is shown."""

    def __init__(self, code: str, allowed: set[str]) -> None:
        self.code = code
        # The language walk's own rule: data and the core's titles (a correction's field
        # titles among them) may stay in the other language, in a name as on the screen.
        self.texts = Walk(code, allowed)
        self.screens: list[str] = []
        self.controls = 0
        self.unnamed: list[str] = []
        self.other_language: list[str] = []

    def read(self, screen: str, top: QWidget) -> None:
        self.screens.append(screen)
        for widget in [top, *top.findChildren(QWidget)]:
            if not widget.isVisible() or not is_control(widget):
                continue
            self.controls += 1
            name = widget.accessibleName()
            if not LETTER.search(name):
                where = f"{type(widget).__name__}#{widget.objectName() or '?'}"
                said = getattr(widget, "text", lambda: "")()
                parent = widget.parentWidget()
                self.unnamed.append(f"{screen} / {where} in {type(parent).__name__}"
                                    f"#{parent.objectName() if parent else '?'}: "
                                    f"{name!r} (text {said!r})")
            elif self.code == "en" and CYRILLIC.search(self.texts._without_data(name)):
                self.other_language.append(f"{screen} / {type(widget).__name__}"
                                           f"#{widget.objectName() or '?'}: {name!r}")

    def allow(self, texts: list[str]) -> None:
        """What the language walk allows is no concern of the names."""


@pytest.mark.views_only  # the walk's words, not its storage
@pytest.mark.parametrize("code", list(LANGUAGES))
def test_every_control_has_an_accessible_name(code, language, scan_world, desk, qtbot,  # noqa: F811
                                              printed, monkeypatch):
    import tests.gui.test_languages as walk_module

    monkeypatch.setattr(walk_module, "Walk", NameWalk)
    walk = walk_everything(code, language, scan_world, desk, qtbot)
    assert len(walk.screens) > 25, walk.screens
    assert walk.controls > 300
    assert not walk.unnamed, f"{len(walk.unnamed)} controls without a name:\n" + "\n".join(
        sorted(set(walk.unnamed)))
    # What a screen reader says is in the language of the screen.
    assert not walk.other_language, "\n".join(sorted(set(walk.other_language)))


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_each_menu_has_a_key_of_its_own(code, language, desk, qtbot):  # noqa: F811
    """Alt and a letter open one menu, in each language: two menus on one letter would leave
    the keyboard's user guessing which."""
    from tests.conftest import PASSWORD
    from tests.gui.conftest import log_in

    language(code)
    desk.login_dialog.close()
    desk.show_login()
    log_in(qtbot, desk, "boss", PASSWORD)  # the most menus: sections, a desk's visit
    qtbot.waitUntil(lambda: desk.window is not None and desk.window.isVisible())
    titles = [a.text() for a in desk.window.menuBar().actions() if not a.isSeparator()]
    keys = [re.search(r"&(\w)", t)[1].lower() for t in titles]
    assert len(set(keys)) == len(keys), titles
    desk.window.logout()
