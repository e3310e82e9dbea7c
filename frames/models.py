import hashlib
import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from frames.enums import DownloadSource, FrameKind

MIN_SIDE = 100
MAX_SIDE = 4000


def frame_path(instance, filename: str) -> str:
    """A neutral name: the organiser's file name never becomes public."""
    return f"frames/khung-{uuid.uuid4().hex}.png"


def thumbnail_path(instance, filename: str) -> str:
    return f"frames/khung-{uuid.uuid4().hex}-nho.png"


class Frame(models.Model):
    """A campaign frame (PNG with transparent parts) that anyone may put their photo into. The stored file is
    always our own re-encoding (frames.images.clean_frame), never the uploaded bytes."""

    title = models.CharField(_("Tên khung"), max_length=120)
    kind = models.CharField(_("Loại"), max_length=10, choices=FrameKind.choices, default=FrameKind.AVATAR)
    width = models.PositiveIntegerField(
        _("Chiều rộng ảnh tải về (px)"), validators=[MinValueValidator(MIN_SIDE), MaxValueValidator(MAX_SIDE)]
    )
    height = models.PositiveIntegerField(
        _("Chiều cao ảnh tải về (px)"), validators=[MinValueValidator(MIN_SIDE), MaxValueValidator(MAX_SIDE)]
    )
    image = models.FileField(_("Tệp khung (PNG trong suốt)"), upload_to=frame_path, max_length=200)
    # A small copy for the list of choices, so the page does not load every frame at full size.
    thumbnail = models.FileField(upload_to=thumbnail_path, max_length=200, blank=True, editable=False)
    is_public = models.BooleanField(_("Hiển thị cho mọi người"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("Thứ tự"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "sort_order", "pk"]
        verbose_name = _("Khung ảnh")
        verbose_name_plural = _("Khung ảnh")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(width__gte=MIN_SIDE, width__lte=MAX_SIDE, height__gte=MIN_SIDE)
                & models.Q(height__lte=MAX_SIDE),
                name="frame_size_in_range",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def version(self) -> str:
        """Changes whenever a new file is stored, so browsers fetch the new frame."""
        return hashlib.sha256(self.image.name.encode()).hexdigest()[:12]


class FrameDownload(models.Model):
    """How many pictures were made with a frame on one day: a count, nothing about who made them."""

    frame = models.ForeignKey(Frame, on_delete=models.CASCADE, related_name="downloads")
    day = models.DateField()
    source = models.CharField(max_length=10, choices=DownloadSource.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["frame", "day", "source"], name="one_download_count_per_day"),
        ]

    def __str__(self):
        return f"{self.frame_id} {self.day} {self.source}: {self.count}"
