"""MRZ reading on real specimen documents and on a hard generated set.

Two sets, each scored by the share of images whose MRZ lines are *all exact*, the
results returned *valid* (every check holds and no character in doubt), and — the
number that must stay 0 — results that are **wrong and valid**:

* ``real``: ``../shared/mrz-samples/`` (beside the repository): 25 government specimen
  scans, ICAO artwork and phone photos, ``truth.json`` holding the lines as printed.
  A development set: the reader was built looking at it, so the figure says what it
  does on these, not on new documents. Each failure is printed with its cause.
* ``hard``: generated here (seeded, nothing stored): passport pages and ID cards in
  OCR-B on a busy background (wood-like texture, printed text, coloured boxes), turned
  by any angle (upside down included), tilted in perspective up to 25°, some with
  capitals only 8–10 px high, glare, blur, noise and JPEG; one image in five holds two
  documents, and counts only when both are read.

Each set is read by the desk's reader (``read_mrz`` / ``read_mrzs``), by Tesseract
alone (the stock ``eng`` model on the old band locator, no per-character confidence)
and by PassportEye (the open-source ``passporteye`` package, its own ``valid``), with
the median and p90 time per image. PassportEye is not a dependency of the desk: it runs
in its own virtualenv, ``.venv-passporteye`` (``make passporteye-venv``), through
``bench/passporteye_runner.py``, on the images of each set written to a temporary
folder as PNG (its time is that of ``read_mrz`` on the file, loading it included)::

    .venv/bin/python bench/bench_mrz_real.py                 # both sets, ~4 min
    .venv/bin/python bench/bench_mrz_real.py --set real --show-errors
    .venv/bin/python bench/bench_mrz_real.py --set hard --count 100 --no-tesseract
    .venv/bin/python bench/bench_mrz_real.py --no-passporteye
    .venv/bin/python bench/bench_mrz_real.py --no-network     # and without the learned opinion
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image as PilImage
from PIL import ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import bench_mrz  # noqa: E402
from operator_app.scanning import mrz, mrz_ocr  # noqa: E402

Image = NDArray[np.uint8]
ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "mrz-samples"
PASSPORTEYE_PYTHON = ROOT / ".venv-passporteye" / "bin" / "python"
PASSPORTEYE_RUNNER = Path(__file__).resolve().parent / "passporteye_runner.py"
TODAY = bench_mrz.TODAY
TEXT_FONT = bench_mrz.TEXT_FONT
ALNUM = string.ascii_uppercase + string.digits


# -- the real set -------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    name: str
    image: Image
    lines: tuple[tuple[str, ...], ...]  # one entry per document in the image
    note: str = ""


def real_samples(folder: Path = SAMPLES) -> list[Sample]:
    """The specimen images with their truth; empty when the folder is not there."""
    truth_file = folder / "truth.json"
    if not truth_file.is_file():
        return []
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    samples = []
    for name, entry in sorted(truth.items()):
        if name.startswith("_"):
            continue
        data = np.fromfile(str(folder / name), dtype=np.uint8)
        image = cv2.imdecode(data, cv2.IMREAD_COLOR)
        if image is None:
            continue
        samples.append(Sample(name, np.asarray(image, np.uint8), (tuple(entry["lines"]),),
                              entry.get("kind", "")))
    return samples


# -- the generated hard set ---------------------------------------------------------------


def td1_lines(rng: np.random.Generator) -> tuple[str, str, str]:
    """Three valid TD1 lines of random data."""
    state = bench_mrz._pick(rng, bench_mrz.STATES)
    number = "".join(bench_mrz._pick(rng, ALNUM) for _ in range(2)) + "".join(
        bench_mrz._pick(rng, string.digits) for _ in range(7))
    optional = "".join(bench_mrz._pick(rng, string.digits)
                       for _ in range(int(rng.integers(0, 12)))).ljust(15, "<")
    line1 = "I<" + state + number + str(mrz.check_digit(number)) + optional
    birth = TODAY - timedelta(days=int(rng.integers(18 * 365, 75 * 365)))
    expiry = TODAY + timedelta(days=int(rng.integers(30, 10 * 365)))
    b, e = birth.strftime("%y%m%d"), expiry.strftime("%y%m%d")
    nat = bench_mrz._pick(rng, bench_mrz.STATES)
    body = (b + str(mrz.check_digit(b)) + bench_mrz._pick(rng, ["M", "F", "<"]) + e
            + str(mrz.check_digit(e)) + nat + "<" * 11)
    composite = line1[5:30] + body[0:7] + body[8:15] + body[18:29]
    line2 = body + str(mrz.check_digit(composite))
    surname = bench_mrz._pick(rng, bench_mrz.SURNAMES)
    given = bench_mrz._pick(rng, bench_mrz.GIVEN)
    line3 = bench_mrz._name_field(surname, given, 30)
    return line1, line2, line3


def render_card(rng: np.random.Generator, lines: Sequence[str], width: int) -> Image:
    """An ID card (85.6 × 54 mm) with a TD1 MRZ across its lower part."""
    font_path = bench_mrz.ocrb_font_path()
    assert font_path is not None
    height = int(width * 54 / 85.6)
    tint = tuple(int(v) for v in rng.integers(200, 245, 3))
    card = PilImage.new("RGB", (width, height), tint)  # type: ignore[arg-type]
    draw = ImageDraw.Draw(card)
    for k in range(0, height, max(5, height // 40)):
        phase = rng.random() * 6.28
        pts = [(x, k + 4 * np.sin(x / 23.0 + phase)) for x in range(0, width, 6)]
        draw.line(pts, fill=tuple(max(0, c - 30) for c in tint), width=1)
    label = ImageFont.truetype(TEXT_FONT, max(8, width // 40))
    draw.text((int(width * 0.05), int(height * 0.05)), "IDENTITY CARD / КАРТА",
              font=label, fill=(30, 30, 80))
    draw.rectangle((int(width * 0.05), int(height * 0.2), int(width * 0.3),
                    int(height * 0.55)), fill=(160, 160, 170))
    # TD1: 30 characters over ~ 76 mm of the 85.6 mm card
    size = width * 0.88 / (30 * 0.723)
    ocrb = ImageFont.truetype(font_path, int(round(size)))
    pitch = size * 1.25
    y0 = height - int(height * 0.05) - pitch * 3
    for i, line in enumerate(lines):
        draw.text((int(width * 0.06), y0 + i * pitch), line, font=ocrb, fill=(15, 15, 15))
    return np.asarray(cv2.cvtColor(np.asarray(card), cv2.COLOR_RGB2BGR), dtype=np.uint8)


def busy_background(rng: np.random.Generator, width: int, height: int) -> Image:
    """A desk: wood-like streaks, coloured boxes, lines of printed text, noise."""
    base = rng.integers(90, 200, 3).astype(np.float32)
    y = np.arange(height, dtype=np.float32)[:, None]
    x = np.arange(width, dtype=np.float32)[None, :]
    grain = (np.sin(x / rng.uniform(5, 15) + 3 * np.sin(y / rng.uniform(40, 90)))
             * rng.uniform(10, 25))
    img = np.clip(base[None, None, :] + grain[:, :, None], 0, 255).astype(np.uint8)
    pil = PilImage.fromarray(img)
    draw = ImageDraw.Draw(pil)
    for _ in range(int(rng.integers(3, 8))):
        x0, y0 = int(rng.integers(0, width)), int(rng.integers(0, height))
        colour = tuple(int(v) for v in rng.integers(0, 255, 3))
        draw.rectangle((x0, y0, x0 + int(rng.integers(40, 300)), y0 + int(rng.integers(20, 200))),
                       fill=colour)  # type: ignore[arg-type]
    font = ImageFont.truetype(TEXT_FONT, int(rng.integers(12, 26)))
    for _ in range(int(rng.integers(4, 12))):
        words = " ".join("".join(bench_mrz._pick(rng, ALNUM) for _ in range(int(rng.integers(2, 9))))
                         for _ in range(int(rng.integers(3, 10))))
        draw.text((int(rng.integers(0, width)), int(rng.integers(0, height))), words, font=font,
                  fill=tuple(int(v) for v in rng.integers(0, 90, 3)))  # type: ignore[arg-type]
    return np.asarray(cv2.cvtColor(np.asarray(pil), cv2.COLOR_RGB2BGR), dtype=np.uint8)


def _place(rng: np.random.Generator, scene: Image, doc: Image, centre: tuple[float, float],
           scale: float, angle: float, tilt: float) -> None:
    """Warp ``doc`` into ``scene``: scaled, turned by ``angle`` degrees, tilted in
    perspective by ``tilt`` degrees about a random axis."""
    h, w = doc.shape[:2]
    corners = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float64) - (w / 2, h / 2)
    # perspective: points farther along the tilt axis shrink, nearer ones grow
    axis = rng.uniform(0, 2 * math.pi)
    along = corners @ np.array([math.cos(axis), math.sin(axis)])
    depth = along * math.sin(math.radians(tilt)) / max(w, h)
    corners = corners / (1 + depth[:, None])
    rot = math.radians(angle)
    matrix = np.array([[math.cos(rot), -math.sin(rot)], [math.sin(rot), math.cos(rot)]])
    dst = (corners @ matrix.T) * scale + centre
    # The whole document in the frame: one cut by the frame's edge (a turned card's
    # corner, the MRZ's first characters) is no reading problem, no reader can read
    # what is not there. Shrunk to fit if it must be, then moved in; no draw of the
    # generator changes, so the other scenes stay as they were.
    frame = np.array([scene.shape[1], scene.shape[0]], dtype=np.float64)
    span = dst.max(axis=0) - dst.min(axis=0)
    if (span > frame).any():
        dst = (dst - centre) * float(np.min(frame / span)) * 0.98 + centre
    dst = dst + np.maximum(0.0, -dst.min(axis=0)) - np.maximum(0.0, dst.max(axis=0) - frame)
    homography = cv2.getPerspectiveTransform(
        np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32), dst.astype(np.float32))
    size = (scene.shape[1], scene.shape[0])
    warped = cv2.warpPerspective(doc, homography, size, flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), homography, size)
    scene[mask > 127] = warped[mask > 127]


def _finish(rng: np.random.Generator, scene: Image) -> Image:
    """Glare, blur, noise, JPEG."""
    h, w = scene.shape[:2]
    out = scene.astype(np.float32)
    if rng.random() < 0.5:  # glare: a bright soft spot
        cy, cx = rng.uniform(0, h), rng.uniform(0, w)
        radius = rng.uniform(0.08, 0.25) * max(h, w)
        yy, xx = np.mgrid[0:h, 0:w]
        spot = np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * radius ** 2))
        out = out + spot[:, :, None] * rng.uniform(60, 140)
    out = cv2.GaussianBlur(out, (0, 0), float(rng.uniform(0.3, 1.2)))
    out = out + rng.normal(0, float(rng.uniform(2, 10)), out.shape)
    out8 = np.clip(out, 0, 255).astype(np.uint8)
    ok, data = cv2.imencode(".jpg", out8, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(55, 95))])
    assert ok
    return np.asarray(cv2.imdecode(data, cv2.IMREAD_COLOR), dtype=np.uint8)


def hard_samples(count: int, seed: int) -> list[Sample]:
    """``count`` generated scenes (see the module docstring), seeded."""
    rng = np.random.default_rng(seed)
    samples = []
    for index in range(count):
        width, height = 1280, 960
        scene = busy_background(rng, width, height)
        two = rng.random() < 0.2
        docs: list[tuple[str, ...]] = []
        slots = [(width * 0.27, height * 0.5), (width * 0.73, height * 0.5)] if two else [
            (width * rng.uniform(0.4, 0.6), height * rng.uniform(0.4, 0.6))]
        for centre in slots:
            card = rng.random() < 0.35
            lines: tuple[str, ...] = td1_lines(rng) if card else bench_mrz.td3_lines(rng)
            doc = (render_card(rng, lines, 900) if card
                   else bench_mrz.render_page(rng, lines, width=1100, degrade=False))
            # capitals 8–30 px high in the scene (the MRZ glyph is ~0.021 of a page's width)
            cap = rng.uniform(8, 12) if rng.random() < 0.3 else rng.uniform(12, 30)
            glyph = doc.shape[1] * (0.88 / (30 if card else 44)) * 0.98
            scale = cap / glyph
            limit = (0.45 if two else 0.9) * min(width, height) / max(doc.shape[:2])
            scale = min(scale, limit)
            angle = float(rng.uniform(-180, 180)) if rng.random() < 0.6 else float(
                rng.uniform(-15, 15))
            _place(rng, scene, doc, centre, scale, angle, float(rng.uniform(0, 25)))
            docs.append(lines)
        samples.append(Sample(f"hard-{index:03d}", _finish(rng, scene), tuple(docs),
                              "two documents" if two else ""))
    return samples


# -- scoring ------------------------------------------------------------------------------


@dataclass
class Outcome:
    exact: bool
    valid: bool
    wrong_valid: bool
    ms: float
    cause: str


Reader = Callable[[Image], list["mrz.MrzResult"]]


def desk_reader(image: Image) -> list[mrz.MrzResult]:
    return mrz.read_mrzs(image, today=TODAY)


def correlation_reader(image: Image) -> list[mrz.MrzResult]:
    """The desk's reader without its learned second opinion (mrz_learn): what the
    network adds."""
    mrz_ocr.USE_NETWORK = False
    try:
        return mrz.read_mrzs(image, today=TODAY)
    finally:
        mrz_ocr.USE_NETWORK = True


def tesseract_reader(image: Image) -> list[mrz.MrzResult]:
    result = mrz.read_mrz(image, engine=mrz.TesseractEngine(), today=TODAY)
    return [result] if result is not None else []


# -- PassportEye, in its own virtualenv ----------------------------------------------------


@dataclass(frozen=True)
class ExternalResult(mrz.MrzResult):
    """Lines another program read, with that program's own verdict as ``valid``."""

    claimed_valid: bool = False

    @property
    def valid(self) -> bool:
        return self.claimed_valid


NO_FIELDS = mrz.MrzFields("", "", "", "", "", "", None, "", None, "")


class ExternalReader:
    """A reader whose results (and times) were computed beforehand by another process,
    looked up by the image they were computed for."""

    def __init__(self, results: dict[int, tuple[list[mrz.MrzResult], float]]) -> None:
        self._results = results

    def __call__(self, image: Image) -> list[mrz.MrzResult]:
        return self._results[id(image)][0]

    def elapsed_ms(self, image: Image) -> float:
        return self._results[id(image)][1]


def passporteye_reader(python: Path, samples: Sequence[Sample]) -> ExternalReader | None:
    """Run ``bench/passporteye_runner.py`` with ``python`` once on all ``samples`` (written
    to a temporary folder as PNG); None, with the reason printed, when it fails."""
    with tempfile.TemporaryDirectory(prefix="mrz-passporteye-") as folder:
        paths = []
        for index, sample in enumerate(samples):
            file = Path(folder) / f"{index:03d}.png"
            if not cv2.imwrite(str(file), sample.image):
                print(f"PassportEye: could not write {file}, skipped")
                return None
            paths.append(str(file))
        print(f"PassportEye: reading {len(paths)} images with {python}")
        done = subprocess.run([str(python), str(PASSPORTEYE_RUNNER)], input=json.dumps(paths),
                              capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["no message"]
        print(f"PassportEye: the runner failed ({done.returncode}: {tail[0]}), skipped")
        return None
    by_path = {}
    for line in done.stdout.splitlines():
        if line.strip():
            record = json.loads(line)
            by_path[record["path"]] = record
    results: dict[int, tuple[list[mrz.MrzResult], float]] = {}
    for path, sample in zip(paths, samples, strict=True):
        record = by_path.get(path)
        if record is None:
            print(f"PassportEye: no answer for {sample.name}, skipped")
            return None
        found: list[mrz.MrzResult] = []
        if record["lines"]:
            lines = tuple(str(text) for text in record["lines"])
            fmt = mrz.detect_format(lines) or ("TD1" if len(lines) == 3 else "TD3")
            found.append(ExternalResult(fmt, lines, NO_FIELDS, {},
                                        claimed_valid=bool(record["valid"])))
        results[id(sample.image)] = (found, float(record["ms"]))
    return ExternalReader(results)


# -- scoring (continued) ------------------------------------------------------------------


def score(sample: Sample, reader: Reader) -> Outcome:
    start = time.perf_counter()
    results = reader(sample.image)
    ms = (time.perf_counter() - start) * 1000
    if isinstance(reader, ExternalReader):  # timed where it ran
        ms = reader.elapsed_ms(sample.image)
    wanted = [tuple(lines) for lines in sample.lines]
    got = {r.lines: r for r in results}
    exact = all(lines in got for lines in wanted)
    valid = exact and all(got[lines].valid for lines in wanted)
    wrong_valid = any(r.valid and r.lines not in wanted for r in results)
    cause = ""
    if not exact:
        if not results:
            cause = "no zone read"
        else:
            missing = [lines for lines in wanted if lines not in got]
            target = missing[0]
            candidates = [r for r in results if r.lines not in wanted] or results

            def distance(r: mrz.MrzResult) -> int:
                if mrz.detect_format(r.lines) != mrz.detect_format(target):
                    return 10_000
                return sum(a != b for x, y in zip(r.lines, target, strict=True)
                           for a, b in zip(x, y, strict=True))

            best = min(candidates, key=distance)
            wrong = [(ln, col) for ln, (a, b) in enumerate(zip(best.lines, target,
                                                                  strict=False))
                     for col in range(min(len(a), len(b))) if a[col] != b[col]]
            if mrz.detect_format(best.lines) != mrz.detect_format(target):
                cause = f"format {mrz.detect_format(best.lines) or 'unknown'}"
            else:
                flagged = sum(p in best.uncertain for p in wrong)
                cause = (f"{len(wrong)} chars wrong ({flagged} flagged uncertain): "
                         + ", ".join(f"{ln + 1}:{col + 1} {best.lines[ln][col]}≠"
                                     f"{target[ln][col]}" for ln, col in wrong[:4]))
    return Outcome(exact, valid, wrong_valid, ms, cause)


def run(name: str, samples: Sequence[Sample], readers: dict[str, Reader],
        show: bool) -> list[str]:
    rows = []
    for reader_name, reader in readers.items():
        outcomes = []
        for sample in samples:
            outcome = score(sample, reader)
            outcomes.append(outcome)
            if show and reader_name == "desk":
                mark = "pass" if outcome.exact else "FAIL"
                extra = "" if outcome.valid or not outcome.exact else " (uncertain)"
                print(f"  {sample.name:<24} {mark}{extra} {outcome.ms:6.0f} ms "
                      f"{outcome.cause} {sample.note}")
        times = [o.ms for o in outcomes]
        p90 = statistics.quantiles(times, n=10)[-1] if len(times) > 1 else times[0]
        n = len(outcomes)
        rows.append(f"{name:<5} {reader_name:<12} {n:>4} "
                    f"{sum(o.exact for o in outcomes) / n:>10.1%} "
                    f"{sum(o.valid for o in outcomes) / n:>10.1%} "
                    f"{sum(o.wrong_valid for o in outcomes):>12} "
                    f"{statistics.median(times):>9.0f} {p90:>7.0f}")
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("real", "hard", "both"), default="both")
    parser.add_argument("--count", type=int, default=60, help="generated scenes")
    parser.add_argument("--seed", type=int, default=20260115)
    parser.add_argument("--no-tesseract", action="store_true")
    parser.add_argument("--no-network", action="store_true",
                        help="also the desk's reader without its learned second opinion")
    parser.add_argument("--passporteye", type=Path, metavar="PYTHON",
                        help="the python of a virtualenv with passporteye installed "
                             f"(default: {PASSPORTEYE_PYTHON.relative_to(ROOT)} if there)")
    parser.add_argument("--no-passporteye", action="store_true")
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--save", type=Path, help="write the generated scenes here")
    args = parser.parse_args(argv)
    readers: dict[str, Reader] = {"desk": desk_reader}
    if args.no_network:
        readers["desk, no net"] = correlation_reader
    if not args.no_tesseract and mrz.tesseract_problem() is None:
        readers["tesseract"] = tesseract_reader
    passporteye: Path | None = None
    if not args.no_passporteye:
        passporteye = args.passporteye or PASSPORTEYE_PYTHON
        if not passporteye.exists():
            print(f"PassportEye: no {passporteye} — `make passporteye-venv` creates "
                  f"{PASSPORTEYE_PYTHON.parent.parent.name}; going on without it")
            passporteye = None

    def with_passporteye(samples: Sequence[Sample]) -> dict[str, Reader]:
        if passporteye is None:
            return readers
        external = passporteye_reader(passporteye, samples)
        return readers if external is None else {**readers, "PassportEye": external}

    mrz_ocr.prototypes()  # built once per process: not part of any image's time
    rows = []
    if args.set in ("real", "both"):
        samples = real_samples()
        if not samples:
            print(f"real: {SAMPLES} not found, skipped")
        else:
            print(f"real: {len(samples)} specimen images from {SAMPLES}")
            rows += run("real", samples, with_passporteye(samples), args.show_errors)
    if args.set in ("hard", "both"):
        samples = hard_samples(args.count, args.seed)
        if args.save:
            args.save.mkdir(parents=True, exist_ok=True)
            for sample in samples:
                cv2.imwrite(str(args.save / f"{sample.name}.jpg"), sample.image)
        print(f"hard: {len(samples)} generated scenes, seed {args.seed}")
        rows += run("hard", samples, with_passporteye(samples), args.show_errors)
    print(f"{'set':<5} {'reader':<12} {'n':>4} {'all exact':>10} {'valid':>10} "
          f"{'wrong+valid':>12} {'median ms':>9} {'p90 ms':>7}")
    for row in rows:
        print(row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
