"""The post counter as the clerk works it: a scanned letter, the passport check, the
hand-over, and every refusal with its reason; arrivals; the return of unclaimed letters."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from operator_app.models import LetterState, PointKind, PostLetter, utcnow
from operator_app.services import codes, operators, post
from operator_app.services.actor import Section
from operator_app.services.post import RefusalReason
from operator_app.services.scan import ScanSource
from operator_app.settings import code_hash_key
from operator_app.views.post_counter import passport_from_scan
from tests.conftest import PASSWORD
from tests.gui.conftest import log_in, type_text
from tests.helpers.post import add_post_applications, deliver, passport


def _batch(world, office="101000", *, now=None) -> post.Batch:
    with world.db.write() as session:
        return post.create_batch(session, world.supervisor, office, key=code_hash_key(),
                                 now=now)


@pytest.fixture
def counter(world, desk, qtbot):
    log_in(qtbot, desk, "post", PASSWORD)
    qtbot.waitUntil(lambda: desk.window is not None)
    return desk.window.sections[Section.POST_COUNTER]


def _state(world, tracking):
    with world.db.read() as session:
        return session.scalar(select(PostLetter.state)
                              .where(PostLetter.tracking_number == tracking))


def _scan(desk, counter, qtbot, tracking):
    """A hand scanner's burst reaches the window's wedge, which hands it to the counter."""
    counter.card.show_letter(None)
    desk.window.wedge.scanned.emit(tracking)
    qtbot.waitUntil(lambda: counter.card.row is not None, timeout=3000)


def test_hand_over_after_the_passport_check(world, desk, counter, qtbot):
    add_post_applications(world, count=2)
    letters = _batch(world).letters
    deliver(world, [x.tracking_number for x in letters])
    letter = letters[0]
    _scan(desk, counter, qtbot, letter.tracking_number)
    qtbot.waitUntil(lambda: counter.card.row is not None)
    card = counter.card
    assert card.values["addressee_cyrillic"].text() == letter.addressee_cyrillic
    assert card.values["state"].text() == "в отделении"
    assert passport(1) not in card.values["passport_hint"].text()  # the number is not shown
    assert card.passport.edit.hasFocus() or card.passport.isEnabled()
    type_text(card.passport.edit, passport(1).lower(), delay_ms=60)  # case does not matter
    qtbot.mouseClick(card.hand_over_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "вручено" in counter.banner.text())
    assert _state(world, letter.tracking_number) is LetterState.HANDED_OVER
    assert not card.hand_over_button.isEnabled()
    with world.db.write() as session:  # the code in the letter works on the portal
        assert codes.redeem(session, letter.application_number, letter.code,
                            key=code_hash_key()).ok


def test_a_passport_that_is_not_the_addressees_is_refused_on_its_field(world, desk, counter,
                                                                       qtbot):
    add_post_applications(world, count=1)
    [letter] = _batch(world).letters
    deliver(world, [letter.tracking_number])
    _scan(desk, counter, qtbot, letter.tracking_number)
    card = counter.card
    type_text(card.passport.edit, "FA9999999", delay_ms=60)
    qtbot.mouseClick(card.hand_over_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(card.passport.error))
    assert "не совпадает" in card.passport.error
    assert counter.last_refusal is RefusalReason.PASSPORT_MISMATCH
    assert card.passport.text() == "FA9999999"  # kept, selected for retyping
    assert _state(world, letter.tracking_number) is LetterState.AT_OFFICE
    # The attempt is in the journal for the supervisor, though nothing changed.
    from operator_app.models import AuditEvent

    def refusals():
        with world.db.read() as session:
            return [e.detail_dict() for e in session.scalars(
                select(AuditEvent).where(AuditEvent.action == "letter_hand_over_refused"))]

    qtbot.waitUntil(lambda: len(refusals()) == 1)
    assert refusals()[0]["reason"] == "passport_mismatch"


def test_a_letter_of_another_office_is_refused_naming_it(world, desk, counter, qtbot):
    with world.db.write() as session:
        operators.create_service_point(session, world.admin, code="KZN-PO-420111",
                                       kind=PointKind.POST_OFFICE, name="ОПС 420111 Казань",
                                       postal_index="420111")
    add_post_applications(world, office="KZN-PO-420111", count=1)
    [letter] = _batch(world, "420111").letters
    with world.db.write() as session:
        post.mark_printed(session, world.supervisor, [letter.tracking_number])
        post.mark_in_transit(session, world.supervisor, [letter.tracking_number])
        post.mark_arrived(session, world.supervisor, [letter.tracking_number])
    desk.window.wedge.scanned.emit(letter.tracking_number)
    qtbot.waitUntil(lambda: "420111" in counter.banner.text())
    assert counter.card.row is None
    assert "не в ваше отделение" in counter.banner.text()


def test_a_second_hand_over_is_refused(world, desk, counter, qtbot):
    add_post_applications(world, count=1)
    [letter] = _batch(world).letters
    deliver(world, [letter.tracking_number])
    _scan(desk, counter, qtbot, letter.tracking_number)
    type_text(counter.card.passport.edit, passport(1), delay_ms=60)
    # Meanwhile the other window of the office hands the same letter over.
    with world.db.write() as session:
        post.hand_over(session, world.post_clerk, letter.tracking_number, passport(1))
    qtbot.mouseClick(counter.card.hand_over_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: counter.last_refusal is not None)
    assert counter.last_refusal is RefusalReason.ALREADY_HANDED_OVER
    assert "уже вручено" in counter.card.banner.text().lower()
    # Scanned again later: the card says so at once and offers no hand-over.
    _scan(desk, counter, qtbot, letter.tracking_number)
    assert not counter.card.hand_over_button.isEnabled()
    assert "Уже вручено" in counter.card.banner.text()


def test_expiry_return_revokes_the_code_and_the_portal_refuses_it(world, desk, counter, qtbot):
    [number] = add_post_applications(world, count=1)
    now = utcnow()
    [letter] = _batch(world, now=now - dt.timedelta(days=40)).letters
    deliver(world, [letter.tracking_number], arrived=now - dt.timedelta(days=31))
    counter.return_expired()  # what "Вернуть невостребованные…" does once confirmed
    qtbot.waitUntil(lambda: "Возвращено писем: 1" in counter.banner.text())
    assert _state(world, letter.tracking_number) is LetterState.RETURNED
    with world.db.write() as session:
        result = codes.redeem(session, number, letter.code, key=code_hash_key())
    assert not result.ok
    assert "отозван" in result.message
    _scan(desk, counter, qtbot, letter.tracking_number)
    assert "возвращено" in counter.card.banner.text().lower()
    assert not counter.card.hand_over_button.isEnabled()


def test_arrivals_are_registered_by_scanning_in_receive_mode(world, desk, counter, qtbot):
    add_post_applications(world, count=1)
    [letter] = _batch(world).letters
    with world.db.write() as session:
        post.mark_printed(session, world.supervisor, [letter.tracking_number])
        post.mark_in_transit(session, world.supervisor, [letter.tracking_number])
    _scan(desk, counter, qtbot, letter.tracking_number)
    assert "ещё не отмечено поступившим" in counter.card.banner.text()
    counter.receive_button.click()
    counter.handle_scan(letter.tracking_number, ScanSource.SCANNER)
    qtbot.waitUntil(lambda: "Поступило" in counter.banner.text())
    assert _state(world, letter.tracking_number) is LetterState.AT_OFFICE


def test_reconciliation_counts_the_shift(world, desk, counter, qtbot):
    add_post_applications(world, count=3)
    letters = _batch(world).letters
    deliver(world, [x.tracking_number for x in letters])
    with world.db.write() as session:
        post.hand_over(session, world.post_clerk, letters[0].tracking_number, passport(1))
    qtbot.mouseClick(counter.reconcile_button, Qt.MouseButton.LeftButton)
    dialog = counter.reconciliation
    qtbot.waitUntil(lambda: dialog.counts["received"].text() == "3")
    assert dialog.counts["handed_over"].text() == "1"
    assert dialog.counts["held"].text() == "2"


def test_a_scanned_mrz_fills_the_passport_number():
    mrz = ("P<UZBKARIMOV<<RUSTAM<<<<<<<<<<<<<<<<<<<<<<<<\n"
           "FA12345673UZB9005019M3001019<<<<<<<<<<<<<<06")
    assert passport_from_scan(mrz) == "FA1234567"
    assert passport_from_scan(mrz.replace("9005019", "9005018")) is None  # a misread
    assert passport_from_scan("10100003000018") is None


def test_a_letter_held_up_to_the_webcam_opens_its_card(world, counter, qtbot, tmp_path):
    """The camera is a generated video read through cv2.VideoCapture: a Code 128 label on a
    cluttered desk, tilted, as a clerk holds the envelope up."""
    from operator_app.scanning.sources import OpenCvSource
    from tests.helpers.video import code128_image, scanning_video

    add_post_applications(world, count=1)
    [letter] = _batch(world).letters
    deliver(world, [letter.tracking_number])
    video = scanning_video(tmp_path / "counter.avi", [letter.tracking_number],
                           make_code=code128_image, frames_per_code=60)
    counter.scan_panel._source_factory = lambda: OpenCvSource(str(video))
    counter.scan_panel.start_camera()
    try:
        qtbot.waitUntil(lambda: counter.card.row is not None, timeout=10_000)
    finally:
        counter.scan_panel.stop_camera()
    assert counter.card.row.tracking_number == letter.tracking_number
    assert counter.card.passport.isEnabled()
