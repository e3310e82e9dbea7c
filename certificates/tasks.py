"""Background jobs of certificates: thin, they take ids and call a service."""

import logging

from django.db import transaction
from django.tasks import task

from certificates.services import issue_certificates
from contest.models import User
from results.models import ContestResult

logger = logging.getLogger(__name__)


@task()
def issue_certificates_for_result(*, result_id: int, actor_id: int | None = None) -> dict[str, int]:
    """Issues (idempotently) the certificates of a published result."""
    result = ContestResult.objects.get(pk=result_id)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    counts = issue_certificates(result=result, actor=actor)
    logger.info("certificates of result %s: %s", result_id, counts)
    return counts


def queue_certificate_issue(*, result, actor=None) -> None:
    """For the publication service: issue the certificates once the publishing transaction commits."""
    actor_id = getattr(actor, "pk", None)
    transaction.on_commit(
        lambda: issue_certificates_for_result.enqueue(result_id=result.pk, actor_id=actor_id)
    )
