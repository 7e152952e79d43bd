"""Cyrillic fonts for reportlab: the DejaVu TTFs shipped in resources/fonts, embedded in every PDF."""

from __future__ import annotations

from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from resources import font_path

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
MONO = "DejaVuSansMono"


@cache
def register_fonts() -> None:
    for name in (REGULAR, BOLD, MONO):
        pdfmetrics.registerFont(TTFont(name, str(font_path(f"{name}.ttf"))))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD)
