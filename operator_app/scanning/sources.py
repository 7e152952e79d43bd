"""Where frames come from: a webcam, or a video file that stands in for one (tests, demos).

Both go through the real ``cv2.VideoCapture``; the camera worker only sees the
:class:`FrameSource` protocol.
"""

from __future__ import annotations

import glob
import os
import re
import time
from dataclasses import dataclass
from typing import Protocol

import cv2
import numpy as np
from numpy.typing import NDArray

from operator_app.messages import t

Frame = NDArray[np.uint8]


class CameraError(Exception):
    """The camera cannot be used; the message says why and what to do instead."""


class FrameSource(Protocol):
    name: str

    def open(self) -> None:
        """Raise :class:`CameraError` with a clear sentence when the device can't be used."""

    def read(self) -> Frame | None:
        """The next frame, or None when none came (device lost, end of file)."""

    def close(self) -> None: ...


@dataclass(frozen=True)
class CameraInfo:
    index: int
    name: str


def list_cameras() -> list[CameraInfo]:
    """Cameras the system lists (Linux: /dev/video*), without opening them: opening is slow
    and would steal a camera another program is using."""
    found = []
    for path in sorted(glob.glob("/dev/video*")):
        match = re.fullmatch(r"/dev/video(\d+)", path)
        if not match:
            continue
        index = int(match.group(1))
        name_file = f"/sys/class/video4linux/video{index}/name"
        try:
            with open(name_file, encoding="utf-8") as handle:
                name = handle.read().strip()
        except OSError:
            name = f"Камера {index}"
        found.append(CameraInfo(index, f"{name} (/dev/video{index})"))
    return found


class OpenCvSource:
    """A webcam by index, or a video file by path, read through ``cv2.VideoCapture``.

    A file is paced at its own frame rate, as a camera would deliver it; ``loop`` plays it
    again at the end (a demo), otherwise the end of the file reads as a lost camera.
    """

    def __init__(self, spec: int | str, *, width: int = 1280, height: int = 720,
                 loop: bool = False) -> None:
        self.spec = spec
        self.name = f"Камера {spec}" if isinstance(spec, int) else os.path.basename(spec)
        self._size = (width, height)
        self._loop = loop
        self._capture: cv2.VideoCapture | None = None
        self._frame_interval = 0.0
        self._next_due = 0.0

    @property
    def is_file(self) -> bool:
        return isinstance(self.spec, str)

    def open(self) -> None:
        if self.is_file and not os.path.exists(str(self.spec)):
            raise CameraError(t("Видеофайл не найден: {spec}", spec=self.spec))
        capture = cv2.VideoCapture(self.spec if self.is_file else int(self.spec))
        if not capture.isOpened():
            capture.release()
            raise CameraError(self._why_not_opened())
        if self.is_file:
            fps = capture.get(cv2.CAP_PROP_FPS) or 25.0
            self._frame_interval = 1.0 / min(max(fps, 1.0), 60.0)
        else:
            capture.set(cv2.CAP_PROP_FRAME_WIDTH, self._size[0])
            capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self._size[1])
        self._capture = capture
        self._next_due = time.monotonic()

    def _why_not_opened(self) -> str:
        if self.is_file:
            return t("Видеофайл не читается: {spec}", spec=self.spec)
        device = f"/dev/video{self.spec}"
        if os.path.exists(device):
            return t("Камера {spec} занята другой программой или недоступна. Закройте другую "
                     "программу или выберите другую камеру; ручной сканер, файл и ввод номера "
                     "работают.", spec=self.spec)
        return t("Камера {spec} не найдена. Подключите камеру или используйте ручной сканер, "
                 "файл или ввод номера.", spec=self.spec)

    def read(self) -> Frame | None:
        if self._capture is None:
            return None
        if self._frame_interval:
            delay = self._next_due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            self._next_due = max(self._next_due + self._frame_interval, time.monotonic())
        ok, frame = self._capture.read()
        if not ok and self.is_file and self._loop:
            self._capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, frame = self._capture.read()
        return np.asarray(frame, dtype=np.uint8) if ok else None

    def close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None
