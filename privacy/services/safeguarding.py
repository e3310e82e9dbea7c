"""Confidential safeguarding flags about a person. Raising one never changes what prompted it (an entry),
never reaches judges and tells the person nothing; designated officers are told only that a flag exists,
never its content, by e-mail."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.enums import Role
from contest.errors import DomainError, NotAllowed
from contest.mail import queue_mail
from contest.models import User
from privacy.enums import SafeguardingStatus
from privacy.models import SafeguardingFlag, SafeguardingNote
from privacy.rules import can_raise_safeguarding_flag, can_view_safeguarding_flags


def _notify_officers(*, flag_id: int) -> None:
    emails = list(
        User.objects.filter(role=Role.ORGANISER, is_safeguarding_officer=True, is_active=True).values_list(
            "email", flat=True
        )
    )
    if emails:
        queue_mail(
            to=emails,
            subject=_("Có cảnh báo bảo vệ trẻ em mới (#%(id)d)") % {"id": flag_id},
            body=_("Có một cảnh báo mới cần xem. Xin đăng nhập trang quản trị: %(url)s/admin/")
            % {"url": settings.SITE_URL},
        )


@transaction.atomic
def raise_safeguarding_flag(*, subject, about=None, actor, category: str, summary: str) -> SafeguardingFlag:
    """Any organiser may raise a flag about a person (`about`: what prompted it, e.g. an entry); officers
    get a content-free e-mail on commit. Neither the person nor `about` is touched."""
    if not can_raise_safeguarding_flag(actor):
        raise NotAllowed(_("Chỉ Ban tổ chức mới được báo cảnh báo bảo vệ trẻ em."))
    if not (summary or "").strip():
        raise DomainError(_("Hãy mô tả ngắn điều đã thấy."))
    flag = SafeguardingFlag(
        subject=subject, about=about, raised_by=actor, category=category, summary=summary.strip()
    )
    flag.full_clean()
    flag.save()
    flag_id = flag.pk
    transaction.on_commit(lambda: _notify_officers(flag_id=flag_id))
    return flag


@transaction.atomic
def add_safeguarding_note(
    *, flag: SafeguardingFlag, actor, text: str, status: str | None = None
) -> SafeguardingNote:
    """An officer's note, optionally changing the flag's status (recorded on the note). Sends nothing."""
    if not can_view_safeguarding_flags(actor):
        raise NotAllowed(_("Chỉ cán bộ bảo vệ trẻ em mới xem được cảnh báo này."))
    if not (text or "").strip():
        raise DomainError(_("Hãy ghi nội dung ghi chú."))
    flag = SafeguardingFlag.objects.select_for_update().get(pk=flag.pk)
    note = SafeguardingNote(flag=flag, author=actor, text=text.strip())
    if status and status != flag.status:
        SafeguardingStatus(status)
        note.status_from, note.status_to = flag.status, status
        flag.status = status
        flag.closed_at = timezone.now() if status == SafeguardingStatus.CLOSED else None
        if flag.assigned_to_id is None:
            flag.assigned_to = actor
        flag.save(update_fields=["status", "closed_at", "assigned_to", "updated_at"])
    note.save()
    return note
