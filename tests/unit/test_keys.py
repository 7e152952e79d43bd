"""The installation's keys: made once, owner-only, never made again over existing data,
checked against the database's fingerprints at start (issue: a damaged settings.json
silently regenerated both keys; six desks starting together made two different keys)."""

from __future__ import annotations

import json
import multiprocessing
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from operator_app import keys, settings
from operator_app.cli import EXIT_CONFIG, main
from operator_app.models import Application, Database
from operator_app.services import codes
from tests.conftest import World
from tests.helpers.data import PENDING


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_keys_file_is_made_once_and_owner_only():
    first = keys.load_or_create()
    path = keys.keys_path()
    assert _mode(path) == 0o600
    keys.reset_cache()
    assert keys.load_or_create() == first
    assert len({first.qr_signing, first.code_hash, first.audit, first.login}) == 4


def test_a_damaged_settings_file_does_not_change_the_keys():
    before = settings.code_hash_key()
    settings.settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings.settings_path().write_text("{ not json", encoding="utf-8")
    settings.reset_settings_cache()
    keys.reset_cache()
    assert settings.code_hash_key() == before


def test_a_damaged_key_file_is_never_replaced():
    keys.load_or_create()
    path = keys.keys_path()
    path.write_text('{"format": 1, "qr_signing": "zz"}', encoding="utf-8")
    keys.reset_cache()
    with pytest.raises(keys.KeyProblem, match="повреждён"):
        keys.current()
    assert path.read_text(encoding="utf-8") == '{"format": 1, "qr_signing": "zz"}'


def test_a_key_file_readable_by_others_is_refused():
    keys.load_or_create()
    path = keys.keys_path()
    os.chmod(path, 0o644)
    keys.reset_cache()
    with pytest.raises(keys.KeyProblem, match="chmod 600"):
        keys.current()


def test_settings_file_is_owner_only():
    settings.get_settings().save()
    assert _mode(settings.settings_path()) == 0o600


def test_keys_kept_by_an_older_version_in_settings_are_moved_not_replaced():
    legacy = {"qr_signing_key": "ab" * 32, "code_hash_key": "cd" * 32}
    settings.settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings.settings_path().write_text(json.dumps(legacy), encoding="utf-8")
    assert settings.qr_signing_key() == bytes.fromhex("ab" * 32)
    assert settings.code_hash_key() == bytes.fromhex("cd" * 32)


def _make_keys(config: str, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    os.environ["OPERATOR_APP_CONFIG_DIR"] = config
    queue.put(keys.load_or_create().code_hash.hex())


def test_desks_starting_together_make_one_key(tmp_path: Path):
    config = str(tmp_path / "shared-config")
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [context.Process(target=_make_keys, args=(config, queue)) for _ in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    found = {queue.get(timeout=5) for _ in workers}
    assert len(found) == 1


def test_database_remembers_the_keys_and_refuses_others(db: Database, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch):
    first = keys.bind_to_database(db)
    # Another desk whose config folder lost its key file: no new keys over the data.
    monkeypatch.setenv("OPERATOR_APP_CONFIG_DIR", str(tmp_path / "other-desk"))
    keys.reset_cache()
    with pytest.raises(keys.KeyProblem, match="нет файла ключей"):
        keys.bind_to_database(db)
    assert not keys.keys_path().exists()
    # A desk with keys of its own (made elsewhere): refused, named.
    keys.load_or_create()
    keys.reset_cache()
    with pytest.raises(keys.KeyProblem, match="хранение кодов подтверждения"):
        keys.bind_to_database(db)
    # The key file copied from the first desk: works.
    keys.write_owner_only(keys.keys_path(), keys._encode(first).encode())
    keys.reset_cache()
    assert keys.bind_to_database(db).code_hash == first.code_hash


def test_command_line_stops_with_one_sentence_on_other_keys(
        db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]):
    assert main(["--db", db_url, "point", "add", "MSK-CO-9", "--kind", "service_center",
                 "--name", "ЦО"]) == 0
    monkeypatch.setenv("OPERATOR_APP_CONFIG_DIR", str(tmp_path / "other-desk"))
    keys.reset_cache()
    keys.load_or_create()
    capsys.readouterr()
    assert main(["--db", db_url, "code", "redeem", PENDING, "ABCD-EFGH"]) == EXIT_CONFIG
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert "ключ" in err[0]


def test_a_code_survives_a_damaged_settings_file(scan_world: World):
    """The failure the probe saw: after settings.json was damaged, genuine codes failed."""
    db = scan_world.db
    keys.bind_to_database(db)
    with db.write() as session:
        application = session.scalar(select(Application).where(Application.number == PENDING))
        issued = codes.issue_code(session, scan_world.clerk, application,
                                  key=settings.code_hash_key(), request_id="keys-test")
    settings.settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings.settings_path().write_text("\x00garbage", encoding="utf-8")
    settings.reset_settings_cache()
    keys.reset_cache()
    keys.bind_to_database(db)
    with db.write() as session:
        result = codes.redeem(session, PENDING, issued.code, key=settings.code_hash_key())
    assert result.ok, result.message
