"""Background jobs of the help channel: thin, they call a service. With Celery, beat runs them
(cms/celery.py); on the embedded default `make run` starts `manage.py helpline_escalate --every 60`."""

import logging
from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from helpline.services import escalate_overdue_reports, purge_closed_reports

logger = logging.getLogger(__name__)


@task()
def escalate_overdue_help_reports() -> list[int]:
    escalated = escalate_overdue_reports()
    if escalated:
        logger.warning("help reports escalated to the next officer: %s", escalated)
    return escalated


@task()
def purge_closed_help_reports() -> int:
    before = timezone.now() - timedelta(days=settings.HELPLINE_RETENTION_DAYS)
    return purge_closed_reports(closed_before=before)
