"""The Celery app for scale-out (TASKS_BACKEND=celery): `celery -A cms worker -Q default,media`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

app = Celery("khongmotminh")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(
    ["contest", "privacy", "submissions", "judging", "helpline", "challenges", "recaps", "voting"]
)
app.conf.beat_schedule = {
    "reap-stale-media-jobs": {"task": "submissions.tasks.reap_media_jobs", "schedule": 30.0},
    "carry-out-due-deletions": {"task": "privacy.tasks.carry_out_due_deletions", "schedule": 3600.0},
    "purge-expired-personal-data": {"task": "privacy.tasks.purge_expired_personal_data", "schedule": 86400.0},
    "clean-abandoned-uploads": {"task": "submissions.tasks.clean_uploads", "schedule": 900.0},
    "escalate-help-reports": {"task": "helpline.tasks.escalate_overdue_help_reports", "schedule": 60.0},
    "reap-stale-clip-jobs": {"task": "challenges.tasks.reap_clip_jobs", "schedule": 30.0},
    "clean-abandoned-clip-uploads": {"task": "challenges.tasks.clean_clip_uploads", "schedule": 900.0},
    "reap-stale-recap-renders": {"task": "recaps.tasks.reap_recap_renders", "schedule": 60.0},
    "purge-help-reports": {"task": "helpline.tasks.purge_closed_help_reports", "schedule": 24 * 3600.0},
    "clear-old-vote-traces": {"task": "voting.tasks.clear_old_vote_traces", "schedule": 24 * 3600.0},
}
