"""The ``operator-app`` command: the GUI by default, administrator subcommands otherwise.

Every subcommand takes ``--db URL``. Errors are one line on stderr with a non-zero
exit code, never a traceback: 2 for bad arguments, 3 for database problems,
4 for a refused action, 5 for missing or wrong installation keys (keys.py), 1 for a
failed check (``audit verify``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

if TYPE_CHECKING:
    from operator_app.models import Database

EXIT_CHECK_FAILED = 1
EXIT_USAGE = 2
EXIT_DATABASE = 3
EXIT_REFUSED = 4
EXIT_CONFIG = 5

# ``post mark STATE``: the states a script records (hand-over and return have their own paths).
_POST_MARKS = ("printed", "in-transit", "arrived")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, like argparse but in our words
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: ошибка: {message}\n")


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"не дата ГГГГ-ММ-ДД: {text!r}") from None


def _at_least(minimum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"не число: {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"нужно не меньше {minimum}")
        return value

    return parse


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="SQLAlchemy URL of the database (default: OPERATOR_APP_DB, then the settings, "
        "then SQLite in the data directory)",
    )


def _add_smoke(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--smoke",
        action="store_true",
        default=argparse.SUPPRESS,
        help="check an installation: start on a throwaway database, show the login window "
        "for a second, quit (exit 0 when it was shown)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="operator-app",
        description="Operator Desk: identity confirmation of foreign citizens on Gosuslugi.",
    )
    _add_db(parser)
    _add_smoke(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    gui = sub.add_parser("gui", help="start the desk application (the default)")
    _add_db(gui)
    _add_smoke(gui)
    gui.add_argument("--demo", action="store_true",
                     help="create demo data first if the database has no operators")

    demo = sub.add_parser("demo", help="create a realistic demo data set and print the logins")
    _add_db(demo)
    demo.add_argument("--applicants", type=_at_least(20), default=320,
                      help="how many applicants (at least 20)")
    demo.add_argument("--seed", type=int, default=20261125, help="random seed (same seed, same data)")
    demo.add_argument("--history-days", type=_at_least(0), default=14,
                      help="how many days of past work to play through the services, today "
                           "included (default 14; 0: none)")
    demo.add_argument("--qr-sheet", metavar="FILE.pdf",
                      help="where to write the PDF sheet of demo QR codes (default: beside the "
                           "SQLite file, or demo-qr-codes.pdf in the current folder)")

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True,
                               parser_class=_Parser)
    upgrade = db_sub.add_parser("upgrade", help="migrate the database to this version's schema")
    _add_db(upgrade)
    upgrade.add_argument("--no-backup", action="store_true",
                         help="do not copy an older SQLite file before migrating")
    status = db_sub.add_parser("status", help="print the schema revision")
    _add_db(status)

    op = sub.add_parser("operator", help="operator accounts")
    op_sub = op.add_subparsers(dest="op_command", metavar="ACTION", required=True,
                               parser_class=_Parser)
    add = op_sub.add_parser("add", help="add an operator")
    _add_db(add)
    add.add_argument("login")
    add.add_argument("--name", required=True, help="full name")
    add.add_argument("--role", required=True, choices=["clerk", "post_clerk", "supervisor", "admin"])
    add.add_argument("--point", required=True, help="service point code")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from standard input instead of asking")
    passwd = op_sub.add_parser("passwd", help="set an operator's password (and unlock)")
    _add_db(passwd)
    passwd.add_argument("login")
    passwd.add_argument("--password-stdin", action="store_true")
    disable = op_sub.add_parser("disable", help="disable an operator")
    _add_db(disable)
    disable.add_argument("login")
    enable = op_sub.add_parser("enable", help="enable a disabled operator")
    _add_db(enable)
    enable.add_argument("login")
    lst = op_sub.add_parser("list", help="list operators")
    _add_db(lst)
    lst.add_argument("--json", action="store_true")

    point = sub.add_parser("point", help="service points")
    point_sub = point.add_subparsers(dest="point_command", metavar="ACTION", required=True,
                                     parser_class=_Parser)
    padd = point_sub.add_parser("add", help="add a service center or post office")
    _add_db(padd)
    padd.add_argument("code")
    padd.add_argument("--kind", required=True, choices=["service_center", "post_office"])
    padd.add_argument("--name", required=True)
    padd.add_argument("--address", default="")
    padd.add_argument("--index", dest="postal_index", help="6-digit postal index (post offices)")

    qr = sub.add_parser("qr", help="application QR codes")
    qr_sub = qr.add_subparsers(dest="qr_command", metavar="ACTION", required=True,
                               parser_class=_Parser)
    make = qr_sub.add_parser("make", help="the QR printout of an application number (PNG or PDF)")
    make.add_argument("number", help="application number, with or without spaces")
    make.add_argument("-o", "--output", required=True, help="FILE.png or FILE.pdf")
    make.add_argument("--caption", default="", help="a line under the number (PDF)")

    mrz = sub.add_parser("mrz", help="read the machine-readable zone of passport images "
                                     "(JSON lines); exit 0 only if every MRZ is valid")
    mrz.add_argument("files", nargs="+", metavar="FILE")

    code = sub.add_parser("code", help="confirmation codes")
    code_sub = code.add_subparsers(dest="code_command", metavar="ACTION", required=True,
                                   parser_class=_Parser)
    redeem = code_sub.add_parser("redeem", help="what the portal does when the applicant types "
                                                "the code; exit 0 only when accepted")
    _add_db(redeem)
    redeem.add_argument("number", help="application number")
    redeem.add_argument("code", help="the confirmation code, with or without hyphens")

    dec = sub.add_parser("decode", help="decode barcodes in image or PDF files (JSON lines)")
    dec.add_argument("files", nargs="+", metavar="FILE")

    aud = sub.add_parser("audit", help="the audit log")
    aud_sub = aud.add_subparsers(dest="audit_command", metavar="ACTION", required=True,
                                 parser_class=_Parser)
    verify = aud_sub.add_parser("verify", help="check that no audit event was altered, "
                                               "inserted or deleted")
    _add_db(verify)
    verify.add_argument("--json", action="store_true")
    verify.add_argument("--against", metavar="CHECKPOINT",
                        help="also check that the log still extends this signed checkpoint "
                             "(the newest events not deleted, the tail not rewritten)")
    checkpoint = aud_sub.add_parser("checkpoint", help="write a signed checkpoint of every "
                                                       "chain's head, to keep off the server")
    _add_db(checkpoint)
    checkpoint.add_argument("-o", "--output", required=True, metavar="FILE.json")

    rep = sub.add_parser("report", help="supervisors' reports")
    rep_sub = rep.add_subparsers(dest="report_command", metavar="KIND", required=True,
                                 parser_class=_Parser)
    daily = rep_sub.add_parser("daily", help="the day's summary (per point and operator): "
                                             "text to stdout, optionally PDF and CSV")
    _add_db(daily)
    daily.add_argument("--date", required=True, type=_iso_date, metavar="YYYY-MM-DD",
                       help="the day, in this computer's time zone")
    daily.add_argument("--point", metavar="CODE", help="one service point (default: all)")
    daily.add_argument("--pdf", metavar="FILE.pdf", help="write the PDF report here")
    daily.add_argument("--csv", metavar="FILE.csv", help="write the CSV figures here")

    post = sub.add_parser("post", help="Russian Post letters with confirmation codes")
    post_sub = post.add_subparsers(dest="post_command", metavar="ACTION", required=True,
                                   parser_class=_Parser)
    letters = post_sub.add_parser("letters", help="produce a batch of letters for every "
                                                  "application waiting at a post office")
    _add_db(letters)
    letters.add_argument("--office", required=True, metavar="INDEX",
                         help="the post office: postal index or point code")
    letters.add_argument("-o", "--output", required=True, metavar="FILE.pdf",
                         help="the letters, one per page (holds the codes: print, then delete)")
    letters.add_argument("--register-pdf", metavar="FILE.pdf", help="the batch register (PDF)")
    letters.add_argument("--register-csv", metavar="FILE.csv", help="the batch register (CSV)")
    letters.add_argument("--limit", type=_at_least(1), help="at most this many letters")
    letters.add_argument("--json", action="store_true",
                         help="print the letters' tracking and application numbers as JSON")
    mark = post_sub.add_parser("mark", help="record that letters were printed, handed to the "
                                            "post or arrived at their office")
    _add_db(mark)
    mark.add_argument("state", choices=list(_POST_MARKS))
    mark.add_argument("tracking_numbers", nargs="+", metavar="TRACKING")
    ret = post_sub.add_parser("return-expired", help="return letters whose storage period is "
                                                     "over and revoke their codes")
    _add_db(ret)
    ret.add_argument("--days", type=_at_least(1),
                     help="storage period in days (default: the settings, 30)")
    ret.add_argument("--office", metavar="INDEX", help="only this post office")
    ret.add_argument("--json", action="store_true")
    return parser


def _read_password(args: argparse.Namespace, stdin: TextIO) -> str:
    if args.password_stdin:
        return stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Пароль: ")
    if getpass.getpass("Пароль ещё раз: ") != first:
        raise _Refused("Пароли не совпадают.", EXIT_USAGE)
    return first


class _Refused(Exception):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def _open_db(args: argparse.Namespace, *, migrate: bool = True) -> Database:
    from operator_app.models import open_database
    from operator_app.settings import resolve_db_url

    return open_database(resolve_db_url(getattr(args, "db", None)), migrate=migrate)


def main(argv: Sequence[str] | None = None, *, stdin: TextIO | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = args.command or "gui"
    if command == "gui":
        if getattr(args, "smoke", False):
            return _smoke()
        from operator_app.views.app import run_gui

        return run_gui(db_url=getattr(args, "db", None), demo=getattr(args, "demo", False))

    from operator_app import keys
    from operator_app.models import DatabaseError
    from operator_app.services.errors import ServiceError

    handler = _HANDLERS[command]
    db: Database | None = None
    try:
        if command not in _WITHOUT_DATABASE:
            db = _open_db(args, migrate=command != "db")
            if command != "db":  # the schema is maintained before any desk has keys
                keys.bind_to_database(db)
        return handler(args, stdin or sys.stdin, db)
    except keys.KeyProblem as exc:
        print(f"operator-app: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except DatabaseError as exc:
        print(f"operator-app: {exc}", file=sys.stderr)
        return EXIT_DATABASE
    except ServiceError as exc:
        print(f"operator-app: {exc.message}", file=sys.stderr)
        return EXIT_REFUSED
    except _Refused as exc:
        print(f"operator-app: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130
    finally:
        if db is not None:
            db.dispose()


def _smoke(seconds: float = 1.0) -> int:
    """``--smoke``: start the desk as a desk starts it (schema migrated, keys, style sheet)
    on a throwaway SQLite database with one operator, in throwaway data and config folders;
    show the login window, process events for ``seconds``, quit. Before that, what a bundle
    could lack: the MRZ data files, a QR code read in a child process, the report and
    printing windows' Qt modules, the Russian country names. Exit 0 with one line when the
    window was shown, 1 with one sentence otherwise: what an installed bundle is checked
    with (packaging/smoke.sh)."""
    import os
    import tempfile

    from operator_app import keys
    from operator_app.settings import reset_settings_cache

    with tempfile.TemporaryDirectory(prefix="operator-desk-smoke-") as name:
        folder = Path(name)
        os.environ["OPERATOR_APP_DATA_DIR"] = str(folder / "data")
        os.environ["OPERATOR_APP_CONFIG_DIR"] = str(folder / "config")
        os.environ.pop("OPERATOR_APP_DB", None)
        reset_settings_cache()
        keys.reset_cache()
        try:
            from operator_app.views.app import smoke_login_window

            notes = smoke_login_window(folder, seconds)
        except Exception as exc:  # one line, whatever broke: a long message's last line
            lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
            print(f"smoke: failed: {type(exc).__name__}: {lines[-1] if lines else ''}",
                  file=sys.stderr)
            return EXIT_CHECK_FAILED
    for note in notes:  # system packages the desk works without, as the login window says
        print(f"smoke: note: {note}", file=sys.stderr)
    print("smoke: login window shown")
    return 0


def _cmd_demo(args: argparse.Namespace, stdin: TextIO, db: Database | None) -> int:
    assert db is not None
    from operator_app.services import demo

    summary = demo.create_demo(db, applicants=args.applicants, seed=args.seed,
                               history_days=args.history_days)
    print(summary.describe())
    sheet = Path(args.qr_sheet) if args.qr_sheet else demo.default_sheet_path(db)
    try:
        demo.write_qr_sheet(db, summary, sheet)
    except OSError as exc:
        print(f"operator-app: лист QR-кодов не записан ({sheet}): {exc.strerror}",
              file=sys.stderr)
    else:
        print(f"\nЛист QR-кодов для проверки камеры: {sheet}")
    return 0


def _cmd_db(args: argparse.Namespace, stdin: TextIO, db: Database | None) -> int:
    assert db is not None
    if args.db_command == "status":
        print(db.current_revision() or "(пустая база)")
        return 0
    result = db.upgrade(backup=not args.no_backup)
    if result.changed:
        print(f"Схема обновлена: {result.from_revision or '(пусто)'} → {result.to_revision}")
        if result.backup:
            print(f"Резервная копия: {result.backup}")
    else:
        print(f"Схема уже новейшая ({result.to_revision})")
    return 0


def _cmd_operator(args: argparse.Namespace, stdin: TextIO, db: Database | None) -> int:
    assert db is not None
    from operator_app.models import Role
    from operator_app.services import operators
    from operator_app.services.actor import Actor

    cli = Actor.command_line()
    if args.op_command == "list":
        with db.read() as session:
            rows = operators.list_operators(session)
        if args.json:
            print(json.dumps([
                {"login": r.login, "name": r.full_name, "role": r.role.value, "point": r.point_code,
                 "active": r.is_active,
                 "locked_until": r.locked_until.isoformat() if r.locked_until else None}
                for r in rows
            ], ensure_ascii=False))
        else:
            for r in rows:
                state = "активен" if r.is_active else "отключён"
                if r.locked_until:
                    state += f", заблокирован до {r.locked_until.astimezone():%H:%M}"
                print(f"{r.login:<16} {r.role.value:<11} {r.point_code:<12} {state:<10} {r.full_name}")
        return 0
    if args.op_command == "add":
        password = _read_password(args, stdin)
        with db.write() as session:
            operators.create_operator(session, cli, login=args.login, full_name=args.name,
                                      role=Role(args.role), point_code=args.point,
                                      password=password)
        print(f"Оператор {args.login} добавлен.")
        return 0
    if args.op_command == "passwd":
        password = _read_password(args, stdin)
        with db.write() as session:
            operators.set_password(session, cli, args.login, password)
        print(f"Пароль оператора {args.login} изменён.")
        return 0
    with db.write() as session:
        operators.set_active(session, cli, args.login, args.op_command == "enable")
    print(f"Оператор {args.login} {'включён' if args.op_command == 'enable' else 'отключён'}.")
    return 0


def _cmd_point(args: argparse.Namespace, stdin: TextIO, db: Database | None) -> int:
    assert db is not None
    from operator_app.models import PointKind
    from operator_app.services import operators
    from operator_app.services.actor import Actor

    with db.write() as session:
        operators.create_service_point(session, Actor.command_line(), code=args.code,
                                       kind=PointKind(args.kind), name=args.name,
                                       address=args.address, postal_index=args.postal_index)
    print(f"Точка {args.code.upper()} добавлена.")
    return 0


def _cmd_audit(args: argparse.Namespace, stdin: TextIO, db: Database | None) -> int:
    assert db is not None
    from operator_app.services import audit
    from operator_app.services.actor import Actor

    if args.audit_command == "checkpoint":
        path = _write_checkpoint(db, args.output)
        print(f"Контрольная точка журнала записана: {path}. Храните её вне сервера базы "
              f"данных.")
        return 0
    checkpoint: object = None
    if args.against:
        checkpoint = _read_checkpoint(args.against)
    with db.read() as session:
        result = audit.verify(session, Actor.command_line())
        if args.against:  # one sentence per chain: the chain's own break says more
            named = {b.chain for b in result.breaks}
            result.breaks.extend(b for b in audit.verify_against(session, checkpoint)
                                 if b.chain not in named)
    if args.json:
        print(json.dumps({
            "ok": result.ok,
            "checked": result.checked,
            "heads": {c: {"seq": s, "hash": h} for c, (s, h) in result.heads.items()},
            "breaks": [b.__dict__ for b in result.breaks],
        }, ensure_ascii=False))
    elif result.ok:
        print(f"Журнал цел: проверено событий — {result.checked}, цепочек — {len(result.heads)}.")
        if args.against:
            print(f"Журнал продолжает контрольную точку {args.against}.")
        for chain, (seq, digest) in sorted(result.heads.items()):
            print(f"  {chain:<14} № {seq:<8} {digest}")
    else:
        for b in result.breaks:
            where = f"контрольная точка {args.against}: " if b.kind == "checkpoint" else ""
            print(f"НАРУШЕНИЕ: {where}{b.message}.", file=sys.stderr)
    return 0 if result.ok else EXIT_CHECK_FAILED


def _read_checkpoint(path: str) -> object:
    from operator_app.services import audit

    try:
        return audit.read_checkpoint(path)
    except OSError as exc:
        raise _Refused(f"Контрольная точка {path} не прочитана: {exc.strerror}.",
                       EXIT_CHECK_FAILED) from exc


def _write_checkpoint(db: Database, path: str | Path) -> Path:
    """A signed checkpoint of every chain, written atomically; a broken log gets none."""
    from operator_app.services import audit

    with db.read() as session:
        try:
            checkpoint = audit.make_checkpoint(session)
        except audit.LogBroken as exc:
            raise _Refused(exc.message, EXIT_CHECK_FAILED) from exc
    try:
        return audit.write_checkpoint(checkpoint, path)
    except OSError as exc:
        raise _Refused(f"Не удалось записать {path}: {exc.strerror}", EXIT_REFUSED) from exc


def _cmd_qr(args: argparse.Namespace, stdin: TextIO, db: Database | None) -> int:
    from operator_app.services.application_numbers import format_number, validate
    from operator_app.services.qr_payload import make_payload
    from operator_app.settings import qr_signing_key
    from printing.qr import QrItem, application_printout_pdf, qr_png

    number = validate(args.number)
    payload = make_payload(number, qr_signing_key())
    target = Path(args.output)
    suffix = target.suffix.lower()
    if suffix == ".png":
        data = qr_png(payload)
    elif suffix == ".pdf":
        data = application_printout_pdf(QrItem(format_number(number), payload, args.caption))
    else:
        raise _Refused("Укажите файл .png или .pdf.", EXIT_USAGE)
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise _Refused(f"Не удалось записать {target}: {exc.strerror}", EXIT_REFUSED) from exc
    print(f"{target}: {payload}")
    return 0


def _cmd_decode(args: argparse.Namespace, stdin: TextIO, db: Database | None) -> int:
    import time

    from operator_app.scanning.decoders import UnreadableFile, decode_file
    from operator_app.services.qr_payload import PayloadKind, parse_payload
    from operator_app.settings import qr_signing_key

    key = qr_signing_key()
    all_decoded = True
    for name in args.files:
        started = time.perf_counter()
        line: dict[str, object] = {"file": name}
        codes: list[dict[str, object]] = []
        try:
            # In a child process within the file limits: a bad file is its own line's
            # error, and the next file is read.
            result = decode_file(name)
        except UnreadableFile as exc:
            line["error"] = str(exc)
        else:
            if result.note:
                line["note"] = result.note
            for page, code in result.codes:
                payload = parse_payload(code.text, key)
                ours = payload.kind in (PayloadKind.VALID, PayloadKind.FORGED)
                codes.append({
                    "text": code.text, "format": code.format, "decoder": code.decoder,
                    "page": page,
                    "application": payload.number if ours or payload.kind is PayloadKind.NUMBER
                    else None,
                    "signature": ("valid" if payload.kind is PayloadKind.VALID else "invalid")
                    if ours else None,
                })
        line["codes"] = codes
        line["ms"] = round((time.perf_counter() - started) * 1000, 1)
        all_decoded = all_decoded and bool(codes)
        print(json.dumps(line, ensure_ascii=False))
    return 0 if all_decoded else EXIT_CHECK_FAILED


def _cmd_code(args: argparse.Namespace, stdin: TextIO, db: Database | None) -> int:
    assert db is not None
    from operator_app.services import codes
    from operator_app.services.application_numbers import validate
    from operator_app.settings import code_hash_key

    number = validate(args.number)
    with db.write() as session:
        result = codes.redeem(session, number, args.code, key=code_hash_key())
    print(result.message, file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else EXIT_REFUSED


def _cmd_post(args: argparse.Namespace, stdin: TextIO, db: Database | None) -> int:
    assert db is not None
    from operator_app.services import post
    from operator_app.services.actor import Actor
    from operator_app.settings import get_settings

    cli = Actor.command_line()
    if args.post_command == "letters":
        return _post_letters(args, db)
    if args.post_command == "mark":
        marks = {"printed": post.mark_printed, "in-transit": post.mark_in_transit,
                 "arrived": post.mark_arrived}
        with db.write() as session:
            rows = marks[args.state](session, cli, args.tracking_numbers)
        print(f"Отмечено писем: {len(rows)}.")
        return 0
    days = args.days or get_settings().post_storage_days
    with db.write() as session:
        returned = post.return_expired(session, cli, storage_days=days, office=args.office)
    if args.json:
        print(json.dumps([{"tracking_number": r.tracking_number,
                           "application": r.application_number, "office": r.office_index}
                          for r in returned], ensure_ascii=False))
    else:
        for r in returned:
            print(f"{r.tracking_number}  {r.application_number}  {r.office_index}  {r.addressee}")
        print(f"Возвращено писем: {len(returned)} (срок хранения {days} дн.); их коды отозваны."
              if returned else f"Писем, пролежавших больше {days} дн., нет.")
    return 0


def _post_letters(args: argparse.Namespace, db: Database) -> int:
    """The PDFs are written inside the batch's transaction: if one cannot be written the
    batch is rolled back, so no letter exists whose code nobody has."""
    from operator_app.keys import write_owner_only
    from operator_app.services import post
    from operator_app.services.actor import Actor
    from operator_app.settings import code_hash_key
    from printing.letters import letters_pdf, register_csv, register_pdf

    written: list[Path] = []
    try:
        with db.write() as session:
            batch = post.create_batch(session, Actor.command_line(), args.office,
                                      key=code_hash_key(), limit=args.limit)
            if batch.letters:
                outputs = [(Path(args.output), letters_pdf(batch.letters))]
                if args.register_pdf:
                    outputs.append((Path(args.register_pdf), register_pdf(batch)))
                if args.register_csv:
                    outputs.append((Path(args.register_csv), register_csv(batch)))
                for target, data in outputs:
                    try:
                        # The letters and the register hold clear codes: owner-only.
                        write_owner_only(target, data)
                    except OSError as exc:
                        raise _Refused(f"Не удалось записать {target}: {exc.strerror}; пакет "
                                       "не создан.", EXIT_REFUSED) from exc
                    written.append(target)
    except BaseException:
        for target in written:
            target.unlink(missing_ok=True)
        raise
    if args.json:
        print(json.dumps({"batch": batch.id, "office": batch.office_index, "letters": [
            {"tracking_number": letter.tracking_number,
             "application": letter.application_number} for letter in batch.letters]},
            ensure_ascii=False))
    elif not batch.letters:
        print(f"Писем для «{batch.office_name}» нет: ни одно заявление их не ждёт.")
    else:
        print(f"Пакет № {batch.id}: писем — {len(batch.letters)}, «{batch.office_name}», "
              f"номера {batch.letters[0].tracking_number}–{batch.letters[-1].tracking_number}.")
        for target in written:
            print(f"  {target}")
    return 0


def _cmd_report(args: argparse.Namespace, stdin: TextIO, db: Database | None) -> int:
    assert db is not None
    from operator_app.services import reports
    from operator_app.services.actor import Actor
    from printing.report import daily_report_csv, daily_report_pdf

    cli = Actor.command_line()
    with db.read() as session:
        summary = reports.daily_summary(session, cli, args.date, point_code=args.point)
        heads = reports.chain_heads(session, cli, point_code=args.point)  # after: covers it
    print(reports.text_summary(summary))
    for path, write in ((args.pdf, lambda p: daily_report_pdf(summary, heads, p)),
                        (args.csv, lambda p: daily_report_csv(summary, p))):
        if not path:
            continue
        try:
            write(path)
        except OSError as exc:
            raise _Refused(f"Не удалось записать {path}: {exc.strerror}", EXIT_REFUSED) from exc
        print(f"Записано: {path}")
    if args.pdf:  # the chain heads printed in the report leave the server signed, too
        print(f"Контрольная точка журнала: {_write_checkpoint(db, _checkpoint_beside(args.pdf))}")
    return 0


def _checkpoint_beside(pdf: str) -> Path:
    return Path(pdf).with_suffix(".checkpoint.json")


def _cmd_mrz(args: argparse.Namespace, stdin: TextIO, db: Database | None) -> int:
    from operator_app.scanning.mrz_cli import run

    return run(args.files, sys.stdout)


_WITHOUT_DATABASE = {"qr", "decode", "mrz"}

_HANDLERS: dict[str, Callable[[argparse.Namespace, TextIO, Database | None], int]] = {
    "demo": _cmd_demo,
    "db": _cmd_db,
    "operator": _cmd_operator,
    "point": _cmd_point,
    "audit": _cmd_audit,
    "qr": _cmd_qr,
    "decode": _cmd_decode,
    "code": _cmd_code,
    "mrz": _cmd_mrz,
    "report": _cmd_report,
    "post": _cmd_post,
}
