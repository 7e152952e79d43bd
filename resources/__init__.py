"""Static resources shipped with Operator Desk: fonts (Cyrillic TTF), style sheets, the
English translation of the views (i18n), the program's icon (SVG and PNG sizes)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent
FONTS = ROOT / "fonts"
STYLES = ROOT / "styles"
I18N = ROOT / "i18n"
ICONS = ROOT / "icons"
ICON_SIZES = (64, 128, 256)  # the PNGs packaging/render_icons.py draws from the SVG


def font_path(name: str = "DejaVuSans.ttf") -> Path:
    """Path of a bundled TTF font; printing embeds these so Cyrillic never depends on the desk."""
    return FONTS / name
