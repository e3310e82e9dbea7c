"""Carries out scheduled deletions whose grace period is over, then deletes the personal data nobody
needs any more (non-winners once their campaigns are past the retention date)."""

from django.core.management.base import BaseCommand

from privacy.services.deletion import run_due_deletions
from privacy.services.retention import purge_personal_data


class Command(BaseCommand):
    help = "Xoá dữ liệu cá nhân của thí sinh không đạt giải sau ngày lưu trữ của chiến dịch."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê, không xoá.")

    def handle(self, *args, dry_run=False, **options):
        if not dry_run:
            self.stdout.write(f"Đã thực hiện {run_due_deletions()} yêu cầu xoá đến hạn.")
        items = purge_personal_data(dry_run=dry_run)
        verb = "Sẽ xoá" if dry_run else "Đã xoá"
        for item in items:
            self.stdout.write(f"{verb}: #{item.user_id} {item.email}")
        self.stdout.write(f"{verb} dữ liệu của {len(items)} thí sinh.")
