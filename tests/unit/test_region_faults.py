"""A desk killed (SIGKILL) in the middle of its work, again and again: at random moments,
and exactly inside the write of each step — the opening of a visit, a document checked
against the original, a correction, the code issued at confirmation, the decision —
right after the rows were flushed to the database and before the commit.

After each kill: every invariant of tests/stress/region.py holds (nothing half-written is
visible: no code without its audit event, no confirmed visit without its code, the log
verifies), and a new desk process, the same operator, gets the open visit back
(``resumed``) and can finish it. On SQLite here, on PostgreSQL with
``OPERATOR_APP_TEST_PG``; the full form (50+ kills) is ``make stress``.
"""

from __future__ import annotations

import random

import pytest

from operator_app.models import Database
from tests.stress import region

RANDOM_KILLS = 6


@pytest.fixture
def desk(db_url: str) -> tuple[str, region.Region]:
    db = Database(db_url)
    try:
        layout = region.setup_region(db, points=1, clerks_per_point=1, post_clerks=1,
                                     applications_count=12, hot=0, letters=0)
    finally:
        db.dispose()
    return db_url, layout


def test_a_desk_killed_at_random_moments_leaves_nothing_half_written(desk):
    url, layout = desk
    report = region.kill_at_random(url, layout.clerks[0], layout.numbers, kills=RANDOM_KILLS,
                                   rng=random.Random(14), longest=1.2)
    assert report.problems == []
    assert report.kills["random"] == RANDOM_KILLS
    assert report.held["random"] == RANDOM_KILLS
    # every visit a kill left open was resumed by the next desk as the same operator
    assert report.resumed["random"] == report.left_open["random"]


def test_a_desk_killed_inside_each_write_leaves_nothing_half_written(desk):
    url, layout = desk
    report = region.kill_at_armed_points(url, layout.clerks[0], layout.numbers)
    assert report.problems == []
    for point in region.ARMED_POINTS:
        assert report.kills[point] == 1, point
        assert report.held[point] == 1, point
    # a kill inside the opening leaves no visit; inside any later step the visit stays
    # open, and the same operator resumes and finishes it
    assert report.left_open["open"] == 0
    for point in ("document", "correction", "code", "decided"):
        assert report.resumed[point] == 1, point
