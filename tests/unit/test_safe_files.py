"""Files from outside within limits: each bad file is one clear error, the next file is read.

The files are the ones that hurt the desk before (issue 16, item 6), made small: a PNG
declaring 65000² pixels (a traceback), one declaring 30000² (gigabytes), a 200-inch PDF
page (zxing crashed at 7 GB), a 500-page PDF (a minute), a page tree that refers to itself
(a traceback), an empty file, a FIFO and /dev/zero (the desk hung).
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
import time
from pathlib import Path

import cv2
import pytest

from operator_app.scanning import decoders, safe_files
from operator_app.scanning.decoders import UnreadableFile
from operator_app.scanning.safe_files import FileRefused, Limits, read_file, run_isolated
from tests.helpers import nasty_files
from tests.unit.test_decoders import PAYLOAD, frame_with, qr_symbol

posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev/zero")

# A guard against a hang, not a speed target (speed is measured in bench/): a page rendered
# without the pixel limit, or a child that is never stopped, takes minutes or never ends.
HANG = 30.0


def _good_png(path: Path) -> Path:
    frame, _ = frame_with(qr_symbol())
    path.write_bytes(cv2.imencode(".png", frame)[1].tobytes())
    return path


def _code_png() -> bytes:
    return bytes(cv2.imencode(".png", qr_symbol(module=4))[1].tobytes())


def bad_files(folder: Path) -> list[tuple[Path, str, str]]:
    """(file, reason, words of its message) for each kind of bad file."""
    made = [
        (folder / "65000.png", nasty_files.png_declaring(65000, 65000), "too_large",
         "слишком большое изображение"),
        (folder / "30000.png", nasty_files.png_declaring(30000, 30000), "too_large",
         "30000 × 30000"),
        (folder / "loop.pdf", nasty_files.self_referencing_pdf(), "damaged", "повреждена"),
        (folder / "empty.png", b"", "empty", "Файл пустой"),
    ]
    for path, data, _reason, _words in made:
        path.write_bytes(data)
    found = [(path, reason, words) for path, _data, reason, words in made]
    found.append((nasty_files.sparse(folder / "huge.jpg", safe_files.MAX_FILE_BYTES + 1),
                  "too_large", "больше 50 МБ"))
    if os.name == "posix":
        found.append((nasty_files.fifo(folder / "pipe.png"), "not_a_file", "не обычный файл"))
        found.append((Path("/dev/zero"), "not_a_file", "не обычный файл"))
    return found


def test_each_bad_file_is_one_clear_error_and_the_batch_goes_on(tmp_path: Path):
    started = time.perf_counter()
    for path, reason, words in bad_files(tmp_path):
        with pytest.raises(UnreadableFile, match=words) as caught:
            decoders.decode_file(path)
        assert caught.value.reason == reason, path
        assert path.name in caught.value.message
        assert "\n" not in caught.value.message
    assert decoders.decode_file(_good_png(tmp_path / "good.png")).texts == [PAYLOAD]
    assert time.perf_counter() - started < HANG


def test_a_200_inch_page_is_rendered_within_the_pixel_limit(tmp_path: Path):
    # Blank, it used to be rendered at 150 dpi (900 Mp), then again at 300 dpi (3.6
    # gigapixels), where zxing crashed the desk at 7 GB.
    blank = tmp_path / "blank poster.pdf"
    blank.write_bytes(nasty_files.poster_pdf())
    started = time.perf_counter()
    assert decoders.decode_file(blank).codes == ()
    assert time.perf_counter() - started < HANG
    path = tmp_path / "poster.pdf"
    path.write_bytes(nasty_files.poster_pdf(_code_png()))
    result = decoders.decode_file(path)
    assert result.texts == [PAYLOAD]
    # Points stay in pixels of the page at PDF_DPI (30000 px wide), though it was
    # rendered at about 35 dpi to stay under PDF_MAX_RENDER_PIXELS.
    xs = [x for x, _ in result.codes[0][1].points]
    assert 11000 < min(xs) < max(xs) < 19000


def test_a_500_page_pdf_is_read_up_to_the_page_limit_and_says_so(tmp_path: Path):
    path = tmp_path / "long.pdf"
    path.write_bytes(nasty_files.long_pdf(500))
    started = time.perf_counter()
    result = decoders.decode_file(path)
    assert time.perf_counter() - started < HANG
    assert (result.page_count, result.pages_read, result.codes) == (500, 20, ())
    assert result.note == "Прочитаны первые 20 страниц из 500 файла long.pdf."


def test_reading_never_waits_and_never_reads_past_the_limit(tmp_path: Path):
    path = tmp_path / "scan.jpg"
    path.write_bytes(b"\xff\xd8\xff" + b"\x00" * 97)
    assert read_file(path) == path.read_bytes()
    with pytest.raises(FileRefused, match="больше 0 МБ") as caught:
        read_file(path, limit=99)
    assert caught.value.reason == "too_large"
    with pytest.raises(FileRefused, match="папка"):
        read_file(tmp_path)
    with pytest.raises(FileRefused, match="не найден"):
        read_file(tmp_path / "nothing.png")


# -- the child process ---------------------------------------------------------------------


def _segfault() -> None:
    ctypes.string_at(0)  # reads address 0: SIGSEGV, as a decoder crashing on a file would


def _sleep() -> None:
    time.sleep(60)


def _eat_memory() -> bytearray:
    return bytearray(3 * 1024**3)


def _refuse(path: Path) -> None:
    raise UnreadableFile(path, "damaged", f"Файл {path.name} повреждён.")


@pytest.mark.parametrize(("function", "limits", "reason", "words"), [
    (_segfault, Limits(), "crashed", "аварийно завершилась"),
    (_sleep, Limits(seconds=0.5), "timeout", "больше 0.5 с"),
    (_eat_memory, Limits(), "too_large", "памяти"),
], ids=["crash", "time", "memory"])
def test_a_child_that_fails_is_one_sentence_about_its_file(function, limits: Limits,
                                                            reason: str, words: str):
    path = Path("скан.pdf")
    started = time.perf_counter()
    with pytest.raises(FileRefused, match=words) as caught:
        run_isolated(function, path=path, limits=limits)
    assert caught.value.reason == reason
    assert caught.value.message.startswith("Файл скан.pdf не удалось прочитать: ")
    assert time.perf_counter() - started < HANG
    assert run_isolated(len, "after", path=path) == 5  # and the next file is read


def test_a_refusal_in_the_child_keeps_its_class_and_fields():
    path = Path("a.png")
    with pytest.raises(UnreadableFile) as caught:
        run_isolated(_refuse, path, path=path)
    assert (caught.value.path, caught.value.reason, caught.value.message) == (
        path, "damaged", "Файл a.png повреждён.")


@pytest.mark.skipif("forkserver" not in __import__("multiprocessing").get_all_start_methods(),
                    reason="without a fork server each file starts an interpreter")
def test_a_file_costs_a_fork_not_an_interpreter():
    run_isolated(len, "warm", path=Path("x"))  # the fork server is started once
    started = time.perf_counter()
    for _ in range(5):
        run_isolated(len, "x", path=Path("x"))
    per_file = (time.perf_counter() - started) / 5
    # Compared, in the same run, with what an interpreter that imports the decoders costs.
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import operator_app.scanning.decoders"], check=True)
    interpreter = time.perf_counter() - started
    assert per_file < interpreter / 2, (per_file, interpreter)
