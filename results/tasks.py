"""Background jobs of results: thin, they take ids and call a service."""

import logging

from django.tasks import task

from results.services import publication, takedown

logger = logging.getLogger(__name__)


@task()
def complete_page_publication(*, page_id: int) -> None:
    """A results or gallery page went live (approved now, or its scheduled time came)."""
    publication.complete_publication(page_id=page_id)


@task()
def refresh_person_publication(*, user_id: int) -> int:
    """A person's consent changed: their awarded works and credits follow it on every public page."""
    done = takedown.refresh_person_publication(user_id=user_id)
    logger.info("consent change of user %s: %d purge requests", user_id, len(done))
    return len(done)


@task()
def refresh_entry_publication(*, entry_id: int) -> bool:
    """An awarded entry left the contest (withdrawn): off every public page."""
    from submissions.models import Entry

    entry = Entry.objects.filter(pk=entry_id).first()
    if entry is None:
        return False
    return (
        takedown.refresh_entry_publication(entry=entry, reason=f"entry withdrawn: {entry.code}") is not None
    )


@task()
def retry_purges() -> int:
    """Tries again the CDN purges that failed and whose delay is over."""
    return takedown.retry_due_purges()
