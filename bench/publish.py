"""Publication at city scale, on PostgreSQL.

Section "publication": a contest with 2,000 awarded entries (one small real WebP rendition each, in a
temporary store) is published: draft pages in both languages submitted to the workflow, the head of the
organising board approves both pages (go-live copies every entry's rendition to the public store), the
publication is run again (nothing new: no page, file or purge), the results and gallery pages are drawn
(queries counted) and one winner's consent is withdrawn (takedown and purge).

Section "gallery": the public gallery page's server time and query count with 100 and with 10,000 public
works (the count must not grow), plus a work's page and its share image. Works are cheap synthetic ones
(one real small picture as every card's cover, consents and entries inserted in bulk); the pipeline is not
run.

Section "certificates": bench/certificates.py in its own process — 5,000 pupils' certificates issued and
drawn into their school's ZIP: certificates per second and memory after 1,000 and after all.

    DATABASE_URL=postgres://root@127.0.0.1:5432/kmm_bench python bench/publish.py [--entries 2000]
        [--section publication|gallery|certificates ...] [--small 100] [--large 10000] [--repeat 15]
        [--pupils 5000]

The last line is a one-line summary.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
os.environ.setdefault("DATABASE_URL", "postgres://root@127.0.0.1:5432/kmm_bench")

import django

django.setup()

from datetime import date, timedelta  # noqa: E402

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

UNUSABLE = "!"


def _no_migrations():
    from django.apps import apps

    settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}


def _stores(root: Path) -> None:
    """Temporary stores, tasks run as they are enqueued, a CDN that records (signals sent, as in tests)."""
    storages_setting = {
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
    override_settings(
        STORAGES=storages_setting,
        TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
        WAGTAILFRONTENDCACHE={"cdn": {"BACKEND": "cms.frontend_cache.RecordingBackend"}},
    ).enable()


def _site():
    from wagtail.models import Locale, Page

    vi, _ = Locale.objects.get_or_create(language_code="vi")
    Locale.objects.get_or_create(language_code="en")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=vi))


def _webp() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (96, 72), (90, 60, 200)).save(buffer, format="WEBP")
    return buffer.getvalue()


def build(*, n_entries: int):
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    from cms.demo import load_demo
    from contest.enums import ContestKind, MediaKind, PrizeTier, Role
    from contest.models import Campaign, Contest, Division, School, User
    from privacy.enums import ConsentGiver, ConsentMethod, ConsentPurpose
    from privacy.models import Consent
    from results.enums import ResultState
    from results.models import Award, ContestResult
    from submissions.enums import AssetState
    from submissions.models import Entry, MediaAsset
    from tests.factories.publication import contest_page

    load_demo()
    now = timezone.now()
    campaign = Campaign.objects.get(slug="khong-mot-minh")
    division = Division.objects.create(campaign=campaign, name="Bảng bench", min_age=15, max_age=24)
    contest = Contest.objects.create(
        campaign=campaign,
        kind=ContestKind.DRAWING,
        title="Tranh vẽ bench",
        title_en="Drawing bench",
        slug="tranh-ve-bench",
        code="BNCH",
        accepted_media_kinds=[MediaKind.IMAGE],
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(days=1),
    )
    contest.divisions.set([division])
    contest_page(contest)
    school = School.objects.create(name="THPT Bench", level="thpt", ward="Phường 1", code="BENCH-1")
    born = date.today().replace(year=date.today().year - 17)
    pupils = User.objects.bulk_create(
        [
            User(
                email=f"pupil{i}@bench.example",
                full_name=f"Nguyễn Thị Bench {i}",
                role=Role.ENTRANT,
                password=UNUSABLE,
                school=school,
                date_of_birth=born,
            )
            for i in range(n_entries)
        ],
        batch_size=2000,
    )
    Consent.objects.bulk_create(
        [
            Consent(
                subject=pupil,
                purpose=purpose,
                giver=ConsentGiver.ENTRANT,
                method=ConsentMethod.ACCOUNT,
                text_version="bench",
                text_shown="bench",
                given_at=now,
            )
            for pupil in pupils
            for purpose in ConsentPurpose
        ],
        batch_size=5000,
    )
    entries = Entry.objects.bulk_create(
        [
            Entry(
                contest=contest,
                division=division,
                lead_entrant=pupil,
                code=f"KMM-BNCH-{i:05d}",
                title=f"Tác phẩm {i}",
                state="awarded",
                consent_complete=True,
                submitted_at=now,
                version=1,
            )
            for i, pupil in enumerate(pupils)
        ],
        batch_size=2000,
    )
    data = _webp()
    private = storages["private"]
    assets = []
    for entry in entries:
        upload_key = uuid.uuid4()
        key = f"renditions/{upload_key}/image_640.webp"
        private.save(key, ContentFile(data))
        assets.append(
            MediaAsset(
                entry=entry,
                kind=MediaKind.IMAGE,
                original=key,
                size=len(data),
                sha256=upload_key.hex,
                upload_key=upload_key,
                state=AssetState.READY,
                renditions=[
                    {"name": "image_640.webp", "mime": "image/webp", "width": 96, "height": 72, "key": key}
                ],
            )
        )
    MediaAsset.objects.bulk_create(assets, batch_size=2000)
    result = ContestResult.objects.create(contest=contest, state=ResultState.COSIGNED, cosigned_at=now)
    tiers = [PrizeTier.FIRST, PrizeTier.SECOND, PrizeTier.THIRD, PrizeTier.COMMENDATION]
    Award.objects.bulk_create(
        [
            Award(
                result=result,
                entry=entry,
                division=division,
                tier=tiers[min(i, 3)],
                position=i + 1,
                rank=i + 1,
            )
            for i, entry in enumerate(entries)
        ],
        batch_size=2000,
    )
    return result, entries


def _draw(client: Client, url: str) -> tuple[float, int, int]:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(queries), len(response.content)


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--section", choices=["publication", "gallery", "certificates"], action="append")
    parser.add_argument("--pupils", type=int, default=5000, help="certificates: pupils with a judged entry")
    parser.add_argument("--small", type=int, default=100, help="gallery: works in the first measure")
    parser.add_argument("--large", type=int, default=10_000, help="gallery: works in the second")
    parser.add_argument("--repeat", type=int, default=15, help="gallery: requests timed per page")
    args = parser.parse_args()
    sections = args.section or ["publication", "gallery", "certificates"]
    if connection.vendor != "postgresql":
        print("publish: needs PostgreSQL (set DATABASE_URL)")
        return 2

    _no_migrations()
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    media = Path(tempfile.mkdtemp(prefix="kmm-bench-publish-"))
    _stores(media)
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from cms.frontend_cache import RecordingBackend
        from privacy.enums import ConsentPurpose
        from privacy.services.consent import set_own_consents
        from results.models import PublicFile, PurgeRequest
        from results.services.publication import publish_contest_results
        from tests.factories import OrganiserFactory
        from tests.factories.publication import approve_page, head_of_board

        if "publication" in sections:
            print("== publication")
            _site()
            started = time.perf_counter()
            result, entries = build(n_entries=args.entries)
            print(
                f"setup: {args.entries} awarded entries with one rendition each in {time.perf_counter() - started:.1f} s"
            )
            organiser, boss = OrganiserFactory(), head_of_board()

            started = time.perf_counter()
            pages = publish_contest_results(result=result, actor=organiser)
            draft_s = time.perf_counter() - started
            print(f"drafts: {len(pages)} pages (vi + en) submitted for approval in {draft_s:.2f} s")

            RecordingBackend.reset()
            started = time.perf_counter()
            approve_page(pages["results"], boss)
            approve_page(pages["gallery"], boss)
            live_s = time.perf_counter() - started
            files = PublicFile.objects.count()
            print(
                f"approval → live: 4 pages live, {files} files copied to the public store in {live_s:.2f} s "
                f"({files / live_s:.0f} files/s); {len(RecordingBackend.purged)} URLs purged by the go-live"
            )

            purged_before, revisions_before = len(RecordingBackend.purged), PurgeRequest.objects.count()
            started = time.perf_counter()
            publish_contest_results(result=result, actor=organiser)
            rerun_s = time.perf_counter() - started
            print(
                f"re-run: {PublicFile.objects.count() - files} new files, "
                f"{len(RecordingBackend.purged) - purged_before} URLs purged, "
                f"{PurgeRequest.objects.count() - revisions_before} purge requests in {rerun_s:.2f} s"
            )

            client = Client()
            results_s, results_q, results_bytes = _draw(client, "/cuoc-thi/tranh-ve-bench/ket-qua/")
            gallery_s, gallery_q, _gallery_bytes = _draw(
                client, "/cuoc-thi/tranh-ve-bench/thu-vien-tac-pham/"
            )
            print(
                f"results page ({args.entries} winners): {results_s * 1000:.0f} ms, {results_q} queries, "
                f"{results_bytes // 1024} KiB; gallery page (first 24): {gallery_s * 1000:.0f} ms, {gallery_q} queries"
            )

            RecordingBackend.reset()
            pupil = entries[0].lead_entrant
            started = time.perf_counter()
            set_own_consents(entrant=pupil, purposes=[ConsentPurpose.PARTICIPATION], actor=pupil)
            takedown_s = time.perf_counter() - started
            print(
                f"takedown: one winner's consent withdrawn → files removed, {len(RecordingBackend.purged)} URLs "
                f"purged in {takedown_s:.2f} s"
            )
            print(
                f"SUMMARY publication: {args.entries} entries; drafts {draft_s:.1f} s; go-live with {files} file "
                f"copies {live_s:.1f} s; re-run {rerun_s:.1f} s (no new file or purge); results page "
                f"{results_s * 1000:.0f} ms / {results_q} queries; takedown {takedown_s:.2f} s"
            )
        if "gallery" in sections:
            print("== gallery", flush=True)
            summary = gallery_section(small=args.small, large=args.large, repeat=args.repeat)
            print(f"SUMMARY {summary}")
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)
        shutil.rmtree(media, ignore_errors=True)
    if "certificates" in sections:
        # Its own process and throw-away database, so its memory figures are the certificates' alone.
        print("== certificates", flush=True)
        bench = Path(__file__).resolve().parent / "certificates.py"
        subprocess.run([sys.executable, str(bench), "--pupils", str(args.pupils)], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
