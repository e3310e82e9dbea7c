"""The one place a clip changes state (DESIGN.md §3)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from challenges.enums import CLIP_TRANSITIONS, ClipEventKind, ClipState
from challenges.models import Clip, ClipEvent
from contest.errors import InvalidTransition


def move_clip(clip: Clip, to_state: str, *, actor=None, reason: str = "") -> ClipEvent:
    """Moves an already locked clip, checking the table and writing the audit row; the caller saves it."""
    if to_state not in CLIP_TRANSITIONS[clip.state]:
        raise InvalidTransition(
            _("Không thể chuyển clip từ “%(from)s” sang “%(to)s”.")
            % {"from": ClipState(clip.state).label, "to": ClipState(to_state).label}
        )
    event = ClipEvent.objects.create(
        clip=clip,
        actor=actor,
        kind=ClipEventKind.TRANSITION,
        from_state=clip.state,
        to_state=to_state,
        reason=reason,
    )
    clip.state = to_state
    if to_state == ClipState.APPROVED:
        clip.approved_at = timezone.now()
    return event


@transaction.atomic
def transition_clip(*, clip: Clip, to_state: str, actor=None, reason: str = "") -> Clip:
    """Locks the clip, moves it (InvalidTransition when the table forbids it), saves and audits."""
    locked = Clip.objects.select_for_update().get(pk=clip.pk)
    move_clip(locked, to_state, actor=actor, reason=reason)
    locked.save()
    return locked
