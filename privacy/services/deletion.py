"""Deletion is not instant: a request is scheduled, a cancel link is e-mailed, and the periodic job
carries it out once the grace period (settings.PRIVACY_DELETION_GRACE_DAYS) is over."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from contest.errors import DomainError, InvalidTransition
from contest.mail import queue_mail
from privacy.enums import DELETION_TRANSITIONS, DeletionRequester, DeletionState
from privacy.models import DeletionRequest
from privacy.services.data_rights import delete_personal_data, is_anonymised

logger = logging.getLogger(__name__)

CANCEL_LINK_SALT = "privacy.deletion-cancel"


class DeletionLinkInvalid(DomainError):
    status_code = 404


def cancel_link_url(deletion: DeletionRequest) -> str:
    token = signing.dumps({"d": deletion.token_id}, salt=CANCEL_LINK_SALT)
    return settings.SITE_URL.rstrip("/") + reverse("privacy:cancel_deletion", kwargs={"token": token})


def _send_cancel_link(*, deletion_id: int) -> None:
    deletion = DeletionRequest.objects.select_related("subject").get(pk=deletion_id)
    when = formats.date_format(timezone.localtime(deletion.due_at), "d/m/Y H:i")
    if deletion.requested_by == DeletionRequester.GUARDIAN:
        opening = _(
            "Kính gửi Quý phụ huynh,\n\nBan tổ chức đã nhận yêu cầu xoá dữ liệu của con Quý phụ huynh."
        )
    else:
        opening = _("Chào em,\n\nBan tổ chức đã nhận yêu cầu xoá dữ liệu tài khoản của em.")
    queue_mail(
        to=deletion.notify_email,
        subject=_("Yêu cầu xoá dữ liệu – cuộc thi “Không một mình”"),
        body=opening
        + _(
            "\n\nDữ liệu sẽ bị xoá vào %(when)s. Trước thời điểm đó, nếu đổi ý hoặc không phải là người "
            "gửi yêu cầu, xin mở đường dẫn sau để huỷ:\n\n%(url)s\n\nBan tổ chức"
        )
        % {"when": when, "url": cancel_link_url(deletion)},
    )


def _move(deletion: DeletionRequest, to_state: str) -> None:
    if to_state not in DELETION_TRANSITIONS[deletion.state]:
        raise InvalidTransition(
            _("Yêu cầu xoá dữ liệu này đã ở trạng thái “%(state)s”.")
            % {"state": DeletionState(deletion.state).label}
        )
    deletion.state = to_state
    deletion.closed_at = timezone.now()
    deletion.save(update_fields=["state", "closed_at"])


@transaction.atomic
def schedule_deletion(*, subject, requested_by: str, notify_email: str) -> DeletionRequest:
    """Schedules the deletion of `subject`'s personal data after the grace period, and e-mails a cancel
    link to `notify_email` on commit. Asking again while one is scheduled returns the scheduled one."""
    if is_anonymised(subject):
        raise DomainError(_("Dữ liệu của tài khoản này đã được xoá."))
    DeletionRequester(requested_by)
    existing = DeletionRequest.objects.select_for_update().filter(
        subject=subject, state=DeletionState.SCHEDULED
    )
    if (found := existing.first()) is not None:
        return found
    deletion = DeletionRequest(
        subject=subject,
        requested_by=requested_by,
        notify_email=notify_email,
        due_at=timezone.now() + timedelta(days=settings.PRIVACY_DELETION_GRACE_DAYS),
    )
    deletion.full_clean()
    deletion.save()
    transaction.on_commit(lambda: _send_cancel_link(deletion_id=deletion.pk))
    return deletion


def resolve_cancel_link(*, token: str) -> DeletionRequest:
    try:
        data = signing.loads(token, salt=CANCEL_LINK_SALT)
    except signing.BadSignature:
        raise DeletionLinkInvalid(
            _("Đường dẫn không hợp lệ. Xin kiểm tra lại đường dẫn trong thư.")
        ) from None
    deletion = DeletionRequest.objects.filter(
        token_id=str(data.get("d", "")) if isinstance(data, dict) else ""
    )
    if (found := deletion.first()) is None:
        raise DeletionLinkInvalid(_("Đường dẫn không hợp lệ. Xin kiểm tra lại đường dẫn trong thư."))
    return found


@transaction.atomic
def cancel_deletion(*, deletion: DeletionRequest) -> DeletionRequest:
    """Cancels a scheduled deletion (from the e-mailed link or the person's own page). Sends nothing."""
    deletion = DeletionRequest.objects.select_for_update().get(pk=deletion.pk)
    _move(deletion, DeletionState.CANCELLED)
    return deletion


def run_due_deletions(*, now=None) -> int:
    """Carries out every scheduled deletion whose grace period is over, each in its own transaction;
    returns how many were done. One failure is logged and stays scheduled for the next run."""
    now = now or timezone.now()
    due = DeletionRequest.objects.filter(state=DeletionState.SCHEDULED, due_at__lte=now)
    done = 0
    for deletion_id in list(due.values_list("pk", flat=True)):
        try:
            done += _carry_out(deletion_id=deletion_id)
        except Exception:
            logger.exception("Scheduled deletion %s failed", deletion_id)
    return done


@transaction.atomic
def _carry_out(*, deletion_id: int) -> int:
    deletion = DeletionRequest.objects.select_for_update().select_related("subject").get(pk=deletion_id)
    if deletion.state != DeletionState.SCHEDULED:
        return 0
    reason = (
        _("Phụ huynh yêu cầu xoá dữ liệu")
        if deletion.requested_by == DeletionRequester.GUARDIAN
        else _("Xoá dữ liệu cá nhân theo yêu cầu")
    )
    if not is_anonymised(deletion.subject):
        delete_personal_data(user=deletion.subject, actor=None, reason=reason)
    _move(deletion, DeletionState.DONE)
    return 1
