"""The desk by keyboard: how many actions a clerk spends on a standard confirmation.

From the scan of the applicant's QR code to the printed slip, on the demo database, with
real key events (tests/helpers/clerk.py: one action per key, click or scan, one per field
typed) — the scenario tests/gui/test_keyboard.py asserts. The printer is a folder of PDF
files. The originals' comparison is recorded by the service, not counted (see the helper).

Prints:
- the count and the actions in order; the target is at most 10;
- the wall time of the scenario.

    .venv/bin/python bench/bench_actions.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.helpers.clerk

from PySide6.QtWidgets import QApplication  # noqa: E402
from sqlalchemy import select  # noqa: E402

from operator_app.models import (  # noqa: E402
    Applicant,
    Application,
    ConfirmationMethod,
    Database,
)
from operator_app.services import demo, documents, operators  # noqa: E402
from operator_app.services.actor import Actor  # noqa: E402
from operator_app.services.qr_payload import make_payload  # noqa: E402
from operator_app.settings import get_settings, qr_signing_key  # noqa: E402
from operator_app.views import operations  # noqa: E402
from operator_app.views.app import stylesheet  # noqa: E402
from operator_app.views.context import DeskContext  # noqa: E402
from operator_app.views.main_window import MainWindow  # noqa: E402

# No shift self-test at login here: it would open the machine's camera.
MainWindow.self_test_at_login = False
from tests.helpers.clerk import standard_confirmation  # noqa: E402

TARGET = 10


def main() -> int:
    app = QApplication.instance() or QApplication([])
    app.setStyleSheet(stylesheet())  # type: ignore[attr-defined]
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["OPERATOR_APP_CONFIG_DIR"] = tmp
        os.environ["OPERATOR_APP_DATA_DIR"] = tmp
        db = Database(f"sqlite:///{tmp}/demo.sqlite3")
        db.upgrade()
        summary = demo.create_demo(db)
        with db.read() as session:
            actor = Actor.of(operators.get_operator(session, "clerk.msk"))
            # An ordinary application (nothing planted) whose papers are all there: a SNILS on
            # the account, confirmation at a service center.
            ordinary = [n for n, _caption in demo.showcase(session, summary, ordinary=50)]
            number = session.scalar(
                select(Application.number).join(Application.applicant)
                .where(Application.number.in_(ordinary), Applicant.snils.is_not(None),
                       Application.confirmation_method == ConfirmationMethod.SERVICE_CENTER)
                .order_by(Application.number).limit(1))
            assert number is not None, "the demo has no ordinary application with a SNILS"
        printed = Path(tmp) / "printed"
        get_settings().print_to_pdf_dir = str(printed)

        def check_documents(visit_id: int) -> None:
            with db.write() as session:
                for row in documents.checklist(session, visit_id).documents:
                    documents.save_document(session, actor, visit_id, document_id=row.id,
                                            kind=row.kind, version=row.version,
                                            number=row.number, series=row.series,
                                            expiry_date=row.expiry_date)

        window = MainWindow(DeskContext(db, actor, get_settings()))
        window.resize(1366, 768)
        window.show()
        started = time.perf_counter()
        done = standard_confirmation(window, make_payload(number, qr_signing_key()),
                                     check_documents)
        seconds = time.perf_counter() - started
        slips = list(printed.glob("*.pdf"))
        window.confirm_leaving = lambda _unsaved: True  # type: ignore[method-assign]
        window.close()
        operations.wait_for_all()
        db.dispose()
    count = done.clerk.count
    print(f"clerk actions, standard confirmation from scan to printed slip: {count} "
          f"(target: at most {TARGET}); slips printed: {len(slips)}")
    print("  " + ", ".join(done.clerk.actions))
    print(f"scenario wall time: {seconds:.1f} s")
    return 0 if count <= TARGET and len(slips) == 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
