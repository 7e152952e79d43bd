"""The desk: read the applicant's code (webcam, hand-held scanner, file, typed number),
see the outcome, open the application card."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from operator_app.models import AccountStatus, RepeatReason, VisitState, utcnow
from operator_app.services import applications, visits
from operator_app.services.application_numbers import format_number
from operator_app.services.application_numbers import validate as validate_number
from operator_app.services.changes import Changes
from operator_app.services.codes import IssuedCode
from operator_app.services.corrections import Change
from operator_app.services.errors import ValidationError
from operator_app.services.scan import (
    FoundCode,
    ScanOutcome,
    ScanSource,
    ScanStatus,
    describe_codes,
    resolve_scan,
)
from operator_app.services.visits import VisitInfo, VisitPaper
from operator_app.settings import qr_signing_key
from operator_app.views.checklist import ChecklistPanel
from operator_app.views.code_window import CodeDialog
from operator_app.views.context import DeskContext
from operator_app.views.correction_form import CorrectionDialog, open_correction
from operator_app.views.i18n import QT_TRANSLATE_NOOP
from operator_app.views.print_service import PrintError, print_document
from operator_app.views.scan_panel import CodeChooser, ScanPanel
from operator_app.views.sections import (
    ACCOUNT_STATUS_TITLES,
    METHOD_TITLES,
    KeyStep,
    SectionPage,
    heading,
    local_time,
    make_table,
    with_key,
)
from operator_app.views.table_model import Column, RowTableModel
from operator_app.views.visit_panel import VisitPanel, repeat_reason_box
from operator_app.views.widgets import ErrorLabel, Field
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
    ScanStatus.CODE_ISSUED: "info",
    ScanStatus.EXPIRED: "warning",
    ScanStatus.BLOCKED: "warning",
    ScanStatus.NOT_OURS: "warning",
}


class DeskSection(SectionPage):
    """Read a code or find the application; show what it means; open the card."""

    def __init__(self, context: DeskContext, *, parent: QWidget | None = None) -> None:
        super().__init__(context, parent=parent)
        self.last_outcome: ScanOutcome | None = None
        self._lookup = 0  # the latest scan or search: answers to older ones are dropped
        self.code_chooser: CodeChooser | None = None
        self.open_repeat_dialog: OpenRepeatDialog | None = None
        self.scan_panel = ScanPanel()
        self.scan_panel.code_read.connect(self._on_scan_panel_code_read)
        self.scan_panel.codes_read.connect(self._on_scan_panel_codes_read)
        self.scan_panel.message.connect(self.banner.show_message)

        self.search = Field(placeholder=self.tr(
            "Номер заявления, номер паспорта или фамилия — и Enter"))
        self.search.edit.setObjectName("deskSearchEdit")
        self.search.edit.setClearButtonEnabled(True)
        self.search.edit.returnPressed.connect(self._on_search_submitted)
        self.search.edit.textEdited.connect(self._on_search_text_edited)
        self.search_button = QPushButton(self.tr("Найти"))
        self.search_button.clicked.connect(self._on_search_submitted)
        self.search_button.setToolTip(with_key(self.tr("Найти заявление"), "Ctrl+F"))
        self.search.edit.setToolTip(self.search_button.toolTip())

        # The account's state is on the card; the list keeps what tells people apart.
        self.model: RowTableModel[applications.ApplicationRow] = RowTableModel([
            Column(self.tr("Номер"), lambda r: format_number(r.number)),
            Column(self.tr("Заявитель"), lambda r: r.display_name),
            Column(self.tr("По-русски"), lambda r: r.cyrillic_name),
            Column(self.tr("Дата рождения"), lambda r: r.birth_date.strftime("%d.%m.%Y"),
                   sort_key=lambda r: r.birth_date),
            Column(self.tr("Гражданство"), lambda r: r.citizenship),
        ])
        self.table = make_table(self.model, "deskResults")
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_card(current.row()))
        self.table.activated.connect(self._on_table_activated)
        self.table.setToolTip(self.tr("Enter или двойной щелчок — открыть заявление"))

        self.card = QGroupBox()  # the tab already says "Заявление"
        self.card.setFlat(True)
        self.card.setObjectName("applicationCard")
        self.card_form = QFormLayout(self.card)
        self.card_fields: dict[str, QLabel] = {}
        self._card_number = ""  # the application the card shows
        self._ended_text = ""  # how the last visit ended, kept beside later messages
        for key, title in [
            ("number", QT_TRANSLATE_NOOP("DeskSection", "Номер")), ("name", QT_TRANSLATE_NOOP("DeskSection", "Фамилия, имя (лат.)")),
            ("name_cyrillic", QT_TRANSLATE_NOOP("DeskSection", "Фамилия, имя (рус.)")), ("birth_date", QT_TRANSLATE_NOOP("DeskSection", "Дата рождения")),
            ("citizenship", QT_TRANSLATE_NOOP("DeskSection", "Гражданство")), ("status", QT_TRANSLATE_NOOP("DeskSection", "Учётная запись")),
            ("method", QT_TRANSLATE_NOOP("DeskSection", "Подтверждение")), ("submitted", QT_TRANSLATE_NOOP("DeskSection", "Подано")),
        ]:
            value = QLabel("—")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setObjectName(f"card_{key}")
            self.card_fields[key] = value
            self.card_form.addRow(self.tr(title), value)
        # What fits an application the scan did not open (identity already confirmed):
        # the clerk chooses; nothing is opened by itself.
        self.card_actions = QWidget()
        self.card_actions.setObjectName("cardActions")
        actions = QHBoxLayout(self.card_actions)
        actions.setContentsMargins(0, 6, 0, 0)
        self.card_certificate_button = QPushButton(self.tr("Справка о статусе"))
        self.card_certificate_button.clicked.connect(
            lambda: self._on_certificate_requested(self._card_number))
        self.card_new_code_button = QPushButton(self.tr("Выдать новый код…"))
        self.card_new_code_button.setToolTip(self.tr(
            "Код потерян: старый отзывается, выдаётся новый"))
        self.card_new_code_button.clicked.connect(self._on_card_new_code_clicked)
        self.card_repeat_button = QPushButton(self.tr("Открыть повторный визит…"))
        self.card_repeat_button.clicked.connect(self._on_card_repeat_clicked)
        for button in (self.card_certificate_button, self.card_new_code_button,
                       self.card_repeat_button):
            actions.addWidget(button)
        actions.addStretch(1)
        self.card_form.addRow(self.card_actions)
        self.card_actions.hide()
        self.new_code_dialog: QWidget | None = None

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
        self.visit_panel.blocking_findings = self._blocking_findings
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
        # A search lists several people: room for a few rows at every size; the names take
        # the width the other columns leave, so the list never scrolls sideways.
        self.table.setMinimumHeight(150)
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 2):  # the names take the width the others leave
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

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
        self.menu_title = self.tr("&Визит")
        self.key_steps = [
            KeyStep("Ctrl+F", self.tr("Найти заявление"), self.search.edit),
            *self.visit_panel.key_steps,
            KeyStep("Alt+1", self.tr("Вкладка «Заявление»"),
                    lambda: self.tabs.setCurrentWidget(self.card)),
            KeyStep("Alt+2", self.tr("Вкладка «Документы»"), self._show_documents),
        ]
        # Tab from the search goes on to what it found and to the visit's steps; the
        # camera (made first, drawn first) comes after them.
        QWidget.setTabOrder(self.search.edit, self.search_button)
        QWidget.setTabOrder(self.search_button, self.table)
        QWidget.setTabOrder(self.table, self.visit_panel.checked_button)
        self.tabs.setTabToolTip(0, "Alt+1")
        self.tabs.setTabToolTip(1, self.tr("Alt+2; Enter в списке — сверить документ"))

    def _show_documents(self) -> None:
        """The documents tab, with the list in focus: Enter checks the chosen document."""
        self.tabs.setCurrentWidget(self.checklist)
        table = self.checklist.table
        if table.isEnabled():
            if table.currentRow() < 0 and table.rowCount():
                table.selectRow(0)
            table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- reading a code --------------------------------------------------------------

    def busy_with(self) -> str | None:
        """What must be finished before another applicant can be taken, or None."""
        if self.code_dialog is not None:
            return self.tr("на экране код для заявителя — закройте окно с кодом.")
        if self.correction_dialog is not None:
            return self.tr("открыто исправление данных — сохраните или закройте его.")
        held = self.checklist.unsaved_work()
        if held:
            return held
        return None

    def unsaved_work(self) -> str | None:
        parts = []
        visit = self.visit_panel.visit
        if visit is not None and visit.state in visits.OPEN_STATES:
            who = self.card_fields["name_cyrillic"].text()
            who = f" ({who})" if who and who != "—" else ""
            parts.append(self.tr("Открыт визит по заявлению {0}{1}: он останется открытым за "
                                 "этим столом.").format(format_number(visit.application_number),
                                                       who))
        if self.code_dialog is not None:
            parts.append(self.tr("На экране код для заявителя: после выхода его не показать."))
        held = self.checklist.unsaved_work()
        if held:
            parts.append(held)
        return " ".join(parts) or None

    def clear_focus(self) -> None:
        """Nothing of the previous applicant stays on screen: card, results, banners, the
        visit, its documents and copies, its dialogs."""
        for name in ("code_chooser", "open_repeat_dialog", "new_code_dialog"):
            dialog = getattr(self, name)
            if dialog is not None:
                dialog.close()
                dialog.deleteLater()
                setattr(self, name, None)
        self.banner.clear_message()
        self.model.set_rows([])
        self._clear_card()
        self.visit_panel.clear()
        self.checklist.clear()
        self.tabs.setCurrentIndex(0)

    def _clear_card(self) -> None:
        for label in self.card_fields.values():
            label.setText("—")
        self._card_number = ""
        self.card_actions.hide()

    def _refuse_switch(self) -> bool:
        """True when another applicant cannot be taken now; the clerk is told why."""
        busy = self.busy_with()
        if busy is None:
            return False
        self.banner.show_message(self.tr("Новое заявление не открыто: {0}").format(busy),
                                 "warning")
        return True

    def handle_scan(self, text: str, source: ScanSource, code_format: str = "") -> None:
        """What every input way ends in: resolve in the background, then show the outcome."""
        if self._refuse_switch():
            return
        db, actor = self.context.db, self.context.actor
        key = qr_signing_key()
        self._lookup += 1
        ticket = self._lookup

        def work() -> ScanOutcome:
            with db.write() as session:
                return resolve_scan(session, actor, text, source=source, key=key,
                                    code_format=code_format)

        self.run(work, lambda outcome: self._on_outcome(outcome)  # type: ignore[arg-type]
                 if ticket == self._lookup else None, write=True)

    def _on_scan_panel_code_read(self, text: str, source: str, code_format: str) -> None:
        self.handle_scan(text, ScanSource(source), code_format)

    def _on_scan_panel_codes_read(self, codes: list[tuple[str, str]], source: str) -> None:
        """Several codes at once: the clerk picks the applicant's; none is read before."""
        db, actor, key = self.context.db, self.context.actor, qr_signing_key()

        def work() -> list[FoundCode]:
            with db.read() as session:
                return describe_codes(session, actor, codes, key=key)

        self.run(work, lambda found: self._offer_codes(found, source))  # type: ignore[arg-type]

    def _offer_codes(self, found: list[FoundCode], source: str) -> None:
        items = [(code.title, code.text, code.code_format, code.usable) for code in found]
        usable = [item for item in items if item[3]]
        if len(usable) == 1:  # one application among stray barcodes: that is the one
            self.handle_scan(usable[0][1], ScanSource(source), usable[0][2])
            return
        if not usable:
            self.banner.show_message(self.tr("Найдено кодов: {0}, но среди них нет кода "
                                             "заявления. Отсканируйте QR-код заявления.")
                                     .format(len(items)), "warning")
            return
        if self.code_chooser is not None:
            if sorted(self.code_chooser.labels()) == sorted(item[0] for item in items):
                return  # the camera still sees the same sheet
            self.code_chooser.close()
            self.code_chooser.deleteLater()
        chooser = CodeChooser(items, source=source, parent=self)
        chooser.chosen.connect(
            lambda text, code_format: self.handle_scan(text, ScanSource(source), code_format))
        chooser.finished.connect(lambda _result: self._on_code_chooser_finished(chooser))
        self.code_chooser = chooser
        self.banner.show_message(self.tr("Найдено несколько кодов: выберите заявление. "
                                         "Ни одно не открыто."), "info")
        chooser.open()

    def _on_code_chooser_finished(self, chooser: CodeChooser) -> None:
        if self.code_chooser is chooser:
            self.code_chooser = None
            chooser.deleteLater()

    def _on_outcome(self, outcome: ScanOutcome) -> None:
        self.last_outcome = outcome
        self.clear_focus()
        self.banner.show_message(outcome.message, OUTCOME_KIND[outcome.status])
        if outcome.application is not None:
            self.model.set_rows([outcome.application])
            self.table.selectRow(0)
            self._show_card(0)
            if outcome.status is ScanStatus.CODE_ISSUED:
                # "Pending" on the portal, but not on the desk: only the code is missing.
                self.card_fields["status"].setText(self.tr(
                    "личность подтверждена, код ещё не введён на портале"))
            self.card_actions.setVisible(bool(outcome.actions))
            self.card_new_code_button.setVisible("new_code" in outcome.actions)
            self.card_repeat_button.setVisible("repeat_visit" in outcome.actions)
        if outcome.opened and outcome.number is not None:
            self.visit_panel.open_for(outcome.number)
        self.context.notify(Changes(), self)

    def _on_table_activated(self, index: object) -> None:
        row = index.row()  # type: ignore[attr-defined]
        if 0 <= row < self.model.rowCount():
            self.handle_scan(self.model.row_at(row).number, ScanSource.TYPED)

    # -- an application the scan did not open ----------------------------------------

    def _on_card_repeat_clicked(self) -> None:
        number = self._card_number
        if not number:
            return
        dialog = OpenRepeatDialog(parent=self)
        dialog.reason_chosen.connect(
            lambda reason: self.visit_panel.open_for(number, repeat_reason=reason))
        dialog.reason_chosen.connect(lambda _reason: self.card_actions.hide())
        self.open_repeat_dialog = dialog
        dialog.open()

    def _on_card_new_code_clicked(self) -> None:
        number = self._card_number
        if not number:
            return
        from operator_app.views.reason_dialog import ReasonDialog

        dialog = ReasonDialog(
            title=self.tr("Новый код"),
            label=self.tr("Сверьте паспорт заявителя с заявлением. Почему нужен новый код? "
                          "Старый перестанет действовать."),
            text=self.tr("Заявитель потерял код"),
            required_message=self.tr("Укажите, почему нужен новый код."),
            ok_text=self.tr("Выдать новый код"), parent=self)
        dialog.reason_given.connect(lambda reason: self._reissue(number, reason))
        self.new_code_dialog = dialog
        dialog.open()

    def _reissue(self, number: str, reason: str) -> None:
        import datetime as dt
        import uuid

        from operator_app.settings import code_hash_key, get_settings

        db, actor = self.context.db, self.context.actor
        key, request_id = code_hash_key(), uuid.uuid4().hex
        ttl = dt.timedelta(days=get_settings().code_valid_days)

        label = self.context.settings.desk_label

        def work() -> tuple[IssuedCode, int]:
            # In person only: a repeat visit at this desk records who gave the new code and
            # where; the new code closes it as confirmed.
            with db.write() as session:
                info = visits.open_visit(session, actor, number, desk_label=label,
                                         repeat_reason=RepeatReason.NEW_CODE)
                issued = visits.reissue_code(session, actor, number, visit_id=info.id,
                                             code_key=key, request_id=request_id,
                                             reason=reason, code_ttl=ttl)
                return issued, info.id

        def done(result: tuple[IssuedCode, int]) -> None:
            issued, visit_id = result
            self.banner.show_message(self.tr("Старый код отозван, выдан новый."), "ok")
            self.context.notify(Changes(codes=True), self)
            self._show_code(issued, visit_id)

        self.run(work, done, write=True)  # type: ignore[arg-type]

    # -- the code and the papers ---------------------------------------------------------

    def _blocking_findings(self) -> list[str]:
        """The checklist's blocking findings for the visit on screen, as sentences: in
        Russian, as they are stored with the visit and printed on the repeat-visit slip."""
        state, visit = self.checklist.state, self.visit_panel.visit
        if state is None or visit is None or state.visit_id != visit.id:
            return []
        return [finding.russian for finding in state.blocking]

    def _on_visit_panel_visit_opened(self, info: VisitInfo) -> None:
        self.checklist.load(info.id)

    def _on_visit_panel_code_issued(self, issued: IssuedCode, info: VisitInfo) -> None:
        self._show_code(issued, info.id)

    def _show_code(self, issued: IssuedCode, visit_id: int) -> None:
        assert issued.code is not None
        db = self.context.db

        def work() -> VisitPaper:
            with db.read() as session:
                return visits.paper(session, visit_id)

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
        db, actor = self.context.db, self.context.actor

        def work() -> list[applications.ApplicationRow]:
            with db.read() as session:
                return applications.find_applications(session, actor, number)

        def show(rows: list[applications.ApplicationRow]) -> None:
            if rows:
                self.model.set_rows(rows[:1])
                self.table.selectRow(0)
                self._show_card(0)

        self.run(work, show)  # type: ignore[arg-type]

    def _on_code_dialog_finished(self, _result: int) -> None:
        self.code_dialog = None
        visit = self.visit_panel.visit
        if visit is not None and visit.state not in visits.OPEN_STATES:
            self._end_focus(visit)

    def _end_focus(self, info: VisitInfo) -> None:
        """The visit is over: the desk is ready for the next applicant, and says how the
        last one ended."""
        self.clear_focus()
        self._ended_text = self.tr("Визит по заявлению {0} завершён: {1}. Следующий "
                                   "заявитель — отсканируйте код.").format(
            format_number(info.application_number), visits.STATE_TITLES[info.state])
        self.banner.show_message(self._ended_text, "ok")

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
            dialog.slip_printed(message)

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
        if info.state is not VisitState.CONFIRMED:  # a confirmed one ends with its code window
            self._end_focus(info)
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
            self.banner.show_message(f"{self._ended_text} {error}", "error")
            return
        if message:
            self.banner.show_message(f"{self._ended_text} {message}", "ok")

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
        is_number = bool(_NUMBERISH.match(query)) and len(re.sub(r"\D", "", query)) == 12
        if is_number or query.upper().startswith("GU1:"):
            self.handle_scan(query, ScanSource.TYPED)  # a number or a pasted payload: ours
            return
        if self._refuse_switch():
            return
        self.clear_focus()
        db, actor = self.context.db, self.context.actor
        self._lookup += 1
        ticket = self._lookup

        def work() -> list[applications.ApplicationRow]:
            with db.read() as session:
                return applications.find_applications(session, actor, query)

        self.run(work, lambda rows: self._on_results(rows)  # type: ignore[arg-type]
                 if ticket == self._lookup else None)

    def _on_results(self, rows: list[applications.ApplicationRow]) -> None:
        self.model.set_rows(rows)
        if not rows:
            self.banner.show_message(self.tr("Ничего не найдено. Проверьте номер или фамилию."),
                                     "warning")
            return
        self.banner.show_message(self.tr(
            "Найдено: {0}. Выберите заявителя и нажмите Enter (или дважды щёлкните), чтобы "
            "открыть заявление.").format(len(rows)), "info")
        self.table.selectRow(0)
        self.table.setFocus()

    def _show_card(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        r = self.model.row_at(row)
        values = {
            "number": format_number(r.number), "name": r.display_name,
            "name_cyrillic": r.cyrillic_name, "birth_date": r.birth_date.strftime("%d.%m.%Y"),
            "citizenship": r.citizenship,
            "status": QCoreApplication.translate("SectionPage", ACCOUNT_STATUS_TITLES.get(
                str(r.account_status), str(r.account_status))),
            "method": QCoreApplication.translate("SectionPage", METHOD_TITLES.get(
                str(r.confirmation_method), str(r.confirmation_method))),
            "submitted": local_time(r.submitted_at),
        }
        for key, text in values.items():
            self.card_fields[key].setText(text)
        self._card_number = r.number

    def on_changes(self, changes: Changes) -> None:
        visit = self.visit_panel.visit
        if changes.applications and visit is not None:
            self._reload_card(visit.application_number)


class OpenRepeatDialog(QDialog):
    """A repeat visit the clerk opens for an applicant the scan did not open: the reason is
    chosen here, none is preselected.

    Signals:
    reason_chosen(object): the RepeatReason.
    """

    reason_chosen = Signal(object)

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Повторный визит"))
        self.reason = repeat_reason_box("openRepeatReason")
        self.error = ErrorLabel()
        form = QFormLayout()
        form.addRow(self.tr("Причина визита"), self.reason)
        form.addRow("", self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Открыть визит"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Отмена"))
        buttons.accepted.connect(self._on_accept)
        buttons.rejected.connect(self.reject)
        self.reason.currentIndexChanged.connect(lambda _i: self.error.show_message(""))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _on_accept(self) -> None:
        value = self.reason.currentData()
        if value is None:
            self.error.show_message(self.tr("Выберите причину повторного визита."))
            return
        self.accept()
        self.reason_chosen.emit(RepeatReason(value))
