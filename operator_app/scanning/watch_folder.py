"""Watching the folder the scanner's software saves into, by polling.

The GUI calls ``FolderWatcher.poll()`` from a Qt timer every 200–500 ms; a file is
reported once it has stopped growing — the same size and modification time seen by two
polls at least ``settle_ms`` apart — so a scan appears in the visit within about
``settle_ms`` + two timer periods (under 2 s at the defaults) and is never read half
written. Polling rather than file-system notifications: it works the same on a network
share (where notifications often never arrive) and on every platform, and one
``os.scandir`` of a folder of a few hundred files costs well under a millisecond.

Temporary and partial files that scanner software, browsers and office programs write
(``.tmp``, ``.part``, ``~$…``, hidden files) are ignored; their final name appears by a
rename and is picked up then. A file overwritten under the same name (some scanner
programs always save ``scan.jpg``) is reported again once it settles.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from operator_app.messages import t

TEMP_SUFFIXES = frozenset({".tmp", ".temp", ".part", ".partial", ".crdownload", ".download",
                           ".filepart", ".swp"})
IGNORED_NAMES = frozenset({"thumbs.db", "desktop.ini"})


def is_ignored(name: str) -> bool:
    """Whether a file name is a temporary, partial or system file, never a finished scan."""
    lower = name.lower()
    return (lower.startswith((".", "~")) or lower in IGNORED_NAMES
            or os.path.splitext(lower)[1] in TEMP_SUFFIXES)


@dataclass
class _Seen:
    size: int
    mtime_ns: int
    since: float  # when this size and mtime were first seen
    reported: bool = False


class FolderWatcher:
    """Reports files that appeared in ``path`` (or changed) since the watcher started,
    once they have stopped growing.

    ``include_existing=False`` (the default) ignores what is already in the folder when
    the watcher is made: yesterday's scans must not be attached to today's visit.
    ``problem`` is a sentence in the desk's language while the folder cannot be read (a network share
    offline), None otherwise. ``clock`` is for tests.
    """

    def __init__(self, path: str | Path, *, settle_ms: int = 500, include_existing: bool = False,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.path = Path(path)
        self.settle = settle_ms / 1000
        self.problem: str | None = None
        self._clock = clock
        self._seen: dict[str, _Seen] = {}
        if not include_existing:
            now = clock()
            for name, (size, mtime_ns) in self._scan().items():
                self._seen[name] = _Seen(size, mtime_ns, now, reported=True)

    def _scan(self) -> dict[str, tuple[int, int]]:
        found: dict[str, tuple[int, int]] = {}
        try:
            with os.scandir(self.path) as entries:
                for entry in entries:
                    if is_ignored(entry.name):
                        continue
                    try:
                        if not entry.is_file():
                            continue
                        info = entry.stat()
                    except OSError:
                        continue  # deleted or renamed between listing and stat
                    # Windows marks hidden files by an attribute, not by a leading dot.
                    if getattr(info, "st_file_attributes", 0) & getattr(
                            stat, "FILE_ATTRIBUTE_HIDDEN", 0):
                        continue
                    found[entry.name] = (info.st_size, info.st_mtime_ns)
        except FileNotFoundError:
            self.problem = t("Папка сканера не найдена: {path}", path=self.path)
            return {}
        except OSError as error:
            self.problem = t("Папка сканера недоступна: {path} ({error})", path=self.path,
                             error=error.strerror or error)
            return {}
        self.problem = None
        return found

    def poll(self) -> list[Path]:
        """Files that became ready since the last call, oldest first."""
        now = self._clock()
        current = self._scan()
        if self.problem is not None:
            return []  # keep what was seen: the share may come back with the same files
        ready: list[tuple[int, str]] = []
        for name in list(self._seen):
            if name not in current:
                del self._seen[name]
        for name, (size, mtime_ns) in current.items():
            seen = self._seen.get(name)
            if seen is None or (seen.size, seen.mtime_ns) != (size, mtime_ns):
                # New, or still being written (or overwritten): start the clock again.
                self._seen[name] = _Seen(size, mtime_ns, now)
                continue
            # An empty file is a scan that has not started being written yet.
            if not seen.reported and size > 0 and now - seen.since >= self.settle:
                seen.reported = True
                ready.append((mtime_ns, name))
        return [self.path / name for _, name in sorted(ready)]
