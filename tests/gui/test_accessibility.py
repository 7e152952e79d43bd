"""Accessibility walked through the desk: every control a clerk can reach on every screen,
tab and dialog (the walk of test_languages.py) has an accessible name a screen reader says,
in each language."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QWidget

from operator_app.views.i18n import LANGUAGES
from operator_app.views.widgets import is_control
from tests.gui.test_languages import language, walk_everything  # noqa: F401 - the fixture

LETTER = re.compile(r"\w{2,}")


class NameWalk:
    """The walk's screens, each control's accessible name read as it is shown."""

    def __init__(self) -> None:
        self.screens: list[str] = []
        self.controls = 0
        self.unnamed: list[str] = []

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

    def allow(self, texts: list[str]) -> None:
        """What the language walk allows is no concern of the names."""


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_every_control_has_an_accessible_name(code, language, scan_world, desk, qtbot,  # noqa: F811
                                              printed, monkeypatch):
    import tests.gui.test_languages as walk_module

    monkeypatch.setattr(walk_module, "Walk", lambda _code, _allowed: NameWalk())
    walk = walk_everything(code, language, scan_world, desk, qtbot)
    assert len(walk.screens) > 25, walk.screens
    assert walk.controls > 300
    assert not walk.unnamed, f"{len(walk.unnamed)} controls without a name:\n" + "\n".join(
        sorted(set(walk.unnamed)))
