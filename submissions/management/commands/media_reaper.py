import time

from django.core.management.base import BaseCommand

from submissions.services.processing import reap_stale_jobs


class Command(BaseCommand):
    help = (
        "Re-queues media jobs whose worker stopped beating. With --every N it keeps doing so every N seconds."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0, help="Repeat every N seconds (0: run once).")

    def handle(self, *args, every: float, **options):
        while True:
            requeued = reap_stale_jobs()
            if requeued:
                self.stdout.write(f"re-queued assets: {', '.join(map(str, requeued))}")
            if not every:
                return
            time.sleep(every)
