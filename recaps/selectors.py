"""Reads for recaps: which clips go into one (public, consent-aware, with credit as consent allows), the
organiser's picking list, and the progress the admin polls."""

from __future__ import annotations

from dataclasses import dataclass

from challenges.selectors import WallClip, public_clips
from recaps.enums import ClipChoice
from recaps.models import Recap, RecapItem

RENDITION = "video_720.mp4"


def usable_clips(*, recap: Recap) -> list[WallClip]:
    """The clips a render of `recap` uses now, in order: only those a visitor may see on the challenge's
    wall today (approved, consent in force), credited as consent allows. A few queries in all."""
    public = [w for w in public_clips(challenge=recap.challenge, limit=None) if w.clip.rendition(RENDITION)]
    if recap.clip_choice == ClipChoice.NEWEST:
        return public[: recap.newest_count]
    by_pk = {w.pk: w for w in public}
    chosen = (
        RecapItem.objects.filter(recap=recap).order_by("position", "pk").values_list("clip_id", flat=True)
    )
    return [by_pk[pk] for pk in chosen if pk in by_pk]


@dataclass(frozen=True)
class PickRow:
    wall: WallClip
    position: int | None

    @property
    def chosen(self) -> bool:
        return self.position is not None


def pick_rows(*, recap: Recap) -> list[PickRow]:
    """Every public clip of the challenge, the chosen ones first in their order, then the rest newest first."""
    positions = dict(RecapItem.objects.filter(recap=recap).values_list("clip_id", "position"))
    rows = [PickRow(w, positions.get(w.pk)) for w in public_clips(challenge=recap.challenge, limit=None)]
    return sorted(rows, key=lambda row: (row.position is None, row.position or 0))


def progress_of(*, recap_id: int) -> dict | None:
    row = Recap.objects.filter(pk=recap_id).values("state", "progress", "error", "duration_seconds").first()
    return row
