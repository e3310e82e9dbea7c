import time

from django.core.management.base import BaseCommand

from helpline.services import escalate_overdue_reports


class Command(BaseCommand):
    help = (
        "Hands help reports nobody picked up in time to the next officer and e-mails them. "
        "With --every N it keeps doing so every N seconds (as `make run` starts it)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0, help="Repeat every N seconds (0: run once).")

    def handle(self, *args, every: float, **options):
        while True:
            escalated = escalate_overdue_reports()
            if escalated:
                self.stdout.write(f"escalated reports: {', '.join(map(str, escalated))}")
            if not every:
                return
            time.sleep(every)
