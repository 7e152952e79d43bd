"""The quality gate for document copies: open a file safely, measure it, fix what can be fixed.

A copy must be PDF, JPEG or PNG, at most 5 MB, at least 300 dpi equivalent, sharp, whole,
nothing cut off or covered (docs: DOMAIN.md). ``load_copy`` opens the bytes (whatever the
file is called), ``assess`` measures one page and says what the clerk should do (kept in
Russian for the audit, shown in the desk's language), ``find_document_corners`` and
``warp_document`` let the GUI straighten a photographed page, and ``fit_to_limit`` re-encodes a copy that is only too big. Nothing here imports Qt; the GUI
calls it from a worker thread (decoding a 24 MP photo takes a quarter of a second).

Opening is defensive because the bytes come from anywhere (a USB stick, a scanner share):
the real format is sniffed from the first bytes, the pixel count is read from the header
(JPEG SOF, PNG IHDR, PDF page size) and refused above ``MAX_PIXELS`` *before* anything is
decoded — a 20,000 × 20,000 PNG of a few hundred bytes would otherwise ask OpenCV for
1.2 GB — and a JPEG without its end marker is refused, because OpenCV "decodes" a
truncated JPEG into a picture whose lower part is grey and only warns on stderr.

How the figures are measured, all on the document (the quadrilateral ``find_document_corners``
finds, inset by ``INSET``; the whole image when there is none):

- resolution: the document's size in pixels over its size in inches, the worse of the two
  axes (perspective shrinks one);
- sharpness: variance of the Laplacian of the grayscale document brought to
  ``SHARPNESS_DPI`` (area-averaged down, never up), so one threshold serves a webcam frame,
  a 300 dpi scan and a 600 dpi scan of any document size: what counts is blur measured in
  millimetres of paper, not in pixels;
- glare: the share of the document covered by blobs of saturated pixels (≥ ``GLARE_LEVEL``
  and at least ``GLARE_OVER_PAPER`` above the paper's median brightness, so the white paper
  of a scanner is not glare; blobs smaller than ``GLARE_MIN_BLOB`` of the document are
  specks, not glare).

Calibration (the generator is in ``tests/unit/test_quality.py``): a synthetic passport data
page (125 × 88 mm: cream paper with fine background lines, a photo, seven text lines, two
MRZ lines) on a dark textured desk, rendered at 300–600 dpi::

                                                  sharpness   glare   dpi   corners
    sharp, 300 dpi                                     1458   0.00 %   301   in frame
    sharp, 400 dpi / 600 dpi                    1689 / 1802   0.00 %
    sharp, 300 dpi, sensor noise σ 4                   1482   0.00 %   301
    sharp, the page alone (a scanner's crop)           1632   0.00 %   300   is the page
    sharp, 1080p webcam frame, JPEG q 80               1569   0.00 %   311
    Gaussian blur σ 1 (still legible)                   618   0.00 %   301
    Gaussian blur σ 1.5                                 330   0.00 %   301
    Gaussian blur σ 2                                   174   0.00 %   301
    Gaussian blur σ 2 + noise σ 4                       195   0.00 %   301
    Gaussian blur σ 4 at 600 dpi (= σ 2 at 300)         183   0.00 %   601
    Gaussian blur σ 3                                    49   0.00 %   301
    glare ellipse 20 × 12 mm                           1303   1.90 %   301
    glare ellipse 10 × 6 mm                            1406   0.32 %   301
    glare ellipse 6 × 4 mm                             1433   0.00 %   301
    a lamp's soft highlight (40 × 25 mm, peak 235)     1116   0.00 %   301
    the same page at 150 dpi                           1003   0.00 %   150
    20 % of the page cut off at the right              1654   0.00 %   301   touches border
    tilted in perspective (far side shorter)           1331   0.00 %   284   found ±2.5 px
    lying on a white A4 scanner bed                    1486   0.00 %   301   found

Thresholds chosen from these: ``SHARPNESS_MIN = 400`` (σ 1.5 blur and worse fail, σ 1
passes with 1.5× margin, a sharp page has 3.6×; noise adds only ~10 %, because the
measurement is at 150 dpi where area-averaging has already removed it); ``GLARE_MAX =
0.25 %`` of the document (a 10 × 6 mm hot spot, enough to hide two MRZ characters, fails;
a 6 × 4 mm speck and a bright but unclipped highlight pass); ``MIN_DPI = 300`` with
``DPI_TOLERANCE = 3 %`` so that a true 300 dpi scan whose measured edges lose a few pixels
still passes (the tilted page at 284 dpi does not: its far side really is under 300 dpi).
Assessing one 300 dpi page takes 15–30 ms, a 600 dpi one about 50 ms. (Since then the
generated page sets its MRZ at the fixed pitch a real one has; a sharp page measures about
10 % less — 1325 at 300 dpi, σ 1 blur 553, σ 1.5 blur 294 — and the thresholds keep their
margins.)

Quality says nothing about *what* the copy shows, and A4 has nearly the passport page's
proportions (1.414 against 1.420): a sharp scan of a utility bill measures as a fine
passport copy. ``check_kind`` looks for what a passport page has and a bill has not — an
MRZ, a landscape page, 125 × 88 mm of paper where the file states its size — and says what
is missing, so the clerk retakes it or confirms that it really is the document.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import cv2
import numpy as np
from numpy.typing import NDArray

from operator_app.messages import N_, SOURCE_LANGUAGE, current_language, t
from operator_app.scanning.safe_files import (
    MAX_PDF_PAGES,
    MAX_PIXELS,
    PDF_MAX_RENDER_PIXELS,
    too_many_pixels,
)
from operator_app.scanning.safe_files import render_scale as _render_scale

Image = NDArray[np.uint8]
CopyFormat = Literal["jpeg", "png", "pdf"]

COPY_SIZE_LIMIT = 5 * 1024 * 1024
# MAX_PIXELS, MAX_PDF_PAGES and PDF_MAX_RENDER_PIXELS are safe_files' (one place for every
# file import's limits), imported above.
PDF_DEFAULT_DPI = 300  # pages without a scanned image (vector text) are rendered at this
PDF_MAX_DPI = 600

MIN_DPI = 300
DPI_TOLERANCE = 0.03
SHARPNESS_DPI = 150.0
SHARPNESS_MIN = 400.0
GLARE_LEVEL = 250
GLARE_OVER_PAPER = 15
GLARE_MIN_BLOB = 0.0005
GLARE_MAX = 0.0025
INSET = 0.06  # of the document's size, so its own edge against the desk is not measured
ASPECT_TOLERANCE = 0.05  # an image this close to the document's shape is the document
WHOLE_IMAGE = 0.9  # ... when its outline (if any is found) covers this share of it
PERSPECTIVE_TOLERANCE = 0.35  # a tilted page's outline differs this much from its shape
SMALL_QUAD = 0.25  # an outline under this share of the image lies flat (a scanner bed)
CORNER_MIN_AREA = 0.10  # a quadrilateral smaller than this share of the image is no document
WHOLE_FRAME = 0.98  # ... and one larger than this is the image's own edge
CORNER_WORK_SIDE = 800  # corners are searched on a copy this long: fast, and enough
JPEG_QUALITIES = (90, 75, 60)  # below 60 small print smears into its JPEG blocks
RESCALE_QUALITY = 75

# Physical sizes the GUI passes to ``assess`` (width × height of the page as held).
PASSPORT_PAGE_MM = (125.0, 88.0)
ID1_CARD_MM = (85.6, 54.0)
A4_MM = (210.0, 297.0)

# What is wrong with a page, as stored in the audit (Russian); shown through t().
BLURRED = N_("размыто: держите документ неподвижно")
GLARE = N_("блик: наклоните документ или уберите лампу")
CROPPED = N_("документ обрезан: весь документ должен быть в кадре")
LOW_RESOLUTION = N_("низкое разрешение: {dpi} dpi, нужно не меньше {min_dpi} — поднесите "
                    "камеру ближе или сканируйте с {min_dpi} dpi")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a page: ``text`` is a catalogue key (Russian) with ``{names}``
    filled from ``params``. :attr:`message` is for the clerk, in the desk's language;
    :attr:`russian` is what the audit keeps. A float parameter has two decimals, with a
    decimal comma in Russian."""

    text: str
    params: Mapping[str, object] = field(default_factory=dict, hash=False)

    @property
    def message(self) -> str:
        return t(self.text, **self._values(comma=current_language() == SOURCE_LANGUAGE))

    @property
    def russian(self) -> str:
        return self.text.format(**self._values(comma=True)) if self.params else self.text

    def _values(self, *, comma: bool) -> dict[str, object]:
        return {name: (_decimal(value, comma=comma) if isinstance(value, float) else value)
                for name, value in self.params.items()}


def _decimal(value: float, *, comma: bool) -> str:
    text = f"{value:.2f}"
    return text.replace(".", ",") if comma else text


def low_resolution(dpi: int) -> Problem:
    return Problem(LOW_RESOLUTION, {"dpi": dpi, "min_dpi": MIN_DPI})


class CopyRejected(ValueError):
    """The file cannot be a copy; the message is one sentence for the clerk, in the desk's
    language when it was raised (display only: it is never stored).

    ``reason`` is one of "unsupported", "damaged", "encrypted", "too_large", "too_many_pages".
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message

    def __reduce__(self) -> tuple[Any, ...]:
        # Raised in the process that opens the file (``prepare_copy``), re-raised here.
        return (type(self), (self.reason, self.message))


@dataclass(frozen=True, eq=False)
class Page:
    """One page of a copy as a BGR image: an image file is one page, a PDF one per page.

    ``render_dpi`` is the resolution a PDF page was rendered at (the resolution of its
    scanned image when it has one, so an upsampled 150 dpi scan is not passed off as
    300 dpi); None for image files, whose pixels are what they are. ``declared_dpi`` is
    the resolution an image file states in its header (JFIF, PNG pHYs), when it is one a
    scanner writes (150–1200 dpi; 72 and 96 are editors' defaults and say nothing).
    """

    image: Image
    number: int
    source_format: CopyFormat
    render_dpi: float | None = None
    declared_dpi: float | None = None

    @property
    def physical_dpi(self) -> float | None:
        """Pixels per inch of paper, where the file tells: its physical size is then known."""
        return self.render_dpi or self.declared_dpi

    @property
    def width(self) -> int:
        return int(self.image.shape[1])

    @property
    def height(self) -> int:
        return int(self.image.shape[0])


def _u8(array: Any) -> Image:
    return np.asarray(array, dtype=np.uint8)


def _gray(image: Image) -> Image:
    if image.ndim == 2:
        return image
    return _u8(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY))


# -- opening -----------------------------------------------------------------------------


def sniff_format(data: bytes) -> CopyFormat | None:
    """The real format by the first bytes; the file name is not trusted."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    # The PDF header may follow a few bytes of junk (some scanner drivers write a BOM).
    if b"%PDF-" in data[:1024]:
        return "pdf"
    return None


_JPEG_SOF = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7,
                       0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})


def _jpeg_header(data: bytes, name: str) -> tuple[int, int, int]:
    """(width, height, offset of the first scan) by walking the JPEG's segments.

    Segment lengths are followed rather than searching for 0xFFC0, because an EXIF
    thumbnail (a whole JPEG inside APP1) would otherwise be found first.
    """
    damaged = CopyRejected("damaged", t("Файл {name} повреждён: это JPEG без заголовка "
                                        "изображения. Отсканируйте или сохраните документ "
                                        "заново.", name=name))
    size: tuple[int, int] | None = None
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            raise damaged
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:  # segments without a length
            i += 2
            continue
        if marker == 0xD9:
            break
        length = int.from_bytes(data[i + 2:i + 4], "big")
        if marker == 0xDA:
            if size is None:
                break
            return size[0], size[1], i
        if marker in _JPEG_SOF and i + 9 <= len(data):
            height = int.from_bytes(data[i + 5:i + 7], "big")
            width = int.from_bytes(data[i + 7:i + 9], "big")
            size = (width, height)
        i += 2 + length
    raise damaged


def _png_size(data: bytes, name: str) -> tuple[int, int]:
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise CopyRejected("damaged", t("Файл {name} повреждён: это PNG без заголовка "
                                        "изображения. Отсканируйте или сохраните документ "
                                        "заново.", name=name))
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _check_pixels(width: int, height: int, name: str, *, limit: int = MAX_PIXELS) -> None:
    if width <= 0 or height <= 0:
        raise CopyRejected("damaged", t("Файл {name} повреждён: размер изображения "
                                        "{width} × {height}.", name=name, width=width,
                                        height=height))
    if width * height > limit:
        raise CopyRejected("too_large", too_many_pixels(name, width, height, limit))


def image_size(data: bytes, *, name: str | None = None) -> tuple[int, int]:
    """(width, height) of a JPEG or PNG from its header alone, without decoding it."""
    name = name or t("копия")
    fmt = sniff_format(data)
    if fmt == "jpeg":
        width, height, _ = _jpeg_header(data, name)
        return width, height
    if fmt == "png":
        return _png_size(data, name)
    raise CopyRejected("unsupported", _unsupported(name))


def _unsupported(name: str) -> str:
    return t("Файл {name} — не PDF, JPEG или PNG (формат определён по содержимому, не по "
             "имени). Сохраните копию в одном из этих форматов.", name=name)


def load_copy(data: bytes, *, name: str) -> list[Page]:
    """The pages of a copy file; raises ``CopyRejected`` with a sentence for the clerk.

    ``name`` is only for messages. Slow for a long PDF (every page is rendered): call it
    off the GUI thread.
    """
    fmt = sniff_format(data)
    if fmt is None:
        if not data:
            raise CopyRejected("damaged", t("Файл {name} пуст.", name=name))
        raise CopyRejected("unsupported", _unsupported(name))
    if fmt == "pdf":
        return _load_pdf(data, name)
    if fmt == "jpeg":
        width, height, scan = _jpeg_header(data, name)
        _check_pixels(width, height, name)
        # In entropy-coded data 0xFF is always followed by 0x00 or a restart marker, so
        # an end-of-image marker after the first scan means the file is complete.
        if data.find(b"\xff\xd9", scan) < 0:
            raise CopyRejected("damaged", t("Файл {name} обрезан (JPEG записан не до конца): "
                                            "отсканируйте или сохраните документ заново.",
                                            name=name))
    else:
        width, height = _png_size(data, name)
        _check_pixels(width, height, name)
        if data.rfind(b"IEND") < 0:
            raise CopyRejected("damaged", t("Файл {name} обрезан (PNG записан не до конца): "
                                            "отсканируйте или сохраните документ заново.",
                                            name=name))
    # IMREAD_COLOR applies the EXIF orientation, as a photo viewer would show the photo.
    try:
        decoded: Any = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
    except cv2.error:
        decoded = None
    if decoded is None or decoded.size == 0:
        raise CopyRejected("damaged", t("Файл {name} повреждён, прочитать изображение "
                                        "нельзя: отсканируйте или сохраните документ заново.",
                                        name=name))
    return [Page(image=_u8(decoded), number=1, source_format=fmt,
                 declared_dpi=_declared_dpi(data, fmt))]


def _declared_dpi(data: bytes, fmt: CopyFormat) -> float | None:
    """The resolution in a JPEG's JFIF header or a PNG's pHYs chunk, if a scanner's."""
    dpi: float | None = None
    if fmt == "jpeg" and data[6:11] == b"JFIF\x00" and len(data) >= 18:
        units = data[13]
        x, y = int.from_bytes(data[14:16], "big"), int.from_bytes(data[16:18], "big")
        if units in (1, 2) and x == y:
            dpi = float(x) if units == 1 else x * 2.54
    elif fmt == "png":
        at = data.find(b"pHYs", 8, 4096)
        if at > 0 and len(data) >= at + 13 and data[at + 12] == 1:
            x, y = int.from_bytes(data[at + 4:at + 8], "big"), int.from_bytes(
                data[at + 8:at + 12], "big")
            if x == y:
                dpi = x * 0.0254
    if dpi is None or not 150 <= dpi <= 1200:
        return None
    return dpi


def _load_pdf(data: bytes, name: str) -> list[Page]:
    import pypdfium2  # only here: rendering PDFs is not needed to start the desk

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        if "password" in str(error).lower():
            raise CopyRejected("encrypted", t("PDF {name} защищён паролем: сохраните копию "
                                              "без пароля.", name=name)) from None
        raise CopyRejected("damaged", t("PDF {name} повреждён, прочитать его нельзя: "
                                        "отсканируйте документ заново.", name=name)) from None
    try:
        count = len(document)
        if count == 0:
            raise CopyRejected("damaged", t("В PDF {name} нет ни одной страницы.", name=name))
        if count > MAX_PDF_PAGES:
            raise CopyRejected("too_many_pages",
                               t("В PDF {name} {count} страниц, можно не больше {limit}: "
                                 "сохраните каждый документ отдельно.", name=name,
                                 count=count, limit=MAX_PDF_PAGES))
        pages = []
        for index in range(count):
            page = None
            try:
                # Loading a page walks the page tree: a tree that refers to itself fails here.
                page = document[index]
                image, dpi = _render_page(page, name)
            except pypdfium2.PdfiumError:
                raise CopyRejected("damaged", t("Страница {page} PDF {name} повреждена, "
                                                "прочитать её нельзя: отсканируйте документ "
                                                "заново.", page=index + 1, name=name)
                                   ) from None
            finally:
                if page is not None:
                    page.close()
            pages.append(Page(image=image, number=index + 1, source_format="pdf",
                              render_dpi=dpi))
        return pages
    finally:
        document.close()


def _scanned_dpi(page: Any) -> float | None:
    """The resolution of the scanned image that covers most of the page, if any.

    A scanner's PDF is one image per page; rendering it at that image's own resolution
    keeps ``assess`` honest about a 150 dpi scan.
    """
    import pypdfium2.raw as pdfium_c

    page_w, page_h = page.get_size()
    best: tuple[float, float] | None = None  # (covered area, dpi)
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        px_w, px_h = obj.get_px_size()
        width_in, height_in = (right - left) / 72, (top - bottom) / 72
        if width_in <= 0 or height_in <= 0 or px_w <= 0 or px_h <= 0:
            continue
        area = (right - left) * (top - bottom)
        dpi = min(px_w / width_in, px_h / height_in)
        if best is None or area > best[0]:
            best = (area, dpi)
    if best is None or best[0] < 0.5 * page_w * page_h:
        return None
    return best[1]


def _render_page(page: Any, name: str) -> tuple[Image, float]:
    width_pt, height_pt = page.get_size()
    dpi = min(float(PDF_MAX_DPI), _scanned_dpi(page) or float(PDF_DEFAULT_DPI))
    # A poster-sized page: render what fits; the dpi figure will tell the clerk.
    dpi = _render_scale(width_pt, height_pt, dpi) * 72
    _check_pixels(round(width_pt * dpi / 72), round(height_pt * dpi / 72), name,
                  limit=PDF_MAX_RENDER_PIXELS + 1_000_000)
    bitmap = page.render(scale=dpi / 72, fill_color=(255, 255, 255, 255))
    try:
        pixels_array = bitmap.to_numpy()
        if pixels_array.ndim == 2:
            image = _u8(cv2.cvtColor(pixels_array, cv2.COLOR_GRAY2BGR))
        elif pixels_array.shape[2] == 4:
            image = _u8(cv2.cvtColor(pixels_array, cv2.COLOR_BGRA2BGR))
        else:
            image = np.array(pixels_array, dtype=np.uint8, copy=True)  # buffer freed below
    finally:
        bitmap.close()
    return image, dpi


def split_pdf(data: bytes) -> list[bytes]:
    """Each page of a PDF as a one-page PDF: every page is stored as a copy of its own,
    in its original quality (vector text stays vector)."""
    import pypdfium2

    try:
        source = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        raise CopyRejected("damaged", t("PDF повреждён, разделить его на страницы нельзя: "
                                        "отсканируйте документ заново.")) from None
    try:
        parts = []
        for index in range(len(source)):
            single = pypdfium2.PdfDocument.new()
            try:
                single.import_pages(source, [index])
                buffer = io.BytesIO()
                single.save(buffer)
                parts.append(buffer.getvalue())
            except pypdfium2.PdfiumError:
                raise CopyRejected("damaged", t("Страницу {page} PDF нельзя сохранить "
                                                "отдельно: отсканируйте документ заново.",
                                                page=index + 1)) from None
            finally:
                single.close()
        return parts
    finally:
        source.close()


# -- corners -----------------------------------------------------------------------------


def _order_corners(points: NDArray[np.float32]) -> NDArray[np.float32]:
    """TL, TR, BR, BL: by angle around the centre (robust at any tilt below 45°), starting
    from the corner nearest the image's top-left."""
    centre = points.mean(axis=0)
    angles = np.arctan2(points[:, 1] - centre[1], points[:, 0] - centre[0])
    ordered = points[np.argsort(angles)]
    start = int(np.argmin(ordered.sum(axis=1)))
    return np.roll(ordered, -start, axis=0).astype(np.float32)


def find_document_corners(image: Image) -> NDArray[np.float32] | None:
    """The document's corners as a float32 (4, 2) array ordered TL, TR, BR, BL, in the
    image's pixels, or None when no convex quadrilateral covering at least
    ``CORNER_MIN_AREA`` (and at most ``WHOLE_FRAME``) of the image is found.

    Two ways of seeing the page are tried and the largest quadrilateral wins: Canny edges
    (a page on a similar-coloured desk) and Otsu's threshold (a light page on a dark desk,
    which also keeps a page cut by the image border a closed shape whose corners touch
    the border, so ``assess`` can say it is cut off).
    """
    gray = _gray(image)
    height, width = gray.shape
    scale = min(1.0, CORNER_WORK_SIDE / max(height, width))
    small = gray if scale == 1.0 else _u8(cv2.resize(
        gray, (max(1, round(width * scale)), max(1, round(height * scale))),
        interpolation=cv2.INTER_AREA))
    small = _u8(cv2.GaussianBlur(small, (5, 5), 0))
    min_area = CORNER_MIN_AREA * small.shape[0] * small.shape[1]
    # The image's own frame (a uniform picture, a page that fills it) is not an outline.
    max_area = WHOLE_FRAME * small.shape[0] * small.shape[1]

    edges = _u8(cv2.dilate(cv2.Canny(small, 20, 60), np.ones((3, 3), np.uint8)))
    _, otsu = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    contours: list[Any] = []
    contours.extend(cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)[0])
    contours.extend(cv2.findContours(_u8(otsu), cv2.RETR_EXTERNAL,
                                     cv2.CHAIN_APPROX_SIMPLE)[0])
    best: NDArray[np.float32] | None = None
    best_area = min_area
    for contour in contours:
        hull = cv2.convexHull(contour)
        area = float(cv2.contourArea(hull))
        if area < best_area or area > max_area:
            continue
        approx = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
        if len(approx) != 4 or not cv2.isContourConvex(approx):
            continue
        best_area = area
        best = approx.reshape(4, 2).astype(np.float32)
    if best is None:
        return None
    return _order_corners(best / scale)


def _side_lengths(corners: NDArray[np.float32]) -> tuple[float, float]:
    """(width, height) of a TL, TR, BR, BL quadrilateral: the mean of opposite sides."""
    tl, tr, br, bl = corners
    width = (float(np.linalg.norm(tr - tl)) + float(np.linalg.norm(br - bl))) / 2
    height = (float(np.linalg.norm(bl - tl)) + float(np.linalg.norm(br - tr))) / 2
    return width, height


def _dpi_of(width_px: float, height_px: float, size_mm: tuple[float, float], *,
            cut: bool = False) -> float:
    """Pixels per inch of the document: the worse axis (perspective shrinks one), or for a
    document cut by the image border the better one (the cut axis is short of the page)."""
    long_px, short_px = max(width_px, height_px), min(width_px, height_px)
    long_in, short_in = max(size_mm) / 25.4, min(size_mm) / 25.4
    pick = max if cut else min
    return pick(long_px / long_in, short_px / short_in)


def warp_document(image: Image, corners: NDArray[np.floating[Any]], *,
                  size_mm: tuple[float, float], dpi: float | None = None) -> Image:
    """The document straightened to its own aspect ratio (portrait or landscape as it lies
    in the image), at ``dpi`` — by default its measured resolution, but not below
    ``MIN_DPI`` (so the result meets the requirement's pixel count) nor above 600.

    Measure quality on the original, not on this: stretching a 200 dpi photo to 300 dpi
    adds pixels, not detail.
    """
    quad = _order_corners(np.asarray(corners, dtype=np.float32).reshape(4, 2))
    width_px, height_px = _side_lengths(quad)
    if dpi is None:
        dpi = min(600.0, max(float(MIN_DPI), _dpi_of(width_px, height_px, size_mm)))
    long_mm, short_mm = max(size_mm), min(size_mm)
    landscape = width_px >= height_px
    out_w_mm, out_h_mm = (long_mm, short_mm) if landscape else (short_mm, long_mm)
    out_w = max(1, round(out_w_mm / 25.4 * dpi))
    out_h = max(1, round(out_h_mm / 25.4 * dpi))
    target = np.array([[0, 0], [out_w - 1, 0], [out_w - 1, out_h - 1], [0, out_h - 1]],
                      dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(quad, target)
    return _u8(cv2.warpPerspective(image, matrix, (out_w, out_h), flags=cv2.INTER_CUBIC,
                                   borderMode=cv2.BORDER_REPLICATE))


# -- quality -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Quality:
    """What ``assess`` measured and what is wrong with it: ``issues``, each a
    :class:`Problem`; :attr:`problems` are their Russian texts (the audit's), and
    :attr:`messages` what the clerk is shown.

    ``glare`` is a share (0.004 = 0.4 % of the document); ``corners`` are the document's
    corners (TL, TR, BR, BL) when found, for the GUI to draw and let the clerk adjust.
    """

    width: int
    height: int
    dpi: int
    sharpness: float
    glare: float
    in_frame: bool
    corners: tuple[tuple[float, float], ...] | None
    issues: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def problems(self) -> tuple[str, ...]:
        return tuple(issue.russian for issue in self.issues)

    @property
    def messages(self) -> tuple[str, ...]:
        return tuple(issue.message for issue in self.issues)


def _area(corners: NDArray[np.float32]) -> float:
    return float(cv2.contourArea(corners.reshape(-1, 1, 2)))


def _touches_border(corners: NDArray[np.float32], width: int, height: int) -> bool:
    margin = max(3.0, 0.005 * min(width, height))
    xs, ys = corners[:, 0], corners[:, 1]
    return bool((xs <= margin).any() or (ys <= margin).any()
                or (xs >= width - 1 - margin).any() or (ys >= height - 1 - margin).any())


def _document_region(gray: Image, corners: NDArray[np.float32] | None) -> Image:
    """The inside of the document (inset), or the inside of the image when no document
    outline is known."""
    height, width = gray.shape
    if corners is None:
        x0, y0, x1, y1 = 0.0, 0.0, float(width), float(height)
    else:
        # The inscribed axis-aligned box: a tilted page's corners and the desk stay out.
        xs = np.sort(corners[:, 0])
        ys = np.sort(corners[:, 1])
        x0, x1, y0, y1 = float(xs[1]), float(xs[2]), float(ys[1]), float(ys[2])
    dx, dy = (x1 - x0) * INSET, (y1 - y0) * INSET
    left, right = max(0, int(x0 + dx)), min(width, int(x1 - dx))
    top, bottom = max(0, int(y0 + dy)), min(height, int(y1 - dy))
    if right - left < 16 or bottom - top < 16:
        return gray
    return gray[top:bottom, left:right]


def _sharpness(region: Image, dpi: float) -> float:
    scale = min(1.0, SHARPNESS_DPI / dpi) if dpi > 0 else 1.0
    if scale < 1.0:
        region = _u8(cv2.resize(region, (max(1, round(region.shape[1] * scale)),
                                         max(1, round(region.shape[0] * scale))),
                                interpolation=cv2.INTER_AREA))
    laplacian = cv2.Laplacian(region, cv2.CV_64F)
    return float(laplacian.var())


def _glare(region: Image) -> float:
    paper = float(np.median(region))
    level = max(GLARE_LEVEL, paper + GLARE_OVER_PAPER)
    if level > 255:
        return 0.0  # white paper in a scanner: nothing can be brighter than it
    mask = _u8((region >= level) * 255)
    # Opening removes single hot pixels and the white gaps between printed letters.
    mask = _u8(cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8)))
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    total = region.shape[0] * region.shape[1]
    min_blob = GLARE_MIN_BLOB * total
    areas = stats[1:count, cv2.CC_STAT_AREA]
    return float(areas[areas >= min_blob].sum()) / total


def assess(image: Image, *, document_size_mm: tuple[float, float],
           corners: NDArray[np.floating[Any]] | None = None) -> Quality:
    """Measure one page against the rules for copies; ``problems`` says what to do.

    ``document_size_mm`` is the physical size of the document (any orientation), e.g.
    ``PASSPORT_PAGE_MM``. ``corners`` are the document's corners when the clerk has
    adjusted them; by default they are found. An image without a document outline whose
    shape matches the document's (a scanner's auto-cropped page, a PDF page, the output of
    ``warp_document``) is taken as the document itself.
    """
    height, width = image.shape[:2]
    gray = _gray(image)
    quad = (find_document_corners(image) if corners is None
            else _order_corners(np.asarray(corners, dtype=np.float32).reshape(4, 2)))
    image_aspect = max(width, height) / min(width, height)
    doc_aspect = max(document_size_mm) / min(document_size_mm)
    is_the_document = abs(image_aspect / doc_aspect - 1) <= ASPECT_TOLERANCE
    if quad is not None and corners is None:
        quad_w, quad_h = _side_lengths(quad)
        mismatch = abs(max(quad_w, quad_h) / max(1.0, min(quad_w, quad_h)) / doc_aspect - 1)
        share = _area(quad) / (width * height)
        if is_the_document and share >= WHOLE_IMAGE:
            quad = None  # the outline found is the image's own edge: the page fills it
        elif mismatch > (ASPECT_TOLERANCE if share < SMALL_QUAD else PERSPECTIVE_TOLERANCE):
            # Not this document's shape: something printed on it (the photo) or a part of
            # it. A small outline must match closely (a passport on an A4 scanner bed
            # does); a large one may be a page photographed at an angle.
            quad = None
    if quad is not None:
        in_frame = not _touches_border(quad, width, height)
        dpi = _dpi_of(*_side_lengths(quad), document_size_mm, cut=not in_frame)
    else:
        in_frame = is_the_document
        dpi = _dpi_of(width, height, document_size_mm, cut=not in_frame)
    region = _document_region(gray, quad)
    sharpness = _sharpness(region, dpi)
    glare = _glare(region)
    problems = []
    if sharpness < SHARPNESS_MIN:
        problems.append(Problem(BLURRED))
    if glare > GLARE_MAX:
        problems.append(Problem(GLARE))
    if dpi < MIN_DPI * (1 - DPI_TOLERANCE):
        problems.append(low_resolution(int(dpi)))
    if not in_frame:
        problems.append(Problem(CROPPED))
    return Quality(
        width=width, height=height, dpi=round(dpi), sharpness=round(sharpness, 1),
        glare=round(glare, 5), in_frame=in_frame,
        corners=None if quad is None else tuple((float(x), float(y)) for x, y in quad),
        issues=tuple(problems))


# -- size --------------------------------------------------------------------------------


def _encode(image: Image, ext: str, params: list[int]) -> bytes:
    ok, buffer = cv2.imencode(ext, image, params)
    if not ok:  # pragma: no cover - OpenCV encodes any uint8 BGR image
        raise RuntimeError(f"OpenCV could not encode {ext}")
    return bytes(buffer.tobytes())


def _jpeg(image: Image, quality: int) -> bytes:
    # No IMWRITE_JPEG_OPTIMIZE: it saves 4 % for three times the time (0.3 s at 24 MP).
    return _encode(image, ".jpg", [cv2.IMWRITE_JPEG_QUALITY, quality])


def _resized(image: Image, scale: float) -> Image:
    height, width = image.shape[:2]
    return _u8(cv2.resize(image, (max(1, round(width * scale)), max(1, round(height * scale))),
                          interpolation=cv2.INTER_AREA))


def fit_to_limit(data: bytes, fmt: str, *, limit: int = COPY_SIZE_LIMIT,
                 dpi: float | None = None) -> tuple[bytes, str]:
    """The copy within ``limit`` bytes, and its format; unchanged when it already fits.

    Only size is fixed here, never resolution: the image becomes a JPEG at quality 90,
    75, 60 (a PNG too: recompressing a 24 MP scan losslessly took 7 s and saved under
    10 %, never enough for a file over the limit); if that is still too big it is
    scaled down (never up) at quality 75 — first no further than ``dpi`` allows
    (``dpi`` is the measured resolution, ``Quality.dpi``; the floor is ``MIN_DPI``), and
    only when that cannot fit, below it: the copy is then re-assessed and the clerk sees
    the lower resolution. A one-page PDF is rendered and becomes a JPEG; split a longer PDF
    with ``split_pdf`` first. Raises ``CopyRejected`` for what ``load_copy`` refuses.
    """
    if len(data) <= limit:
        return data, fmt
    pages = load_copy(data, name=t("копия"))
    if len(pages) != 1:
        raise CopyRejected("too_large", t("PDF из {count} страниц больше {limit} МБ: "
                                          "сохраните каждую страницу отдельно.",
                                          count=len(pages), limit=limit // (1024 * 1024)))
    image = pages[0].image
    sizes: dict[int, int] = {}
    for quality in JPEG_QUALITIES:
        encoded = _jpeg(image, quality)
        if len(encoded) <= limit:
            return encoded, "jpeg"
        sizes[quality] = len(encoded)
    if dpi is None and pages[0].render_dpi is not None:
        dpi = pages[0].render_dpi
    floor = min(1.0, MIN_DPI / dpi) if dpi else 0.0
    reference = sizes.get(RESCALE_QUALITY) or len(_jpeg(image, RESCALE_QUALITY))
    # JPEG size grows about with the pixel count, so aim straight at the limit.
    scale = min(0.95, math.sqrt(limit / reference) * 0.95)
    if scale < floor:
        # Cannot keep 300 dpi at quality 75: try the floor at the lowest quality first.
        encoded = _jpeg(_resized(image, floor), JPEG_QUALITIES[-1])
        if len(encoded) <= limit:
            return encoded, "jpeg"
    while True:
        encoded = _jpeg(_resized(image, scale), RESCALE_QUALITY)
        if len(encoded) <= limit:
            return encoded, "jpeg"
        scale *= 0.9


# -- what kind of document the copy shows ---------------------------------------------------

# A row of glyphs is an MRZ line when it has this many character cells at a regular pitch
# (ICAO: every cell is a glyph, fillers included, so no gaps either). On the 25 specimen
# pictures (test_the_kind_check_on_real_specimens) MRZ rows have 29.8–31.9, 35.9–36.1 or
# 43.9–46.1 cells, a pitch error of at most 0.066 and 0.96–1.02 glyphs per cell; the text
# lines of generated A4 bills that the band locator returns have at most 0.90 glyphs per
# cell or a pitch error of 0.088 and more.
MRZ_CELLS = {"TD3": (44, 2), "TD2": (36, 2), "TD1": (30, 3)}  # cells per line, lines
MRZ_CELL_SLACK = 2.5
MRZ_PITCH_ERROR = 0.075
MRZ_FILL = 0.93
MRZ_WORK_WIDTH = 1000  # a small scan is enlarged to this before the band is looked for
MRZ_TILTS = (20.0, -20.0)  # tried when nothing is found level: a phone held askew
SHAPE_TOLERANCE = 0.12  # of the aspect ratio, when no MRZ vouches for the page
SIZE_TOLERANCE = 0.15  # of each side, when the file says how large its paper is
A4_ASPECT = 297 / 210


@dataclass(frozen=True)
class MrzLayout:
    """An MRZ seen on a page without reading it: its format by the shape of its lines."""

    format: str  # "TD1", "TD2" or "TD3"
    lines: int
    quarter_turned: bool  # found only with the page turned by 90°


@dataclass(frozen=True)
class DocumentShape:
    """What a copy of a kind of document looks like: its paper (any of ``sizes_mm``, as
    width × height when held to be read) and the MRZ formats its page carries (none:
    no MRZ is expected). ``title``, a catalogue key, completes "не похоже на …";
    ``landscape`` says that a page standing upright cannot be it (unless its MRZ shows it
    was only turned)."""

    title: str
    sizes_mm: tuple[tuple[float, float], ...]
    mrz_formats: tuple[str, ...] = ()
    landscape: bool = False


PASSPORT_SHAPE = DocumentShape(N_("разворот паспорта"), (PASSPORT_PAGE_MM,), ("TD3", "TD2"),
                               landscape=True)


@dataclass(frozen=True)
class KindCheck:
    """Whether a page looks like the document it is attached to; ``issues`` are short
    phrases for ``message`` ("не похоже на разворот паспорта: нет машиночитаемой зоны,
    вертикальный лист пропорций A4"), shown in the desk's language; :attr:`problems`
    are their Russian texts, kept in the audit."""

    shape: DocumentShape
    issues: tuple[Problem, ...]
    mrz: MrzLayout | None
    aspect: float  # long side over short side of the document (or the whole page)
    size_mm: tuple[float, float] | None  # long × short side, where the file tells

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def problems(self) -> tuple[str, ...]:
        return tuple(issue.russian for issue in self.issues)

    @property
    def message(self) -> str:
        return t("не похоже на {title}: {problems}", title=t(self.shape.title),
                 problems=", ".join(issue.message for issue in self.issues))


def _mrz_rows(band: Image) -> list[tuple[float, float, float]]:
    """(cells, pitch error, glyphs per cell) of each text row of a band."""
    size = max(9, band.shape[0] // 4) | 1
    background = cv2.morphologyEx(band, cv2.MORPH_CLOSE,
                                  cv2.getStructuringElement(cv2.MORPH_RECT, (size, size)))
    flat = _u8(np.clip(band.astype(np.float32) / np.maximum(background.astype(np.float32), 1)
                       * 255, 0, 255))
    ink = _u8(cv2.threshold(cv2.GaussianBlur(flat, (3, 3), 0), 0, 255,
                            cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1])
    profile = (ink > 0).sum(axis=1)
    on = profile > max(2, 0.15 * float(profile.max(initial=0)))
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for y, lit in enumerate(on):
        if lit and start is None:
            start = y
        elif not lit and start is not None:
            spans.append((start, y))
            start = None
    if start is not None:
        spans.append((start, len(on)))
    tallest = max((b - a for a, b in spans), default=0)
    rows = []
    for top, bottom in spans:
        height = bottom - top
        if height < max(4, 0.4 * tallest):
            continue
        count, _, stats, centres = cv2.connectedComponentsWithStats(ink[top:bottom],
                                                                    connectivity=8)
        xs = sorted(float(centres[i][0]) for i in range(1, count)
                    if stats[i, cv2.CC_STAT_HEIGHT] >= 0.3 * height
                    and stats[i, cv2.CC_STAT_AREA] >= 0.02 * height * height)
        if len(xs) < 10:
            continue
        close = 0.4 * float(np.median(np.diff(xs)))
        merged = [xs[0]]
        for x in xs[1:]:  # one centre per glyph: a glyph broken in two is one
            if x - merged[-1] < close:
                merged[-1] = (merged[-1] + x) / 2
            else:
                merged.append(x)
        gaps = np.diff(merged)
        pitch = float(np.median(gaps))
        if pitch <= 0:
            continue
        cells = (merged[-1] - merged[0]) / pitch + 1
        error = float(np.mean(np.abs(gaps / pitch - np.round(gaps / pitch))))
        rows.append((cells, error, len(merged) / cells))
    return rows


def _layout_of(image: Image) -> str | None:
    from operator_app.scanning.mrz import mrz_bands  # the OCR's own band locator

    rows = [row for band in mrz_bands(image, limit=4) for row in _mrz_rows(band)]
    for name, (cells, lines) in MRZ_CELLS.items():
        alike = [r for r in rows if abs(r[0] - cells) <= MRZ_CELL_SLACK
                 and r[1] <= MRZ_PITCH_ERROR and r[2] >= MRZ_FILL]
        if len(alike) >= min(lines, 2):
            return name
    return None


def find_mrz_layout(image: Image) -> MrzLayout | None:
    """Whether the page shows an MRZ, and which format, without reading a character:
    2 or 3 rows of 30, 36 or 44 glyphs at one regular pitch, in a band the MRZ locator
    finds. Tried level, turned by a quarter, then askew. 10–60 ms a page; more (about
    150 ms) for a page without one, which is tried every way."""
    gray = _gray(image)
    if gray.shape[1] < MRZ_WORK_WIDTH:
        factor = MRZ_WORK_WIDTH / gray.shape[1]
        gray = _u8(cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC))
    turned = np.ascontiguousarray(np.rot90(gray))
    for candidate, quarter in ((gray, False), (turned, True)):
        found = _layout_of(candidate)
        if found is not None:
            return MrzLayout(found, MRZ_CELLS[found][1], quarter)
    height, width = gray.shape
    for angle in MRZ_TILTS:
        matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
        tilted = _u8(cv2.warpAffine(gray, matrix, (width, height), flags=cv2.INTER_LINEAR,
                                    borderMode=cv2.BORDER_REPLICATE))
        found = _layout_of(tilted)
        if found is not None:
            return MrzLayout(found, MRZ_CELLS[found][1], False)
    return None


def _near(value: float, target: float, tolerance: float) -> bool:
    return abs(value / target - 1) <= tolerance


def check_kind(page: Page, shape: DocumentShape, *,
               corners: tuple[tuple[float, float], ...] | None = None) -> KindCheck:
    """Whether ``page`` looks like a document of ``shape``: its MRZ where the kind has
    one, its proportions and orientation unless the MRZ vouches for them, and its size on
    paper where the file says it (a PDF page, a scanner's JPEG or PNG).

    ``corners`` are the document's outline on the page (``Quality.corners``); without
    them the whole page is taken as the document, as ``assess`` does.

    Measured as a passport page (``PASSPORT_SHAPE``) on the 25 specimen pictures of the
    project's MRZ samples and on generated A4 bills (tests/unit/test_quality.py)::

                                                  pictures  look like a passport  MRZ
        passports, TD3 and one TD2                      20                    19   19
          the miss: phone photo, MRZ tilted in perspective inside an app's red frame
        ID cards, TD1                                    5     0 (three-line MRZ)    5
        A4 bill: PDF, JPEG 300/150 dpi, monospaced,      5                     0    0
          landscape

    The MRZ format is told right on every picture where an MRZ is found. 6–40 ms a page
    with an MRZ; about 110–135 ms for an A4 page without one, tried every way. Told by
    proportions alone, an ID-1 card (1.585) and a passport page (1.420) are 11 % apart,
    and pictures with margins measure anything from 1.23 to 1.88: proportions decide only
    for a document without an MRZ, and loosely.
    """
    if corners is not None:
        width, height = _side_lengths(_order_corners(np.asarray(corners, np.float32)))
    else:
        width, height = float(page.width), float(page.height)
    long_px, short_px = max(width, height), max(1.0, min(width, height))
    aspect = long_px / short_px
    problems: list[Problem] = []
    size_mm: tuple[float, float] | None = None
    dpi = page.physical_dpi
    if dpi:
        size_mm = (long_px / dpi * 25.4, short_px / dpi * 25.4)
        if not any(_near(size_mm[0], max(size), SIZE_TOLERANCE)
                   and _near(size_mm[1], min(size), SIZE_TOLERANCE) for size in shape.sizes_mm):
            a4 = _near(size_mm[0], 297, 0.05) and _near(size_mm[1], 210, 0.05)
            problems.append(Problem(
                N_("размер {width} × {height} мм — лист A4") if a4 else
                N_("размер {width} × {height} мм"),
                {"width": round(size_mm[1]), "height": round(size_mm[0])}))
    layout = find_mrz_layout(page.image) if shape.mrz_formats else None
    if shape.mrz_formats:
        if layout is None:
            problems.append(Problem(N_("нет машиночитаемой зоны")))
        elif layout.format not in shape.mrz_formats:
            problems.append(Problem(N_("машиночитаемая зона из трёх строк, как у ID-карты")
                                    if layout.format == "TD1" else
                                    N_("машиночитаемая зона другого формата")))
    vouched = layout is not None and layout.format in shape.mrz_formats
    if not vouched:
        upright = height > width * 1.1
        if shape.landscape and upright:
            problems.append(Problem(N_("вертикальный лист пропорций A4") if _near(
                aspect, A4_ASPECT, 0.03) else N_("вертикальный лист")))
        elif not any(_near(aspect, max(s) / min(s), SHAPE_TOLERANCE) for s in shape.sizes_mm):
            expected = max(shape.sizes_mm[0]) / min(shape.sizes_mm[0])
            problems.append(Problem(N_("пропорции {aspect} : 1, а нужны {expected} : 1"),
                                    {"aspect": aspect, "expected": expected}))
    return KindCheck(shape, tuple(problems), layout, round(aspect, 3),
                     None if size_mm is None else (round(size_mm[0], 1), round(size_mm[1], 1)))



# -- a copy file, start to finish ---------------------------------------------------------


@dataclass(frozen=True)
class PreparedPage:
    """A page that passed the quality gate: what was measured, why it may not look like
    its document, and the bytes to store (within ``COPY_SIZE_LIMIT``; None when the file
    is held back for the clerk's word)."""

    number: int
    quality: Quality
    kind_problems: tuple[str, ...]
    data: bytes | None
    format: str | None


@dataclass(frozen=True)
class PreparedCopy:
    """What ``prepare_copy`` made of a file: the good pages, a sentence per refused page,
    and a sentence per good page that does not look like the document."""

    good: tuple[PreparedPage, ...]
    refused: tuple[str, ...]
    unlike: tuple[str, ...]


def prepare_copy(data: bytes, *, name: str, size_mm: tuple[float, float],
                 shape: DocumentShape | None, kind_confirmed: bool = False) -> PreparedCopy:
    """Every page of a copy file opened, assessed, checked against ``shape`` and — unless
    a page does not look like the document and the clerk has not confirmed it — split and
    fit under 5 MB, ready to store. Raises ``CopyRejected`` for what ``load_copy`` refuses.

    All the work on the file's bytes is here, without a database, so that
    ``copies.capture_file`` can run it in a child process (``safe_files.run_isolated``).
    """
    pages = load_copy(data, name=name)
    refused: list[str] = []
    unlike: list[str] = []
    good: list[tuple[int, Quality, tuple[str, ...]]] = []
    for index, page in enumerate(pages):
        quality = assess(page.image, document_size_mm=size_mm)
        kind = (check_kind(page, shape, corners=quality.corners)
                if shape is not None and quality.ok else None)
        label = t("{name}, стр. {page}", name=name, page=page.number) if len(pages) > 1 else name
        if not quality.ok:
            refused.append(f"{label}: " + "; ".join(quality.messages))
            continue
        if kind is not None and not kind.ok:
            unlike.append(f"{label}: {kind.message}")
        good.append((index, quality, kind.problems if kind is not None else ()))
    store = not unlike or kind_confirmed
    pdf_pages = split_pdf(data) if store and good and pages[0].source_format == "pdf" else []
    prepared = []
    for index, quality, problems in good:
        raw: bytes | None = None
        fmt: str | None = None
        if store:
            raw, fmt = ((pdf_pages[index], "pdf") if pdf_pages
                        else (data, pages[index].source_format))
            raw, fmt = fit_to_limit(raw, fmt, dpi=quality.dpi)
        prepared.append(PreparedPage(pages[index].number, quality, problems, raw, fmt))
    return PreparedCopy(tuple(prepared), tuple(refused), tuple(unlike))
