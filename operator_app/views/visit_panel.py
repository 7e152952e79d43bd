"""The visit on the desk screen: its state, earlier visits, and the decision buttons."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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
from operator_app.services.actor import Permission
from operator_app.services.changes import Changes
from operator_app.settings import code_hash_key, get_settings
from operator_app.views.context import DeskContext
from operator_app.views.operations import BackgroundOp
from operator_app.views.reason_dialog import ReasonDialog
from operator_app.views.sections import KeyStep, with_key
from operator_app.views.widgets import (
    Banner,
    ErrorLabel,
    KeepsTypingDialog,
    describe_error,
    give_key,
)

# What to bring for each reason (DOMAIN.md, "Reasons for a repeat visit"); the clerk ticks
# and edits before printing. No line points to a refusal: a visit that asks for another
# one has not refused anything, and the applicant has no refusal to look things up in.
_IDENTITY = "Документ, удостоверяющий личность, с визой или ВНЖ"
_STAY = ("Документ о законном пребывании (ВНЖ, РВП, миграционная карта, уведомление о "
         "прибытии или патент)")
_STAY_CERTIFICATE = "Справка миграционной службы о пребывании (если её запрашивали)"
BRING: dict[RepeatReason, tuple[str, ...]] = {
    RepeatReason.MISSING_DOCUMENTS: (_IDENTITY, _STAY),
    RepeatReason.DATA_CORRECTION: (_IDENTITY, "Копия первого заявления"),
    RepeatReason.STATUS_CERTIFICATE: ("Документ, удостоверяющий личность", _STAY_CERTIFICATE),
    RepeatReason.EXTRA_IDENTITY_CHECK: (_IDENTITY, _STAY, _STAY_CERTIFICATE),
    RepeatReason.NEW_CODE: ("Документ, удостоверяющий личность",),
}
# Which of the lines above a finding's own line stands for: "a passport valid six months"
# replaces "an identity document", not adds to it.
_TOPIC = {_IDENTITY: "identity", "Документ, удостоверяющий личность": "identity",
          _STAY: "stay"}
_DATE = r"(\d{2}\.\d{2}\.\d{4})"
# The checklist's blocking findings (services/checks.py words them) as what to bring.
_FINDING_TO_BRING: tuple[tuple[re.Pattern[str], str, str | None], ...] = (
    (re.compile(rf"^Паспорт действует до {_DATE}: нужно не меньше (\d+) месяцев"),
     "Паспорт, действительный не менее {1} месяцев (у предъявленного срок истекает {0})",
     "identity"),
    (re.compile(rf"^Паспорт просрочен \({_DATE}\)"),
     "Паспорт, действительный не менее 6 месяцев (срок предъявленного истёк {0})",
     "identity"),
    (re.compile(rf"^Документ «([^»]+)» просрочен \({_DATE}\)"),
     "{0} с неистёкшим сроком (срок предъявленного документа истёк {1})", "stay"),
    (re.compile(r"^Нет документа, удостоверяющего личность"),
     "Паспорт (с визой, если она нужна)", "identity"),
    (re.compile(r"^Нет документа о законном пребывании"), _STAY, "stay"),
    (re.compile(r"^Документ о законном пребывании указан в заявлении, но не сверен"),
     "Оригинал документа о законном пребывании, указанного в заявлении", "stay"),
    (re.compile(r"^Внесите СНИЛС"), "СНИЛС, если он есть", None),
    (re.compile(r"^СНИЛС [\d\s-]+: не сходится"),
     "СНИЛС — документ с номером (номер в заявлении не сходится)", None),
    (re.compile(r"^ИНН: не сходятся"), "Документ с ИНН (номер в заявлении не сходится)", None),
)


def _bring_for(finding: str) -> tuple[str, str | None]:
    """What to bring so that ``finding`` no longer blocks, and the topic it covers; a
    sentence with no rule here is kept as written, so nothing the clerk saw is lost."""
    sentence = finding.strip()
    for pattern, line, topic in _FINDING_TO_BRING:
        match = pattern.search(sentence)
        if match is not None:
            text = line.format(*match.groups())
            return text[:1].upper() + text[1:], topic
    return sentence.rstrip("."), None


class RepeatDialog(KeepsTypingDialog):
    """Repeat visit needed: the reason the clerk chooses and exactly what to bring.

    ``findings`` are the sentences of what blocks this visit (the checklist's blocking
    findings): they come first in the list, said as what to bring. No reason is chosen
    for the clerk: the printed list names the one chosen here.
    """

    def __init__(self, *, findings: Sequence[str] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Нужен повторный визит"))
        self.setMinimumWidth(720)  # a line of the list on one line, mostly
        self.findings = tuple(f.strip() for f in findings if f.strip())
        self.reason = repeat_reason_box("repeatDialogReason")
        self.reason.currentIndexChanged.connect(self._on_reason_changed)
        self.why = QLabel()
        self.why.setObjectName("muted")
        self.why.setWordWrap(True)
        if self.findings:
            self.why.setText(self.tr("Мешает подтвердить:") + "".join(
                f"\n• {finding}" for finding in self.findings))
        self.why.setVisible(bool(self.findings))
        self.items = QPlainTextEdit()
        self.items.setObjectName("repeatItems")
        self.items.setPlaceholderText(self.tr("Что принести — по одному пункту в строке"))
        self.error = ErrorLabel()
        form = QFormLayout()
        form.addRow(self.tr("Причина"), self.reason)
        form.addRow("", self.why)
        form.addRow(self.tr("Принести"), self.items)
        form.addRow("", self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Завершить визит"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Отмена"))
        give_key(self.ok_button, "Ctrl+Return")  # Enter in the list starts a new line
        self.items.setTabChangesFocus(True)
        buttons.accepted.connect(self._on_accept)
        buttons.rejected.connect(self.cancel_typing)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._on_reason_changed()

    def typed_changed(self) -> bool:
        """The list differs from what the chosen reason offers: the clerk edited it."""
        return self.missing != tuple(self.bring_lines(self.chosen_reason))

    def bring_lines(self, reason: RepeatReason | None) -> list[str]:
        """What to bring: first what the findings ask for, then the usual lines for the
        reason that the findings do not already stand for."""
        lines: list[str] = []
        covered: set[str] = set()
        for finding in self.findings:
            line, topic = _bring_for(finding)
            if line not in lines:
                lines.append(line)
            if topic is not None:
                covered.add(topic)
        for line in BRING[reason] if reason is not None else ():
            if _TOPIC.get(line) not in covered and line not in lines:
                lines.append(line)
        return lines

    @property
    def chosen_reason(self) -> RepeatReason | None:
        value = self.reason.currentData()
        return RepeatReason(value) if value is not None else None

    def _on_reason_changed(self) -> None:
        self.error.show_message("")
        self.items.setPlainText("\n".join(self.bring_lines(self.chosen_reason)))

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.items.toPlainText().splitlines()
                     if line.strip())

    def _on_accept(self) -> None:
        if self.chosen_reason is None:
            self.error.show_message(self.tr("Выберите причину повторного визита — она будет "
                                            "в листе для заявителя."))
            self.reason.setFocus()
            return
        if not self.missing:
            self.error.show_message(self.tr("Перечислите, что заявителю нужно принести."))
            self.items.setFocus()
            return
        self.accept()


def repeat_reason_box(object_name: str) -> QComboBox:
    """The reasons of a repeat visit, starting on a placeholder (data None): the clerk
    chooses, nothing is preselected."""
    box = QComboBox()
    box.setObjectName(object_name)
    box.addItem(QCoreApplication.translate("RepeatDialog", "— выберите причину —"), None)
    for reason, title in visits.REASON_TITLES.items():
        box.addItem(title, reason.value)
    return box


def history_item_text(entry: visits.TimelineEntry) -> str:
    """An earlier visit in a few short lines: when, where, who and how it ended, then what
    was missing and what was corrected, each only when there was something."""
    state = visits.STATE_TITLES[entry.state]
    lines = [" · ".join((f"{entry.opened_at.astimezone():%d.%m.%Y %H:%M}", entry.point_name,
                         entry.operator_name, state[:1].upper() + state[1:]))]
    if entry.missing:
        lines.append(QCoreApplication.translate("VisitPanel", "Не хватало: {0}").format(
            "; ".join(entry.missing)))
    if entry.corrections:
        lines.append(QCoreApplication.translate("VisitPanel", "Исправлено: {0}").format(
            "; ".join(entry.corrections)))
    return "\n".join(lines)


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
        # What holds the visit back, in the clerk's words (the desk gives the checklist's):
        # the repeat-visit list starts from it.
        self.blocking_findings: Callable[[], list[str]] = list
        self._request_id = ""
        self.repeat_dialog: RepeatDialog | None = None
        self.state_label = QLabel(self.tr("Визит не открыт"))
        self.state_label.setObjectName("visitState")
        self.state_label.setWordWrap(True)
        self.banner = Banner()
        self.history = QListWidget()
        self.history.setObjectName("visitTimeline")
        self.history.setAccessibleName(self.tr("История визитов"))
        # A visit is a few short lines (history_item_text) wrapped to the panel's width:
        # nothing to scroll sideways for, nothing cut off.
        self.history.setWordWrap(True)
        self.history.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.history.setUniformItemSizes(False)
        self.history.setResizeMode(QListView.ResizeMode.Adjust)
        # By pixel: a visit taller than the list is scrolled through, not skipped whole.
        self.history.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.history.setMinimumHeight(44)
        self.reason = repeat_reason_box("repeatReason")
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
        # A supervisor meeting a visit whose desk never came back may close it (audited).
        self.release_button = QPushButton(self.tr("Закрыть зависший визит…"))
        self.release_button.setObjectName("releaseVisitButton")
        self.release_button.setVisible(False)
        self.release_button.clicked.connect(self._on_release_clicked)
        self.release_dialog: ReasonDialog | None = None
        self._busy: tuple[int, str] | None = None  # (visit id, application number)
        # The visit's steps from the keyboard: the window's «Визит» menu shows them with
        # their keys (key_steps); each button's tooltip names its key too.
        self.key_steps: list[KeyStep] = [
            KeyStep("F2", self.tr("Документы проверены"), self.checked_button),
            KeyStep("F3", self.tr("Исправить данные…"), self.correct_button),
            KeyStep("F4", self.tr("Подтвердить личность и выдать код"), self.confirm_button),
            KeyStep("F5", self.tr("Нужен повторный визит…"), self.repeat_button),
            KeyStep("F6", self.tr("Отказать…"), self.refuse_button),
            KeyStep("F7", self.tr("Отменить визит"), self.cancel_button),
            KeyStep("F8", self.tr("Справка о статусе"), self.certificate_button),
        ]
        for step in self.key_steps:
            button = step.target
            assert isinstance(button, QPushButton)
            button.setToolTip(with_key(button.toolTip(), step.key))
        layout = QVBoxLayout(self)
        layout.addWidget(self.state_label)
        layout.addWidget(self.banner)
        layout.addWidget(self.release_button)
        layout.addWidget(QLabel(self.tr("Прежние визиты:")))
        layout.addWidget(self.history, 1)  # the room the panel has goes to the history
        layout.addWidget(self.reason_row)
        layout.addLayout(buttons)
        self._update_buttons()

    # -- opening ---------------------------------------------------------------------

    def clear(self) -> None:
        """Forget the visit on screen: another applicant is in focus. The visit itself stays
        as it is in the database (an open one is resumed when its code is read again)."""
        self._opening += 1  # an answer about the previous applicant is not shown
        self._busy = None
        self.release_button.setVisible(False)
        for name in ("repeat_dialog", "refuse_dialog", "reissue_dialog", "release_dialog"):
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
                return info, visits.timeline(session, actor, number)

        def failed(error: BaseException) -> None:
            if ticket == self._opening:
                self._on_failed(error)
                if (isinstance(error, visits.VisitBusy) and error.visit_id is not None
                        and actor.can(Permission.REVIEW_LOG)):
                    self._busy = (error.visit_id, number)
                    self.release_button.setVisible(True)

        self.banner.clear_message()
        self._busy = None
        self.release_button.setVisible(False)
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
            self.history.addItem(history_item_text(entry))
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
        dialog = RepeatDialog(findings=self.blocking_findings(), parent=self)
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

    def _on_release_clicked(self) -> None:
        if self._busy is None:
            return
        dialog = ReasonDialog(
            title=self.tr("Закрыть зависший визит"),
            label=self.tr("Визит ведёт другой оператор. Закройте его, только если его стол "
                          "не вернётся к заявителю. Почему визит закрывается?"),
            text=self.tr("Стол оператора не отвечает, заявитель ждёт"),
            required_message=self.tr("Укажите, почему визит закрывается."),
            ok_text=self.tr("Закрыть визит и открыть заново"), parent=self)
        dialog.reason_given.connect(self._on_release_reason)
        dialog.finished.connect(lambda _result: self._forget_dialog("release_dialog", dialog))
        self.release_dialog = dialog
        dialog.open()

    def _on_release_reason(self, reason: str) -> None:
        if self._busy is None:
            return
        visit_id, number = self._busy
        db, actor = self.context.db, self.context.actor

        def work() -> None:
            with db.write() as session:
                visits.release_visit(session, actor, visit_id, reason)

        def done(_result: object) -> None:
            self.release_button.setVisible(False)
            self._busy = None
            self.open_for(number)

        BackgroundOp(self, work).serial().success(done).failure(self._on_failed).run()

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
                                           visit_id=info.id, code_key=key,
                                           request_id=request_id, reason=reason,
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
