"""Publication is a Wagtail act: a co-signed result becomes draft pages (a results page and a gallery per
contest, in Vietnamese and, where the site has English, in English) that go live only when the head of
the organising board approves them in the Wagtail workflow, at once or at the ceremony time.

`publish_contest_results` makes or updates the drafts and submits them; `complete_publication` runs when
a page went live: it publishes the English copy, marks the result published (audited) and copies the
showable entries' renditions to the public store. Every step can run again without a second page, file
or purge.
"""

import logging

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Page,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cms.models import ContestPage
from cms.results_pages import HEAD_OF_BOARD_GROUP, GalleryPage, ResultsPage
from contest.errors import DomainError, InvalidTransition
from results.enums import RESULT_TRANSITIONS, ResultAction, ResultState
from results.models import ContestResult, ResultEvent
from results.selectors.publication import entries_to_publish
from results.signals import result_published

logger = logging.getLogger(__name__)

WORKFLOW_NAME = "Duyệt công bố kết quả"
APPROVAL_TASK_NAME = "Trưởng ban tổ chức duyệt"
# What the head of the organising board needs beside the approval itself: the admin, and editing and
# publishing rights on pages (publishing results pages is theirs alone: cms.results_pages).
HEAD_OF_BOARD_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")

PAGE_SLUGS = {ResultsPage: "ket-qua", GalleryPage: "thu-vien-tac-pham"}


def ensure_publication_workflow() -> Workflow:
    """The group "Trưởng ban tổ chức" and the one-step workflow its members approve; made once, and
    re-running puts back whatever was changed. Sends nothing."""
    group, _created = Group.objects.get_or_create(name=HEAD_OF_BOARD_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    root = Page.get_first_root_node()
    for codename in HEAD_OF_BOARD_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=root,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    task = GroupApprovalTask.objects.filter(name=APPROVAL_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=APPROVAL_TASK_NAME)
    if not task.active:
        task.active = True
        task.save(update_fields=["active"])
    task.groups.set([group])
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def _titles(contest) -> dict:
    with override("vi"):
        vi = {ResultsPage: _("Kết quả: %(contest)s"), GalleryPage: _("Thư viện tác phẩm: %(contest)s")}
        vi = {model: text % {"contest": contest.title} for model, text in vi.items()}
    with override("en"):
        en = {ResultsPage: _("Kết quả: %(contest)s"), GalleryPage: _("Thư viện tác phẩm: %(contest)s")}
        en = {model: text % {"contest": contest.title_en or contest.title} for model, text in en.items()}
    return {"vi": vi, "en": en}


def _is_scheduled(page: Page) -> bool:
    return page.revisions.filter(approved_go_live_at__isnull=False).exists()


def _draft(*, model, parent: ContestPage, contest, title: str, go_live_at, actor) -> Page:
    page = model.objects.child_of(parent).filter(contest=contest).first()
    if page is None:
        page = model(
            title=title,
            slug=PAGE_SLUGS[model],
            contest=contest,
            locale=parent.locale,
            go_live_at=go_live_at,
            live=False,
        )
        parent.add_child(instance=page)
        page.save_revision(user=actor, log_action=True)
        return page
    if not page.live and page.go_live_at != go_live_at and not page.workflow_in_progress:
        latest = page.get_latest_revision_as_object()
        latest.go_live_at = go_live_at
        latest.save_revision(user=actor, log_action=True)
        page.refresh_from_db()
    return page


def _translation(*, page: Page, locale: Locale, title: str, actor) -> Page | None:
    if not page.get_parent().specific.get_translation_or_none(locale):
        return None
    translation = page.get_translation_or_none(locale)
    if translation is None:
        translation = page.copy_for_translation(locale)
        translation.title = title
        translation.slug = slugify(PAGE_SLUGS[type(page)])
        translation.save_revision(user=actor, log_action=True)
    return translation


def _submit(*, page: Page, workflow: Workflow, actor) -> bool:
    WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": workflow})
    page.refresh_from_db()
    if page.live or page.workflow_in_progress or _is_scheduled(page):
        return False
    workflow.start(page, actor)
    return True


@transaction.atomic
def publish_contest_results(*, result: ContestResult, actor, go_live_at=None) -> dict[str, Page]:
    """Makes (or finds) the contest's results page and gallery under its contest page as drafts, their
    English copies where the contest page has one, and submits the Vietnamese pages to the approval
    workflow. `go_live_at` (the ceremony) schedules the go-live once approved. Raises InvalidTransition
    unless the result is co-signed (or already published). Sends nothing; Wagtail tells the approvers."""
    result = ContestResult.objects.select_for_update().select_related("contest").get(pk=result.pk)
    if result.state not in (ResultState.COSIGNED, ResultState.PUBLISHED):
        raise InvalidTransition(_("Chỉ công bố được kết quả đã được đồng ký."))
    if go_live_at is not None and go_live_at <= timezone.now():
        go_live_at = None
    vi = Locale.objects.get(language_code="vi")
    parent = ContestPage.objects.filter(contest=result.contest, locale=vi).first()
    if parent is None:
        raise DomainError(_("Cuộc thi này chưa có trang trên website. Hãy tạo trang cuộc thi trước."))
    workflow = ensure_publication_workflow()
    titles = _titles(result.contest)
    english = Locale.objects.filter(language_code="en").first()
    pages = {}
    for model, key in ((ResultsPage, "results"), (GalleryPage, "gallery")):
        page = _draft(
            model=model,
            parent=parent,
            contest=result.contest,
            title=titles["vi"][model],
            go_live_at=go_live_at,
            actor=actor,
        )
        pages[key] = page
        if english is not None:
            translation = _translation(page=page, locale=english, title=titles["en"][model], actor=actor)
            if translation is not None:
                pages[f"{key}_en"] = translation
        if _submit(page=page, workflow=workflow, actor=actor):
            logger.info("results %s: %s submitted for approval", result.pk, page.url_path)
    return pages


def _approver(page: Page):
    state = (
        TaskState.objects.filter(
            workflow_state__object_id=str(page.pk),
            status=TaskState.STATUS_APPROVED,
            finished_by__isnull=False,
        )
        .order_by("-finished_at")
        .first()
    )
    return state.finished_by if state else None


@transaction.atomic
def mark_result_published(*, result: ContestResult, actor=None, reason: str = "") -> ContestResult:
    """cosigned → published, with an audit row; a second call changes nothing. Sends `result_published`
    (certificates are issued after commit)."""
    result = ContestResult.objects.select_for_update().get(pk=result.pk)
    if result.state == ResultState.PUBLISHED:
        return result
    if ResultState.PUBLISHED not in RESULT_TRANSITIONS[result.state]:
        raise InvalidTransition(_("Chỉ công bố được kết quả đã được đồng ký."))
    from_state = result.state
    result.state = ResultState.PUBLISHED
    result.published_at = timezone.now()
    result.save(update_fields=["state", "published_at", "updated_at"])
    ResultEvent.objects.create(
        result=result,
        actor=actor,
        action=ResultAction.TRANSITION,
        from_state=from_state,
        to_state=ResultState.PUBLISHED,
        reason=reason,
    )
    result_published.send(sender=ContestResult, result=result, actor=actor)
    return result


def complete_publication(*, page_id: int) -> None:
    """A results or gallery page went live: its English copy follows; when it is the Vietnamese results
    page, the result becomes published and the renditions of every awarded entry not yet public are copied
    to the public store (gallery's `publish_entry_files`: only what consents allow). Later changes of an
    entry reach the public store through the takedown listener, not through a re-publication."""
    from results.public_files import publish_entry_files

    page = Page.objects.filter(pk=page_id).specific().first()
    if page is None or not page.live or not isinstance(page, ResultsPage | GalleryPage):
        return
    result = ContestResult.objects.filter(contest_id=page.contest_id).first()
    if result is None:
        return
    if page.locale.language_code == "vi":
        english = Locale.objects.filter(language_code="en").first()
        translation = page.get_translation_or_none(english) if english else None
        if translation is not None and (not translation.live or translation.has_unpublished_changes):
            revision = translation.get_latest_revision() or translation.save_revision()
            revision.publish(skip_permission_checks=True)
    if not isinstance(page, ResultsPage) or page.locale.language_code != "vi":
        return
    if result.state == ResultState.COSIGNED:
        mark_result_published(
            result=result, actor=_approver(page), reason=_("Trang kết quả đã lên trang công khai.")
        )
    for entry in entries_to_publish(result=result, missing_only=True):
        publish_entry_files(entry=entry)
