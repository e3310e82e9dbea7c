"""Scheduled deletion of non-winners' personal data after a campaign's retention date.

An entrant is due once every campaign they took part in is past its `data_retention_until` and none of
their entries won (awarded or commended): winners' data stays for certificates and the public record.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.enums import Role
from contest.models import User
from submissions.enums import EntryState
from submissions.models import Entry, MediaAsset
from submissions.services.data_rights import ANONYMISED_EMAIL_DOMAIN, delete_personal_data

WINNING_STATES = (EntryState.AWARDED, EntryState.COMMENDED)


@dataclass(frozen=True)
class PurgeItem:
    user_id: int
    email: str
    entries: int
    files: int


def users_due_for_purge(*, today=None) -> QuerySet[User]:
    today = today or timezone.localdate()
    mine = Entry.objects.filter(Q(lead_entrant=OuterRef("pk")) | Q(team_members__user=OuterRef("pk")))
    past = Q(contest__campaign__data_retention_until__lt=today)
    return (
        User.objects.filter(role=Role.ENTRANT)
        .exclude(email__endswith="@" + ANONYMISED_EMAIL_DOMAIN)
        .filter(Exists(mine.filter(past)))
        .exclude(Exists(mine.exclude(past)))
        .exclude(Exists(mine.filter(state__in=WINNING_STATES)))
        .order_by("pk")
    )


def purge_preview(*, today=None) -> list[PurgeItem]:
    """What the next run would delete: one line per entrant, with masked e-mails."""
    items = []
    for user in users_due_for_purge(today=today):
        name, _, domain = user.email.partition("@")
        masked = f"{name[:2]}***@{domain}"
        items.append(
            PurgeItem(
                user_id=user.pk,
                email=masked,
                entries=Entry.objects.filter(lead_entrant=user).count(),
                files=MediaAsset.objects.filter(entry__lead_entrant=user).count(),
            )
        )
    return items


def purge_personal_data(*, today=None, dry_run: bool = False) -> list[PurgeItem]:
    """Deletes (or with `dry_run` only lists) the personal data of every entrant due. Each entrant is
    deleted in its own transaction, so one failure does not hold back the rest."""
    items = purge_preview(today=today)
    if dry_run:
        return items
    users = User.objects.in_bulk([item.user_id for item in items])
    for item in items:
        delete_personal_data(user=users[item.user_id], actor=None, reason=_("Hết thời hạn lưu trữ dữ liệu"))
    return items
