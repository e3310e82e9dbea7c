"""Resumable uploads of entry files, and the files themselves (DESIGN.md §4.1).

Two paths, one protocol for the browser (see static/submissions/upload.js):

* embedded default: the browser PUTs chunks at an explicit offset; each is streamed from the request in
  small blocks and written into a temporary file under UPLOAD_TEMP_DIR. A dropped connection resumes from
  `received`, which the server alone keeps.
* object storage: the browser PUTs parts straight to the bucket through presigned multipart URLs. Test S3
  servers do not enforce upload policies, so on completion the server lists the parts, checks their sizes,
  completes, checks the object's size and reads it once to compute its SHA-256.

Either way the browser claims a checksum on completion: the SHA-256 of the concatenated SHA-256 digests of
each chunk (chunks of `chunk_size` bytes, as S3's composite checksums). The server recomputes it from the
stored bytes and refuses a claim that differs. The MediaAsset row is created only once the bytes are stored
and checked; then a processing job is enqueued on commit.
"""

import contextlib
import errno
import fcntl
import hashlib
import os
import unicodedata
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.enums import MEDIA_KIND_EXTENSIONS, MediaKind
from contest.errors import DomainError, NotAllowed
from contest.models import User
from submissions import rules
from submissions.enums import AssetState
from submissions.models import Entry, MediaAsset, UploadBackend, UploadSession, UploadState
from submissions.services.entries import ensure_entry_editable, touch_entry_content
from submissions.services.processing import queue_processing

MIB = 1024 * 1024
READ_BLOCK = 64 * 1024
S3_MIN_PART = 5 * MIB
S3_MAX_PARTS = 10_000


class UploadRefused(DomainError):
    status_code = 400


class UploadTooLarge(DomainError):
    status_code = 413


class UploadConflict(DomainError):
    """The request does not follow on from what the server has; `received` says where to resume."""

    status_code = 409

    def __init__(self, message, *, received: int | None = None):
        super().__init__(message)
        self.received = received


class TooManyUploads(DomainError):
    status_code = 429


class LengthRequired(DomainError):
    status_code = 411


class StorageFull(DomainError):
    """The server's disk is full: what was received stays, the pupil tries again later."""

    status_code = 507


DISK_FULL = {errno.ENOSPC, errno.EDQUOT}


def _storage_full() -> StorageFull:
    return StorageFull(
        _(
            "Máy chủ tạm thời hết chỗ lưu tệp. Phần em đã gửi vẫn được giữ nguyên; "
            "hãy thử lại sau ít phút, việc tải lên sẽ tiếp tục từ chỗ đã dừng."
        )
    )


# The first check of a file's kind is its extension; the pipeline then probes the content.
EXTENSION_KINDS = MEDIA_KIND_EXTENSIONS


def chunk_bytes() -> int:
    return int(getattr(settings, "UPLOAD_CHUNK_BYTES", 8 * MIB))


def max_chunk_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_CHUNK_BYTES", 8 * MIB))


def max_active_uploads() -> int:
    return int(getattr(settings, "UPLOAD_MAX_ACTIVE_PER_ENTRANT", 3))


def upload_session_ttl() -> timedelta:
    return timedelta(hours=int(getattr(settings, "UPLOAD_SESSION_TTL_HOURS", 24)))


def use_s3() -> bool:
    return bool(getattr(settings, "USE_S3", False))


def accepted_extensions(contest) -> list[str]:
    extensions: list[str] = []
    for kind in contest.accepted_media_kinds:
        for ext in EXTENSION_KINDS.get(kind, ()):
            if ext not in extensions:
                extensions.append(ext)
    return extensions


_BIDI_AND_INVISIBLE = {"Cc", "Cf", "Co", "Cs", "Zl", "Zp"}


def clean_original_name(name: str) -> str:
    """Refuses names that try to be paths or to hide their real extension; keeps the rest as given.
    The name is only ever shown (escaped); storage keys are random."""
    name = (name or "").strip()
    if not name:
        raise UploadRefused(_("Tệp chưa có tên. Hãy đặt tên cho tệp rồi tải lên lại."))
    if len(name) > 200:
        raise UploadRefused(_("Tên tệp quá dài (tối đa 200 ký tự). Hãy đổi tên ngắn hơn rồi tải lên lại."))
    if (
        "/" in name
        or "\\" in name
        or ".." in name
        or any(unicodedata.category(ch) in _BIDI_AND_INVISIBLE for ch in name)
    ):
        raise UploadRefused(
            _(
                "Tên tệp có ký tự không được phép (dấu /, \\, .. hoặc ký tự điều khiển, ký tự đảo chiều). "
                "Hãy đổi tên tệp, chỉ dùng chữ, số, dấu gạch rồi tải lên lại."
            )
        )
    return unicodedata.normalize("NFC", name)


def kind_for_name(*, contest, name: str) -> str:
    """The contest's media kind a file name's extension belongs to, or a refusal that lists what it takes."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    for kind in contest.accepted_media_kinds:
        if ext in EXTENSION_KINDS.get(kind, ()):
            return kind
    accepted = ", ".join(e.upper() for e in accepted_extensions(contest))
    raise UploadRefused(
        _("Cuộc thi này không nhận loại tệp “.%(ext)s”. Hãy tải lên tệp dạng: %(accepted)s.")
        % {"ext": ext or "?", "accepted": accepted}
    )


def _ensure_size(*, contest, size: int) -> None:
    if size <= 0:
        raise UploadRefused(_("Tệp trống, không có nội dung. Hãy chọn lại tệp."))
    if size > contest.max_file_bytes:
        raise UploadTooLarge(
            _("Tệp quá lớn (%(size)s). Cuộc thi chỉ nhận tệp tối đa %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(contest.max_file_bytes)}
        )


def _ensure_room_for_file(*, entry: Entry, exclude_session=None) -> None:
    assets = entry.assets.exclude(state=AssetState.REJECTED).count()
    sessions = UploadSession.objects.filter(entry=entry, state=UploadState.ACTIVE)
    if exclude_session is not None:
        sessions = sessions.exclude(pk=exclude_session.pk)
    typed = 1 if MediaKind.TEXT in entry.contest.accepted_media_kinds and entry.text.strip() else 0
    if assets + sessions.count() + typed >= entry.contest.max_files:
        raise UploadRefused(
            _("Bài dự thi đã đủ %(max)d tệp. Hãy xoá bớt một tệp nếu em muốn thay tệp khác.")
            % {"max": entry.contest.max_files}
        )


def _ensure_uploader(actor, entry: Entry) -> None:
    if not rules.can_edit_entry(actor, entry):
        raise NotAllowed(_("Em không có quyền sửa bài dự thi này."))


def temp_path(session: UploadSession) -> Path:
    return Path(settings.UPLOAD_TEMP_DIR) / f"{session.pk.hex}.part"


def new_original_key() -> str:
    return f"originals/{uuid.uuid4().hex}"


def _s3():
    storage = storages["private"]
    return storage.connection.meta.client, storage.bucket_name, storage


def _s3_key(storage_key: str) -> str:
    storage = storages["private"]
    return storage._normalize_name(storage_key)


def _chunk_size_for(size: int, *, s3: bool) -> int:
    chunk = chunk_bytes()
    if s3:
        chunk = max(chunk, S3_MIN_PART, -(-size // S3_MAX_PARTS))
    return max(1, min(chunk, size))


@transaction.atomic
def start_upload(
    *,
    entry: Entry,
    actor: User,
    original_name: str,
    size: int,
    client_key,
    role: str = "",
    position: int | None = None,
) -> UploadSession:
    """Opens a resumable upload for one file, after the checks that need no bytes: deadline, name, kind
    by extension, size, number of files, and simultaneous uploads per entrant. The same `client_key`
    again returns the same session. Creates the temporary file or the multipart upload."""
    _ensure_uploader(actor, entry)
    User.objects.select_for_update().filter(pk=actor.pk).first()  # one start at a time per person
    entry = Entry.objects.select_related("contest").get(pk=entry.pk)
    ensure_entry_editable(entry)
    key = uuid.UUID(str(client_key))
    existing = UploadSession.objects.filter(entry=entry, client_key=key).first()
    if existing is not None:
        if existing.size != size or existing.original_name != original_name.strip():
            raise UploadRefused(_("Yêu cầu không hợp lệ. Hãy tải lại trang rồi chọn lại tệp."))
        return existing
    name = clean_original_name(original_name)
    contest = entry.contest
    kind = kind_for_name(contest=contest, name=name)
    _ensure_size(contest=contest, size=size)
    _ensure_room_for_file(entry=entry)
    active = UploadSession.objects.filter(
        created_by=actor, state=UploadState.ACTIVE, updated_at__gte=timezone.now() - upload_session_ttl()
    ).count()
    if active >= max_active_uploads():
        raise TooManyUploads(
            _("Em đang tải lên %(n)d tệp cùng lúc, tối đa là %(max)d. Hãy chờ một tệp tải xong rồi thử lại.")
            % {"n": active, "max": max_active_uploads()}
        )
    s3 = use_s3()
    session = UploadSession(
        entry=entry,
        created_by=actor,
        client_key=key,
        backend=UploadBackend.S3 if s3 else UploadBackend.DISK,
        original_name=name,
        kind=kind,
        role=(role or "")[:60],
        position=position,
        size=size,
        chunk_size=_chunk_size_for(size, s3=s3),
        storage_key=new_original_key(),
    )
    if s3:
        client, bucket, _storage = _s3()
        created = client.create_multipart_upload(
            Bucket=bucket, Key=_s3_key(session.storage_key), ContentType="application/octet-stream"
        )
        session.s3_upload_id = created["UploadId"]
        session.no_parts_yet = True  # describe_upload need not ask S3 for the parts of an upload just made
    else:
        path = temp_path(session)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            path.touch(exist_ok=False)
        except OSError as error:
            if error.errno not in DISK_FULL:
                raise
            raise _storage_full() from error
    session.save()
    return session


def _ensure_active(session: UploadSession, *, backend: str | None = None) -> None:
    if session.state != UploadState.ACTIVE:
        raise UploadConflict(_("Lượt tải lên này đã kết thúc. Hãy chọn lại tệp nếu cần."))
    if backend and session.backend != backend:
        raise UploadConflict(_("Lượt tải lên này dùng cách tải khác. Hãy tải lại trang."))


def receive_chunk(
    *, session: UploadSession, actor: User, offset: int, stream, length: int | None, chunk_sha256: str = ""
) -> UploadSession:
    """Appends one chunk at `offset` (which must equal the bytes already received) to the temporary file,
    reading `stream` in small blocks so a chunk never sits whole in memory. An incomplete or corrupted
    chunk is cut off again; what was received before stays. Writes only the file and `received`."""
    _ensure_uploader(actor, session.entry)
    _ensure_active(session, backend=UploadBackend.DISK)
    ensure_entry_editable(session.entry)
    if length is None:
        raise LengthRequired(_("Thiếu độ dài của phần tệp. Hãy thử tải lên lại."))
    if length > min(session.chunk_size, max_chunk_bytes()):
        raise UploadTooLarge(
            _("Phần tệp quá lớn (%(size)s); mỗi phần tối đa %(limit)s.")
            % {"size": filesizeformat(length), "limit": filesizeformat(session.chunk_size)}
        )
    if length <= 0:
        raise UploadRefused(_("Phần tệp trống. Hãy thử tải lên lại."))
    path = temp_path(session)
    with open(path, "r+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UploadConflict(
                _("Phần này đang được nhận ở một kết nối khác. Hãy chờ rồi thử lại."),
                received=session.received,
            ) from None
        received = UploadSession.objects.values_list("received", flat=True).get(pk=session.pk)
        if offset != received:
            raise UploadConflict(
                _("Phần tệp không nối tiếp phần đã nhận (máy chủ đã nhận %(received)d byte). Tiếp tục từ đó.")
                % {"received": received},
                received=received,
            )
        end = offset + length
        if end > session.size:
            raise UploadRefused(_("Dữ liệu gửi lên nhiều hơn dung lượng tệp đã khai báo."))
        if end < session.size and length != session.chunk_size:
            raise UploadRefused(
                _("Mỗi phần (trừ phần cuối) phải đúng %(size)d byte.") % {"size": session.chunk_size}
            )
        handle.seek(offset)
        handle.truncate(offset)
        digest = hashlib.sha256()
        remaining = length
        try:
            while remaining > 0:
                block = stream.read(min(READ_BLOCK, remaining))
                if not block:
                    break
                handle.write(block)
                digest.update(block)
                remaining -= len(block)
            handle.flush()
        except OSError as error:
            if error.errno not in DISK_FULL:
                raise
            handle.truncate(offset)  # the chunk goes; every byte received before it stays
            raise _storage_full() from error
        if remaining > 0 or stream.read(1):
            handle.truncate(offset)
            raise UploadRefused(_("Phần tệp bị gửi thiếu hoặc thừa dữ liệu. Hãy thử lại."))
        if chunk_sha256 and chunk_sha256.lower() != digest.hexdigest():
            handle.truncate(offset)
            raise UploadRefused(_("Phần tệp bị lỗi trên đường truyền (sai mã kiểm tra). Hãy thử lại."))
        try:
            os.fsync(handle.fileno())
        except OSError as error:
            if error.errno not in DISK_FULL:
                raise
            handle.truncate(offset)
            raise _storage_full() from error
        updated = UploadSession.objects.filter(
            pk=session.pk, received=offset, state=UploadState.ACTIVE
        ).update(received=end, updated_at=timezone.now())
        if not updated:
            handle.truncate(offset)
            raise UploadConflict(_("Lượt tải lên đã thay đổi. Hãy tiếp tục từ phần máy chủ đã nhận."))
    session.refresh_from_db()
    return session


def presign_parts(*, session: UploadSession, actor: User, part_numbers: list[int]) -> list[dict]:
    """Short-lived URLs for the browser to PUT parts straight into the bucket. Writes nothing."""
    _ensure_uploader(actor, session.entry)
    _ensure_active(session, backend=UploadBackend.S3)
    ensure_entry_editable(session.entry)
    if not part_numbers or len(part_numbers) > 100:
        raise UploadRefused(_("Yêu cầu không hợp lệ: số phần tệp."))
    if any(n < 1 or n > session.part_count for n in part_numbers):
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
                    "Key": _s3_key(session.storage_key),
                    "UploadId": session.s3_upload_id,
                    "PartNumber": number,
                },
                ExpiresIn=expires,
            ),
        }
        for number in sorted(set(part_numbers))
    ]


def _s3_parts(session: UploadSession) -> list[dict]:
    client, bucket, _storage = _s3()
    parts, marker = [], 0
    while True:
        page = client.list_parts(
            Bucket=bucket,
            Key=_s3_key(session.storage_key),
            UploadId=session.s3_upload_id,
            PartNumberMarker=marker,
        )
        parts.extend(page.get("Parts", []))
        if not page.get("IsTruncated"):
            return parts
        marker = page["NextPartNumberMarker"]


def _expected_part_size(session: UploadSession, number: int) -> int:
    start = (number - 1) * session.chunk_size
    return min(session.chunk_size, session.size - start)


def describe_upload(*, session: UploadSession) -> dict:
    """Where an upload stands, for the browser to resume: bytes received and, on S3, the parts stored."""
    data = {
        "id": str(session.pk),
        "state": session.state,
        "backend": session.backend,
        "size": session.size,
        "chunk_size": session.chunk_size,
        "part_count": session.part_count,
        "received": session.received,
        "asset": session.asset_id,
    }
    if session.backend == UploadBackend.S3 and session.state == UploadState.ACTIVE:
        stored = [] if getattr(session, "no_parts_yet", False) else _s3_parts(session)
        done = [
            p["PartNumber"]
            for p in stored
            if p["Size"] == _expected_part_size(session, p["PartNumber"])
            and p["PartNumber"] <= session.part_count
        ]
        data["parts_done"] = sorted(done)
        data["received"] = sum(_expected_part_size(session, n) for n in done)
    return data


def _digests_of(chunks, *, chunk_size: int) -> tuple[str, str, int]:
    """(full SHA-256, composite SHA-256 of per-chunk digests, size) of a byte stream given in blocks."""
    full = hashlib.sha256()
    composite = hashlib.sha256()
    part = hashlib.sha256()
    in_part = 0
    size = 0
    for block in chunks:
        view = memoryview(block)
        while view:
            take = min(len(view), chunk_size - in_part)
            piece = view[:take]
            full.update(piece)
            part.update(piece)
            in_part += take
            size += take
            view = view[take:]
            if in_part == chunk_size:
                composite.update(part.digest())
                part, in_part = hashlib.sha256(), 0
    if in_part or size == 0:
        composite.update(part.digest())
    return full.hexdigest(), composite.hexdigest(), size


def composite_sha256(data: bytes, *, chunk_size: int) -> str:
    """The checksum the browser claims for `data` (used by tests and the benchmarks)."""
    return _digests_of([data], chunk_size=chunk_size)[1]


def _read_file_blocks(path: Path):
    with open(path, "rb") as handle:
        yield from _blocks(handle)


def _blocks(handle):
    while block := handle.read(MIB):
        yield block


class _MovableFile(File):
    """Lets FileSystemStorage move the finished temporary file into place instead of copying it."""

    def temporary_file_path(self):
        return self.name


def _next_position(entry: Entry) -> int:
    return (entry.assets.aggregate(top=Max("position"))["top"] or 0) + 1


def _mismatch() -> UploadRefused:
    return UploadRefused(
        _("Tệp nhận được không khớp mã kiểm tra (có thể bị lỗi đường truyền). Hãy tải tệp lên lại từ đầu.")
    )


def complete_upload(*, session: UploadSession, actor: User, checksum: str) -> MediaAsset:
    """Checks the stored bytes against the claim, moves them into private storage under the random key,
    creates the MediaAsset and enqueues its processing on commit. Completing twice returns the same
    asset. A checksum or size that differs ends the upload and throws its bytes away."""
    _ensure_uploader(actor, session.entry)
    with transaction.atomic():
        outcome = _complete(session=session, checksum=checksum)
    if isinstance(outcome, DomainError):
        raise outcome
    return outcome


def _complete(*, session: UploadSession, checksum: str) -> MediaAsset | DomainError:
    locked = UploadSession.objects.select_for_update().get(pk=session.pk)
    if locked.state == UploadState.COMPLETED and locked.asset_id:
        return locked.asset
    _ensure_active(locked)
    entry = Entry.objects.select_related("contest").select_for_update(of=("self",)).get(pk=locked.entry_id)
    ensure_entry_editable(entry)
    claim = (checksum or "").strip().lower()
    if locked.backend == UploadBackend.DISK:
        full, composite, size = _complete_disk(locked)
    else:
        full, composite, size = _complete_s3(locked)
    if size != locked.size or composite != claim:
        _discard(locked)
        return _mismatch()
    if entry.assets.filter(sha256=full).exists():
        _discard(locked)
        return UploadConflict(_("Tệp này đã có trong bài dự thi rồi."))
    if locked.backend == UploadBackend.DISK:
        path = temp_path(locked)
        # Moved already by an attempt whose transaction never committed (see _complete_disk).
        stored_name = _save_moving(path, locked.storage_key) if path.exists() else locked.storage_key
    else:
        stored_name = locked.storage_key
    asset = MediaAsset.objects.create(
        entry=entry,
        kind=locked.kind,
        original=stored_name,
        original_name=locked.original_name,
        size=size,
        sha256=full,
        role=locked.role,
        position=locked.position or _next_position(entry),
    )
    locked.state = UploadState.COMPLETED
    locked.asset = asset
    locked.received = size
    locked.save(update_fields=["state", "asset", "received", "updated_at"])
    touch_entry_content(entry=entry)
    _enqueue_processing(asset)
    return asset


def _save_moving(path: Path, key: str) -> str:
    """Saves a finished temporary file into private storage (a move on the same disk). If the store is full,
    the temporary file stays where it is, so completing the upload again later still finds every byte."""
    try:
        with open(path, "rb") as handle:
            name = storages["private"].save(key, _MovableFile(handle, name=str(path)))
    except OSError as error:
        if error.errno not in DISK_FULL:
            raise
        with contextlib.suppress(OSError):
            storages["private"].delete(key)
        raise _storage_full() from error
    path.unlink(missing_ok=True)
    return name


def _moved_earlier(session: UploadSession) -> bool:
    """An earlier completion moved the finished file into private storage, then its transaction failed
    (PostgreSQL restarted before the commit): the temporary file is gone and the row still says "active".
    The retry checks the stored file rather than asking for bytes that are all there."""
    return (
        session.received == session.size
        and not temp_path(session).exists()
        and storages["private"].exists(session.storage_key)
    )


def _complete_disk(session: UploadSession) -> tuple[str, str, int]:
    path = temp_path(session)
    if _moved_earlier(session):
        with storages["private"].open(session.storage_key, "rb") as stored:
            return _digests_of(_blocks(stored), chunk_size=session.chunk_size)
    if session.received != session.size or not path.exists() or path.stat().st_size != session.size:
        raise UploadConflict(
            _("Máy chủ mới nhận được %(received)s trên %(size)s. Hãy tiếp tục tải lên phần còn lại.")
            % {"received": filesizeformat(session.received), "size": filesizeformat(session.size)},
            received=session.received,
        )
    return _digests_of(_read_file_blocks(path), chunk_size=session.chunk_size)


def _completed_earlier(client, bucket: str, key: str, session: UploadSession) -> bool:
    """An earlier completion reached the store (S3 joined the parts) but the request died before our
    transaction committed (the store or the network dropped on the way back): the multipart upload is gone
    and the joined object is there. The retry checks that object rather than answering 500 for ever."""
    try:
        client.head_object(Bucket=bucket, Key=key)
    except client.exceptions.ClientError:
        return False
    return True


def _complete_s3(session: UploadSession) -> tuple[str, str, int]:
    client, bucket, _storage = _s3()
    key = _s3_key(session.storage_key)
    try:
        parts = {p["PartNumber"]: p for p in _s3_parts(session)}
    except client.exceptions.NoSuchUpload:
        if not _completed_earlier(client, bucket, key, session):
            raise UploadConflict(_("Lượt tải lên này đã kết thúc. Hãy chọn lại tệp nếu cần.")) from None
        return _joined_digests(client, bucket, key, session)
    missing = [
        n
        for n in range(1, session.part_count + 1)
        if n not in parts or parts[n]["Size"] != _expected_part_size(session, n)
    ]
    extra = [n for n in parts if n > session.part_count]
    if missing or extra:
        received = sum(
            _expected_part_size(session, n) for n in range(1, session.part_count + 1) if n not in missing
        )
        raise UploadConflict(
            _("Máy chủ mới nhận được %(received)s trên %(size)s. Hãy tiếp tục tải lên phần còn lại.")
            % {"received": filesizeformat(received), "size": filesizeformat(session.size)},
            received=received,
        )
    client.complete_multipart_upload(
        Bucket=bucket,
        Key=key,
        UploadId=session.s3_upload_id,
        MultipartUpload={
            "Parts": [{"PartNumber": n, "ETag": parts[n]["ETag"]} for n in range(1, session.part_count + 1)]
        },
    )
    return _joined_digests(client, bucket, key, session)


def _joined_digests(client, bucket: str, key: str, session: UploadSession) -> tuple[str, str, int]:
    # One round trip: the GET's own length answers what a HEAD before it did (each call to the S3 server
    # keeps a web thread waiting, and under the rush they were most of "upload complete").
    got = client.get_object(Bucket=bucket, Key=key)
    body = got["Body"]
    try:
        if got["ContentLength"] != session.size:
            return "", "", got["ContentLength"]
        return _digests_of(body.iter_chunks(MIB), chunk_size=session.chunk_size)
    finally:
        body.close()


def _discard(session: UploadSession) -> None:
    """Ends an upload and removes its bytes (temporary file, multipart upload or unchecked object)."""
    if session.backend == UploadBackend.DISK:
        temp_path(session).unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            storages["private"].delete(session.storage_key)  # moved there by an attempt that did not commit
    else:
        client, bucket, _storage = _s3()
        key = _s3_key(session.storage_key)
        with contextlib.suppress(client.exceptions.ClientError):
            client.abort_multipart_upload(Bucket=bucket, Key=key, UploadId=session.s3_upload_id)
        client.delete_object(Bucket=bucket, Key=key)
    UploadSession.objects.filter(pk=session.pk).update(state=UploadState.ABORTED, updated_at=timezone.now())


@transaction.atomic
def abort_upload(*, session: UploadSession, actor: User) -> UploadSession:
    """Cancels an unfinished upload and throws its bytes away. Files already stored are untouched."""
    _ensure_uploader(actor, session.entry)
    locked = UploadSession.objects.select_for_update().get(pk=session.pk)
    if locked.state == UploadState.ACTIVE:
        _discard(locked)
    locked.refresh_from_db()
    return locked


def abort_open_uploads(*, entry: Entry) -> None:
    for session in UploadSession.objects.filter(entry=entry, state=UploadState.ACTIVE):
        _discard(session)


def clean_abandoned_uploads(*, now=None) -> dict[str, int]:
    """The periodic clean-up of uploads nobody finished: every session untouched for longer than the
    upload TTL is ended and its bytes removed (temporary file deleted, S3 multipart upload aborted); then
    temporary files and multipart uploads that no live session owns (a crash, a rolled-back request) and
    that are older than the TTL are removed too. Returns counts; sends nothing."""
    now = now or timezone.now()
    cutoff = now - upload_session_ttl()
    sessions = 0
    for session_id in UploadSession.objects.filter(
        state=UploadState.ACTIVE, updated_at__lt=cutoff
    ).values_list("pk", flat=True):
        with transaction.atomic():
            locked = (
                UploadSession.objects.select_for_update(skip_locked=True)
                .filter(pk=session_id, state=UploadState.ACTIVE, updated_at__lt=cutoff)
                .first()
            )
            if locked is not None:
                _discard(locked)
                sessions += 1
    return {
        "sessions": sessions,
        "temp_files": _remove_orphan_temp_files(cutoff=cutoff),
        "multipart_uploads": _abort_orphan_multipart_uploads(cutoff=cutoff) if use_s3() else 0,
    }


def _remove_orphan_temp_files(*, cutoff) -> int:
    folder = Path(settings.UPLOAD_TEMP_DIR)
    if not folder.is_dir():
        return 0
    live = {
        session_id.hex
        for session_id in UploadSession.objects.filter(
            state=UploadState.ACTIVE, backend=UploadBackend.DISK
        ).values_list("pk", flat=True)
    }
    removed = 0
    for path in folder.glob("*.part"):
        if path.stem in live:
            continue
        try:
            stale = path.stat().st_mtime < cutoff.timestamp()
        except FileNotFoundError:
            continue
        if stale:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _abort_orphan_multipart_uploads(*, cutoff) -> int:
    client, bucket, _storage = _s3()
    live = set(
        UploadSession.objects.filter(state=UploadState.ACTIVE, backend=UploadBackend.S3).values_list(
            "s3_upload_id", flat=True
        )
    )
    prefix = _s3_key("originals/")
    aborted = 0
    for page in client.get_paginator("list_multipart_uploads").paginate(Bucket=bucket, Prefix=prefix):
        for upload in page.get("Uploads", []):
            if upload["UploadId"] in live or upload["Initiated"] >= cutoff:
                continue
            with contextlib.suppress(client.exceptions.ClientError):
                client.abort_multipart_upload(Bucket=bucket, Key=upload["Key"], UploadId=upload["UploadId"])
                aborted += 1
    return aborted


def _enqueue_processing(asset: MediaAsset) -> None:
    """Hands the stored file to the media pipeline through its job table (so a lost enqueue is found
    again by the reaper); the task goes on the queue only once the row commits."""
    queue_processing(asset=asset)


@transaction.atomic
def store_file(
    *, entry: Entry, actor: User, fileobj, original_name: str, role: str = "", position: int | None = None
) -> MediaAsset:
    """Stores a file received by the server itself (a plain form): streams it to private storage under
    a random key while computing its SHA-256, after the same checks as a resumable upload; creates the
    asset and enqueues its processing on commit."""
    _ensure_uploader(actor, entry)
    entry = Entry.objects.select_related("contest").select_for_update(of=("self",)).get(pk=entry.pk)
    ensure_entry_editable(entry)
    contest = entry.contest
    name = clean_original_name(original_name)
    kind = kind_for_name(contest=contest, name=name)
    declared = getattr(fileobj, "size", None)
    if declared is not None:
        _ensure_size(contest=contest, size=declared)
    _ensure_room_for_file(entry=entry)
    temp_dir = Path(settings.UPLOAD_TEMP_DIR)
    temp_dir.mkdir(parents=True, exist_ok=True)
    path = temp_dir / f"{uuid.uuid4().hex}.part"
    digest, size = hashlib.sha256(), 0
    try:
        with open(path, "wb") as out:
            if hasattr(fileobj, "seek"):
                fileobj.seek(0)
            while block := fileobj.read(MIB):
                size += len(block)
                if size > contest.max_file_bytes:
                    _ensure_size(contest=contest, size=size)
                digest.update(block)
                out.write(block)
        _ensure_size(contest=contest, size=size)
        sha = digest.hexdigest()
        if entry.assets.filter(sha256=sha).exists():
            raise UploadConflict(_("Tệp này đã có trong bài dự thi rồi."))
        stored_name = _save_moving(path, new_original_key())
    finally:
        path.unlink(missing_ok=True)
    asset = MediaAsset.objects.create(
        entry=entry,
        kind=kind,
        original=stored_name,
        original_name=name,
        size=size,
        sha256=sha,
        role=(role or "")[:60],
        position=position or _next_position(entry),
    )
    touch_entry_content(entry=entry)
    _enqueue_processing(asset)
    return asset


@transaction.atomic
def move_asset(*, asset: MediaAsset, actor: User, offset: int) -> MediaAsset:
    """Moves a file one place up (-1) or down (+1) among the entry's files (comic pages keep order)."""
    _ensure_uploader(actor, asset.entry)
    entry = Entry.objects.select_related("contest").select_for_update(of=("self",)).get(pk=asset.entry_id)
    ensure_entry_editable(entry)
    ordered = list(entry.assets.order_by("position", "pk"))
    index = next(i for i, a in enumerate(ordered) if a.pk == asset.pk)
    target = index + (1 if offset > 0 else -1)
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
    for number, item in enumerate(ordered, start=1):
        if item.position != number:
            item.position = number
            item.save(update_fields=["position", "updated_at"])
    touch_entry_content(entry=entry)
    asset.refresh_from_db()
    return asset


@transaction.atomic
def delete_asset(*, asset: MediaAsset, actor: User) -> None:
    """Removes a file from an entry before the deadline, with its original and renditions."""
    _ensure_uploader(actor, asset.entry)
    entry = Entry.objects.select_related("contest").select_for_update(of=("self",)).get(pk=asset.entry_id)
    ensure_entry_editable(entry)
    keys = [asset.original.name] + [r.get("key") for r in asset.renditions if r.get("key")]
    asset.delete()
    for number, item in enumerate(entry.assets.order_by("position", "pk"), start=1):
        if item.position != number:
            item.position = number
            item.save(update_fields=["position", "updated_at"])
    touch_entry_content(entry=entry)
    storage = storages["private"]
    transaction.on_commit(lambda: [storage.delete(key) for key in keys])
