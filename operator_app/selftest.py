"""The shift's self-test: is this desk ready for a queue of applicants?

Each check is green, or says in one sentence what to do, in the desk's language (the
core catalogue: nothing of it is stored). The Qt-free ones are here
(database, clock, scan folder, MRZ font and OCR, barcode decoders, camera); the printer
check needs Qt and lives in views/selftest_dialog.py. Run at login and on demand.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from operator_app.messages import t
from operator_app.models import Database, DatabaseError

if TYPE_CHECKING:
    from operator_app.scanning.decoders import BarcodeDecoder
    from operator_app.scanning.sources import FrameSource

CLOCK_TOLERANCE = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class Check:
    title: str
    ok: bool
    says: str  # what was found when ok; what to do when not


def database(db: Database) -> Check:
    title = t("База данных")
    try:
        db.check_reachable()
        from operator_app.models.db import HEAD_REVISION

        revision = db.current_revision()
    except DatabaseError as error:
        return Check(title, False, str(error))
    if revision != HEAD_REVISION:
        return Check(title, False, t("Схема базы данных {revision} не новейшая ({head}): "
                                     "выполните «operator-app db upgrade».",
                                     revision=revision or t("(пусто)"), head=HEAD_REVISION))
    return Check(title, True, t("доступна, схема {revision}: {name}", revision=revision,
                                name=db.display_name))


def clock(db: Database, *, now: Callable[[], dt.datetime] | None = None) -> Check:
    """The desk's clock against the database server's: codes expire and the log orders
    events by time, so a desk a few minutes off writes a wrong history."""
    title = t("Часы")
    if db.is_sqlite:
        return Check(title, True, t("база на этом компьютере: часы общие"))
    from sqlalchemy import text

    try:
        with db.read() as session:
            server = session.scalar(text("SELECT now()"))
    except DatabaseError as error:
        return Check(title, False, str(error))
    local = (now or (lambda: dt.datetime.now(dt.UTC)))()
    skew = abs(local - server)
    if skew > CLOCK_TOLERANCE:
        return Check(title, False, t("Часы этого компьютера расходятся с сервером базы данных "
                                     "на {seconds} с: включите синхронизацию времени (NTP).",
                                     seconds=int(skew.total_seconds())))
    return Check(title, True, t("расходятся с сервером на {seconds:.1f} с",
                                seconds=skew.total_seconds()))


def scan_folder(folder: str) -> Check:
    title = t("Папка сканера")
    if not folder:
        return Check(title, True, t("не задана: копии добавляются из файла или с камеры"))
    path = Path(folder)
    if not path.is_dir():
        return Check(title, False, t("Папки {path} нет: создайте её или укажите в настройках "
                                     "ту, куда сохраняет программа сканера.", path=path))
    try:
        with tempfile.NamedTemporaryFile(dir=path, prefix=".selftest-"):
            pass
    except OSError as error:
        return Check(title, False, t("В папку {path} нельзя записать ({error}): дайте права "
                                     "на запись.", path=path, error=error.strerror))
    return Check(title, True, t("{path}: запись возможна", path=path))


def mrz_reader() -> Check:
    from operator_app.scanning.mrz import ocr_available, ocrb_font_path, tesseract_problem

    title = t("Чтение MRZ")
    problem = ocr_available()
    if problem is not None:
        return Check(title, False, problem)
    parts = [t("шрифт OCR-B есть") if ocrb_font_path() else
             t("шрифта OCR-B нет (apt-get install fonts-ocr-b)")]
    parts.append(t("Tesseract есть") if tesseract_problem() is None
                 else t("Tesseract не установлен"))
    return Check(title, ocrb_font_path() is not None, "; ".join(parts))


def barcode_decoders() -> Check:
    from operator_app.scanning.decoders import missing_decoders

    title = t("Распознавание QR-кодов")
    missing = missing_decoders()
    if missing:
        return Check(title, False, " ".join(missing))
    return Check(title, True, t("zxing-cpp и zbar работают"))


# What the test card's code says (printing.qr.test_card_pdf prints it; the self-test
# dialog saves it): not an application, so the desk never opens anything for it.
TEST_CARD_TEXT = "OPERATOR-DESK:TEST-CARD"
CARD_SECONDS = 4.0  # how long the camera check looks for the card


def camera(index: int, *, open_source: Callable[[int], FrameSource] | None = None) -> Check:
    """The webcam opens and gives a picture."""
    return camera_and_card(index, open_source=open_source, card_seconds=0.0)[0]


def camera_and_card(index: int, *, open_source: Callable[[int], FrameSource] | None = None,
                    card_seconds: float = CARD_SECONDS) -> list[Check]:
    """The webcam opens and gives a picture; then, for up to ``card_seconds``, its frames
    go through the desk's own camera decoder until the test card's code is read (the
    whole way a code takes at the desk, lens to text). No card for a zero time."""
    title = t("Камера")
    from operator_app.scanning.decoders import camera_decoder, default_cascade
    from operator_app.scanning.sources import CameraError, OpenCvSource

    source = (open_source or OpenCvSource)(index)
    card: Check | None = None
    try:
        source.open()
        frame = None
        for _ in range(10):
            frame = source.read()
            if frame is not None:
                break
        if frame is not None and card_seconds > 0:
            card = _look_for_card(source, camera_decoder(default_cascade()), card_seconds)
    except CameraError as error:
        return [Check(title, False, str(error))]
    finally:
        source.close()
    if frame is None:
        return [Check(title, False, t("Камера открылась, но не передаёт изображение: "
                                      "переподключите её."))]
    checks = [Check(title, True, t("камера {index} передаёт {width}×{height}", index=index,
                                   width=frame.shape[1], height=frame.shape[0]))]
    return checks if card is None else [*checks, card]


def _look_for_card(source: FrameSource, decoder: BarcodeDecoder, seconds: float) -> Check:
    import time

    title = t("Тестовая карточка")
    started = time.monotonic()
    other = ""
    while time.monotonic() - started < seconds:
        frame = source.read()
        if frame is None:
            time.sleep(0.02)
            continue
        for code in decoder.decode(frame):
            if code.text == TEST_CARD_TEXT:
                return Check(title, True, t("прочитана с камеры за {seconds:.1f} с",
                                            seconds=time.monotonic() - started))
            other = other or code.format
    if other:
        return Check(title, True, t("с камеры прочитан QR-код (не тестовая карточка): "
                                    "распознавание работает"))
    return Check(title, False, t("Поднесите тестовую карточку к камере и нажмите «Проверить "
                                 "снова» (карточку сохраняет кнопка «Тестовая карточка…»)."))


def run_all(db: Database, *, scan_folder_path: str, camera_index: int | None
            ) -> list[Check]:
    checks = [database(db), clock(db), scan_folder(scan_folder_path), mrz_reader(),
              barcode_decoders()]
    if camera_index is not None and not os.environ.get("OPERATOR_APP_NO_CAMERA_CHECK"):
        checks.extend(camera_and_card(camera_index))
    return checks
