"""Copies of an entry's scrubbed renditions in the public store, and their removal.

Only renditions the pipeline made are copied (never an original, never the essay's PDF, which keeps what
screening may have edited out of the text), and where screening blurred a picture, the blurred copy is the
one that goes public. Each copy gets a random key in the `default` store, so nothing about the entry or the
pupil can be read or guessed from its address."""

from __future__ import annotations

import logging
import re
import secrets

from django.core.files import File
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone

from contest.enums import PRIZE_TIER_ORDER, MediaKind
from results.credits import work_may_be_public
from submissions.enums import AssetState
from submissions.models import Entry, MediaAsset
from submissions.selectors.identity import judge_renditions, judge_version

logger = logging.getLogger(__name__)

# Rendition names as the pipeline writes them → their role on the public page.
_ROLES: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"^video_\d{3,4}\.mp4$"), "video"),
    (re.compile(r"^poster\.jpg$"), "poster"),
    (re.compile(r"^audio\.m4a$"), "audio"),
    (re.compile(r"^waveform\.png$"), "waveform"),
    (re.compile(r"^image_\d{1,5}\.(webp|jpg)$"), "image"),
    (re.compile(r"^page_\d{1,4}\.(webp|jpg|png)$"), "page"),
)
EXTENSIONS = {
    "video/mp4": "mp4",
    "audio/mp4": "m4a",
    "image/jpeg": "jpg",
    "image/webp": "webp",
    "image/png": "png",
}
PREFIX = "cong-khai"


def public_role(rendition: dict) -> str | None:
    name = rendition.get("name", "")
    if rendition.get("mime") not in EXTENSIONS or not rendition.get("key"):
        return None
    for pattern, role in _ROLES:
        if pattern.match(name):
            return role
    return None


def public_storage():
    return storages["default"]


def _award_facts(entry) -> tuple[str, int | None]:
    from results.models import Award

    award = Award.objects.filter(entry=entry).first()
    if award is None:
        return "", None
    return award.tier or "", award.rank


def _public_text(entry, version, assets) -> str:
    """The words to read on the page: the screened text of every file that has one, or the typed essay."""
    texts = [version.file_texts[asset.pk] for asset in assets if asset.pk in version.file_texts]
    if MediaKind.TEXT in (entry.contest.accepted_media_kinds or []) and version.text.strip():
        texts.insert(0, version.text)
    return "\n\n".join(t.strip() for t in texts if t and t.strip())


def _cover(files) -> tuple[str, int | None, int | None]:
    """The picture for a gallery card: a poster, the smallest picture, the first page, a waveform."""
    for role in ("poster", "image", "page", "waveform"):
        candidates = [f for f in files if f.role == role and (role != "image" or f.mime == "image/webp")]
        if candidates:
            best = min(candidates, key=lambda f: (f.position, f.width or 0, f.name))
            return best.key, best.width, best.height
    return "", None, None


def _copy(source_key: str, mime: str) -> tuple[str, int]:
    key = f"{PREFIX}/{secrets.token_urlsafe(24)}.{EXTENSIONS[mime]}"
    with storages["private"].open(source_key, "rb") as handle:
        content = File(handle, name=key.rsplit("/", 1)[1])
        content.content_type = mime
        saved = public_storage().save(key, content)
    return saved, public_storage().size(saved)


def _delete_on_commit(keys: list[str]) -> None:
    def delete():
        storage = public_storage()
        for key in keys:
            try:
                storage.delete(key)
            except OSError:  # a file already gone is what we wanted
                logger.warning("public file %s could not be deleted", key)

    transaction.on_commit(delete)


@transaction.atomic
def publish_entry_files(*, entry: Entry):
    """Puts `entry` in the galleries: copies its scrubbed renditions (the blurred ones where screening
    blurred) to the public store and records them with a public key. Idempotent: files already copied are
    kept, renditions that disappeared are removed. Returns the PublicEntry, or None (after removing any
    public files) when consents do not allow the work to be public. Publishing the results is the
    caller's job: nothing is listed before the contest's results are published."""
    from results.models import PublicEntry, PublicFile

    entry = Entry.objects.select_for_update().select_related("contest").get(pk=entry.pk)
    if not work_may_be_public(entry=entry):
        remove_public_files(entry=entry)
        return None
    version = judge_version(entry=entry)
    assets = list(MediaAsset.objects.filter(entry=entry, state=AssetState.READY).order_by("position"))
    tier, rank = _award_facts(entry)
    public, _created = PublicEntry.objects.get_or_create(
        entry=entry,
        defaults={"key": secrets.token_urlsafe(12), "contest_id": entry.contest_id},
    )
    public.contest_id = entry.contest_id
    public.division_id = entry.division_id
    public.tier, public.rank = tier, rank
    public.tier_order = PRIZE_TIER_ORDER.index(tier) if tier in PRIZE_TIER_ORDER else len(PRIZE_TIER_ORDER)
    public.title = version.title or ""
    public.text = _public_text(entry, version, assets)
    existing = {(f.position, f.name): f for f in public.files.all()}
    wanted = set()
    copied: list[str] = []
    try:
        for asset in assets:
            for rendition in judge_renditions(asset=asset, version=version):
                role = public_role(rendition) if isinstance(rendition, dict) else None
                if role is None:
                    continue
                wanted.add((asset.position, rendition["name"]))
                if (asset.position, rendition["name"]) in existing:
                    continue
                key, size = _copy(rendition["key"], rendition["mime"])
                copied.append(key)
                PublicFile.objects.create(
                    public_entry=public,
                    position=asset.position,
                    name=rendition["name"],
                    role=role,
                    key=key,
                    mime=rendition["mime"],
                    width=rendition.get("width"),
                    height=rendition.get("height"),
                    duration=rendition.get("duration"),
                    size=size,
                )
    except BaseException:
        for key in copied:
            public_storage().delete(key)
        raise
    stale = [f for ident, f in existing.items() if ident not in wanted]
    if stale:
        PublicFile.objects.filter(pk__in=[f.pk for f in stale]).delete()
        _delete_on_commit([f.key for f in stale])
    public.cover_key, public.cover_width, public.cover_height = _cover(list(public.files.all()))
    public.published_at = public.published_at or timezone.now()
    public.save()
    return public


@transaction.atomic
def remove_public_files(*, entry: Entry) -> list[str]:
    """Takes `entry` out of every gallery: its public row goes now, its public files once that has
    committed (a rolled-back takedown leaves nothing dangling). Idempotent. Returns the public URLs of the
    files removed, for the CDN to forget."""
    from results.models import PublicEntry, PublicFile

    keys = list(PublicFile.objects.filter(public_entry__entry_id=entry.pk).values_list("key", flat=True))
    PublicEntry.objects.filter(entry_id=entry.pk).delete()
    if keys:
        _delete_on_commit(keys)
    return [public_storage().url(key) for key in keys]
