"""Background jobs of the contest app: mail delivery, retried with a growing delay."""

import logging
from datetime import timedelta

from django.core.mail import EmailMessage
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)

MAIL_ATTEMPTS = 5


def retry_delay(attempt: int) -> timedelta:
    """1, 4, 16, 64 minutes after the first, second, third, fourth failure."""
    return timedelta(minutes=4 ** (attempt - 1))


@task
def deliver_mail(*, to: str, subject: str, body: str, attempt: int = 1) -> bool:
    """Sends one message to one address. A failure (server down, refused) is logged and retried later, up
    to MAIL_ATTEMPTS times; it never reaches the request that asked for the mail."""
    try:
        EmailMessage(subject=subject, body=body, to=[to]).send()
    except Exception:
        if attempt >= MAIL_ATTEMPTS:
            logger.exception("Mail %r to %s failed %d times; giving up", subject, to, attempt)
            return False
        logger.warning("Mail %r to %s failed (attempt %d); retrying", subject, to, attempt, exc_info=True)
        retry = deliver_mail
        if deliver_mail.get_backend().supports_defer:
            retry = deliver_mail.using(run_after=timezone.now() + retry_delay(attempt))
        retry.enqueue(to=to, subject=subject, body=body, attempt=attempt + 1)
        return False
    return True
