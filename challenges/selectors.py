"""Reads of challenges and clips: the public wall (consent-aware, with credit as consent allows), the
organisers' moderation queue, an author's own clips, and counts for the campaign report."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from challenges.enums import IN_PROGRESS_CLIP_STATES, ClipState
from challenges.models import Challenge, Clip, ClipUpload
from challenges.rules import needs_consent_records
from privacy.enums import ConsentPurpose
from privacy.selectors import active_givers, needs_guardian, purpose_in_force, school_confirmation_required
from submissions.enums import UploadState

WALL_PAGE_SIZE = 24


@dataclass(frozen=True)
class Display:
    """What consent allows for one author today: the work shown at all, and their full name."""

    work: bool
    name: bool
    guardian_needed: bool


def displays_for(authors: Iterable, *, day=None) -> dict[int, Display]:
    """One query for any number of authors. Pupils need DISPLAY_WORK in force (their own and, under 16,
    a guardian's, as privacy decides) for a clip to be shown, and DISPLAY_IDENTITY for their full name.
    Adults in other roles agreed by sending the clip."""
    authors = {a.pk: a for a in authors if a is not None}
    day = day or timezone.localdate()
    pupils = [a for a in authors.values() if needs_consent_records(a)]
    givers = active_givers(user_ids=[a.pk for a in pupils]) if pupils else {}
    required = school_confirmation_required() if pupils else False
    result = {}
    for pk, author in authors.items():
        if not needs_consent_records(author):
            result[pk] = Display(work=True, name=True, guardian_needed=False)
            continue
        mine = givers.get(pk, {})
        guardian = needs_guardian(person=author, day=day)
        work = purpose_in_force(
            givers=mine.get(ConsentPurpose.DISPLAY_WORK, set()),
            guardian_needed=guardian,
            confirmation_required=required,
        )
        name = work and purpose_in_force(
            givers=mine.get(ConsentPurpose.DISPLAY_IDENTITY, set()),
            guardian_needed=guardian,
            confirmation_required=required,
        )
        result[pk] = Display(work=work, name=name, guardian_needed=guardian)
    return result


def short_name(full_name: str) -> str:
    """Given name and family initial: "Nguyễn Thị Mai" → "Mai N."."""
    words = full_name.split()
    if len(words) <= 1:
        return words[0] if words else ""
    return f"{words[-1]} {words[0][0]}."


def clip_credit(clip: Clip, display: Display) -> str:
    """The credit under a clip: the full name only with consent to show names, otherwise given name and
    initial, and nothing when the author asked for no name."""
    if not clip.wants_credit or not display.work:
        return ""
    name = (clip.author.full_name or "").strip()
    return name if display.name else short_name(name)


@dataclass(frozen=True)
class WallClip:
    clip: Clip
    credit: str

    @property
    def pk(self):
        return self.clip.pk


def open_challenges(*, now=None) -> QuerySet[Challenge]:
    now = now or timezone.now()
    return Challenge.objects.filter(is_active=True, opens_at__lte=now, closes_at__gt=now).order_by(
        "closes_at"
    )


def visible_challenges() -> QuerySet[Challenge]:
    """Challenges shown on the site: active ones that have opened (closed ones keep their wall)."""
    return Challenge.objects.filter(is_active=True, opens_at__lte=timezone.now()).order_by("-opens_at")


def wall_candidates(*, challenge: Challenge) -> QuerySet[Clip]:
    return (
        Clip.objects.filter(challenge=challenge, state=ClipState.APPROVED, on_wall=True)
        .select_related("author")
        .order_by("-approved_at", "-pk")
    )


def public_clips(
    *, challenge: Challenge, limit: int | None = WALL_PAGE_SIZE, offset: int = 0
) -> list[WallClip]:
    """The clips a visitor may see on a challenge's wall, newest approval first, with their credit.
    Consent is read again here, so a withdrawal shows at once even before any listener ran. Also what
    the recap should use (limit=None for all). Three queries whatever the number of clips."""
    rows = wall_candidates(challenge=challenge)
    rows = list(rows[offset : offset + limit] if limit else rows[offset:])
    displays = displays_for([clip.author for clip in rows])
    return [
        WallClip(clip, clip_credit(clip, displays[clip.author_id]))
        for clip in rows
        if displays[clip.author_id].work
    ]


def is_clip_public(*, clip: Clip) -> bool:
    """Whether one clip may be shown or used publicly right now."""
    if clip.state != ClipState.APPROVED:
        return False
    return displays_for([clip.author])[clip.author_id].work


def moderation_queue(*, challenge: Challenge | None = None, state: str = ClipState.PENDING) -> QuerySet[Clip]:
    rows = Clip.objects.filter(state=state).select_related("challenge", "author").order_by("created_at", "pk")
    if challenge is not None:
        rows = rows.filter(challenge=challenge)
    return rows


def clips_of(*, user, challenge: Challenge | None = None) -> QuerySet[Clip]:
    rows = Clip.objects.filter(author=user).select_related("challenge").order_by("-created_at", "-pk")
    if challenge is not None:
        rows = rows.filter(challenge=challenge)
    return rows


def uploads_of(*, user) -> QuerySet[ClipUpload]:
    return ClipUpload.objects.filter(created_by=user)


def open_uploads(*, user, challenge: Challenge) -> QuerySet[ClipUpload]:
    return ClipUpload.objects.filter(created_by=user, challenge=challenge, state=UploadState.ACTIVE)


def in_progress(clips: Iterable[Clip]) -> bool:
    return any(clip.state in IN_PROGRESS_CLIP_STATES for clip in clips)


def report_counts() -> list[dict]:
    """Clips by state per challenge, for the campaign report: no personal data, one query.
    [{"challenge_id", "title", "hashtag", "total", "by_state": {state: n, ...}}, ...]"""
    rows = Clip.objects.values("challenge_id", "state").annotate(n=Count("pk")).order_by()
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        counts[row["challenge_id"]][row["state"]] = row["n"]
    result = []
    for challenge in Challenge.objects.order_by("opens_at", "pk").only("pk", "title", "hashtag"):
        by_state = {state.value: counts[challenge.pk].get(state.value, 0) for state in ClipState}
        result.append(
            {
                "challenge_id": challenge.pk,
                "title": challenge.title,
                "hashtag": challenge.hashtag,
                "total": sum(by_state.values()),
                "by_state": by_state,
            }
        )
    return result


def consent_note(display: Display) -> str:
    """What an author or an organiser reads about why a clip is not on the wall."""
    if display.work:
        return ""
    if display.guardian_needed:
        return _("Cần sự đồng ý công khai tác phẩm của em và của phụ huynh trước khi clip được hiển thị.")
    return _("Cần sự đồng ý công khai tác phẩm của em trước khi clip được hiển thị.")
