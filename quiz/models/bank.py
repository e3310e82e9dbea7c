"""The question bank organisers keep in the Wagtail admin: questions with their choices, tags and difficulty."""

import secrets

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from quiz.enums import Difficulty, QuestionKind

KEY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$"


def new_question_key() -> str:
    return f"cau-{secrets.token_hex(4)}"


def question_image_path(instance, filename: str) -> str:
    """A neutral name: the organiser's file name never becomes public; the file is our own scrubbed JPEG."""
    return f"quiz/cau-hoi-{secrets.token_hex(16)}.jpg"


class QuestionTag(models.Model):
    """A theme questions are drawn by ("lừa đảo", "dụ dỗ", "bắt cóc online")."""

    name = models.CharField(_("Chủ đề"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Chủ đề câu hỏi")
        verbose_name_plural = _("Chủ đề câu hỏi")

    def __str__(self):
        return self.name


class Question(ClusterableModel):
    """One question of the bank. `key` is stable across XLSX exports and imports: a re-import updates the
    question with the same key instead of adding a copy."""

    key = models.CharField(
        _("Mã câu hỏi"),
        max_length=40,
        unique=True,
        default=new_question_key,
        validators=[
            RegexValidator(KEY_PATTERN, _("Mã chỉ gồm chữ không dấu, số, '-' và '_' (tối đa 40 ký tự)."))
        ],
        help_text=_("Dùng để nhập lại từ Excel mà không tạo câu hỏi trùng."),
    )
    kind = models.CharField(
        _("Loại câu hỏi"), max_length=12, choices=QuestionKind.choices, default=QuestionKind.SINGLE
    )
    text = models.TextField(_("Câu hỏi"), max_length=1000)
    image = models.FileField(
        _("Ảnh minh hoạ"),
        upload_to=question_image_path,
        max_length=200,
        blank=True,
        help_text=_("PNG hoặc JPEG; ảnh được kiểm tra và lưu lại không kèm thông tin ẩn (vị trí, máy chụp)."),
    )
    explanation = models.TextField(_("Giải thích (hiện sau khi trả lời)"), max_length=2000, blank=True)
    tags = ParentalManyToManyField(
        QuestionTag, verbose_name=_("Chủ đề"), blank=True, related_name="questions"
    )
    difficulty = models.CharField(
        _("Độ khó"), max_length=10, choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    is_active = models.BooleanField(_("Đang dùng"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("Câu hỏi đố vui")
        verbose_name_plural = _("Câu hỏi đố vui")

    def __str__(self):
        return f"{self.key}: {self.text[:60]}"


class Choice(Orderable):
    """One choice of a question. Whether it is right is never sent to a pupil before they answer."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("Lựa chọn"), max_length=300)
    is_correct = models.BooleanField(_("Là đáp án đúng"), default=False)

    class Meta(Orderable.Meta):
        verbose_name = _("Lựa chọn")
        verbose_name_plural = _("Lựa chọn")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="quiz_choice_has_text"),
        ]

    def __str__(self):
        return self.text
