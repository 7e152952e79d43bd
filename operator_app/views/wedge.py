"""Hand-held USB barcode scanners ("keyboard wedge"): a scan typed anywhere in the desk.

Such a scanner is a keyboard: it types the payload and presses Enter, a key every
1–20 ms. A person's keys are 80–300 ms apart, and even a fast typist's rollover does
not keep seven keys in a row under 50 ms, so timing alone tells the two apart. The
wedge watches key presses application-wide, so a scan works whatever has focus (or
nothing: the window then receives the keys), and hands the payload over as one
``scanned`` signal instead of letting it land in a field.

It cannot know that a burst is starting, so it never delays what a person types into a
text field: the keys go through, and when Enter completes a burst, the field gets back
the text, cursor and selection it had before the burst, and the Enter is swallowed so
``returnPressed`` does not fire with the payload. Other widgets cannot be restored (a
Space clicks a focused button, a letter moves a table's current row by keyboard search),
so their keys are held back for at most ``2 × max_gap_ms`` and sent on unchanged as soon
as it is clear they were a person's.

Timing uses one clock reading per key press, taken when the event is handled (tests
inject the clock; QTest's events carry no usable timestamps). A GUI stall longer than
``max_gap_ms`` in the middle of a scan therefore splits it: the head stays where it was
typed, and the tail, if long enough, arrives as a scan that the payload's own check
(signature, check digit) refuses. While a burst goes into a field, the field emits
``textEdited``/``textChanged`` for each key and once more when its text comes back.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from operator_app.scanning.keyboard_layout import looks_like_russian_layout, to_latin_layout

_KEY_EVENTS = (QEvent.Type.KeyPress, QEvent.Type.KeyRelease)
_ENTER_KEYS = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter})
# Keys that only change what the next key types: a scanner presses Shift around capitals,
# so they neither add a character nor end a burst.
_MODIFIER_KEYS = frozenset({
    Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_AltGr, Qt.Key.Key_Meta,
    Qt.Key.Key_Super_L, Qt.Key.Key_Super_R, Qt.Key.Key_Hyper_L, Qt.Key.Key_Hyper_R,
    Qt.Key.Key_CapsLock, Qt.Key.Key_NumLock, Qt.Key.Key_Mode_switch,
})
# What a scanner may hold while typing a character; Ctrl, Alt or Meta mean a shortcut.
_TYPING_MODIFIERS = (Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
                     | Qt.KeyboardModifier.GroupSwitchModifier)
_ENTER_MODIFIERS = Qt.KeyboardModifier.KeypadModifier
# QTextDocument's raw text separates paragraphs with U+2029; inserting it back needs "\n".
_PARAGRAPH_SEPARATOR = "\u2029"


def _address(item: QObject | QEvent) -> int:
    return int(shiboken6.getCppPointer(item)[0])


def _utf16_length(text: str) -> int:
    # Qt counts positions in UTF-16 code units, Python in code points.
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True)
class _LineEditState:
    """A line edit as it was before a burst, to put back when the burst was a scan."""

    edit: QLineEdit
    text: str
    cursor: int
    selection_start: int
    selection_length: int
    modified: bool

    @classmethod
    def of(cls, edit: QLineEdit) -> _LineEditState:
        return cls(edit, edit.text(), edit.cursorPosition(), edit.selectionStart(),
                   edit.selectionLength(), edit.isModified())

    def restore(self) -> None:
        edit = self.edit
        if not shiboken6.isValid(edit):
            return
        if edit.text() != self.text:
            # setText, not an undoable edit: Ctrl+Z must not bring the payload back.
            edit.setText(self.text)
        edit.setModified(self.modified)
        if not self.selection_length:
            edit.setCursorPosition(self.cursor)
        elif self.cursor == self.selection_start:  # selected leftwards: the cursor at its start
            edit.setSelection(self.selection_start + self.selection_length,
                              -self.selection_length)
        else:
            edit.setSelection(self.selection_start, self.selection_length)


@dataclass(frozen=True)
class _TextEditState:
    """A multi-line edit as it was before a burst.

    Restored by replacing only the span the burst changed, so the rest of the document
    keeps its formatting, undo history and scroll position.
    """

    edit: QPlainTextEdit | QTextEdit
    text: str
    position: int
    anchor: int

    @classmethod
    def of(cls, edit: QPlainTextEdit | QTextEdit) -> _TextEditState:
        cursor = edit.textCursor()
        return cls(edit, edit.document().toRawText(), cursor.position(), cursor.anchor())

    def restore(self) -> None:
        edit = self.edit
        if not shiboken6.isValid(edit):
            return
        document = edit.document()
        current = document.toRawText()
        if current != self.text:
            start = 0
            limit = min(len(current), len(self.text))
            while start < limit and current[start] == self.text[start]:
                start += 1
            end_now, end_before = len(current), len(self.text)
            while (end_now > start and end_before > start
                   and current[end_now - 1] == self.text[end_before - 1]):
                end_now -= 1
                end_before -= 1
            cursor = QTextCursor(document)
            cursor.setPosition(_utf16_length(current[:start]))
            cursor.setPosition(_utf16_length(current[:end_now]), QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(self.text[start:end_before].replace(_PARAGRAPH_SEPARATOR, "\n"))
        cursor = edit.textCursor()
        cursor.setPosition(self.anchor)
        cursor.setPosition(self.position, QTextCursor.MoveMode.KeepAnchor)
        edit.setTextCursor(cursor)


def _text_state_of(widget: QWidget) -> _LineEditState | _TextEditState | None:
    """The restorable state of an editable text field, or None for any other widget."""
    if isinstance(widget, QComboBox) and widget.isEditable():
        line_edit = widget.lineEdit()
        return _LineEditState.of(line_edit) if line_edit is not None else None
    if isinstance(widget, QLineEdit) and not widget.isReadOnly():
        return _LineEditState.of(widget)
    if isinstance(widget, QPlainTextEdit | QTextEdit) and not widget.isReadOnly():
        return _TextEditState.of(widget)
    return None


@dataclass(frozen=True)
class _HeldKey:
    """A key event kept back from a widget that cannot be restored, to send on later."""

    kind: QEvent.Type
    key: int
    modifiers: Qt.KeyboardModifier
    native_scan_code: int
    native_virtual_key: int
    native_modifiers: int
    text: str
    auto_repeat: bool
    count: int

    @classmethod
    def of(cls, event: QKeyEvent) -> _HeldKey:
        return cls(event.type(), event.key(), event.modifiers(), event.nativeScanCode(),
                   event.nativeVirtualKey(), event.nativeModifiers(), event.text(),
                   event.isAutoRepeat(), event.count())

    def event(self) -> QKeyEvent:
        return QKeyEvent(self.kind, self.key, self.modifiers, self.native_scan_code,
                         self.native_virtual_key, self.native_modifiers, self.text,
                         self.auto_repeat, self.count)


@dataclass
class _Burst:
    """Keys that came fast enough, one after another, to be a scanner's."""

    receiver: QWidget
    # The field's state before the first key, when the receiver is a text field; None
    # means the receiver cannot be restored and the keys are in ``held`` instead.
    before: _LineEditState | _TextEditState | None
    last_press: float
    chars: list[str] = field(default_factory=list)
    held: list[_HeldKey] = field(default_factory=list)


@dataclass(frozen=True)
class _Delivery:
    """The last key event seen, to recognize its propagation to the parent widgets.

    Qt offers an event the receiver ignored to each parent in turn, and the application's
    event filter sees every offer: the same C++ event, addressed to an ancestor. Addresses
    only, so that a deleted widget's wrapper is not kept alive.
    """

    event_address: int
    kind: QEvent.Type
    key: int
    text: str
    receiver_ancestors: frozenset[int]


class ScannerWedge(QObject):
    """Recognizes a scanner's burst of keys anywhere in the desk and reports its payload.

    Installs itself as an event filter on the application: a filter on a window would
    only see the keys addressed to the window itself, never those of its focused child.

    Signals:
    scanned(str): a burst ended with Enter; the payload without the Enter, mapped back
        to Latin when the desk's layout was Russian.
    """

    scanned = Signal(str)

    def __init__(self, *, window: QWidget | None = None, max_gap_ms: int = 50,
                 min_length: int = 6, clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None) -> None:
        """``window`` limits the wedge to the keys of that window (None: every window).

        ``clock`` returns seconds; tests pass their own to type at a chosen pace.
        """
        if max_gap_ms <= 0:
            raise ValueError("max_gap_ms must be positive")
        if min_length < 1:
            raise ValueError("min_length must be at least 1")
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("create the QApplication before the scanner wedge")
        super().__init__(parent)
        # Weak: the window usually owns the wedge, and a strong reference back would be a
        # cycle through Qt's parent link that Python's collector cannot see.
        self._window = weakref.ref(window) if window is not None else None
        self._max_gap = max_gap_ms / 1000
        self._min_length = min_length
        self._clock = clock
        self._enabled = True
        self._burst: _Burst | None = None
        self._last_delivery: _Delivery | None = None
        self._swallowed_release: int | None = None
        self._replaying: set[int] = set()
        # Ends a burst nobody continues: sends on the keys held back from a widget and
        # forgets the field's earlier text. Twice the gap, so that a loop that was busy
        # for a moment still gets to deliver the next queued key of a burst first.
        self._expiry_timer = QTimer(self)
        self._expiry_timer.setSingleShot(True)
        self._expiry_timer.setInterval(2 * max_gap_ms)
        self._expiry_timer.timeout.connect(self._on_expiry_timer_timeout)
        # Qt drops a deleted filter by itself (it keeps filters by QPointer).
        app.installEventFilter(self)

    @property
    def max_gap_ms(self) -> int:
        return round(self._max_gap * 1000)

    @property
    def min_length(self) -> int:
        return self._min_length

    @property
    def enabled(self) -> bool:
        return self._enabled

    @enabled.setter
    def enabled(self, enabled: bool) -> None:
        self.set_enabled(enabled)

    def set_enabled(self, enabled: bool) -> None:
        """Turn the wedge on or off; while off it touches no key at all (the lock screen)."""
        self._enabled = enabled
        if not enabled:
            # Keys held back a moment ago were typed before the switch: deliver them.
            self._end_burst()
            self._swallowed_release = None
            self._last_delivery = None

    # -- event filter -----------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() not in _KEY_EVENTS or not self._enabled:
            return False
        if not isinstance(watched, QWidget):
            # The window system's copy for the QWindow, forwarded next to the focus widget.
            self._last_delivery = None
            return False
        if not isinstance(event, QKeyEvent):  # a QEvent of a key type the binding did not wrap
            return False
        address = _address(event)
        if address in self._replaying or self._is_propagation(address, watched, event):
            return False
        if self._window is not None and watched.window() is not self._window():
            if event.type() == QEvent.Type.KeyPress:
                self._end_burst()
            return False
        if event.type() == QEvent.Type.KeyRelease:
            return self._on_key_released(watched, event)
        return self._on_key_pressed(watched, event)

    def _is_propagation(self, address: int, receiver: QWidget, event: QKeyEvent) -> bool:
        last = self._last_delivery
        if (last is not None and last.event_address == address and last.kind == event.type()
                and last.key == event.key() and last.text == event.text()
                and _address(receiver) in last.receiver_ancestors):
            return True
        ancestors = set()
        parent = receiver.parentWidget()
        while parent is not None:
            ancestors.add(_address(parent))
            parent = parent.parentWidget()
        self._last_delivery = _Delivery(address, event.type(), event.key(), event.text(),
                                        frozenset(ancestors))
        return False

    def _on_key_pressed(self, receiver: QWidget, event: QKeyEvent) -> bool:
        self._swallowed_release = None
        if event.key() in _MODIFIER_KEYS:
            return self._hold_if_holding(receiver, event)
        if event.key() in _ENTER_KEYS and not event.isAutoRepeat() and not (
                event.modifiers() & ~_ENTER_MODIFIERS):
            return self._on_enter_pressed(receiver, event)
        text = event.text()
        if (not text or not text.isprintable() or event.isAutoRepeat()
                or event.modifiers() & ~_TYPING_MODIFIERS):
            # Tab, arrows, Backspace, a shortcut, a held-down key: a person, not a scanner.
            self._end_burst()
            return False
        now = self._clock()
        burst = self._burst
        if burst is not None and (burst.receiver is not receiver
                                  or now - burst.last_press >= self._max_gap):
            self._end_burst()
            burst = None
        if burst is None:
            burst = self._burst = _Burst(receiver, _text_state_of(receiver), now)
        burst.chars.append(text)
        burst.last_press = now
        self._expiry_timer.start()
        if burst.before is None:
            burst.held.append(_HeldKey.of(event))
            return True
        return False

    def _on_enter_pressed(self, receiver: QWidget, event: QKeyEvent) -> bool:
        now = self._clock()
        burst = self._burst
        payload = "".join(burst.chars) if burst is not None else ""
        if (burst is None or burst.receiver is not receiver
                or now - burst.last_press >= self._max_gap or len(payload) < self._min_length):
            self._end_burst()
            return False
        self._burst = None
        self._expiry_timer.stop()
        if burst.before is not None:
            burst.before.restore()
        self._swallowed_release = event.key()
        if looks_like_russian_layout(payload):
            payload = to_latin_layout(payload)
        # Last, with the wedge's state settled: a slot may open a dialog and type into it.
        self.scanned.emit(payload)
        return True

    def _on_key_released(self, receiver: QWidget, event: QKeyEvent) -> bool:
        if event.key() == self._swallowed_release and not event.isAutoRepeat():
            self._swallowed_release = None
            return True
        return self._hold_if_holding(receiver, event)

    def _hold_if_holding(self, receiver: QWidget, event: QKeyEvent) -> bool:
        """Keep a key behind the held ones, so that they all arrive in the order typed."""
        burst = self._burst
        if burst is None or burst.before is not None or burst.receiver is not receiver:
            return False
        burst.held.append(_HeldKey.of(event))
        return True

    def _on_expiry_timer_timeout(self) -> None:
        self._end_burst()

    def _end_burst(self) -> None:
        """The burst was not a scan: deliver whatever was held back, as it was typed."""
        burst, self._burst = self._burst, None
        self._expiry_timer.stop()
        if burst is None:
            return
        for held in burst.held:
            if not shiboken6.isValid(burst.receiver):
                return
            event = held.event()
            address = _address(event)
            self._replaying.add(address)
            try:
                QCoreApplication.sendEvent(burst.receiver, event)
            finally:
                self._replaying.discard(address)
