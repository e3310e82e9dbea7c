"""Reads of the galleries: the published works a page lists, and one public entry with its files.

A work is listed when its contest's result is published, it has public files (results.public_files put
them there for an awarded entry or one chosen for the gallery), it was not withdrawn, and — checked again
on every read, whatever happened since — its consents still allow public display. A page of the gallery
costs the same few queries for ten works or ten thousand."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.files.storage import storages
from django.db.models import Prefetch, QuerySet

from contest.enums import PrizeTier
from results.credits import Credit, consents_for, entry_credit
from results.enums import ResultState
from results.models import PublicEntry, PublicFile
from submissions.enums import EntryState, MembershipState
from submissions.models import TeamMember
from submissions.selectors.consent import entry_people


@dataclass
class PublicMedia:
    url: str
    mime: str
    name: str
    width: int | None = None
    height: int | None = None
    duration: float | None = None


@dataclass
class PublicPart:
    """One file of a work as the public page plays it."""

    position: int
    videos: list[PublicMedia] = field(default_factory=list)
    poster: PublicMedia | None = None
    audio: PublicMedia | None = None
    waveform: PublicMedia | None = None
    webp: list[PublicMedia] = field(default_factory=list)
    jpeg: list[PublicMedia] = field(default_factory=list)
    pages: list[PublicMedia] = field(default_factory=list)

    @property
    def player(self) -> str:
        if self.videos:
            return "video"
        if self.audio:
            return "audio"
        if self.pages:
            return "pages"
        if self.webp or self.jpeg:
            return "image"
        return ""

    @property
    def image(self) -> PublicMedia | None:
        """The largest JPEG (or WebP): what the lightbox opens and the fallback `src`."""
        images = self.jpeg or self.webp
        return images[-1] if images else None

    @property
    def thumb(self) -> PublicMedia | None:
        images = self.jpeg or self.webp
        return images[0] if images else None

    @staticmethod
    def srcset(images: list[PublicMedia]) -> str:
        return ", ".join(f"{image.url} {image.width}w" for image in images if image.width)

    @property
    def webp_srcset(self) -> str:
        return self.srcset(self.webp)

    @property
    def jpeg_srcset(self) -> str:
        return self.srcset(self.jpeg)


@dataclass
class GalleryCard:
    key: str
    title: str
    credit: Credit
    contest: object
    division: object
    tier: str
    tier_label: str
    kind: str
    cover_url: str = ""
    cover_width: int | None = None
    cover_height: int | None = None
    entry_id: int | None = None  # for the vote buttons (voting), never printed


@dataclass
class PublicEntryView:
    card: GalleryCard
    public: PublicEntry
    text: str
    parts: list[PublicPart]

    @property
    def players(self) -> set[str]:
        return {part.player for part in self.parts if part.player}


def _public_url(key: str) -> str:
    return storages["default"].url(key) if key else ""


def gallery_queryset(*, contest=None, division=None, tier: str | None = None) -> QuerySet[PublicEntry]:
    """The works a gallery may list, best first within each contest and division."""
    entries = PublicEntry.objects.filter(contest__result__state=ResultState.PUBLISHED).exclude(
        entry__state=EntryState.WITHDRAWN
    )
    if contest is not None:
        entries = entries.filter(contest=contest)
    if division is not None:
        entries = entries.filter(division=division)
    if tier:
        entries = entries.filter(tier=tier)
    return _with_people(entries).order_by("contest_id", "division_id", "tier_order", "rank", "pk")


def _with_people(entries: QuerySet[PublicEntry]) -> QuerySet[PublicEntry]:
    members = TeamMember.objects.filter(state=MembershipState.ACCEPTED).select_related("user__school")
    return entries.select_related(
        "contest", "division", "entry__contest", "entry__lead_entrant__school"
    ).prefetch_related(Prefetch("entry__team_members", queryset=members))


def _card(public: PublicEntry, credit: Credit) -> GalleryCard:
    tier_label = PrizeTier(public.tier).label if public.tier in PrizeTier.values else ""
    return GalleryCard(
        key=public.key,
        title=public.title,
        credit=credit,
        contest=public.contest,
        division=public.division,
        tier=public.tier,
        tier_label=str(tier_label),
        kind=public.contest.kind,
        cover_url=_public_url(public.cover_key),
        cover_width=public.cover_width,
        cover_height=public.cover_height,
        entry_id=public.entry_id,
    )


def gallery_cards(entries: Iterable[PublicEntry]) -> list[GalleryCard]:
    """Cards for one page of `gallery_queryset` (pass the page's slice): credits from consents read in one
    query for the whole page; a work whose consents no longer allow display is left out."""
    entries = list(entries)
    people = {entry.pk: entry_people(entry.entry) for entry in entries}
    givers, confirmation_required = consents_for(p for group in people.values() for p in group)
    cards = []
    for public in entries:
        credit = entry_credit(
            entry=public.entry,
            people=people[public.pk],
            givers=givers,
            confirmation_required=confirmation_required,
        )
        if credit.work_public:
            cards.append(_card(public, credit))
    return cards


def gallery_entries(
    *, contest=None, division=None, tier: str | None = None, limit: int = 24
) -> list[GalleryCard]:
    """The first `limit` cards of a gallery (results pages show a handful; the gallery view paginates)."""
    return gallery_cards(gallery_queryset(contest=contest, division=division, tier=tier)[:limit])


def _parts(files: Iterable[PublicFile]) -> list[PublicPart]:
    parts: dict[int, PublicPart] = {}
    for f in files:
        part = parts.setdefault(f.position, PublicPart(position=f.position))
        media = PublicMedia(_public_url(f.key), f.mime, f.name, f.width, f.height, f.duration)
        if f.role == "video":
            part.videos.append(media)
        elif f.role == "poster":
            part.poster = media
        elif f.role == "audio":
            part.audio = media
        elif f.role == "waveform":
            part.waveform = media
        elif f.role == "image":
            (part.webp if f.mime == "image/webp" else part.jpeg).append(media)
        elif f.role == "page":
            part.pages.append(media)
    for part in parts.values():
        part.videos.sort(key=lambda m: -(m.height or 0))
        part.webp.sort(key=lambda m: m.width or 0)
        part.jpeg.sort(key=lambda m: m.width or 0)
        part.pages.sort(key=lambda m: m.name)
    return [parts[position] for position in sorted(parts)]


def public_entry(*, code: str) -> PublicEntryView | None:
    """The public page of one work by its public key; None (a 404) unless the work is public right now."""
    if not code or len(code) > 32:
        return None
    public = gallery_queryset().filter(key=code).first()
    if public is None:
        return None
    cards = gallery_cards([public])
    if not cards:
        return None
    files = PublicFile.objects.filter(public_entry=public).order_by("position", "name")
    return PublicEntryView(card=cards[0], public=public, text=public.text, parts=_parts(files))
