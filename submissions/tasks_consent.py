"""The scheduled retention job (run daily by the worker's scheduler or cron)."""

import logging

from django.tasks import task

from submissions.services.retention import purge_personal_data

logger = logging.getLogger(__name__)


@task
def purge_expired_personal_data() -> int:
    items = purge_personal_data()
    logger.info("Retention purge removed the personal data of %d entrants", len(items))
    return len(items)
