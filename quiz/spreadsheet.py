"""The question bank as a spreadsheet: one question per row (key, kind, text, up to six choices, the right
choices' numbers, explanation, tags, difficulty, active). Reading reuses the schools import's safe reader
(reports.onboarding: size, archive and XML checks before openpyxl); nothing here writes to the database."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from contest.spreadsheets import import_cell
from contest.validators import CleanTextValidator
from quiz.enums import Difficulty, QuestionKind
from quiz.models.bank import KEY_PATTERN
from quiz.services.bank import MAX_CHOICES, QuestionData, choice_errors
from reports.onboarding import ImportFileError, fold, read_table

__all__ = ["HEADERS", "ImportFileError", "QuestionRow", "export_rows", "parse_table", "read_table"]

CHOICE_COLUMNS = [f"Lựa chọn {n}" for n in range(1, MAX_CHOICES + 1)]
HEADERS = [
    "Mã câu hỏi",
    "Loại",
    "Câu hỏi",
    *CHOICE_COLUMNS,
    "Đáp án đúng",
    "Giải thích",
    "Chủ đề",
    "Độ khó",
    "Đang dùng",
]
KIND_LABELS = {
    QuestionKind.SINGLE: "Một đáp án",
    QuestionKind.MULTIPLE: "Nhiều đáp án",
    QuestionKind.TRUE_FALSE: "Đúng/Sai",
}
KINDS = {fold(label): kind for kind, label in KIND_LABELS.items()} | {
    kind.value: kind for kind in QuestionKind
}
DIFFICULTY_LABELS = {Difficulty.EASY: "Dễ", Difficulty.MEDIUM: "Vừa", Difficulty.HARD: "Khó"}
DIFFICULTIES = {fold(label): d for d, label in DIFFICULTY_LABELS.items()} | {d.value: d for d in Difficulty}
YES = {"co", "x", "1", "true", "yes", ""}
NO = {"khong", "0", "false", "no"}
LIMITS = {"text": 1000, "explanation": 2000, "choice": 300, "tag": 60}
_single_line = CleanTextValidator(multiline=False)
_multi_line = CleanTextValidator(multiline=True)


@dataclass
class QuestionRow:
    line: int
    key: str = ""
    text: str = ""
    data: QuestionData | None = None
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "line": self.line,
            "key": self.key,
            "text": self.text,
            "data": self.data.as_dict() if self.data else None,
            "errors": self.errors,
        }

    @classmethod
    def from_dict(cls, stored: dict) -> QuestionRow:
        data = QuestionData.from_dict(stored["data"]) if stored.get("data") else None
        return cls(stored["line"], stored["key"], stored["text"], data, list(stored["errors"]))


def export_rows(questions) -> list[list[str]]:
    """Every cell as text (contest.spreadsheets writes them as strings)."""
    rows = []
    for question in questions:
        choices = list(question.choices.all())
        texts = [c.text for c in choices] + [""] * (MAX_CHOICES - len(choices))
        right = ",".join(str(i) for i, c in enumerate(choices, start=1) if c.is_correct)
        rows.append(
            [
                question.key,
                KIND_LABELS[question.kind],
                question.text,
                *texts[:MAX_CHOICES],
                right,
                question.explanation,
                ", ".join(sorted(t.name for t in question.tags.all())),
                DIFFICULTY_LABELS[question.difficulty],
                "Có" if question.is_active else "Không",
            ]
        )
    return rows


COLUMN_KEYS = {fold(h): h for h in HEADERS}


def parse_table(table: list[list[str]]) -> list[QuestionRow]:
    if not table:
        raise ImportFileError(_("Tệp không có dòng nào."))
    header = [COLUMN_KEYS.get(fold(cell)) for cell in table[0]]
    missing = [h for h in ("Mã câu hỏi", "Loại", "Câu hỏi", "Đáp án đúng") if h not in header]
    if missing:
        raise ImportFileError(
            _("Thiếu cột: %(columns)s. Hãy dùng tệp xuất từ ngân hàng câu hỏi làm mẫu.")
            % {"columns": ", ".join(missing)}
        )
    rows, seen = [], {}
    for line, cells in enumerate(table[1:], start=2):
        if not any(str(c).strip() for c in cells):
            continue
        values = {name: import_cell(cell) for name, cell in zip(header, cells, strict=False) if name}
        row = _parse_row(line, values)
        if row.key and row.key in seen:
            row.errors.append(_("Mã câu hỏi trùng với dòng %(line)d.") % {"line": seen[row.key]})
            row.data = None
        seen.setdefault(row.key, line)
        rows.append(row)
    return rows


def _check_text(value: str, limit: int, label: str, errors: list[str], *, multiline: bool = False) -> str:
    try:
        (_multi_line if multiline else _single_line)(value)
    except ValidationError as error:
        errors.append(f"{label}: {error.messages[0]}")
    if len(value) > limit:
        errors.append(_("%(label)s dài quá %(n)d ký tự.") % {"label": label, "n": limit})
    return value


def _parse_row(line: int, values: dict[str, str]) -> QuestionRow:
    errors: list[str] = []
    key = values.get("Mã câu hỏi", "")
    text = values.get("Câu hỏi", "")
    row = QuestionRow(line=line, key=key, text=text[:120], errors=errors)
    if not key:
        errors.append(_("Thiếu mã câu hỏi."))
    elif not re.match(KEY_PATTERN, key):
        errors.append(_("Mã câu hỏi chỉ gồm chữ không dấu, số, '-' và '_' (tối đa 40 ký tự)."))
    kind = KINDS.get(fold(values.get("Loại", "")))
    if kind is None:
        errors.append(_("Loại câu hỏi phải là “Một đáp án”, “Nhiều đáp án” hoặc “Đúng/Sai”."))
    if not text:
        errors.append(_("Thiếu nội dung câu hỏi."))
    _check_text(text, LIMITS["text"], _("Câu hỏi"), errors, multiline=True)
    explanation = _check_text(
        values.get("Giải thích", ""), LIMITS["explanation"], _("Giải thích"), errors, multiline=True
    )
    texts = [values.get(column, "") for column in CHOICE_COLUMNS]
    for column, value in zip(CHOICE_COLUMNS, texts, strict=True):
        _check_text(value, LIMITS["choice"], column, errors)
    numbers = [n.strip() for n in re.split(r"[,;\s]+", values.get("Đáp án đúng", "")) if n.strip()]
    if not numbers or not all(n.isdigit() for n in numbers):
        errors.append(_("“Đáp án đúng” phải là số thứ tự lựa chọn, ví dụ 2 hoặc 1,3."))
        right = set()
    else:
        right = {int(n) for n in numbers}
    filled = [(i, t) for i, t in enumerate(texts, start=1) if t]
    if any(i not in dict(filled) for i in right):
        errors.append(_("“Đáp án đúng” chỉ tới một lựa chọn còn trống."))
    choices = [(t, i in right) for i, t in filled]
    if kind is not None and not errors:
        errors.extend(choice_errors(kind, choices))
    tags = []
    for name in (t.strip() for t in values.get("Chủ đề", "").split(",")):
        if name:
            tags.append(_check_text(name, LIMITS["tag"], _("Chủ đề"), errors))
    difficulty = DIFFICULTIES.get(fold(values.get("Độ khó", "")) or "vua")
    if difficulty is None:
        errors.append(_("Độ khó phải là Dễ, Vừa hoặc Khó."))
    active_text = fold(values.get("Đang dùng", ""))
    if active_text not in YES | NO:
        errors.append(_("“Đang dùng” phải là Có hoặc Không."))
    if not errors:
        row.data = QuestionData(
            key=key,
            kind=kind,
            text=text,
            choices=choices,
            explanation=explanation,
            tags=sorted(set(tags)),
            difficulty=difficulty,
            is_active=active_text in YES,
        )
    return row
