"""The supervisor's daily report: PDF (tables, charts, the audit chains' heads) and CSV.

Pure functions from a :class:`~operator_app.services.reports.DaySummary` to bytes — no
database, no Qt — so the GUI previews exactly what the command line writes.

The PDF ends with each audit chain's head (number and SHA-256 of its newest event) as
it was when the report was made. The figures are counted from those chains' events; if
anyone alters, inserts or deletes an event later, recomputing the chain no longer
arrives at the printed hash, which proves the alteration.

The CSV is tidy: one figure per row, keyed by date, section, point, operator and bucket,
so a pivot table rebuilds any view and the rows of one section add up to the next
(operators → their point → the day). It is UTF-8 with a byte-order mark and ``;``
between fields, which is what Excel with Russian regional settings opens directly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Iterator, Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from operator_app.services.reports import (
    COUNT_FIELDS,
    METRIC_TITLES,
    OUTCOME_TITLES,
    Comparison,
    DaySummary,
    HourCount,
    Metrics,
    OperatorSummary,
    PointSummary,
    TimeBucket,
)
from printing.fonts import BOLD, MONO, REGULAR, register_fonts

__all__ = ["CSV_COLUMNS", "CSV_DELIMITER", "daily_report_csv", "daily_report_pdf"]

AUTHOR = "Operator Desk"
TITLE = "Отчёт за день"

CSV_DELIMITER = ";"
CSV_COLUMNS = ("date", "section", "point_code", "point_name", "operator_login",
               "operator_name", "bucket", "metric", "metric_title", "value")

_MARGIN = 15 * mm
_WIDTH = A4[0] - 2 * _MARGIN
_GREY = colors.HexColor("#4a4a4a")
_RULE = colors.HexColor("#9a9a9a")
_SHADE = colors.HexColor("#eeeeee")
_FIRST = colors.HexColor("#2f6db5")
_REPEAT = colors.HexColor("#e0912f")
_OUTCOME_COLORS = (colors.HexColor("#2e8b57"), colors.HexColor("#e0912f"),
                   colors.HexColor("#c0392b"), colors.HexColor("#8c8c8c"))

# The figures a summary table shows, as (column group, header, field).
_TABLE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("Визиты", "всего", "visits"),
    ("Визиты", "перв.", "visits_first"),
    ("Визиты", "повт.", "visits_repeat"),
    ("Решения", "подтв.", "confirmed"),
    ("Решения", "повт. визит", "repeat_needed"),
    ("Решения", "отказ", "refused"),
    ("Решения", "отмена", "cancelled"),
    ("Коды", "выданы", "codes_issued"),
    ("Коды", "исп.", "codes_redeemed"),
    ("Коды", "отозв.", "codes_revoked"),
    ("Коды", "истекли", "codes_expired"),
    ("Письма", "вруч.", "letters_handed_over"),
    ("Письма", "возвр.", "letters_returned"),
    ("Время, мин", "медиана", "median_seconds"),
    ("Время, мин", "p90", "p90_seconds"),
)
_KEY_FIGURES = ("visits", "visits_first", "visits_repeat", "confirmed", "repeat_needed",
                "refused", "cancelled", "codes_issued", "codes_redeemed", "codes_revoked",
                "codes_expired", "letters_handed_over", "letters_returned", "median_seconds",
                "p90_seconds")


# -- values -----------------------------------------------------------------------------


def _value(metrics: Metrics, name: str) -> int | float | None:
    value: int | float | None = getattr(metrics, name)
    return value


def _minutes(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds / 60:.1f}".replace(".", ",")


def _shown(metrics: Metrics, name: str) -> str:
    value = _value(metrics, name)
    if name.endswith("_seconds"):
        return _minutes(value)
    return str(value)


def _delta(today: Metrics, other: Metrics, name: str) -> str:
    now, then = _value(today, name), _value(other, name)
    if now is None or then is None:
        return ""
    difference = now - then
    if name.endswith("_seconds"):
        text = f"{difference / 60:+.1f}".replace(".", ",")
        return "±0" if text in ("+0,0", "-0,0") else text
    return "±0" if difference == 0 else f"{difference:+d}"


def _x(text: str) -> str:
    return escape(text)


# -- PDF: styles and page furniture -----------------------------------------------------


def _style(name: str, size: float, *, font: str = REGULAR, align: int = 0,
           color: colors.Color = colors.black, before: float = 0) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.22,
                          alignment=align, textColor=color, spaceBefore=before)


_TITLE = _style("title", 16, font=BOLD)
_SUBTITLE = _style("subtitle", 9.5, color=_GREY)
_HEADING = _style("heading", 11.5, font=BOLD, before=9)
_SUBHEADING = _style("subheading", 9.5, font=BOLD, before=6)
_BODY = _style("body", 8.5)
_CELL = _style("cell", 7)
_HEAD_CELL = _style("head_cell", 6.5, font=BOLD, align=TA_CENTER)
_COLUMN_HEAD = _style("column_head", 6, font=BOLD, align=TA_CENTER)
_NUMBER = _style("number", 7, align=TA_RIGHT)


def _numbered_canvas(header: str, footer: str) -> type[Canvas]:
    """A canvas that holds its pages back until the end, so each can say "стр. N из M"."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._furniture(total)
                super().showPage()
            super().save()

        def _furniture(self, total: int) -> None:
            width, height = self._pagesize
            self.saveState()
            self.setFont(REGULAR, 7.5)
            self.setFillColor(_GREY)
            self.drawString(_MARGIN, height - _MARGIN + 5 * mm, header)
            self.drawString(_MARGIN, _MARGIN - 8 * mm, footer)
            self.drawRightString(width - _MARGIN, _MARGIN - 8 * mm,
                                 f"стр. {self._pageNumber} из {total}")
            self.restoreState()

    return NumberedCanvas


# -- PDF: tables ------------------------------------------------------------------------


def _key_figures(summary: DaySummary) -> Table:
    today = summary.totals
    previous, week = summary.previous_day, summary.week_before

    def head(text: str) -> Paragraph:
        return Paragraph(text, _HEAD_CELL)

    rows: list[list[Any]] = [[
        Paragraph("<b>Показатель</b>", _CELL), head(f"{summary.day:%d.%m.%Y}"),
        head(f"{previous.title}<br/>{previous.day:%d.%m.%Y}"), head("разница"),
        head(f"{week.title}<br/>{week.day:%d.%m.%Y}"), head("разница"),
    ]]
    for name in _KEY_FIGURES:
        title = METRIC_TITLES.russian[name] + (", мин" if name.endswith("_seconds") else "")
        rows.append([
            Paragraph(_x(title), _CELL), Paragraph(f"<b>{_shown(today, name)}</b>", _NUMBER),
            Paragraph(_shown(previous.totals, name), _NUMBER),
            Paragraph(_delta(today, previous.totals, name), _NUMBER),
            Paragraph(_shown(week.totals, name), _NUMBER),
            Paragraph(_delta(today, week.totals, name), _NUMBER),
        ])
    widths = [62 * mm, 22 * mm, 30 * mm, 18 * mm, 30 * mm, 18 * mm]
    table = Table(rows, colWidths=widths, hAlign="LEFT", repeatRows=1)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), _SHADE),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, _RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def _figures_table(rows: Sequence[tuple[str, Metrics]], *, first_header: str,
                   total: tuple[str, Metrics] | None) -> Table:
    """One row per point or operator, the columns of ``_TABLE_COLUMNS`` grouped under a
    second header row, and a bold total row."""
    groups: list[tuple[str, int, int]] = []  # (title, first column, last column)
    for index, (group, _, _) in enumerate(_TABLE_COLUMNS, start=1):
        if groups and groups[-1][0] == group:
            groups[-1] = (group, groups[-1][1], index)
        else:
            groups.append((group, index, index))
    top: list[Any] = [Paragraph(f"<b>{_x(first_header)}</b>", _CELL)] + [""] * len(
        _TABLE_COLUMNS)
    for title, first, _last in groups:
        top[first] = Paragraph(_x(title), _HEAD_CELL)
    second: list[Any] = [""] + [Paragraph(_x(header), _COLUMN_HEAD)
                                for _, header, _ in _TABLE_COLUMNS]
    data: list[list[Any]] = [top, second]
    for label, metrics in rows:
        data.append([Paragraph(_x(label), _CELL)]
                    + [Paragraph(_shown(metrics, name), _NUMBER) for _, _, name in
                       _TABLE_COLUMNS])
    if total is not None:
        label, metrics = total
        data.append([Paragraph(f"<b>{_x(label)}</b>", _CELL)]
                    + [Paragraph(f"<b>{_shown(metrics, name)}</b>", _NUMBER)
                       for _, _, name in _TABLE_COLUMNS])
    numbers = _figure_widths()
    widths = [_WIDTH - sum(numbers), *numbers]
    table = Table(data, colWidths=widths, hAlign="LEFT", repeatRows=2)
    style: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 1), _SHADE),
        ("SPAN", (0, 0), (0, 1)),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, _RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 1.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.8),
    ]
    for _title, first, last in groups:
        style.append(("SPAN", (first, 0), (last, 0)))
        style.append(("LINEBEFORE", (first, 0), (first, -1), 0.3, _RULE))
    if total is not None:
        style.append(("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black))
    table.setStyle(TableStyle(style))
    return table


def _figure_widths() -> list[float]:
    """Each figure column as wide as its longest header word (headers never break inside
    a word) and at least as wide as a five-digit number."""
    return [max(8.5 * mm, max(stringWidth(word, BOLD, _COLUMN_HEAD.fontSize)
                              for word in header.split()) + 1.8 * mm)
            for _, header, _ in _TABLE_COLUMNS]


def _point_label(point: PointSummary) -> str:
    return f"{point.name} ({point.code})" if point.name != point.code else point.code


def _operator_label(operator: OperatorSummary) -> str:
    if not operator.login:
        return "без оператора"
    if operator.full_name and operator.full_name != operator.login:
        return f"{operator.full_name} ({operator.login})"
    return operator.login


def _heads_table(head_hashes: Mapping[str, tuple[int, str]]) -> Table:
    mono = _style("mono", 7, font=MONO)
    rows: list[list[Any]] = [[Paragraph("<b>Цепочка</b>", _CELL),
                              Paragraph("<b>№ события</b>", _CELL),
                              Paragraph("<b>Хеш последнего события (SHA-256)</b>", _CELL)]]
    for chain, (seq, digest) in sorted(head_hashes.items()):
        rows.append([Paragraph(_x(chain), _CELL), Paragraph(str(seq), _NUMBER),
                     Paragraph(_x(digest), mono)])
    table = Table(rows, colWidths=[38 * mm, 20 * mm, _WIDTH - 58 * mm], hAlign="LEFT",
                  repeatRows=1)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), _SHADE),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, _RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


# -- PDF: charts ------------------------------------------------------------------------


def _axis(maximum: int) -> tuple[int, int]:
    """(top, step) of a value axis from 0 with a 1-2-5 step and at most six gridlines."""
    if maximum <= 0:
        return 1, 1
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if maximum <= 6 * step:
                return -(-maximum // step) * step, step
        magnitude *= 10


def _chart_title(drawing: Drawing, text: str) -> None:
    drawing.add(String(0, drawing.height - 10, text, fontName=BOLD, fontSize=9))


def _bar_chart(drawing: Drawing, chart: Any, data: list[list[int]], labels: Sequence[str],
               *, maximum: int, label_size: float = 7) -> None:
    top, step = _axis(maximum)
    chart.data = data
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = top
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = _SHADE
    chart.categoryAxis.categoryNames = list(labels)
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = label_size
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = 6.5
    drawing.add(chart)


def _hours_chart(hours: Sequence[HourCount]) -> Drawing:
    drawing = Drawing(_WIDTH, 62 * mm)
    _chart_title(drawing, "Визиты по часам (начало визита)")
    chart = VerticalBarChart()
    chart.x, chart.y = 28, 26
    chart.width, chart.height = _WIDTH - 40, 62 * mm - 52
    chart.categoryAxis.style = "stacked"
    chart.groupSpacing = 2
    chart.bars[0].fillColor = _FIRST
    chart.bars[1].fillColor = _REPEAT
    chart.bars.strokeWidth = 0
    _bar_chart(drawing, chart, [[h.first for h in hours], [h.repeat for h in hours]],
               [h.start.strftime("%H") for h in hours],
               maximum=max((h.total for h in hours), default=0), label_size=6.5)
    legend = Legend()
    legend.x, legend.y = _WIDTH - 150, drawing.height - 6
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontName = REGULAR
    legend.fontSize = 7
    legend.dx = legend.dy = 6
    legend.deltax = 70
    legend.colorNamePairs = [(_FIRST, "первичные"), (_REPEAT, "повторные")]
    drawing.add(legend)
    return drawing


def _outcomes_chart(metrics: Metrics, width: float) -> Drawing:
    drawing = Drawing(width, 52 * mm)
    _chart_title(drawing, "Решения по визитам")
    chart = HorizontalBarChart()
    chart.x, chart.y = 78, 18
    chart.width, chart.height = width - 96, 52 * mm - 40
    outcomes = list(reversed(metrics.outcomes))  # the first outcome on top
    chart.barLabelFormat = "%d"
    chart.barLabels.nudge = 7
    chart.bars.strokeWidth = 0
    for index in range(len(outcomes)):
        chart.bars[(0, index)].fillColor = _OUTCOME_COLORS[len(outcomes) - 1 - index]
    _bar_chart(drawing, chart, [[count for _, count in outcomes]],
               [OUTCOME_TITLES.russian[state] for state, _ in outcomes],
               maximum=max(count for _, count in outcomes))
    return drawing


def _service_time_chart(buckets: Sequence[TimeBucket], width: float) -> Drawing:
    drawing = Drawing(width, 52 * mm)
    _chart_title(drawing, "Время обслуживания: число визитов")
    chart = VerticalBarChart()
    chart.x, chart.y = 26, 26
    chart.width, chart.height = width - 34, 52 * mm - 52
    chart.bars[0].fillColor = _FIRST
    chart.bars.strokeWidth = 0
    chart.barLabelFormat = "%d"
    chart.barLabels.nudge = 5
    chart.categoryAxis.labels.angle = 30
    chart.categoryAxis.labels.boxAnchor = "ne"
    _bar_chart(drawing, chart, [[b.count for b in buckets]], [b.label for b in buckets],
               maximum=max((b.count for b in buckets), default=0), label_size=6.5)
    return drawing


def _charts(summary: DaySummary) -> list[Flowable]:
    half = (_WIDTH - 6 * mm) / 2
    side_by_side = Table([[_outcomes_chart(summary.totals, half),
                           _service_time_chart(summary.service_time_buckets, half)]],
                         colWidths=[half + 6 * mm, half], hAlign="LEFT")
    side_by_side.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                                      ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                      ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [_hours_chart(summary.visits_per_hour), Spacer(0, 3 * mm), side_by_side]


# -- PDF: the document ------------------------------------------------------------------


def _scope(summary: DaySummary) -> str:
    if summary.point_code is None:
        return "все точки обслуживания"
    point = next((p for p in summary.points if p.code == summary.point_code), None)
    return _point_label(point) if point is not None else summary.point_code


def _story(summary: DaySummary, head_hashes: Mapping[str, tuple[int, str]]) -> list[Flowable]:
    made = summary.generated_at
    story: list[Flowable] = [
        Paragraph(f"{TITLE} {summary.day:%d.%m.%Y}", _TITLE),
        Paragraph(_x(f"{_scope(summary)} · сформирован {made:%d.%m.%Y %H:%M} "
                     f"({summary.tz_name})"), _SUBTITLE),
        Paragraph("Итоги дня", _HEADING),
        Spacer(0, 1.5 * mm),
        _key_figures(summary),
        Paragraph("Время обслуживания — от открытия визита до решения, по визитам, "
                  "закончившимся решением (отменённые не учитываются). Коды «использованы» "
                  "и «истекли» отнесены к точке и оператору, выдавшим код.", _style(
                      "note", 7, color=_GREY, before=3)),
        CondPageBreak(70 * mm),
        Paragraph("Графики", _HEADING),
        Spacer(0, 1.5 * mm),
        *_charts(summary),
    ]
    points = list(summary.points)
    story += [CondPageBreak(40 * mm), Paragraph("По точкам обслуживания", _HEADING),
              Spacer(0, 1.5 * mm),
              _figures_table([(_point_label(p), p.metrics) for p in points],
                             first_header="Точка", total=("Итого", summary.totals))]
    story.append(Paragraph("По операторам", _HEADING))
    for point in points:
        story.append(KeepTogether([
            Paragraph(_x(_point_label(point)), _SUBHEADING), Spacer(0, 1 * mm),
            _figures_table([(_operator_label(o), o.metrics) for o in point.operators],
                           first_header="Оператор", total=("Итого по точке", point.metrics)),
        ]))
    story += [
        CondPageBreak(45 * mm),
        Paragraph("Журнал аудита на момент отчёта", _HEADING),
        Paragraph(
            "Головы цепочек журнала (номер и хеш последнего события) в момент формирования "
            "отчёта. Показатели отчёта посчитаны по событиям этих цепочек. Если событие "
            "до указанного номера потом изменят, вставят или удалят, пересчёт цепочки не "
            "даст напечатанный хеш (проверка: <font name=\"DejaVuSansMono\">operator-app "
            "audit verify</font>).", _BODY),
        Spacer(0, 2 * mm),
        _heads_table(head_hashes),
    ]
    return story


def daily_report_pdf(summary: DaySummary, head_hashes: Mapping[str, tuple[int, str]],
                     path: str | os.PathLike[str] | None = None) -> bytes:
    """The day's report as an A4 PDF; written to ``path`` too when one is given.

    ``head_hashes`` maps each audit chain to (number, hash) of its newest event, as
    :func:`operator_app.services.reports.chain_heads` or ``audit.verify(...).heads``
    return them."""
    register_fonts()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=A4, title=f"{TITLE} {summary.day:%d.%m.%Y}",
                          author=AUTHOR, creator=AUTHOR, subject="Operator Desk: отчёт за день",
                          pageCompression=1, leftMargin=_MARGIN, rightMargin=_MARGIN,
                          topMargin=_MARGIN, bottomMargin=_MARGIN)
    frame = Frame(_MARGIN, _MARGIN, _WIDTH, A4[1] - 2 * _MARGIN, leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    header = f"{TITLE} {summary.day:%d.%m.%Y} · {_scope(summary)}"
    footer = (f"Operator Desk · сформирован "
              f"{summary.generated_at.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC")
    doc.build(_story(summary, head_hashes), canvasmaker=_numbered_canvas(header, footer))
    data = buffer.getvalue()
    if path is not None:
        with open(path, "wb") as target:
            target.write(data)
    return data


# -- CSV --------------------------------------------------------------------------------


def _metric_rows(metrics: Metrics) -> Iterator[tuple[str, int | str]]:
    for name in COUNT_FIELDS:
        yield name, getattr(metrics, name)
    for name in ("median_seconds", "p90_seconds"):
        value = getattr(metrics, name)
        yield name, "" if value is None else round(value)


def _csv_rows(summary: DaySummary) -> Iterator[dict[str, object]]:
    day = summary.day.isoformat()

    def row(section: str, metric: str, value: object, *, date: str = day,
            point: PointSummary | None = None, operator: OperatorSummary | None = None,
            bucket: str = "") -> dict[str, object]:
        return {
            "date": date, "section": section,
            "point_code": point.code if point else "", "point_name": point.name if point else "",
            "operator_login": operator.login if operator else "",
            "operator_name": operator.full_name if operator else "",
            "bucket": bucket, "metric": metric,
            "metric_title": METRIC_TITLES.russian.get(metric, metric), "value": value,
        }

    for name, value in _metric_rows(summary.totals):
        yield row("total", name, value)
    for point in summary.points:
        for name, value in _metric_rows(point.metrics):
            yield row("point", name, value, point=point)
    for point in summary.points:
        for operator in point.operators:
            for name, value in _metric_rows(operator.metrics):
                yield row("operator", name, value, point=point, operator=operator)
    for hour in summary.visits_per_hour:
        yield row("hour", "visits_first", hour.first, bucket=hour.label)
        yield row("hour", "visits_repeat", hour.repeat, bucket=hour.label)
    for point in summary.points:
        for hour in point.visits_per_hour:
            yield row("point_hour", "visits_first", hour.first, point=point, bucket=hour.label)
            yield row("point_hour", "visits_repeat", hour.repeat, point=point,
                      bucket=hour.label)
    for bucket in summary.service_time_buckets:
        yield row("service_time", "timed_visits", bucket.count, bucket=bucket.label)
    comparison: Comparison
    for section, comparison in (("previous_day", summary.previous_day),
                                ("week_before", summary.week_before)):
        for name, value in _metric_rows(comparison.totals):
            yield row(section, name, value, date=comparison.day.isoformat())


def daily_report_csv(summary: DaySummary, path: str | os.PathLike[str] | None = None) -> bytes:
    """The day's figures as tidy CSV (see the module's docstring); written to ``path``
    too when one is given. Columns: :data:`CSV_COLUMNS`."""
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=CSV_COLUMNS, delimiter=CSV_DELIMITER,
                            lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(_csv_rows(summary))
    data = text.getvalue().encode("utf-8-sig")
    if path is not None:
        with open(path, "wb") as target:
            target.write(data)
    return data
