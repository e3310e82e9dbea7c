"""Background jobs of judging: they take ids, load, send, log."""

import logging

from django.conf import settings
from django.db.models import Count, Q
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from contest.mail import queue_mail
from contest.models import User
from judging.enums import SheetState
from judging.models import Round
from judging.selectors import active_assignments

logger = logging.getLogger(__name__)


@task
def send_judge_reminder(*, round_id: int, judge_id: int) -> None:
    """E-mails one judge how many sheets of the round are still waiting, with a link to their queue."""
    round_ = Round.objects.select_related("panel__contest").get(pk=round_id)
    judge = User.objects.get(pk=judge_id)
    counts = (
        active_assignments(round_=round_)
        .filter(judge=judge)
        .aggregate(assigned=Count("id"), submitted=Count("id", filter=Q(sheet__state=SheetState.SUBMITTED)))
    )
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "judge": judge,
            "round": round_,
            "left": counts["assigned"] - counts["submitted"],
            "assigned": counts["assigned"],
            "url": settings.SITE_URL.rstrip("/") + reverse("judging:queue", args=[round_.pk]),
        }
        subject = render_to_string("judging/email/reminder_subject.txt", context).strip()
        body = render_to_string("judging/email/reminder.txt", context)
    queue_mail(to=judge.email, subject=subject, body=body)
    logger.info("Reminder sent for round %s to judge %s", round_id, judge_id)
