"""Resumable uploads of clips: the protocol, checks and storage of `submissions.services.uploads`
(so the browser runs the same `submissions/upload.js`), on the clip's own upload rows.

The Clip row is created only once the bytes are stored and their checksum verified; then a processing
job is enqueued on commit. Temporary files live in `UPLOAD_TEMP_DIR/clips/` and S3 keys under
`clips/originals/`, apart from entries' uploads, whose clean-up must not take them for orphans.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from challenges import rules
from challenges.enums import LIVE_CLIP_STATES
from challenges.models import Challenge, Clip, ClipUpload
from challenges.services.processing import queue_processing
from contest.enums import MEDIA_KIND_EXTENSIONS, MediaKind
from contest.errors import DomainError, NotAllowed
from contest.models import User
from submissions.enums import UploadBackend, UploadState
from submissions.services.uploads import (
    READ_BLOCK,
    LengthRequired,
    TooManyUploads,
    UploadConflict,
    UploadRefused,
    UploadTooLarge,
    _chunk_size_for,
    _digests_of,
    _mismatch,
    _MovableFile,
    _read_file_blocks,
    _s3,
    _s3_key,
    clean_original_name,
    max_active_uploads,
    max_chunk_bytes,
    upload_session_ttl,
    use_s3,
)

VIDEO_EXTENSIONS = MEDIA_KIND_EXTENSIONS[MediaKind.VIDEO]

__all__ = ["LengthRequired", "TooManyUploads", "UploadConflict", "UploadRefused", "UploadTooLarge"]


def temp_path(upload: ClipUpload) -> Path:
    return Path(settings.UPLOAD_TEMP_DIR) / "clips" / f"{upload.pk.hex}.part"


def new_original_key() -> str:
    return f"clips/originals/{uuid.uuid4().hex}"


def accepted_extensions() -> list[str]:
    return list(VIDEO_EXTENSIONS)


def _ensure_video_name(name: str) -> None:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in VIDEO_EXTENSIONS:
        raise UploadRefused(
            _("Thử thách chỉ nhận clip video. Hãy chọn tệp dạng: %(accepted)s.")
            % {"accepted": ", ".join(e.upper() for e in VIDEO_EXTENSIONS)}
        )


def _ensure_sender(actor, challenge: Challenge) -> None:
    if not rules.can_send_clip(actor, challenge):
        raise NotAllowed(_("Thử thách này đang không nhận clip."))


def _ensure_owner(actor, upload: ClipUpload) -> None:
    if upload.created_by_id != getattr(actor, "pk", None):
        raise NotAllowed(_("Lượt tải lên này không phải của em."))


def _ensure_room(*, challenge: Challenge, actor, exclude=None) -> None:
    clips = Clip.objects.filter(challenge=challenge, author=actor, state__in=LIVE_CLIP_STATES).count()
    uploads = ClipUpload.objects.filter(challenge=challenge, created_by=actor, state=UploadState.ACTIVE)
    if exclude is not None:
        uploads = uploads.exclude(pk=exclude.pk)
    if clips + uploads.count() >= challenge.max_clips_per_person:
        raise UploadRefused(
            _("Em đã gửi đủ %(max)d clip cho thử thách này. Hãy rút bớt một clip nếu muốn gửi clip khác.")
            % {"max": challenge.max_clips_per_person}
        )


def _ensure_size(*, challenge: Challenge, size: int) -> None:
    if size <= 0:
        raise UploadRefused(_("Tệp trống, không có nội dung. Hãy chọn lại tệp."))
    if size > challenge.max_bytes:
        raise UploadTooLarge(
            _("Clip quá lớn (%(size)s). Thử thách chỉ nhận clip tối đa %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(challenge.max_bytes)}
        )


@transaction.atomic
def start_clip_upload(
    *, challenge: Challenge, actor: User, original_name: str, size: int, client_key, wants_credit: bool = True
) -> ClipUpload:
    """Opens a resumable upload after the checks that need no bytes: the challenge is open, the name is a
    video's, the size fits, the person has room for another clip and not too many uploads at once. The
    same `client_key` again returns the same upload. Creates the temporary file or the multipart upload."""
    _ensure_sender(actor, challenge)
    User.objects.select_for_update().filter(pk=actor.pk).first()  # one start at a time per person
    key = uuid.UUID(str(client_key))
    existing = ClipUpload.objects.filter(created_by=actor, client_key=key).first()
    if existing is not None:
        if (
            existing.challenge_id != challenge.pk
            or existing.size != size
            or existing.original_name != original_name.strip()
        ):
            raise UploadRefused(_("Yêu cầu không hợp lệ. Hãy tải lại trang rồi chọn lại tệp."))
        return existing
    name = clean_original_name(original_name)
    _ensure_video_name(name)
    _ensure_size(challenge=challenge, size=size)
    _ensure_room(challenge=challenge, actor=actor)
    active = ClipUpload.objects.filter(
        created_by=actor, state=UploadState.ACTIVE, updated_at__gte=timezone.now() - upload_session_ttl()
    ).count()
    if active >= max_active_uploads():
        raise TooManyUploads(
            _("Em đang tải lên %(n)d tệp cùng lúc, tối đa là %(max)d. Hãy chờ một tệp tải xong rồi thử lại.")
            % {"n": active, "max": max_active_uploads()}
        )
    s3 = use_s3()
    upload = ClipUpload(
        challenge=challenge,
        created_by=actor,
        client_key=key,
        backend=UploadBackend.S3 if s3 else UploadBackend.DISK,
        original_name=name,
        wants_credit=wants_credit,
        size=size,
        chunk_size=_chunk_size_for(size, s3=s3),
        storage_key=new_original_key(),
    )
    if s3:
        client, bucket, _storage = _s3()
        created = client.create_multipart_upload(
            Bucket=bucket, Key=_s3_key(upload.storage_key), ContentType="application/octet-stream"
        )
        upload.s3_upload_id = created["UploadId"]
    else:
        path = temp_path(upload)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(exist_ok=False)
    upload.save()
    return upload


def _ensure_active(upload: ClipUpload, *, backend: str | None = None) -> None:
    if upload.state != UploadState.ACTIVE:
        raise UploadConflict(_("Lượt tải lên này đã kết thúc. Hãy chọn lại tệp nếu cần."))
    if backend and upload.backend != backend:
        raise UploadConflict(_("Lượt tải lên này dùng cách tải khác. Hãy tải lại trang."))


def receive_clip_chunk(
    *, upload: ClipUpload, actor: User, offset: int, stream, length: int | None, chunk_sha256: str = ""
) -> ClipUpload:
    """Appends one chunk at `offset` (which must equal the bytes already received), streamed in small
    blocks; an incomplete or corrupted chunk is cut off again. Writes only the file and `received`."""
    _ensure_owner(actor, upload)
    _ensure_active(upload, backend=UploadBackend.DISK)
    if length is None:
        raise LengthRequired(_("Thiếu độ dài của phần tệp. Hãy thử tải lên lại."))
    if length > min(upload.chunk_size, max_chunk_bytes()):
        raise UploadTooLarge(
            _("Phần tệp quá lớn (%(size)s); mỗi phần tối đa %(limit)s.")
            % {"size": filesizeformat(length), "limit": filesizeformat(upload.chunk_size)}
        )
    if length <= 0:
        raise UploadRefused(_("Phần tệp trống. Hãy thử tải lên lại."))
    with open(temp_path(upload), "r+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UploadConflict(
                _("Phần này đang được nhận ở một kết nối khác. Hãy chờ rồi thử lại."),
                received=upload.received,
            ) from None
        received = ClipUpload.objects.values_list("received", flat=True).get(pk=upload.pk)
        if offset != received:
            raise UploadConflict(
                _("Phần tệp không nối tiếp phần đã nhận (máy chủ đã nhận %(received)d byte). Tiếp tục từ đó.")
                % {"received": received},
                received=received,
            )
        end = offset + length
        if end > upload.size:
            raise UploadRefused(_("Dữ liệu gửi lên nhiều hơn dung lượng tệp đã khai báo."))
        if end < upload.size and length != upload.chunk_size:
            raise UploadRefused(
                _("Mỗi phần (trừ phần cuối) phải đúng %(size)d byte.") % {"size": upload.chunk_size}
            )
        handle.seek(offset)
        handle.truncate(offset)
        digest = hashlib.sha256()
        remaining = length
        while remaining > 0:
            block = stream.read(min(READ_BLOCK, remaining))
            if not block:
                break
            handle.write(block)
            digest.update(block)
            remaining -= len(block)
        if remaining > 0 or stream.read(1):
            handle.truncate(offset)
            raise UploadRefused(_("Phần tệp bị gửi thiếu hoặc thừa dữ liệu. Hãy thử lại."))
        if chunk_sha256 and chunk_sha256.lower() != digest.hexdigest():
            handle.truncate(offset)
            raise UploadRefused(_("Phần tệp bị lỗi trên đường truyền (sai mã kiểm tra). Hãy thử lại."))
        handle.flush()
        os.fsync(handle.fileno())
        updated = ClipUpload.objects.filter(pk=upload.pk, received=offset, state=UploadState.ACTIVE).update(
            received=end, updated_at=timezone.now()
        )
        if not updated:
            handle.truncate(offset)
            raise UploadConflict(_("Lượt tải lên đã thay đổi. Hãy tiếp tục từ phần máy chủ đã nhận."))
    upload.refresh_from_db()
    return upload


def presign_clip_parts(*, upload: ClipUpload, actor: User, part_numbers: list[int]) -> list[dict]:
    """Short-lived URLs for the browser to PUT parts straight into the bucket. Writes nothing."""
    _ensure_owner(actor, upload)
    _ensure_active(upload, backend=UploadBackend.S3)
    if not part_numbers or len(part_numbers) > 100:
        raise UploadRefused(_("Yêu cầu không hợp lệ: số phần tệp."))
    if any(n < 1 or n > upload.part_count for n in part_numbers):
        raise UploadRefused(_("Yêu cầu không hợp lệ: số thứ tự phần tệp nằm ngoài tệp."))
    client, bucket, _storage = _s3()
    expires = int(getattr(settings, "S3_UPLOAD_URL_SECONDS", 3600))
    return [
        {
            "number": number,
            "url": client.generate_presigned_url(
                "upload_part",
                Params={
                    "Bucket": bucket,
                    "Key": _s3_key(upload.storage_key),
                    "UploadId": upload.s3_upload_id,
                    "PartNumber": number,
                },
                ExpiresIn=expires,
            ),
        }
        for number in sorted(set(part_numbers))
    ]


def _s3_parts(upload: ClipUpload) -> list[dict]:
    client, bucket, _storage = _s3()
    parts, marker = [], 0
    while True:
        page = client.list_parts(
            Bucket=bucket,
            Key=_s3_key(upload.storage_key),
            UploadId=upload.s3_upload_id,
            PartNumberMarker=marker,
        )
        parts.extend(page.get("Parts", []))
        if not page.get("IsTruncated"):
            return parts
        marker = page["NextPartNumberMarker"]


def _expected_part_size(upload: ClipUpload, number: int) -> int:
    return min(upload.chunk_size, upload.size - (number - 1) * upload.chunk_size)


def describe_clip_upload(*, upload: ClipUpload) -> dict:
    """Where an upload stands, in the shape `upload.js` reads (bytes received; on S3 the parts stored)."""
    data = {
        "id": str(upload.pk),
        "state": upload.state,
        "backend": upload.backend,
        "size": upload.size,
        "chunk_size": upload.chunk_size,
        "part_count": upload.part_count,
        "received": upload.received,
        "clip": upload.clip_id,
    }
    if upload.backend == UploadBackend.S3 and upload.state == UploadState.ACTIVE:
        done = [
            p["PartNumber"]
            for p in _s3_parts(upload)
            if p["PartNumber"] <= upload.part_count
            and p["Size"] == _expected_part_size(upload, p["PartNumber"])
        ]
        data["parts_done"] = sorted(done)
        data["received"] = sum(_expected_part_size(upload, n) for n in done)
    return data


def complete_clip_upload(*, upload: ClipUpload, actor: User, checksum: str) -> Clip:
    """Checks the stored bytes against the claimed checksum, moves them into private storage under the
    random key, creates the Clip and enqueues its processing on commit. Completing twice returns the same
    clip; a checksum or size that differs ends the upload and throws its bytes away."""
    _ensure_owner(actor, upload)
    with transaction.atomic():
        outcome = _complete(upload=upload, checksum=checksum)
    if isinstance(outcome, DomainError):
        raise outcome
    return outcome


def _complete(*, upload: ClipUpload, checksum: str) -> Clip | DomainError:
    locked = ClipUpload.objects.select_for_update().get(pk=upload.pk)
    if locked.state == UploadState.COMPLETED and locked.clip_id:
        return locked.clip
    _ensure_active(locked)
    challenge = Challenge.objects.select_for_update().get(pk=locked.challenge_id)
    if not challenge.is_open():
        _discard(locked)
        return NotAllowed(_("Thử thách này đã đóng, không nhận thêm clip."))
    claim = (checksum or "").strip().lower()
    full, composite, size = (
        _complete_disk(locked) if locked.backend == UploadBackend.DISK else _complete_s3(locked)
    )
    if size != locked.size or composite != claim:
        _discard(locked)
        return _mismatch()
    live = Clip.objects.filter(challenge=challenge, author_id=locked.created_by_id, sha256=full)
    if live.exclude(state__in=["withdrawn", "rejected"]).exists():
        _discard(locked)
        return UploadConflict(_("Em đã gửi clip này cho thử thách rồi."))
    if locked.backend == UploadBackend.DISK:
        stored_name = _save_moving(temp_path(locked), locked.storage_key)
    else:
        stored_name = locked.storage_key
    clip = Clip.objects.create(
        challenge=challenge,
        author_id=locked.created_by_id,
        original=stored_name,
        original_name=locked.original_name,
        size=size,
        sha256=full,
        caption=locked.caption,
        wants_credit=locked.wants_credit,
    )
    locked.state = UploadState.COMPLETED
    locked.clip = clip
    locked.received = size
    locked.save(update_fields=["state", "clip", "received", "updated_at"])
    queue_processing(clip=clip)
    return clip


def _save_moving(path: Path, key: str) -> str:
    try:
        with open(path, "rb") as handle:
            return storages["private"].save(key, _MovableFile(handle, name=str(path)))
    finally:
        path.unlink(missing_ok=True)


def _complete_disk(upload: ClipUpload) -> tuple[str, str, int]:
    path = temp_path(upload)
    if upload.received != upload.size or not path.exists() or path.stat().st_size != upload.size:
        raise UploadConflict(
            _("Máy chủ mới nhận được %(received)s trên %(size)s. Hãy tiếp tục tải lên phần còn lại.")
            % {"received": filesizeformat(upload.received), "size": filesizeformat(upload.size)},
            received=upload.received,
        )
    return _digests_of(_read_file_blocks(path), chunk_size=upload.chunk_size)


def _complete_s3(upload: ClipUpload) -> tuple[str, str, int]:
    client, bucket, _storage = _s3()
    key = _s3_key(upload.storage_key)
    parts = {p["PartNumber"]: p for p in _s3_parts(upload)}
    missing = [
        n
        for n in range(1, upload.part_count + 1)
        if n not in parts or parts[n]["Size"] != _expected_part_size(upload, n)
    ]
    if missing or any(n > upload.part_count for n in parts):
        received = sum(
            _expected_part_size(upload, n) for n in range(1, upload.part_count + 1) if n not in missing
        )
        raise UploadConflict(
            _("Máy chủ mới nhận được %(received)s trên %(size)s. Hãy tiếp tục tải lên phần còn lại.")
            % {"received": filesizeformat(received), "size": filesizeformat(upload.size)},
            received=received,
        )
    client.complete_multipart_upload(
        Bucket=bucket,
        Key=key,
        UploadId=upload.s3_upload_id,
        MultipartUpload={
            "Parts": [{"PartNumber": n, "ETag": parts[n]["ETag"]} for n in range(1, upload.part_count + 1)]
        },
    )
    head = client.head_object(Bucket=bucket, Key=key)
    if head["ContentLength"] != upload.size:
        return "", "", head["ContentLength"]
    body = client.get_object(Bucket=bucket, Key=key)["Body"]
    try:
        return _digests_of(body.iter_chunks(1024 * 1024), chunk_size=upload.chunk_size)
    finally:
        body.close()


def _discard(upload: ClipUpload) -> None:
    """Ends an upload and removes its bytes (temporary file, multipart upload or unchecked object)."""
    if upload.backend == UploadBackend.DISK:
        temp_path(upload).unlink(missing_ok=True)
    else:
        client, bucket, _storage = _s3()
        key = _s3_key(upload.storage_key)
        with contextlib.suppress(client.exceptions.ClientError):
            client.abort_multipart_upload(Bucket=bucket, Key=key, UploadId=upload.s3_upload_id)
        client.delete_object(Bucket=bucket, Key=key)
    ClipUpload.objects.filter(pk=upload.pk).update(state=UploadState.ABORTED, updated_at=timezone.now())


@transaction.atomic
def abort_clip_upload(*, upload: ClipUpload, actor: User) -> ClipUpload:
    """Cancels an unfinished upload and throws its bytes away."""
    _ensure_owner(actor, upload)
    locked = ClipUpload.objects.select_for_update().get(pk=upload.pk)
    if locked.state == UploadState.ACTIVE:
        _discard(locked)
    locked.refresh_from_db()
    return locked


def clean_abandoned_clip_uploads(*, now=None) -> int:
    """Ends clip uploads untouched for longer than the upload TTL and removes their bytes."""
    cutoff = (now or timezone.now()) - upload_session_ttl()
    cleaned = 0
    for upload_id in ClipUpload.objects.filter(state=UploadState.ACTIVE, updated_at__lt=cutoff).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            locked = (
                ClipUpload.objects.select_for_update(skip_locked=True)
                .filter(pk=upload_id, state=UploadState.ACTIVE, updated_at__lt=cutoff)
                .first()
            )
            if locked is not None:
                _discard(locked)
                cleaned += 1
    return cleaned
