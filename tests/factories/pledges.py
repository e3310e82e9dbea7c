"""Signatures on the pledge wall, made through the real service (so the counts are kept), and in bulk for
the query-count tests and the bench."""

from django.db.models import F

from contest.enums import Role, SchoolClaim
from contest.models import User
from pledges.enums import CountScope, MessageState
from pledges.models import Commitment, Pledge, PledgeCount
from pledges.services import approve_message, sign_pledge


def core_ids() -> list[int]:
    return list(Commitment.objects.filter(is_active=True).values_list("pk", flat=True))


def sign(user, *, message: str = "", show_name: bool = False, approve_by=None) -> Pledge:
    pledge, _created = sign_pledge(
        signer=user, commitment_ids=core_ids(), message=message, show_name=show_name
    )
    if approve_by is not None and pledge.message_state == MessageState.PENDING:
        pledge = approve_message(pledge=pledge, actor=approve_by)
    return pledge


def bulk_sign(n: int, *, schools, approved_every: int = 2, prefix: str = "bulk", batch: int = 5000) -> None:
    """n pupils across `schools`, each with a signature (every `approved_every`-th with an approved message,
    every third showing a name), straight into the tables with bulk_create; the counts are set to match."""
    from datetime import date, timedelta

    from django.utils import timezone

    now = timezone.now()
    today = timezone.localdate()
    young, adult = date(today.year - 13, 1, 1), date(today.year - 19, 1, 1)
    commitments = [{"id": c.pk, "text": c.text} for c in Commitment.objects.filter(is_active=True)]
    made = 0
    while made < n:
        size = min(batch, n - made)
        users = [
            User(
                email=f"{prefix}-{made + i}@ky-ten.example",
                full_name=f"Nguyễn Thị Hồng {made + i}",
                role=Role.ENTRANT,
                school=schools[(made + i) % len(schools)],
                school_status=SchoolClaim.CONFIRMED,
                date_of_birth=young if (made + i) % 4 == 0 else adult,
                password="!",
            )
            for i in range(size)
        ]
        users = User.objects.bulk_create(users, batch_size=1000)
        pledges = []
        for i, user in enumerate(users):
            k = made + i
            approved = k % approved_every == 0
            pledges.append(
                Pledge(
                    signer=user,
                    role=Role.ENTRANT,
                    school=user.school,
                    ward=user.school.ward,
                    commitments=commitments,
                    show_name=k % 3 == 0,
                    message=f"Lời nhắn số {k}: cùng nhau an toàn trên mạng." if approved else "",
                    message_state=MessageState.APPROVED if approved else MessageState.NONE,
                    approved_at=now - timedelta(seconds=k) if approved else None,
                )
            )
        Pledge.objects.bulk_create(pledges, batch_size=1000)
        made += size
    for index, school in enumerate(schools):
        count = n // len(schools) + (1 if index < n % len(schools) else 0)
        for scope, key in ((CountScope.SCHOOL, {"school": school}), (CountScope.WARD, {"ward": school.ward})):
            row, _ = PledgeCount.objects.get_or_create(scope=scope, **key)
            PledgeCount.objects.filter(pk=row.pk).update(count=F("count") + count)
    row, _ = PledgeCount.objects.get_or_create(scope=CountScope.CITY)
    PledgeCount.objects.filter(pk=row.pk).update(count=F("count") + n)
