"""Publication benchmarks, one section per concern; helpers "publish" and "certs" add theirs.

Section "gallery": the public gallery page's server time and query count with 100 and with 10,000 public
works (the count must not grow), plus a work's page and its share image. Works are cheap synthetic ones
(one real small picture as every card's cover, consents and entries inserted in bulk); the pipeline is not
run. On a throw-away PostgreSQL test database built from the models.

    DATABASE_URL=postgres://root@127.0.0.1:5432/kmm_bench python bench/publish.py [--section gallery]
        [--small 100] [--large 10000] [--repeat 15]

The last line is a one-line summary.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
os.environ.setdefault("DATABASE_URL", "postgres://root@127.0.0.1:5432/kmm_bench")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402


def _no_migrations():
    from django.apps import apps

    settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}


def _local_storages(root: Path):
    settings.PUBLIC_MEDIA_ROOT = root / "public"
    settings.PRIVATE_MEDIA_ROOT = root / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root / "public", "base_url": "/media/"},
        },
        "private": {
            "BACKEND": "cms.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": root / "private", "base_url": None},
        },
    }
    from django.core.files.storage import storages

    storages._storages = {}
    storages.backends = settings.STORAGES


def measure(client: Client, url: str, repeat: int) -> tuple[float, float, int, int]:
    """(median ms, p95 ms, queries, status) of GET `url`, after one warm-up request."""
    client.get(url)
    times = []
    queries = status = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            times.append((time.perf_counter() - start) * 1000)
        queries, status = len(captured), response.status_code
    times.sort()
    slowest = max(captured.captured_queries, key=lambda q: float(q["time"]), default=None)
    if slowest is not None and os.environ.get("BENCH_SHOW_SLOWEST"):
        print(f"    slowest query of {url}: {float(slowest['time']) * 1000:.1f} ms {slowest['sql'][:160]}")
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)], queries, status


def gallery_section(*, small: int, large: int, repeat: int) -> str:
    from contest.enums import ContestKind, MediaKind
    from results.public_views import PAGE_SIZE
    from tests.factories import ContestFactory
    from tests.factories.gallery import bulk_public_works, public_work

    contest = ContestFactory(kind=ContestKind.DRAWING, accepted_media_kinds=[MediaKind.IMAGE.value])
    cover = public_work(contest=contest, title="Bàn tay ấm")
    client = Client()
    gallery = reverse("gallery:list")
    rows = []
    counts = {}
    for target in (small, large):
        missing = target - contest_total(contest)
        start = time.perf_counter()
        while missing > 0:
            batch = min(missing, 2000)
            bulk_public_works(contest=contest, count=batch, cover=cover)
            missing -= batch
        built = time.perf_counter() - start
        with connection.cursor() as cursor:  # as autovacuum would have, on a table that has been live
            cursor.execute("ANALYZE")
        pages = -(-target // PAGE_SIZE)
        for label, url in (
            ("gallery, page 1", gallery),
            (f"gallery, last page ({pages})", f"{gallery}?trang={pages}"),
            ("gallery, contest + prize", f"{gallery}?contest={contest.pk}&tier=first"),
            ("a work's page", reverse("gallery:entry", args=[cover.key])),
            ("its share image", reverse("gallery:share_image", args=[cover.key])),
        ):
            median, p95, queries, status = measure(client, url, repeat)
            assert status == 200, (url, status)
            rows.append((target, label, median, p95, queries))
            counts[(target, label.split(" (")[0])] = queries
        print(f"  built {target} works (+{built:.1f} s)", flush=True)
    print(f"{'works':>7}  {'page':<30} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for target, label, median, p95, queries in rows:
        print(f"{target:>7}  {label:<30} {median:>10.1f} {p95:>8.1f} {queries:>8}")
    grew = [label for (target, label), q in counts.items() if target == large and q != counts[(small, label)]]
    first_small = next(r for r in rows if r[0] == small and r[1] == "gallery, page 1")
    first_large = next(r for r in rows if r[0] == large and r[1] == "gallery, page 1")
    verdict = "constant" if not grew else f"GREW for {', '.join(grew)}"
    return (
        f"gallery: page 1 {first_small[2]:.0f} ms / {first_small[4]} queries at {small} works, "
        f"{first_large[2]:.0f} ms / {first_large[4]} queries at {large}; query count {verdict}"
    )


def contest_total(contest) -> int:
    from results.models import PublicEntry

    return PublicEntry.objects.filter(contest=contest).count()


SECTIONS = {"gallery": gallery_section}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--section", choices=sorted(SECTIONS), action="append")
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    _no_migrations()
    setup_test_environment()
    settings.DEBUG = False
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    summaries = []
    try:
        from tests.browser import ensure_wagtail_root

        ensure_wagtail_root()
        with tempfile.TemporaryDirectory(prefix="kmm-bench-publish-") as media:
            _local_storages(Path(media))
            for name in args.section or sorted(SECTIONS):
                print(f"== {name}", flush=True)
                summaries.append(SECTIONS[name](small=args.small, large=args.large, repeat=args.repeat))
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)
    print(" | ".join(summaries))
    return 0 if all("GREW" not in s for s in summaries) else 1


if __name__ == "__main__":
    sys.exit(main())
