"""``operator-app --smoke``: the installed command starts to the login window and quits.

Run as a desk runs it, in a process of its own, offscreen; packaging/smoke.sh does the same
with the bundle.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from operator_app.cli import build_parser


def _command() -> list[str]:
    script = Path(sys.executable).with_name("operator-app")
    return [str(script)] if script.exists() else [sys.executable, "-m", "operator_app"]


def test_smoke_start_shows_the_login_window_and_exits_0(tmp_path: Path) -> None:
    data, config = tmp_path / "data", tmp_path / "config"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", OPERATOR_APP_DATA_DIR=str(data),
               OPERATOR_APP_CONFIG_DIR=str(config))
    env.pop("OPERATOR_APP_DB", None)
    result = subprocess.run([*_command(), "--smoke"], env=env, capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["smoke: login window shown"]
    # Its database, keys and log were throwaway: the desk's own folders are untouched.
    assert not data.exists()
    assert not config.exists()


@pytest.mark.parametrize("args", [["--smoke"], ["gui", "--smoke"]])
def test_smoke_is_an_option_of_the_gui_start(args: list[str]) -> None:
    parsed = build_parser().parse_args(args)
    assert parsed.smoke is True
    assert parsed.command in (None, "gui")
    assert not hasattr(build_parser().parse_args(["gui"]), "smoke")
