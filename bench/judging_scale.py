"""Judging at city scale, on PostgreSQL: assignment, ranking, and the judges' pages.

Builds a throw-away test database (from DATABASE_URL's server, tables made from the models), then times
  - the assignment of 20,000 entries to 80 judges (R = 3) with conflicts from 100 schools, and its
    preview (the same plan, written nowhere), which must take no longer,
  - the ranking of the round once its 60,000 sheets are submitted,
  - a judge's queue page and the head judge's view, counting their queries against a 30-entry round.

    DATABASE_URL=postgres://root@127.0.0.1:5432/kmm_bench python bench/judging_scale.py [--entries 20000]

The last line is a one-line summary.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
os.environ.setdefault("DATABASE_URL", "postgres://root@127.0.0.1:5432/kmm_bench")

import django

django.setup()

from collections import Counter  # noqa: E402
from datetime import date, timedelta  # noqa: E402

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

UNUSABLE = "!"  # an unusable password hash: nobody signs in with these accounts


def _no_migrations():
    from django.apps import apps

    settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}


def build(*, n_entries: int, n_judges: int, n_schools: int, tag: str, rng: random.Random):
    from contest.enums import ContestKind, Role
    from contest.models import Campaign, Contest, Division, School, User
    from judging.models import ConflictOfInterest, Criterion, JudgeDeclaration, Panel, Round, Rubric
    from submissions.models import Entry

    now = timezone.now()
    campaign, _ = Campaign.objects.get_or_create(
        slug="bench",
        defaults={"name": "Bench", "starts_on": date.today(), "ends_on": date.today() + timedelta(days=90)},
    )
    division = Division.objects.create(campaign=campaign, name=f"Bảng {tag}", min_age=11, max_age=15)
    contest = Contest.objects.create(
        campaign=campaign,
        kind=ContestKind.VIDEO,
        title=f"Video {tag}",
        slug=f"video-{tag}",
        code=tag[:4],
        accepted_media_kinds=["video"],
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(days=1),
    )
    contest.divisions.set([division])
    schools = School.objects.bulk_create(
        [
            School(name=f"Trường {tag} {i}", level="thcs", ward="Phường 1", code=f"{tag}-{i}")
            for i in range(n_schools)
        ]
    )
    judges = User.objects.bulk_create(
        [
            User(
                email=f"judge{i}@{tag}.bench",
                full_name=f"Giám khảo {i}",
                role=Role.JUDGE,
                password=UNUSABLE,
                school=rng.choice(schools),
            )
            for i in range(n_judges)
        ]
    )
    head = User.objects.create(
        email=f"head@{tag}.bench", full_name="Trưởng ban", role=Role.HEAD_JUDGE, password=UNUSABLE
    )
    # Judges see entries only after declaring their affiliations: these declared none.
    JudgeDeclaration.objects.bulk_create([JudgeDeclaration(judge=j) for j in [*judges, head]])
    entrants = User.objects.bulk_create(
        [
            User(
                email=f"pupil{i}@{tag}.bench",
                full_name=f"Học sinh {i}",
                role=Role.ENTRANT,
                password=UNUSABLE,
                school=rng.choice(schools),
            )
            for i in range(n_entries)
        ],
        batch_size=5000,
    )
    entries = Entry.objects.bulk_create(
        [
            Entry(
                contest=contest,
                division=division,
                lead_entrant=entrant,
                code=f"KMM-{tag}-{i:05d}",
                state="eligible",
                consent_complete=True,
                submitted_at=now,
                version=1,
            )
            for i, entrant in enumerate(entrants)
        ],
        batch_size=5000,
    )
    ConflictOfInterest.objects.bulk_create(
        [
            ConflictOfInterest(judge=rng.choice(judges), entry=rng.choice(entries), declared_by_judge=True)
            for _ in range(n_entries // 100)
        ],
        ignore_conflicts=True,
    )
    rubric = Rubric.objects.create(name=f"Rubric {tag}")
    Criterion.objects.bulk_create(
        [
            Criterion(
                rubric=rubric,
                sort_order=0,
                name="Thông điệp",
                weight=50,
                step=Decimal("0.5"),
                tie_break_priority=1,
            ),
            Criterion(
                rubric=rubric,
                sort_order=1,
                name="Sáng tạo",
                weight=30,
                step=Decimal("0.5"),
                tie_break_priority=2,
            ),
            Criterion(rubric=rubric, sort_order=2, name="Kỹ thuật", weight=20, step=Decimal("0.5")),
        ]
    )
    panel = Panel.objects.create(name=f"Hội đồng {tag}", contest=contest, division=division, head_judge=head)
    panel.judges.set([*judges, head])
    panel.save()
    round_ = Round.objects.create(name=f"Sơ khảo {tag}", panel=panel, rubric=rubric, judges_per_entry=3)
    return round_, judges, head


def submit_all(round_, rng: random.Random) -> int:
    """Every active assignment gets a submitted sheet (bulk, as fixture data)."""
    from judging.models import Assignment, Criterion, Score, ScoreSheet

    criteria = list(Criterion.objects.filter(rubric=round_.rubric).order_by("sort_order"))
    now = timezone.now()
    ids = list(Assignment.objects.filter(round=round_, active=True).values_list("id", flat=True))
    sheets, values = [], []
    for assignment_id in ids:
        marks = [Decimal(rng.randint(0, 20)) / 2 for _ in criteria]
        total = sum(c.weight * m / 10 for c, m in zip(criteria, marks, strict=True))
        sheets.append(
            ScoreSheet(
                assignment_id=assignment_id, state="submitted", total=total, submitted_at=now, version=1
            )
        )
        values.append(marks)
    sheets = ScoreSheet.objects.bulk_create(sheets, batch_size=5000)
    Score.objects.bulk_create(
        [
            Score(sheet=s, criterion=c, value=m)
            for s, marks in zip(sheets, values, strict=True)
            for c, m in zip(criteria, marks, strict=True)
        ],
        batch_size=10000,
    )
    return len(sheets)


def ranking_parity(round_) -> tuple[float, str]:
    """The portable class's time on the same round, and whether both classes give the same rows under
    each aggregation setting (all 60,000 sheets' floating-point arithmetic compared to the bit)."""
    from dataclasses import asdict

    from judging.models import Round
    from judging.services.ranking import tie_break_criteria
    from judging.services.ranking.portable import PortableRanking
    from judging.services.ranking.postgresql import PostgresqlRanking

    criteria = tie_break_criteria(round_=round_)
    started = time.perf_counter()
    PortableRanking().rank(round_=round_, criteria=criteria)
    portable_s = time.perf_counter() - started
    before = {name: getattr(round_, name) for name in ("aggregation", "normalise_scores", "trim_percent")}
    differing = []
    for options in (
        {"aggregation": "mean", "normalise_scores": False},
        {"aggregation": "mean", "normalise_scores": True, "normalise_min_sheets": 3},
        {"aggregation": "median", "normalise_scores": True, "normalise_min_sheets": 3},
        {"aggregation": "trimmed_mean", "normalise_scores": False, "trim_percent": 34},
    ):
        Round.objects.filter(pk=round_.pk).update(**options)
        round_.refresh_from_db()
        in_sql = [asdict(r) for r in PostgresqlRanking().rank(round_=round_, criteria=criteria)]
        in_python = [asdict(r) for r in PortableRanking().rank(round_=round_, criteria=criteria)]
        if in_sql != in_python:
            differing.append(f"{options}: {sum(a != b for a, b in zip(in_sql, in_python, strict=True))} rows")
    Round.objects.filter(pk=round_.pk).update(**before)
    round_.refresh_from_db()
    return portable_s, "classes DIFFER " + "; ".join(differing) if differing else "both classes identical"


def page_figures(client: Client, url: str) -> tuple[int, float]:
    client.get(url)  # warm caches (settings, site) the same way for both sizes
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries), elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--judges", type=int, default=80)
    parser.add_argument("--schools", type=int, default=100)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("judging_scale: needs PostgreSQL (set DATABASE_URL)")
        return 2

    _no_migrations()
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from judging.enums import RoundState
        from judging.models import Assignment, Round
        from judging.services.aggregation import compute_ranking
        from judging.services.assignment import assign_round, preview_assignment
        from judging.services.ranking import ranking_backend

        rng = random.Random(2025)
        small, small_judges, small_head = build(n_entries=30, n_judges=3, n_schools=5, tag="SML", rng=rng)
        assign_round(round_=small)
        Round.objects.filter(pk=small.pk).update(state=RoundState.OPEN, opened_at=timezone.now())

        started = time.perf_counter()
        big, judges, head = build(
            n_entries=args.entries, n_judges=args.judges, n_schools=args.schools, tag="BIG", rng=rng
        )
        print(
            f"setup: {args.entries} entries, {args.judges} judges, {args.schools} schools in {time.perf_counter() - started:.1f} s"
        )

        started = time.perf_counter()
        preview = preview_assignment(round_=big)
        preview_s = time.perf_counter() - started
        started = time.perf_counter()
        report = assign_round(round_=big)
        assign_s = time.perf_counter() - started
        print(
            f"preview: {preview.new_pairs} pairs planned in {preview_s:.2f} s (assignment {assign_s:.2f} s); "
            f"unfilled {len(preview.unfilled)}, {preview.conflicts_avoided} conflicting pairs avoided"
        )
        loads = Counter(Assignment.objects.filter(round=big, active=True).values_list("judge_id", flat=True))
        per_entry = Counter(
            Assignment.objects.filter(round=big, active=True).values_list("entry_id", flat=True)
        )
        full = sum(1 for n in per_entry.values() if n == 3)
        print(
            f"assignment: {report.created} pairs in {assign_s:.2f} s; loads {min(loads.values())}–{max(loads.values())}; "
            f"{full}/{args.entries} entries with 3 judges; unfilled {len(report.unfilled)}"
        )
        started = time.perf_counter()
        again = assign_round(round_=big)
        print(f"re-run (nothing changed): {again.created} new pairs in {time.perf_counter() - started:.2f} s")

        Round.objects.filter(pk=big.pk).update(state=RoundState.OPEN, opened_at=timezone.now())
        big.refresh_from_db()
        started = time.perf_counter()
        n_sheets = submit_all(big, rng)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum does after a bulk load
        print(f"fixture: {n_sheets} submitted sheets in {time.perf_counter() - started:.1f} s")

        timings = []
        for _ in range(3):
            started = time.perf_counter()
            ranking = compute_ranking(round_=big)
            timings.append(time.perf_counter() - started)
        rank_s = min(timings)
        ties = sum(1 for r in ranking if r.rank != r.score_rank)
        flagged = sum(1 for r in ranking if r.disagreement)
        print(
            f"ranking: {len(ranking)} entries from {n_sheets} sheets in {rank_s:.2f} s (best of 3, "
            f"{type(ranking_backend()).__name__}); {ties} placed by tie-break, {flagged} flagged for disagreement"
        )
        portable_s, agree = ranking_parity(big)
        print(f"ranking with the portable (SQLite) class: {portable_s:.2f} s; {agree}")

        client = Client()
        client.force_login(small_judges[0])
        q_small, _t = page_figures(client, reverse("judging:queue", args=[small.pk]))
        client.force_login(judges[0])
        q_big, q_s = page_figures(client, reverse("judging:queue", args=[big.pk]))
        client.force_login(small_head)
        o_small, _t = page_figures(client, reverse("judging:oversee", args=[small.pk]))
        client.force_login(head)
        o_big, o_s = page_figures(client, reverse("judging:oversee", args=[big.pk]))
        queue_len = Assignment.objects.filter(round=big, judge=judges[0], active=True).count()
        print(
            f"judge's queue page: {queue_len} items, {q_big} queries (30-entry round: {q_small}), {q_s * 1000:.0f} ms"
        )
        print(f"head judge's view: {o_big} queries (30-entry round: {o_small}), {o_s * 1000:.0f} ms")
        flat = q_big == q_small and o_big == o_small
        if preview_s > assign_s:
            print(f"preview slower than the assignment: {preview_s:.2f} s > {assign_s:.2f} s")
        print(
            f"SUMMARY judging_scale: assign {args.entries}x{args.judges} R=3 {assign_s:.1f}s "
            f"(preview {preview_s:.1f}s), "
            f"rank {n_sheets} sheets {rank_s:.2f}s, queue {q_big}q/{q_s * 1000:.0f}ms, head {o_big}q/{o_s * 1000:.0f}ms, "
            f"query counts {'flat' if flat else 'GROW'}"
        )
        return 0 if flat and preview_s <= assign_s else 1
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
