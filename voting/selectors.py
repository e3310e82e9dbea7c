"""Reads of the vote: settings, counted totals, what a page's vote buttons need (a constant number of
queries for a whole page of cards), the ranking the prize is taken from, and the report's counts.

Only counted votes for works that are public right now count: a work taken down (a consent withdrawn)
keeps its votes on record, but they are neither shown nor ranked until it is public again."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from results.selectors.gallery import gallery_cards, gallery_queryset
from voting.enums import VoteState
from voting.models import PeoplesChoiceAward, Vote, VotingSettings


def settings_for(*, contest) -> VotingSettings | None:
    return VotingSettings.objects.filter(contest=contest).first()


def counted_totals(*, entry_ids: Iterable[int]) -> dict[int, int]:
    rows = (
        Vote.objects.filter(entry_id__in=list(entry_ids), state=VoteState.COUNTED)
        .values("entry_id")
        .annotate(n=Count("pk"))
    )
    return {row["entry_id"]: row["n"] for row in rows}


@dataclass(frozen=True)
class VoteBox:
    """What one work's vote button shows."""

    key: str
    is_open: bool
    not_yet: bool
    closed: bool
    show_total: bool
    total: int
    voted: bool
    voided: bool


def vote_boxes(*, cards: Iterable, user, now=None) -> dict[str, VoteBox]:
    """Boxes for the gallery cards a page already shows (results.selectors.gallery.GalleryCard: key,
    entry_id, contest): one query when no contest of the page has a vote, three more when one has,
    whatever the number of works. Works whose contest has no vote get none."""
    now = now or timezone.now()
    works = [(card.key, card.entry_id, card.contest.pk) for card in cards if card.key and card.entry_id]
    if not works:
        return {}
    contest_ids = {contest_id for _k, _e, contest_id in works}
    by_contest = {s.contest_id: s for s in VotingSettings.objects.filter(contest_id__in=contest_ids)}
    works = [work for work in works if work[2] in by_contest]
    if not works:
        return {}
    entry_ids = [entry_id for _k, entry_id, _c in works]
    totals = counted_totals(entry_ids=entry_ids)
    mine: dict[int, str] = {}
    if user is not None and user.is_authenticated:
        mine = dict(Vote.objects.filter(voter=user, entry_id__in=entry_ids).values_list("entry_id", "state"))
    boxes = {}
    for key, entry_id, contest_id in works:
        settings = by_contest[contest_id]
        boxes[key] = VoteBox(
            key=key,
            is_open=settings.is_open(now),
            not_yet=now < settings.opens_at,
            closed=settings.is_closed(now),
            show_total=settings.totals_public(now),
            total=totals.get(entry_id, 0),
            voted=entry_id in mine,
            voided=mine.get(entry_id) == VoteState.VOIDED,
        )
    return boxes


@dataclass(frozen=True)
class RankedWork:
    rank: int
    entry_id: int
    code: str
    key: str
    title: str
    votes: int
    voided: int


def ranking(*, contest) -> list[RankedWork]:
    """The works of `contest` that are public now, most counted votes first; equal counts share a rank.
    Voided votes are shown beside, never counted."""
    publics = list(gallery_queryset(contest=contest))
    shown = {card.key for card in gallery_cards(publics)}
    publics = [p for p in publics if p.key in shown]
    counts = (
        Vote.objects.filter(contest=contest, entry_id__in=[p.entry_id for p in publics])
        .values("entry_id")
        .annotate(
            counted=Count("pk", filter=Q(state=VoteState.COUNTED)),
            voided=Count("pk", filter=Q(state=VoteState.VOIDED)),
        )
    )
    by_entry = {row["entry_id"]: row for row in counts}
    rows = sorted(
        publics,
        key=lambda p: (-by_entry.get(p.entry_id, {}).get("counted", 0), p.entry.code),
    )
    ranked, rank, previous = [], 0, None
    for position, public in enumerate(rows, start=1):
        counted = by_entry.get(public.entry_id, {}).get("counted", 0)
        if counted != previous:
            rank, previous = position, counted
        ranked.append(
            RankedWork(
                rank=rank,
                entry_id=public.entry_id,
                code=public.entry.code,
                key=public.key,
                title=public.title,
                votes=counted,
                voided=by_entry.get(public.entry_id, {}).get("voided", 0),
            )
        )
    return ranked


def top_tie(ranked: list[RankedWork]) -> list[RankedWork]:
    """The works sharing the first rank (with at least one vote)."""
    return [row for row in ranked if row.rank == 1 and row.votes > 0]


def peoples_choice(*, contest) -> PeoplesChoiceAward | None:
    return PeoplesChoiceAward.objects.filter(contest=contest).select_related("entry").first()


def public_peoples_choice(*, contest):
    """The award as a public page may show it: (award, gallery card), or None when there is none or the
    work is not public right now (its credit comes from consents, as for every card)."""
    award = peoples_choice(contest=contest)
    if award is None:
        return None
    public = gallery_queryset(contest=contest).filter(entry_id=award.entry_id).first()
    cards = gallery_cards([public]) if public else []
    return (award, cards[0]) if cards else None


def report_counts(*, campaign=None) -> list[dict]:
    """Votes cast and voided per contest (of `campaign`, if given)."""
    votes = Vote.objects.all()
    if campaign is not None:
        votes = votes.filter(contest__campaign=campaign)
    rows = (
        votes.values("contest_id", "contest__title")
        .annotate(
            cast=Count("pk"),
            voided=Count("pk", filter=Q(state=VoteState.VOIDED)),
        )
        .order_by("contest__title", "contest_id")
    )
    return [{"contest": row["contest__title"], "cast": row["cast"], "voided": row["voided"]} for row in rows]
