"""Letters with codes for applicants who chose Russian Post: produce a post office's batch
(the letters and the register, printed at once — the clear codes exist only until then),
then record that the batch was handed to the post."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from operator_app.keys import write_owner_only
from operator_app.models import LetterState
from operator_app.services import letters as letter_rows
from operator_app.services import post
from operator_app.services.changes import Changes
from operator_app.settings import code_hash_key, data_dir
from operator_app.views.context import DeskContext
from operator_app.views.print_service import PrintError, print_document
from operator_app.views.sections import SectionPage, heading, make_table
from operator_app.views.table_model import Column, RowTableModel, WordElideDelegate
from printing.letters import letters_pdf, register_csv, register_pdf


def two_lines(title: str) -> str:
    """A column title of two words on two lines, so the count under it needs less width."""
    return title.replace(" ", "\n", 1) if " " in title and len(title) > 8 else title


def letters_folder() -> Path:
    return data_dir() / "letters"


def write_private(path: Path, data: bytes) -> None:
    """Owner-only (0600): the letters PDF holds clear codes until it is printed."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_owner_only(path, data)


def forget_codes(folder: Path, *, batch_id: int | None = None, office_index: str = "*"
                 ) -> None:
    """Once letters are printed their clear codes must not outlive the paper: the letters
    PDFs go (the registers, without codes, stay) — of one batch, or of one office's
    batches when all its letters were marked printed."""
    batch = "*" if batch_id is None else str(batch_id)
    for path in folder.glob(f"batch-{batch}-{office_index}-letters.pdf"):
        path.unlink(missing_ok=True)


@dataclass(frozen=True)
class Produced:
    batch_id: int | None
    office_name: str
    tracking_numbers: tuple[str, ...]
    letters: bytes
    register: bytes
    folder: Path


class LettersSection(SectionPage):
    """Post offices, their waiting applications and letters; batches made and sent."""

    def __init__(self, context: DeskContext, *, parent: QWidget | None = None) -> None:
        super().__init__(context, parent=parent)

        def state(s: LetterState) -> Column[post.OfficeRow]:
            return Column(two_lines(self.tr(letter_rows.STATE_TITLES[s]).capitalize()),
                          lambda r: str(r.by_state.get(s, 0)) if r.by_state.get(s) else "—",
                          align_right=True, sort_key=lambda r: r.by_state.get(s, 0))

        self.model: RowTableModel[post.OfficeRow] = RowTableModel([
            Column(self.tr("Индекс"), lambda r: r.index),
            Column(self.tr("Отделение"), lambda r: r.name, tooltip=lambda r: r.name),
            Column(two_lines(self.tr("Ждут письма")), lambda r: str(r.waiting),
                   align_right=True, sort_key=lambda r: r.waiting),
            state(LetterState.CREATED), state(LetterState.PRINTED), state(LetterState.IN_TRANSIT),
            state(LetterState.AT_OFFICE), state(LetterState.HANDED_OVER),
            state(LetterState.RETURNED),
        ])
        self.table = make_table(self.model, "officeTable")
        self.table.setAccessibleName(self.tr("Отделения и их письма"))
        # The index and the counts as wide as their titles, the office's name takes the rest
        # (cut after a whole word if it must): the table fits a small screen without
        # scrolling sideways.
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setItemDelegateForColumn(1, WordElideDelegate(self.table))
        bold = QFont(header.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        for column in [0, *range(2, self.model.columnCount())]:
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, 30 + max(  # the padding and the sort arrow
                metrics.horizontalAdvance(line) for line in title.splitlines()))
        # By postal index, as the service answers, until a header is clicked.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().currentRowChanged.connect(
            lambda _current, _previous: self._update_buttons())
        self.produce_button = QPushButton(self.tr("Создать пакет и напечатать…"))
        self.produce_button.setObjectName("produceButton")
        self.produce_button.clicked.connect(self._on_produce_clicked)
        self.printed_button = QPushButton(self.tr("Напечатанные — отметить…"))
        self.printed_button.setObjectName("printedButton")
        self.printed_button.setToolTip(self.tr("Письма пакета, напечатанные из сохранённого "
                                               "файла"))
        self.printed_button.clicked.connect(self._on_printed_clicked)
        self.send_button = QPushButton(self.tr("Напечатанные переданы почте"))
        self.send_button.setObjectName("sendButton")
        self.send_button.clicked.connect(self._on_send_clicked)
        self.refresh_button = QPushButton(self.tr("Обновить"))
        self.refresh_button.clicked.connect(self.refresh)
        self.last: Produced | None = None
        note = QLabel(self.tr(
            "Пакет — письма всем заявителям, выбравшим это отделение: код в каждом письме "
            "существует только до печати, поэтому письма и реестр сохраняются в папку {0} "
            "вместе с созданием пакета.").format(letters_folder()))
        note.setObjectName("muted")
        note.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.produce_button, self.printed_button, self.send_button):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Письма с кодами")))
        layout.addWidget(note)
        layout.addLayout(buttons)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        self._update_buttons()
        self.refresh()

    def _selected(self) -> post.OfficeRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        row = self._selected()
        self.produce_button.setEnabled(row is not None and row.waiting > 0)
        self.send_button.setEnabled(row is not None
                                    and bool(row.by_state.get(LetterState.PRINTED)))
        self.printed_button.setEnabled(row is not None
                                       and bool(row.by_state.get(LetterState.CREATED)))

    def refresh(self) -> None:
        db, actor = self.context.db, self.context.actor

        def work() -> list[post.OfficeRow]:
            with db.read() as session:
                return post.office_overview(session, actor)

        self.run(work, self._on_rows)  # type: ignore[arg-type]

    def _on_rows(self, rows: list[post.OfficeRow]) -> None:
        selected = self._selected()
        self.model.set_rows(rows)
        for i, row in enumerate(rows):
            if selected is not None and row.office_id == selected.office_id:
                self.table.selectRow(i)
        if selected is None and rows:
            self.table.selectRow(0)  # ready for the keyboard: one office is the usual case
        self._update_buttons()

    # -- a batch -------------------------------------------------------------------------

    def _on_produce_clicked(self) -> None:
        row = self._selected()
        if row is None:
            return
        db, actor, key, folder = self.context.db, self.context.actor, code_hash_key(), \
            letters_folder()

        def work() -> Produced:
            with db.write() as session:
                batch = post.create_batch(session, actor, row.office_id, key=key)
                if batch.id is None:
                    return Produced(None, batch.office_name, (), b"", b"", folder)
                letters, register = letters_pdf(batch.letters), register_pdf(batch)
                # Written before the commit: if the disk refuses, no batch exists whose
                # codes nobody has; if the commit fails, the files go too.
                stem = f"batch-{batch.id}-{batch.office_index}"
                files = [(folder / f"{stem}-letters.pdf", letters),
                         (folder / f"{stem}-register.pdf", register),
                         (folder / f"{stem}-register.csv", register_csv(batch))]
                try:
                    for path, data in files:
                        write_private(path, data)
                    session.flush()
                except BaseException:
                    for path, _data in files:
                        path.unlink(missing_ok=True)
                    raise
                return Produced(batch.id, batch.office_name,
                                tuple(x.tracking_number for x in batch.letters), letters,
                                register, folder)

        self.run(work, self._on_produced, write=True,  # type: ignore[arg-type]
                 progress=self.tr("Создание пакета…"))

    def _on_produced(self, produced: Produced) -> None:
        self.last = produced
        self.context.notify(Changes(letters=True, codes=True), self)
        self.refresh()
        if produced.batch_id is None:
            self.banner.show_message(self.tr("Для «{0}» писем нет: никто не ждёт.").format(
                produced.office_name), "info")
            return
        self.banner.show_message(self.tr(
            "Пакет № {0}: писем {1} для «{2}»; файлы — в {3}.").format(
            produced.batch_id, len(produced.tracking_numbers), produced.office_name,
            produced.folder), "ok")
        try:
            message = print_document(self, produced.letters, f"письма пакет {produced.batch_id}")
            if message:
                print_document(self, produced.register, f"реестр пакет {produced.batch_id}")
        except PrintError as error:
            self.banner.show_message(self.tr("{0} Письма сохранены в {1} — напечатайте их "
                                             "оттуда.").format(error, produced.folder), "error")
            return
        if message:
            batch_id = produced.batch_id
            self._mark(post.mark_printed, produced.tracking_numbers,
                       self.tr("Пакет № {0} напечатан: писем {1}.").format(
                           batch_id, len(produced.tracking_numbers)),
                       after=lambda: forget_codes(produced.folder, batch_id=batch_id))
        else:
            self.banner.show_message(self.tr(
                "Пакет № {0} не напечатан. Письма сохранены в {1}: напечатайте файл, затем "
                "нажмите «Напечатанные — отметить».").format(produced.batch_id,
                                                             produced.folder), "warning")

    def _on_printed_clicked(self) -> None:
        row = self._selected()
        if row is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Письма напечатаны"),
            self.tr("Письма для «{0}» ({1}) напечатаны из сохранённого файла? Файл с кодами "
                    "будет удалён.").format(row.name, row.by_state.get(LetterState.CREATED, 0)))
        if answer == QMessageBox.StandardButton.Yes:
            self.mark_created_printed(row)

    def mark_created_printed(self, row: post.OfficeRow) -> None:
        db, actor, folder = self.context.db, self.context.actor, letters_folder()

        def work() -> tuple[str, ...]:
            with db.read() as session:
                return tuple(post.office_letters(session, actor, row.office_id,
                                                 LetterState.CREATED))

        def got(numbers: tuple[str, ...]) -> None:
            self._mark(post.mark_printed, numbers,
                       self.tr("Отмечено напечатанными: {0} писем для «{1}».").format(
                           len(numbers), row.name),
                       after=lambda: forget_codes(folder, office_index=row.index))

        self.run(work, got)  # type: ignore[arg-type]

    def _on_send_clicked(self) -> None:
        row = self._selected()
        if row is None:
            return
        count = row.by_state.get(LetterState.PRINTED, 0)
        answer = QMessageBox.question(
            self, self.tr("Передать почте"),
            self.tr("Отметить {0} напечатанных писем для «{1}» переданными почте?").format(
                count, row.name))
        if answer == QMessageBox.StandardButton.Yes:
            self.send(row)

    def send(self, row: post.OfficeRow) -> None:
        db, actor = self.context.db, self.context.actor

        def work() -> tuple[str, ...]:
            with db.read() as session:
                return tuple(post.office_letters(session, actor, row.office_id,
                                                 LetterState.PRINTED))

        def got(numbers: tuple[str, ...]) -> None:
            self._mark(post.mark_in_transit, numbers,
                       self.tr("Передано почте: {0} писем для «{1}».").format(
                           len(numbers), row.name))

        self.run(work, got)  # type: ignore[arg-type]

    def _mark(self, step: object, numbers: tuple[str, ...], message: str, *,
              after: Callable[[], None] | None = None) -> None:
        db, actor = self.context.db, self.context.actor

        def work() -> str:
            with db.write() as session:
                step(session, actor, numbers)  # type: ignore[operator]
            if after is not None:
                after()
            return message

        def done(text: str) -> None:
            self.banner.show_message(text, "ok")
            self.context.notify(Changes(letters=True), self)
            self.refresh()

        self.run(work, done, write=True)  # type: ignore[arg-type]

    def on_changes(self, changes: Changes) -> None:
        if changes.letters:
            self.refresh()

