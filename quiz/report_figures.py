"""The quiz's figures in the campaign report (section "Hoạt động khác của chiến dịch"): attempts, ranked and
practice, in total, per month and per school. Counts of attempts only, never who made them."""

from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from quiz.enums import AttemptMode
from quiz.models import Attempt
from reports.registry import Section, register_figure

RANKED = Q(mode=AttemptMode.RANKED)
PRACTICE = Q(mode=AttemptMode.PRACTICE)


def _attempts(since, until):
    attempts = Attempt.objects.all()
    if since is not None:
        attempts = attempts.filter(local_day__gte=since)
    if until is not None:
        attempts = attempts.filter(local_day__lte=until)
    return attempts


def _columns(first) -> list[str]:
    return [str(first), str(_("Tính điểm")), str(_("Luyện tập"))]


def attempts_ranked(campaign, since, until) -> int:
    return _attempts(since, until).filter(RANKED).count()


def attempts_practice(campaign, since, until) -> int:
    return _attempts(since, until).filter(PRACTICE).count()


def attempts_by_month(campaign, since, until) -> dict:
    rows = (
        _attempts(since, until)
        .annotate(month=TruncMonth("local_day"))
        .values("month")
        .annotate(ranked=Count("pk", filter=RANKED), practice=Count("pk", filter=PRACTICE))
        .order_by("month")
    )
    return {
        "columns": _columns(_("Tháng")),
        "rows": [[f"{row['month']:%m/%Y}", row["ranked"], row["practice"]] for row in rows],
    }


def attempts_by_school(campaign, since, until) -> dict:
    """Attempts by accounts of a school (confirmed pupils, its teachers); the rest under "Chưa rõ trường"."""
    rows = (
        _attempts(since, until)
        .values("school__name")
        .annotate(ranked=Count("pk", filter=RANKED), practice=Count("pk", filter=PRACTICE))
        .order_by(F("school__name").asc(nulls_last=True))
    )
    return {
        "columns": _columns(_("Trường")),
        "rows": [
            [row["school__name"] or str(_("Chưa rõ trường")), row["ranked"], row["practice"]] for row in rows
        ],
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
