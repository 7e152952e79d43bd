"""Small building blocks shared by the screens: fields with their own error line, banners,
labels that give up width, saved window geometry, the accessible names of controls."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QObject, QSize, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from operator_app.settings import Settings

log = logging.getLogger(__name__)

# A run this long with nowhere to break (a code, a hash, words joined by "_") would set the
# label's minimum width, and with it the screen's; it gets a break opportunity every few
# characters. Spaces, "/" and "-" already are ones.
_UNBROKEN_RUN = re.compile(r"[^\s/\-\u200b]{25,}")
_ZERO_WIDTH_SPACE = "\u200b"


def breakable(text: str) -> str:
    """``text`` with zero-width spaces inside long unbroken runs, so a wrapping label can
    break them instead of growing as wide as the longest one."""
    return _UNBROKEN_RUN.sub(
        lambda m: _ZERO_WIDTH_SPACE.join(m[0][i:i + 16] for i in range(0, len(m[0]), 16)),
        text)


def key_text(key: str) -> str:
    """A key as the keyboard names it: Enter, not Qt's Return."""
    return key.replace("Return", "Enter")


def give_key(button: QAbstractButton, key: str) -> None:
    """``button`` pressed by ``key`` as well, with the key on the button itself: a dialog
    has no menu to show its keys in."""
    shown = key_text(key)
    button.setText(f"{button.text()} · {shown}")
    button.setShortcut(QKeySequence(key))  # after setText, which sets a mnemonic's key
    # The longer text whole: a row of such buttons widens its dialog rather than cut them.
    button.ensurePolished()
    button.setMinimumWidth(button.sizeHint().width())
    tip = button.toolTip()
    button.setToolTip(f"{tip} ({shown})" if tip else shown)


class KeepsTypingDialog(QDialog):
    """A dialog that Esc and its Cancel button do not close over the clerk's typing: when
    ``typed_changed()`` says something was typed, they ask first, and «Продолжить ввод»
    (the default, and Esc again) goes back to the text as it was. Closing it from the
    program (``reject()``) does not ask.

    Subclasses connect their Cancel button to ``cancel_typing``.
    """

    # Tests answer for the clerk: called with the dialog, returns whether to drop the text.
    confirm_discard: ClassVar[Callable[[QWidget], bool] | None] = None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.discard_question: QMessageBox | None = None

    def typed_changed(self) -> bool:
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape and event.modifiers() in (
                Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
            event.accept()
            self.cancel_typing()
            return
        super().keyPressEvent(event)

    def cancel_typing(self) -> None:
        if not self.typed_changed():
            self.reject()
            return
        answer = type(self).confirm_discard
        if answer is not None:
            if answer(self):
                self.reject()
            return
        if self.discard_question is not None:
            self.discard_question.raise_()
            return
        box = QMessageBox(QMessageBox.Icon.Question,
                          QCoreApplication.translate("KeepsTypingDialog", "Введённое не сохранено"),
                          QCoreApplication.translate("KeepsTypingDialog",
                                                     "Закрыть окно и отбросить введённое?"),
                          parent=self)
        box.setObjectName("discardQuestion")
        keep = box.addButton(QCoreApplication.translate("KeepsTypingDialog", "Продолжить ввод"),
                             QMessageBox.ButtonRole.RejectRole)
        box.addButton(QCoreApplication.translate("KeepsTypingDialog", "Отбросить"),
                      QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.setWindowModality(Qt.WindowModality.WindowModal)

        def answered(_result: int) -> None:
            self.discard_question = None
            clicked = box.clickedButton()
            box.deleteLater()
            if clicked is not None and clicked is not keep:
                self.reject()
                return
            # back to typing where it stopped, in this window (its keys work again)
            self.activateWindow()
            focused = self.focusWidget()
            if focused is not None:
                focused.setFocus(Qt.FocusReason.OtherFocusReason)

        box.finished.connect(answered)
        self.discard_question = box
        box.open()


class WrappingLabel(QLabel):
    """A label whose text wraps, long unbroken runs included, so it never sets the width of
    the screen around it. ``text()`` is the text as given."""

    def __init__(self, text: str = "", *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self.setWordWrap(True)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name, so every caller gets it
        self._text = text
        super().setText(breakable(text))

    def text(self) -> str:
        return self._text


class ElidedLabel(QLabel):
    """One line that gives up its width: shortened in the middle with "…" when the room is
    short (a database path in the status bar), whole in its tooltip and in ``text()``."""

    def __init__(self, text: str = "", *, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setToolTip(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name, so every caller gets it
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.fontMetrics().horizontalAdvance("x" * 12)),
                     hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(super().text(), Qt.TextElideMode.ElideMiddle,
                                              rect.width())
        painter = QPainter(self)
        self.style().drawItemText(painter, rect, int(self.alignment()), self.palette(),
                                  self.isEnabled(), shown, self.foregroundRole())


# What each kind of message starts with on screen, so that it is told by more than its
# colour (a clerk who does not see red, a high-contrast screen); ``text()`` stays as given.
MARKS = {"info": "ℹ", "ok": "✓", "warning": "⚠", "error": "✗"}


def _marked(text: str, kind: str) -> str:
    if not text or text[0] in "ℹ✓⚠✗•":
        return text  # empty, or the sentence brings its own mark
    return f"{MARKS.get(kind, MARKS['info'])} {text}"


def kind_title(kind: str) -> str:
    """What a message of ``kind`` is, in words: a screen reader says it before the text."""
    titles = {"info": QCoreApplication.translate("Banner", "Сведения"),
              "ok": QCoreApplication.translate("Banner", "Готово"),
              "warning": QCoreApplication.translate("Banner", "Предупреждение"),
              "error": QCoreApplication.translate("Banner", "Ошибка")}
    return titles.get(kind, titles["info"])


class MarkedLabel(WrappingLabel):
    """A wrapping message shown after the mark of its kind (:data:`MARKS`); ``text()`` is the
    sentence as given, without the mark."""

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name, so every caller gets it
        super().setText(text)
        QLabel.setText(self, breakable(_marked(text, getattr(self, "_kind", "info"))))

    def _set_kind(self, kind: str) -> None:
        self._kind = kind
        self.setAccessibleDescription(kind_title(kind))


class ErrorLabel(MarkedLabel):
    """A red sentence under a field, after a ✗ (⚠ for a warning); invisible (and takes no
    space) while empty."""

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.setObjectName("fieldError")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._set_kind("error")
        self.hide()

    def show_message(self, text: str, *, warning: bool = False) -> None:
        self._set_kind("warning" if warning else "error")
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
        self.error_label.show_message(message, warning=warning)
        # Said with the field by a screen reader, as the red frame shows it.
        self.edit.setAccessibleDescription(
            f"{kind_title('warning' if warning else 'error')}: {message}" if message else "")
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


class Banner(MarkedLabel):
    """A message across the top of a screen: info, ok, warning or error, each with its mark
    (ℹ ✓ ⚠ ✗) as well as its colour. It wraps, however long."""

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.setObjectName("banner")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, text: str, kind: str = "info") -> None:
        self._set_kind(kind)
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        self.setText(text)
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self.setText("")
        self.hide()


class _AtLeastItsMinimum(QWidget):
    """Between a scroll area and a page: the viewport's size, but never less than the page's
    minimum at the width it has.

    A resizable QScrollArea gives a page whose layout wraps text (height-for-width) its
    *preferred* height for the width, not its minimum, so a page that would fit scrolls
    anyway; this holder has no layout of its own and says the page's minimum instead.
    """

    def __init__(self, page: QWidget, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page = page
        page.setParent(self)

    def _minimum_for_width(self, width: int) -> QSize:
        page = self.page
        least = page.minimumSizeHint().expandedTo(page.minimumSize())
        layout = page.layout()
        if layout is None or not layout.hasHeightForWidth():
            return least
        margins = page.contentsMargins()
        inner = max(width, least.width()) - margins.left() - margins.right()
        height = layout.minimumHeightForWidth(inner) + margins.top() + margins.bottom()
        return QSize(least.width(), max(least.height(), height))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self._minimum_for_width(self.width())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self.page.sizeHint().expandedTo(self.minimumSizeHint())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        self.page.setGeometry(self.rect())
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()  # the page's minimum height depends on its width

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # the page's layout changed, and with it its minimum
        return super().event(event)


def scrolling(page: QWidget, *, name: str = "") -> QScrollArea:
    """``page`` filling the room it gets, scrolled only where that is less than its minimum:
    however the page is laid out, it never makes its window larger than the screen."""
    area = QScrollArea()
    if name:
        area.setObjectName(name)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    holder = _AtLeastItsMinimum(page)
    area.setWidget(holder)
    # setWidget() has the holder paint its own background: the window's shows through.
    holder.setAutoFillBackground(False)
    area.viewport().setAutoFillBackground(False)
    area.setFocusProxy(page)
    return area


def save_geometry(widget: QWidget, key: str, settings: Settings) -> None:
    """Remember where ``widget`` stands (size, place, maximised) under ``key``."""
    settings.set_geometry(key, bytes(widget.saveGeometry().data()))
    try:
        settings.save()
    except (OSError, ValueError):
        # Where a window stood is not worth an error on closing it.
        log.warning("window geometry not saved", exc_info=True)


def restore_geometry(widget: QWidget, key: str, settings: Settings) -> bool:
    """Put ``widget`` where it was when last saved under ``key``; False if never saved."""
    data = settings.geometry(key)
    return data is not None and widget.restoreGeometry(QByteArray(data))


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
        from operator_app.models.db import busy_message

        return busy_message(error) or (
            QCoreApplication.translate("Banner", "Ошибка базы данных: {0}").format(
                str(error.orig).strip().splitlines()[0]))
    return QCoreApplication.translate("Banner", "Непредвиденная ошибка: {0}").format(error)


# -- accessible names ------------------------------------------------------------------

_CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView,
             QPlainTextEdit, QTextEdit, QAbstractSlider)
_AUTO = "autoAccessibleName"  # where a name filled in here came from: "own" or "buddy"
_TAG = re.compile(r"<[^>]+>")


def is_control(widget: QWidget) -> bool:
    """Whether ``widget`` is one a clerk operates and a screen reader must name: not the
    parts Qt builds inside another control (a combo's or a spin box's line edit, a tab bar's
    arrows, headers, scroll bars), which the control around them speaks for."""
    if not isinstance(widget, _CONTROLS) or isinstance(widget, QHeaderView | QScrollBar):
        return False
    parent = widget.parentWidget()
    return not isinstance(parent, QAbstractSpinBox | QComboBox | QTabBar | QScrollBar)


def spoken(text: str) -> str:
    """A label's or a button's text as a name: no markup, no mnemonic "&", no closing ":"."""
    text = _TAG.sub(" ", text).replace("&&", "\0").replace("&", "").replace("\0", "&")
    return " ".join(text.replace(_ZERO_WIDTH_SPACE, "").split()).rstrip(":*").strip()


def _own_name(widget: QWidget) -> str:
    """The name ``widget`` gives itself: a button's text, else the label of its form row,
    its placeholder, its tooltip."""
    if isinstance(widget, QAbstractButton) and spoken(widget.text()):
        return spoken(widget.text())
    parent = widget.parentWidget()
    form = parent.layout() if parent is not None else None
    if isinstance(form, QFormLayout):
        caption = form.labelForField(widget)
        if isinstance(caption, QLabel) and spoken(caption.text()):
            return spoken(caption.text())
    placeholder = getattr(widget, "placeholderText", None)
    if callable(placeholder) and spoken(placeholder()):
        return spoken(placeholder())
    return spoken(widget.toolTip())


def name_control(widget: QWidget) -> None:
    """Fill in ``widget``'s accessible name where the code gave it none; a name filled in
    before is brought up to date (a button's text changes). A label names its buddy."""
    if isinstance(widget, QLabel):
        buddy = widget.buddy()
        name = spoken(widget.text())
        if buddy is not None and name and (not buddy.accessibleName()
                                           or buddy.property(_AUTO)):
            buddy.setAccessibleName(name)
            buddy.setProperty(_AUTO, "buddy")
        return
    if not is_control(widget):
        return
    source = widget.property(_AUTO)
    if widget.accessibleName() and not source:
        return  # named by its screen
    if source == "buddy":
        return  # the label beside it said it
    name = _own_name(widget)
    if name and name != widget.accessibleName():
        widget.setAccessibleName(name)
        widget.setProperty(_AUTO, "own")


def name_controls(top: QWidget) -> None:
    """:func:`name_control` for ``top`` and everything in it, labels first."""
    widgets = [top, *top.findChildren(QWidget)]
    for widget in sorted(widgets, key=lambda w: not isinstance(w, QLabel)):
        name_control(widget)


class AccessibleNames(QObject):
    """Names every control as it is shown or takes the focus (:func:`name_control`), in
    every window of the application: one filter on the application, installed once."""

    @classmethod
    def install(cls, app: QCoreApplication) -> None:
        if app.findChild(cls) is None:
            app.installEventFilter(cls(app))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.Show, QEvent.Type.FocusIn) and isinstance(watched,
                                                                                 QWidget):
            name_control(watched)
        return False
