from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from helpline.services import purge_closed_reports


class Command(BaseCommand):
    help = "Deletes help reports closed more than HELPLINE_RETENTION_DAYS ago, with their screenshots."

    def handle(self, *args, **options):
        before = timezone.now() - timedelta(days=settings.HELPLINE_RETENTION_DAYS)
        self.stdout.write(f"deleted reports: {purge_closed_reports(closed_before=before)}")
