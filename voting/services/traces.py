"""Retention of what a vote keeps of where it came from: the hashes of the address and the device, and
the browser family, are needed only while a vote can still be checked for fraud. They are cleared
TRACE_DAYS after the contest's vote closed (the vote itself stays, counted or voided)."""

from datetime import timedelta

from django.utils import timezone

from voting.models import Vote

TRACE_DAYS = 90


def clear_vote_traces(*, now=None) -> int:
    """Clears the traces of votes whose contest's vote closed more than TRACE_DAYS ago. Returns the
    number of votes cleared. Run by `manage.py voting_clear_traces` (daily, beside purge_personal_data)."""
    now = now or timezone.now()
    return (
        Vote.objects.filter(contest__voting__closes_at__lt=now - timedelta(days=TRACE_DAYS))
        .exclude(ip_hash="", device_hash="", ua_family="")
        .update(ip_hash="", device_hash="", ua_family="")
    )
