import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from submissions.enums import EntryState, MembershipState


class EntrySequence(models.Model):
    """The last number handed out per contest, so entry codes (KMM-VID-0137) never repeat."""

    contest = models.OneToOneField("contest.Contest", on_delete=models.CASCADE, primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.contest_id}: {self.last_number}"


class Entry(models.Model):
    """One work entered in one contest, by a lead entrant and optionally a team."""

    contest = models.ForeignKey("contest.Contest", on_delete=models.PROTECT, related_name="entries")
    division = models.ForeignKey(
        "contest.Division", on_delete=models.PROTECT, related_name="entries", null=True, blank=True
    )
    lead_entrant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="led_entries", null=True, blank=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Người nộp thay (giáo viên phụ trách), nếu có."),
    )
    code = models.CharField(_("Mã bài dự thi"), max_length=24, unique=True)
    title = models.CharField(_("Tên tác phẩm"), max_length=200, blank=True)
    statement = models.TextField(_("Lời giới thiệu cho giám khảo"), blank=True)
    text = models.TextField(_("Nội dung bài viết"), blank=True)
    state = models.CharField(
        _("Trạng thái"), max_length=20, choices=EntryState.choices, default=EntryState.DRAFT
    )
    version = models.PositiveIntegerField(_("Lần nộp"), default=0)
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("Nộp lúc"), null=True, blank=True)
    return_reason = models.TextField(_("Lý do cần bổ sung"), blank=True)
    # Kept by the consent services: True once every needed consent to take part and be judged is given.
    # Judging only ever sees entries where it is True.
    consent_complete = models.BooleanField(_("Đủ sự đồng ý tham gia"), default=False)
    # Kept by the identity services: True while an identifier found in the entry (or reported by a judge)
    # is unresolved. Like missing consent, it holds the entry out of assignment and pauses its sheets.
    identity_hold = models.BooleanField(_("Còn thông tin nhận diện chưa xử lý"), default=False)
    # Last change to the work itself (text, files, team); a submission with nothing changed since the
    # last one is the same submission again, not a new version.
    content_changed_at = models.DateTimeField(_("Sửa nội dung lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("Bài dự thi")
        verbose_name_plural = _("Bài dự thi")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["contest", "state"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(state=EntryState.DRAFT)
                | Q(submitted_at__isnull=False)
                | Q(state=EntryState.WITHDRAWN),
                name="entry_submitted_has_time",
            ),
        ]

    def __str__(self):
        return self.code

    def get_admin_url(self) -> str:
        """The organisers' screening page, linked from privacy's safeguarding flags."""
        return reverse("screening_entry", kwargs={"pk": self.pk})


class TeamMember(models.Model):
    """A member of an entry's team besides the lead: a pupil invited by e-mail, or only a name.

    An invited pupil counts (towards entry limits, consent, seeing the entry) only once they have accepted
    from their own account; `user` stays empty until an invited address has an account."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="team_members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="team_memberships",
    )
    name = models.CharField(_("Họ và tên"), max_length=150, blank=True)
    email = models.EmailField(_("E-mail"), blank=True)
    state = models.CharField(
        _("Trạng thái"), max_length=10, choices=MembershipState.choices, default=MembershipState.INVITED
    )
    invited_at = models.DateTimeField(_("Mời lúc"), default=timezone.now)
    responded_at = models.DateTimeField(_("Trả lời lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("Thành viên nhóm")
        verbose_name_plural = _("Thành viên nhóm")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "user"], condition=Q(user__isnull=False), name="team_member_unique_user"
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(name="") | ~Q(email=""), name="team_member_named"
            ),
            models.CheckConstraint(
                condition=~Q(state=MembershipState.ACCEPTED) | Q(user__isnull=False),
                name="team_member_accepted_has_account",
            ),
        ]

    def __str__(self):
        return self.name or str(self.user)

    @property
    def is_accepted(self) -> bool:
        return self.state == MembershipState.ACCEPTED


class EntryEvent(models.Model):
    """Audit row: one per transition of an entry (who, when, from, to, why)."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_state = models.CharField(max_length=20, choices=EntryState.choices)
    to_state = models.CharField(max_length=20, choices=EntryState.choices)
    reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Lịch sử bài dự thi")
        verbose_name_plural = _("Lịch sử bài dự thi")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.entry_id}: {self.from_state} → {self.to_state}"
