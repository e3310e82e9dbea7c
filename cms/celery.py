"""The Celery app for scale-out (TASKS_BACKEND=celery): `celery -A cms worker -Q default,media`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

app = Celery("khongmotminh")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["submissions", "judging", "helpline"])
app.conf.beat_schedule = {
    "reap-stale-media-jobs": {"task": "submissions.tasks.reap_media_jobs", "schedule": 30.0},
    "escalate-help-reports": {"task": "helpline.tasks.escalate_overdue_help_reports", "schedule": 60.0},
    "purge-help-reports": {"task": "helpline.tasks.purge_closed_help_reports", "schedule": 24 * 3600.0},
}
