"""Every benchmark, one table: what `make bench` runs (docs/performance.md keeps a copy).

Runs each benchmark in its own process (a crash or a non-zero exit is a failure of the
table, not skipped), keeps their full output in bench-results/, and prints one table of
the figures with their targets. PostgreSQL figures come from a throwaway server started
here (initdb/pg_ctl, as .ci/run does) or from OPERATOR_APP_BENCH_PG (a server URL whose
user may create databases); without either, those rows say so.

    .venv/bin/python bench/run_all.py                  # everything, ~20–30 min
    .venv/bin/python bench/run_all.py --quick          # smaller sizes, a few minutes
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench-results"


@dataclass
class Row:
    what: str
    value: str
    target: str
    ok: bool | None  # None: not measured


def _run(name: str, args: list[str], timeout: int) -> tuple[str, int, float]:
    """The benchmark's output, exit code and peak memory (MiB) of its process."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, str(ROOT / "bench" / name), *args], env=env,
                              capture_output=True, text=True, timeout=timeout, cwd=ROOT)
        output, code = done.stdout + done.stderr, done.returncode
    except subprocess.TimeoutExpired as exc:
        output, code = f"{exc.stdout or ''}{exc.stderr or ''}\nTIMEOUT after {timeout} s", -9
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    OUT.mkdir(exist_ok=True)
    label = "-".join(a.strip("-") for a in args if not a.startswith(("postgresql", "sqlite")))
    backend = "-pg" if any(a.startswith("postgresql") for a in args) else ""
    stem = re.sub(r"[^\w.-]+", "_", name.removesuffix(".py") + (f"-{label}" if label else "")
                  + backend)
    (OUT / f"{stem[:80]}.txt").write_text(output, encoding="utf-8")
    print(f"  {name} {' '.join(args)}: exit {code}, {time.perf_counter() - started:.0f} s",
          flush=True)
    # ru_maxrss of children is the largest of any child so far; only a rise is this one's
    return output, code, (peak / 1024 if peak > before else 0.0)


def _find(pattern: str, text: str) -> str | None:
    match = re.search(pattern, text, re.MULTILINE)
    return match.group(1) if match else None


def _row(what: str, output: str, pattern: str, unit: str, target: float | None,
         *, code: int = 0, lower_is_better: bool = True) -> Row:
    found = _find(pattern, output)
    if found is None:
        return Row(what, "— (not in the output)" if code == 0 else f"— (exit {code})",
                   f"< {target} {unit}" if target is not None else "", False if code else None)
    value = float(found)
    ok = None if target is None else (value < target if lower_is_better else value >= target)
    if code not in (0, 1):  # 1 is a benchmark saying a target was missed: the row says so
        ok = False
    shown_target = "" if target is None else (f"< {target:g} {unit}" if lower_is_better
                                             else f"≥ {target:g} {unit}")
    return Row(what, f"{value:g} {unit}", shown_target, ok)


@contextmanager
def postgres() -> Iterator[str | None]:
    """A server URL whose user may create databases, or None."""
    given = os.environ.get("OPERATOR_APP_BENCH_PG")
    if given:
        yield given
        return
    binary = shutil.which("initdb")
    if binary is None:
        for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
            binary = str(candidate)
    if binary is None:
        yield None
        return
    bindir = Path(binary).parent
    folder = Path(tempfile.mkdtemp(prefix="od-bench-pg-"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    def as_pg(command: str) -> None:
        if os.geteuid() == 0:
            subprocess.run(["su", "postgres", "-s", "/bin/bash", "-c", command], check=True,
                           capture_output=True)
        else:
            subprocess.run(["bash", "-c", command], check=True, capture_output=True)

    try:
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres")
        as_pg(f"'{bindir}/initdb' -D '{folder}/data' -A trust -U postgres -E UTF8 "
              f"--locale=C.UTF-8")
        as_pg(f"'{bindir}/pg_ctl' -D '{folder}/data' -l '{folder}/log' -w -o "
              f"\"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
              f"-c max_connections=200 -c shared_buffers=256MB\" start")
    except subprocess.CalledProcessError:
        yield None
        shutil.rmtree(folder, ignore_errors=True)
        return
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            as_pg(f"'{bindir}/pg_ctl' -D '{folder}/data' -m immediate stop")
        shutil.rmtree(folder, ignore_errors=True)


def _database(server: str, name: str) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes (a few minutes)")
    args = parser.parse_args(argv)
    applicants = "100000" if args.quick else "1000000"
    events = "20000" if args.quick else "100000"
    rows: list[Row] = []
    print("running the benchmarks (full output in bench-results/):", flush=True)

    out, code, _ = _run("bench_startup.py", ["--runs", "7"], 600)
    rows.append(_row("cold start to login window (median)", out,
                     r"median ([\d.]+) s", "s", 0.6, code=code))

    out, code, _ = _run("bench_actions.py", [], 600)
    actions = _find(r"standard confirmation from scan to printed slip: (\d+)", out)
    rows.append(Row("clerk actions, standard confirmation, scan to printed slip",
                    f"{actions} actions" if actions is not None else f"— (exit {code})",
                    "≤ 10 actions",
                    actions is not None and int(actions) <= 10 and code == 0))

    out, code, peak = _run("bench_desk_scan.py", ["--seconds", "8"], 900)
    rows.append(_row("decode per 720p frame, no code (camera worker median)", out,
                     r"camera worker decoding, an empty desk.*?median ([\d.]+) ms", "ms", 5,
                     code=code))
    rows.append(_row("decode per 720p frame, codes in view (median)", out,
                     r"camera worker decoding, codes coming and going.*?median ([\d.]+) ms",
                     "ms", 10, code=code))
    rows.append(_row("GUI thread with the camera running (max stall)", out,
                     r"GUI thread while the camera runs.*?max ([\d.]+) ms", "ms", 50, code=code))
    rows.append(_row("payload → card painted (median)", out,
                     r"payload -> card painted.*?median ([\d.]+) ms", "ms", 150, code=code))
    rows.append(_row("memory with the camera running (max RSS of the desk)", out,
                     r"memory while the camera runs: max RSS ([\d.]+) MiB", "MiB", 300,
                     code=code))
    rows.append(Row("peak memory of that process, demo database built in it too",
                    f"{peak:.0f} MiB" if peak else "—", "", None))

    searches = [("passport number, exact", 20), ("application number, 12 digits", 20),
                ("surname prefix", 50), ("surname, whole word", 50), ("Cyrillic name", 50),
                ("a name that is nowhere", 50)]
    out, code, _ = _run("bench_search.py", ["--applicants", applicants], 3600)
    for title, target in searches:
        rows.append(_row(f"search at {int(applicants):,} (SQLite): {title}", out,
                         rf"^{re.escape(title)}\s+\S+\s+\d+\s+([\d.]+)", "ms", target,
                         code=code))

    out, code, _ = _run("bench_log_view.py", ["--events", events], 1800)
    rows.append(_row(f"daily log first paint at {int(events):,} events (SQLite)", out,
                     r"first paint .*?: ([\d.]+) ms", "ms", 300, code=code))
    out, code, _ = _run("bench_report.py", ["--events", events], 1800)
    rows.append(_row(f"daily report PDF at {int(events):,} events (SQLite)", out,
                     r"summary \+ chain heads \+ PDF.*?\s([\d.]+) ms", "ms", 3000, code=code))

    out, code, _ = _run("bench_mrz_real.py", [], 1800)
    for subset, title in (("real", "real specimens"), ("hard", "hard generated scenes")):
        row = rf"^{subset}\s+desk\s+\d+\s+([\d.]+)%\s+[\d.]+%\s+(\d+)\s+([\d.]+)"
        rows.append(_row(f"MRZ all lines exact, {title}", out, row, "%", 95, code=code,
                         lower_is_better=False))
        wrong = _find(row.replace(r"([\d.]+)%\s+[\d.]+%\s+(\d+)", r"[\d.]+%\s+[\d.]+%\s+(\d+)"),
                      out)
        rows.append(Row(f"MRZ results wrong and marked valid, {title}",
                        wrong if wrong is not None else "—", "0",
                        None if wrong is None else wrong == "0"))
        rows.append(_row(f"MRZ per image (median), {title}", out,
                         rf"^{subset}\s+desk\s+\d+\s+[\d.]+%\s+[\d.]+%\s+\d+\s+([\d.]+)",
                         "ms", 300, code=code))

    with postgres() as server:
        if server is None:
            rows.append(Row("PostgreSQL rows", "— (no PostgreSQL server here)", "", None))
        else:
            url = _database(server, "bench_search")
            out, code, _ = _run("bench_search.py", ["--applicants", applicants, "--db", url],
                                3600)
            for title, target in searches:
                rows.append(_row(f"search at {int(applicants):,} (PostgreSQL): {title}", out,
                                 rf"^{re.escape(title)}\s+\S+\s+\d+\s+([\d.]+)", "ms", target,
                                 code=code))
            url = _database(server, "bench_log")
            out, code, _ = _run("bench_log_view.py", ["--events", events, "--db", url], 1800)
            rows.append(_row(f"daily log first paint at {int(events):,} events (PostgreSQL)",
                             out, r"first paint .*?: ([\d.]+) ms", "ms", 300, code=code))
            url = _database(server, "bench_codes")
            out, code, _ = _run("bench_code_issue.py", ["--db", url], 900)
            for title in ("eight points", "one point", "eight points, paced",
                          "one point, paced"):
                rows.append(_row(f"code issue, 8 desks on PostgreSQL, {title} (p99)", out,
                                 rf"^{title}\s+\d+\s+[\d.]+\s+[\d.]+\s+([\d.]+)", "ms", 100,
                                 code=code))

    width = max(len(r.what) for r in rows)
    print(f"\nOperator Desk benchmarks — {platform.node()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d %H:%M')}")
    print(f"{'what':<{width}}  {'measured':>22}  {'target':>12}  ok")
    for r in rows:
        verdict = {True: "yes", False: "NO", None: "—"}[r.ok]
        print(f"{r.what:<{width}}  {r.value:>22}  {r.target:>12}  {verdict}")
    return 0 if all(r.ok is not False for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
