"""How the desk looks to the clerk reading it: the size of its letters (``font_scale``) and
its theme (``theme``: standard, or high contrast — white on black, a thick yellow frame on
the focus). Both are settings, applied to the whole application at start and again when the
clerk changes them from the «Вид» menu; every window follows at once.

The sizes live in the style sheets (a style sheet's ``font-size`` wins over a widget's
font), so scaling rewrites every ``pt`` size there, besides the application's own font.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QFont, QIcon, QImageReader, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import QApplication, QWidget

from operator_app.settings import DEFAULT_THEME, FONT_SCALES, THEMES

if TYPE_CHECKING:
    from operator_app.settings import Settings

log = logging.getLogger(__name__)

_POINTS = re.compile(r"(\d+(?:\.\d+)?)pt\b")
_BASE_FONT = "operatorDeskBaseFont"  # the application's font before any scaling

_current_scale = 100
_current_theme = DEFAULT_THEME


def current_theme() -> str:
    return _current_theme


def current_font_scale() -> int:
    return _current_scale


def scaled(style: str, percent: int) -> str:
    """``style`` with every point size multiplied by ``percent`` / 100 (half points kept)."""
    if percent == 100:
        return style

    def one(match: re.Match[str]) -> str:
        size = round(float(match[1]) * percent / 100 * 2) / 2
        return f"{size:g}pt"

    return _POINTS.sub(one, style)


def stylesheet(*, font_scale: int = 100, theme: str = DEFAULT_THEME) -> str:
    """The desk's style sheet at this size in this theme ("" if its file is missing)."""
    from resources import STYLES

    names = ["desk.qss"] + (["high_contrast.qss"] if theme == "high_contrast" else [])
    parts = []
    for name in names:
        try:
            parts.append((STYLES / name).read_text(encoding="utf-8"))
        except OSError:
            if name == "desk.qss":
                return ""
    return scaled("\n".join(parts), font_scale)


def high_contrast_palette() -> QPalette:
    """White on black, cyan selection, yellow links: for what the style sheet does not reach
    (item views' cells, menus' arrows, the file dialog)."""
    palette = QPalette()
    black, white = QColor("black"), QColor("white")
    roles = {
        QPalette.ColorRole.Window: black,
        QPalette.ColorRole.WindowText: white,
        QPalette.ColorRole.Base: black,
        QPalette.ColorRole.AlternateBase: QColor("#1a1a1a"),
        QPalette.ColorRole.Text: white,
        QPalette.ColorRole.Button: black,
        QPalette.ColorRole.ButtonText: white,
        QPalette.ColorRole.BrightText: QColor("#ffff00"),
        QPalette.ColorRole.Highlight: QColor("#00ffff"),
        QPalette.ColorRole.HighlightedText: black,
        QPalette.ColorRole.ToolTipBase: black,
        QPalette.ColorRole.ToolTipText: white,
        QPalette.ColorRole.PlaceholderText: QColor("#bfbfbf"),
        QPalette.ColorRole.Link: QColor("#ffff00"),
        QPalette.ColorRole.LinkVisited: QColor("#ffd24d"),
        QPalette.ColorRole.Light: white,
        QPalette.ColorRole.Midlight: QColor("#bfbfbf"),
        QPalette.ColorRole.Mid: QColor("#808080"),
        QPalette.ColorRole.Dark: white,
        QPalette.ColorRole.Shadow: white,
    }
    for role, color in roles.items():
        palette.setColor(role, color)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):
        # Greyed, still readable on black (8:1).
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#a6a6a6"))
    return palette


def app_icon() -> QIcon:
    """The program's icon, sharp at any size and screen scale: the SVG where Qt reads SVG,
    and the PNG sizes beside it (alone where it does not). Qt 6 always draws at the screen's
    device pixel ratio, so a 2x screen takes the 128 px image for a 64 px place."""
    from resources import ICON_SIZES, ICONS

    icon = QIcon()
    if b"svg" in {bytes(f.data()) for f in QImageReader.supportedImageFormats()}:
        icon.addFile(str(ICONS / "operator-desk.svg"))
    for size in ICON_SIZES:
        icon.addFile(str(ICONS / f"operator-desk-{size}.png"), QSize(size, size))
    return icon


def apply_appearance(app: QApplication, *, font_scale: int = 100,
                     theme: str = DEFAULT_THEME) -> None:
    """The whole application at ``font_scale`` per cent in ``theme``; unknown values are
    the defaults."""
    font_scale = font_scale if font_scale in FONT_SCALES else 100
    global _current_scale, _current_theme
    theme = theme if theme in THEMES else DEFAULT_THEME
    base = app.property(_BASE_FONT)
    if not isinstance(base, QFont):
        base = QFont(app.font())
        app.setProperty(_BASE_FONT, base)
    font = QFont(base)
    if base.pointSizeF() > 0:
        font.setPointSizeF(base.pointSizeF() * font_scale / 100)
    app.setFont(font)
    app.setPalette(high_contrast_palette() if theme == "high_contrast"
                   else app.style().standardPalette())
    app.setStyleSheet(stylesheet(font_scale=font_scale, theme=theme))
    _current_scale, _current_theme = font_scale, theme


def apply_settings(app: QApplication) -> None:
    """The size and theme the settings keep."""
    from operator_app.settings import get_settings

    settings = get_settings()
    apply_appearance(app, font_scale=settings.font_scale, theme=settings.theme)


def next_font_scale(current: int, step: int) -> int:
    """The size ``step`` places up (+1) or down (-1) from ``current``, within the sizes
    there are; 0 is the standard size."""
    if step == 0:
        return 100
    index = FONT_SCALES.index(current) if current in FONT_SCALES else 0
    return FONT_SCALES[max(0, min(len(FONT_SCALES) - 1, index + step))]


def choose(app: QApplication, settings: Settings, *, font_scale: int | None = None,
           theme: str | None = None) -> None:
    """The clerk chose a size or a theme: applied to every window, kept in the settings."""
    if font_scale is not None:
        settings.font_scale = font_scale
    if theme is not None:
        settings.theme = theme
    apply_appearance(app, font_scale=settings.font_scale, theme=settings.theme)
    try:
        settings.save()
    except (OSError, ValueError):
        # How the desk looks is not worth an error: it looks so until the program ends.
        log.warning("appearance not saved", exc_info=True)


# The «Вид» menu's keys, for a window without that menu (the login window).
SHORTCUTS = {"Ctrl++": 1, "Ctrl+=": 1, "Ctrl+-": -1, "Ctrl+0": 0}
CONTRAST_KEY = "Ctrl+Shift+H"


def add_shortcuts(window: QWidget, settings: Settings) -> None:
    """The keys of the «Вид» menu in ``window``: a clerk who cannot read the login window
    makes it larger, or high-contrast, before logging in."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return

    def step(by: int) -> None:
        choose(app, settings, font_scale=next_font_scale(settings.font_scale, by))

    def flip() -> None:
        choose(app, settings,
               theme="standard" if settings.theme == "high_contrast" else "high_contrast")

    for key, by in SHORTCUTS.items():
        QShortcut(QKeySequence(key), window).activated.connect(lambda by=by: step(by))
    QShortcut(QKeySequence(CONTRAST_KEY), window).activated.connect(flip)
