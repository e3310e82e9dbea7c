"""Every write to recaps: choosing clips, queueing a render, the render job itself (claimed under a lock,
beating and reporting progress, finalised once), and marking recaps stale when a clip leaves the public
wall — in which case the published video is taken down at once and rendered again without the clip."""

from __future__ import annotations

import logging
import shutil
import tempfile
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage, storages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from challenges.enums import ClipState
from challenges.models import Clip
from contest.errors import DomainError, InvalidTransition
from recaps import selectors
from recaps.enums import BUSY_STATES, RECAP_TRANSITIONS, RecapState
from recaps.models import Recap, RecapEvent, RecapItem
from submissions.media.errors import MediaFailed, MediaRejected
from submissions.media.render import recap as render
from submissions.services.processing import worker_name

logger = logging.getLogger(__name__)

MAX_CLIPS = 200
PROGRESS_EVERY_SECONDS = 1.0
STALE_AFTER = timedelta(minutes=10)


def move_recap(recap: Recap, to: str, *, actor=None, reason: str = "") -> None:
    """Checks the table, sets the state and writes the audit row; the caller holds the lock and saves."""
    if to not in RECAP_TRANSITIONS[recap.state]:
        raise InvalidTransition(_("Không thể chuyển video tổng hợp từ “%(from)s” sang “%(to)s”.")
                                % {"from": RecapState(recap.state).label, "to": RecapState(to).label})  # fmt: skip
    RecapEvent.objects.create(
        recap=recap, actor=actor, from_state=recap.state, to_state=to, reason=reason[:2000]
    )
    recap.state = to


def _lock(recap_id: int) -> Recap:
    return Recap.objects.select_for_update().get(pk=recap_id)


@transaction.atomic
def set_recap_clips(*, recap: Recap, clip_ids: list[int], actor) -> Recap:
    """The organiser's choice, in order. Only approved clips of the recap's challenge; each once."""
    locked = _lock(recap.pk)
    if len(clip_ids) != len(set(clip_ids)):
        raise DomainError(_("Mỗi clip chỉ được chọn một lần."))
    if len(clip_ids) > MAX_CLIPS:
        raise DomainError(_("Một video tổng hợp có tối đa %(n)s clip.") % {"n": MAX_CLIPS})
    found = set(
        Clip.objects.filter(
            pk__in=clip_ids, challenge_id=locked.challenge_id, state=ClipState.APPROVED
        ).values_list("pk", flat=True)
    )
    if found != set(clip_ids):
        raise DomainError(_("Chỉ chọn được các clip đã duyệt của thử thách này."))
    RecapItem.objects.filter(recap=locked).delete()
    RecapItem.objects.bulk_create(
        [RecapItem(recap=locked, clip_id=pk, position=index) for index, pk in enumerate(clip_ids, start=1)]
    )
    locked.save(update_fields=["updated_at"])
    return locked


def _enqueue(recap_id: int, token: uuid.UUID) -> None:
    from recaps.tasks import render_recap

    render_recap.enqueue(recap_id=recap_id, token=str(token))


@transaction.atomic
def queue_render(*, recap: Recap, actor=None, reason: str = "") -> Recap:
    """Asks for a (new) render; any render already running for it is superseded."""
    locked = _lock(recap.pk)
    move_recap(locked, RecapState.QUEUED, actor=actor, reason=reason)
    _requeue(locked)
    return locked


def _requeue(locked: Recap) -> None:
    locked.render_token = uuid.uuid4()
    locked.progress = 0
    locked.error = ""
    locked.save()
    recap_id, token = locked.pk, locked.render_token
    transaction.on_commit(lambda: _enqueue(recap_id, token))


def _take_down(locked: Recap) -> None:
    """The public video and poster go away (after commit); the row forgets them now."""
    keys = [name for name in (locked.video.name, locked.poster.name) if name]
    locked.video = ""
    locked.poster = ""
    locked.duration_seconds = None
    locked.rendered_clip_ids = []
    transaction.on_commit(lambda: [default_storage.delete(key) for key in keys])


@transaction.atomic
def mark_stale_for_clip(*, clip_id: int, reason: str) -> list[int]:
    """A clip may no longer be shown: every recap that shows it, or is rendering now, is marked stale,
    its video taken down, and rendered again without the clip. Idempotent."""
    candidates = (
        Recap.objects.exclude(state=RecapState.DRAFT)
        .order_by("pk")
        .values_list("pk", "state", "rendered_clip_ids")
    )
    touched = []
    for pk, state, rendered in candidates:
        if clip_id not in (rendered or []) and state != RecapState.RENDERING:
            continue
        locked = _lock(pk)
        if clip_id not in (locked.rendered_clip_ids or []) and locked.state != RecapState.RENDERING:
            continue
        move_recap(locked, RecapState.STALE, reason=f"clip {clip_id}: {reason}")
        _take_down(locked)
        move_recap(locked, RecapState.QUEUED, reason=f"clip {clip_id}: {reason}")
        _requeue(locked)
        touched.append(pk)
    return touched


# --- the render job ---------------------------------------------------------------------------------


@transaction.atomic
def _claim(recap_id: int, token: str, worker: str) -> Recap | None:
    locked = Recap.objects.select_for_update().filter(pk=recap_id).first()
    if locked is None or str(locked.render_token) != token or locked.state != RecapState.QUEUED:
        return None
    move_recap(locked, RecapState.RENDERING)
    locked.attempts += 1
    locked.worker = worker
    locked.heartbeat_at = timezone.now()
    locked.progress = 0
    locked.save()
    return locked


def render_recap(*, recap_id: int, token: str) -> str:
    """Renders one recap (the task's body). Returns ready, failed, superseded or skipped."""
    worker = worker_name()
    recap = _claim(recap_id, token, worker)
    if recap is None:
        return "skipped"
    work_dir = Path(tempfile.mkdtemp(prefix="kmm-recap-"))
    try:
        walls = selectors.usable_clips(recap=recap)
        if not walls:
            return _fail(recap_id, token, _("Chưa có clip nào đã duyệt và được phép hiển thị công khai."))
        clips = []
        for wall in walls:
            local = work_dir / f"clip-{wall.pk}.mp4"
            _copy(storages["private"], wall.clip.rendition(selectors.RENDITION)["key"], local)
            clips.append(render.probe_clip(local, credit=wall.credit))
        spec = render.RecapSpec(
            title=recap.title,
            end_text=recap.end_text,
            shape=render.Shape(recap.shape),
            logo=_local_file(recap.logo.file if recap.logo else None, work_dir / "logo-source"),
            music=_local_file(recap.music.file if recap.music else None, work_dir / "music-source"),
            crossfade=float(recap.crossfade),
            short_side=getattr(settings, "RECAP_SHORT_SIDE", 1080),
        )
        result = render.render_recap(
            clips, spec, work_dir / "out", work_dir / "work", on_progress=_progress_writer(recap_id, token)
        )
        keys = _store(recap_id, token, result)
        return _finish(recap_id, token, keys, result.duration, [w.pk for w in walls])
    except MediaRejected as rejected:
        return _fail(recap_id, token, _("Một tệp (clip, logo hoặc nhạc nền) không đọc được: %(why)s")
                     % {"why": rejected.reason})  # fmt: skip
    except (MediaFailed, OSError, ValueError) as failure:
        logger.exception("recap %s failed", recap_id)
        return _fail(recap_id, token, str(getattr(failure, "detail", failure))[:2000])
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)


def _copy(storage, key: str, target: Path) -> None:
    with storage.open(key, "rb") as stored, open(target, "wb") as local:
        shutil.copyfileobj(stored, local, 1024 * 1024)


def _local_file(field_file, target: Path) -> Path | None:
    if not field_file:
        return None
    with field_file.open("rb") as stored, open(target, "wb") as local:
        shutil.copyfileobj(stored, local, 1024 * 1024)
    return target


def _progress_writer(recap_id: int, token: str):
    last = [0.0, -1]

    def write(percent: float) -> None:
        now = timezone.now().timestamp()
        whole = int(percent)
        if whole == last[1] or (now - last[0] < PROGRESS_EVERY_SECONDS and whole < 100):
            return
        last[:] = [now, whole]
        Recap.objects.filter(pk=recap_id, render_token=token, state=RecapState.RENDERING).update(
            progress=min(whole, 99), heartbeat_at=timezone.now()
        )

    return write


def _store(recap_id: int, token: str, result) -> tuple[str, str]:
    """Public files under keys fixed by the render (a retry of the same render overwrites them)."""
    keys = []
    for source, name in ((result.video, "recap.mp4"), (result.poster, "poster.jpg")):
        key = f"recaps/{recap_id}/{token}/{name}"
        if default_storage.exists(key):
            default_storage.delete(key)
        with open(source, "rb") as handle:
            saved = default_storage.save(key, File(handle, name=name))
        if saved != key:
            raise MediaFailed(f"storage renamed {key} to {saved}")
        keys.append(key)
    return keys[0], keys[1]


@transaction.atomic
def _finish(recap_id: int, token: str, keys: tuple[str, str], duration: float, clip_ids: list[int]) -> str:
    locked = _lock(recap_id)
    if str(locked.render_token) != token or locked.state != RecapState.RENDERING:
        transaction.on_commit(lambda: [default_storage.delete(key) for key in keys])
        return "superseded"
    _take_down(locked)
    move_recap(locked, RecapState.READY)
    locked.video, locked.poster = keys
    locked.duration_seconds = duration
    locked.rendered_clip_ids = clip_ids
    locked.rendered_at = timezone.now()
    locked.progress = 100
    locked.save()
    return "ready"


@transaction.atomic
def _fail(recap_id: int, token: str, detail: str) -> str:
    locked = _lock(recap_id)
    if str(locked.render_token) != token or locked.state != RecapState.RENDERING:
        return "superseded"
    move_recap(locked, RecapState.FAILED, reason=detail)
    locked.error = detail
    locked.save()
    return "failed"


def reap_stale_renders(*, now=None) -> list[int]:
    """Renders whose worker stopped beating are queued again (a new token: a late finish is ignored)."""
    limit = (now or timezone.now()) - STALE_AFTER
    requeued = []
    for pk in Recap.objects.filter(state=RecapState.RENDERING, heartbeat_at__lt=limit).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            locked = _lock(pk)
            if (
                locked.state != RecapState.RENDERING
                or not locked.heartbeat_at
                or locked.heartbeat_at >= limit
            ):
                continue
            move_recap(locked, RecapState.QUEUED, reason="worker stopped")
            _requeue(locked)
            requeued.append(pk)
    return requeued


def is_busy(recap: Recap) -> bool:
    return recap.state in BUSY_STATES
