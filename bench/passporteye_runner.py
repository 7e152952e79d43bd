"""Read MRZs with PassportEye, for bench/bench_mrz_real.py.

Run by the python of the separate virtualenv that ``make passporteye-venv`` creates
(``.venv-passporteye``): PassportEye is not a dependency of the desk, and this script
imports nothing of it. Image paths come on standard input, one per line or as a JSON
list; for each, one JSON line goes to standard output::

    {"path": "...", "lines": ["P<...", "..."] or null, "valid": true/false/null,
     "ms": 812.4, "raw": "..." or null, "error": "..." (only when it raised)}

``lines`` are the lines PassportEye parsed (its OCR text after its own clean-up, which
fixes letters and digits by position), ``valid`` its own verdict (every check digit
holds and the lines have the format's lengths), ``ms`` the time of ``read_mrz`` on the
file (loading the image included).
"""

from __future__ import annotations

import json
import sys
import time
import warnings
from typing import Any


def read_one(path: str) -> dict[str, Any]:
    from passporteye import read_mrz
    from passporteye.mrz.text import MRZOCRCleaner

    record: dict[str, Any] = {"path": path, "lines": None, "valid": None}
    start = time.perf_counter()
    try:
        found = read_mrz(path)
    except Exception as error:  # one bad image must not stop the run
        found = None
        record["error"] = f"{type(error).__name__}: {error}"
    record["ms"] = (time.perf_counter() - start) * 1000
    if found is not None:
        raw = str(found.aux.get("raw_text", found.aux.get("text", "")))
        record["raw"] = raw
        record["lines"] = [str(line) for line in MRZOCRCleaner.apply(raw)]
        record["valid"] = bool(found.valid)
    return record


def main() -> int:
    warnings.filterwarnings("ignore", category=FutureWarning)  # skimage deprecations
    text = sys.stdin.read()
    if text.lstrip().startswith("["):
        paths = [str(p) for p in json.loads(text)]
    else:
        paths = [line.strip() for line in text.splitlines() if line.strip()]
    for path in paths:
        print(json.dumps(read_one(path), ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
