"""Recap videos: approved challenge clips compiled by FFmpeg into one video with title and end cards,
credits, the campaign logo and music (issue 13 §2). The row is also the render job: state, progress,
attempts, worker and heartbeat live here, so the admin's progress display and the reaper read one table."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from recaps.enums import ClipChoice, RecapShape, RecapState


class Recap(models.Model):
    challenge = models.ForeignKey(
        "challenges.Challenge", verbose_name=_("Thử thách"), on_delete=models.PROTECT, related_name="recaps"
    )
    title = models.CharField(_("Tiêu đề (khung mở đầu)"), max_length=120)
    end_text = models.CharField(_("Lời kết (khung kết thúc)"), max_length=200, blank=True)
    shape = models.CharField(
        _("Khung hình"), max_length=4, choices=RecapShape.choices, default=RecapShape.LANDSCAPE
    )
    clip_choice = models.CharField(
        _("Chọn clip"), max_length=8, choices=ClipChoice.choices, default=ClipChoice.CHOSEN
    )
    newest_count = models.PositiveSmallIntegerField(
        _("Số clip (khi lấy clip mới nhất)"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Logo chiến dịch (PNG)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    music = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("Nhạc nền (tệp âm thanh)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Nhạc được hạ nhỏ khi trong clip có tiếng nói."),
    )
    crossfade = models.DecimalField(
        _("Chuyển cảnh (giây)"),
        max_digits=3,
        decimal_places=1,
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(2)],
    )
    state = models.CharField(
        _("Trạng thái"), max_length=10, choices=RecapState.choices, default=RecapState.DRAFT
    )
    progress = models.PositiveSmallIntegerField(_("Tiến độ (%)"), default=0)
    error = models.TextField(_("Lỗi"), blank=True)
    # Every queueing gets a new token; a run whose token is no longer current throws its result away.
    render_token = models.UUIDField(default=uuid.uuid4, editable=False)
    attempts = models.PositiveSmallIntegerField(_("Số lần dựng"), default=0)
    worker = models.CharField(max_length=120, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    video = models.FileField(_("Video"), max_length=255, blank=True)
    poster = models.FileField(_("Ảnh bìa"), max_length=255, blank=True)
    duration_seconds = models.FloatField(_("Thời lượng (giây)"), null=True, blank=True)
    rendered_clip_ids = models.JSONField(_("Các clip trong video"), default=list, blank=True)
    rendered_at = models.DateTimeField(_("Dựng lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("Cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("Video tổng hợp")
        verbose_name_plural = _("Video tổng hợp")
        ordering = ["-updated_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="recap_progress_percent")]

    def __str__(self):
        return self.title

    @property
    def is_ready(self) -> bool:
        return self.state == RecapState.READY and bool(self.video)


class RecapItem(models.Model):
    """One clip an organiser chose for a recap, at its place in the order."""

    recap = models.ForeignKey(Recap, on_delete=models.CASCADE, related_name="items")
    clip = models.ForeignKey("challenges.Clip", on_delete=models.CASCADE, related_name="recap_items")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["recap", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["recap", "clip"], name="recap_item_once")]

    def __str__(self):
        return f"{self.recap_id}:{self.position}:{self.clip_id}"


class RecapEvent(models.Model):
    """Audit row of one move of a recap: who, when, from, to, why."""

    recap = models.ForeignKey(Recap, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_state = models.CharField(max_length=10, choices=RecapState.choices)
    to_state = models.CharField(max_length=10, choices=RecapState.choices)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.recap_id}: {self.from_state} → {self.to_state}"
