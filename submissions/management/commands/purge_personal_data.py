"""Deletes the personal data of non-winners once their campaigns are past the retention date."""

from django.core.management.base import BaseCommand

from submissions.services.retention import purge_personal_data


class Command(BaseCommand):
    help = "Xoá dữ liệu cá nhân của thí sinh không đạt giải sau ngày lưu trữ của chiến dịch."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê, không xoá.")

    def handle(self, *args, dry_run=False, **options):
        items = purge_personal_data(dry_run=dry_run)
        verb = "Sẽ xoá" if dry_run else "Đã xoá"
        for item in items:
            self.stdout.write(f"{verb}: #{item.user_id} {item.email} — {item.entries} bài, {item.files} tệp")
        self.stdout.write(f"{verb} dữ liệu của {len(items)} thí sinh.")
