from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Một đáp án đúng")
    MULTIPLE = "multiple", _("Nhiều đáp án đúng")
    TRUE_FALSE = "true_false", _("Đúng/Sai")


class Difficulty(models.TextChoices):
    EASY = "easy", _("Dễ")
    MEDIUM = "medium", _("Vừa")
    HARD = "hard", _("Khó")


class AttemptMode(models.TextChoices):
    RANKED = "ranked", _("Tính điểm xếp hạng")
    PRACTICE = "practice", _("Luyện tập")


# The two choices of a true/false question, exactly as organisers type them (and the import expects them).
TRUE_LABEL = "Đúng"
FALSE_LABEL = "Sai"
