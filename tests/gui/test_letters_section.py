"""Producing a post office's batch from the GUI: the letters and register are written with
the batch, printed (a printer is a PDF folder here), marked printed, then handed to the post.
The printed letters are read back: every page's barcode decodes, with the app's decoder, to
a tracking number of the batch with a right check digit."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from operator_app.models import LetterState, PostLetter
from operator_app.scanning.decoders import decode_still
from operator_app.services.actor import Section
from operator_app.services.identifiers import is_valid_tracking_number
from tests.conftest import PASSWORD
from tests.gui.conftest import log_in
from tests.helpers.post import add_post_applications


@pytest.fixture
def section(world, desk, qtbot, printed):
    add_post_applications(world, count=3)
    log_in(qtbot, desk, "boss", PASSWORD)
    qtbot.waitUntil(lambda: desk.window is not None)
    page = desk.window.sections[Section.LETTERS]
    desk.window.nav.setCurrentRow(list(desk.window.sections).index(Section.LETTERS))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.table.selectRow(0)
    return page


def _states(world):
    with world.db.read() as session:
        return sorted(session.scalars(select(PostLetter.state)))


def test_a_batch_is_produced_printed_and_sent(world, section, qtbot, printed):
    assert section.model.row_at(0).waiting == 3
    assert section.produce_button.isEnabled()
    qtbot.mouseClick(section.produce_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "напечатан: писем 3" in section.banner.text(), timeout=10_000)
    assert _states(world) == [LetterState.PRINTED] * 3
    letters_pdf = next(p for p in printed.iterdir() if "письма" in p.name)
    decoded = set()
    for page in pdfium.PdfDocument(str(letters_pdf)):
        image = page.render(scale=3, grayscale=True).to_numpy().squeeze()
        found = [d.text for d in decode_still(image) if d.text.isdigit()]
        assert len(found) == 1
        decoded.add(found[0])
    assert len(decoded) == 3
    assert all(is_valid_tracking_number(number) for number in decoded)
    assert decoded == set(section.last.tracking_numbers)
    # Nothing waits any more; the three are printed, ready to go to the post.
    qtbot.waitUntil(lambda: section.model.row_at(0).by_state.get(LetterState.PRINTED) == 3,
                    timeout=10_000)  # the refresh after printing, on a busy machine
    assert section.model.row_at(0).waiting == 0
    section.table.selectRow(0)
    assert not section.produce_button.isEnabled()
    assert section.send_button.isEnabled()
    section.send(section.model.row_at(0))
    qtbot.waitUntil(lambda: "Передано почте: 3" in section.banner.text())
    assert _states(world) == [LetterState.IN_TRANSIT] * 3


def test_the_batch_files_are_kept_with_the_batch(world, section, qtbot, printed):
    from operator_app.views.letters_section import letters_folder

    qtbot.mouseClick(section.produce_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: section.last is not None, timeout=10_000)
    qtbot.waitUntil(lambda: "напечатан" in section.banner.text(), timeout=10_000)
    # Printed: the clear codes go with the letters file; the registers (no codes) stay.
    names = sorted(p.name for p in letters_folder().iterdir())
    assert [n.split("-", 3)[-1] for n in names] == ["register.csv", "register.pdf"]
    assert all((p.stat().st_mode & 0o777) == 0o600 for p in letters_folder().iterdir())


def test_a_batch_printed_from_its_file_is_marked_and_its_codes_file_removed(
        world, section, qtbot, printed, monkeypatch):
    from operator_app.views import letters_section
    from operator_app.views.letters_section import letters_folder

    monkeypatch.setattr(letters_section, "print_document", lambda *_args: "")  # cancelled
    qtbot.mouseClick(section.produce_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "не напечатан" in section.banner.text(), timeout=10_000)
    assert _states(world) == [LetterState.CREATED] * 3
    assert any(p.name.endswith("letters.pdf") for p in letters_folder().iterdir())
    qtbot.waitUntil(lambda: section.model.row_at(0).by_state.get(LetterState.CREATED) == 3)
    section.table.selectRow(0)
    assert section.printed_button.isEnabled()
    section.mark_created_printed(section.model.row_at(0))
    qtbot.waitUntil(lambda: "Отмечено напечатанными: 3" in section.banner.text())
    assert _states(world) == [LetterState.PRINTED] * 3
    assert not any(p.name.endswith("letters.pdf") for p in letters_folder().iterdir())


def test_the_letters_section_fits_a_small_desk(world, section, desk, qtbot):
    from operator_app.models import PointKind
    from operator_app.services import operators
    from tests.gui.test_post_counter import cut_off, show_on_small_desk

    with world.db.write() as session:  # an office with a long name
        operators.create_service_point(
            session, world.admin, code="KZN-PO-420111", kind=PointKind.POST_OFFICE,
            name="ОПС 420111, Казань, Приволжский район (ул. Габдуллы Тукая)",
            postal_index="420111")
    section.refresh()
    qtbot.waitUntil(lambda: section.model.rowCount() == 2)
    show_on_small_desk(desk, section, qtbot)
    assert cut_off(section) == []
    name = section.model.index(1, 1)
    assert name.data(Qt.ItemDataRole.ToolTipRole) == name.data()  # whole in the tooltip
