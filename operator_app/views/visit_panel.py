"""The visit on the desk screen: its state, earlier visits, and the decision buttons."""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from operator_app.models import RepeatReason, VisitKind, VisitState
from operator_app.services import visits
from operator_app.services.changes import Changes
from operator_app.settings import code_hash_key, get_settings
from operator_app.views.context import DeskContext
from operator_app.views.operations import BackgroundOp
from operator_app.views.reason_dialog import ReasonDialog
from operator_app.views.widgets import Banner, ErrorLabel, describe_error

# What to bring, by reason (DOMAIN.md); the clerk ticks and edits before printing.
BRING = {
    RepeatReason.MISSING_DOCUMENTS: [
        "Документ, удостоверяющий личность, с визой или ВНЖ",
        "Документ, подтверждающий законное пребывание (ВНЖ, РВП, миграционная карта)",
        "Оригиналы или заверенные копии документов, указанных в отказе",
    ],
    RepeatReason.DATA_CORRECTION: [
        "Документ, удостоверяющий личность, с визой или ВНЖ",
        "Копия первого заявления",
    ],
    RepeatReason.STATUS_CERTIFICATE: [
        "Документ, удостоверяющий личность",
        "Справка миграционной службы о пребывании (если её запрашивали)",
    ],
    RepeatReason.EXTRA_IDENTITY_CHECK: [
        "Документ, удостоверяющий личность, с визой или ВНЖ",
        "Оригиналы или заверенные копии документов, указанных в отказе",
    ],
}


class RepeatDialog(QDialog):
    """Repeat visit needed: the reason and exactly what to bring."""

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Нужен повторный визит"))
        self.reason = QComboBox()
        for reason, title in visits.REASON_TITLES.items():
            self.reason.addItem(self.tr(title), reason.value)
        self.reason.currentIndexChanged.connect(self._on_reason_changed)
        self.items = QPlainTextEdit()
        self.items.setPlaceholderText(self.tr("Что принести — по одному пункту в строке"))
        self.error = ErrorLabel()
        form = QFormLayout()
        form.addRow(self.tr("Причина"), self.reason)
        form.addRow(self.tr("Принести"), self.items)
        form.addRow("", self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Завершить визит"))
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self._on_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._on_reason_changed()

    def _on_reason_changed(self) -> None:
        reason = RepeatReason(self.reason.currentData())
        self.items.setPlainText("\n".join(BRING[reason]))

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.items.toPlainText().splitlines()
                     if line.strip())

    def _on_accept(self) -> None:
        if not self.missing:
            self.error.show_message(self.tr("Перечислите, что заявителю нужно принести."))
            return
        self.accept()


class VisitPanel(QGroupBox):
    """Signals:
    code_issued(object, object): (IssuedCode, VisitInfo) — show the code to the applicant.
    visit_ended(object): the VisitInfo of a decided visit.
    visit_opened(object): the VisitInfo of the visit just opened or resumed.
    certificate_requested(str): the application number.
    """

    code_issued = Signal(object, object)
    visit_ended = Signal(object)
    visit_opened = Signal(object)
    certificate_requested = Signal(str)
    correction_requested = Signal(int)

    def __init__(self, context: DeskContext, *, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Визит"), parent)
        self.setObjectName("visitPanel")
        self.context = context
        self.visit: visits.VisitInfo | None = None
        self._opening = 0  # the latest open_for/clear: older answers are dropped
        self._request_id = ""
        self.repeat_dialog: RepeatDialog | None = None
        self.state_label = QLabel(self.tr("Визит не открыт"))
        self.state_label.setObjectName("visitState")
        self.state_label.setWordWrap(True)
        self.banner = Banner()
        self.history = QListWidget()
        self.history.setObjectName("visitTimeline")
        # A visit is a few short lines (history_item_text) wrapped to the panel's width:
        # nothing to scroll sideways for, nothing cut off.
        self.history.setWordWrap(True)
        self.history.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.history.setUniformItemSizes(False)
        self.history.setResizeMode(QListView.ResizeMode.Adjust)
        self.history.setMaximumHeight(130)
        self.history.setMinimumHeight(44)
        self.reason = QComboBox()
        self.reason.setObjectName("repeatReason")
        self.reason.addItem(self.tr("— выберите причину —"), None)
        for reason, title in visits.REASON_TITLES.items():
            self.reason.addItem(self.tr(title), reason.value)
        self.reason_origin = QLabel()
        self.reason_origin.setObjectName("muted")
        self.reason_origin.setWordWrap(True)
        self.free = QCheckBox(self.tr("бесплатно (исправление ошибки прошлого визита)"))
        self.reason_row = QWidget()
        reason_layout = QGridLayout(self.reason_row)
        reason_layout.setContentsMargins(0, 0, 0, 0)
        reason_layout.addWidget(QLabel(self.tr("Причина повторного визита:")), 0, 0)
        reason_layout.addWidget(self.reason, 0, 1)
        reason_layout.addWidget(self.reason_origin, 1, 0, 1, 2)
        reason_layout.addWidget(self.free, 2, 0, 1, 2)
        reason_layout.setColumnStretch(1, 1)
        self.reason.currentIndexChanged.connect(self._on_reason_changed)
        self.free.toggled.connect(self._on_reason_changed)
        self.checked_button = QPushButton(self.tr("Документы проверены"))
        self.checked_button.clicked.connect(self._on_checked_clicked)
        self.confirm_button = QPushButton(self.tr("Подтвердить личность и выдать код"))
        self.confirm_button.setObjectName("confirmButton")
        self.confirm_button.setDefault(True)
        self.confirm_button.clicked.connect(self._on_confirm_clicked)
        self.repeat_button = QPushButton(self.tr("Нужен повторный визит…"))
        self.repeat_button.clicked.connect(self._on_repeat_clicked)
        self.refuse_button = QPushButton(self.tr("Отказать…"))
        self.refuse_button.clicked.connect(self._on_refuse_clicked)
        self.refuse_dialog: ReasonDialog | None = None
        self.cancel_button = QPushButton(self.tr("Отменить визит"))
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.reissue_button = QPushButton(self.tr("Выдать новый код…"))
        self.reissue_button.setToolTip(self.tr("Код потерян или введён с ошибкой: старый "
                                               "отзывается, выдаётся новый"))
        self.reissue_button.clicked.connect(self._on_reissue_clicked)
        self.reissue_dialog: ReasonDialog | None = None
        self.correct_button = QPushButton(self.tr("Исправить данные…"))
        self.correct_button.setObjectName("correctButton")
        self.correct_button.setToolTip(self.tr("Данные учётной записи расходятся с "
                                               "оригиналами (Ctrl+E)"))
        self.correct_button.clicked.connect(
            lambda: self.correction_requested.emit(self.visit.id)
            if self.visit is not None else None)
        QShortcut(QKeySequence("Ctrl+E"), self, self.correct_button.animateClick)
        self.certificate_button = QPushButton(self.tr("Справка о статусе"))
        self.certificate_button.setToolTip(self.tr("Справка о статусе регистрации для заявителя"))
        self.certificate_button.clicked.connect(
            lambda: self.certificate_requested.emit(self.visit.application_number)
            if self.visit is not None else None)
        # Two columns of buttons, the main decision across both: the panel shares the
        # left column with the camera and must fit a laptop screen.
        buttons = QGridLayout()
        buttons.addWidget(self.checked_button, 0, 0)
        either = QHBoxLayout()  # one is shown during the visit, the other after confirming
        either.addWidget(self.correct_button)
        either.addWidget(self.reissue_button)
        buttons.addLayout(either, 0, 1)
        buttons.addWidget(self.confirm_button, 1, 0, 1, 2)
        buttons.addWidget(self.repeat_button, 2, 0)
        buttons.addWidget(self.refuse_button, 2, 1)
        buttons.addWidget(self.cancel_button, 3, 0)
        buttons.addWidget(self.certificate_button, 3, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state_label)
        layout.addWidget(self.banner)
        layout.addWidget(QLabel(self.tr("Прежние визиты:")))
        layout.addWidget(self.history)
        layout.addWidget(self.reason_row)
        layout.addLayout(buttons)
        self._update_buttons()

    # -- opening ---------------------------------------------------------------------

    def clear(self) -> None:
        """Forget the visit on screen: another applicant is in focus. The visit itself stays
        as it is in the database (an open one is resumed when its code is read again)."""
        self._opening += 1  # an answer about the previous applicant is not shown
        for name in ("repeat_dialog", "refuse_dialog", "reissue_dialog"):
            dialog = getattr(self, name, None)
            if dialog is not None:
                dialog.reject()
                dialog.deleteLater()
                setattr(self, name, None)
        self.banner.clear_message()
        self.history.clear()
        self.reason.blockSignals(True)
        self.reason.setCurrentIndex(0)
        self.reason.blockSignals(False)
        self.reason_origin.clear()
        self.free.blockSignals(True)
        self.free.setChecked(False)
        self.free.blockSignals(False)
        self._set_visit(None)

    def open_for(self, number: str, *, repeat_reason: RepeatReason | None = None) -> None:
        db, actor = self.context.db, self.context.actor
        desk = self.context.settings.desk_label
        self._opening += 1
        ticket = self._opening

        def work() -> tuple[visits.VisitInfo, list[visits.TimelineEntry]]:
            with db.write() as session:
                info = visits.open_visit(session, actor, number, desk_label=desk,
                                         repeat_reason=repeat_reason)
                return info, visits.timeline(session, number)

        def failed(error: BaseException) -> None:
            if ticket == self._opening:
                self._on_failed(error)

        self.banner.clear_message()
        BackgroundOp(self, work).serial().success(
            lambda result: self._on_opened(result) if ticket == self._opening else None
        ).failure(failed).run()

    def _on_opened(self, result: tuple[visits.VisitInfo, list[visits.TimelineEntry]]) -> None:
        info, entries = result
        self._set_visit(info)
        self.visit_opened.emit(info)
        self._request_id = uuid.uuid4().hex
        self.history.clear()
        for entry in entries:
            if entry.decided_at is None:
                continue
            line = (f"{entry.opened_at.astimezone():%d.%m.%Y %H:%M} · {entry.point_name} · "
                    f"{entry.operator_name} · {visits.STATE_TITLES[entry.state]}")
            if entry.missing:
                line += " · не хватало: " + "; ".join(entry.missing)
            if entry.corrections:
                line += " · исправлено: " + "; ".join(entry.corrections)
            self.history.addItem(line)
        if self.history.count() == 0:
            self.history.addItem(self.tr("Первый визит"))
        self.reason_origin.clear()
        if info.kind is VisitKind.REPEAT and info.repeat_reason is None:
            # Offer why the last visit asked for this one, said as such; with no earlier
            # reason the clerk chooses one — nothing is guessed.
            previous = next((e for e in reversed(entries) if e.repeat_reason is not None
                             and e.state is VisitState.REPEAT_NEEDED), None)
            self.reason.blockSignals(True)
            self.reason.setCurrentIndex(0)
            self.reason.blockSignals(False)
            if previous is not None and previous.repeat_reason is not None:
                self.reason.blockSignals(True)
                self.reason.setCurrentIndex(
                    max(0, self.reason.findData(previous.repeat_reason.value)))
                self.reason.blockSignals(False)
                self.reason_origin.setText(self.tr(
                    "Причина взята из визита {0}: проверьте и при необходимости измените.")
                    .format(previous.opened_at.astimezone().strftime("%d.%m.%Y")))
                self._on_reason_changed()
            else:
                self.reason_origin.setText(self.tr("Выберите причину повторного визита."))
        elif info.repeat_reason is not None:
            self.reason.blockSignals(True)
            self.free.blockSignals(True)
            self.reason.setCurrentIndex(max(0, self.reason.findData(info.repeat_reason.value)))
            self.free.setChecked(info.free_of_charge)
            self.reason.blockSignals(False)
            self.free.blockSignals(False)
        if info.resumed:
            self.banner.show_message(self.tr("Продолжается ранее открытый визит."), "info")

    def refresh(self) -> None:
        """Re-read the visit (the checklist may have changed it, and with it its version)."""
        info = self.visit
        if info is None:
            return
        db = self.context.db

        def work() -> visits.VisitInfo:
            with db.read() as session:
                return visits.visit_info(session, info.id)

        BackgroundOp(self, work).success(self._on_refreshed).failure(self._on_failed).run()

    def _on_refreshed(self, info: visits.VisitInfo) -> None:
        current = self.visit
        # A read that started before a later write must not roll the panel back.
        if current is not None and info.id == current.id and info.version >= current.version:
            self._set_visit(info)

    def _set_visit(self, info: visits.VisitInfo | None) -> None:
        self.visit = info
        if info is None:
            self.state_label.setText(self.tr("Визит не открыт"))
        else:
            kind = self.tr("Повторный визит") if info.kind is VisitKind.REPEAT \
                else self.tr("Первый визит")
            self.state_label.setText(self.tr("{0}: {1}, с {2}").format(
                kind, visits.STATE_TITLES[info.state], info.opened_at.astimezone()
                .strftime("%H:%M")))
        self._update_buttons()

    def _update_buttons(self) -> None:
        info = self.visit
        open_ = info is not None and info.state in visits.OPEN_STATES
        self.checked_button.setEnabled(open_ and info is not None
                                       and info.state is VisitState.OPENED)
        self.confirm_button.setEnabled(open_ and info is not None
                                       and info.state is not VisitState.OPENED)
        self.confirm_button.setToolTip(
            "" if self.confirm_button.isEnabled() else
            self.tr("Сначала отметьте, что документы проверены."))
        self.repeat_button.setEnabled(open_)
        self.refuse_button.setEnabled(open_)
        self.cancel_button.setEnabled(open_)
        self.certificate_button.setEnabled(info is not None)
        self.reissue_button.setVisible(info is not None and info.state is VisitState.CONFIRMED)
        self.correct_button.setVisible(not self.reissue_button.isVisibleTo(self))
        self.correct_button.setEnabled(open_)
        self.reason_row.setVisible(open_ and info is not None and info.kind is VisitKind.REPEAT)

    # -- steps ------------------------------------------------------------------------

    def _run(self, work: object, done: object) -> None:
        self.setEnabled(False)

        def finished(result: object) -> None:
            self.setEnabled(True)
            done(result)  # type: ignore[operator]

        def failed(error: BaseException) -> None:
            self.setEnabled(True)
            self._on_failed(error)

        BackgroundOp(self, work).serial().success(finished).failure(failed).run()  # type: ignore[arg-type]

    def _on_failed(self, error: BaseException) -> None:
        self.banner.show_message(describe_error(error), "error")

    def _on_reason_changed(self) -> None:
        info = self.visit
        if info is None or info.kind is not VisitKind.REPEAT:
            return
        if self.reason.currentData() is None:
            return  # the placeholder: nothing chosen yet
        self.reason_origin.clear()
        db, actor = self.context.db, self.context.actor
        reason, free = RepeatReason(self.reason.currentData()), self.free.isChecked()

        def work() -> visits.VisitInfo:
            with db.write() as session:
                return visits.set_repeat_reason(session, actor, info.id, info.version, reason,
                                                free_of_charge=free)

        self._run(work, self._set_visit)

    def _on_checked_clicked(self) -> None:
        info = self.visit
        assert info is not None
        db, actor = self.context.db, self.context.actor

        def work() -> visits.VisitInfo:
            with db.write() as session:
                return visits.advance(session, actor, info.id, info.version,
                                      VisitState.DOCUMENTS_CHECKED)

        self._run(work, self._set_visit)

    def _on_confirm_clicked(self) -> None:
        info = self.visit
        assert info is not None
        # Disabled at once: a double click cannot start a second request, and the request id
        # makes a retry of this one harmless in the service.
        self.confirm_button.setEnabled(False)
        self._decide(VisitState.CONFIRMED)

    def _on_repeat_clicked(self) -> None:
        dialog = RepeatDialog(parent=self)
        if self.visit is not None and self.visit.repeat_reason is not None:
            index = dialog.reason.findData(self.visit.repeat_reason.value)
            dialog.reason.setCurrentIndex(max(0, index))
        dialog.accepted.connect(
            lambda: self._decide(VisitState.REPEAT_NEEDED, missing=dialog.missing,
                                 repeat_reason=RepeatReason(dialog.reason.currentData())))
        self.repeat_dialog = dialog
        dialog.open()

    def _on_refuse_clicked(self) -> None:
        # The dialog stays open until a reason is written: a refusal without one is not
        # recorded, and the clerk is told so where they type, not after the dialog is gone.
        dialog = ReasonDialog(
            title=self.tr("Отказ в подтверждении"),
            label=self.tr("Причина отказа (будет в журнале и у руководителя):"),
            required_message=self.tr("Укажите причину отказа"),
            ok_text=self.tr("Отказать"), parent=self)
        dialog.reason_given.connect(self._on_refuse_reason)
        dialog.finished.connect(lambda _result: self._forget_dialog("refuse_dialog", dialog))
        self.refuse_dialog = dialog
        dialog.open()

    def _on_refuse_reason(self, reason: str) -> None:
        self._decide(VisitState.REFUSED, note=reason)

    def _on_reissue_clicked(self) -> None:
        dialog = ReasonDialog(
            title=self.tr("Новый код"),
            label=self.tr("Почему нужен новый код? Старый перестанет действовать."),
            text=self.tr("Заявитель потерял код"),
            required_message=self.tr("Укажите, почему нужен новый код."),
            ok_text=self.tr("Выдать новый код"), parent=self)
        dialog.reason_given.connect(self._on_reissue_reason)
        dialog.finished.connect(lambda _result: self._forget_dialog("reissue_dialog", dialog))
        self.reissue_dialog = dialog
        dialog.open()

    def _forget_dialog(self, name: str, dialog: ReasonDialog) -> None:
        if getattr(self, name) is dialog:
            setattr(self, name, None)
        dialog.deleteLater()

    def _on_reissue_reason(self, reason: str) -> None:
        info = self.visit
        if info is None:
            return
        db, actor = self.context.db, self.context.actor
        key, request_id = code_hash_key(), uuid.uuid4().hex
        ttl = dt.timedelta(days=get_settings().code_valid_days)

        def work() -> object:
            with db.write() as session:
                return visits.reissue_code(session, actor, info.application_number,
                                           code_key=key, request_id=request_id, reason=reason,
                                           code_ttl=ttl)

        def done(issued: object) -> None:
            self.banner.show_message(self.tr("Старый код отозван, выдан новый."), "ok")
            self.context.notify(Changes(codes=True), self)
            self.code_issued.emit(issued, info)

        self._run(work, done)

    def _on_cancel_clicked(self) -> None:
        self._decide(VisitState.CANCELLED)

    def _decide(self, outcome: VisitState, *, missing: tuple[str, ...] = (),
                repeat_reason: RepeatReason | None = None, note: str = "") -> None:
        info = self.visit
        assert info is not None
        if (info.kind is VisitKind.REPEAT and info.repeat_reason is None
                and outcome is not VisitState.CANCELLED):
            self.banner.show_message(self.tr("Выберите причину повторного визита — она будет в "
                                             "журнале и в справке."), "warning")
            self._update_buttons()
            self.reason.setFocus()
            return
        db, actor = self.context.db, self.context.actor
        request_id = self._request_id
        ttl = dt.timedelta(days=get_settings().code_valid_days)
        key = code_hash_key() if outcome is VisitState.CONFIRMED else None

        def work() -> visits.Decision:
            with db.write() as session:
                return visits.decide(session, actor, info.id, info.version, outcome,
                                     missing=missing, code_key=key, request_id=request_id,
                                     code_ttl=ttl, repeat_reason=repeat_reason, note=note)

        self._run(work, self._on_decided)

    def _on_decided(self, decision: visits.Decision) -> None:
        self._set_visit(decision.visit)
        state = decision.visit.state
        self.banner.show_message(self.tr("Визит завершён: {0}.").format(
            visits.STATE_TITLES[state]), "ok")
        self.context.notify(Changes(visits=True, codes=state is VisitState.CONFIRMED), self)
        if decision.code is not None and decision.code.code is not None:
            self.code_issued.emit(decision.code, decision.visit)
        self.visit_ended.emit(decision.visit)
