"""Reads of the help channel. Nothing here is called for anyone but officers, except the reporter's own
report through its code and the anonymised counts."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from contest.enums import Role
from contest.models import User
from helpline.codes import code_digest, looks_like_code
from helpline.enums import URGENCY_ORDER, Concern, MessageKind, Outcome, ReportState, Urgency
from helpline.guidance import DEFAULT_GUIDANCE
from helpline.models import HelpGuidance, Report, ReportMessage
from helpline.rules import POLICE_GROUP

# Fewer reports than this in a cell of the campaign report are shown as "fewer than 5".
SMALL_CELL = 5


def officers() -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(role=Role.ORGANISER, is_safeguarding_officer=True)
            | Q(is_superuser=True, is_safeguarding_officer=True)
            | Q(groups__name=POLICE_GROUP)
        )
        .distinct()
        .order_by("pk")
    )


def report_by_code(code: str) -> Report | None:
    if not looks_like_code(code):
        return None
    return Report.objects.filter(code_digest=code_digest(code)).first()


def messages_for_reporter(report: Report) -> list[ReportMessage]:
    return list(report.messages.filter(kind__in=[MessageKind.REPLY, MessageKind.FOLLOW_UP]))


def officer_queue(*, include_closed: bool = False) -> list[Report]:
    """Open reports, most urgent first, then the ones due soonest."""
    reports = Report.objects.select_related("assigned_to").annotate(evidence_count=Count("evidence"))
    if not include_closed:
        reports = reports.exclude(state=ReportState.CLOSED)
    return sorted(reports, key=lambda r: (r.state == ReportState.CLOSED, URGENCY_ORDER[r.urgency], r.due_at))


def report_for_officer(pk: int) -> Report | None:
    return (
        Report.objects.select_related("assigned_to")
        .prefetch_related("evidence", "messages__author", "audit__actor")
        .filter(pk=pk)
        .first()
    )


def guidance_for(concerns) -> list[tuple[str, str, list]]:
    """(title, rich text or "", paragraphs) for every concern chosen, general advice first. Organisers'
    snippets in the current language win; where none exist for a concern, the built-in text is used."""
    wanted = ["", *[c for c in Concern.values if c in set(concerns)]]
    language = get_language() or settings.LANGUAGE_CODE
    snippets = list(HelpGuidance.objects.filter(locale__language_code=language, concern__in=wanted))
    edited = {snippet.concern for snippet in snippets}
    pieces = [(snippet.concern, snippet.title, snippet.body, []) for snippet in snippets]
    pieces += [
        (concern, str(title), "", [str(p) for p in paragraphs])
        for concern, title, paragraphs in DEFAULT_GUIDANCE
        if concern in wanted and concern not in edited
    ]
    pieces.sort(key=lambda piece: wanted.index(piece[0]))
    return [(title, body, paragraphs) for _concern, title, body, paragraphs in pieces]


def anonymised_counts() -> list[dict]:
    """Reports per month for the campaign report, misuse left out, and a month with fewer than five shown
    as "<5" so that nobody can be recognised from it."""
    rows = (
        Report.objects.exclude(outcome="misuse")
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(total=Count("pk"))
        .order_by("month")
    )
    return [
        {"month": row["month"], "total": row["total"] if row["total"] >= SMALL_CELL else f"<{SMALL_CELL}"}
        for row in rows
    ]


SMALL_LABEL = f"< {SMALL_CELL}"
# A cell hidden only so that a suppressed neighbour cannot be worked out from the row's total.
HIDDEN_LABEL = "x"


def suppress_row(cells: list[int], *, total: int) -> list:
    """Counts as the campaign report shows them: 1–4 as "< 5"; a whole month of fewer than five reports
    as "< 5" in every cell; and when exactly one cell is hidden, the next smallest is hidden too, so that
    the month's total minus the others does not give it away."""
    if 0 < total < SMALL_CELL:
        return [SMALL_LABEL for _cell in cells]
    shown: list = [cell if cell == 0 or cell >= SMALL_CELL else SMALL_LABEL for cell in cells]
    hidden = [i for i, cell in enumerate(cells) if 0 < cell < SMALL_CELL]
    if len(hidden) == 1:
        others = sorted((cell, i) for i, cell in enumerate(cells) if cell >= SMALL_CELL)
        if others:
            shown[others[0][1]] = HIDDEN_LABEL
    return shown


def _month_starts(since: date, until: date) -> list[date]:
    months, month = [], since.replace(day=1)
    while month <= until:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def anonymised_breakdown(*, since: date, until: date) -> dict:
    """Reports per complete month from `since` to `until` (misuse left out), by concern, urgency and
    outcome, each row suppressed by `suppress_row`. The month under way is never counted: a count that
    grows while an organiser watches would tell them that one report just arrived.

    Returns {"months": [date], "total": [cell], "concern"|"urgency"|"outcome": {"columns": [label],
    "rows": [[cell]]}}; one query, whatever the number of reports."""
    this_month = timezone.localdate().replace(day=1)
    last_month = this_month - timedelta(days=1)
    months = _month_starts(since, min(until, last_month)) if since <= last_month else []
    if not months:
        return {"months": [], "total": [], **{d: {"columns": [], "rows": []} for d in _DIMENSIONS}}
    start = timezone.make_aware(datetime.combine(months[0], time.min))
    end = timezone.make_aware(datetime.combine((months[-1] + timedelta(days=32)).replace(day=1), time.min))
    rows = (
        Report.objects.exclude(outcome=Outcome.MISUSE)
        .filter(created_at__gte=start, created_at__lt=end)
        .values_list("created_at", "concerns", "urgency", "outcome")
    )
    totals: dict[date, int] = dict.fromkeys(months, 0)
    counts = {d: {m: dict.fromkeys(values, 0) for m in months} for d, (values, _l) in _DIMENSIONS.items()}
    for created_at, concerns, urgency, outcome in rows:
        month = timezone.localdate(created_at).replace(day=1)
        totals[month] += 1
        for concern in set(concerns or []) & set(Concern.values):
            counts["concern"][month][concern] += 1
        counts["urgency"][month][urgency] = counts["urgency"][month].get(urgency, 0) + 1
        counts["outcome"][month][outcome] = counts["outcome"][month].get(outcome, 0) + 1
    result: dict = {
        "months": months,
        "total": [suppress_row([totals[m]], total=totals[m])[0] for m in months],
    }
    for dimension, (values, labels) in _DIMENSIONS.items():
        result[dimension] = {
            "columns": [str(label) for label in labels],
            "rows": [
                suppress_row([counts[dimension][m][v] for v in values], total=totals[m]) for m in months
            ],
        }
    return result


_OPEN = ""
_DIMENSIONS = {
    "concern": (list(Concern.values), list(Concern.labels)),
    "urgency": (list(Urgency.values), list(Urgency.labels)),
    "outcome": (
        [v for v in Outcome.values if v != Outcome.MISUSE] + [_OPEN],
        [label for v, label in Outcome.choices if v != Outcome.MISUSE] + [_("Chưa đóng")],
    ),
}
