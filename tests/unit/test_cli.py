"""The operator-app command: one-line errors and exit codes, never a traceback."""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from operator_app.cli import EXIT_DATABASE, EXIT_REFUSED, EXIT_USAGE, main
from tests.conftest import BACKEND, examples

sqlite_only = pytest.mark.skipif(BACKEND != "sqlite", reason="SQLite file behaviour")


def _run(capsys, *argv, stdin=""):
    code = main(list(argv), stdin=io.StringIO(stdin))
    out, err = capsys.readouterr()
    return code, out, err


def test_first_installation_from_the_command_line(db_url, capsys):
    code, out, _ = _run(capsys, "point", "add", "msk-co-9", "--kind", "service_center",
                        "--name", "ЦО «Арбат»", "--db", db_url)
    assert code == 0
    assert "MSK-CO-9" in out
    code, _, _ = _run(capsys, "operator", "add", "chief", "--name", "Главный", "--role", "admin",
                      "--point", "MSK-CO-9", "--password-stdin", "--db", db_url,
                      stdin="long-enough-1\n")
    assert code == 0
    code, out, _ = _run(capsys, "operator", "list", "--json", "--db", db_url)
    assert code == 0
    assert json.loads(out) == [{"login": "chief", "name": "Главный", "role": "admin",
                                "point": "MSK-CO-9", "active": True, "locked_until": None}]
    code, _, _ = _run(capsys, "operator", "disable", "chief", "--db", db_url)
    assert code == 0
    code, out, _ = _run(capsys, "audit", "verify", "--json", "--db", db_url)
    assert code == 0
    assert json.loads(out)["ok"] is True


def test_refusals_are_one_line_with_exit_4(db_url, capsys):
    code, _, err = _run(capsys, "operator", "add", "x", "--name", "Кто", "--role", "clerk",
                        "--point", "NOWHERE", "--password-stdin", "--db", db_url,
                        stdin="long-enough-1\n")
    assert code == EXIT_REFUSED
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_bad_arguments_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["operator", "add"])
    assert info.value.code == EXIT_USAGE
    assert "ошибка" in capsys.readouterr().err


@sqlite_only
def test_corrupt_database_is_a_clear_message(tmp_path: Path, capsys):
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"\x00garbage" * 400)
    code, _, err = _run(capsys, "operator", "list", "--db", f"sqlite:///{broken}")
    assert code == EXIT_DATABASE
    assert "повреждён" in err
    assert "Traceback" not in err


def test_database_newer_than_the_program_is_a_clear_message(db, capsys):
    from sqlalchemy import text

    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'abcdef'"))
    code, _, err = _run(capsys, "audit", "verify", "--db", db.url)
    assert code == EXIT_DATABASE
    assert "новее" in err


def test_unreachable_server_is_a_clear_message(capsys):
    code, _, err = _run(capsys, "db", "status", "--db", "postgresql://u@127.0.0.1:9/x")
    assert code == EXIT_DATABASE
    assert "недоступен" in err


def test_db_upgrade_reports_what_it_did(empty_db_url, capsys):
    code, out, _ = _run(capsys, "db", "upgrade", "--db", empty_db_url)
    assert code == 0
    assert "Схема обновлена" in out
    code, out, _ = _run(capsys, "db", "upgrade", "--db", empty_db_url)
    assert code == 0
    assert "уже новейшая" in out


def test_qr_make_then_decode_png_and_pdf(tmp_path: Path, capsys):
    png, pdf = tmp_path / "код.png", tmp_path / "printout.pdf"
    assert _run(capsys, "qr", "make", "2026 0001 2346", "-o", str(png))[0] == 0
    assert _run(capsys, "qr", "make", "202600012346", "-o", str(pdf), "--caption", "IVANOV")[0] == 0
    code, out, _ = _run(capsys, "decode", str(png), str(pdf))
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["file"] for line in lines] == [str(png), str(pdf)]
    for line in lines:
        (found,) = line["codes"]
        assert found["application"] == "202600012346"
        assert found["signature"] == "valid"
        assert found["format"] == "QR_CODE"
        assert found["text"].startswith("GU1:202600012346:")
        assert isinstance(line["ms"], float)


def test_decode_reports_forged_and_missing_codes(tmp_path: Path, capsys, monkeypatch):
    forged = tmp_path / "forged.png"
    monkeypatch.setenv("OPERATOR_APP_QR_KEY", "11" * 32)  # the forger's key
    assert _run(capsys, "qr", "make", "202600012346", "-o", str(forged))[0] == 0
    monkeypatch.setenv("OPERATOR_APP_QR_KEY", "22" * 32)  # the desk's key
    blank = tmp_path / "blank.png"
    import cv2
    import numpy as np

    cv2.imwrite(str(blank), np.full((200, 200, 3), 255, np.uint8))
    code, out, _ = _run(capsys, "decode", str(forged), str(blank), str(tmp_path / "none.png"))
    assert code == 1
    first, second, third = (json.loads(line) for line in out.splitlines())
    assert first["codes"][0]["signature"] == "invalid"
    assert second["codes"] == []
    assert "не найден" in third["error"]


def test_decode_goes_through_a_batch_of_bad_files(tmp_path: Path, capsys):
    from tests.unit.test_safe_files import bad_files

    good = tmp_path / "good.png"
    assert _run(capsys, "qr", "make", "202600012346", "-o", str(good))[0] == 0
    bad = bad_files(tmp_path)
    code, out, err = _run(capsys, "decode", *(str(path) for path, _, _ in bad), str(good))
    assert code == 1  # not every file gave a code
    assert err == ""
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["file"] for line in lines] == [str(path) for path, _, _ in bad] + [str(good)]
    for line, (_path, _reason, words) in zip(lines, bad, strict=False):
        assert words in line["error"]
        assert line["codes"] == []
    assert "error" not in lines[-1]
    assert lines[-1]["codes"][0]["application"] == "202600012346"


def test_mrz_goes_through_a_batch_of_bad_files(tmp_path: Path, capsys):
    import cv2
    import numpy as np

    from operator_app.scanning.mrz import ocr_available
    from tests.unit.test_safe_files import bad_files

    if ocr_available() is not None:
        pytest.skip(ocr_available())
    blank = tmp_path / "blank.png"
    cv2.imwrite(str(blank), np.full((400, 600, 3), 255, np.uint8))
    bad = [(path, words) for path, _reason, words in bad_files(tmp_path)
           if path.suffix != ".pdf"]  # the MRZ command reads images only
    code, out, err = _run(capsys, "mrz", *(str(path) for path, _ in bad), str(blank))
    assert code == 1
    assert err == ""
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["file"] for line in lines] == [str(path) for path, _ in bad] + [str(blank)]
    for line, (_path, words) in zip(lines, bad, strict=False):
        assert words in line["error"]
    assert lines[-1]["valid"] is False
    assert "error" not in lines[-1]


def test_qr_make_refuses_a_mistyped_number(tmp_path: Path, capsys):
    code, _, err = _run(capsys, "qr", "make", "202600012347", "-o", str(tmp_path / "x.png"))
    assert code == EXIT_REFUSED
    assert "контрольная цифра" in err


def test_mrz_command_reads_a_generated_passport_page(tmp_path: Path, capsys):
    import cv2
    import numpy as np

    from operator_app.scanning.mrz import ocr_available
    from tests.unit.test_mrz import bench_mrz

    if ocr_available() is not None:
        pytest.skip(ocr_available())
    rng = np.random.default_rng(5)
    lines = bench_mrz.td3_lines(rng)
    page = bench_mrz.render_page(rng, lines)
    image_path = tmp_path / "паспорт.png"
    cv2.imencode(".png", page)[1].tofile(str(image_path))
    blank = tmp_path / "blank.png"
    cv2.imwrite(str(blank), np.full((400, 600, 3), 255, np.uint8))
    code, out, _ = _run(capsys, "mrz", str(image_path))
    assert code == 0
    line = json.loads(out)
    assert line["valid"] is True
    assert line["lines"] == list(lines)
    assert all(line["checks"].values())
    code, out, _ = _run(capsys, "mrz", str(blank))
    assert code == 1
    assert json.loads(out)["valid"] is False


# -- digits of other scripts ------------------------------------------------------------

_AR, _DV, _FW = "٠١٢٣٤٥٦٧٨٩", "०१२३४५६७८९", "０１２３４５６７８９"
_ODD = "²³¹½③" + _AR + _DV + _FW


@st.composite
def _typed_number(draw: st.DrawFn) -> str:
    text = list(draw(st.sampled_from(["202600012346", "2026 0001 2346"])))
    for _ in range(draw(st.integers(0, 3))):
        text[draw(st.integers(0, len(text) - 1))] = draw(st.sampled_from(_ODD))
    return "".join(text)


@settings(max_examples=examples(300), deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=_ODD + "0123456789 "), _typed_number()))
def test_qr_make_writes_a_code_or_refuses_in_one_line(tmp_path_factory, text):
    target = tmp_path_factory.getbasetemp() / "any.png"
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()) as out:
        code = main(["qr", "make", "-o", str(target), "--", text], stdin=io.StringIO())
    if code == 0:
        assert re.fullmatch(r"GU1:[0-9]{12}:[A-Z2-7]{16}\n", out.getvalue().split(": ", 1)[1])
    else:
        assert code == EXIT_REFUSED
        assert err.getvalue().count("\n") == 1
        assert err.getvalue().startswith("operator-app: ")


@pytest.mark.parametrize("digits", [_AR, _DV, _FW], ids=["arabic-indic", "devanagari",
                                                        "full-width"])
def test_qr_make_reads_a_number_typed_in_other_digits(tmp_path: Path, capsys, digits):
    typed = "2026 0001 2346".translate(str.maketrans("0123456789", digits))
    code, out, _ = _run(capsys, "qr", "make", typed, "-o", str(tmp_path / "q.png"))
    assert code == 0
    assert out.split(": ", 1)[1].startswith("GU1:202600012346:")


@pytest.mark.parametrize("odd", ["²", "³"])
def test_qr_make_refuses_superscript_digits(tmp_path: Path, capsys, odd):
    code, out, err = _run(capsys, "qr", "make", "20260001234" + odd, "-o", str(tmp_path / "q.png"))
    assert (code, out) == (EXIT_REFUSED, "")
    assert err == "operator-app: Номер заявления состоит только из цифр.\n"
    assert not (tmp_path / "q.png").exists()
