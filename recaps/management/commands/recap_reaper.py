import time

from django.core.management.base import BaseCommand

from recaps.services import reap_stale_renders


class Command(BaseCommand):
    help = (
        "Queues again the recap renders whose worker stopped beating. With --every N it keeps doing so every "
        "N seconds (run beside media_reaper; under Celery, beat runs recaps.tasks.reap_recap_renders)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0, help="Repeat every N seconds (0: run once).")

    def handle(self, *args, every: float, **options):
        while True:
            requeued = reap_stale_renders()
            if requeued:
                self.stdout.write(f"re-queued recaps: {', '.join(map(str, requeued))}")
            if not every:
                return
            time.sleep(every)
