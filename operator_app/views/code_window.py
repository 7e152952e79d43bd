"""The issued code: large on the desk, and on a customer-facing window on a second screen.

The clear code lives only in these widgets' memory, for as long as they are open; closing
the dialog clears it. Nothing writes it anywhere but the printed slip — so until the slip
is printed, Esc or the window's close button ask before the code is gone for good.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from operator_app.services.codes import format_code
from operator_app.views.widgets import Banner, give_key


def _big(text: str, scale: float, *, mono: bool = False) -> QLabel:
    label = QLabel(text)
    font = QFont("DejaVu Sans Mono" if mono else label.font().family())
    font.setPointSizeF(label.font().pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


class CustomerWindow(QWidget):
    """What the applicant sees: their name and the code, no other personal data."""

    def __init__(self, name: str, code: str, *, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("customerWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setWindowTitle(self.tr("Код подтверждения"))
        self.name_label = _big(name, 2.2)
        self.name_label.setObjectName("customerName")
        self.code_label = _big(format_code(code), 5.0, mono=True)
        self.code_label.setObjectName("customerCode")
        hint = QLabel(self.tr("Введите этот код на портале Госуслуг, чтобы подтвердить учётную "
                              "запись.\nEnter this code on the Gosuslugi portal to confirm your "
                              "account."))
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(self.name_label)
        layout.addWidget(self.code_label)
        layout.addWidget(hint)
        layout.addStretch()

    def show_on_customer_screen(self) -> bool:
        """Full screen on the second screen if there is one; returns whether it was shown."""
        screens = QGuiApplication.screens()
        if len(screens) < 2:
            return False
        primary = QGuiApplication.primaryScreen()
        target = next((s for s in screens if s is not primary), screens[-1])
        self.setGeometry(target.geometry())
        self.showFullScreen()
        return True


class CodeDialog(QDialog):
    """The code for the clerk to read out and print.

    "Готово" closes it. Esc or the window's close button only ask ("Не закрывать" is the
    default) until the slip was printed (``slip_printed``): a code closed by a stray key
    can only be replaced by a new one, the old one revoked.

    Signals:
    print_requested(str): "a4" or "receipt80".
    """

    print_requested = Signal(str)

    def __init__(self, *, code: str, name_cyrillic: str, name_latin: str, number: str,
                 expires: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codeDialog")
        self.setWindowTitle(self.tr("Код подтверждения выдан"))
        self.setMinimumWidth(640)
        self._code = code
        self._printed = False
        self._closing_agreed = False
        self._forgotten = False
        self.close_question: QMessageBox | None = None
        self.code_label = _big(format_code(code), 4.0, mono=True)
        self.code_label.setObjectName("issuedCode")
        self.code_label.setAccessibleName(self.tr("Код подтверждения"))
        aloud = QLabel(self.tr("Прочитайте по группам: ") + " · ".join(
            " ".join(group) for group in format_code(code).split("-")))
        aloud.setAlignment(Qt.AlignmentFlag.AlignCenter)
        aloud.setObjectName("codeAloud")
        who = QLabel(f"{name_cyrillic} ({name_latin}) · {self.tr('заявление')} {number}")
        who.setAlignment(Qt.AlignmentFlag.AlignCenter)
        who.setWordWrap(True)
        valid = QLabel(self.tr("Действует до {0}. Код одноразовый; после закрытия окна его "
                               "нельзя показать снова — только выдать новый.").format(expires))
        valid.setWordWrap(True)
        valid.setObjectName("muted")
        self.message = Banner()
        self.print_a4 = QPushButton(self.tr("Печать (A4)"))
        self.print_a4.clicked.connect(lambda: self.print_requested.emit("a4"))
        self.print_receipt = QPushButton(self.tr("Печать (чек 80 мм)"))
        self.print_receipt.clicked.connect(lambda: self.print_requested.emit("receipt80"))
        self.close_button = QPushButton(self.tr("Готово"))
        # No default button: a hand scanner's Enter must neither close nor print.
        for button in (self.print_a4, self.print_receipt, self.close_button):
            button.setAutoDefault(False)
        self.close_button.clicked.connect(self.accept)
        # Keys with a modifier: a scanner's burst and its Enter press none of them.
        give_key(self.print_a4, "Ctrl+P")
        give_key(self.print_receipt, "Ctrl+Shift+P")
        give_key(self.close_button, "Ctrl+Return")
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_a4)
        buttons.addWidget(self.print_receipt)
        buttons.addStretch()
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addWidget(self.code_label)
        layout.addWidget(aloud)
        layout.addWidget(valid)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        # The buttons with their keys whole (a set minimum width stops the layout's own).
        self.setMinimumWidth(max(640, layout.minimumSize().width()))
        self.customer = CustomerWindow(name_cyrillic or name_latin, code, parent=self)
        self.customer_shown = self.customer.show_on_customer_screen()

    @property
    def code(self) -> str:
        return self._code

    @property
    def printed(self) -> bool:
        """Whether a slip with the code came out: closing then needs no question."""
        return self._printed

    def slip_printed(self, message: str) -> None:
        """The desk's word that the slip was printed (or filed): says so on the dialog."""
        self._printed = True
        self.message.show_message(message, "ok")

    def discard(self) -> None:
        """Close without the question: for a caller that has already asked (logging out
        with the code listed among what would be lost)."""
        self._closing_agreed = True
        self.reject()

    def reject(self) -> None:
        # Esc and the close button (QDialog.closeEvent) both come here; "Готово" does not.
        if self._printed or self._closing_agreed or self._forgotten:
            super().reject()
            return
        self._ask_before_closing()

    def _ask_before_closing(self) -> None:
        if self.close_question is not None:
            self.close_question.raise_()
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Код не напечатан"),
                          self.tr("Код больше не будет показан на экране. Закрыть окно?"),
                          parent=self)
        box.setObjectName("closeCodeQuestion")
        box.setInformativeText(self.tr("Если заявитель не записал код, останется только "
                                       "выдать новый."))
        keep = box.addButton(self.tr("Не закрывать"), QMessageBox.ButtonRole.RejectRole)
        box.addButton(self.tr("Закрыть окно"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.setWindowModality(Qt.WindowModality.WindowModal)

        def answered(_result: int) -> None:
            self.close_question = None
            clicked: QAbstractButton | None = box.clickedButton()
            box.deleteLater()
            if clicked is not None and clicked is not keep:
                self.discard()

        box.finished.connect(answered)
        self.close_question = box
        box.open()

    def done(self, result: int) -> None:
        self._forget()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        super().closeEvent(event)  # a visible dialog: reject(), which may keep it open
        if event.isAccepted():
            self._forget()

    def _forget(self) -> None:
        if self.close_question is not None:
            self.close_question.deleteLater()
            self.close_question = None
        if not self._forgotten:
            self._forgotten = True
            self.customer.close()
            self.customer.deleteLater()
        self.code_label.setText("")
        self._code = ""
