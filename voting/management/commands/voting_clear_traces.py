"""Clears the address and device hashes of votes whose contest's vote closed long ago. With --every N it
keeps doing so every N seconds (the embedded default's periodic job; Celery beat schedules the same task)."""

import time

from django.core.management.base import BaseCommand

from voting.services.traces import TRACE_DAYS, clear_vote_traces


class Command(BaseCommand):
    help = f"Clears vote traces (address and device hashes) {TRACE_DAYS} days after a vote closed."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0, help="Lặp lại mỗi N giây (0: chạy một lần).")

    def handle(self, *args, every: float = 0, **options):
        while True:
            self.stdout.write(f"{clear_vote_traces()} votes cleared")
            if not every:
                return
            time.sleep(every)
