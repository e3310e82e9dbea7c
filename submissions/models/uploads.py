import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from contest.enums import MediaKind
from submissions.enums import UploadBackend, UploadState


class UploadSession(models.Model):
    """One resumable upload of one file into an entry. The bytes go to a temporary file on disk (embedded
    default) or straight into a multipart upload in the bucket; the MediaAsset row is made only when the
    upload is complete and checked."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    entry = models.ForeignKey("submissions.Entry", on_delete=models.CASCADE, related_name="upload_sessions")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="upload_sessions"
    )
    # Chosen by the browser for one file; a retried "start" with the same key returns the same session.
    client_key = models.UUIDField()
    backend = models.CharField(max_length=4, choices=UploadBackend.choices)
    state = models.CharField(max_length=10, choices=UploadState.choices, default=UploadState.ACTIVE)
    original_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=10, choices=MediaKind.choices)
    role = models.CharField(max_length=60, blank=True)
    position = models.PositiveSmallIntegerField(null=True, blank=True)
    size = models.PositiveBigIntegerField()
    chunk_size = models.PositiveIntegerField()
    received = models.PositiveBigIntegerField(default=0)
    storage_key = models.CharField(max_length=255, blank=True)
    s3_upload_id = models.CharField(max_length=1024, blank=True)
    asset = models.OneToOneField(
        "submissions.MediaAsset", on_delete=models.SET_NULL, null=True, blank=True, related_name="upload"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Phiên tải lên")
        verbose_name_plural = _("Phiên tải lên")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["created_by", "state"])]
        constraints = [
            models.UniqueConstraint(fields=["entry", "client_key"], name="upload_unique_client_key"),
            models.CheckConstraint(condition=Q(received__lte=F("size")), name="upload_received_within_size"),
            models.CheckConstraint(condition=Q(size__gt=0), name="upload_size_positive"),
            models.CheckConstraint(condition=Q(chunk_size__gt=0), name="upload_chunk_size_positive"),
        ]

    def __str__(self):
        return f"{self.id} ({self.received}/{self.size})"

    @property
    def part_count(self) -> int:
        return max(1, -(-self.size // self.chunk_size))
