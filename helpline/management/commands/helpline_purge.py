"""Deletes help reports closed more than HELPLINE_RETENTION_DAYS ago, with their screenshots. With --every N
it keeps doing so every N seconds (the embedded default's periodic job; Celery beat schedules the same task)."""

import time
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from helpline.services import purge_closed_reports


class Command(BaseCommand):
    help = "Deletes help reports closed more than HELPLINE_RETENTION_DAYS ago, with their screenshots."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0, help="Lặp lại mỗi N giây (0: chạy một lần).")

    def handle(self, *args, every: float = 0, **options):
        while True:
            before = timezone.now() - timedelta(days=settings.HELPLINE_RETENTION_DAYS)
            self.stdout.write(f"deleted reports: {purge_closed_reports(closed_before=before)}")
            if not every:
                return
            time.sleep(every)
