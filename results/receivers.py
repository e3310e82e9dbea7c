"""Where publication listens: a results page going live, a consent changing, an awarded entry withdrawn.
Receivers only enqueue tasks after commit (no writes here)."""

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_save
from wagtail.signals import page_published

from cms.results_pages import GalleryPage, ResultsPage
from privacy.registry import register_consent_listener
from submissions.enums import EntryState
from submissions.models import EntryEvent


def _page_went_live(sender, instance, **kwargs) -> None:
    from results.tasks import complete_page_publication

    page_id = instance.pk
    transaction.on_commit(lambda: complete_page_publication.enqueue(page_id=page_id))


def _consent_changed(*, user) -> None:
    from results.models import Award
    from results.tasks import refresh_person_publication

    if not Award.objects.filter(Q(entry__lead_entrant=user) | Q(entry__team_members__user=user)).exists():
        return
    user_id = user.pk
    transaction.on_commit(lambda: refresh_person_publication.enqueue(user_id=user_id))


def _entry_event(sender, instance: EntryEvent, created: bool, **kwargs) -> None:
    from results.models import Award
    from results.tasks import refresh_entry_publication

    if not created or instance.to_state != EntryState.WITHDRAWN:
        return
    entry_id = instance.entry_id
    if Award.objects.filter(entry_id=entry_id).exists():
        transaction.on_commit(lambda: refresh_entry_publication.enqueue(entry_id=entry_id))


def connect() -> None:
    page_published.connect(_page_went_live, sender=ResultsPage, dispatch_uid="results_page_live")
    page_published.connect(_page_went_live, sender=GalleryPage, dispatch_uid="gallery_page_live")
    post_save.connect(_entry_event, sender=EntryEvent, dispatch_uid="results_entry_withdrawn")
    register_consent_listener(_consent_changed)
