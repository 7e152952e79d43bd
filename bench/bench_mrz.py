"""MRZ reading on synthetic passport data pages: share of pages with every field right.

Generates (seeded, so every run sees the same pictures) passport data pages 1000–1600 px
wide: a tinted background with guilloche lines, a photo placeholder, printed labels and
values, and the two TD3 lines of random but valid data set in OCR-B (Debian's
``fonts-ocr-b``). Then what a desk camera or scanner adds: a rotation of up to ±3°,
blur, sensor noise and JPEG compression.

A page counts as read only when ``read_mrz`` returns a valid MRZ *and* every field equals
the generated one. Prints that share and the median / p90 time per page, per engine:

* ``tesseract`` — :func:`operator_app.scanning.mrz.read_mrz` as the desk runs it;
* ``tesseract-raw`` — the same OCR with no check-digit correction (what correction buys);
* ``rapidocr`` — RapidOCR (``rapidocr-onnxruntime``, models in the wheel) on the same
  located band, when it can be imported (it pulls ``opencv-python``, which clashes with
  PySide6, so it is measured from a separate virtualenv)::

    .venv/bin/python bench/bench_mrz.py                  # 60 pages, ~1 min
    .venv/bin/python bench/bench_mrz.py --pages 200 --seed 7
    /tmp/rvenv/bin/python bench/bench_mrz.py --engines rapidocr   # PYTHONPATH=.

These pages are easy (the reader gets them all): ``--real`` runs
``bench/bench_mrz_real.py`` instead, on real specimen documents and hard generated
scenes (any angle, perspective, small print, glare, two documents, busy background).
"""

from __future__ import annotations

import argparse
import statistics
import string
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image as PilImage
from PIL import ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from operator_app.scanning import mrz  # noqa: E402

Image = NDArray[np.uint8]
OCRB_CANDIDATES = (
    "/usr/share/fonts/opentype/ocr-b/OCRB.otf",
    "/usr/share/fonts/truetype/ocr-b/OCRB.ttf",
)
TEXT_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
TODAY = date(2026, 1, 15)  # fixed, so the generated dates resolve the same every year

SURNAMES = ["IVANOV", "SMITH", "OKONKWO", "NGUYEN", "MUELLER", "GARCIA LOPEZ", "KIM",
            "ABDULLAEV", "RAHIMOV", "DOS SANTOS", "O BRIEN", "TASHKENTOVA", "KARIMOVA",
            "WOJCIECHOWSKI", "LI", "HAKOBYAN", "GEORGIADIS", "BOBOEV", "XU", "ZAKIROV"]
GIVEN = ["ANNA", "MARIA", "JOHN", "ALISHER", "DILNOZA", "WEI", "FATIMA", "JOSE", "OLGA",
         "TIMUR", "SEAN", "ZARINA", "PETER PAUL", "GULNARA", "BAKHTIYOR", "LEILA", "AMIR"]
STATES = ["UZB", "TJK", "KGZ", "ARM", "AZE", "CHN", "VNM", "IND", "TUR", "DEU", "GBR",
          "USA", "KAZ", "MDA", "UKR", "BLR", "GEO", "NGA", "EGY", "D<<", "UTO"]
ALNUM = string.ascii_uppercase + string.digits


def ocrb_font_path() -> str | None:
    """Where ``fonts-ocr-b`` put OCR-B, or None when it is not installed."""
    for candidate in OCRB_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    return None


# -- identities -------------------------------------------------------------------------


def _pick(rng: np.random.Generator, items: Sequence[str]) -> str:
    return items[int(rng.integers(len(items)))]


def _name_field(surname: str, given: str, width: int) -> str:
    text = surname.replace(" ", "<") + "<<" + given.replace(" ", "<")
    return text[:width].ljust(width, "<")


def td3_lines(rng: np.random.Generator) -> tuple[str, str]:
    """Two valid TD3 lines of random data (names cut to fit, as Doc 9303 allows)."""
    state, nationality = _pick(rng, STATES), _pick(rng, STATES)
    surname = _pick(rng, SURNAMES)
    given = " ".join(_pick(rng, GIVEN) for _ in range(int(rng.integers(1, 3))))
    line1 = ("P<" + state + _name_field(surname, given, 39))[:44]
    length = int(rng.integers(7, 10))
    number = ("".join(_pick(rng, ALNUM) for _ in range(2))
              + "".join(_pick(rng, string.digits) for _ in range(length - 2))).ljust(9, "<")
    birth = TODAY - timedelta(days=int(rng.integers(18 * 365, 75 * 365)))
    expiry = TODAY + timedelta(days=int(rng.integers(30, 10 * 365)))
    personal = ""
    if rng.random() < 0.5:
        personal = "".join(_pick(rng, ALNUM) for _ in range(int(rng.integers(5, 15))))
    personal = personal.ljust(14, "<")
    sex = _pick(rng, ["M", "F", "<"])
    pdigit = "<" if personal == "<" * 14 and rng.random() < 0.5 else str(
        mrz.check_digit(personal))
    body = (number + str(mrz.check_digit(number)) + nationality
            + birth.strftime("%y%m%d") + str(mrz.check_digit(birth.strftime("%y%m%d")))
            + sex + expiry.strftime("%y%m%d") + str(mrz.check_digit(expiry.strftime("%y%m%d")))
            + personal + pdigit)
    composite = body[0:10] + body[13:20] + body[21:43]
    return line1, body + str(mrz.check_digit(composite))


# -- pages ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    image: Image
    lines: tuple[str, ...]


def render_page(rng: np.random.Generator, lines: Sequence[str], *, width: int | None = None,
                degrade: bool = True, hard: bool = False) -> Image:
    """A passport data page (BGR) with ``lines`` as its MRZ, in OCR-B at Doc 9303's size
    relative to the page (the 44 characters span about 88 % of its width). With no
    lines, a page without an MRZ (a visa, a translation): it must give None."""
    font_path = ocrb_font_path()
    if font_path is None:
        raise RuntimeError("OCR-B не установлен (apt-get install fonts-ocr-b)")
    width = width or int(rng.integers(1000, 1601))
    height = int(width * 88 / 125)
    tint = tuple(int(v) for v in rng.integers(215, 250, 3))
    page = PilImage.new("RGB", (width, height), tint)  # type: ignore[arg-type]
    draw = ImageDraw.Draw(page)
    # Guilloche: thin pale waves that a band finder must not take for text.
    for k in range(0, height, max(6, height // 60)):
        phase = rng.random() * 6.28
        pts = [(x, k + 6 * np.sin(x / 37.0 + phase)) for x in range(0, width, 8)]
        draw.line(pts, fill=tuple(max(0, c - 25) for c in tint), width=1)
    # Photo placeholder.
    px0, py0 = int(width * 0.04), int(height * 0.17)
    px1, py1 = int(width * 0.30), int(height * 0.72)
    draw.rectangle((px0, py0, px1, py1), fill=(170, 170, 175), outline=(90, 90, 90))
    cx, cy = (px0 + px1) // 2, (py0 + py1) // 2
    draw.ellipse((cx - (px1 - px0) // 4, cy - (py1 - py0) // 3, cx + (px1 - px0) // 4,
                  cy + (py1 - py0) // 8), fill=(120, 110, 105))
    # Printed fields.
    label = ImageFont.truetype(TEXT_FONT, max(10, width // 80))
    value = ImageFont.truetype(TEXT_FONT, max(14, width // 45))
    draw.text((int(width * 0.04), int(height * 0.04)), "PASSPORT / ПАСПОРТ",
              font=ImageFont.truetype(TEXT_FONT, width // 30), fill=(40, 40, 90))
    l1, l2 = (lines[0], lines[-1]) if lines else ("P<XXX", " " * 44)
    surname, _, given = l1[5:].partition("<<")
    fields = [("Surname", surname.replace("<", " ")), ("Given names", given.replace("<", " ")),
              ("Nationality", l2[10:13]), ("Date of birth", l2[13:19]), ("Sex", l2[20]),
              ("Date of expiry", l2[21:27]), ("Passport No", l2[0:9].strip("<"))]
    y = int(height * 0.15)
    for name, text in fields:
        draw.text((int(width * 0.34), y), name, font=label, fill=(80, 80, 110))
        draw.text((int(width * 0.34), y + int(width * 0.014)), text.strip(), font=value,
                  fill=(20, 20, 20))
        y += int(height * 0.083)
    # The MRZ: OCR-B, 44 characters across ~88 % of the width, bottom of the page.
    size = width * 0.88 / (44 * 0.723)
    ocrb = ImageFont.truetype(font_path, int(round(size)))
    x0 = int(width * 0.06)
    pitch = size * 1.6
    y0 = height - int(height * 0.05) - pitch * len(lines)
    for i, line in enumerate(lines):
        draw.text((x0, y0 + i * pitch), line, font=ocrb, fill=(15, 15, 15))
    image = cv2.cvtColor(np.asarray(page), cv2.COLOR_RGB2BGR)
    return degrade_image(rng, image, hard=hard) if degrade else np.asarray(image, np.uint8)


def degrade_image(rng: np.random.Generator, image: Image, *, hard: bool = False) -> Image:
    """What a camera or scanner adds: ±3° rotation, blur, noise, JPEG. ``hard`` adds a
    lighting gradient (a desk lamp), more blur and noise, and stronger compression."""
    h, w = image.shape[:2]
    angle = float(rng.uniform(-3.0, 3.0))
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    out = cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR,
                         borderMode=cv2.BORDER_CONSTANT, borderValue=(235, 235, 235))
    sigma = float(rng.uniform(0.3, 2.0 if hard else 1.3))
    out = cv2.GaussianBlur(out, (0, 0), sigma)
    light = np.ones((h, w, 1), np.float32)
    if hard:
        ramp = np.linspace(float(rng.uniform(0.55, 0.8)), 1.0, w, dtype=np.float32)
        light = (ramp if rng.random() < 0.5 else ramp[::-1])[None, :, None] * light
    noise = rng.normal(0, float(rng.uniform(3, 18 if hard else 10)), out.shape)
    out = np.clip(out.astype(np.float32) * light + noise, 0, 255).astype(np.uint8)
    quality = int(rng.integers(35 if hard else 60, 95))
    ok, data = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return np.asarray(cv2.imdecode(data, cv2.IMREAD_COLOR), dtype=np.uint8)


def generate_pages(count: int, seed: int, *, hard: bool = False) -> list[Page]:
    rng = np.random.default_rng(seed)
    pages = []
    for _ in range(count):
        lines = td3_lines(rng)
        pages.append(Page(render_page(rng, lines, hard=hard), lines))
    return pages


# -- engines ----------------------------------------------------------------------------

Reader = Callable[[Image], "mrz.MrzResult | None"]


def _rapidocr_reader() -> Reader | None:
    try:
        from rapidocr_onnxruntime import RapidOCR  # type: ignore[import-not-found]
    except ImportError:
        return None
    engine = RapidOCR()

    class RapidEngine:
        name = "rapidocr"

        def read_lines(self, band: Image) -> list[str]:
            result, _ = engine(cv2.cvtColor(band, cv2.COLOR_GRAY2BGR))
            if not result:
                return []
            boxes = sorted(result, key=lambda r: min(p[1] for p in r[0]))
            return [str(r[1]) for r in boxes]

    rapid = RapidEngine()
    return lambda image: mrz.read_mrz(image, engine=rapid, today=TODAY)


def readers(names: Sequence[str]) -> dict[str, Reader]:
    found: dict[str, Reader] = {}
    tesseract = mrz.TesseractEngine() if mrz.ocr_available() is None else None
    ocrb = mrz.OcrbTemplateEngine() if mrz.ocrb_font_path() else None
    for name in names:
        if name == "default":
            found[name] = lambda image: mrz.read_mrz(image, today=TODAY)
        elif name == "tesseract" and tesseract:
            found[name] = lambda image: mrz.read_mrz(image, engine=tesseract, today=TODAY)
        elif name == "tesseract-raw" and tesseract:
            found[name] = lambda image: mrz.read_mrz(image, engine=tesseract, today=TODAY,
                                                     correct=False)
        elif name == "ocrb" and ocrb:
            found[name] = lambda image: mrz.read_mrz(image, engine=ocrb, today=TODAY)
        elif name == "ocrb-guess" and ocrb:
            found[name] = lambda image: mrz.read_mrz(image, engine=ocrb, today=TODAY,
                                                     alphanumeric=True)
        elif name == "ocrb-raw" and ocrb:
            found[name] = lambda image: mrz.read_mrz(image, engine=ocrb, today=TODAY,
                                                     correct=False)
        elif name == "rapidocr":
            reader = _rapidocr_reader()
            if reader is not None:
                found[name] = reader
            else:
                print("rapidocr: rapidocr_onnxruntime cannot be imported here, skipped")
        else:
            print(f"{name}: not available on this machine")
    return found


def expected_fields(lines: Sequence[str]) -> mrz.MrzFields:
    return mrz.parse_mrz(lines, today=TODAY).fields


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--seed", type=int, default=20260115)
    parser.add_argument("--engines", default="default,ocrb,ocrb-raw,tesseract,tesseract-raw,rapidocr")
    parser.add_argument("--save", type=Path, help="write the pages as JPEG files here")
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--hard", action="store_true",
                        help="more blur, noise and JPEG, and a lighting gradient")
    parser.add_argument("--real", action="store_true",
                        help="the real specimens and the hard generated scenes instead "
                             "(bench/bench_mrz_real.py)")
    args = parser.parse_args(argv)
    if args.real:
        from bench import bench_mrz_real

        return bench_mrz_real.main([])

    pages = generate_pages(args.pages, args.seed, hard=args.hard)
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        for i, page in enumerate(pages):
            cv2.imwrite(str(args.save / f"page{i:03d}.jpg"), page.image)
    print(f"{len(pages)} pages, seed {args.seed}{', hard' if args.hard else ''}")
    print(f"{'engine':<15} {'all fields right':>17} {'median ms':>10} {'p90 ms':>8}")
    for name, reader in readers(args.engines.split(",")).items():
        right, times = 0, []
        for i, page in enumerate(pages):
            start = time.perf_counter()
            result = reader(page.image)
            times.append((time.perf_counter() - start) * 1000)
            if result is not None and result.valid and result.fields == expected_fields(
                    page.lines):
                right += 1
            elif args.show_errors:
                got = result.lines if result else None
                print(f"  page {i}: expected {page.lines}\n           got      {got}")
        p90 = statistics.quantiles(times, n=10)[-1] if len(times) > 1 else times[0]
        print(f"{name:<15} {right / len(pages):>16.1%} {statistics.median(times):>10.0f} "
              f"{p90:>8.0f}")
    return 0


if __name__ == "__main__":

    raise SystemExit(main())
