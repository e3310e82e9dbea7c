"""Recaps listen to challenges: a clip that leaves the public wall must leave every recap showing it."""

from django.dispatch import receiver

from challenges.models import Clip
from challenges.signals import clip_left_public
from recaps.services import mark_stale_for_clip


@receiver(clip_left_public, sender=Clip, dispatch_uid="recaps_clip_left_public")
def clip_left(sender, *, clip_id: int, reason: str = "", **kwargs) -> None:
    mark_stale_for_clip(clip_id=clip_id, reason=str(reason))
