"""Background jobs of the privacy app: thin, they call a service."""

import logging

from django.tasks import task

from privacy.services.deletion import run_due_deletions
from privacy.services.retention import purge_personal_data

logger = logging.getLogger(__name__)


@task
def purge_expired_personal_data() -> int:
    items = purge_personal_data()
    logger.info("Retention purge removed the personal data of %d people", len(items))
    return len(items)


@task
def carry_out_due_deletions() -> int:
    done = run_due_deletions()
    logger.info("Carried out %d scheduled deletions", done)
    return done
