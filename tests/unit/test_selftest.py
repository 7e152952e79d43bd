"""The shift's self-test: each check green, or what to do in one sentence."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from operator_app import selftest
from operator_app.scanning.sources import OpenCvSource
from tests.conftest import BACKEND
from tests.helpers.video import write_video


def test_the_database_is_reachable_and_current(db):
    check = selftest.database(db)
    assert check.ok, check.says
    assert "схема" in check.says


def test_a_database_behind_the_program_says_to_upgrade(empty_db_url):
    from operator_app.models import Database

    database = Database(empty_db_url)
    try:
        check = selftest.database(database)
    finally:
        database.dispose()
    assert not check.ok
    assert "operator-app db upgrade" in check.says


def test_scan_folder(tmp_path):
    assert selftest.scan_folder("").ok
    assert selftest.scan_folder(str(tmp_path)).ok
    missing = selftest.scan_folder(str(tmp_path / "nowhere"))
    assert not missing.ok
    assert "нет" in missing.says


def test_the_camera_gives_a_picture_or_says_what_to_do(tmp_path):
    video = write_video(tmp_path / "desk.avi", [np.full((480, 640, 3), 128, np.uint8)] * 5)
    working = selftest.camera(0, open_source=lambda _i: OpenCvSource(str(video)))
    assert working.ok, working.says
    assert "640×480" in working.says
    gone = selftest.camera(0, open_source=lambda _i: OpenCvSource(str(tmp_path / "none.avi")))
    assert not gone.ok
    assert gone.says


def test_the_test_card_is_read_through_the_camera_or_the_clerk_is_told_to_show_it(
        tmp_path):
    import random

    from tests.helpers.video import cluttered_background, place, qr_image

    desk = cluttered_background(random.Random(4))
    held = place(desk, qr_image(selftest.TEST_CARD_TEXT, module_px=6), angle=12)
    video = write_video(tmp_path / "card.avi", [desk] * 3 + [held] * 20)
    picture, card = selftest.camera_and_card(
        0, open_source=lambda _i: OpenCvSource(str(video)), card_seconds=5.0)
    assert picture.ok
    assert card.ok, card.says
    assert card.title == "Тестовая карточка"
    assert "прочитана с камеры" in card.says
    empty = write_video(tmp_path / "desk.avi", [desk] * 10)
    picture, card = selftest.camera_and_card(
        0, open_source=lambda _i: OpenCvSource(str(empty)), card_seconds=0.5)
    assert picture.ok
    assert not card.ok
    assert card.says.startswith("Поднесите тестовую карточку к камере")


def test_the_printed_test_card_reads_back_as_the_card(tmp_path):
    from pypdf import PdfReader

    from operator_app.scanning.decoders import decode_pdf
    from printing.qr import test_card_pdf

    path = tmp_path / "card.pdf"
    path.write_bytes(test_card_pdf(selftest.TEST_CARD_TEXT))
    assert [code.text for _page, code in decode_pdf(path)] == [selftest.TEST_CARD_TEXT]
    assert "Тестовая карточка Operator Desk" in PdfReader(path).pages[0].extract_text()


@pytest.mark.skipif(BACKEND != "postgresql", reason="the database server's own clock")
def test_a_desk_clock_minutes_off_the_server_is_said(db):
    assert selftest.clock(db).ok
    off = selftest.clock(db, now=lambda: dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5))
    assert not off.ok
    assert "NTP" in off.says
