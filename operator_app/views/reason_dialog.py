"""A reason the clerk writes before an act is recorded (a refusal, a new code)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from operator_app.views.widgets import ErrorLabel, KeepsTypingDialog, give_key


class ReasonDialog(KeepsTypingDialog):
    """A title, what to write, the field and OK/Cancel. OK with nothing written keeps the
    dialog open with ``required_message`` under the field: an act without its reason is
    not recorded, and the clerk should not have to open the dialog again to learn why.
    Ctrl+Enter is OK (Enter starts a new line of the reason); Esc and Cancel ask before
    a reason the clerk typed is dropped.

    Signals:
    reason_given(str): the reason as written (trimmed), once OK was pressed with one.
    """

    reason_given = Signal(str)

    def __init__(self, *, title: str, label: str, required_message: str, ok_text: str,
                 text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reasonDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self._required_message = required_message
        self.label = QLabel(label)
        self.label.setWordWrap(True)
        self.edit = QPlainTextEdit()
        self.edit.setObjectName("reasonText")
        self.edit.setTabChangesFocus(True)
        self.edit.setPlainText(text)
        self._given = text
        self.edit.setMaximumHeight(self.edit.fontMetrics().lineSpacing() * 5)
        self.label.setBuddy(self.edit)
        self.error = ErrorLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("Отмена"))
        give_key(self.ok_button, "Ctrl+Return")
        buttons.accepted.connect(self._on_ok_clicked)
        buttons.rejected.connect(self.cancel_typing)
        self.edit.textChanged.connect(lambda: self.error.show_message(""))
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.edit)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.edit.selectAll()  # a prefilled reason is replaced by typing, kept by OK
        self.edit.setFocus()

    def typed_changed(self) -> bool:
        return self.edit.toPlainText() != self._given

    def text(self) -> str:
        """The reason as written, trimmed."""
        return self.edit.toPlainText().strip()

    def set_reason(self, text: str) -> None:
        self.edit.setPlainText(text)

    def _on_ok_clicked(self) -> None:
        reason = self.text()
        if not reason:
            self.error.show_message(self._required_message)
            self.edit.setFocus()
            return
        self.accept()
        self.reason_given.emit(reason)
