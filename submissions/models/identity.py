from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from submissions.enums import FindingKind, FindingSource, FindingStatus


class JudgeCopy(models.Model):
    """What judges see of an entry, approved in screening: the entrant's title, introduction and texts
    with identifiers redacted or edited away, and blurred pictures in place of some renditions. The
    entrant's own entry and files are never changed by screening."""

    entry = models.OneToOneField("submissions.Entry", on_delete=models.CASCADE, related_name="judge_copy")
    title = models.CharField(_("Tên tác phẩm (bản cho giám khảo)"), max_length=200, blank=True)
    statement = models.TextField(_("Lời giới thiệu (bản cho giám khảo)"), blank=True)
    text = models.TextField(_("Nội dung bài viết (bản cho giám khảo)"), blank=True)
    # {"<asset id>": "text"}: the approved text of each file that has one (DOCX, typed essay).
    file_texts = models.JSONField(default=dict, blank=True)
    # {"<asset id>": {"<rendition name>": "<storage key>"}}: blurred renditions judges get instead.
    renditions = models.JSONField(default=dict, blank=True)
    # {"<asset id>": "<iso time>"}: files whose pictures and text have been searched.
    checked_assets = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Bản cho giám khảo")
        verbose_name_plural = _("Bản cho giám khảo")

    def __str__(self):
        return f"{self.entry_id}"


class IdentityFinding(models.Model):
    """One place where an entry may identify its author: a span of a text, or a region of a picture.
    Open findings hold the entry out of judging until an organiser resolves them."""

    entry = models.ForeignKey("submissions.Entry", on_delete=models.CASCADE, related_name="identity_findings")
    asset = models.ForeignKey(
        "submissions.MediaAsset", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # The page (page_003.webp) a region is on; empty for every width of one picture or for texts.
    rendition = models.CharField(max_length=40, blank=True)
    source = models.CharField(_("Nằm ở"), max_length=12, choices=FindingSource.choices)
    kind = models.CharField(_("Loại"), max_length=10, choices=FindingKind.choices)
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    excerpt = models.CharField(_("Đoạn tìm thấy"), max_length=300, blank=True)
    region = models.JSONField(null=True, blank=True)
    status = models.CharField(
        _("Xử lý"), max_length=12, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    note = models.TextField(_("Ghi chú"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Thông tin nhận diện")
        verbose_name_plural = _("Thông tin nhận diện")
        ordering = ["entry", "source", "start", "pk"]
        indexes = [models.Index(fields=["entry", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__gt=models.F("start")), name="finding_span_not_empty"
            ),
        ]

    def __str__(self):
        return f"{self.entry_id}: {self.kind} in {self.source}"
