"""The supervisor's log as the screen does it: the real EventLogModel in a QTableView
(offscreen), the queries on the background pool, a day of 100,000 events. Prints figures;
not a test.

    .venv/bin/python bench/bench_log_view.py [--db URL] [--events 100000]

Measures, from the moment the filters are applied: the first paint of the table with its
first page (target under 300 ms), and then scrolling — each further page fetched as the
view reaches the bottom — down to row 5,000.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableView  # noqa: E402
from sqlalchemy import text  # noqa: E402

from bench.bench_report import _Seeder  # noqa: E402
from operator_app.models import Database  # noqa: E402
from operator_app.services import journal  # noqa: E402
from operator_app.services.actor import Actor  # noqa: E402
from operator_app.views import operations  # noqa: E402
from operator_app.views.event_log import EventLogModel  # noqa: E402
from operator_app.views.operations import BackgroundOp  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="URL of an EMPTY database (default: a temporary SQLite)")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    isolated = tempfile.TemporaryDirectory()  # the benchmark's own keys, not a desk's
    os.environ["OPERATOR_APP_CONFIG_DIR"] = isolated.name
    app = QApplication.instance() or QApplication(sys.argv[:1])
    day = dt.date.today() - dt.timedelta(days=1)
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(args.db or f"sqlite:///{tmp}/bench.sqlite3")
        db.upgrade()
        seeder = _Seeder(day, 20, 8)
        seeder.build(args.events)
        seeder.insert(db, seeder.chain())
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as conn:
                conn.execute(text("ANALYZE"))
                conn.commit()
        print(f"backend: {db.engine.dialect.name}, {len(seeder.events)} events on {day}")
        actor = Actor.command_line()
        view = QTableView()
        view.resize(1200, 700)

        def run(work, done, failed):  # type: ignore[no-untyped-def]
            BackgroundOp(view, work).success(done).failure(failed).run()

        model = EventLogModel(db, actor, run)
        view.setModel(model)
        view.show()
        filters = journal.EventFilter.for_day(day)
        firsts = []
        for _ in range(args.runs):
            start = time.perf_counter()
            model.set_query(filters)
            while model.loading:
                app.processEvents()
            view.viewport().repaint()  # the paint itself, synchronously
            firsts.append((time.perf_counter() - start) * 1000)
        verdict = "ok" if min(firsts) < 300 else "OVER the 300 ms target"
        print(f"  first paint (count + 200 rows + table paint): {min(firsts):.1f} ms "
              f"(median {statistics.median(firsts):.1f}, first {firsts[0]:.1f})  {verdict}")
        pages = []
        while model.rowCount() < 5000 and model.canFetchMore():
            start = time.perf_counter()
            view.scrollToBottom()  # the view asks the model for more, as a wheel would
            if not model.loading:
                model.fetchMore()
            while model.loading:
                app.processEvents()
            view.viewport().repaint()
            pages.append((time.perf_counter() - start) * 1000)
        print(f"  scrolling to row {model.rowCount()}: {len(pages)} pages, per page median "
              f"{statistics.median(pages):.1f} ms, worst {max(pages):.1f} ms")
        operations.wait_for_all()
        view.close()
        # Tear down in order, while the application still exists: a view and model left
        # to the interpreter's exit were destroyed after QApplication (exit 139).
        view.setModel(None)
        operations.wait_for_all()
        model.deleteLater()
        view.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
