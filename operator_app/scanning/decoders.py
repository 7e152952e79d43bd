"""Barcode decoding: three decoders behind one Protocol, the cascade the desk uses, files.

The camera worker, ``operator-app decode`` and the GUI call ``default_cascade()`` (one per
thread), ``decode_still()`` for a captured photo and ``decode_file()`` for image and PDF
files. Nothing here imports Qt.

Why the cascade is what it is (the tables are in docs/decoders.md): ``bench/bench_decoders.py``
on two generated sets of 1280×720 frames. The webcam set (11 kinds of trouble) chose the
previous cascade; a hold-out set made harder than seems fair (``--hard``: photographed
printouts at any angle, tiny, grey on grey with glare, light on dark, bent, damaged,
phone screens; our payloads and longer foreign texts) showed what it missed::

                                     hold-out stills  camera, 5 frames  webcam set
    zxing-cpp alone                           57.5 %                       85.6 %
    previous cascade                          64.3 %            65.7 %     91.7 %
    first hold-out cascade                    84.3 %            86.8 %     92.4 %
    default_cascade()                         88.6 %                       93.2 %

zxing's search for light-on-dark codes is now on (none of those were read before), and
its fixed-threshold binarizer runs in the first pass on QR codes: it locates codes with
1.5–2.5 px modules that the local binarizer does not, which the rescue then reads
enlarged to 400 px (zxing, then zbar, which also reads scratched and stained ones).
Five rescue steps came after that run: zxing and zbar on the crops normalized to their
local contrast (grey ink at a glare spot, stains), zxing's global-histogram binarizer on
the frame (dim phone screens), the fixed threshold on the frame enlarged ×2 (tiny codes
the first pass did not locate) and zbar's own finder on the frame (torn codes zxing does
not locate). What the remaining misses would need is in docs/decoders.md.

A camera frame goes through ``FramePolicy``: the first pass (zxing on QR codes, on 1-D
codes near horizontal, and the fixed-threshold QR pass) on every frame, the rescue only
when the first pass located a code it could not read or the picture changed since the
rescue last ran. A steady view without a code costs the first pass alone: about a third
of what the whole previous cascade cost on every such frame (3.4 against 10.1 ms median,
measured side by side). Stills and files always run the whole cascade.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar, runtime_checkable

import cv2
import numpy as np
from numpy.typing import NDArray

from operator_app.messages import N_, t
from operator_app.scanning.safe_files import (
    MAX_PDF_PAGES,
    FileRefused,
    check_image_header,
    damaged_image,
    read_file,
    render_scale,
    run_isolated,
)

Image = NDArray[np.uint8]
T = TypeVar("T")
Points = tuple[tuple[float, float], ...]
Box = tuple[int, int, int, int]  # x0, y0, x1, y1

# What a desk reads: application QR codes and Russian Post tracking numbers (Code 128).
# Asking for these two only makes the decoders faster and keeps 1-D readers from
# "finding" Codabar or ITF in a line of printed text.
DESK_FORMATS: tuple[str, ...] = ("QR_CODE", "CODE_128")

# Every spelling the three libraries use, keyed on the name upper-cased with everything
# but letters and digits removed ("QR Code", "QRCode", "QRCODE" -> "QRCODE").
_FORMAT_ALIASES: dict[str, str] = {
    "QRCODE": "QR_CODE", "MICROQRCODE": "MICRO_QR_CODE", "RMQRCODE": "RMQR_CODE",
    "CODE128": "CODE_128", "CODE39": "CODE_39", "CODE93": "CODE_93",
    "EAN13": "EAN_13", "EAN8": "EAN_8", "UPCA": "UPC_A", "UPCE": "UPC_E",
    "ISBN10": "ISBN_10", "ISBN13": "ISBN_13", "I25": "ITF", "ITF": "ITF",
    "CODABAR": "CODABAR", "DATAMATRIX": "DATA_MATRIX", "PDF417": "PDF_417",
    "AZTEC": "AZTEC", "MAXICODE": "MAXICODE", "DATABAR": "DATABAR",
    "DATABAREXP": "DATABAR_EXPANDED", "DATABAREXPANDED": "DATABAR_EXPANDED",
    "DATABARLIMITED": "DATABAR_LIMITED", "DATABARLTD": "DATABAR_LIMITED",
}
# Normalized name -> the name each library knows it by.
_ZXING_NAMES: dict[str, str] = {
    "QR_CODE": "QRCode", "MICRO_QR_CODE": "MicroQRCode", "RMQR_CODE": "rMQRCode",
    "CODE_128": "Code128", "CODE_39": "Code39", "CODE_93": "Code93", "EAN_13": "EAN13",
    "EAN_8": "EAN8", "UPC_A": "UPCA", "UPC_E": "UPCE", "ITF": "ITF", "CODABAR": "Codabar",
    "DATA_MATRIX": "DataMatrix", "PDF_417": "PDF417", "AZTEC": "Aztec", "MAXICODE": "MaxiCode",
    "DATABAR": "DataBar", "DATABAR_EXPANDED": "DataBarExpanded",
    "DATABAR_LIMITED": "DataBarLimited",
}
_ZBAR_NAMES: dict[str, str] = {
    "QR_CODE": "QRCODE", "CODE_128": "CODE128", "CODE_39": "CODE39", "CODE_93": "CODE93",
    "EAN_13": "EAN13", "EAN_8": "EAN8", "UPC_A": "UPCA", "UPC_E": "UPCE", "ITF": "I25",
    "CODABAR": "CODABAR", "PDF_417": "PDF417", "DATABAR": "DATABAR",
    "DATABAR_EXPANDED": "DATABAR_EXP", "ISBN_10": "ISBN10", "ISBN_13": "ISBN13",
}


def normalize_format(name: str) -> str:
    """One spelling for a format whichever library reported it ("QR Code" -> "QR_CODE")."""
    key = re.sub(r"[^A-Z0-9]", "", name.upper())
    return _FORMAT_ALIASES.get(key, key)


def _normalized(formats: Iterable[str] | None) -> frozenset[str] | None:
    return None if formats is None else frozenset(normalize_format(f) for f in formats)


@dataclass(frozen=True)
class Decoded:
    """One code found in an image.

    ``points`` is the code's corner polygon in pixels of the image that was passed to
    ``decode``, so the preview can outline it without knowing how the cascade resized or
    cropped the frame on the way.
    """

    text: str
    format: str
    decoder: str
    points: Points

    def mapped(self, scale: float, offset: tuple[float, float] = (0.0, 0.0)) -> Decoded:
        """The same code with its polygon in another image's pixels: ``p / scale + offset``
        (a polygon found on a copy resized by ``scale`` and cropped at ``offset``)."""
        dx, dy = offset
        points = tuple((x / scale + dx, y / scale + dy) for x, y in self.points)
        return Decoded(self.text, self.format, self.decoder, points)


class BarcodeDecoder(Protocol):
    """Anything that finds codes in a BGR or grayscale ``uint8`` image.

    The camera worker, the CLI and the tests depend on this, not on a library: a test can
    hand the worker a fake, and a desk without libzbar0 simply gets fewer decoders.
    """

    name: str

    def decode(self, image: Image) -> list[Decoded]: ...


@runtime_checkable
class LocatingDecoder(Protocol):
    """A decoder that also reports where it saw a code it could not read.

    The cascade retries only there (a small crop, enlarged and contrast-equalized), which
    rescues glare and defocus at no cost for the frames without any code.
    """

    name: str

    def decode_and_locate(self, image: Image) -> tuple[list[Decoded], list[Points]]: ...


class DecoderUnavailable(RuntimeError):
    """A decoder's library cannot be loaded on this machine (the message says why)."""


def _u8(array: Any) -> Image:
    """OpenCV's stubs type every result as a generic array; these are uint8 (no copy)."""
    return np.asarray(array, dtype=np.uint8)


def to_gray(image: Image) -> Image:
    """A grayscale, C-contiguous image: every decoder here works on luminance only."""
    if image.dtype != np.uint8:
        raise TypeError(f"expected a uint8 image, got {image.dtype}")
    if image.ndim == 2:
        return np.ascontiguousarray(image)
    if image.ndim == 3 and image.shape[2] == 1:
        return np.ascontiguousarray(image[:, :, 0])
    if image.ndim == 3 and image.shape[2] == 3:
        return _u8(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY))
    if image.ndim == 3 and image.shape[2] == 4:
        return _u8(cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY))
    raise ValueError(f"expected a BGR, BGRA or grayscale image, got shape {image.shape}")


def _polygon(points: Iterable[tuple[float, float]]) -> Points:
    """At most four corners: zbar reports every scan-line hit on a 1-D code, while the
    preview wants the box around them."""
    pts = [(float(x), float(y)) for x, y in points]
    if len(pts) <= 4:
        return tuple(pts)
    box = cv2.boxPoints(cv2.minAreaRect(np.asarray(pts, dtype=np.float32)))
    return tuple((float(x), float(y)) for x, y in box)


def _dedupe(found: Iterable[Decoded]) -> list[Decoded]:
    seen: set[str] = set()
    unique: list[Decoded] = []
    for code in found:
        if code.text not in seen:
            seen.add(code.text)
            unique.append(code)
    return unique


# -- zbar ------------------------------------------------------------------------------


def _load_pyzbar() -> Any:
    """Import pyzbar when a decoder is made, not when this module is: without libzbar0
    the import raises ("Unable to find zbar shared library") and the desk must still run."""
    try:
        # `import a.b`, not `from a import b`: the latter finds an already-imported
        # submodule as a package attribute and would ignore a test that hides it.
        import pyzbar.pyzbar
    except (ImportError, OSError) as error:
        raise DecoderUnavailable(str(error) or type(error).__name__) from error
    return pyzbar.pyzbar


class ZbarDecoder:
    """zbar through pyzbar: a second opinion with its own binarizer and finder."""

    name: str = "zbar"

    def __init__(self, *, formats: Iterable[str] | None = DESK_FORMATS) -> None:
        self._pyzbar = _load_pyzbar()
        wanted = _normalized(formats)
        self._symbols: list[Any] | None = None
        if wanted is not None:
            symbol = self._pyzbar.ZBarSymbol
            self._symbols = [symbol[_ZBAR_NAMES[f]] for f in sorted(wanted) if f in _ZBAR_NAMES]

    def decode(self, image: Image) -> list[Decoded]:
        if self._symbols == []:
            return []  # none of the formats asked for is one zbar reads ([] would mean all)
        # pyzbar would silently take the blue channel of a colour image.
        gray = to_gray(image)
        return _dedupe(
            Decoded(text=symbol.data.decode("utf-8", errors="replace"),
                    format=normalize_format(symbol.type), decoder=self.name,
                    points=_polygon((p.x, p.y) for p in symbol.polygon))
            for symbol in self._pyzbar.decode(gray, symbols=self._symbols)
        )


# -- zxing-cpp -------------------------------------------------------------------------


def _load_zxing() -> Any:
    try:
        import zxingcpp
    except ImportError as error:  # the wheel is self-contained: only a broken install
        raise DecoderUnavailable(str(error) or type(error).__name__) from error
    return zxingcpp


def _accepts(function: Callable[..., Any], keyword: str) -> bool:
    """Whether a pybind11 function takes ``keyword`` (its docstring holds the signature);
    lets one code path serve zxing-cpp 2.x and 3.x."""
    return f"{keyword}:" in (function.__doc__ or "")


class ZxingDecoder:
    """zxing-cpp: the fastest and the most tolerant of rotation, perspective and blur.

    ``binarizer`` is a ``zxingcpp.Binarizer`` name: "LocalAverage" (default) or
    "FixedThreshold", which reads motion-blurred codes the local one loses.
    ``try_rotate=False`` reads 1-D codes only near horizontal.
    """

    name: str = "zxing"

    def __init__(self, *, formats: Iterable[str] | None = DESK_FORMATS,
                 binarizer: str = "LocalAverage", try_downscale: bool = True,
                 try_invert: bool = False, try_rotate: bool = True) -> None:
        self._zxing = _load_zxing()
        read = self._zxing.read_barcodes
        self._wanted = _normalized(formats)
        flags = [] if binarizer == "LocalAverage" else [binarizer]
        if self._wanted is not None and self._wanted != frozenset(DESK_FORMATS):
            flags.append("/".join(sorted(self._wanted)) or "nothing")
        if not try_rotate:
            flags.append("upright")
        if not try_downscale:
            flags.append("one size")
        self.label = f"zxing[{', '.join(flags)}]" if flags else "zxing"
        self._options: dict[str, Any] = {
            "binarizer": getattr(self._zxing.Binarizer, binarizer),
            "try_downscale": try_downscale,
        }
        if _accepts(read, "try_rotate"):
            # 1-D codes only: a QR code is found at any angle either way, while looking
            # for Code 128 across the frame's columns too costs three times the rest.
            self._options["try_rotate"] = try_rotate
        if _accepts(read, "try_invert"):
            # Light-on-dark codes (a phone in dark mode, white on a black card); costs
            # next to nothing on QR codes.
            self._options["try_invert"] = try_invert
        self._can_locate = _accepts(read, "return_errors")
        if self._wanted is not None:
            names = [_ZXING_NAMES[f] for f in sorted(self._wanted) if f in _ZXING_NAMES]
            # A string works with zxing-cpp 2.x and 3.x alike; 3.x deprecates `a | b`.
            self._formats = self._zxing.barcode_formats_from_str(",".join(names)) if names else None
            self._options["formats"] = self._formats

    def decode(self, image: Image) -> list[Decoded]:
        return self._read(image, locate=False)[0]

    def decode_and_locate(self, image: Image) -> tuple[list[Decoded], list[Points]]:
        return self._read(image, locate=self._can_locate)

    def _read(self, image: Image, *, locate: bool) -> tuple[list[Decoded], list[Points]]:
        if self._wanted is not None and self._formats is None:
            return [], []  # none of the formats asked for is one zxing reads
        options = dict(self._options, return_errors=True) if locate else self._options
        found: list[Decoded] = []
        unread: list[Points] = []
        for barcode in self._zxing.read_barcodes(to_gray(image), **options):
            pos = barcode.position
            points = _polygon((p.x, p.y) for p in
                              (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left))
            if locate and not barcode.valid:
                unread.append(points)
                continue
            fmt = normalize_format(getattr(barcode.format, "name", str(barcode.format)))
            # zxing-cpp 3 treats "QRCode" as the QR family and also returns Micro QR.
            if self._wanted is None or fmt in self._wanted:
                found.append(Decoded(text=barcode.text, format=fmt, decoder=self.name,
                                     points=points))
        return _dedupe(found), unread


# -- OpenCV ----------------------------------------------------------------------------


class OpenCvDecoder:
    """OpenCV's QR detector (QR codes only), the ArUco-based one when OpenCV has it:
    it is 4× faster than the classic one on frames without a code and reads more.

    Not thread-safe (the detector keeps state): one instance per thread.
    """

    name: str = "opencv"

    def __init__(self, *, formats: Iterable[str] | None = DESK_FORMATS,
                 aruco: bool | None = None) -> None:
        wanted = _normalized(formats)
        self._reads_qr = wanted is None or "QR_CODE" in wanted
        self.aruco = hasattr(cv2, "QRCodeDetectorAruco") if aruco is None else aruco
        self._detector: Any = cv2.QRCodeDetectorAruco() if self.aruco else cv2.QRCodeDetector()

    def decode(self, image: Image) -> list[Decoded]:
        if not self._reads_qr:
            return []
        try:
            ok, texts, corners, _ = self._detector.detectAndDecodeMulti(to_gray(image))
        except cv2.error:
            # The detector asserts on some degenerate quadrilaterals instead of answering
            # "not found"; for a camera loop that is simply no code in this frame.
            return []
        if not ok or corners is None:
            return []
        return _dedupe(
            Decoded(text=text, format="QR_CODE", decoder=self.name,
                    points=_polygon((x, y) for x, y in quad))
            for text, quad in zip(texts, corners, strict=False) if text
        )


WECHAT_MAX_SIDE = 1280


class WeChatDecoder:
    """OpenCV's port of WeChat's QR reader (opencv-contrib's ``wechat_qrcode``), here
    without its neural detector and super-resolution models (they are not in the wheel):
    its own finder, a hybrid binarizer and a decoder that still corrects errors where
    zxing and zbar give up: torn and stained codes, phone screens' moiré. QR codes only;
    40–300 ms on a 720p frame, so it is the cascade's last resort.

    Not thread-safe (the reader keeps state): one instance per thread.
    """

    name: str = "wechat"

    def __init__(self, *, formats: Iterable[str] | None = DESK_FORMATS,
                 max_side: int = WECHAT_MAX_SIDE) -> None:
        wanted = _normalized(formats)
        self._reads_qr = wanted is None or "QR_CODE" in wanted
        self.max_side = max_side
        self._reader: Any = _load_wechat()()

    def decode(self, image: Image) -> list[Decoded]:
        if not self._reads_qr:
            return []
        gray = to_gray(image)
        # Its cost grows with the picture (seconds on a 300 dpi page): a larger one is
        # read at a webcam frame's size, where a printed code still has modules of 2 px.
        scale = min(1.0, self.max_side / max(gray.shape[:2]))
        if scale < 1.0:
            gray = _u8(cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA))
        try:
            texts, corners = self._reader.detectAndDecode(gray)
        except cv2.error:
            return []
        return _dedupe(
            Decoded(text=text, format="QR_CODE", decoder=self.name,
                    points=_polygon((float(x) / scale, float(y) / scale) for x, y in quad))
            for text, quad in zip(texts, corners, strict=False) if text
        )


def _load_wechat() -> Any:
    reader = getattr(getattr(cv2, "wechat_qrcode", None), "WeChatQRCode", None)
    if reader is None:  # opencv-python-headless instead of the contrib wheel
        raise DecoderUnavailable("OpenCV без модуля wechat_qrcode")
    return reader


# -- what works here -------------------------------------------------------------------

_LIBRARY_NAMES = {"zbar": "zbar", "zxing": "zxing-cpp", "opencv": "OpenCV",
                  "wechat": "WeChat QR (opencv-contrib)"}


def _problem(name: str) -> str | None:
    """Why decoder ``name`` cannot work here, or None when it can.

    Asked on every call rather than fixed at import, so a desk where libzbar0 was
    installed meanwhile (or a test hiding pyzbar) gets the right answer.
    """
    try:
        if name == "zbar":
            _load_pyzbar()
        elif name == "zxing":
            _load_zxing()
        elif name == "wechat":
            _load_wechat()
    except DecoderUnavailable as error:
        return str(error)
    return None


def _working() -> list[str]:
    return [name for name in ("zxing", "zbar", "opencv", "wechat") if _problem(name) is None]


def available_decoders(*, formats: Iterable[str] | None = DESK_FORMATS
                       ) -> list[BarcodeDecoder]:
    """A fresh instance of every decoder that works on this machine, best first."""
    makers: dict[str, Callable[..., BarcodeDecoder]] = {
        "zxing": ZxingDecoder, "zbar": ZbarDecoder, "opencv": OpenCvDecoder,
        "wechat": WeChatDecoder}
    kept = None if formats is None else tuple(formats)
    return [makers[name](formats=kept) for name in _working()]


def missing_decoders() -> list[str]:
    """One sentence per decoder that does not work here, for the start-up notice, the
    self-test and ``operator-app decode``; empty when everything works."""
    working = _working()
    # What default_cascade() falls back on: zxing-cpp when it works, else the rest.
    used = ["zxing"] if "zxing" in working else [n for n in working if n != "wechat"]
    names = [_LIBRARY_NAMES[n] for n in used]
    instead = (t("{first} и {second}", first=", ".join(names[:-1]), second=names[-1])
               if len(names) > 1 else "".join(names))
    verb = t("используются") if len(used) > 1 else t("используется")
    sentences = []
    if "zbar" not in working:
        sentences.append(t("libzbar0 не установлен: zbar недоступен, {verb} {instead} "
                           "(установите пакет libzbar0, чтобы читать больше трудных кадров).",
                           verb=verb, instead=instead))
    if "zxing" not in working:
        sentences.append(t("Пакет zxing-cpp не установлен или повреждён: zxing недоступен, "
                           "{verb} {instead} (переустановите программу).",
                           verb=verb, instead=instead))
    if "wechat" not in working:
        sentences.append(t("OpenCV установлен без модуля wechat_qrcode: повреждённые QR-коды "
                           "читаются хуже (переустановите программу: нужен пакет "
                           "opencv-contrib-python-headless)."))
    return sentences


# -- the cascade -----------------------------------------------------------------------


@dataclass(frozen=True)
class Preprocess:
    """How a grayscale image is prepared before a decoder looks at it, in this order:
    resize by ``scale`` (area-averaging down, cubic up) or, for a crop, to ``fit`` pixels
    on its longer side (Lanczos, at most ×4: codes with modules of 1.5–2.5 px), Gaussian
    blur of ``blur`` pixels (removes a phone screen's sub-pixel pattern), ``flat``: divide
    by the smoothed picture and stretch (uneven light, a glare spot, grey ink on grey
    paper), ``norm``: each pixel's distance from its neighbourhood's mean in units of the
    neighbourhood's spread, the neighbourhood a square ``norm`` of the longer side wide
    (local contrast normalization: grey ink at the edge of a glare spot), CLAHE with clip
    limit ``clahe``."""

    scale: float = 1.0
    blur: float = 0.0
    clahe: float = 0.0
    fit: int = 0
    flat: bool = False
    norm: float = 0.0

    @property
    def label(self) -> str:
        parts = []
        if self.scale != 1.0:
            parts.append(f"×{self.scale:g}")
        if self.fit:
            parts.append(f"to {self.fit} px")
        if self.blur:
            parts.append(f"blur {self.blur:g}")
        if self.flat:
            parts.append("flat-field")
        if self.norm:
            parts.append(f"normalized {self.norm:g}")
        if self.clahe:
            parts.append(f"CLAHE {self.clahe:g}")
        return ", ".join(parts) or "as is"

    def scale_for(self, width: int, height: int) -> float:
        """The resize factor for an image of this size."""
        if not self.fit:
            return self.scale
        return min(MAX_FIT_SCALE, max(1.0, self.fit / max(width, height)))


# A crop is enlarged at most this much to reach ``Preprocess.fit``.
MAX_FIT_SCALE = 4.0


@dataclass(frozen=True)
class Attempt:
    """One decoder on one preparation, either of the whole frame or (``regions=True``) of
    crops around codes that earlier attempts located but could not read."""

    decoder: BarcodeDecoder
    preprocess: Preprocess = field(default_factory=Preprocess)
    regions: bool = False
    # for stills and files only, never in the camera loop (FramePolicy): too slow there
    stills_only: bool = False

    @property
    def label(self) -> str:
        where = "regions, " if self.regions else ""
        name = getattr(self.decoder, "label", self.decoder.name)
        return f"{name}({where}{self.preprocess.label})"


# A region is the located polygon's bounding box grown by this fraction of its longer
# side on every side: a candidate is often one finder pattern, or a glare-split half.
REGION_MARGIN = 0.6
MAX_REGIONS = 3


class Cascade:
    """Attempts in order until one finds a code; satisfies ``BarcodeDecoder`` itself.

    It stops at the first attempt that finds anything: the later attempts rescue hard
    frames. ``decode`` runs every attempt a frame needs (stills and files);
    ``first_pass`` and ``rescue`` split that in two for ``FramePolicy``, which runs the
    rescue steps on a camera frame only when they have a reason to.

    Not thread-safe (OpenCV's CLAHE and QR detector keep buffers): one per thread.
    """

    name: str = "cascade"

    def __init__(self, attempts: Sequence[Attempt]) -> None:
        if not attempts:
            raise ValueError("a cascade needs at least one attempt")
        self.attempts: tuple[Attempt, ...] = tuple(attempts)
        self._clahe: dict[float, Any] = {}
        self._locate_until = max(
            (i for i, a in enumerate(self.attempts) if a.regions), default=-1)
        # The first pass: the whole-frame attempts before the first region attempt (they
        # locate its crops), or the first attempt alone in a cascade without any.
        self.first_count = max(1, next(
            (i for i, a in enumerate(self.attempts) if a.regions), 1))

    def __repr__(self) -> str:
        return f"Cascade({' → '.join(a.label for a in self.attempts)})"

    def decode(self, image: Image) -> list[Decoded]:
        gray = to_gray(image)
        found, regions = self.first_pass(gray)
        return found or self.rescue(gray, regions)

    def first_pass(self, image: Image) -> tuple[list[Decoded], list[Box]]:
        """The whole-frame attempts before the first region attempt (the first attempt
        alone if there is none): the codes they read, or the regions where they saw codes
        they could not read (the rescue's crops)."""
        gray = to_gray(image)
        regions: list[Box] = []
        return self._run(gray, self.attempts[:self.first_count], regions, 0), regions

    def rescue(self, image: Image, regions: list[Box], *, camera: bool = False
               ) -> list[Decoded]:
        """The attempts after the first pass; ``regions`` as ``first_pass`` returned them.
        For a camera frame (``camera=True``) the stills-only attempts are left out."""
        gray = to_gray(image)
        attempts = self.attempts[self.first_count:]
        if camera:
            attempts = tuple(a for a in attempts if not a.stills_only)
        return self._run(gray, attempts, list(regions), self.first_count)

    def _run(self, gray: Image, attempts: Sequence[Attempt], regions: list[Box],
             first_index: int) -> list[Decoded]:
        prepared: dict[Preprocess, Image] = {}
        for index, attempt in enumerate(attempts, start=first_index):
            pre = attempt.preprocess
            if attempt.regions:
                for x0, y0, x1, y1 in regions:
                    scale = pre.scale_for(x1 - x0, y1 - y0)
                    crop = self._prepare(np.ascontiguousarray(gray[y0:y1, x0:x1]), pre, scale)
                    found = attempt.decoder.decode(crop)
                    if found:
                        return _dedupe(c.mapped(scale, (x0, y0)) for c in found)
                continue
            if pre not in prepared:
                prepared[pre] = self._prepare(gray, pre, pre.scale)
            decoder = attempt.decoder
            if index < self._locate_until and isinstance(decoder, LocatingDecoder):
                found, unread = decoder.decode_and_locate(prepared[pre])
                regions[:] = _regions(regions, [_scaled(p, pre.scale) for p in unread],
                                      gray.shape[1], gray.shape[0])
            else:
                found = decoder.decode(prepared[pre])
            if found:
                return _dedupe(c.mapped(pre.scale) if pre.scale != 1.0 else c for c in found)
        return []

    def _prepare(self, gray: Image, pre: Preprocess, scale: float) -> Image:
        out = gray
        if scale != 1.0:
            interpolation = (cv2.INTER_AREA if scale < 1 else
                             cv2.INTER_LANCZOS4 if pre.fit else cv2.INTER_CUBIC)
            out = _u8(cv2.resize(out, None, fx=scale, fy=scale, interpolation=interpolation))
        if pre.blur:
            out = _u8(cv2.GaussianBlur(out, (0, 0), pre.blur))
        if pre.flat:
            out = _flattened(out)
        if pre.norm:
            out = _normalized_locally(out, pre.norm)
        if pre.clahe:
            if pre.clahe not in self._clahe:
                self._clahe[pre.clahe] = cv2.createCLAHE(clipLimit=pre.clahe,
                                                         tileGridSize=(8, 8))
            out = _u8(self._clahe[pre.clahe].apply(out))
        return out


def _flattened(gray: Image) -> Image:
    """The picture divided by its own light (a blur a sixth of its size wide), stretched
    to the full range: evens out a gradient or a glare spot so that grey ink on grey
    paper has one threshold everywhere."""
    height, width = gray.shape
    shrink = max(1, max(height, width) // 64)  # the light is smooth: blur a small copy
    small = cv2.resize(gray, (max(1, width // shrink), max(1, height // shrink)),
                       interpolation=cv2.INTER_AREA)
    smooth = cv2.GaussianBlur(np.asarray(small, dtype=np.float32), (0, 0), max(small.shape) / 6)
    light = np.asarray(cv2.resize(smooth, (width, height), interpolation=cv2.INTER_LINEAR),
                       dtype=np.float32)
    ratio = gray.astype(np.float32) / np.maximum(light, 1.0)
    return _u8(cv2.normalize(ratio, None, 0, 255, cv2.NORM_MINMAX))


def _normalized_locally(gray: Image, fraction: float) -> Image:
    """Local contrast normalization: ``(pixel − local mean) / local spread``, over a box
    ``fraction`` of the longer side wide, mapped to 128 ± 50 per spread. Ink 20 grey
    levels below paper reads as well as ink 120 below, wherever a glare spot or a stain
    has moved the paper's level; the floor on the spread keeps flat paper flat."""
    side = max(3, int(max(gray.shape) * fraction)) | 1
    values = gray.astype(np.float32)
    mean = cv2.blur(values, (side, side))
    spread = cv2.blur(values * values, (side, side)) - mean * mean
    out = 128.0 + 50.0 * (values - mean) / np.sqrt(np.maximum(spread, 4.0))
    return _u8(np.clip(out, 0, 255))


def _scaled(points: Points, scale: float) -> Points:
    return tuple((x / scale, y / scale) for x, y in points)


def _regions(regions: list[Box], polygons: Iterable[Points], width: int, height: int
             ) -> list[Box]:
    """Grow each located polygon into a crop, merge overlapping crops, keep the largest
    few. A crop covering most of the frame is dropped: whole-frame attempts cover it."""
    boxes = list(regions)
    for polygon in polygons:
        xs = [x for x, _ in polygon]
        ys = [y for _, y in polygon]
        margin = REGION_MARGIN * max(max(xs) - min(xs), max(ys) - min(ys)) + 8
        boxes.append((max(0, int(min(xs) - margin)), max(0, int(min(ys) - margin)),
                      min(width, int(max(xs) + margin) + 1),
                      min(height, int(max(ys) + margin) + 1)))
    merged: list[Box] = []
    for box in sorted(boxes, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]), reverse=True):
        for i, other in enumerate(merged):
            if box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]:
                merged[i] = (min(box[0], other[0]), min(box[1], other[1]),
                             max(box[2], other[2]), max(box[3], other[3]))
                break
        else:
            merged.append(box)
    usable = [b for b in merged
              if b[2] - b[0] >= 16 and b[3] - b[1] >= 16
              and (b[2] - b[0]) * (b[3] - b[1]) <= 0.5 * width * height]
    return usable[:MAX_REGIONS]


def default_cascade(*, formats: Iterable[str] | None = DESK_FORMATS) -> Cascade:
    """The cascade the desk uses, built from the decoders that work here (a new one per
    thread). With everything installed, in order:

    the first pass (every camera frame, 3–5 ms):
    1. zxing on QR codes as is, light-on-dark ones too: reads most frames, and locates
       codes it cannot read;
    2. zxing on 1-D codes near horizontal;
    3. zxing with the fixed-threshold binarizer on QR codes (motion blur; it also locates
       the tiny codes the first one misses);
    the rescue (stills always; camera frames when ``FramePolicy`` lets it):
    4. zxing, then 5. zbar, on CLAHE-equalized crops around located codes (×2 for zxing);
    6. zxing with the fixed threshold, then 7. zbar, on those crops enlarged to 400 px
       (tiny and damaged codes);
    8. zxing, then 9. zbar, on those crops ×2 normalized to their local contrast (grey
       ink at the edge of a glare spot, stains), 10. zxing on them normalized over a
       smaller neighbourhood;
    11. zxing on 1-D codes at any angle (a tracking label held upright);
    12. zxing on a ×0.5 downscale blurred by σ 0.7 (phone screens);
    13. zxing with the global-histogram binarizer on QR codes (dim phone screens, 0.5 ms);
    14. zxing on the whole frame normalized to its local contrast (grey codes under
        glare that nothing located);
    15. zxing with the fixed threshold on 1-D codes at any angle (motion blur);
    16. zbar on a ×0.5 downscale (glare);
    17. zxing with the fixed threshold on QR codes, the frame enlarged ×2 (tiny codes
        the first pass did not locate);
    18. zbar on QR codes on the frame as is, then 19. normalized as in 14 (torn and
        stained codes zxing does not locate);
    20. zxing ×2, CLAHE 2 on crops around codes the whole-frame rescue steps located;
    21. WeChat's reader on the crops around located codes (at most 640 px), then 22. for
        stills only on the whole frame (torn, stained codes, phone screens' moiré;
        0.2–0.3 s on a 720p desk, seconds on a fine texture, so last and never on the
        camera).

    The order puts the cheap and likely first; the module docstring has the figures.
    Without zxing-cpp (a broken install) it is zbar, then OpenCV.
    """
    kept = None if formats is None else tuple(formats)
    wanted = _normalized(kept)
    working = _working()
    attempts: list[Attempt] = []
    zbar = ZbarDecoder(formats=kept) if "zbar" in working else None
    if "zxing" in working:
        zxing = ZxingDecoder(formats=kept, try_invert=True)
        qr_only = ("QR_CODE",) if wanted is None or "QR_CODE" in wanted else ()
        rest = None if wanted is None else tuple(sorted(wanted - {"QR_CODE"}))
        # Three calls rather than one: the search for light-on-dark symbols is cheap for
        # QR codes alone but doubles the 1-D search on a cluttered desk.
        if qr_only:
            attempts.append(Attempt(ZxingDecoder(formats=qr_only, try_invert=True)))
        if rest != ():
            # zxing's downscaled copies find nothing more of a 1-D code (30 % of its cost)
            attempts.append(Attempt(ZxingDecoder(formats=rest, try_rotate=False,
                                                 try_downscale=False)))
        fixed_qr = ZxingDecoder(formats=qr_only, binarizer="FixedThreshold")
        if qr_only:
            attempts.append(Attempt(fixed_qr))
        attempts.append(Attempt(zxing, Preprocess(scale=2.0, clahe=2.0), regions=True))
        if zbar is not None:
            attempts.append(Attempt(zbar, Preprocess(clahe=2.0), regions=True))
        if qr_only:
            attempts.append(Attempt(fixed_qr, Preprocess(fit=400), regions=True))
        if zbar is not None:
            attempts.append(Attempt(zbar, Preprocess(fit=400), regions=True))
        # grey ink under a glare spot or a stain: the crop normalized to its local contrast
        normalized = Preprocess(scale=2.0, norm=0.05)
        attempts.append(Attempt(zxing, normalized, regions=True))
        if zbar is not None:
            attempts.append(Attempt(zbar, normalized, regions=True))
        # a smaller neighbourhood: a crop of a tiny or a scratched code, a smaller spot
        attempts.append(Attempt(zxing, Preprocess(scale=2.0, norm=0.03), regions=True))
        if rest != ():
            attempts.append(Attempt(ZxingDecoder(formats=rest)))
        attempts.append(Attempt(zxing, Preprocess(scale=0.5, blur=0.7)))
        if qr_only:
            # one threshold for the whole frame: a dim phone screen, 0.5 ms
            attempts.append(Attempt(ZxingDecoder(formats=qr_only, binarizer="GlobalHistogram",
                                                 try_invert=True)))
        # the whole frame normalized to its local contrast (a 25 px neighbourhood on a
        # 720p frame): grey codes under glare that no step located
        frame_normalized = Preprocess(norm=0.02)
        attempts.append(Attempt(zxing, frame_normalized))
        if rest != ():
            attempts.append(Attempt(ZxingDecoder(formats=rest, binarizer="FixedThreshold")))
        if zbar is not None:
            attempts.append(Attempt(zbar, Preprocess(scale=0.5)))
        if qr_only:
            # tiny codes the first pass did not even locate: the frame enlarged ×2
            attempts.append(Attempt(ZxingDecoder(formats=qr_only, binarizer="FixedThreshold",
                                                 try_downscale=False, try_invert=True),
                                    Preprocess(scale=2.0)))
        zbar_qr = ZbarDecoder(formats=qr_only) if zbar is not None and qr_only else None
        if zbar_qr is not None:
            # zbar's own finder on the whole frame: damaged codes zxing does not locate
            # (QR only: on a page of text zbar's 1-D reader can "find" an empty Code 128)
            attempts.append(Attempt(zbar_qr))
            attempts.append(Attempt(zbar_qr, frame_normalized))
        # Last, the crops again: around codes that the whole-frame rescue steps located
        # (a Code 128 label at an angle, a code seen only normalized or enlarged). Being
        # the last region step, it makes every zxing step before it report locations.
        attempts.append(Attempt(zxing, Preprocess(scale=2.0, clahe=2.0), regions=True))
        if "wechat" in working and qr_only:
            # its own finder and error correction: torn and stained codes, moiré that
            # every step above left (the slowest steps by far, so the last): on the crops
            # around located codes, at most 640 px (the camera's last resort), then for
            # stills on the whole frame (0.2–0.3 s on a desk, seconds on a fine texture:
            # never in the camera loop)
            attempts.append(Attempt(WeChatDecoder(formats=qr_only, max_side=640),
                                    regions=True))
            attempts.append(Attempt(WeChatDecoder(formats=qr_only), stills_only=True))
    else:
        # A broken install: the other two alone, best single rate first.
        if zbar is not None:
            attempts.append(Attempt(zbar))
        attempts.append(Attempt(OpenCvDecoder(formats=kept)))
    return Cascade(attempts)


# -- the camera: what runs on each frame -----------------------------------------------

# The picture "changed" when a cell of a THUMB_SIZE thumbnail moved by more than this
# many grey levels (after the frame's overall brightness change is taken out): a sheet
# or a phone coming into view, not sensor noise or a hand's tremor.
THUMB_SIZE = (32, 18)
CHANGE_LEVEL = 16.0


class FramePolicy:
    """What the camera worker runs on each frame: a ``Cascade``'s first pass always, its
    rescue steps only when they have a reason to run. Satisfies ``BarcodeDecoder``.

    A desk camera shows no code most of the time, and a frame without a code runs every
    rescue step in vain (25–40 ms now, more than a core at 30 frames a second). So the rescue
    runs when the first pass located a code it could not read, or when the picture has
    changed since the rescue last ran (something new came into view); a steady scene
    with nothing readable costs the first pass alone. Stills and files do not go through
    this: ``decode_still`` runs the whole cascade.

    ``rescues`` counts the frames that ran the rescue steps. One per thread.
    """

    name: str = "camera"

    def __init__(self, cascade: Cascade, *, change_level: float = CHANGE_LEVEL) -> None:
        self.cascade = cascade
        self.change_level = change_level
        self.rescues = 0
        # where the last frame showed a code nothing could read (for ``unread_hint``)
        self.unread: list[Box] = []
        self._reference: NDArray[np.float32] | None = None

    def __repr__(self) -> str:
        return f"FramePolicy({self.cascade!r})"

    def decode(self, image: Image) -> list[Decoded]:
        gray = to_gray(image)
        found, regions = self.cascade.first_pass(gray)
        self.unread = []
        if found:
            return found
        thumb = _thumbnail(gray)
        if not regions and not self._changed(thumb):
            return []
        self._reference = thumb
        self.rescues += 1
        found = self.cascade.rescue(gray, regions, camera=True)
        if not found:
            self.unread = regions
        return found

    def _changed(self, thumb: NDArray[np.float32]) -> bool:
        if self._reference is None or self._reference.shape != thumb.shape:
            return True
        difference = thumb - self._reference
        difference -= float(np.median(difference))  # the camera's exposure, not the scene
        return float(np.abs(difference).max()) > self.change_level


# What the clerk can do about a code the camera sees but cannot read, from the crop around
# it: glare (a saturated spot over the code: the commonest cause on a desk under a lamp,
# and beyond any decoder once the modules are washed out), too small, or else hold it
# still and straight (blur, tilt and a bent sheet look alike in a crop).
# (Russian, as the core speaks; the view shows them through messages.t)
UNREAD_GLARE = N_("Код виден, но на нём блик: наклоните лист или телефон либо отодвиньте "
                  "его от лампы.")
UNREAD_SMALL = N_("Код виден, но слишком мелкий: поднесите его ближе к камере.")
UNREAD_OTHER = N_("Код виден, но не читается: держите его неподвижно, ровно и целиком "
                  "в кадре.")
HINT_GLARE_LEVEL = 235      # a pixel this bright over a code is washed out,
HINT_GLARE_OVER_PAPER = 25  # when it is also this much above the paper round the code
HINT_GLARE_SHARE = 0.02     # of the crop
HINT_SMALL_SIDE = 110       # px: the crop of a code of about 70 px, in a 720p frame


def unread_hint(image: Image, boxes: Sequence[Box]) -> str:
    """One sentence for the clerk about the largest of ``boxes`` (crops around codes the
    camera located and could not read, ``FramePolicy.unread``); "" when there are none."""
    if not boxes:
        return ""
    gray = to_gray(image)
    x0, y0, x1, y1 = max(boxes, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
    crop = gray[y0:y1, x0:x1]
    if crop.size == 0:
        return ""
    paper = float(np.percentile(crop, 75))  # a code is about half paper, half ink
    washed = max(HINT_GLARE_LEVEL, paper + HINT_GLARE_OVER_PAPER)
    if float(np.count_nonzero(crop >= washed)) / crop.size > HINT_GLARE_SHARE:
        return UNREAD_GLARE
    if max(x1 - x0, y1 - y0) < HINT_SMALL_SIDE:
        return UNREAD_SMALL
    return UNREAD_OTHER


def _thumbnail(gray: Image) -> NDArray[np.float32]:
    return np.asarray(cv2.resize(gray, THUMB_SIZE, interpolation=cv2.INTER_AREA),
                      dtype=np.float32)


def camera_decoder(decoder: BarcodeDecoder) -> BarcodeDecoder:
    """What the camera worker runs for ``decoder``: a ``Cascade`` behind a
    ``FramePolicy``, anything else (a test's fake, a single decoder) as it is."""
    return FramePolicy(decoder) if isinstance(decoder, Cascade) else decoder


# -- still images and files ------------------------------------------------------------

# Stills are first decoded shrunk to at most this long side, where a 4000×3000 photo
# costs about what a webcam frame does, then at full size if nothing was found.
STILL_MAX_SIDE = 2000
# PDF pages are rendered at PDF_DPI; a page where nothing is found is rendered again at
# PDF_RETRY_DPI. Points of codes on PDF pages are in pixels of the PDF_DPI rendering.
PDF_DPI = 150
PDF_RETRY_DPI = 300

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".jpe", ".bmp", ".dib", ".webp",
                            ".tif", ".tiff"})
FileKind = Literal["image", "pdf"]


class UnreadableFile(FileRefused):
    """The file cannot be decoded; the message is meant for the clerk, in the desk's language.

    ``reason`` is one of ``safe_files.FileRefused``'s: "missing", "not_a_file", "empty",
    "too_large", "unsupported", "damaged", "encrypted", "unreadable", "timeout", "crashed".
    """


@dataclass(frozen=True)
class FileDecodeResult:
    """What ``decode_file`` found: ``codes`` pairs a 1-based page number (1 for an image)
    with a code; points are in pixels of the image, or of the page at ``PDF_DPI``."""

    path: Path
    kind: FileKind
    page_count: int
    codes: tuple[tuple[int, Decoded], ...]
    pages_read: int | None = None  # None: every page; fewer for a PDF over MAX_PDF_PAGES

    @property
    def texts(self) -> list[str]:
        """Each distinct text once, in page order."""
        return list(dict.fromkeys(code.text for _, code in self.codes))

    @property
    def note(self) -> str | None:
        """A sentence for the clerk when not every page was read, None otherwise."""
        if self.pages_read is None or self.pages_read >= self.page_count:
            return None
        return t("Прочитаны первые {read} страниц из {count} файла {name}.",
                 read=self.pages_read, count=self.page_count, name=self.path.name)


def decode_still(image: Image, *, cascade: BarcodeDecoder | None = None) -> list[Decoded]:
    """Codes in a photo, scan or rendered page of any size; points in its own pixels.

    A big image is first shrunk by a whole factor to at most ``STILL_MAX_SIDE``, in
    grayscale (OpenCV's area resize has a fast path for whole factors: 0.7 ms for a
    4000×3000 photo, against 7 ms for ×0.4 and 20–30 ms in colour), then decoded at full
    size if nothing was found.
    """
    decoder = cascade if cascade is not None else default_cascade()
    gray = to_gray(image)
    height, width = gray.shape
    factor = math.ceil(max(height, width) / STILL_MAX_SIDE)
    if factor > 1:
        small = _u8(cv2.resize(gray, (width // factor, height // factor),
                               interpolation=cv2.INTER_AREA))
        found = decoder.decode(small)
        if found:
            return [code.mapped(small.shape[1] / width) for code in found]
    return decoder.decode(gray)


@contextmanager
def _as_unreadable() -> Iterator[None]:
    """``safe_files`` refuses with its own class; callers of this module catch this one."""
    try:
        yield
    except UnreadableFile:
        raise
    except FileRefused as error:
        raise UnreadableFile(error.path, error.reason, error.message) from None


def _read_bytes(path: Path) -> bytes:
    with _as_unreadable():
        return read_file(path)


def _sniff(data: bytes) -> str | None:
    """The format by its first bytes, so a misnamed file still opens."""
    if data.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"BM", b"II*\x00", b"MM\x00*")):
        return "image"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image"
    return None


def _kind(path: Path, data: bytes) -> FileKind:
    sniffed = _sniff(data)
    if sniffed == "pdf":
        return "pdf"
    if sniffed == "image":
        return "image"
    suffix = path.suffix.lower()
    if suffix in IMAGE_SUFFIXES or suffix == ".pdf":
        raise UnreadableFile(path, "damaged", t("Файл повреждён или пуст, прочитать его "
                                                "нельзя: {name}", name=path.name))
    raise UnreadableFile(path, "unsupported",
                         t("Формат файла {name} не поддерживается: нужны PNG, JPEG, BMP, WebP, "
                           "TIFF или PDF.", name=path.name))


def _decode_image_bytes(path: Path, data: bytes) -> Image:
    # Refused from the header before OpenCV allocates what the header asks for.
    with _as_unreadable():
        check_image_header(data, path)
    # imdecode of the bytes, not imread(path): imread cannot open non-ASCII paths on Windows.
    buffer = np.frombuffer(data, dtype=np.uint8)
    try:
        decoded: Any = cv2.imdecode(buffer, cv2.IMREAD_UNCHANGED)
    except cv2.error:
        decoded = None
    if decoded is None or decoded.size == 0:
        raise UnreadableFile(path, "damaged", damaged_image(path.name))
    if decoded.dtype == np.uint16:  # 16-bit PNG or TIFF from a scanner
        decoded = decoded >> 8
    elif decoded.dtype != np.uint8:  # a float or 32-bit TIFF: stretch to 0..255
        low, high = float(decoded.min()), float(decoded.max())
        decoded = (decoded - low) * (255.0 / ((high - low) or 1.0))
    image = _u8(decoded)
    if image.ndim == 3 and image.shape[2] == 4:
        # A screenshot with transparency: the code's background is often alpha 0 over
        # black, so flatten onto white as a viewer shows it, or it reads black on black.
        alpha = image[:, :, 3:4].astype(np.float32) / 255.0
        image = (image[:, :, :3] * alpha + 255.0 * (1.0 - alpha)).astype(np.uint8)
    return image


def decode_image_file(path: str | Path, *, cascade: BarcodeDecoder | None = None
                      ) -> list[Decoded]:
    """Codes in a PNG, JPEG, BMP, WebP or TIFF file; raises ``UnreadableFile``.

    Without ``cascade`` the file is decoded in a child process, as ``decode_file`` does.
    """
    path = Path(path)
    if cascade is None:
        return _isolated(_decode_image_file, path)
    return _decode_image_file(path, cascade)


def _decode_image_file(path: Path, cascade: BarcodeDecoder | None = None) -> list[Decoded]:
    data = _read_bytes(path)
    if _kind(path, data) != "image":
        raise UnreadableFile(path, "unsupported",
                             t("Это PDF, а не изображение: {name}", name=path.name))
    return decode_still(_decode_image_bytes(path, data), cascade=cascade)


def decode_pdf(path: str | Path, *, cascade: BarcodeDecoder | None = None
               ) -> list[tuple[int, Decoded]]:
    """Codes on the pages of a PDF (at most ``MAX_PDF_PAGES``) as (1-based page, code)."""
    return list(decode_file(path, cascade=cascade).codes)


def decode_file(path: str | Path, *, cascade: BarcodeDecoder | None = None
                ) -> FileDecodeResult:
    """Codes in an image or PDF file, whatever its name says; raises ``UnreadableFile``
    for a missing, unsupported, damaged, oversized or password-protected file.

    The file comes from outside, so by default it is read and decoded in a child process
    within ``safe_files``' limits: a crash or a runaway decoder there is an
    ``UnreadableFile`` for this file, not the end of the desk. With ``cascade`` (a bench,
    a test's decoder) it is decoded here, with the same limits on bytes, pixels and pages
    but without the process around it. Of a PDF the first ``MAX_PDF_PAGES`` pages are read
    (``FileDecodeResult.note`` says so).

    Slow for a long PDF (each page is rendered): call it off the GUI thread.
    """
    path = Path(path)
    if cascade is None:
        return _isolated(_decode_file, path)
    return _decode_file(path, cascade)


def _isolated(function: Callable[[Path], T], path: Path) -> T:
    return run_isolated(function, path, path=path,
                        refuse=lambda reason, message: UnreadableFile(path, reason, message))


def _decode_file(path: Path, cascade: BarcodeDecoder | None = None) -> FileDecodeResult:
    data = _read_bytes(path)
    decoder = cascade if cascade is not None else default_cascade()
    if _kind(path, data) == "image":
        image = _decode_image_bytes(path, data)
        codes = tuple((1, code) for code in decode_still(image, cascade=decoder))
        return FileDecodeResult(path, "image", 1, codes)
    return _decode_pdf_bytes(path, data, decoder)


def _decode_pdf_bytes(path: Path, data: bytes, decoder: BarcodeDecoder) -> FileDecodeResult:
    import pypdfium2  # only here: rendering PDFs is not needed to start the desk

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        if "password" in str(error).lower():
            raise UnreadableFile(path, "encrypted",
                                 t("PDF защищён паролем, прочитать его нельзя: {name}",
                                   name=path.name)) from None
        raise UnreadableFile(path, "damaged",
                             t("PDF повреждён, прочитать его нельзя: {name}", name=path.name)
                             ) from None
    codes: list[tuple[int, Decoded]] = []
    try:
        page_count = len(document)
        if page_count == 0:
            raise UnreadableFile(path, "damaged", t("В PDF {name} нет ни одной страницы.",
                                                    name=path.name))
        pages_read = min(page_count, MAX_PDF_PAGES)
        for index in range(pages_read):
            page = None
            try:
                # Loading a page walks the page tree: a tree that refers to itself fails here.
                page = document[index]
                found = _decode_page(page, decoder)
            except pypdfium2.PdfiumError:
                raise UnreadableFile(path, "damaged", t("Страница {page} файла {name} "
                                                        "повреждена, прочитать её нельзя.",
                                                        page=index + 1, name=path.name)
                                     ) from None
            finally:
                if page is not None:
                    page.close()
            codes.extend((index + 1, code) for code in found)
    finally:
        document.close()
    return FileDecodeResult(path, "pdf", page_count, tuple(codes),
                            pages_read=pages_read if pages_read < page_count else None)


def _decode_page(page: Any, decoder: BarcodeDecoder) -> list[Decoded]:
    """Codes on a page, their points in pixels of the page at ``PDF_DPI``. A page too big
    to render at ``PDF_DPI`` within ``PDF_MAX_RENDER_PIXELS`` is rendered smaller, and not
    again at ``PDF_RETRY_DPI`` when that would be no larger."""
    width_pt, height_pt = page.get_size()
    nominal = PDF_DPI / 72
    scale = render_scale(width_pt, height_pt, PDF_DPI)
    found = decode_still(_render(page, scale), cascade=decoder)
    if not found:
        retry = render_scale(width_pt, height_pt, PDF_RETRY_DPI)
        if retry > scale * 1.01:
            scale = retry
            found = decode_still(_render(page, scale), cascade=decoder)
    return [code.mapped(scale / nominal) for code in found] if scale != nominal else found


def _render(page: Any, scale: float) -> Image:
    """A page in grayscale on white (pdfium fills the background; Qt's renderer would not),
    at ``scale`` pixels per point."""
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        pixels = bitmap.to_numpy()
        gray = pixels if pixels.ndim == 2 else to_gray(pixels)
        return np.array(gray, dtype=np.uint8, copy=True)  # the bitmap's buffer is freed below
    finally:
        bitmap.close()
