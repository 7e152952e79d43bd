"""``operator-app mrz FILE...``: read the MRZ of passport page images, one JSON line each.

For scripts and for checking a scanner's output at a desk without the GUI. Each line is
``{"file", "lines", "fields", "checks", "valid", "ms"}`` and how sure the reader is:
``"confidence"`` (per line, the lowest probability of a character in it, 0–1),
``"uncertain"`` (the characters to compare with the document, each ``[line, column]``
counted from 1 as the clerk reads them), ``"uncertain_text"`` (per line, the line with
``^`` under each uncertain character, blanks elsewhere) and ``"field_reads"`` (per field:
text, confidence, whether a check digit that holds covers it). A file that cannot be
read as an image (or a desk that cannot run OCR) gives ``{"file", "error"}`` instead. An
image in which no MRZ was found gives ``"lines": []``, ``"fields": null``,
``"valid": false``. The exit status is 0 only when every file gave a valid MRZ (every
check holds, nothing uncertain), so a script can test it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import cv2
import numpy as np

from operator_app.messages import t
from operator_app.scanning import mrz
from operator_app.scanning.safe_files import FileRefused, check_image_header, run_isolated
from operator_app.scanning.safe_files import read_file as _read_bytes


def _load(path: Path) -> mrz.Image:
    """The image at ``path``; raises ``FileRefused`` with a sentence saying why
    it cannot be read.

    Bytes are decoded with ``cv2.imdecode``, not ``cv2.imread``, which fails silently
    on non-ASCII paths on some platforms (a clerk's «Документы» folder).
    """
    data = _read_bytes(path)
    not_an_image = FileRefused(path, "unsupported", t("Файл не является изображением "
                                                      "(ожидается JPEG, PNG, TIFF или BMP)."))
    try:
        check_image_header(data, path)  # before OpenCV allocates what the header asks for
    except FileRefused as error:
        if error.reason == "damaged":  # no header Pillow knows: not an image at all
            raise not_an_image from None
        raise
    try:
        image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
    except cv2.error:
        image = None
    if image is None:
        raise not_an_image
    return np.asarray(image, dtype=np.uint8)


def _read(path: Path) -> dict[str, Any]:
    """The record of a readable file; runs in the child process ``read_file`` starts."""
    image = _load(path)
    start = time.perf_counter()
    result = mrz.read_mrz(image)
    ms = round((time.perf_counter() - start) * 1000, 1)
    if result is None:
        return {"lines": [], "fields": None, "checks": {}, "valid": False, "ms": ms,
                "confidence": [], "uncertain": [], "uncertain_text": [], "field_reads": []}
    marks = [[" "] * len(line) for line in result.lines]
    for line, col in result.uncertain:
        marks[line][col] = "^"
    return {"lines": list(result.lines), "fields": result.fields.as_json(),
            "checks": dict(result.checks), "valid": result.valid, "ms": ms,
            "confidence": [round(c, 3) for c in result.confidence],
            "uncertain": [[line + 1, col + 1] for line, col in result.uncertain],
            "uncertain_text": ["".join(row).rstrip() for row in marks],
            "field_reads": [{"field": f.name, "text": f.text,
                             "confidence": round(f.confidence, 3), "checked": f.checked}
                            for f in result.field_reads]}


def read_file(path: str | Path) -> dict[str, Any]:
    """One file's JSON record (see the module docstring). The file is read and the MRZ
    looked for in a child process within ``safe_files``' limits: a file that crashes
    the decoder or the OCR is an error record, and the next file is read."""
    name = str(path)
    problem = mrz.ocr_available()
    if problem is not None:
        return {"file": name, "error": problem}
    try:
        record = run_isolated(_read, Path(path), path=Path(path))
    except FileRefused as error:
        return {"file": name, "error": error.message}
    return {"file": name, **record}


def run(files: Sequence[str], out: TextIO) -> int:
    """Write one JSON line per file to ``out``; 0 when every file gave a valid MRZ."""
    status = 0 if files else 1
    for name in files:
        record = read_file(name)
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        if not record.get("valid"):
            status = 1
    return status
