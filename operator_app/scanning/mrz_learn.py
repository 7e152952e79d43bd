"""A learned second opinion on each MRZ cell, trained on the cells the reader cuts.

The correlation with glyph prototypes (:mod:`.mrz_ocr`) scores a cell's whole shape, so
look-alikes that differ in a few pixels — E and F, G and Q, D and O, B and 8 — score
within a hair of each other once the print is small or worn. A classifier trained on many
cells learns *where* two classes differ. This module trains one (a small two-layer
network in NumPy: 572 inputs, one hidden layer, 37 classes) and applies it.

Training material is made here, independently of the benchmarks: blocks of 2 × 44,
2 × 36 and 3 × 30 random MRZ-like characters in every OCR-B cut Debian ships (regular,
sharp, light, E, F, X) and DejaVu Sans Mono (book, bold, oblique), printed with capitals
5–26 px high (drawn large and shrunk, as a camera or scanner sees small print), on a
light ground with texture, turned by any angle, slanted, blurred, noisy, with glare and
JPEG. Every block goes through the reader's own zone finder and cell cutter
(:func:`.mrz_zone.find_zones`, :func:`.mrz_ocr.read_zone`): the network learns the cells
as the reader cuts them, misplacements included. Lines whose cut does not match the text
(the zone found another format, or a cell off) are left out.

The weights are stored in ``resources/mrz/glyph_net.npz`` (float16) with a hash of this
module's training code: ``python -m operator_app.scanning.mrz_learn`` trains and writes
it (about ten minutes on two cores); a test fails when it is stale. Without the file the
reader uses the correlation alone.
"""

from __future__ import annotations

import functools
import math
import string
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from operator_app.scanning import mrz_ocr, mrz_zone

F32 = NDArray[np.float32]
Image = NDArray[np.uint8]

NET_FILE = Path(__file__).resolve().parents[2] / "resources" / "mrz" / "glyph_net.npz"
HIDDEN = 256
_SEED = 20261204

_FONT_DIRS = ("/usr/share/fonts/opentype/ocr-b", "/usr/share/fonts/truetype/ocr-b")
_OTHER_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Oblique.ttf",
)


def _fonts() -> list[tuple[str, float]]:
    """(font file, weight): OCR-B cuts three times as often as the other faces."""
    found: dict[str, str] = {}
    for folder in _FONT_DIRS:
        for path in sorted(Path(folder).glob("OCRB*.[ot]tf")):
            found.setdefault(path.stem, str(path))
    fonts = [(path, 3.0) for path in found.values()]
    fonts += [(path, 1.0) for path in _OTHER_FONTS if Path(path).is_file()]
    return fonts


def _say(text: str) -> None:
    sys.stderr.write(text + "\n")


# -- training material ------------------------------------------------------------------


def _random_line(rng: np.random.Generator, cells: int) -> str:
    """MRZ-like text: runs of letters, digits and fillers, as the fields lay them out."""
    out: list[str] = []
    while len(out) < cells:
        kind = rng.random()
        run = int(rng.integers(1, 9))
        if kind < 0.45:
            out += list(rng.choice(list(string.ascii_uppercase), run))
        elif kind < 0.8:
            out += list(rng.choice(list(string.digits), run))
        elif kind < 0.93:
            out += ["<"] * run
        else:
            out += list(rng.choice(list(mrz_ocr.CLASSES), run))
    return "".join(out[:cells])


def _render_block(rng: np.random.Generator, lines: Sequence[str], font_path: str
                  ) -> tuple[Image, float]:
    """The lines in one font, large (capitals ~48 px), dark on white; the cap height."""
    from PIL import Image as PilImage
    from PIL import ImageDraw, ImageFont

    size = 64
    font = ImageFont.truetype(font_path, size)
    advance = font.getlength("H")
    box = font.getbbox("H")
    cap = float(box[3] - box[1])
    pitch = size * rng.uniform(1.2, 1.7)
    width = int(advance * len(lines[0]) + 2 * size)
    height = int(pitch * len(lines) + 2 * size)
    canvas = PilImage.new("L", (width, height), 255)
    draw = ImageDraw.Draw(canvas)
    ink = int(rng.integers(0, 70))
    for i, line in enumerate(lines):
        draw.text((size, size + i * pitch), line, font=font, fill=ink)
    return np.asarray(canvas, dtype=np.uint8), cap


def _scene(rng: np.random.Generator, block: Image, cap: float) -> Image:
    """The block as a camera or scanner might give it: shrunk to the chosen capital
    height, stroke weight changed, slanted, turned, on a textured light ground, glare,
    blur, noise, JPEG."""
    img = block.astype(np.float32)
    stroke = rng.random()
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))
    if stroke < 0.2:
        img = np.asarray(cv2.dilate(img, kernel), np.float32)  # white grows: thinner strokes
    elif stroke < 0.4:
        img = np.asarray(cv2.erode(img, kernel), np.float32)  # bolder strokes
    target = float(rng.uniform(5, 9) if rng.random() < 0.55 else rng.uniform(9, 26))
    factor = target / cap
    h, w = img.shape
    shear = float(rng.uniform(-0.2, 0.2)) if rng.random() < 0.3 else 0.0
    angle = float(rng.uniform(-180, 180)) if rng.random() < 0.4 else float(rng.uniform(-8, 8))
    out_w, out_h = int(w * factor * 1.5 + 120), int(w * factor * 1.5 + 120)
    rot = math.radians(angle)
    c, s = math.cos(rot) * factor, math.sin(rot) * factor
    centre = np.array([w / 2, h / 2])
    matrix = np.array([[c, -s + c * shear, 0.0], [s, c + s * shear, 0.0]])
    matrix[:, 2] = np.array([out_w / 2, out_h / 2]) - matrix[:, :2] @ centre
    shrunk = cv2.warpAffine(img, matrix, (out_w, out_h), flags=cv2.INTER_AREA,
                            borderValue=255.0)
    if factor < 1:  # INTER_AREA only averages when not rotated: blur to the new scale
        shrunk = cv2.warpAffine(cv2.GaussianBlur(img, (0, 0), 0.45 / factor), matrix,
                                (out_w, out_h), flags=cv2.INTER_LINEAR, borderValue=255.0)
    ground = rng.uniform(170, 245) + rng.normal(0, rng.uniform(1, 8), shrunk.shape)
    yy, xx = np.mgrid[0:out_h, 0:out_w].astype(np.float32)
    ground += 12 * np.sin(xx / rng.uniform(4, 30) + np.sin(yy / rng.uniform(20, 80)))
    light = 1 + rng.uniform(-0.25, 0.1) * (xx / out_w) + rng.uniform(-0.2, 0.1) * (yy / out_h)
    scene = ground * (shrunk / 255.0) * light
    if rng.random() < 0.35:
        cy, cx = rng.uniform(0, out_h), rng.uniform(0, out_w)
        radius = rng.uniform(0.1, 0.3) * max(out_h, out_w)
        spot = np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * radius ** 2))
        scene = scene + spot * rng.uniform(40, 120)
    scene = cv2.GaussianBlur(scene.astype(np.float32), (0, 0), float(rng.uniform(0.3, 1.5)))
    scene = scene + rng.normal(0, rng.uniform(1, 8), scene.shape)
    scene8 = np.clip(scene, 0, 255).astype(np.uint8)
    ok, data = cv2.imencode(".jpg", scene8, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(45, 95))])
    assert ok
    return np.asarray(cv2.imdecode(data, cv2.IMREAD_GRAYSCALE), dtype=np.uint8)


def harvest(count: int, seed: int = _SEED, *, log: bool = False
            ) -> tuple[F32, NDArray[np.intp]]:
    """Cells cut by the reader from ``count`` generated blocks, and their classes."""
    rng = np.random.default_rng(seed)
    fonts = _fonts()
    weights = np.array([w for _p, w in fonts])
    weights /= weights.sum()
    cells_out: list[F32] = []
    labels_out: list[NDArray[np.intp]] = []
    kept_lines = tried_lines = 0
    started = time.monotonic()
    for index in range(count):
        fmt = int(rng.choice([44, 36, 30], p=[0.45, 0.2, 0.35]))
        rows = 3 if fmt == 30 else 2
        lines = [_random_line(rng, fmt) for _ in range(rows)]
        font = fonts[int(rng.choice(len(fonts), p=weights))][0]
        block, cap = _render_block(rng, lines, font)
        scene = _scene(rng, block, cap)
        tried_lines += rows
        # the first zone of the block's format whose reading matches the text (a block
        # whose third line was not found is also offered with one imagined)
        for zone in mrz_zone.find_zones(scene, limit=3):
            if zone.cells != fmt or len(zone.rows) != rows:
                continue
            reads = mrz_ocr.read_zone(zone)
            if not reads:
                continue
            # a line cut a cell off agrees by chance only (fillers aside); of a line cut
            # right, the cells whose class is not even among the eight best are left out
            # (a glyph under a glare spot, a cut through a stain)
            good = [(read, truth) for read, truth in zip(reads[0][0], lines, strict=True)
                    if read.patches is not None and sum(
                        a == b for a, b in zip(read.text, truth, strict=True)) >= 0.45 * fmt]
            for read, truth in good:
                assert read.patches is not None
                labels = np.array([mrz_ocr.CLASSES.index(ch) for ch in truth])
                rank = (read.scores > read.scores[np.arange(fmt), labels][:, None]).sum(axis=1)
                keep = rank < 8
                kept_lines += 1
                cells_out.append(read.patches[keep])
                labels_out.append(labels[keep])
            if good:
                break
        if log and index % 200 == 199:
            _say(f"  {index + 1} blocks, {kept_lines}/{tried_lines} lines kept, "
                  f"{time.monotonic() - started:.0f} s")
    return (np.concatenate(cells_out).astype(np.float32),
            np.concatenate(labels_out).astype(np.intp))


# -- the network -------------------------------------------------------------------------


def features(patches: F32) -> F32:
    """Each cell flattened, centred and scaled to unit spread (ink level and contrast
    do not matter, shape does)."""
    flat = patches.reshape(len(patches), -1).astype(np.float32)
    flat = flat - flat.mean(axis=1, keepdims=True)
    return np.asarray(flat / np.maximum(flat.std(axis=1, keepdims=True), 1e-3),
                      dtype=np.float32)


def _forward(params: dict[str, F32], x: F32) -> tuple[F32, F32]:
    hidden = np.maximum(x @ params["w1"] + params["b1"], 0.0)
    return hidden, hidden @ params["w2"] + params["b2"]


def log_probabilities(params: dict[str, F32], patches: F32) -> F32:
    """(cells, classes) log-probabilities of the network."""
    _h, logits = _forward(params, features(patches))
    logits = logits - logits.max(axis=1, keepdims=True)
    return np.asarray(logits - np.log(np.exp(logits).sum(axis=1, keepdims=True)),
                      dtype=np.float32)


def _shifted(rng: np.random.Generator, patches: F32) -> F32:
    """Each cell moved by up to one pixel either way (the cutter's play)."""
    out = np.empty_like(patches)
    for i, (dy, dx) in enumerate(rng.integers(-1, 2, (len(patches), 2))):
        out[i] = np.roll(patches[i], (int(dy), int(dx)), axis=(0, 1))
    return out


def train(patches: F32, labels: NDArray[np.intp], *, epochs: int = 16, seed: int = _SEED,
          log: bool = False) -> dict[str, F32]:
    """Mini-batch Adam on cross-entropy with weight decay."""
    rng = np.random.default_rng(seed)
    n_in, n_out = patches.shape[1] * patches.shape[2], len(mrz_ocr.CLASSES)
    params = {
        "w1": (rng.normal(0, math.sqrt(2 / n_in), (n_in, HIDDEN))).astype(np.float32),
        "b1": np.zeros(HIDDEN, np.float32),
        "w2": (rng.normal(0, math.sqrt(1 / HIDDEN), (HIDDEN, n_out))).astype(np.float32),
        "b2": np.zeros(n_out, np.float32),
    }
    moments = {k: (np.zeros_like(v), np.zeros_like(v)) for k, v in params.items()}
    step, batch, rate, decay = 0, 256, 2e-3, 1e-4
    for epoch in range(epochs):
        order = rng.permutation(len(patches))
        x_all = features(_shifted(rng, patches[order]))
        y_all = labels[order]
        total = 0.0
        for start in range(0, len(order), batch):
            x, y = x_all[start:start + batch], y_all[start:start + batch]
            hidden, logits = _forward(params, x)
            logits = logits - logits.max(axis=1, keepdims=True)
            prob = np.exp(logits)
            prob /= prob.sum(axis=1, keepdims=True)
            total += float(-np.log(prob[np.arange(len(y)), y] + 1e-9).sum())
            grad = prob
            grad[np.arange(len(y)), y] -= 1.0
            grad /= len(y)
            grads = {"w2": hidden.T @ grad, "b2": grad.sum(axis=0)}
            back = (grad @ params["w2"].T) * (hidden > 0)
            grads["w1"], grads["b1"] = x.T @ back, back.sum(axis=0)
            step += 1
            lr = rate * (0.5 * (1 + math.cos(math.pi * epoch / epochs)))
            for key, value in params.items():
                g = grads[key] + decay * value
                m, v = moments[key]
                m *= 0.9
                m += 0.1 * g
                v *= 0.999
                v += 0.001 * g * g
                value -= lr * (m / (1 - 0.9 ** step)) / (
                    np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
        if log:
            _say(f"  epoch {epoch + 1}: loss {total / len(order):.4f}")
    return params


def _recipe() -> str:
    """What the stored weights depend on: this module's training code and the cutter."""
    import hashlib
    import inspect

    text = repr((mrz_ocr.CLASSES, HIDDEN, _SEED, inspect.getsource(_random_line),
                 inspect.getsource(_render_block), inspect.getsource(_scene),
                 inspect.getsource(harvest), inspect.getsource(train),
                 inspect.getsource(features), inspect.getsource(_shifted),
                 inspect.getsource(main)))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@functools.cache
def network() -> dict[str, F32] | None:
    """The stored weights, or None when the file is missing or stale."""
    try:
        with np.load(NET_FILE, allow_pickle=False) as stored:
            if str(stored["recipe"]) != _recipe():
                return None
            return {k: np.asarray(stored[k], dtype=np.float32)
                    for k in ("w1", "b1", "w2", "b2")}
    except (OSError, KeyError, ValueError):
        return None


def accuracy(params: dict[str, F32], patches: F32, labels: NDArray[np.intp]) -> float:
    return float((log_probabilities(params, patches).argmax(axis=1) == labels).mean())


def main(argv: Sequence[str] | None = None) -> int:
    """Harvest, train, report held-out accuracy beside the correlation's, write."""
    args = list(sys.argv[1:] if argv is None else argv)
    blocks = int(args[0]) if args else 3000
    started = time.monotonic()
    patches, labels = harvest(blocks, log=True)
    held_p, held_l = harvest(max(100, blocks // 8), seed=_SEED + 1)
    _say(f"{len(labels)} cells for training, {len(held_l)} held out "
          f"({time.monotonic() - started:.0f} s)")
    params = train(patches, labels, log=True)
    corr = float((mrz_ocr._classify(held_p).argmax(axis=1) == held_l).mean())
    _say(f"held out: network {accuracy(params, held_p, held_l):.4f}, "
          f"correlation {corr:.4f} ({time.monotonic() - started:.0f} s)")
    NET_FILE.parent.mkdir(parents=True, exist_ok=True)
    stored: dict[str, Any] = {k: v.astype(np.float16) for k, v in params.items()}
    with NET_FILE.open("wb") as out:
        np.savez_compressed(out, recipe=np.array(_recipe()), **stored)
    _say(f"written {NET_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
