"""Scheduled deletion of non-winners' personal data after the campaign's retention date."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from privacy.services.retention import purge_personal_data, purge_preview
from submissions.enums import EntryState
from tests.factories import CampaignFactory, ContestFactory, EntryFactory, OrganiserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def past_campaign():
    campaign = CampaignFactory(slug="cu", data_retention_until=timezone.localdate() - timedelta(days=1))
    return ContestFactory(campaign=campaign)


def _entry(contest, state=EntryState.NOT_AWARDED, **kwargs):
    return EntryFactory(contest=contest, state=state, submitted_at=timezone.now(), **kwargs)


def test_preview_lists_non_winners_only(past_campaign):
    loser = _entry(past_campaign).lead_entrant
    winner = _entry(past_campaign, state=EntryState.AWARDED).lead_entrant
    current = ContestFactory(campaign=CampaignFactory(slug="moi", data_retention_until=None))
    still_active = _entry(past_campaign).lead_entrant
    _entry(current, lead_entrant=still_active)
    due = {item.user_id for item in purge_preview()}
    assert due == {loser.pk}
    assert winner.pk not in due


def test_purge_dry_run_changes_nothing_then_purge_deletes(past_campaign):
    loser = _entry(past_campaign).lead_entrant
    items = purge_personal_data(dry_run=True)
    loser.refresh_from_db()
    assert len(items) == 1
    assert loser.is_active
    purge_personal_data()
    loser.refresh_from_db()
    assert not loser.is_active
    assert loser.full_name == ""
    assert purge_preview() == []


def test_retention_future_date_keeps_everyone():
    contest = ContestFactory(
        campaign=CampaignFactory(
            slug="tuonglai", data_retention_until=timezone.localdate() + timedelta(days=5)
        )
    )
    _entry(contest)
    assert purge_preview() == []


def test_command_dry_run_prints_preview(past_campaign, capsys):
    entrant = _entry(past_campaign).lead_entrant
    call_command("purge_personal_data", "--dry-run")
    out = capsys.readouterr().out
    assert f"#{entrant.pk}" in out
    assert "Sẽ xoá" in out
    entrant.refresh_from_db()
    assert entrant.is_active


def test_retention_task_runs(past_campaign, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    from privacy.tasks import purge_expired_personal_data

    entrant = _entry(past_campaign).lead_entrant
    result = purge_expired_personal_data.enqueue()
    assert result.return_value == 1
    entrant.refresh_from_db()
    assert not entrant.is_active


def test_retention_admin_preview(client, past_campaign):
    _entry(past_campaign)
    client.force_login(OrganiserFactory())
    response = client.get(reverse("retention_preview"))
    assert response.status_code == 200
    assert "***@" in response.content.decode()
