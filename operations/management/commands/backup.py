from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from operations.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the database and every stored file (private and public) into a new folder, with a manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--to",
            default="",
            help="the folder to write (new or empty); default var/backups/<date-time>",
        )

    def handle(self, *args, **options):
        from django.conf import settings

        target = Path(
            options["to"] or settings.VAR_DIR / "backups" / timezone.now().strftime("%Y%m%d-%H%M%S")
        )
        try:
            manifest = create_backup(target=target, progress=lambda m: self.stdout.write(f"  {m}"))
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"backup written to {target}: {rows} rows, {len(manifest['files'])} files")
