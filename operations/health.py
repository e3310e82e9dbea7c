"""Liveness and readiness (django-health-check): the checks that say whether this process can serve.

`/healthz` answers as long as the process runs (no dependency: a load balancer must not kill every web
process because the database blinked). `/readyz` checks what serving needs: the database, the cache, both
stores and the broker when Celery runs the tasks. `/readyz/workers` is for monitoring, not for the load
balancer: the media queue — how many jobs wait and how old the oldest is — so a stuck or missing worker
shows before pupils write in (a long queue at the deadline must not take web nodes out of service)."""

import dataclasses
import datetime

from django.conf import settings
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable

from submissions.enums import JobState


@dataclasses.dataclass
class MediaQueue(HealthCheck):
    """Media jobs waiting: unhealthy past `max_waiting` jobs or when the oldest waited `max_age_seconds`."""

    max_waiting: int = 500
    max_age_seconds: int = 900

    def run(self):
        from submissions.models import MediaJob

        now = timezone.now()
        waiting = MediaJob.objects.filter(state=JobState.QUEUED).exclude(run_after__gt=now)
        oldest = waiting.order_by("created_at").values_list("created_at", flat=True).first()
        if oldest is not None and (now - oldest).total_seconds() > self.max_age_seconds:
            raise ServiceUnavailable(f"oldest media job waited {int((now - oldest).total_seconds())} s")
        count = waiting.count()
        if count > self.max_waiting:
            raise ServiceUnavailable(f"{count} media jobs waiting")


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker answers (only when TASKS_BACKEND=celery)."""

    timeout: datetime.timedelta = dataclasses.field(default=datetime.timedelta(seconds=3), repr=False)

    def run(self):
        from cms.celery import app

        try:
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=3)
        except Exception as error:
            raise ServiceUnavailable("broker unreachable") from error


def readiness_checks() -> list:
    checks = [
        "health_check.checks.Database",
        "health_check.checks.Cache",
        ("health_check.checks.Storage", {"alias": "default"}),
        ("health_check.checks.Storage", {"alias": "private"}),
    ]
    if settings.TASKS_BACKEND == "celery":
        checks.append(Broker)
    return checks


def worker_checks() -> list:
    return [MediaQueue]
