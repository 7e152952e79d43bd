"""The barcode layer on generated pictures: real decoders, real files, no mocks."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
import qrcode
import qrcode.constants

from operator_app.scanning import decoders
from operator_app.scanning.decoders import (
    Attempt,
    Cascade,
    Decoded,
    DecoderUnavailable,
    OpenCvDecoder,
    Preprocess,
    UnreadableFile,
    WeChatDecoder,
    ZbarDecoder,
    ZxingDecoder,
)

PAYLOAD = "GU1:202600012346:ABCDEFGHIJKLMNOP"
TRACKING = "10100012345678"
W, H = 1280, 720


def qr_symbol(text: str = PAYLOAD, module: int = 6) -> np.ndarray:
    """The code as the portal prints it (level M), with its 4-module quiet zone."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=module,
                         border=4)
    code.add_data(text, optimize=0)
    code.make(fit=True)
    return np.asarray(code.make_image().convert("L"), dtype=np.uint8).copy()


def desk(seed: int = 0) -> np.ndarray:
    """A 1280×720 BGR frame of a grey desk with some smooth texture and sensor noise."""
    rng = np.random.default_rng(seed)
    small = rng.integers(90, 170, size=(9, 16, 3)).astype(np.uint8)
    frame = cv2.resize(small, (W, H), interpolation=cv2.INTER_CUBIC)
    noise = rng.normal(0, 3, frame.shape)
    return np.clip(frame + noise, 0, 255).astype(np.uint8)


def frame_with(symbol: np.ndarray, x: int = 500, y: int = 200) -> tuple[np.ndarray, tuple]:
    """The symbol pasted at (x, y); returns the frame and the symbol's box."""
    frame = desk()
    h, w = symbol.shape
    frame[y:y + h, x:x + w] = cv2.cvtColor(symbol, cv2.COLOR_GRAY2BGR)
    return frame, (x, y, x + w, y + h)


def box_of(code: Decoded) -> tuple[float, float, float, float]:
    xs = [x for x, _ in code.points]
    ys = [y for _, y in code.points]
    return min(xs), min(ys), max(xs), max(ys)


def overlap(a: tuple, b: tuple) -> float:
    """Intersection over the smaller box's area."""
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return ix * iy / smaller if smaller else 0.0


def texts(found: list[Decoded]) -> list[str]:
    return [code.text for code in found]


def zbar_works() -> bool:
    try:
        ZbarDecoder()
    except DecoderUnavailable:
        return False
    return True


DECODER_CLASSES = [ZxingDecoder, ZbarDecoder, OpenCvDecoder, WeChatDecoder]


def make(cls: type) -> decoders.BarcodeDecoder:
    if cls is ZbarDecoder and not zbar_works():
        pytest.skip("libzbar0 is not installed here")
    return cls()


# -- single decoders ---------------------------------------------------------------------


@pytest.mark.parametrize("cls", DECODER_CLASSES, ids=lambda c: c.name)
def test_each_decoder_reads_a_qr_code_and_outlines_it(cls: type):
    decoder = make(cls)
    frame, where = frame_with(qr_symbol())
    found = decoder.decode(frame)
    assert texts(found) == [PAYLOAD]
    assert found[0].format == "QR_CODE"
    assert found[0].decoder == cls.name
    assert len(found[0].points) == 4
    assert overlap(box_of(found[0]), where) > 0.6


@pytest.mark.parametrize("cls", DECODER_CLASSES, ids=lambda c: c.name)
def test_each_decoder_accepts_grayscale(cls: type):
    decoder = make(cls)
    frame, _ = frame_with(qr_symbol())
    assert texts(decoder.decode(cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY))) == [PAYLOAD]


def zxing_symbol(format_name: str, text: str, scale: int) -> np.ndarray:
    """A symbol drawn by zxing-cpp's writer (3.x API, or 2.x's write_barcode)."""
    zxingcpp = pytest.importorskip("zxingcpp")
    barcode_format = getattr(zxingcpp.BarcodeFormat, format_name)
    if hasattr(zxingcpp, "create_barcode"):
        barcode = zxingcpp.create_barcode(text, barcode_format)
        image = zxingcpp.write_barcode_to_image(barcode, scale=scale)
    else:
        image = zxingcpp.write_barcode(barcode_format, text, quiet_zone=10 * scale)
        image = cv2.resize(np.asarray(image), None, fx=scale, fy=scale,
                           interpolation=cv2.INTER_NEAREST)
    return np.asarray(image, dtype=np.uint8)


def code128_symbol(text: str) -> np.ndarray:
    image = zxing_symbol("Code128", text, 3)
    return cv2.resize(image, (image.shape[1], 120), interpolation=cv2.INTER_NEAREST)


@pytest.mark.parametrize("cls", [ZxingDecoder, ZbarDecoder], ids=lambda c: c.name)
def test_tracking_number_in_code_128(cls: type):
    decoder = make(cls)
    frame, where = frame_with(code128_symbol(TRACKING), x=300, y=300)
    found = decoder.decode(frame)
    assert texts(found) == [TRACKING]
    assert found[0].format == "CODE_128"
    assert overlap(box_of(found[0]), where) > 0.3  # zbar outlines its scan lines only


def test_formats_not_asked_for_are_not_reported():
    frame, _ = frame_with(qr_symbol())
    assert ZxingDecoder(formats=["CODE_128"]).decode(frame) == []
    assert OpenCvDecoder(formats=["CODE_128"]).decode(frame) == []
    if zbar_works():
        assert ZbarDecoder(formats=["DATA_MATRIX"]).decode(frame) == []  # zbar has none


def test_all_formats_with_normalized_names():
    frame, _ = frame_with(zxing_symbol("DataMatrix", "PASSPORT-4510", 8))
    found = ZxingDecoder(formats=None).decode(frame)
    assert [(c.text, c.format) for c in found] == [("PASSPORT-4510", "DATA_MATRIX")]


@pytest.mark.parametrize(("spelling", "normal"), [
    ("QR Code", "QR_CODE"), ("QRCODE", "QR_CODE"), ("Code128", "CODE_128"),
    ("CODE128", "CODE_128"), ("EAN-13", "EAN_13"), ("I25", "ITF"), ("DataMatrix", "DATA_MATRIX"),
])
def test_format_names_are_normalized(spelling: str, normal: str):
    assert decoders.normalize_format(spelling) == normal


# -- the cascade -------------------------------------------------------------------------


def rotated(frame: np.ndarray, where: tuple, angle: float) -> np.ndarray:
    center = ((where[0] + where[2]) / 2, (where[1] + where[3]) / 2)
    matrix = cv2.getRotationMatrix2D(center, angle, 1.0)
    return cv2.warpAffine(frame, matrix, (W, H), borderMode=cv2.BORDER_REPLICATE)


def tilted(frame: np.ndarray, where: tuple) -> np.ndarray:
    """The code seen from below and to the side: its top edge 40 % narrower."""
    x0, y0, x1, y1 = where
    src = np.float32([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
    inset = 0.2 * (x1 - x0)
    dst = np.float32([[x0 + inset, y0 + 20], [x1 - inset, y0 + 40], [x1, y1], [x0 - 10, y1]])
    return cv2.warpPerspective(frame, cv2.getPerspectiveTransform(src, dst), (W, H),
                               borderMode=cv2.BORDER_REPLICATE)


@pytest.mark.parametrize("hardship", ["rotated", "blurred", "perspective", "low_contrast"])
def test_cascade_reads_hard_frames_and_outlines_the_code(hardship: str):
    frame, where = frame_with(qr_symbol(module=5))
    if hardship == "rotated":
        frame = rotated(frame, where, 37)
    elif hardship == "blurred":
        frame = cv2.GaussianBlur(frame, (0, 0), 2.2)
    elif hardship == "perspective":
        frame = tilted(frame, where)
    else:
        frame = (frame.astype(np.float32) * 0.2 + 90).astype(np.uint8)
    found = decoders.default_cascade().decode(frame)
    assert texts(found) == [PAYLOAD]
    assert overlap(box_of(found[0]), where) > 0.5


def test_cascade_maps_points_back_from_a_resized_copy():
    frame, where = frame_with(qr_symbol(module=8))
    half = Cascade([Attempt(ZxingDecoder(), Preprocess(scale=0.5, blur=0.7))])
    found = half.decode(frame)
    assert texts(found) == [PAYLOAD]
    assert overlap(box_of(found[0]), where) > 0.8
    assert max(x for x, _ in found[0].points) > W / 2 - 100  # not in half-size pixels


class SeesButCannotRead:
    """Locates the code like zxing on a glare frame, and reads nothing."""

    name = "locator"

    def decode(self, image: np.ndarray) -> list[Decoded]:
        return []

    def decode_and_locate(self, image: np.ndarray) -> tuple[list[Decoded], list[tuple]]:
        return [], [code.points for code in ZxingDecoder().decode(image)]


def test_region_attempts_read_crops_where_a_code_was_located():
    frame, where = frame_with(qr_symbol(module=5), x=900, y=450)
    cascade = Cascade([Attempt(SeesButCannotRead()),
                       Attempt(ZxingDecoder(), Preprocess(scale=2.0, clahe=2.0), regions=True)])
    found = cascade.decode(frame)
    assert texts(found) == [PAYLOAD]
    assert overlap(box_of(found[0]), where) > 0.8  # crop offset and ×2 undone


def test_region_attempts_do_nothing_when_nothing_was_located():
    frame, _ = frame_with(qr_symbol())
    reads_only_regions = Cascade([Attempt(ZxingDecoder(), regions=True)])
    assert reads_only_regions.decode(frame) == []


def test_cascade_deduplicates_by_text():
    frame = desk()
    symbol = qr_symbol(module=5)
    h, w = symbol.shape
    for x in (100, 800):
        frame[200:200 + h, x:x + w] = cv2.cvtColor(symbol, cv2.COLOR_GRAY2BGR)
    assert texts(decoders.default_cascade().decode(frame)) == [PAYLOAD]


def paper_without_code() -> np.ndarray:
    frame = desk(3)
    cv2.rectangle(frame, (300, 60), (980, 700), (235, 235, 235), -1)
    for i in range(14):
        cv2.putText(frame, "Zayavlenie 2026 No 000123 ||| ### ::: 4510", (320, 100 + 42 * i),
                    cv2.FONT_HERSHEY_SIMPLEX, 0.8, (30, 30, 30), 2)
    return frame


@pytest.mark.parametrize("scene", ["desk", "paper", "black"])
def test_frames_without_a_code_give_nothing(scene: str):
    frame = {"desk": desk, "paper": paper_without_code,
             "black": lambda: np.zeros((H, W, 3), np.uint8)}[scene]()
    for decoder in [*decoders.available_decoders(), decoders.default_cascade()]:
        assert decoder.decode(frame) == [], decoder.name


def test_cascade_needs_an_attempt():
    with pytest.raises(ValueError, match="at least one"):
        Cascade([])


# -- without libzbar0 --------------------------------------------------------------------


@pytest.fixture
def no_zbar(monkeypatch: pytest.MonkeyPatch) -> None:
    """A desk without libzbar0: importing pyzbar.pyzbar fails as it does there."""
    monkeypatch.setitem(sys.modules, "pyzbar.pyzbar", None)


@pytest.mark.usefixtures("no_zbar")
def test_without_zbar_the_others_still_decode_and_the_desk_says_why():
    with pytest.raises(DecoderUnavailable):
        ZbarDecoder()
    assert "zbar" not in [d.name for d in decoders.available_decoders()]
    [message] = decoders.missing_decoders()
    assert "libzbar0" in message
    assert "zxing-cpp" in message
    cascade = decoders.default_cascade()
    assert "zbar" not in repr(cascade)
    frame, _ = frame_with(qr_symbol())
    assert texts(cascade.decode(cv2.GaussianBlur(frame, (0, 0), 1.5))) == [PAYLOAD]


def test_nothing_missing_when_everything_is_installed():
    if not zbar_works():
        pytest.skip("libzbar0 is not installed here")
    assert decoders.missing_decoders() == []


# -- files -------------------------------------------------------------------------------


def test_png_file(tmp_path: Path):
    frame, where = frame_with(qr_symbol())
    path = tmp_path / "scan.png"
    path.write_bytes(cv2.imencode(".png", frame)[1].tobytes())
    found = decoders.decode_image_file(path)
    assert texts(found) == [PAYLOAD]
    assert overlap(box_of(found[0]), where) > 0.6
    result = decoders.decode_file(path)
    assert (result.kind, result.page_count, result.texts) == ("image", 1, [PAYLOAD])


def test_jpeg_with_a_cyrillic_name(tmp_path: Path):
    frame, _ = frame_with(qr_symbol())
    path = tmp_path / "заявление Иванова №1.jpg"
    path.write_bytes(cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 80])[1].tobytes())
    assert texts(decoders.decode_image_file(path)) == [PAYLOAD]


def test_transparent_screenshot_is_read_on_white(tmp_path: Path):
    symbol = qr_symbol()
    bgra = np.zeros((*symbol.shape, 4), np.uint8)  # black everywhere, opaque only on modules
    bgra[:, :, 3] = 255 - symbol
    path = tmp_path / "screenshot.png"
    path.write_bytes(cv2.imencode(".png", bgra)[1].tobytes())
    assert texts(decoders.decode_image_file(path)) == [PAYLOAD]


def test_large_phone_photo_points_in_full_resolution(tmp_path: Path):
    photo = np.full((3000, 4000, 3), 200, np.uint8)
    symbol = cv2.resize(qr_symbol(module=4), None, fx=5, fy=5, interpolation=cv2.INTER_NEAREST)
    h, w = symbol.shape
    photo[2000:2000 + h, 3000:3000 + w] = cv2.cvtColor(symbol, cv2.COLOR_GRAY2BGR)
    path = tmp_path / "IMG_0001.jpg"
    path.write_bytes(cv2.imencode(".jpg", photo)[1].tobytes())
    found = decoders.decode_image_file(path)
    assert texts(found) == [PAYLOAD]
    assert overlap(box_of(found[0]), (3000, 2000, 3000 + w, 2000 + h)) > 0.6


def two_page_pdf(qr_width_cm: float = 3.0) -> bytes:
    """Page 1 text only; page 2 a QR image about 3 cm wide, as printed on an A4 form."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.drawString(2 * cm, 27 * cm, "Application, page 1")
    canvas.showPage()
    png = cv2.imencode(".png", qr_symbol(module=4))[1].tobytes()
    size = qr_width_cm * cm * 33 / 25  # the code plus its quiet zone
    canvas.drawImage(ImageReader(io.BytesIO(png)), 12 * cm, 4 * cm, size, size)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_pdf_code_on_page_two(tmp_path: Path):
    path = tmp_path / "заявление.pdf"
    path.write_bytes(two_page_pdf())
    [(page, code)] = decoders.decode_pdf(path)
    assert (page, code.text) == (2, PAYLOAD)
    result = decoders.decode_file(path)
    assert (result.kind, result.page_count, result.texts) == ("pdf", 2, [PAYLOAD])
    # points are in pixels of the page rendered at PDF_DPI: the image is placed 12 cm from
    # the left edge, and the code starts after its quiet zone of 4 modules of 3/25 cm
    left_cm = 12 + 4 * 3.0 / 25
    left = min(x for x, _ in code.points)
    assert left == pytest.approx(left_cm / 2.54 * decoders.PDF_DPI, abs=5)


def test_misnamed_file_is_opened_by_its_content(tmp_path: Path):
    path = tmp_path / "scan.png"
    path.write_bytes(two_page_pdf())
    assert decoders.decode_file(path).codes[0][0] == 2


@pytest.mark.parametrize(("name", "content", "reason", "words"), [
    ("missing.png", None, "missing", "не найден"),
    ("notes.txt", "просто текст".encode(), "unsupported", "не поддерживается"),
    ("form.docx", b"PK\x03\x04 zip", "unsupported", "не поддерживается"),
    ("broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "damaged", "повреждено"),
    ("empty.jpg", b"", "empty", "пустой"),
    ("broken.pdf", b"%PDF-1.4\n garbage", "damaged", "повреждён"),
])
def test_unreadable_files_raise_a_clear_error(tmp_path: Path, name: str, content: bytes | None,
                                              reason: str, words: str):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(UnreadableFile, match=words) as caught:
        decoders.decode_file(path)
    assert caught.value.reason == reason
    assert isinstance(caught.value, ValueError)
    assert name in str(caught.value)


def test_a_folder_is_not_a_file(tmp_path: Path):
    with pytest.raises(UnreadableFile, match="папка"):
        decoders.decode_file(tmp_path)


def test_image_reader_refuses_a_pdf(tmp_path: Path):
    path = tmp_path / "form.pdf"
    path.write_bytes(two_page_pdf())
    with pytest.raises(UnreadableFile, match="PDF"):
        decoders.decode_image_file(path)
