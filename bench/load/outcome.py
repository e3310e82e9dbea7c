"""Run inside `manage.py shell` of the target after the rush: what the database holds for the rush's contest."""

import json
import os

from django.db.models import Count

from submissions.models import Entry, EntryEvent, MediaAsset

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
        }
    )
)
