"""The MRZ reader on real specimen documents and on hard generated scenes.

The specimens live beside the repository (``../shared/mrz-samples/``, with ``truth.json``);
where they are not, those tests skip and say so. What is held here is what must never
regress: most specimens read exactly, and no result is wrong yet marked valid — a
wrong character where no check digit looks (a name) must come back uncertain.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from bench import bench_mrz, bench_mrz_real
from operator_app.scanning import mrz, mrz_cli, mrz_ocr, mrz_zone

SAMPLES = Path(__file__).parents[2].parent / "shared" / "mrz-samples"

needs_ocrb = pytest.mark.skipif(mrz.ocrb_font_path() is None,
                                reason="OCR-B font missing: apt-get install fonts-ocr-b")


@pytest.fixture(scope="module")
def specimens() -> list[bench_mrz_real.Sample]:
    if mrz.ocrb_font_path() is None:
        pytest.skip("OCR-B font missing: apt-get install fonts-ocr-b")
    samples = bench_mrz_real.real_samples(SAMPLES)
    if not samples:
        pytest.skip(f"real MRZ specimens not found at {SAMPLES} (truth.json and images)")
    return samples


@pytest.fixture(scope="module")
def specimen_reads(specimens: list[bench_mrz_real.Sample]
                   ) -> list[tuple[bench_mrz_real.Sample, mrz.MrzResult | None]]:
    return [(s, mrz.read_mrz(s.image, today=bench_mrz.TODAY)) for s in specimens]


def test_specimens_read_exactly(specimen_reads) -> None:
    exact = [s.name for s, r in specimen_reads if r is not None and r.lines == s.lines[0]]
    # measured 25 of 25 (bench/bench_mrz_real.py); a drop below 24 is a regression
    assert len(exact) >= 24, sorted(set(s.name for s, _ in specimen_reads) - set(exact))


def test_no_specimen_is_wrong_and_valid(specimen_reads) -> None:
    wrong_valid = [s.name for s, r in specimen_reads
                   if r is not None and r.valid and r.lines != s.lines[0]]
    assert wrong_valid == []


def test_a_misread_character_is_pointed_at(specimen_reads) -> None:
    """Where every check digit holds, each wrong character the reader returns is
    flagged uncertain: the clerk is pointed at it (a name, which no digit covers)."""
    for sample, result in specimen_reads:
        if (result is None or len(result.lines) != len(sample.lines[0])
                or not all(result.checks.values())):
            continue
        for line, (got, want) in enumerate(zip(result.lines, sample.lines[0], strict=True)):
            for col, (a, b) in enumerate(zip(got, want, strict=False)):
                if a != b:
                    assert (line, col) in result.uncertain, (sample.name, line, col, a, b)


def test_field_reads_describe_every_field(specimen_reads) -> None:
    sample, result = next((s, r) for s, r in specimen_reads if r is not None and r.valid)
    reads = result.field_reads
    assert {f.name for f in reads} >= {"names", "document_number", "birth_date", "sex"}
    names = next(f for f in reads if f.name == "names")
    assert names.checked is False  # no check digit covers a name
    number = next(f for f in reads if f.name == "document_number")
    assert number.checked is True
    assert 0.0 <= names.confidence <= 1.0
    assert len(result.confidence) == len(result.lines)
    assert len(result.quad) == 4
    assert sample.lines[0] == result.lines


# -- generated scenes (no files needed) ---------------------------------------------------


@pytest.fixture(scope="module")
def scenes() -> list[bench_mrz_real.Sample]:
    if mrz.ocrb_font_path() is None:
        pytest.skip("OCR-B font missing: apt-get install fonts-ocr-b")
    return bench_mrz_real.hard_samples(6, 20260115)


def test_hard_scenes_are_never_wrong_and_valid(scenes) -> None:
    for scene in scenes:
        for result in mrz.read_mrzs(scene.image, today=bench_mrz.TODAY):
            assert not (result.valid and result.lines not in scene.lines), scene.name


@needs_ocrb
def test_a_page_turned_past_upside_down_is_read() -> None:
    rng = np.random.default_rng(11)
    lines = bench_mrz.td3_lines(rng)
    page = bench_mrz.render_page(rng, lines, width=1100, degrade=False)
    scene = np.full((1100, 1300, 3), 120, np.uint8)
    bench_mrz_real._place(rng, scene, page, (650, 550), 0.9, 200.0, 0.0)
    result = mrz.read_mrz(scene, today=bench_mrz.TODAY)
    assert result is not None
    assert result.lines == lines


@needs_ocrb
def test_two_documents_in_one_image_are_both_read() -> None:
    rng = np.random.default_rng(4)
    first, second = bench_mrz.td3_lines(rng), bench_mrz_real.td1_lines(rng)
    scene = np.full((800, 1400, 3), 90, np.uint8)
    page = bench_mrz.render_page(rng, first, width=1100, degrade=False)
    card = bench_mrz_real.render_card(rng, second, 900)
    bench_mrz_real._place(rng, scene, page, (360, 400), 0.6, 4.0, 0.0)
    bench_mrz_real._place(rng, scene, card, (1050, 400), 0.6, -8.0, 0.0)
    found = {r.lines for r in mrz.read_mrzs(scene, today=bench_mrz.TODAY)}
    assert {first, second} <= found


@needs_ocrb
def test_small_print_is_upscaled_and_cut_at_the_line_pitch() -> None:
    """Capitals about 9 px high: 44 cells per line, not 43 or 45."""
    rng = np.random.default_rng(8)
    lines = bench_mrz.td3_lines(rng)
    page = bench_mrz.render_page(rng, lines, width=1100, degrade=False)
    small = cv2.resize(page, None, fx=0.4, fy=0.4, interpolation=cv2.INTER_AREA)
    zones = mrz_zone.find_zones(small)
    assert zones
    assert zones[0].cells == 44
    assert zones[0].lines == 2
    result = mrz.read_mrz(small, today=bench_mrz.TODAY)
    assert result is not None
    assert result.lines == lines


def test_the_stored_prototypes_are_this_module_s() -> None:
    """resources/mrz/glyph_prototypes.npz spares every process a second of rendering; a
    change to the recipe without ``python -m operator_app.scanning.mrz_ocr`` shows here."""
    with np.load(mrz_ocr.PROTOTYPES_FILE, allow_pickle=False) as stored:
        assert str(stored["recipe"]) == mrz_ocr._recipe()
        assert stored["matrix"].shape == (len(stored["labels"]), 22 * 18)


def test_a_lone_doubt_in_a_name_makes_the_result_uncertain() -> None:
    """Decoding on made-up scores: E and F nearly tie in the surname; every check digit
    holds, yet the result must not be valid, and the position is named."""
    lines = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
             "L898902C36UTO7408122F1204159ZE184226B<<<<<10")
    reads = []
    for line in lines:
        scores = np.full((len(line), len(mrz_ocr.CLASSES)), 0.5, np.float32)
        for k, char in enumerate(line):
            scores[k, mrz_ocr.CLASSES.index(char)] = 0.95
        reads.append(mrz_ocr.LineRead(scores))
    reads[0].scores[5, mrz_ocr.CLASSES.index("F")] = 0.945  # the E of ERIKSSON
    decoded = mrz_ocr.decode(reads, "TD3")
    assert decoded.lines == lines
    assert decoded.uncertain == ((0, 5),)
    result = mrz.parse_mrz(decoded.lines, today=bench_mrz.TODAY)
    assert result.valid  # typed lines carry no doubt
    import dataclasses
    doubtful = dataclasses.replace(result, uncertain=decoded.uncertain)
    assert not doubtful.valid
    assert [p.check for p in doubtful.problems] == ["uncertain"]
    assert "позиции 6" in doubtful.problems[0].message


def test_a_check_digit_vouches_for_one_doubt_not_two() -> None:
    lines = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
             "L898902C36UTO7408122F1204159ZE184226B<<<<<10")

    def decoded(doubts: list[tuple[int, str]]) -> mrz_ocr.Decoded:
        reads = []
        for line in lines:
            scores = np.full((len(line), len(mrz_ocr.CLASSES)), 0.5, np.float32)
            for k, char in enumerate(line):
                scores[k, mrz_ocr.CLASSES.index(char)] = 0.95
            reads.append(mrz_ocr.LineRead(scores))
        for col, char in doubts:  # a close runner-up in the birth date
            reads[1].scores[col, mrz_ocr.CLASSES.index(char)] = 0.94
        return mrz_ocr.decode(reads, "TD3")

    one = decoded([(14, "3")])
    assert one.lines == lines
    assert one.uncertain == ()
    two = decoded([(14, "3"), (16, "9")])
    assert two.lines == lines
    assert {(1, 14), (1, 16)} <= set(two.uncertain)


@needs_ocrb
def test_cli_prints_confidence_and_uncertain_positions(tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    lines = bench_mrz.td3_lines(rng)
    page = bench_mrz.render_page(rng, lines, width=1200)
    path = tmp_path / "page.png"
    path.write_bytes(cv2.imencode(".png", page)[1].tobytes())
    out = io.StringIO()
    mrz_cli.run([str(path)], out)
    record = json.loads(out.getvalue())
    assert record["lines"] == list(lines)
    assert len(record["confidence"]) == 2
    assert all(0.0 <= c <= 1.0 for c in record["confidence"])
    assert isinstance(record["uncertain"], list)
    assert len(record["uncertain_text"]) == 2
    assert {f["field"] for f in record["field_reads"]} >= {"names", "document_number"}


def _td3_line2(number: str) -> str:
    body = (number + str(mrz.check_digit(number)) + "UTO" + "740812"
            + str(mrz.check_digit("740812")) + "F" + "120415"
            + str(mrz.check_digit("120415")) + "<" * 14 + "<")
    return body + str(mrz.check_digit(body[0:10] + body[13:20] + body[21:43]))


def test_two_round_glyphs_that_could_both_be_o_are_uncertain() -> None:
    """O and 0 differ by 24 in value: one swap changes a check digit, but two at weights
    7 and 3 cancel. Where the glyphs matched O better, the reader reads 0 by convention,
    and must say it cannot be sure of either when the pair could cancel."""
    lines = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", _td3_line2("X00123456"))
    reads = []
    for line in lines:
        scores = np.full((len(line), len(mrz_ocr.CLASSES)), 0.5, np.float32)
        for k, char in enumerate(line):
            scores[k, mrz_ocr.CLASSES.index(char)] = 0.95
        reads.append(mrz_ocr.LineRead(scores))
    for col in (1, 2):  # number indices 1 and 2 weigh 3 and 1
        reads[1].scores[col, mrz_ocr.CLASSES.index("O")] = 0.96
    one_pair = mrz_ocr.decode(reads, "TD3")
    assert one_pair.lines == lines
    # indices 1 and 2 weigh 3 and 1: O at both changes the digit, so no doubt there
    assert not {(1, 1), (1, 2)} & set(one_pair.uncertain)
    lines_7_3 = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", _td3_line2("X00023456"))
    reads2 = []
    for line in lines_7_3:
        scores = np.full((len(line), len(mrz_ocr.CLASSES)), 0.5, np.float32)
        for k, char in enumerate(line):
            scores[k, mrz_ocr.CLASSES.index(char)] = 0.95
        reads2.append(mrz_ocr.LineRead(scores))
    for col in (1, 3):  # weights 3 and 7: O at both leaves every digit as it was
        reads2[1].scores[col, mrz_ocr.CLASSES.index("O")] = 0.96
    decoded = mrz_ocr.decode(reads2, "TD3")
    assert decoded.lines == lines_7_3
    assert {(1, 1), (1, 3)} <= set(decoded.uncertain)
