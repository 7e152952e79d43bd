"""The MRZ read from the webcam: a live preview, the zone outlined as it is found, frames
voting, and a hint in words when it can't read (scanning/mrz_live.py).

The camera runs on its own thread (CameraWorker, preview only); a second thread reads
the newest frame as fast as the reader goes and drops the frames in between, so the GUI
thread only paints. The dialog closes itself with the result when two frames agree on
every line; the document dialog then shows it as it shows a reading from a copy.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from PySide6.QtCore import QPointF, QThread, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from operator_app.scanning.camera_qt import CameraWorker, NoDecoder, PreviewFrame
from operator_app.scanning.mrz import MrzResult, read_mrz
from operator_app.scanning.mrz_live import HINT_LOOKING, MrzVoter
from operator_app.scanning.sources import FrameSource
from operator_app.views.scan_panel import PreviewLabel

PREVIEW_WIDTH = 960


class _Reader(QThread):
    """Reads the newest camera frame, again and again; emits (frame, result, scale)."""

    read = Signal(object)

    def __init__(self, camera: CameraWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._camera = camera
        self._stop = threading.Event()

    def stop(self, timeout_ms: int = 5000) -> None:
        self._stop.set()
        self.wait(timeout_ms)

    def run(self) -> None:
        while not self._stop.is_set():
            frame = self._camera.last_frame()
            if frame is None:
                time.sleep(0.03)
                continue
            try:
                result = read_mrz(frame, fallback=False)  # no Tesseract per frame
            except Exception:  # noqa: BLE001 - a frame the reader chokes on is no reading
                result = None
            self.read.emit((frame, result))


class MrzCameraDialog(QDialog):
    """Signals: mrz_read(MrzResult) — frames agreed; the dialog then accepts."""

    mrz_read = Signal(object)

    def __init__(self, source: FrameSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("MRZ с камеры"))
        self.resize(1000, 700)
        self.mrz: MrzResult | None = None
        self.voter = MrzVoter()
        self.preview = PreviewLabel()
        self.preview.clear_frame(self.tr("Камера включается…"))
        self.hint = QLabel(self.tr(HINT_LOOKING))
        self.hint.setObjectName("mrzCameraHint")
        self.hint.setWordWrap(True)
        self.progress = QLabel()
        self.progress.setObjectName("muted")
        cancel = QPushButton(self.tr("Отмена"))
        cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.preview, 1)
        layout.addLayout(row)
        self._quad: tuple[tuple[float, float], ...] = ()
        self._frame_width = 0
        self.camera = CameraWorker(source, NoDecoder(), preview_width=PREVIEW_WIDTH, parent=self)
        self.camera.frame_ready.connect(self._on_frame)
        self.camera.failed.connect(self._on_failed)
        self.reader = _Reader(self.camera, self)
        self.reader.read.connect(self._on_read)
        self.camera.start()
        self.reader.start()

    def _on_frame(self, frame: PreviewFrame) -> None:
        if self._quad and self._frame_width:
            # The zone where the reader last found it, on the preview.
            scale = frame.image.width() / self._frame_width
            image = frame.image.copy()
            painter = QPainter(image)
            painter.setPen(QPen(QColor("#31d158"), 3))
            painter.drawPolygon(QPolygonF([QPointF(x * scale, y * scale)
                                           for x, y in self._quad]))
            painter.end()
            frame = PreviewFrame(image, frame.outlines, frame.decode_ms)
        self.preview.show_frame(frame)

    def _on_failed(self, text: str) -> None:
        self.preview.clear_frame(text)
        self.hint.setText(text)

    def _on_read(self, payload: Any) -> None:
        frame, result = payload
        if self.mrz is not None:
            return
        self._frame_width = frame.shape[1]
        self._quad = tuple(result.quad) if result is not None else ()
        vote = self.voter.feed(frame, result)
        if vote.result is None:
            self.hint.setText(self.tr(vote.hint))
            self.progress.setText(self.tr("Совпало кадров: {0} из 2").format(vote.agreeing)
                                  if vote.agreeing else "")
            return
        self.mrz = vote.result
        self.hint.setText(self.tr("MRZ прочитана."))
        self.mrz_read.emit(vote.result)
        self.accept()

    def done(self, result: int) -> None:
        self.reader.stop()
        self.camera.stop()
        super().done(result)
