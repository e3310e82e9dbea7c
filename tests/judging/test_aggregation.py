import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.utils import ConnectionHandler

from tests.judging import ranking_case

CASE_SCRIPT = Path(ranking_case.__file__)


def _sqlite_results(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"VAR_DIR": str(tmp_path), "TASKS_BACKEND": "immediate", "DJANGO_SETTINGS_MODULE": "cms.settings"}
    done = subprocess.run(
        [sys.executable, str(CASE_SCRIPT)],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
@pytest.mark.django_db
def test_ranking_and_head_judge_pages_identical_on_postgresql_and_sqlite(tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    round_, entries, organiser = ranking_case.build_case()
    here = {
        "vendor": connection.vendor,
        "ranking": ranking_case.ranking_results(round_, entries),
        "pages": ranking_case.page_statuses(round_, organiser),
    }
    there = _sqlite_results(tmp_path)
    assert (here["vendor"], there["vendor"]) == ("postgresql", "sqlite")
    assert set(there["pages"].values()) == {200}
    assert here["pages"] == there["pages"]
    for setting, rows in here["ranking"].items():
        assert rows == there["ranking"][setting], ranking_case.SETTINGS[int(setting)]
    # The case means something: the head judge's decision orders entries 3 then 2, ties are explained.
    plain_mean = {row["entry"]: row for row in here["ranking"]["0"]}
    assert (plain_mean[3]["rank"], plain_mean[2]["rank"]) == (4, 5)
    assert plain_mean[0]["score"] == plain_mean[1]["score"]
    assert plain_mean[0]["rank"] < plain_mean[1]["rank"]
    assert "Thông điệp" in plain_mean[0]["tie_broken_by"]
    assert plain_mean[4]["disagreement"]


@pytest.mark.django_db
def test_ranking_backend_on_postgresql_is_sql_and_agrees_with_portable_to_the_bit():
    from dataclasses import asdict

    from judging.services.ranking import compute_ranking, ranking_backend, tie_break_criteria
    from judging.services.ranking.portable import PortableRanking
    from judging.services.ranking.postgresql import PostgresqlRanking

    assert isinstance(ranking_backend(), PostgresqlRanking)
    round_, entries, _organiser = ranking_case.build_case()
    divisions = {entry.division_id for entry in entries}
    criteria = tie_break_criteria(round_=round_)
    assert criteria
    # Beyond the cross-database case: trimmed means of normalised scores, and a trim that drops nothing.
    extra = [
        {
            "aggregation": "trimmed_mean",
            "normalise_scores": True,
            "normalise_min_sheets": 3,
            "trim_percent": 25,
        },
        {"aggregation": "trimmed_mean", "normalise_scores": False, "trim_percent": 10},
    ]
    for options in [*ranking_case.SETTINGS, *extra]:
        for name, value in options.items():
            setattr(round_, name, value)
        round_.save()
        in_sql = PostgresqlRanking().rank(round_=round_, criteria=criteria)
        in_python = PortableRanking().rank(round_=round_, criteria=criteria)
        assert [asdict(row) for row in in_sql] == [asdict(row) for row in in_python], options
        assert {row.division_id for row in in_sql} == divisions
        assert any(row.rank != row.score_rank for row in in_sql), options
        assert any(row.disagreement for row in in_sql), options
        chosen = compute_ranking(round_=round_)
        assert [(r.entry_id, r.rank, r.score) for r in chosen] == [
            (r.entry_id, r.rank, r.score) for r in in_sql
        ]
        assert any(r.tie_broken_by for r in chosen), options


def test_sqlite_sample_spread_is_null_below_two_sheets_as_on_postgresql(django_db_blocker):
    """The head judge's spread column: Django's SQLite STDDEV_SAMP raised on a single value (a 500)."""
    sqlite = ConnectionHandler({"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}})
    try:
        with django_db_blocker.unblock(), sqlite["default"].cursor() as cursor:
            cursor.execute("CREATE TABLE sheet (total REAL)")
            cursor.execute("SELECT STDDEV_SAMP(total) FROM sheet")
            assert cursor.fetchone() == (None,)
            cursor.execute("INSERT INTO sheet VALUES (72.5), (NULL)")
            cursor.execute("SELECT STDDEV_SAMP(total) FROM sheet")
            assert cursor.fetchone() == (None,)
            cursor.execute("INSERT INTO sheet VALUES (52.5)")
            cursor.execute("SELECT STDDEV_SAMP(total) FROM sheet")
            assert cursor.fetchone()[0] == pytest.approx(14.1421356)
    finally:
        sqlite.close_all()
