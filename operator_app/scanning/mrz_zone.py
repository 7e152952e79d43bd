"""Where the MRZ is: blocks of 2 or 3 equally spaced lines of one monospaced print.

A real reader does not look for "a wide dark band" at one scale and within ±15°: it
looks for what only an MRZ is — 30, 36 or 44 glyphs of one size on a straight line, two
or three such lines one above the other, left- and right-aligned, a line gap of about
one and a half glyph heights. Everything here is relative to the glyph size measured in
the image, so the same code finds the zone of a card photographed from a metre and of a
passport scanned at 600 dpi, at any angle including upside down, and each zone when two
documents lie in one picture.

How (all on one working copy, 1000–1700 px on its longer side, small images upscaled):

1. ink: dark on a locally lighter ground (adaptive threshold), as connected components;
2. glyph chains: each component is linked to its two nearest neighbours of a like size,
   chains are split into straight lines along their own direction, so any rotation
   works the same;
3. blocks: lines that are parallel, of one glyph size, start and end together and lie
   1.1–3 glyph heights apart form a block; its cell count per line is the line's length
   over its pitch, snapped to 30, 36 or 44;
4. each block's corners give a homography to an upright strip (perspective removed), at a
   pitch of :data:`STRIP_PITCH` pixels (small prints are upscaled here, from the
   original pixels).

Nothing here imports Qt; :mod:`operator_app.scanning.mrz_ocr` reads the strips.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

Image = NDArray[np.uint8]
FloatArray = NDArray[np.float64]

STRIP_PITCH = 24.0  # pixels per character cell in the rectified strip
_LINE_COUNTS = {30: (3,), 36: (2,), 44: (2,)}
_WORK_MIN, _WORK_MAX = 1000, 1700


@dataclass(frozen=True)
class Zone:
    """One MRZ candidate: ``lines`` text lines of ``cells`` characters each.

    ``quad`` holds the zone's corners in the input image (top-left, top-right,
    bottom-right, bottom-left, as the lines read), for a preview to outline.
    ``strip`` is the zone rectified: upright, the first cell's centre at
    ``(margin + pitch / 2, rows[0])``, every cell :data:`STRIP_PITCH` pixels apart,
    line ``i`` centred on ``rows[i]``.
    """

    cells: int
    lines: int
    quad: tuple[tuple[float, float], ...]
    strip: Image
    rows: tuple[float, ...]
    margin: float
    glyph_px: float  # glyph height in the input image, pixels (how small the print is)
    angle: float  # degrees, direction of the lines in the input image


def _u8(array: Any) -> Image:
    return np.asarray(array, dtype=np.uint8)


def _gray(image: Image) -> Image:
    if image.ndim == 2:
        return image
    if image.shape[2] == 1:
        return np.ascontiguousarray(image[:, :, 0])
    code = cv2.COLOR_BGR2GRAY if image.shape[2] == 3 else cv2.COLOR_BGRA2GRAY
    return _u8(cv2.cvtColor(image, code))


@dataclass
class _Line:
    members: NDArray[np.intp]
    origin: FloatArray  # a point on the line (work coordinates)
    d: FloatArray  # unit direction, reading order
    n: FloatArray  # unit normal, pointing "down" in reading order
    u0: float  # start along d (left edge of the first glyph)
    u1: float  # end along d (right edge of the last glyph)
    v: float  # offset along n of the centre line
    size: float  # median glyph height (extent along n)
    pitch: float


class _Blobs:
    """Connected ink components of the working image."""

    def __init__(self, ink: Image) -> None:
        count, labels, stats, centroids = cv2.connectedComponentsWithStats(ink, connectivity=8)
        self.labels = labels
        self.x = stats[1:, cv2.CC_STAT_LEFT].astype(np.float64)
        self.y = stats[1:, cv2.CC_STAT_TOP].astype(np.float64)
        self.w = stats[1:, cv2.CC_STAT_WIDTH].astype(np.float64)
        self.h = stats[1:, cv2.CC_STAT_HEIGHT].astype(np.float64)
        self.area = stats[1:, cv2.CC_STAT_AREA].astype(np.float64)
        self.cx = self.x + self.w / 2
        self.cy = self.y + self.h / 2
        self.count = count - 1


def _ink(gray: Image, block: int, strict: float = 0.35) -> Image:
    """Dark strokes on a locally lighter ground: below the local mean by a margin that
    follows the local contrast, so glare and shadows do not swallow the glyphs."""
    g = gray.astype(np.float32)
    mean = cv2.boxFilter(g, -1, (block, block))
    sq = cv2.boxFilter(g * g, -1, (block, block))
    std = np.sqrt(np.maximum(sq - mean * mean, 0))
    ink = g < mean - np.maximum(8.0, strict * std)
    return _u8(ink) * 255


def _links(blobs: _Blobs, keep: NDArray[np.intp]) -> list[tuple[int, int]]:
    """Each glyph to its two nearest neighbours of a like size (within 2.2 sizes)."""
    cx, cy = blobs.cx[keep], blobs.cy[keep]
    size = np.maximum(blobs.w[keep], blobs.h[keep])
    order = np.argsort(cx)
    cx, cy, size = cx[order], cy[order], size[order]
    pairs: list[tuple[int, int]] = []
    n = len(cx)
    reach = 2.2 * size
    right = np.searchsorted(cx, cx + reach, side="right")
    left = np.searchsorted(cx, cx - reach, side="left")
    for i in range(n):
        lo, hi = left[i], right[i]
        if hi - lo <= 1:
            continue
        js = np.arange(lo, hi)
        js = js[js != i]
        ratio = size[js] / size[i]
        dist = np.hypot(cx[js] - cx[i], cy[js] - cy[i])
        ok = (ratio > 0.55) & (ratio < 1.8) & (dist < 1.9 * np.maximum(size[js], size[i]))
        js, dist = js[ok], dist[ok]
        for j in js[np.argsort(dist)[:2]]:
            pairs.append((int(keep[order[i]]), int(keep[order[j]])))
    return pairs


def _groups(pairs: list[tuple[int, int]], count: int) -> list[list[int]]:
    parent = list(range(count))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
    groups: dict[int, list[int]] = {}
    for a, _b in pairs:
        groups.setdefault(find(a), [])
    seen: set[int] = set()
    for a, b in pairs:
        for x in (a, b):
            if x not in seen:
                seen.add(x)
                groups[find(x)].append(x)
    return [g for g in groups.values() if len(g) >= 8]


def _direction(blobs: _Blobs, group: list[int], pairs: list[tuple[int, int]]) -> float:
    """Dominant link direction of a chain (radians, mod π), by a doubled-angle mean."""
    members = set(group)
    angles = [math.atan2(blobs.cy[b] - blobs.cy[a], blobs.cx[b] - blobs.cx[a])
              for a, b in pairs if a in members]
    doubled = np.array(angles) * 2
    hist, edges = np.histogram(np.mod(doubled, 2 * np.pi), bins=72, range=(0, 2 * np.pi))
    peak = int(np.argmax(np.convolve(np.r_[hist[-2:], hist, hist[:2]], np.ones(5), "valid")))
    centre = (edges[peak] + edges[peak + 1]) / 2
    near = np.abs(np.angle(np.exp(1j * (doubled - centre)))) < 0.35
    mean = np.angle(np.mean(np.exp(1j * doubled[near]))) if near.any() else centre
    return float(mean / 2)


def _extent(blobs: _Blobs, idx: NDArray[np.intp], axis: FloatArray) -> FloatArray:
    """Extent of each blob's bounding box along a unit axis."""
    return np.asarray(np.abs(blobs.w[idx] * axis[0]) + np.abs(blobs.h[idx] * axis[1]),
                      dtype=np.float64)


def _split_lines(blobs: _Blobs, group: list[int], theta: float) -> list[_Line]:
    d = np.array([math.cos(theta), math.sin(theta)])
    if d[0] < 0:
        d = -d
    n = np.array([-d[1], d[0]])
    idx = np.array(group)
    u = blobs.cx[idx] * d[0] + blobs.cy[idx] * d[1]
    v = blobs.cx[idx] * n[0] + blobs.cy[idx] * n[1]
    hsize = _extent(blobs, idx, n)
    med = float(np.median(hsize))
    lines: list[_Line] = []
    order = np.argsort(v)
    breaks = np.flatnonzero(np.diff(v[order]) > 0.45 * med) + 1
    for rows in np.split(order, breaks):
        if len(rows) < 8:
            continue
        by_u = rows[np.argsort(u[rows])]
        size = float(np.median(hsize[by_u]))
        gaps = np.diff(u[by_u])
        cuts = np.flatnonzero(gaps > 2.6 * size) + 1
        for run in np.split(by_u, cuts):
            if len(run) < 8:
                continue
            lines.append(_make_line(blobs, idx[run], d, n))
    return lines


def _make_line(blobs: _Blobs, members: NDArray[np.intp], d: FloatArray, n: FloatArray
               ) -> _Line:
    u = blobs.cx[members] * d[0] + blobs.cy[members] * d[1]
    v = blobs.cx[members] * n[0] + blobs.cy[members] * n[1]
    ext_u = _extent(blobs, members, d)
    ext_v = _extent(blobs, members, n)
    size = float(np.median(ext_v))
    order = np.argsort(u)
    u, ext_u = u[order], ext_u[order]
    narrow = ext_u < 1.4 * size
    centres = u[narrow]
    pitch = _pitch(centres, size)
    return _Line(members[order], np.zeros(2), d, n, float(u[0] - ext_u[0] / 2),
                 float(u[-1] + ext_u[-1] / 2), float(np.median(v)), size, pitch)


def _pitch(centres: FloatArray, size: float) -> float:
    """The pitch of glyph centres: the median gap, refined by a least-squares fit of
    centre = phase + k·pitch over the whole run (not gap by gap)."""
    if len(centres) < 3:
        return size
    gaps = np.diff(centres)
    gaps = gaps[gaps > 0.4 * size]
    if len(gaps) == 0:
        return size
    pitch = float(np.median(gaps))
    # Cell indices neighbour to neighbour, the expected gap tracking the local pitch: a
    # line seen at a slant shrinks along its length, and one pitch for the whole line
    # slips a cell over 44 of them.
    ks, kept, recent = [0.0], [float(centres[0])], [pitch]
    for x in centres[1:]:
        local = float(np.median(recent[-6:]))
        step = round((float(x) - kept[-1]) / local)
        if step < 1:
            continue
        if step == 1:
            recent.append(float(x) - kept[-1])
        ks.append(ks[-1] + step)
        kept.append(float(x))
    if ks[-1] <= 0:
        return pitch
    return float(np.polyfit(np.array(ks), np.array(kept), 1)[0])


def _absorb(blobs: _Blobs, line: _Line, kept: NDArray[np.bool_]) -> _Line:
    """Add the blobs lying on the line that chaining left out (runs of fillers that
    touch and became one wide blob, a glyph broken in two), and extend the line's ends."""
    d, n = line.d, line.n
    cand = np.flatnonzero(kept)
    u = blobs.cx[cand] * d[0] + blobs.cy[cand] * d[1]
    v = blobs.cx[cand] * n[0] + blobs.cy[cand] * n[1]
    ext_u = _extent(blobs, cand, d)
    ext_v = _extent(blobs, cand, n)
    on = ((np.abs(v - line.v) < 0.3 * line.size) & (ext_v < 1.3 * line.size)
          & (ext_v > 0.4 * line.size))
    cand, u, ext_u = cand[on], u[on], ext_u[on]
    lo, hi = line.u0, line.u1
    order = np.argsort(u)
    # extend right, then left, while the next blob is within two pitches
    reach = 1.6 * max(line.pitch, 0.5 * line.size)
    for i in order:
        if u[i] - ext_u[i] / 2 <= hi + reach and u[i] + ext_u[i] / 2 > hi:
            hi = u[i] + ext_u[i] / 2
    for i in order[::-1]:
        if u[i] + ext_u[i] / 2 >= lo - reach and u[i] - ext_u[i] / 2 < lo:
            lo = u[i] - ext_u[i] / 2
    inside = (u >= lo) & (u <= hi)
    members = np.union1d(line.members, cand[inside])
    return _Line(members, line.origin, d, n, float(lo), float(hi), line.v, line.size,
                 line.pitch)


def _candidate_lines(gray: Image, strict: float = 0.35) -> tuple[list[_Line], _Blobs]:
    block = 41
    blobs = _Blobs(_ink(gray, block, strict))
    size = np.maximum(blobs.w, blobs.h)
    fill = blobs.area / np.maximum(1.0, blobs.w * blobs.h)
    glyph = (size >= 6) & (size <= 160) & (fill > 0.08) & (blobs.area >= 10)
    keep = np.flatnonzero(glyph & (blobs.w < 2.0 * blobs.h) & (blobs.h < 3.0 * blobs.w + 4))
    if len(keep) > 20000:
        return [], blobs
    pairs = _links(blobs, keep)
    lines: list[_Line] = []
    kept = glyph
    pieces = []
    for group in _groups(pairs, blobs.count):
        theta = _direction(blobs, group, pairs)
        pieces += [line for line in _split_lines(blobs, group, theta)
                   if line.u1 - line.u0 >= 4 * line.size]
    for line in _merged(blobs, pieces):
        if line.u1 - line.u0 >= 12 * line.size:
            lines.append(_absorb(blobs, line, kept))
    return lines, blobs


def _merged(blobs: _Blobs, pieces: list[_Line]) -> list[_Line]:
    """Pieces of one line joined: a line of small print whose glyphs were chained in
    two or three runs (a glare spot, a filler run of another size, touching glyphs)
    lies on one straight centre line, parallel, of one glyph size, the runs a few glyphs
    apart."""
    pieces = sorted(pieces, key=lambda ln: -(ln.u1 - ln.u0))
    used: set[int] = set()
    out: list[_Line] = []
    cos_limit = math.cos(math.radians(4))
    for i, a in enumerate(pieces):
        if i in used:
            continue
        line = a
        grown = True
        while grown:
            grown = False
            for j, b in enumerate(pieces):
                if j == i or j in used or abs(float(a.d @ b.d)) < cos_limit:
                    continue
                if not 0.7 < b.size / line.size < 1.4:
                    continue
                bu = blobs.cx[b.members] * a.d[0] + blobs.cy[b.members] * a.d[1]
                bv = blobs.cx[b.members] * a.n[0] + blobs.cy[b.members] * a.n[1]
                if abs(float(np.median(bv)) - line.v) > 0.4 * line.size:
                    continue
                gap = max(float(bu.min()) - line.u1, line.u0 - float(bu.max()))
                if gap > 4 * line.size:
                    continue
                used.add(j)
                line = _make_line(blobs, np.union1d(line.members, b.members), a.d, a.n)
                grown = True
        out.append(line)
    return out


def _cell_count(line: _Line) -> float:
    pitch = line.pitch
    return (line.u1 - line.u0) / pitch if pitch > 0 else 0.0


def _blocks(lines: list[_Line]) -> list[list[_Line]]:
    """Runs of 2 or 3 lines that can be one MRZ: parallel, one glyph size, aligned ends,
    a line gap of 1.1–3 glyph heights. Longest lines first; a line is used once."""
    lines = sorted(lines, key=lambda ln: -(ln.u1 - ln.u0))
    blocks: list[list[_Line]] = []
    used: set[int] = set()

    def compatible(a: _Line, b: _Line) -> float | None:
        cos = abs(float(a.d @ b.d))
        if cos < math.cos(math.radians(6)):
            return None
        if not 0.7 < b.size / a.size < 1.4:
            return None
        # b expressed in a's frame
        ub0, ub1 = b.u0, b.u1
        if float(a.d @ b.d) < 0:
            return None
        vb = b.v
        gap = vb - a.v
        size = (a.size + b.size) / 2
        if not 1.1 * size < abs(gap) < 3.2 * size:
            return None
        length = max(a.u1 - a.u0, ub1 - ub0)
        overlap = min(a.u1, ub1) - max(a.u0, ub0)
        if overlap < 0.85 * length:
            return None
        return gap

    for i, a in enumerate(lines):
        if i in used:
            continue
        below = []
        for j, b in enumerate(lines):
            if j == i or j in used:
                continue
            gap = compatible(a, b)
            if gap is not None:
                below.append((gap, j))
        if not below:
            continue
        members = [(0.0, i), *below]
        members.sort()
        # keep a chain of equally spaced lines around a
        chain = [members[0]]
        for gap, j in members[1:]:
            if 1.1 * a.size < gap - chain[-1][0] < 3.2 * a.size:
                chain.append((gap, j))
        if len(chain) < 2:
            continue
        if len(chain) > 3:
            chain = chain[:3]
        if len(chain) == 3:
            g1, g2 = chain[1][0] - chain[0][0], chain[2][0] - chain[1][0]
            if abs(g1 - g2) > 0.25 * max(g1, g2):
                chain = chain[:2]
        for _g, j in chain:
            used.add(j)
        blocks.append([lines[j] for _g, j in chain])
    return blocks


def _snap(cells: float, count: int) -> list[int]:
    """Cell counts of the MRZ formats a block of ``count`` lines can be, nearest first."""
    options = [c for c, counts in _LINE_COUNTS.items() if count in counts]
    if count == 2:
        options = [30, 36, 44]  # 30: an ID card whose third line was not found
    options = [c for c in options if abs(cells - c) <= 0.15 * c]
    return sorted(options, key=lambda c: abs(cells - c))


def _line_ends(blobs: _Blobs, line: _Line, ends: tuple[float, float] | None = None
               ) -> tuple[FloatArray, FloatArray, float, float]:
    """Both ends of the line's centre line (work coordinates) and the glyph size there,
    from a straight fit of the members' centres (the line may bend under perspective:
    each line is fitted on its own)."""
    m = line.members
    cx, cy = blobs.cx[m], blobs.cy[m]
    u = cx * line.d[0] + cy * line.d[1]
    v = cx * line.n[0] + cy * line.n[1]
    ext_v = _extent(blobs, m, line.n)
    tall = ext_v > 0.6 * line.size
    if tall.sum() >= 4:
        slope, icpt = np.polyfit(u[tall], v[tall], 1)
        s_slope, s_icpt = np.polyfit(u[tall], ext_v[tall], 1)
    else:
        slope, icpt, s_slope, s_icpt = 0.0, float(np.median(v)), 0.0, line.size
    points = []
    sizes = []
    for uu in ends or (line.u0, line.u1):
        vv = slope * uu + icpt
        points.append(uu * line.d + vv * line.n)
        sizes.append(max(2.0, s_slope * uu + s_icpt))
    return points[0], points[1], sizes[0], sizes[1]


def find_zones(image: Image, *, limit: int = 4) -> list[Zone]:
    """MRZ candidates in an image (BGR or grayscale), most line-like first: every
    block of 2–3 aligned, equally spaced lines whose length fits 30, 36 or 44 cells.
    Each comes rectified (see :class:`Zone`); one block may be offered as two formats
    when its length is between them. The OCR decides which, if any, is an MRZ."""
    gray = _gray(image)
    height, width = gray.shape
    longer = max(height, width)
    factor = 1.0
    if longer < _WORK_MIN:
        factor = min(4.0, _WORK_MIN / longer)
    elif longer > _WORK_MAX:
        factor = _WORK_MAX / longer
    zones, orphans = _zones_at(gray, factor, limit)
    small = (not zones or orphans
             or min(z.glyph_px for z in zones) * factor < _SMALL_GLYPH)
    if small and longer * factor * 2 <= _WORK_SMALL_PRINT:
        # Nothing at this scale, or only small print: glyphs under ~12 px may touch and
        # hide a zone (two documents in one photo, a card far from the camera). Twice as
        # large; a zone found both times is read once (``read_mrzs`` keeps the better).
        zones += _zones_at(gray, factor * 2, limit)[0]
    return zones


_WORK_SMALL_PRINT = 2800  # longest side of the upscaled second try
_SMALL_GLYPH = 12.0  # glyph height (working pixels) below which the second try runs


def _zones_at(gray: Image, factor: float, limit: int) -> tuple[list[Zone], bool]:
    """The zones at one scale, and whether a long line of small glyphs was left out of
    every block (another document printed too small to be found at this scale)."""
    work = gray if factor == 1.0 else _u8(cv2.resize(
        gray, None, fx=factor, fy=factor,
        interpolation=cv2.INTER_CUBIC if factor > 1 else cv2.INTER_AREA))
    zones: list[Zone] = []
    orphans = False
    for strict in (0.35, 0.9):
        # A fine guilloche or a wood grain passes the first threshold and joins the
        # lines: where nothing was found, only the darkest ink is tried.
        found, orphans = _zones_of(gray, work, factor, limit, strict)
        zones += found
        if zones:
            break
    return zones[:limit], orphans


def _zones_of(gray: Image, work: Image, factor: float, limit: int, strict: float
              ) -> tuple[list[Zone], bool]:
    lines, blobs = _candidate_lines(work, strict)
    zones: list[Zone] = []
    blocks = _blocks(lines)
    in_blocks = {id(ln) for block in blocks for ln in block}
    orphans = any(id(ln) not in in_blocks and ln.size < _SMALL_GLYPH
                  and ln.u1 - ln.u0 > 20 * ln.size for ln in lines)
    for block in blocks:
        cells = float(np.median([_cell_count(ln) for ln in block]))
        for count in _snap(cells, len(block)):
            if count == 30 and len(block) == 2:
                # TD1 has three lines: the one not found lies above or below, at the
                # same gap; the reader finds out which (or that it is not there)
                zones += [_rectify(gray, blobs, block, count, factor, extra=-1),
                          _rectify(gray, blobs, block, count, factor, extra=1)]
            else:
                zones.append(_rectify(gray, blobs, block, count, factor))
        if len(zones) >= limit:
            break
    return zones[:limit], orphans


def _rectify(gray: Image, blobs: _Blobs, block: list[_Line], cells: int, factor: float,
             *, extra: int = 0) -> Zone:
    """The block as an upright strip (see :class:`Zone`); ``extra`` -1 or 1 adds a line
    not found, one gap above or below the block."""
    first, last = block[0], block[-1]
    # The lines of an MRZ start and end in the same columns. A line found longer than
    # the others took in a mark beyond its end: the block spans what all its lines
    # share, so one stray blob does not tilt the rectification.
    ends = (max(ln.u0 for ln in block), min(ln.u1 for ln in block))
    a0, a1, sa0, sa1 = _line_ends(blobs, first, ends)
    b0, b1, sb0, sb1 = _line_ends(blobs, last, ends)
    pitch = STRIP_PITCH
    size_ratio = float(np.median([ln.size / ln.pitch for ln in block]))
    glyph = pitch * min(1.3, max(0.8, size_ratio))
    gaps = [(block[i + 1].v - block[i].v) / block[i].pitch for i in range(len(block) - 1)]
    gap = pitch * float(np.mean(gaps))
    margin = 3.0 * pitch
    top = 1.2 * glyph + (gap if extra < 0 else 0.0)
    found_rows = tuple(top + i * gap for i in range(len(block)))
    rows = (((found_rows[0] - gap,) if extra < 0 else ()) + found_rows
            + ((found_rows[-1] + gap,) if extra > 0 else ()))
    width = margin * 2 + cells * pitch
    height = rows[-1] + 1.2 * glyph
    # Two lines a glyph or two apart give their convergence only roughly: what
    # perspective the homography leaves (the pitch and glyph height changing along a
    # line) the reader fits line by line.
    src = np.array([a0, a1, b1, b0], dtype=np.float32) / factor
    dst = np.array([[margin, found_rows[0]], [margin + cells * pitch, found_rows[0]],
                    [margin + cells * pitch, found_rows[-1]], [margin, found_rows[-1]]],
                   dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(src, dst)
    strip = _u8(cv2.warpPerspective(gray, matrix, (round(width), round(height)),
                                    flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE))
    # corners of the zone as the clerk would outline it, in the input image
    half = [sa0 / 2, sa1 / 2, sb1 / 2, sb0 / 2]
    n = first.n
    quad = tuple((float(p[0] / factor), float(p[1] / factor)) for p in (
        a0 - half[0] * 1.3 * n, a1 - half[1] * 1.3 * n, b1 + half[2] * 1.3 * n,
        b0 + half[3] * 1.3 * n))
    angle = math.degrees(math.atan2(first.d[1], first.d[0]))
    glyph_px = float(np.median([ln.size for ln in block])) / factor
    return Zone(cells, len(rows), quad, strip, rows, margin, glyph_px, angle)
