"""The pledge wall ("Bức tường An toàn số") at city scale, on PostgreSQL: the wall page and its counts
endpoint with 100 and with 100,000 signatures.

Builds a throw-away test database (from DATABASE_URL's server, tables made from the models), seeds 100
signatures with bulk_create (50 schools in 10 wards, half with an approved message, a third showing a
name, a quarter of the pupils under 16), renders the wall page, a deep page of messages (keyset) and the
counts JSON N times with Django's test Client, then grows the wall to 100,000 signatures and does it again.
Prints the median server time and the query count of each; exits 1 if a query count grows with the wall.

    DATABASE_URL=postgres://root@127.0.0.1:5432/kmm_bench python bench/wall.py [--runs 30] [--big 100000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
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


def _schools():
    from contest.enums import SchoolLevel
    from contest.models import School

    return [
        School.objects.create(
            name=f"THCS Số {i} – Phường {i % 10}",
            level=SchoolLevel.THCS,
            ward=f"Phường {i % 10}",
            code=f"B-{i:03d}",
        )
        for i in range(50)
    ]


def _measure(client: Client, url: str, runs: int) -> tuple[float, int]:
    client.get(url)  # warm: first page ever drawn creates the settings rows
    times, counts = [], set()
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - start
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        times.append(elapsed)
        counts.add(len(queries))
    if len(counts) != 1:
        print(f"  note: {url} read {sorted(counts)} queries on identical requests; the largest is kept")
    return statistics.median(times) * 1000, max(counts)


def _round(client: Client, runs: int, label: str) -> dict[str, tuple[float, int]]:
    from pledges import selectors

    _first, cursor = selectors.wall_messages()
    deep = ""
    # A page far down the wall: the keyset cursor of the message 2,000 places (or the last page) back.
    for _ in range(100):
        _page, nxt = selectors.wall_messages(after=deep or cursor)
        if not nxt:
            break
        deep = nxt
    urls = {
        "wall": reverse("pledges:wall"),
        "wall, deep page": reverse("pledges:wall") + (f"?sau={deep or cursor}" if (deep or cursor) else ""),
        "counts JSON": reverse("pledges:counts"),
    }
    results = {}
    for name, url in urls.items():
        results[name] = _measure(client, url, runs)
        ms, queries = results[name]
        print(f"{label:>16}  {name:<16} median {ms:7.1f} ms  {queries:3d} queries")
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--big", type=int, default=100_000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("bench/wall.py measures PostgreSQL; set DATABASE_URL to a PostgreSQL server")
        return 2
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    # The maintenance switch is re-read from the database every few seconds on whatever request comes
    # then; that query belongs to no page, so the bench reads it once and not between its measurements.
    settings.MAINTENANCE_POLL_SECONDS = 24 * 3600
    _no_migrations()
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from pledges.defaults import ensure_default_commitments
        from tests.factories.pledges import bulk_sign

        ensure_default_commitments()
        schools = _schools()
        client = Client()
        start = time.perf_counter()
        bulk_sign(args.small, schools=schools, prefix="nho")
        print(f"seeded {args.small:,} signatures in {time.perf_counter() - start:.1f} s")
        small = _round(client, args.runs, f"{args.small:,} signatures")
        start = time.perf_counter()
        bulk_sign(args.big - args.small, schools=schools, prefix="lon")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"seeded {args.big - args.small:,} more signatures in {time.perf_counter() - start:.1f} s")
        big = _round(client, args.runs, f"{args.big:,} signatures")
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)
    grew = [name for name in small if big[name][1] > small[name][1]]
    summary = ", ".join(
        f"{name}: {small[name][0]:.1f} → {big[name][0]:.1f} ms, {small[name][1]} → {big[name][1]} queries"
        for name in small
    )
    print(f"wall {args.small:,} → {args.big:,} signatures: {summary}")
    if grew:
        print(f"FAIL: the query count grew for {', '.join(grew)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
