"""Small building blocks shared by the screens: fields with their own error line, banners."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class ErrorLabel(QLabel):
    """A red sentence under a field; invisible (and takes no space) while empty."""

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


class Field(QWidget):
    """A line edit with its error line beneath; ``error`` marks the edit red for the clerk."""

    def __init__(self, *, placeholder: str = "", password: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(placeholder)
        if password:
            self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error_label = ErrorLabel(parent=self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.error_label)
        self.edit.textEdited.connect(lambda _text: self.set_error(""))

    def text(self) -> str:
        return self.edit.text()

    def set_error(self, message: str) -> None:
        self._show(message, warning=False)

    def set_warning(self, message: str) -> None:
        """A sentence the clerk should read but that does not block: amber, not red."""
        self._show(message, warning=True)

    def _show(self, message: str, *, warning: bool) -> None:
        self.error_label.show_message(message)
        self.error_label.setProperty("warning", bool(message) and warning)
        self.edit.setProperty("invalid", bool(message) and not warning)
        self.edit.setProperty("warning", bool(message) and warning)
        # Re-polish so the style sheet's [invalid="true"] rule applies at once.
        for widget in (self.edit, self.error_label):
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    @property
    def error(self) -> str:
        """The blocking message shown under the field ("" if none, or only a warning)."""
        if not self.error_label.isVisible() or self.error_label.property("warning"):
            return ""
        return self.error_label.text()

    @property
    def warning(self) -> str:
        if not self.error_label.isVisible() or not self.error_label.property("warning"):
            return ""
        return self.error_label.text()


def add_row(form: QFormLayout, label: str, field: QWidget) -> QLabel:
    """A form row whose label is the field's buddy, so Alt+letter reaches it."""
    caption = QLabel(label)
    caption.setBuddy(field.edit if isinstance(field, Field) else field)
    form.addRow(caption, field)
    return caption


class Banner(QLabel):
    """A message across the top of a screen: info, warning or error."""

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, text: str, kind: str = "info") -> None:
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        self.setText(text)
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self.setText("")
        self.hide()


def describe_error(error: BaseException) -> str:
    """The sentence to show for a failure in a background operation."""
    from sqlalchemy.exc import DBAPIError

    from operator_app.models import DatabaseError
    from operator_app.services.errors import ServiceError

    if isinstance(error, ServiceError):
        return error.message
    if isinstance(error, DatabaseError):
        return str(error)
    if isinstance(error, DBAPIError):
        return "Ошибка базы данных: " + str(error.orig).strip().splitlines()[0]
    return f"Непредвиденная ошибка: {error}"
