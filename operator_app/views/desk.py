"""The desk: read the applicant's code (webcam, hand-held scanner, file, typed number),
see the outcome, open the application card."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from operator_app.models import AccountStatus, VisitState, utcnow
from operator_app.services import applications, visits
from operator_app.services.application_numbers import format_number
from operator_app.services.application_numbers import validate as validate_number
from operator_app.services.changes import Changes
from operator_app.services.codes import IssuedCode
from operator_app.services.corrections import Change
from operator_app.services.errors import ValidationError
from operator_app.services.scan import ScanOutcome, ScanSource, ScanStatus, resolve_scan
from operator_app.services.visits import VisitInfo, VisitPaper
from operator_app.settings import qr_signing_key
from operator_app.views.checklist import ChecklistPanel
from operator_app.views.code_window import CodeDialog
from operator_app.views.context import DeskContext
from operator_app.views.correction_form import CorrectionDialog, open_correction
from operator_app.views.print_service import PrintError, print_document
from operator_app.views.scan_panel import ScanPanel
from operator_app.views.sections import (
    ACCOUNT_STATUS_TITLES,
    METHOD_TITLES,
    SectionPage,
    heading,
    local_time,
    make_table,
)
from operator_app.views.table_model import Column, RowTableModel
from operator_app.views.visit_panel import VisitPanel
from operator_app.views.widgets import Field
from printing.documents import (
    CodeSlip,
    RepeatVisitList,
    StatusCertificate,
    VisitRecord,
    code_slip_pdf,
    repeat_visit_pdf,
    status_certificate_pdf,
)

_NUMBERISH = re.compile(r"^[\d\s\-]+$")

OUTCOME_KIND = {
    ScanStatus.OPENED: "ok",
    ScanStatus.FORGED: "error",
    ScanStatus.DAMAGED: "error",
    ScanStatus.UNKNOWN: "warning",
    ScanStatus.ALREADY_CONFIRMED: "info",
    ScanStatus.EXPIRED: "warning",
    ScanStatus.BLOCKED: "warning",
    ScanStatus.NOT_OURS: "warning",
}


class DeskSection(SectionPage):
    """Read a code or find the application; show what it means; open the card."""

    def __init__(self, context: DeskContext, *, parent: QWidget | None = None) -> None:
        super().__init__(context, parent=parent)
        self.last_outcome: ScanOutcome | None = None
        self.scan_panel = ScanPanel()
        self.scan_panel.code_read.connect(self._on_scan_panel_code_read)
        self.scan_panel.message.connect(self.banner.show_message)

        self.search = Field(placeholder=self.tr(
            "Номер заявления, номер паспорта или фамилия — и Enter"))
        self.search.edit.setObjectName("deskSearchEdit")
        self.search.edit.setClearButtonEnabled(True)
        self.search.edit.returnPressed.connect(self._on_search_submitted)
        self.search.edit.textEdited.connect(self._on_search_text_edited)
        self.search_button = QPushButton(self.tr("Найти"))
        self.search_button.clicked.connect(self._on_search_submitted)

        self.model: RowTableModel[applications.ApplicationRow] = RowTableModel([
            Column(self.tr("Номер заявления"), lambda r: format_number(r.number)),
            Column(self.tr("Заявитель"), lambda r: r.display_name),
            Column(self.tr("По-русски"), lambda r: r.cyrillic_name),
            Column(self.tr("Дата рождения"), lambda r: r.birth_date.strftime("%d.%m.%Y"),
                   sort_key=lambda r: r.birth_date),
            Column(self.tr("Гражданство"), lambda r: r.citizenship),
            Column(self.tr("Учётная запись"),
                   lambda r: ACCOUNT_STATUS_TITLES.get(str(r.account_status),
                                                       str(r.account_status))),
        ])
        self.table = make_table(self.model, "deskResults")
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_card(current.row()))

        self.card = QGroupBox()  # the tab already says "Заявление"
        self.card.setFlat(True)
        self.card.setObjectName("applicationCard")
        self.card_form = QFormLayout(self.card)
        self.card_fields: dict[str, QLabel] = {}
        for key, title in [
            ("number", "Номер"), ("name", "Фамилия, имя (лат.)"),
            ("name_cyrillic", "Фамилия, имя (рус.)"), ("birth_date", "Дата рождения"),
            ("citizenship", "Гражданство"), ("status", "Учётная запись"),
            ("method", "Подтверждение"), ("submitted", "Подано"),
        ]:
            value = QLabel("—")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setObjectName(f"card_{key}")
            self.card_fields[key] = value
            self.card_form.addRow(self.tr(title), value)

        self.visit_panel = VisitPanel(context)
        self.visit_panel.code_issued.connect(self._on_visit_panel_code_issued)
        self.visit_panel.visit_ended.connect(self._on_visit_panel_visit_ended)
        self.visit_panel.certificate_requested.connect(self._on_certificate_requested)
        self.visit_panel.correction_requested.connect(self._on_correction_requested)
        self.correction_dialog: CorrectionDialog | None = None
        self.code_dialog: CodeDialog | None = None
        self.checklist = ChecklistPanel(context)
        self.checklist.checklist_changed.connect(lambda _state: self.visit_panel.refresh())
        self.visit_panel.visit_opened.connect(self._on_visit_panel_visit_opened)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.card, self.tr("Заявление"))
        self.tabs.addTab(self.checklist, self.tr("Документы"))
        # Two columns that fit a 1366×768 laptop: reading the code and deciding on the
        # left (the camera matters until the scan, the visit panel after it), what was
        # found and the papers on the right.
        left = QSplitter(Qt.Orientation.Vertical)
        left.setChildrenCollapsible(False)
        left.addWidget(self.scan_panel)
        left.addWidget(self.visit_panel)
        left.setStretchFactor(0, 1)
        left.setStretchFactor(1, 1)
        right = QSplitter(Qt.Orientation.Vertical)
        right.setChildrenCollapsible(False)
        right.addWidget(self.table)
        right.addWidget(self.tabs)
        right.setStretchFactor(0, 1)
        right.setStretchFactor(1, 3)
        self.table.setMinimumHeight(90)

        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.search_button, 0, Qt.AlignmentFlag.AlignTop)
        columns = QSplitter()
        columns.setChildrenCollapsible(False)
        columns.addWidget(left)
        columns.addWidget(right)
        columns.setStretchFactor(0, 2)
        columns.setStretchFactor(1, 3)
        title_row = QHBoxLayout()
        title_row.addWidget(heading(self.tr("Приём заявителя")))
        hint = QLabel(self.tr("Отсканируйте QR-код заявления камерой или ручным сканером, "
                              "откройте файл или введите номер, паспорт или фамилию."))
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        title_row.addWidget(hint, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(title_row)
        layout.addLayout(search_row)
        layout.addWidget(self.banner)
        layout.addWidget(columns, 1)
        self.setFocusProxy(self.search.edit)

    # -- reading a code --------------------------------------------------------------

    def handle_scan(self, text: str, source: ScanSource, code_format: str = "") -> None:
        """What every input way ends in: resolve in the background, then show the outcome."""
        db, actor = self.context.db, self.context.actor
        key = qr_signing_key()

        def work() -> ScanOutcome:
            with db.write() as session:
                return resolve_scan(session, actor, text, source=source, key=key,
                                    code_format=code_format)

        self.run(work, self._on_outcome, write=True)  # type: ignore[arg-type]

    def _on_scan_panel_code_read(self, text: str, source: str, code_format: str) -> None:
        self.handle_scan(text, ScanSource(source), code_format)

    def _on_outcome(self, outcome: ScanOutcome) -> None:
        self.last_outcome = outcome
        self.banner.show_message(outcome.message, OUTCOME_KIND[outcome.status])
        if outcome.application is not None:
            self.model.set_rows([outcome.application])
            self.table.selectRow(0)
            self._show_card(0)
        if outcome.opened and outcome.number is not None:
            self.visit_panel.open_for(outcome.number)
        self.context.notify(Changes(), self)

    # -- the code and the papers ---------------------------------------------------------

    def _on_visit_panel_visit_opened(self, info: VisitInfo) -> None:
        self.checklist.load(info.id)

    def _on_visit_panel_code_issued(self, issued: IssuedCode, info: VisitInfo) -> None:
        assert issued.code is not None
        db = self.context.db

        def work() -> VisitPaper:
            with db.read() as session:
                return visits.paper(session, info.id)

        def show(data: VisitPaper) -> None:
            dialog = CodeDialog(code=issued.code or "", name_cyrillic=data.name_cyrillic,
                                name_latin=data.name_latin, number=data.application_number,
                                expires=issued.expires_at.astimezone().strftime("%d.%m.%Y"),
                                parent=self)
            dialog.print_requested.connect(
                lambda layout: self._print_slip(dialog, data, issued, layout))
            self.code_dialog = dialog
            dialog.finished.connect(self._on_code_dialog_finished)
            dialog.open()

        self.run(work, show)  # type: ignore[arg-type]

    # -- correcting the account ----------------------------------------------------------

    def _on_correction_requested(self, visit_id: int) -> None:
        if self.correction_dialog is not None:
            self.correction_dialog.raise_()
            return

        def opened(dialog: CorrectionDialog) -> None:
            self.correction_dialog = dialog
            dialog.saved.connect(self._on_corrections_saved)
            dialog.finished.connect(self._on_correction_dialog_finished)

        open_correction(self.context, visit_id, self, opened, self._on_failure)

    def _on_correction_dialog_finished(self, _result: int) -> None:
        self.correction_dialog = None

    def _on_corrections_saved(self, changes: list[Change]) -> None:
        fields = ", ".join(change.title for change in changes)
        self.banner.show_message(self.tr("Данные исправлены ({0}): {1}.").format(
            len(changes), fields), "ok")
        self.visit_panel.refresh()
        if self.checklist.visit_id is not None:
            self.checklist.load(self.checklist.visit_id)
        visit = self.visit_panel.visit
        if visit is not None:
            self._reload_card(visit.application_number)
        self.context.notify(Changes(applications=True), self)

    def _reload_card(self, number: str) -> None:
        db = self.context.db

        def work() -> list[applications.ApplicationRow]:
            with db.read() as session:
                return applications.find_applications(session, number)

        def show(rows: list[applications.ApplicationRow]) -> None:
            if rows:
                self.model.set_rows(rows[:1])
                self.table.selectRow(0)
                self._show_card(0)

        self.run(work, show)  # type: ignore[arg-type]

    def _on_code_dialog_finished(self, _result: int) -> None:
        self.code_dialog = None

    def _print_slip(self, dialog: CodeDialog, data: VisitPaper, issued: IssuedCode,
                    layout: str) -> None:
        slip = CodeSlip(code=dialog.code, application_number=data.application_number,
                        applicant_name_cyrillic=data.name_cyrillic,
                        applicant_name_latin=data.name_latin,
                        service_point_name=data.point_name,
                        service_point_address=data.point_address,
                        operator_name=data.operator_name,
                        issued_at=data.decided_at or utcnow(),
                        expires_at=issued.expires_at)
        try:
            pdf = code_slip_pdf(slip, layout="a4" if layout == "a4" else "receipt80")
            message = print_document(self, pdf, f"код {data.application_number}")
        except PrintError as error:
            dialog.message.show_message(str(error), "error")
            return
        if message:
            dialog.message.show_message(message, "ok")

    def _on_certificate_requested(self, number: str) -> None:
        db, actor = self.context.db, self.context.actor

        def work() -> visits.CertificateData:
            with db.write() as session:
                return visits.certificate(session, actor, number)

        self.run(work, self._print_certificate, write=True)  # type: ignore[arg-type]

    def _print_certificate(self, data: visits.CertificateData) -> None:
        actor = self.context.actor
        document = StatusCertificate(
            applicant_name_cyrillic=data.name_cyrillic, applicant_name_latin=data.name_latin,
            birth_date=data.birth_date, citizenship=data.citizenship,
            application_number=data.application_number,
            account_status=AccountStatus(data.account_status), submitted_at=data.submitted_at,
            visits=tuple(VisitRecord(e.opened_at, e.point_name, e.state, e.repeat_reason)
                         for e in data.visits),
            operator_name=actor.full_name, service_point_name=actor.point_name,
            service_point_address="", issued_at=utcnow())
        try:
            message = print_document(self, status_certificate_pdf(document),
                                     f"справка {data.application_number}")
        except PrintError as error:
            self.visit_panel.banner.show_message(str(error), "error")
            return
        if message:
            self.visit_panel.banner.show_message(message, "ok")

    def _on_visit_panel_visit_ended(self, info: VisitInfo) -> None:
        if info.state is not VisitState.REPEAT_NEEDED:
            return
        db = self.context.db

        def work() -> VisitPaper:
            with db.read() as session:
                return visits.paper(session, info.id)

        self.run(work, self._print_repeat_list)  # type: ignore[arg-type]

    def _print_repeat_list(self, data: VisitPaper) -> None:
        reasons = (data.repeat_reason,) if data.repeat_reason is not None else ()
        document = RepeatVisitList(
            applicant_name_cyrillic=data.name_cyrillic, applicant_name_latin=data.name_latin,
            application_number=data.application_number, service_point_name=data.point_name,
            service_point_address=data.point_address, operator_name=data.operator_name,
            visited_at=data.decided_at or data.opened_at, reasons=reasons, items=data.missing,
            free_of_charge=data.free_of_charge)
        try:
            message = print_document(self, repeat_visit_pdf(document),
                                     f"повторный визит {data.application_number}")
        except PrintError as error:
            self.banner.show_message(str(error), "error")
            return
        if message:
            self.banner.show_message(message, "ok")

    # -- typed search ------------------------------------------------------------------

    def _on_search_text_edited(self, text: str) -> None:
        digits = re.sub(r"\D", "", text)
        if _NUMBERISH.match(text) and len(digits) >= 12:
            try:
                validate_number(text)
            except ValidationError as error:
                self.search.set_error(error.message)
                return
        self.search.set_error("")

    def _on_search_submitted(self) -> None:
        query = self.search.text().strip()
        if len(query) < 2:
            self.search.set_error(self.tr("Введите хотя бы два символа."))
            return
        if self.search.error:
            return  # the field already says what is wrong
        self.banner.clear_message()
        is_number = bool(_NUMBERISH.match(query)) and len(re.sub(r"\D", "", query)) == 12
        if is_number or query.upper().startswith("GU1:"):
            self.handle_scan(query, ScanSource.TYPED)  # a number or a pasted payload: ours
            return
        db = self.context.db

        def work() -> list[applications.ApplicationRow]:
            with db.read() as session:
                return applications.find_applications(session, query)

        self.run(work, self._on_results)  # type: ignore[arg-type]

    def _on_results(self, rows: list[applications.ApplicationRow]) -> None:
        self.model.set_rows(rows)
        if not rows:
            self.banner.show_message(self.tr("Ничего не найдено. Проверьте номер или фамилию."),
                                     "warning")
            return
        self.table.selectRow(0)

    def _show_card(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        r = self.model.row_at(row)
        values = {
            "number": format_number(r.number), "name": r.display_name,
            "name_cyrillic": r.cyrillic_name, "birth_date": r.birth_date.strftime("%d.%m.%Y"),
            "citizenship": r.citizenship,
            "status": ACCOUNT_STATUS_TITLES.get(str(r.account_status), str(r.account_status)),
            "method": METHOD_TITLES.get(str(r.confirmation_method), str(r.confirmation_method)),
            "submitted": local_time(r.submitted_at),
        }
        for key, text in values.items():
            self.card_fields[key].setText(text)

    def on_changes(self, changes: Changes) -> None:
        if changes.applications and self.model.rowCount():
            self._on_search_submitted()
