"""The quality gate through the real OpenCV and pdfium paths, on generated documents.

``passport_page`` and ``on_desk`` are also how the thresholds in
``operator_app/scanning/quality.py`` were calibrated.
"""

from __future__ import annotations

import io
import resource
import struct
import time
import tracemalloc
import zlib
from pathlib import Path

import cv2
import numpy as np
import pytest
from numpy.typing import NDArray

from operator_app.scanning import quality
from operator_app.scanning.quality import (
    BLURRED,
    CROPPED,
    GLARE,
    PASSPORT_PAGE_MM,
    PASSPORT_SHAPE,
    CopyRejected,
    DocumentShape,
    assess,
    check_kind,
    find_document_corners,
    find_mrz_layout,
    fit_to_limit,
    load_copy,
    warp_document,
)

Image = NDArray[np.uint8]


def passport_page(dpi: float = 300, *, seed: int = 1) -> Image:
    """A passport data page at ``dpi``: cream paper, background lines, photo, text, MRZ."""
    rng = np.random.default_rng(seed)
    mm = dpi / 25.4
    w, h = round(125 * mm), round(88 * mm)
    page = np.full((h, w, 3), (205, 222, 232), np.uint8)
    for x in range(0, w, max(2, int(3 * mm))):
        cv2.line(page, (x, 0), (x + int(20 * mm), h), (190, 208, 222), 1, cv2.LINE_AA)
    x0, y0 = int(5 * mm), int(12 * mm)
    cv2.rectangle(page, (x0, y0), (x0 + int(32 * mm), y0 + int(42 * mm)), (150, 150, 150), -1)
    cv2.ellipse(page, (x0 + int(16 * mm), y0 + int(18 * mm)), (int(9 * mm), int(12 * mm)),
                0, 0, 360, (120, 140, 170), -1)
    thickness = max(1, round(mm * 0.25))
    y = int(14 * mm)
    for word in ["SURNAME", "IVANOV", "GIVEN NAMES", "PETR", "DATE", "NUMBER", "AUTHORITY"]:
        text = word + " " + "".join(rng.choice(list("ABCDEHKMOPTX0123456789"), 6))
        cv2.putText(page, text, (int(42 * mm), y), cv2.FONT_HERSHEY_SIMPLEX, 0.1 * mm,
                    (40, 40, 50), thickness, cv2.LINE_AA)
        y += int(6 * mm)
    for line in ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                 "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]:
        # Monospaced as a real MRZ is: one character every 2.54 mm (Doc 9303).
        for index, char in enumerate(line):
            cv2.putText(page, char, (int((4 + 2.54 * index) * mm), y + int(4 * mm)),
                        cv2.FONT_HERSHEY_PLAIN, 0.225 * mm, (20, 20, 20), thickness,
                        cv2.LINE_AA)
        y += int(6 * mm)
    return page


def on_desk(page: Image, *, margin: float = 0.12, seed: int = 2) -> Image:
    """The page lying on a dark, slightly textured desk, ``margin`` of its size around it."""
    rng = np.random.default_rng(seed)
    h, w = page.shape[:2]
    mh, mw = int(h * margin), int(w * margin)
    desk = rng.normal(60, 8, (h + 2 * mh, w + 2 * mw, 3)).clip(0, 255).astype(np.uint8)
    desk = cv2.GaussianBlur(desk, (0, 0), 3)
    desk[mh:mh + h, mw:mw + w] = page
    return desk


def with_glare(image: Image, axes_mm: tuple[float, float], *, dpi: float = 300) -> Image:
    """A lamp's reflection: a soft-edged ellipse clipped to white."""
    h, w = image.shape[:2]
    mm = dpi / 25.4
    mask = np.zeros((h, w), np.float32)
    cv2.ellipse(mask, (int(w * 0.55), h // 2),
                (int(axes_mm[0] / 2 * mm), int(axes_mm[1] / 2 * mm)), 0, 0, 360, 1.0, -1)
    mask = np.clip(cv2.GaussianBlur(mask, (0, 0), 2 * mm) * 1.6, 0, 1)[..., None]
    return (image * (1 - mask) + 255 * mask).clip(0, 255).astype(np.uint8)


FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"
BILL = ["ЕДИНЫЙ ПЛАТЁЖНЫЙ ДОКУМЕНТ за март 2026 г.",
        "Плательщик: Каримов Рустам Алишерович, лицевой счёт 1234567890",
        "Адрес: 125009, г. Москва, ул. Тверская, д. 11, кв. 45",
        "Вид услуги            Объём    Тариф     Начислено    К оплате",
        "Холодное водоснабжение  6,000   49,27      295,62      295,62",
        "Горячее водоснабжение   4,000  243,15      972,60      972,60",
        "Водоотведение          10,000   38,08      380,80      380,80",
        "Отопление               1,2340 2890,15    3566,45     3566,45",
        "Электроэнергия        180,000    7,04     1267,20     1267,20",
        "Итого к оплате: 6482,67 руб. Оплатить до 10.04.2026",
        "Получатель: ГБУ «Жилищник района Тверской», ИНН 7710000000",
        "р/с 40702810000000000001 в ПАО Сбербанк, БИК 044525225"]


def a4_bill(dpi: float = 300, *, mono: bool = False, landscape: bool = False) -> Image:
    """A utility bill on an A4 sheet, as a scanner or a phone app saves it: a title, three
    blocks of text lines (proportional or monospaced), a barcode strip at the bottom."""
    from PIL import Image as PilImage
    from PIL import ImageDraw, ImageFont

    mm = dpi / 25.4
    width, height = round(210 * mm), round(297 * mm)
    if landscape:
        width, height = height, width
    sheet = PilImage.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(sheet)
    font_file = str(FONTS / ("DejaVuSansMono.ttf" if mono else "DejaVuSans.ttf"))
    text = ImageFont.truetype(font_file, round(10 / 72 * dpi))
    draw.text((int(20 * mm), int(20 * mm)), BILL[0], fill=(0, 0, 0),
              font=ImageFont.truetype(font_file, round(14 / 72 * dpi)))
    y = int(32 * mm)
    for _block in range(3):
        for line in BILL[1:]:
            if y < height - 30 * mm:
                draw.text((int(20 * mm), y), line, font=text, fill=(0, 0, 0))
            y += int(5.5 * mm)
        y += int(6 * mm)
    rng = np.random.default_rng(4)
    x = int(20 * mm)
    while x < width - 60 * mm:
        bar = int(rng.integers(1, 4)) * max(1, int(0.25 * mm))
        draw.rectangle((x, height - int(25 * mm), x + bar, height - int(12 * mm)), fill=0)
        x += 2 * bar
    return cv2.cvtColor(np.array(sheet), cv2.COLOR_RGB2BGR)


def a4_bill_pdf() -> bytes:
    """The bill as a PDF with vector text, as an online account gives it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "BillSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("BillSans", str(FONTS / "DejaVuSans.ttf")))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont("BillSans", 14)
    pdf.drawString(20 * mm, 270 * mm, BILL[0])
    pdf.setFont("BillSans", 10)
    y = 258 * mm
    for _block in range(3):
        for line in BILL[1:]:
            pdf.drawString(20 * mm, y, line)
            y -= 5.5 * mm
        y -= 6 * mm
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def jpeg(image: Image, q: int = 92) -> bytes:
    ok, buffer = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, q])
    assert ok
    return buffer.tobytes()


@pytest.fixture(scope="module")
def sharp() -> Image:
    return on_desk(passport_page(300))


# -- assess ------------------------------------------------------------------------------


def test_sharp_copy_passes(sharp: Image):
    result = assess(sharp, document_size_mm=PASSPORT_PAGE_MM)
    assert result.ok, result.problems
    assert result.in_frame
    assert 295 <= result.dpi <= 305
    assert result.sharpness > 2 * quality.SHARPNESS_MIN
    assert result.corners is not None


@pytest.mark.parametrize("sigma", [2.0, 3.0])
def test_blurred_copy_is_refused(sigma: float):
    blurred = on_desk(cv2.GaussianBlur(passport_page(300), (0, 0), sigma))
    result = assess(blurred, document_size_mm=PASSPORT_PAGE_MM)
    assert result.problems == (BLURRED,)
    assert not result.ok


def test_glare_is_detected(sharp: Image):
    glaring = on_desk(with_glare(passport_page(300), (20, 12)))
    result = assess(glaring, document_size_mm=PASSPORT_PAGE_MM)
    assert result.problems == (GLARE,)
    assert result.glare > quality.GLARE_MAX
    assert assess(sharp, document_size_mm=PASSPORT_PAGE_MM).glare == 0.0


def test_low_resolution_names_the_figure():
    result = assess(on_desk(passport_page(150)), document_size_mm=PASSPORT_PAGE_MM)
    assert len(result.problems) == 1
    assert result.problems[0].startswith("низкое разрешение: 150 dpi, нужно не меньше 300")


def test_cropped_document_is_detected(sharp: Image):
    width = sharp.shape[1]
    result = assess(sharp[:, : int(width * 0.8)], document_size_mm=PASSPORT_PAGE_MM)
    assert CROPPED in result.problems
    assert not result.in_frame
    # The cut runs across the long side only: the short side still measures 300 dpi.
    assert result.dpi >= 295


def test_page_that_fills_the_image_is_the_document():
    # What a scanner's auto-crop, a PDF page or warp_document produce.
    result = assess(passport_page(300), document_size_mm=PASSPORT_PAGE_MM)
    assert result.ok, result.problems


# -- corners -----------------------------------------------------------------------------


def test_corners_of_a_perspective_warped_document():
    page = passport_page(300)
    h, w = page.shape[:2]
    target = np.float32([[260, 180], [1750, 260], [1680, 1250], [200, 1150]])
    matrix = cv2.getPerspectiveTransform(np.float32([[0, 0], [w, 0], [w, h], [0, h]]), target)
    photo = cv2.warpPerspective(page, matrix, (2000, 1400), dst=np.full((1400, 2000, 3), 60,
                                np.uint8), borderMode=cv2.BORDER_TRANSPARENT)
    corners = find_document_corners(photo)
    assert corners is not None
    assert corners.shape == (4, 2)
    np.testing.assert_allclose(corners, target, atol=6)  # TL, TR, BR, BL
    flat = warp_document(photo, corners, size_mm=PASSPORT_PAGE_MM)
    assert flat.shape[:2] == (1039, 1476)  # 125 × 88 mm at 300 dpi
    assert assess(flat, document_size_mm=PASSPORT_PAGE_MM).ok


def test_no_corners_in_a_featureless_image():
    assert find_document_corners(np.full((300, 400, 3), 128, np.uint8)) is None


# -- opening -----------------------------------------------------------------------------


def test_jpeg_and_png_open_as_one_page(sharp: Image):
    ok, png = cv2.imencode(".png", sharp)
    assert ok
    for data, fmt in [(jpeg(sharp), "jpeg"), (png.tobytes(), "png")]:
        (page,) = load_copy(data, name="copy")
        assert page.source_format == fmt
        assert page.number == 1
        assert page.image.shape == sharp.shape


def test_non_image_named_jpg_is_refused():
    with pytest.raises(CopyRejected, match="не PDF, JPEG или PNG") as caught:
        load_copy("Паспорт: см. вложение\n".encode() * 50, name="passport.jpg")
    assert caught.value.reason == "unsupported"
    assert "passport.jpg" in caught.value.message


def test_truncated_jpeg_is_refused(sharp: Image):
    data = jpeg(sharp)
    with pytest.raises(CopyRejected, match="обрезан") as caught:
        load_copy(data[: len(data) * 2 // 3], name="scan.jpg")
    assert caught.value.reason == "damaged"


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return (struct.pack(">I", len(body)) + kind + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))


def _huge_png(side: int) -> bytes:
    """A valid PNG header declaring side × side RGB pixels, with a few bytes of data."""
    ihdr = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr)
            + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + _png_chunk(b"IEND", b""))


def _huge_jpeg(side: int) -> bytes:
    """SOI, a baseline SOF0 declaring side × side, an empty scan, EOI."""
    sof = struct.pack(">BBHBHHB", 0xFF, 0xC0, 11, 8, side, side, 1) + b"\x01\x11\x00"
    sos = struct.pack(">BBHB", 0xFF, 0xDA, 8, 1) + b"\x01\x00\x00\x3f\x00"
    return b"\xff\xd8" + sof + sos + b"\x00" * 16 + b"\xff\xd9"


@pytest.mark.parametrize("make", [_huge_png, _huge_jpeg], ids=["png", "jpeg"])
def test_huge_image_is_refused_without_decoding(make, monkeypatch: pytest.MonkeyPatch):
    data = make(20_000)
    assert len(data) < 2000
    assert quality.image_size(data) == (20_000, 20_000)

    def no_decoding(*_args: object) -> None:
        raise AssertionError("the image was handed to the decoder")

    monkeypatch.setattr(cv2, "imdecode", no_decoding)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(CopyRejected, match="слишком большое изображение") as caught:
            load_copy(data, name="huge")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 5  # a hang guard; the memory bound is below
    assert caught.value.reason == "too_large"
    assert peak < 1_000_000
    # Decoding would have needed 1.2 GB for the pixels alone.
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before < 100_000


def test_three_page_pdf_is_split_into_pages():
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for number in (1, 2, 3):
        pdf.setFont("Helvetica", 40)
        pdf.drawString(100, 700, f"Page {number}")
        pdf.showPage()
    pdf.save()
    data = buffer.getvalue()
    pages = load_copy(data, name="docs.pdf")
    assert [p.number for p in pages] == [1, 2, 3]
    assert all(p.source_format == "pdf" for p in pages)
    assert pages[0].image.shape == (3508, 2481, 3)  # A4 at 300 dpi, BGR
    assert pages[0].image.mean() > 200  # white page, a few letters
    parts = quality.split_pdf(data)
    assert len(parts) == 3
    assert [len(load_copy(part, name="p.pdf")) for part in parts] == [1, 1, 1]


def test_damaged_pdf_is_refused():
    with pytest.raises(CopyRejected, match="PDF broken.pdf повреждён"):
        load_copy(b"%PDF-1.7\n" + b"\x00" * 200, name="broken.pdf")


# -- size --------------------------------------------------------------------------------


def test_oversized_png_is_reencoded_under_the_limit():
    rng = np.random.default_rng(0)
    # Noise JPEG cannot squeeze; tiled with a period far beyond deflate's 32 KB window.
    noisy = np.tile(rng.integers(140, 250, (100, 6000), dtype=np.uint8), (40, 1))
    ok, buffer = cv2.imencode(".png", noisy, [cv2.IMWRITE_PNG_COMPRESSION, 1])
    assert ok
    data = buffer.tobytes()
    assert len(data) > quality.COPY_SIZE_LIMIT
    out, fmt = fit_to_limit(data, "png", dpi=320)
    assert fmt == "jpeg"
    assert len(out) <= quality.COPY_SIZE_LIMIT
    (page,) = load_copy(out, name="fitted")
    # Scaled down no further than 300 dpi allows: 320 → 300 is a factor 0.9375.
    assert page.width == 5625
    assert page.height == 3750


def test_copy_within_the_limit_is_left_alone(sharp: Image):
    data = jpeg(sharp)
    assert fit_to_limit(data, "jpeg") == (data, "jpeg")


def test_fit_to_limit_never_upscales(sharp: Image):
    data = jpeg(sharp, 95)
    out, fmt = fit_to_limit(data, "jpeg", limit=len(data) // 4)
    (page,) = load_copy(out, name="fitted")
    assert fmt == "jpeg"
    assert len(out) <= len(data) // 4
    assert page.width <= sharp.shape[1]
    assert page.height <= sharp.shape[0]


def test_passport_on_a_scanner_bed_is_measured_on_the_passport():
    # A4 has nearly the passport page's shape: the passport must be found, not the bed.
    bed = np.full((3508, 2480, 3), 245, np.uint8)
    page = passport_page(300)
    bed[200:200 + page.shape[0], 200:200 + page.shape[1]] = page
    result = assess(bed, document_size_mm=PASSPORT_PAGE_MM)
    assert result.ok, result.problems
    assert 295 <= result.dpi <= 305


# -- kind --------------------------------------------------------------------------------

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "mrz-samples"
needs_samples = pytest.mark.skipif(not (SAMPLES / "truth.json").is_file(),
                                   reason=f"specimen pictures not found in {SAMPLES}")


def _kind(data: bytes, shape: DocumentShape = PASSPORT_SHAPE) -> quality.KindCheck:
    (page,) = load_copy(data, name="копия")[:1]
    size = shape.sizes_mm[0]
    return check_kind(page, shape, corners=assess(page.image, document_size_mm=size).corners)


def test_a_generated_passport_page_looks_like_one(sharp: Image):
    assert _kind(jpeg(passport_page())).ok
    result = _kind(jpeg(sharp))  # on the desk: measured on the page the outline finds
    assert result.ok, result.problems
    assert result.mrz is not None
    assert result.mrz.format == "TD3"
    turned = np.ascontiguousarray(np.rot90(passport_page()))  # a phone held upright
    assert _kind(jpeg(turned)).ok


@pytest.mark.parametrize(("data", "words"), [
    (lambda: a4_bill_pdf(), "размер 210 × 297 мм — лист A4, нет машиночитаемой зоны, "
                            "вертикальный лист пропорций A4"),
    (lambda: jpeg(a4_bill()), "нет машиночитаемой зоны, вертикальный лист пропорций A4"),
    (lambda: jpeg(a4_bill(mono=True)), "нет машиночитаемой зоны, вертикальный лист"),
    (lambda: jpeg(a4_bill(150)), "нет машиночитаемой зоны, вертикальный лист"),
    (lambda: jpeg(a4_bill(landscape=True)), "нет машиночитаемой зоны"),
], ids=["pdf", "jpeg", "monospaced", "150dpi", "landscape"])
def test_a_utility_bill_does_not_look_like_a_passport(data, words):
    result = _kind(data())
    assert not result.ok
    assert result.message.startswith("не похоже на разворот паспорта: " + words)


def test_the_bill_passes_the_quality_gate_so_only_the_kind_check_refuses_it():
    # The reason for the kind check: A4 has nearly the passport page's proportions, so a
    # sharp, flat A4 scan measures as a fine passport copy.
    (page,) = load_copy(jpeg(a4_bill()), name="bill.jpg")
    assert assess(page.image, document_size_mm=PASSPORT_PAGE_MM).ok


def test_the_paper_size_a_scanner_declares_is_used():
    bill = a4_bill()
    ok, buffer = cv2.imencode(".png", bill)
    assert ok
    data = bytearray(buffer.tobytes())
    # A pHYs chunk of 300 dpi (11811 pixels per metre), as scanner software writes.
    body = b"pHYs" + (11811).to_bytes(4, "big") * 2 + b"\x01"
    chunk = (9).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")
    data[33:33] = chunk  # after IHDR
    (page,) = load_copy(bytes(data), name="scan.png")
    assert page.declared_dpi == pytest.approx(300, abs=0.5)
    assert "лист A4" in _kind(bytes(data)).message
    (plain,) = load_copy(jpeg(bill), name="photo.jpg")
    assert plain.declared_dpi is None  # OpenCV's JFIF states no resolution


def test_an_id_card_is_not_a_passport_page():
    card = (255 * np.ones((540, 856, 3))).astype(np.uint8)
    lines = ("I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6",
             "ERIKSSON<<ANNA<MARIA<<<<<<<<<<")
    for row, line in enumerate(lines):
        for index, char in enumerate(line):
            cv2.putText(card, char, (40 + 25 * index, 400 + 45 * row), cv2.FONT_HERSHEY_PLAIN,
                        2.2, (20, 20, 20), 2, cv2.LINE_AA)
    layout = find_mrz_layout(card)
    assert layout is not None
    assert layout.format == "TD1"
    assert "машиночитаемая зона из трёх строк, как у ID-карты" in _kind(jpeg(card)).message


def _samples() -> list[tuple[str, str]]:
    import json

    if not (SAMPLES / "truth.json").is_file():
        return []
    truth = json.loads((SAMPLES / "truth.json").read_text())
    return [(name, entry["format"]) for name, entry in sorted(truth.items())
            if not name.startswith("_")]


@needs_samples
def test_the_kind_check_on_real_specimens():
    """All 25 specimen pictures: every passport (19 TD3, one TD2) passes as a passport
    but the phone photo with an app's frame drawn round its MRZ (tilted and in
    perspective: the clerk confirms it); every ID card (TD1) is refused as a passport
    for its three-line MRZ. The figures are in the docstring of ``check_kind``."""
    passed, refused = [], []
    for name, fmt in _samples():
        result = _kind((SAMPLES / name).read_bytes())
        (passed if result.ok else refused).append(name)
        if fmt == "TD1":
            assert "трёх строк" in result.message, name
        elif name != "pe_62_pass-aus.png":
            assert result.ok, (name, result.problems)
            assert result.mrz is not None
            assert result.mrz.format == fmt, name
    assert len(passed) == 19  # of the 20 passports
    assert len(refused) == 6  # the 5 ID cards and the framed phone photo
    assert "pe_100_pass-fin.png" in passed
