"""The demo's vote (cms/demo.py): a voting window opened on each contest whose gallery is published. The
demo campaign publishes no results today, so this does nothing until it does."""

from datetime import timedelta

from django.utils import timezone

from results.enums import ResultState
from results.models import PublicEntry
from voting.models import VotingSettings


def load_demo_voting() -> list[VotingSettings]:
    now = timezone.now()
    contest_ids = (
        PublicEntry.objects.filter(contest__result__state=ResultState.PUBLISHED)
        .values_list("contest_id", flat=True)
        .distinct()
    )
    return [
        VotingSettings.objects.get_or_create(
            contest_id=contest_id,
            defaults={"opens_at": now - timedelta(hours=1), "closes_at": now + timedelta(days=14)},
        )[0]
        for contest_id in contest_ids
    ]
