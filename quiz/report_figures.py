"""The quiz's figures in the campaign report (section "Hoạt động khác của chiến dịch"): attempts, ranked and
practice, in total, per month and per school. Counts of attempts only, never who made them."""

from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from quiz.enums import AttemptMode
from quiz.models import Attempt
from reports.registry import Section, memoised, register_figure

RANKED = Q(mode=AttemptMode.RANKED)
PRACTICE = Q(mode=AttemptMode.PRACTICE)


def _counts(since, until) -> list[dict]:
    """Attempts per month, school and mode in one query, shared by the four figures of one report."""

    def read():
        attempts = Attempt.objects.all()
        if since is not None:
            attempts = attempts.filter(local_day__gte=since)
        if until is not None:
            attempts = attempts.filter(local_day__lte=until)
        return list(
            attempts.annotate(month=TruncMonth("local_day"))
            .values("month", "school__name")
            .annotate(ranked=Count("pk", filter=RANKED), practice=Count("pk", filter=PRACTICE))
            .order_by("month", F("school__name").asc(nulls_last=True))
        )

    return memoised(("quiz_attempts", since, until), read)


def _columns(first) -> list[str]:
    return [str(first), str(_("Tính điểm")), str(_("Luyện tập"))]


def attempts_ranked(campaign, since, until) -> int:
    return sum(row["ranked"] for row in _counts(since, until))


def attempts_practice(campaign, since, until) -> int:
    return sum(row["practice"] for row in _counts(since, until))


def _grouped(rows, label) -> list[list]:
    grouped: dict[str, list[int]] = {}
    for row in rows:
        totals = grouped.setdefault(label(row), [0, 0])
        totals[0] += row["ranked"]
        totals[1] += row["practice"]
    return [[name, ranked, practice] for name, (ranked, practice) in grouped.items()]


def attempts_by_month(campaign, since, until) -> dict:
    rows = _grouped(_counts(since, until), lambda row: f"{row['month']:%m/%Y}")
    return {"columns": _columns(_("Tháng")), "rows": rows}


def attempts_by_school(campaign, since, until) -> dict:
    """Attempts by accounts of a school (confirmed pupils, its teachers); the rest under "Chưa rõ trường"."""
    unknown = str(_("Chưa rõ trường"))
    rows = sorted(
        _counts(since, until), key=lambda row: (row["school__name"] is None, row["school__name"] or "")
    )
    return {
        "columns": _columns(_("Trường")),
        "rows": _grouped(rows, lambda row: row["school__name"] or unknown),
    }


register_figure(
    key="quiz_attempts_ranked",
    label=_("Lượt đố vui tính điểm"),
    section=Section.CAMPAIGN,
    compute=attempts_ranked,
    order=60,
)
register_figure(
    key="quiz_attempts_practice",
    label=_("Lượt đố vui luyện tập"),
    section=Section.CAMPAIGN,
    compute=attempts_practice,
    order=61,
)
register_figure(
    key="quiz_attempts_by_month",
    label=_("Lượt đố vui theo tháng"),
    section=Section.CAMPAIGN,
    compute=attempts_by_month,
    chart="stacked",
    order=62,
)
register_figure(
    key="quiz_attempts_by_school",
    label=_("Lượt đố vui theo trường"),
    section=Section.CAMPAIGN,
    compute=attempts_by_school,
    order=63,
)
