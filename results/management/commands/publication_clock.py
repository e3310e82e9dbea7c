import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from results.services.takedown import retry_due_purges


class Command(BaseCommand):
    help = (
        "Publishes the pages whose approved go-live time has come (Wagtail's publish_scheduled: results "
        "pages at the ceremony) and retries CDN purges that failed. With --every N it keeps doing so every "
        "N seconds (as `make run` starts it)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0, help="Repeat every N seconds (0: run once).")

    def handle(self, *args, every: float, **options):
        while True:
            call_command("publish_scheduled", verbosity=0)
            purged = retry_due_purges()
            if purged:
                self.stdout.write(f"purges confirmed: {purged}")
            if not every:
                return
            time.sleep(every)
