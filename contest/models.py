"""Campaigns, contests (categories) with their format rules, divisions, schools, prizes, and accounts."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from contest.enums import ContestKind, MediaKind, PrizeTier, Role, SchoolClaim, SchoolLevel


def _in_language(vietnamese: str, *, en: str) -> str:
    """The English text on the English site when an organiser wrote one, the Vietnamese otherwise."""
    if en and get_language() == "en":
        return en
    return vietnamese


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True, role=Role.ORGANISER)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """One account per person; signs in with an e-mail address. The role decides what they may do."""

    username = None
    email = models.EmailField(_("E-mail"), unique=True)
    full_name = models.CharField(_("Họ và tên"), max_length=150, blank=True)
    role = models.CharField(_("Vai trò"), max_length=20, choices=Role.choices, default=Role.ENTRANT)
    date_of_birth = models.DateField(_("Ngày sinh"), null=True, blank=True)
    school = models.ForeignKey(
        "contest.School",
        verbose_name=_("Trường"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    school_status = models.CharField(
        _("Xác nhận của nhà trường"), max_length=10, choices=SchoolClaim.choices, default=SchoolClaim.CLAIMED
    )
    school_decided_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    school_decided_at = models.DateTimeField(_("Xác nhận lúc"), null=True, blank=True, editable=False)
    school_other = models.CharField(_("Trường khác / ngoài nhà trường"), max_length=200, blank=True)
    out_of_school = models.BooleanField(
        _("Không đi học / đã tốt nghiệp"),
        default=False,
        help_text=_("Thanh niên không còn đi học: đăng ký không cần trường."),
    )
    class_name = models.CharField(_("Lớp"), max_length=40, blank=True)
    is_safeguarding_officer = models.BooleanField(_("Cán bộ bảo vệ trẻ em"), default=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("Người dùng")
        verbose_name_plural = _("Người dùng")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role=Role.COORDINATOR) | Q(school__isnull=False),
                name="coordinator_has_school",
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split()[-1] if self.full_name else self.email

    def clean(self):
        super().clean()
        if self.role == Role.COORDINATOR and self.school_id is None:
            raise ValidationError({"school": _("Giáo viên phụ trách phải thuộc một trường.")})


class School(models.Model):
    name = models.CharField(_("Tên trường"), max_length=200)
    level = models.CharField(_("Cấp học"), max_length=10, choices=SchoolLevel.choices)
    ward = models.CharField(_("Phường/Xã"), max_length=120)
    code = models.CharField(_("Mã trường"), max_length=20, unique=True)
    address = models.CharField(_("Địa chỉ"), max_length=300, blank=True)
    pupil_count = models.PositiveIntegerField(
        _("Số học sinh"),
        null=True,
        blank=True,
        help_text=_("Sĩ số đã đăng ký của trường: số người tham gia hoạt động được so với con số này."),
    )

    class Meta:
        verbose_name = _("Trường")
        verbose_name_plural = _("Trường")
        ordering = ["name"]

    def __str__(self):
        return self.name


class SchoolAlias(models.Model):
    """A school name typed by pupils ("Tên trường khác") that organisers merged into a listed school;
    pupils who type it again are matched at once."""

    folded = models.CharField(_("Tên đã chuẩn hoá"), max_length=200, unique=True)
    typed_name = models.CharField(_("Tên học sinh đã ghi"), max_length=200)
    school = models.ForeignKey(
        School, verbose_name=_("Trường"), on_delete=models.CASCADE, related_name="aliases"
    )
    merged_by = models.ForeignKey(
        "contest.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    merged_at = models.DateTimeField(_("Gộp lúc"), auto_now=True)

    class Meta:
        verbose_name = _("Tên trường ghi tay")
        verbose_name_plural = _("Tên trường ghi tay")
        ordering = ["typed_name"]

    def __str__(self):
        return f"{self.typed_name} → {self.school}"


class Campaign(models.Model):
    name = models.CharField(_("Tên chiến dịch"), max_length=200)
    slug = models.SlugField(_("Đường dẫn"), unique=True)
    code = models.CharField(
        _("Mã chiến dịch"), max_length=8, default="KMM", help_text=_("Đầu mã bài dự thi.")
    )
    message = models.TextField(_("Thông điệp"), blank=True)
    hashtags = models.CharField(_("Hashtag"), max_length=200, blank=True)
    starts_on = models.DateField(_("Ngày bắt đầu"))
    ends_on = models.DateField(_("Ngày kết thúc"))
    data_retention_until = models.DateField(
        _("Xoá dữ liệu cá nhân sau ngày"),
        null=True,
        blank=True,
        help_text=_("Sau ngày này, dữ liệu cá nhân của thí sinh không đạt giải sẽ được xoá."),
    )

    class Meta:
        verbose_name = _("Chiến dịch")
        verbose_name_plural = _("Chiến dịch")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="campaign_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Ngày kết thúc phải sau ngày bắt đầu.")})


class Division(models.Model):
    """An age group of a campaign (Bảng), e.g. THCS for pupils aged 12–15. A campaign's divisions never
    overlap, so every entrant's age on a closing date names at most one."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("Chiến dịch"), on_delete=models.CASCADE, related_name="divisions"
    )
    name = models.CharField(_("Tên bảng"), max_length=100)
    name_en = models.CharField(_("Tên bảng (tiếng Anh)"), max_length=100, blank=True)
    min_age = models.PositiveSmallIntegerField(_("Tuổi tối thiểu"))
    max_age = models.PositiveSmallIntegerField(_("Tuổi tối đa"))
    school_levels = models.JSONField(_("Cấp học"), default=list, blank=True)

    class Meta:
        verbose_name = _("Bảng thi")
        verbose_name_plural = _("Bảng thi")
        ordering = ["campaign", "min_age"]
        constraints = [
            models.CheckConstraint(condition=Q(max_age__gte=F("min_age")), name="division_age_range"),
            models.UniqueConstraint(fields=["campaign", "name"], name="division_unique_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.min_age}–{self.max_age})"

    @property
    def localized_name(self) -> str:
        return _in_language(self.name, en=self.name_en)

    def clean(self):
        super().clean()
        if self.min_age is not None and self.max_age is not None and self.max_age < self.min_age:
            raise ValidationError({"max_age": _("Tuổi tối đa không được nhỏ hơn tuổi tối thiểu.")})
        if self.campaign_id and self.min_age is not None and self.max_age is not None:
            overlapping = (
                Division.objects.filter(
                    campaign_id=self.campaign_id, min_age__lte=self.max_age, max_age__gte=self.min_age
                )
                .exclude(pk=self.pk)
                .first()
            )
            if overlapping is not None:
                raise ValidationError(
                    {
                        "min_age": _(
                            "Độ tuổi trùng với %(name)s (%(low)d–%(high)d). Các bảng thi không được trùng tuổi."
                        )
                        % {"name": overlapping.name, "low": overlapping.min_age, "high": overlapping.max_age}
                    }
                )
        unknown = set(self.school_levels or []) - set(SchoolLevel.values)
        if unknown:
            raise ValidationError(
                {"school_levels": _("Cấp học không hợp lệ: %s") % ", ".join(sorted(unknown))}
            )


class Contest(models.Model):
    """One category of a campaign with its format rules; the rules are enforced on upload and again
    by the media pipeline."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("Chiến dịch"), on_delete=models.CASCADE, related_name="contests"
    )
    kind = models.CharField(_("Thể loại"), max_length=20, choices=ContestKind.choices)
    title = models.CharField(_("Tên cuộc thi"), max_length=200)
    slug = models.SlugField(_("Đường dẫn"))
    code = models.CharField(
        _("Mã thể loại"), max_length=4, help_text=_("Dùng trong mã bài dự thi, ví dụ VID.")
    )
    title_en = models.CharField(_("Tên cuộc thi (tiếng Anh)"), max_length=200, blank=True)
    rules = models.TextField(_("Thể lệ"), blank=True)
    rules_en = models.TextField(_("Thể lệ (tiếng Anh)"), blank=True)
    accepted_media_kinds = models.JSONField(_("Loại tệp được nhận"), default=list)
    min_files = models.PositiveSmallIntegerField(_("Số tệp tối thiểu"), default=1)
    max_files = models.PositiveSmallIntegerField(_("Số tệp tối đa"), default=1)
    max_file_bytes = models.PositiveBigIntegerField(
        _("Dung lượng tối đa mỗi tệp (byte)"), default=50 * 1024**2
    )
    max_pixels = models.PositiveBigIntegerField(_("Số điểm ảnh tối đa"), null=True, blank=True)
    min_duration_seconds = models.PositiveIntegerField(
        _("Thời lượng tối thiểu (giây)"), null=True, blank=True
    )
    max_duration_seconds = models.PositiveIntegerField(_("Thời lượng tối đa (giây)"), null=True, blank=True)
    min_pages = models.PositiveSmallIntegerField(
        _("Số trang tối thiểu"),
        null=True,
        blank=True,
        help_text=_("Truyện tranh: tổng số trang của bài (mỗi ảnh một trang, tệp PDF tính theo số trang)."),
    )
    max_pages = models.PositiveSmallIntegerField(_("Số trang tối đa"), null=True, blank=True)
    min_words = models.PositiveIntegerField(_("Số chữ tối thiểu"), null=True, blank=True)
    max_words = models.PositiveIntegerField(_("Số chữ tối đa"), null=True, blank=True)
    team_size_max = models.PositiveSmallIntegerField(_("Số thành viên nhóm tối đa"), default=1)
    entries_per_entrant = models.PositiveSmallIntegerField(_("Số bài tối đa mỗi thí sinh"), default=1)
    opens_at = models.DateTimeField(_("Mở nhận bài lúc"))
    closes_at = models.DateTimeField(_("Hạn nộp bài"))
    divisions = models.ManyToManyField(
        Division, verbose_name=_("Bảng thi"), related_name="contests", blank=True
    )

    class Meta:
        verbose_name = _("Cuộc thi")
        verbose_name_plural = _("Cuộc thi")
        ordering = ["campaign", "closes_at", "title"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "slug"], name="contest_unique_slug"),
            models.UniqueConstraint(fields=["campaign", "code"], name="contest_unique_code"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="contest_closes_after_open"
            ),
            models.CheckConstraint(
                condition=Q(max_files__gte=F("min_files")), name="contest_file_count_range"
            ),
            models.CheckConstraint(
                condition=Q(min_words__isnull=True)
                | Q(max_words__isnull=True)
                | Q(max_words__gte=F("min_words")),
                name="contest_word_range",
            ),
            models.CheckConstraint(
                condition=Q(min_duration_seconds__isnull=True)
                | Q(max_duration_seconds__isnull=True)
                | Q(max_duration_seconds__gte=F("min_duration_seconds")),
                name="contest_duration_range",
            ),
            models.CheckConstraint(
                condition=Q(min_pages__isnull=True)
                | Q(max_pages__isnull=True)
                | Q(max_pages__gte=F("min_pages")),
                name="contest_page_range",
            ),
            models.CheckConstraint(condition=Q(min_files__gte=1), name="contest_at_least_one_file"),
            models.CheckConstraint(condition=Q(team_size_max__gte=1), name="contest_team_size_positive"),
            models.CheckConstraint(condition=Q(entries_per_entrant__gte=1), name="contest_entries_positive"),
        ]

    def __str__(self):
        return self.title

    @property
    def localized_title(self) -> str:
        return _in_language(self.title, en=self.title_en)

    @property
    def localized_rules(self) -> str:
        return _in_language(self.rules, en=self.rules_en)

    def clean(self):
        super().clean()
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("Hạn nộp bài phải sau thời điểm mở nhận bài.")
        if self.min_files is not None and self.max_files is not None and self.max_files < self.min_files:
            errors["max_files"] = _("Số tệp tối đa không được nhỏ hơn số tệp tối thiểu.")
        if self.min_files == 0:
            errors["min_files"] = _("Bài dự thi phải có ít nhất một tệp.")
        if self.min_words is not None and self.max_words is not None and self.max_words < self.min_words:
            errors["max_words"] = _("Số chữ tối đa không được nhỏ hơn số chữ tối thiểu.")
        if (
            self.min_duration_seconds is not None
            and self.max_duration_seconds is not None
            and self.max_duration_seconds < self.min_duration_seconds
        ):
            errors["max_duration_seconds"] = _("Thời lượng tối đa không được nhỏ hơn thời lượng tối thiểu.")
        if self.min_pages is not None and self.max_pages is not None and self.max_pages < self.min_pages:
            errors["max_pages"] = _("Số trang tối đa không được nhỏ hơn số trang tối thiểu.")
        kinds = self.accepted_media_kinds or []
        if not kinds:
            errors["accepted_media_kinds"] = _("Hãy chọn ít nhất một loại tệp được nhận.")
        elif set(kinds) - set(MediaKind.values):
            errors["accepted_media_kinds"] = _("Loại tệp không hợp lệ.")
        if self.team_size_max == 0:
            errors["team_size_max"] = _("Nhóm phải có ít nhất một thành viên.")
        if self.entries_per_entrant == 0:
            errors["entries_per_entrant"] = _("Mỗi thí sinh phải được nộp ít nhất một bài.")
        if self.code:
            self.code = self.code.upper()
        if errors:
            raise ValidationError(errors)


class Prize(models.Model):
    """How many prizes of one tier a contest awards in one division."""

    contest = models.ForeignKey(
        Contest, verbose_name=_("Cuộc thi"), on_delete=models.CASCADE, related_name="prizes"
    )
    division = models.ForeignKey(
        Division, verbose_name=_("Bảng"), on_delete=models.CASCADE, related_name="prizes"
    )
    tier = models.CharField(_("Giải"), max_length=20, choices=PrizeTier.choices)
    count = models.PositiveSmallIntegerField(_("Số lượng"), default=1)

    class Meta:
        verbose_name = _("Giải thưởng")
        verbose_name_plural = _("Giải thưởng")
        ordering = ["contest", "division", "tier"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "division", "tier"], name="prize_unique_tier"),
            models.CheckConstraint(condition=Q(count__gte=1), name="prize_count_positive"),
        ]

    def __str__(self):
        return f"{self.get_tier_display()} × {self.count}"


class SignInFailure(models.Model):
    """One wrong password, kept for a day to pace guessing (see contest.throttling). Holds keyed digests of
    the typed e-mail, the address and the browser, never the values themselves."""

    account = models.CharField(max_length=64, db_index=True)
    address = models.CharField(max_length=64, db_index=True)
    device = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("Lần đăng nhập sai")
        verbose_name_plural = _("Lần đăng nhập sai")

    def __str__(self):
        return f"{self.account[:8]} {self.at:%Y-%m-%d %H:%M}"
