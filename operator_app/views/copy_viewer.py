"""Copies of a document: a strip of thumbnails, and a viewer with zoom."""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImage, QKeySequence, QPixmap, QShortcut, QWheelEvent
from PySide6.QtWidgets import (
    QDialog,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def to_qimage(image: Any) -> QImage:
    array = np.ascontiguousarray(image)
    if array.ndim == 2:
        array = cv2.cvtColor(array, cv2.COLOR_GRAY2BGR)
    rgb = cv2.cvtColor(array, cv2.COLOR_BGR2RGB)
    height, width = rgb.shape[:2]
    return QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


class CopyStrip(QListWidget):
    """Thumbnails of a document's copies; the copy id under ``Qt.UserRole``."""

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("copyStrip")
        self.setViewMode(QListWidget.ViewMode.IconMode)
        self.setFlow(QListWidget.Flow.LeftToRight)
        self.setWrapping(False)
        self.setIconSize(QSize(120, 90))
        self.setFixedHeight(130)
        self.setMovement(QListWidget.Movement.Static)

    def show_thumbs(self, thumbs: list[Any]) -> None:
        self.clear()
        for thumb in thumbs:
            item = QListWidgetItem(QIcon(QPixmap.fromImage(to_qimage(thumb.thumbnail))),
                                   f"{thumb.dpi or '?'} dpi · {thumb.source}")
            item.setData(Qt.ItemDataRole.UserRole, thumb.id)
            item.setToolTip(self.tr("{0}×{1}, {2}, {3} КБ").format(
                thumb.width, thumb.height, thumb.format.upper(), thumb.size_bytes // 1024))
            self.addItem(item)
        self.setVisible(bool(thumbs))


class ZoomView(QGraphicsView):
    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        factor = 1.25 if event.angleDelta().y() > 0 else 0.8
        self.scale(factor, factor)


class CopyViewer(QDialog):
    """One copy at full resolution: wheel or +/− to zoom, 0 to fit."""

    def __init__(self, image: Any, title: str, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(1000, 760)
        self.scene = QGraphicsScene(self)
        self.item = QGraphicsPixmapItem(QPixmap.fromImage(to_qimage(image)))
        self.item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene.addItem(self.item)
        self.view = ZoomView(self.scene)
        self.view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        zoom_in, zoom_out, fit = (QPushButton("+"), QPushButton("−"),
                                  QPushButton(self.tr("По размеру окна")))
        zoom_in.clicked.connect(lambda: self.zoom(1.25))
        zoom_out.clicked.connect(lambda: self.zoom(0.8))
        fit.clicked.connect(self.fit)
        QShortcut(QKeySequence("+"), self, lambda: self.zoom(1.25))
        QShortcut(QKeySequence("-"), self, lambda: self.zoom(0.8))
        QShortcut(QKeySequence("0"), self, self.fit)
        row = QHBoxLayout()
        row.addWidget(zoom_out)
        row.addWidget(zoom_in)
        row.addWidget(fit)
        row.addStretch()
        row.addWidget(QLabel(self.tr("Колесо мыши — масштаб, перетаскивание — сдвиг")))
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)

    @property
    def zoom_factor(self) -> float:
        return self.view.transform().m11()

    def zoom(self, factor: float) -> None:
        self.view.scale(factor, factor)

    def fit(self) -> None:
        self.view.fitInView(self.item, Qt.AspectRatioMode.KeepAspectRatio)

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)  # type: ignore[arg-type]
        self.fit()
