"""The letters, the batch register and the reconciliation on paper, and ``operator-app post``.

The letters' PDF is read back as the post office would read it: every page rendered and
its barcode decoded by the desk's own decoder cascade; the text extracted with pypdf.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from operator_app.cli import EXIT_REFUSED, main
from operator_app.models import PostBatch, PostLetter, utcnow
from operator_app.scanning.decoders import decode_file
from operator_app.services import post
from operator_app.services.identifiers import is_valid_tracking_number
from operator_app.settings import code_hash_key
from printing.documents import grouped_code
from printing.letters import (
    grouped_tracking_number,
    letters_pdf,
    reconciliation_pdf,
    register_csv,
    register_pdf,
)
from tests.helpers.post import add_post_applications, deliver, passport

MSK = "101000"


def _pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def batch(world) -> post.Batch:
    add_post_applications(world, count=3)
    with world.db.write() as session:
        return post.create_batch(session, world.supervisor, MSK, key=code_hash_key())


def _decoded(path: Path) -> list[tuple[int, str, str]]:
    return [(page, code.text, code.format) for page, code in decode_file(path).codes]


def test_each_letter_page_carries_its_tracking_barcode(batch, tmp_path: Path):
    path = tmp_path / "letters.pdf"
    data = letters_pdf(batch.letters, path)
    assert path.read_bytes() == data

    decoded = _decoded(path)

    assert decoded == [(page, letter.tracking_number, "CODE_128")
                       for page, letter in enumerate(batch.letters, start=1)]
    assert all(is_valid_tracking_number(text) for _, text, _ in decoded)


def test_each_letter_page_says_whose_code_it_is_and_how_to_use_it(batch):
    pages = [_flat(text) for text in _pages(letters_pdf(batch.letters))]
    assert len(pages) == len(batch.letters)
    for page, letter in zip(pages, batch.letters, strict=True):
        assert grouped_code(letter.code) in page
        assert grouped_tracking_number(letter.tracking_number) in page
        assert letter.addressee_cyrillic in page
        assert letter.addressee_latin in page
        assert "ОПС 101000 Москва" in page
        assert letter.expires_at.astimezone().strftime("%d.%m.%Y") in page
        assert "Никому не сообщайте код" in page
        assert "Never tell the code" in page
        assert "одноразовый" in page
        assert "single use" in page
        others = [other.code for other in batch.letters if other is not letter]
        assert not any(grouped_code(code) in page for code in others)


def test_letters_pdf_keeps_codes_out_of_its_metadata(batch):
    reader = PdfReader(io.BytesIO(letters_pdf(batch.letters)))
    metadata = " ".join(str(value) for value in (reader.metadata or {}).values())
    assert not any(letter.code in metadata for letter in batch.letters)


def test_the_register_lists_every_letter_and_no_code(batch):
    rows = list(csv.reader(io.StringIO(register_csv(batch).decode("utf-8-sig")),
                           delimiter=";"))
    assert rows[0][:3] == ["№", "Почтовое отправление", "Номер заявления"]
    assert [(row[1], row[2]) for row in rows[1:]] == [
        (letter.tracking_number, letter.application_number) for letter in batch.letters]
    text = _flat(" ".join(_pages(register_pdf(batch))))
    for letter in batch.letters:
        assert letter.tracking_number in text
        assert letter.addressee_latin in text
        assert letter.code not in text
        assert grouped_code(letter.code) not in text
    assert f"Пакет № {batch.id}" in text


def test_the_reconciliation_prints_its_counts(world, batch):
    numbers = [letter.tracking_number for letter in batch.letters]
    deliver(world, numbers)
    with world.db.write() as session:
        post.hand_over(session, world.post_clerk, numbers[0], passport(1))
    with world.db.read() as session:
        rec = post.reconciliation(session, world.post_clerk, None, dt.date.today())
    text = _flat(" ".join(_pages(reconciliation_pdf(rec))))
    assert "Сверка смены" in text
    assert "Поступило за день 3" in text
    assert "Вручено за день 1" in text
    assert "На хранении на конец дня 2" in text
    for number in numbers:
        assert number in text


# -- operator-app post --------------------------------------------------------------------------


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv), stdin=io.StringIO(""))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_letters_json_matches_the_barcodes_in_the_pdf(world, db_url, tmp_path: Path,
                                                          capsys):
    waiting = add_post_applications(world, count=4)
    pdf, reg_csv, reg_pdf = tmp_path / "l.pdf", tmp_path / "r.csv", tmp_path / "r.pdf"

    code, out, err = _run(capsys, "post", "letters", "--office", MSK, "-o", str(pdf), "--json",
                          "--register-csv", str(reg_csv), "--register-pdf", str(reg_pdf),
                          "--db", db_url)

    assert (code, err) == (0, "")
    listing = json.loads(out)
    assert listing["office"] == MSK
    assert sorted(item["application"] for item in listing["letters"]) == waiting
    decoded = _decoded(pdf)
    assert [text for _, text, _ in decoded] == [
        item["tracking_number"] for item in listing["letters"]]
    assert all(is_valid_tracking_number(text) for _, text, _ in decoded)
    register = reg_csv.read_text(encoding="utf-8-sig")
    assert all(item["tracking_number"] in register for item in listing["letters"])
    assert reg_pdf.read_bytes().startswith(b"%PDF")
    with world.db.read() as session:
        stored = {number: batch_id for number, batch_id in session.execute(
            select(PostLetter.tracking_number, PostLetter.batch_id))}
    assert set(stored) == {item["tracking_number"] for item in listing["letters"]}
    assert set(stored.values()) == {listing["batch"]}

    # Nothing is waiting any more: no batch, no file, still a success.
    again = tmp_path / "again.pdf"
    code, out, _ = _run(capsys, "post", "letters", "--office", MSK, "-o", str(again), "--json",
                        "--db", db_url)
    assert code == 0
    assert json.loads(out)["letters"] == []
    assert not again.exists()


def test_cli_letters_that_cannot_be_written_leave_no_batch(world, db_url, tmp_path: Path,
                                                           capsys):
    add_post_applications(world, count=2)
    code, _, err = _run(capsys, "post", "letters", "--office", MSK,
                        "-o", str(tmp_path / "missing" / "l.pdf"), "--db", db_url)
    assert code == EXIT_REFUSED
    assert err.count("\n") == 1
    assert "пакет не создан" in err
    with world.db.read() as session:
        assert session.scalar(select(func.count()).select_from(PostBatch)) == 0


def test_cli_refuses_an_unknown_office_in_one_line(world, db_url, tmp_path: Path, capsys):
    code, _, err = _run(capsys, "post", "letters", "--office", "999999",
                        "-o", str(tmp_path / "l.pdf"), "--db", db_url)
    assert code == EXIT_REFUSED
    assert err.count("\n") == 1
    assert "не найдено" in err


def test_cli_marks_and_returns_expired_letters(world, db_url, capsys):
    [number] = add_post_applications(world, count=1)
    with world.db.write() as session:
        [letter] = post.create_batch(session, world.supervisor, MSK, key=code_hash_key(),
                                     now=utcnow() - dt.timedelta(days=40)).letters
    tracking = letter.tracking_number
    for state in ("printed", "in-transit"):
        code, out, _ = _run(capsys, "post", "mark", state, tracking, "--db", db_url)
        assert (code, out) == (0, "Отмечено писем: 1.\n")
    with world.db.write() as session:
        post.mark_arrived(session, world.post_clerk, [tracking],
                          now=utcnow() - dt.timedelta(days=31))
    code, _, err = _run(capsys, "post", "mark", "printed", tracking, "--db", db_url)
    assert code == EXIT_REFUSED
    assert "«в отделении»" in err

    code, out, _ = _run(capsys, "post", "return-expired", "--json", "--db", db_url)

    assert code == 0
    assert json.loads(out) == [{"tracking_number": tracking, "application": number,
                                "office": MSK}]
    code, _, err = _run(capsys, "code", "redeem", number, letter.code, "--db", db_url)
    assert code == EXIT_REFUSED
    assert "отозван" in err
