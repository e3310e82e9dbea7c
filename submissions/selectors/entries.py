"""Reads of entries, shaped for the entrant's pages; each list loads in a fixed number of queries."""

from django.db.models import Prefetch, Q, QuerySet

from contest.rules import is_coordinator
from submissions.models import Entry, MediaAsset, TeamMember, UploadSession, UploadState


def page_count(assets) -> int:
    """Pages of a work from its files: one per image, a PDF's own count once probed (one until then).
    Rejected files do not count."""
    from contest.enums import MediaKind
    from submissions.enums import AssetState

    pages = 0
    for asset in assets:
        if asset.state == AssetState.REJECTED:
            continue
        pages += int((asset.probe or {}).get("pages") or 1) if asset.kind == MediaKind.PDF else 1
    return pages


def entries_visible_to(user) -> QuerySet[Entry]:
    """Entries the user may open: their own, their team's, and for a coordinator their school's pupils'.
    Anything else is treated as not existing (404)."""
    if not (user and user.is_authenticated and user.is_active):
        return Entry.objects.none()
    condition = Q(lead_entrant=user) | Q(team_members__user=user)
    if is_coordinator(user):
        condition |= Q(lead_entrant__school_id=user.school_id)
    ids = Entry.objects.filter(condition).values("pk")
    return Entry.objects.filter(pk__in=ids)


def entries_for_my_page(*, user) -> QuerySet[Entry]:
    """The entrant's "Bài dự thi của tôi": entries with contest, files and team, newest first."""
    return (
        entries_visible_to(user)
        .select_related("contest", "contest__campaign", "division", "lead_entrant")
        .prefetch_related(
            Prefetch("assets", queryset=MediaAsset.objects.order_by("position", "pk")),
            Prefetch("team_members", queryset=TeamMember.objects.select_related("user")),
            Prefetch(
                "upload_sessions",
                queryset=UploadSession.objects.filter(state=UploadState.ACTIVE),
                to_attr="open_uploads",
            ),
        )
        .order_by("-created_at")
    )


def entry_for_edit(*, user, pk: int) -> Entry | None:
    return entries_for_my_page(user=user).filter(pk=pk).first()


def user_entries_in_contest(*, user, contest) -> QuerySet[Entry]:
    return entries_visible_to(user).filter(contest=contest, lead_entrant=user).order_by("created_at")


def active_entries_in_contest(*, user, contest) -> QuerySet[Entry]:
    """The entries that count towards the contest's entries-per-entrant rule for `user`: led or joined as a
    team member, not withdrawn."""
    from submissions.enums import EntryState

    return (
        Entry.objects.filter(contest=contest)
        .filter(Q(lead_entrant=user) | Q(team_members__user=user))
        .exclude(state=EntryState.WITHDRAWN)
        .distinct()
        .order_by("created_at")
    )


def assets_visible_to(user) -> QuerySet[MediaAsset]:
    return MediaAsset.objects.filter(entry__in=entries_visible_to(user)).select_related(
        "entry", "entry__lead_entrant"
    )


def uploads_visible_to(user) -> QuerySet[UploadSession]:
    return UploadSession.objects.filter(entry__in=entries_visible_to(user)).select_related(
        "entry", "entry__contest", "entry__lead_entrant"
    )
