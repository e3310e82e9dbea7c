"""Published results and public works for the gallery's tests and bench: real small pictures stored as
the pipeline stores renditions, published through results.public_files."""

import io
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone
from PIL import Image

from contest.enums import ContestKind, MediaKind, PrizeTier
from privacy.enums import ConsentPurpose
from results.enums import ResultState
from results.models import Award, ContestResult, PublicEntry
from results.public_files import publish_entry_files
from submissions.enums import AssetState, EntryState
from submissions.models import Entry, MediaAsset
from tests.factories import ContestFactory, EntrantFactory, SchoolFactory
from tests.factories.privacy import give_full_consent

ALL_PURPOSES = tuple(ConsentPurpose)


def published_result(contest) -> ContestResult:
    now = timezone.now()
    result, _created = ContestResult.objects.update_or_create(
        contest=contest,
        defaults={"state": ResultState.PUBLISHED, "cosigned_at": now, "published_at": now},
    )
    return result


def picture_bytes(*, width: int, height: int, fmt: str, color=(75, 47, 201)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, fmt)
    return out.getvalue()


def store_picture_renditions(asset: MediaAsset, widths=(480,)) -> None:
    """WebP and JPEG renditions of a plain picture, under the keys the pipeline uses."""
    renditions = []
    for width in widths:
        height = width * 3 // 4
        for fmt, ext, mime in (("WEBP", "webp", "image/webp"), ("JPEG", "jpg", "image/jpeg")):
            name = f"image_{width}.{ext}"
            key = f"renditions/{asset.upload_key}/{name}"
            storages["private"].save(key, ContentFile(picture_bytes(width=width, height=height, fmt=fmt)))
            renditions.append({"name": name, "mime": mime, "width": width, "height": height, "key": key})
    asset.renditions = renditions
    asset.state = AssetState.READY
    asset.save(update_fields=["renditions", "state"])


def drawing_entry(
    *, contest=None, entrant=None, state=EntryState.AWARDED, title="Bàn tay ấm", **kwargs
) -> Entry:
    """An awarded drawing with one ready picture (no pipeline: the renditions are made directly)."""
    contest = contest or ContestFactory(
        kind=ContestKind.DRAWING, accepted_media_kinds=[MediaKind.IMAGE.value]
    )
    entrant = entrant or EntrantFactory(
        full_name="Trần Thị Hạnh", school=SchoolFactory(name="THCS Nguyễn Du")
    )
    entry = Entry.objects.create(
        contest=contest,
        division=contest.divisions.first(),
        lead_entrant=entrant,
        code=f"KMM-DRW-{uuid.uuid4().hex[:6].upper()}",
        title=title,
        state=state,
        submitted_at=timezone.now(),
        consent_complete=True,
        **kwargs,
    )
    asset = MediaAsset.objects.create(
        entry=entry,
        kind=MediaKind.IMAGE,
        original=f"originals/{uuid.uuid4().hex}",
        original_name="tranh-cua-hanh.png",
        size=1,
        sha256=uuid.uuid4().hex,
    )
    store_picture_renditions(asset)
    return entry


def award(entry, *, tier=PrizeTier.FIRST, rank=1) -> Award:
    result = published_result(entry.contest)
    return Award.objects.create(
        result=result, entry=entry, division=entry.division, tier=tier, rank=rank, position=rank
    )


def public_work(*, contest=None, entrant=None, tier=PrizeTier.FIRST, rank=1, consent=ALL_PURPOSES, **kwargs):
    """A drawing that is public: consented, awarded, its result published and its files copied."""
    entry = drawing_entry(contest=contest, entrant=entrant, **kwargs)
    give_full_consent(entry.lead_entrant, purposes=consent)
    award(entry, tier=tier, rank=rank)
    return publish_entry_files(entry=entry)


def bulk_public_works(
    *, contest, count: int, tiers=tuple(PrizeTier), school=None, cover: PublicEntry | None = None
):
    """`count` public works of `contest` in a few bulk inserts (for query counts and the bench): consented
    pupils, entries, and public rows sharing one real cover picture."""
    from contest.models import User
    from privacy.enums import ConsentGiver, ConsentMethod
    from privacy.models import Consent

    published_result(contest)
    school = school or SchoolFactory(name="THPT Lê Quý Đôn")
    tag = uuid.uuid4().hex[:8]
    born = timezone.localdate().replace(year=timezone.localdate().year - 15, month=1, day=1)
    users = User.objects.bulk_create(
        [
            User(
                email=f"thu-vien-{tag}-{n}@khongmotminh.example",
                full_name=f"Nguyễn Thị Thư {n}",
                date_of_birth=born,
                school=school,
                school_status="confirmed",
                password="!",
            )
            for n in range(count)
        ]
    )
    now = timezone.now()
    Consent.objects.bulk_create(
        [
            Consent(
                subject=user,
                purpose=purpose,
                giver=giver,
                method=method,
                text_version="2025.1",
                text_shown="Đồng ý.",
                given_at=now,
            )
            for user in users
            for purpose in ALL_PURPOSES
            for giver, method in (
                (ConsentGiver.ENTRANT, ConsentMethod.ACCOUNT),
                (ConsentGiver.GUARDIAN, ConsentMethod.GUARDIAN_LINK),
            )
        ]
    )
    division = contest.divisions.first()
    entries = Entry.objects.bulk_create(
        [
            Entry(
                contest=contest,
                division=division,
                lead_entrant=user,
                code=f"KMM-{tag}-{n:05d}",
                title=f"Tác phẩm số {n}",
                state=EntryState.AWARDED,
                submitted_at=now,
                consent_complete=True,
            )
            for n, user in enumerate(users)
        ]
    )
    cover_fields = {}
    if cover is not None:
        cover_fields = {
            "cover_key": cover.cover_key,
            "cover_width": cover.cover_width,
            "cover_height": cover.cover_height,
        }
    return PublicEntry.objects.bulk_create(
        [
            PublicEntry(
                entry=entry,
                key=f"{tag}{n:06d}",
                contest=contest,
                division=division,
                tier=tiers[n % len(tiers)],
                tier_order=list(PrizeTier).index(tiers[n % len(tiers)]),
                rank=n + 1,
                title=entry.title,
                **cover_fields,
            )
            for n, entry in enumerate(entries)
        ]
    )
