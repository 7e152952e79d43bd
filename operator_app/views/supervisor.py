"""The supervisor's section: the log (lazy, filtered, sorted; an event's full content; the
applicant behind it, opened under audit), the day's summary with charts and its PDF/CSV
report, the audit chain's verification, and revoking a code issued in error."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QDate, QMargins, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from operator_app.models import Role
from operator_app.services import audit, codes, journal, operators, reports
from operator_app.services.actor import Actor, Permission
from operator_app.services.application_numbers import format_number
from operator_app.services.changes import Changes
from operator_app.services.errors import ServiceError
from operator_app.services.journal import EventFilter, EventRow
from operator_app.services.reports import DaySummary, Metrics
from operator_app.views.context import DeskContext
from operator_app.views.event_log import COLUMNS, EventLogModel
from operator_app.views.i18n import QT_TRANSLATE_NOOP
from operator_app.views.operations import BackgroundOp
from operator_app.views.print_service import PrintError, print_document
from operator_app.views.sections import (
    KeyStep,
    SectionPage,
    heading,
    local_time,
    make_table,
    with_key,
)
from operator_app.views.table_model import Column, RowTableModel, WordElideDelegate
from operator_app.views.widgets import (
    Banner,
    Field,
    KeepsTypingDialog,
    add_row,
    describe_error,
    give_key,
)
from printing.report import daily_report_csv, daily_report_pdf

ALL = ""  # the combo boxes' "any" choice


def _date_edit(name: str) -> QDateEdit:
    edit = QDateEdit(QDate.currentDate())
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd.MM.yyyy")
    edit.setMaximumDate(QDate.currentDate())
    return edit


def fill_points(box: QComboBox, actor: Actor, points: list[operators.PointRow]) -> None:
    """An administrator chooses any point (or all); a supervisor sees only their own."""
    box.clear()
    if actor.role is Role.ADMIN:
        box.addItem(QCoreApplication.translate("LogTab", "Все точки"), ALL)
        for point in points:
            box.addItem(f"{point.code} — {point.name}", point.code)
    else:
        box.addItem(f"{actor.point_code} — {actor.point_name}", actor.point_code)
        box.setEnabled(False)


def fit_to_width(box: QComboBox, letters: int = 14) -> None:
    """A combo box as wide as its place, not as its longest item (a point's or a person's
    full name would widen the window past a small screen); the list shows items whole."""
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(letters)
    box.view().setTextElideMode(Qt.TextElideMode.ElideNone)
    box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)


def _day(edit: QDateEdit) -> dt.date:
    value: dt.date = edit.date().toPython()  # type: ignore[assignment]
    return value


# -- the log ------------------------------------------------------------------------------


class LogTab(QWidget):
    def __init__(self, section: SupervisorSection) -> None:
        super().__init__()
        self.section = section
        context = section.context
        self.model = EventLogModel(context.db, context.actor, self._run, parent=self)
        self.model.loaded.connect(self._on_loaded)
        self.model.failed.connect(
            lambda error: section.banner.show_message(describe_error(error), "error"))
        self.first_day = _date_edit("logFirstDay")
        self.last_day = _date_edit("logLastDay")
        self.point = QComboBox()
        self.point.setObjectName("logPoint")
        self.operator = QComboBox()
        self.operator.setObjectName("logOperator")
        self.operator.addItem(self.tr("Все операторы"), ALL)
        self.action = QComboBox()
        self.action.setObjectName("logAction")
        for widget, name in ((self.first_day, self.tr("Журнал с дня")),
                             (self.last_day, self.tr("Журнал по день")),
                             (self.point, self.tr("Точка обслуживания")),
                             (self.operator, self.tr("Оператор")),
                             (self.action, self.tr("Действие"))):
            widget.setAccessibleName(name)
        self.action.addItem(self.tr("Все действия"), ALL)
        for action, title in sorted(journal.ACTION_TITLES.items(), key=lambda x: x[1]):
            self.action.addItem(self.tr(title), action)
        self.number = QLineEdit()
        self.number.setObjectName("logNumber")
        self.number.setPlaceholderText(self.tr("№ заявления"))
        self.number.setClearButtonEnabled(True)
        self.name = QLineEdit()
        self.name.setObjectName("logName")
        self.name.setPlaceholderText(self.tr("Фамилия или имя заявителя"))
        self.name.setClearButtonEnabled(True)
        self.reset_button = QPushButton(self.tr("Сбросить"))
        self.reset_button.clicked.connect(self.reset_filters)
        for box in (self.point, self.operator, self.action):
            fit_to_width(box)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(350)
        self._typing.timeout.connect(self.apply_filters)
        for edit in (self.first_day, self.last_day):
            edit.dateChanged.connect(lambda _date: self.apply_filters())
        for box in (self.point, self.operator, self.action):
            box.currentIndexChanged.connect(lambda _index: self.apply_filters())
        for line in (self.number, self.name):
            line.textEdited.connect(lambda _text: self._typing.start())
            line.returnPressed.connect(self.apply_filters)

        self.table = make_table(self.model, "eventTable")  # type: ignore[arg-type]
        self.table.setAccessibleName(self.tr("События журнала"))
        self.table.setAccessibleDescription(self.tr("Выбранное событие подробно — в поле "
                                                    "рядом с таблицей"))
        self.table.setSortingEnabled(True)
        header = self.table.horizontalHeader()
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        header.sortIndicatorChanged.connect(self._on_sort_indicator_changed)
        details = len(COLUMNS) - 1
        # The details fill what the other columns leave and end after a whole word; the
        # panel beside the table and the tooltip hold them in full.
        header.setSectionResizeMode(details, QHeaderView.ResizeMode.Stretch)
        self.table.setItemDelegateForColumn(details, WordElideDelegate(self.table))
        # A supervisor reads their own point only: its column would repeat one code.
        self.table.setColumnHidden(1, not context.actor.can(Permission.MANAGE_ALL_POINTS))
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_event(current.row()))
        self.detail = QPlainTextEdit()
        self.detail.setObjectName("eventDetail")
        self.detail.setAccessibleName(self.tr("Подробности события"))
        self.detail.setReadOnly(True)
        self.open_button = QPushButton(self.tr("Данные заявителя…"))
        self.open_button.setObjectName("openRecordButton")
        self.open_button.setToolTip(self.tr("Просмотр персональных данных записывается в "
                                            "журнал"))
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.count_label = QLabel()
        self.count_label.setObjectName("logCount")
        self.record_dialog: QDialog | None = None

        filters = QGridLayout()
        filters.addWidget(QLabel(self.tr("С")), 0, 0)
        filters.addWidget(self.first_day, 0, 1)
        filters.addWidget(QLabel(self.tr("по")), 0, 2)
        filters.addWidget(self.last_day, 0, 3)
        filters.addWidget(self.point, 0, 4)
        filters.addWidget(self.operator, 0, 5)
        filters.addWidget(self.action, 1, 0, 1, 4)
        filters.addWidget(self.number, 1, 4)
        filters.addWidget(self.name, 1, 5)
        filters.addWidget(self.reset_button, 1, 6)
        filters.setColumnStretch(4, 1)
        filters.setColumnStretch(5, 1)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(QLabel(self.tr("Событие целиком:")))
        side_layout.addWidget(self.detail, 1)
        side_layout.addWidget(self.open_button)
        split = QSplitter()
        split.setChildrenCollapsible(False)
        split.addWidget(self.table)
        split.addWidget(side)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setSizes([1000, 250])
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        layout.addWidget(self.count_label)

    def _run(self, work: Any, done: Any, failed: Any) -> None:
        BackgroundOp(self, work).success(done).failure(failed).run()

    def _on_sort_indicator_changed(self, section: int, _order: Qt.SortOrder) -> None:
        """A click on a column the log cannot sort by (the details) leaves the arrow where
        the rows are really sorted."""
        if 0 <= section < len(COLUMNS) and COLUMNS[section][2] is not None:
            return
        spec = self.model.sort_spec
        column = next(i for i, c in enumerate(COLUMNS) if c[2] == spec.column)
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(column, Qt.SortOrder.DescendingOrder if spec.descending
                                else Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)

    def load_choices(self, points: list[operators.PointRow],
                     people: list[operators.OperatorRow]) -> None:
        actor = self.section.context.actor
        for box in (self.point, self.operator):
            box.blockSignals(True)
        fill_points(self.point, actor, points)
        while self.operator.count() > 1:
            self.operator.removeItem(1)
        for person in people:
            self.operator.addItem(f"{person.full_name} ({person.login})", person.login)
        for box in (self.point, self.operator):
            box.blockSignals(False)

    def filters(self) -> EventFilter:
        def chosen(box: QComboBox) -> str | None:
            return box.currentData() or None

        return EventFilter(first_day=_day(self.first_day), last_day=_day(self.last_day),
                           point_code=chosen(self.point), operator_login=chosen(self.operator),
                           action=chosen(self.action),
                           application_number=self.number.text().strip() or None,
                           applicant_name=self.name.text().strip() or None)

    def apply_filters(self) -> None:
        self._typing.stop()
        for edit in (self.first_day, self.last_day):
            edit.setMaximumDate(QDate.currentDate())  # open past midnight: today is new
        if _day(self.last_day) < _day(self.first_day):
            self.section.banner.show_message(self.tr("Конец периода раньше начала."), "warning")
            return
        self.section.banner.clear_message()
        self.count_label.setText(self.tr("Загрузка…"))
        self.model.set_query(self.filters())

    def reset_filters(self) -> None:
        for widget in (self.first_day, self.last_day, self.point, self.operator, self.action):
            widget.blockSignals(True)
        self.first_day.setDate(QDate.currentDate())
        self.last_day.setDate(QDate.currentDate())
        for box in (self.point, self.operator, self.action):
            box.setCurrentIndex(0)
        self.number.clear()
        self.name.clear()
        for widget in (self.first_day, self.last_day, self.point, self.operator, self.action):
            widget.blockSignals(False)
        self.apply_filters()

    def _on_loaded(self, total: int) -> None:
        self.count_label.setText(self.tr("Событий: {0}").format(total) if total
                                 else self.tr("Событий по этим условиям нет."))
        self.detail.clear()
        self.open_button.setEnabled(False)

    def _show_event(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        event = self.model.row_at(row)
        self.detail.setPlainText(event_text(event))
        self.open_button.setEnabled(bool(event.application_number))

    def _on_open_clicked(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        number = self.model.row_at(index.row()).application_number
        context = self.section.context
        db, actor = context.db, context.actor

        def work() -> journal.PersonalRecord:
            with db.write() as session:
                return journal.open_personal_record(session, actor, number)

        def show(record: journal.PersonalRecord) -> None:
            dialog = RecordDialog(record, parent=self)
            self.record_dialog = dialog
            dialog.open()
            context.notify(Changes(audit=True), self.section)

        BackgroundOp(self, work).serial().success(show).failure(
            lambda error: self.section.banner.show_message(describe_error(error), "error")
        ).run()


def event_text(event: EventRow) -> str:
    """The whole event for the panel beside the log: one thing a line, in plain words."""
    def tr(text: str) -> str:
        return QCoreApplication.translate("LogTab", text)

    lines = [
        f"{event.at.astimezone():%d.%m.%Y %H:%M:%S}",
        journal.action_title(event.action),
        tr(QT_TRANSLATE_NOOP("LogTab", "Журнал: {0}, запись № {1}")).format(
            journal.chain_title(event.chain), event.seq),
        tr(QT_TRANSLATE_NOOP("LogTab", "Оператор: {0}")).format(event.operator_login or "—"),
    ]
    if event.application_number:
        lines.append(tr(QT_TRANSLATE_NOOP("LogTab", "Заявление: {0}")).format(
            format_number(event.application_number)))
    if event.entity:
        entity = journal.entity_title(event.entity)
        lines.append(tr(QT_TRANSLATE_NOOP("LogTab", "Запись: {0} № {1}")).format(
            entity, event.entity_id) if event.entity_id
            else tr(QT_TRANSLATE_NOOP("LogTab", "Запись: {0}")).format(entity))
    details = journal.describe(event.action, event.details)
    if details:
        lines.append("")
        lines += [f"{d.title[:1].upper()}{d.title[1:]}: {d.value}" for d in details]
    lines += ["", tr(QT_TRANSLATE_NOOP("LogTab", "Контрольная сумма записи: {0}")).format(
        event.hash)]
    return "\n".join(lines)


class RecordDialog(QDialog):
    """The applicant behind an event (opening it was recorded in the log)."""

    def __init__(self, record: journal.PersonalRecord, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordDialog")
        self.setWindowTitle(self.tr("Заявление {0}").format(
            format_number(record.application_number)))
        form = QFormLayout()
        for title, value in [
            (QT_TRANSLATE_NOOP("RecordDialog", "Заявитель"), f"{record.name_cyrillic}\n{record.name_latin}"),
            (QT_TRANSLATE_NOOP("RecordDialog", "Дата рождения"), f"{record.birth_date:%d.%m.%Y}"),
            (QT_TRANSLATE_NOOP("RecordDialog", "Гражданство"), record.citizenship), (QT_TRANSLATE_NOOP("RecordDialog", "Учётная запись"), record.account_status),
            (QT_TRANSLATE_NOOP("RecordDialog", "Документы"), "\n".join(record.documents) or "—"),
            (QT_TRANSLATE_NOOP("RecordDialog", "Связь"), "\n".join(record.contacts) or "—"), (QT_TRANSLATE_NOOP("RecordDialog", "Адрес"), record.address or "—"),
            (QT_TRANSLATE_NOOP("RecordDialog", "Визиты"), "\n".join(record.visits) or "—"),
        ]:
            label = QLabel(value)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(self.tr(title), label)
        note = QLabel(self.tr("Просмотр записан в журнал."))
        note.setObjectName("muted")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(620, 420)


# -- the day's summary -------------------------------------------------------------------


def _minutes(seconds: float | None) -> str:
    return reports.minutes(seconds)


def _delta(now: int, then: int) -> str:
    if now == then:
        return "="
    return f"{now - then:+d}"


def _short(bucket: reports.TimeBucket) -> str:
    """«5–10» for the chart's axis (its title says minutes)."""
    low = bucket.low_seconds // 60
    if bucket.high_seconds is None:
        return f"≥{low}"
    high = bucket.high_seconds // 60
    return f"<{high}" if low == 0 else f"{low}–{high}"


BAR_PATTERNS = [Qt.BrushStyle.SolidPattern, Qt.BrushStyle.BDiagPattern,
                Qt.BrushStyle.Dense4Pattern, Qt.BrushStyle.CrossPattern]

KEY_FIGURES = ["visits", "visits_first", "visits_repeat", "confirmed", "repeat_needed",
               "refused", "codes_issued", "codes_redeemed", "codes_revoked", "codes_expired",
               "letters_handed_over", "letters_returned"]


def _bar_chart(title: str, categories: list[str], sets: list[tuple[str, list[int], str]],
               *, stacked: bool = False, horizontal: bool = False,
               rotate: bool = False, height: int = 170) -> QChartView:
    """A bar chart; ``horizontal`` puts long category names on the left, readable."""
    from PySide6.QtCharts import QHorizontalBarSeries, QStackedBarSeries

    chart = QChart()
    chart.setTitle(title)
    series = (QStackedBarSeries() if stacked else QHorizontalBarSeries() if horizontal
              else QBarSeries())
    from operator_app.views.appearance import current_theme

    contrast = current_theme() == "high_contrast"
    top = 0
    for index, (name, values, color) in enumerate(sets):
        bar = QBarSet(name)
        bar.append([float(v) for v in values])
        # Each set hatched its own way as well as coloured: told apart without colour.
        bar.setBrush(QBrush(QColor(color), BAR_PATTERNS[index % len(BAR_PATTERNS)]))
        bar.setPen(QPen(QColor("white" if contrast else "#1d2733"), 1))
        series.append(bar)
        top = max(top, *values, 0) if not stacked else top
    if stacked:
        top = max((sum(s[1][i] for s in sets) for i in range(len(categories))), default=0)
    chart.addSeries(series)
    axis_categories = QBarCategoryAxis()
    axis_categories.append(categories)
    axis_values = QValueAxis()
    axis_values.setRange(0, max(1, top))
    axis_values.setLabelFormat("%d")
    axis_values.setTickCount(min(6, max(2, top + 1)))
    axis_values.applyNiceNumbers()
    axis_categories.setTruncateLabels(False)
    if rotate:
        axis_categories.setLabelsAngle(-45)
    chart.addAxis(axis_categories, Qt.AlignmentFlag.AlignLeft if horizontal
                  else Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(axis_values, Qt.AlignmentFlag.AlignBottom if horizontal
                  else Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_categories)
    series.attachAxis(axis_values)
    chart.legend().setVisible(len(sets) > 1)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    if contrast:
        white = QColor("white")
        chart.setBackgroundBrush(QBrush(QColor("black")))
        chart.setBackgroundPen(QPen(white, 2))
        chart.setTitleBrush(QBrush(white))
        chart.legend().setLabelColor(white)
        for axis in (axis_categories, axis_values):
            axis.setLabelsColor(white)
            axis.setLinePenColor(white)
            axis.setGridLineColor(QColor("#808080"))
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(height)
    return view


class ChartGrid(QWidget):
    """The summary's charts: the first across the top, the others side by side below it,
    or one under another where side by side they would be too narrow for their labels
    (QtCharts clips an axis label longer than about a third of its chart)."""

    NARROW = 2 * 340

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(1, 1)
        self._charts: list[QWidget] = []
        self._stacked: bool | None = None

    def set_charts(self, charts: list[QWidget]) -> None:
        for chart in self._charts:
            self.grid.removeWidget(chart)
            chart.deleteLater()
        self._charts = list(charts)
        self._stacked = None
        self._place()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._place()

    def _place(self) -> None:
        stacked = self.width() < self.NARROW
        if stacked == self._stacked or not self._charts:
            return
        self._stacked = stacked
        for chart in self._charts:
            self.grid.removeWidget(chart)
        first, *others = self._charts
        self.grid.addWidget(first, 0, 0, 1, 2)
        for i, chart in enumerate(others):
            if stacked:
                self.grid.addWidget(chart, 1 + i, 0, 1, 2)
            else:
                self.grid.addWidget(chart, 1, i)


class SummaryTab(QWidget):
    def __init__(self, section: SupervisorSection) -> None:
        super().__init__()
        self.section = section
        self.summary: DaySummary | None = None
        self._request = 0
        self.day = _date_edit("summaryDay")
        self.day.dateChanged.connect(lambda _date: self.refresh())
        self.point = QComboBox()
        self.point.setObjectName("summaryPoint")
        self.day.setAccessibleName(self.tr("День сводки"))
        self.point.setAccessibleName(self.tr("Точка обслуживания"))
        fit_to_width(self.point)
        self.point.currentIndexChanged.connect(lambda _index: self.refresh())
        self.pdf_button = QPushButton(self.tr("Отчёт PDF…"))
        self.pdf_button.setObjectName("reportPdfButton")
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.csv_button = QPushButton(self.tr("CSV…"))
        self.csv_button.setObjectName("reportCsvButton")
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.print_button = QPushButton(self.tr("Печать…"))
        self.print_button.clicked.connect(self._on_print_clicked)
        self.figures: dict[str, tuple[QLabel, QLabel, QLabel]] = {}
        grid = QGridLayout()
        grid.setVerticalSpacing(2)
        for column, title in enumerate(["", QT_TRANSLATE_NOOP("SummaryTab", "За день"), QT_TRANSLATE_NOOP("SummaryTab", "± к вчера"), QT_TRANSLATE_NOOP("SummaryTab", "± к неделе")]):
            header = QLabel(self.tr(title))
            header.setObjectName("columnHeader")
            grid.addWidget(header, 0, column)
        for row, key in enumerate(KEY_FIGURES + ["median", "p90"], start=1):
            title = {"median": QT_TRANSLATE_NOOP("SummaryTab", "Время обслуж., медиана"),
                     "p90": QT_TRANSLATE_NOOP("SummaryTab", "Время обслуж., 90-й проц.")}.get(
                key, reports.METRIC_TITLES.get(key, key))
            grid.addWidget(QLabel(self.tr(title)), row, 0)
            labels = (QLabel("—"), QLabel(""), QLabel(""))
            for i, label in enumerate(labels):
                label.setObjectName(f"figure_{key}_{i}")
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                grid.addWidget(label, row, i + 1)
            self.figures[key] = labels
        grid.setRowStretch(grid.rowCount(), 1)  # the rows together at the top, not spread
        figures = QWidget()
        figures.setLayout(grid)
        figures.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self.charts = ChartGrid()
        self.charts_layout = self.charts.grid
        self.operator_model: RowTableModel[reports.OperatorSummary] = RowTableModel([
            Column(self.tr("Точка"), lambda o: o.point_code),
            Column(self.tr("Оператор"), lambda o: o.full_name or o.login or "—"),
            Column(self.tr("Визиты"), lambda o: str(o.metrics.visits), align_right=True,
                   sort_key=lambda o: o.metrics.visits),
            Column(self.tr("Подтверждено"), lambda o: str(o.metrics.confirmed),
                   align_right=True, sort_key=lambda o: o.metrics.confirmed),
            Column(self.tr("Повторно"), lambda o: str(o.metrics.repeat_needed),
                   align_right=True, sort_key=lambda o: o.metrics.repeat_needed),
            Column(self.tr("Отказы"), lambda o: str(o.metrics.refused), align_right=True,
                   sort_key=lambda o: o.metrics.refused),
            Column(self.tr("Медиана"), lambda o: _minutes(o.metrics.median_seconds),
                   align_right=True, sort_key=lambda o: o.metrics.median_seconds or 0),
            Column(self.tr("90%"), lambda o: _minutes(o.metrics.p90_seconds),
                   align_right=True, sort_key=lambda o: o.metrics.p90_seconds or 0),
        ])
        self.operator_table = make_table(self.operator_model, "operatorSummary")
        self.operator_table.setAccessibleName(self.tr("Итоги дня по операторам"))
        # The service's order (by point, then name) until a header is clicked.
        self.operator_table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.operator_table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch)
        rows = self.operator_table.verticalHeader().defaultSectionSize()
        self.operator_table.setMinimumHeight(5 * rows)  # a few operators, not one squeezed row
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("День:")))
        top.addWidget(self.day)
        top.addWidget(self.point, 1)
        top.addStretch()
        for button in (self.pdf_button, self.csv_button, self.print_button):
            top.addWidget(button)
        upper = QSplitter()
        upper.setChildrenCollapsible(False)
        upper.addWidget(figures)
        upper.addWidget(self.charts)
        upper.setStretchFactor(0, 0)
        upper.setStretchFactor(1, 1)
        upper.setSizes([480, 900])
        lower = QSplitter(Qt.Orientation.Vertical)
        lower.setChildrenCollapsible(False)
        lower.addWidget(upper)
        lower.addWidget(self.operator_table)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(lower, 1)

    def load_points(self, points: list[operators.PointRow]) -> None:
        actor = self.section.context.actor
        self.point.blockSignals(True)
        fill_points(self.point, actor, points)
        self.point.blockSignals(False)

    def refresh(self) -> None:
        context = self.section.context
        db, actor = context.db, context.actor
        self.day.setMaximumDate(QDate.currentDate())  # the desk may stay open past midnight
        day, point = _day(self.day), self.point.currentData() or None
        self._request += 1
        request = self._request

        def work() -> DaySummary:
            with db.read() as session:
                return reports.daily_summary(session, actor, day, point_code=point)

        def done(summary: DaySummary) -> None:
            if request == self._request:  # an older, slower answer must not win
                self.show_summary(summary)

        BackgroundOp(self, work).success(done).failure(
            lambda error: self.section.banner.show_message(describe_error(error), "error")
        ).run()

    def show_summary(self, summary: DaySummary) -> None:
        self.summary = summary
        totals, before, week = (summary.totals, summary.previous_day.totals,
                                summary.week_before.totals)

        def value(m: Metrics, key: str) -> int:
            return int(getattr(m, key))

        for key in KEY_FIGURES:
            now = value(totals, key)
            labels = self.figures[key]
            labels[0].setText(str(now))
            labels[1].setText(_delta(now, value(before, key)))
            labels[2].setText(_delta(now, value(week, key)))
        for key, attr in (("median", "median_seconds"), ("p90", "p90_seconds")):
            labels = self.figures[key]
            labels[0].setText(_minutes(getattr(totals, attr)))
            labels[1].setText(_minutes(getattr(before, attr)))
            labels[2].setText(_minutes(getattr(week, attr)))
        self.operator_model.set_rows([o for o in summary.operators if o.login])
        hours = [h for h in summary.visits_per_hour if 8 <= h.start.hour < 20 or h.total]
        outcomes = totals.outcomes
        buckets = summary.service_time_buckets
        self.charts.set_charts([
            _bar_chart(self.tr("Визиты по часам"), [h.start.strftime("%H") for h in hours],
                       [(self.tr("первичные"), [h.first for h in hours], "#2f6fdb"),
                        (self.tr("повторные"), [h.repeat for h in hours], "#f0a202")],
                       stacked=True, height=220),
            _bar_chart(self.tr("Итоги визитов"),
                       [reports.OUTCOME_TITLES[s] for s, _n in outcomes],
                       [(self.tr("визиты"), [n for _s, n in outcomes], "#1e8e5a")],
                       horizontal=True),
            _bar_chart(self.tr("Время обслуживания, мин"), [_short(b) for b in buckets],
                       [(self.tr("визиты"), [b.count for b in buckets], "#7b5ea7")],
                       rotate=True),
        ])

    # -- the report ----------------------------------------------------------------------

    def _report(self, kind: str) -> tuple[bytes, str]:
        """The report of the day on screen, with the chains' heads read now."""
        assert self.summary is not None
        summary = self.summary
        context = self.section.context
        with context.db.read() as session:
            heads = reports.chain_heads(session, context.actor, point_code=summary.point_code)
        name = f"отчёт-{summary.day:%Y-%m-%d}" + (f"-{summary.point_code}"
                                                   if summary.point_code else "")
        if kind == "csv":
            return daily_report_csv(summary), name + ".csv"
        return daily_report_pdf(summary, heads), name + ".pdf"

    def export(self, kind: str, path: str | None = None) -> None:
        if self.summary is None:
            return
        if path is None:
            suggested = f"отчёт-{self.summary.day:%Y-%m-%d}.{kind}"
            path, _filter = QFileDialog.getSaveFileName(
                self, self.tr("Сохранить отчёт"), str(Path.home() / suggested),
                "PDF (*.pdf)" if kind == "pdf" else "CSV (*.csv)")
            if not path:
                return
        target = Path(path)

        def work() -> Path:
            data, _name = self._report(kind)
            target.write_bytes(data)
            return target

        BackgroundOp(self, work).success(lambda p: self.section.banner.show_message(
            self.tr("Отчёт сохранён: {0}").format(p), "ok")).failure(
            lambda error: self.section.banner.show_message(
                self.tr("Не удалось сохранить отчёт: {0}").format(describe_error(error)),
                "error")).run()

    def _on_print_clicked(self) -> None:
        if self.summary is None:
            return

        def work() -> tuple[bytes, str]:
            return self._report("pdf")

        def show(result: tuple[bytes, str]) -> None:
            try:
                message = print_document(self, result[0], result[1])
            except PrintError as error:
                self.section.banner.show_message(str(error), "error")
                return
            if message:
                self.section.banner.show_message(message, "ok")

        BackgroundOp(self, work).success(show).failure(
            lambda error: self.section.banner.show_message(describe_error(error), "error")
        ).run()


# -- revoking a code ---------------------------------------------------------------------


class RevokeDialog(KeepsTypingDialog):
    """Find the application's working code, say why, revoke it."""

    REASONS = (QT_TRANSLATE_NOOP("RevokeDialog", "код выдан по ошибке"), QT_TRANSLATE_NOOP("RevokeDialog", "выдан не тому заявителю"),
               QT_TRANSLATE_NOOP("RevokeDialog", "заявитель сообщил, что код стал известен другим"), QT_TRANSLATE_NOOP("RevokeDialog", "другое"))

    def __init__(self, context: DeskContext, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("revokeDialog")
        self.setWindowTitle(self.tr("Отозвать код"))
        self.found: list[codes.ActiveCode] = []
        self.number = Field(placeholder=self.tr("Номер заявления, 12 цифр"))
        self.number.edit.setObjectName("revokeNumber")
        self.number.edit.returnPressed.connect(self.find_code)
        self.number.edit.textEdited.connect(lambda _text: self._forget())
        self.find_button = QPushButton(self.tr("Найти код"))
        self.find_button.clicked.connect(self.find_code)
        self.code_label = QLabel(self.tr("Введите номер заявления и нажмите «Найти код»."))
        self.code_label.setObjectName("revokeCode")
        self.code_label.setWordWrap(True)
        self.reason = QComboBox()
        self.reason.setObjectName("revokeReason")
        self.reason.setEditable(True)
        self.reason.addItems([self.tr(r) for r in self.REASONS])
        self.reason.setCurrentIndex(-1)
        self.reason.setPlaceholderText(self.tr("Причина отзыва"))
        self.message = Banner()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Отозвать код"))
        self.ok_button.setEnabled(False)
        self.ok_button.setAutoDefault(False)  # Enter in the number field searches, never revokes
        self.ok_button.setDefault(False)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Отмена"))
        give_key(self.ok_button, "Ctrl+Return")
        buttons.accepted.connect(self.revoke)
        buttons.rejected.connect(self.cancel_typing)
        self.reason.currentTextChanged.connect(lambda _text: self._update())
        row = QHBoxLayout()
        row.addWidget(self.number, 1)
        row.addWidget(self.find_button, 0, Qt.AlignmentFlag.AlignTop)
        form = QFormLayout()
        form.addRow(self.tr("Заявление"), row)
        form.addRow(self.tr("Код"), self.code_label)
        add_row(form, self.tr("&Причина"), self.reason)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(560, 260)

    def typed_changed(self) -> bool:
        return bool(self.number.text().strip() or self.reason.currentText().strip())

    def _forget(self) -> None:
        """Another number typed: the code found for the last one no longer applies."""
        self.found = []
        self.code_label.setText(self.tr("Нажмите «Найти код»."))
        self._update()

    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.found) and bool(self.reason.currentText().strip()))

    def find_code(self) -> None:
        db, actor, typed = self.context.db, self.context.actor, self.number.text()

        def work() -> list[codes.ActiveCode]:
            with db.read() as session:
                return codes.active_codes(session, actor, typed)

        def done(found: list[codes.ActiveCode]) -> None:
            if self.number.text() != typed:
                return  # the number changed while we looked
            self.found = found
            self.number.set_error("")
            if not found:
                self.code_label.setText(self.tr("Действующего кода у этого заявления нет: "
                                                "отзывать нечего."))
            else:
                code = found[0]
                how = self.tr("в письме Почты") if code.by_letter else self.tr(
                    "выдал(а) {0}").format(code.issued_by or "—")
                self.code_label.setText(self.tr("Выдан {0}, {1}; действует до {2}.").format(
                    local_time(code.issued_at), how, local_time(code.expires_at)))
            self._update()

        def failed(error: BaseException) -> None:
            self.found = []
            if isinstance(error, ServiceError) and error.field == "application_number":
                self.number.set_error(error.message)
            else:
                self.message.show_message(describe_error(error), "error")
            self._update()

        BackgroundOp(self, work).success(done).failure(failed).run()

    def revoke(self) -> None:
        from operator_app.services.application_numbers import normalize

        if not self.found or self.found[0].application_number != normalize(self.number.text()):
            self._forget()
            return
        db, actor = self.context.db, self.context.actor
        code, reason = self.found[0], self.reason.currentText().strip()

        def work() -> str:
            with db.write() as session:
                codes.revoke_code(session, actor, code.code_id, reason)
            return code.application_number

        def done(number: str) -> None:
            self.context.notify(Changes(codes=True), self)
            self.accept()
            parent = self.parent()
            if isinstance(parent, SupervisorSection):
                parent.banner.show_message(self.tr("Код заявления {0} отозван.").format(
                    format_number(number)), "ok")

        BackgroundOp(self, work).serial().success(done).failure(
            lambda error: self.message.show_message(describe_error(error), "error")).run()


# -- the section -------------------------------------------------------------------------


class SupervisorSection(SectionPage):
    """The day's log and summary, reports, verification, code revocation."""

    def __init__(self, context: DeskContext, *, parent: QWidget | None = None) -> None:
        super().__init__(context, parent=parent)
        self.verify_button = QPushButton(self.tr("Проверить целостность журнала"))
        self.verify_button.setObjectName("verifyButton")
        self.verify_button.clicked.connect(self.verify)
        self.revoke_button = QPushButton(self.tr("Отозвать код…"))
        self.revoke_button.setObjectName("revokeButton")
        self.revoke_button.clicked.connect(self._on_revoke_clicked)
        self.revoke_dialog: RevokeDialog | None = None
        self.log = LogTab(self)
        self.summary = SummaryTab(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.log, self.tr("Журнал событий"))
        self.tabs.addTab(self.summary, self.tr("Сводка дня"))
        self.tabs.currentChanged.connect(self._on_tab_changed)
        title = QHBoxLayout()
        title.addWidget(heading(self.tr("Журнал и отчёты")))
        title.addStretch()
        title.addWidget(self.revoke_button)
        title.addWidget(self.verify_button)
        layout = QVBoxLayout(self)
        layout.addLayout(title)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.setFocusProxy(self.log.name)
        log, summary = self.log, self.summary
        self.menu_title = self.tr("&Журнал")
        self.key_steps = [
            KeyStep("Ctrl+F", self.tr("Найти в журнале по фамилии"),
                    lambda: self._focus_in(log, log.name)),
            KeyStep("Ctrl+G", self.tr("Найти в журнале по номеру заявления"),
                    lambda: self._focus_in(log, log.number)),
            KeyStep("Ctrl+D", self.tr("Дата (начало периода или день сводки)"),
                    self._focus_date),
            KeyStep("Ctrl+Shift+R", self.tr("Сбросить фильтры"), log.reset_button),
            KeyStep("Ctrl+O", self.tr("Данные заявителя…"), log.open_button),
            KeyStep("Alt+1", self.tr("Вкладка «Журнал событий»"),
                    lambda: self._focus_in(log, log.table)),
            KeyStep("Alt+2", self.tr("Вкладка «Сводка дня»"),
                    lambda: self._focus_in(summary, summary.day)),
            KeyStep("Ctrl+S", self.tr("Отчёт PDF…"), lambda: self._press_in(
                summary, summary.pdf_button)),
            KeyStep("Ctrl+Shift+S", self.tr("Отчёт CSV…"), lambda: self._press_in(
                summary, summary.csv_button)),
            KeyStep("Ctrl+P", self.tr("Печать отчёта…"), lambda: self._press_in(
                summary, summary.print_button)),
            KeyStep("F9", self.tr("Проверить целостность журнала"), self.verify_button),
            KeyStep("Ctrl+K", self.tr("Отозвать код…"), self.revoke_button),
        ]
        for step in self.key_steps:
            if isinstance(step.target, QPushButton):
                step.target.setToolTip(with_key(step.target.toolTip(), step.key))
        for key, button in (("Ctrl+S", summary.pdf_button), ("Ctrl+Shift+S", summary.csv_button),
                            ("Ctrl+P", summary.print_button)):
            button.setToolTip(with_key(button.toolTip(), key))
        log.name.setToolTip("Ctrl+F")
        log.number.setToolTip("Ctrl+G")
        log.first_day.setToolTip("Ctrl+D")
        summary.day.setToolTip("Ctrl+D")
        self.tabs.setTabToolTip(0, "Alt+1")
        self.tabs.setTabToolTip(1, "Alt+2")
        self._load_choices()

    def _focus_in(self, tab: QWidget, widget: QWidget) -> None:
        self.tabs.setCurrentWidget(tab)
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if isinstance(widget, QLineEdit):
            widget.selectAll()

    def _focus_date(self) -> None:
        on_summary = self.tabs.currentWidget() is self.summary
        edit = self.summary.day if on_summary else self.log.first_day
        self._focus_in(self.summary if on_summary else self.log, edit)

    def _press_in(self, tab: QWidget, button: QPushButton) -> None:
        """A report's key works from either tab: it shows the summary and presses there."""
        self.tabs.setCurrentWidget(tab)
        if button.isEnabled():
            button.animateClick()

    def _load_choices(self) -> None:
        db, actor = self.context.db, self.context.actor

        def work() -> tuple[list[operators.PointRow], list[operators.OperatorRow]]:
            with db.read() as session:
                people = (operators.list_operators(session, actor)
                          if actor.can(Permission.MANAGE_OPERATORS) else [])
                return operators.list_points(session, actor), people

        def done(result: tuple[list[operators.PointRow], list[operators.OperatorRow]]) -> None:
            self.log.load_choices(*result)
            self.summary.load_points(result[0])
            self.log.apply_filters()

        self.run(work, done)  # type: ignore[arg-type]

    def refresh(self) -> None:
        if self.tabs.currentWidget() is self.summary:
            self.summary.refresh()
        else:
            self.log.apply_filters()

    def _on_tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.summary and self.summary.summary is None:
            self.summary.refresh()

    def verify(self) -> None:
        db, actor = self.context.db, self.context.actor

        def work() -> audit.VerifyResult:
            with db.read() as session:  # a supervisor's own point, an administrator's all
                return audit.verify(session, actor)

        self.verify_button.setEnabled(False)
        self.banner.show_message(self.tr("Проверка журнала…"), "info")
        BackgroundOp(self, work).success(self._on_verified).failure(self._on_verify_failed).run()

    def _on_verify_failed(self, error: BaseException) -> None:
        self.verify_button.setEnabled(True)
        self.banner.show_message(describe_error(error), "error")

    def _on_verified(self, result: audit.VerifyResult) -> None:
        self.verify_button.setEnabled(True)
        broken = result.first_break
        if broken is None:
            self.banner.show_message(self.tr(
                "Журнал цел: проверено событий — {0}, цепочек — {1}.").format(
                result.checked, len(result.heads)), "ok")
            return
        if broken.kind == "missing":  # no event to point at: the whole chain is gone
            self.banner.show_message(self.tr("Журнал нарушен: {0}. Проверено событий: {1}.")
                                     .format(broken.message, result.checked), "error")
            return
        where = self.tr("событие № {0} цепочки {1}").format(broken.seq, broken.chain)
        if broken.event_id is not None:
            where += self.tr(" (id {0})").format(broken.event_id)
        self.banner.show_message(self.tr("Журнал нарушен: {0} — {1}. Проверено событий: {2}.")
                                 .format(where, broken.message, result.checked), "error")

    def _on_revoke_clicked(self) -> None:
        dialog = RevokeDialog(self.context, parent=self)
        self.revoke_dialog = dialog
        dialog.open()

    def on_changes(self, changes: Changes) -> None:
        if changes.operators:
            self._load_choices()
