"""What the public sees of a published entry: its public key, its credit-free facts and the copies of its
scrubbed renditions in the public store. Imported by results.models."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contest.enums import PrizeTier


class PublicEntry(models.Model):
    """An entry shown in galleries, under an unguessable key (never its id or code in a URL). The title and
    text are the screened versions judges read; who made the work is never stored here but worked out from
    consents each time a page is drawn (results.credits)."""

    entry = models.OneToOneField(
        "submissions.Entry",
        on_delete=models.CASCADE,
        related_name="public_entry",
        verbose_name=_("Bài dự thi"),
    )
    key = models.CharField(_("Mã công khai"), max_length=32, unique=True, editable=False)
    contest = models.ForeignKey("contest.Contest", on_delete=models.CASCADE, related_name="+")
    division = models.ForeignKey(
        "contest.Division", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    tier = models.CharField(_("Giải"), max_length=20, choices=PrizeTier.choices, blank=True)
    rank = models.PositiveSmallIntegerField(_("Thứ hạng"), null=True, blank=True)
    # The prize's place in PRIZE_TIER_ORDER (first prize 0; a work chosen without a prize last), so a page
    # of the gallery is read in index order instead of sorting every public work.
    tier_order = models.PositiveSmallIntegerField(default=99)
    title = models.CharField(_("Tên tác phẩm"), max_length=200, blank=True)
    text = models.TextField(_("Nội dung bài viết"), blank=True)
    cover_key = models.CharField(max_length=255, blank=True)
    cover_width = models.PositiveIntegerField(null=True, blank=True)
    cover_height = models.PositiveIntegerField(null=True, blank=True)
    published_at = models.DateTimeField(_("Công khai lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("Tác phẩm công khai")
        verbose_name_plural = _("Tác phẩm công khai")
        ordering = ["contest", "division", "tier_order", "rank", "pk"]
        indexes = [
            models.Index(
                fields=["contest", "division", "tier_order", "rank", "id"], name="public_entry_gallery_order"
            ),
            models.Index(fields=["tier", "contest"], name="public_entry_tier"),
        ]

    def __str__(self):
        return self.key


class PublicFile(models.Model):
    """One copy in the public store (`default`) of a scrubbed rendition, under a random key."""

    public_entry = models.ForeignKey(PublicEntry, on_delete=models.CASCADE, related_name="files")
    position = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(max_length=40)
    role = models.CharField(max_length=12)
    key = models.CharField(max_length=255, unique=True)
    mime = models.CharField(max_length=60)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    duration = models.FloatField(null=True, blank=True)
    size = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("Tệp công khai")
        verbose_name_plural = _("Tệp công khai")
        ordering = ["public_entry", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["public_entry", "position", "name"], name="public_file_unique_name"
            )
        ]

    def __str__(self):
        return self.key
