"""Files from outside — a USB stick, a scanner share, a file picked in a dialog — opened
within limits, and decoded where a crash cannot take the desk down.

Every import of a file goes through here: a QR code from a file (``decoders.decode_file``),
``operator-app decode`` and ``operator-app mrz``, a copy of a document
(``copies.capture_file``, from a file or the scanner folder). Camera frames are not files
and stay in the desk's process.

The limits, all in this module::

    bytes read from one file            MAX_FILE_BYTES         50 MB (a copy is stored
                                                               at most 5 MB, re-encoded)
    pixels of an image, from its header MAX_PIXELS             100 Mp
    pages of a PDF                      MAX_PDF_PAGES          20
    pixels of a rendered PDF page       PDF_MAX_RENDER_PIXELS  50 Mp (a bigger page is
                                                               rendered at a lower dpi)
    time for one file                   FILE_TIME_LIMIT        60 s wall clock (a
                                                               20-page A4 copy takes 5.5 s)
    the decoding process                MEMORY_LIMIT           2 GiB of data (heap),
                                        CPU_TIME_LIMIT         120 s of CPU

What is refused before anything is decoded: not a regular file (a FIFO, ``/dev/zero``, a
folder — ``read_file`` looks with ``stat`` and never waits on one), an empty file, a file
over ``MAX_FILE_BYTES`` (at most that plus one byte is ever read), an image whose header
declares more than ``MAX_PIXELS``. What the limits cannot foresee — a PDF page tree that
refers to itself, a library that crashes on a crafted file — happens in a child process
(``run_isolated``): a crash, a kill for memory or time becomes one sentence for that
file, in the desk's language (the child is told it), and the next file is read as usual.
This guards the desk against crashes and runaway files, it is not a sandbox: the child runs with the desk's rights, and its answer
comes back pickled.

Cost, measured on the desk's 2-core test machine: the first file of a session starts a
fork server that imports the decoders once (260 ms, paid by that file); after that an
empty job costs 5 ms (a fork), a QR code PNG 17 ms against 1 ms decoded in the desk's own
process (the child also loads zbar and builds its cascade), a two-page A4 PDF 129 ms
against 111 ms. Where ``forkserver`` does not exist (Windows) each file starts a fresh
interpreter that imports the decoders (not measured: there is no Windows desk here), and
there are no memory or CPU limits, only the time limit.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar, cast

from operator_app import messages
from operator_app.messages import t

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_PIXELS = 100_000_000  # 100 Mp: a 1200 dpi A4 scan is 140 Mp, a phone photo 12–50 Mp
MAX_PDF_PAGES = 20
PDF_MAX_RENDER_PIXELS = 50_000_000
FILE_TIME_LIMIT = 60.0
MEMORY_LIMIT = 2 * 1024**3
CPU_TIME_LIMIT = 120  # OpenCV's threads add up: CPU time runs faster than the clock

# What the fork server imports once, so each file's process starts without importing them.
_PRELOAD = ["operator_app.scanning.decoders", "operator_app.scanning.quality",
            "operator_app.scanning.mrz_cli", "pypdfium2", "PIL.Image", "zxingcpp"]

T = TypeVar("T")
_log = logging.getLogger(__name__)


class FileRefused(ValueError):
    """A file that cannot be read; ``message`` is one sentence for the clerk, in the desk's
    language when it was raised (display only: it is never stored).

    ``reason`` is one of "missing", "not_a_file", "unreadable", "empty", "too_large",
    "too_many_pages", "unsupported", "damaged", "encrypted", "timeout", "crashed".
    """

    def __init__(self, path: Path, reason: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.reason = reason
        self.message = message

    def __reduce__(self) -> tuple[Any, ...]:
        # Raised in the decoding process and re-raised here: keep all three fields.
        return (type(self), (self.path, self.reason, self.message))


def _name(path: Path) -> str:
    return path.name or str(path)


def read_file(path: str | Path, *, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; raises ``FileRefused``.

    Never blocks on a FIFO or a device: the file is looked at with ``stat`` first, opened
    with ``O_NONBLOCK`` and looked at again (it may have been swapped meanwhile), and at
    most ``limit`` + 1 bytes are read, whatever ``stat`` said the size was.
    """
    path = Path(path)
    name = _name(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise FileRefused(path, "missing", t("Файл не найден: {path}", path=path)) from None
    except OSError as error:
        raise FileRefused(path, "unreadable", _cannot_open(name, error)) from None
    _check_regular(path, info.st_mode)
    if info.st_size > limit:
        raise _too_big(path, info.st_size, limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except PermissionError:
        raise FileRefused(path, "unreadable", t("Нет доступа к файлу: {path}", path=path)) from None
    except OSError as error:
        raise FileRefused(path, "unreadable", _cannot_open(name, error)) from None
    try:
        _check_regular(path, os.fstat(descriptor).st_mode)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(descriptor, min(1024 * 1024, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        raise FileRefused(path, "unreadable", t("Не удалось прочитать файл {name}: {error}.",
                                                name=name, error=error.strerror or error)
                          ) from None
    finally:
        os.close(descriptor)
    if size > limit:
        raise _too_big(path, size, limit)
    if size == 0:
        raise FileRefused(path, "empty", t("Файл пустой: {name}.", name=name))
    return b"".join(chunks)


def _cannot_open(name: str, error: OSError) -> str:
    return t("Не удалось открыть файл {name}: {error}.", name=name,
             error=error.strerror or error)


def _check_regular(path: Path, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise FileRefused(path, "not_a_file", t("Это папка, а не файл: {path}", path=path))
    raise FileRefused(path, "not_a_file", t("Это не обычный файл (устройство или канал), "
                                            "прочитать его нельзя: {path}", path=path))


def _too_big(path: Path, size: int, limit: int) -> FileRefused:
    megabytes = 1024 * 1024
    return FileRefused(path, "too_large",
                       t("Файл {name} слишком большой: больше {limit} МБ (в нём {size:.0f} МБ "
                         "и больше).", name=_name(path), limit=limit // megabytes,
                         size=size / megabytes))


def check_image_header(data: bytes, path: Path, *, limit: int = MAX_PIXELS) -> tuple[int, int]:
    """(width, height) of an image from its header alone (PNG, JPEG, BMP, WebP, TIFF);
    raises ``FileRefused`` above ``limit`` pixels or when there is no readable header."""
    import io
    import warnings

    from PIL import Image, UnidentifiedImageError

    name = _name(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:  # reads the header, not the pixels
                width, height = image.size
    except Image.DecompressionBombError:
        # Pillow refuses past twice its own limit (179 Mp), above ours; say the size
        # where it is plain to see (a PNG's IHDR).
        if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
            width = int.from_bytes(data[16:20], "big")
            height = int.from_bytes(data[20:24], "big")
            raise FileRefused(path, "too_large",
                              too_many_pixels(name, width, height, limit)) from None
        raise FileRefused(path, "too_large", t("Файл {name}: слишком большое изображение "
                                               "(больше {limit:.0f} Мп).", name=name,
                                               limit=limit / 1e6)) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise FileRefused(path, "damaged", damaged_image(name)) from None
    if width <= 0 or height <= 0:
        raise FileRefused(path, "damaged", damaged_image(name))
    if width * height > limit:
        raise FileRefused(path, "too_large", too_many_pixels(name, width, height, limit))
    return width, height


def too_many_pixels(name: str, width: int, height: int, limit: int = MAX_PIXELS) -> str:
    return t("Файл {name}: слишком большое изображение ({width} × {height} точек, "
             "{pixels:.0f} Мп; можно не больше {limit:.0f} Мп) — сканируйте с 300–600 dpi.",
             name=name, width=width, height=height, pixels=width * height / 1e6,
             limit=limit / 1e6)


def damaged_image(name: str) -> str:
    return t("Изображение повреждено, прочитать его нельзя: {name}", name=name)


def render_scale(width_pt: float, height_pt: float, dpi: float,
                 *, limit: int = PDF_MAX_RENDER_PIXELS) -> float:
    """The scale (pixels per point) to render a PDF page at ``dpi``, lowered so that the
    page is at most ``limit`` pixels: a 200-inch page (the largest PDF allows) at 300 dpi
    would be 3.6 gigapixels."""
    scale = dpi / 72
    pixels = max(1.0, width_pt * scale) * max(1.0, height_pt * scale)
    if pixels > limit:
        scale *= (limit / pixels) ** 0.5
    return scale


# -- decoding in a child process ------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    """The limits of one child process; the defaults are the module's constants."""

    seconds: float = FILE_TIME_LIMIT
    memory: int = MEMORY_LIMIT
    cpu_seconds: int = CPU_TIME_LIMIT


_context: Any = None


def _mp_context() -> Any:
    """A fork server where there is one: forking the desk itself is unsafe (Qt's threads,
    the database pool), and a fresh interpreter per file costs half a second of imports."""
    global _context
    if _context is None:
        context: Any
        if "forkserver" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(_PRELOAD)
        else:
            context = multiprocessing.get_context("spawn")
        _context = context
    return _context


def _limit_self(limits: Limits) -> None:
    try:
        import resource
    except ImportError:  # Windows: the parent's timeout is the only limit
        return
    # RLIMIT_DATA, not RLIMIT_AS: address space counts what every thread merely reserves
    # (64 MB of malloc arena each: a 16-core desk's OpenCV threads alone reserve 1 GB),
    # data counts what is really allocated.
    memory = getattr(resource, "RLIMIT_DATA", resource.RLIMIT_AS)
    for which, value in ((memory, limits.memory),
                         (resource.RLIMIT_CPU, limits.cpu_seconds),
                         (resource.RLIMIT_CORE, 0)):
        hard = resource.getrlimit(which)[1]
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)  # a hard limit already lower than ours stays
        resource.setrlimit(which, (value, hard))


def _child(connection: Connection, limits: Limits, language: str,
           function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    _limit_self(limits)
    # The fork server was started in the language of its day: speak the desk's current one,
    # so that a refusal raised here reads as one raised in the desk.
    messages.set_language(language)
    try:
        result: tuple[str, Any] = ("ok", function(*args))
    except FileRefused as error:
        result = ("refused", error)
    except ValueError as error:
        # quality.CopyRejected and the like: a sentence for the clerk already.
        result = (("refused", error) if hasattr(error, "reason") and hasattr(error, "message")
                  else ("error", f"{type(error).__name__}: {error}"[:500]))
    except MemoryError:
        result = ("memory", None)
    except BaseException as error:  # noqa: BLE001 - every failure becomes a sentence
        text = f"{type(error).__name__}: {error}"
        result = ("memory" if "bad_alloc" in text or "Insufficient memory" in text
                  else "error", text[:500])
    try:
        connection.send(result)
    except Exception as error:  # noqa: BLE001 - e.g. a result that does not pickle
        connection.send(("error", f"{type(error).__name__}: {error}"[:500]))
    connection.close()


def run_isolated(function: Callable[..., T], *args: Any, path: Path,
                 refuse: Callable[[str, str], Exception] | None = None,
                 limits: Limits | None = None) -> T:
    """``function(*args)`` in a child process under ``limits``; its result, or its
    ``FileRefused`` re-raised, or — when it crashed, ran out of memory or time, or raised
    anything else — ``refuse(reason, sentence)`` (by default a ``FileRefused``) about
    ``path``, which is only named in the sentence.

    ``function`` and ``args`` must pickle (a module-level function, plain data).
    """
    limits = limits or Limits()
    make = refuse or (lambda reason, message: FileRefused(path, reason, message))
    name = _name(path)
    context = _mp_context()
    receiver, sender = context.Pipe(duplex=False)
    language = messages.current_language()
    process = context.Process(target=_child, args=(sender, limits, language, function, args),
                              name=f"decode {name}", daemon=True)
    started = time.monotonic()
    process.start()
    sender.close()
    status, payload = "died", None  # until it answers
    try:
        if receiver.poll(limits.seconds):
            with contextlib.suppress(EOFError, OSError):  # it died before answering
                status, payload = receiver.recv()
        else:
            status = "timeout"
    finally:
        if status in ("died", "timeout"):
            process.kill()
        process.join(max(1.0, limits.seconds - (time.monotonic() - started)))
        if process.is_alive():  # pragma: no cover - it answered, then hung on exit
            process.kill()
            process.join(1.0)
        receiver.close()
    exit_code = process.exitcode
    process.close()
    if status == "ok":
        return cast(T, payload)
    if status == "refused":
        raise cast(Exception, payload)
    if status == "error":
        _log.warning("decoding %s failed: %s", name, payload)
    raise make(*_failure(status, exit_code, name, limits))


def _failure(status: str, exit_code: int | None, name: str, limits: Limits
             ) -> tuple[str, str]:
    """(reason, sentence) for a child that did not give a result."""
    import signal

    if status == "timeout" or exit_code == -getattr(signal, "SIGXCPU", -1000):
        return "timeout", t("Файл {name} не удалось прочитать: чтение заняло больше {seconds:g} "
                            "с — файл слишком большой или сложный.", name=name,
                            seconds=limits.seconds)
    if status == "memory":
        return "too_large", t("Файл {name} не удалось прочитать: ему нужно больше {memory:.0f} "
                              "ГБ памяти — файл слишком большой или сложный.", name=name,
                              memory=limits.memory / 1024**3)
    if status == "error":
        return "damaged", t("Файл {name} не удалось прочитать: он повреждён или устроен "
                            "необычно.", name=name)
    _log.warning("decoding %s: the child process ended with %s", name, exit_code)
    return "crashed", t("Файл {name} не удалось прочитать: программа чтения аварийно "
                        "завершилась — файл, вероятно, повреждён.", name=name)
