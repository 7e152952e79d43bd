"""A region under load: six desks and two post counters, each its own OS process, for a
few seconds against one database (SQLite here, PostgreSQL with ``OPERATOR_APP_TEST_PG``).

The desks open visits on their own applications and on a few "hot" ones every desk wants,
check the originals, correct the account (two windows of one clerk edit the same record),
decide, issue new codes and type codes on the portal; the counters hand letters over,
some to the wrong passport, and their addressees type the letters' codes. Afterwards
every invariant of tests/stress/region.py holds, nothing failed, and every refusal was a
sentence. The full form, with figures, is ``make stress`` (bench/stress.py).
"""

from __future__ import annotations

import threading
import time

import pytest

from operator_app.models import Database
from operator_app.services import documents, visits
from operator_app.services.errors import ServiceError
from tests.stress import region

DESKS, COUNTERS, SECONDS = 6, 2, 4.0


def test_eight_processes_keep_every_invariant_and_refuse_in_sentences(db_url, capsys):
    db = Database(db_url)
    try:
        # 2 points × 2 clerks for 6 desks: two clerks work in two windows at once
        layout = region.setup_region(db, points=2, clerks_per_point=2, post_clerks=2,
                                     applications_count=30, hot=3, letters=16)
        tally = region.run_region(db_url, layout, desks=DESKS, counters=COUNTERS,
                                  seconds=SECONDS, seed=14,
                                  habits=region.DeskHabits(pause=0.02))
        with capsys.disabled():
            print("\n" + "\n".join(region.summary_lines(tally)))  # noqa: T201 - the figures
        assert not tally.errors, tally.errors[0]
        assert region.check_invariants(db) == []
    finally:
        db.dispose()
    for kind in ("open_visit", "check_originals", "decide_confirmed", "hand_over"):
        assert tally.ok[kind] > 0, kind
    refused = {kind for (kind, _message) in tally.refused}
    # the hot applications: another desk is serving it; the shared letters: handed over
    # already, or the passport typed is not the addressee's
    assert "open_visit" in refused
    assert "hand_over" in refused
    assert tally.unclear_refusals() == []


@pytest.mark.postgres_only
def test_no_snils_noted_while_a_supervisor_releases_the_visit_is_a_sentence(db_url):
    """The clerk ticks "no СНИЛС" at the moment a supervisor of the point releases the
    visit, thought abandoned. The clerk must read why nothing was saved."""
    db, other = Database(db_url), Database(db_url)
    try:
        layout = region.setup_region(db, points=1, clerks_per_point=1, post_clerks=1,
                                     applications_count=1, hot=0, letters=0)
        clerk = region.actor_of(db, layout.clerks[0])
        boss = region.actor_of(db, layout.supervisor)
        with db.write() as session:
            visit_id = visits.open_visit(session, clerk, layout.numbers[0]).id
        outcome: list[BaseException | None] = []

        def tick() -> None:
            try:
                with other.write() as session:
                    documents.note_no_snils(session, clerk, visit_id, True)
                outcome.append(None)
            except BaseException as error:  # noqa: BLE001 - the assertion below names it
                outcome.append(error)

        clerk_desk = threading.Thread(target=tick)
        with db.write() as session:
            visits.release_visit(session, boss, visit_id, "стол не отвечает")
            clerk_desk.start()
            time.sleep(1.0)  # the clerk's write now waits for the release's row lock
        clerk_desk.join(timeout=30)
    finally:
        other.dispose()
        db.dispose()
    assert outcome, "the clerk's write never ended"
    error = outcome[0]
    # Refused with a sentence (the visit is closed), or saved before the release: never a
    # traceback.
    assert error is None or isinstance(error, ServiceError), repr(error)


@pytest.mark.postgres_only
def test_one_clerk_opening_one_application_in_two_windows_at_once_resumes(db_url):
    """Two windows of one clerk scan the same application at the same moment: the second
    gets the first one's visit back, as it would a second later."""
    db, other = Database(db_url), Database(db_url)
    try:
        layout = region.setup_region(db, points=1, clerks_per_point=1, post_clerks=1,
                                     applications_count=1, hot=0, letters=0)
        clerk = region.actor_of(db, layout.clerks[0])
        outcome: list[object] = []

        def second_window() -> None:
            try:
                with other.write() as session:
                    outcome.append(visits.open_visit(session, clerk, layout.numbers[0]))
            except BaseException as error:  # noqa: BLE001 - the assertion below names it
                outcome.append(error)

        window = threading.Thread(target=second_window)
        with db.write() as session:
            first = visits.open_visit(session, clerk, layout.numbers[0])
            window.start()
            time.sleep(1.0)  # the second window's insert now waits for this one's
        window.join(timeout=30)
    finally:
        other.dispose()
        db.dispose()
    assert outcome, "the second window never got an answer"
    second = outcome[0]
    assert isinstance(second, visits.VisitInfo), repr(second)
    assert (second.id, second.resumed) == (first.id, True)
