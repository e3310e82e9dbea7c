"""Organisers' moderation of clips, the author's withdrawal, and keeping the public wall in step with
consent. Whatever takes a clip off the wall sends `challenges.signals.clip_left_public` after commit,
so the recap can drop it."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from challenges import rules
from challenges.enums import ClipEventKind, ClipState, RejectionSource
from challenges.models import Clip, ClipEvent
from challenges.selectors import displays_for
from challenges.services.lifecycle import move_clip
from challenges.signals import clip_left_public
from contest.errors import DomainError, NotAllowed
from contest.mail import queue_mail
from privacy.services.safeguarding import raise_safeguarding_flag

logger = logging.getLogger(__name__)


class OffWallReason:
    WITHDRAWN = "withdrawn"  # the author withdrew the clip (or their data was erased)
    REJECTED = "rejected"  # an organiser took it down
    CONSENT = "consent"  # a consent it depended on was withdrawn


def _announce_off_wall(clip: Clip, reason: str) -> None:
    clip_id = clip.pk
    transaction.on_commit(lambda: clip_left_public.send(sender=Clip, clip_id=clip_id, reason=reason))


def _audit_wall(clip: Clip, *, actor, reason: str) -> None:
    ClipEvent.objects.create(
        clip=clip,
        actor=actor,
        kind=ClipEventKind.OFF_WALL,
        from_state=clip.state,
        to_state=clip.state,
        reason=reason,
    )


def _lock(clip: Clip) -> Clip:
    return Clip.objects.select_related("author", "challenge").select_for_update(of=("self",)).get(pk=clip.pk)


def _tell_author(clip: Clip) -> None:
    """The moderation decision, mailed to the author after commit (queue_mail defers it): the wall link
    when approved, the reason when rejected. An account that was erased gets nothing."""
    author = clip.author
    if not (author.is_active and author.email):
        return
    context = {
        "clip": clip,
        "site_url": settings.SITE_URL,
        "wall_path": reverse("challenges:detail", args=[clip.challenge.slug]),
        "clip_path": reverse("challenges:clip", args=[clip.pk]),
        "send_path": reverse("challenges:send", args=[clip.challenge.slug]),
    }
    if clip.state == ClipState.APPROVED:
        subject, template = _("Clip của bạn đã được duyệt"), "challenges/email/approved.txt"
    else:
        subject, template = _("Clip của bạn chưa được duyệt"), "challenges/email/rejected.txt"
    queue_mail(to=author.email, subject=subject, body=render_to_string(template, context))


def _ensure_moderator(actor) -> None:
    if not rules.can_moderate_clips(actor):
        raise NotAllowed(_("Chỉ Ban tổ chức mới kiểm duyệt được clip."))


@transaction.atomic
def approve_clip(*, clip: Clip, actor) -> Clip:
    """PENDING → APPROVED. The clip goes on the wall at once if consent allows; otherwise it waits there
    for the consent. The author is mailed the wall link after commit."""
    _ensure_moderator(actor)
    locked = _lock(clip)
    move_clip(locked, ClipState.APPROVED, actor=actor)
    locked.moderated_by = actor
    locked.moderated_at = timezone.now()
    locked.rejection_reason = ""
    locked.rejection_source = ""
    locked.on_wall = displays_for([locked.author])[locked.author_id].work
    locked.save()
    _tell_author(locked)
    return locked


@transaction.atomic
def reject_clip(*, clip: Clip, actor, reason: str) -> Clip:
    """PENDING or APPROVED → REJECTED with a reason the author reads (mailed to them after commit); a clip
    that was on the wall leaves it (the recap is told)."""
    _ensure_moderator(actor)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Hãy ghi lý do không duyệt để người gửi biết cần sửa gì."))
    locked = _lock(clip)
    was_public = locked.on_wall
    move_clip(locked, ClipState.REJECTED, actor=actor, reason=reason)
    locked.rejection_source = RejectionSource.MODERATION
    locked.rejection_reason = reason
    locked.moderated_by = actor
    locked.moderated_at = timezone.now()
    locked.on_wall = False
    locked.save()
    if was_public:
        _announce_off_wall(locked, OffWallReason.REJECTED)
    _tell_author(locked)
    return locked


@transaction.atomic
def flag_clip(*, clip: Clip, actor, category: str, summary: str):
    """A confidential safeguarding flag about the clip's author (privacy's flag, about this clip). The
    clip itself is not changed; the audit row says a flag was raised, not what it says."""
    _ensure_moderator(actor)
    locked = _lock(clip)
    flag = raise_safeguarding_flag(
        subject=locked.author, about=locked, actor=actor, category=category, summary=summary
    )
    ClipEvent.objects.create(
        clip=locked,
        actor=actor,
        kind=ClipEventKind.SAFEGUARDING,
        from_state=locked.state,
        to_state=locked.state,
        reason=f"#{flag.pk}",
    )
    return flag


@transaction.atomic
def withdraw_clip_from_public(*, clip: Clip, actor=None, reason: str = "") -> Clip:
    """The author's withdrawal (also used when their data is erased): the clip → WITHDRAWN from any
    state, off the wall at once, and `clip_left_public` is sent after commit if it was public. A clip
    already withdrawn is returned unchanged. The recap listens to the signal (see challenges.signals)."""
    locked = _lock(clip)
    if locked.state == ClipState.WITHDRAWN:
        return locked
    was_public = locked.on_wall
    move_clip(locked, ClipState.WITHDRAWN, actor=actor, reason=reason)
    locked.on_wall = False
    locked.save()
    if was_public:
        _announce_off_wall(locked, OffWallReason.WITHDRAWN)
    return locked


def withdraw_clip(*, clip: Clip, actor) -> Clip:
    """The author's own withdrawal from "Clip của tôi"."""
    if not rules.can_withdraw_clip(actor, clip):
        raise NotAllowed(_("Em chỉ rút được clip của chính mình."))
    return withdraw_clip_from_public(clip=clip, actor=actor, reason=_("Người gửi rút clip."))


@transaction.atomic
def refresh_wall_for(*, user) -> list[int]:
    """Consent listener (privacy.registry): after `user`'s consents changed, inside that transaction,
    puts their approved clips on or off the wall; each clip that leaves it is audited and announced.
    Returns the ids of clips that left the wall."""
    clips = list(
        Clip.objects.select_for_update(of=("self",))
        .select_related("author")
        .filter(author_id=user.pk, state=ClipState.APPROVED)
        .order_by("pk")
    )
    if not clips:
        return []
    display = displays_for([clips[0].author])[user.pk]
    left = []
    for clip in clips:
        if clip.on_wall == display.work:
            continue
        clip.on_wall = display.work
        clip.save(update_fields=["on_wall", "updated_at"])
        if not display.work:
            _audit_wall(clip, actor=None, reason=OffWallReason.CONSENT)
            _announce_off_wall(clip, OffWallReason.CONSENT)
            left.append(clip.pk)
    return left
