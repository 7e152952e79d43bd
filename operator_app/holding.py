"""The desk's holding folder: copies captured while the database could not be reached.

A webcam still or a scanned copy taken while the server is down must not be lost: it is
written here (owner-only, the bytes and what they belong to) and stored in the database
as soon as it is back (views/checklist.py). Qt-free.
"""

from __future__ import annotations

import contextlib
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from operator_app.keys import write_owner_only
from operator_app.settings import data_dir


def folder() -> Path:
    return data_dir() / "holding"


@dataclass(frozen=True)
class HeldCopy:
    path: Path  # the bytes; its metadata beside it with the suffix .json
    name: str
    visit_id: int
    document_id: int
    source: str
    kind_confirmed: bool

    def data(self) -> bytes:
        return self.path.read_bytes()

    def release(self) -> None:
        """Stored in the database: the local copy goes."""
        for path in (self.path, self.path.with_suffix(".json")):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


def hold(data: bytes, *, name: str, visit_id: int, document_id: int, source: str,
         kind_confirmed: bool = False) -> HeldCopy:
    where = folder()
    where.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = where / f"{secrets.token_hex(8)}.bin"
    write_owner_only(path, data)
    meta = {"name": name, "visit_id": visit_id, "document_id": document_id, "source": source,
            "kind_confirmed": kind_confirmed}
    write_owner_only(path.with_suffix(".json"), json.dumps(meta, ensure_ascii=False).encode())
    return HeldCopy(path, name, visit_id, document_id, source, kind_confirmed)


def held() -> list[HeldCopy]:
    """Every copy waiting, oldest first (a damaged entry is left where it is)."""
    found = []
    where = folder()
    if not where.is_dir():
        return []
    for meta_path in sorted(where.glob("*.json"), key=lambda p: p.stat().st_mtime):
        path = meta_path.with_suffix(".bin")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            found.append(HeldCopy(path, str(meta["name"]), int(meta["visit_id"]),
                                  int(meta["document_id"]), str(meta["source"]),
                                  bool(meta.get("kind_confirmed", False))))
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if not path.exists():
            continue
    return [h for h in found if h.path.exists()]
