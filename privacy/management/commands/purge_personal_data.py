"""Carries out scheduled deletions whose grace period is over, then deletes the personal data nobody
needs any more (non-winners once their campaigns are past the retention date). With --every N it keeps
doing so every N seconds (the embedded default's periodic job; Celery beat schedules the same tasks)."""

import time

from django.core.management.base import BaseCommand

from privacy.services.deletion import run_due_deletions
from privacy.services.retention import purge_personal_data


class Command(BaseCommand):
    help = "Thực hiện các yêu cầu xoá đã đến hạn và xoá dữ liệu cá nhân đã hết thời hạn lưu trữ."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê, không xoá.")
        parser.add_argument("--every", type=float, default=0, help="Lặp lại mỗi N giây (0: chạy một lần).")

    def handle(self, *args, dry_run=False, every: float = 0, **options):
        while True:
            self._run_once(dry_run=dry_run)
            if not every or dry_run:
                return
            time.sleep(every)

    def _run_once(self, *, dry_run: bool) -> None:
        if not dry_run:
            self.stdout.write(f"Đã thực hiện {run_due_deletions()} yêu cầu xoá đến hạn.")
        items = purge_personal_data(dry_run=dry_run)
        verb = "Sẽ xoá" if dry_run else "Đã xoá"
        for item in items:
            self.stdout.write(f"{verb}: #{item.user_id} {item.email}")
        self.stdout.write(f"{verb} dữ liệu của {len(items)} thí sinh.")
