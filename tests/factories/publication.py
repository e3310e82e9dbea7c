"""Factories for publication: the site's page tree with a contest page in both languages, a co-signed
result with awarded entries whose people consented to public display, small real rendition files, and
the head of the organising board."""

import hashlib
import io
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone
from PIL import Image
from wagtail.models import Locale

from cms.models import ContestIndexPage, ContestPage
from contest.enums import MediaKind, PrizeTier
from privacy.enums import ConsentPurpose
from results.enums import ResultState
from results.models import Award, ContestResult
from submissions.enums import AssetState, EntryState
from submissions.models import MediaAsset
from tests.factories import EntrantFactory, EntryFactory, OrganiserFactory
from tests.factories.privacy import give_full_consent

ALL_PURPOSES = tuple(ConsentPurpose)


def contest_page(contest) -> ContestPage:
    """The contest's page under the demo's contest index, published, with its English translation."""
    vi = Locale.objects.get(language_code="vi")
    en = Locale.objects.get(language_code="en")
    existing = ContestPage.objects.filter(contest=contest, locale=vi).first()
    if existing is not None:
        return existing
    index = ContestIndexPage.objects.get(locale=vi)
    page = ContestPage(title=contest.title, slug=contest.slug, contest=contest)
    index.add_child(instance=page)
    page.save_revision().publish()
    translation = page.copy_for_translation(en)
    translation.title = contest.title_en or contest.title
    translation.save_revision().publish()
    return page


def head_of_board():
    from django.contrib.auth.models import Group

    from cms.results_pages import HEAD_OF_BOARD_GROUP
    from results.services.publication import ensure_publication_workflow

    ensure_publication_workflow()
    user = OrganiserFactory(full_name="Lê Văn Trưởng")
    user.groups.add(Group.objects.get(name=HEAD_OF_BOARD_GROUP))
    return user


def rendition_webp(*, colour=(120, 60, 200)) -> bytes:
    image = Image.new("RGB", (64, 48), colour)
    buffer = io.BytesIO()
    image.save(buffer, format="WEBP")
    return buffer.getvalue()


def ready_image_asset(entry) -> MediaAsset:
    """A ready image file with one real scrubbed rendition in the private store (no pipeline run: cheap)."""
    data = rendition_webp()
    private = storages["private"]
    upload_key = uuid.uuid4()
    original = private.save(f"originals/{upload_key}", ContentFile(data))
    name = "image_640.webp"
    key = f"renditions/{upload_key}/{name}"
    private.save(key, ContentFile(data))
    return MediaAsset.objects.create(
        entry=entry,
        kind=MediaKind.IMAGE,
        original=original,
        size=len(data),
        sha256=hashlib.sha256(data + upload_key.bytes).hexdigest(),
        upload_key=upload_key,
        state=AssetState.READY,
        renditions=[
            {"name": name, "mime": "image/webp", "width": 64, "height": 48, "duration": None, "key": key}
        ],
    )


def cosigned_result(contest, *, cosigner=None) -> ContestResult:
    return ContestResult.objects.create(
        contest=contest,
        state=ResultState.COSIGNED,
        cosigned_by=cosigner,
        cosigned_at=timezone.now(),
    )


def awarded_entry(*, result, tier=PrizeTier.FIRST, position=1, entrant=None, purposes=ALL_PURPOSES, **kwargs):
    entrant = entrant or EntrantFactory()
    give_full_consent(entrant, purposes=purposes)
    entry = EntryFactory(
        contest=result.contest,
        lead_entrant=entrant,
        state=EntryState.AWARDED,
        consent_complete=True,
        submitted_at=timezone.now(),
        version=1,
        **kwargs,
    )
    Award.objects.create(
        result=result, entry=entry, division=entry.division, tier=tier, position=position, rank=position
    )
    return entry


def approve_page(page, user) -> None:
    """The head of the board presses "Approve" on the page's current workflow task."""
    page.refresh_from_db()
    page.current_workflow_task.on_action(page.current_workflow_task_state, user, "approve")


def live_results(result, *, capture) -> dict:
    """Publishes `result` and has the head of the board approve both pages (on-commit work included)."""
    from results.services.publication import publish_contest_results

    boss = head_of_board()
    with capture(execute=True):
        pages = publish_contest_results(result=result, actor=OrganiserFactory())
    for key in ("results", "gallery"):
        with capture(execute=True):
            approve_page(pages[key], boss)
    return pages
