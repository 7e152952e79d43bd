"""The scan panel: webcam preview with the code outlined, camera chooser, open or drop a file.

It only reads codes; what a code means is decided by the desk (``services.scan``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QPainter,
    QPen,
    QPolygonF,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from operator_app.messages import t
from operator_app.scanning.camera_qt import CameraWorker, PreviewFrame
from operator_app.scanning.decoders import Decoded, FileDecodeResult
from operator_app.scanning.sources import FrameSource, OpenCvSource, list_cameras
from operator_app.views.i18n import QT_TRANSLATE_NOOP
from operator_app.views.operations import BackgroundOp
from operator_app.views.widgets import describe_error

FILE_FILTER = QT_TRANSLATE_NOOP(
    "ScanPanel", "Изображения и PDF (*.png *.jpg *.jpeg *.bmp *.webp *.pdf);;Все файлы (*)")
FLASH_MS = 600
# how long the same hint about an unread code must hold (over two previews at least)
# before it shows, and its absence before it goes
HINT_AFTER_SECONDS = 0.4
# Codes of one camera frame arrive one by one from the worker; those within this window are
# one sighting (a sheet with several applications is listed, not opened one after another).
FRAME_BATCH_MS = 150


class CodeChooser(QDialog):
    """Several codes in one file or frame: the clerk picks the one to read; none is read
    before that.

    Signals:
    chosen(str, str): the code's text and barcode format.
    """

    chosen = Signal(str, str)

    def __init__(self, items: list[tuple[str, str, str, bool]], *, source: str,
                 parent: QWidget | None = None) -> None:
        """``items``: (what the clerk reads, text, format, can be opened)."""
        super().__init__(parent)
        self.source = source
        self.setObjectName("codeChooser")
        self.setWindowTitle(self.tr("Несколько кодов"))
        intro = QLabel(self.tr("Найдено кодов: {0}. Ни одно заявление ещё не открыто — выберите "
                               "заявление этого заявителя.").format(len(items)))
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("codeChooserList")
        self.list.setWordWrap(True)
        for label, text, code_format, usable in items:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, (text, code_format))
            if not usable:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled
                              & ~Qt.ItemFlag.ItemIsSelectable)
            self.list.addItem(item)
        # Nothing is picked for the clerk: a hand scanner's Enter typed into this window
        # must not open the first application. (A view that gets the focus makes its first
        # row current by itself, so what counts is the row the clerk selected.)
        self.list.itemActivated.connect(lambda _item: self._on_accept())
        self.list.itemSelectionChanged.connect(self._update_ok)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Открыть выбранное"))
        self.ok_button.setEnabled(False)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Отмена"))
        buttons.accepted.connect(self._on_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(600, 320)

    def picked(self) -> QListWidgetItem | None:
        """The application the clerk selected, if any."""
        items = self.list.selectedItems()
        return items[0] if items and items[0].flags() & Qt.ItemFlag.ItemIsEnabled else None

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(self.picked() is not None)

    def labels(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _on_accept(self) -> None:
        item = self.picked()
        if item is None:
            return
        text, code_format = item.data(Qt.ItemDataRole.UserRole)
        self.accept()
        self.chosen.emit(text, code_format)


class PreviewLabel(QLabel):
    """The live picture; paints the outlines of the codes found on the last frame."""

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cameraPreview")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(QSize(300, 150))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setWordWrap(True)
        self._frame: PreviewFrame | None = None
        self.flashing = False

    def show_frame(self, frame: PreviewFrame) -> None:
        self._frame = frame
        self.update()

    def clear_frame(self, text: str) -> None:
        self._frame = None
        self.setText(text)
        self.update()

    @property
    def outlines(self) -> tuple[tuple[tuple[float, float], ...], ...]:
        return self._frame.outlines if self._frame is not None else ()

    def paintEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        if self._frame is None:
            super().paintEvent(event)  # type: ignore[arg-type]
            return
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#111"))
        image = self._frame.image
        scaled = image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        x0 = (self.width() - scaled.width()) / 2
        y0 = (self.height() - scaled.height()) / 2
        factor = scaled.width() / max(1, image.width())
        painter.drawImage(int(x0), int(y0), image.scaled(scaled))
        pen = QPen(QColor("#31d158"), 4)
        painter.setPen(pen)
        for outline in self._frame.outlines:
            polygon = QPolygonF([QPointF(x0 + x * factor, y0 + y * factor) for x, y in outline])
            painter.drawPolygon(polygon)
        # a code seen but not read: a dashed amber frame round it (the hint under the
        # picture says what to do, so the colour is not the only sign)
        painter.setPen(QPen(QColor("#ffb000"), 3, Qt.PenStyle.DashLine))
        for bx0, by0, bx1, by1 in self._frame.unread:
            painter.drawRect(QRectF(x0 + bx0 * factor, y0 + by0 * factor,
                                    (bx1 - bx0) * factor, (by1 - by0) * factor))
        if self.flashing:
            painter.setPen(QPen(QColor("#31d158"), 12))
            painter.drawRect(self.rect().adjusted(6, 6, -6, -6))
        painter.end()


class ScanPanel(QWidget):
    """Signals:
    code_read(str, str, str): text, source ("camera" | "file") and barcode format.
    codes_read(object, str): several different codes in one file or camera frame — a list
        of (text, format) — and the source; none of them is read as ``code_read``.
    message(str, str): a sentence for the clerk and its kind (info | warning | error).
    """

    code_read = Signal(str, str, str)
    codes_read = Signal(object, str)
    message = Signal(str, str)

    def __init__(self, *, source_factory: Callable[[], FrameSource] | None = None,
                 idle_text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self._worker: CameraWorker | None = None
        self._source_factory = source_factory
        self.camera_box = QComboBox()
        self.camera_box.setObjectName("cameraChooser")
        self.camera_box.setAccessibleName(self.tr("Камера"))
        self.camera_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.camera_box.setMinimumContentsLength(8)
        self.camera_button = QPushButton(self.tr("Включить камеру"))
        self.camera_button.setObjectName("cameraButton")
        self.camera_button.setCheckable(True)
        self.camera_button.toggled.connect(self._on_camera_button_toggled)
        self.file_button = QPushButton(self.tr("Открыть файл…"))
        self.file_button.setToolTip(self.tr("Фото или скан заявления, PDF (Ctrl+O). "
                                            "Файл можно перетащить сюда."))
        self.file_button.clicked.connect(self._on_file_button_clicked)
        QShortcut(QKeySequence("Ctrl+O"), self, self._on_file_button_clicked)
        self.preview = PreviewLabel()
        self.idle_text = idle_text or self.tr(
            "Камера выключена.\nНаведите камеру на QR-код заявления, отсканируйте его ручным "
            "сканером или перетащите файл.")
        self.preview.clear_frame(self.idle_text)
        self.status = QLabel()
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.timeout.connect(self._on_flash_timer_timeout)
        self._frame_codes: list[tuple[str, str]] = []
        self._hint_seen = ""
        self._hint_since = 0.0
        self._hint_frames = 0
        self._hint_shown = False
        self._frame_timer = QTimer(self)
        self._frame_timer.setSingleShot(True)
        self._frame_timer.setInterval(FRAME_BATCH_MS)
        self._frame_timer.timeout.connect(self._on_frame_timer_timeout)

        row = QHBoxLayout()
        row.addWidget(self.camera_box, 1)
        row.addWidget(self.camera_button)
        row.addWidget(self.file_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.status)
        self.refresh_cameras()

    # -- cameras -----------------------------------------------------------------

    def refresh_cameras(self) -> None:
        self.camera_box.clear()
        for camera in list_cameras():
            self.camera_box.addItem(camera.name, camera.index)
        if self.camera_box.count() == 0:
            self.camera_box.addItem(self.tr("Нет камеры"), -1)
            self.camera_box.setEnabled(False)
            self.status.setText(self.tr("Камеры нет: работают ручной сканер, файл и ввод номера."))

    def _make_source(self) -> FrameSource | None:
        if self._source_factory is not None:
            return self._source_factory()
        index = self.camera_box.currentData()
        if index is None or index < 0:
            return None
        return OpenCvSource(int(index))

    @property
    def camera_running(self) -> bool:
        return self._worker is not None and self._worker.isRunning()

    def start_camera(self) -> None:
        if not self.camera_button.isChecked():
            self.camera_button.setChecked(True)  # goes through the toggled handler

    def stop_camera(self) -> None:
        if self.camera_button.isChecked():
            self.camera_button.setChecked(False)
        else:
            self._stop_worker()

    def _on_camera_button_toggled(self, on: bool) -> None:
        if not on:
            self._stop_worker()
            self.camera_button.setText(self.tr("Включить камеру"))
            self.preview.clear_frame(self.idle_text)
            return
        source = self._make_source()
        if source is None:
            self.camera_button.setChecked(False)
            self.message.emit(self.tr("Камера не найдена. Подключите камеру или используйте "
                                      "ручной сканер, файл или ввод номера."), "warning")
            return
        from operator_app.scanning.decoders import default_cascade
        from operator_app.settings import get_settings

        worker = CameraWorker(source, default_cascade(),
                              repeat_seconds=get_settings().scan_repeat_seconds, parent=self)
        worker.frame_ready.connect(self._on_worker_frame_ready)
        worker.code_found.connect(self._on_worker_code_found)
        worker.failed.connect(self._on_worker_failed)
        self._worker = worker
        self.camera_button.setText(self.tr("Выключить камеру"))
        self.preview.clear_frame(self.tr("Камера включается…"))
        self.status.setText(source.name)
        worker.start()

    def _stop_worker(self) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.stop()
            worker.deleteLater()

    def _on_worker_frame_ready(self, frame: PreviewFrame) -> None:
        if self._worker is None:
            return
        self.preview.show_frame(frame)
        # A hint shows once the same one held for a few previews (a code passing through
        # the picture is not a problem) and goes when the code is read or out of view.
        now = time.monotonic()
        if frame.hint != self._hint_seen:
            self._hint_seen, self._hint_since, self._hint_frames = frame.hint, now, 0
        self._hint_frames += 1
        if self._hint_frames < 2 or now - self._hint_since < HINT_AFTER_SECONDS:
            return
        if frame.hint and self.status.text() != t(frame.hint):
            self.status.setText(t(frame.hint))
            self._hint_shown = True
        elif not frame.hint and self._hint_shown:
            self.status.setText(self._worker.source.name)
            self._hint_shown = False

    def _on_worker_code_found(self, code: Decoded) -> None:
        self.preview.flashing = True
        self.preview.update()
        self._flash_timer.start(FLASH_MS)
        QApplication.beep()
        if all(text != code.text for text, _format in self._frame_codes):
            self._frame_codes.append((code.text, code.format))
        self._frame_timer.start()

    def _on_frame_timer_timeout(self) -> None:
        codes, self._frame_codes = self._frame_codes, []
        self._emit_codes(codes, "camera")

    def _emit_codes(self, codes: list[tuple[str, str]], source: str) -> None:
        if len(codes) == 1:
            self.code_read.emit(codes[0][0], source, codes[0][1])
        elif codes:
            self.codes_read.emit(codes, source)

    def _on_flash_timer_timeout(self) -> None:
        self.preview.flashing = False
        self.preview.update()

    def _on_worker_failed(self, text: str) -> None:
        self.camera_button.blockSignals(True)
        self.camera_button.setChecked(False)
        self.camera_button.blockSignals(False)
        self.camera_button.setText(self.tr("Включить камеру"))
        self._stop_worker()
        self.preview.clear_frame(text)
        self.message.emit(text, "warning")

    # -- files ------------------------------------------------------------------------

    def _on_file_button_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Файл с QR-кодом заявления"),
                                                    str(Path.home()), self.tr(FILE_FILTER))
        if path:
            self.read_file(Path(path))

    def read_file(self, path: Path) -> None:
        from operator_app.scanning.decoders import decode_file

        self.status.setText(self.tr("Чтение файла {0}…").format(path.name))
        BackgroundOp(self, lambda: decode_file(path)).success(
            lambda codes: self._on_file_decoded(path, codes)).failure(
            lambda error: self._on_file_failed(path, error)).run()

    def _on_file_decoded(self, path: Path, result: FileDecodeResult) -> None:
        self.status.setText("")
        if not result.codes:
            text = self.tr("В файле {0} не найден QR-код. Нужен снимок, где код виден "
                           "целиком и резко.").format(path.name)
            if result.note:  # a long PDF: only its first pages were read
                text += " " + result.note
            self.message.emit(text, "warning")
            return
        codes: list[tuple[str, str]] = []
        for _page, code in result.codes:
            if all(text != code.text for text, _format in codes):
                codes.append((code.text, code.format))
        self._emit_codes(codes, "file")

    def _on_file_failed(self, path: Path, error: BaseException) -> None:
        self.status.setText("")
        self.message.emit(str(error) if isinstance(error, ValueError) else describe_error(error),
                          "error")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.read_file(Path(url.toLocalFile()))
        event.acceptProposedAction()

    def hideEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        # Leaving the desk screen (idle lock, another section) releases the camera.
        self.stop_camera()
        super().hideEvent(event)  # type: ignore[arg-type]
