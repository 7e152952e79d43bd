"""Reading the characters of a rectified MRZ zone, each with a confidence.

The zone comes from :func:`operator_app.scanning.mrz_zone.find_zones` as an upright strip
with the cells :data:`~operator_app.scanning.mrz_zone.STRIP_PITCH` pixels apart. Per line:

1. the slant of the print is measured (italic prints, a sheared photo) and removed, on
   the whole line and then third by third;
2. the pitch and phase are fitted to the centres of *all* the line's glyphs at once
   (centre = a + b·k + c·k², k = 0 … cells − 1; the square term takes up perspective),
   and the line is the window of 30/36/44 cells its glyphs fill, lined up with the other
   lines, so a broken or merged glyph cannot add or drop a cell; cap top and baseline
   are fitted along the line;
3. each cell is matched against glyph prototypes — OCR-B (regular and sharp), DejaVu Sans
   Mono (book and bold) — rendered thin, regular, bold and at low resolution, blurred and
   noisy (:func:`render_prototypes`, stored in ``resources/mrz``), with a few pixels of
   play; a class's score is its best normalized correlation.

:func:`decode` then applies the field grammar of the format (letters in names and
codes, digits in dates and check digits, the sex field, fillers after a name, known
state codes), lets every check digit choose among the close candidates, and says which
characters are still uncertain: a character below :data:`CERTAIN` in a field no check
digit covers (names, nationality, sex, codes); two doubtful characters under one check
digit (one digit vouches for one); a runner-up that would satisfy the same digits.
See ``docs/mrz.md``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from operator_app.scanning.mrz_zone import STRIP_PITCH, Zone

Image = NDArray[np.uint8]
F32 = NDArray[np.float32]

CLASSES = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
_INDEX = {c: i for i, c in enumerate(CLASSES)}
_CW, _CH, _SLACK = 18, 22, 2  # prototype cell (pitch × cap height) and play, pixels
# (font file, is OCR-B). Doc 9303 prescribes OCR-B; the other monospaced faces stand in
# for worn, bold or non-standard prints and score a little lower (_OTHER_FACE), so they
# decide only where no OCR-B glyph fits: DejaVu's narrow O would otherwise outscore
# OCR-B's own 0.
_FONTS = (
    ("/usr/share/fonts/opentype/ocr-b/OCRB.otf", True),
    ("/usr/share/fonts/truetype/ocr-b/OCRB.ttf", True),
    ("/usr/share/fonts/opentype/ocr-b/OCRBS.otf", True),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", False),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf", False),
)
_OTHER_FACE = 0.04
# Softmax temperature turning correlations into a per-cell probability. Fitted on the
# generated pages (bench/bench_mrz_hard.py), not on the real specimens.
TEMPERATURE = 0.025
# Below this probability a character is uncertain (where no check digit covers it).
# Measured over the names and codes of both generated sets and the specimens (7,700
# characters): of the 7 read wrong, 4 had 0.90–0.95 and none more; 28 right ones fall
# below 0.95, which the clerk compares.
CERTAIN = 0.95
# A correlation this low with every prototype is no reading: it weighs as one more
# class in the softmax, so a cell matching nothing well is never certain.
_FLOOR = 0.70
# The learned classifier (:mod:`.mrz_learn`) weighs in as a product of experts: its
# log-probability, times this weight, is added to each class's correlation, so the
# softmax of the sum is the correlation's probability times the network's to the power
# NETWORK_WEIGHT / TEMPERATURE. Where the network is missing, the correlation decides.
USE_NETWORK = True
NETWORK_WEIGHT = TEMPERATURE * 1.0
_NETWORK_FLOOR = -12.0


def _f32(array: Any) -> F32:
    return np.asarray(array, dtype=np.float32)


def _u8(array: Any) -> Image:
    return np.asarray(array, dtype=np.uint8)


def _standardize_rows(matrix: F32) -> F32:
    centred = matrix - matrix.mean(axis=1, keepdims=True)
    norm = np.linalg.norm(centred, axis=1, keepdims=True)
    return _f32(centred / np.maximum(norm, 1e-6))


# -- prototypes ------------------------------------------------------------------------------


def _font_cells(path: str) -> dict[str, F32]:
    """Each character of one font rendered large, cut to its cell: one advance wide, cap
    top to baseline tall, plus the play (as much again in proportion), ink = 1."""
    from PIL import Image as PilImage
    from PIL import ImageDraw, ImageFont

    size = 120
    font = ImageFont.truetype(path, size)
    advance = font.getlength("H")
    canvas_size = (int(advance * 3), int(size * 2))
    origin = (int(advance), int(size * 0.5))

    def render(char: str) -> NDArray[np.uint8]:
        canvas = PilImage.new("L", canvas_size, 0)
        ImageDraw.Draw(canvas).text(origin, char, font=font, fill=255)
        return np.asarray(canvas, dtype=np.uint8)

    h = render("H")
    rows = np.flatnonzero(h.max(axis=1) > 127)
    top, bottom = int(rows[0]), int(rows[-1]) + 1
    cap = bottom - top
    sx, sy = _SLACK / _CW * advance, _SLACK / _CH * cap
    x0, x1 = origin[0] - sx, origin[0] + advance + sx
    y0, y1 = top - sy, bottom + sy
    out = {}
    for char in CLASSES:
        glyph = render(char)
        crop = glyph[int(round(y0)):int(round(y1)), int(round(x0)):int(round(x1))]
        out[char] = _f32(crop) / 255.0
    return out


def _degrade(rng: np.random.Generator, cell: F32, regime: int) -> F32:
    """One degraded sample of a high-resolution cell: stroke weight, scale and shift
    jitter, blur, a low-resolution round trip, noise. ``regime`` 0 thin, 1 regular,
    2 bold, 3 small print."""
    h, w = cell.shape
    img = cell.copy()
    stroke = max(1, round(w * 0.03))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * stroke + 1, 2 * stroke + 1))
    if regime == 0:
        img = _f32(cv2.erode(img, kernel))
    elif regime == 2:
        img = _f32(cv2.dilate(img, kernel))
    scale = rng.uniform(0.92, 1.08)
    sxy = rng.uniform(-0.04, 0.04, 2) * (w, h)
    matrix = np.array([[scale * rng.uniform(0.95, 1.05), rng.uniform(-0.08, 0.08),
                        (1 - scale) * w / 2 + sxy[0]],
                       [0.0, scale, (1 - scale) * h / 2 + sxy[1]]])
    img = _f32(cv2.warpAffine(img, matrix, (w, h), flags=cv2.INTER_LINEAR))
    img = _f32(cv2.GaussianBlur(img, (0, 0), rng.uniform(0.5, 2.5) * w / 60))
    if regime == 3:
        small = max(6, int(rng.uniform(7, 11)))
        factor = small / h
        tiny = cv2.resize(img, (max(4, round(w * factor)), small), interpolation=cv2.INTER_AREA)
        img = _f32(cv2.resize(tiny, (w, h), interpolation=cv2.INTER_CUBIC))
    out = _f32(cv2.resize(img, (_CW + 2 * _SLACK, _CH + 2 * _SLACK),
                          interpolation=cv2.INTER_AREA))
    return _f32(out + rng.normal(0, 0.04, out.shape))


# The prototypes as rendered on a build machine, so a desk does not spend a second
# rendering them in every process (``operator-app mrz`` reads each file in a child
# process). Rewritten by ``python -m operator_app.scanning.mrz_ocr``; a file whose
# recipe differs from this module's is ignored and the prototypes are rendered.
PROTOTYPES_FILE = (Path(__file__).resolve().parents[2] / "resources" / "mrz"
                   / "glyph_prototypes.npz")


def _recipe() -> str:
    """What the prototypes depend on: a changed cell size, alphabet, font list or
    degradation makes a stored file stale."""
    import hashlib
    import inspect

    text = repr((CLASSES, _CW, _CH, _SLACK, _FONTS, _OTHER_FACE,
                 inspect.getsource(_degrade), inspect.getsource(render_prototypes),
                 inspect.getsource(_font_cells)))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@functools.cache
def prototypes() -> tuple[F32, NDArray[np.intp], F32]:
    """Glyph prototypes, their classes and penalties (see :func:`render_prototypes`),
    from :data:`PROTOTYPES_FILE` when it matches this module's recipe, else rendered."""
    try:
        with np.load(PROTOTYPES_FILE, allow_pickle=False) as stored:
            if str(stored["recipe"]) == _recipe():
                return (_f32(stored["matrix"]), np.asarray(stored["labels"], dtype=np.intp),
                        _f32(stored["penalty"]))
    except (OSError, KeyError, ValueError):
        pass
    return render_prototypes()


def write_prototypes(path: Path = PROTOTYPES_FILE) -> Path:
    """Render the prototypes and store them (float16: 0.3 MB) for :func:`prototypes`."""
    matrix, labels, penalty = render_prototypes()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        np.savez_compressed(out, matrix=matrix.astype(np.float16), labels=labels,
                            penalty=penalty, recipe=np.array(_recipe()))
    return path


def render_prototypes() -> tuple[F32, NDArray[np.intp], F32]:
    """Glyph prototypes (standardized rows of the central cell), the class of each and
    the penalty subtracted from its score (other faces than OCR-B).

    For every font and regime (thin, regular, bold, small print), the mean of a dozen
    degraded samples: a mean keeps what the samples share and blurs what jitters, so one
    correlation with it scores a glyph's shape, not its exact pixels. Rendered from the
    installed fonts, about a second; :func:`prototypes` loads a stored copy instead.
    """
    rng = np.random.default_rng(20260115)
    protos: list[F32] = []
    labels: list[int] = []
    penalty: list[float] = []
    seen: set[str] = set()
    for path, ocrb in _FONTS:
        name = Path(path).name
        if not Path(path).is_file() or name.rsplit(".", 1)[0] in seen:
            continue
        seen.add(name.rsplit(".", 1)[0])
        cells = _font_cells(path)
        regimes = (0, 1, 2, 3) if name == "OCRB.otf" or name == "OCRB.ttf" else (1, 3)
        for char in CLASSES:
            for regime in regimes:
                samples = [_degrade(rng, cells[char], regime) for _ in range(10)]
                mean = np.mean(samples, axis=0)
                protos.append(mean[_SLACK:_SLACK + _CH, _SLACK:_SLACK + _CW].ravel())
                labels.append(_INDEX[char])
                penalty.append(0.0 if ocrb else _OTHER_FACE)
    if not protos:
        raise RuntimeError("OCR-B не установлен (apt-get install fonts-ocr-b)")
    order = np.argsort(labels, kind="stable")
    matrix = _standardize_rows(_f32(np.stack(protos))[order])
    return matrix, np.asarray(labels, dtype=np.intp)[order], _f32(penalty)[order]


# -- cells -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineRead:
    """One line's cells: ``scores[k, c]`` is cell k's score for class c (its best
    correlation, weighed by the learned classifier where it is installed); ``patches``
    the cells as cut (what the learned classifier is trained on)."""

    scores: F32
    patches: F32 | None = dataclasses.field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        return "".join(CLASSES[i] for i in self.scores.argmax(axis=1))

    @property
    def mean_best(self) -> float:
        return float(self.scores.max(axis=1).mean())


def _flatten(band: Image) -> Image:
    size = max(9, int(STRIP_PITCH * 1.2)) | 1
    background = cv2.morphologyEx(band, cv2.MORPH_CLOSE,
                                  cv2.getStructuringElement(cv2.MORPH_RECT, (size, size)))
    flat = band.astype(np.float32) / np.maximum(_f32(background), 1.0) * 255.0
    return _u8(np.clip(flat, 0, 255))


def _best_shear(ink: F32, around: float = 0.0, reach: float = 0.6, steps: int = 25
                ) -> float:
    """The shear that makes the column profile of the ink sharpest (upright strokes
    stack into few columns), within ``reach`` of ``around``."""
    h, w = ink.shape
    best, best_score = around, -1.0
    for shear in np.linspace(around - reach, around + reach, steps):
        matrix = np.array([[1.0, shear, -shear * h / 2], [0.0, 1.0, 0.0]])
        profile = cv2.warpAffine(ink, matrix, (w, h), flags=cv2.INTER_LINEAR).sum(axis=0)
        score = float((profile * profile).sum())
        if score > best_score:
            best, best_score = float(shear), score
    return best


def _glyph_mask(ink: Image) -> Image:
    """Only the blobs that may be glyphs of the line (crossing its centre row, of a
    glyph's size): a guilloche or a border, slanted its own way, must not set the slant."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    y, h, w = stats[:, 1], stats[:, 3], stats[:, 2]
    mid = ink.shape[0] / 2
    pitch = STRIP_PITCH
    keep = (y < mid) & (y + h > mid) & (h > 0.35 * pitch) & (h < 2.0 * pitch) & (
        w < 1.5 * pitch)
    keep[0] = False
    return _u8(keep[labels]) * 255


def _deslant(band: Image, ink: Image) -> tuple[Image, Image]:
    """The band with its slant removed: an italic print, or a photo taken at an angle,
    where the slant changes along the line. Measured on the whole line, then on each
    third within ±0.08 of that (a run of fillers alone, all diagonals, would pick any
    slant), and interpolated between the thirds' centres."""
    h, w = ink.shape
    small = _f32(_glyph_mask(ink)) / 255.0
    overall = _best_shear(small)
    thirds = [(i * w // 3, (i + 1) * w // 3) for i in range(3)]
    shears = [_best_shear(small[:, a:b], overall, 0.08, 5) for a, b in thirds]
    if max(abs(v) for v in shears) < 0.02:
        return band, ink
    centres = [(a + b) / 2 for a, b in thirds]
    xs = np.arange(w, dtype=np.float32)
    shear_at = np.interp(xs, centres, shears).astype(np.float32)
    ys = np.arange(h, dtype=np.float32)[:, None]
    map_x = (xs[None, :] - shear_at[None, :] * (ys - h / 2)).astype(np.float32)
    map_y = np.repeat(ys, w, axis=1).astype(np.float32)
    out = _u8(cv2.remap(band, map_x, map_y, cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE))
    out_ink = _u8(cv2.remap(ink, map_x, map_y, cv2.INTER_NEAREST))
    return out, out_ink


def _line_band(zone: Zone, strip: Image, row: float) -> tuple[Image, int]:
    gap = (zone.rows[1] - zone.rows[0]) if len(zone.rows) > 1 else 1.5 * STRIP_PITCH
    top = max(0, int(row - 0.55 * gap))
    bottom = min(strip.shape[0], int(row + 0.55 * gap))
    return strip[top:bottom], top


@dataclass
class _Geometry:
    """One line of a strip, measured: its band (deslanted), the pitch fit (coefficients
    for ``np.polyval``, cell index → x), the cells its glyphs occupy, and the glyphs
    that fix the cap top and baseline."""

    band: Image
    coef: NDArray[np.float64]
    occupied: NDArray[np.intp]
    tall: tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]  # x, top, bottom


def _line_geometry(zone: Zone, strip: Image, row: float) -> _Geometry | None:
    band, _ = _line_band(zone, strip, row)
    if band.shape[0] < 8:
        return None
    band = _flatten(band)
    blurred = cv2.GaussianBlur(band, (3, 3), 0)
    ink = _u8(cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1])
    band, ink = _deslant(band, ink)
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if count < 4:
        return None
    x, y = stats[1:, 0].astype(float), stats[1:, 1].astype(float)
    w, h = stats[1:, 2].astype(float), stats[1:, 3].astype(float)
    mid = band.shape[0] / 2
    pitch = STRIP_PITCH
    # glyphs: on the line's centre row, not wider than two cells, not a speck
    on = (y < mid) & (y + h > mid) & (h > 0.35 * pitch) & (h < 2.0 * pitch) & (w < 12 * pitch)
    if on.sum() < 6:
        return None
    tall_h = np.percentile(h[on], 80)
    tall = on & (h > 0.8 * tall_h) & (h < 1.25 * tall_h)
    narrow = on & (w < 1.3 * pitch) & (w > 0.12 * pitch) & (h > 0.5 * tall_h) & (
        h < 1.3 * tall_h)
    centres = list(x[narrow] + w[narrow] / 2)
    # fillers that touch make one wide blob: a centre for each cell it spans
    wide = on & (w >= 1.3 * pitch) & (h > 0.5 * tall_h) & (h < 1.3 * tall_h)
    for left, width in zip(x[wide], w[wide], strict=True):
        parts = max(2, round(width / pitch))
        centres += [left + (i + 0.5) * width / parts for i in range(parts)]
    fitted = _fit_pitch(np.asarray(centres, dtype=np.float64), pitch)
    if fitted is None:
        return None
    coef, occupied = fitted
    return _Geometry(band, coef, occupied, (x[tall] + w[tall] / 2, y[tall], y[tall] + h[tall]))


def _read_cells(geometry: _Geometry, shift: int, cells: int) -> LineRead | None:
    """Classify the ``cells`` cells from cell ``shift`` on."""
    centres = np.asarray(np.polyval(geometry.coef, np.arange(cells) + shift), dtype=np.float64)
    tx, ty, tb = geometry.tall
    pitch = STRIP_PITCH
    # only the glyphs of the line's own cells: a mark beyond its end (a border, a
    # stamp) must not bend the cap line there
    inside = (tx > centres[0] - 0.6 * pitch) & (tx < centres[-1] + 0.6 * pitch)
    if inside.sum() >= 6:
        tx, ty, tb = tx[inside], ty[inside], tb[inside]
    # cap top and baseline along the line (perspective may leave them sloping)
    if len(tx) >= 6 and np.ptp(tx) > 10 * pitch:
        # a parabola only where the glyphs span most of the line: extrapolated over a
        # run of fillers (which are not cap high) it bends the cells out of shape
        bend = np.ptp(tx) > 0.75 * (centres[-1] - centres[0])
        top = np.asarray(np.polyval(_robust_line(tx, ty, bend), centres), dtype=np.float64)
        bottom = np.asarray(np.polyval(_robust_line(tx, tb, bend), centres), dtype=np.float64)
    elif len(tx):
        top = np.full(cells, float(np.median(ty)))
        bottom = np.full(cells, float(np.median(tb)))
    else:
        return None
    if float(np.min(bottom - top)) < 4:
        return None
    patches = _cut_cells(geometry.band, centres, top, bottom)
    return LineRead(_classify(patches), patches)


def _windows(geometries: Sequence[_Geometry], cells: int) -> list[int] | None:
    """The first cell of each line: the window of ``cells`` cells holding the most
    glyphs, and among ties the one whose start lines up best with the other lines' (an
    MRZ's lines all start in one column), so a mark beyond a line's end is left out."""
    options: list[list[tuple[int, float, int]]] = []
    for g in geometries:
        occ = g.occupied
        counts = [(int(((occ >= s) & (occ < s + cells)).sum()), s)
                  for s in range(int(occ[0]) - cells + 1, int(occ[-1]) + 1)]
        best = max(c for c, _s in counts)
        if best < 0.4 * cells:
            return None
        options.append([(c, float(np.polyval(g.coef, s)), s) for c, s in counts
                        if c == best])
    choice, choice_score = None, -1e9
    for combo in itertools.product(*options):
        starts = [x for _c, x, _s in combo]
        score = -(max(starts) - min(starts))
        if score > choice_score:
            choice, choice_score = [s for _c, _x, s in combo], score
    return choice


def _fit_pitch(centres: NDArray[np.float64], pitch0: float
               ) -> tuple[NDArray[np.float64], NDArray[np.intp]] | None:
    """The x of every cell centre of the whole line, fitted to all its glyphs at once:
    centre = a + b·k + c·k², k = 0 … cells − 1 (the square term takes up what perspective
    the zone's rectification left), outliers dropped. Returns the fit and the cells the
    glyphs occupy (k relative to the first glyph; :func:`_windows` picks the line's
    cells), or None when the glyphs do not sit on one regular pitch."""
    centres = np.sort(centres)
    gaps = np.diff(centres)
    single = gaps[(gaps > 0.55 * pitch0) & (gaps < 1.6 * pitch0)]
    if len(single) < 5:
        return None
    pitch = float(np.median(single))
    # Cell indices from neighbour to neighbour, the expected gap tracking the local
    # pitch (it changes along a line seen at an angle); a blob closer than half a pitch
    # to the previous one is a piece of the same glyph.
    ks = [0.0]
    kept = [float(centres[0])]
    recent = [pitch]
    for x in centres[1:]:
        local = float(np.median(recent[-6:]))
        step = round((x - kept[-1]) / local)
        if step < 1:
            continue
        ks.append(ks[-1] + step)
        if step == 1:
            recent.append(float(x - kept[-1]))
        kept.append(float(x))
    k_all, x_all = np.array(ks), np.array(kept)
    if len(k_all) < 6:
        return None
    degree = 2 if len(k_all) >= 15 else 1
    coef = np.polyfit(k_all, x_all, degree)
    if degree == 1:
        coef = np.r_[0.0, coef]
    for _ in range(2):
        resid = np.abs(x_all - np.polyval(coef, k_all))
        good = resid < 0.3 * pitch
        if good.sum() < 6:
            return None
        coef = np.polyfit(k_all[good], x_all[good], degree)
        if degree == 1:
            coef = np.r_[0.0, coef]
    if not 0.55 * pitch0 < coef[1] < 1.6 * pitch0:
        return None

    def cell_of(x: NDArray[np.float64]) -> NDArray[np.float64]:
        # invert the (nearly linear) fit by one Newton step from the linear guess
        k = (x - coef[2]) / coef[1]
        slope = coef[1] + 2 * coef[0] * k
        return np.asarray(k - (np.polyval(coef, k) - x) / slope, dtype=np.float64)

    k = np.round(cell_of(centres)).astype(int)
    k = k[np.abs(centres - np.polyval(coef, k)) < 0.3 * pitch]
    return np.asarray(coef, dtype=np.float64), np.unique(k).astype(np.intp)


def _robust_line(x: NDArray[np.float64], y: NDArray[np.float64], bend: bool = True
                 ) -> NDArray[np.float64]:
    """A fit of y on x that ignores the few glyphs that stick out (Q's tail): straight,
    or a parabola when there are glyphs enough (a booklet page bends, and the lines of a
    photographed MRZ bow with it)."""
    degree = 2 if bend and len(x) >= 15 else 1
    fit = np.polyfit(x, y, degree)
    for _ in range(2):
        resid = np.abs(y - np.polyval(fit, x))
        keep = resid <= max(1.0, 2.5 * float(np.median(resid)))
        if keep.sum() < 4 * degree:
            break
        fit = np.polyfit(x[keep], y[keep], degree)
    return np.asarray(fit, dtype=np.float64)


def _cut_cells(band: Image, centres: NDArray[np.float64], top: NDArray[np.float64],
               bottom: NDArray[np.float64]) -> F32:
    """Every cell with its play, resized to the prototypes' cell plus slack; ink high.
    A cell reaches halfway to its neighbours' centres, cap top to baseline."""
    cells = len(centres)
    edges = np.r_[centres[0] - (centres[1] - centres[0]) / 2,
                  (centres[1:] + centres[:-1]) / 2,
                  centres[-1] + (centres[-1] - centres[-2]) / 2]
    out_w, out_h = _CW + 2 * _SLACK, _CH + 2 * _SLACK
    inverted = 255.0 - _f32(band)
    patches = np.empty((cells, out_h, out_w), dtype=np.float32)
    for k in range(cells):
        pitch = edges[k + 1] - edges[k]
        cap = bottom[k] - top[k]
        sx, sy = _SLACK / _CW * pitch, _SLACK / _CH * cap
        x0, y0 = edges[k] - sx, top[k] - sy
        fx, fy = out_w / (pitch + 2 * sx), out_h / (cap + 2 * sy)
        matrix = np.array([[fx, 0.0, -x0 * fx], [0.0, fy, -y0 * fy]])
        patches[k] = _f32(cv2.warpAffine(inverted, matrix, (out_w, out_h),
                                         flags=cv2.INTER_AREA if fx < 1 else cv2.INTER_LINEAR,
                                         borderMode=cv2.BORDER_REPLICATE))
    return patches


def _classify(patches: F32) -> F32:
    """(cells, classes) best correlation per class over prototypes and placements."""
    protos, labels, penalty = prototypes()
    shifts = []
    for dy in range(2 * _SLACK + 1):
        for dx in range(2 * _SLACK + 1):
            shifts.append(patches[:, dy:dy + _CH, dx:dx + _CW].reshape(len(patches), -1))
    stacked = _standardize_rows(_f32(np.stack(shifts, axis=1).reshape(-1, _CH * _CW)))
    scores = (stacked @ protos.T).reshape(len(patches), len(shifts), -1).max(axis=1)
    scores -= penalty[None, :]
    starts = np.flatnonzero(np.r_[True, labels[1:] != labels[:-1]])
    per_class = np.maximum.reduceat(scores, starts, axis=1)
    if USE_NETWORK:
        from operator_app.scanning import mrz_learn

        net = mrz_learn.network()
        if net is not None:
            per_class += NETWORK_WEIGHT * np.maximum(
                mrz_learn.log_probabilities(net, patches), _NETWORK_FLOOR)
    return _f32(per_class)


@functools.cache
def _blas_threads() -> Any:
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # pragma: no cover - a dependency; the reader works without it
        return None
    return ThreadpoolController()


def one_blas_thread() -> contextlib.AbstractContextManager[Any]:
    """The matrix products of a zone are small (a line's cells against 370 prototypes):
    OpenBLAS spreading each over its threads costs more than the product itself — 17 ms
    for the network's 0.7 ms on two busy cores — so they run on the calling thread."""
    controller = _blas_threads()
    if controller is None:  # pragma: no cover
        return contextlib.nullcontext()
    return controller.limit(limits=1, user_api="blas")


def read_zone(zone: Zone) -> list[tuple[list[LineRead], bool]]:
    """The zone's lines read both ways up, better-scoring orientation first: each entry
    is the lines top to bottom and whether the strip was turned round."""
    with one_blas_thread():
        return _read_zone(zone)


def _read_zone(zone: Zone) -> list[tuple[list[LineRead], bool]]:
    reads = []
    for turned in (False, True):
        strip = np.ascontiguousarray(zone.strip[::-1, ::-1]) if turned else zone.strip
        rows = ([strip.shape[0] - r for r in zone.rows[::-1]] if turned else list(zone.rows))
        geometries = [_line_geometry(zone, strip, r) for r in rows]
        found = [g for g in geometries if g is not None]
        if len(found) < len(rows):
            continue
        shifts = _windows(found, zone.cells)
        if shifts is None:
            continue
        lines = [_read_cells(g, s, zone.cells) for g, s in zip(found, shifts, strict=True)]
        read = [ln for ln in lines if ln is not None]
        if len(read) == len(rows):
            reads.append((read, turned))
    reads.sort(key=lambda r: -float(np.mean([ln.mean_best for ln in r[0]])))
    return reads


# -- the grammar and the check digits -------------------------------------------------------

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIGITS = "0123456789"
_L, _LF, _D, _DF, _A, _SEX = (LETTERS, LETTERS + "<", DIGITS, DIGITS + "<",
                              LETTERS + DIGITS + "<", "MFX<")


def _spec(fmt: str) -> tuple[list[str], ...]:
    """Allowed characters per position, per line, of a format."""
    if fmt == "TD1":
        l1 = [_L] + [_LF] * 4 + [_A] * 9 + [_DF] + [_A] * 15
        l2 = [_D] * 7 + [_SEX] + [_D] * 7 + [_LF] * 3 + [_A] * 11 + [_D]
        l3 = [_LF] * 30
        return l1, l2, l3
    length = 44 if fmt == "TD3" else 36
    l1 = [_L] + [_LF] * (length - 1)
    l2 = [_A] * 9 + [_DF] + [_LF] * 3 + [_D] * 7 + [_SEX] + [_D] * 7
    if fmt == "TD3":
        l2 += [_A] * 14 + [_DF] + [_D]
    else:
        l2 += [_A] * 7 + [_D]
    return l1, l2


# Check-digit groups: (name, [(line, start, end)...] covered data, (line, pos) digit).
_Pos = tuple[int, int]
_GROUPS: dict[str, list[tuple[str, list[tuple[int, int, int]], _Pos]]] = {
    "TD3": [("document_number", [(1, 0, 9)], (1, 9)), ("birth_date", [(1, 13, 19)], (1, 19)),
            ("expiry_date", [(1, 21, 27)], (1, 27)),
            ("personal_number", [(1, 28, 42)], (1, 42)),
            ("composite", [(1, 0, 10), (1, 13, 20), (1, 21, 43)], (1, 43))],
    "TD2": [("document_number", [(1, 0, 9)], (1, 9)), ("birth_date", [(1, 13, 19)], (1, 19)),
            ("expiry_date", [(1, 21, 27)], (1, 27)),
            ("composite", [(1, 0, 10), (1, 13, 20), (1, 21, 35)], (1, 35))],
    "TD1": [("document_number", [(0, 5, 14)], (0, 14)), ("birth_date", [(1, 0, 6)], (1, 6)),
            ("expiry_date", [(1, 8, 14)], (1, 14)),
            ("composite", [(0, 5, 30), (1, 0, 7), (1, 8, 15), (1, 18, 29)], (1, 29))],
}
# Fields no check digit covers, and the name field (line, start, end).
UNCHECKED: dict[str, list[tuple[str, int, int, int]]] = {
    "TD3": [("document_type", 0, 0, 2), ("issuing_state", 0, 2, 5), ("names", 0, 5, 44),
            ("nationality", 1, 10, 13), ("sex", 1, 20, 21)],
    "TD2": [("document_type", 0, 0, 2), ("issuing_state", 0, 2, 5), ("names", 0, 5, 36),
            ("nationality", 1, 10, 13), ("sex", 1, 20, 21)],
    "TD1": [("document_type", 0, 0, 2), ("issuing_state", 0, 2, 5), ("sex", 1, 7, 8),
            ("nationality", 1, 15, 18), ("names", 2, 0, 30)],
}


def _value(char: str) -> int:
    if char.isdigit():
        return int(char)
    if char == "<":
        return 0
    return ord(char) - 55


def _holds(chars: list[list[str]], group: tuple[str, list[tuple[int, int, int]], _Pos]
           ) -> bool:
    _name, spans, (dl, dp) = group
    data = "".join("".join(chars[ln][s:e]) for ln, s, e in spans)
    digit = chars[dl][dp]
    if digit == "<":
        return set(data) <= {"<"}
    if not digit.isdigit():
        return False
    weights = (7, 3, 1)
    return sum(_value(c) * weights[i % 3] for i, c in enumerate(data)) % 10 == int(digit)


def _positions(group: tuple[str, list[tuple[int, int, int]], _Pos]) -> list[_Pos]:
    _name, spans, digit = group
    return [(ln, i) for ln, s, e in spans for i in range(s, e)] + [digit]


@dataclass(frozen=True)
class Decoded:
    """The characters chosen, their probability, and what is uncertain.

    ``probability[line][col]`` is the softmax probability of the chosen character among
    those allowed there; ``runner_up[line][col]`` the next allowed character;
    ``uncertain`` the positions (line, column; 0-based) the clerk must check;
    ``corrected`` the positions a check digit changed from the first choice.
    """

    fmt: str
    lines: tuple[str, ...]
    probability: tuple[tuple[float, ...], ...]
    runner_up: tuple[str, ...]
    uncertain: tuple[tuple[int, int], ...]
    corrected: tuple[tuple[int, int], ...]
    score: float


# Where letters and digits may both stand (document and personal numbers), a round glyph
# is read as the digit first: OCR-B's O and 0 differ by a few per cent of the cell
# width, which print and blur erase, and numbers seldom hold an O. A real O is still
# reached when the check digit needs it (it costs these factors, see _repair).
_ROUND_AS_DIGIT = {"O": 0.2, "Q": 0.2}


def _probabilities(scores: F32, allowed: Sequence[str]) -> list[dict[str, float]]:
    out = []
    for k, chars in enumerate(allowed):
        idx = [_INDEX[c] for c in chars]
        s = scores[k, idx].astype(np.float64)
        if chars is _A:
            top = s.max()
            zero = chars.index("0")
            for letter, factor in _ROUND_AS_DIGIT.items():
                i = chars.index(letter)
                if s[i] > s[zero]:  # the round glyph: give the digit its score
                    s[zero], s[i] = s[i], s[i] + TEMPERATURE * float(np.log(factor))
            s = np.minimum(s, top)
        p = np.exp((s - s.max()) / TEMPERATURE)
        # a glyph that matches nothing well is no sure reading of its best match either
        p /= p.sum() + float(np.exp((_FLOOR - s.max()) / TEMPERATURE))
        out.append(dict(zip(chars, p.tolist(), strict=True)))
    return out


def decode(reads: Sequence[LineRead], fmt: str, *, repair: bool = True) -> Decoded:
    """Choose each character under the format's grammar, let the check digits settle the
    close calls (unless ``repair`` is off), and list what stays uncertain (see
    :class:`Decoded`)."""
    spec = _spec(fmt)
    probs = [_probabilities(r.scores, allowed) for r, allowed in zip(reads, spec, strict=True)]
    chars = [[max(p, key=p.__getitem__) for p in line] for line in probs]
    first = [list(row) for row in chars]

    def prob(pos: _Pos, char: str) -> float:
        return probs[pos[0]][pos[1]].get(char, 0.0)

    def sure(pos: _Pos) -> float:
        """The chosen character's probability, a round glyph read as 0 in a number
        counting its O reading too: that choice is the convention (see
        _ROUND_AS_DIGIT), not by itself a doubt for the clerk."""
        chosen = chars[pos[0]][pos[1]]
        p = prob(pos, chosen)
        if chosen == "0" and spec[pos[0]][pos[1]] is _A:
            p += prob(pos, "O") + prob(pos, "Q")
        return p

    def round_doubt(pos: _Pos) -> bool:
        """A 0 in a number whose glyph matched O or Q better: one such swap always
        changes the check digit, two can cancel (O↔0 at weights 7 and 3)."""
        ln, col = pos
        if chars[ln][col] != "0" or spec[ln][col] is not _A:
            return False
        raw = reads[ln].scores[col]
        return bool(raw[_INDEX["0"]] < max(raw[_INDEX["O"]], raw[_INDEX["Q"]]))

    def alternatives(pos: _Pos) -> list[tuple[float, str]]:
        p = probs[pos[0]][pos[1]]
        chosen = chars[pos[0]][pos[1]]
        return sorted(((p[chosen] - v, c) for c, v in p.items() if c != chosen and v > 1e-4))

    _name_grammar(chars, probs, fmt)
    by_code, code_doubts = _state_grammar(chars, probs, fmt)
    groups = _GROUPS[fmt]
    ambiguous: set[_Pos] = set()
    for group in groups:
        if _holds(chars, group) or not repair:
            continue
        padded = _padding(chars, group, groups)
        if padded:
            ambiguous.update(padded)  # fixed by the layout, for the clerk to compare
            for ln, col in padded:
                chars[ln][col] = "<"
            continue
        repaired = _repair(chars, group, probs, groups)
        if repaired is None:
            ambiguous.update(p for p in _positions(group) if prob(p, chars[p[0]][p[1]])
                             < CERTAIN)
            continue
        fix, doubtful = repaired
        ambiguous.update(doubtful)
        for (ln, col), char in fix:
            chars[ln][col] = char
    uncertain: set[_Pos] = set(ambiguous) | code_doubts
    # A check digit vouches for one doubtful character, not for two: one wrong character
    # always changes it (but for look-alikes whose values differ by 10, tried below),
    # two wrong ones leave it right one time in ten. Field digits first, then the
    # composite for what only it covers.
    vouched: set[_Pos] = set()
    for group in groups:
        if not _holds(chars, group):
            continue
        unsure = [pos for pos in _positions(group) if pos not in vouched
                  and sure(pos) < CERTAIN]
        if len(unsure) > 1:
            uncertain.update(unsure)
            continue
        for pos in unsure:
            vouched.add(pos)
            for _drop, alt in alternatives(pos)[:3]:
                trial = [list(row) for row in chars]
                trial[pos[0]][pos[1]] = alt
                if prob(pos, alt) > 0.02 and all(
                        _holds(trial, g) for g in groups if pos in _positions(g)):
                    uncertain.add(pos)
        # round glyphs: every pair whose O readings together keep all digits is a doubt
        rounds = [pos for pos in _positions(group) if round_doubt(pos)]
        for a, b in itertools.combinations(rounds + unsure, 2):
            for alt_a in (["O", "Q"] if a in rounds else
                          [c for _d, c in alternatives(a)[:2]]):
                for alt_b in (["O", "Q"] if b in rounds else
                              [c for _d, c in alternatives(b)[:2]]):
                    trial = [list(row) for row in chars]
                    trial[a[0]][a[1]], trial[b[0]][b[1]] = alt_a, alt_b
                    if all(_holds(trial, g) for g in groups
                           if a in _positions(g) or b in _positions(g)):
                        uncertain.update((a, b))
    for group in groups:  # a digit that fails vouches for nothing in its field
        if not _holds(chars, group):
            uncertain.update(pos for pos in _positions(group) if pos not in vouched
                             and sure(pos) < CERTAIN)
    for _field, ln, start, end in UNCHECKED[fmt]:
        for col in range(start, end):
            if prob((ln, col), chars[ln][col]) < CERTAIN and (ln, col) not in by_code:
                uncertain.add((ln, col))
    lines = tuple("".join(row) for row in chars)
    probability = tuple(tuple(prob((ln, c), chars[ln][c]) for c in range(len(row)))
                        for ln, row in enumerate(chars))
    runner = tuple("".join((alternatives((ln, c)) or [(0.0, "<")])[0][1]
                           for c in range(len(row))) for ln, row in enumerate(chars))
    corrected = tuple((ln, c) for ln, row in enumerate(chars) for c in range(len(row))
                      if row[c] != first[ln][c])
    score = float(np.mean([r.mean_best for r in reads]))
    return Decoded(fmt, lines, probability, runner, tuple(sorted(uncertain)), corrected,
                   score)


# The codes a state or nationality field may hold: ISO 3166-1 alpha-3 (Debian's
# iso-codes) and those Doc 9303 part 3 adds (Germany's D, the British nationality
# classes, the UN and other organizations, stateless and refugees, Kosovo, the specimen
# state Utopia), plus a few withdrawn ones still on valid documents.
_STATE_CODE_TEXT = (
    "ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES "
    "BFA BGD BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE "
    "CHL CHN CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK "
    "DOM DZA ECU EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB "
    "GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND "
    "IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN "
    "LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT "
    "MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR "
    "NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU "
    "RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN "
    "SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA "
    "UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE "
    "D<< GBD GBN GBO GBP GBS UNO UNA UNK XBA XIM XCC XCE XCO XEC XPO XES XMP XOM XDC "
    "XXA XXB XXC XXX EUE RKS UTO ANT SCG YUG ZAR")
_STATE_CODES = frozenset(_STATE_CODE_TEXT.split())


def _state_grammar(chars: list[list[str]], probs: list[list[dict[str, float]]], fmt: str
                   ) -> tuple[set[_Pos], set[_Pos]]:
    """Issuing state and nationality are codes: a known code read first is vouched for
    when no other known code among the three best readings of each character is within a
    factor of ten; a known code within a factor of ten of an unknown first reading is
    taken, its changed characters in doubt. Returns the positions vouched for and those
    in doubt."""
    vouched: set[_Pos] = set()
    doubtful: set[_Pos] = set()
    for field, ln, start, end in UNCHECKED[fmt]:
        if field not in ("issuing_state", "nationality"):
            continue
        cols = list(range(start, end))
        options = [sorted(probs[ln][c].items(), key=lambda kv: -kv[1])[:3] for c in cols]
        first = "".join(chars[ln][c] for c in cols)
        p_first = float(np.prod([probs[ln][c][chars[ln][c]] for c in cols]))
        scored = []
        for combo in itertools.product(*options):
            code = "".join(ch for ch, _p in combo)
            if code in _STATE_CODES:
                scored.append((float(np.prod([p for _c, p in combo])), code))
        scored.sort(reverse=True)
        if not scored or scored[0][0] < p_first / 10:
            # No known code near. Some documents print their own (BDR, SI<, <<<), but a
            # code no list holds is more often a misread one (KAI for KAZ, read sure of
            # every character): it is doubted whole, for the clerk to compare.
            if first not in _STATE_CODES and first != "<<<":  # <<<: none stated
                doubtful.update((ln, c) for c in cols)
            continue
        best_p, best = scored[0]
        if best != first:
            # a known code close to what was read: taken, the changed characters doubted
            for c, ch in zip(cols, best, strict=True):
                if chars[ln][c] != ch:
                    doubtful.add((ln, c))
                chars[ln][c] = ch
            continue
        rivals = [code for p, code in scored[1:] if p > best_p / 10]
        for c, ch in zip(cols, best, strict=True):
            if any(code[c - start] != ch for code in rivals):
                doubtful.add((ln, c))
            else:
                vouched.add((ln, c))
    return vouched, doubtful


def _name_grammar(chars: list[list[str]], probs: list[list[dict[str, float]]], fmt: str
                  ) -> None:
    """In a name field nothing but fillers follows a run of three: a letter there that
    could at all be ``<`` is a filler (a speck, a worn ``<`` under glare). It stays
    uncertain when ``<`` was not its likely reading."""
    for field, ln, start, end in UNCHECKED[fmt]:
        if field != "names":
            continue
        text = "".join(chars[ln][start:end])
        run = text.find("<<<")
        if run < 0:
            continue
        for col in range(start + run + 3, end):
            if chars[ln][col] != "<" and probs[ln][col].get("<", 0.0) > 1e-6:
                chars[ln][col] = "<"


# Fields written from the left and padded with fillers (line, start, end): optional
# data and the personal number. After a run of two fillers there, only fillers follow.
_PADDED: dict[str, list[tuple[int, int, int]]] = {
    "TD3": [(1, 28, 42)], "TD2": [(1, 28, 35)], "TD1": [(0, 15, 30), (1, 18, 29)],
}


def _padding(chars: list[list[str]], group: tuple[str, list[tuple[int, int, int]], _Pos],
             groups: list[Any]) -> list[_Pos]:
    """A failing digit over a padded field whose padding holds glyphs that are not
    fillers (a worn or glared ``<`` read as C, S or 1): the positions that, made
    fillers, make the digit hold without breaking another that holds; else none."""
    _name, spans, _digit = group
    covered = set(_positions(group))
    change: list[_Pos] = []
    for ln, start, end in _PADDED.get(_format_of(chars), []):
        if not any(sl == ln and ss <= start and end <= se for sl, ss, se in spans):
            continue
        text = "".join(chars[ln][start:end])
        run = text.find("<<")
        if run >= 0:
            change += [(ln, c) for c in range(start + run + 2, end) if chars[ln][c] != "<"]
    if not change:
        return []
    trial = [list(row) for row in chars]
    for ln, col in change:
        trial[ln][col] = "<"
    related = [g for g in groups if g is not group and set(_positions(g)) & covered
               and _holds(chars, g)]
    if _holds(trial, group) and all(_holds(trial, g) for g in related):
        return change
    return []


def _format_of(chars: list[list[str]]) -> str:
    return {30: "TD1", 36: "TD2", 44: "TD3"}.get(len(chars[0]), "")


def _repair(chars: list[list[str]], group: tuple[str, list[tuple[int, int, int]], _Pos],
            probs: list[list[dict[str, float]]], groups: list[Any]
            ) -> tuple[list[tuple[_Pos, str]], set[_Pos]] | None:
    """The most probable set of substitutions (one or two, among the ten cheapest
    alternatives) that makes the group's digit hold without breaking another that
    holds, and the positions where the runner-up set differs when it is within a factor
    of ten: there the digit cannot tell, and the clerk must look. None when nothing
    plausible (less likely than 1 in 100 against the first reading) fixes it."""
    options: list[tuple[float, _Pos, str]] = []
    for pos in _positions(group):
        p = probs[pos[0]][pos[1]]
        chosen = chars[pos[0]][pos[1]]
        for char, value in p.items():
            if char != chosen and value > 1e-7:
                options.append((float(np.log(p[chosen] / value)), pos, char))
    options.sort()
    options = options[:10]
    positions = set(_positions(group))
    related = [g for g in groups if g is not group and set(_positions(g)) & positions
               and _holds(chars, g)]
    found: list[tuple[float, list[tuple[_Pos, str]]]] = []
    for size in range(1, 3):
        for combo in itertools.combinations(options, size):
            if len({pos for _c, pos, _a in combo}) < size:
                continue
            cost = sum(c for c, _p, _a in combo)
            if cost > _MAX_COST:
                continue
            trial = [list(row) for row in chars]
            for _c, (ln, col), alt in combo:
                trial[ln][col] = alt
            if not _holds(trial, group) or any(not _holds(trial, g) for g in related):
                continue
            found.append((cost, [(p, a) for _c, p, a in combo]))
    if not found:
        return None
    found.sort(key=lambda f: f[0])
    best = found[0]
    doubtful: set[_Pos] = set()
    for cost, other in found[1:]:
        if cost - best[0] > _AMBIGUITY:
            break
        mine, theirs = dict(best[1]), dict(other)
        doubtful.update(p for p in mine.keys() | theirs.keys() if mine.get(p) != theirs.get(p))
    return best[1], doubtful


_MAX_COST = 4.6  # nats: a fix less likely than 1 in 100 is not a fix
_AMBIGUITY = 2.3  # nats: a second fix within a factor of ten leaves the positions in doubt


# Every field of each format: (name, line, start, end, the check digit covering it).
_FIELDS: dict[str, list[tuple[str, int, int, int, str | None]]] = {
    "TD3": [("document_type", 0, 0, 2, None), ("issuing_state", 0, 2, 5, None),
            ("names", 0, 5, 44, None), ("document_number", 1, 0, 10, "document_number"),
            ("nationality", 1, 10, 13, None), ("birth_date", 1, 13, 20, "birth_date"),
            ("sex", 1, 20, 21, None), ("expiry_date", 1, 21, 28, "expiry_date"),
            ("personal_number", 1, 28, 43, "personal_number"),
            ("composite", 1, 43, 44, "composite")],
    "TD2": [("document_type", 0, 0, 2, None), ("issuing_state", 0, 2, 5, None),
            ("names", 0, 5, 36, None), ("document_number", 1, 0, 10, "document_number"),
            ("nationality", 1, 10, 13, None), ("birth_date", 1, 13, 20, "birth_date"),
            ("sex", 1, 20, 21, None), ("expiry_date", 1, 21, 28, "expiry_date"),
            ("optional_data", 1, 28, 35, "composite"), ("composite", 1, 35, 36, "composite")],
    "TD1": [("document_type", 0, 0, 2, None), ("issuing_state", 0, 2, 5, None),
            ("document_number", 0, 5, 15, "document_number"),
            ("optional_data", 0, 15, 30, "composite"), ("birth_date", 1, 0, 7, "birth_date"),
            ("sex", 1, 7, 8, None), ("expiry_date", 1, 8, 15, "expiry_date"),
            ("nationality", 1, 15, 18, None), ("optional_data_2", 1, 18, 29, "composite"),
            ("composite", 1, 29, 30, "composite"), ("names", 2, 0, 30, None)],
}


def field_spans(fmt: str) -> list[tuple[str, int, int, int, str | None]]:
    """The fields of a format: name, line, start and end column (0-based, end
    exclusive), and the check digit (a ``MrzResult.checks`` name) that covers it."""
    return _FIELDS[fmt]


if __name__ == "__main__":
    print(write_prototypes())  # noqa: T201 - a build step, run by hand
