"""The desk's own log: a rotating file in the data directory, without personal data.

What the program logs is what went wrong and where (warnings, unhandled errors with their
tracebacks). An exception's text can carry what a clerk typed — a passport number, a
code, an MRZ line, a name in a message — so every line written to the file passes
:func:`redact` first: long runs of digits, anything shaped like a confirmation code, an
MRZ or a passport number, and e-mail addresses are replaced. Qt-free.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

from operator_app.settings import data_dir

MAX_BYTES = 1_000_000
BACKUPS = 5
_PATTERNS = (
    (re.compile(r"[A-Z0-9<]{20,}"), "«MRZ»"),  # MRZ lines, fillers and all
    (re.compile(r"\b[2-9A-Y]{3}-?[2-9A-Y]{3}-?[2-9A-Y]{3}\b"), "«код»"),  # XXX-XXX-XXX
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "«e-mail»"),
    (re.compile(r"\b[A-Z]{1,3}\d{6,9}\b"), "«номер документа»"),  # FA1234567
    (re.compile(r"\d[\d \-]{4,}\d"), "«цифры»"),  # passport numbers, СНИЛС, phones, …
)


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def log_path() -> Path:
    return data_dir() / "logs" / "operator-desk.log"


def install(level: int = logging.INFO) -> Path:
    """Send the program's log to the rotating file (once per process); returns its path."""
    path = log_path()
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler) and Path(
                handler.baseFilename) == path:
            return path
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES,
                                                   backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    return path
