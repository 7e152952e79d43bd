"""Render resources/icons/operator-desk.svg to the PNG sizes the .desktop entry installs.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/render_icons.py

Writes resources/icons/operator-desk-{64,128,256}.png (committed; run again after
changing the SVG).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402 - after the platform is chosen
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZES = (64, 128, 256)


def render(svg: Path, size: int, target: Path) -> None:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: {svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(target)):  # PNG, from the name
        raise SystemExit(f"render_icons: cannot write {target}")


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - QPainter needs the application
    svg = ICONS / "operator-desk.svg"
    for size in SIZES:
        target = ICONS / f"operator-desk-{size}.png"
        render(svg, size, target)
        print(f"{target.relative_to(ICONS.parents[1])}: {size}x{size}")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
