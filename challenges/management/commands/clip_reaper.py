import time

from django.core.management.base import BaseCommand

from challenges.services.processing import reap_stale_clip_jobs
from challenges.services.uploads import clean_abandoned_clip_uploads


class Command(BaseCommand):
    help = (
        "Re-queues clip processing jobs whose worker stopped beating and cleans abandoned clip uploads. "
        "With --every N it keeps doing so every N seconds (run beside media_reaper)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0, help="Repeat every N seconds (0: run once).")
        parser.add_argument(
            "--uploads-every",
            type=float,
            default=900,
            help="Clean abandoned clip uploads at most every N seconds when repeating (default 900).",
        )

    def handle(self, *args, every: float, uploads_every: float, **options):
        last_cleaned = None
        while True:
            requeued = reap_stale_clip_jobs()
            if requeued:
                self.stdout.write(f"re-queued clips: {', '.join(map(str, requeued))}")
            if last_cleaned is None or time.monotonic() - last_cleaned >= uploads_every:
                cleaned = clean_abandoned_clip_uploads()
                last_cleaned = time.monotonic()
                if cleaned:
                    self.stdout.write(f"abandoned clip uploads cleaned: {cleaned}")
            if not every:
                return
            time.sleep(every)
