"""Certificates at city scale, on PostgreSQL: issuing them for a published result and drawing them all.

Builds a throw-away test database (from DATABASE_URL's server, tables made from the models) with one contest
whose 5,000 pupils (one school, the worst case for a coordinator's ZIP) each have a judged entry, 5 % of
them a prize, and a template with a background picture and a signature image. Then times
  - `issue_certificates` (rows and codes; then again, to show it is idempotent),
  - the coordinator's ZIP of every certificate, through the real view, streamed: certificates per second,
    and the process's memory (current and peak RSS) after 1,000 and after all certificates.

    DATABASE_URL=postgres://root@127.0.0.1:5432/kmm_bench python bench/certificates.py [--pupils 5000]

The last line is a one-line summary.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import sys
import time
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
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

UNUSABLE = "!"
GOAL_SECONDS = 300


def _no_migrations():
    from django.apps import apps

    settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}


def _rss_mib() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _jpeg(size, colour) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    for i in range(0, size[0], 40):
        draw.line([(i, 0), (size[0] - i, size[1])], fill=(230, 220, 250), width=3)
    draw.rectangle([30, 30, size[0] - 30, size[1] - 30], outline=(60, 40, 140), width=12)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90)
    return out.getvalue()


def _signature_png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).line(
        [(20, 150), (200, 40), (320, 160), (580, 50)], fill=(20, 20, 120, 255), width=8
    )
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def build(*, pupils: int):
    from django.core.files.base import ContentFile
    from django.core.files.images import ImageFile
    from wagtail.images.models import Image as WagtailImage
    from wagtail.models import Collection

    from certificates.models import CertificateSignature, CertificateTemplate
    from contest.enums import ContestKind, PrizeTier, Role, SchoolClaim, SchoolLevel
    from contest.models import Campaign, Contest, Division, School, User
    from results.enums import ResultState
    from results.models import Award, ContestResult
    from submissions.enums import EntryState
    from submissions.models import Entry

    now = timezone.now()
    campaign = Campaign.objects.create(
        name="Không một mình – Cùng nhau an toàn trực tuyến",
        slug="bench",
        code="KMM",
        starts_on=date.today(),
        ends_on=date.today() + timedelta(days=90),
    )
    division = Division.objects.create(campaign=campaign, name="Bảng THCS", min_age=11, max_age=15)
    contest = Contest.objects.create(
        campaign=campaign,
        kind=ContestKind.DRAWING,
        title="Tranh vẽ “Không một mình” – Cảnh giác lừa đảo trực tuyến",
        slug="tranh-ve",
        code="DRW",
        accepted_media_kinds=["image"],
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=30),
    )
    contest.divisions.set([division])
    school = School.objects.create(
        name="THCS Nguyễn Trường Tộ", level=SchoolLevel.THCS, ward="Ô Chợ Dừa", code="B1"
    )
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
    middle = ["Thị Ngọc", "Văn", "Thị Mỹ", "Hữu", "Thị Ỷ", "Đức", "Thị Ẵm", "Quốc"]
    given = ["Huyền", "Ậu", "Ữu", "Khuê", "Tộ", "Mỹ", "Ỹ", "Phượng", "Trân", "Duyên"]
    users = User.objects.bulk_create(
        [
            User(
                email=f"hs{i}@bench.example",
                password=UNUSABLE,
                full_name=f"{family[i % 12]} {middle[i % 8]} {given[i % 10]}",
                role=Role.ENTRANT,
                school=school,
                school_status=SchoolClaim.CONFIRMED,
                date_of_birth=date(2012, 1, 1),
            )
            for i in range(pupils)
        ],
        batch_size=2000,
    )
    coordinator = User.objects.create(
        email="gv@bench.example", password=UNUSABLE, role=Role.COORDINATOR, school=school, full_name="Cô Lan"
    )
    winners = max(1, pupils // 20)
    entries = Entry.objects.bulk_create(
        [
            Entry(
                contest=contest,
                division=division,
                lead_entrant=user,
                code=f"KMM-DRW-{i:05d}",
                state=EntryState.AWARDED if i < winners else EntryState.NOT_AWARDED,
                submitted_at=now - timedelta(days=40),
                consent_complete=True,
            )
            for i, user in enumerate(users)
        ],
        batch_size=2000,
    )
    result = ContestResult.objects.create(
        contest=contest, state=ResultState.PUBLISHED, cosigned_at=now, published_at=now
    )
    tiers = [PrizeTier.FIRST, PrizeTier.SECOND, PrizeTier.THIRD] + [PrizeTier.COMMENDATION] * 20
    Award.objects.bulk_create(
        [
            Award(
                result=result,
                entry=entry,
                division=division,
                tier=tiers[i % len(tiers)],
                rank=i + 1,
                position=i + 1,
            )
            for i, entry in enumerate(entries[:winners])
        ]
    )
    template = CertificateTemplate.objects.create(name="Mẫu chung", contest=None)
    template.background_upload.save("nen.jpg", ContentFile(_jpeg((2480, 1754), (252, 248, 240))), save=True)
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    signature = WagtailImage(title="Chữ ký")
    signature.file = ImageFile(io.BytesIO(_signature_png()), name="chu-ky.png")
    signature.save()
    CertificateSignature.objects.create(
        template=template, name="Trần Văn Ẩn", title="Trưởng ban tổ chức", image=signature, sort_order=0
    )
    return result, coordinator


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pupils", type=int, default=5000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("needs PostgreSQL (DATABASE_URL)")
        return 2
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    _no_migrations()
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from certificates.models import Certificate
        from certificates.services import issue_certificates

        started = time.perf_counter()
        result, coordinator = build(pupils=args.pupils)
        print(f"load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(f"built {args.pupils} pupils with judged entries in {time.perf_counter() - started:.1f} s")

        started = time.perf_counter()
        counts = issue_certificates(result=result, actor=None)
        issue_seconds = time.perf_counter() - started
        total = Certificate.objects.count()
        print(f"issue_certificates: {counts['issued']} certificates in {issue_seconds:.2f} s")
        started = time.perf_counter()
        again = issue_certificates(result=result, actor=None)
        print(f"issue again (idempotent): {again} in {time.perf_counter() - started:.2f} s")

        client = Client()
        client.force_login(coordinator)
        print(f"RSS before drawing: {_rss_mib():.0f} MiB (peak so far {_peak_mib():.0f} MiB)")
        started = time.perf_counter()
        cpu_started = _cpu_seconds()
        response = client.get(reverse("certificates:school_zip"))
        assert response.status_code == 200, response.status_code
        assert response.streaming
        size = 0
        checkpoints = {1000, total}
        for drawn, chunk in enumerate(response.streaming_content, start=1):
            size += len(chunk)
            if drawn in checkpoints:
                elapsed = time.perf_counter() - started
                cpu = _cpu_seconds() - cpu_started
                print(
                    f"after {drawn:>5} certificates: {elapsed:6.1f} s wall, {drawn / elapsed:5.1f}/s; "
                    f"{cpu:6.1f} s CPU of this process, {drawn / cpu:5.1f}/s per core; "
                    f"RSS {_rss_mib():.0f} MiB, peak RSS {_peak_mib():.0f} MiB, ZIP {size / 2**20:.0f} MiB so far"
                )
        elapsed = time.perf_counter() - started
        cpu = _cpu_seconds() - cpu_started
        rate = total / elapsed
        print(
            f"SUMMARY certificates: {total} for {args.pupils} pupils drawn and zipped in {elapsed:.0f} s "
            f"({rate:.1f}/s; goal {GOAL_SECONDS} s: {'met' if elapsed < GOAL_SECONDS else 'MISSED'}; "
            f"{cpu:.0f} s CPU, {total / cpu:.1f}/s per core), "
            f"issue {issue_seconds:.1f} s, peak RSS {_peak_mib():.0f} MiB, ZIP {size / 2**20:.0f} MiB"
        )
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
