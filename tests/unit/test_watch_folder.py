"""The scanner folder watcher on a real folder, with a test clock."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from operator_app.scanning.watch_folder import FolderWatcher, is_ignored


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, ms: float) -> None:
        self.now += ms / 1000


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _touch(path: Path, data: bytes, mtime_ns: int) -> None:
    with path.open("ab") as file:
        file.write(data)
    os.utime(path, ns=(mtime_ns, mtime_ns))


def test_file_is_reported_only_after_it_stops_growing(tmp_path: Path, clock: Clock):
    watcher = FolderWatcher(tmp_path, settle_ms=500, clock=clock)
    scan = tmp_path / "scan001.jpg"
    _touch(scan, b"\xff\xd8" + b"x" * 1000, 1_000)
    assert watcher.poll() == []  # first seen
    clock.advance(300)
    _touch(scan, b"y" * 1000, 2_000)  # still growing
    assert watcher.poll() == []
    clock.advance(300)
    assert watcher.poll() == []  # stable for 300 ms only
    clock.advance(250)
    assert watcher.poll() == [scan]  # stable for 550 ms
    clock.advance(300)
    assert watcher.poll() == []  # reported once


def test_temporary_hidden_and_existing_files_are_ignored(tmp_path: Path, clock: Clock):
    (tmp_path / "old.jpg").write_bytes(b"old scan")
    watcher = FolderWatcher(tmp_path, settle_ms=200, clock=clock)
    for name in ["scan.tmp", "scan.jpg.part", "~$report.pdf", ".hidden.jpg", "Thumbs.db"]:
        (tmp_path / name).write_bytes(b"data")
    (tmp_path / "subfolder").mkdir()
    (tmp_path / "empty.jpg").write_bytes(b"")
    for _ in range(3):
        assert watcher.poll() == []
        clock.advance(300)
    assert is_ignored("~$report.pdf")
    assert not is_ignored("scan 2024-05-01.pdf")


def test_rename_from_temporary_name_and_overwrite_are_picked_up(tmp_path: Path, clock: Clock):
    watcher = FolderWatcher(tmp_path, settle_ms=200, clock=clock)
    partial = tmp_path / "scan.pdf.part"
    partial.write_bytes(b"%PDF-1.7 ...")
    assert watcher.poll() == []
    final = tmp_path / "scan.pdf"
    partial.rename(final)
    assert watcher.poll() == []
    clock.advance(250)
    assert watcher.poll() == [final]
    # The scanner program saves the next scan under the same name.
    final.write_bytes(b"%PDF-1.7 another scan")
    os.utime(final, ns=(5_000_000_000, 5_000_000_000))
    assert watcher.poll() == []
    clock.advance(250)
    assert watcher.poll() == [final]


def test_missing_folder_is_reported_not_raised(tmp_path: Path, clock: Clock):
    folder = tmp_path / "share"
    watcher = FolderWatcher(folder, clock=clock)
    assert watcher.poll() == []
    assert watcher.problem is not None
    assert "Папка сканера не найдена" in watcher.problem
    folder.mkdir()
    assert watcher.poll() == []
    assert watcher.problem is None


def test_poll_is_cheap(tmp_path: Path):
    for index in range(300):
        (tmp_path / f"scan{index:03}.jpg").write_bytes(b"x")
    watcher = FolderWatcher(tmp_path)
    started = time.perf_counter()
    for _ in range(20):
        watcher.poll()
    assert (time.perf_counter() - started) / 20 < 0.2  # a guard against a poll that blocks, not a speed target


def test_real_clock_end_to_end(tmp_path: Path):
    watcher = FolderWatcher(tmp_path, settle_ms=50)
    (tmp_path / "scan.png").write_bytes(b"\x89PNG data")
    deadline = time.monotonic() + 2
    found: list[Path] = []
    while not found and time.monotonic() < deadline:
        found = watcher.poll()
        time.sleep(0.02)
    assert found == [tmp_path / "scan.png"]
