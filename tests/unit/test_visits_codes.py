from __future__ import annotations

import datetime as dt
import io
import threading

import pytest
from sqlalchemy import select, text

from operator_app.cli import EXIT_REFUSED, main
from operator_app.models import (
    AccountStatus,
    Application,
    AuditEvent,
    CodeState,
    ConfirmationCode,
    RepeatReason,
    Visit,
    VisitKind,
    VisitState,
    utcnow,
)
from operator_app.services import codes, visits
from operator_app.services.errors import Conflict, PermissionDenied, ValidationError
from tests.helpers.data import PENDING, check_originals

KEY = bytes(range(32))


def _open(world, actor=None, number=PENDING):
    with world.db.write() as session:
        return visits.open_visit(session, actor or world.clerk, number, desk_label="Окно 3")


def _confirm(world, info, request_id="req-1"):
    check_originals(world, info.id)
    with world.db.write() as session:
        checked = visits.advance(session, world.clerk, info.id, info.version,
                                 VisitState.DOCUMENTS_CHECKED)
        return visits.decide(session, world.clerk, checked.id, checked.version,
                             VisitState.CONFIRMED, code_key=KEY, request_id=request_id)


def _redeem(world, code, number=PENDING, now=None):
    with world.db.write() as session:
        return codes.redeem(session, number, code, key=KEY, now=now)


# -- the code itself ------------------------------------------------------------------


def test_codes_have_no_look_alikes_and_a_check_character():
    for _ in range(200):
        code = codes.generate_code()
        assert len(code) == 9
        assert not set(code) & set("01OQILSB8Z5U")
        assert codes.check_code_format(codes.format_code(code).lower()) == code


def test_a_typo_is_caught_by_the_check_character():
    code = codes.generate_code()
    caught = 0
    for position in range(len(code)):
        for replacement in codes.ALPHABET:
            if replacement == code[position]:
                continue
            typo = code[:position] + replacement + code[position + 1:]
            with pytest.raises(ValidationError):
                codes.check_code_format(typo)
            caught += 1
    assert caught == 9 * (len(codes.ALPHABET) - 1)


def test_every_swap_of_neighbours_is_caught_the_check_character_included():
    """Luhn mod 24 let 2↔Y and some swaps with the check character through (0.37 % of
    adjacent swaps); the check must catch every one, and every single wrong character."""
    import random

    rng = random.Random(7)
    for _ in range(300):
        code = codes.generate_code()
        for i in range(len(code) - 1):
            if code[i] != code[i + 1]:
                swapped = code[:i] + code[i + 1] + code[i] + code[i + 2:]
                with pytest.raises(ValidationError, match="опечатка"):
                    codes.check_code_format(swapped)
    # exhaustively over every pair of symbols in every place, on one random body
    body = "".join(rng.choice(codes.ALPHABET) for _ in range(7))
    for a in codes.ALPHABET:
        for b in codes.ALPHABET:
            if a == b:
                continue
            for i in range(len(body) + 1):
                left = body[:i] + a + b + body[i:]
                right = body[:i] + b + a + body[i:]
                code = left[:8] + codes._damm_check(left[:8])
                swapped = right[:8] + codes._damm_check(left[:8])
                if code != swapped:
                    with pytest.raises(ValidationError):
                        codes.check_code_format(swapped)


def test_codes_issued_with_the_older_check_character_still_redeem(scan_world):
    """Codes issued before the check changed (scheme 1, Luhn mod 24) keep working."""
    from operator_app.models import ConfirmationCode

    body = "2Y2Y2Y2Y"
    old_code = body + codes._luhn_mod_n_check(body)
    with pytest.raises(ValidationError):
        codes.check_code_format(old_code)  # not a valid new code
    with scan_world.db.write() as session:
        application = session.scalar(select(Application).where(Application.number == PENDING))
        session.add(ConfirmationCode(application_id=application.id, check_scheme=codes.LUHN,
                                     code_hash=codes.code_hash(KEY, PENDING, old_code),
                                     expires_at=utcnow() + codes.DEFAULT_TTL))
    assert _redeem(scan_world, codes.format_code(old_code)).ok


@pytest.mark.parametrize(("typed", "says"), [("ABC", "9 знаков"), ("0O1IL5SB8", "нет знаков")])
def test_malformed_codes_are_explained(typed, says):
    with pytest.raises(ValidationError, match=says):
        codes.check_code_format(typed)


# -- visits -------------------------------------------------------------------------------


def test_first_visit_confirmed_issues_one_code_and_redeem_once(scan_world):
    info = _open(scan_world)
    assert (info.kind, info.state) == (VisitKind.FIRST, VisitState.OPENED)
    decision = _confirm(scan_world, info)
    code = decision.code.code
    assert decision.visit.state is VisitState.CONFIRMED
    assert _redeem(scan_world, codes.format_code(code)).ok
    second = _redeem(scan_world, code)
    assert not second.ok
    assert "уже использован" in second.message
    with scan_world.db.read() as session:
        app = session.scalar(select(Application).where(Application.number == PENDING))
        assert app.account_status is AccountStatus.ACTIVE


def test_double_click_on_confirm_issues_one_code(scan_world):
    info = _open(scan_world)
    first = _confirm(scan_world, info, request_id="click")
    with scan_world.db.write() as session:  # the same request again, stale version and all
        again = visits.decide(session, scan_world.clerk, info.id, info.version,
                              VisitState.CONFIRMED, code_key=KEY, request_id="click")
    assert first.code.code is not None
    assert again.code.repeated_request
    assert again.code.code is None
    with scan_world.db.read() as session:
        assert session.scalar(select(text("count(*)")).select_from(ConfirmationCode)) == 1


def test_confirming_needs_checked_documents(scan_world):
    info = _open(scan_world)
    with scan_world.db.write() as session, pytest.raises(ValidationError, match="Нельзя"):
        visits.decide(session, scan_world.clerk, info.id, info.version, VisitState.CONFIRMED,
                      code_key=KEY, request_id="x")


def test_repeat_needed_requires_the_list_and_refusal_a_reason(scan_world):
    info = _open(scan_world)
    with scan_world.db.write() as session, pytest.raises(ValidationError) as missing:
        visits.decide(session, scan_world.clerk, info.id, info.version, VisitState.REPEAT_NEEDED)
    assert missing.value.field == "missing"
    with scan_world.db.write() as session, pytest.raises(ValidationError) as reason:
        visits.decide(session, scan_world.clerk, info.id, info.version, VisitState.REFUSED)
    assert reason.value.field == "note"


def test_repeat_visit_timeline(scan_world):
    info = _open(scan_world)
    with scan_world.db.write() as session:
        visits.decide(session, scan_world.clerk, info.id, info.version,
                      VisitState.REPEAT_NEEDED, missing=("Миграционная карта", "ВНЖ"))
    again = _open(scan_world, scan_world.other_clerk)
    assert again.kind is VisitKind.REPEAT
    with scan_world.db.write() as session:
        visits.set_repeat_reason(session, scan_world.other_clerk, again.id, again.version,
                                 RepeatReason.MISSING_DOCUMENTS, free_of_charge=False)
    with scan_world.db.read() as session:
        entries = visits.timeline(session, scan_world.clerk, PENDING)
    assert [e.state for e in entries] == [VisitState.REPEAT_NEEDED, VisitState.OPENED]
    assert entries[0].missing == ("Миграционная карта", "ВНЖ")
    assert entries[0].point_name == "ЦО «Тверская»"
    assert entries[1].point_name == "ЦО «Невский»"
    assert entries[1].repeat_reason is RepeatReason.MISSING_DOCUMENTS


def test_second_desk_cannot_open_the_same_application(scan_world):
    _open(scan_world)
    with pytest.raises(visits.VisitBusy) as busy:
        _open(scan_world, scan_world.other_clerk)
    assert "уже обслуживается" in busy.value.message
    assert "Окно 3" in busy.value.message
    resumed = _open(scan_world)  # the same clerk after a crash or the idle lock
    assert resumed.resumed


def test_two_desks_racing_to_open(scan_world):
    results: list[object] = []

    def desk(actor):
        try:
            results.append(_open(scan_world, actor))
        except visits.VisitBusy as exc:
            results.append(exc)

    threads = [threading.Thread(target=desk, args=(a,))
               for a in (scan_world.clerk, scan_world.other_clerk)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(type(r).__name__ for r in results) == ["VisitBusy", "VisitInfo"]


# -- codes at the portal ----------------------------------------------------------------


def test_wrong_code_attempts_lock_the_code(scan_world):
    decision = _confirm(scan_world, _open(scan_world))
    right = decision.code.code
    wrong = codes.generate_code()
    while wrong == right:
        wrong = codes.generate_code()
    messages = [_redeem(scan_world, wrong).message for _ in range(codes.MAX_ATTEMPTS)]
    assert "Осталось попыток: 4" in messages[0]
    assert "заблокирован" in messages[-1]
    assert not _redeem(scan_world, right).ok  # even the right code, once locked


def test_a_typo_does_not_spend_an_attempt(scan_world):
    decision = _confirm(scan_world, _open(scan_world))
    right = decision.code.code
    typo = right[:-1] + next(c for c in codes.ALPHABET if c != right[-1])
    for _ in range(10):
        assert "опечатка" in _redeem(scan_world, typo).message
    assert _redeem(scan_world, right).ok


def test_expired_code_is_refused(scan_world):
    decision = _confirm(scan_world, _open(scan_world))
    later = utcnow() + codes.DEFAULT_TTL + dt.timedelta(minutes=1)
    result = _redeem(scan_world, decision.code.code, now=later)
    assert not result.ok
    assert "истёк" in result.message


def test_revoke_and_reissue(scan_world):
    decision = _confirm(scan_world, _open(scan_world))
    old = decision.code.code
    with scan_world.db.write() as session:
        new = visits.reissue_code(session, scan_world.clerk, PENDING,
                                  visit_id=decision.visit.id, code_key=KEY,
                                  request_id="lost-1", reason="заявитель потерял код")
    assert new.code != old
    assert "отозван" in _redeem(scan_world, old).message
    assert _redeem(scan_world, new.code).ok


def test_supervisor_revokes_a_code_issued_in_error(scan_world):
    decision = _confirm(scan_world, _open(scan_world))
    with scan_world.db.write() as session, pytest.raises(PermissionDenied):
        codes.revoke_code(session, scan_world.clerk, decision.code.code_id, "ошибка")
    with scan_world.db.write() as session:
        codes.revoke_code(session, scan_world.supervisor, decision.code.code_id, "выдан по ошибке")
    assert "отозван" in _redeem(scan_world, decision.code.code).message


def test_no_code_in_clear_anywhere(scan_world):
    decision = _confirm(scan_world, _open(scan_world))
    code = decision.code.code
    _redeem(scan_world, code)
    with scan_world.db.read() as session:
        dump = " ".join(str(v) for row in session.execute(text("SELECT * FROM audit_event"))
                        for v in row)
        dump += " ".join(str(v) for row in session.execute(text("SELECT * FROM confirmation_code"))
                         for v in row)
    assert code not in dump
    assert codes.format_code(code) not in dump


def test_cli_redeem(scan_world, capsys, monkeypatch):
    decision = _confirm(scan_world, _open(scan_world))
    code = codes.format_code(decision.code.code)
    url = scan_world.db.url
    monkeypatch.setenv("OPERATOR_APP_CODE_KEY", KEY.hex())
    assert main(["code", "redeem", PENDING, code, "--db", url], stdin=io.StringIO()) == 0
    assert "принят" in capsys.readouterr().out
    assert main(["code", "redeem", PENDING, code, "--db", url],
                stdin=io.StringIO()) == EXIT_REFUSED
    assert "уже использован" in capsys.readouterr().err
    with scan_world.db.read() as session:
        states = session.scalars(select(ConfirmationCode.state)).all()
        actions = session.scalars(select(AuditEvent.action)).all()
    assert states == [CodeState.REDEEMED]
    assert "code_redeemed" in actions


def test_no_new_code_once_the_code_is_redeemed(scan_world):
    decision = _confirm(scan_world, _open(scan_world))
    assert _redeem(scan_world, decision.code.code).ok
    with scan_world.db.write() as session, pytest.raises(ValidationError) as refused:
        visits.reissue_code(session, scan_world.clerk, PENDING, visit_id=decision.visit.id,
                            code_key=KEY, request_id="late", reason="заявитель потерял код")
    assert "уже введён на портале" in refused.value.message
    with scan_world.db.read() as session:
        assert session.scalar(select(text("count(*)")).select_from(ConfirmationCode)) == 1


def test_the_timeline_names_corrected_fields_as_the_form_does(scan_world):
    from operator_app.services import corrections

    info = _open(scan_world)
    with scan_world.db.write() as session:
        form = corrections.load(session, info.id)
        corrections.apply(session, scan_world.clerk, info.id, loaded=form.account,
                          version=form.version, typed={"surname_latin": "KARIMOVV"},
                          reason="опечатка на портале")
    with scan_world.db.read() as session:
        (entry,) = visits.timeline(session, scan_world.clerk, PENDING)
    assert entry.corrections == ("Фамилия (лат.): «KARIMOV» → «KARIMOVV»",)


def test_a_new_code_needs_the_applicants_visit_at_this_point(scan_world):
    """Lost code: only in person, at a visit of this clerk's point (the visit a day ago, or
    another point's clerk, gets no code)."""
    decision = _confirm(scan_world, _open(scan_world))
    an_hour_later = utcnow() + visits.REISSUE_WINDOW + dt.timedelta(minutes=1)
    with scan_world.db.write() as session, pytest.raises(ValidationError) as refused:
        visits.reissue_code(session, scan_world.clerk, PENDING, visit_id=decision.visit.id,
                            code_key=KEY, request_id="late", reason="потерял",
                            now=an_hour_later)
    assert "только на визите" in refused.value.message
    repeat = _open(scan_world)
    assert repeat.kind is VisitKind.REPEAT
    with scan_world.db.write() as session, pytest.raises(Conflict):
        visits.reissue_code(session, scan_world.other_clerk, PENDING, visit_id=repeat.id,
                            code_key=KEY, request_id="other", reason="потерял")
    with scan_world.db.write() as session:
        new = visits.reissue_code(session, scan_world.clerk, PENDING, visit_id=repeat.id,
                                  code_key=KEY, request_id="in-person", reason="потерял")
    assert "отозван" in _redeem(scan_world, decision.code.code).message
    with scan_world.db.read() as session:
        visit = session.get(Visit, repeat.id)
        assert visit.state is VisitState.CONFIRMED
        assert visit.open_application_id is None
        assert visit.decision_note == "Выдан новый код: потерял"
    assert _redeem(scan_world, new.code).ok
