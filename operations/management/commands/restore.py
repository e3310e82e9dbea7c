from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, restore_backup, verify_backup


class Command(BaseCommand):
    help = "Verify a backup's checksums, then replace the database and every stored file with it."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, help="the backup folder")
        parser.add_argument("--verify-only", action="store_true", help="check the checksums and stop")
        parser.add_argument("--yes", action="store_true", help="do not ask before replacing everything")

    def handle(self, *args, **options):
        source = Path(options["source"])
        try:
            if options["verify_only"]:
                manifest = verify_backup(source=source)
                self.stdout.write(f"backup {source} is whole: {len(manifest['files'])} files verified")
                return
            if not options["yes"] and input("Replace the database and all files? [y/N] ").lower() != "y":
                raise CommandError("cancelled")
            manifest = restore_backup(source=source, progress=lambda m: self.stdout.write(f"  {m}"))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"restored {source}: {sum(manifest['rows'].values())} rows, row counts match")
