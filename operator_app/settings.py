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
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir, user_data_dir

APP_DIR_NAME = "operator-desk"
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
    qr_signing_key: str = field(
        default="",
        metadata={"doc": "Hex HMAC key that signs application QR codes; the same on every desk "
                         "and on the portal (OPERATOR_APP_QR_KEY overrides; generated if empty)"},
    )
    code_hash_key: str = field(
        default="",
        metadata={"doc": "Hex HMAC key under which confirmation codes are stored (only their "
                         "keyed hash is); the same on every desk and on the portal "
                         "(OPERATOR_APP_CODE_KEY overrides; generated if empty)"},
    )
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
        for name in ("qr_signing_key", "code_hash_key"):
            value = getattr(self, name)
            if value:
                try:
                    if len(bytes.fromhex(value)) < 16:
                        raise ValueError
                except ValueError:
                    raise ValueError(f"{name} must be at least 16 bytes in hex") from None
        if not 1 <= self.code_valid_days <= 365:
            raise ValueError("code_valid_days must be between 1 and 365")
        if not 1 <= self.post_storage_days <= 90:
            raise ValueError("post_storage_days must be between 1 and 90")

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
        try:
            settings = cls(**values)
            settings.validate()
        except (TypeError, ValueError):
            return cls()
        return settings

    def save(self, path: Path | None = None) -> None:
        self.validate()
        path = path or settings_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(dataclasses.asdict(self), ensure_ascii=False, indent=2),
                       encoding="utf-8")
        tmp.replace(path)


_current: Settings | None = None


def get_settings() -> Settings:
    global _current
    if _current is None:
        _current = Settings.load()
    return _current


def reset_settings_cache() -> None:
    global _current
    _current = None


QR_KEY_ENV = "OPERATOR_APP_QR_KEY"
CODE_KEY_ENV = "OPERATOR_APP_CODE_KEY"


def _shared_key(field_name: str, env: str) -> bytes:
    """An installation-wide secret: environment, then settings; made once if absent.

    Every desk of an installation and the portal must share it, so an administrator copies
    it from one settings file to the others (or sets the variable).
    """
    from_env = os.environ.get(env, "").strip()
    if from_env:
        return bytes.fromhex(from_env)
    settings = get_settings()
    if not getattr(settings, field_name):
        setattr(settings, field_name, secrets.token_hex(32))
        settings.save()
    return bytes.fromhex(getattr(settings, field_name))


def qr_signing_key() -> bytes:
    """Signs application QR codes (docs/qr-format.md)."""
    return _shared_key("qr_signing_key", QR_KEY_ENV)


def code_hash_key() -> bytes:
    """Keys the stored hash of confirmation codes."""
    return _shared_key("code_hash_key", CODE_KEY_ENV)


def resolve_db_url(explicit: str | None = None) -> str:
    """``--db`` beats ``OPERATOR_APP_DB`` beats the settings file beats the default file."""
    from operator_app.models.db import sqlite_url_for

    return (
        explicit
        or os.environ.get(DB_ENV)
        or get_settings().db_url
        or sqlite_url_for(default_db_path())
    )
