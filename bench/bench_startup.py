"""Cold start to the login window: a fresh interpreter each time, offscreen, as a desk starts.

Each run is a new ``python`` process that opens the database (current schema), checks the
installation keys, builds the desk and waits until the login window is shown, then exits;
the figure is the process's wall time from exec to that moment. Prints the median and the
slowest of several runs, and where the time goes (``-X importtime`` of the top imports).

    .venv/bin/python bench/bench_startup.py [--runs 7] [--importtime]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 0.6

CHILD = r"""
import sys, time
started = float(sys.argv[1])
from operator_app.views.app import run_gui_until_login
print(run_gui_until_login(sys.argv[2]) - started)
"""


SETUP = r"""
import sys
from operator_app import keys
from operator_app.models import PointKind, Role, open_database
from operator_app.services import operators
db = open_database(sys.argv[1])
keys.bind_to_database(db)
with db.write() as session:
    operators.create_service_point(session, None, code="MSK-CO-1",
                                   kind=PointKind.SERVICE_CENTER, name="ЦО")
    operators.create_operator(session, None, login="admin", full_name="Админ",
                              role=Role.ADMIN, point_code="MSK-CO-1",
                              password="bench-password")
db.dispose()
"""


def _env(folder: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", OPERATOR_APP_DATA_DIR=str(folder),
               OPERATOR_APP_CONFIG_DIR=str(folder / "config"), PYTHONPATH=str(ROOT))
    env.pop("OPERATOR_APP_DB", None)
    return env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--importtime", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        url = f"sqlite:///{folder / 'desk.sqlite3'}"
        env = _env(folder)
        # The schema, the keys and one operator made first: a desk's every morning is a
        # database that is already there.
        subprocess.run([sys.executable, "-c", SETUP, url], env=env, check=True,
                       capture_output=True)
        times = []
        for _ in range(args.runs):
            result = subprocess.run([sys.executable, "-c", CHILD, str(time.time()), url],
                                    env=env, check=True, capture_output=True, text=True)
            times.append(float(result.stdout.strip().splitlines()[-1]))
        median = statistics.median(times)
        print(f"cold start to login window: median {median:.2f} s, slowest {max(times):.2f} s "
              f"({args.runs} runs; target < {TARGET_S} s)")
        if args.importtime:
            result = subprocess.run([sys.executable, "-X", "importtime", "-c", CHILD,
                                     str(time.time()), url], env=env, capture_output=True,
                                    text=True, check=True)
            rows = []
            for line in result.stderr.splitlines():
                parts = line.split("|")
                if len(parts) == 3 and parts[1].strip().isdigit():
                    rows.append((int(parts[1]), parts[2].rstrip()))
            print("slowest imports (cumulative µs):")
            for cumulative, module in sorted(rows, reverse=True)[:15]:
                print(f"  {cumulative:>9}  {module}")
    return 0 if median < TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
