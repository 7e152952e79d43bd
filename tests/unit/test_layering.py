"""The core (models, services, scanning minus its Qt adapters, printing) never imports Qt.

Checked mechanically by walking every module's imports, so a stray
``from PySide6.QtWidgets import …`` in the core fails the build.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = [ROOT / "operator_app" / "models", ROOT / "operator_app" / "services",
        ROOT / "operator_app" / "scanning", ROOT / "printing",
        ROOT / "operator_app" / "settings.py", ROOT / "operator_app" / "cli.py",
        ROOT / "operator_app" / "messages.py"]
# Qt adapters of the scanning layer (camera threads) may use QtCore, never widgets.
QT_ADAPTER_SUFFIX = "_qt.py"


def _core_files() -> list[Path]:
    files: list[Path] = []
    for entry in CORE:
        if entry.is_file():
            files.append(entry)
        elif entry.is_dir():
            files.extend(p for p in entry.rglob("*.py") if not p.name.endswith(QT_ADAPTER_SUFFIX))
    return files


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.lineno, node.module))
    return found


def test_core_files_exist():
    assert len(_core_files()) > 10


@pytest.mark.parametrize("path", _core_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_core_does_not_import_qt(path: Path):
    offending = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for line, name in _imports(path)
        if name.startswith(("PySide6", "shiboken6", "operator_app.views"))
        # the CLI starts the GUI lazily for the default command; that import is allowed
        and not (path.name == "cli.py" and name == "operator_app.views.app")
    ]
    assert not offending, offending


def test_layering_check_catches_a_qt_import(tmp_path: Path):
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtWidgets import QWidget\n", encoding="utf-8")
    assert any(name.startswith("PySide6") for _line, name in _imports(bad))
