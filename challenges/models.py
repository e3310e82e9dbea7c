"""Challenges ("Hưởng ứng thử thách") and the short clips people send in answer (issue 13 §1).

A clip owns its original file and renditions itself (not a `submissions.MediaAsset`, which belongs to an
entry): the same `submissions.media` pipeline processes it in the same sandboxed child, and `ClipJob`
keeps the same job-table semantics as `submissions.MediaJob` (attempts, heartbeat, reaper).
"""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from challenges.enums import ClipEventKind, ClipState, RejectionSource
from submissions.enums import JobState, UploadBackend, UploadState


def private_storage():
    return storages["private"]


class Challenge(models.Model):
    """A call to answer with a short clip, defined by organisers in the admin; open between its dates."""

    title = models.CharField(_("Tên thử thách"), max_length=160)
    title_en = models.CharField(_("Tên thử thách (tiếng Anh)"), max_length=160, blank=True)
    slug = models.SlugField(_("Đường dẫn"), max_length=80, unique=True, allow_unicode=False)
    prompt = models.TextField(_("Đề bài"))
    prompt_en = models.TextField(_("Đề bài (tiếng Anh)"), blank=True)
    hashtag = models.CharField(_("Hashtag"), max_length=60, blank=True, help_text=_("Ví dụ: #khongmotminh"))
    opens_at = models.DateTimeField(_("Mở từ"))
    closes_at = models.DateTimeField(_("Đóng lúc"))
    max_seconds = models.PositiveSmallIntegerField(
        _("Thời lượng tối đa (giây)"), default=60, help_text=_("Tính theo thời lượng thật của tệp.")
    )
    max_bytes = models.PositiveBigIntegerField(_("Dung lượng tối đa (byte)"), default=300 * 1024 * 1024)
    max_clips_per_person = models.PositiveSmallIntegerField(_("Số clip tối đa mỗi người"), default=3)
    is_active = models.BooleanField(_("Đang hiển thị"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Thử thách")
        verbose_name_plural = _("Thử thách")
        ordering = ["-opens_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="challenge_closes_after_opens"
            ),
            models.CheckConstraint(condition=Q(max_seconds__gt=0), name="challenge_max_seconds_positive"),
            models.CheckConstraint(condition=Q(max_bytes__gt=0), name="challenge_max_bytes_positive"),
        ]

    def __str__(self):
        return self.title

    @property
    def localized_title(self) -> str:
        return self.title_en if (get_language() or "").startswith("en") and self.title_en else self.title

    @property
    def localized_prompt(self) -> str:
        return self.prompt_en if (get_language() or "").startswith("en") and self.prompt_en else self.prompt

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_active and self.opens_at <= now < self.closes_at


class Clip(models.Model):
    """One short video sent in answer to a challenge. Its original stays private; the wall and the recap
    play only the scrubbed renditions, and only while the clip is APPROVED and consent allows it."""

    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="clips")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clips")
    state = models.CharField(
        _("Trạng thái"), max_length=12, choices=ClipState.choices, default=ClipState.UPLOADED
    )
    caption = models.CharField(_("Lời nhắn kèm clip"), max_length=150, blank=True)
    # The author may choose to appear with no name at all, whatever the consents would allow.
    wants_credit = models.BooleanField(_("Ghi tên tôi dưới clip"), default=True)
    original = models.FileField(storage=private_storage, max_length=255)
    original_name = models.CharField(_("Tên tệp gốc"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("Dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)
    upload_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    progress = models.PositiveSmallIntegerField(_("Tiến độ xử lý (%)"), default=0)
    probe = models.JSONField(_("Kết quả kiểm tra"), default=dict, blank=True)
    # Same shape as MediaAsset.renditions: [{"name", "mime", "width", "height", "key", ...}].
    renditions = models.JSONField(_("Bản chuyển đổi"), default=list, blank=True)
    rejection_source = models.CharField(
        _("Bên từ chối"), max_length=12, choices=RejectionSource.choices, blank=True
    )
    rejection_reason = models.TextField(_("Lý do không được duyệt"), blank=True)
    # Kept by the services: whether the clip was last known to be on the public wall (approved, consent
    # in force), so a change of consent is told to the recap exactly once. The wall re-reads consent anyway.
    on_wall = models.BooleanField(_("Đang hiển thị công khai"), default=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(_("Kiểm duyệt lúc"), null=True, blank=True)
    approved_at = models.DateTimeField(_("Duyệt lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("Gửi lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Clip hưởng ứng")
        verbose_name_plural = _("Clip hưởng ứng")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # The same file twice is a double tap; once withdrawn or refused, it may be sent again.
            models.UniqueConstraint(
                fields=["challenge", "author", "sha256"],
                condition=~Q(state__in=["withdrawn", "rejected"]),
                name="clip_unique_content_per_author",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="clip_progress_percent"),
        ]
        indexes = [models.Index(fields=["challenge", "state", "approved_at"])]

    def __str__(self):
        return f"Clip #{self.pk}"

    def get_admin_url(self) -> str:
        """Where organisers (and safeguarding officers, from a flag about this clip) look at it."""
        from django.urls import reverse

        return reverse("challenges_clip", kwargs={"pk": self.pk})

    @property
    def duration_seconds(self) -> float | None:
        return self.probe.get("duration") if isinstance(self.probe, dict) else None

    def rendition(self, name: str) -> dict | None:
        return next((r for r in self.renditions or [] if r.get("name") == name), None)


class ClipJob(models.Model):
    """Our record of one processing job of a clip, with `submissions.MediaJob`'s semantics: attempts,
    progress, the worker holding it and its heartbeat, read by retries and the reaper."""

    clip = models.ForeignKey(Clip, verbose_name=_("Clip"), on_delete=models.CASCADE, related_name="jobs")
    state = models.CharField(
        _("Trạng thái"), max_length=10, choices=JobState.choices, default=JobState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("Số lần chạy"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("Số lần chạy tối đa"), default=3)
    progress = models.PositiveSmallIntegerField(_("Tiến độ (%)"), default=0)
    error = models.TextField(_("Lỗi"), blank=True)
    worker = models.CharField(_("Tiến trình xử lý"), max_length=120, blank=True)
    heartbeat_at = models.DateTimeField(_("Tín hiệu sống lúc"), null=True, blank=True)
    run_after = models.DateTimeField(_("Chạy sau"), null=True, blank=True)
    started_at = models.DateTimeField(_("Bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("Kết thúc lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("Tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("Tác vụ xử lý clip")
        verbose_name_plural = _("Tác vụ xử lý clip")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["clip"], condition=Q(state__in=["queued", "running"]), name="one_active_job_per_clip"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="clip_job_progress_percent"),
        ]
        indexes = [models.Index(fields=["state", "heartbeat_at"])]

    def __str__(self):
        return f"job {self.pk} clip {self.clip_id} {self.state}"


class ClipUpload(models.Model):
    """One resumable upload of a clip's file, like `submissions.UploadSession`: bytes go to a temporary
    file on disk or straight into a multipart upload in the bucket; the Clip row is made only when the
    upload is complete and checked."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="uploads")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clip_uploads"
    )
    client_key = models.UUIDField()
    backend = models.CharField(max_length=4, choices=UploadBackend.choices)
    state = models.CharField(max_length=10, choices=UploadState.choices, default=UploadState.ACTIVE)
    original_name = models.CharField(max_length=255)
    caption = models.CharField(max_length=150, blank=True)
    wants_credit = models.BooleanField(default=True)
    size = models.PositiveBigIntegerField()
    chunk_size = models.PositiveIntegerField()
    received = models.PositiveBigIntegerField(default=0)
    storage_key = models.CharField(max_length=255, blank=True)
    s3_upload_id = models.CharField(max_length=1024, blank=True)
    clip = models.OneToOneField(Clip, on_delete=models.SET_NULL, null=True, blank=True, related_name="upload")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Phiên tải clip")
        verbose_name_plural = _("Phiên tải clip")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["created_by", "state"])]
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "client_key"], name="clip_upload_unique_client_key"
            ),
            models.CheckConstraint(
                condition=Q(received__lte=F("size")), name="clip_upload_received_within_size"
            ),
            models.CheckConstraint(condition=Q(size__gt=0), name="clip_upload_size_positive"),
            models.CheckConstraint(condition=Q(chunk_size__gt=0), name="clip_upload_chunk_size_positive"),
        ]

    def __str__(self):
        return f"{self.id} ({self.received}/{self.size})"

    @property
    def part_count(self) -> int:
        return max(1, -(-self.size // self.chunk_size))


class ClipEvent(models.Model):
    """Audit row: one per move of a clip (who, when, from, to, why), and per safeguarding flag or removal
    from the public wall."""

    clip = models.ForeignKey(Clip, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=14, choices=ClipEventKind.choices, default=ClipEventKind.TRANSITION)
    from_state = models.CharField(max_length=12, choices=ClipState.choices)
    to_state = models.CharField(max_length=12, choices=ClipState.choices)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Lịch sử clip")
        verbose_name_plural = _("Lịch sử clip")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.clip_id}: {self.from_state} → {self.to_state}"
