"""A still of a document from the webcam: live picture, take the still, adjust the corners
the desk found, and keep the straightened copy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import cv2
import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QDialog,
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsPolygonItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from operator_app.scanning.camera_qt import CameraWorker, NoDecoder, PreviewFrame
from operator_app.scanning.quality import assess, find_document_corners, warp_document
from operator_app.scanning.sources import FrameSource
from operator_app.views.copy_viewer import to_qimage
from operator_app.views.scan_panel import PreviewLabel
from operator_app.views.widgets import Banner

HANDLE = 14.0


class _Handle(QGraphicsEllipseItem):
    def __init__(self, point: QPointF, moved: Callable[[], None]) -> None:
        super().__init__(-HANDLE, -HANDLE, 2 * HANDLE, 2 * HANDLE)
        self.setPos(point)
        self.setBrush(QBrush(QColor(49, 209, 88, 160)))
        self.setPen(QPen(QColor("white"), 2))
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setCursor(Qt.CursorShape.SizeAllCursor)
        self._moved = moved

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:  # noqa: N802
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            self._moved()
        return super().itemChange(change, value)


class CaptureDialog(QDialog):
    """``result_image`` holds the straightened copy once accepted."""

    def __init__(self, source: FrameSource, *, size_mm: tuple[float, float],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Снимок документа с камеры"))
        self.resize(980, 720)
        self.size_mm = size_mm
        self.still: Any = None
        self.result_image: Any = None
        self.handles: list[_Handle] = []
        self.preview = PreviewLabel()
        self.preview.clear_frame(self.tr("Камера включается…"))
        self.scene = QGraphicsScene(self)
        self.view = QGraphicsView(self.scene)
        self.outline = QGraphicsPolygonItem()
        self.outline.setPen(QPen(QColor("#31d158"), 3))
        self.pages = QStackedWidget()
        self.pages.addWidget(self.preview)
        self.pages.addWidget(self.view)
        self.message = Banner()
        self.hint = QLabel(self.tr("Положите документ целиком в кадр и нажмите «Снять»."))
        self.take_button = QPushButton(self.tr("Снять"))
        self.take_button.setDefault(True)
        self.take_button.clicked.connect(self._on_take_clicked)
        self.retake_button = QPushButton(self.tr("Переснять"))
        self.retake_button.clicked.connect(self._on_retake_clicked)
        self.keep_button = QPushButton(self.tr("Сохранить копию"))
        self.keep_button.clicked.connect(self._on_keep_clicked)
        cancel = QPushButton(self.tr("Отмена"))
        cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        for button in (self.take_button, self.retake_button, self.keep_button):
            row.addWidget(button)
        row.addStretch()
        row.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)
        layout.addLayout(row)
        self.worker = CameraWorker(source, NoDecoder(), preview_width=960, parent=self)
        self.worker.frame_ready.connect(self._on_worker_frame_ready)
        self.worker.failed.connect(self._on_worker_failed)
        self._set_mode(live=True)
        self.worker.start()

    def _set_mode(self, *, live: bool) -> None:
        self.pages.setCurrentIndex(0 if live else 1)
        self.take_button.setVisible(live)
        self.retake_button.setVisible(not live)
        self.keep_button.setVisible(not live)

    def _on_worker_frame_ready(self, frame: PreviewFrame) -> None:
        self.preview.show_frame(frame)

    def _on_worker_failed(self, text: str) -> None:
        self.preview.clear_frame(text)
        self.message.show_message(text, "warning")
        self.take_button.setEnabled(False)

    def _on_take_clicked(self) -> None:
        frame = self.worker.last_frame()
        if frame is None:
            self.message.show_message(self.tr("Камера ещё не передала изображение."), "warning")
            return
        self.still = frame
        corners = find_document_corners(frame)
        height, width = frame.shape[:2]
        if corners is None:
            inset = 0.05
            corners = np.array([[width * inset, height * inset],
                                [width * (1 - inset), height * inset],
                                [width * (1 - inset), height * (1 - inset)],
                                [width * inset, height * (1 - inset)]], np.float32)
            self.message.show_message(self.tr("Края документа не найдены: поставьте углы "
                                              "вручную."), "warning")
        else:
            self.message.show_message(self.tr("Края найдены. Поправьте углы, если нужно."),
                                      "info")
        self.scene.clear()
        self.scene.addItem(QGraphicsPixmapItem(QPixmap.fromImage(to_qimage(frame))))
        self.outline = QGraphicsPolygonItem()
        self.outline.setPen(QPen(QColor("#31d158"), 3))
        self.scene.addItem(self.outline)
        self.handles = []
        for x, y in corners:
            handle = _Handle(QPointF(float(x), float(y)), self._update_outline)
            self.scene.addItem(handle)
            self.handles.append(handle)
        self._update_outline()
        self.view.fitInView(self.scene.itemsBoundingRect(), Qt.AspectRatioMode.KeepAspectRatio)
        self._set_mode(live=False)

    @property
    def corners(self) -> Any:
        return np.array([[h.pos().x(), h.pos().y()] for h in self.handles], np.float32)

    def _update_outline(self) -> None:
        self.outline.setPolygon(QPolygonF([h.pos() for h in self.handles]))

    def _on_retake_clicked(self) -> None:
        self._set_mode(live=True)

    def _on_keep_clicked(self) -> None:
        # Judged on the still itself: straightening adds pixels, not detail.
        quality = assess(self.still, document_size_mm=self.size_mm, corners=self.corners)
        if not quality.ok:
            self.message.show_message(self.tr("Копия не годится — переснимите: {0}.").format(
                "; ".join(quality.messages)), "error")
            return
        self.result_image = warp_document(self.still, self.corners, size_mm=self.size_mm)
        self.accept()

    def encoded(self) -> bytes:
        ok, data = cv2.imencode(".jpg", self.result_image, [cv2.IMWRITE_JPEG_QUALITY, 92])
        assert ok
        return bytes(data.tobytes())

    def done(self, result: int) -> None:
        self.worker.stop()
        super().done(result)
