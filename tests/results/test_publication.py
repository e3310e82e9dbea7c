from datetime import timedelta

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Revision, WorkflowState

from cms.demo import load_demo
from cms.frontend_cache import RecordingBackend
from cms.results_pages import GalleryPage, ResultsPage
from contest.enums import PrizeTier
from contest.errors import InvalidTransition
from privacy.enums import ConsentPurpose
from results.enums import ResultAction, ResultState
from results.models import ContestResult, PublicFile, PurgeRequest, ResultEvent
from results.services.publication import ensure_publication_workflow, publish_contest_results
from tests.factories import ContestFactory, OrganiserFactory
from tests.factories.publication import (
    awarded_entry,
    contest_page,
    cosigned_result,
    head_of_board,
    ready_image_asset,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def recording_cdn(settings):
    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": "cms.frontend_cache.RecordingBackend"}}
    RecordingBackend.reset()
    yield RecordingBackend.purged
    RecordingBackend.reset()


@pytest.fixture
def contest_with_winners():
    load_demo()
    contest = ContestFactory(
        title="Tranh vẽ “Không một mình”",
        title_en="Drawing “Not Alone”",
        slug="ve-tranh",
        code="VTR",
    )
    contest_page(contest)
    result = cosigned_result(contest)
    first = awarded_entry(result=result, tier=PrizeTier.FIRST, position=1, title="Bạn ơi, đừng sợ")
    second = awarded_entry(result=result, tier=PrizeTier.SECOND, position=2, title="Tin nhắn lạ lúc nửa đêm")
    for entry in (first, second):
        ready_image_asset(entry)
    return result, first, second


def approve(client, page, user):
    page.refresh_from_db()
    state = page.current_workflow_task_state
    client.force_login(user)
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk]),
        {"comment": ""},
    )


def ceremony_comes() -> None:
    """The scheduled time passes: the approved revisions' go-live moves a minute into the past."""
    past = timezone.now() - timedelta(minutes=1)
    for revision in Revision.objects.filter(approved_go_live_at__isnull=False):
        revision.content["go_live_at"] = past.isoformat()
        revision.approved_go_live_at = past
        revision.save(update_fields=["content", "approved_go_live_at"])


def public_keys(entry) -> list[str]:
    """The entry's files in the public store (the gallery's copies), that exist there now."""
    storage = storages["default"]
    keys = PublicFile.objects.filter(public_entry__entry=entry).values_list("key", flat=True)
    return [key for key in keys if storage.exists(key)]


def test_publication_makes_drafts_in_both_languages_submitted_for_approval(contest_with_winners, client):
    result, first, _second = contest_with_winners
    organiser = OrganiserFactory()
    pages = publish_contest_results(result=result, actor=organiser)

    assert set(pages) == {"results", "gallery", "results_en", "gallery_en"}
    for key in ("results", "gallery"):
        page = pages[key]
        page.refresh_from_db()
        assert not page.live
        assert page.workflow_in_progress
        assert page.locale.language_code == "vi"
    assert pages["results_en"].locale.language_code == "en"
    assert pages["results_en"].title == "Results: Drawing “Not Alone”"
    assert not Page.objects.get(pk=pages["results_en"].pk).live
    # Nothing public before approval.
    assert client.get("/cuoc-thi/ve-tranh/ket-qua/").status_code == 404
    assert public_keys(first) == []
    result.refresh_from_db()
    assert result.state == ResultState.COSIGNED


def test_publication_rerun_makes_no_second_page_workflow_or_purge(contest_with_winners, recording_cdn):
    result, _first, _second = contest_with_winners
    organiser = OrganiserFactory()
    publish_contest_results(result=result, actor=organiser)
    counts = (
        ResultsPage.objects.count(),
        GalleryPage.objects.count(),
        WorkflowState.objects.count(),
        Revision.objects.count(),
    )
    purged = list(recording_cdn)
    publish_contest_results(result=result, actor=organiser)
    publish_contest_results(result=result, actor=organiser)
    assert (
        ResultsPage.objects.count(),
        GalleryPage.objects.count(),
        WorkflowState.objects.count(),
        Revision.objects.count(),
    ) == counts
    assert recording_cdn == purged
    assert PurgeRequest.objects.count() == 0


def test_publication_is_refused_until_the_result_is_cosigned(contest_with_winners):
    result, _first, _second = contest_with_winners
    ContestResult.objects.filter(pk=result.pk).update(state=ResultState.DRAFT, cosigned_at=None)
    with pytest.raises(InvalidTransition):
        publish_contest_results(result=result, actor=OrganiserFactory())
    assert not ResultsPage.objects.exists()


def test_workflow_and_group_are_made_once():
    first = ensure_publication_workflow()
    second = ensure_publication_workflow()
    assert first.pk == second.pk
    assert first.tasks.count() == 1


@pytest.mark.usefixtures("immediate_tasks")
def test_only_the_head_of_board_approves_and_approval_makes_everything_live(
    contest_with_winners, client, recording_cdn, django_capture_on_commit_callbacks
):
    result, first, second = contest_with_winners
    organiser = OrganiserFactory()
    boss = head_of_board()
    pages = publish_contest_results(result=result, actor=organiser)

    # An organiser (who may publish other pages) can neither approve nor publish these.
    response = approve(client, pages["results"], organiser)
    assert response.status_code in (302, 403)
    pages["results"].refresh_from_db()
    assert not pages["results"].live
    assert not pages["results"].permissions_for_user(organiser).can_publish()
    assert pages["results"].permissions_for_user(boss).can_publish()

    with django_capture_on_commit_callbacks(execute=True):
        assert approve(client, pages["results"], boss).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert approve(client, pages["gallery"], boss).status_code == 302

    for key in ("results", "gallery", "results_en", "gallery_en"):
        assert Page.objects.get(pk=pages[key].pk).live, key
    result.refresh_from_db()
    assert result.state == ResultState.PUBLISHED
    assert result.published_at is not None
    event = ResultEvent.objects.get(result=result, to_state=ResultState.PUBLISHED)
    assert event.action == ResultAction.TRANSITION
    assert event.actor == boss

    client.logout()
    page = client.get("/cuoc-thi/ve-tranh/ket-qua/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Bạn ơi, đừng sợ" in body
    assert "Tin nhắn lạ lúc nửa đêm" in body
    assert body.index("Bạn ơi, đừng sợ") < body.index("Tin nhắn lạ lúc nửa đêm")
    english = client.get("/en/cuoc-thi/ve-tranh/ket-qua/")
    assert english.status_code == 200
    assert "Results: Drawing" in english.content.decode()
    assert client.get("/cuoc-thi/ve-tranh/thu-vien-tac-pham/").status_code == 200
    assert public_keys(first)
    assert public_keys(second)
    # Wagtail told the CDN about the pages that went live.
    assert any(url.endswith("/cuoc-thi/ve-tranh/ket-qua/") for url in recording_cdn)

    # A second run after go-live copies nothing twice and purges nothing.
    purged = list(recording_cdn)
    with django_capture_on_commit_callbacks(execute=True):
        publish_contest_results(result=result, actor=organiser)
    assert recording_cdn == purged
    assert ResultEvent.objects.filter(result=result, to_state=ResultState.PUBLISHED).count() == 1


@pytest.mark.usefixtures("immediate_tasks")
def test_scheduled_publication_goes_live_at_the_ceremony(
    contest_with_winners, client, django_capture_on_commit_callbacks
):
    result, first, _second = contest_with_winners
    boss = head_of_board()
    ceremony = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    pages = publish_contest_results(result=result, actor=OrganiserFactory(), go_live_at=ceremony)
    with django_capture_on_commit_callbacks(execute=True):
        approve(client, pages["results"], boss)
        approve(client, pages["gallery"], boss)
    for key in ("results", "gallery"):
        page = Page.objects.get(pk=pages[key].pk)
        assert not page.live
        assert page.revisions.filter(approved_go_live_at=ceremony).exists()
    result.refresh_from_db()
    assert result.state == ResultState.COSIGNED
    assert public_keys(first) == []
    # The re-run before the ceremony does not resubmit an approved, scheduled page.
    states = WorkflowState.objects.count()
    publish_contest_results(result=result, actor=OrganiserFactory(), go_live_at=ceremony)
    assert WorkflowState.objects.count() == states

    ceremony_comes()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")
    assert Page.objects.get(pk=pages["results"].pk).live
    result.refresh_from_db()
    assert result.state == ResultState.PUBLISHED
    assert public_keys(first)
    assert client.get("/cuoc-thi/ve-tranh/ket-qua/").status_code == 200


@pytest.mark.usefixtures("immediate_tasks")
def test_consent_withdrawn_between_approval_and_ceremony_never_goes_live(
    contest_with_winners, client, django_capture_on_commit_callbacks
):
    from privacy.services.consent import set_own_consents

    result, first, second = contest_with_winners
    boss = head_of_board()
    ceremony = (timezone.now() + timedelta(hours=3)).replace(microsecond=0)
    pages = publish_contest_results(result=result, actor=OrganiserFactory(), go_live_at=ceremony)
    with django_capture_on_commit_callbacks(execute=True):
        approve(client, pages["results"], boss)
        approve(client, pages["gallery"], boss)
    with django_capture_on_commit_callbacks(execute=True):
        set_own_consents(
            entrant=first.lead_entrant,
            purposes=[ConsentPurpose.PARTICIPATION, ConsentPurpose.DISPLAY_IDENTITY],
            actor=first.lead_entrant,
        )
    ceremony_comes()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")
    client.logout()
    for url in ("/cuoc-thi/ve-tranh/ket-qua/", "/cuoc-thi/ve-tranh/thu-vien-tac-pham/"):
        body = client.get(url).content.decode()
        assert "Tin nhắn lạ lúc nửa đêm" in body
        assert "Bạn ơi, đừng sợ" not in body
        assert first.code not in body
    assert public_keys(first) == []
    assert public_keys(second)


def test_an_organiser_cannot_publish_a_results_page_straight_from_the_contest_page(contest_with_winners):
    from cms.models import ContestPage

    result, _first, _second = contest_with_winners
    parent = ContestPage.objects.get(contest=result.contest, locale__language_code="vi")
    assert not parent.permissions_for_user(OrganiserFactory()).can_publish_subpage()
    assert parent.permissions_for_user(head_of_board()).can_publish_subpage()
