"""Barcode decoders on hard webcam frames: decode rate per category and time per frame.

Generates (seeded, so every run sees the same pictures) 1280×720 BGR frames the way a desk
webcam shows an application printout: the code on a sheet of paper with text, warped into
the frame by a homography, then lighting, sensor noise and MJPEG compression; each
category adds one difficulty. Frames without any code measure the common case of a desk
camera: nothing to find, and it must be cheap.

Prints, for each decoder alone, for ``default_cascade()``, for the cascade without each
of its steps and with each step that was left out: decode rate per category and overall,
and median / p90 milliseconds per frame, separately for frames with and without a code.
Then still images: 4000×3000 phone photos shrunk in several ways, and A4 PDF pages with
a 3, 1.5 and 1 cm code (vector, and scanned at 150 dpi) rendered at 72–300 dpi.

    .venv/bin/python bench/bench_decoders.py                 # ~80 s: the check run
    .venv/bin/python bench/bench_decoders.py --seed 1 --per-category 60 --quick
                                                             # ~150 s: the selection run
    .venv/bin/python bench/bench_decoders.py --hard --per-cause 40 --per-category 36
                                                             # ~200 s: the hold-out set

``--hard`` runs only the hold-out set, made harder than seems fair (see ``HARD_CAUSES``
and docs/decoders.md): the rate per cause for the cascade before and now, with each step
taken out and added; the webcam set as a control; each code held in front of the camera
for five frames through ``FramePolicy``; and what a steady empty view costs per frame.

docs/decoders.md explains how the figures chose ``default_cascade()``.
"""

from __future__ import annotations

import argparse
import io
import math
import os
import statistics
import string
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import cv2
import numpy as np
import qrcode
import qrcode.constants
from numpy.typing import NDArray

from operator_app.scanning import decoders as dec

Image = NDArray[np.uint8]
FRAME_W, FRAME_H = 1280, 720
ALNUM = string.ascii_uppercase + string.digits

# -- payloads --------------------------------------------------------------------------


def application_payload(rng: np.random.Generator) -> str:
    """Like the portal's printout: ``GU1:<12-digit number>:<16-character signature>``."""
    number = "2026" + "".join(rng.choice(list(string.digits), 8))
    signature = "".join(rng.choice(list(ALNUM), 16))
    return f"GU1:{number}:{signature}"


def tracking_number(rng: np.random.Generator) -> str:
    """A 14-digit Russian Post tracking number: index, month, serial, check digit."""
    body = "".join(rng.choice(list(string.digits), 13))
    weights = [3 if i % 2 == 0 else 1 for i in range(13)]
    check = (10 - sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 10) % 10
    return body + str(check)


QUIET_MODULES = 4


def qr_symbol(payload: str, module: int) -> Image:
    """The code as printed (level M, as printing/qr.py makes it), 4-module quiet zone."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=module,
                         border=QUIET_MODULES)
    code.add_data(payload, optimize=0)
    code.make(fit=True)
    return np.asarray(code.make_image().convert("L"), dtype=np.uint8).copy()


def code128_symbol(payload: str, module: int) -> Image | None:
    try:
        import zxingcpp
    except ImportError:
        return None
    if not hasattr(zxingcpp, "create_barcode"):  # zxing-cpp 2.x: no Code 128 category
        return None
    barcode = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.Code128)
    image = np.asarray(zxingcpp.write_barcode_to_image(barcode, scale=module), dtype=np.uint8)
    height = max(image.shape[0], image.shape[1] // 4)
    return cv2.resize(image, (image.shape[1], height), interpolation=cv2.INTER_NEAREST)


# -- scene -----------------------------------------------------------------------------


def _random_text(rng: np.random.Generator, length: int) -> str:
    alphabet = string.ascii_letters + string.digits + "   .,:-"
    return "".join(rng.choice(list(alphabet), length))


def desk_background(rng: np.random.Generator, cluttered: bool) -> Image:
    """A desk seen from above: low-frequency colour texture, a few objects."""
    small = rng.integers(40, 200, size=(9, 16, 3)).astype(np.uint8)
    smooth = cv2.GaussianBlur(cv2.resize(small, (160, 90), interpolation=cv2.INTER_CUBIC),
                              (0, 0), 3)
    frame = cv2.resize(smooth, (FRAME_W, FRAME_H), interpolation=cv2.INTER_LINEAR)
    gray = cv2.cvtColor(cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)
    frame = cv2.addWeighted(frame, 0.5, gray, 0.5, 0)  # a desk, not a colour chart
    objects = 25 if cluttered else 4
    for _ in range(objects):
        color = tuple(int(c) for c in rng.integers(0, 256, 3))
        kind = rng.integers(0, 3)
        x, y = int(rng.integers(0, FRAME_W)), int(rng.integers(0, FRAME_H))
        if kind == 0:
            cv2.rectangle(frame, (x, y), (x + int(rng.integers(20, 300)),
                                          y + int(rng.integers(20, 200))), color, -1)
        elif kind == 1:
            cv2.circle(frame, (x, y), int(rng.integers(10, 120)), color, -1)
        else:
            cv2.line(frame, (x, y), (int(rng.integers(0, FRAME_W)), int(rng.integers(0, FRAME_H))),
                     color, int(rng.integers(1, 8)))
    if cluttered:
        for _ in range(40):
            cv2.putText(frame, _random_text(rng, int(rng.integers(5, 30))),
                        (int(rng.integers(-50, FRAME_W)), int(rng.integers(0, FRAME_H))),
                        cv2.FONT_HERSHEY_SIMPLEX, float(rng.uniform(0.4, 1.5)),
                        tuple(int(c) for c in rng.integers(0, 256, 3)), int(rng.integers(1, 3)))
        # small dark squares: the kind of thing a QR finder-pattern search trips over
        for _ in range(30):
            x, y, s = int(rng.integers(0, FRAME_W)), int(rng.integers(0, FRAME_H)), int(rng.integers(4, 30))
            cv2.rectangle(frame, (x, y), (x + s, y + s), (20, 20, 20), -1)
    return frame


def paper_with(symbol: Image | None, rng: np.random.Generator, dense_text: bool, inset: int = 0
               ) -> tuple[Image, np.ndarray]:
    """A sheet (grayscale) with lines of text and the symbol; returns the sheet and the
    corners of the code on it (the symbol less ``inset`` pixels of quiet zone)."""
    height, width = 1400, 1000
    paper = np.full((height, width), int(rng.integers(225, 250)), np.uint8)
    lines = 55 if dense_text else 22
    for i in range(lines):
        y = 60 + i * (1300 // lines)
        cv2.putText(paper, _random_text(rng, int(rng.integers(20, 45))), (60, y),
                    cv2.FONT_HERSHEY_SIMPLEX, 0.9, int(rng.integers(10, 70)), 2)
    if symbol is None:
        return paper, np.array([[400, 500], [600, 500], [600, 700], [400, 700]], np.float32)
    sh, sw = symbol.shape
    x0, y0 = (width - sw) // 2, (height - sh) // 2
    paper[y0:y0 + sh, x0:x0 + sw] = symbol
    return paper, _quad(x0 + inset, y0 + inset, sw - 2 * inset, sh - 2 * inset)


def _quad(x: float, y: float, w: float, h: float) -> np.ndarray:
    return np.array([[x, y], [x + w, y], [x + w, y + h], [x, y + h]], np.float32)


def place(quad: np.ndarray, center: tuple[float, float], side: float, angle_deg: float,
          tilt_x_deg: float = 0.0, tilt_y_deg: float = 0.0, aspect: float = 1.0) -> np.ndarray:
    """Where the symbol's corners land in the frame: a square of ``side`` pixels (``aspect``
    wide) turned by ``angle_deg`` in the image plane and tilted out of it by the two tilt
    angles, seen through a pinhole camera of focal length 1000 px."""
    half_w, half_h = side * aspect / 2, side / 2
    square = np.array([[-half_w, -half_h, 0], [half_w, -half_h, 0], [half_w, half_h, 0],
                       [-half_w, half_h, 0]], np.float64)
    ax, ay, az = (math.radians(a) for a in (tilt_x_deg, tilt_y_deg, angle_deg))
    rx = np.array([[1, 0, 0], [0, math.cos(ax), -math.sin(ax)], [0, math.sin(ax), math.cos(ax)]])
    ry = np.array([[math.cos(ay), 0, math.sin(ay)], [0, 1, 0], [-math.sin(ay), 0, math.cos(ay)]])
    rz = np.array([[math.cos(az), -math.sin(az), 0], [math.sin(az), math.cos(az), 0], [0, 0, 1]])
    pts = square @ (rx @ ry @ rz).T
    focal = 1000.0
    pts[:, 2] += focal
    projected = pts[:, :2] * (focal / pts[:, 2:3])
    return (projected + np.array(center)).astype(np.float32)


def compose(background: Image, paper: Image, paper_quad: np.ndarray, frame_quad: np.ndarray
            ) -> Image:
    matrix = cv2.getPerspectiveTransform(paper_quad, frame_quad)
    paper_bgr = cv2.cvtColor(paper, cv2.COLOR_GRAY2BGR)
    warped = cv2.warpPerspective(paper_bgr, matrix, (FRAME_W, FRAME_H), flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.full(paper.shape, 255, np.uint8), matrix, (FRAME_W, FRAME_H),
                               flags=cv2.INTER_LINEAR)
    alpha = (mask.astype(np.float32) / 255.0)[:, :, None]
    return (warped * alpha + background * (1 - alpha)).astype(np.uint8)


def camera(frame: Image, rng: np.random.Generator, noise: float = 3.0, contrast: float = 1.0,
           brightness: float = 0.0) -> Image:
    """Uneven light, contrast, sensor noise and the webcam's MJPEG compression."""
    gx, gy = rng.uniform(-0.25, 0.25, 2)
    xs = np.linspace(-0.5, 0.5, FRAME_W, dtype=np.float32)
    ys = np.linspace(-0.5, 0.5, FRAME_H, dtype=np.float32)
    light = 1.0 + gx * xs[None, :] + gy * ys[:, None]
    out = frame.astype(np.float32)
    out *= (light * contrast)[:, :, None]
    out += 128 * (1 - contrast) + brightness
    grain = np.empty(out.shape, np.float32)
    cv2.setRNGSeed(int(rng.integers(2**31)))  # cv2.randn is 10× faster than numpy's
    cv2.randn(grain, 0.0, noise)
    out += grain
    out8 = np.clip(out, 0, 255, out=out).astype(np.uint8)
    ok, jpeg = cv2.imencode(".jpg", out8, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(70, 92))])
    assert ok
    return cv2.imdecode(jpeg, cv2.IMREAD_COLOR)


def motion_blur(frame: Image, length: int, angle: float) -> Image:
    kernel = np.zeros((length, length), np.float32)
    kernel[length // 2, :] = 1.0
    rotation = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), angle, 1.0)
    kernel = cv2.warpAffine(kernel, rotation, (length, length))
    kernel /= kernel.sum()
    return cv2.filter2D(frame, -1, kernel)


def glare(frame: Image, quad: np.ndarray, rng: np.random.Generator) -> Image:
    """A bright reflection of a ceiling lamp over part of the code: saturated in the
    middle, fading out."""
    center = quad.mean(axis=0) + rng.uniform(-0.35, 0.35, 2) * np.ptp(quad, axis=0)
    side = float(np.ptp(quad[:, 0]))
    axes = (int(side * rng.uniform(0.2, 0.35)), int(side * rng.uniform(0.12, 0.25)))
    mask = np.zeros((FRAME_H // 4, FRAME_W // 4), np.float32)  # soft edges: low-res is fine
    cv2.ellipse(mask, (int(center[0] / 4), int(center[1] / 4)), (axes[0] // 4, axes[1] // 4),
                float(rng.uniform(0, 180)), 0, 360, 1.0, -1)
    mask = cv2.GaussianBlur(mask, (0, 0), max(axes) * 0.35 / 4)
    mask = cv2.resize(mask, (FRAME_W, FRAME_H), interpolation=cv2.INTER_LINEAR)
    # a lamp's reflection washes the print out rather than painting it pure white
    mask = np.clip(mask * 1.6, 0, 1)[:, :, None] * float(rng.uniform(0.7, 0.97))
    return (frame * (1 - mask) + 255 * mask).astype(np.uint8)


def screen_photo(symbol: Image, inset: int) -> tuple[Image, np.ndarray]:
    """The applicant shows the code on a phone: RGB sub-pixels with dark gaps between
    pixels, a bright bluish screen; photographed at a pixel pitch close to the camera's own
    (moiré). Returns the phone and the code's corners on it."""
    on_screen = cv2.resize(symbol, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    h, w = on_screen.shape
    big = np.repeat(np.repeat(on_screen.astype(np.float32), 4, 0), 4, 1)
    sub = np.zeros((h * 4, w * 4, 3), np.float32)
    for channel, col in ((2, 0), (1, 1), (0, 2)):  # R, G, B stripes in BGR order
        # bright enough that the camera's exposure puts the screen's white near 200
        sub[:, col::4, channel] = big[:, col::4] * (2.6 if channel == 0 else 2.2)
    sub[3::4, :, :] *= 0.25  # the black matrix between pixel rows and columns
    sub[:, 3::4, :] *= 0.25
    screen = np.clip(sub, 0, 255).astype(np.uint8)
    bezel = 60
    phone = np.full((screen.shape[0] + 2 * bezel, screen.shape[1] + 2 * bezel, 3), 15, np.uint8)
    phone[bezel:-bezel, bezel:-bezel] = screen
    inner = inset * 2  # ×0.5 then ×4
    size = screen.shape[0] - 2 * inner
    return phone, _quad(bezel + inner, bezel + inner, size, size)


@dataclass(frozen=True)
class Sample:
    category: str
    image: Image
    text: str | None
    box: tuple[int, int, int, int] | None  # x0, y0, x1, y1 of the code in the frame


QR_CATEGORIES = ["clean", "rotation", "perspective", "motion_blur", "defocus", "low_contrast",
                 "glare", "small", "screen_photo", "clutter"]


def make_sample(category: str, rng: np.random.Generator) -> Sample:
    """One frame of ``category``; see the module docstring for what each one models."""
    cluttered = category in ("clutter", "none_clutter")
    background = desk_background(rng, cluttered)
    text: str | None = None
    inset = 0
    center = (FRAME_W / 2 + rng.uniform(-250, 250), FRAME_H / 2 + rng.uniform(-120, 120))
    angle = float(rng.uniform(-8, 8))
    tilt = (float(rng.uniform(-10, 10)), float(rng.uniform(-10, 10)))
    side = float(rng.uniform(120, 200))
    aspect = 1.0
    noise, contrast, brightness = float(rng.uniform(2, 4)), 1.0, 0.0

    if category == "code128":
        text = tracking_number(rng)
        symbol = code128_symbol(text, 3)
        if symbol is None:
            raise RuntimeError("no Code 128 writer")
        angle = float(rng.choice([rng.uniform(-20, 20), rng.uniform(70, 110)]))
        side = float(rng.uniform(70, 110))
        aspect = symbol.shape[1] / symbol.shape[0]
    elif category.startswith("none"):
        symbol = None
    else:
        text = application_payload(rng)
        symbol = qr_symbol(text, 10)
        inset = QUIET_MODULES * 10

    if category == "rotation":
        angle = float(rng.uniform(20, 340))
    elif category == "perspective":
        tilt = (float(rng.choice([-1, 1]) * rng.uniform(30, 55)),
                float(rng.choice([-1, 1]) * rng.uniform(0, 35)))
        angle = float(rng.uniform(-30, 30))
        side = float(rng.uniform(140, 220))
    elif category == "small":
        side = float(rng.uniform(70, 90))
    elif category == "clutter":
        angle = float(rng.uniform(-30, 30))
        side = float(rng.uniform(110, 170))
    elif category == "low_contrast":
        contrast = float(rng.uniform(0.12, 0.25))
        brightness = float(rng.uniform(-70, 10))
        noise = float(rng.uniform(3, 6))

    if category == "screen_photo":
        assert symbol is not None
        screen, symbol_quad = screen_photo(symbol, inset)
        side = float(rng.uniform(130, 190))
        frame_quad = place(symbol_quad, center, side, angle, *tilt)
        matrix = cv2.getPerspectiveTransform(symbol_quad, frame_quad)
        warped = cv2.warpPerspective(screen, matrix, (FRAME_W, FRAME_H), flags=cv2.INTER_LINEAR)
        mask = cv2.warpPerspective(np.full(screen.shape[:2], 255, np.uint8), matrix,
                                   (FRAME_W, FRAME_H))
        dark_room = (background * 0.45).astype(np.uint8)
        frame = np.where(mask[:, :, None] > 127, warped, dark_room)
        frame = cv2.GaussianBlur(frame, (0, 0), float(rng.uniform(0.6, 1.1)))
        frame = camera(frame, rng, noise=noise)
    else:
        paper, symbol_quad = paper_with(symbol, rng, dense_text=cluttered, inset=inset)
        frame_quad = place(symbol_quad, center, side, angle, *tilt, aspect=aspect)
        # the idle desk: nothing under the camera at all
        frame = background if category == "none_desk" else compose(background, paper,
                                                                     symbol_quad, frame_quad)
        if category == "glare":
            frame = glare(frame, frame_quad, rng)
        elif category == "motion_blur":
            frame = motion_blur(frame, int(rng.integers(7, 15)), float(rng.uniform(0, 180)))
        elif category == "defocus":
            frame = cv2.GaussianBlur(frame, (0, 0), float(rng.uniform(1.8, 3.0)))
        elif category == "none_dark":
            contrast, brightness = 0.3, -80
        elif category == "none_bright":
            contrast, brightness = 0.6, 90
        frame = camera(frame, rng, noise=noise, contrast=contrast, brightness=brightness)

    box = None
    if text is not None:
        x0, y0 = frame_quad.min(axis=0)
        x1, y1 = frame_quad.max(axis=0)
        box = (int(x0), int(y0), int(x1), int(y1))
    return Sample(category, frame, text, box)


def make_frames(per_category: int, seed: int) -> list[Sample]:
    rng = np.random.default_rng(seed)
    categories = list(QR_CATEGORIES)
    if code128_symbol("0", 2) is not None:
        categories.append("code128")
    samples = [make_sample(c, rng) for c in categories for _ in range(per_category)]
    none_kinds = ["none_desk", "none_clutter", "none_paper", "none_dark", "none_bright"]
    for i in range(per_category * 2):
        kind = none_kinds[i % len(none_kinds)]
        samples.append(Sample("none", make_sample(kind, rng).image, None, None))
    return samples


# -- the hold-out set ------------------------------------------------------------------
# Made harder than seems fair, to stand in for the 316 photographed codes we do not have:
# every frame is a printout photographed (any rotation, up to 30° of tilt, blur, sensor
# noise, JPEG at quality 30–70), and each cause adds one more trouble on top.

HARD_CAUSES = ["photo", "tiny", "low_contrast", "inverted", "curved", "damaged", "moire"]

FOREIGN_TEXTS = [
    "https://www.gosuslugi.ru/600101/1/form?applicationId={n}&utm_source=print&lang=ru",
    "ST00012|Name=OOO ROMASHKA|PersonalAcc=40702810{n}|BankName=PAO SBERBANK|BIC=044525225",
    "BEGIN:VCARD\nVERSION:3.0\nN:Ivanov;Ivan\nTEL:+7916{n}\nEND:VCARD",
    "WIFI:T:WPA;S:Office-{n};P:correct horse battery staple;;",
    "t=20261204T1015&s=1250.00&fn=9289000100{n}&i=41523&fp=2893452819&n=1",
]


def foreign_payload(rng: np.random.Generator) -> str:
    """A longer QR text from someone else (URL, payment, vCard, Wi-Fi, receipt):
    version 4–8, so smaller modules for the same printed size."""
    template = FOREIGN_TEXTS[int(rng.integers(len(FOREIGN_TEXTS)))]
    return template.format(n="".join(rng.choice(list(string.digits), 8)))


def qr_matrix(payload: str, level: int) -> Image:
    """The symbol at one pixel per module with its quiet zone: 0 ink, 255 paper."""
    code = qrcode.QRCode(error_correction=level, box_size=1, border=QUIET_MODULES)
    code.add_data(payload, optimize=0)
    code.make(fit=True)
    return np.where(np.array(code.get_matrix()), 0, 255).astype(np.uint8)


@dataclass(frozen=True)
class Scene:
    """A hold-out frame before the camera: the picture, the code's corners in it, and how
    this camera blurs and compresses (kept for every frame of a sequence)."""

    cause: str
    frame: Image
    text: str
    quad: np.ndarray
    blur: float
    noise: float
    quality: tuple[int, int]
    light: tuple[float, float]  # the lamp's gradient across the frame, x and y


def _damage(symbol: Image, rng: np.random.Generator, module: int) -> Image:
    """Scratches, stains and a torn-off corner piece of up to ~10 % of the code."""
    out = symbol.copy()
    size = out.shape[0]
    inner = QUIET_MODULES * module
    for _ in range(int(rng.integers(1, 4))):  # scratches, light or dark
        p0 = rng.uniform(inner, size - inner, 2).astype(int)
        p1 = rng.uniform(inner, size - inner, 2).astype(int)
        cv2.line(out, tuple(int(v) for v in p0), tuple(int(v) for v in p1),
                 int(rng.choice([40, 235])), max(1, int(module * rng.uniform(0.3, 0.9))))
    stain = np.zeros(out.shape, np.float32)  # a coffee ring or a fingerprint
    for _ in range(int(rng.integers(1, 3))):
        center = tuple(int(v) for v in rng.uniform(inner, size - inner, 2))
        cv2.circle(stain, center, int(size * rng.uniform(0.06, 0.14)), 1.0, -1)
    stain = cv2.GaussianBlur(stain, (0, 0), module * 1.5) * float(rng.uniform(0.3, 0.55))
    out = (out * (1 - stain) + 110 * stain).astype(np.uint8)
    # A torn corner: a triangle of up to ~10 % of the code's area, showing the desk. It is
    # the corner without a finder pattern: a code that lost a finder pattern is beyond
    # what a standard decoder (or the error correction's design) recovers.
    code_side = size - 2 * inner
    leg = code_side * math.sqrt(2 * float(rng.uniform(0.03, 0.10)))
    cx = cy = size - inner
    pad = inner  # the tear takes the quiet zone there too
    triangle = np.array([[cx + pad, cy + pad], [cx - leg, cy + pad], [cx + pad, cy - leg]],
                        np.int32)
    cv2.fillPoly(out, [triangle], int(rng.integers(60, 140)))
    return out


def _bend(paper: Image, rng: np.random.Generator, quad: np.ndarray) -> Image:
    """A page bent over a cylinder: a sinusoidal warp across the code (one bend, up to
    5 % of the code's side out of line) and foreshortening towards the edges."""
    h, w = paper.shape
    x0, y0 = quad.min(axis=0)
    x1, _ = quad.max(axis=0)
    side = float(x1 - x0)
    xs, ys = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    wavelength = side * float(rng.uniform(2.0, 4.0))  # one bend across the code
    amplitude = side * float(rng.uniform(0.02, 0.05))
    phase = float(rng.uniform(0, 2 * math.pi))
    map_y = ys + amplitude * np.sin(2 * math.pi * (xs - x0) / wavelength + phase)
    # a cylinder also foreshortens towards its edges
    u = np.clip((xs - (x0 + x1) / 2) / (side * 0.9), -1.0, 1.0)
    bulge = float(rng.uniform(0.0, 0.12))
    map_x = xs + bulge * side * (np.arcsin(u) - u)
    return cv2.remap(paper, map_x.astype(np.float32), map_y.astype(np.float32),
                     cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def hard_scene(cause: str, rng: np.random.Generator) -> Scene:
    """One hold-out picture of ``cause`` before the camera (see ``HARD_CAUSES``)."""
    text = application_payload(rng) if rng.random() < 0.6 else foreign_payload(rng)
    level = (qrcode.constants.ERROR_CORRECT_M if text.startswith("GU1:") else
             int(rng.choice([qrcode.constants.ERROR_CORRECT_L, qrcode.constants.ERROR_CORRECT_M,
                             qrcode.constants.ERROR_CORRECT_Q])))
    matrix = qr_matrix(text, level)
    modules = matrix.shape[0] - 2 * QUIET_MODULES
    module_px = float(rng.uniform(3.0, 6.0))
    if cause == "tiny":
        module_px = float(rng.uniform(1.5, 2.5))
    side = modules * module_px
    tilt = (float(rng.uniform(-30, 30)), float(rng.uniform(-30, 30)))
    angle = float(rng.uniform(0, 360))
    center = (FRAME_W / 2 + rng.uniform(-350, 350), FRAME_H / 2 + rng.uniform(-180, 180))
    blur = float(rng.uniform(0.4, 1.4)) if cause != "tiny" else float(rng.uniform(0.3, 0.8))
    noise = float(rng.uniform(3, 8))
    strength = float(rng.uniform(0.2, 0.45))
    background = desk_background(rng, cluttered=rng.random() < 0.4)
    print_module = 10
    symbol = cv2.resize(matrix, None, fx=print_module, fy=print_module,
                        interpolation=cv2.INTER_NEAREST)
    inset = QUIET_MODULES * print_module

    if cause == "moire":
        if rng.random() < 0.3:
            symbol = 255 - symbol  # a phone in dark mode
        screen, symbol_quad = screen_photo(symbol, inset)
        # the lens smears a little of each sub-pixel into its neighbours before the
        # sensor samples it; the moiré that is left comes from the warp below
        screen = cv2.GaussianBlur(screen, (0, 0), 0.8)
        frame_quad = place(symbol_quad, center, side, angle, *tilt)
        matrix_h = cv2.getPerspectiveTransform(symbol_quad, frame_quad)
        warped = cv2.warpPerspective(screen, matrix_h, (FRAME_W, FRAME_H), flags=cv2.INTER_LINEAR)
        mask = cv2.warpPerspective(np.full(screen.shape[:2], 255, np.uint8), matrix_h,
                                   (FRAME_W, FRAME_H))
        frame = np.where(mask[:, :, None] > 127, warped, (background * 0.45).astype(np.uint8))
        return Scene(cause, frame, text, frame_quad, float(rng.uniform(0.4, 0.9)), noise,
                     (30, 70), _gradient(rng, strength))

    if cause == "damaged":
        symbol = _damage(symbol, rng, print_module)
    if cause == "low_contrast":
        paper_grey = int(rng.integers(150, 215))
        ink = int(paper_grey * rng.uniform(0.6, 0.8))
        symbol = np.where(symbol < 128, ink, paper_grey).astype(np.uint8)
    paper, symbol_quad = paper_with(symbol, rng, dense_text=rng.random() < 0.5, inset=inset)
    if cause == "low_contrast":
        paper = np.where(paper > 200, paper_grey, paper).astype(np.uint8)
    if cause == "inverted":  # white on a black card: the page around is dark too
        paper = (255 - paper).astype(np.uint8)
    if cause == "curved":
        paper = _bend(paper, rng, symbol_quad)
    frame_quad = place(symbol_quad, center, side, angle, *tilt)
    frame = compose(background, paper, symbol_quad, frame_quad)
    if cause == "low_contrast":
        frame = glare(frame, frame_quad, rng) if rng.random() < 0.5 else frame
        strength = float(rng.uniform(0.5, 0.8))
    return Scene(cause, frame, text, frame_quad, blur, noise, (30, 70),
                 _gradient(rng, strength))


def _gradient(rng: np.random.Generator, strength: float) -> tuple[float, float]:
    gx, gy = rng.uniform(-strength, strength, 2)
    return float(gx), float(gy)


def empty_scene(rng: np.random.Generator) -> Scene:
    """A desk camera's view with no code in it (desk, clutter, a page of text, too dark,
    too bright), to be shot again and again as a steady scene."""
    kind = str(rng.choice(["none_desk", "none_clutter", "none_paper", "none_dark",
                           "none_bright"]))
    frame = make_sample(kind, rng).image
    return Scene("none", frame, "", _quad(0, 0, 1, 1), 0.5, float(rng.uniform(2, 4)),
                 (70, 92), (0.0, 0.0))


def shoot(scene: Scene, rng: np.random.Generator, jitter: float = 0.0) -> Sample:
    """The scene through the camera: optionally moved a little (a hand holding the sheet:
    ``jitter`` px of shift, a tenth as many degrees of turn, and the exposure hunting),
    blur, uneven light, noise, JPEG."""
    frame, quad = scene.frame, scene.quad
    if jitter:
        shift = rng.uniform(-jitter, jitter, 2)
        turn = cv2.getRotationMatrix2D(tuple(float(v) for v in quad.mean(axis=0)),
                                       float(rng.uniform(-jitter, jitter) / 10), 1.0)
        turn[:, 2] += shift
        frame = cv2.warpAffine(frame, turn, (FRAME_W, FRAME_H), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)
        quad = (quad @ turn[:, :2].T + turn[:, 2]).astype(np.float32)
    frame = cv2.GaussianBlur(frame, (0, 0), scene.blur)
    gx, gy = scene.light
    # the webcam's exposure hunts a little from frame to frame
    exposure = float(rng.uniform(0.97, 1.03)) if jitter else 1.0
    xs = np.linspace(-0.5, 0.5, FRAME_W, dtype=np.float32)
    ys = np.linspace(-0.5, 0.5, FRAME_H, dtype=np.float32)
    out = frame.astype(np.float32) * (exposure * (1.0 + gx * xs[None, :]
                                                  + gy * ys[:, None]))[:, :, None]
    grain = np.empty(out.shape, np.float32)
    cv2.setRNGSeed(int(rng.integers(2**31)))
    cv2.randn(grain, 0.0, scene.noise)
    out8 = np.clip(out + grain, 0, 255).astype(np.uint8)
    quality = int(rng.integers(scene.quality[0], scene.quality[1] + 1))
    jpeg = cv2.imencode(".jpg", out8, [cv2.IMWRITE_JPEG_QUALITY, quality])[1]
    x0, y0 = quad.min(axis=0)
    x1, y1 = quad.max(axis=0)
    return Sample(scene.cause, cv2.imdecode(jpeg, cv2.IMREAD_COLOR), scene.text,
                  (int(x0), int(y0), int(x1), int(y1)))


def make_hard(per_cause: int, seed: int) -> list[Scene]:
    rng = np.random.default_rng(seed + 7)
    return [hard_scene(cause, rng) for cause in HARD_CAUSES for _ in range(per_cause)]


# -- measuring -------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    rate: dict[str, tuple[int, int]]
    ms_code: list[float]
    ms_none: list[float]
    false_positives: int
    outline_misses: int  # decoded, but the polygon is not on the code


def measure(name: str, decode: Callable[[Image], list[dec.Decoded]], samples: Sequence[Sample]
            ) -> Result:
    rate: dict[str, tuple[int, int]] = {}
    ms_code: list[float] = []
    ms_none: list[float] = []
    false_positives = 0
    outline_misses = 0
    decode(samples[0].image)  # warm-up: lazy initialisation, caches
    for sample in samples:
        start = time.perf_counter()
        found = decode(sample.image)
        elapsed = (time.perf_counter() - start) * 1000
        if sample.text is None:
            ms_none.append(elapsed)
            false_positives += bool(found)
            continue
        ms_code.append(elapsed)
        right = [code for code in found if code.text == sample.text]
        ok = bool(right)
        if ok and sample.box is not None and not _on_code(right[0].points, sample.box):
            outline_misses += 1
        hit, total = rate.get(sample.category, (0, 0))
        rate[sample.category] = (hit + ok, total + 1)
    return Result(name, rate, ms_code, ms_none, false_positives, outline_misses)


def _on_code(points: Sequence[tuple[float, float]], box: tuple[int, int, int, int]) -> bool:
    """The outline's centre lies on the pasted code (10 px of slack)."""
    cx = sum(x for x, _ in points) / len(points)
    cy = sum(y for _, y in points) / len(points)
    x0, y0, x1, y1 = box
    return x0 - 10 <= cx <= x1 + 10 and y0 - 10 <= cy <= y1 + 10


def _pct(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def print_table(results: Sequence[Result]) -> None:
    categories = list(results[0].rate)
    head = f"{'':<46}" + "".join(f"{c[:9]:>10}" for c in categories)
    head += f"{'overall':>9}{'FP':>4}{'code med':>10}{'p90':>7}{'none med':>10}{'p90':>7}"
    print(head)
    for r in results:
        row = f"{r.name:<46}"
        for c in categories:
            hit, total = r.rate[c]
            row += f"{100 * hit / total:>9.0f}%"
        hits = sum(h for h, _ in r.rate.values())
        total = sum(t for _, t in r.rate.values())
        row += f"{100 * hits / total:>8.1f}%{r.false_positives:>4}"
        row += f"{statistics.median(r.ms_code):>10.1f}{_pct(r.ms_code, 0.9):>7.1f}"
        row += f"{statistics.median(r.ms_none):>10.1f}{_pct(r.ms_none, 0.9):>7.1f}"
        print(row)
    misses = {r.name.strip(): r.outline_misses for r in results if r.outline_misses}
    if misses:
        print("outline not on the code:", misses)


# -- still images ----------------------------------------------------------------------


def phone_photo(rng: np.random.Generator) -> tuple[Image, str]:
    """A 4000×3000 photo of a printout taken from arm's length or closer: the code
    150–1000 px wide, soft (phone focus and shake), JPEG-compressed."""
    text = application_payload(rng)
    symbol = qr_symbol(text, 24)
    paper, quad = paper_with(symbol, rng, dense_text=False, inset=QUIET_MODULES * 24)
    side = float(rng.uniform(150, 1000))
    frame_quad = place(quad, (2000 + rng.uniform(-600, 600), 1500 + rng.uniform(-400, 400)),
                       side, float(rng.uniform(-25, 25)),
                       float(rng.uniform(-20, 20)), float(rng.uniform(-20, 20)))
    matrix = cv2.getPerspectiveTransform(quad, frame_quad)
    page = cv2.warpPerspective(paper, matrix, (4000, 3000), flags=cv2.INTER_LINEAR,
                               borderValue=int(rng.integers(60, 140)))
    page = cv2.GaussianBlur(page, (0, 0), float(rng.uniform(1.0, 3.0)))
    page = np.clip(page + rng.normal(0, 4, page.shape), 0, 255).astype(np.uint8)
    bgr = cv2.cvtColor(page, cv2.COLOR_GRAY2BGR)
    jpeg = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, 85])[1]
    return cv2.imdecode(jpeg, cv2.IMREAD_COLOR), text


def a4_pdf(text: str, size_cm: float, scanned: bool, rng: np.random.Generator) -> bytes:
    """Two A4 pages, text only on the first, the code ``size_cm`` wide on the second:
    drawn as vector squares (as the portal's printout is), or, ``scanned``, as the whole
    page photographed by a 200 dpi office scanner (soft, noisy, a little skewed)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.drawString(2 * cm, 27 * cm, "Application form, page 1")
    canvas.showPage()
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(text, optimize=0)
    code.make(fit=True)
    matrix = code.get_matrix()
    x, y, size = 14 * cm, 3 * cm, size_cm * cm
    if not scanned:
        module = size / len(matrix)
        for row, line in enumerate(matrix):
            for col, dark in enumerate(line):
                if dark:
                    canvas.rect(x + col * module, y + size - (row + 1) * module, module, module,
                                stroke=0, fill=1)
    else:
        dpi = 150
        width, height = int(A4[0] / 72 * dpi), int(A4[1] / 72 * dpi)
        page = np.full((height, width), 245, np.uint8)
        module_px = size / 72 * dpi / len(matrix)
        symbol = cv2.resize(np.where(np.array(matrix), 0, 255).astype(np.uint8),
                            (round(module_px * len(matrix)),) * 2, interpolation=cv2.INTER_AREA)
        px, py = int(x / 72 * dpi), height - int((y + size) / 72 * dpi)
        page[py:py + symbol.shape[0], px:px + symbol.shape[1]] = symbol
        skew = cv2.getRotationMatrix2D((width / 2, height / 2), float(rng.uniform(-2, 2)), 1.0)
        page = cv2.warpAffine(page, skew, (width, height), borderValue=245)
        page = cv2.GaussianBlur(page, (0, 0), 1.0)
        page = np.clip(page + rng.normal(0, 5, page.shape), 0, 255).astype(np.uint8)
        jpeg = cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, 80])[1].tobytes()
        canvas.drawImage(ImageReader(io.BytesIO(jpeg)), 0, 0, A4[0], A4[1])
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def bench_stills(seed: int, count: int) -> None:
    rng = np.random.default_rng(seed + 1)
    photos = [phone_photo(rng) for _ in range(count)]
    cascade = dec.default_cascade()
    print(f"\n4000×3000 phone photos ({count}), default cascade, by how the photo is scaled:")
    print(f"{'strategy':<40}{'decoded':>9}{'median ms':>11}{'max ms':>9}")
    strategies: list[tuple[str, Callable[[Image], list[dec.Decoded]]]] = [
        ("full resolution", lambda im: cascade.decode(dec.to_gray(im))),
    ]
    for factor in (2, 3, 4):
        strategies.append((f"shrunk ÷{factor} ({4000 // factor} px), no retry",
                           lambda im, f=factor: _shrunk(cascade, im, f)))
    strategies.append((f"decode_still() (≤ {dec.STILL_MAX_SIDE} px, then full)",
                       lambda im: dec.decode_still(im, cascade=cascade)))
    for label, fn in strategies:
        times, ok = [], 0
        for image, text in photos:
            start = time.perf_counter()
            found = fn(image)
            times.append((time.perf_counter() - start) * 1000)
            ok += any(c.text == text for c in found)
        print(f"{label:<40}{ok:>5}/{count:<3}{statistics.median(times):>11.0f}{max(times):>9.0f}")


def _shrunk(cascade: dec.Cascade, image: Image, factor: int) -> list[dec.Decoded]:
    gray = dec.to_gray(image)
    small = cv2.resize(gray, (gray.shape[1] // factor, gray.shape[0] // factor),
                       interpolation=cv2.INTER_AREA)
    return cascade.decode(small)


def bench_pdf(seed: int, count: int) -> None:
    import pypdfium2

    rng = np.random.default_rng(seed + 2)
    cascade = dec.default_cascade()
    dpis = (72, 100, 150, 200, 300)
    print(f"\nA4 PDFs ({count} of each kind), the code on page 2: page 2 rendered at each dpi "
          "and decoded (render + decode ms), then decode_file() on the 2-page file")
    print(f"{'':<16}" + "".join(f"{str(d) + ' dpi':>15}" for d in dpis)
          + f"{'decode_file()':>20}")
    with tempfile.TemporaryDirectory() as tmp:
        for scanned in (False, True):
            for size_cm in (3.0, 1.5, 1.0):
                texts = [application_payload(rng) for _ in range(count)]
                pdfs = [a4_pdf(t, size_cm, scanned, rng) for t in texts]
                row = f"{'scan' if scanned else 'vector'} {size_cm:.1f} cm".ljust(16)
                for dpi in dpis:
                    ok, times = 0, []
                    for pdf_bytes, text in zip(pdfs, texts, strict=True):
                        document = pypdfium2.PdfDocument(pdf_bytes)
                        start = time.perf_counter()
                        page = np.array(document[1].render(scale=dpi / 72, grayscale=True)
                                        .to_numpy(), dtype=np.uint8)
                        found = dec.decode_still(page, cascade=cascade)
                        times.append((time.perf_counter() - start) * 1000)
                        document.close()
                        ok += any(c.text == text for c in found)
                    row += f"{ok:>6}/{count} {statistics.median(times):>4.0f} ms"
                ok, times = 0, []
                for index, (pdf_bytes, text) in enumerate(zip(pdfs, texts, strict=True)):
                    path = os.path.join(tmp, f"{index}.pdf")
                    with open(path, "wb") as file:
                        file.write(pdf_bytes)
                    start = time.perf_counter()
                    result = dec.decode_file(path, cascade=cascade)
                    times.append((time.perf_counter() - start) * 1000)
                    ok += text in result.texts and all(p == 2 for p, _ in result.codes)
                row += f"{ok:>10}/{count} {statistics.median(times):>4.0f} ms"
                print(row)


def single_decoders() -> list[tuple[str, dec.BarcodeDecoder]]:
    named: list[tuple[str, dec.BarcodeDecoder]] = [(d.name, d) for d in dec.available_decoders()]
    if named and named[0][0] == "zxing":
        named.insert(1, ("zxing, inverted codes too", dec.ZxingDecoder(try_invert=True)))
    if hasattr(cv2, "QRCodeDetectorAruco"):
        named.append(("opencv (classic detector)", dec.OpenCvDecoder(aruco=False)))
    return named


def cascade_variants() -> list[tuple[str, dec.BarcodeDecoder]]:
    """``default_cascade()``, then without each of its steps (what the step earns), then
    with each step that was measured and left out (what it would add, at what cost)."""
    cascade = dec.default_cascade()
    steps = list(cascade.attempts)
    named: list[tuple[str, dec.BarcodeDecoder]] = [("default_cascade()", cascade)]
    if any(step.decoder.name == "zbar" for step in steps):
        named.append(("  without zbar (no libzbar0)", dec.Cascade(
            [s for s in steps if s.decoder.name != "zbar"])))
    for index, step in enumerate(steps[1:], start=1):
        named.append((f"  − {step.label}", dec.Cascade(steps[:index] + steps[index + 1:])))
    zxing = dec.ZxingDecoder()
    rejected = [
        dec.Attempt(zxing, dec.Preprocess(clahe=2.0)),
        dec.Attempt(zxing, dec.Preprocess(scale=1.5)),
        dec.Attempt(zxing, dec.Preprocess(blur=1.5)),
        dec.Attempt(dec.OpenCvDecoder()),
        dec.Attempt(dec.OpenCvDecoder(), dec.Preprocess(scale=2.0, clahe=2.0), regions=True),
    ]
    if dec.ZbarDecoder in {type(s.decoder) for s in steps}:
        rejected.insert(3, dec.Attempt(dec.ZbarDecoder()))
    for step in rejected:
        # a region step goes right after the first pass, the steps that locate codes
        at = cascade.first_count
        variant = steps[:at] + [step] + steps[at:] if step.regions else steps + [step]
        named.append((f"  + {step.label}", dec.Cascade(variant)))
    return named


# -- the hold-out set: stills, camera sequences, empty views --------------------------


def previous_cascade() -> dec.Cascade:
    """``default_cascade()`` as it was before the hold-out set, for before/after figures."""
    zxing = dec.ZxingDecoder()
    steps = [dec.Attempt(zxing),
             dec.Attempt(zxing, dec.Preprocess(scale=2.0, clahe=2.0), regions=True)]
    zbar = dec.ZbarDecoder() if not dec.missing_decoders() else None
    if zbar is not None:
        steps.append(dec.Attempt(zbar, dec.Preprocess(clahe=2.0), regions=True))
    steps += [dec.Attempt(zxing, dec.Preprocess(scale=0.5, blur=0.7)),
              dec.Attempt(dec.ZxingDecoder(binarizer="FixedThreshold"))]
    if zbar is not None:
        steps.append(dec.Attempt(zbar, dec.Preprocess(scale=0.5)))
    return dec.Cascade(steps)


# The rescue steps added after the first hold-out run (docs/decoders.md): left out, the
# cascade is the one that run measured, for before/after figures side by side.
LATER_STEPS = frozenset({
    "zxing(regions, ×2, normalized 0.05)", "zbar(regions, ×2, normalized 0.05)",
    "zxing(regions, ×2, normalized 0.03)", "zxing[GlobalHistogram, QR_CODE](as is)",
    "zxing(normalized 0.02)", "zxing[FixedThreshold, QR_CODE, one size](×2)", "zbar(as is)",
    "zbar(normalized 0.02)"})


def first_hold_out_cascade() -> dec.Cascade:
    """``default_cascade()`` as the first hold-out run left it (84.3 % of stills)."""
    attempts = list(dec.default_cascade().attempts)
    if attempts[-1].regions:  # the crops again after the whole-frame rescue: later too
        attempts.pop()
    return dec.Cascade([a for a in attempts if a.label not in LATER_STEPS])


def hard_variants() -> list[tuple[str, dec.BarcodeDecoder]]:
    """The best single decoder, the cascade before, the cascade now, and the cascade now
    without each of its steps and with the steps measured and left out."""
    cascade = dec.default_cascade()
    steps = list(cascade.attempts)
    named: list[tuple[str, dec.BarcodeDecoder]] = [
        ("zxing alone", dec.ZxingDecoder()),
        ("zxing alone, inverted codes too", dec.ZxingDecoder(try_invert=True)),
        ("previous cascade", previous_cascade()),
        ("first hold-out cascade", first_hold_out_cascade()),
        ("default_cascade()", cascade)]
    for index, step in enumerate(steps[1:], start=1):
        named.append((f"  − {step.label}", dec.Cascade(steps[:index] + steps[index + 1:])))
    zxing = dec.ZxingDecoder(try_invert=True)
    region_steps = [dec.Attempt(zxing, dec.Preprocess(fit=400), regions=True),
                    dec.Attempt(zxing, dec.Preprocess(fit=400, flat=True), regions=True),
                    dec.Attempt(zxing, dec.Preprocess(fit=400, blur=0.7), regions=True)]
    region_steps.append(dec.Attempt(dec.OpenCvDecoder(), dec.Preprocess(fit=400),
                                    regions=True))
    for step in region_steps:
        at = cascade.first_count + 1
        named.append((f"  + {step.label}", dec.Cascade(steps[:at] + [step] + steps[at:])))
    return named


SEQUENCE_FRAMES = 5
SEQUENCE_JITTER = 2.0  # px


@dataclass
class CameraRun:
    name: str
    read: dict[str, tuple[int, int]]  # cause -> (sequences read within the frames, all)
    ms: list[float]
    rescues: int
    frames: int


def run_sequences(name: str, make: Callable[[], dec.BarcodeDecoder],
                  sequences: Sequence[tuple[str, str, list[Image]]], prime: Image
                  ) -> CameraRun:
    """Each sequence through a fresh decoder, as a camera would feed it: first a frame of
    an empty view (the desk before the sheet arrives), then the frames with the code."""
    read: dict[str, tuple[int, int]] = {}
    ms: list[float] = []
    rescues = frames = 0
    for cause, text, images in sequences:
        decoder = make()
        decoder.decode(prime)
        primed = getattr(decoder, "rescues", 0)
        ok = False
        shown = 0
        for image in images:
            start = time.perf_counter()
            found = decoder.decode(image)
            ms.append((time.perf_counter() - start) * 1000)
            shown += 1
            if any(code.text == text for code in found):
                ok = True
                break
        frames += shown
        rescues += getattr(decoder, "rescues", primed + shown) - primed
        hit, total = read.get(cause, (0, 0))
        read[cause] = (hit + ok, total + 1)
    return CameraRun(name, read, ms, rescues, frames)


def bench_hard(per_cause: int, seed: int, control_per_category: int) -> None:
    start = time.perf_counter()
    scenes = make_hard(per_cause, seed)
    rng = np.random.default_rng(seed + 11)
    stills = [shoot(scene, rng) for scene in scenes]
    empties = [empty_scene(rng) for _ in range(max(10, per_cause))]
    stills += [Sample("none", shoot(e, rng).image, None, None) for e in empties]
    print(f"\nHold-out set: {len(scenes)} photographed codes in {len(HARD_CAUSES)} kinds of "
          f"trouble ({per_cause} each; 60 % GU1 payloads, 40 % longer foreign texts) and "
          f"{len(empties)} empty views, seed {seed}, generated in "
          f"{time.perf_counter() - start:.0f} s")
    print("Stills (the whole cascade on each frame, as for a file or a captured photo)")
    print_table([measure(name, d.decode, stills) for name, d in hard_variants()])

    control = make_frames(control_per_category, seed)
    print(f"\nControl: the webcam set above ({control_per_category} per category, "
          f"seed {seed})")
    controls: list[tuple[str, dec.BarcodeDecoder]] = [
        ("zxing alone", dec.ZxingDecoder()), ("previous cascade", previous_cascade()),
        ("first hold-out cascade", first_hold_out_cascade()),
        ("default_cascade()", dec.default_cascade())]
    print_table([measure(name, d.decode, control) for name, d in controls])

    sequences = [(scene.cause, scene.text,
                  [shoot(scene, rng, jitter=SEQUENCE_JITTER).image
                   for _ in range(SEQUENCE_FRAMES)]) for scene in scenes]
    prime = shoot(empties[0], rng).image
    print(f"\nCamera: each code held in view for {SEQUENCE_FRAMES} frames (moved up to "
          f"{SEQUENCE_JITTER:g} px, exposure ±3 %), after a frame of an empty desk; "
          "read = sequences read within those frames; ms over the frames until read")
    runs = [
        # change_level −1: every frame the first pass does not read is rescued, as before
        run_sequences("previous cascade on every frame", lambda: dec.FramePolicy(
            previous_cascade(), change_level=-1.0), sequences, prime),
        run_sequences("FramePolicy(first hold-out cascade)", lambda: dec.FramePolicy(
            first_hold_out_cascade()), sequences, prime),
        run_sequences("default_cascade() on every frame", lambda: dec.FramePolicy(
            dec.default_cascade(), change_level=-1.0), sequences, prime),
        run_sequences("FramePolicy(default_cascade())",
                      lambda: dec.FramePolicy(dec.default_cascade()), sequences, prime),
        run_sequences("  rescue on candidates only", lambda: dec.FramePolicy(
            dec.default_cascade(), change_level=math.inf), sequences, prime),
    ]
    print_camera(runs)

    print(f"\nEmpty views held still: {len(empties)} scenes × 10 frames (fresh sensor noise "
          "and JPEG each frame); the first frame of each scene is a change. Every frame goes "
          "to each decoder in turn (order rotating), so a busy machine slows all alike")
    makers: list[tuple[str, Callable[[], dec.BarcodeDecoder]]] = [
        ("previous cascade", previous_cascade),
        ("default_cascade() on every frame", dec.default_cascade),
        ("FramePolicy(default_cascade())", lambda: dec.FramePolicy(dec.default_cascade()))]
    times: list[list[float]] = [[] for _ in makers]
    rescued = 0
    for scene in empties:
        decoders = [make() for _, make in makers]  # a new scene: its first frame is a change
        for index in range(10):
            frame = shoot(scene, rng, jitter=0.5).image
            for turn in range(len(makers)):
                which = (index + turn) % len(makers)
                t0 = time.perf_counter()
                decoders[which].decode(frame)
                times[which].append((time.perf_counter() - t0) * 1000)
        rescued += getattr(decoders[-1], "rescues", 0)
    print(f"{'':<46}{'median ms':>10}{'p90':>7}{'max':>7}{'rescued':>9}")
    for (name, _), spent in zip(makers, times, strict=True):
        share = 100 * rescued / len(spent) if name.startswith("FramePolicy") else 100
        print(f"{name:<46}{statistics.median(spent):>10.1f}{_pct(spent, 0.9):>7.1f}"
              f"{max(spent):>7.1f}{share:>8.0f}%")


def print_camera(runs: Sequence[CameraRun]) -> None:
    causes = list(runs[0].read)
    print(f"{'':<46}" + "".join(f"{c[:9]:>10}" for c in causes)
          + f"{'overall':>9}{'med ms':>8}{'p90':>7}{'rescued':>9}")
    for run in runs:
        row = f"{run.name:<46}"
        for cause in causes:
            hit, total = run.read[cause]
            row += f"{100 * hit / total:>9.0f}%"
        hits = sum(h for h, _ in run.read.values())
        total = sum(t for _, t in run.read.values())
        rescued = run.rescues
        row += (f"{100 * hits / total:>8.1f}%{statistics.median(run.ms):>8.1f}"
                f"{_pct(run.ms, 0.9):>7.1f}{100 * rescued / run.frames:>8.0f}%")
        print(row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-category", type=int, default=24)
    parser.add_argument("--seed", type=int, default=20260)
    parser.add_argument("--quick", action="store_true", help="webcam frames only, no stills")
    parser.add_argument("--hard", action="store_true",
                        help="only the hold-out set: stills, camera sequences, empty views")
    parser.add_argument("--per-cause", type=int, default=40, help="hold-out codes per cause")
    args = parser.parse_args()
    if args.hard:
        start = time.perf_counter()
        bench_hard(args.per_cause, args.seed, max(4, args.per_category // 3))
        print(f"\ndefault_cascade() = {dec.default_cascade()!r}")
        print(f"\ntotal {time.perf_counter() - start:.0f} s")
        return

    start = time.perf_counter()
    samples = make_frames(args.per_category, args.seed)
    with_code = sum(s.text is not None for s in samples)
    print(f"{len(samples)} frames 1280×720 ({with_code} with a code, "
          f"{len(samples) - with_code} without), seed {args.seed}, generated in "
          f"{time.perf_counter() - start:.1f} s; {os.cpu_count()} CPUs, "
          f"OpenCV {cv2.__version__} with {cv2.getNumThreads()} threads")
    for line in dec.missing_decoders():
        print("note:", line)
    print("\nSingle decoders (decode rate per category; FP = frames without a code where "
          "something was 'found'; ms per frame, median and p90)")
    print_table([measure(name, d.decode, samples) for name, d in single_decoders()])
    print("\nThe cascade, each step taken out, and the steps left out added back")
    print_table([measure(name, d.decode, samples) for name, d in cascade_variants()])
    print(f"\ndefault_cascade() = {dec.default_cascade()!r}")
    if not args.quick:
        bench_stills(args.seed, 8)
        bench_pdf(args.seed, 4)
    print(f"\ntotal {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
