"""Desk settings: one typed object with defaults, validation and descriptions in one place.

Stored as JSON in the platform's configuration directory; read through
:func:`get_settings`. Paths can be moved with ``OPERATOR_APP_DATA_DIR`` and
``OPERATOR_APP_CONFIG_DIR`` (tests give every test its own).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir, user_data_dir

APP_DIR_NAME = "operator-desk"
# The sizes of the desk's letters, per cent of the standard; the «Вид» menu steps through them.
FONT_SCALES = (100, 125, 150)
THEMES = ("standard", "high_contrast")
DEFAULT_THEME = "standard"
DB_ENV = "OPERATOR_APP_DB"


def data_dir() -> Path:
    return Path(os.environ.get("OPERATOR_APP_DATA_DIR") or user_data_dir(APP_DIR_NAME))


def config_dir() -> Path:
    return Path(os.environ.get("OPERATOR_APP_CONFIG_DIR") or user_config_dir(APP_DIR_NAME))


def default_db_path() -> Path:
    return data_dir() / "operator-desk.sqlite3"


def settings_path() -> Path:
    return config_dir() / "settings.json"


@dataclass
class Settings:
    db_url: str = field(
        default="",
        metadata={"doc": "SQLAlchemy URL of the database; empty = SQLite in the data directory"},
    )
    idle_lock_minutes: int = field(
        default=10, metadata={"doc": "Lock the desk after this many idle minutes (1–120)"}
    )
    desk_label: str = field(default="", metadata={"doc": "Name of this desk, e.g. «Окно 3»"})
    print_to_pdf_dir: str = field(
        default="", metadata={"doc": "If set, every print goes to PDF files in this folder"}
    )
    scan_folder: str = field(
        default="", metadata={"doc": "Folder where the scanner software saves files; a new "
                                     "file there becomes a copy of the selected document"}
    )
    camera_index: int = field(default=0, metadata={"doc": "OpenCV camera index for the webcam"})
    code_valid_days: int = field(
        default=30, metadata={"doc": "How long an issued confirmation code stays valid (1–365)"}
    )
    post_storage_days: int = field(
        default=30, metadata={"doc": "How many days a letter with a code waits at the post "
                                     "office before it goes back and its code is revoked (1–90)"}
    )
    scan_repeat_seconds: float = field(
        default=4.0, metadata={"doc": "The same code seen again within this time is ignored"}
    )
    language: str = field(
        default="ru", metadata={"doc": "Language of the desk's windows: ru (Russian) or en "
                                       "(English); switched at the login window"}
    )
    font_scale: int = field(
        default=100, metadata={"doc": "Size of the desk's letters, per cent: 100, 125 or 150 "
                                      "(the «Вид» menu, Ctrl++ / Ctrl+- / Ctrl+0)"}
    )
    theme: str = field(
        default=DEFAULT_THEME, metadata={"doc": "standard, or high_contrast (white on black, "
                                                "a thick yellow frame on the focus); chosen "
                                                "in the «Вид» menu"}
    )
    window_geometry: dict[str, str] = field(
        default_factory=dict, metadata={"doc": "Saved window geometries by key (base64 of "
                                              "Qt's saveGeometry); read and written only "
                                              "through geometry() and set_geometry()"}
    )

    def validate(self) -> None:
        if not 1 <= self.idle_lock_minutes <= 120:
            raise ValueError("idle_lock_minutes must be between 1 and 120")
        if self.camera_index < 0:
            raise ValueError("camera_index must not be negative")
        if not 1 <= self.code_valid_days <= 365:
            raise ValueError("code_valid_days must be between 1 and 365")
        if not 1 <= self.post_storage_days <= 90:
            raise ValueError("post_storage_days must be between 1 and 90")
        if self.language not in ("ru", "en"):
            raise ValueError("language must be ru or en")
        if self.font_scale not in FONT_SCALES:
            raise ValueError("font_scale must be one of " + ", ".join(map(str, FONT_SCALES)))
        if self.theme not in THEMES:
            raise ValueError("theme must be one of " + ", ".join(THEMES))

    def geometry(self, key: str) -> bytes | None:
        """The saved geometry of the window known as ``key`` (None: never saved, or damaged)."""
        value = self.window_geometry.get(key)
        if not isinstance(value, str) or not value:
            return None
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            return None

    def set_geometry(self, key: str, data: bytes) -> None:
        self.window_geometry[key] = base64.b64encode(data).decode("ascii")

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or settings_path()
        try:
            raw: Any = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError):
            # A damaged settings file must not keep the desk from starting.
            return cls()
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in raw.items() if k in known} if isinstance(raw, dict) else {}
        if not isinstance(values.get("window_geometry", {}), dict):
            # Only where windows stood: not a reason to lose the rest of the settings.
            del values["window_geometry"]
        if values.get("language", "ru") not in ("ru", "en"):
            # An unknown language is Russian, not a reason to lose the other settings.
            del values["language"]
        # Nor an unknown size or theme: the standard one instead.
        if values.get("font_scale", 100) not in FONT_SCALES:
            del values["font_scale"]
        if values.get("theme", DEFAULT_THEME) not in THEMES:
            del values["theme"]
        try:
            settings = cls(**values)
            settings.validate()
        except (TypeError, ValueError):
            return cls()
        return settings

    def save(self, path: Path | None = None) -> None:
        self.validate()
        path = path or settings_path()
        from operator_app.keys import write_owner_only

        # Owner-only like the key file: it names the database server and the folders.
        path.parent.mkdir(parents=True, exist_ok=True)
        write_owner_only(path, json.dumps(dataclasses.asdict(self), ensure_ascii=False,
                                          indent=2).encode("utf-8"))


_current: Settings | None = None


def get_settings() -> Settings:
    global _current
    if _current is None:
        _current = Settings.load()
    return _current


def reset_settings_cache() -> None:
    global _current
    _current = None


def qr_signing_key() -> bytes:
    """Signs application QR codes (docs/qr-format.md); kept in the key file (keys.py)."""
    from operator_app import keys

    return keys.current().qr_signing


def code_hash_key() -> bytes:
    """Keys the stored hash of confirmation codes; kept in the key file (keys.py)."""
    from operator_app import keys

    return keys.current().code_hash


def resolve_db_url(explicit: str | None = None) -> str:
    """``--db`` beats ``OPERATOR_APP_DB`` beats the settings file beats the default file."""
    from operator_app.models.db import sqlite_url_for

    return (
        explicit
        or os.environ.get(DB_ENV)
        or get_settings().db_url
        or sqlite_url_for(default_db_path())
    )
