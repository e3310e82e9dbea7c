"""Run inside `manage.py shell` of the target: a video contest open for entries, entrants signed in, judges
with an open round of eligible entries; writes the world for the Locust users to LOAD_WORLD."""

import json
import os
import uuid
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.utils import timezone
from wagtail.models import Page

from contest.enums import ContestKind, MediaKind, Role
from contest.models import Campaign, Contest, Division, User
from judging.enums import RoundState
from judging.models import Assignment
from judging.services.rounds import transition_round
from tests.factories import JudgeFactory, OrganiserFactory
from tests.factories.judging import JudgeableEntryFactory, PanelFactory, RoundFactory

SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
tag = uuid.uuid4().hex[:6]
entrants = int(os.environ.get("LOAD_ENTRANTS", "200"))
judges = int(os.environ.get("LOAD_JUDGES", "30"))


def session_for(user) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


today = timezone.localdate()
campaign = Campaign.objects.create(
    name=f"Tải thử {tag}",
    slug=f"tai-thu-{tag}",
    code=f"L{tag[:3].upper()}",
    starts_on=today,
    ends_on=today + timedelta(days=30),
)
division = Division.objects.create(campaign=campaign, name="THCS", min_age=11, max_age=15)
contest = Contest.objects.create(
    campaign=campaign,
    kind=ContestKind.VIDEO,
    title="Phim ngắn",
    slug=f"phim-{tag}",
    code="VID",
    accepted_media_kinds=[MediaKind.VIDEO],
    max_file_bytes=60 * 1024 * 1024,
    max_duration_seconds=600,
    opens_at=timezone.now() - timedelta(days=1),
    closes_at=timezone.now() + timedelta(hours=2),
)
contest.divisions.add(division)
born = today.replace(year=today.year - 13, day=1)
pupils = User.objects.bulk_create(
    [
        User(
            email=f"hs{n}.{tag}@load.example",
            full_name=f"Học sinh {n}",
            role=Role.ENTRANT,
            date_of_birth=born,
            password="!",  # noqa: S106 (an unusable password: sessions are made directly)
        )
        for n in range(entrants)
    ]
)
panel = PanelFactory(contest=contest, division=division, judges=[JudgeFactory() for _ in range(judges)])
for _ in range(judges * 2):
    JudgeableEntryFactory(contest=contest, division=division)
round_ = RoundFactory(panel=panel, judges_per_entry=3, contest=contest, division=division)
transition_round(round_=round_, to_state=RoundState.OPEN, actor=OrganiserFactory())
world_judges = []
for judge in panel.judges.all():
    ids = list(Assignment.objects.filter(round=round_, judge=judge, active=True).values_list("pk", flat=True))
    if ids:
        world_judges.append({"session": session_for(judge), "assignments": ids})
public = ["/", "/en/"] + [
    p.url for p in Page.objects.live().specific()[:8] if p.url and p.url not in ("/", "/en/")
]
world = {
    "contest": contest.pk,
    "entrants": [session_for(user) for user in pupils],
    "judges": world_judges,
    "criteria": list(round_.rubric.criteria.order_by("sort_order").values_list("pk", flat=True)),
    "public_pages": public[:6],
    "video": os.environ["LOAD_VIDEO"],
    "tag": tag,
}
with open(os.environ["LOAD_WORLD"], "w") as out:
    json.dump(world, out)
