"""Run by `manage.py shell -c` against the drill's own PostgreSQL cluster (test_pg_restart.py): DRILL_ACTION=seed
makes a video contest open for entries and DRILL_ENTRANTS pupils with signed-in sessions, written to DRILL_WORLD;
DRILL_ACTION=outcome writes what the database holds after the rush to DRILL_WORLD + ".outcome"."""

import json
import os
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db.models import Count
from django.utils import timezone

from contest.enums import ContestKind, MediaKind, Role
from contest.models import Campaign, Contest, Division, User
from submissions.models import Entry, EntryEvent, MediaAsset, UploadSession

WORLD = os.environ["DRILL_WORLD"]


def _session_for(user) -> str:
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def seed() -> None:
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        name="Diễn tập khởi động lại cơ sở dữ liệu",
        slug="dien-tap-csdl",
        code="DTC",
        starts_on=today,
        ends_on=today + timedelta(days=30),
    )
    division = Division.objects.create(campaign=campaign, name="THCS", min_age=11, max_age=15)
    contest = Contest.objects.create(
        campaign=campaign,
        kind=ContestKind.VIDEO,
        title="Phim ngắn",
        slug="phim-dien-tap",
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
                email=f"hs-{n}@dien-tap.example",
                full_name=f"Học sinh Diễn tập {n}",
                role=Role.ENTRANT,
                date_of_birth=born,
                password="!",
            )
            for n in range(int(os.environ["DRILL_ENTRANTS"]))
        ]
    )
    with open(WORLD, "w") as out:
        json.dump({"contest": contest.pk, "sessions": {u.email: _session_for(u) for u in pupils}}, out)


def outcome() -> None:
    world = json.load(open(WORLD))  # noqa: SIM115
    entries = Entry.objects.filter(contest_id=world["contest"])
    per_pupil = dict(
        User.objects.filter(email__endswith="@dien-tap.example")
        .annotate(n=Count("led_entries", distinct=True))
        .values_list("email", "n")
    )
    assets = {
        entry.lead_entrant.email: list(entry.assets.values_list("sha256", "size"))
        for entry in entries.select_related("lead_entrant")
    }
    with open(WORLD + ".outcome", "w") as out:
        json.dump(
            {
                "entries_per_pupil": per_pupil,
                "states": dict(entries.values_list("state").annotate(n=Count("pk"))),
                "assets": assets,
                "submitted_events": list(
                    EntryEvent.objects.filter(entry__in=entries, to_state="submitted")
                    .values("entry")
                    .annotate(n=Count("pk"))
                    .values_list("n", flat=True)
                ),
                "uploads": dict(
                    UploadSession.objects.filter(entry__in=entries)
                    .values_list("state")
                    .annotate(n=Count("pk"))
                ),
                # A file row whose upload did not end "completed" would be a half-written upload.
                "assets_without_completed_upload": MediaAsset.objects.filter(entry__in=entries)
                .exclude(pk__in=UploadSession.objects.filter(state="completed").values("asset_id"))
                .count(),
                "entries_without_lead": entries.filter(lead_entrant__isnull=True).count(),
            },
            out,
        )


{"seed": seed, "outcome": outcome}[os.environ["DRILL_ACTION"]]()
