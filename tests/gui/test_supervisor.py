"""The supervisor's section driven as a supervisor works it: the lazy log with its filters
and sorting, an event's full content, the applicant opened under audit, the day's summary
and its report read back, verification that finds a tampered row, revoking a code."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from sqlalchemy import func, select, text

from operator_app.models import AuditEvent, VisitState
from operator_app.services import codes, corrections, journal, visits
from operator_app.services.actor import Section
from operator_app.settings import code_hash_key
from operator_app.views.event_log import EventLogModel
from tests.conftest import PASSWORD
from tests.gui.conftest import log_in
from tests.helpers.data import PENDING, check_originals


def _seed(world) -> str:
    """A visit of the day: checked, one correction, confirmed with a code. Returns the code."""
    with world.db.write() as session:
        info = visits.open_visit(session, world.clerk, PENDING)
    check_originals(world, info.id)
    with world.db.write() as session:
        info = visits.advance(session, world.clerk, info.id, info.version,
                              VisitState.DOCUMENTS_CHECKED)
    with world.db.write() as session:
        from operator_app.models import Applicant, Application

        person = session.scalars(select(Applicant).join(Application)
                                 .where(Application.number == PENDING)).one()
        corrections.apply(session, world.clerk, info.id, loaded=corrections.snapshot(person),
                          version=person.version, typed={"phone": "+7 916 123-45-67"},
                          reason="по заявлению гражданина")
    with world.db.write() as session:
        info = visits.visit_info(session, info.id)
        decision = visits.decide(session, world.clerk, info.id, info.version,
                                 VisitState.CONFIRMED, code_key=code_hash_key(),
                                 request_id="seed")
    assert decision.code is not None
    assert decision.code.code is not None
    return decision.code.code


@pytest.fixture
def seeded(scan_world):
    scan_world.code = _seed(scan_world)
    return scan_world


@pytest.fixture
def section(seeded, desk, qtbot):
    log_in(qtbot, desk, "boss", PASSWORD)
    qtbot.waitUntil(lambda: desk.window is not None)
    page = desk.window.sections[Section.SUPERVISOR]
    desk.window.nav.setCurrentRow(list(desk.window.sections).index(Section.SUPERVISOR))
    qtbot.waitUntil(lambda: page.log.model.rowCount() > 0, timeout=5000)
    return page


def _events(world, **where):
    with world.db.read() as session:
        query = select(func.count()).select_from(AuditEvent).where(
            AuditEvent.chain == "MSK-CO-1",
            *[getattr(AuditEvent, k) == v for k, v in where.items()])
        return session.scalar(query)


def _column(model, column):
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_the_log_lists_the_points_events_and_filters_them(seeded, section, qtbot):
    log = section.log
    assert log.model.total == _events(seeded)
    assert f"Событий: {log.model.total}" in log.count_label.text()
    # By action: only the corrections.
    log.action.setCurrentIndex(log.action.findData("data_corrected"))
    qtbot.waitUntil(lambda: log.model.total == 1)
    assert _column(log.model, 3) == ["Данные исправлены"]
    # The event's full content: field, old and new value, reason.
    log.table.selectRow(0)
    qtbot.waitUntil(lambda: "стало: +79161234567" in log.detail.toPlainText())
    assert "причина: по заявлению гражданина" in log.detail.toPlainText()
    # By applicant name, with the action filter cleared.
    log.action.setCurrentIndex(0)
    qtbot.keyClicks(log.name, "karimov", delay=20)
    log.apply_filters()
    everything = _events(seeded)
    qtbot.waitUntil(lambda: 0 < log.model.total < everything and not log.model.loading)
    assert _fmt(PENDING) in set(_column(log.model, 4))
    assert "" not in set(_column(log.model, 4))  # only events about an application
    # A number that matches nothing: the count line says so.
    log.name.clear()
    log.number.setText("999999")
    log.apply_filters()
    qtbot.waitUntil(lambda: log.model.total == 0)
    assert "нет" in log.count_label.text()


def _fmt(number):
    from operator_app.services.application_numbers import format_number

    return format_number(number)


def test_sorting_is_done_by_the_database(seeded, section, qtbot):
    log = section.log
    header = log.table.horizontalHeader()
    header.setSortIndicator(2, Qt.SortOrder.AscendingOrder)  # operator
    qtbot.waitUntil(lambda: log.model.sort_spec.column == "operator_login"
                    and not log.model.loading)
    logins = [log.model.row_at(r).operator_login for r in range(log.model.rowCount())]
    assert logins == sorted(logins)
    assert len(set(logins)) > 1
    header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # time, oldest first
    qtbot.waitUntil(lambda: log.model.sort_spec.column == "at"
                    and not log.model.sort_spec.descending and not log.model.loading)
    times = [log.model.row_at(r).at for r in range(log.model.rowCount())]
    assert times == sorted(times)


def test_opening_the_applicant_from_the_log_is_audited(seeded, section, qtbot):
    log = section.log
    log.number.setText(PENDING)
    log.apply_filters()
    qtbot.waitUntil(lambda: log.model.total > 0 and not log.model.loading)
    log.table.selectRow(0)
    assert log.open_button.isEnabled()
    qtbot.mouseClick(log.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: log.record_dialog is not None and log.record_dialog.isVisible())
    assert _events(seeded, action="personal_record_opened", operator_login="boss") == 1


def test_the_log_loads_lazily_page_by_page(seeded, qtbot, qtmodeltester):
    with seeded.db.write() as session:
        from operator_app.services import audit

        for i in range(450):
            audit.record(session, seeded.clerk, "scan", details={"n": i})
    model = EventLogModel(seeded.db, seeded.supervisor,
                          lambda work, done, failed: done(work()))
    model.set_query(journal.EventFilter.for_day(_today()))
    assert model.total == _events(seeded)
    assert model.rowCount() == 200  # the first page only
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 400
    ids = [model.row_at(r).id for r in range(model.rowCount())]
    assert len(set(ids)) == 400  # keyset paging: no row twice
    qtmodeltester.check(model)


def _today():
    import datetime as dt

    return dt.date.today()


def test_item_models_pass_the_model_tester(seeded, section, qtbot, qtmodeltester):
    qtmodeltester.check(section.log.model)
    section.tabs.setCurrentWidget(section.summary)
    qtbot.waitUntil(lambda: section.summary.summary is not None)
    qtmodeltester.check(section.summary.operator_model)


def test_the_summary_and_the_report_agree(seeded, section, qtbot, tmp_path: Path):
    section.tabs.setCurrentWidget(section.summary)
    summary = section.summary
    qtbot.waitUntil(lambda: summary.summary is not None)
    assert summary.figures["visits"][0].text() == "1"
    assert summary.figures["confirmed"][0].text() == "1"
    assert summary.figures["codes_issued"][0].text() == "1"
    assert summary.figures["visits"][1].text() == "+1"  # nothing the day before
    assert summary.charts_layout.count() == 3
    pdf = tmp_path / "report.pdf"
    summary.export("pdf", str(pdf))
    qtbot.waitUntil(lambda: "Отчёт сохранён" in section.banner.text())
    text = "\n".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
    with seeded.db.read() as session:
        head = session.scalar(text_head())
    assert head in text.replace("\n", "")
    csv = tmp_path / "report.csv"
    summary.export("csv", str(csv))
    qtbot.waitUntil(lambda: csv.exists())
    rows = [line.split(";") for line in csv.read_text(encoding="utf-8-sig").splitlines()]
    totals = {r[7]: r[9] for r in rows[1:] if r[1] == "total"}
    assert totals["confirmed"] == "1"
    assert totals["codes_issued"] == "1"


def text_head():
    from operator_app.models import AuditChainHead

    return select(AuditChainHead.hash).where(AuditChainHead.chain == "MSK-CO-1")


def test_verification_finds_a_tampered_row(seeded, section, qtbot):
    section.verify()
    qtbot.waitUntil(lambda: "Журнал цел" in section.banner.text())
    with seeded.db.write() as session:
        victim = session.scalar(select(AuditEvent.id).where(
            AuditEvent.action == "data_corrected"))
        session.execute(text("UPDATE audit_event SET details = :d WHERE id = :i"),
                        {"d": '{"field": "phone", "new": "+70000000000"}', "i": victim})
    section.verify()
    qtbot.waitUntil(lambda: "нарушен" in section.banner.text())
    assert f"id {victim}" in section.banner.text()


def test_a_code_issued_in_error_is_revoked_with_a_reason(seeded, section, qtbot):
    qtbot.mouseClick(section.revoke_button, Qt.MouseButton.LeftButton)
    dialog = section.revoke_dialog
    qtbot.keyClicks(dialog.number.edit, PENDING)
    qtbot.keyClick(dialog.number.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "действует до" in dialog.code_label.text())
    assert not dialog.ok_button.isEnabled()  # no reason yet
    dialog.reason.setCurrentIndex(0)
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "отозван" in section.banner.text())
    with seeded.db.write() as session:
        result = codes.redeem(session, PENDING, seeded.code, key=code_hash_key())
    assert not result.ok
    assert "отозван" in result.message
    assert _events(seeded, action="code_revoked", operator_login="boss") == 1


def test_an_unknown_application_is_said_on_the_field(seeded, section, qtbot):
    qtbot.mouseClick(section.revoke_button, Qt.MouseButton.LeftButton)
    dialog = section.revoke_dialog
    qtbot.keyClicks(dialog.number.edit, "2026 0000 0991")
    dialog.find_code()
    qtbot.waitUntil(lambda: bool(dialog.number.error))


def test_changing_the_number_forgets_the_code_found_for_the_last_one(seeded, section, qtbot):
    qtbot.mouseClick(section.revoke_button, Qt.MouseButton.LeftButton)
    dialog = section.revoke_dialog
    qtbot.keyClicks(dialog.number.edit, PENDING)
    qtbot.keyClick(dialog.number.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "действует до" in dialog.code_label.text())
    dialog.reason.setCurrentIndex(0)
    assert dialog.ok_button.isEnabled()
    qtbot.keyClick(dialog.number.edit, Qt.Key.Key_Backspace)  # another number now
    assert not dialog.ok_button.isEnabled()
    assert dialog.found == []
    assert not dialog.ok_button.autoDefault()  # Enter never revokes


def test_the_log_never_queries_without_its_filters(seeded, qtbot):
    calls = []
    model = EventLogModel(seeded.db, seeded.supervisor,
                          lambda work, done, failed: calls.append(1) or done(work()))
    model.sort(2, Qt.SortOrder.AscendingOrder)  # what a view does when it is set up
    assert calls == []
    model.set_query(journal.EventFilter.for_day(_today()))
    assert calls == [1]
    assert model.sort_spec.column == "operator_login"
