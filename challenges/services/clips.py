"""The author's own changes to a clip: its caption and whether their name appears under it."""

from django.db import transaction
from django.utils.translation import gettext as _

from challenges import rules
from challenges.enums import ClipState
from challenges.models import Clip
from contest.errors import DomainError, NotAllowed

EDITABLE_CLIP_STATES = frozenset(
    {ClipState.UPLOADED, ClipState.PROCESSING, ClipState.PENDING, ClipState.FAILED}
)


@transaction.atomic
def update_clip_details(*, clip: Clip, actor, caption: str, wants_credit: bool) -> Clip:
    """Until an organiser has looked at it, the author may change the caption; the credit choice may
    change at any time (less credit is always allowed). Sends nothing."""
    if not rules.is_clip_author(actor, clip):
        raise NotAllowed(_("Em chỉ sửa được clip của chính mình."))
    locked = Clip.objects.select_for_update().get(pk=clip.pk)
    if locked.state == ClipState.WITHDRAWN:
        raise DomainError(_("Clip này đã rút, không sửa được nữa."))
    if caption.strip() != locked.caption and locked.state not in EDITABLE_CLIP_STATES:
        raise DomainError(_("Clip đã được kiểm duyệt nên không sửa lời nhắn được nữa."))
    locked.caption = caption.strip()
    locked.wants_credit = wants_credit
    locked.full_clean()
    locked.save()
    return locked
