"""A published gallery with a people's choice vote, and voters made in bulk (for the burst tests)."""

import uuid
from datetime import timedelta

from django.utils import timezone

from contest.enums import ContestKind, MediaKind, Role
from contest.models import User
from tests.factories import ContestFactory
from tests.factories.gallery import public_work
from voting.models import VotingSettings


def voting_contest(*, works: int = 2, **settings):
    """A drawing contest whose results are published with `works` public works, and an open vote."""
    contest = ContestFactory(kind=ContestKind.DRAWING, accepted_media_kinds=[MediaKind.IMAGE.value])
    publics = [public_work(contest=contest, title=f"Bàn tay ấm số {n + 1}", rank=n + 1) for n in range(works)]
    now = timezone.now()
    values = {"opens_at": now - timedelta(hours=1), "closes_at": now + timedelta(days=7)} | settings
    return VotingSettings.objects.create(contest=contest, **values), publics


def voters(count: int, *, joined=None, apart: timedelta = timedelta(0), active: bool = True) -> list[User]:
    """`count` pupils' accounts in one insert, made `joined` (default: ten days ago), `apart` from each other."""
    tag = uuid.uuid4().hex[:8]
    start = joined or timezone.now() - timedelta(days=10)
    return User.objects.bulk_create(
        [
            User(
                email=f"binh-chon-{tag}-{n}@{'hoc-sinh' if n % 2 else 'gmail'}.example",
                full_name=f"Người bình chọn {n}",
                role=Role.ENTRANT,
                is_active=active,
                password="!",
                date_joined=start + apart * n,
            )
            for n in range(count)
        ]
    )
