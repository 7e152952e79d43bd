"""Files that have hurt the desk, made small at test time: each declares what would cost
gigabytes or minutes, none of them takes more than a few kilobytes to write."""

from __future__ import annotations

import io
import os
import struct
import zlib
from pathlib import Path


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return (struct.pack(">I", len(body)) + kind + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))


def png_declaring(width: int, height: int) -> bytes:
    """A PNG whose header declares width × height grey pixels, with a few rows of data."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress((b"\x00" + b"\xff" * 1000) * 16)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", rows)
            + _png_chunk(b"IEND", b""))


def pdf_from_objects(objects: list[bytes]) -> bytes:
    """A PDF with these objects numbered from 1 (the first is the catalog) and a correct
    cross-reference table, so that pdfium opens it without repairing anything."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return out


def self_referencing_pdf() -> bytes:
    """A page tree whose /Pages node lists itself among its kids."""
    return pdf_from_objects([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    ])


def poster_pdf(code_png: bytes | None = None, *, side_pt: float = 14400.0) -> bytes:
    """One page of 200 × 200 inches (the largest a PDF allows), blank or with the code
    drawn 50 inches wide in its middle: 30000² pixels at 150 dpi, 60000² at 300."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(side_pt, side_pt))
    if code_png is not None:
        size = side_pt / 4
        canvas.drawImage(ImageReader(io.BytesIO(code_png)), (side_pt - size) / 2,
                         (side_pt - size) / 2, size, size)
    else:
        canvas.drawString(72, 72, "nothing to read here")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def long_pdf(pages: int, *, code_png: bytes | None = None) -> bytes:
    """``pages`` small (2 × 2 inch) pages, the code on the first when given."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(144, 144))
    for number in range(pages):
        if number == 0 and code_png is not None:
            canvas.drawImage(ImageReader(io.BytesIO(code_png)), 12, 12, 120, 120)
        else:
            canvas.drawString(10, 70, f"page {number + 1}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def fifo(path: Path) -> Path:
    """A named pipe nobody writes to: reading it waits forever."""
    os.mkfifo(path)
    return path


def sparse(path: Path, size: int) -> Path:
    """A file that says it is ``size`` bytes long and takes no room on disk."""
    with path.open("wb") as file:
        file.truncate(size)
    return path
