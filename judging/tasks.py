"""Background jobs of judging: they take ids, load, send, log."""

import logging

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db.models import Count, Q
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from contest.mail import queue_mail
from contest.models import User
from judging.enums import SheetState
from judging.models import Round
from judging.selectors import active_assignments

logger = logging.getLogger(__name__)


@task
def send_judge_reminder(*, round_id: int, judge_id: int) -> None:
    """E-mails one judge how many sheets of the round are still waiting, with a link to their queue."""
    round_ = Round.objects.select_related("panel__contest", "contest").get(pk=round_id)
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


@task
def send_judge_invitation(*, user_id: int) -> None:
    """E-mails an invited judge a link to set their password (valid as long as Django's reset tokens)."""
    user = User.objects.get(pk=user_id)
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse(
            "judging:set_password",
            args=[urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)],
        )
        context = {"user": user, "url": settings.SITE_URL.rstrip("/") + path}
        subject = render_to_string("judging/email/invitation_subject.txt", context).strip()
        body = render_to_string("judging/email/invitation.txt", context)
    queue_mail(to=user.email, subject=subject, body=body)
    logger.info("Invitation sent to judge %s", user_id)
