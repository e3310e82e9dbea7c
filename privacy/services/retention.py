"""Scheduled deletion: personal data nobody needs any more, after the retention date of the apps that
hold it, and deletions people asked for once their grace period is over.

Each app says through the registry which people it no longer needs (`due`) and which it must still keep
(`held`, e.g. winners, whose data stays for certificates and the public record); a person is purged when
some app has them due and none holds them.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.models import User
from privacy.registry import registry
from privacy.services.data_rights import ANONYMISED_EMAIL_DOMAIN, delete_personal_data


@dataclass(frozen=True)
class PurgeItem:
    user_id: int
    email: str


def users_due_for_purge(*, today=None) -> QuerySet[User]:
    today = today or timezone.localdate()
    users = User.objects.exclude(email__endswith="@" + ANONYMISED_EMAIL_DOMAIN)
    if not registry.retention_rules:
        return users.none()
    users = users.filter(reduce(or_, (Q(pk__in=rule.due(today)) for rule in registry.retention_rules)))
    for rule in registry.retention_rules:
        users = users.exclude(pk__in=rule.held(today))
    return users.order_by("pk")


def _mask(email: str) -> str:
    name, _at, domain = email.partition("@")
    return f"{name[:2]}***@{domain}"


def purge_preview(*, today=None) -> list[PurgeItem]:
    """What the next run would delete: one line per person, with masked e-mails."""
    return [PurgeItem(user_id=u.pk, email=_mask(u.email)) for u in users_due_for_purge(today=today)]


def purge_personal_data(*, today=None, dry_run: bool = False) -> list[PurgeItem]:
    """Deletes (or with `dry_run` only lists) the personal data of every person due. Each person is
    deleted in its own transaction, so one failure does not hold back the rest."""
    items = purge_preview(today=today)
    if dry_run:
        return items
    users = User.objects.in_bulk([item.user_id for item in items])
    for item in items:
        delete_personal_data(user=users[item.user_id], actor=None, reason=_("Hết thời hạn lưu trữ dữ liệu"))
    return items
