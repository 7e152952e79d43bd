"""A camera for tests: a generated MJPG video file read through the real cv2.VideoCapture."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np

from printing.qr import qr_png

WIDTH, HEIGHT = 1280, 720


def qr_image(payload: str, module_px: int = 8) -> np.ndarray:
    data = np.frombuffer(qr_png(payload, module_px=module_px), dtype=np.uint8)
    return cv2.imdecode(data, cv2.IMREAD_COLOR)


def code128_image(text: str, scale: int = 3) -> np.ndarray:
    """A Code 128 label as a letter carries it (zxing-cpp writes it), with a quiet zone."""
    import zxingcpp

    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.Code128)
    gray = np.array(zxingcpp.write_barcode_to_image(barcode, scale=scale))
    gray = cv2.copyMakeBorder(gray, 20, 20, 30, 30, cv2.BORDER_CONSTANT, value=255)
    return cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)


def cluttered_background(rng: random.Random) -> np.ndarray:
    """A desk seen by a webcam: grey-brown gradient, text-like strokes, noise."""
    frame = np.zeros((HEIGHT, WIDTH, 3), np.uint8)
    base = rng.randint(90, 150)
    for y in range(HEIGHT):
        frame[y, :] = (base + y // 12, base + y // 16, base + y // 20)
    for _ in range(40):
        x, y = rng.randint(0, WIDTH - 200), rng.randint(0, HEIGHT - 30)
        cv2.putText(frame, "ЗАЯВЛЕНИЕ passport 4507 " + str(rng.randint(0, 99999)), (x, y),
                    cv2.FONT_HERSHEY_SIMPLEX, rng.uniform(0.4, 1.0),
                    (rng.randint(0, 80),) * 3, 1)
    for _ in range(15):
        cv2.rectangle(frame, (rng.randint(0, WIDTH), rng.randint(0, HEIGHT)),
                      (rng.randint(0, WIDTH), rng.randint(0, HEIGHT)),
                      (rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255)), 2)
    noise = np.random.default_rng(rng.randint(0, 10**6)).normal(0, 6, frame.shape)
    return np.clip(frame + noise, 0, 255).astype(np.uint8)


def place(frame: np.ndarray, code: np.ndarray, *, angle: float = 0.0, blur: int = 0,
          center: tuple[int, int] = (WIDTH // 2, HEIGHT // 2)) -> np.ndarray:
    """Paste a (white-bordered) code rotated by ``angle`` degrees, optionally blurred."""
    h, w = code.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
    matrix[0, 2] += nw / 2 - w / 2
    matrix[1, 2] += nh / 2 - h / 2
    rotated = cv2.warpAffine(code, matrix, (nw, nh), borderValue=(255, 255, 255))
    mask = cv2.warpAffine(np.full((h, w), 255, np.uint8), matrix, (nw, nh))
    out = frame.copy()
    x0, y0 = center[0] - nw // 2, center[1] - nh // 2
    region = out[y0:y0 + nh, x0:x0 + nw]
    region[mask > 0] = rotated[mask > 0]
    if blur:
        out = cv2.GaussianBlur(out, (0, 0), blur)
    return out


def write_video(path: Path, frames: list[np.ndarray], fps: float = 25.0) -> Path:
    height, width = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (width, height))
    assert writer.isOpened(), "OpenCV cannot write MJPG .avi here"
    for frame in frames:
        writer.write(frame)
    writer.release()
    return path


def scanning_video(path: Path, payloads: list[str], *, seed: int = 7,
                   frames_per_code: int = 12, empty_frames: int = 6,
                   make_code: Callable[[str], np.ndarray] | None = None) -> Path:
    """Empty desk, then each code held up (rotated, slightly blurred, on clutter);
    ``make_code`` draws it (default: the application's QR code)."""
    rng = random.Random(seed)
    background = cluttered_background(rng)
    frames = [background] * empty_frames
    for index, payload in enumerate(payloads):
        code = (make_code or qr_image)(payload)
        angle = [0, 17, -28, 40][index % 4]
        blur = [0, 1, 0, 1][index % 4]
        center = (WIDTH // 2 + rng.randint(-200, 200), HEIGHT // 2 + rng.randint(-60, 60))
        frames += [place(background, code, angle=angle, blur=blur, center=center)] * frames_per_code
        frames += [background] * empty_frames
    return write_video(path, frames)
