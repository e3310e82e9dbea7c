"""Reads of the help channel. Nothing here is called for anyone but officers, except the reporter's own
report through its code and the anonymised counts."""

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.translation import get_language

from contest.enums import Role
from contest.models import User
from helpline.codes import code_digest, looks_like_code
from helpline.enums import URGENCY_ORDER, Concern, MessageKind, ReportState
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
