from django.core.management.base import BaseCommand

from helpline.services import rotate_encryption_keys


class Command(BaseCommand):
    help = (
        "Re-encrypts every help report, message and screenshot with the first key of HELPLINE_KEYS. "
        "Run it after putting a new key first; drop the old keys only once it has finished."
    )

    def handle(self, *args, **options):
        rows = rotate_encryption_keys()
        self.stdout.write(f"re-encrypted: {rows}")
