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
    # Moscow's supervisor makes Moscow's letters; another region's, the administrator.
    producer = world.supervisor if office == "101000" else world.admin
    with world.db.write() as session:
        return post.create_batch(session, producer, office, key=code_hash_key(), now=now)


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


def _on_screen(counter) -> str:
    """Everything the counter shows of a letter: the card, the passport field and its
    line, the banners, the row marked in the list (the list itself lists every letter)."""
    from PySide6.QtWidgets import QLabel, QLineEdit

    texts = [w.text() for w in counter.findChildren(QLabel) + counter.findChildren(QLineEdit)
             if w.isVisible() and w is not counter.search.edit]
    texts += [counter.model.index(i.row(), c).data()
              for i in counter.table.selectionModel().selectedRows()
              for c in range(counter.model.columnCount())]
    return "\n".join(texts)


def _traces(letter, number) -> list[str]:
    from operator_app.services.application_numbers import format_number

    return [letter.tracking_number, letter.addressee_latin, letter.addressee_cyrillic,
            format_number(number)]


def test_one_letter_at_a_time_nothing_of_the_last_one_stays(world, desk, counter, qtbot):
    [first] = add_post_applications(world, count=1)
    [second] = add_post_applications(world, first=2, count=1, surname_latin="NAZAROVA",
                                     given_names_latin="DILNOZA", sex="F",
                                     surname_cyrillic="Назарова", given_names_cyrillic="Дилноза")
    a, b = sorted(_batch(world).letters, key=lambda x: x.application_number)
    deliver(world, [a.tracking_number, b.tracking_number])
    counter.refresh()  # the letters came after the counter opened
    qtbot.waitUntil(lambda: counter.model.rowCount() == 2)
    # A: scanned, the passport checked, handed over. The card is cleared for the next one.
    desk.window.wedge.scanned.emit(a.tracking_number)
    qtbot.waitUntil(lambda: counter.card.row is not None)
    type_text(counter.card.passport.edit, passport(1), delay_ms=60)
    qtbot.mouseClick(counter.card.hand_over_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "вручено" in counter.banner.text())
    assert counter.card.row is None
    assert counter.card.passport.text() == ""
    # B: scanned. Nothing of A on the screen, not even the "вручено" banner.
    desk.window.wedge.scanned.emit(b.tracking_number)
    qtbot.waitUntil(lambda: counter.card.row is not None)
    shown = _on_screen(counter)
    assert b.tracking_number in shown
    for trace in _traces(a, first) + ["вручено", "Вручено"]:
        assert trace not in shown, trace
    # ...and a passport that is not B's: refused on B's own card.
    type_text(counter.card.passport.edit, "FA9999999", delay_ms=60)
    qtbot.mouseClick(counter.card.hand_over_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(counter.card.passport.error))
    assert counter.card.row.tracking_number == b.tracking_number
    # A search that finds nothing: an empty card under the message, nothing of B.
    counter.search.edit.setFocus()
    qtbot.keyClicks(counter.search.edit, "NOBODY", delay=60)
    qtbot.keyClick(counter.search.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "по этому запросу" in counter.banner.text())
    shown = _on_screen(counter)
    for trace in _traces(b, second) + _traces(a, first) + ["FA9999999", "не совпадает"]:
        assert trace not in shown, trace
    assert counter.card.row is None
    assert not counter.card.passport.error
    assert not counter.card.banner.isVisible()


def test_a_failed_lookup_shows_its_error_on_an_empty_card(world, desk, counter, qtbot):
    add_post_applications(world, count=1)
    [letter] = _batch(world).letters
    deliver(world, [letter.tracking_number])
    desk.window.wedge.scanned.emit(letter.tracking_number)
    qtbot.waitUntil(lambda: counter.card.row is not None)
    desk.window.wedge.scanned.emit(post.make_tracking_number("101000", 12, 99999))  # no such
    qtbot.waitUntil(lambda: counter.banner.property("kind") == "error")
    assert counter.card.row is None
    assert letter.tracking_number not in _on_screen(counter)


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


def test_the_letter_list_is_in_the_order_its_header_shows(world, desk, counter, qtbot):
    from PySide6.QtCore import QPoint

    add_post_applications(world, count=4)
    letters = _batch(world).letters
    deliver(world, [x.tracking_number for x in letters[:2]])  # two at the office, two made
    counter.refresh()
    qtbot.waitUntil(lambda: counter.model.rowCount() == 4)
    header = counter.table.horizontalHeader()
    assert header.sortIndicatorSection() == -1  # no arrow: the latest change first

    def click(section: int) -> None:
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(
            header.sectionViewportPosition(section) + header.sectionSize(section) // 2,
            header.height() // 2))

    def column(section: int) -> list[str]:
        return [counter.model.index(r, section).data() for r in range(counter.model.rowCount())]

    click(0)  # the tracking number
    assert header.sortIndicatorSection() == 0
    assert column(0) == sorted(column(0))
    click(0)
    assert column(0) == sorted(column(0), reverse=True)
    with qtbot.waitSignal(counter.model.modelReset):
        counter.refresh()  # new rows come in the order the arrow shows
    assert column(0) == sorted(column(0), reverse=True)
    click(3)  # the state: in the order letters go through them
    assert column(3) == ["создано", "создано", "в отделении", "в отделении"]


# -- a small desk --------------------------------------------------------------------------

SMALL_DESK = (1280, 720)


def cut_off(section) -> list[str]:
    """What a clerk could not read whole on ``section`` as it is shown: a label or a
    button narrower than its text, a table that needs scrolling sideways."""
    from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QLabel, QTableView

    from operator_app.views.widgets import ElidedLabel

    found = []
    for label in section.findChildren(QLabel):
        if (label.isVisible() and label.text() and not label.wordWrap()
                and not isinstance(label, ElidedLabel)
                and label.width() < label.sizeHint().width()):
            found.append(f"label «{label.text()[:40]}»: {label.width()} < "
                         f"{label.sizeHint().width()}")
    for button in section.findChildren(QAbstractButton):
        if button.isVisible() and button.text() and button.width() < button.sizeHint().width():
            found.append(f"button «{button.text()}»")
    for table in section.findChildren(QTableView):
        if table.isVisible() and table.horizontalScrollBar().maximum() > 0:
            found.append(f"table {table.objectName()} scrolls sideways")
    area = section.parentWidget()
    while area is not None and not isinstance(area, QAbstractScrollArea):
        area = area.parentWidget()
    if area is not None and area.horizontalScrollBar().isVisible():
        found.append("the section scrolls sideways")
    return found


def show_on_small_desk(desk, section, qtbot) -> None:
    from PySide6.QtWidgets import QApplication

    window = desk.window
    window.showNormal()
    window.resize(*SMALL_DESK)
    window.nav.setCurrentRow(list(window.sections.values()).index(section))
    qtbot.waitUntil(lambda: section.isVisible())
    QApplication.processEvents()


def test_the_counter_fits_a_small_desk(world, desk, counter, qtbot):
    add_post_applications(world, count=3, surname_cyrillic="Абдурахмоновa",
                          given_names_cyrillic="Гулчехра Бахтиёровна Шарофиддиновна")
    letters = _batch(world).letters
    deliver(world, [x.tracking_number for x in letters])
    counter.refresh()
    qtbot.waitUntil(lambda: counter.model.rowCount() == 3)
    show_on_small_desk(desk, counter, qtbot)
    desk.window.wedge.scanned.emit(letters[0].tracking_number)
    qtbot.waitUntil(lambda: counter.card.row is not None)
    type_text(counter.card.passport.edit, "FA9999999", delay_ms=60)
    qtbot.mouseClick(counter.card.hand_over_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(counter.card.passport.error))
    assert cut_off(counter) == []
