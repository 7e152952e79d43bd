"""The desk's log file keeps what went wrong, not whom it was about."""

from __future__ import annotations

import logging
import stat

from operator_app import desk_log


def test_the_log_file_rotates_in_the_data_directory_and_is_private():
    path = desk_log.install()
    try:
        assert path.parent.name == "logs"
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        logging.getLogger("operator_app.test").warning("камера не открылась")
        assert "камера не открылась" in path.read_text(encoding="utf-8")
    finally:
        _remove(path)


def test_personal_data_and_codes_never_reach_the_file():
    path = desk_log.install()
    secrets = ["FA1234567", "ABC-DEF-GHJ", "ABCDEFGHJ", "112-233-445 95", "+7 916 123-45-67",
               "rustam.karimov@mail.ru", "P<UZBKARIMOV<<RUSTAM<<<<<<<<<<<<<<<<<<<<<<<<",
               "FA12345673UZB9005019M3203019<<<<<<<<<<<<<<02", "202600012346"]
    try:
        try:
            raise ValueError("не сохранено: " + ", ".join(secrets))
        except ValueError:
            logging.getLogger("operator_app.test").exception("unhandled error")
        written = path.read_text(encoding="utf-8")
        assert "unhandled error" in written
        assert "ValueError" in written
        for secret in secrets:
            assert secret not in written, secret
    finally:
        _remove(path)


def _remove(path) -> None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "baseFilename", None) == str(path):
            root.removeHandler(handler)
            handler.close()
