"""Writes to the question bank: the rules a question's choices follow (the admin form and the XLSX import
share them) and the import, applied row by row after the organiser saw the dry run."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from quiz.enums import FALSE_LABEL, TRUE_LABEL, QuestionKind
from quiz.models import Choice, Question, QuestionTag

MIN_CHOICES, MAX_CHOICES = 2, 6


def choice_errors(kind: str, choices: list[tuple[str, bool]]) -> list[str]:
    """What is wrong with these (text, is_correct) choices for a question of `kind`, in Vietnamese."""
    errors = []
    texts = [text.strip() for text, _correct in choices]
    right = sum(1 for _text, correct in choices if correct)
    if kind == QuestionKind.TRUE_FALSE:
        if sorted(texts) != sorted([TRUE_LABEL, FALSE_LABEL]):
            errors.append(
                _("Câu Đúng/Sai phải có đúng hai lựa chọn “%(t)s” và “%(f)s”.")
                % {"t": TRUE_LABEL, "f": FALSE_LABEL}
            )
        elif right != 1:
            errors.append(_("Câu Đúng/Sai phải có đúng một lựa chọn đúng."))
        return errors
    if len(choices) < MIN_CHOICES:
        errors.append(_("Câu hỏi cần ít nhất %(n)d lựa chọn.") % {"n": MIN_CHOICES})
    if len(choices) > MAX_CHOICES:
        errors.append(_("Câu hỏi có tối đa %(n)d lựa chọn.") % {"n": MAX_CHOICES})
    if len({t.casefold() for t in texts}) != len(texts):
        errors.append(_("Hai lựa chọn giống hệt nhau."))
    if kind == QuestionKind.SINGLE and right != 1:
        errors.append(_("Câu một đáp án phải có đúng một lựa chọn đúng."))
    if kind == QuestionKind.MULTIPLE and right < 1:
        errors.append(_("Câu nhiều đáp án phải có ít nhất một lựa chọn đúng."))
    return errors


@dataclass
class QuestionData:
    """One question as the import reads it."""

    key: str
    kind: str
    text: str
    choices: list[tuple[str, bool]]
    explanation: str
    tags: list[str]
    difficulty: str
    is_active: bool

    def as_dict(self) -> dict:
        data = {k: getattr(self, k) for k in self.__dataclass_fields__}
        data["choices"] = [list(choice) for choice in self.choices]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> QuestionData:
        return cls(**{**data, "choices": [(str(t), bool(c)) for t, c in data["choices"]]})


def snapshot(question: Question) -> QuestionData:
    return QuestionData(
        key=question.key,
        kind=question.kind,
        text=question.text,
        choices=[(c.text, c.is_correct) for c in question.choices.all()],
        explanation=question.explanation,
        tags=sorted(t.name for t in question.tags.all()),
        difficulty=question.difficulty,
        is_active=question.is_active,
    )


def plan_import(*, rows) -> list[dict]:
    """For each row read: what applying would do ("create", "update", "same" or "error")."""
    keys = [row.data.key for row in rows if row.data is not None]
    existing = {q.key: q for q in Question.objects.filter(key__in=keys).prefetch_related("choices", "tags")}
    plan = []
    for row in rows:
        if row.errors or row.data is None:
            plan.append({"row": row, "action": "error", "errors": row.errors})
            continue
        current = existing.get(row.data.key)
        if current is None:
            action = "create"
        else:
            wanted = QuestionData.from_dict({**row.data.as_dict(), "tags": sorted(row.data.tags)})
            action = "same" if snapshot(current) == wanted else "update"
        plan.append({"row": row, "action": action, "errors": []})
    return plan


@dataclass(frozen=True)
class ImportOutcome:
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def apply_import(*, questions: list[QuestionData]) -> ImportOutcome:
    """Creates or updates each question by its key (a re-import never adds a copy). Choices are updated in
    place by their position, so earlier answers keep pointing at the same rows."""
    created = updated = unchanged = 0
    for data in questions:
        question = (
            Question.objects.select_for_update()
            .filter(key=data.key)
            .prefetch_related("choices", "tags")
            .first()
        )
        if question is not None and snapshot(question) == QuestionData.from_dict(
            {**data.as_dict(), "tags": sorted(data.tags)}
        ):
            unchanged += 1
            continue
        if question is None:
            question = Question(key=data.key)
            created += 1
        else:
            updated += 1
        question.kind = data.kind
        question.text = data.text
        question.explanation = data.explanation
        question.difficulty = data.difficulty
        question.is_active = data.is_active
        question.save()
        tags = [QuestionTag.objects.get_or_create(name=name)[0] for name in data.tags]
        question.tags.set(tags)
        question.save()  # ParentalManyToManyField values are written on save
        _set_choices(question, data.choices)
    return ImportOutcome(created, updated, unchanged)


def _set_choices(question: Question, choices: list[tuple[str, bool]]) -> None:
    current = list(Choice.objects.filter(question=question).order_by("sort_order", "pk"))
    for index, (text, correct) in enumerate(choices):
        if index < len(current):
            choice = current[index]
            choice.text, choice.is_correct, choice.sort_order = text, correct, index
            choice.save()
        else:
            Choice.objects.create(question=question, text=text, is_correct=correct, sort_order=index)
    Choice.objects.filter(pk__in=[c.pk for c in current[len(choices) :]]).delete()
