import uuid

from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contest.enums import MediaKind
from submissions.enums import AssetState


def private_storage():
    return storages["private"]


class MediaAsset(models.Model):
    """One stored original file of an entry. The row exists only once the bytes are stored; the original
    lives in private storage under a random key and never has a public URL."""

    entry = models.ForeignKey("submissions.Entry", on_delete=models.CASCADE, related_name="assets")
    position = models.PositiveSmallIntegerField(_("Thứ tự"), default=1)
    role = models.CharField(_("Vai trò trong bài"), max_length=60, blank=True, help_text=_("Ví dụ: trang 3"))
    kind = models.CharField(_("Loại tệp"), max_length=10, choices=MediaKind.choices)
    original = models.FileField(storage=private_storage, max_length=255)
    original_name = models.CharField(_("Tên tệp gốc"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("Dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)
    upload_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    state = models.CharField(
        _("Trạng thái"), max_length=12, choices=AssetState.choices, default=AssetState.UPLOADED
    )
    progress = models.PositiveSmallIntegerField(_("Tiến độ xử lý (%)"), default=0)
    rejection_reason = models.TextField(_("Lý do từ chối"), blank=True)
    probe = models.JSONField(_("Kết quả kiểm tra"), default=dict, blank=True)
    renditions = models.JSONField(_("Bản chuyển đổi"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Tệp dự thi")
        verbose_name_plural = _("Tệp dự thi")
        ordering = ["entry", "position"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "sha256"], name="asset_unique_content_per_entry"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="asset_progress_percent"),
        ]

    def __str__(self):
        return f"{self.entry.code} · {self.position}"
