"""One judged round built the same way on any database, and its ranking as plain data, so a test can compare
PostgreSQL with SQLite. Run as a script it builds the case in a throw-away test database of whatever
DATABASE_URL names (SQLite when unset), prints the results as JSON and removes the database."""

import json
import os
import sys
from decimal import Decimal
from pathlib import Path

# Four judges score every entry, so the random assignment order cannot change who scored what.
JUDGES = 4
# Per entry and division: the base scores of its three criteria (0–10, step 0.5). Entries 0 and 1 tie on
# the total and part on the first tie-break criterion; 2 and 3 tie on everything until the head judge
# decides; 4 has one judge far off the others.
PLANS = [
    (0, ("8", "6", "5")),
    (0, ("7", "7", "6")),
    (0, ("5", "5", "5")),
    (0, ("5", "5", "5")),
    (0, ("9", "2", "7.5")),
    (1, ("7", "7", "7")),
    (1, ("3", "9.5", "6")),
    (1, ("10", "10", "10")),
    (1, ("7", "7", "7")),
]
# How far each judge strays from the base: one harsh, one lenient, two in between.
OFFSETS = [Decimal("-2"), Decimal("0"), Decimal("0.5"), Decimal("2")]
SETTINGS = [
    {"aggregation": "mean", "normalise_scores": False},
    {"aggregation": "median", "normalise_scores": False},
    {"aggregation": "trimmed_mean", "normalise_scores": False, "trim_percent": 25},
    {"aggregation": "mean", "normalise_scores": True, "normalise_min_sheets": 3},
    {"aggregation": "median", "normalise_scores": True, "normalise_min_sheets": 3},
]


def _score(base: str, offset: Decimal, entry_index: int) -> str:
    # On entry 4 only the harsh judge strays, three times as far: one judge alone disagrees there.
    if entry_index == 4 and offset != OFFSETS[0]:
        offset = Decimal(0)
    value = min(Decimal(10), max(Decimal(0), Decimal(base) + offset * (3 if entry_index == 4 else 1)))
    return str(value)


def build_case():
    """Builds the round, scores every sheet and records the head judge's tie decision. Returns the round
    and its entries in PLANS order."""
    from judging.enums import RoundState
    from judging.models import Assignment
    from judging.selectors import sheet_version
    from judging.services.rounds import record_tie_break, transition_round
    from judging.services.sheets import save_sheet
    from tests.factories import ContestFactory, DivisionFactory, JudgeFactory, OrganiserFactory
    from tests.factories.judging import JudgeableEntryFactory, PanelFactory, RoundFactory

    organiser = OrganiserFactory()
    contest = ContestFactory()
    divisions = [contest.divisions.first(), DivisionFactory(campaign=contest.campaign)]
    contest.divisions.add(divisions[1])
    judges = [JudgeFactory() for _ in range(JUDGES)]
    panel = PanelFactory(contest=contest, judges=judges)
    round_ = RoundFactory(panel=panel, judges_per_entry=JUDGES, disagreement_threshold=Decimal(15))
    entries = [
        JudgeableEntryFactory(contest=contest, division=divisions[division]) for division, _plan in PLANS
    ]
    transition_round(round_=round_, to_state=RoundState.OPEN, actor=organiser)
    criteria = list(round_.rubric.criteria.order_by("sort_order"))
    for index, (entry, (_division, plan)) in enumerate(zip(entries, PLANS, strict=True)):
        for judge, offset in zip(judges, OFFSETS, strict=True):
            assignment = Assignment.objects.get(round=round_, judge=judge, entry=entry)
            save_sheet(
                assignment=assignment,
                actor=judge,
                base_version=sheet_version(assignment=assignment),
                scores={c.pk: _score(v, offset, index) for c, v in zip(criteria, plan, strict=True)},
                submit=True,
            )
    record_tie_break(
        round_=round_,
        entry_codes=[entries[3].code, entries[2].code],
        actor=organiser,
        reason="Họp ban giám khảo",
    )
    return round_, entries, organiser


def ranking_results(round_, entries) -> dict:
    """The ranking under every aggregation setting, keyed by the entry's place in PLANS, as JSON-ready data."""
    from judging.services.aggregation import compute_ranking

    index = {entry.pk: i for i, entry in enumerate(entries)}
    results = {}
    for number, options in enumerate(SETTINGS):
        for name, value in options.items():
            setattr(round_, name, value)
        round_.save()
        results[str(number)] = [
            {
                "entry": index[row.entry_id],
                "division": entries[index[row.entry_id]].division_id == entries[0].division_id,
                "sheets": row.sheets,
                "score": str(row.score),
                "mean": repr(row.mean),
                "median": repr(row.median),
                "trimmed_mean": repr(row.trimmed_mean),
                "spread": repr(row.spread),
                "disagreement": row.disagreement,
                "score_rank": row.score_rank,
                "rank": row.rank,
                "tie_values": [str(v) for v in row.tie_values],
                "tie_broken_by": row.tie_broken_by,
            }
            for row in compute_ranking(round_=round_)
        ]
    return results


def page_statuses(round_, organiser) -> dict:
    """The head judge's and the organiser's pages of the round, which must answer on any database."""
    from django.test import Client
    from django.urls import reverse

    client = Client()
    statuses = {}
    for who in (round_.panel.head_judge, organiser):
        client.force_login(who)
        for name in ("oversee", "ranking"):
            statuses[f"{who.role}:{name}"] = client.get(
                reverse(f"judging:{name}", args=[round_.pk])
            ).status_code
    return statuses


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    import django

    django.setup()
    from django.apps import apps
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        round_, entries, organiser = build_case()
        output = {
            "vendor": connection.vendor,
            "ranking": ranking_results(round_, entries),
            "pages": page_statuses(round_, organiser),
        }
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)
    print(json.dumps(output, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
