"""Render the login window, the desk, the post counter and the supervisor's log in English
into docs/screenshots/*-en.png (offscreen
Qt, a fresh demo database), at 1366×768 like a common desk laptop:

    .venv/bin/python docs/make_screenshots_en.py

The Russian screens come from docs/make_screenshots.py; ``make screenshots`` runs both, and
the helpers are that script's.
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
from operator_app.views.app import qt_in_russian, stylesheet  # noqa: E402
from operator_app.views.i18n import install_language  # noqa: E402
from operator_app.views.login import LoginDialog  # noqa: E402

SIZE = (1366, 768)


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setStyleSheet(stylesheet())
    shots.OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, qt_in_russian(app):
        install_language(app, "en")
        os.environ["OPERATOR_APP_CONFIG_DIR"] = tmp  # a throwaway QR key, not the desk's
        db = Database(f"sqlite:///{tmp}/demo.sqlite3")
        db.upgrade()
        summary = demo.create_demo(db)

        login = LoginDialog(db, hint=demo.login_hint())
        login.show()
        shots.settle(app)
        shots.save(login, "login-en.png")
        login.close()

        for login_name, prepare, name in [
            ("clerk.msk", shots.visit_open(db, summary), "desk-en.png"),
            ("post.msk", shots.letter_at_counter(db), "post-counter-en.png"),
            ("boss.msk", shots.supervisor_log, "supervisor-en.png"),
        ]:
            window = shots.window_for(db, login_name, prepare)
            window.resize(*SIZE)
            shots.settle(app, 800)
            shots.save(window, name)
            window.close()
            shots.settle(app)
        db.dispose()
        install_language(app, "ru")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
