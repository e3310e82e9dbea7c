"""Run inside `manage.py shell` of the target after the rush: what the database holds for the rush's contest."""

import json
import os

from django.db.models import Count

from submissions.models import Entry, EntryEvent, MediaAsset, MediaJob

world = json.load(open(os.environ["LOAD_WORLD"]))  # noqa: SIM115
entries = Entry.objects.filter(
    contest_id=world["contest"], lead_entrant__email__endswith=f".{world['tag']}@load.example"
)
per_lead = list(entries.values("lead_entrant").annotate(n=Count("pk")).values_list("n", flat=True))
assets = list(
    MediaAsset.objects.filter(entry__in=entries)
    .values("entry")
    .annotate(n=Count("pk"))
    .values_list("n", flat=True)
)
events = list(
    EntryEvent.objects.filter(entry__in=entries, to_state="submitted")
    .values("entry")
    .annotate(n=Count("pk"))
    .values_list("n", flat=True)
)
submitted = entries.filter(state="submitted").count()
with_one_file = sum(1 for n in assets if n == 1)
states = dict(MediaAsset.objects.filter(entry__in=entries).values_list("state").annotate(n=Count("pk")))
# The media queue during the rush: how long a job waited for a worker, how long it ran, and how many ended
# while the run lasted (the rest finish after it; the run does not wait for them).
jobs = list(
    MediaJob.objects.filter(asset__entry__in=entries, finished_at__isnull=False).values_list(
        "created_at", "started_at", "finished_at"
    )
)


def _p(values: list[float], q: float) -> float:
    values = sorted(values)
    return round(values[min(len(values) - 1, int(q * len(values)))], 1) if values else 0.0


waits = [(started - created).total_seconds() for created, started, _ in jobs if started]
runs = [(finished - started).total_seconds() for _, started, finished in jobs if started]
span = (max(f for *_, f in jobs) - min(c for c, *_ in jobs)).total_seconds() if jobs else 0.0
print(
    "OUTCOME"
    + json.dumps(
        {
            "entrants": len(world["entrants"]),
            "entries": entries.count(),
            "submitted": submitted,
            "with_one_file": with_one_file,
            "duplicates": sum(n - 1 for n in per_lead)
            + sum(n - 1 for n in assets)
            + sum(n - 1 for n in events),
            "lost": len(world["entrants"]) - min(submitted, with_one_file),
            "asset_states": states,
            "media_jobs": {
                "finished": len(jobs),
                "wait_s_p50_p95": [_p(waits, 0.5), _p(waits, 0.95)],
                "run_s_p50_p95": [_p(runs, 0.5), _p(runs, 0.95)],
                "per_minute": round(len(jobs) / span * 60, 1) if span else 0.0,
            },
        }
    )
)
