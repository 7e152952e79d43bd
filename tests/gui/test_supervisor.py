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
from operator_app.views.event_log import COLUMNS, EventLogModel
from tests.conftest import PASSWORD
from tests.gui.conftest import log_in
from tests.helpers.data import PENDING, check_originals
from tests.helpers.dba import as_dba


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
    # The event's full content: field, old and new value, reason — one a line.
    log.table.selectRow(0)
    qtbot.waitUntil(lambda: "Стало: +79161234567" in log.detail.toPlainText())
    lines = log.detail.toPlainText().splitlines()
    assert "Поле: Телефон" in lines
    assert "Причина: по заявлению гражданина" in lines
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


def test_the_arrow_stays_where_the_log_is_sorted(seeded, section, qtbot):
    from PySide6.QtCore import QPoint

    log = section.log
    header = log.table.horizontalHeader()
    details = len(COLUMNS) - 1
    assert header.isSectionHidden(1)  # a supervisor's log is of one point: no point column
    middle = QPoint(header.sectionViewportPosition(details) + header.sectionSize(details) // 2,
                    header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=middle)
    assert header.sortIndicatorSection() == 0  # the details cannot be sorted: still by time
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert log.model.sort_spec.column == "at"


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
    with seeded.db.read() as session:
        victim = session.scalar(select(AuditEvent.id).where(
            AuditEvent.action == "data_corrected"))
    with as_dba(seeded.db) as conn:  # the program itself cannot change an event
        conn.execute(text("UPDATE audit_event SET details = :d WHERE id = :i"),
                     {"d": '{"field": "phone", "new": "+70000000000"}', "i": victim})
    section.verify()
    qtbot.waitUntil(lambda: "нарушен" in section.banner.text())
    assert f"id {victim}" in section.banner.text()


def test_verification_names_a_chain_deleted_whole(seeded, section, qtbot):
    with as_dba(seeded.db) as conn:
        conn.execute(text("DELETE FROM audit_event WHERE chain = 'MSK-CO-1'"))
        conn.execute(text("DELETE FROM audit_chain_head WHERE chain = 'MSK-CO-1'"))
    section.verify()
    qtbot.waitUntil(lambda: "нарушен" in section.banner.text())
    assert "Цепочка точки «MSK-CO-1» отсутствует" in section.banner.text()
    assert "№ 0" not in section.banner.text()


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


# -- the details in plain words ---------------------------------------------------------

def _stored_values() -> set[str]:
    """Every value the services store for a named state, kind or reason."""
    import enum

    from operator_app import models
    from operator_app.services import post, qr_payload, scan

    values: set[str] = set()
    for module in (models, post, scan, qr_payload):
        for item in vars(module).values():
            if isinstance(item, type) and issubclass(item, enum.StrEnum) and item is not \
                    enum.StrEnum:
                values |= {member.value for member in item}
    return values


@pytest.fixture
def demo_log(db, qtbot):
    """Three days of the demo played through the services, and the supervisor's section
    open as the administrator (every point)."""
    from operator_app.models import Role
    from operator_app.services import demo, operators, post
    from operator_app.services.actor import Actor
    from operator_app.settings import Settings
    from operator_app.views.context import DeskContext
    from operator_app.views.supervisor import SupervisorSection

    demo.create_demo(db, applicants=60, seed=7, history_days=3, qr_key=b"q" * 32,
                     code_key=b"c" * 32)
    with db.write() as session:  # what only a desk does: a wrong login, a refused letter
        operators.authenticate(session, "nobody", "wrong")
        clerk = Actor.of(next(o for o in (operators.get_operator(session, d.login)
                                          for d in demo.LOGINS) if o.role is Role.POST_CLERK))
        tracking = session.scalar(select(text("tracking_number")).select_from(
            text("post_letter")).limit(1))
        post.record_refusal(session, clerk, tracking, post.LetterRefused(
            "—", post.RefusalReason.PASSPORT_MISMATCH))
    with db.read() as session:
        admin = Actor.of(operators.get_operator(session, "admin"))
    page = SupervisorSection(DeskContext(db, admin, Settings()))
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    qtbot.waitUntil(lambda: page.log.model.total > 0, timeout=10_000)
    return db, page


def test_every_detail_reads_in_plain_russian(demo_log, qtbot):
    import re

    from PySide6.QtCore import QDate

    db, page = demo_log
    log = page.log
    log.first_day.setDate(QDate.currentDate().addYears(-1))  # the set-up is weeks back
    with db.read() as session:
        actions = sorted(set(session.scalars(select(AuditEvent.action))))
    assert len(actions) >= 20  # the demo's every kind of work, and the desk's refusals
    raw = _stored_values()
    snake = re.compile(r"\b[A-Za-z]+_[A-Za-z_]+\b")
    for action in actions:
        index = log.action.findData(action)
        assert index >= 0, f"{action} has no title in the log's action filter"
        log.action.setCurrentIndex(index)
        qtbot.waitUntil(lambda: not log.model.loading and log.model.total > 0
                        and log.model.row_at(0).action == action, timeout=3000)  # noqa: B023
        rows = [log.model.row_at(r) for r in range(log.model.rowCount())]
        richest = max(range(len(rows)), key=lambda r: len(rows[r].details))
        log.table.selectRow(richest)
        shown = log.detail.toPlainText()
        cell = log.model.index(richest, len(COLUMNS) - 1)
        line = cell.data()
        assert line == cell.data(Qt.ItemDataRole.ToolTipRole)  # whole in the tooltip
        for text_ in (shown, line):
            for bad in ("[]", "{", "}", "True", "False", "None", action):
                assert bad not in text_, (action, bad, text_)
            assert not snake.search(text_), (action, text_)
        details = shown.split("\n\n")[1].splitlines() if rows[richest].details else []
        assert len(details) >= 1 or not line
        for detail in details:
            title, _colon, value = detail.partition(": ")
            assert re.search("[А-Яа-яЁё]", title), (action, detail)  # a Russian title
            assert value, (action, detail)
            assert value not in raw, (action, detail)
            assert all(part.strip() not in raw for part in re.split("[,;→]", value)), detail


def test_the_log_and_the_summary_fit_a_small_desk(seeded, section, desk, qtbot):
    from tests.gui.test_post_counter import cut_off, show_on_small_desk

    show_on_small_desk(desk, section, qtbot)
    log = section.log
    log.table.selectRow(0)
    qtbot.waitUntil(lambda: bool(log.detail.toPlainText()))
    assert cut_off(section) == []
    section.tabs.setCurrentWidget(section.summary)
    qtbot.waitUntil(lambda: section.summary.summary is not None
                    and section.summary.charts_layout.count() == 3)
    assert cut_off(section) == []
    # QtCharts clips an axis label longer than a third of its chart: none is squeezed.
    from PySide6.QtCharts import QChartView

    from operator_app.views.supervisor import ChartGrid

    charts = section.summary.charts.findChildren(QChartView)
    assert len(charts) == 3
    assert all(chart.width() >= ChartGrid.NARROW // 2 for chart in charts)
