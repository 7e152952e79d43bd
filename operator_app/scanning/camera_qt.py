"""The camera loop on its own thread: frames in, a small preview and decoded codes out.

The GUI thread only receives a preview already scaled to display size and the codes
found; it never decodes and never converts full-size frames.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import cv2
from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtGui import QImage

from operator_app.scanning.decoders import (
    BarcodeDecoder,
    Decoded,
    FramePolicy,
    camera_decoder,
    unread_hint,
)
from operator_app.scanning.sources import CameraError, Frame, FrameSource

# A few unreadable frames happen (USB hiccups); this many in a row means the camera is gone.
LOST_AFTER_EMPTY_READS = 15


@dataclass(frozen=True)
class PreviewFrame:
    image: QImage
    outlines: tuple[tuple[tuple[float, float], ...], ...]  # in preview pixel coordinates
    decode_ms: float
    # codes seen but not read: their crops (x0, y0, x1, y1 in preview pixels) and what
    # the clerk can do about it (decoders.unread_hint), "" when there is none
    unread: tuple[tuple[float, float, float, float], ...] = ()
    hint: str = ""


class NoDecoder:
    """For capturing stills: the preview without looking for codes."""

    name = "none"

    def decode(self, image: Frame) -> list[Decoded]:
        return []


class CameraWorker(QThread):
    """Signals:
    frame_ready(PreviewFrame): a preview for display, with the codes outlined.
    code_found(Decoded): a code not seen in the last ``repeat_seconds`` (coordinates of the
        full frame).
    failed(str): the camera could not be opened or was lost; the worker then stops.
    """

    frame_ready = Signal(object)
    code_found = Signal(object)
    failed = Signal(str)

    def __init__(self, source: FrameSource, decoder: BarcodeDecoder, *, preview_width: int = 640, repeat_seconds: float = 4.0,
                 preview_fps: float = 20.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self._decoder = decoder
        self._preview_width = preview_width
        self._repeat_seconds = repeat_seconds
        self._preview_interval = 1.0 / preview_fps
        self._stop = threading.Event()
        self._last_seen: dict[str, float] = {}
        self._frame_lock = threading.Lock()
        self._last_frame: Frame | None = None

    def last_frame(self) -> Frame | None:
        """The newest full-resolution frame (a still for a document copy)."""
        with self._frame_lock:
            return None if self._last_frame is None else self._last_frame.copy()

    def stop(self, timeout_ms: int = 3000) -> None:
        self._stop.set()
        self.wait(timeout_ms)

    def run(self) -> None:
        try:
            self.source.open()
        except CameraError as exc:
            self.failed.emit(str(exc))
            return
        try:
            # A cascade's rescue steps run only on frames that give them a reason
            # (decoders.FramePolicy): an empty view costs the first pass alone.
            self._loop(camera_decoder(self._decoder))
        finally:
            self.source.close()

    def _loop(self, decoder: BarcodeDecoder) -> None:
        empty_reads = 0
        last_preview = 0.0
        while not self._stop.is_set():
            frame = self.source.read()
            if frame is None:
                empty_reads += 1
                if empty_reads >= LOST_AFTER_EMPTY_READS:
                    self.failed.emit(f"{self.source.name}: камера перестала передавать "
                                     "изображение (отключена?). Подключите её и включите снова; "
                                     "ручной сканер, файл и ввод номера работают.")
                    return
                time.sleep(0.02)
                continue
            empty_reads = 0
            with self._frame_lock:
                self._last_frame = frame
            started = time.perf_counter()
            codes = decoder.decode(frame)
            decode_ms = (time.perf_counter() - started) * 1000
            now = time.monotonic()
            for code in codes:
                if now - self._last_seen.get(code.text, -1e9) >= self._repeat_seconds:
                    self.code_found.emit(code)
                self._last_seen[code.text] = now
            if codes or now - last_preview >= self._preview_interval:
                last_preview = now
                unread = decoder.unread if isinstance(decoder, FramePolicy) else []
                self.frame_ready.emit(self._preview(frame, codes, decode_ms, unread))

    def _preview(self, frame: Frame, codes: list[Decoded], decode_ms: float,
                 unread: list[tuple[int, int, int, int]] | None = None) -> PreviewFrame:
        height, width = frame.shape[:2]
        scale = min(1.0, self._preview_width / width)
        small = cv2.resize(frame, (round(width * scale), round(height * scale)),
                           interpolation=cv2.INTER_AREA) if scale < 1.0 else frame
        rgb = cv2.cvtColor(small, cv2.COLOR_BGR2RGB)
        h, w = rgb.shape[:2]
        image = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
        outlines = tuple(tuple((x * scale, y * scale) for x, y in code.points) for code in codes)
        boxes = tuple((x0 * scale, y0 * scale, x1 * scale, y1 * scale)
                      for x0, y0, x1, y1 in unread or ())
        hint = unread_hint(frame, unread) if unread else ""
        return PreviewFrame(image, outlines, decode_ms, boxes, hint)
