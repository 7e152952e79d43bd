"""``operator-app mrz FILE...``: read the MRZ of passport page images, one JSON line each.

For scripts and for checking a scanner's output at a desk without the GUI. Each line is
``{"file", "lines", "fields", "checks", "valid", "ms"}``; a file that cannot be read as
an image (or a desk that cannot run OCR) gives ``{"file", "error"}`` instead. An image in
which no MRZ was found gives ``"lines": []``, ``"fields": null``, ``"valid": false``.
The exit status is 0 only when every file gave a valid MRZ, so a script can test it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import cv2
import numpy as np

from operator_app.scanning import mrz


def _load(path: Path) -> mrz.Image | str:
    """The image at ``path``, or a Russian sentence saying why it cannot be read.

    Bytes are decoded with ``cv2.imdecode``, not ``cv2.imread``, which fails silently
    on non-ASCII paths on some platforms (a clerk's «Документы» folder).
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        return f"Не удалось открыть файл: {error.strerror or error}"
    image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        return "Файл не является изображением (ожидается JPEG, PNG, TIFF или BMP)."
    return np.asarray(image, dtype=np.uint8)


def read_file(path: str | Path) -> dict[str, Any]:
    """One file's JSON record (see the module docstring)."""
    name = str(path)
    problem = mrz.ocr_available()
    if problem is not None:
        return {"file": name, "error": problem}
    image = _load(Path(path))
    if isinstance(image, str):
        return {"file": name, "error": image}
    start = time.perf_counter()
    result = mrz.read_mrz(image)
    ms = round((time.perf_counter() - start) * 1000, 1)
    if result is None:
        return {"file": name, "lines": [], "fields": None, "checks": {}, "valid": False,
                "ms": ms}
    return {"file": name, "lines": list(result.lines), "fields": result.fields.as_json(),
            "checks": dict(result.checks), "valid": result.valid, "ms": ms}


def run(files: Sequence[str], out: TextIO) -> int:
    """Write one JSON line per file to ``out``; 0 when every file gave a valid MRZ."""
    status = 0 if files else 1
    for name in files:
        record = read_file(name)
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        if not record.get("valid"):
            status = 1
    return status
