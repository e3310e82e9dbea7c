"""The one way the platform sends mail: queue_mail. Each recipient gets a message of their own (nobody sees
another's address), the subject is ours (one line, whatever text reaches it), and the message leaves
through the task queue once the transaction commits, so a mail server that fails or refuses never fails
the request or undoes what it saved."""

import logging
from collections.abc import Iterable

from django.db import transaction

from contest.tasks import deliver_mail

logger = logging.getLogger(__name__)


def one_line(text: str) -> str:
    """Header-safe: line breaks and other control characters collapse into single spaces."""
    return " ".join("".join(c if c.isprintable() else " " for c in str(text)).split())


def queue_mail(*, to: str | Iterable[str], subject: str, body: str) -> None:
    """Enqueues one delivery per distinct address, after commit (at once outside a transaction)."""
    addresses = [to] if isinstance(to, str) else list(to)
    recipients = sorted({a.strip() for a in addresses if a and a.strip() and one_line(a) == a.strip()})
    subject = one_line(subject)
    body = str(body)

    def enqueue() -> None:
        for address in recipients:
            try:
                deliver_mail.enqueue(to=address, subject=subject, body=body)
            except Exception:
                logger.exception("Could not queue mail %r to %s", subject, address)

    transaction.on_commit(enqueue)
