"""What a vote keeps of where it came from is cleared 90 days after the vote closed, by the daily job
(the command under `make run`, the task under Celery beat); the vote itself stays and still counts."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories.voting import voters, voting_contest
from voting.models import Vote, VotingSettings
from voting.services.votes import cast_vote
from voting.tasks import clear_old_vote_traces

pytestmark = pytest.mark.django_db


def _voted():
    settings, (work, _other) = voting_contest()
    (voter,) = voters(1)
    cast_vote(voter=voter, entry_key=work.key, ip="203.0.113.7", device_id="may-cua-em", user_agent="Chrome")
    vote = Vote.objects.get(voter=voter)
    assert vote.ip_hash
    assert vote.device_hash
    return settings, vote


def test_traces_stay_while_the_vote_may_still_be_checked():
    settings, vote = _voted()
    VotingSettings.objects.filter(pk=settings.pk).update(
        opens_at=timezone.now() - timedelta(days=100), closes_at=timezone.now() - timedelta(days=89)
    )
    assert clear_old_vote_traces.call() == 0
    vote.refresh_from_db()
    assert vote.ip_hash


def test_task_and_command_clear_traces_ninety_days_after_closing_and_keep_the_vote(capsys):
    settings, vote = _voted()
    VotingSettings.objects.filter(pk=settings.pk).update(
        opens_at=timezone.now() - timedelta(days=100), closes_at=timezone.now() - timedelta(days=91)
    )
    assert clear_old_vote_traces.call() == 1
    vote.refresh_from_db()
    assert (vote.ip_hash, vote.device_hash, vote.ua_family) == ("", "", "")
    assert Vote.objects.filter(pk=vote.pk).exists()
    call_command("voting_clear_traces")
    assert "0 votes cleared" in capsys.readouterr().out
