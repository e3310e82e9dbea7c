"""Certificate templates (designed by organisers in the admin) and the certificates issued from results."""

import secrets

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from certificates.enums import Align, CertificateKind, CertificateState, TemplateField
from contest.enums import PrizeTier

CODE_BYTES = 24  # 32 URL-safe characters: 192 random bits, nothing derived from an id


def new_code() -> str:
    return secrets.token_urlsafe(CODE_BYTES)


def _private_storage():
    return storages["private"]


def _background_key(instance, filename) -> str:
    # The organiser's file name never reaches the store; the form re-encodes the image as JPEG.
    return f"certificates/backgrounds/{secrets.token_hex(16)}.jpg"


_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Nhập màu dạng #RRGGBB, ví dụ #1f1a4d."))


class CertificateTemplate(ClusterableModel):
    """How a contest's certificates look (A4 landscape): background, texts, signatures and where each field goes.
    A template without a contest is the default for contests that have none."""

    name = models.CharField(_("Tên mẫu"), max_length=120)
    contest = models.OneToOneField(
        "contest.Contest",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="certificate_template",
        verbose_name=_("Cuộc thi"),
        help_text=_("Để trống: mẫu mặc định cho các cuộc thi chưa có mẫu riêng."),
    )
    background_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Ảnh nền (thư viện ảnh)"),
    )
    background_upload = models.FileField(
        _("Ảnh nền (tải lên PNG/JPEG)"),
        storage=_private_storage,
        upload_to=_background_key,
        blank=True,
        help_text=_("Dùng khi không chọn ảnh trong thư viện. Ảnh PNG hoặc JPEG, khổ A4 (tỉ lệ 297 × 210)."),
    )
    heading = models.CharField(_("Tiêu đề"), max_length=80, default="GIẤY CHỨNG NHẬN")
    intro = models.CharField(
        _("Lời dẫn"), max_length=200, default="Ban tổ chức cuộc thi trân trọng chứng nhận"
    )
    award_text = models.CharField(_("Lời ghi cho bài đạt giải"), max_length=120, default="Đã đạt")
    participation_text = models.CharField(
        _("Lời ghi cho giấy chứng nhận tham gia"), max_length=200, default="Đã tham gia cuộc thi"
    )
    text_colour = models.CharField(_("Màu chữ"), max_length=7, default="#1f1a4d", validators=[_colour])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Mẫu giấy chứng nhận")
        verbose_name_plural = _("Mẫu giấy chứng nhận")
        ordering = ["contest_id", "name"]

    def __str__(self):
        return self.name


class CertificateSignature(Orderable):
    template = ParentalKey(CertificateTemplate, on_delete=models.CASCADE, related_name="signatures")
    name = models.CharField(_("Họ tên người ký"), max_length=120)
    title = models.CharField(_("Chức danh"), max_length=160)
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Ảnh chữ ký"),
    )
    x_mm = models.DecimalField(_("Tâm ngang (mm)"), max_digits=5, decimal_places=1, default=220)
    y_mm = models.DecimalField(_("Từ mép trên (mm)"), max_digits=5, decimal_places=1, default=150)
    width_mm = models.DecimalField(
        _("Rộng (mm)"),
        max_digits=5,
        decimal_places=1,
        default=70,
        validators=[MinValueValidator(10), MaxValueValidator(297)],
    )

    class Meta(Orderable.Meta):
        verbose_name = _("Chữ ký")
        verbose_name_plural = _("Chữ ký")

    def __str__(self):
        return self.name


class CertificateFieldPlacement(Orderable):
    """One field's box on the page, measured from the top-left corner; its text shrinks to fit the box."""

    template = ParentalKey(CertificateTemplate, on_delete=models.CASCADE, related_name="placements")
    field = models.CharField(_("Nội dung"), max_length=20, choices=TemplateField.choices)
    x_mm = models.DecimalField(_("Từ mép trái (mm)"), max_digits=5, decimal_places=1)
    y_mm = models.DecimalField(_("Từ mép trên (mm)"), max_digits=5, decimal_places=1)
    width_mm = models.DecimalField(
        _("Rộng (mm)"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(5), MaxValueValidator(297)],
    )
    height_mm = models.DecimalField(
        _("Cao (mm)"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(3), MaxValueValidator(297)],
    )
    font_size = models.DecimalField(
        _("Cỡ chữ tối đa (pt)"),
        max_digits=4,
        decimal_places=1,
        default=14,
        validators=[MinValueValidator(4), MaxValueValidator(96)],
    )
    bold = models.BooleanField(_("Chữ đậm"), default=False)
    align = models.CharField(_("Căn lề"), max_length=10, choices=Align.choices, default=Align.CENTER)

    class Meta(Orderable.Meta):
        verbose_name = _("Vị trí nội dung")
        verbose_name_plural = _("Vị trí nội dung")

    def __str__(self):
        return self.get_field_display()


class Certificate(models.Model):
    """One pupil's certificate for one entry: a prize (one per Award and member) or taking part.

    The PDF is drawn from this row when downloaded, so the name the pupil chooses is always the one printed;
    the code stays the same however often the certificate is issued again."""

    code = models.CharField(_("Mã xác thực"), max_length=64, unique=True, default=new_code, editable=False)
    kind = models.CharField(_("Loại"), max_length=20, choices=CertificateKind.choices)
    state = models.CharField(
        _("Trạng thái"), max_length=10, choices=CertificateState.choices, default=CertificateState.ISSUED
    )
    entry = models.ForeignKey(
        "submissions.Entry",
        on_delete=models.CASCADE,
        related_name="certificates",
        verbose_name=_("Bài dự thi"),
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="certificates",
        verbose_name=_("Người nhận"),
    )
    contest = models.ForeignKey(
        "contest.Contest", on_delete=models.PROTECT, related_name="+", verbose_name=_("Cuộc thi")
    )
    division = models.ForeignKey(
        "contest.Division",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Bảng"),
    )
    tier = models.CharField(_("Giải"), max_length=20, choices=PrizeTier.choices, blank=True)
    printed_name = models.CharField(
        _("Tên in trên giấy chứng nhận"),
        max_length=80,
        blank=True,
        help_text=_("Để trống: in họ và tên đầy đủ."),
    )
    issued_at = models.DateTimeField(_("Cấp lúc"))
    revoked_at = models.DateTimeField(_("Thu hồi lúc"), null=True, blank=True)
    revoked_reason = models.TextField(_("Lý do thu hồi"), blank=True)

    class Meta:
        verbose_name = _("Giấy chứng nhận")
        verbose_name_plural = _("Giấy chứng nhận")
        ordering = ["contest_id", "entry_id", "kind", "holder_id"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "holder", "kind"], name="certificate_one_per_kind"),
            models.CheckConstraint(
                condition=Q(kind=CertificateKind.PARTICIPATION) | ~Q(tier=""),
                name="certificate_award_has_tier",
            ),
            models.CheckConstraint(
                condition=Q(state=CertificateState.ISSUED) | Q(revoked_at__isnull=False),
                name="certificate_revoked_has_time",
            ),
        ]
        indexes = [models.Index(fields=["holder", "state"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.entry_id}"

    @property
    def is_valid(self) -> bool:
        return self.state == CertificateState.ISSUED

    @property
    def code_groups(self) -> list[str]:
        """The code in groups of eight, so a page can let it wrap on a phone (with <wbr>)."""
        return [self.code[i : i + 8] for i in range(0, len(self.code), 8)]

    @property
    def name_on_paper(self) -> str:
        return self.printed_name or self.holder.full_name


class CertificateEvent(models.Model):
    """Audit row: issue, revocation and reinstatement of a certificate, and name changes."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_state = models.CharField(max_length=10, choices=CertificateState.choices, blank=True)
    to_state = models.CharField(max_length=10, choices=CertificateState.choices)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Lịch sử giấy chứng nhận")
        verbose_name_plural = _("Lịch sử giấy chứng nhận")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.certificate_id}: {self.from_state} → {self.to_state}"
