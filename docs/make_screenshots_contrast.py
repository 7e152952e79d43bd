"""Render the desk, the post counter and the supervisor's screens in the high-contrast theme
into docs/screenshots/*-contrast.png (offscreen Qt, a fresh demo database), at 1366×768 like
a common desk laptop; the desk once more with its letters at 150 %:

    .venv/bin/python docs/make_screenshots_contrast.py

``make screenshots`` runs it after docs/make_screenshots.py, whose helpers it uses.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_screenshots as shots  # noqa: E402  (sets up offscreen Qt and Moscow time)
from PySide6.QtWidgets import QApplication  # noqa: E402

from operator_app.models import Database  # noqa: E402
from operator_app.services import demo  # noqa: E402
from operator_app.services.actor import Section  # noqa: E402
from operator_app.views.app import qt_in_russian  # noqa: E402
from operator_app.views.appearance import apply_appearance  # noqa: E402
from operator_app.views.login import LoginDialog  # noqa: E402
from operator_app.views.main_window import MainWindow  # noqa: E402

SIZE = (1366, 768)


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    shots.OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, qt_in_russian(app):

        os.environ["OPERATOR_APP_CONFIG_DIR"] = tmp  # a throwaway QR key, not the desk's
        db = Database(f"sqlite:///{tmp}/demo.sqlite3")
        db.upgrade()
        summary = demo.create_demo(db)
        apply_appearance(app, theme="high_contrast")

        login = LoginDialog(db, hint=demo.login_hint())
        login.show()
        login.activateWindow()
        shots.settle(app)
        shots.save(login, "login-contrast.png")
        login.close()

        def summary_tab(window: MainWindow) -> None:
            window.nav.setCurrentRow(list(window.sections).index(Section.SUPERVISOR))
            page = window.sections[Section.SUPERVISOR]
            page.tabs.setCurrentWidget(page.summary)
            day = page.summary.day.date().addDays(-1)
            while day.dayOfWeek() > 5:
                day = day.addDays(-1)
            page.summary.day.setDate(day)

        for login_name, prepare, name in [
            ("clerk.msk", shots.visit_open(db, summary), "desk-contrast.png"),
            ("post.msk", shots.letter_at_counter(db), "post-counter-contrast.png"),
            ("boss.msk", shots.supervisor_log, "supervisor-contrast.png"),
            ("boss.msk", summary_tab, "supervisor-summary-contrast.png"),
        ]:
            window = shots.window_for(db, login_name, prepare)
            window.resize(*SIZE)
            window.activateWindow()
            shots.settle(app, 800)
            shots.save(window, name)
            window.close()
            shots.settle(app)

        apply_appearance(app, font_scale=150)
        window = shots.window_for(db, "clerk.msk", shots.visit_open(db, summary))
        window.resize(*SIZE)
        shots.settle(app, 800)
        shots.save(window, "desk-150.png")
        window.close()
        shots.settle(app)
        apply_appearance(app)
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
