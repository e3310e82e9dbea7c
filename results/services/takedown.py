"""Taking a work or its credit down when a consent is withdrawn or a winner withdraws, within a minute.

The consent listener (results.receivers) enqueues `refresh_person_publication` on commit. Pages render
their winners from the consent in force at each request, so once the public copies of the files are gone
a page is already correct; what is left is the CDN, which keeps old copies until told to forget them:
`request_purge` records the URLs and tries at once; a failed purge is retried with growing delays
(`retry_due_purges`) until the CDN confirms it.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.contrib.frontend_cache.utils import get_backends

from cms.frontend_cache import PurgeFailed
from cms.results_pages import GalleryPage, ResultsPage
from results.enums import PURGE_RETRY_DELAYS, PurgeState
from results.models import PurgeRequest
from results.selectors.publication import (
    awarded_entries_of_person,
    campaign_gallery_urls,
    public_addresses_of_entry,
)
from submissions.enums import EntryState
from submissions.models import Entry

logger = logging.getLogger(__name__)


def contest_page_urls(*, contest_id: int) -> list[str]:
    """Full URLs of the contest's live results and gallery pages, in every language."""
    urls = []
    for model in (ResultsPage, GalleryPage):
        for page in model.objects.live().filter(contest_id=contest_id):
            url = page.get_full_url()
            if url:
                urls.append(url)
    return urls


def refresh_entry_publication(*, entry: Entry, reason: str) -> PurgeRequest | None:
    """Brings one awarded entry's public side in line with its consent and state now: its public file
    copies go when its work may no longer be shown (withdrawn, or a consent ended) and come back when it
    may again once the results are live; the pages and files that showed it are purged from the CDN.
    Returns the purge request, or None when no page of its contest is live."""
    from results.public_files import publish_entry_files, remove_public_files

    page_urls = contest_page_urls(contest_id=entry.contest_id)
    if not page_urls:
        return None
    shown_before = public_addresses_of_entry(entry=entry)
    if entry.state == EntryState.WITHDRAWN:
        remove_public_files(entry=entry)
    else:
        publish_entry_files(entry=entry)
    return request_purge(urls=page_urls + campaign_gallery_urls() + shown_before, reason=reason)


def refresh_person_publication(*, user_id: int) -> list[PurgeRequest]:
    """Every awarded entry of a person whose consent changed (led or as a team member)."""
    requests = []
    for entry in awarded_entries_of_person(user_id=user_id):
        purge = refresh_entry_publication(entry=entry, reason=f"consent changed: {entry.code}")
        if purge is not None:
            requests.append(purge)
    return requests


def request_purge(*, urls: list[str], reason: str) -> PurgeRequest | None:
    """Records the URLs to purge and tries at once; a failure leaves the request pending for a retry."""
    urls = sorted(set(urls))
    if not urls:
        return None
    purge = PurgeRequest.objects.create(urls=urls, reason=reason[:200], next_attempt_at=timezone.now())
    attempt_purge(purge_id=purge.pk)
    purge.refresh_from_db()
    return purge


def _purge_now(urls: list[str]) -> None:
    for name, backend in get_backends().items():
        hosts = {url for url in urls if backend.invalidates_hostname(url.split("/")[2])}
        if hosts:
            logger.info("purging %d URLs through %s", len(hosts), name)
            backend.purge_batch(sorted(hosts))


def attempt_purge(*, purge_id: int) -> bool:
    """One try of a pending purge. True when the CDN confirmed it (or there is no CDN)."""
    with transaction.atomic():
        purge = PurgeRequest.objects.select_for_update(skip_locked=True).filter(pk=purge_id).first()
        if purge is None or purge.state != PurgeState.PENDING:
            return purge is not None and purge.state == PurgeState.DONE
        purge.attempts += 1
        try:
            _purge_now(purge.urls)
        except PurgeFailed as error:
            delay = PURGE_RETRY_DELAYS[min(purge.attempts, len(PURGE_RETRY_DELAYS)) - 1]
            purge.last_error = str(error)[:2000]
            purge.next_attempt_at = timezone.now() + timedelta(seconds=delay)
            purge.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            logger.warning("purge %s failed (attempt %d): %s", purge.pk, purge.attempts, error)
            return False
        purge.state = PurgeState.DONE
        purge.done_at = timezone.now()
        purge.last_error = ""
        purge.save(update_fields=["attempts", "state", "done_at", "last_error"])
        return True


def retry_due_purges(*, now=None) -> int:
    """Tries every pending purge whose delay is over; returns how many the CDN confirmed."""
    now = now or timezone.now()
    due = PurgeRequest.objects.filter(state=PurgeState.PENDING, next_attempt_at__lte=now).values_list(
        "pk", flat=True
    )
    return sum(attempt_purge(purge_id=pk) for pk in list(due))
