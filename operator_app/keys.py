"""The installation's secrets: one owner-only file, made once, never made again over data.

Every desk of an installation (and the portal) must hold the same keys: the QR signing
key, the key under which confirmation codes are stored as a keyed hash, the audit
chain's key, the key that fingerprints unknown logins, and the Ed25519 seed that signs
audit checkpoints. They live in ``keys.json`` in the configuration directory (mode 0600),
apart from the settings a clerk may change. The database remembers a fingerprint of each
key the first time a desk opens it; a desk whose file is missing, damaged or different
stops with one sentence instead of quietly making codes nobody can redeem.

Nothing here imports Qt; the desk and the command line call :func:`bind_to_database`
right after opening the database.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from operator_app.messages import N_, Titles, t

KEYS_FILE_NAME = "keys.json"
FORMAT = 1
# name in the file → what it is, for messages
KEY_NAMES = Titles({
    "qr_signing": "подпись QR-кодов заявлений",
    "code_hash": "хранение кодов подтверждения",
    "audit": "цепочка журнала",
    "login": "отпечатки неизвестных логинов",
    "checkpoint": "подпись контрольных точек журнала",
})
QR_KEY_ENV = "OPERATOR_APP_QR_KEY"
CODE_KEY_ENV = "OPERATOR_APP_CODE_KEY"
HOW_TO_FIX = N_("Скопируйте файл ключей с рабочего места, где база данных была создана "
                "(docs/security.md, «Ключи»).")


class KeyProblem(Exception):
    """The desk cannot work with the keys it has; ``str()`` is one sentence for a person,
    in the desk's language."""


def _with_fix(sentence: str) -> str:
    return f"{sentence} {t(HOW_TO_FIX)}"


def keys_path() -> Path:
    from operator_app.settings import config_dir

    return config_dir() / KEYS_FILE_NAME


@dataclass(frozen=True)
class InstallationKeys:
    qr_signing: bytes
    code_hash: bytes
    audit: bytes
    login: bytes
    checkpoint: bytes  # Ed25519 private key seed (32 bytes)

    @classmethod
    def generate(cls, *, qr_signing: bytes | None = None,
                 code_hash: bytes | None = None) -> InstallationKeys:
        return cls(qr_signing=qr_signing or secrets.token_bytes(32),
                   code_hash=code_hash or secrets.token_bytes(32),
                   audit=secrets.token_bytes(32), login=secrets.token_bytes(32),
                   checkpoint=secrets.token_bytes(32))

    def with_environment(self) -> InstallationKeys:
        """The QR and code keys may be set by the environment (a portal integration)."""
        if not (os.environ.get(QR_KEY_ENV) or os.environ.get(CODE_KEY_ENV)):
            return self
        values = dict(self.as_dict())
        for name, env in (("qr_signing", QR_KEY_ENV), ("code_hash", CODE_KEY_ENV)):
            text = os.environ.get(env, "").strip()
            if text:
                try:
                    values[name] = bytes.fromhex(text)
                except ValueError:
                    raise KeyProblem(t("Переменная {env} должна содержать ключ в "
                                       "шестнадцатеричном виде.", env=env)) from None
        return InstallationKeys(**values)

    def as_dict(self) -> dict[str, bytes]:
        return {name: getattr(self, name) for name in KEY_NAMES}

    def fingerprints(self) -> dict[str, str]:
        """What the database keeps of each key: enough to tell keys apart, nothing more."""
        return {name: fingerprint(name, value) for name, value in self.as_dict().items()}

    def checkpoint_public_key(self) -> bytes:
        return _public_key(self.checkpoint)


def _public_key(seed: bytes) -> bytes:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    private = Ed25519PrivateKey.from_private_bytes(seed)
    return private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def fingerprint(name: str, value: bytes) -> str:
    if name == "checkpoint":
        # The public key itself: a checkpoint can be checked against the database's record.
        return _public_key(value).hex()
    return hmac.new(value, b"operator-desk key fingerprint " + name.encode(),
                    hashlib.sha256).hexdigest()[:32]


# -- the file -------------------------------------------------------------------------------


def _encode(keys: InstallationKeys) -> str:
    body = {"format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            **{name: value.hex() for name, value in keys.as_dict().items()}}
    return json.dumps(body, indent=2) + "\n"


def _decode(text: str, path: Path) -> InstallationKeys:
    damaged = _with_fix(t("Файл ключей {path} повреждён.", path=path))
    try:
        raw: Any = json.loads(text)
    except ValueError:
        raise KeyProblem(damaged) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise KeyProblem(damaged)
    values: dict[str, bytes] = {}
    for name in KEY_NAMES:
        value = raw.get(name)
        try:
            data = bytes.fromhex(value) if isinstance(value, str) else b""
        except ValueError:
            data = b""
        if len(data) < 16 or (name == "checkpoint" and len(data) != 32):
            raise KeyProblem(damaged)
        values[name] = data
    return InstallationKeys(**values)


def read_keys(path: Path | None = None) -> InstallationKeys:
    """The keys in the file; :class:`FileNotFoundError` if there is none."""
    path = path or keys_path()
    try:
        info = path.stat()
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyProblem(_with_fix(t("Файл ключей {path} не читается ({error}).", path=path,
                                     error=exc.__class__.__name__))) from None
    if os.name == "posix" and info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyProblem(t("Файл ключей {path} доступен другим пользователям: оставьте доступ "
                           "только владельцу (chmod 600 {path}).", path=path))
    return _decode(text, path)


def write_owner_only(path: Path, data: bytes, *, exclusive: bool = False) -> bool:
    """Write ``data`` to ``path`` readable by its owner only, atomically.

    With ``exclusive`` the file is made only if it does not exist yet (False: another
    process made it first; its file stands). The contents are complete or absent: they
    go to a private temporary file first, which is then linked (exclusive) or renamed
    into place.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if not exclusive:
            os.replace(tmp, path)
            return True
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        return True
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _legacy_keys() -> tuple[bytes | None, bytes | None]:
    """Keys an older version kept in settings.json (read once, to move them here)."""
    from operator_app.settings import settings_path

    try:
        raw = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, None
    found: list[bytes | None] = []
    for name in ("qr_signing_key", "code_hash_key"):
        value = raw.get(name) if isinstance(raw, dict) else None
        try:
            found.append(bytes.fromhex(value) if isinstance(value, str) and value else None)
        except ValueError:
            found.append(None)
    return found[0], found[1]


def load_or_create(path: Path | None = None) -> InstallationKeys:
    """The file's keys; made now (once, whoever is first) if there is no file yet.

    A file that exists but is damaged is never replaced: :class:`KeyProblem`.
    """
    path = path or keys_path()
    try:
        return read_keys(path)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    qr_key, code_key = _legacy_keys()
    write_owner_only(path, _encode(InstallationKeys.generate(qr_signing=qr_key,
                                                             code_hash=code_key)).encode(),
                     exclusive=True)
    return read_keys(path)  # ours, or the one another desk made a moment earlier


_current: InstallationKeys | None = None


def current() -> InstallationKeys:
    """This desk's keys (the environment may override the QR and code keys)."""
    global _current
    if _current is None:
        _current = load_or_create()
    return _current.with_environment()  # read each time: a variable may be set later


def reset_cache() -> None:
    global _current
    _current = None


# -- the database's record --------------------------------------------------------------------


def bind_to_database(db: Any) -> InstallationKeys:
    """Check this desk's keys against the fingerprints the database keeps.

    The first desk to open a database records its fingerprints. Later a desk with no key
    file is not given new keys when the database already knows some: it stops, as does a
    desk whose keys differ (:class:`KeyProblem`, one sentence).
    """
    from sqlalchemy import select

    from operator_app.models import InstallationKey

    with db.read() as session:
        known = {row.name: row.fingerprint for row in session.scalars(select(InstallationKey))}
    path = keys_path()
    if known and not path.exists() and not _legacy_keys()[0]:
        raise KeyProblem(_with_fix(t("На этом рабочем месте нет файла ключей {path}, а база "
                                     "данных уже работает с ключами.", path=path)))
    keys = current()
    mine = keys.fingerprints()
    missing = [name for name in KEY_NAMES if name not in known]
    if missing:
        with db.write() as session:
            _record_fingerprints(session, {name: mine[name] for name in missing})
            if "audit" in missing:  # an older log moves to the keyed hash, in this transaction
                from operator_app.services import audit
                audit.seal_with_key(session, keys.audit)
        with db.read() as session:
            known = {row.name: row.fingerprint
                     for row in session.scalars(select(InstallationKey))}
    wrong = [KEY_NAMES[name] for name in KEY_NAMES if known.get(name) != mine[name]]
    if wrong:
        raise KeyProblem(_with_fix(t("Ключи этого рабочего места не подходят к базе данных "
                                     "({keys}).", keys=", ".join(wrong))))
    return keys


def _record_fingerprints(session: Any, values: dict[str, str]) -> None:
    """Insert what is not there yet; two desks starting together keep the first one's."""
    from sqlalchemy.dialects import postgresql, sqlite

    from operator_app.models import InstallationKey

    rows = [{"name": name, "fingerprint": value,
             "created_at": dt.datetime.now(dt.UTC)} for name, value in values.items()]
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(InstallationKey).values(rows).on_conflict_do_nothing())

