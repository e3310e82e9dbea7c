"""Feedback to entrants: the judges' comments to the entrant are collected per entry, reviewed by organisers
(approved, edited or held, each audited) and released with the published results."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.errors import DomainError, InvalidTransition, NotAllowed
from judging.enums import SheetState
from judging.models import ScoreSheet
from results import rules
from results.enums import FeedbackState, ResultAction, ResultState
from results.models import ContestResult, FeedbackComment
from results.services.audit import record_event

TEXT_LIMIT = 5000


@transaction.atomic
def collect_feedback(*, result: ContestResult, actor) -> int:
    """Copies every submitted sheet's comment to the entrant in the contest's rounds into a comment to
    review. Idempotent: a comment already collected is refreshed from its sheet only while nobody has
    reviewed it. Returns how many comments are new."""
    if not rules.can_review_feedback(actor, result):
        raise NotAllowed(_("Chỉ Ban tổ chức được tổng hợp nhận xét."))
    result = ContestResult.objects.select_for_update().select_related("contest").get(pk=result.pk)
    sheets = (
        ScoreSheet.objects.filter(state=SheetState.SUBMITTED, assignment__entry__contest=result.contest)
        .exclude(comment_entrant="")
        .values_list("pk", "assignment__entry_id", "comment_entrant")
    )
    existing = {c.sheet_id: c for c in FeedbackComment.objects.filter(result=result)}
    new, refreshed = [], []
    for sheet_id, entry_id, text in sheets:
        text = text.strip()
        comment = existing.get(sheet_id)
        if comment is None:
            new.append(
                FeedbackComment(result=result, entry_id=entry_id, sheet_id=sheet_id, original=text, text=text)
            )
        elif (
            comment.state == FeedbackState.PENDING
            and comment.reviewed_at is None
            and comment.original != text
        ):
            comment.original = comment.text = text
            refreshed.append(comment)
    FeedbackComment.objects.bulk_create(new)
    FeedbackComment.objects.bulk_update(refreshed, ["original", "text"])
    record_event(
        result,
        actor=actor,
        action=ResultAction.FEEDBACK_COLLECTED,
        data={"new": len(new), "refreshed": len(refreshed)},
    )
    return len(new)


@transaction.atomic
def review_feedback(
    *, comment: FeedbackComment, actor, state: str, text: str | None = None, reason: str = ""
):
    """Approves (`state` approved) or holds (`state` held) one comment, optionally with new words. An edit
    or a hold needs a reason; the words before and after are kept in the audit."""
    if not rules.can_review_feedback(actor):
        raise NotAllowed(_("Chỉ Ban tổ chức được duyệt nhận xét."))
    if state not in {FeedbackState.APPROVED, FeedbackState.HELD}:
        raise DomainError(_("Hãy chọn gửi hoặc giữ lại nhận xét."))
    comment = FeedbackComment.objects.select_for_update().select_related("entry").get(pk=comment.pk)
    new_text = comment.text if text is None else text.strip()
    if not new_text:
        raise DomainError(_("Nhận xét không được để trống; muốn không gửi, hãy chọn “Giữ lại”."))
    if len(new_text) > TEXT_LIMIT:
        raise DomainError(_("Nhận xét quá dài (tối đa %(n)s ký tự).") % {"n": TEXT_LIMIT})
    edited = new_text != comment.text
    if (edited or state == FeedbackState.HELD) and not reason.strip():
        raise DomainError(_("Hãy ghi lý do sửa hoặc giữ lại nhận xét."))
    before = {"text": comment.text, "state": comment.state}
    comment.text, comment.state = new_text, state
    comment.reviewed_by, comment.reviewed_at = actor, timezone.now()
    comment.save(update_fields=["text", "state", "reviewed_by", "reviewed_at"])
    if edited:
        action = ResultAction.FEEDBACK_EDITED
    elif state == FeedbackState.HELD:
        action = ResultAction.FEEDBACK_HELD
    else:
        action = ResultAction.FEEDBACK_SHOWN
    record_event(
        comment.result,
        actor=actor,
        action=action,
        reason=reason,
        data={
            "entry": comment.entry.code,
            "comment": comment.pk,
            "before": before,
            "after": {"text": new_text, "state": state},
        },
    )
    return comment


@transaction.atomic
def release_feedback(*, result: ContestResult, actor) -> ContestResult:
    """Lets entrants see their approved comments (and, if enabled, their mean criterion scores). Only once
    the results are published and every collected comment has been reviewed."""
    if not rules.can_release_feedback(actor, result):
        raise NotAllowed(_("Chỉ Ban tổ chức được gửi nhận xét cho thí sinh."))
    result = ContestResult.objects.select_for_update().get(pk=result.pk)
    if result.state != ResultState.PUBLISHED:
        raise InvalidTransition(_("Chỉ gửi nhận xét cho thí sinh sau khi kết quả đã công bố."))
    if result.feedback_released:
        raise InvalidTransition(_("Nhận xét đã được gửi."))
    pending = FeedbackComment.objects.filter(result=result, state=FeedbackState.PENDING).count()
    if pending:
        raise DomainError(_("Còn %(n)s nhận xét chưa duyệt.") % {"n": pending})
    result.feedback_released, result.feedback_released_at = True, timezone.now()
    result.save(update_fields=["feedback_released", "feedback_released_at", "updated_at"])
    record_event(
        result,
        actor=actor,
        action=ResultAction.FEEDBACK_RELEASED,
        data={
            "approved": FeedbackComment.objects.filter(result=result, state=FeedbackState.APPROVED).count()
        },
    )
    return result
