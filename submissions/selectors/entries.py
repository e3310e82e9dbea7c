"""Reads of entries, shaped for the entrant's pages; each list loads in a fixed number of queries."""

from django.db.models import Prefetch, Q, QuerySet

from submissions.enums import EntryState, MembershipState
from submissions.models import Entry, MediaAsset, TeamMember, UploadSession, UploadState

# A team member counts (sees the entry, uses up an entry of the contest, must consent) once accepted.
ACCEPTED_MEMBER = Q(team_members__state=MembershipState.ACCEPTED)


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
    """Entries the user may open on the entrant's pages: their own and those of teams they accepted.
    Coordinators see their pupils' entries only through the coordinator's pages. Anything else is treated
    as not existing (404)."""
    if not (user and user.is_authenticated and user.is_active):
        return Entry.objects.none()
    condition = Q(lead_entrant=user) | (Q(team_members__user=user) & ACCEPTED_MEMBER)
    ids = Entry.objects.filter(condition).values("pk")
    return Entry.objects.filter(pk__in=ids)


def entries_counted_for(*, contest, entrant) -> QuerySet[Entry]:
    """The entries that use up `entrant`'s allowance in `contest`: led, or joined by accepting."""
    condition = Q(lead_entrant=entrant) | (Q(team_members__user=entrant) & ACCEPTED_MEMBER)
    ids = Entry.objects.filter(contest=contest).filter(condition).values("pk")
    return Entry.objects.filter(pk__in=ids).exclude(state=EntryState.WITHDRAWN)


def invitations_for(*, user) -> QuerySet[TeamMember]:
    """Team places offered to `user` (by account, or by their address before they had one) with their
    answer; the lead is shown by first name and initial only."""
    if not (user and user.is_authenticated and user.is_active):
        return TeamMember.objects.none()
    mine = Q(user=user) | Q(user__isnull=True, email__iexact=user.email)
    return (
        TeamMember.objects.filter(mine)
        .select_related("entry", "entry__contest", "entry__lead_entrant")
        .order_by("-invited_at", "-pk")
    )


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
