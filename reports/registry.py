"""The registry of figures in the campaign report ("Tổng kết"). Apps plug their counts in here, so the
report, the dashboard and the exports never import every app. A figure is

    register_figure(key="entries", label=_("Bài dự thi"), section=Section.ENTRIES, compute=fn)

where `fn(campaign, since, until)` returns an int (one number) or a table:
`{"columns": [...], "rows": [[...], ...]}` (first column the row label, then numbers or "< 5").
`chart="bar" | "line" | "stacked"` asks the dashboard and the exports to draw it.

An app added later (challenge clips, frames...) that exposes `<app>.selectors.report_counts()` is wired in
at merge in reports/figures.py with one register_figure call that adapts it; nothing else changes.
"""

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Section(models.TextChoices):
    PARTICIPATION = "participation", _("Trường tham gia")
    ENTRIES = "entries", _("Bài dự thi")
    CONSENT = "consent", _("Sự đồng ý")
    ACTIVITIES = "activities", _("Hoạt động tuyên truyền của các trường")
    HELPLINE = "helpline", _("Kênh trợ giúp (số liệu ẩn danh)")
    CAMPAIGN = "campaign", _("Hoạt động khác của chiến dịch")
    ANNEX = "annex", _("Phụ lục")


@dataclass(frozen=True)
class Figure:
    key: str
    label: Any
    section: str
    compute: Callable[..., int | dict]
    chart: str = ""
    order: int = 100
    note: Any = ""


_FIGURES: dict[str, Figure] = {}
# Reads shared by several figures are made once per computation of the whole report.
_MEMO: ContextVar[dict | None] = ContextVar("reports_memo", default=None)


def memoised(key, read):
    memo = _MEMO.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


def register_figure(
    *, key: str, label, section: str, compute, chart: str = "", order: int = 100, note=""
) -> Figure:
    if key in _FIGURES:
        raise ValueError(f"the figure {key!r} is already registered")
    figure = Figure(
        key=key, label=label, section=section, compute=compute, chart=chart, order=order, note=note
    )
    _FIGURES[key] = figure
    return figure


def registered_figures() -> list[Figure]:
    sections = list(Section.values)
    return sorted(
        _FIGURES.values(),
        key=lambda f: (sections.index(f.section) if f.section in sections else len(sections), f.order, f.key),
    )


def is_table(value) -> bool:
    return isinstance(value, dict) and "columns" in value and "rows" in value


def compute_figures(*, campaign, since: date | None = None, until: date | None = None) -> list[dict]:
    """Every registered figure computed once: [{key, label, section, section_label, chart, value}]."""
    labels = dict(Section.choices)
    computed = []
    token = _MEMO.set({})
    try:
        values = [(figure, figure.compute(campaign, since, until)) for figure in registered_figures()]
    finally:
        _MEMO.reset(token)
    for figure, value in values:
        computed.append(
            {
                "key": figure.key,
                "label": str(figure.label),
                "section": figure.section,
                "section_label": str(labels.get(figure.section, figure.section)),
                "chart": figure.chart,
                "note": str(figure.note) if figure.note else "",
                "value": value,
                "is_table": is_table(value),
            }
        )
    return computed
